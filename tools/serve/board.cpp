// The SLA board: every open instance's SLA clocks reduced to its worst state, counted by workflow.
#include "serve/board.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "docket/core/clock.hpp"

namespace docket::serve {

namespace {

// Worst first: what a supervisor (督办) looks at first.
constexpr std::array<const char*, 7> kStates{"escalated", "breached", "warned", "running", "paused", "idle", "none"};

std::size_t rank(std::string_view state) {
  return static_cast<std::size_t>(std::find(kStates.begin(), kStates.end(), state) - kStates.begin());
}

std::string sla_state(const SlaStatus& s) {
  if (s.level > 0) return "escalated";
  if (s.breached) return "breached";
  const bool counting = s.phase == SlaPhase::running || s.phase == SlaPhase::paused;
  const bool warned = std::any_of(s.ledger.begin(), s.ledger.end(), [](const SlaEvent& e) { return e.kind == SlaEventKind::warned; });
  if (counting && warned) return "warned";
  if (s.phase == SlaPhase::running) return "running";
  if (s.phase == SlaPhase::paused) return "paused";
  if (s.phase == SlaPhase::idle) return "idle";
  return "none";  // stopped or cancelled in time
}

struct Ticket {
  StoredInstance stored;
  InstanceStatus status;
  std::vector<SlaStatus> slas;
  std::string worst = "none";
};

// Every open instance with its clocks; `finished` (when given) counts the others by workflow, from the
// same scan of the store.
std::vector<Ticket> open_tickets(const Engine& engine, const Store& store,
                                 std::map<std::string, std::size_t>* finished = nullptr) {
  std::vector<Ticket> out;
  for (StoredInstance& i : store.instances()) {
    if (!i.open) {
      if (finished != nullptr) ++(*finished)[i.workflow];
      continue;
    }
    Ticket t;
    try {
      t.status = engine.status(i.id);
      t.slas = engine.slas(i.id);
    } catch (const EngineError& e) {  // an instance that cannot be read: shown as failed with why
      t.status.workflow = i.workflow;
      t.status.error = e.what();
    }
    for (const SlaStatus& s : t.slas) {
      const std::string state = sla_state(s);
      if (rank(state) < rank(t.worst)) t.worst = state;
    }
    t.stored = std::move(i);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::string board_json(const Engine& engine, const Store& store, const std::string& zone) {
  using Json = nlohmann::ordered_json;
  const std::vector<Ticket> tickets = open_tickets(engine, store);
  std::map<std::string, std::map<std::string, std::size_t>> by_workflow;
  std::map<std::string, std::size_t> totals;
  Json list = Json::array();
  for (const Ticket& t : tickets) {
    auto& counts = by_workflow[t.status.workflow];
    ++counts["open"];
    ++totals["open"];
    if (!t.status.error.empty()) {
      ++counts["failed"];
      ++totals["failed"];
    }
    ++counts[t.worst];
    ++totals[t.worst];
    Json slas = Json::array();
    for (const SlaStatus& s : t.slas) {
      const std::string state = sla_state(s);
      slas.push_back({{"name", s.name},
                      {"phase", sla_phase_name(s.phase)},
                      {"state", state},
                      {"due", s.due ? Json(format_rfc3339(*s.due, zone)) : Json(nullptr)},
                      {"breached", s.breached},
                      {"level", s.level}});
    }
    list.push_back({{"instance", t.stored.id},
                    {"workflow", t.status.workflow},
                    {"state", t.status.error.empty() ? "open" : "failed"},
                    {"active", t.status.active},
                    {"worst", t.worst},
                    {"error", t.status.error.empty() ? Json(nullptr) : Json(t.status.error)},
                    {"slas", std::move(slas)}});
  }
  auto row = [](const std::map<std::string, std::size_t>& counts) {
    Json r = Json::object();
    for (const char* key : {"open", "failed"}) r[key] = counts.contains(key) ? counts.at(key) : 0;
    for (const char* key : kStates) r[key] = counts.contains(key) ? counts.at(key) : 0;
    return r;
  };
  Json workflows = Json::array();
  for (const auto& [name, counts] : by_workflow) {
    Json r = {{"workflow", name}};
    r.update(row(counts));
    workflows.push_back(std::move(r));
  }
  return Json({{"totals", row(totals)}, {"workflows", std::move(workflows)}, {"tickets", std::move(list)}})
      .dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string board_metrics(const Engine& engine, const Store& store, Instant now) {
  std::map<std::pair<std::string, std::string>, std::size_t> instances;  // (workflow, state)
  std::map<std::pair<std::string, std::string>, std::size_t> tickets;    // (workflow, worst SLA state)
  std::map<std::string, std::size_t> finished;
  for (const Ticket& t : open_tickets(engine, store, &finished)) {
    ++instances[{t.stored.workflow, "open"}];
    ++tickets[{t.status.workflow, t.worst}];
    if (!t.status.error.empty()) ++instances[{t.status.workflow, "failed"}];
  }
  for (const auto& [workflow, n] : finished) instances[{workflow, "finished"}] += n;
  std::string out = "# HELP docket_instances Instances in the store by workflow and state (failed ones are also open).\n"
                    "# TYPE docket_instances gauge\n";
  for (const auto& [key, n] : instances) out += fmt::format("docket_instances{{workflow=\"{}\",state=\"{}\"}} {}\n", key.first, key.second, n);
  out += "# HELP docket_open_tickets Open instances by workflow and their worst SLA state.\n# TYPE docket_open_tickets gauge\n";
  for (const auto& [key, n] : tickets) out += fmt::format("docket_open_tickets{{workflow=\"{}\",sla_state=\"{}\"}} {}\n", key.first, key.second, n);
  out += "# HELP docket_outbox_actions Actions in the outbox by delivery state.\n# TYPE docket_outbox_actions gauge\n";
  std::map<DeliveryState, std::size_t> by_state;  // one read of the outbox, counted by state
  for (const OutboxEntry& e : store.outbox(0, std::nullopt)) ++by_state[e.state];
  for (DeliveryState s : {DeliveryState::pending, DeliveryState::failed, DeliveryState::delivered, DeliveryState::dead}) {
    out += fmt::format("docket_outbox_actions{{state=\"{}\"}} {}\n", delivery_state_name(s), by_state[s]);
  }
  const std::optional<Instant> due = engine.next_timer();
  const long long lag = due && *due < now ? static_cast<long long>((now - *due).count()) : 0;
  out += "# HELP docket_timer_lag_seconds How long the earliest due timer or delivery has waited past its time.\n"
         "# TYPE docket_timer_lag_seconds gauge\n";
  out += fmt::format("docket_timer_lag_seconds {}\n", lag);
  return out;
}

}  // namespace docket::serve
