// `docket audit`: the instances a store keeps, each with its state, audit trail and actions.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/value_json.hpp"
#include "cli/commands.hpp"
#include "cli/trace_text.hpp"
#include "docket/core/clock.hpp"
#include "docket/host/config.hpp"
#include "docket/host/store_open.hpp"

namespace docket::cli {

namespace {

// What the snapshot says of where the instance is (docs/store.md): "finished at `closed`",
// "open at: survey", "failed: ...".
std::string where(const StoredInstance& i) {
  nlohmann::json j = nlohmann::json::parse(i.snapshot, nullptr, false);
  if (!j.is_object()) return "(unreadable snapshot)";
  const std::string status = j.value("status", std::string("?"));
  if (status == "finished") return fmt::format("finished at `{}`", j.value("end", std::string()));
  std::vector<std::string> active;
  if (j.contains("active") && j["active"].is_array()) {
    for (const auto& a : j["active"]) active.push_back(a.is_string() ? a.get<std::string>() : a.dump());
  }
  if (status == "failed") return fmt::format("failed at {}: {}", fmt::join(active, ", "), j.value("error", std::string()));
  return fmt::format("open at: {}", active.empty() ? std::string("(nothing active)") : fmt::format("{}", fmt::join(active, ", ")));
}

void print_text(const Store& store, const StoredInstance& i, const std::string& zone) {
  std::cout << fmt::format("instance {}: {} {}\n", i.id, i.workflow, where(i));
  const std::string label = fmt::format("#{}", i.id);
  for (const TraceEntry& t : store.audit(i.id)) std::cout << "  " << trace_line(t, zone, label) << "\n";
  for (const OutboxEntry& o : store.outbox(i.id, std::nullopt)) {
    const Action& a = o.action;
    std::cout << fmt::format("  action {} key {}{}{} {}{}\n", a.name, a.idempotency_key, a.role.empty() ? "" : " to role " + a.role,
                             a.level != 0 ? fmt::format(" level {}", a.level) : std::string(), delivery_state_name(o.state),
                             o.attempts > 1 ? fmt::format(" after {} attempts", o.attempts) : std::string());
  }
}

void print_json(const Store& store, const StoredInstance& i, const std::string& zone) {
  const std::string label = fmt::format("#{}", i.id);
  nlohmann::ordered_json trail = nlohmann::ordered_json::array();
  for (const TraceEntry& t : store.audit(i.id)) trail.push_back(nlohmann::ordered_json::parse(trace_json(t, zone, label)));
  nlohmann::ordered_json actions = nlohmann::ordered_json::array();
  for (const OutboxEntry& o : store.outbox(i.id, std::nullopt)) {
    const Action& a = o.action;
    actions.push_back({{"name", a.name}, {"key", a.idempotency_key}, {"at", format_rfc3339(a.at, zone)},
                       {"role", a.role}, {"sla", a.sla}, {"level", a.level}, {"state", delivery_state_name(o.state)},
                       {"attempts", o.attempts}, {"error", o.last_error}});
  }
  // A damaged snapshot is shown as its text: the output stays JSON whatever the store holds.
  nlohmann::ordered_json state = nlohmann::ordered_json::parse(i.snapshot, nullptr, false);
  if (state.is_discarded()) state = i.snapshot;
  nlohmann::ordered_json j = {{"instance", i.id}, {"workflow", i.workflow}, {"version", i.version}, {"open", i.open},
                              {"state", std::move(state)}, {"trail", std::move(trail)}, {"actions", std::move(actions)}};
  std::cout << json_text(j) << "\n";
}

// The zone times are printed in: --zone, else the [run] zone of --config or of ./docket.toml, else UTC.
bool audit_zone(const AuditOptions& options, std::string& zone) {
  zone = options.zone;
  std::string error;
  if (zone.empty()) {
    std::string config = options.config;
    if (config.empty() && std::filesystem::exists("docket.toml")) config = "docket.toml";
    host::Config read;
    if (!config.empty() && !host::load_config(config, read, error)) {
      std::cerr << error << "\n";
      return false;
    }
    zone = read.zone;
  }
  if (is_known_zone(zone, error)) return true;
  std::cerr << fmt::format("error: {} {}: {}\n", options.zone.empty() ? "[run] zone" : "--zone", zone, error);
  return false;
}

}  // namespace

int run_audit(const AuditOptions& options) {
  std::string zone;
  if (!audit_zone(options, zone)) return options.zone.empty() ? kExitProblems : kExitUsage;
  try {
    if (!host::is_postgres_url(options.store) && !std::filesystem::exists(options.store)) {
      std::cerr << fmt::format("error: store {} does not exist: give the file `docket run --store` wrote, or a "
                               "postgresql:// URL\n",
                               options.store);
      return kExitProblems;
    }
    std::unique_ptr<Store> opened = host::open_store(options.store, true);
    const Store& store = *opened;
    std::vector<StoredInstance> shown;
    if (options.instance) {
      std::optional<StoredInstance> one = store.instance(*options.instance);
      if (!one) {
        std::cerr << fmt::format("error: store {} has no instance {} (run without --instance to list them)\n",
                                 options.store, *options.instance);
        return kExitProblems;
      }
      shown.push_back(*one);
    } else {
      shown = store.instances();
    }
    for (const StoredInstance& i : shown) {
      if (options.json) print_json(store, i, zone);
      else print_text(store, i, zone);
    }
  } catch (const StoreError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitProblems;
  }
  return kExitOk;
}

}  // namespace docket::cli
