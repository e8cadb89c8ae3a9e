// The C embedding API (docket/docket.h) over docket::host::Host: handles, status codes, errors and answers owned by the handle.
#include "docket/docket.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <new>
#include <string>

#include "docket/core/clock.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/json_depth.hpp"
#include "docket/core/log.hpp"
#include "docket/core/store.hpp"
#include "docket/host/host.hpp"
#include "docket/host/instance_json.hpp"

#ifndef DOCKET_VERSION
#error "DOCKET_VERSION must be defined by the build"
#endif

struct docket_host {
  std::unique_ptr<docket::host::Host> host;
  std::string error;   // the last failure's message
  std::string answer;  // the last JSON or time handed out
  docket_action_fn action_fn = nullptr;
  void* action_user = nullptr;
};

namespace {

using docket::host::Host;

// Runs `body`, turning every exception into a status and the handle's error text: nothing
// thrown crosses the C boundary.
template <class Body>
docket_host_status guarded(docket_host* h, Body&& body) {
  if (h == nullptr) return DOCKET_HOST_E_USAGE;
  h->error.clear();
  try {
    body();
    return DOCKET_HOST_OK;
  } catch (const docket::host::HostError& e) {
    h->error = e.what();
    return DOCKET_HOST_E_CONFIG;
  } catch (const docket::ValueError& e) {
    h->error = e.what();
    return DOCKET_HOST_E_VALUE;
  } catch (const docket::EngineError& e) {
    h->error = e.what();
    return DOCKET_HOST_E_ENGINE;
  } catch (const docket::StoreError& e) {
    h->error = e.what();
    return DOCKET_HOST_E_STORE;
  } catch (const std::bad_alloc&) {
    h->error = "out of memory";
    return DOCKET_HOST_E_INTERNAL;
  } catch (const std::exception& e) {
    h->error = std::string("internal error: ") + e.what();
    return DOCKET_HOST_E_INTERNAL;
  } catch (...) {
    h->error = "internal error: an unknown exception";
    return DOCKET_HOST_E_INTERNAL;
  }
}

docket_host_status usage(docket_host* h, const char* what) {
  h->error = std::string("docket C API: ") + what;
  return DOCKET_HOST_E_USAGE;
}

Host& host_of(docket_host* h) {
  if (!h->host) throw docket::EngineError("this handle holds no host: docket_host_open failed (see its error)");
  return *h->host;
}

std::string text_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw docket::ValueError(std::string("options: `") + key + "` must be a string");
  return it->get<std::string>();
}

std::vector<std::string> list_of(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) throw docket::ValueError(std::string("options: `") + key + "` must be an array of strings");
  for (const auto& e : *it) {
    if (!e.is_string()) throw docket::ValueError(std::string("options: `") + key + "` must be an array of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

docket::host::HostOptions options_of(const char* options_json) {
  docket::host::HostOptions o;
  const std::string text = options_json == nullptr || *options_json == '\0' ? "{}" : options_json;
  if (docket::json_depth(text) > docket::kMaxJsonDepth) throw docket::ValueError("options: JSON nested too deeply");
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    throw docket::ValueError("options: expected a JSON object such as {\"config\": \"docket.toml\"}");
  }
  static const char* const known[] = {"config", "files", "plugins", "store", "zone", "clock", "start"};
  for (const auto& [key, value] : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) {
      throw docket::ValueError("options: unknown key `" + key +
                               "` (known: config, files, plugins, store, zone, clock, start)");
    }
  }
  o.config = text_of(j, "config");
  o.files = list_of(j, "files");
  o.plugins = list_of(j, "plugins");
  o.store = text_of(j, "store");
  o.zone = text_of(j, "zone");
  const std::string clock = text_of(j, "clock");
  if (clock == "wall") {
    o.wall_clock = true;
  } else if (!clock.empty() && clock != "virtual") {
    throw docket::ValueError("options: `clock` is \"virtual\" or \"wall\", not \"" + clock + "\"");
  }
  o.start_text = text_of(j, "start");
  return o;
}

const char* hand_out(docket_host* h, std::string text) {
  h->answer = std::move(text);
  return h->answer.c_str();
}

}  // namespace

extern "C" {

const char* docket_version(void) { return DOCKET_VERSION; }
int docket_host_api_version(void) { return DOCKET_HOST_API_VERSION; }

void docket_set_log(docket_log_fn fn, void* user, const char* min_level) {
  if (min_level != nullptr) {
    const std::string_view level = min_level;
    docket::set_log_level(level == "debug"   ? docket::LogLevel::debug
                          : level == "warning" || level == "warn" ? docket::LogLevel::warn
                          : level == "error" ? docket::LogLevel::error
                                             : docket::LogLevel::info);
  }
  if (fn == nullptr) {
    docket::set_log_sink(nullptr);
    return;
  }
  docket::set_log_sink([fn, user](const docket::LogRecord& r) { fn(user, docket::log_json(r).c_str()); });
}

docket_host_status docket_host_open(const char* options_json, docket_host** out) {
  if (out == nullptr) return DOCKET_HOST_E_USAGE;
  *out = new (std::nothrow) docket_host;
  if (*out == nullptr) return DOCKET_HOST_E_INTERNAL;
  docket_host* h = *out;
  return guarded(h, [&] {
    docket::host::HostOptions options;
    try {
      options = options_of(options_json);
    } catch (const docket::ValueError& e) {
      throw docket::host::HostError(e.what());
    }
    h->host = std::make_unique<Host>(std::move(options));
  });
}

void docket_host_close(docket_host* host) { delete host; }

const char* docket_host_error(const docket_host* host) { return host == nullptr ? "no handle (NULL)" : host->error.c_str(); }

docket_host_status docket_host_start(docket_host* h, const char* workflow, const char* args_json, const char* key,
                                     uint64_t* instance) {
  if (h != nullptr && (workflow == nullptr || instance == nullptr)) return usage(h, "start: workflow and instance are needed");
  return guarded(h, [&] {
    *instance = host_of(h).start(workflow, args_json == nullptr ? "{}" : args_json, key == nullptr ? "" : key);
  });
}

docket_host_status docket_host_complete(docket_host* h, uint64_t instance, const char* step,
                                        const char* outcomes_json) {
  if (h != nullptr && step == nullptr) return usage(h, "complete: the step is needed");
  return guarded(h, [&] { host_of(h).complete(instance, step, outcomes_json == nullptr ? "{}" : outcomes_json); });
}

docket_host_status docket_host_signal(docket_host* h, uint64_t instance, const char* event) {
  if (h != nullptr && event == nullptr) return usage(h, "signal: the event is needed");
  return guarded(h, [&] { host_of(h).signal(instance, event); });
}

docket_host_status docket_host_update(docket_host* h, uint64_t instance, const char* param, const char* value_json) {
  if (h != nullptr && (param == nullptr || value_json == nullptr)) return usage(h, "update: param and value are needed");
  return guarded(h, [&] { host_of(h).update(instance, param, value_json); });
}

docket_host_status docket_host_find(docket_host* h, const char* key, uint64_t* instance) {
  if (h != nullptr && (key == nullptr || instance == nullptr)) return usage(h, "find: key and instance are needed");
  return guarded(h, [&] { *instance = host_of(h).find(key).value_or(0); });
}

docket_host_status docket_host_advance_to(docket_host* h, const char* time) {
  if (h != nullptr && time == nullptr) return usage(h, "advance_to: the time is needed");
  return guarded(h, [&] {
    Host& host = host_of(h);
    docket::Instant t;
    std::string error;
    if (!docket::parse_time_text(time, host.zone(), t, error)) throw docket::ValueError("advance_to: " + error);
    host.advance_to(t);
  });
}

docket_host_status docket_host_run_due(docket_host* h) {
  return guarded(h, [&] { host_of(h).run_due(); });
}

docket_host_status docket_host_now(docket_host* h, const char** time) {
  if (h != nullptr && time == nullptr) return usage(h, "now: the out pointer is needed");
  return guarded(h, [&] {
    Host& host = host_of(h);
    *time = hand_out(h, docket::format_rfc3339(host.now(), host.zone()));
  });
}

docket_host_status docket_host_next_due(docket_host* h, const char** time) {
  if (h != nullptr && time == nullptr) return usage(h, "next_due: the out pointer is needed");
  return guarded(h, [&] {
    Host& host = host_of(h);
    const std::optional<docket::Instant> due = host.next_due();
    *time = hand_out(h, due ? docket::format_rfc3339(*due, host.zone()) : std::string());
  });
}

docket_host_status docket_host_on_action(docket_host* h, docket_action_fn fn, void* user) {
  return guarded(h, [&] {
    Host& host = host_of(h);
    h->action_fn = fn;
    h->action_user = user;
    if (fn == nullptr) {
      host.on_action(nullptr);
      return;
    }
    host.on_action([h, &host](const docket::Action& a) {
      const std::string json = docket::host::action_json(a, host.zone());
      if (h->action_fn(h->action_user, json.c_str()) != 0) {
        throw std::runtime_error("the host's action callback returned non-zero");
      }
    });
  });
}

docket_host_status docket_host_status_json(docket_host* h, uint64_t instance, const char** json) {
  if (h != nullptr && json == nullptr) return usage(h, "status_json: the out pointer is needed");
  return guarded(h, [&] { *json = hand_out(h, host_of(h).status_json(instance)); });
}

docket_host_status docket_host_slas_json(docket_host* h, uint64_t instance, const char** json) {
  if (h != nullptr && json == nullptr) return usage(h, "slas_json: the out pointer is needed");
  return guarded(h, [&] { *json = hand_out(h, host_of(h).slas_json(instance)); });
}

docket_host_status docket_host_audit_json(docket_host* h, uint64_t instance, const char** json) {
  if (h != nullptr && json == nullptr) return usage(h, "audit_json: the out pointer is needed");
  return guarded(h, [&] { *json = hand_out(h, host_of(h).audit_json(instance)); });
}

docket_host_status docket_host_actions_json(docket_host* h, uint64_t instance, const char** json) {
  if (h != nullptr && json == nullptr) return usage(h, "actions_json: the out pointer is needed");
  return guarded(h, [&] { *json = hand_out(h, host_of(h).actions_json(instance)); });
}

}  // extern "C"
