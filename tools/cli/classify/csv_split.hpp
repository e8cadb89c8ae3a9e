// Splitting CSV records into fields (RFC 4180: quoted fields, doubled quotes, CRLF), without copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace docket::cli {

// Splits records of one buffer of whole records. Unquoted fields are views into the buffer; a
// quoted field is unescaped into the splitter's scratch space, so views stay valid until the next
// call. Not thread-safe: one splitter per thread.
class CsvSplitter {
 public:
  enum class Status : std::uint8_t { record, empty_line, malformed, end };

  // Reads the record starting at data[pos] and moves `pos` past its line break. `lines` is the
  // number of physical lines it spans (a quoted field may hold line breaks). On `malformed`,
  // `error` says why and `pos` moves to the next line.
  Status next(std::string_view data, std::size_t& pos, std::vector<std::string_view>& fields, std::uint32_t& lines,
              std::string& error);

 private:
  std::string scratch_;
};

// The length of the longest prefix of `data` made of whole CSV records: up to and including the
// last line break outside quotes (0 when there is none). `any_quote`, when given, says whether
// `data` holds a quote at all.
[[nodiscard]] std::size_t csv_whole_records(std::string_view data, bool* any_quote = nullptr) noexcept;

}  // namespace docket::cli
