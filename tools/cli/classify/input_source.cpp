// Block reads with read(2); each block is cut after the last line break that ends a whole record.
#include "cli/classify/input_source.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

#include <cerrno>
#include <cstring>

#include "cli/classify/csv_plain.hpp"
#include "cli/classify/csv_split.hpp"

namespace docket::cli {

InputSource::InputSource(int fd, bool csv, std::size_t block_size, std::size_t max_record)
    : fd_(fd), csv_(csv), block_(block_size), max_record_(max_record) {}

InputSource::~InputSource() {
  if (fd_ > 0) ::close(fd_);
}

bool InputSource::fill() {
  if (eof_) return false;
  const std::size_t old = used_;
  // Buffers go round between this reader and the chunks (next() swaps them): each is given room for
  // two blocks the first time, so it never grows again (fresh memory costs a page fault per 4 KiB).
  // Bytes past used_ are left as they are: resizing down and up again would zero a block each time.
  if (tail_.capacity() < old + block_) tail_.reserve(std::max(old + block_, 2 * block_));
  if (tail_.size() < old + block_) tail_.resize(old + block_);
  std::size_t got = 0;
  while (got < block_) {
    const ssize_t r = ::read(fd_, tail_.data() + old + got, block_ - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      error_ = std::strerror(errno);
      eof_ = true;
      break;
    }
    if (r == 0) {
      eof_ = true;
      break;
    }
    got += static_cast<std::size_t>(r);
  }
  used_ = old + got;
  bytes_read_.fetch_add(got, std::memory_order_relaxed);
  return got > 0;
}

bool InputSource::next(std::string& out, BlockInfo* info) {
  if (used_ < block_) fill();
  std::size_t n = 0;
  bool any_quote = true;
  while (true) {
    const std::string_view held(tail_.data(), used_);
    if (csv_) {
      n = csv_whole_records(held, &any_quote);
    } else {
      const std::size_t nl = held.rfind('\n');
      n = nl == std::string_view::npos ? 0 : nl + 1;
    }
    if (n > 0) break;
    if (eof_) {
      if (used_ == 0) return false;
      n = used_;  // the last record has no line break
      break;
    }
    if (used_ > max_record_) {
      too_long();
      return false;
    }
    fill();  // one record longer than what was read: read on
  }
  // The block leaves in tail_'s buffer; the few bytes after it go to the start of `out`'s old one.
  const std::size_t rest = used_ - n;
  out.swap(tail_);
  if (tail_.size() < rest) tail_.resize(rest);
  std::memcpy(tail_.data(), out.data() + n, rest);
  used_ = rest;
  out.resize(n);
  const std::uint64_t breaks = count_line_breaks(out);
  lines_before_tail_ += breaks;
  if (info != nullptr) *info = BlockInfo{breaks, csv_ && !any_quote};
  return true;
}

void InputSource::too_long() {
  const std::string size = max_record_ % (std::size_t{1} << 20) == 0 ? fmt::format("{} MiB", max_record_ >> 20)
                           : max_record_ % 1024 == 0                 ? fmt::format("{} KiB", max_record_ >> 10)
                                                                     : fmt::format("{} bytes", max_record_);
  // A CSV record this long almost always has a quote that never closes: find where it opened
  // (the last quote that left the parity odd) and point there.
  std::size_t at = 0;
  bool quoted = false;
  if (csv_) {
    for (std::size_t i = 0; i < used_; ++i) {
      if (tail_[i] != '"') continue;
      quoted = !quoted;
      if (quoted) at = i;
    }
  }
  error_line_ = lines_before_tail_ + 1 + static_cast<std::uint64_t>(std::count(tail_.begin(), tail_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  if (quoted) {
    error_ = fmt::format("a quoted field opens here and does not close within {} (the maximum record size)\n  hint: "
                         "close the quote (a quote inside a quoted field is written \"\"), or raise "
                         "--max-record-size if records really are this long",
                         size);
  } else {
    error_ = fmt::format("this {} is longer than {} (the maximum record size)\n  hint: is the file what it should "
                         "be? raise --max-record-size if records really are this long",
                         csv_ ? "record" : "line", size);
  }
  tail_.clear();
  tail_.shrink_to_fit();
  used_ = 0;
  eof_ = true;
}

}  // namespace docket::cli
