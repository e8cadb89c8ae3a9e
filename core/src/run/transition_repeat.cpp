// Transition `repeat` series: when the next instance of a series starts, and handing it to the engine.
#include <fmt/format.h>

#include <limits>

#include "docket/core/calendar_months.hpp"
#include "eval/eval_error.hpp"
#include "run/transition.hpp"

namespace docket::detail {

Instant Transition::series_point(Instant origin, const Duration& d, std::int64_t k, std::string_view what) const {
  std::int64_t amount = 0;
  if (__builtin_mul_overflow(d.amount, k, &amount)) {
    throw EvalError(fmt::format("`{}`: {} × {} is too far in the future", what, k, to_string(d)));
  }
  if (d.is_clock()) {
    std::int64_t at = 0;
    if (__builtin_add_overflow(origin.time_since_epoch().count(), amount, &at)) {
      throw EvalError(fmt::format("`{}`: {} × {} is too far in the future", what, k, to_string(d)));
    }
    return Instant{std::chrono::seconds{at}};
  }
  if (!d.is_months()) {
    throw EvalError(fmt::format("`{}` is {}: a series repeats in clock time or calendar months, not business time "
                                "(write days such as `7d`, or months)",
                                what, to_string(d)));
  }
  const ir::Workflow& wf = workflow();
  std::string zone;
  if (!wf.calendar.empty()) {
    const BusinessClock* calendar = workflow_calendar();
    if (calendar == nullptr) {
      throw EvalError(fmt::format("workflow `{}` repeats in months on calendar `{}`, which is not loaded: run with the "
                                  "docket.toml that defines it under [calendars]",
                                  wf.name, wf.calendar));
    }
    zone = calendar->time_zone();
  }
  try {
    return add_months(origin, amount, zone);
  } catch (const CalendarError& e) {
    throw EvalError(e.what());
  }
}

std::string Transition::plan_repeat() {
  const ir::Repeat& r = *workflow().repeat;
  SeriesState& s = *st_.series;
  Environment env = environment();
  const Value every_value = evaluator().evaluate(*r.every, env);
  if (!every_value.holds<Duration>()) {
    throw EvalError(fmt::format("`repeat every` must be a duration, got {}", to_string(every_value)));
  }
  const Duration every = every_value.as_duration();
  if (every.amount <= 0) throw EvalError(fmt::format("`repeat every {}` must be longer than nothing", to_string(every)));
  const std::int64_t k = static_cast<std::int64_t>(s.occurrence) + 1;
  const Instant next = series_point(s.origin, every, k, "repeat every");
  bool more = false;
  std::string place = fmt::format("occurrence {}", k);
  std::string rhythm = fmt::format("every {}", to_string(every));
  if (r.window) {
    const Value window_value = evaluator().evaluate(*r.window, env);
    if (!window_value.holds<Duration>()) {
      throw EvalError(fmt::format("`repeat ... for` must be a duration, got {}", to_string(window_value)));
    }
    const Duration window = window_value.as_duration();
    const Instant end = series_point(s.origin, window, 1, "repeat ... for");
    more = next < end;
    rhythm += fmt::format(" for {} (until {})", to_string(window), to_string(Value(end)));
  } else {
    const Value times_value = evaluator().evaluate(*r.times, env);
    if (!times_value.holds<std::int64_t>()) {
      throw EvalError(fmt::format("`repeat ... times` must be a whole number, got {}", to_string(times_value)));
    }
    more = k < times_value.as_int();
    place += fmt::format(" of {}", times_value.as_int());
  }
  if (k > std::numeric_limits<std::uint32_t>::max()) more = false;
  s.next = more ? std::optional<Instant>(next) : std::nullopt;
  return fmt::format("{} of a series repeated {} from {}{}: {}", place, rhythm, to_string(Value(s.origin)),
                     s.previous != 0 ? fmt::format(", started by instance {}", s.previous) : std::string(),
                     more ? fmt::format("the next starts at {}", to_string(Value(next))) : std::string("the last"));
}

void Transition::fire_repeat() {
  SeriesState& s = *st_.series;
  out_.repeats.push_back(RepeatStart{st_.id, st_.workflow, st_.version, st_.params,
                                     SeriesState{s.origin, s.occurrence + 1, std::nullopt, st_.id}});
  s.next.reset();
}

}  // namespace docket::detail
