// crash_receiver: the crash harness's outside world — an action receiver that honours idempotency keys, and a flaky function.
#include <docket/plugin.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace {

// Every delivery is appended to `deliveries`; the effect of each idempotency key is applied once,
// appended to `effects` (read back at init, so a restarted process still knows what it applied).
// Appends are single write(2) calls: what the kernel took survives the process being killed.
struct Receiver {
  std::mutex mutex;
  std::set<std::string, std::less<>> applied;
  int deliveries = -1;
  int effects = -1;
  const docket_host_services* host = nullptr;
  std::string stall_file;  // while this file exists, `stall_in` waits (the takeover benchmark's stalled process)
  std::string stall_in;    // "deliver" or "flaky"
};

Receiver& receiver() {
  static Receiver* r = new Receiver();  // never destroyed: the library is never unloaded
  return *r;
}

void append(int fd, const std::string& line) {
  if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    throw docket::sdk::retry("the receiver could not write its log");
  }
}

// With `stall_file` and `stall_in` configured: `stall_in` (deliver or flaky) waits while that file
// exists (at most two minutes), so that a test can kill the process in the middle of a delivery or
// of a timer's firing.
void stall(std::string_view in) {
  const std::string& file = receiver().stall_file;
  if (file.empty() || receiver().stall_in != in) return;
  for (int i = 0; i < 24000 && ::access(file.c_str(), F_OK) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// rx.deliver(ticket, what): one action of the outside world (a crew dispatch, an SMS, an escalation).
void deliver(docket::sdk::ActionCall& call, std::string_view ticket, std::string_view what) {
  stall("deliver");
  Receiver& r = receiver();
  std::lock_guard<std::mutex> lock(r.mutex);
  const std::string key(call.idempotency_key());
  append(r.deliveries, key + "\n");
  if (r.applied.count(key) != 0) return;  // delivered again after a crash: already applied
  append(r.effects, key + " " + std::string(ticket) + " " + std::string(what) + "\n");
  r.applied.insert(key);
}

// rx.flaky(n) -> bool: true, but fails in one minute of five (by the engine's clock), so that the
// instances calling it fail and are retried a minute later.
bool flaky(std::int64_t n) {
  stall("flaky");
  const std::int64_t minute = docket::sdk::Host(receiver().host).now_unix_ns() / 60'000'000'000;
  if ((minute + n) % 5 == 0) throw std::runtime_error("the district system is down this minute");
  return true;
}

void init(docket::sdk::Registrar& r) {
  Receiver& rx = receiver();
  rx.host = r.services();
  const std::optional<std::string> deliveries = r.config_text("deliveries");
  const std::optional<std::string> effects = r.config_text("effects");
  if (!deliveries || !effects) throw std::invalid_argument("crash_receiver needs `deliveries` and `effects` paths");
  rx.stall_file = r.config_text("stall_file").value_or("");
  rx.stall_in = r.config_text("stall_in").value_or("");
  {
    std::ifstream in(*effects);
    std::string key;
    std::string rest;
    while (in >> key && std::getline(in, rest)) rx.applied.insert(key);
  }
  rx.deliveries = ::open(deliveries->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  rx.effects = ::open(effects->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (rx.deliveries < 0 || rx.effects < 0) throw std::runtime_error("crash_receiver cannot open its logs");
  r.action<&deliver>("rx.deliver", docket::sdk::thread_safe, 5000);
  r.function<&flaky>("rx.flaky", docket::sdk::thread_safe);
}

}  // namespace

DOCKET_PLUGIN("crash_receiver", "1.0.0", init)
