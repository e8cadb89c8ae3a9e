// Frees retired analyses on a thread of its own: tearing down a large program's syntax trees and
// module takes a few hundred milliseconds, which the next edit's analysis need not wait for.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace docket::lsp {

class Reaper {
 public:
  Reaper() : thread_([this] { loop(); }) {}
  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;
  // Frees what is left, then stops.
  ~Reaper() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void free_later(std::vector<std::shared_ptr<const void>> items) {
    if (items.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto& i : items) queue_.push_back(std::move(i));
    }
    wake_.notify_one();
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      while (!queue_.empty()) {
        std::shared_ptr<const void> item = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        item.reset();  // the destructor runs here, outside the lock
        lock.lock();
      }
      if (stop_) return;
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<const void>> queue_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace docket::lsp
