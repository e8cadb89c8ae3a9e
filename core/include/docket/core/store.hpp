// Where the engine keeps what it must not lose: every instance's audit trail and the actions it owes.
#pragma once

#include <map>
#include <vector>

#include "docket/core/engine.hpp"

namespace docket {

// The engine writes to its store inside the operation that made the entry (start, complete,
// signal, a timer firing, update), before the operation returns. Durable stores (SQLite,
// PostgreSQL) implement the same interface; the engine does not change for them.
class Store {
 public:
  virtual ~Store() = default;
  // One entry of an instance's audit trail (every trace entry the engine makes), in order.
  virtual void append(const TraceEntry& entry) = 0;
  // An action the engine asks the host for, with its idempotency key (the outbox).
  virtual void put_action(const Action& action) = 0;

  [[nodiscard]] virtual std::vector<TraceEntry> audit(InstanceId id) const = 0;
  [[nodiscard]] virtual std::vector<Action> actions(InstanceId id) const = 0;
};

// Keeps everything in memory, per instance: tests, `docket run`, `docket simulate`.
class MemoryStore final : public Store {
 public:
  void append(const TraceEntry& entry) override { audit_[entry.instance].push_back(entry); }
  void put_action(const Action& action) override { actions_[action.instance].push_back(action); }
  [[nodiscard]] std::vector<TraceEntry> audit(InstanceId id) const override;
  [[nodiscard]] std::vector<Action> actions(InstanceId id) const override;

 private:
  std::map<InstanceId, std::vector<TraceEntry>> audit_;
  std::map<InstanceId, std::vector<Action>> actions_;
};

}  // namespace docket
