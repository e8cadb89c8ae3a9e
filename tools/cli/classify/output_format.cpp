// Output rows without a formatting library on the hot path: to_chars for numbers, enum names by index.
#include "cli/classify/output_format.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "docket/core/json_value.hpp"
#include "docket/core/utf8.hpp"

namespace docket::cli {

namespace {

void append_csv_text(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_json_text(std::string& out, std::string_view text) {
  // Inputs are checked to be UTF-8 when read; a text from elsewhere (a plugin) that is not still
  // makes a valid JSON line, with U+FFFD for each bad byte.
  std::string repaired;
  if (first_invalid_utf8(text)) {
    repaired = valid_utf8(text);
    text = repaired;
  }
  out.push_back('"');
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (u < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

template <class T>
void append_number(std::string& out, T n) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, ec == std::errc() ? end : buf);
}

}  // namespace

OutputFormat::OutputFormat(OutputKind kind, const ir::Decision& d, std::vector<std::string> ids,
                           std::vector<bool> id_numeric)
    : kind_(kind), ids_(std::move(ids)), id_numeric_(std::move(id_numeric)) {
  if (const RecordDef* def = d.result.record_def()) {
    record_ = true;
    for (const RecordField& f : def->fields) {
      columns_.push_back(f.name);
      column_types_.push_back(f.type);
    }
  } else {
    columns_.push_back(d.is_table && d.outputs.size() == 1 ? d.outputs[0].name : d.name);
    column_types_.push_back(d.result);
  }
  for (const Type& t : column_types_) {
    std::size_t width = 0;
    switch (t.kind()) {
      case TypeKind::integer: width = 20; break;
      case TypeKind::number: width = 32; break;
      case TypeKind::boolean: width = 5; break;
      case TypeKind::duration: width = 20 + 10; break;  // "-9223372036854775808 workhours"
      case TypeKind::enumeration:
        for (const std::string& name : t.enum_def()->members) {
          // Member names are identifiers; one that CSV would quote takes the general path.
          if (name.find_first_of(",\"\r\n") != std::string::npos) {
            width = 0;
            break;
          }
          width = std::max(width, name.size());
        }
        break;
      default: break;
    }
    column_widths_.push_back(width);
  }
}

std::string OutputFormat::header() const {
  if (kind_ != OutputKind::csv) return "";
  std::string out;
  for (const std::string& name : ids_) {
    append_csv_text(out, name);
    out.push_back(',');
  }
  for (const std::string& name : columns_) {
    append_csv_text(out, name);
    out.push_back(',');
  }
  out.back() = '\n';
  return out;
}

void OutputFormat::append_value(std::string& out, const Value& v) const {
  const bool csv = kind_ == OutputKind::csv;
  if (v.empty()) {
    if (!csv) out.append("null");  // none: an empty CSV field, JSON's null
    return;
  }
  if (v.holds<EnumValue>()) {
    const EnumValue& e = v.as_enum();
    const std::string& name = e.def->members[e.index];
    if (csv) out.append(name);
    else append_json_text(out, name);
  } else if (v.holds<std::int64_t>()) {
    append_number(out, v.as_int());
  } else if (v.holds<double>()) {
    append_number(out, v.as_number());
  } else if (v.holds<bool>()) {
    out.append(v.as_bool() ? "true" : "false");
  } else if (v.holds<std::string>()) {
    if (csv) append_csv_text(out, v.as_text());
    else append_json_text(out, v.as_text());
  } else if (csv) {
    // Durations and times as value_from_json reads them; lists and records as JSON text.
    const bool plain = v.holds<Duration>() || v.holds<Instant>() || v.holds<Date>() || v.holds<TimeOfDay>();
    append_csv_text(out, plain ? to_string(v) : value_to_json_text(v));
  } else {
    out.append(value_to_json_text(v));
  }
}

void OutputFormat::append_key(std::string& out, const std::string& name, bool first) const {
  if (!first) out.push_back(',');
  if (kind_ == OutputKind::jsonl) {
    append_json_text(out, name);
    out.push_back(':');
  }
}

void OutputFormat::append_ids(std::string& out, std::span<const std::string_view> ids) const {
  const bool csv = kind_ == OutputKind::csv;
  if (!csv) out.push_back('{');
  for (std::size_t i = 0; i < ids.size() && i < ids_.size(); ++i) {
    append_key(out, ids_[i], i == 0);
    if (csv) append_csv_text(out, ids[i]);
    else if (id_numeric_[i]) out.append(ids[i].empty() ? std::string_view("null") : ids[i]);
    else append_json_text(out, ids[i]);
  }
}

void OutputFormat::append_row(std::string& out, std::span<const std::string_view> ids, const Value& result) const {
  append_ids(out, ids);
  bool first = ids_.empty();
  if (record_ && result.holds<Value::Record>()) {
    const RecordValue& r = result.as_record();
    for (std::size_t f = 0; f < columns_.size() && f < r.fields.size(); ++f) {
      append_key(out, columns_[f], first);
      first = false;
      append_value(out, r.fields[f]);
    }
  } else {
    append_key(out, columns_.front(), first);
    append_value(out, result);
  }
  out.append(kind_ == OutputKind::csv ? "\n" : "}\n");
}

bool OutputFormat::fits(std::span<const DecisionOutput> columns) const {
  if (columns.size() != columns_.size()) return false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name != columns_[i]) return false;
  }
  return true;
}

void OutputFormat::append_batch_value(std::string& out, const OutputBatch& batch, std::size_t column,
                                      std::size_t row) const {
  const Type type = batch.columns()[column].type;
  switch (type.kind()) {
    case TypeKind::enumeration: {
      const std::string& name = type.enum_def()->members[batch.enum_index(column, row)];
      if (kind_ == OutputKind::csv) out.append(name);
      else append_json_text(out, name);
      return;
    }
    case TypeKind::integer: append_number(out, batch.integer(column, row)); return;
    case TypeKind::number: append_number(out, batch.number(column, row)); return;
    case TypeKind::boolean: out.append(batch.boolean(column, row) ? "true" : "false"); return;
    case TypeKind::duration: {
      const Duration d = batch.duration(column, row);
      if (d.unit == DurationUnit::seconds) break;
      if (kind_ != OutputKind::csv) out.push_back('"');
      append_number(out, d.amount);
      out.append(d.unit == DurationUnit::workdays    ? " workday"
                 : d.unit == DurationUnit::workhours ? " workhour"
                                                     : " month");
      if (d.amount != 1) out.push_back('s');
      if (kind_ != OutputKind::csv) out.push_back('"');
      return;
    }
    default: break;
  }
  append_value(out, batch.value(column, row));
}

bool OutputFormat::append_csv_row_fast(std::string& out, std::span<const std::string_view> ids,
                                       const OutputBatch& batch, std::size_t row) const {
  constexpr std::size_t kRow = 512;
  std::size_t most = 1 + columns_.size();
  for (const std::string_view id : ids) most += 2 * id.size() + 3;
  for (const std::size_t width : column_widths_) {
    if (width == 0) return false;
    most += width;
  }
  if (most > kRow || ids.size() != ids_.size()) return false;
  char buf[kRow];
  char* p = buf;
  auto put = [&p](std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  };
  for (const std::string_view id : ids) {
    // string_view::find_first_of calls memchr for every byte: four compares inline instead.
    bool plain = true;
    for (const char c : id) plain &= c != ',' && c != '"' && c != '\r' && c != '\n';
    if (plain) {
      put(id);
    } else {
      *p++ = '"';
      for (const char c : id) {
        if (c == '"') *p++ = '"';
        *p++ = c;
      }
      *p++ = '"';
    }
    *p++ = ',';
  }
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const Type& type = column_types_[k];
    switch (type.kind()) {
      case TypeKind::enumeration: put(type.enum_def()->members[batch.enum_index(k, row)]); break;
      case TypeKind::integer: p = std::to_chars(p, p + 20, batch.integer(k, row)).ptr; break;
      case TypeKind::number: {
        const auto [end, ec] = std::to_chars(p, p + 32, batch.number(k, row));
        if (ec != std::errc()) return false;
        p = end;
        break;
      }
      case TypeKind::boolean: put(batch.boolean(k, row) ? std::string_view("true") : std::string_view("false")); break;
      case TypeKind::duration: {
        const Duration d = batch.duration(k, row);
        if (d.unit == DurationUnit::seconds) return false;
        p = std::to_chars(p, p + 20, d.amount).ptr;
        put(d.unit == DurationUnit::workdays    ? std::string_view(" workday")
            : d.unit == DurationUnit::workhours ? std::string_view(" workhour")
                                                : std::string_view(" month"));
        if (d.amount != 1) *p++ = 's';
        break;
      }
      default: return false;
    }
    *p++ = ',';
  }
  if (p == buf) return false;  // no column at all
  p[-1] = '\n';                // the last comma
  out.append(buf, static_cast<std::size_t>(p - buf));
  return true;
}

void OutputFormat::append_row(std::string& out, std::span<const std::string_view> ids, const OutputBatch& batch,
                              std::size_t row) const {
  if (kind_ == OutputKind::csv && append_csv_row_fast(out, ids, batch, row)) return;
  append_ids(out, ids);
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    append_key(out, columns_[k], k == 0 && ids_.empty());
    append_batch_value(out, batch, k, row);
  }
  out.append(kind_ == OutputKind::csv ? "\n" : "}\n");
}

}  // namespace docket::cli
