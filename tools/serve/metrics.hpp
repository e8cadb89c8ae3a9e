// What `docket serve` counts for /metrics: operations and their latency, SLA events, deliveries; rendered in Prometheus text.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace docket::serve {

// Counters and latency histograms, safe to update from any thread.
class Metrics {
 public:
  // One operation (`op`: start, complete, signal, update, read, deploy) took `seconds`; `ok` false: it failed.
  void observe(const std::string& op, double seconds, bool ok);
  void count_sla(const std::string& kind);           // warned, breached, escalated
  void count_delivery(const std::string& outcome);   // delivered, failed, dead
  void count_request(int status);                    // HTTP responses by status class

  // The counters and histograms in the Prometheus text format (version 0.0.4).
  [[nodiscard]] std::string text() const;

  // Latency buckets in seconds (Prometheus `le`), the last one +Inf.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
    std::uint64_t errors = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Histogram> ops_;
  std::map<std::string, std::uint64_t> sla_;
  std::map<std::string, std::uint64_t> deliveries_;
  std::map<int, std::uint64_t> responses_;
};

}  // namespace docket::serve
