// Entry point: runs the benchmarks, then prints docket's time as a ratio to the hand-written baseline.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

// Pairs compared at the end: docket's benchmark and the hand-written one doing the same work.
struct Ratio {
  const char* what;
  const char* docket;
  const char* baseline;
};
constexpr Ratio kRatios[] = {
    {"segment decision, interpreter", "BM_Segment_Docket", "BM_Segment_HandWritten"},
    {"segment decision, compiled (one call)", "BM_Segment_Compiled", "BM_Segment_HandWritten"},
    {"classify table, compiled batch", "BM_Classify_DocketBatch", "BM_Classify_HandWritten"},
    {"classify table, JIT batch", "BM_Classify_DocketJitBatch", "BM_Classify_HandWritten"},
    {"classify table, compiled one call", "BM_Classify_DocketOneCall", "BM_Classify_HandWritten"},
    {"classify table, interpreter", "BM_Classify_Interpreter", "BM_Classify_HandWritten"}};

// The console reporter, also keeping items/s per benchmark: the median when there are
// repetitions, otherwise the single run.
// It always prints the console table (use --benchmark_out for JSON), in colour only on a terminal.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(isatty(STDOUT_FILENO) != 0 ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) {
        failed = true;
        continue;
      }
      auto it = r.counters.find("items_per_second");
      if (it == r.counters.end()) continue;
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if (median || (r.run_type == Run::RT_Iteration && r.repetitions <= 1)) {
        items_per_second[r.run_name.str()] = it->second.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  std::map<std::string, double> items_per_second;
  bool failed = false;  // a benchmark stopped with an error (its result check failed)
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  for (const Ratio& r : kRatios) {
    auto d = reporter.items_per_second.find(r.docket);
    auto b = reporter.items_per_second.find(r.baseline);
    if (d == reporter.items_per_second.end() || b == reporter.items_per_second.end() || d->second <= 0) continue;
    std::printf("%s: docket %.3g items/s, hand-written %.3g items/s: docket takes %.1fx the hand-written time\n",
                r.what, d->second, b->second, b->second / d->second);
  }
  if (reporter.failed) std::fprintf(stderr, "docket_bench: a benchmark failed its result check (see above)\n");
  return reporter.failed ? 1 : 0;
}
