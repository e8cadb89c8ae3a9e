// A one-line progress display on stderr, drawn only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace docket::cli {

class Progress {
 public:
  // `total_bytes` 0: unknown (a pipe), so no percentage.
  explicit Progress(std::uint64_t total_bytes);
  // Redraws at most ten times a second.
  void update(std::uint64_t rows, std::uint64_t bytes);
  // Erases the line (before an error message, and at the end).
  void clear();
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace docket::cli
