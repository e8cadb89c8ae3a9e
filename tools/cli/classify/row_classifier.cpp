// Rows to outputs: split, convert each field with its prebuilt reader, evaluate, format.
#include "cli/classify/row_classifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "cli/classify/csv_plain.hpp"
#include "docket/core/json_depth.hpp"

namespace docket::cli {

void RowClassifier::operator()(Chunk& chunk) {
  chunk.out.reserve(chunk.in.size());
  try {
    if (setup_->csv) {
      csv_chunk(chunk);
    } else {
      jsonl_chunk(chunk);
    }
  } catch (const std::exception& e) {
    // A failure outside any one row (memory, a bug): the whole block counts as one bad row at its
    // first line, so the run reports it and stops or carries on as --max-errors says.
    chunk.out.clear();
    chunk.rows = 0;
    chunk.errors.assign(1, RowError{0, 0, 0, fmt::format("this block of rows could not be classified: {}", e.what())});
    chunk.lines = static_cast<std::uint32_t>(std::count(chunk.in.begin(), chunk.in.end(), '\n'));
  }
}

void RowClassifier::fail(Chunk& chunk, std::uint32_t line, std::string message) {
  chunk.errors.push_back(RowError{line, chunk.out.size(), chunk.rows, std::move(message)});
}

void RowClassifier::finish_row(Chunk& chunk, std::uint32_t line) {
  Value result;
  try {
    result = setup_->row_evaluator->evaluate(args_.values);
  } catch (const RowEvaluationError& e) {
    fail(chunk, line, e.what());  // the interpreter's message, naming the decision or table
    return;
  }
  setup_->output->append_row(chunk.out, ids_, result);
  ++chunk.rows;
}

bool prepare_batches(ClassifySetup& setup) {
  const RowEvaluator& evaluator = *setup.evaluator;
  const InputLayout& layout = *setup.layout;
  setup.batched = false;
  setup.column_inputs.assign(setup.header.size(), -1);
  setup.column_targets.assign(setup.header.size(), nullptr);
  setup.default_inputs.clear();
  if (!setup.csv || !setup.output->fits(evaluator.outputs())) return false;
  const std::span<const DecisionInput> inputs = evaluator.inputs();
  std::vector<bool> given(inputs.size(), false);
  for (std::size_t c = 0; c < setup.header.size(); ++c) {
    const InputTarget* t = layout.column_target(c);
    setup.column_targets[c] = t;
    if (t == nullptr) continue;
    if (std::optional<std::size_t> input = evaluator.find_input(layout.path_of(*t))) {
      setup.column_inputs[c] = static_cast<std::int32_t>(*input);
      given[*input] = true;
    }
  }
  const ir::Decision& d = evaluator.decision();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (given[i]) continue;
    // A field left to its default; anything else (a whole record, a nested path) goes row by row.
    const DecisionInput& in = inputs[i];
    const RecordDef* def = d.params[in.param].type.record_def();
    if (def == nullptr || in.fields.size() != 1 || def->fields[in.fields[0]].default_value.empty()) return false;
    setup.default_inputs.emplace_back(i, def->fields[in.fields[0]].default_value);
  }
  setup.batched = true;
  return true;
}

bool RowClassifier::next_record(Chunk& chunk, std::size_t& pos, std::uint32_t& line, std::uint32_t& at, bool& ok) {
  std::uint32_t lines = 0;
  const CsvSplitter::Status status = splitter_.next(chunk.in, pos, fields_, lines, error_);
  if (status == CsvSplitter::Status::end) return false;
  at = line;
  line += lines;
  ok = false;
  if (status == CsvSplitter::Status::malformed) {
    why_ = std::move(error_);
  } else if (status == CsvSplitter::Status::record) {
    ok = field_count_fits();
  } else {
    why_.clear();
  }
  return true;
}

bool RowClassifier::field_count_fits() {
  const std::size_t columns = setup_->header.size();
  if (fields_.size() > columns) {
    why_ = fmt::format("{} fields, but the header has {} (an extra column? quote a field that holds a comma)",
                       fields_.size(), columns);
    return false;
  }
  if (fields_.size() < columns) {
    why_ = fmt::format("{} fields, but the header has {} (missing column '{}')", fields_.size(), columns,
                       setup_->header[fields_.size()]);
    return false;
  }
  return true;
}

void RowClassifier::csv_chunk(Chunk& chunk) {
  if (setup_->batched) {
    csv_chunk_batched(chunk);
    return;
  }
  const std::vector<std::size_t>& carried = setup_->layout->carried_columns();
  std::size_t pos = 0;
  std::uint32_t line = 0;
  std::uint32_t at = 0;
  bool ok = false;
  while (next_record(chunk, pos, line, at, ok)) {
    if (!ok) {
      if (!why_.empty()) fail(chunk, at, std::move(why_));
      continue;
    }
    std::size_t bad = 0;
    if (!setup_->layout->make_args(fields_, args_, bad, why_)) {
      fail(chunk, at, fmt::format("field '{}': {}", setup_->header[bad], why_));
      continue;
    }
    ids_.clear();
    for (std::size_t c : carried) ids_.push_back(fields_[c]);
    finish_row(chunk, at);
  }
  chunk.lines = line;
}

bool RowClassifier::batch_row(std::uint32_t at, std::size_t row) {
  const std::vector<const InputTarget*>& targets = setup_->column_targets;
  const std::vector<std::int32_t>& inputs = setup_->column_inputs;
  for (std::size_t c = 0; c < fields_.size(); ++c) {
    const InputTarget* t = targets[c];
    if (t == nullptr) continue;
    const std::int32_t input = inputs[c];
    const bool good = input >= 0 ? t->reader->read_into(fields_[c], *batch_, static_cast<std::size_t>(input), row, why_)
                                 : t->reader->check(fields_[c], why_);  // not read by the decision: checked only
    if (!good) {
      failed(at, fmt::format("field '{}': {}", setup_->header[c], why_));
      return false;
    }
  }
  for (const auto& [input, value] : setup_->default_inputs) batch_->set_value(input, row, value);
  for (std::size_t c : setup_->layout->carried_columns()) {
    id_text_.append(fields_[c]);
    id_ends_.push_back(id_text_.size());
  }
  pending_.push_back({at, static_cast<std::int32_t>(row), 0});
  return true;
}

void RowClassifier::failed(std::uint32_t at, std::string message) {
  pending_.push_back({at, -1, static_cast<std::uint32_t>(messages_.size())});
  messages_.push_back(std::move(message));
}

void RowClassifier::csv_chunk_batched(Chunk& chunk) {
  if (!batch_) batch_ = std::make_unique<InputBatch>(*setup_->evaluator);
  // The reader counted the line breaks.
  const std::uint64_t breaks = chunk.line_breaks != Chunk::kUncounted ? chunk.line_breaks : count_line_breaks(chunk.in);
  // A row per line; a block normally ends with a line break, after which there is no line.
  const bool open_end = !chunk.in.empty() && chunk.in.back() != '\n';
  const auto rows = std::max<std::size_t>(static_cast<std::size_t>(breaks) + (open_end ? 1 : 0), 1);
  if (rows > batch_rows_) {
    // Grown with room to spare, so that blocks of a few more lines than the last do not each move
    // the batch's columns to fresh memory (resizing down keeps their capacity).
    batch_rows_ = rows + rows / 4;
    batch_->resize(batch_rows_);
  }
  batch_->resize(rows);
  pending_.clear();
  messages_.clear();
  id_text_.clear();
  id_ends_.clear();
  std::uint32_t line = 0;
  std::size_t row = 0;
  if (chunk.quote_free || std::memchr(chunk.in.data(), '"', chunk.in.size()) == nullptr) {
    // No quote in the block (the common case): every line is one record.
    PlainCsvSplitter split(chunk.in);
    for (PlainCsvSplitter::Status status; (status = split.next(fields_)) != PlainCsvSplitter::Status::end; ++line) {
      if (status == PlainCsvSplitter::Status::empty_line) continue;
      if (!field_count_fits()) {
        failed(line, std::move(why_));
        continue;
      }
      if (batch_row(line, row)) ++row;  // a failed row is overwritten by the next record
    }
  } else {
    std::size_t pos = 0;
    std::uint32_t at = 0;
    bool ok = false;
    while (next_record(chunk, pos, line, at, ok)) {
      if (!ok) {
        if (!why_.empty()) failed(at, std::move(why_));
        continue;
      }
      if (batch_row(at, row)) ++row;
    }
  }
  chunk.lines = line;
  // Rows past `row` (as many as empty lines and failed records) stay missing and their answers
  // unread: InputBatch::resize clears every row's inputs, so the batch cannot be cut to size here.
  setup_->evaluator->evaluate(*batch_, answers_);
  const std::size_t carried = setup_->layout->carried_columns().size();
  std::size_t id = 0;
  for (const Pending& p : pending_) {
    if (p.row < 0) {
      fail(chunk, p.line, std::move(messages_[p.error]));
      continue;
    }
    ids_.clear();
    for (std::size_t k = 0; k < carried; ++k, ++id) {
      const std::size_t begin = id == 0 ? 0 : id_ends_[id - 1];
      ids_.push_back(std::string_view(id_text_).substr(begin, id_ends_[id] - begin));
    }
    const auto r = static_cast<std::size_t>(p.row);
    if (!answers_.ok(r)) {
      fail(chunk, p.line, std::string(answers_.error(r)));
      continue;
    }
    setup_->output->append_row(chunk.out, ids_, answers_, r);
    ++chunk.rows;
  }
}

void RowClassifier::jsonl_chunk(Chunk& chunk) {
  const std::string_view data = chunk.in;
  const std::vector<std::string>& id_names = setup_->layout->id_names();
  std::uint32_t line = 0;
  std::string bad;
  for (std::size_t pos = 0; pos < data.size(); ++line) {
    const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
    const std::size_t end = nl == nullptr ? data.size() : static_cast<std::size_t>(static_cast<const char*>(nl) - data.data());
    const std::string_view text = data.substr(pos, end - pos);
    pos = end + 1;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (json_depth(text) > kMaxJsonDepth) {
      fail(chunk, line, fmt::format("the JSON nests more than {} levels deep (arrays and objects inside each other)",
                                    kMaxJsonDepth));
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) {
      fail(chunk, line, "not valid JSON (each line must be one JSON object)");
      continue;
    }
    if (!setup_->layout->make_args_json(j, args_, bad, why_)) {
      fail(chunk, line, bad == "-" ? why_ : fmt::format("field '{}': {}", bad, why_));
      continue;
    }
    id_texts_.clear();
    for (const std::string& name : id_names) {
      auto it = j.find(name);
      if (it == j.end() || it->is_null()) id_texts_.emplace_back();
      else if (it->is_string()) id_texts_.push_back(it->get<std::string>());
      else id_texts_.push_back(it->dump());
    }
    ids_.assign(id_texts_.begin(), id_texts_.end());
    finish_row(chunk, line);
  }
  chunk.lines = line;
}

}  // namespace docket::cli
