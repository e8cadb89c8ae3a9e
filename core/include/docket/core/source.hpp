// Source text and positions: files, byte ranges, and line:column (columns count characters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

// A half-open byte range [begin, end) inside one source file.
struct SourceRange {
  std::uint32_t file = 0;   // index in the SourceSet; 0 is "no file"
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  [[nodiscard]] bool valid() const noexcept { return file != 0; }
};

// 1-based line and column; the column counts Unicode code points, not bytes.
struct LineColumn {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// One loaded source file. Line starts are computed once when it is added.
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  [[nodiscard]] LineColumn line_column(std::uint32_t offset) const;
  // The text of a 1-based line, without its line break.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

// The largest source file add_file() reads (offsets are 32-bit; 50,000 lines are about 2 MiB).
inline constexpr std::size_t kMaxSourceBytes = std::size_t{64} << 20;

// All the files of one compilation; SourceRange::file indexes into it (1-based).
class SourceSet {
 public:
  // Adds a file and returns its id (never 0).
  std::uint32_t add(std::string name, std::string text);
  // Reads a file from disk; returns 0 and sets `error` when it cannot be read, is not a regular
  // file (a directory, /dev/zero) or is larger than kMaxSourceBytes.
  std::uint32_t add_file(const std::string& path, std::string& error);

  [[nodiscard]] const SourceFile& file(std::uint32_t id) const { return *files_.at(id - 1); }
  [[nodiscard]] std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(files_.size()); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Number of UTF-8 code points in `bytes` (continuation bytes are not counted).
[[nodiscard]] std::uint32_t utf8_length(std::string_view bytes) noexcept;

}  // namespace docket
