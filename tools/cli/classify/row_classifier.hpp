// One worker's job: parse a chunk's rows (CSV or JSON lines), evaluate the decision, append the outputs.
#pragma once

#include <memory>
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
  const RowByRowEvaluator* row_evaluator = nullptr;  // rows that do not go in batches
  bool csv = true;
  std::vector<std::string> header;  // CSV column names, for messages
  // CSV rows go through the compiled evaluator's batch API when every input it reads comes from a
  // column or a field's default (see prepare_batches); else one call per row on values.
  bool batched = false;
  std::vector<std::int32_t> column_inputs;                    // CSV column -> compiled input; -1: not read
  std::vector<const InputTarget*> column_targets;             // CSV column -> its target (null: carried only)
  std::vector<std::pair<std::size_t, Value>> default_inputs;  // inputs read that no column gives
};

// Fills the batch fields of `setup` (after the header is bound) and says whether batches apply.
bool prepare_batches(ClassifySetup& setup);

// Per-thread scratch space; call on one thread only.
class RowClassifier {
 public:
  explicit RowClassifier(const ClassifySetup& setup) : setup_(&setup) {}
  void operator()(Chunk& chunk);

 private:
  void csv_chunk(Chunk& chunk);
  void csv_chunk_batched(Chunk& chunk);
  // Splits the next CSV record and checks its field count; false at the end of the chunk. `ok` is
  // false for an empty line (`why_` empty) or a record that failed (`why_` says why).
  bool next_record(Chunk& chunk, std::size_t& pos, std::uint32_t& line, std::uint32_t& at, bool& ok);
  // Whether fields_ has as many fields as the header has columns; `why_` says why not.
  bool field_count_fits();
  // fields_ (a record on line `at`) into row `row` of the batch, its carried fields kept; false when a
  // field does not read (then recorded as failed).
  bool batch_row(std::uint32_t at, std::size_t row);
  void failed(std::uint32_t at, std::string message);  // a batched record that failed, in order
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
  std::string error_;
  Value scratch_;
  // Batched rows of one chunk: for each record in order, its line and batch row (-1: it failed,
  // `messages_[error]` says why), and the carried fields copied into `id_text_`.
  struct Pending {
    std::uint32_t line = 0;
    std::int32_t row = -1;
    std::uint32_t error = 0;
  };
  std::vector<Pending> pending_;
  std::vector<std::string> messages_;
  std::string id_text_;
  std::vector<std::size_t> id_ends_;
  std::unique_ptr<InputBatch> batch_;
  std::size_t batch_rows_ = 0;  // the most rows batch_ was given
  OutputBatch answers_;
};

}  // namespace docket::cli
