// Test helper: seeded random arguments for a decision, drawn near the literals its program uses
// (so rows sit on their edges), with now and then a record field left out.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "docket/core/ir.hpp"

namespace docket::testing {

class RandomInputs {
 public:
  RandomInputs(const ir::Module& module, std::uint64_t seed) : rng_(seed) {
    for (const ir::Decision& d : module.decisions) collect(d);
  }

  std::vector<Value> args(const ir::Decision& d) {
    std::vector<Value> out;
    for (const ir::Param& p : d.params) out.push_back(value(p.type, 0));
    return out;
  }

  // One value of `type` (records may miss fields, as arguments do).
  Value any(const Type& type) { return value(type, 0); }

  // Probability (per mille) that a record field is left out.
  unsigned missing_per_mille = 15;

 private:
  void collect(const ir::Decision& d) {
    for (const ir::Rule& r : d.rules) {
      walk(r.condition.get());
      walk(r.result.get());
    }
    walk(d.otherwise.get());
    for (const ir::InputColumn& c : d.columns) walk(c.expr.get());
    for (const ir::TableRow& row : d.rows) {
      for (const ir::Cell& cell : row.inputs) {
        for (const ir::ExprPtr& o : cell.operands) walk(o.get());
      }
      for (const ir::ExprPtr& o : row.outputs) walk(o.get());
    }
  }

  void walk(const ir::Expr* e) {
    if (e == nullptr) return;
    if (e->kind == ir::ExprKind::literal && !e->literal.empty()) pool_[e->type.kind()].push_back(e->literal);
    for (const ir::ExprPtr& o : e->operands) walk(o.get());
  }

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(unsigned per_mille) { return rng_() % 1000 < per_mille; }

  // A literal of `kind` from the program (ints and numbers count for each other), or nullptr.
  const Value* literal(TypeKind kind) {
    std::vector<const Value*> all;
    for (TypeKind k : {kind, kind == TypeKind::number ? TypeKind::integer : kind == TypeKind::integer ? TypeKind::number : kind}) {
      auto it = pool_.find(k);
      if (it == pool_.end()) continue;
      for (const Value& v : it->second) all.push_back(&v);
    }
    return all.empty() ? nullptr : all[pick(all.size())];
  }

  Value value(const Type& type, int depth) {
    if (type.may_be_none() && chance(150)) return {};  // none, for a `T or none`
    switch (type.kind()) {
      case TypeKind::none: return {};
      case TypeKind::boolean: return chance(500);
      case TypeKind::integer: {
        const Value* lit = literal(TypeKind::integer);
        if (lit != nullptr && chance(700)) {
          const auto base = static_cast<std::int64_t>(lit->as_number());
          return base + static_cast<std::int64_t>(pick(3)) - 1;
        }
        return static_cast<std::int64_t>(pick(200)) - 50;
      }
      case TypeKind::number: {
        const Value* lit = literal(TypeKind::number);
        if (lit != nullptr && chance(700)) {
          const double deltas[] = {0.0, 0.0, -0.5, 0.5, -1.0, 1.0, 0.001};
          return lit->as_number() + deltas[pick(7)];
        }
        return static_cast<double>(pick(20000)) / 8.0 - 100.0;
      }
      case TypeKind::text: {
        const Value* lit = literal(TypeKind::text);
        if (lit != nullptr && chance(700)) return *lit;
        const char* words[] = {"", "x", "pudong", "A", "B", "C", "zz", "浦东新区", "critical"};
        return std::string(words[pick(9)]);
      }
      case TypeKind::enumeration: {
        const EnumDef* def = type.enum_def();
        return EnumValue{def, static_cast<std::uint32_t>(pick(def->members.size()))};
      }
      case TypeKind::duration: {
        const Value* lit = literal(TypeKind::duration);
        if (lit != nullptr && chance(700)) {
          Duration d = lit->as_duration();
          d.amount += static_cast<std::int64_t>(pick(3)) - 1;
          return d;
        }
        const DurationUnit units[] = {DurationUnit::seconds, DurationUnit::seconds, DurationUnit::workdays,
                                      DurationUnit::workhours};
        return Duration{static_cast<std::int64_t>(pick(100000)), units[pick(4)]};
      }
      case TypeKind::time: {
        const Value* lit = literal(TypeKind::time);
        std::int64_t base = lit != nullptr ? lit->as_time().time_since_epoch().count() : 1'760'000'000;
        const std::int64_t deltas[] = {0, 0, -1, 1, -86400, 86400, 3600};
        return Instant(std::chrono::seconds(base + deltas[pick(7)]));
      }
      case TypeKind::date: {
        const Value* lit = literal(TypeKind::date);
        const std::int64_t base = lit != nullptr ? lit->as_date().days : 20'000;
        const std::int64_t deltas[] = {0, 0, -1, 1, -31, 31, 365};
        return Date{base + deltas[pick(7)]};
      }
      case TypeKind::time_of_day: {
        const Value* lit = literal(TypeKind::time_of_day);
        const std::int64_t base = lit != nullptr ? lit->as_time_of_day().seconds : 43'200;
        const std::int64_t deltas[] = {0, 0, -1, 1, -3600, 3600, 60};
        return TimeOfDay{std::clamp<std::int64_t>(base + deltas[pick(7)], 0, 86'399)};
      }
      case TypeKind::record: {
        const RecordDef* def = type.record_def();
        auto r = std::make_shared<RecordValue>();
        r->def = def;
        for (const RecordField& f : def->fields) {
          r->fields.push_back(chance(missing_per_mille) || depth > 4 ? Value() : value(f.type, depth + 1));
        }
        return Value(Value::Record(std::move(r)));
      }
      case TypeKind::list: {
        auto items = std::make_shared<std::vector<Value>>();
        const std::size_t n = pick(4);
        for (std::size_t i = 0; i < n && depth <= 4; ++i) items->push_back(value(type.list_def()->element, depth + 1));
        return Value(Value::List(std::move(items)));
      }
      case TypeKind::error: break;
    }
    return {};
  }

  std::mt19937_64 rng_;
  std::map<TypeKind, std::vector<Value>> pool_;
};

}  // namespace docket::testing
