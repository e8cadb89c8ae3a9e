// The framing between the engine and a plugin helper process: length-prefixed binary frames on a socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "docket/plugin.h"

namespace docket::plugin::wire {

// What a frame carries. Requests go from the engine to the helper; each gets exactly one answer.
enum class Op : std::uint8_t {
  load = 1,       // path, configuration              -> manifest | refused
  call_function,  // index, clock, arguments          -> value | failed
  run_action,     // index, clock, request            -> action_result
  calendar_day,   // index, clock, date               -> day | failed
  event,          // index, clock, trace entry        -> ack
  manifest = 64,
  refused,
  value,
  failed,
  action_result,
  day,
  ack,
};

// A frame is a 4-byte little-endian payload length, then the payload; the payload's first byte is
// the Op. Frames larger than this are refused as garbage.
inline constexpr std::uint32_t max_frame = 64u << 20;

// Builds one frame.
class Writer {
 public:
  explicit Writer(Op op);
  void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void f64(double v);
  void text(std::string_view s);
  // A docket_value by its kind (bool, int, number, text); a text's bytes are copied.
  void value(const docket_value& v);
  // The finished frame (length filled in).
  [[nodiscard]] const std::string& frame();

 private:
  std::string bytes_;
};

// Reads one payload. A read past the end (or a malformed value) sets failed() and returns zeros;
// callers check failed() once at the end.
class Reader {
 public:
  explicit Reader(std::string_view payload);
  [[nodiscard]] Op op() const noexcept { return op_; }
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == data_.size(); }
  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  double f64();
  std::string text();
  // A view into the payload (valid while it is): for argument texts handed straight on.
  std::string_view text_view();
  // A value written by Writer::value; text views point into the payload.
  docket_value value();

 private:
  bool take(std::size_t n);
  std::string_view data_;
  std::size_t pos_ = 0;
  Op op_{};
  bool failed_ = false;
};

// Writes a whole frame (never raises SIGPIPE). False on any error.
bool send_frame(int fd, std::string_view frame) noexcept;

// oversized: a length beyond max_frame, or bytes beyond the frame (the protocol never sends them).
enum class Received : std::uint8_t { frame, closed, timeout, error, oversized };

// Reads one frame's payload into `payload`, waiting at most until `deadline` (none: for ever).
Received receive_frame(int fd, std::string& payload,
                       std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace docket::plugin::wire
