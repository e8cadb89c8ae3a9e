// Explanations agree with the interpreter: same answer, same fired rule or row, matching rows, why-nots.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <random>
#include <sstream>

#include "docket/core/explain.hpp"
#include "docket/core/program.hpp"
#include "docket/dsl/compile.hpp"
#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "lower/program_evaluators.hpp"

namespace docket {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Loaded {
  SourceSet sources;
  FunctionRegistry functions;
  std::shared_ptr<const Program> program;
};

std::unique_ptr<Loaded> load(const std::vector<std::string>& files) {
  auto l = std::make_unique<Loaded>();
  for (const std::string& f : files) l->sources.add(f, slurp(std::string(DOCKET_SOURCE_DIR) + "/" + f));
  Diagnostics diagnostics;
  std::optional<ir::Module> module = dsl::compile(l->sources, l->functions, diagnostics);
  if (module) l->program = Program::lower(std::move(*module), l->functions, diagnostics);
  std::string text;
  for (const Diagnostic& d : diagnostics.all()) text += render_text(d, l->sources);
  EXPECT_TRUE(l->program && !diagnostics.has_errors()) << text;
  return l;
}

// Text literals of the program's tables and rules, so random text inputs sometimes match a cell.
void texts_of(const ir::Expr& e, std::vector<std::string>& out) {
  if (e.kind == ir::ExprKind::literal && e.literal.holds<std::string>()) out.push_back(e.literal.as_text());
  for (const ir::ExprPtr& o : e.operands) {
    if (o) texts_of(*o, out);
  }
}

class RandomValues {
 public:
  explicit RandomValues(const ir::Module& m) {
    for (const ir::Decision& d : m.decisions) {
      for (const ir::Rule& r : d.rules) texts_of(*r.condition, texts_);
      for (const ir::TableRow& row : d.rows) {
        for (const ir::Cell& c : row.inputs) {
          for (const ir::ExprPtr& o : c.operands) texts_of(*o, texts_);
        }
      }
    }
    texts_.push_back("zzz");
  }

  Value make(Type t) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); };
    switch (t.kind()) {
      case TypeKind::boolean: return pick(2) == 1;
      case TypeKind::integer: return static_cast<std::int64_t>(pick(14)) - 1;
      case TypeKind::number: {
        static const double numbers[] = {0, 0.22, 0.38, 6.3, 10, 35, 90, 95, 99, 100, 109.9, 110, 220, 10000, 50000};
        return numbers[pick(std::size(numbers))];
      }
      case TypeKind::text: return texts_[pick(texts_.size())];
      case TypeKind::enumeration: return EnumValue{t.enum_def(), static_cast<std::uint32_t>(pick(t.enum_def()->members.size()))};
      case TypeKind::duration: return Duration{static_cast<std::int64_t>(pick(5)) * 1800, DurationUnit::seconds};
      case TypeKind::record: {
        auto r = std::make_shared<RecordValue>();
        r->def = t.record_def();
        for (const RecordField& f : r->def->fields) r->fields.push_back(make(f.type));
        return Value(Value::Record(std::move(r)));
      }
      default: return Value();
    }
  }

 private:
  std::mt19937_64 rng_{4};
  std::vector<std::string> texts_;
};

// For every decision and `runs` seeded inputs, the explanation agrees with decide() and matching_rows().
void agree_on_random_inputs(const Program& program, int runs) {
  const detail::Interpreter in = detail::reference_interpreter(program);
  RandomValues random(program.module());
  int answered = 0;
  int failed = 0;
  for (std::size_t index = 0; index < program.module().decisions.size(); ++index) {
    const ir::Decision& d = program.module().decisions[index];
    for (int run = 0; run < runs; ++run) {
      std::vector<Value> args;
      for (const ir::Param& p : d.params) args.push_back(random.make(p.type));
      SCOPED_TRACE(fmt::format("decision {} run {}", d.name, run));
      Explanation e = explain(program, d.name, args);
      ASSERT_FALSE(e.checks.empty() && (d.rules.size() + d.rows.size()) > 0 && e.error.empty());
      try {
        detail::DecisionResult r = in.decide(index, args);
        ++answered;
        EXPECT_TRUE(e.error.empty()) << e.error;
        EXPECT_EQ(e.value, r.value);
        EXPECT_EQ(e.fired, r.rule);
        if (d.is_table) {
          EXPECT_EQ(e.matching, (d.hit == ir::HitPolicy::first ? std::vector<std::size_t>{*r.rule}
                                                                : in.matching_rows(index, args)));
        }
        // Under first, the walk stops at the row that fired; every check before it failed.
        if (!d.is_table || d.hit == ir::HitPolicy::first) {
          for (std::size_t i = 0; i + 1 < e.checks.size(); ++i) EXPECT_FALSE(e.checks[i].matched);
          if (r.rule) {
            EXPECT_TRUE(e.checks.back().matched);
            EXPECT_EQ(e.checks.back().index, *r.rule);
          } else {
            EXPECT_EQ(e.checks.size(), d.rules.size());
          }
        }
      } catch (const detail::EvalError& err) {
        ++failed;
        EXPECT_EQ(e.error, err.what());
        EXPECT_TRUE(e.value.empty());
      }
      for (const RowCheck& c : e.checks) {
        if (c.matched) continue;
        EXPECT_TRUE(c.failed.valid()) << "check " << c.index;
        EXPECT_FALSE(c.failed_on.empty()) << "check " << c.index;
      }
    }
  }
  EXPECT_GT(answered, 0);
  std::cout << fmt::format("{} answered, {} failed as the interpreter failed\n", answered, failed);
}

TEST(Explain, AgreesWithTheInterpreterOnTheExampleDecisions) {
  auto l = load({"examples/95598/customers.dkt"});
  ASSERT_TRUE(l->program);
  agree_on_random_inputs(*l->program, 300);
}

TEST(Explain, AgreesWithTheInterpreterOnEveryHitPolicy) {
  auto l = load({"tests/golden/check/table_all_hit_policies.dkt"});
  ASSERT_TRUE(l->program);
  agree_on_random_inputs(*l->program, 100);
}

TEST(Explain, AgreesWithTheInterpreterOnTheClassifyWorkload) {
  auto l = load({"bench/classify.dkt"});
  ASSERT_TRUE(l->program);
  agree_on_random_inputs(*l->program, 500);
}

Value customer(const Program& p, double kv, bool dual, bool important, std::int64_t load_level) {
  const RecordDef* def = p.module().find_record("Customer");
  auto r = std::make_shared<RecordValue>();
  r->def = def;
  const EnumDef* tariff = p.module().find_enum("Tariff");
  const EnumDef* area = p.module().find_enum("Area");
  r->fields = {Value("C1"), kv, EnumValue{tariff, 0}, dual, important, load_level, 50.0, EnumValue{area, 1},
               Value("C")};
  return Value(Value::Record(std::move(r)));
}

TEST(Explain, NamesTheFirstFailedConjunctAndTheValuesThatFailedIt) {
  auto l = load({"examples/95598/customers.dkt"});
  ASSERT_TRUE(l->program);
  std::vector<Value> args{customer(*l->program, 35, true, true, 2)};
  Explanation e = explain(*l->program, "segment", args);
  EXPECT_EQ(e.value, Value("hv_dual"));
  ASSERT_EQ(e.fired, std::optional<std::size_t>(2));
  ASSERT_EQ(e.checks.size(), 3u);
  // Rule 1: `c.important` held, `c.load_level == 1` failed on load_level 2.
  EXPECT_EQ(e.checks[0].label, "critical load");
  ASSERT_EQ(e.checks[0].failed_on.size(), 1u);
  EXPECT_EQ(e.checks[0].failed_on[0].path, "c.load_level");
  EXPECT_EQ(e.checks[0].failed_on[0].value, Value(std::int64_t{2}));
  // Rule 2: the voltage.
  EXPECT_EQ(e.checks[1].failed_on[0].path, "c.voltage_kv");
  // Inputs read, in the order first read, each once.
  std::vector<std::string> paths;
  for (const ReadValue& r : e.inputs) paths.push_back(r.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"c.important", "c.load_level", "c.voltage_kv", "c.dual_source"}));
}

TEST(Explain, FollowsCallsIntoNestedDecisions) {
  auto l = load({"bench/classify.dkt"});
  ASSERT_TRUE(l->program);
  const RecordDef* def = l->program->module().find_record("Customer");
  const EnumDef* tariff = l->program->module().find_enum("Tariff");
  const EnumDef* area = l->program->module().find_enum("Area");
  auto r = std::make_shared<RecordValue>();
  r->def = def;
  r->fields = {std::int64_t{7}, 0.38, EnumValue{tariff, 0}, false, false, std::int64_t{3}, std::int64_t{100},
               std::int64_t{10000}, std::int64_t{6}, EnumValue{area, 0}};
  std::vector<Value> args{Value(Value::Record(std::move(r)))};
  Explanation e = explain(*l->program, "classify", args);
  ASSERT_TRUE(e.error.empty()) << e.error;
  EXPECT_EQ(e.fired, std::optional<std::size_t>(8));  // residential, urban: lv_res_urban
  ASSERT_EQ(e.calls.size(), 1u);
  EXPECT_EQ(e.calls[0].decision, "escalate");
  EXPECT_EQ(e.calls[0].value, Value(true));           // six months in arrears
  EXPECT_EQ(e.checks[1].column, "c.voltage_kv");
}

TEST(Explain, AnUnknownDecisionIsNamedWithADidYouMean) {
  auto l = load({"examples/95598/customers.dkt"});
  ASSERT_TRUE(l->program);
  try {
    (void)explain(*l->program, "segmnt", {});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean `segment`"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace docket
