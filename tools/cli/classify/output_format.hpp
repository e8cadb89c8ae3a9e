// Writing classified rows: the carried id columns, then the decision's outputs, as CSV or JSON lines.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/compiled_decision.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/value.hpp"

namespace docket::cli {

enum class OutputKind : std::uint8_t { csv, jsonl };

// Output columns: a decision answering a record (a table with several outputs) gives one column
// per field; any other answer one column, named after the table's output or the decision.
class OutputFormat {
 public:
  // `ids`: the carried columns' names; `id_numeric[i]`: written unquoted in JSON (an int or number field).
  OutputFormat(OutputKind kind, const ir::Decision& d, std::vector<std::string> ids, std::vector<bool> id_numeric);

  // The CSV header line (empty for JSON lines).
  [[nodiscard]] std::string header() const;
  // Appends one row: `ids` are the carried fields' text as read, `result` the decision's answer.
  void append_row(std::string& out, std::span<const std::string_view> ids, const Value& result) const;
  // The same for row `row` of an evaluated batch, read column by column without building Values.
  void append_row(std::string& out, std::span<const std::string_view> ids, const OutputBatch& batch,
                  std::size_t row) const;
  // Whether a batch's output columns are this format's columns, in order.
  [[nodiscard]] bool fits(std::span<const DecisionOutput> columns) const;

 private:
  void append_value(std::string& out, const Value& v) const;
  void append_ids(std::string& out, std::span<const std::string_view> ids) const;
  void append_key(std::string& out, const std::string& name, bool first) const;
  void append_batch_value(std::string& out, const OutputBatch& batch, std::size_t column, std::size_t row) const;
  // A CSV batch row built in a buffer on the stack and appended at once; false (nothing appended)
  // when the row might not fit it or has a value only the general path writes.
  bool append_csv_row_fast(std::string& out, std::span<const std::string_view> ids, const OutputBatch& batch,
                           std::size_t row) const;

  OutputKind kind_;
  std::vector<std::string> ids_;
  std::vector<bool> id_numeric_;
  std::vector<std::string> columns_;
  std::vector<Type> column_types_;           // per output column
  std::vector<std::size_t> column_widths_;   // per output column: the most its CSV text takes (0: no bound)
  bool record_ = false;
};

}  // namespace docket::cli
