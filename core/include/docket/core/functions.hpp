// Host and plugin functions callable from expressions, with the signatures the checker uses.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket {

// Thrown by a native function to report a failure for this one evaluation.
class FunctionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a function promises about itself (plugin ABI 1.1 flags; builtins are pure and thread-safe).
struct CallTraits {
  bool pure = false;         // same arguments, same result, no side effects
  bool thread_safe = true;   // may run on several threads at once
  bool may_block = false;    // may wait on I/O
};

struct FunctionSignature {
  std::string name;               // dotted, e.g. "site.district"
  std::vector<Type> params;       // primitive types only: bool, int, number, text, duration, time
  Type result;
  std::string origin;             // "builtin" or the plugin file it came from
  CallTraits traits{};
};

// An action a workflow step hands work to (`by action site.schedule_meter(app.id)`).
struct ActionSignature {
  std::string name;               // dotted, e.g. "site.schedule_meter"
  std::vector<Type> params;
  std::string origin;             // the plugin file it came from, or "host"
  CallTraits traits{};
};

// One delivery of an action to its handler.
struct ActionRequest {
  std::string_view name;
  std::span<const Value> args;
  std::string_view idempotency_key;  // stable across redeliveries
  std::uint64_t instance = 0;
  std::uint32_t attempt = 1;         // 1 on the first delivery
};

// How a delivery went: done, a transient failure worth retrying, or a permanent failure.
enum class ActionOutcome : std::uint8_t { done, retry, failed };
struct ActionResult {
  ActionOutcome outcome = ActionOutcome::done;
  std::string message;  // why, when not done
};

using ActionHandler = std::function<ActionResult(const ActionRequest& request)>;

struct ActionEntry {
  ActionSignature signature;
  ActionHandler run;
};

using NativeFunction = std::function<Value(std::span<const Value> args)>;

struct Function {
  FunctionSignature signature;
  NativeFunction call;
};

// The functions a program may call. The checker reads signatures from it; the lowering binds
// calls to it. Registration happens before compilation; afterwards it is read-only.
class FunctionRegistry {
 public:
  // Returns false (and changes nothing) when the name is taken.
  bool add(FunctionSignature signature, NativeFunction call);

  [[nodiscard]] const Function* find(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> names() const;

  // Actions live beside functions (the checker types `by action` calls against them) in their
  // own name space. Returns false (and changes nothing) when the name is taken.
  bool add_action(ActionSignature signature, ActionHandler run);
  [[nodiscard]] const ActionEntry* find_action(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> action_names() const;

 private:
  std::map<std::string, Function, std::less<>> functions_;
  std::map<std::string, ActionEntry, std::less<>> actions_;
};

}  // namespace docket
