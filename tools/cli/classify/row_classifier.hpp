// One worker's job: parse a chunk's rows (CSV or JSON lines), evaluate the decision, append the outputs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/classify/chunk_pipeline.hpp"
#include "cli/classify/csv_split.hpp"
#include "cli/classify/input_layout.hpp"
#include "cli/classify/output_format.hpp"
#include "cli/classify/row_evaluator.hpp"

namespace docket::cli {

// What every worker shares (read-only).
struct ClassifySetup {
  const InputLayout* layout = nullptr;
  const OutputFormat* output = nullptr;
  const RowEvaluator* evaluator = nullptr;
  bool csv = true;
  std::vector<std::string> header;  // CSV column names, for messages
};

// Per-thread scratch space; call on one thread only.
class RowClassifier {
 public:
  explicit RowClassifier(const ClassifySetup& setup) : setup_(&setup) {}
  void operator()(Chunk& chunk);

 private:
  void csv_chunk(Chunk& chunk);
  void jsonl_chunk(Chunk& chunk);
  // Evaluates args_ and appends the row; or records an error.
  void finish_row(Chunk& chunk, std::uint32_t line);
  static void fail(Chunk& chunk, std::uint32_t line, std::string message);

  const ClassifySetup* setup_;
  CsvSplitter splitter_;
  std::vector<std::string_view> fields_;
  std::vector<std::string_view> ids_;
  std::vector<std::string> id_texts_;
  RowArgs args_;
  std::string why_;
};

}  // namespace docket::cli
