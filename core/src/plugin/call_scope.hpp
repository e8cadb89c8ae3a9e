// One call into a plugin: the call context it sees, its error and scratch memory, its deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "docket/plugin.h"
#include "plugin/staged.hpp"

namespace docket::plugin {

// What one call collects from the plugin: its error, the scratch memory it asked for, and the
// deadline after which should_cancel() turns true.
struct CallState {
  bool failed = false;
  std::string error;
  std::vector<std::unique_ptr<std::byte[]>> scratch;
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

// The plugin sees &frame.context; the host finds its state again from that pointer. Both members
// are standard-layout, so the context and the frame are pointer-interconvertible.
struct CallFrame {
  docket_call_context context;
  CallState* state;
};

// Holds the policy's mutex (when the callback is not thread-safe) for the whole call, arms the
// deadline, and on finish() flags a call that overran it in the plugin log.
class CallScope {
 public:
  explicit CallScope(const CallPolicy& policy);
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  [[nodiscard]] docket_call_context* context() noexcept { return &frame_.context; }
  [[nodiscard]] CallState& state() noexcept { return state_; }

  // The message for a failed call: the plugin's, or one naming the callback and plugin.
  [[nodiscard]] std::string error_message(docket_status status) const;
  // Logs a warning when the call ran past its deadline; call once the plugin has returned.
  void finish() noexcept;

 private:
  const CallPolicy& policy_;
  std::unique_lock<std::mutex> lock_;
  std::chrono::steady_clock::time_point started_;
  CallState state_;
  CallFrame frame_;
};

}  // namespace docket::plugin
