// CSV records to fields: a byte loop for unquoted fields, unescaping only when a field is quoted.
#include "cli/classify/csv_split.hpp"

#include <array>
#include <cstring>

namespace docket::cli {

namespace {

// The bytes that can end an unquoted field: , " \n and \r (only before \n).
constexpr auto kSpecial = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  return t;
}();

// The position after the line break that ends the line holding `from` (or the end of data).
std::size_t next_line(std::string_view data, std::size_t from) {
  const void* nl = from < data.size() ? std::memchr(data.data() + from, '\n', data.size() - from) : nullptr;
  return nl == nullptr ? data.size() : static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) + 1;
}

}  // namespace

CsvSplitter::Status CsvSplitter::next(std::string_view data, std::size_t& pos, std::vector<std::string_view>& fields,
                                      std::uint32_t& lines, std::string& error) {
  fields.clear();
  lines = 1;
  const std::size_t n = data.size();
  if (pos >= n) return Status::end;
  if (data[pos] == '\n' || (data[pos] == '\r' && pos + 1 < n && data[pos + 1] == '\n')) {
    pos += data[pos] == '\n' ? std::size_t{1} : std::size_t{2};
    return Status::empty_line;
  }
  // Unescaped quoted fields go here; reserving the rest of the buffer keeps earlier views valid.
  scratch_.clear();
  if (scratch_.capacity() < n - pos) scratch_.reserve(n - pos);
  std::size_t i = pos;
  while (true) {
    if (i < n && data[i] == '"') {
      const std::size_t begin = scratch_.size();
      ++i;
      while (true) {
        if (i >= n) {
          error = "a quoted field is not closed (a field starting with \" must end with \")";
          pos = n;
          return Status::malformed;
        }
        const char c = data[i];
        if (c == '\n') ++lines;
        if (c != '"') {
          scratch_.push_back(c);
          ++i;
        } else if (i + 1 < n && data[i + 1] == '"') {
          scratch_.push_back('"');
          i += 2;
        } else {
          ++i;
          break;
        }
      }
      fields.emplace_back(scratch_.data() + begin, scratch_.size() - begin);
      if (i < n && data[i] != ',' && data[i] != '\n' && !(data[i] == '\r' && i + 1 < n && data[i + 1] == '\n')) {
        error = "text after a closing quote (inside a quoted field, write a quote as \"\")";
        pos = next_line(data, i);
        return Status::malformed;
      }
    } else {
      const std::size_t begin = i;
      while (i < n) {
        const char c = data[i];
        if (kSpecial[static_cast<unsigned char>(c)] && (c != '\r' || (i + 1 < n && data[i + 1] == '\n'))) break;
        ++i;
      }
      if (i < n && data[i] == '"') {
        error = "a quote inside an unquoted field (quote the whole field and double the quote: \"a\"\"b\")";
        pos = next_line(data, i);
        return Status::malformed;
      }
      fields.emplace_back(data.data() + begin, i - begin);
    }
    if (i >= n) {
      pos = n;
      return Status::record;
    }
    if (data[i] == ',') {
      ++i;
      continue;
    }
    pos = i + (data[i] == '\n' ? 1 : 2);
    return Status::record;
  }
}

std::size_t csv_whole_records(std::string_view data, bool* any_quote) noexcept {
  // Between two quotes nothing is quoted or everything is; the parity of quotes seen says which.
  std::size_t best = 0;
  bool quoted = false;
  std::size_t from = 0;
  while (from <= data.size()) {
    const void* q = from < data.size() ? std::memchr(data.data() + from, '"', data.size() - from) : nullptr;
    if (from == 0 && any_quote != nullptr) *any_quote = q != nullptr;
    const std::size_t to = q == nullptr ? data.size() : static_cast<std::size_t>(static_cast<const char*>(q) - data.data());
    if (!quoted && to > from) {
      const void* nl = memrchr(data.data() + from, '\n', to - from);
      if (nl != nullptr) best = static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) + 1;
    }
    if (q == nullptr) break;
    quoted = !quoted;
    from = to + 1;
  }
  return best;
}

}  // namespace docket::cli
