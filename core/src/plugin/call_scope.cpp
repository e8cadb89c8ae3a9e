// The call context plugins get (errors, scratch memory, should_cancel) and per-call policy.
#include "plugin/call_scope.hpp"

#include "plugin/library_record.hpp"

namespace docket::plugin {
namespace {

CallState& state_of(docket_call_context* ctx) noexcept { return *reinterpret_cast<CallFrame*>(ctx)->state; }

void call_set_error(docket_call_context* ctx, const char* message) noexcept {
  if (ctx == nullptr) return;
  CallState& state = state_of(ctx);
  state.failed = true;
  try {
    state.error = message != nullptr ? message : "";
  } catch (...) {
    state.error.clear();  // out of memory: the caller falls back to a generic message
  }
}

void* call_alloc(docket_call_context* ctx, std::size_t size) noexcept {
  if (ctx == nullptr) return nullptr;
  try {
    auto block = std::make_unique<std::byte[]>(size == 0 ? 1 : size);
    void* data = block.get();
    state_of(ctx).scratch.push_back(std::move(block));
    return data;
  } catch (...) {
    return nullptr;
  }
}

bool call_should_cancel(docket_call_context* ctx) noexcept {
  if (ctx == nullptr) return false;
  const CallState& state = state_of(ctx);
  return state.deadline && std::chrono::steady_clock::now() >= *state.deadline;
}

}  // namespace

void finish_policy(CallPolicy& policy) {
  if ((policy.flags & DOCKET_FLAG_THREAD_SAFE) == 0) policy.serial = std::make_shared<std::mutex>();
}

CallTraits CallPolicy::traits() const {
  return CallTraits{(flags & DOCKET_FLAG_PURE) != 0, (flags & DOCKET_FLAG_THREAD_SAFE) != 0,
                    (flags & DOCKET_FLAG_MAY_BLOCK) != 0};
}

CallScope::CallScope(const CallPolicy& policy)
    : policy_(policy),
      lock_(policy.serial ? std::unique_lock<std::mutex>(*policy.serial) : std::unique_lock<std::mutex>()),
      frame_{{sizeof(docket_call_context), policy.user_data, &call_set_error, &call_alloc, policy.host,
              &call_should_cancel},
             &state_} {
  if (policy.timeout_ms != 0) {
    started_ = std::chrono::steady_clock::now();
    state_.deadline = started_ + std::chrono::milliseconds(policy.timeout_ms);
  }
}

std::string CallScope::error_message(docket_status status) const {
  if (status == DOCKET_CANCELLED) {
    return policy_.what + " cancelled itself after its deadline of " + std::to_string(policy_.timeout_ms) + " ms" +
           (state_.error.empty() ? std::string() : ": " + state_.error);
  }
  if (!state_.error.empty()) return state_.error;
  return policy_.what + " failed without saying why (plugin " + policy_.plugin_name + ")";
}

void CallScope::finish() noexcept {
  if (!state_.deadline) return;
  const auto now = std::chrono::steady_clock::now();
  if (now <= *state_.deadline) return;
  try {
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(now - started_).count();
    log_line(policy_.plugin_name, DOCKET_LOG_WARN,
             policy_.what + " took " + std::to_string(took) + " ms, past its deadline of " +
                 std::to_string(policy_.timeout_ms) + " ms (flagged; it should poll ctx->should_cancel)");
  } catch (...) {
  }
}

}  // namespace docket::plugin
