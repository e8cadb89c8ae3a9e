// Reader, workers, ordered writer: one mutex, three condition variables, a pool of reused chunks.
#include "cli/classify/chunk_pipeline.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/classify/csv_plain.hpp"

namespace docket::cli {

namespace {

struct Shared {
  std::mutex m;
  std::condition_variable work_cv;   // a chunk to process, or the end
  std::condition_variable done_cv;   // a processed chunk, or the end
  std::condition_variable space_cv;  // room for another chunk in flight
  std::deque<std::unique_ptr<Chunk>> work;
  std::map<std::uint64_t, std::unique_ptr<Chunk>> done;
  std::vector<std::unique_ptr<Chunk>> pool;
  std::size_t in_flight = 0;
  std::size_t limit = 0;
  bool reader_done = false;
  std::uint64_t total = 0;
  bool stop = false;
};

std::unique_ptr<Chunk> take(Shared& s) {
  std::unique_ptr<Chunk> c;
  if (s.pool.empty()) {
    c = std::make_unique<Chunk>();
  } else {
    c = std::move(s.pool.back());
    s.pool.pop_back();
  }
  c->out.clear();
  c->errors.clear();
  c->lines = 0;
  c->rows = 0;
  return c;
}

void read_chunks(Shared& s, InputSource& input, std::string first) {
  std::uint64_t seq = 0;
  bool have_first = !first.empty();
  while (true) {
    std::unique_ptr<Chunk> c;
    {
      std::unique_lock lock(s.m);
      s.space_cv.wait(lock, [&] { return s.stop || s.in_flight < s.limit; });
      if (s.stop) break;
      c = take(s);
      ++s.in_flight;
    }
    bool got = true;
    if (have_first) {
      c->in = std::move(first);
      c->line_breaks = count_line_breaks(c->in);
      c->quote_free = false;
      have_first = false;
    } else {
      InputSource::BlockInfo info;
      got = input.next(c->in, &info);
      c->line_breaks = info.line_breaks;
      c->quote_free = info.quote_free;
    }
    std::lock_guard lock(s.m);
    if (!got) {
      --s.in_flight;
      s.pool.push_back(std::move(c));
      break;
    }
    c->seq = seq++;
    s.work.push_back(std::move(c));
    s.work_cv.notify_one();
  }
  std::lock_guard lock(s.m);
  s.reader_done = true;
  s.total = seq;
  s.work_cv.notify_all();
  s.done_cv.notify_all();
}

void process_chunks(Shared& s, const std::function<void(Chunk&)>& process) {
  while (true) {
    std::unique_ptr<Chunk> c;
    {
      std::unique_lock lock(s.m);
      s.work_cv.wait(lock, [&] { return s.stop || !s.work.empty() || s.reader_done; });
      if (s.stop || s.work.empty()) return;
      c = std::move(s.work.front());
      s.work.pop_front();
    }
    process(*c);
    std::lock_guard lock(s.m);
    const std::uint64_t seq = c->seq;
    s.done.emplace(seq, std::move(c));
    s.done_cv.notify_all();
  }
}

}  // namespace

bool run_pipeline(InputSource& input, std::string first, unsigned workers, const PipelineSteps& steps) {
  Shared s;
  if (workers == 0) workers = 1;
  s.limit = 2 * static_cast<std::size_t>(workers) + 2;
  std::vector<std::thread> threads;
  threads.emplace_back(read_chunks, std::ref(s), std::ref(input), std::move(first));
  for (unsigned i = 0; i < workers; ++i) {
    threads.emplace_back([&s, &steps] { process_chunks(s, steps.make_worker()); });
  }
  bool stopped = false;
  for (std::uint64_t next = 0;; ++next) {
    std::unique_ptr<Chunk> c;
    {
      std::unique_lock lock(s.m);
      s.done_cv.wait(lock, [&] { return s.done.count(next) > 0 || (s.reader_done && next >= s.total); });
      auto it = s.done.find(next);
      if (it == s.done.end()) break;
      c = std::move(it->second);
      s.done.erase(it);
    }
    const bool go = steps.write(*c);
    std::lock_guard lock(s.m);
    s.pool.push_back(std::move(c));
    --s.in_flight;
    s.space_cv.notify_one();
    if (!go) {
      stopped = true;
      s.stop = true;
      s.work_cv.notify_all();
      s.space_cv.notify_all();
      break;
    }
  }
  for (std::thread& t : threads) t.join();
  return !stopped;
}

}  // namespace docket::cli
