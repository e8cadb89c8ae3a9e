// Source files and sets: line starts, byte offset to line:column in code points.
#include "docket/core/source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace docket {

std::uint32_t utf8_length(std::string_view bytes) noexcept {
  std::uint32_t n = 0;
  for (char c : bytes) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

LineColumn SourceFile::line_column(std::uint32_t offset) const {
  offset = std::min(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
  std::uint32_t start = line_starts_[line - 1];
  std::string_view before(text_.data() + start, offset - start);
  return {line, utf8_length(before) + 1};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  std::string_view s(text_.data() + start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::uint32_t SourceSet::add(std::string name, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(name), std::move(text)));
  return static_cast<std::uint32_t>(files_.size());
}

std::uint32_t SourceSet::add_file(const std::string& path, std::string& error) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) {
    error = path + ": cannot open the file (check the path and that it is readable)";
    return 0;
  }
  if (!std::filesystem::is_regular_file(st)) {
    error = path + (std::filesystem::is_directory(st) ? ": is a directory, not a .dkt file (name the files in it)"
                                                       : ": is a device or other special file, not a .dkt file");
    return 0;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the file (check the path and that it is readable)";
    return 0;
  }
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSourceBytes) {
      error = path + ": the file is larger than " + std::to_string(kMaxSourceBytes >> 20) +
              " MiB, the most docket reads as one source file (split it into several files)";
      return 0;
    }
  }
  if (in.bad()) {
    error = path + ": cannot read the file";
    return 0;
  }
  return add(path, std::move(text));
}

}  // namespace docket
