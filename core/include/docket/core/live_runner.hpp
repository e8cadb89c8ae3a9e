// LiveRunner: drives an engine on the wall clock for a live host; one thread owns the engine, others post work.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "docket/core/engine.hpp"

namespace docket {

// The engine is not thread-safe; a live host gives it to a LiveRunner, whose thread alone calls
// it. The thread takes all the work posted since it last looked, runs it in order as one
// Engine::Batch together with the timers due by then, and commits once (group commit: one
// transaction, one fsync, for many operations); each post's future is fulfilled only after the
// commit that holds it. Between batches it sleeps until the engine's next timer is due on the
// system clock (or until work is posted). Give the engine a SystemClock, or pass the runner the
// engine's clock when it is a virtual one a host moves itself (posting the move, as `docket serve
// --test-clock` does): the runner then measures its sleeps against that clock. Sinks (on_trace,
// on_action) are called on the runner's thread, after the commit.
//
// On a shared store (several processes on one PostgreSQL database, docs/store.md) the thread also
// renews the store's lease (a third of the lease apart; a lost lease stops the runner with
// StoreFenced), sleeps on the store's notices so that work another process adds wakes it, and runs
// a batch the store refused for a conflict (another process wrote one of its instances) again, up to
// three times, before its futures carry the StoreConflict.
//
// A runner stopped by a failure (the store could not commit, or this process was fenced) answers
// every later post at once with that failure.
class LiveRunner {
 public:
  // `max_batch`: at most this many operations per commit. `clock`: the engine's clock when it is not
  // the system clock (it must outlive the runner, and only the runner's thread may move it).
  explicit LiveRunner(Engine& engine, std::size_t max_batch = 1024, const Clock* clock = nullptr);
  ~LiveRunner();  // stops the thread
  LiveRunner(const LiveRunner&) = delete;
  LiveRunner& operator=(const LiveRunner&) = delete;

  // Runs `op` on the runner's thread, after the work posted before it; the future is fulfilled once
  // its batch has committed, or carries what it threw (EngineError), or why the batch did not commit
  // (StoreError): then nothing of it happened, and the host may post it again.
  std::future<void> post(std::function<void(Engine&)> op);
  // Stops after the batch under way; work not started yet is dropped (its futures say so).
  void stop();
  // What went wrong by itself: a batch the store could not commit (the runner then stops: make a new
  // engine and recover() it), or a timer whose instance cannot be read (reported once, skipped).
  [[nodiscard]] std::exception_ptr failure() const;
  // How many commits ran, and how many operations they held (the group commit's effect).
  [[nodiscard]] std::size_t commits() const;
  [[nodiscard]] std::size_t operations() const;

 private:
  struct Work {
    std::function<void(Engine&)> op;
    std::promise<void> done;
  };
  void loop(const std::stop_token& stop);
  void run_batch(std::deque<Work>& work);
  // A shared store: renews the lease when due and sleeps on the store's notices; false when it must stop.
  bool wait_shared(const std::stop_token& stop);
  // The thread leaves after a failure: what is queued gets the failure, and so does every later post.
  void leave_on_failure();
  // How long until `due` on the engine's clock (negative when past).
  [[nodiscard]] std::chrono::milliseconds until(Instant due) const;

  Engine& engine_;
  const Clock* clock_;  // null: the system clock
  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Work> work_;
  std::exception_ptr failure_;
  std::size_t commits_ = 0;
  std::size_t operations_ = 0;
  bool stopping_on_failure_ = false;  // the runner's thread only
  bool stopped_ = false;              // the thread left its loop after a failure: posts are answered with it
  int wake_fd_ = -1;  // an eventfd post() writes, when the store is shared (the thread sleeps on the store's socket)
  std::chrono::steady_clock::time_point next_heartbeat_{};  // the runner's thread only
  std::jthread thread_;  // last: started when everything else exists
};

}  // namespace docket
