// LiveRunner: a thread that runs posted operations in order and fires the engine's timers when due.
#include "docket/core/live_runner.hpp"

#include <chrono>

namespace docket {

LiveRunner::LiveRunner(Engine& engine) : engine_(engine), thread_([this](const std::stop_token& stop) { loop(stop); }) {}

LiveRunner::~LiveRunner() { stop(); }

std::future<void> LiveRunner::post(std::function<void(Engine&)> op) {
  std::packaged_task<void(Engine&)> task(std::move(op));
  std::future<void> done = task.get_future();
  {
    std::lock_guard lock(mutex_);
    work_.push_back(std::move(task));
  }
  wake_.notify_one();
  return done;
}

void LiveRunner::stop() {
  thread_.request_stop();
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  work_.clear();  // their futures report broken_promise
}

std::exception_ptr LiveRunner::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

void LiveRunner::loop(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    std::deque<std::packaged_task<void(Engine&)>> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(work_);
    }
    for (auto& task : batch) {
      if (stop.stop_requested()) break;
      task(engine_);
    }
    try {
      engine_.fire_due_timers();
    } catch (...) {
      std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
      return;
    }
    const std::optional<Instant> next = engine_.next_timer();
    std::unique_lock lock(mutex_);
    auto more = [&] { return !work_.empty(); };
    if (next) {
      wake_.wait_until(lock, stop, std::chrono::system_clock::time_point(*next), more);
    } else {
      wake_.wait(lock, stop, more);
    }
  }
}

}  // namespace docket
