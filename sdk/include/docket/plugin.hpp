// docket/plugin.hpp — header-only C++17 wrapper over docket/plugin.h: typed registration, safe trampolines.
//
// Write ordinary C++ functions and register them; the wrapper deduces the ABI descriptor
// (parameter and result type codes) from the signature and generates a noexcept trampoline
// that converts values and catches every exception:
//
//   double tariff(std::string_view segment, std::int64_t kwh) { ... }
//   void schedule(docket::sdk::ActionCall& call, std::string_view app_id) { ... }
//
//   void init(docket::sdk::Registrar& r) {
//     r.function<&tariff>("site.tariff", docket::sdk::pure);
//     r.action<&schedule>("site.schedule_meter", DOCKET_FLAG_MAY_BLOCK, 2000);
//   }
//   DOCKET_PLUGIN("site_tariff", "1.0.0", init)
//
// Types: bool ↔ bool, std::int64_t ↔ int, double ↔ number, std::string_view / std::string ↔ text.
// A std::string_view parameter is borrowed for the call only (copy it to keep it). A function may
// take a docket::sdk::Call& first, to log or poll should_cancel(). Failures are exceptions:
// anything derived from std::exception becomes the call's error message (ctx->set_error);
// throw docket::sdk::retry from an action for a transient failure. Nothing escapes a trampoline.
// Only the C ABI crosses the boundary: this header adds no exported symbol and no link dependency.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "docket/plugin.h"

namespace docket::sdk {

// Flags for registration, combinable with |.
inline constexpr docket_flags pure = DOCKET_FLAG_PURE | DOCKET_FLAG_THREAD_SAFE;
inline constexpr docket_flags thread_safe = DOCKET_FLAG_THREAD_SAFE;
inline constexpr docket_flags may_block = DOCKET_FLAG_MAY_BLOCK;

// Thrown by an action for a transient failure: the host delivers the action again later.
class retry : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by a callback that stopped because should_cancel() said so.
class cancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown inside init when the host refused a registration (it keeps the reason itself).
class registration_refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Frees host memory with the table it came from (rule 6: never free on the other side).
struct HostFree {
  const docket_host_services* host = nullptr;
  void operator()(void* p) const noexcept {
    if (p != nullptr && host != nullptr) host->free_memory(host, p);
  }
};

// An RAII block of host memory (host->alloc_memory), for plugins that want the host's accounting.
using HostBuffer = std::unique_ptr<void, HostFree>;

// The host, seen from a plugin: logging and the clock, usable from any thread after init.
class Host {
 public:
  explicit Host(const docket_host_services* services) noexcept : services_(services) {}
  [[nodiscard]] const docket_host_services* services() const noexcept { return services_; }
  [[nodiscard]] unsigned abi_minor() const noexcept { return services_->abi_minor; }

  void log(docket_log_level level, const std::string& message) const noexcept {
    services_->log(services_, level, message.c_str());
  }
  // The host clock in nanoseconds since 1970 (the engine's injected clock during its calls).
  [[nodiscard]] std::int64_t now_unix_ns() const {
    require(DOCKET_STRUCT_HAS(docket_host_services, services_, now_unix_ns), "now_unix_ns");
    return services_->now_unix_ns(services_);
  }
  // `size` bytes of host memory, freed with the host's free_memory when the buffer goes away.
  [[nodiscard]] HostBuffer allocate(std::size_t size) const {
    require(DOCKET_STRUCT_HAS(docket_host_services, services_, free_memory), "alloc_memory");
    void* p = services_->alloc_memory(services_, size);
    if (p == nullptr) throw std::bad_alloc();
    return HostBuffer(p, HostFree{services_});
  }

 protected:
  void require(bool present, const char* service) const {
    if (!present) {
      throw std::runtime_error(std::string("this engine's plugin ABI (1.") + std::to_string(services_->abi_minor) +
                               ") has no " + service + "; it needs ABI 1.1 or later");
    }
  }
  const docket_host_services* services_;
};

// The context of one call, for functions that take `Call&` first.
class Call {
 public:
  explicit Call(docket_call_context* ctx) noexcept : ctx_(ctx) {}
  [[nodiscard]] docket_call_context* context() const noexcept { return ctx_; }
  [[nodiscard]] void* user_data() const noexcept { return ctx_->user_data; }
  // True once the call is past its deadline; a blocking callback then throws sdk::cancelled.
  [[nodiscard]] bool should_cancel() const noexcept {
    return DOCKET_STRUCT_HAS(docket_call_context, ctx_, should_cancel) && ctx_->should_cancel != nullptr &&
           ctx_->should_cancel(ctx_);
  }
  void log(docket_log_level level, const std::string& message) const noexcept {
    if (DOCKET_STRUCT_HAS(docket_call_context, ctx_, host) && ctx_->host != nullptr) {
      ctx_->host->log(ctx_->host, level, message.c_str());
    }
  }

 private:
  docket_call_context* ctx_;
};

// The context of one action delivery, for actions (which take `ActionCall&` first).
class ActionCall : public Call {
 public:
  ActionCall(docket_call_context* ctx, const docket_action_request* request) noexcept : Call(ctx), request_(request) {}
  // Stable across redeliveries: do the work at most once per key.
  [[nodiscard]] std::string_view idempotency_key() const noexcept {
    return {request_->idempotency_key.data, request_->idempotency_key.size};
  }
  [[nodiscard]] std::uint64_t instance() const noexcept { return request_->instance; }
  [[nodiscard]] std::uint32_t attempt() const noexcept { return request_->attempt; }

 private:
  const docket_action_request* request_;
};

// What a calendar function returns for one local day.
struct Day {
  bool working = false;
  std::vector<docket_work_period> periods;  // [start_minute, end_minute) after local midnight
  std::string note;
};

namespace detail {

template <class T>
using bare = std::remove_cv_t<std::remove_reference_t<T>>;

// The ABI type code of a parameter or result type; 0 for a type the ABI cannot carry.
template <class T>
constexpr docket_type type_code() noexcept {
  using U = bare<T>;
  if constexpr (std::is_same_v<U, bool>) return DOCKET_TYPE_BOOL;
  else if constexpr (std::is_same_v<U, std::int64_t>) return DOCKET_TYPE_INT;
  else if constexpr (std::is_same_v<U, double>) return DOCKET_TYPE_NUMBER;
  else if constexpr (std::is_same_v<U, std::string_view> || std::is_same_v<U, std::string>) return DOCKET_TYPE_TEXT;
  else return DOCKET_TYPE_INVALID;
}

template <class T>
inline constexpr bool carried = type_code<T>() != DOCKET_TYPE_INVALID;

template <class F>
struct signature;
template <class R, class... A>
struct signature<R (*)(A...)> {
  using result = R;
  using params = std::tuple<A...>;
};
template <class R, class... A>
struct signature<R (*)(A...) noexcept> : signature<R (*)(A...)> {};

// How many leading parameters are contexts (Call& / ActionCall&) rather than ABI values.
template <class Params, class Context>
constexpr std::size_t context_params() noexcept {
  if constexpr (std::tuple_size_v<Params> == 0) {
    return 0;
  } else {
    using First = std::tuple_element_t<0, Params>;
    return std::is_same_v<First, Context&> ? 1 : 0;
  }
}

template <class Params, std::size_t Skip, std::size_t... I>
constexpr auto value_param_codes(std::index_sequence<I...>) noexcept {
  return std::array<docket_type, sizeof...(I) == 0 ? 1 : sizeof...(I)>{
      type_code<std::tuple_element_t<Skip + I, Params>>()...};
}

template <class T>
bare<T> read(const docket_value& v, std::size_t index) {
  using U = bare<T>;
  if (v.kind != type_code<U>()) {
    throw std::invalid_argument("argument " + std::to_string(index + 1) + " has kind " + std::to_string(v.kind) +
                                ", not the declared " + std::to_string(type_code<U>()));
  }
  if constexpr (std::is_same_v<U, bool>) {
    unsigned char byte = 0;  // read the byte: a C host or test may have stored 2
    std::memcpy(&byte, &v.boolean, 1);
    return byte != 0;
  } else if constexpr (std::is_same_v<U, std::int64_t>) {
    return v.integer;
  } else if constexpr (std::is_same_v<U, double>) {
    return v.number;
  } else {
    if (v.text.size == 0) return U();
    return U(v.text.data, v.text.size);
  }
}

// Copies text into host scratch memory for the result.
inline docket_string_view copy_text(docket_call_context* ctx, std::string_view text) {
  if (text.empty()) return {nullptr, 0};
  void* out = ctx->alloc(ctx, text.size());
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, text.data(), text.size());
  return {static_cast<const char*>(out), text.size()};
}

template <class R>
void store(docket_call_context* ctx, R&& r, docket_value* result) {
  using U = bare<R>;
  *result = docket_value{};
  result->kind = type_code<U>();
  if constexpr (std::is_same_v<U, bool>) result->boolean = r;
  else if constexpr (std::is_same_v<U, std::int64_t>) result->integer = r;
  else if constexpr (std::is_same_v<U, double>) result->number = r;
  else result->text = copy_text(ctx, std::string_view(r));
}

template <class Context, std::size_t Skip, auto F, class Params, std::size_t... I>
decltype(auto) invoke(Context* context, const docket_value* args, std::index_sequence<I...>) {
  if constexpr (Skip == 1) {
    return F(*context, read<std::tuple_element_t<Skip + I, Params>>(args[I], I)...);
  } else {
    (void)context;
    return F(read<std::tuple_element_t<Skip + I, Params>>(args[I], I)...);
  }
}

// Runs `body`, turning every exception into set_error and a status.
template <class Body>
docket_status guarded(docket_call_context* ctx, Body&& body) noexcept {
  try {
    body();
    return DOCKET_OK;
  } catch (const retry& e) {
    ctx->set_error(ctx, e.what());
    return DOCKET_RETRY;
  } catch (const cancelled& e) {
    ctx->set_error(ctx, e.what());
    return DOCKET_CANCELLED;
  } catch (const std::exception& e) {
    ctx->set_error(ctx, e.what());
    return DOCKET_ERROR;
  } catch (...) {
    ctx->set_error(ctx, "the plugin threw an exception that is not a std::exception");
    return DOCKET_ERROR;
  }
}

template <auto F>
docket_status function_trampoline(docket_call_context* ctx, const docket_value* args, std::size_t arg_count,
                                  docket_value* result) noexcept {
  using Sig = signature<decltype(F)>;
  using Params = typename Sig::params;
  constexpr std::size_t skip = context_params<Params, Call>();
  constexpr std::size_t arity = std::tuple_size_v<Params> - skip;
  return guarded(ctx, [&] {
    if (arg_count != arity) throw std::invalid_argument("expected " + std::to_string(arity) + " arguments");
    Call call(ctx);
    store(ctx, invoke<Call, skip, F, Params>(&call, args, std::make_index_sequence<arity>{}), result);
  });
}

template <auto F>
docket_status action_trampoline(docket_call_context* ctx, const docket_action_request* request) noexcept {
  using Params = typename signature<decltype(F)>::params;
  constexpr std::size_t arity = std::tuple_size_v<Params> - 1;
  return guarded(ctx, [&] {
    if (request->arg_count != arity) throw std::invalid_argument("expected " + std::to_string(arity) + " arguments");
    ActionCall call(ctx, request);
    invoke<ActionCall, 1, F, Params>(&call, request->args, std::make_index_sequence<arity>{});
  });
}

template <auto F>
docket_status calendar_trampoline(docket_call_context* ctx, std::int32_t year, std::uint32_t month, std::uint32_t day,
                                  docket_calendar_day* out) noexcept {
  return guarded(ctx, [&] {
    const Day d = F(static_cast<int>(year), static_cast<unsigned>(month), static_cast<unsigned>(day));
    out->working = d.working;
    if (!d.periods.empty()) {
      void* mem = ctx->alloc(ctx, d.periods.size() * sizeof(docket_work_period));
      if (mem == nullptr) throw std::bad_alloc();
      std::memcpy(mem, d.periods.data(), d.periods.size() * sizeof(docket_work_period));
      out->periods = static_cast<const docket_work_period*>(mem);
    }
    out->period_count = d.periods.size();
    if (DOCKET_STRUCT_HAS(docket_calendar_day, out, note)) out->note = copy_text(ctx, d.note);
  });
}

template <auto F>
docket_status event_sink_trampoline(docket_call_context* ctx, const docket_event* event) noexcept {
  return guarded(ctx, [&] { F(*event); });
}

}  // namespace detail

// Hands registrations to the host during init. Every method throws registration_refused when
// the host refuses (the host keeps the reason and names it when it refuses the plugin).
class Registrar : public Host {
 public:
  using Host::Host;

  // Registers `F`, e.g. `double f(std::string_view, std::int64_t)`, as a DSL function.
  template <auto F>
  void function(const char* name, docket_flags flags = pure, std::uint32_t timeout_ms = 0, void* user_data = nullptr) {
    using Sig = detail::signature<decltype(F)>;
    using Params = typename Sig::params;
    constexpr std::size_t skip = detail::context_params<Params, Call>();
    constexpr std::size_t arity = std::tuple_size_v<Params> - skip;
    static_assert(detail::carried<typename Sig::result>,
                  "a plugin function returns bool, std::int64_t, double, std::string or std::string_view");
    static constexpr auto codes = detail::value_param_codes<Params, skip>(std::make_index_sequence<arity>{});
    static_assert(all_carried(codes, arity),
                  "plugin function parameters are bool, std::int64_t, double, std::string_view or std::string "
                  "(after an optional docket::sdk::Call&)");
    docket_function_def def{};
    def.struct_size = sizeof def;
    def.name = name;
    def.param_types = arity == 0 ? nullptr : codes.data();
    def.param_count = arity;
    def.result_type = detail::type_code<typename Sig::result>();
    def.call = &detail::function_trampoline<F>;
    def.user_data = user_data;
    def.flags = flags;
    def.timeout_ms = timeout_ms;
    check(services_->register_function(services_, &def), name);
  }

  // Registers `F`, e.g. `void f(docket::sdk::ActionCall&, std::string_view)`, as an action.
  template <auto F>
  void action(const char* name, docket_flags flags = 0, std::uint32_t timeout_ms = 0, void* user_data = nullptr) {
    using Params = typename detail::signature<decltype(F)>::params;
    static_assert(detail::context_params<Params, ActionCall>() == 1,
                  "an action's first parameter is docket::sdk::ActionCall&");
    constexpr std::size_t arity = std::tuple_size_v<Params> - 1;
    static constexpr auto codes = detail::value_param_codes<Params, 1>(std::make_index_sequence<arity>{});
    static_assert(all_carried(codes, arity), "action parameters are bool, std::int64_t, double or text");
    require(DOCKET_STRUCT_HAS(docket_host_services, services_, register_action), "register_action");
    docket_action_def def{};
    def.struct_size = sizeof def;
    def.name = name;
    def.param_types = arity == 0 ? nullptr : codes.data();
    def.param_count = arity;
    def.flags = flags;
    def.timeout_ms = timeout_ms;
    def.run = &detail::action_trampoline<F>;
    def.user_data = user_data;
    check(services_->register_action(services_, &def), name);
  }

  // Registers `F`, `docket::sdk::Day f(int year, unsigned month, unsigned day)`, as a calendar.
  template <auto F>
  void calendar(const char* name, const char* time_zone, docket_flags flags = pure) {
    require(DOCKET_STRUCT_HAS(docket_host_services, services_, register_calendar), "register_calendar");
    docket_calendar_def def{};
    def.struct_size = sizeof def;
    def.name = name;
    def.time_zone = time_zone;
    def.day = &detail::calendar_trampoline<F>;
    def.flags = flags;
    check(services_->register_calendar(services_, &def), name);
  }

  // Registers `F`, `void f(const docket_event&)`, as an event sink.
  template <auto F>
  void event_sink(const char* name, docket_flags flags = 0) {
    require(DOCKET_STRUCT_HAS(docket_host_services, services_, register_event_sink), "register_event_sink");
    docket_event_sink_def def{};
    def.struct_size = sizeof def;
    def.name = name;
    def.on_event = &detail::event_sink_trampoline<F>;
    def.flags = flags;
    check(services_->register_event_sink(services_, &def), name);
  }

  // This plugin's configuration value `key` ([plugins.config.<plugin>] in docket.toml), if set.
  [[nodiscard]] std::optional<std::string> config_text(const char* key) const { return config<std::string>(key); }
  [[nodiscard]] std::optional<std::int64_t> config_int(const char* key) const { return config<std::int64_t>(key); }
  [[nodiscard]] std::optional<double> config_number(const char* key) const { return config<double>(key); }
  [[nodiscard]] std::optional<bool> config_bool(const char* key) const { return config<bool>(key); }

 private:
  template <std::size_t N>
  static constexpr bool all_carried(const std::array<docket_type, N>& codes, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      if (codes[i] == DOCKET_TYPE_INVALID) return false;
    }
    return true;
  }

  template <class T>
  std::optional<T> config(const char* key) const {
    if (!DOCKET_STRUCT_HAS(docket_host_services, services_, get_config)) return std::nullopt;
    docket_value v{};
    if (services_->get_config(services_, key, &v) != DOCKET_OK) return std::nullopt;
    if (v.kind != detail::type_code<T>()) {
      throw std::invalid_argument(std::string("configuration value '") + key + "' has the wrong type");
    }
    return detail::read<T>(v, 0);
  }

  static void check(docket_status status, const char* name) {
    if (status != DOCKET_OK) throw registration_refused(std::string("the host refused ") + name);
  }
};

namespace detail {

// init(): runs the plugin's C++ init, reporting any exception through host->set_error.
template <void (*Init)(Registrar&)>
docket_status init_trampoline(const docket_host_services* host) noexcept {
  try {
    Registrar r(host);
    Init(r);
    return DOCKET_OK;
  } catch (const registration_refused&) {
    return DOCKET_ERROR;  // the host kept its own reason
  } catch (const std::exception& e) {
    host->set_error(host, e.what());
  } catch (...) {
    host->set_error(host, "init threw an exception that is not a std::exception");
  }
  return DOCKET_ERROR;
}

}  // namespace detail
}  // namespace docket::sdk

// Defines the plugin's descriptor and its one exported symbol; use once, at namespace scope.
// `init` is `void init(docket::sdk::Registrar&)`.
#define DOCKET_PLUGIN(plugin_name, plugin_version, init)                                                  \
  extern "C" DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) {            \
    static const docket_plugin_descriptor descriptor{sizeof(docket_plugin_descriptor),                  \
                                                     DOCKET_PLUGIN_ABI_MAJOR,                            \
                                                     DOCKET_PLUGIN_ABI_MINOR,                            \
                                                     plugin_name,                                        \
                                                     plugin_version,                                     \
                                                     &::docket::sdk::detail::init_trampoline<&init>,     \
                                                     nullptr,                                            \
                                                     nullptr};                                           \
    return &descriptor;                                                                                  \
  }
