// libFuzzer target: what an editor sends `docket lsp` — header blocks, JSON bodies, and content
// changes (incremental ranges in UTF-16 and UTF-8) applied to a document — on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lsp/document_store.hpp"
#include "lsp/position.hpp"
#include "lsp/transport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // The input splits into a header block, a document and a JSON body at its first two NUL bytes.
  const std::size_t a = input.find('\0');
  const std::size_t b = a == std::string_view::npos ? a : input.find('\0', a + 1);
  const std::string_view header = input.substr(0, a);
  std::string document(a == std::string_view::npos ? std::string_view() : input.substr(a + 1, b - a - 1));
  const std::string_view body = b == std::string_view::npos ? input : input.substr(b + 1);

  docket::lsp::FrameHeader h = docket::lsp::parse_frame_header(header);
  if (h.content_length && *h.content_length > docket::lsp::kMaxBodyBytes) std::abort();
  if (!h.content_length && h.error.empty()) std::abort();  // a refusal always says why

  nlohmann::json changes = nlohmann::json::parse(body, nullptr, false);
  if (changes.is_discarded()) return 0;
  if (!changes.is_array()) changes = nlohmann::json::array({changes});
  for (docket::lsp::Encoding e : {docket::lsp::Encoding::utf16, docket::lsp::Encoding::utf8}) {
    std::string text = document;
    for (const nlohmann::json& c : changes) {
      std::string error;
      if (!docket::lsp::apply_change(text, c, e, error) && error.empty()) std::abort();
    }
    // Positions convert back to offsets inside the text, at character boundaries in UTF-16.
    docket::lsp::LineIndex lines(text);
    for (std::uint32_t offset = 0; offset <= text.size() && offset < 4096; ++offset) {
      docket::lsp::Position p = lines.position(offset, e);
      std::uint32_t back = lines.offset(p, e);
      if (back > text.size()) std::abort();
      const bool boundary = offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
      if (e == docket::lsp::Encoding::utf8 && back != offset) std::abort();
      if (e == docket::lsp::Encoding::utf16 && boundary && back < offset) std::abort();
    }
  }
  return 0;
}
