// Transport: LSP's Content-Length framing over file descriptors (blocking reads, poll for pending input).
#include "lsp/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>

namespace docket::lsp {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

FrameHeader parse_frame_header(std::string_view block) {
  FrameHeader h;
  while (!block.empty()) {
    std::size_t eol = block.find('\n');
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 1);
    line = trim(line);
    if (line.empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      h.error = "a header line without `:`: `" + std::string(line.substr(0, 80)) + "`";
      return h;
    }
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size()) {
        h.error = "Content-Length is not a number: `" + std::string(value.substr(0, 40)) + "`";
        return h;
      }
      if (n > kMaxBodyBytes) {
        h.error = "Content-Length " + std::string(value) + " is larger than the 256 MiB a message may have";
        return h;
      }
      h.content_length = n;
    } else if (name == "content-type") {
      std::string v = lower(value);
      std::size_t cs = v.find("charset=");
      if (cs != std::string::npos) {
        std::string charset(trim(std::string_view(v).substr(cs + 8)));
        if (charset != "utf-8" && charset != "utf8") {
          h.error = "only utf-8 bodies are understood, not charset `" + charset + "`";
          return h;
        }
      }
    }
  }
  if (!h.content_length) h.error = "the header has no Content-Length";
  return h;
}

bool Transport::fill() {
  if (start_ > 0 && start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(in_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

Transport::Read Transport::read(std::string& body, std::string& error) {
  // The header block ends with an empty line.
  std::size_t end = std::string::npos;
  while ((end = buffer_.find("\r\n\r\n", start_)) == std::string::npos) {
    if (buffer_.size() - start_ > 65536) {
      error = "a message header longer than 64 KiB: the input is not LSP's framing";
      return Read::end;
    }
    if (!fill()) {
      if (buffer_.size() > start_) error = "the input ended inside a message header";
      return Read::end;
    }
  }
  FrameHeader header = parse_frame_header(std::string_view(buffer_).substr(start_, end - start_));
  start_ = end + 4;
  if (!header.error.empty()) {
    error = header.error;
    return Read::bad_frame;
  }
  const std::size_t length = *header.content_length;
  while (buffer_.size() - start_ < length) {
    if (!fill()) {
      error = "the input ended inside a message body";
      return Read::end;
    }
  }
  body.assign(buffer_, start_, length);
  start_ += length;
  if (start_ > (1U << 20) && start_ * 2 > buffer_.size()) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  return Read::message;
}

bool Transport::pending() {
  if (buffer_.find("\r\n\r\n", start_) != std::string::npos) return true;
  pollfd p{in_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

bool Transport::write(std::string_view body) {
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  frame.append(body);
  std::size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = ::write(out_, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace docket::lsp
