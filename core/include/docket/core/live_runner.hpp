// LiveRunner: drives an engine on the wall clock for a live host; one thread owns the engine, others post work.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "docket/core/engine.hpp"

namespace docket {

// The engine is not thread-safe; a live host gives it to a LiveRunner, whose thread alone calls
// it. The thread sleeps until the engine's next timer is due on the system clock (or until work is
// posted) and fires it then, so warnings, breaches and deadlines fire when due rather than on a
// sweep. Give the engine a SystemClock. Sinks (on_trace, on_action) are called on the runner's thread.
class LiveRunner {
 public:
  explicit LiveRunner(Engine& engine);
  ~LiveRunner();  // stops the thread
  LiveRunner(const LiveRunner&) = delete;
  LiveRunner& operator=(const LiveRunner&) = delete;

  // Runs `op` on the runner's thread, after the work posted before it; the future carries its end,
  // or what it threw (EngineError, StoreError).
  std::future<void> post(std::function<void(Engine&)> op);
  // Stops after the operation under way; work not started yet is dropped (its futures say so).
  void stop();
  // What stopped the runner by itself: a timer that threw (a store that failed); null otherwise.
  [[nodiscard]] std::exception_ptr failure() const;

 private:
  void loop(const std::stop_token& stop);

  Engine& engine_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<std::packaged_task<void(Engine&)>> work_;
  std::exception_ptr failure_;
  std::jthread thread_;  // last: started when everything else exists
};

}  // namespace docket
