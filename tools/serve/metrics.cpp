// Prometheus text for `docket serve`: counters, and cumulative histograms of operation latency.
#include "serve/metrics.hpp"

#include <fmt/format.h>

namespace docket::serve {

void Metrics::observe(const std::string& op, double seconds, bool ok) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Histogram& h = ops_[op];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
  if (!ok) ++h.errors;
}

void Metrics::count_sla(const std::string& kind) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++sla_[kind];
}

void Metrics::count_delivery(const std::string& outcome) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++deliveries_[outcome];
}

void Metrics::count_request(int status) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++responses_[status / 100 * 100];
}

std::string Metrics::text() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  out += "# HELP docket_operation_seconds Time an engine operation took, from request to commit.\n";
  out += "# TYPE docket_operation_seconds histogram\n";
  for (const auto& [op, h] : ops_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("docket_operation_seconds_bucket{{op=\"{}\",le=\"{}\"}} {}\n", op, kBuckets[i], h.buckets[i]);
    }
    out += fmt::format("docket_operation_seconds_bucket{{op=\"{}\",le=\"+Inf\"}} {}\n", op, h.count);
    out += fmt::format("docket_operation_seconds_sum{{op=\"{}\"}} {}\n", op, h.sum);
    out += fmt::format("docket_operation_seconds_count{{op=\"{}\"}} {}\n", op, h.count);
  }
  out += "# HELP docket_operation_errors_total Operations the engine refused or that failed.\n";
  out += "# TYPE docket_operation_errors_total counter\n";
  for (const auto& [op, h] : ops_) out += fmt::format("docket_operation_errors_total{{op=\"{}\"}} {}\n", op, h.errors);
  out += "# HELP docket_sla_events_total SLA warnings, breaches and escalations since the service started.\n";
  out += "# TYPE docket_sla_events_total counter\n";
  for (const char* kind : {"warned", "breached", "escalated"}) {
    const auto it = sla_.find(kind);
    out += fmt::format("docket_sla_events_total{{kind=\"{}\"}} {}\n", kind, it == sla_.end() ? 0 : it->second);
  }
  out += "# HELP docket_action_deliveries_total Delivery attempts of actions by outcome since the service started.\n";
  out += "# TYPE docket_action_deliveries_total counter\n";
  for (const char* outcome : {"delivered", "failed", "dead"}) {
    const auto it = deliveries_.find(outcome);
    out += fmt::format("docket_action_deliveries_total{{outcome=\"{}\"}} {}\n", outcome,
                       it == deliveries_.end() ? 0 : it->second);
  }
  out += "# HELP docket_http_responses_total HTTP responses by status class.\n";
  out += "# TYPE docket_http_responses_total counter\n";
  for (const auto& [status, n] : responses_) out += fmt::format("docket_http_responses_total{{class=\"{}xx\"}} {}\n", status / 100, n);
  return out;
}

}  // namespace docket::serve
