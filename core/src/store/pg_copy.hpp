// PgCopyRows: rows for COPY ... FROM STDIN in PostgreSQL's text format, one buffer for a whole table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docket::detail {

// COPY takes many rows in one stream and parses them more cheaply than array literals through
// unnest (the trail is most of what a unit of work writes). Fields are separated by tabs, rows by
// newlines; backslash, tab, newline and carriage return are escaped, and NULL is \N.
class PgCopyRows {
 public:
  void row(const std::vector<std::optional<std::string_view>>& values) {
    for (std::size_t c = 0; c < values.size(); ++c) {
      if (c > 0) data_ += '\t';
      if (!values[c]) {
        data_ += "\\N";
        continue;
      }
      for (char ch : *values[c]) {
        switch (ch) {
          case '\\': data_ += "\\\\"; break;
          case '\t': data_ += "\\t"; break;
          case '\n': data_ += "\\n"; break;
          case '\r': data_ += "\\r"; break;
          default: data_ += ch;
        }
      }
    }
    data_ += '\n';
  }
  [[nodiscard]] const std::string& data() const noexcept { return data_; }

 private:
  std::string data_;
};

}  // namespace docket::detail
