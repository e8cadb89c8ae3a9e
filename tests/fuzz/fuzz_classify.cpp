// libFuzzer targets fuzz_classify_csv and fuzz_classify_jsonl (this file with DOCKET_FUZZ_CSV 1 or 0):
// arbitrary bytes as `docket classify` input for table `priority` of the fuzz program, read in small
// blocks with a small maximum record size so that the limits are reached. Every row is evaluated
// twice, column-wise (CSV) or row by row; the JSON-lines output must be valid JSON, and both ways
// must write the same rows and report the same row errors.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/classify/chunk_pipeline.hpp"
#include "cli/classify/csv_header.hpp"
#include "cli/classify/input_source.hpp"
#include "cli/classify/row_classifier.hpp"
#include "fuzz_support.hpp"

#ifndef DOCKET_FUZZ_CSV
#error "define DOCKET_FUZZ_CSV to 1 (CSV input) or 0 (JSON lines)"
#endif

namespace {

using namespace docket;
using namespace docket::cli;

constexpr bool kCsv = DOCKET_FUZZ_CSV != 0;
constexpr std::size_t kBlock = 1024;     // small blocks: records across block edges
constexpr std::size_t kMaxRecord = 2048;  // reachable within -max_len

const RowEvaluator& evaluator() {
  static const RowEvaluator e(fuzz::program(), "priority");
  return e;
}

// Rows that do not go in batches, as `docket classify` evaluates them (EvalMode::compiled).
const RowByRowEvaluator& row_evaluator() {
  static const RowByRowEvaluator e(fuzz::program(), "priority", EvalMode::compiled);
  return e;
}

struct Run {
  std::string out;
  std::vector<std::string> errors;  // "line: message"
  std::string reader_error;
};

// One classify run over the whole input, on this thread.
Run classify(const fuzz::MemFile& file, bool batches) {
  Run run;
  InputSource source(file.reopen(), kCsv, kBlock, kMaxRecord);
  std::string block;
  if (!source.next(block)) {
    run.reader_error = source.error();
    return run;
  }
  InputLayout layout(evaluator().decision());
  ClassifySetup setup;
  setup.csv = kCsv;
  std::uint32_t header_lines = 0;
  if (kCsv) {
    std::string error;
    if (!bind_csv_header(block, "fuzz.csv", {}, layout, setup, header_lines, error)) {
      run.reader_error = error;
      return run;
    }
  } else {
    layout.set_id_names({"id"});
  }
  std::vector<bool> numeric(layout.id_names().size(), false);
  OutputFormat output(OutputKind::jsonl, evaluator().decision(), layout.id_names(), numeric);
  setup.layout = &layout;
  setup.output = &output;
  setup.evaluator = &evaluator();
  setup.row_evaluator = &row_evaluator();
  if (batches) (void)prepare_batches(setup);
  RowClassifier worker(setup);
  std::uint64_t line_base = header_lines;
  do {
    Chunk chunk;
    chunk.in = std::move(block);
    worker(chunk);
    for (const RowError& e : chunk.errors) run.errors.push_back(std::to_string(line_base + e.line) + ": " + e.message);
    run.out += chunk.out;
    line_base += chunk.lines;
    block.clear();
  } while (source.next(block));
  run.reader_error = source.error();
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::MemFile file(data, size);
  const Run batched = classify(file, true);
  fuzz::require(fuzz::valid_json_lines(batched.out), "classify wrote a JSON line that is not valid JSON");
  if (kCsv) {
    const Run one_by_one = classify(file, false);
    fuzz::require(batched.out == one_by_one.out, "batches and row-by-row wrote different rows");
    fuzz::require(batched.errors == one_by_one.errors, "batches and row-by-row reported different row errors");
    fuzz::require(batched.reader_error == one_by_one.reader_error, "the reader stopped differently");
  }
  return 0;
}
