// site_schedule_meter: the site.schedule_meter action (a meter-scheduling connector), with the C++ wrapper.
#include <docket/plugin.hpp>

#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

// The connector's state: which deliveries were already carried out (by idempotency key), and
// where the scheduling system lives. Guarded by a mutex: the action is registered thread-safe.
struct Connector {
  std::mutex mutex;
  std::set<std::string, std::less<>> done;
  std::string endpoint = "meter-scheduling.local";
  std::int64_t busy_attempts = 2;  // how often an "BUSY-" application is refused before it goes through
};

Connector& connector() {
  static Connector* c = new Connector();  // never destroyed: the library is never unloaded
  return *c;
}

// site.schedule_meter(application id). A stand-in for the real system: applications whose id
// starts with "BUSY-" meet a busy system on the first attempts (a transient failure the host
// retries with backoff); an empty id is a permanent failure.
void schedule_meter(docket::sdk::ActionCall& call, std::string_view app_id) {
  if (app_id.empty()) throw std::invalid_argument("site.schedule_meter: the application id is empty");
  Connector& c = connector();
  std::lock_guard<std::mutex> lock(c.mutex);
  if (c.done.count(call.idempotency_key()) != 0) return;  // delivered before: do it at most once
  if (app_id.substr(0, 5) == "BUSY-" && static_cast<std::int64_t>(call.attempt()) <= c.busy_attempts) {
    throw docket::sdk::retry("meter scheduling system at " + c.endpoint + " is busy (attempt " +
                             std::to_string(call.attempt()) + ")");
  }
  c.done.emplace(call.idempotency_key());
  call.log(DOCKET_LOG_DEBUG, "scheduled meter installation for " + std::string(app_id) + " at " + c.endpoint +
                                " (key " + std::string(call.idempotency_key()) + ")");
}

// site.meters_scheduled() -> int: how many installations this process has scheduled (not pure).
std::int64_t meters_scheduled() {
  Connector& c = connector();
  std::lock_guard<std::mutex> lock(c.mutex);
  return static_cast<std::int64_t>(c.done.size());
}

void init(docket::sdk::Registrar& r) {
  Connector& c = connector();
  if (auto endpoint = r.config_text("endpoint")) c.endpoint = *endpoint;
  if (auto busy = r.config_int("busy_attempts")) c.busy_attempts = *busy;
  r.action<&schedule_meter>("site.schedule_meter", docket::sdk::thread_safe | docket::sdk::may_block, 5000);
  r.function<&meters_scheduled>("site.meters_scheduled", docket::sdk::thread_safe);
}

}  // namespace

DOCKET_PLUGIN("site_schedule_meter", "1.0.0", init)
