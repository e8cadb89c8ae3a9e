// LiveRunner: a thread that runs posted operations in group-committed batches and fires timers when due.
#include "docket/core/live_runner.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace docket {

LiveRunner::LiveRunner(Engine& engine, std::size_t max_batch)
    : engine_(engine), max_batch_(max_batch == 0 ? 1 : max_batch), thread_([this](const std::stop_token& stop) { loop(stop); }) {}

LiveRunner::~LiveRunner() { stop(); }

std::future<void> LiveRunner::post(std::function<void(Engine&)> op) {
  Work work{std::move(op), {}};
  std::future<void> done = work.done.get_future();
  {
    std::lock_guard lock(mutex_);
    work_.push_back(std::move(work));
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

std::size_t LiveRunner::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

std::size_t LiveRunner::operations() const {
  std::lock_guard lock(mutex_);
  return operations_;
}

void LiveRunner::run_batch(std::deque<Work>& work) {
  stopping_on_failure_ = false;
  // Each operation's own error (a refused argument) is its alone; the batch goes on.
  std::vector<std::exception_ptr> errors(work.size());
  std::exception_ptr batch_error;
  std::exception_ptr timer_error;
  try {
    Engine::Batch batch(engine_);
    for (std::size_t i = 0; i < work.size(); ++i) {
      try {
        work[i].op(engine_);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
    try {
      engine_.fire_due_timers();
    } catch (const EngineError&) {
      timer_error = std::current_exception();  // an instance that cannot be read: reported, skipped from now on
    }
    batch.commit();
  } catch (...) {
    batch_error = std::current_exception();
  }
  {
    std::lock_guard lock(mutex_);
    if (batch_error == nullptr) {
      ++commits_;
      operations_ += work.size();
    }
    if (timer_error != nullptr && failure_ == nullptr) failure_ = timer_error;
    if (batch_error != nullptr) {
      if (failure_ == nullptr) failure_ = batch_error;
      stopping_on_failure_ = true;  // the store failed: a new engine must recover from it
    }
  }
  for (std::size_t i = 0; i < work.size(); ++i) {
    if (batch_error != nullptr) {
      work[i].done.set_exception(batch_error);
    } else if (errors[i] != nullptr) {
      work[i].done.set_exception(errors[i]);
    } else {
      work[i].done.set_value();
    }
  }
}

void LiveRunner::loop(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    std::deque<Work> batch;
    {
      std::lock_guard lock(mutex_);
      while (!work_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(work_.front()));
        work_.pop_front();
      }
    }
    run_batch(batch);
    {
      std::lock_guard lock(mutex_);
      if (failure_ != nullptr && stopping_on_failure_) return;
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
