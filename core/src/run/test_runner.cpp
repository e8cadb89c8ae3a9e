// The test runner: one engine per test, lines applied in order, the first failing line reported.
#include "docket/core/test_runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "docket/core/business_clock.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/engine.hpp"
#include "eval/eval_error.hpp"
#include "eval/interpreter.hpp"
#include "lower/program_evaluators.hpp"
#include "eval/operators.hpp"

namespace docket {

namespace {

// Stops a test: `status` failed or skipped, with the reason.
struct Stop {
  TestStatus status;
  std::string message;
};

class TestRun {
 public:
  TestRun(const std::shared_ptr<const Program>& program, const ir::Test& test, const CalendarRegistry* calendars,
          EvalMode mode)
      : program_(program), evaluator_(detail::shared_evaluator(program, mode)), mode_(mode), test_(test), calendars_(calendars), clock_(Instant{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}}) {}

  TestResult run() {
    TestResult result{test_.name, TestStatus::passed, {}, test_.range};
    for (const ir::TestStep& step : test_.steps) {
      try {
        apply(step);
      } catch (const Stop& stop) {
        return {test_.name, stop.status, stop.message, step.range};
      } catch (const EngineError& e) {
        return {test_.name, TestStatus::failed, e.what(), step.range};
      } catch (const detail::EvalError& e) {
        return {test_.name, TestStatus::failed, fmt::format("evaluation failed: {}", e.what()), step.range};
      }
      if (engine_ && id_ != 0 && !engine_->status(id_).error.empty()) {
        return {test_.name, TestStatus::failed, "the instance failed: " + engine_->status(id_).error, step.range};
      }
    }
    return result;
  }

 private:
  Value eval(const ir::Expr& e) const { return evaluator_->evaluate(e, detail::Environment{}); }

  const ir::Workflow& workflow() const { return program_->module().workflows.at(workflow_); }

  void apply(const ir::TestStep& step) {
    switch (step.kind) {
      case ir::TestStepKind::expect: expect(*step.value); break;
      case ir::TestStepKind::expect_active: {
        std::vector<std::string> want;
        for (std::uint32_t n : step.nodes) want.push_back(workflow().nodes[n].name);
        std::vector<std::string> got = engine_->status(id_).active;
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
        if (want != got) fail(fmt::format("expected active: {}; active: {}", fmt::join(want, ", "), names(got)));
        break;
      }
      case ir::TestStepKind::expect_ended: {
        InstanceStatus s = engine_->status(id_);
        const std::string& want = workflow().nodes[step.nodes.at(0)].name;
        if (!s.finished) fail(fmt::format("expected the instance to have ended at `{}`; still active: {}", want, names(s.active)));
        if (s.end != want) fail(fmt::format("expected it to end at `{}`; it ended at `{}`", want, s.end));
        break;
      }
      case ir::TestStepKind::expect_escalated: {
        const std::int32_t level = engine_->status(id_).escalation_level;
        // Exactly: `level 0` says nothing has escalated, and a ladder that went further fails.
        if (level != step.level) {
          fail(level == 0 ? fmt::format("expected an escalation to level {}; no SLA has escalated", step.level)
                          : fmt::format("expected escalation level {}; the highest level reached is {}", step.level, level));
        }
        break;
      }
      case ir::TestStepKind::at: clock_.set(eval(*step.value).as_time()); break;
      case ir::TestStepKind::start: {
        workflow_ = step.workflow;
        std::vector<Value> args;
        for (const ir::ExprPtr& a : step.args) args.push_back(eval(*a));
        engine_ = std::make_unique<Engine>(program_, clock_);
        engine_->use_evaluator(mode_);
        if (calendars_ != nullptr) engine_->use_calendars(*calendars_);
        id_ = engine_->start(workflow().name, std::move(args));
        break;
      }
      case ir::TestStepKind::complete: {
        const ir::Node& node = workflow().nodes[step.nodes.at(0)];
        std::map<std::string, Value, std::less<>> outcomes;
        for (const ir::TestOutcome& o : step.outcomes) outcomes[node.outcomes.at(o.index).name] = eval(*o.value);
        engine_->complete(id_, node.name, std::move(outcomes));
        break;
      }
      case ir::TestStepKind::signal: engine_->signal(id_, step.event); break;
      case ir::TestStepKind::advance: {
        Duration d = eval(*step.value).as_duration();
        Instant until = clock_.now() + std::chrono::seconds{d.is_business() ? 0 : d.amount};
        if (d.is_business()) {
          const std::string& name = engine_ ? workflow().calendar : std::string();
          const CalendarProvider* provider = calendars_ != nullptr && !name.empty() ? calendars_->find(name) : nullptr;
          if (provider == nullptr) {
            throw Stop{TestStatus::skipped,
                       name.empty() ? fmt::format("`advance {}` needs a started workflow with a `calendar`", to_string(d))
                                    : fmt::format("`advance {}` needs calendar `{}`, which is not loaded: run with the "
                                                  "docket.toml that defines it",
                                                  to_string(d), name)};
          }
          until = BusinessClock(*provider).add(clock_.now(), d);
        }
        if (engine_) {
          advance_to(*engine_, clock_, until);  // each timer fires at its own due time
        } else {
          clock_.set(until);
        }
        break;
      }
    }
  }

  // A failed expectation shows the values on both sides of a comparison.
  void expect(const ir::Expr& e) const {
    if (eval(e).as_bool()) return;
    if (e.kind == ir::ExprKind::binary && e.operands.size() == 2 && e.binary_op != ir::BinaryOp::logical_and &&
        e.binary_op != ir::BinaryOp::logical_or) {
      fail(fmt::format("expectation failed: the left side is {}, the right side is {} (`{}` does not hold)",
                       to_string(eval(*e.operands[0])), to_string(eval(*e.operands[1])),
                       detail::operator_text(e.binary_op)));
    }
    fail("expectation failed: it is false");
  }

  static std::string names(const std::vector<std::string>& v) { return v.empty() ? "none" : fmt::format("{}", fmt::join(v, ", ")); }
  [[noreturn]] static void fail(std::string message) { throw Stop{TestStatus::failed, std::move(message)}; }

  std::shared_ptr<const Program> program_;
  std::shared_ptr<const detail::Evaluator> evaluator_;
  EvalMode mode_;
  const ir::Test& test_;
  const CalendarRegistry* calendars_;
  VirtualClock clock_;
  std::unique_ptr<Engine> engine_;
  InstanceId id_ = 0;
  std::uint32_t workflow_ = 0;
};

}  // namespace

std::vector<TestResult> run_tests(const std::shared_ptr<const Program>& program, const CalendarRegistry* calendars,
                                  EvalMode mode) {
  std::vector<TestResult> results;
  for (const ir::Test& test : program->module().tests) results.push_back(TestRun(program, test, calendars, mode).run());
  return results;
}

}  // namespace docket
