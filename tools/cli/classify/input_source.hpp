// Reading input in blocks of whole records (CSV records may span lines inside quotes; JSONL is by line).
#pragma once

#include <cstddef>
#include <atomic>
#include <cstdint>
#include <string>

namespace docket::cli {

class InputSource {
 public:
  // Takes ownership of `fd` (closed on destruction unless it is 0, stdin).
  InputSource(int fd, bool csv, std::size_t block_size);
  ~InputSource();
  InputSource(const InputSource&) = delete;
  InputSource& operator=(const InputSource&) = delete;

  // Replaces `out` with the next block of whole records (about block_size bytes, more when one
  // record is longer). Returns false at the end of input, or on a read error (`error()`).
  bool next(std::string& out);
  // Safe to read from any thread (for a progress bar).
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_read_.load(std::memory_order_relaxed); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }

 private:
  bool fill();  // reads more into tail_; false at end of input or on error

  int fd_;
  bool csv_;
  std::size_t block_;
  std::string tail_;  // bytes read but not handed out yet
  bool eof_ = false;
  std::atomic<std::uint64_t> bytes_read_{0};
  std::string error_;
};

}  // namespace docket::cli
