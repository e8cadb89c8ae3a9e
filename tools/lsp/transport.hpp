// JSON-RPC over a byte stream with LSP's framing: `Content-Length: N\r\n\r\n` then N bytes of JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace docket::lsp {

// The header block of one message, parsed: the body's length, or why there is none.
struct FrameHeader {
  std::optional<std::size_t> content_length;
  std::string error;  // set when the block is not a valid LSP header
};

// Parses the lines of a header block (without the blank line that ends it). Only Content-Length
// matters; Content-Type may name utf-8 (or the old `utf8`) and nothing else.
FrameHeader parse_frame_header(std::string_view block);

// The largest body accepted; a longer one is refused rather than read into memory.
inline constexpr std::size_t kMaxBodyBytes = 256U * 1024U * 1024U;

// Reads framed messages from a file descriptor (stdin) and writes them to another (stdout).
class Transport {
 public:
  enum class Read { message, end, bad_frame };

  Transport(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}

  // Blocks until a whole message is read into `body`. `bad_frame`: a header block without a
  // usable Content-Length (`error` says why); its bytes were skipped and reading can go on.
  // `end`: the input closed (or cannot go on: `error` says why when it is not a plain end).
  Read read(std::string& body, std::string& error);
  // Whether another message's bytes are already here (buffered or waiting on the descriptor),
  // so that queued edits can be applied before a slow analysis.
  bool pending();
  // Writes one framed message; false when the output is gone.
  bool write(std::string_view body);

 private:
  bool fill();  // reads more bytes; false at the end of the input
  int in_;
  int out_;
  std::string buffer_;
  std::size_t start_ = 0;  // unread part of buffer_ starts here
};

}  // namespace docket::lsp
