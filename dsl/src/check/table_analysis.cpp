// Table analysis: atoms per column, cell membership, and the searches for overlaps, gaps and dead rows.
#include "check/table_analysis.hpp"

#include <algorithm>
#include <optional>

#include "docket/core/civil_time.hpp"
#include "docket/core/value.hpp"

namespace docket::dsl {

namespace {

// A representative input for one atom, and how to print it.
struct Atom {
  Value value;          // the representative the cells are tested on
  std::string display;  // e.g. `rural`, `95`, `any other text`, `between 90 and 95`
};

// A set of rows, one bit each.
using RowSet = std::vector<std::uint64_t>;

struct Column {
  std::vector<Atom> atoms;
  // member[row][atom]: does row's cell in this column match the atom?
  std::vector<std::vector<bool>> member;
  // rows_matching[atom]: the same facts by atom, as a row set for fast intersection.
  std::vector<RowSet> rows_matching;
};

std::size_t words_for(std::size_t rows) { return (rows + 63) / 64; }

RowSet first_rows(std::size_t n, std::size_t total) {
  RowSet set(words_for(total), 0);
  for (std::size_t i = 0; i < n; ++i) set[i / 64] |= std::uint64_t{1} << (i % 64);
  return set;
}

std::optional<Value> literal(const ir::ExprPtr& e) {
  if (e->kind == ir::ExprKind::literal) return e->literal;
  if (e->kind == ir::ExprKind::unary && e->unary_op == ir::UnaryOp::negate &&
      e->operands[0]->kind == ir::ExprKind::literal) {
    const Value& v = e->operands[0]->literal;
    if (v.holds<std::int64_t>()) return Value(-v.as_int());
    if (v.holds<double>()) return Value(-v.as_number());
  }
  return std::nullopt;
}

// -1, 0, 1 for numbers (int or number) and texts; nullopt for anything else.
std::optional<int> compare(const Value& a, const Value& b) {
  if ((a.holds<std::int64_t>() || a.holds<double>()) && (b.holds<std::int64_t>() || b.holds<double>())) {
    double x = a.as_number();
    double y = b.as_number();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.holds<std::string>() && b.holds<std::string>()) {
    int c = a.as_text().compare(b.as_text());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.holds<bool>() && b.holds<bool>()) return a.as_bool() == b.as_bool() ? 0 : (a.as_bool() ? 1 : -1);
  if (a.holds<Date>() && b.holds<Date>()) return a.as_date() < b.as_date() ? -1 : (b.as_date() < a.as_date() ? 1 : 0);
  if (a.holds<TimeOfDay>() && b.holds<TimeOfDay>()) {
    return a.as_time_of_day() < b.as_time_of_day() ? -1 : (b.as_time_of_day() < a.as_time_of_day() ? 1 : 0);
  }
  if (a.holds<EnumValue>() && b.holds<EnumValue>()) {
    auto x = a.as_enum().index;
    auto y = b.as_enum().index;
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return std::nullopt;
}

bool matches(const ir::Cell& cell, const Value& v) {
  auto cmp = [&](std::size_t i) {
    const ir::Expr& e = *cell.operands[i];
    return e.kind == ir::ExprKind::literal ? *compare(v, e.literal) : *compare(v, *literal(cell.operands[i]));
  };
  // None (the input's, or a cell's `none`) equals only none and has no order.
  auto none_side = [&](std::size_t i) {
    return v.empty() || (cell.operands[i]->kind == ir::ExprKind::literal && cell.operands[i]->literal.empty());
  };
  auto both_none = [&](std::size_t i) {
    return v.empty() && cell.operands[i]->kind == ir::ExprKind::literal && cell.operands[i]->literal.empty();
  };
  auto test_matches = [&](const ir::CellTest& t) {
    switch (t.kind) {
      case ir::CellKind::one_of:
        for (std::size_t i = t.first; i < t.first + t.count; ++i) {
          if (none_side(i) ? both_none(i) : cmp(i) == 0) return true;
        }
        return false;
      case ir::CellKind::range: {
        if (none_side(t.first) || none_side(t.first + 1)) return false;
        const int lo = cmp(t.first);
        const int hi = cmp(t.first + 1);
        return (t.low_closed ? lo >= 0 : lo > 0) && (t.high_closed ? hi <= 0 : hi < 0);
      }
      case ir::CellKind::compare:
        if (none_side(t.first)) return t.op == ir::BinaryOp::eq ? both_none(t.first) : t.op == ir::BinaryOp::ne && !both_none(t.first);
        switch (t.op) {
          case ir::BinaryOp::eq: return cmp(t.first) == 0;
          case ir::BinaryOp::ne: return cmp(t.first) != 0;
          case ir::BinaryOp::lt: return cmp(t.first) < 0;
          case ir::BinaryOp::le: return cmp(t.first) <= 0;
          case ir::BinaryOp::gt: return cmp(t.first) > 0;
          case ir::BinaryOp::ge: return cmp(t.first) >= 0;
          default: return false;
        }
      default: return false;
    }
  };
  if (cell.kind == ir::CellKind::any) return true;
  bool any = false;
  ir::CellTest single;
  for (const ir::CellTest& t : ir::tests_of(cell, single)) {
    if (test_matches(t)) {
      any = true;
      break;
    }
  }
  return cell.negated ? !any : any;
}

// The atoms of a date or time-of-day column: each written point, the whole days (or seconds) between
// two of them, and those before the first and after the last (a time of day has none before 00:00
// or after 23:59:59).
std::vector<Atom> civil_atoms(bool dates, const std::vector<Value>& points) {
  constexpr std::int64_t kLastSecond = kSecondsPerDay - 1;
  std::vector<std::int64_t> xs;
  for (const Value& p : points) xs.push_back(dates ? p.as_date().days : p.as_time_of_day().seconds);
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  auto value = [&](std::int64_t x) { return dates ? Value(Date{x}) : Value(TimeOfDay{x}); };
  auto show = [&](std::int64_t x) { return to_string(value(x)); };
  std::vector<Atom> atoms;
  if (xs.empty()) return {{value(0), "any value"}};
  if (dates || xs.front() > 0) atoms.push_back({value(xs.front() - 1), "before " + show(xs.front())});
  for (std::size_t i = 0; i < xs.size(); ++i) {
    atoms.push_back({value(xs[i]), show(xs[i])});
    if (i + 1 < xs.size() && xs[i + 1] - xs[i] > 1) {
      atoms.push_back({value(xs[i] + 1), "between " + show(xs[i]) + " and " + show(xs[i + 1])});
    }
  }
  if (dates || xs.back() < kLastSecond) atoms.push_back({value(xs.back() + 1), "after " + show(xs.back())});
  return atoms;
}

// The atoms of a column, or nullopt when the column cannot be analysed.
std::optional<std::vector<Atom>> definite_atoms(const ir::Decision& t, std::size_t col);

// A column that may be none has one more atom: none.
std::optional<std::vector<Atom>> atoms_of(const ir::Decision& t, std::size_t col) {
  std::optional<std::vector<Atom>> atoms = definite_atoms(t, col);
  if (atoms && t.columns[col].expr->type.may_be_none()) atoms->push_back({Value(), "none"});
  return atoms;
}

std::optional<std::vector<Atom>> definite_atoms(const ir::Decision& t, std::size_t col) {
  const Type type = t.columns[col].expr->type.definite();
  std::vector<Value> points;
  for (const ir::TableRow& row : t.rows) {
    const ir::Cell& cell = row.inputs[col];
    for (const ir::ExprPtr& e : cell.operands) {
      std::optional<Value> v = literal(e);
      if (!v) return std::nullopt;
      if (!v->empty()) points.push_back(*v);  // a cell's `none`
    }
    ir::CellTest single;
    for (const ir::CellTest& test : ir::tests_of(cell, single)) {
      if (type.kind() == TypeKind::text && test.kind != ir::CellKind::one_of &&
          !(test.kind == ir::CellKind::compare && (test.op == ir::BinaryOp::eq || test.op == ir::BinaryOp::ne))) {
        return std::nullopt;  // order on texts: not described by finitely many atoms here
      }
    }
  }
  std::vector<Atom> atoms;
  switch (type.kind()) {
    case TypeKind::boolean:
      atoms = {{Value(false), "false"}, {Value(true), "true"}};
      return atoms;
    case TypeKind::enumeration: {
      const EnumDef* e = type.enum_def();
      for (std::uint32_t i = 0; i < e->members.size(); ++i) atoms.push_back({Value(EnumValue{e, i}), e->members[i]});
      return atoms;
    }
    case TypeKind::text: {
      std::vector<std::string> seen;
      for (const Value& p : points) {
        if (std::find(seen.begin(), seen.end(), p.as_text()) == seen.end()) seen.push_back(p.as_text());
      }
      for (const std::string& s : seen) atoms.push_back({Value(s), to_string(Value(s))});
      std::string other = "\x01other";  // no analyst writes this text
      atoms.push_back({Value(other), "any other text"});
      return atoms;
    }
    case TypeKind::integer:
    case TypeKind::number: {
      const bool whole = type.kind() == TypeKind::integer;
      std::vector<double> xs;
      for (const Value& p : points) xs.push_back(p.as_number());
      std::sort(xs.begin(), xs.end());
      xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
      auto value = [&](double x) { return whole ? Value(static_cast<std::int64_t>(x)) : Value(x); };
      auto show = [&](double x) { return to_string(value(x)); };
      if (xs.empty()) {
        atoms.push_back({value(0), "any value"});
        return atoms;
      }
      atoms.push_back({value(xs.front() - 1), "below " + show(xs.front())});
      for (std::size_t i = 0; i < xs.size(); ++i) {
        atoms.push_back({value(xs[i]), show(xs[i])});
        if (i + 1 < xs.size()) {
          double lo = xs[i];
          double hi = xs[i + 1];
          if (whole && hi - lo <= 1) continue;  // no whole number strictly between
          double mid = whole ? lo + 1 : (lo + hi) / 2;
          atoms.push_back({value(mid), "between " + show(lo) + " and " + show(hi)});
        }
      }
      atoms.push_back({value(xs.back() + 1), "above " + show(xs.back())});
      return atoms;
    }
    case TypeKind::date:
    case TypeKind::time_of_day: return civil_atoms(type.kind() == TypeKind::date, points);
    default: return std::nullopt;
  }
}

class Analysis {
 public:
  Analysis(const ir::Decision& t, std::vector<Column> columns, std::size_t budget)
      : t_(t), columns_(std::move(columns)), budget_(budget),
        scratch_(columns_.size() + 1, RowSet(words_for(t.rows.size()), 0)),
        covering_(columns_.size() + 1, first_rows(t.rows.size(), t.rows.size())) {
    // covering_[c]: the rows whose cells in columns c, c+1, ... match every atom (often all `-`).
    for (std::size_t c = columns_.size(); c-- > 0;) {
      covering_[c] = covering_[c + 1];
      for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const std::vector<bool>& in = columns_[c].member[r];
        if (std::find(in.begin(), in.end(), false) != in.end()) covering_[c][r / 64] &= ~(std::uint64_t{1} << (r % 64));
      }
    }
  }

  std::vector<TableFinding> run() {
    switch (t_.hit) {
      case ir::HitPolicy::unique:
      case ir::HitPolicy::any: pairs(); break;
      case ir::HitPolicy::first: dead_rows(); break;
      default: break;
    }
    // Inputs no row matches: an evaluation error where the policy needs a row (min and max too),
    // unless the table says what to answer then (`otherwise`).
    const bool needs_row = t_.hit == ir::HitPolicy::unique || t_.hit == ir::HitPolicy::any ||
                           t_.hit == ir::HitPolicy::priority || t_.hit == ir::HitPolicy::first ||
                           t_.hit == ir::HitPolicy::collect_min || t_.hit == ir::HitPolicy::collect_max;
    if (needs_row && !t_.otherwise) gap();
    return std::move(findings_);
  }

 private:
  std::vector<std::string> describe(const std::vector<std::size_t>& picks) const {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      out.push_back(t_.columns[c].label + " = " + columns_[c].atoms[picks[c]].display);
    }
    return out;
  }

  bool same_outputs(std::size_t a, std::size_t b) const {
    for (std::size_t k = 0; k < t_.outputs.size(); ++k) {
      std::optional<Value> x = literal(t_.rows[a].outputs[k]);
      std::optional<Value> y = literal(t_.rows[b].outputs[k]);
      if (!x || !y || !(*x == *y)) return false;
    }
    return true;
  }

  void pairs() {
    for (std::size_t b = 1; b < t_.rows.size(); ++b) {
      for (std::size_t a = 0; a < b; ++a) {
        std::vector<std::size_t> picks;
        bool overlap = true;
        for (const Column& col : columns_) {
          auto it = std::find_if(col.atoms.begin(), col.atoms.end(), [&](const Atom& atom) {
            std::size_t i = static_cast<std::size_t>(&atom - col.atoms.data());
            return col.member[a][i] && col.member[b][i];
          });
          if (it == col.atoms.end()) {
            overlap = false;
            break;
          }
          picks.push_back(static_cast<std::size_t>(it - col.atoms.begin()));
        }
        if (!overlap) continue;
        if (t_.hit == ir::HitPolicy::any && same_outputs(a, b)) continue;
        findings_.push_back({t_.hit == ir::HitPolicy::unique ? TableFinding::Kind::overlap : TableFinding::Kind::conflict,
                             a, b, describe(picks)});
        break;  // one finding per row
      }
    }
  }

  // Depth-first over columns: the first box (restricted to atoms `must` matches, when given) that
  // no row of scratch_[col] matches. Returns true and fills `picks` when found. The candidate rows
  // of each depth live in scratch_[depth], so the search allocates nothing.
  bool search(std::size_t col, std::optional<std::size_t> must, std::vector<std::size_t>& picks) {
    if (budget_ == 0) return false;
    --budget_;
    const RowSet& candidates = scratch_[col];
    bool none = true;
    for (std::uint64_t w : candidates) none = none && w == 0;
    if (none) {  // no row can match any more: any atom `must` allows in each remaining column is a witness
      const std::size_t depth = picks.size();
      for (std::size_t c = col; c < columns_.size(); ++c) {
        std::size_t a = 0;
        while (a < columns_[c].atoms.size() && must && !columns_[c].member[*must][a]) ++a;
        if (a == columns_[c].atoms.size()) {  // `must` matches nothing here (an empty range): no witness
          picks.resize(depth);
          return false;
        }
        picks.push_back(a);
      }
      return true;
    }
    if (col == columns_.size()) return false;
    // A candidate row that matches whatever the remaining columns hold matches every completion.
    for (std::size_t w = 0; w < candidates.size(); ++w) {
      if ((candidates[w] & covering_[col][w]) != 0) return false;
    }
    const Column& column = columns_[col];
    RowSet& next = scratch_[col + 1];
    for (std::size_t a = 0; a < column.atoms.size(); ++a) {
      if (must && !column.member[*must][a]) continue;
      const RowSet& matching = column.rows_matching[a];
      for (std::size_t w = 0; w < next.size(); ++w) next[w] = candidates[w] & matching[w];
      picks.push_back(a);
      if (search(col + 1, must, picks)) return true;
      picks.pop_back();
    }
    return false;
  }

  void gap() {
    scratch_[0] = first_rows(t_.rows.size(), t_.rows.size());
    std::vector<std::size_t> picks;
    if (search(0, std::nullopt, picks)) findings_.push_back({TableFinding::Kind::gap, 0, 0, describe(picks)});
  }

  void dead_rows() {
    for (std::size_t r = 1; r < t_.rows.size(); ++r) {
      scratch_[0] = first_rows(r, t_.rows.size());
      std::vector<std::size_t> picks;
      std::size_t before = budget_;
      bool can_fire = search(0, r, picks);
      if (!can_fire && budget_ > 0 && before > 0) findings_.push_back({TableFinding::Kind::dead_row, 0, r, {}});
    }
  }

  const ir::Decision& t_;
  std::vector<Column> columns_;
  std::size_t budget_;
  std::vector<RowSet> scratch_;   // candidate rows per search depth
  std::vector<RowSet> covering_;  // per column: rows matching anything from there on
  std::vector<TableFinding> findings_;
};

}  // namespace

std::vector<TableFinding> analyze_table(const ir::Decision& table, std::size_t budget) {
  std::vector<Column> columns;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    std::optional<std::vector<Atom>> atoms = atoms_of(table, c);
    if (!atoms) return {};
    Column column;
    column.atoms = std::move(*atoms);
    column.rows_matching.assign(column.atoms.size(), RowSet(words_for(table.rows.size()), 0));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      std::vector<bool> in(column.atoms.size());
      for (std::size_t a = 0; a < column.atoms.size(); ++a) {
        in[a] = matches(table.rows[r].inputs[c], column.atoms[a].value);
        if (in[a]) column.rows_matching[a][r / 64] |= std::uint64_t{1} << (r % 64);
      }
      column.member.push_back(std::move(in));
    }
    columns.push_back(std::move(column));
  }
  return Analysis(table, std::move(columns), budget).run();
}

}  // namespace docket::dsl
