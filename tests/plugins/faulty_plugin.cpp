// A test plugin that misbehaves on purpose: segfaults, aborts, throws through the C ABI, loops without
// polling should_cancel, exits, overflows its stack, and returns broken results. Written against plugin.h
// alone (no wrapper), so nothing catches its exceptions. Configuration: `arm_file` (while that file
// exists, f.armed and the action, calendar and sink commit the fault its first word names) and `init`
// (a fault to commit during init).
#include <docket/plugin.h>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace {

const docket_host_services* host = nullptr;
std::string arm_file;
std::atomic<std::int64_t> events_seen{0};

// Kept out of line so that the compiler cannot see the fault coming.
[[gnu::noinline]] void raise_exception(const char* what) { throw std::runtime_error(what); }

[[gnu::noinline]] int recurse(int depth) {
  if (depth < 0) return 0;  // never: the stack runs out first
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  return recurse(depth + 1) + frame[0];
}

// Commits the fault `how` names; returns for "ok" (and for names it does not know).
void commit_fault(const std::string& how) {
  if (how == "segv") {
    volatile int* nowhere = nullptr;
    *nowhere = 1;
  } else if (how == "abort") {
    std::abort();
  } else if (how == "throw") {
    raise_exception("the meter register is unreadable");  // through a noexcept callback: std::terminate
  } else if (how == "loop") {
    static std::atomic<std::uint64_t> spins{0};
    for (;;) spins.fetch_add(1, std::memory_order_relaxed);
  } else if (how == "exit") {
    ::_exit(3);
  } else if (how == "stack") {
    (void)recurse(0);
  }
}

// The fault named by the arm file's first word, or "ok" when it does not exist.
std::string armed_fault() {
  if (arm_file.empty()) return "ok";
  std::FILE* f = std::fopen(arm_file.c_str(), "r");
  if (f == nullptr) return "ok";
  char word[32] = {};
  const int read = std::fscanf(f, "%31s", word);
  std::fclose(f);
  return read == 1 ? std::string(word) : std::string("ok");
}

std::string text_of(const docket_value& v) { return v.text.size == 0 ? std::string() : std::string(v.text.data, v.text.size); }

docket_status set_int(docket_value* result, std::int64_t value) {
  result->kind = DOCKET_TYPE_INT;
  result->integer = value;
  return DOCKET_OK;
}

// f.crash(how: text) -> int
docket_status crash(docket_call_context*, const docket_value* args, size_t, docket_value* result) noexcept {
  commit_fault(text_of(args[0]));
  return set_int(result, 1);
}

// f.armed(x: int) -> int: x + 1, unless the arm file names a fault.
docket_status armed(docket_call_context*, const docket_value* args, size_t, docket_value* result) noexcept {
  commit_fault(armed_fault());
  return set_int(result, args[0].integer + 1);
}

// f.stubborn(ms: int) -> int, with a 50 ms deadline it never polls.
docket_status stubborn(docket_call_context*, const docket_value* args, size_t, docket_value* result) noexcept {
  ::usleep(static_cast<useconds_t>(args[0].integer) * 1000);
  return set_int(result, args[0].integer);
}

// f.polite(ms: int) -> int, with a 50 ms deadline it polls.
docket_status polite(docket_call_context* ctx, const docket_value* args, size_t, docket_value* result) noexcept {
  for (std::int64_t waited = 0; waited < args[0].integer; ++waited) {
    if (ctx->should_cancel(ctx)) {
      ctx->set_error(ctx, "gave up waiting for the meter system");
      return DOCKET_CANCELLED;
    }
    ::usleep(1000);
  }
  return set_int(result, args[0].integer);
}

// f.null_text() -> text: a text view with a NULL pointer and a size.
docket_status null_text(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  result->kind = DOCKET_TYPE_TEXT;
  result->text.data = nullptr;
  result->text.size = 5;
  return DOCKET_OK;
}

// f.wild_text() -> text: a text view pointing at memory that is not mapped.
docket_status wild_text(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  result->kind = DOCKET_TYPE_TEXT;
  result->text.data = reinterpret_cast<const char*>(std::uintptr_t{16});
  result->text.size = 64;
  return DOCKET_OK;
}

// f.number_for_text() -> text, but returns a number.
docket_status number_for_text(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  result->kind = DOCKET_TYPE_NUMBER;
  result->number = 2.5;
  return DOCKET_OK;
}

// f.scribble(how: text) -> int: writes on descriptor 4 (a helper's socket to the engine) before
// answering: "noise" (bytes that are no frame) or "frame" (a well-formed frame the engine never asked
// for). Only ever call it isolated.
docket_status scribble(docket_call_context*, const docket_value* args, size_t, docket_value* result) noexcept {
  const std::string how = text_of(args[0]);
  if (how == "noise") {
    const char noise[16] = {'\xff', '\xff', '\xff', '\xff', 'g', 'a', 'r', 'b', 'a', 'g', 'e'};
    (void)!::write(4, noise, sizeof noise);
  } else if (how == "frame") {
    const char frame[5] = {1, 0, 0, 0, 99};  // one payload byte: an op nobody knows
    (void)!::write(4, frame, sizeof frame);
  }
  return set_int(result, 1);
}

// f.pid() -> int: the process the plugin runs in.
docket_status pid(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  return set_int(result, ::getpid());
}

// f.now() -> int: the host clock in seconds since 1970.
docket_status now(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  return set_int(result, host->now_unix_ns(host) / 1000000000);
}

// f.echo(text) -> text: copied through ctx->alloc, and printed on stdout.
docket_status echo(docket_call_context* ctx, const docket_value* args, size_t, docket_value* result) noexcept {
  char* out = static_cast<char*>(ctx->alloc(ctx, args[0].text.size));
  if (out == nullptr) return DOCKET_ERROR;
  if (args[0].text.size > 0) std::memcpy(out, args[0].text.data, args[0].text.size);
  std::printf("f.echo says %.*s\n", static_cast<int>(args[0].text.size), out);
  std::fflush(stdout);
  result->kind = DOCKET_TYPE_TEXT;
  result->text.data = out;
  result->text.size = args[0].text.size;
  return DOCKET_OK;
}

// f.events() -> int: events the sink received in this process.
docket_status events(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  return set_int(result, events_seen.load());
}

// f.deliver(key: text): done unless armed; "retry" in the arm file asks for a retry.
docket_status deliver(docket_call_context* ctx, const docket_action_request*) noexcept {
  const std::string fault = armed_fault();
  if (fault == "retry") {
    ctx->set_error(ctx, "the scheduling system is busy");
    return DOCKET_RETRY;
  }
  commit_fault(fault);
  return DOCKET_OK;
}

// Calendar f-cal: Monday to Friday 09:00-17:00, unless armed.
docket_status day(docket_call_context*, int32_t year, uint32_t month, uint32_t mday, docket_calendar_day* out) noexcept {
  commit_fault(armed_fault());
  static const docket_work_period office[] = {{9 * 60, 17 * 60}};
  // Zeller-like day of week (0 = Sunday) by Sakamoto's method.
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  int y = year - (month < 3 ? 1 : 0);
  const int dow = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + static_cast<int>(mday)) % 7;
  out->working = dow != 0 && dow != 6;
  out->periods = out->working ? office : nullptr;
  out->period_count = out->working ? 1 : 0;
  return DOCKET_OK;
}

docket_status sink(docket_call_context*, const docket_event*) noexcept {
  commit_fault(armed_fault());
  ++events_seen;
  return DOCKET_OK;
}

docket_status add_function(const char* name, const docket_type* params, size_t count, docket_type result,
                           docket_function_fn call, uint32_t timeout_ms) {
  docket_function_def def{};
  def.struct_size = sizeof def;
  def.name = name;
  def.param_types = params;
  def.param_count = count;
  def.result_type = result;
  def.call = call;
  def.flags = DOCKET_FLAG_THREAD_SAFE;
  def.timeout_ms = timeout_ms;
  return host->register_function(host, &def);
}

docket_status init(const docket_host_services* services) noexcept {
  host = services;
  docket_value value{};
  if (host->get_config(host, "arm_file", &value) == DOCKET_OK && value.kind == DOCKET_TYPE_TEXT) {
    arm_file = text_of(value);
  }
  if (host->get_config(host, "init", &value) == DOCKET_OK && value.kind == DOCKET_TYPE_TEXT) {
    commit_fault(text_of(value));
  }
  static const docket_type text1[] = {DOCKET_TYPE_TEXT};
  static const docket_type int1[] = {DOCKET_TYPE_INT};
  const bool ok = add_function("f.crash", text1, 1, DOCKET_TYPE_INT, &crash, 0) == DOCKET_OK &&
                  add_function("f.armed", int1, 1, DOCKET_TYPE_INT, &armed, 0) == DOCKET_OK &&
                  add_function("f.stubborn", int1, 1, DOCKET_TYPE_INT, &stubborn, 50) == DOCKET_OK &&
                  add_function("f.polite", int1, 1, DOCKET_TYPE_INT, &polite, 50) == DOCKET_OK &&
                  add_function("f.null_text", nullptr, 0, DOCKET_TYPE_TEXT, &null_text, 0) == DOCKET_OK &&
                  add_function("f.wild_text", nullptr, 0, DOCKET_TYPE_TEXT, &wild_text, 0) == DOCKET_OK &&
                  add_function("f.number_for_text", nullptr, 0, DOCKET_TYPE_TEXT, &number_for_text, 0) == DOCKET_OK &&
                  add_function("f.pid", nullptr, 0, DOCKET_TYPE_INT, &pid, 0) == DOCKET_OK &&
                  add_function("f.scribble", text1, 1, DOCKET_TYPE_INT, &scribble, 0) == DOCKET_OK &&
                  add_function("f.now", nullptr, 0, DOCKET_TYPE_INT, &now, 0) == DOCKET_OK &&
                  add_function("f.echo", text1, 1, DOCKET_TYPE_TEXT, &echo, 0) == DOCKET_OK &&
                  add_function("f.events", nullptr, 0, DOCKET_TYPE_INT, &events, 0) == DOCKET_OK;
  if (!ok) return DOCKET_ERROR;
  docket_action_def action{};
  action.struct_size = sizeof action;
  action.name = "f.deliver";
  action.param_types = text1;
  action.param_count = 1;
  action.run = &deliver;
  docket_calendar_def calendar{};
  calendar.struct_size = sizeof calendar;
  calendar.name = "f-cal";
  calendar.time_zone = "Asia/Shanghai";
  calendar.day = &day;
  calendar.flags = DOCKET_FLAG_PURE;
  docket_event_sink_def sink_def{};
  sink_def.struct_size = sizeof sink_def;
  sink_def.name = "f.sink";
  sink_def.on_event = &sink;
  if (host->register_action(host, &action) != DOCKET_OK || host->register_calendar(host, &calendar) != DOCKET_OK ||
      host->register_event_sink(host, &sink_def) != DOCKET_OK) {
    return DOCKET_ERROR;
  }
  return DOCKET_OK;
}

constexpr docket_plugin_descriptor descriptor{
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "faulty", "1.0.0",
    &init, nullptr, nullptr};

}  // namespace

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
