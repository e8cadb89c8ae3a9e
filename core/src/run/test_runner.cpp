// The test runner: one engine per test, lines applied in order, the first failing line reported.
#include "docket/core/test_runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "docket/core/business_clock.hpp"
#include "docket/core/calendar_months.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/sla.hpp"
#include "docket/core/action.hpp"
#include "docket/core/store.hpp"
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
  // A test's expressions see `now` (parameter 0): the test's clock.
  Value eval(const ir::Expr& e) const {
    const std::array<Value, 1> now{Value(clock_.now())};
    return evaluator_->evaluate(e, detail::Environment{now, nullptr, {}});
  }

  // The started workflow's business calendar, when it names one that is loaded.
  const CalendarProvider* calendar() const {
    if (!engine_ || calendars_ == nullptr || workflow().calendar.empty()) return nullptr;
    return calendars_->find(workflow().calendar);
  }
  // A time as the analyst reads it: in the calendar's zone, else in UTC.
  std::string shown(Instant t) const {
    const CalendarProvider* c = calendar();
    return format_instant(t, c != nullptr ? c->time_zone : "UTC") + (c != nullptr ? "" : " UTC");
  }

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
        if (!step.sla && !step.when) {
          const std::int32_t level = engine_->status(id_).escalation_level;
          // Exactly: `level 0` says nothing has escalated, and a ladder that went further fails.
          if (level != step.level) {
            fail(level == 0 ? fmt::format("expected an escalation to level {}; no SLA has escalated", step.level)
                            : fmt::format("expected escalation level {}; the highest level reached is {}", step.level, level));
          }
          break;
        }
        expect_escalation(step);
        break;
      }
      case ir::TestStepKind::expect_due:
      case ir::TestStepKind::expect_warned:
      case ir::TestStepKind::expect_breached: expect_mark(step); break;
      case ir::TestStepKind::expect_action: expect_action(step); break;
      case ir::TestStepKind::expect_started: expect_started(step); break;
      case ir::TestStepKind::at: clock_.set(eval(*step.value).as_time()); break;
      case ir::TestStepKind::advance_to: {
        const Instant until = eval(*step.value).as_time();
        if (until < clock_.now()) {
          fail(fmt::format("the clock cannot go back: it is {}, and the line asks for {}", shown(clock_.now()), shown(until)));
        }
        move_to(until);
        break;
      }
      case ir::TestStepKind::start: {
        workflow_ = step.workflow;
        std::vector<Value> args;
        for (const ir::ExprPtr& a : step.args) args.push_back(eval(*a));
        engine_ = std::make_unique<Engine>(program_, clock_);
        engine_->use_evaluator(mode_);
        if (calendars_ != nullptr) engine_->use_calendars(*calendars_);
        // What the instance sends is what `expect action` looks at: host actions are taken as
        // delivered, plugin actions go to their plugins; each is kept once, by its key.
        engine_->on_action([](const Action&) {});
        engine_->on_delivery([this](const OutboxEntry& e) {
          if (sent_keys_.insert(e.action.idempotency_key).second) sent_.push_back(e.action);
        });
        // Every start, the ones a `repeat` makes included, for `expect started`.
        engine_->on_trace([this](const TraceEntry& t) {
          if (t.kind == TraceKind::started) starts_.push_back(t.at);
        });
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
        Instant until = clock_.now() + std::chrono::seconds{d.is_clock() ? d.amount : 0};
        const std::string& name = engine_ ? workflow().calendar : std::string();
        if (d.is_months() && name.empty()) {
          until = add_months(clock_.now(), d.amount, "");  // no calendar: months in UTC
        } else if (!d.is_clock()) {
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
        move_to(until);
        break;
      }
    }
  }

  void move_to(Instant until) {
    if (engine_) {
      advance_to(*engine_, clock_, until);  // each timer fires at its own due time
    } else {
      clock_.set(until);
    }
  }

  // A failed expectation shows the values on both sides of a comparison.
  void expect(const ir::Expr& e) const {
    const Value v = eval(e);
    if (v.empty()) fail("expectation failed: it is none (an operand of it is none)");
    if (v.as_bool()) return;
    if (e.kind == ir::ExprKind::binary && e.operands.size() == 2 && e.binary_op != ir::BinaryOp::logical_and &&
        e.binary_op != ir::BinaryOp::logical_or) {
      fail(fmt::format("expectation failed: the left side is {}, the right side is {} (`{}` does not hold)",
                       to_string(eval(*e.operands[0])), to_string(eval(*e.operands[1])),
                       detail::operator_text(e.binary_op)));
    }
    fail("expectation failed: it is false");
  }

  // The SLA's clock, with the arithmetic that led to its times: the target, the calendar, the
  // ledger (started, paused, resumed, ...) and the time counted so far.
  std::string arithmetic(const SlaStatus& s) const {
    const CalendarProvider* c = calendar();
    std::string out = fmt::format("SLA `{}`: target {} ({} counted seconds, {})", s.name, to_string(s.target),
                                  s.budget.count(),
                                  s.business ? fmt::format("working time on calendar `{}`", c != nullptr ? c->name : workflow().calendar)
                                             : std::string("clock time, 7x24"));
    // A running clock's count is settled when it pauses or stops; until then the due time says it.
    if (s.phase != SlaPhase::running) out += fmt::format(", {} s counted, {}", s.elapsed.count(), sla_phase_name(s.phase));
    out += "; ledger:";
    for (const SlaEvent& e : s.ledger) {
      out += fmt::format(" {} {}", sla_event_name(e.kind), shown(e.at));
      if (e.kind == SlaEventKind::escalated) out += fmt::format(" (level {})", e.level);
      out += ",";
    }
    if (!s.ledger.empty()) out.pop_back();
    if (s.due) out += fmt::format("; due {}", shown(*s.due));
    return out;
  }

  SlaStatus sla_status(std::uint32_t index) const {
    std::vector<SlaStatus> all = engine_->slas(id_);
    return all.at(index);
  }

  // When `kind` happened to the SLA (the first time), if it did.
  static std::optional<Instant> first(const SlaStatus& s, SlaEventKind kind) {
    for (const SlaEvent& e : s.ledger) {
      if (e.kind == kind) return e.at;
    }
    return std::nullopt;
  }

  // expect due / warned / breached SLA at TIME.
  void expect_mark(const ir::TestStep& step) const {
    const SlaStatus s = sla_status(*step.sla);
    const Instant want = eval(*step.when).as_time();
    if (step.kind == ir::TestStepKind::expect_due) {
      // A running clock's due time; a stopped or paused one that breached was due at its breach.
      const std::optional<Instant> due = s.due ? s.due : first(s, SlaEventKind::breached);
      if (!due) {
        fail(fmt::format("expected SLA `{}` due at {}; it has no due time while {} ({})", s.name, shown(want),
                         sla_phase_name(s.phase), arithmetic(s)));
      }
      if (*due != want) {
        fail(fmt::format("expected SLA `{}` due at {}; it is due at {} ({})", s.name, shown(want), shown(*due), arithmetic(s)));
      }
      return;
    }
    const bool warned = step.kind == ir::TestStepKind::expect_warned;
    const SlaEventKind kind = warned ? SlaEventKind::warned : SlaEventKind::breached;
    std::vector<Instant> times;
    for (const SlaEvent& e : s.ledger) {
      if (e.kind == kind) times.push_back(e.at);
    }
    if (std::find(times.begin(), times.end(), want) != times.end()) return;
    std::vector<std::string> seen;
    for (Instant t : times) seen.push_back(shown(t));
    const std::string what = warned ? "a warning" : "the breach";
    if (seen.empty()) {
      fail(fmt::format("expected {} of SLA `{}` at {}; none has fallen due by {} ({}){}", what, s.name, shown(want),
                       shown(clock_.now()), arithmetic(s),
                       want > clock_.now() ? "; the clock has not got there: `advance to` that time first" : ""));
    }
    fail(fmt::format("expected {} of SLA `{}` at {}; it came at {} ({})", what, s.name, shown(want), fmt::join(seen, ", "),
                     arithmetic(s)));
  }

  // expect escalated [SLA] level N [at TIME]: an escalation to exactly that level, of that SLA, then.
  void expect_escalation(const ir::TestStep& step) const {
    const std::optional<Instant> want = step.when ? std::optional<Instant>(eval(*step.when).as_time()) : std::nullopt;
    std::vector<SlaStatus> all = engine_->slas(id_);
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (step.sla && i != *step.sla) continue;
      for (const SlaEvent& e : all[i].ledger) {
        const bool escalation = e.kind == SlaEventKind::escalated || (e.kind == SlaEventKind::breached && e.level > 0);
        if (!escalation) continue;
        if (e.level == step.level && (!want || e.at == *want)) return;
        seen.push_back(fmt::format("level {} of `{}` at {}", e.level, all[i].name, shown(e.at)));
      }
    }
    const std::string which = step.sla ? fmt::format(" of SLA `{}`", all.at(*step.sla).name) : std::string();
    const std::string when = want ? " at " + shown(*want) : std::string();
    std::string context;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!step.sla || i == *step.sla) context += (context.empty() ? "" : "; ") + arithmetic(all[i]);
    }
    fail(fmt::format("expected an escalation{} to level {}{}; {} ({})", which, step.level, when,
                     seen.empty() ? "none has happened by " + shown(clock_.now()) : "there were: " + fmt::format("{}", fmt::join(seen, ", ")),
                     context));
  }

  // expect action NAME [to role R] [at TIME]: the instance sent it (committed to the outbox).
  void expect_action(const ir::TestStep& step) const {
    const std::optional<std::string> role = step.role ? std::optional<std::string>(eval(*step.role).as_text()) : std::nullopt;
    const std::optional<Instant> want = step.when ? std::optional<Instant>(eval(*step.when).as_time()) : std::nullopt;
    std::vector<std::string> seen;
    for (const Action& a : sent_) {
      if (a.name == step.action && (!role || a.role == *role) && (!want || a.at == *want)) return;
      seen.push_back(fmt::format("{}{} at {}", a.name, a.role.empty() ? "" : " to role \"" + a.role + "\"", shown(a.at)));
    }
    fail(fmt::format("expected action {}{}{}; {}", step.action, role ? " to role \"" + *role + "\"" : "",
                     want ? " at " + shown(*want) : "",
                     seen.empty() ? "no action was sent by " + shown(clock_.now())
                                  : "sent: " + fmt::format("{}", fmt::join(seen, "; "))));
  }

  // expect started W at TIME / expect started W N times: instances of the test's workflow.
  void expect_started(const ir::TestStep& step) const {
    std::vector<std::string> seen;
    for (Instant t : starts_) seen.push_back(shown(t));
    const std::string list = seen.empty() ? std::string("none") : fmt::format("{}", fmt::join(seen, ", "));
    if (step.when) {
      const Instant want = eval(*step.when).as_time();
      if (std::find(starts_.begin(), starts_.end(), want) != starts_.end()) return;
      fail(fmt::format("expected an instance of `{}` to start at {}; by {} these started: {}", workflow().name,
                       shown(want), shown(clock_.now()), list));
    }
    const std::int64_t want = eval(*step.value).as_int();
    if (static_cast<std::int64_t>(starts_.size()) == want) return;
    fail(fmt::format("expected {} instance{} of `{}` to have started by {}; {} did: {}", want, want == 1 ? "" : "s",
                     workflow().name, shown(clock_.now()), starts_.size(), list));
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
  std::vector<Action> sent_;  // every action the instance sent, in the order they went out
  std::set<std::string, std::less<>> sent_keys_;
  std::vector<Instant> starts_;  // when each instance of the test's workflow started
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
