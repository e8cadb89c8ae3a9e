// advance_to: moves a virtual clock forward timer by timer, firing each at its own due time.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "docket/core/engine.hpp"

namespace docket {

void advance_to(Engine& engine, VirtualClock& clock, Instant until) {
  if (until < clock.now()) {
    throw EngineError(fmt::format("cannot move the clock back from {} to {}", to_string(Value(clock.now())),
                                  to_string(Value(until))));
  }
  engine.fire_due_timers();  // anything already overdue fires at the current time
  int waits = 0;
  for (std::optional<Instant> next = engine.next_timer(); next && *next <= until; next = engine.next_timer()) {
    if (*next <= clock.now() && engine.store() != nullptr && engine.store()->shared() && ++waits < 200) {
      // Another process is claiming it this moment (its claim not yet committed): it is theirs to
      // fire, and next_timer() stops reporting it once their claim is visible.
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
      engine.fire_due_timers();
      continue;
    }
    if (*next <= clock.now()) {
      // fire_due_timers() fires everything due by now (timers a firing sets for now included), so
      // what is still due did not fire: say so rather than spin.
      throw EngineError(fmt::format("something due at {} did not fire (an instance that cannot be read?)",
                                    to_string(Value(*next))));
    }
    clock.set(*next);
    engine.fire_due_timers();
  }
  clock.set(until);
}

}  // namespace docket
