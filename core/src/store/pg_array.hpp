// PgArrays: columns of a bulk statement as PostgreSQL array literals, one text parameter per column.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docket::detail {

// unnest($1::bigint[], $2::text[], ...) inserts many rows in one round trip; each column is sent as
// one array literal {"a","b",NULL}, its elements quoted with " and \ escaped.
class PgArrays {
 public:
  explicit PgArrays(std::size_t columns) : columns_(columns, std::string("{")) {}
  // One row: a value per column (nullopt: NULL).
  void row(const std::vector<std::optional<std::string>>& values) {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      std::string& out = columns_[c];
      if (out.size() > 1) out += ',';
      if (!values[c]) {
        out += "NULL";
        continue;
      }
      out += '"';
      for (char ch : *values[c]) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
      }
      out += '"';
    }
  }
  // The parameters, each column's literal closed.
  [[nodiscard]] std::vector<std::optional<std::string>> params() const {
    std::vector<std::optional<std::string>> out;
    out.reserve(columns_.size());
    for (const std::string& c : columns_) out.push_back(c + "}");
    return out;
  }

 private:
  std::vector<std::string> columns_;
};

}  // namespace docket::detail
