// Trace explanations are deferred: a sink that never reads them never runs them, and every evaluator gives the same words.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "docket/core/engine.hpp"
#include "docket/core/eval_mode.hpp"
#include "meter_fixture.hpp"

namespace docket::test {
namespace {

// site.district, counting its calls: survey_team calls it once per evaluation of its first rule.
struct CountingProgram {
  int calls = 0;
  FunctionRegistry registry;
  std::shared_ptr<const Program> program;

  CountingProgram() {
    registry.add({"site.district", {Type::text()}, Type::text(), "test plugin"}, [this](std::span<const Value> args) -> Value {
      ++calls;
      return std::string(args[0].as_text().find("Pudong") != std::string::npos ? "pudong" : "other");
    });
    program = lower_or_fail(meter_module(), registry);
  }

  Value application(std::string address) const {
    const RecordDef* def = program->module().find_record("Application");
    auto r = std::make_shared<RecordValue>(RecordValue{def, {Value("A1"), Value(std::move(address)), Value(false)}});
    return Value(Value::Record(std::move(r)));
  }
};

// Drives one instance to `survey` (its role is survey_team(app)); returns site.district's calls.
int calls_to_reach_survey(CountingProgram& p, EvalMode mode, std::vector<TraceEntry>* kept) {
  VirtualClock clock{at(26, 9)};
  Engine engine(p.program, clock);
  engine.use_evaluator(mode);
  if (kept != nullptr) engine.on_trace([kept](const TraceEntry& t) { kept->push_back(t); });
  const int before = p.calls;
  const InstanceId id = engine.start("meter_install", {p.application("88 Pudong Ave")});
  engine.complete(id, "accept");
  return p.calls - before;
}

const char* const kSurveyWords =
    "role field_crew_east; survey_team = \"field_crew_east\" by rule 1 on app.address = \"88 Pudong Ave\"; within 2d";

TEST(EngineLazyTrace, ASinkThatDoesNotReadExplanationsCostsNoEvaluation) {
  for (EvalMode mode : {EvalMode::interp, EvalMode::compiled}) {
    SCOPED_TRACE(eval_mode_name(mode));
    CountingProgram p;
    ASSERT_NE(p.program, nullptr);
    const int without_sink = calls_to_reach_survey(p, mode, nullptr);
    std::vector<TraceEntry> kept;
    const int with_sink = calls_to_reach_survey(p, mode, &kept);
    EXPECT_EQ(without_sink, 1);
    EXPECT_EQ(with_sink, without_sink);  // the entries are kept, their explanations not yet built
    ASSERT_FALSE(kept.empty());
    const TraceEntry& entered = kept.back();
    EXPECT_EQ(entered.node, "survey");
    EXPECT_EQ(entered.detail, "role field_crew_east; within 2d");  // the words without the explanation
    const int before_reading = p.calls;
    EXPECT_EQ(entered.full_detail(), kSurveyWords);
    const int after_reading = p.calls;
    EXPECT_GT(after_reading, before_reading);  // reading explains: the explainer walks survey_team again
    EXPECT_EQ(entered.full_detail(), kSurveyWords);
    EXPECT_EQ(p.calls, after_reading);  // and only the first time
  }
}

// The role's decision call takes only the parameters: its argument is evaluated when the words are
// read, from the parameters as they were at the move, so a later update does not change them.
TEST(EngineLazyTrace, ArgumentsReadLaterAreTheOnesOfTheMove) {
  for (EvalMode mode : {EvalMode::interp, EvalMode::compiled}) {
    SCOPED_TRACE(eval_mode_name(mode));
    CountingProgram p;
    ASSERT_NE(p.program, nullptr);
    VirtualClock clock{at(26, 9)};
    Engine engine(p.program, clock);
    engine.use_evaluator(mode);
    std::vector<TraceEntry> kept;
    engine.on_trace([&kept](const TraceEntry& t) { kept.push_back(t); });
    const InstanceId id = engine.start("meter_install", {p.application("88 Pudong Ave")});
    engine.complete(id, "accept");
    ASSERT_FALSE(kept.empty());
    const TraceEntry entered = kept.back();
    ASSERT_EQ(entered.node, "survey");
    engine.update(id, "app", p.application("Jing'an"));  // after the move, before anyone reads its words
    EXPECT_EQ(entered.full_detail(), kSurveyWords);
  }
}

}  // namespace
}  // namespace docket::test
