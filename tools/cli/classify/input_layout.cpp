// Binding input names to parameters and fields, and building one row's arguments.
#include "cli/classify/input_layout.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "docket/core/suggest.hpp"

namespace docket::cli {

namespace {

// A value one CSV cell can hold; records and lists come only from JSON lines (as objects and arrays).
bool readable(Type t) { return t.kind() != TypeKind::record && t.kind() != TypeKind::list && !t.is_error(); }

}  // namespace

InputLayout::InputLayout(const ir::Decision& d) : d_(&d), defaults_(d.params.size()) {
  const bool single_record = d.params.size() == 1 && d.params[0].type.record_def() != nullptr;
  for (std::uint32_t p = 0; p < d.params.size(); ++p) {
    const ir::Param& param = d.params[p];
    const RecordDef* def = param.type.record_def();
    if (def == nullptr) {
      if (param.type.is_error()) {
        throw std::invalid_argument(fmt::format("parameter `{}` of `{}` has no type that can be read",
                                                param.name, d.name));
      }
      targets_.push_back({param.name, p, -1, std::make_shared<FieldReader>(param.type, Value())});
      continue;
    }
    for (std::uint32_t f = 0; f < def->fields.size(); ++f) {
      const RecordField& field = def->fields[f];
      defaults_[p].push_back(field.default_value);
      if (field.type.is_error()) {
        throw std::invalid_argument(fmt::format("field `{}.{}` has no type that can be read", def->name, field.name));
      }
      std::string name = single_record ? field.name : param.name + "." + field.name;
      targets_.push_back({name, p, static_cast<std::int32_t>(f),
                          std::make_shared<FieldReader>(field.type, field.default_value)});
      if (single_record) by_name_.emplace(param.name + "." + field.name, targets_.size() - 1);
    }
  }
  for (std::size_t i = 0; i < targets_.size(); ++i) by_name_.emplace(targets_[i].name, i);
}

const InputTarget* InputLayout::find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &targets_[it->second];
}

const InputTarget* InputLayout::column_target(std::size_t column) const {
  if (column >= columns_.size() || columns_[column] < 0) return nullptr;
  return &targets_[static_cast<std::size_t>(columns_[column])];
}

std::string InputLayout::path_of(const InputTarget& t) const {
  const ir::Param& param = d_->params[t.param];
  if (t.field < 0) return param.name;
  return param.name + "." + param.type.record_def()->fields[static_cast<std::size_t>(t.field)].name;
}

std::string InputLayout::missing_message(const InputTarget& t) const {
  return fmt::format("missing column '{}' ({}, no default)", t.name, t.reader->type().name());
}

std::string InputLayout::csv_only_message(const InputTarget& t) const {
  return fmt::format("'{}' is a {}, which one CSV column cannot hold: give the input as JSON lines "
                     "(a .jsonl file, or --input-format jsonl), one object per line with '{}' as a JSON {}",
                     t.name, t.reader->type().name(), t.name,
                     t.reader->type().kind() == TypeKind::list ? "array" : "object");
}

bool InputLayout::bind_header(const std::vector<std::string>& header, const std::vector<std::string>& ids,
                              std::string& error) {
  std::vector<std::string> names;
  for (const InputTarget& t : targets_) names.push_back(t.name);
  std::vector<bool> seen(targets_.size(), false);
  columns_.clear();
  carried_.clear();
  id_names_.clear();
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& name = header[c];
    const bool is_id = std::find(ids.begin(), ids.end(), name) != ids.end();
    if (is_id) {
      carried_.push_back(c);
      id_names_.push_back(name);
    }
    auto it = by_name_.find(name);
    if (it == by_name_.end()) {
      if (is_id) {
        columns_.push_back(-1);
        continue;
      }
      const std::string near = did_you_mean_suffix(name, names);
      error = fmt::format("column '{}' is not an input of `{}`{} (inputs: {}); to carry it to the output, pass --id {}",
                          name, d_->name, near, join_names(names), name);
      return false;
    }
    if (seen[it->second]) {
      error = fmt::format("column '{}' appears twice", name);
      return false;
    }
    const InputTarget& target = targets_[it->second];
    if (!readable(target.reader->type())) {
      error = csv_only_message(target);
      return false;
    }
    seen[it->second] = true;
    columns_.push_back(static_cast<std::int32_t>(it->second));
  }
  for (const std::string& id : ids) {
    if (std::find(header.begin(), header.end(), id) == header.end()) {
      error = fmt::format("--id column '{}' is not in the header{}", id, did_you_mean_suffix(id, header));
      return false;
    }
  }
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    const InputTarget& target = targets_[t];
    const bool has_default =
        target.field >= 0 && !defaults_[target.param][static_cast<std::size_t>(target.field)].empty();
    if (!seen[t] && !has_default) {
      error = readable(target.reader->type()) ? missing_message(target) : csv_only_message(target);
      return false;
    }
  }
  return true;
}

void InputLayout::start_args(RowArgs& args, bool reset) const {
  const std::size_t n = d_->params.size();
  args.values.resize(n);
  args.records.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    const RecordDef* def = d_->params[p].type.record_def();
    if (def == nullptr) continue;
    std::shared_ptr<RecordValue>& record = args.records[p];
    // Held by `record` and `args.values[p]` alone: the previous row's answer kept no reference.
    if (record && record.use_count() == 2) {
      if (reset) record->fields = defaults_[p];
      continue;
    }
    record = std::make_shared<RecordValue>();
    record->def = def;
    record->fields = defaults_[p];
    args.values[p] = Value(Value::Record(record));
  }
}

Value& InputLayout::slot(const InputTarget& t, RowArgs& args) {
  if (t.field < 0) return args.values[t.param];
  return args.records[t.param]->fields[static_cast<std::size_t>(t.field)];
}

bool InputLayout::make_args(std::span<const std::string_view> fields, RowArgs& args, std::size_t& column,
                            std::string& why) const {
  // Every field without a column keeps its default: bind_header refused a header missing one without.
  start_args(args, false);
  for (std::size_t c = 0; c < fields.size() && c < columns_.size(); ++c) {
    if (columns_[c] < 0) continue;
    const InputTarget& t = targets_[static_cast<std::size_t>(columns_[c])];
    if (!t.reader->read(fields[c], slot(t, args), why)) {
      column = c;
      return false;
    }
  }
  return true;
}

bool InputLayout::make_args_json(const nlohmann::json& object, RowArgs& args, std::string& bad,
                                 std::string& why) const {
  if (!object.is_object()) {
    bad = "-";
    why = "each line must be a JSON object";
    return false;
  }
  start_args(args, true);
  std::vector<bool> seen(targets_.size(), false);
  for (auto it = object.begin(); it != object.end(); ++it) {
    auto found = by_name_.find(it.key());
    if (found == by_name_.end()) {
      if (std::find(id_names_.begin(), id_names_.end(), it.key()) != id_names_.end()) continue;
      std::vector<std::string> names;
      for (const InputTarget& t : targets_) names.push_back(t.name);
      bad = it.key();
      why = fmt::format("not an input of `{}`{}", d_->name, did_you_mean_suffix(it.key(), names));
      return false;
    }
    const InputTarget& t = targets_[found->second];
    if (!t.reader->read_json(it.value(), slot(t, args), why)) {
      bad = it.key();
      return false;
    }
    seen[found->second] = true;
  }
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    const InputTarget& t = targets_[i];
    if (seen[i] || (t.field >= 0 && !defaults_[t.param][static_cast<std::size_t>(t.field)].empty())) continue;
    bad = t.name;
    why = fmt::format("missing ({}, no default)", t.reader->type().name());
    return false;
  }
  return true;
}

}  // namespace docket::cli
