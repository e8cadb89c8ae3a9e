// A test plugin written with the C++ wrapper: deduced signatures, exceptions, deadlines, config, sinks.
#include <docket/plugin.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace {

std::atomic<std::int64_t> events_seen{0};
std::string greeting = "hello";                 // from configuration
const docket_host_services* host = nullptr;     // kept from init, valid for the process

double tariff(std::string_view segment, std::int64_t kwh) {
  const double rate = segment == "business" ? 0.8 : 0.5;
  return rate * static_cast<double>(kwh);
}

bool is_long(const std::string& text, std::int64_t limit) { return static_cast<std::int64_t>(text.size()) > limit; }

std::string greet(std::string_view name) { return greeting + ", " + std::string(name); }

// Throws a std::exception: the message must reach the host.
std::int64_t explode(std::int64_t code) {
  throw std::runtime_error("meter register " + std::to_string(code) + " is unreadable");
}

// Throws something that is not a std::exception.
bool explode_oddly() { throw 42; }

// Blocks until the host says the deadline passed, then gives up.
std::int64_t slow(docket::sdk::Call& call, std::int64_t ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (call.should_cancel()) throw docket::sdk::cancelled("gave up waiting for the meter system");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return ms;
}

// The host clock in whole seconds since 1970.
std::int64_t now_seconds() { return docket::sdk::Host(host).now_unix_ns() / 1000000000; }

std::int64_t seen() { return events_seen.load(); }

// Registered without DOCKET_FLAG_THREAD_SAFE: the host must never run two of these at once.
std::atomic<int> inside{0};
std::int64_t exclusive() {
  if (inside.fetch_add(1) != 0) {
    --inside;
    throw std::runtime_error("entered concurrently");
  }
  std::this_thread::sleep_for(std::chrono::microseconds(50));
  --inside;
  return 1;
}

// Copies text through host memory (alloc_memory/free_memory via the RAII HostBuffer).
std::string through_host_memory(std::string_view text) {
  docket::sdk::HostBuffer buffer = docket::sdk::Host(host).allocate(text.size());
  // An empty view may carry a null pointer, and memcpy from null is undefined even for 0 bytes.
  if (!text.empty()) std::memcpy(buffer.get(), text.data(), text.size());
  return std::string(static_cast<const char*>(buffer.get()), text.size());
}

void count_event(const docket_event& event) {
  if (event.kind == DOCKET_EVENT_FAILED) throw std::runtime_error("audit store rejected a failure event");
  ++events_seen;
}

docket::sdk::Day weekdays_only(int year, unsigned month, unsigned day) {
  if (year < 2000) throw std::out_of_range("no data before 2000");
  (void)month;
  docket::sdk::Day d;
  d.working = day % 7 != 0;  // a toy rule, enough to see periods and notes cross
  if (d.working) d.periods = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  else d.note = "rest day";
  return d;
}

void init(docket::sdk::Registrar& r) {
  host = r.services();
  if (auto g = r.config_text("greeting")) greeting = *g;
  if (r.config_bool("refuse").value_or(false)) throw std::runtime_error("configured to refuse");
  r.function<&tariff>("w.tariff");
  r.function<&is_long>("w.is_long");
  r.function<&greet>("w.greet", docket::sdk::thread_safe);
  r.function<&explode>("w.explode");
  r.function<&explode_oddly>("w.explode_oddly");
  r.function<&slow>("w.slow", docket::sdk::may_block, 30);
  r.function<&now_seconds>("w.now_seconds", 0);
  r.function<&seen>("w.events_seen", docket::sdk::thread_safe);
  r.function<&exclusive>("w.exclusive", 0);
  r.function<&through_host_memory>("w.through_host_memory", docket::sdk::pure);
  r.event_sink<&count_event>("w.audit");
  r.calendar<&weekdays_only>("w-toy", "Asia/Shanghai");
}

}  // namespace

DOCKET_PLUGIN("wrapper", "2.0.0", init)
