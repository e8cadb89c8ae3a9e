// How input columns (CSV header names, JSONL member names) map to a decision's parameters.
//
// One record parameter: a column is named after a field (`voltage_kv`), or `param.field`.
// Several parameters: `param.field` for a record parameter's fields, `param` for a plain one.
// Records and lists inside (a record field that is a record) come from JSON lines as objects and arrays.
// Fields with a default may be left out; id columns (`--id`, default `id`) are carried to the output.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cli/classify/field_reader.hpp"
#include "docket/core/ir.hpp"

namespace docket::cli {

// One worker's arguments, reused from row to row: a record is refilled in place while nothing else
// holds it (an answer that kept a reference to it gets the row a fresh record instead).
struct RowArgs {
  std::vector<Value> values;                           // one per parameter: what the evaluator gets
  std::vector<std::shared_ptr<RecordValue>> records;   // the record parameters' records, writable
};

// Where one named input goes.
struct InputTarget {
  std::string name;           // the name it is given in the input
  std::uint32_t param = 0;
  std::int32_t field = -1;    // -1: the parameter itself (a plain parameter)
  std::shared_ptr<const FieldReader> reader;
};

class InputLayout {
 public:
  // The names the decision accepts: a record parameter's fields, plain parameters. A field or parameter
  // that is itself a record or a list is read from JSON lines only (bind_header refuses it in CSV).
  explicit InputLayout(const ir::Decision& d);

  // Binds CSV header columns, in order. On a problem returns false and sets `error`, e.g.
  // "column 'tarif' is not a field of Customer (did you mean tariff?)".
  bool bind_header(const std::vector<std::string>& header, const std::vector<std::string>& ids, std::string& error);

  // CSV: one row's fields, in header order (the count is checked by the caller). On a bad field
  // returns false with `column` set to its index and `why` to the reason.
  bool make_args(std::span<const std::string_view> fields, RowArgs& args, std::size_t& column,
                 std::string& why) const;
  // JSONL: one object. `bad` names the member (or "-" for the line) when it returns false.
  bool make_args_json(const nlohmann::json& object, RowArgs& args, std::string& bad, std::string& why) const;

  [[nodiscard]] const std::vector<std::size_t>& carried_columns() const noexcept { return carried_; }
  // The target a CSV column feeds, or nullptr (an id column that is not a field).
  [[nodiscard]] const InputTarget* column_target(std::size_t column) const;
  [[nodiscard]] const InputTarget* find(std::string_view name) const;
  // A target's path as the compiled evaluator names its inputs: "c.voltage_kv", or "season".
  [[nodiscard]] std::string path_of(const InputTarget& t) const;
  [[nodiscard]] const std::vector<std::string>& id_names() const noexcept { return id_names_; }
  void set_id_names(std::vector<std::string> ids) { id_names_ = std::move(ids); }

 private:
  // Makes each record parameter's record writable (reused, or fresh with every field at its default).
  // `reset` puts every field back to its default (JSON lines, where any field may be left out).
  void start_args(RowArgs& args, bool reset) const;
  // The value a target is read into.
  [[nodiscard]] static Value& slot(const InputTarget& t, RowArgs& args);
  [[nodiscard]] std::string missing_message(const InputTarget& t) const;
  // A record or list target named by (or missing from) a CSV header: JSON lines can carry it.
  [[nodiscard]] std::string csv_only_message(const InputTarget& t) const;

  const ir::Decision* d_;
  std::vector<InputTarget> targets_;
  std::unordered_map<std::string, std::size_t> by_name_;  // every accepted name -> target
  std::vector<std::vector<Value>> defaults_;              // per record parameter: its fields' defaults
  std::vector<std::int32_t> columns_;                     // CSV column -> target index, -1: carried only
  std::vector<std::size_t> carried_;                      // CSV columns written to the output
  std::vector<std::string> id_names_;
};

}  // namespace docket::cli
