// Test fixture: a workflow that uses every part of an instance's state, played as a script of timed operations.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "docket/core/store.hpp"
#include "sla_fixture.hpp"

namespace docket::test {

// Parallel branches and a join, a wait, outcomes, `within` deadlines (clock and business time), an
// SLA with a pause, a warning, a two-rung ladder and a reset, and a guard that divides by an
// outcome (zero fails the instance, which is then retried).
inline const std::string kEverything = std::string(kTicket) + R"(
workflow w(t: Ticket) {
  calendar "cn"
  sla reply {
    target reply_limit(t.kind)
    from start until close
    pause while waiting
    reset at reopen
    warn at 50%     -> notify role "lead"
    breach          -> escalate level 1 to role "manager"
    breach after 2h -> escalate level 2 to role "director"
  }
  step accept by role "counter" within 2h outcome crews: int
  parallel both
  step fix    by role "crew" within 1 workday
  step tell   by role "counter"
  join ready
  wait waiting
  step close  by role "counter" outcome satisfied: bool
  step reopen by role "lead"
  end done, dropped
  flow {
    start -> accept
    accept -> both    when 12 / accept.crews > 0
    accept -> dropped otherwise
    both -> fix -> ready
    both -> tell -> ready
    ready -> waiting
    waiting -> close on back
    close -> done   when close.satisfied
    close -> reopen otherwise
    reopen -> close
  }
}
)";

// One line of a script: at a time (Shanghai), after the timers due by then have fired.
struct ScriptLine {
  const char* at;
  std::function<void(Engine&, std::vector<InstanceId>&)> op;  // null: only let time pass
};

inline std::map<std::string, Value, std::less<>> outcome(const std::string& name, Value v) {
  std::map<std::string, Value, std::less<>> m;
  m.emplace(name, std::move(v));
  return m;
}

}  // namespace docket::test
