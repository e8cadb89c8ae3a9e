// LiveRunner: a thread that runs posted operations in group-committed batches and fires timers when due.
#include "docket/core/live_runner.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace docket {

namespace {
bool shared_store(const Engine& engine) { return engine.store() != nullptr && engine.store()->shared(); }
}  // namespace

LiveRunner::LiveRunner(Engine& engine, std::size_t max_batch, const Clock* clock)
    : engine_(engine),
      clock_(clock),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      wake_fd_(shared_store(engine) ? ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) : -1),
      thread_([this](const std::stop_token& stop) { loop(stop); }) {}

LiveRunner::~LiveRunner() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

namespace {
void poke(int fd) {
  if (fd < 0) return;
  const std::uint64_t one = 1;
  (void)!::write(fd, &one, sizeof one);
}
}  // namespace

std::future<void> LiveRunner::post(std::function<void(Engine&)> op) {
  Work work{std::move(op), {}};
  std::future<void> done = work.done.get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopped_) {  // nobody would run it: answer with why the runner stopped
      work.done.set_exception(failure_);
      return done;
    }
    work_.push_back(std::move(work));
  }
  wake_.notify_one();
  poke(wake_fd_);
  return done;
}

void LiveRunner::stop() {
  thread_.request_stop();
  wake_.notify_one();
  poke(wake_fd_);
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
  bool conflict = false;
  for (int attempt = 0; attempt < 3; ++attempt) {
    batch_error = nullptr;
    conflict = false;
    std::fill(errors.begin(), errors.end(), nullptr);
    try {
      Engine::Batch batch(engine_);
      for (std::size_t i = 0; i < work.size(); ++i) {
        try {
          work[i].op(engine_);
        } catch (const StoreConflict&) {
          throw;  // the whole batch runs again on what the store holds now
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
    } catch (const StoreConflict&) {
      batch_error = std::current_exception();
      conflict = true;  // another process wrote an instance of the batch: nothing was kept, run it again
      continue;
    } catch (...) {
      batch_error = std::current_exception();
    }
    break;
  }
  if (batch_error == nullptr && work.empty()) {
    // A wake-up without work (a timer's time, a notice, a heartbeat) may commit nothing, and the
    // engine delivers after commits: actions whose next attempt came due (a failed one's backoff),
    // or that a process that died had claimed and its lease freed, are delivered here.
    try {
      (void)engine_.deliver_actions();
    } catch (const StoreError&) {
      batch_error = std::current_exception();  // fenced, or the store is failing: the runner stops
    }
  }
  {
    std::lock_guard lock(mutex_);
    if (batch_error == nullptr) {
      ++commits_;
      operations_ += work.size();
    }
    if (timer_error != nullptr && failure_ == nullptr) failure_ = timer_error;
    if (batch_error != nullptr && !conflict) {
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

std::chrono::milliseconds LiveRunner::until(Instant due) const {
  if (clock_ != nullptr) return std::chrono::duration_cast<std::chrono::milliseconds>(due - clock_->now());
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::time_point(due) -
                                                                std::chrono::system_clock::now());
}

void LiveRunner::leave_on_failure() {
  std::deque<Work> left;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    left.swap(work_);
  }
  for (Work& w : left) w.done.set_exception(failure_);  // failure_ is set and no longer changes
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
      std::unique_lock lock(mutex_);
      if (failure_ != nullptr && stopping_on_failure_) {
        lock.unlock();
        leave_on_failure();
        return;
      }
    }
    if (wake_fd_ >= 0) {
      if (!wait_shared(stop)) {
        leave_on_failure();
        return;
      }
      continue;
    }
    const std::optional<Instant> next = engine_.next_timer();
    std::unique_lock lock(mutex_);
    auto more = [&] { return !work_.empty(); };
    if (next) {
      wake_.wait_until(lock, stop, std::chrono::steady_clock::now() + until(*next), more);
    } else {
      wake_.wait(lock, stop, more);
    }
  }
}

bool LiveRunner::wait_shared(const std::stop_token& stop) {
  Store& store = *engine_.store();
  const auto beat = std::max(store.lease() / 3, std::chrono::milliseconds{1});
  try {
    if (std::chrono::steady_clock::now() >= next_heartbeat_) {
      store.heartbeat();  // StoreFenced: this process lost its lease and must stop
      next_heartbeat_ = std::chrono::steady_clock::now() + beat;
    }
    {
      std::lock_guard lock(mutex_);
      if (!work_.empty() || stop.stop_requested()) return true;
    }
    std::chrono::milliseconds timeout = beat;
    if (const std::optional<Instant> next = engine_.next_timer()) {
      timeout = std::clamp(until(*next), std::chrono::milliseconds{0}, timeout);
    }
    (void)store.wait_for_work(timeout, wake_fd_);  // a notice, a post, or the time: the loop looks again
    std::uint64_t drained = 0;
    (void)!::read(wake_fd_, &drained, sizeof drained);
  } catch (const StoreError&) {
    std::lock_guard lock(mutex_);
    if (failure_ == nullptr) failure_ = std::current_exception();
    return false;
  }
  return true;
}

}  // namespace docket
