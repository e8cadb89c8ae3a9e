// The classify pipeline: a reader thread cuts the input into chunks, N workers process them, and the
// calling thread writes them back in input order. At most a fixed number of chunks is in flight,
// so memory stays bounded however long the input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli/classify/input_source.hpp"

namespace docket::cli {

struct RowError {
  std::uint32_t line = 0;        // 0-based physical line within the chunk
  std::size_t out_offset = 0;    // where the row's output would have started
  std::uint64_t rows_before = 0; // rows of the chunk classified before it
  std::string message;           // "field 'tariff': unknown member ..."
};

struct Chunk {
  std::uint64_t seq = 0;
  std::string in;                // whole records
  // \n in `in`, as the reader counted them (kUncounted: the worker counts them).
  static constexpr std::uint64_t kUncounted = ~std::uint64_t{0};
  std::uint64_t line_breaks = kUncounted;
  bool quote_free = false;       // the reader saw no `"` in `in` (false: the worker looks)
  std::string out;               // the classified rows, in order
  std::vector<RowError> errors;  // in order
  std::uint32_t lines = 0;       // physical lines in `in`
  std::uint64_t rows = 0;        // rows classified
};

struct PipelineSteps {
  // Called once per worker thread; the function it returns processes chunks on that thread.
  std::function<std::function<void(Chunk&)>()> make_worker;
  // Called on the calling thread, in input order. Returning false stops the pipeline.
  std::function<bool(Chunk&)> write;
};

// Runs until the input ends or `write` returns false. `first` is data already read (after the
// header) that goes first. Returns false when the pipeline was stopped by `write`.
bool run_pipeline(InputSource& input, std::string first, unsigned workers, const PipelineSteps& steps);

}  // namespace docket::cli
