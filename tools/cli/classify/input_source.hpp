// Reading input in blocks of whole records (CSV records may span lines inside quotes; JSONL is by line).
#pragma once

#include <cstddef>
#include <atomic>
#include <cstdint>
#include <string>

namespace docket::cli {

// The default for `docket classify --max-record-size`: no CSV record or JSON line may be longer.
// It bounds memory when a quote is never closed (the rest of the file would otherwise be one record).
inline constexpr std::size_t kDefaultMaxRecord = std::size_t{1} << 20;

class InputSource {
 public:
  // Takes ownership of `fd` (closed on destruction unless it is 0, stdin).
  InputSource(int fd, bool csv, std::size_t block_size, std::size_t max_record = kDefaultMaxRecord);
  ~InputSource();
  InputSource(const InputSource&) = delete;
  InputSource& operator=(const InputSource&) = delete;

  // Replaces `out` with the next block of whole records (about block_size bytes, more when one
  // record is longer). Returns false at the end of input, on a read error, or at a record longer
  // than max_record (`error()`, and `error_line()` for the latter). `info`, when given, is set to what
  // the reader saw of the block. `out`'s buffer is kept for later blocks (no copy of the block).
  struct BlockInfo {
    std::uint64_t line_breaks = 0;  // \n in the block
    bool quote_free = false;        // a CSV block without any `"` (false: it may have some)
  };
  bool next(std::string& out, BlockInfo* info = nullptr);
  // Safe to read from any thread (for a progress bar).
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_read_.load(std::memory_order_relaxed); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  // The 1-based line of the input the error is about (where the long record or its open quote
  // starts); 0 for a read error.
  [[nodiscard]] std::uint64_t error_line() const noexcept { return error_line_; }

 private:
  bool fill();  // reads more into tail_; false at end of input or on error
  void too_long();  // sets the error about the record at the front of tail_

  int fd_;
  bool csv_;
  std::size_t block_;
  std::size_t max_record_;
  std::string tail_;  // bytes read but not handed out yet (its first used_); it starts at a record
  std::size_t used_ = 0;
  bool eof_ = false;
  std::uint64_t lines_before_tail_ = 0;  // line breaks in the blocks handed out
  std::atomic<std::uint64_t> bytes_read_{0};
  std::string error_;
  std::uint64_t error_line_ = 0;
};

}  // namespace docket::cli
