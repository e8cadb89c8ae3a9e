// Frames between the engine and a plugin helper: building, parsing, and socket I/O with a deadline.
#include "plugin/isolation/wire.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace docket::plugin::wire {

Writer::Writer(Op op) {
  bytes_.assign(4, '\0');
  u8(static_cast<std::uint8_t>(op));
}

void Writer::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

void Writer::u64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

void Writer::f64(double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  u64(bits);
}

void Writer::text(std::string_view s) {
  u32(static_cast<std::uint32_t>(s.size()));
  bytes_.append(s);
}

void Writer::value(const docket_value& v) {
  u32(v.kind);
  switch (v.kind) {
    case DOCKET_TYPE_BOOL: {
      unsigned char byte = 0;  // the byte, not the bool: a C plugin may have stored 2
      std::memcpy(&byte, &v.boolean, 1);
      u8(byte != 0 ? 1 : 0);
      break;
    }
    case DOCKET_TYPE_INT: i64(v.integer); break;
    case DOCKET_TYPE_NUMBER: f64(v.number); break;
    case DOCKET_TYPE_TEXT: text(v.text.size == 0 ? std::string_view() : std::string_view(v.text.data, v.text.size)); break;
    default: break;
  }
}

const std::string& Writer::frame() {
  const auto size = static_cast<std::uint32_t>(bytes_.size() - 4);
  for (int i = 0; i < 4; ++i) bytes_[static_cast<std::size_t>(i)] = static_cast<char>((size >> (8 * i)) & 0xffu);
  return bytes_;
}

Reader::Reader(std::string_view payload) : data_(payload) { op_ = static_cast<Op>(u8()); }

bool Reader::take(std::size_t n) {
  if (failed_ || data_.size() - pos_ < n) {
    failed_ = true;
    return false;
  }
  return true;
}

std::uint8_t Reader::u8() {
  if (!take(1)) return 0;
  return static_cast<std::uint8_t>(data_[pos_++]);
}

std::uint32_t Reader::u32() {
  if (!take(4)) return 0;
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(data_[pos_++])} << (8 * i);
  return v;
}

std::uint64_t Reader::u64() {
  if (!take(8)) return 0;
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(data_[pos_++])} << (8 * i);
  return v;
}

double Reader::f64() {
  const std::uint64_t bits = u64();
  double v = 0;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

std::string_view Reader::text_view() {
  const std::uint32_t n = u32();
  if (!take(n)) return {};
  std::string_view s = data_.substr(pos_, n);
  pos_ += n;
  return s;
}

std::string Reader::text() { return std::string(text_view()); }

docket_value Reader::value() {
  docket_value v{};
  v.kind = u32();
  switch (v.kind) {
    case DOCKET_TYPE_BOOL: v.boolean = u8() != 0; break;
    case DOCKET_TYPE_INT: v.integer = i64(); break;
    case DOCKET_TYPE_NUMBER: v.number = f64(); break;
    case DOCKET_TYPE_TEXT: {
      const std::string_view s = text_view();
      v.text = docket_string_view{s.data(), s.size()};
      break;
    }
    default: failed_ = true; break;
  }
  return v;
}

bool send_frame(int fd, std::string_view frame) noexcept {
  while (!frame.empty()) {
    const ssize_t sent = ::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    frame.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

namespace {

// Waits until `fd` is readable or `deadline` passes (none: returns at once; the recv blocks).
Received wait_readable(int fd, std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (!deadline) return Received::frame;
  while (true) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Received::timeout;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 1 << 30)));
    if (ready > 0) return Received::frame;
    if (ready < 0 && errno != EINTR) return Received::error;
  }
}

}  // namespace

// A frame usually arrives in one piece, so one recv of up to a buffer's worth takes the header
// and the payload together. The protocol is strictly one answer per request: bytes beyond the
// frame can only come from a plugin scribbling on the socket, and make the frame garbage.
Received receive_frame(int fd, std::string& payload, std::optional<std::chrono::steady_clock::time_point> deadline) {
  payload.clear();
  std::string buffer;
  std::size_t want = 4;  // the header, then the whole frame
  bool sized = false;
  while (buffer.size() < want || !sized) {
    if (buffer.size() >= 4 && !sized) {
      std::uint32_t size = 0;
      for (std::size_t i = 0; i < 4; ++i) size |= std::uint32_t{static_cast<unsigned char>(buffer[i])} << (8 * i);
      if (size == 0 || size > max_frame) return Received::oversized;
      want = 4 + std::size_t{size};
      sized = true;
      if (buffer.size() > want) return Received::oversized;
      if (buffer.size() == want) break;
    }
    const Received ready = wait_readable(fd, deadline);
    if (ready != Received::frame) return ready;
    const std::size_t chunk = sized ? want - buffer.size() : std::size_t{64} << 10;
    const std::size_t old = buffer.size();
    buffer.resize(old + chunk);
    const ssize_t got = ::recv(fd, buffer.data() + old, chunk, 0);
    if (got <= 0) {
      buffer.resize(old);
      if (got == 0) return Received::closed;
      if (errno == EINTR || errno == EAGAIN) continue;
      return errno == ECONNRESET ? Received::closed : Received::error;
    }
    buffer.resize(old + static_cast<std::size_t>(got));
  }
  payload.assign(buffer, 4, std::string::npos);
  return Received::frame;
}

}  // namespace docket::plugin::wire
