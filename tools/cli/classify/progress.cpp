// Progress on a terminal: rows, percent of the input read, rows per second; nothing on a pipe.
#include "cli/classify/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace docket::cli {

Progress::Progress(std::uint64_t total_bytes)
    : enabled_(::isatty(STDERR_FILENO) == 1),
      total_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::uint64_t rows, std::uint64_t bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  std::string bar;
  if (total_ > 0) {
    const double done = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(total_));
    const int filled = static_cast<int>(done * 30);
    bar = fmt::format("[{}{}] {:3.0f}%  ", std::string(static_cast<std::size_t>(filled), '#'),
                      std::string(static_cast<std::size_t>(30 - filled), ' '), done * 100);
  }
  std::fputs(fmt::format("\r{}{} rows  {:.2f} M rows/s\033[K", bar, rows, rate / 1e6).c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::clear() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace docket::cli
