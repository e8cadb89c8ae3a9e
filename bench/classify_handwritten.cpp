// Issue 16's baseline for `docket classify`: classify.dkt's table as a hand-written if-chain over the same CSV.
//
//   docket_classify_handwritten INPUT.csv [OUTPUT.csv]     (- or no OUTPUT: stdout; - as INPUT: stdin)
//
// Writes the bytes `docket classify bench/classify_cli.toml INPUT --decision classify` writes.
// Standard library only, one thread. Reads like docket does for record Customer: columns bound by
// header name (any order, a UTF-8 BOM and empty lines skipped, CRLF or LF, RFC 4180 quoting), every
// field trimmed of spaces and tabs, ints and numbers with std::from_chars, bools as true/false/1/0,
// enums by member name; `id` (never read by the table) is checked as an int and carried as written.
// A bad row stops the run with its line (docket's --max-errors 0), after writing the rows before it.
// bench/classify_vs_handwritten.sh checks the output byte for byte against docket's and times both.
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classify_by_hand.hpp"

namespace {

// ---- The workload: classify.dkt's enums, record and table, as in bench/classify_bench.cpp ----

using namespace docket::bench::by_hand;  // classify_by_hand.hpp: the rules, shared with classify_bench.cpp

constexpr std::array<std::string_view, 7> kTariffNames{
    "residential", "non_residential", "commercial", "non_industrial", "industrial", "large_industrial",
    "agricultural"};
constexpr std::array<std::string_view, 2> kAreaNames{"urban", "rural"};
constexpr std::array<std::string_view, 12> kSegmentNames{
    "critical", "transmission", "hv_dual", "hv_large_industrial", "hv_single", "lv_agri_rural", "lv_res_rural",
    "lv_res_urban", "lv_large", "lv_credit_risk", "lv_business", "lv_other"};

// ---- Fields from text, with docket's rules and messages ----

enum class Column : std::uint8_t {
  id, voltage_kv, tariff, dual_source, important, load_level, contract_kva, monthly_kwh, arrears_months, area
};
constexpr std::size_t kColumns = 10;
constexpr std::array<std::string_view, kColumns> kColumnNames{
    "id", "voltage_kv", "tariff", "dual_source", "important", "load_level", "contract_kva", "monthly_kwh",
    "arrears_months", "area"};
constexpr std::array<std::string_view, kColumns> kColumnTypes{
    "int", "number", "Tariff", "bool", "bool", "int", "int", "int", "int", "Area"};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string shown(std::string_view text) {
  std::string out = "\"";
  out.append(text.size() > 40 ? text.substr(0, 37) : text);
  if (text.size() > 40) out.append("...");
  out.push_back('"');
  return out;
}

bool parse_int(std::string_view t, std::int64_t& out, std::string& why) {
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec == std::errc() && end == t.data() + t.size()) return true;
  why = "expected a whole number (int), got " + shown(t);
  return false;
}

bool parse_number(std::string_view t, double& out, std::string& why) {
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec == std::errc() && end == t.data() + t.size() && std::isfinite(out)) return true;
  why = "expected a number, got " + shown(t);
  return false;
}

bool parse_bool(std::string_view t, bool& out, std::string& why) {
  if (t == "true" || t == "1") {
    out = true;
  } else if (t == "false" || t == "0") {
    out = false;
  } else {
    why = "expected true or false, got " + shown(t);
    return false;
  }
  return true;
}

template <class E, std::size_t N>
bool parse_member(std::string_view t, const std::array<std::string_view, N>& names, std::string_view type, E& out,
                  std::string& why) {
  for (std::size_t i = 0; i < N; ++i) {
    if (t == names[i]) {
      out = static_cast<E>(i);
      return true;
    }
  }
  why = "unknown member " + shown(t) + " (" + std::string(type) + " is one of: ";
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) why.append(", ");
    why.append(names[i]);
  }
  why.push_back(')');
  return false;
}

bool read_field(Column column, std::string_view raw, Customer& c, std::string& why) {
  const std::string_view t = trimmed(raw);
  if (t.empty()) {
    why = "empty, and the field has no default (expected " +
          std::string(kColumnTypes[static_cast<std::size_t>(column)]) + ")";
    return false;
  }
  switch (column) {
    case Column::id: return parse_int(t, c.id, why);
    case Column::voltage_kv: return parse_number(t, c.voltage_kv, why);
    case Column::tariff: return parse_member(t, kTariffNames, "Tariff", c.tariff, why);
    case Column::dual_source: return parse_bool(t, c.dual_source, why);
    case Column::important: return parse_bool(t, c.important, why);
    case Column::load_level: return parse_int(t, c.load_level, why);
    case Column::contract_kva: return parse_int(t, c.contract_kva, why);
    case Column::monthly_kwh: return parse_int(t, c.monthly_kwh, why);
    case Column::arrears_months: return parse_int(t, c.arrears_months, why);
    case Column::area: return parse_member(t, kAreaNames, "Area", c.area, why);
  }
  return false;
}

// ---- CSV records to fields (no copies unless a quoted field holds a doubled quote) ----

enum class Split : std::uint8_t { record, empty_line, need_more, end, malformed };

// The bytes that can end an unquoted field: , " \n and \r (only before \n).
constexpr auto kSpecial = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  return t;
}();

class Splitter {
 public:
  static constexpr std::size_t kKept = 32;
  std::array<std::string_view, kKept> fields{};  // the record's first kKept fields
  std::size_t count = 0;                            // how many fields the record has
  std::uint64_t lines = 1;                          // the physical lines it spans
  std::string why;

  // One record of data[pos, n); at the end of data and not at the end of the input, need_more
  // (pos unchanged). data stays put until the caller is done with `fields`.
  Split next(std::string_view data, bool eof, std::size_t& pos) {
    count = 0;
    lines = 1;
    const std::size_t n = data.size();
    if (pos >= n) return eof ? Split::end : Split::need_more;
    if (data[pos] == '\n') {
      ++pos;
      return Split::empty_line;
    }
    if (data[pos] == '\r') {
      if (pos + 1 >= n && !eof) return Split::need_more;
      if (pos + 1 < n && data[pos + 1] == '\n') {
        pos += 2;
        return Split::empty_line;
      }
    }
    std::size_t i = pos;
    while (true) {
      std::string_view field;
      if (i < n && data[i] == '"') {
        const std::size_t begin = ++i;
        bool doubled = false;
        while (true) {
          if (i >= n) {
            if (!eof) return Split::need_more;
            why = "a quoted field is not closed (a field starting with \" must end with \")";
            return Split::malformed;
          }
          const char c = data[i];
          if (c == '\n') ++lines;
          if (c != '"') {
            ++i;
          } else if (i + 1 >= n && !eof) {
            return Split::need_more;
          } else if (i + 1 < n && data[i + 1] == '"') {
            doubled = true;
            i += 2;
          } else {
            break;
          }
        }
        field = data.substr(begin, i - begin);
        ++i;  // the closing quote
        if (doubled) field = unescape(field);
        if (i >= n && !eof) return Split::need_more;
        if (i < n && data[i] != ',' && data[i] != '\n' && !(data[i] == '\r' && i + 1 < n && data[i + 1] == '\n')) {
          if (data[i] == '\r' && i + 1 >= n && !eof) return Split::need_more;
          why = "text after a closing quote (inside a quoted field, write a quote as \"\")";
          return Split::malformed;
        }
      } else {
        const std::size_t begin = i;
        while (i < n) {
          const char c = data[i];
          if (kSpecial[static_cast<unsigned char>(c)] && (c != '\r' || (i + 1 < n && data[i + 1] == '\n'))) break;
          ++i;
        }
        if (i >= n && !eof) return Split::need_more;
        if (i < n && data[i] == '"') {
          why = "a quote inside an unquoted field (quote the whole field and double the quote: \"a\"\"b\")";
          return Split::malformed;
        }
        field = data.substr(begin, i - begin);
      }
      if (count < kKept) fields[count] = field;
      ++count;
      if (i >= n) {
        pos = n;
        return Split::record;
      }
      if (data[i] == ',') {
        ++i;
        continue;
      }
      pos = i + (data[i] == '\n' ? 1 : 2);
      return Split::record;
    }
  }

 private:
  std::array<std::string, kKept> unescaped_;  // reused; only for quoted fields holding ""

  std::string_view unescape(std::string_view quoted) {
    std::string& s = unescaped_[count < kKept ? count : kKept - 1];
    s.clear();
    for (std::size_t k = 0; k < quoted.size(); ++k) {
      s.push_back(quoted[k]);
      if (quoted[k] == '"') ++k;  // the second of a doubled quote
    }
    return s;
  }
};

// ---- Input in large blocks, output in one buffer written in large blocks ----

class Input {
 public:
  explicit Input(std::FILE* f) : f_(f), buf_(kBlock) {}

  std::string_view data() const { return {buf_.data(), end_}; }
  bool eof() const { return eof_; }
  const std::string& error() const { return error_; }

  // Drops data()[0, keep_from), then reads until the buffer is full or the input ends (growing the
  // buffer when one record fills it). False on a read error.
  bool refill(std::size_t keep_from) {
    std::memmove(buf_.data(), buf_.data() + keep_from, end_ - keep_from);
    end_ -= keep_from;
    if (end_ == buf_.size()) buf_.resize(2 * buf_.size());  // one record fills the buffer
    while (!eof_ && end_ < buf_.size()) {
      const std::size_t got = std::fread(buf_.data() + end_, 1, buf_.size() - end_, f_);
      end_ += got;
      if (got == 0 || std::feof(f_)) eof_ = true;
    }
    if (std::ferror(f_)) {
      error_ = std::strerror(errno);
      return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::FILE* f_;
  std::vector<char> buf_;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::string error_;
};

class Output {
 public:
  explicit Output(std::FILE* f) : f_(f), buf_(new char[kSize]) {}

  // Room for `n` more bytes at cursor(); flushes first when the buffer is short of it.
  bool reserve(std::size_t n) {
    if (kSize - used_ >= n) return true;
    if (!flush()) return false;
    if (kSize >= n) return true;
    big_.resize(n);  // one row longer than the buffer (an id padded with a megabyte of spaces)
    return true;
  }
  char* cursor() { return big_.empty() ? buf_.get() + used_ : big_.data(); }
  bool advance(char* to) {
    if (big_.empty()) {
      used_ = static_cast<std::size_t>(to - buf_.get());
      return true;
    }
    const bool ok = std::fwrite(big_.data(), 1, static_cast<std::size_t>(to - big_.data()), f_) ==
                    static_cast<std::size_t>(to - big_.data());
    big_.clear();
    return ok;
  }
  bool flush() {
    const bool ok = std::fwrite(buf_.get(), 1, used_, f_) == used_;
    used_ = 0;
    return ok;
  }

 private:
  static constexpr std::size_t kSize = std::size_t{1} << 20;
  std::FILE* f_;
  std::unique_ptr<char[]> buf_;
  std::size_t used_ = 0;
  std::vector<char> big_;
};

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* put_int(char* p, std::int64_t n) { return std::to_chars(p, p + 24, n).ptr; }

// One output row: the id as written, then segment, install_sla, priority, escalate as docket formats them.
constexpr std::size_t kRowTail = 96;  // the most a row takes after its id
char* put_row(char* p, std::string_view id, const Classification& r) {
  p = put(p, id);
  *p++ = ',';
  p = put(p, kSegmentNames[static_cast<std::size_t>(r.segment)]);
  *p++ = ',';
  p = put_int(p, r.install_workdays);
  p = put(p, r.install_workdays == 1 ? std::string_view(" workday,") : std::string_view(" workdays,"));
  p = put_int(p, r.priority);
  return put(p, r.escalate ? std::string_view(",true\n") : std::string_view(",false\n"));
}

int run(const char* input_name, std::FILE* in, std::FILE* out_file, const char* output_name) {
  Input input(in);
  Output output(out_file);
  Splitter split;
  std::uint64_t line = 1;  // the physical line the next record starts on
  std::size_t pos = 0;
  auto fail = [&](std::uint64_t at, const std::string& message) {
    output.flush();
    std::fprintf(stderr, "%s:%llu: error: %s\n", input_name, static_cast<unsigned long long>(at), message.c_str());
    return 1;
  };
  auto read_error = [&] {
    std::fprintf(stderr, "error: cannot read `%s`: %s\n", input_name, input.error().c_str());
    return 1;
  };
  if (!input.refill(0)) return read_error();
  if (input.data().substr(0, 3) == "\xEF\xBB\xBF") pos = 3;

  // The header: the first line that is not empty, naming each of the ten columns once.
  std::array<Column, Splitter::kKept> columns{};
  Split s;
  while ((s = split.next(input.data(), input.eof(), pos)) != Split::record) {
    if (s == Split::need_more) {
      if (!input.refill(pos)) return read_error();
      pos = 0;
    } else if (s == Split::empty_line) {
      ++line;
    } else if (s == Split::end) {
      std::fprintf(stderr, "%s: error: the file is empty: a CSV input starts with a header line naming its columns\n",
                   input_name);
      return 1;
    } else {
      return fail(line, "header: " + split.why);
    }
  }
  {
    std::array<bool, kColumns> seen{};
    if (split.count > Splitter::kKept) {
      return fail(line, "the header has " + std::to_string(split.count) + " columns; `classify` reads " +
                            std::to_string(kColumns));
    }
    for (std::size_t c = 0; c < split.count; ++c) {
      std::size_t k = 0;
      while (k < kColumns && split.fields[c] != kColumnNames[k]) ++k;
      if (k == kColumns) {
        return fail(line, "column '" + std::string(split.fields[c]) + "' is not an input of `classify`");
      }
      if (seen[k]) return fail(line, "column '" + std::string(split.fields[c]) + "' appears twice");
      seen[k] = true;
      columns[c] = static_cast<Column>(k);
    }
    for (std::size_t k = 0; k < kColumns; ++k) {
      if (!seen[k]) {
        return fail(line, "missing column '" + std::string(kColumnNames[k]) + "' (" + std::string(kColumnTypes[k]) +
                              ", no default)");
      }
    }
  }
  line += split.lines;
  std::size_t id_column = 0;
  while (columns[id_column] != Column::id) ++id_column;
  constexpr std::string_view kHeader = "id,segment,install_sla,priority,escalate\n";
  if (!output.reserve(kHeader.size())) return 1;
  output.advance(put(output.cursor(), kHeader));

  // The rows.
  Customer c;
  std::string why;
  while (true) {
    s = split.next(input.data(), input.eof(), pos);
    if (s == Split::need_more) {
      if (!input.refill(pos)) return read_error();
      pos = 0;
      continue;
    }
    if (s == Split::end) break;
    if (s == Split::empty_line) {
      ++line;
      continue;
    }
    if (s == Split::malformed) return fail(line, split.why);
    if (split.count != kColumns) {
      std::string message = std::to_string(split.count) + " fields, but the header has " + std::to_string(kColumns);
      if (split.count > kColumns) {
        message += " (an extra column? quote a field that holds a comma)";
      } else {
        const Column missing = columns[split.count];
        message += " (missing column '" + std::string(kColumnNames[static_cast<std::size_t>(missing)]) + "')";
      }
      return fail(line, message);
    }
    for (std::size_t f = 0; f < kColumns; ++f) {
      if (!read_field(columns[f], split.fields[f], c, why)) {
        return fail(line, "field '" + std::string(kColumnNames[static_cast<std::size_t>(columns[f])]) + "': " + why);
      }
    }
    const Classification r = classify_by_hand(c);
    // The id as written (untrimmed): being an int inside spaces and tabs, it never needs quotes.
    const std::string_view id = split.fields[id_column];
    if (!output.reserve(id.size() + kRowTail)) break;
    if (!output.advance(put_row(output.cursor(), id, r))) break;
    line += split.lines;
  }
  if (!output.flush() || std::fflush(out_file) != 0 || std::ferror(out_file)) {
    std::fprintf(stderr, "error: cannot write `%s`: %s\n", output_name, std::strerror(errno));
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s INPUT.csv [OUTPUT.csv]   (- for stdin or stdout)\n",
                 argc > 0 ? argv[0] : "docket_classify_handwritten");
    return 2;
  }
  const bool from_stdin = std::strcmp(argv[1], "-") == 0;
  std::FILE* in = from_stdin ? stdin : std::fopen(argv[1], "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "error: cannot read `%s`: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  const bool to_stdout = argc < 3 || std::strcmp(argv[2], "-") == 0;
  std::FILE* out = to_stdout ? stdout : std::fopen(argv[2], "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "error: cannot write `%s`: %s\n", argv[2], std::strerror(errno));
    return 1;
  }
  std::setvbuf(out, nullptr, _IONBF, 0);  // Output buffers already
  const int rc = run(from_stdin ? "stdin" : argv[1], in, out, to_stdout ? "stdout" : argv[2]);
  if (!from_stdin) std::fclose(in);
  if (!to_stdout && std::fclose(out) != 0 && rc == 0) {
    std::fprintf(stderr, "error: cannot write `%s`: %s\n", argv[2], std::strerror(errno));
    return 1;
  }
  return rc;
}
