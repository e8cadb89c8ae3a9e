// What a run of several docket processes on one PostgreSQL database must end with, by ticket, and its comparison with a one-process run.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "docket/core/postgres_store.hpp"
#include "../pg_sql.hpp"

namespace docket::test {

inline std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// By ticket (instance ids differ between runs: ids come from a sequence in whatever order processes
// start instances): each instance's state and trail, its actions, the outcome of every request, and
// the SLA figures.
struct RunOutcome {
  std::map<std::string, std::string> by_ticket;
  std::set<std::string> action_keys;       // with the ticket in place of the instance id
  std::map<std::string, int> sla_figures;  // trail entries by kind; SLA clocks breached, by level and phase
  std::map<std::string, std::string> requests;
  std::size_t instances = 0;
};

// Reads the outcome from the database (`requests` from meta `req.*`, which load workers write).
inline RunOutcome outcome_of(const std::string& conninfo, Sql& sql) {
  RunOutcome o;
  PostgresStore store(conninfo, PostgresStore::Mode::read_only);
  std::map<InstanceId, std::string> ticket_of;
  for (const auto& row : sql.query("SELECT key, instance FROM instance_keys")) ticket_of[std::stoull(row[1])] = row[0];
  auto rekey = [&](const std::string& key) {
    const std::size_t colon = key.find(':');
    return ticket_of.at(std::stoull(key.substr(0, colon))) + key.substr(colon);
  };
  for (const StoredInstance& i : store.instances()) {
    ++o.instances;
    std::string text = fmt::format("{} v{} open={} due={}\n{}\n", i.workflow, i.version, i.open,
                                   i.next_due ? i.next_due->time_since_epoch().count() : -1, i.snapshot);
    for (const TraceEntry& t : store.audit(i.id)) {
      std::string detail = t.detail;  // an action's key names its instance
      if (const std::size_t k = detail.rfind(" key "); k != std::string::npos) detail = detail.substr(0, k + 5) + rekey(detail.substr(k + 5));
      text += fmt::format("  {} {} {} {} | {}\n", t.at.time_since_epoch().count(), trace_kind_name(t.kind), t.node,
                          t.due ? t.due->time_since_epoch().count() : -1, detail);
      ++o.sla_figures[std::string("trail ") + trace_kind_name(t.kind)];
    }
    for (const OutboxEntry& a : store.outbox(i.id, std::nullopt)) text += "  action " + rekey(a.action.idempotency_key) + "\n";
    for (const char* fact : {"\"breached\":true", "\"level\":1", "\"level\":2", "\"phase\":\"running\"", "\"phase\":\"paused\"",
                             "\"phase\":\"stopped\""}) {
      for (std::size_t at = i.snapshot.find(fact); at != std::string::npos; at = i.snapshot.find(fact, at + 1)) ++o.sla_figures[fact];
    }
    EXPECT_TRUE(o.by_ticket.emplace(ticket_of.at(i.id), text).second) << "ticket " << ticket_of.at(i.id) << " twice";
  }
  for (const OutboxEntry& a : store.outbox(0, std::nullopt)) {
    EXPECT_EQ(a.state, DeliveryState::delivered) << a.action.idempotency_key;
    o.action_keys.insert(rekey(a.action.idempotency_key));
  }
  for (const auto& row : sql.query("SELECT key, value FROM meta WHERE key LIKE 'req.%'")) o.requests[row[0]] = row[1];
  return o;
}

// Every key in the store was delivered at least once (the receiver's log `deliveries`), with its key.
// Returns the actions owed and the deliveries made; `lost` counts keys never delivered.
inline std::pair<std::size_t, std::size_t> check_deliveries(Sql& sql, const std::filesystem::path& deliveries, std::size_t& lost) {
  std::set<std::string> owed;
  for (const auto& row : sql.query("SELECT key FROM actions")) owed.insert(row[0]);
  std::map<std::string, int> delivered;
  for (const std::string& line : lines_of(deliveries)) ++delivered[line];
  lost = 0;
  std::size_t count = 0;
  for (const auto& [key, n] : delivered) count += static_cast<std::size_t>(n);
  for (const std::string& key : owed) {
    if (!delivered.contains(key)) {
      ++lost;
      ADD_FAILURE() << "action " << key << " was never delivered";
    }
  }
  return {owed.size(), count};
}

// The run equals the one-process run `want`, with `tickets` instances.
inline void expect_same(const RunOutcome& got, const RunOutcome& want, std::size_t tickets) {
  EXPECT_EQ(got.instances, want.instances);
  EXPECT_EQ(got.instances, tickets);
  for (const auto& [ticket, text] : want.by_ticket) {
    auto it = got.by_ticket.find(ticket);
    ASSERT_NE(it, got.by_ticket.end()) << ticket;
    EXPECT_EQ(it->second, text) << ticket;
  }
  EXPECT_EQ(got.action_keys, want.action_keys);
  EXPECT_EQ(got.sla_figures, want.sla_figures);
  EXPECT_EQ(got.requests, want.requests);
}

// "trail escalated 12, ..." for the log.
inline std::string figures_text(const RunOutcome& o) {
  std::string text;
  for (const auto& [kind, n] : o.sla_figures) text += fmt::format("{}{} {}", text.empty() ? "" : ", ", kind, n);
  return text;
}

}  // namespace docket::test
