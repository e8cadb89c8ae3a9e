// Simulation: many instances of a program's workflows on one engine and a virtual clock.
//
// A simulation drives ONE Engine with many instances, from either
//   - a Profile: tickets arrive per workflow and day; each step, once entered, is completed after a
//     duration drawn from a distribution, with outcomes drawn from weighted choices, and events
//     (customer_pending, then customer_ready) may be signalled after a delay; or
//   - a Recording: timed host operations (start, complete, signal) read from recorded history.
// Between host operations the clock moves with advance_to(), so SLA warnings, breaches and
// escalations fire at their exact due times. The result holds, per ticket, how each SLA ended.
//
// Determinism: every random draw comes from a stream keyed by (seed, ticket, step, visit, purpose),
// not from one shared generator, so the same seed gives the same arrivals and the same durations
// under a changed program or calendar (what-if), whatever order the engine then takes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/engine.hpp"
#include "docket/core/extensions.hpp"
#include "docket/core/program.hpp"
#include "docket/core/sla.hpp"
#include "docket/core/value.hpp"

namespace docket::sim {

// A distribution of clock durations, in seconds.
struct Distribution {
  enum class Kind : std::uint8_t { fixed, uniform, exponential, lognormal };
  Kind kind = Kind::fixed;
  double a = 0;  // fixed: the value; uniform: min; exponential: mean; lognormal: median
  double b = 0;  // uniform: max; lognormal: 95th percentile
};

using Outcomes = std::map<std::string, Value, std::less<>>;

struct OutcomeChoice {
  double weight = 1;
  Outcomes outcomes;
};

// When a step is entered the first time, with `probability` the event `signal` arrives `after` later
// (if the step is still active then); `then` (optional) arrives `then_after` after that.
struct EventPlan {
  std::string signal;
  double probability = 0;
  Distribution after;
  std::string then;
  Distribution then_after;
};

struct StepPlan {
  std::string step;
  Distribution duration;
  std::vector<OutcomeChoice> outcomes;  // empty: the step completes with no outcomes
  std::vector<EventPlan> events;
};

// A ticket's data changes while it runs (a complaint upgraded, a customer re-classified): with
// `probability`, `after` its start the field at `path` (a parameter, then record fields) takes
// `value`, through Engine::update, so running SLAs are re-targeted keeping their elapsed time.
struct UpdatePlan {
  std::vector<std::string> path;
  Value value;
  double probability = 0;
  Distribution after;
};

struct InputChoice {
  double weight = 1;
  std::vector<Value> args;  // one per workflow parameter
};

// How a ticket is put in a report segment: a decision applied to a field path of the arguments
// (`decision = "segment"`, `path = {"app", "customer"}`), or the field's own value.
struct SegmentRule {
  std::string decision;           // empty: the value at `path`
  std::vector<std::string> path;  // a parameter name, then record fields; empty: no segments
};

enum class Arrivals : std::uint8_t {
  uniform,  // exactly tickets_per_day each day, at times uniform within the daily window
  poisson,  // a Poisson process: the day's count is Poisson(tickets_per_day), times uniform
};

struct WorkflowPlan {
  std::string workflow;
  double tickets_per_day = 0;
  Arrivals arrivals = Arrivals::uniform;
  std::chrono::seconds window_from{0};               // daily window, from local midnight
  std::chrono::seconds window_to{std::chrono::hours(24)};
  std::vector<InputChoice> inputs;
  std::vector<StepPlan> steps;  // steps not listed complete at once, with no outcomes
  std::vector<UpdatePlan> updates;
  SegmentRule segment;
};

struct Profile {
  std::vector<Instant> days;  // local midnight of each day of the period, in order
  std::uint64_t seed = 1;
  std::vector<WorkflowPlan> workflows;
};

// Recorded history: timed host operations for many tickets, in time order.
enum class OpKind : std::uint8_t { start, complete, signal, wait };

struct HostOp {
  Instant at;
  OpKind kind = OpKind::wait;
  std::uint32_t ticket = 0;  // index into Recording::tickets
  std::string name;          // workflow, step or event
  std::vector<Value> args;   // start
  Outcomes outcomes;         // complete
  std::size_t line = 0;      // where it was read (for messages)
};

struct Recording {
  std::vector<std::string> tickets;  // labels
  std::vector<HostOp> ops;
  std::map<std::string, SegmentRule, std::less<>> segments;  // by workflow name, optional
};

// How one SLA clock of one ticket ended (or stood when the simulation stopped).
struct SlaResult {
  std::uint16_t sla = 0;  // index in the workflow's slas
  SlaPhase phase = SlaPhase::idle;
  bool breached = false;
  bool business = false;
  std::int32_t level = 0;
  std::uint16_t warnings = 0;
  std::chrono::seconds elapsed{0};        // counted: working seconds for business SLAs
  std::chrono::seconds clock_elapsed{0};  // wall time while counting
  std::chrono::seconds budget{0};         // the target in counted seconds (the last one, after re-targets)
  std::optional<Instant> breached_at;     // when the due time passed while counting
  std::optional<Instant> escalated_at;    // the first escalation to level 1 or more
};

struct TicketResult {
  std::string label;
  std::uint16_t workflow = 0;  // index in the program's workflows
  std::string segment;         // empty when the workflow has no segment rule
  bool finished = false;
  bool failed = false;
  std::uint16_t deadlines_missed = 0;  // step `within` deadlines that passed
  Instant started;
  std::optional<Instant> ended;
  std::vector<SlaResult> slas;
};

struct Result {
  std::vector<TicketResult> tickets;
  std::uint64_t host_ops = 0;     // starts, completions and signals applied
  std::uint64_t skipped_ops = 0;  // completions and signals the instance was not waiting for
  Instant finished_at;            // the clock when the simulation stopped
};

// A problem with the profile or recording against this program (unknown workflow, step, outcome,
// a segment path that does not exist); the message names it and the fix.
class SimError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads a segment rule as profiles and `--segment` write it: a field path of the arguments
// ("f.customer.area") or a decision applied to one ("segment(app.customer)"); nullopt when the
// text is neither.
[[nodiscard]] std::optional<SegmentRule> parse_segment_rule(std::string_view text);

// Checks a segment rule against a workflow of the program: the parameter, the fields on the path,
// and a decision taking one value of the field's type. Throws SimError naming what is wrong.
void check_segment_rule(const Program& program, std::string_view workflow, const SegmentRule& rule);

// Runs generated arrivals. `calendars` may be null (business SLAs then set no timers).
// `mode` picks the evaluator of the engine and the segment decisions (every mode answers alike).
[[nodiscard]] Result simulate(const std::shared_ptr<const Program>& program, const CalendarRegistry* calendars,
                              const Profile& profile, EvalMode mode = EvalMode::automatic);
// Replays recorded operations. Completions and signals that the instance is not waiting for (it
// may be under a what-if definition) are skipped and counted.
[[nodiscard]] Result replay(const std::shared_ptr<const Program>& program, const CalendarRegistry* calendars,
                            const Recording& recording, EvalMode mode = EvalMode::automatic);

}  // namespace docket::sim
