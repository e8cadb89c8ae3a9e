// Block reads with read(2); each block is cut after the last line break that ends a whole record.
#include "cli/classify/input_source.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/classify/csv_split.hpp"

namespace docket::cli {

namespace {
constexpr std::size_t kMaxRecord = std::size_t{64} << 20;
}  // namespace

InputSource::InputSource(int fd, bool csv, std::size_t block_size) : fd_(fd), csv_(csv), block_(block_size) {}

InputSource::~InputSource() {
  if (fd_ > 0) ::close(fd_);
}

bool InputSource::fill() {
  if (eof_) return false;
  const std::size_t old = tail_.size();
  tail_.resize(old + block_);
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
  tail_.resize(old + got);
  bytes_read_.fetch_add(got, std::memory_order_relaxed);
  return got > 0;
}

bool InputSource::next(std::string& out) {
  if (tail_.size() < block_) fill();
  std::size_t n = 0;
  while (true) {
    if (csv_) {
      n = csv_whole_records(tail_);
    } else {
      const std::size_t nl = tail_.rfind('\n');
      n = nl == std::string::npos ? 0 : nl + 1;
    }
    if (n > 0) break;
    if (eof_) {
      if (tail_.empty()) return false;
      n = tail_.size();  // the last record has no line break
      break;
    }
    if (tail_.size() > kMaxRecord) {
      n = tail_.size();  // no record ends in 64 MiB (an unclosed quote?): the worker reports it
      break;
    }
    fill();  // one record longer than what was read: read on
  }
  out.assign(tail_, 0, n);
  tail_.erase(0, n);
  return true;
}

}  // namespace docket::cli
