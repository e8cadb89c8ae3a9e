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

// Reads exactly `size` bytes into `out`.
Received read_exactly(int fd, char* out, std::size_t size,
                      std::optional<std::chrono::steady_clock::time_point> deadline) {
  while (size > 0) {
    int wait_ms = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return Received::timeout;
      wait_ms = static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 1 << 30));
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Received::error;
    }
    if (ready == 0) continue;  // the deadline check above decides
    const ssize_t got = ::recv(fd, out, size, 0);
    if (got == 0) return Received::closed;
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return errno == ECONNRESET ? Received::closed : Received::error;
    }
    out += got;
    size -= static_cast<std::size_t>(got);
  }
  return Received::frame;
}

}  // namespace

Received receive_frame(int fd, std::string& payload, std::optional<std::chrono::steady_clock::time_point> deadline) {
  unsigned char header[4];
  Received r = read_exactly(fd, reinterpret_cast<char*>(header), sizeof header, deadline);
  if (r != Received::frame) return r;
  std::uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size |= std::uint32_t{header[i]} << (8 * i);
  if (size == 0 || size > max_frame) return Received::oversized;
  payload.resize(size);
  return read_exactly(fd, payload.data(), size, deadline);
}

}  // namespace docket::plugin::wire
