// An instance's status, SLA clocks, audit trail and actions as JSON (RFC 3339 times in the host's zone).
#include "docket/host/instance_json.hpp"

#include <nlohmann/json.hpp>

#include "docket/core/clock.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/store.hpp"

namespace docket::host {

namespace {

using Json = nlohmann::ordered_json;

Json instant(const std::optional<Instant>& t, std::string_view zone) {
  return t ? Json(format_rfc3339(*t, zone)) : Json(nullptr);
}

// Never throws on text that is not UTF-8 (a plugin's error message, say): such bytes become U+FFFD.
std::string text(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json trace_entry(const TraceEntry& t, std::string_view zone) {
  Json j = {{"at", format_rfc3339(t.at, zone)}, {"instance", t.instance}, {"kind", trace_kind_name(t.kind)},
            {"node", t.node}, {"detail", t.full_detail()}};
  if (t.due) j["due"] = format_rfc3339(*t.due, zone);
  return j;
}

Json action_object(const Action& a, std::string_view zone) {
  Json args = Json::array();
  for (const Value& v : a.args) args.push_back(Json::parse(value_to_json_text(v), nullptr, false));
  return {{"instance", a.instance},
          {"name", a.name},
          {"key", a.idempotency_key},
          {"at", format_rfc3339(a.at, zone)},
          {"args", std::move(args)},
          {"role", a.role.empty() ? Json(nullptr) : Json(a.role)},
          {"sla", a.sla.empty() ? Json(nullptr) : Json(a.sla)},
          {"level", a.level}};
}

}  // namespace

std::string action_json(const Action& action, std::string_view zone) { return text(action_object(action, zone)); }

std::string status_json(InstanceId id, const InstanceStatus& s, std::string_view zone) {
  const char* state = !s.error.empty() ? "failed" : s.finished ? "finished" : "open";
  Json j = {{"instance", id},          {"workflow", s.workflow}, {"version", s.version},
            {"state", state},          {"active", s.active},     {"end", s.finished ? Json(s.end) : Json(nullptr)},
            {"error", s.error.empty() ? Json(nullptr) : Json(s.error)},
            {"retries", s.retries},    {"retry_at", instant(s.retry_at, zone)},
            {"escalation_level", s.escalation_level}};
  return text(j);
}

std::string slas_json(const std::vector<SlaStatus>& slas, std::string_view zone) {
  Json out = Json::array();
  for (const SlaStatus& s : slas) {
    Json ledger = Json::array();
    for (const SlaEvent& e : s.ledger) {
      Json entry = {{"event", sla_event_name(e.kind)}, {"at", format_rfc3339(e.at, zone)}};
      if (e.level != 0) entry["level"] = e.level;
      ledger.push_back(std::move(entry));
    }
    out.push_back({{"name", s.name},
                   {"phase", sla_phase_name(s.phase)},
                   {"target", to_string(s.target)},
                   {"business", s.business},
                   {"started", instant(s.started, zone)},
                   {"due", instant(s.due, zone)},
                   {"ended", instant(s.ended, zone)},
                   {"breached", s.breached},
                   {"level", s.level},
                   {"elapsed_seconds", s.elapsed.count()},
                   {"clock_elapsed_seconds", s.clock_elapsed.count()},
                   {"budget_seconds", s.budget.count()},
                   {"ledger", std::move(ledger)}});
  }
  return text(out);
}

std::string trail_json(const std::vector<TraceEntry>& trail, std::string_view zone) {
  Json out = Json::array();
  for (const TraceEntry& t : trail) out.push_back(trace_entry(t, zone));
  return text(out);
}

std::string actions_json(const std::vector<OutboxEntry>& actions, std::string_view zone) {
  Json out = Json::array();
  for (const OutboxEntry& o : actions) {
    Json j = action_object(o.action, zone);
    j["channel"] = o.channel == ActionChannel::host ? "host" : "plugin";
    j["state"] = delivery_state_name(o.state);
    j["attempts"] = o.attempts;
    j["next_at"] = format_rfc3339(o.next_at, zone);
    j["error"] = o.last_error.empty() ? Json(nullptr) : Json(o.last_error);
    j["delivered_at"] = instant(o.delivered_at, zone);
    out.push_back(std::move(j));
  }
  return text(out);
}

}  // namespace docket::host
