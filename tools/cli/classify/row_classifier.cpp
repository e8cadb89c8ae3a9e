// Rows to outputs: split, convert each field with its prebuilt reader, evaluate, format.
#include "cli/classify/row_classifier.hpp"

#include <fmt/format.h>

#include <cstring>

#include <nlohmann/json.hpp>

namespace docket::cli {

void RowClassifier::operator()(Chunk& chunk) {
  chunk.out.reserve(chunk.in.size());
  if (setup_->csv) {
    csv_chunk(chunk);
  } else {
    jsonl_chunk(chunk);
  }
}

void RowClassifier::fail(Chunk& chunk, std::uint32_t line, std::string message) {
  chunk.errors.push_back(RowError{line, chunk.out.size(), chunk.rows, std::move(message)});
}

void RowClassifier::finish_row(Chunk& chunk, std::uint32_t line) {
  Value result;
  try {
    result = setup_->evaluator->evaluate(args_.values);
  } catch (const RowEvaluationError& e) {
    fail(chunk, line, e.what());  // the interpreter's message, naming the decision or table
    return;
  }
  setup_->output->append_row(chunk.out, ids_, result);
  ++chunk.rows;
}

void RowClassifier::csv_chunk(Chunk& chunk) {
  const std::string_view data = chunk.in;
  const std::vector<std::size_t>& carried = setup_->layout->carried_columns();
  const std::size_t columns = setup_->header.size();
  std::size_t pos = 0;
  std::uint32_t line = 0;
  std::uint32_t lines = 0;
  std::string error;
  while (true) {
    const CsvSplitter::Status status = splitter_.next(data, pos, fields_, lines, error);
    if (status == CsvSplitter::Status::end) break;
    const std::uint32_t at = line;
    line += lines;
    if (status == CsvSplitter::Status::empty_line) continue;
    if (status == CsvSplitter::Status::malformed) {
      fail(chunk, at, std::move(error));
      continue;
    }
    if (fields_.size() != columns) {
      fail(chunk, at,
           fields_.size() > columns
               ? fmt::format("{} fields, but the header has {} (an extra column? quote a field that holds a comma)",
                             fields_.size(), columns)
               : fmt::format("{} fields, but the header has {} (missing column '{}')", fields_.size(), columns,
                             setup_->header[fields_.size()]));
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
