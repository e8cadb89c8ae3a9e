// `docket classify`: stream a CSV or JSON-lines file through one decision and write each row's outputs in order.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/classify/chunk_pipeline.hpp"
#include "cli/classify/csv_header.hpp"
#include "cli/classify/progress.hpp"
#include "cli/classify/row_classifier.hpp"
#include "cli/commands.hpp"
#include "cli/workspace_output.hpp"
#include "docket/core/json_depth.hpp"

namespace docket::cli {

namespace {

// Blocks of 256 KiB: a block, its batch's columns and its output stay within a core's L2 cache.
constexpr std::size_t kBlock = std::size_t{256} << 10;

std::string extension_of(const std::string& path) { return std::filesystem::path(path).extension().string(); }

// JSON lines: whether the block's first non-blank line is an object with an `id` member (a bad line is
// reported when it is classified).
bool first_line_has_id(std::string_view block) {
  std::string_view line;
  while (!block.empty() && line.find_first_not_of(" \t\r") == std::string_view::npos) {
    const std::size_t nl = block.find('\n');
    line = block.substr(0, nl);
    block = nl == std::string_view::npos ? std::string_view() : block.substr(nl + 1);
  }
  if (json_depth(line) > kMaxJsonDepth) return false;
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  return j.is_object() && j.contains("id");
}

bool write_all(int fd, std::string_view data, std::string& error) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

int run_classify(const ClassifyOptions& o) {
  if (!eval_available(o.eval)) return kExitUsage;
  Workspace ws;
  const bool ok = load_workspace(o.workspace, ws);
  print_diagnostics(ws, false);
  if (!ok) {
    std::cerr << "the program does not check: nothing was classified\n";
    return kExitProblems;
  }
  const std::string in_ext = o.input_format.empty() ? extension_of(o.input) : "." + o.input_format;
  const bool csv = in_ext == ".csv";
  if (!csv && in_ext != ".jsonl" && in_ext != ".ndjson") {
    std::cerr << fmt::format("error: cannot tell the format of `{}`: name a .csv or .jsonl file, or pass "
                             "--input-format csv|jsonl\n", o.input);
    return kExitUsage;
  }
  std::string out_format = o.format;
  if (out_format.empty()) out_format = extension_of(o.output) == ".jsonl" || extension_of(o.output) == ".ndjson" ? "jsonl" : "csv";
  try {
    // Batches run compiled, or by the JIT's kernel under jit (and auto in a build with LLVM).
    const EvalMode batch_mode = o.eval == EvalMode::interp ? EvalMode::compiled : o.eval;
    RowEvaluator evaluator(ws.program, o.decision, batch_mode);
    std::optional<RowByRowEvaluator> row_evaluator;  // made once it is known whether batches take the rows
    InputLayout layout(evaluator.decision());
    const int in_fd = o.input == "-" ? 0 : ::open(o.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (in_fd < 0) {
      std::cerr << fmt::format("error: cannot read `{}`: {}\n", o.input, std::strerror(errno));
      return kExitProblems;
    }
    struct stat st {};
    const std::uint64_t total = ::fstat(in_fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
    InputSource source(in_fd, csv, kBlock, o.max_record);
    std::string first;
    if (!source.next(first) && source.error_line() > 0) {
      std::cerr << fmt::format("{}:{}: error: {}\n", o.input, source.error_line(), source.error());
      return kExitProblems;
    }
    ClassifySetup setup;
    setup.csv = csv;
    std::uint32_t header_lines = 0;
    if (csv) {
      std::string error;
      if (!bind_csv_header(first, o.input, o.ids, layout, setup, header_lines, error)) {
        std::cerr << error << "\n";
        return kExitProblems;
      }
    } else {
      if (first.rfind("\xEF\xBB\xBF", 0) == 0) first.erase(0, 3);
      // Without --id, an `id` member is carried when the first line has one (as a CSV header's `id` column).
      std::vector<std::string> ids = o.ids;
      if (ids.empty() && first_line_has_id(first)) ids = {"id"};
      layout.set_id_names(std::move(ids));
    }
    std::vector<bool> numeric;
    for (const std::string& id : layout.id_names()) {
      const InputTarget* t = layout.find(id);
      numeric.push_back(t != nullptr && t->reader->type().kind() == TypeKind::integer);
    }
    OutputFormat output(out_format == "jsonl" ? OutputKind::jsonl : OutputKind::csv, evaluator.decision(),
                        layout.id_names(), numeric);
    setup.layout = &layout;
    setup.output = &output;
    setup.evaluator = &evaluator;
    // Batches under compiled, jit and auto; interp classifies row by row through the interpreter.
    const bool batches = !o.row_by_row && o.eval != EvalMode::interp && prepare_batches(setup);
    // The rows batches cannot take go one call at a time. When batches take the rest, `auto` is the
    // compiled evaluator for those few: a JIT of the whole program, compiled on a thread of its own,
    // cost a fifth of a million-row run's CPU and answered almost nothing.
    row_evaluator.emplace(ws.program, o.decision,
                          batches && o.eval == EvalMode::automatic ? EvalMode::compiled : o.eval);
    setup.row_evaluator = &*row_evaluator;

    int out_fd = STDOUT_FILENO;
    if (!o.output.empty() && o.output != "-") {
      out_fd = ::open(o.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (out_fd < 0) {
        std::cerr << fmt::format("error: cannot write `{}`: {}\n", o.output, std::strerror(errno));
        return kExitProblems;
      }
    }
    std::string write_error;
    bool written = write_all(out_fd, output.header(), write_error);

    Progress progress(total);
    std::uint64_t rows = 0;
    std::uint64_t errors = 0;
    std::uint64_t line_base = header_lines;  // physical lines before the current chunk
    std::uint64_t stop_line = 0;
    PipelineSteps steps;
    steps.make_worker = [&setup] {
      auto worker = std::make_shared<RowClassifier>(setup);  // std::function needs a copyable target
      return std::function<void(Chunk&)>([worker](Chunk& c) { (*worker)(c); });
    };
    steps.write = [&](Chunk& c) {
      if (!written) return false;
      for (const RowError& e : c.errors) {
        ++errors;
        progress.clear();
        std::cerr << fmt::format("{}:{}: {}\n", o.input, line_base + e.line + 1, e.message);
        if (o.max_errors >= 0 && errors > static_cast<std::uint64_t>(o.max_errors)) {
          written = write_all(out_fd, std::string_view(c.out).substr(0, e.out_offset), write_error);
          rows += e.rows_before;
          stop_line = line_base + e.line + 1;
          return false;
        }
      }
      written = write_all(out_fd, c.out, write_error);
      rows += c.rows;
      line_base += c.lines;
      progress.update(rows, source.bytes_read());
      return written;
    };
    const unsigned threads = o.threads > 0 ? o.threads : std::max(1U, std::thread::hardware_concurrency());
    run_pipeline(source, std::move(first), threads, steps);
    progress.clear();
    if (out_fd != STDOUT_FILENO) ::close(out_fd);
    if (!written) {
      std::cerr << fmt::format("error: cannot write `{}`: {}\n", o.output.empty() ? "stdout" : o.output, write_error);
      return kExitProblems;
    }
    if (!source.error().empty() && stop_line == 0) {
      if (source.error_line() > 0) {
        std::cerr << fmt::format("{}:{}: error: {}\n{} row{} classified before it\n", o.input, source.error_line(),
                                 source.error(), rows, rows == 1 ? " was" : "s were");
      } else {
        std::cerr << fmt::format("error: reading `{}` failed after {} rows: {}\n", o.input, rows, source.error());
      }
      return kExitProblems;
    }
    if (stop_line > 0) {
      const std::string limit = o.max_errors == 0 ? "at the first bad row (--max-errors 0)"
                                                  : fmt::format("after {} bad rows (--max-errors {})", o.max_errors + 1,
                                                                o.max_errors);
      std::cerr << fmt::format("{}:{}: stopped {}: {} row{} classified, the rest of the input was not read\n", o.input,
                               stop_line, limit, rows, rows == 1 ? " was" : "s were");
      return kExitStopped;
    }
    if (errors > 0) {
      std::cerr << fmt::format("classified {} of {} rows: {} bad row{} left out of the output\n", rows, rows + errors,
                               errors, errors == 1 ? " was" : "s were");
      return kExitSomeRows;
    }
    if (progress.enabled()) std::cerr << fmt::format("classified {} rows\n", rows);
    return kExitOk;
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitProblems;
  } catch (const std::exception& e) {
    std::cerr << "error: classify failed: " << e.what() << "\n";
    return kExitProblems;
  }
}

}  // namespace docket::cli
