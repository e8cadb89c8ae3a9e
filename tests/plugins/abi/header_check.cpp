// Compiled by ctest as C++17 and C++20 with -Wall -Wextra -Wpedantic -Werror: plugin.h and plugin.hpp.
#include <docket/plugin.h>
#include <docket/plugin.hpp>

#include <cstdint>
#include <string>
#include <string_view>

static_assert(sizeof(docket_value) == 24, "docket_value is frozen");
static_assert(std::is_nothrow_invocable_v<docket_function_fn, docket_call_context*, const docket_value*, size_t,
                                          docket_value*>,
              "callbacks are noexcept in C++17 and later");

namespace {

double tariff(std::string_view segment, std::int64_t kwh) { return segment.empty() ? 0.0 : static_cast<double>(kwh); }
std::string echo(docket::sdk::Call& call, const std::string& text, bool loud) {
  call.log(DOCKET_LOG_DEBUG, text);
  return loud ? text + "!" : text;
}
void act(docket::sdk::ActionCall& call, std::int64_t n) { (void)call.attempt(); (void)n; }
docket::sdk::Day day(int, unsigned, unsigned) { return {}; }
void sink(const docket_event&) {}

void init(docket::sdk::Registrar& r) {
  r.function<&tariff>("h.tariff");
  r.function<&echo>("h.echo", docket::sdk::thread_safe);
  r.action<&act>("h.act");
  r.calendar<&day>("h-cal", "UTC");
  r.event_sink<&sink>("h.sink");
}

}  // namespace

DOCKET_PLUGIN("header_check", "0", init)
