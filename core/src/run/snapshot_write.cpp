// Instance snapshots, written: InstanceState to JSON by names (snapshot_read.cpp reads them back).
#include "run/snapshot.hpp"

#include <fmt/format.h>

#include "base/json_writer.hpp"

namespace docket::detail {

namespace {

// Written with JsonWriter, keys in the order below so snapshots read well.
constexpr int kFormat = 2;

const char* status_name(InstanceStatusKind s) {
  switch (s) {
    case InstanceStatusKind::running: return "running";
    case InstanceStatusKind::finished: return "finished";
    case InstanceStatusKind::failed: return "failed";
  }
  return "running";
}

}  // namespace

std::string edge_key(const ir::Workflow& wf, std::uint32_t e) {
  const ir::Edge& edge = wf.edges.at(e);
  int nth = 1;
  for (std::uint32_t i = 0; i < e; ++i) {
    if (wf.edges[i].from == edge.from && wf.edges[i].to == edge.to) ++nth;
  }
  std::string key = wf.nodes[edge.from].name + " -> " + wf.nodes[edge.to].name;
  return nth == 1 ? key : fmt::format("{} #{}", key, nth);
}

std::string sla_mark_name(const ir::Sla& sla, const std::vector<SlaMark>& marks, std::size_t mark) {
  auto plain = [&](std::size_t m) {
    const SlaMark& k = marks[m];
    switch (k.kind) {
      case SlaMark::warning: {
        const ir::SlaWarning& warn = sla.warnings.at(k.index);
        return warn.percent ? fmt::format("warn {}%", *warn.percent) : fmt::format("warn {} before", to_string(*warn.before));
      }
      case SlaMark::breach: return std::string("breach");
      case SlaMark::escalation: return fmt::format("breach after {}", to_string(sla.breaches.at(k.index).after));
    }
    return std::string("mark");
  };
  const std::string name = plain(mark);
  int nth = 1;
  for (std::size_t m = 0; m < mark; ++m) nth += plain(m) == name ? 1 : 0;
  return nth == 1 ? name : fmt::format("{} #{}", name, nth);
}

namespace {

void write_sla(JsonWriter& w, const SlaRun& run, const ir::Sla& sla, const std::vector<SlaMark>& marks) {
  w.begin_object();
  w.key("sla");
  w.string(sla.name);
  w.key("phase");
  w.string(sla_phase_name(run.phase));
  if (run.phase != SlaPhase::idle || !run.ledger.empty()) {
    w.key("business");
    w.boolean(run.business);
    w.key("breached");
    w.boolean(run.breached);
    for (const auto& [name, v] : {std::pair<const char*, std::int64_t>{"level", run.level},
                                  {"generation", run.generation}, {"round", run.round}}) {
      w.key(name);
      w.integer(v);
    }
    w.key("fired");
    w.begin_array();
    for (std::size_t m = 0; m < marks.size(); ++m) {
      if ((run.fired >> m & 1U) != 0) w.string(sla_mark_name(sla, marks, m));
    }
    w.end_array();
    if (std::optional<Instant> next = sla_timer(run)) {
      w.key("next");
      w.time(*next);
    }
    w.key("target");
    w.string(to_string(run.target));
    for (const auto& [name, v] : {std::pair<const char*, std::int64_t>{"budget", run.budget}, {"elapsed", run.elapsed},
                                  {"clock_elapsed", run.clock_elapsed}}) {
      w.key(name);
      w.integer(v);
    }
    for (const auto& [name, t] : {std::pair<const char*, Instant>{"since", run.since}, {"changed", run.changed},
                                  {"started", run.started}, {"ended", run.ended}}) {
      w.key(name);
      w.time(t);
    }
    w.key("ledger");
    w.begin_array();
    for (const SlaEvent& e : run.ledger) {
      w.begin_object();
      w.key("kind");
      w.string(sla_event_name(e.kind));
      w.key("at");
      w.time(e.at);
      if (e.amount != 0) {
        w.key("amount");
        w.integer(e.amount);
      }
      if (e.level != 0) {
        w.key("level");
        w.integer(e.level);
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

}  // namespace

std::string encode_snapshot(const InstanceState& st, const ir::Workflow& wf) {
  std::string out;
  out.reserve(1024);
  JsonWriter w(out);
  w.begin_object();
  w.key("format");
  w.integer(kFormat);
  w.key("workflow");
  w.string(wf.name);
  w.key("status");
  w.string(status_name(st.status));
  w.key("params");
  w.begin_object();
  for (std::size_t i = 0; i < wf.params.size() && i < st.params.size(); ++i) {
    w.key(wf.params[i].name);
    w.value(st.params[i]);
  }
  w.end_object();
  w.key("active");
  w.begin_array();
  for (std::uint32_t a : st.active) w.string(wf.nodes[a].name);
  w.end_array();
  w.key("visits");
  w.begin_object();
  for (std::size_t n = 0; n < st.visits.size(); ++n) {
    if (st.visits[n] == 0) continue;
    w.key(wf.nodes[n].name);
    w.integer(st.visits[n]);
  }
  w.end_object();
  if (!st.outcomes.empty()) {
    w.key("outcomes");
    w.begin_object();
    for (std::size_t n = 0; n < st.outcomes.size(); ++n) {
      if (st.outcomes[n].empty()) continue;
      w.key(wf.nodes[n].name);
      w.begin_object();
      for (std::size_t o = 0; o < st.outcomes[n].size(); ++o) {
        w.key(wf.nodes[n].outcomes[o].name);
        w.value(st.outcomes[n][o]);
      }
      w.end_object();
    }
    w.end_object();
  }
  if (!st.arrived.empty()) {
    w.key("arrived");
    w.begin_object();
    for (std::uint32_t e = 0; e < st.arrived.size(); ++e) {
      if (st.arrived[e] == 0) continue;
      w.key(edge_key(wf, e));
      w.integer(st.arrived[e]);
    }
    w.end_object();
  }
  w.key("cursor");
  w.string(wf.nodes.at(st.cursor).name);
  if (!st.end.empty()) {
    w.key("end");
    w.string(st.end);
  }
  if (!st.error.empty()) {
    w.key("error");
    w.string(st.error);
  }
  if (st.retry.valid) {
    w.key("retry");
    w.begin_object();
    w.key("enter");
    w.boolean(st.retry.enter);
    w.key("node");
    w.string(wf.nodes.at(st.retry.node).name);
    w.key("then");
    w.begin_array();
    for (std::uint32_t e : st.retry.then) w.string(edge_key(wf, e));
    w.end_array();
    w.end_object();
  }
  if (st.retries != 0) {
    w.key("retries");
    w.integer(st.retries);
  }
  if (st.retry_at) {
    w.key("retry_at");
    w.time(*st.retry_at);
  }
  if (!st.deadlines.empty()) {
    w.key("deadlines");
    w.begin_array();
    for (const PendingDeadline& d : st.deadlines) {
      w.begin_object();
      w.key("node");
      w.string(wf.nodes.at(d.node).name);
      w.key("visit");
      w.integer(d.visit);
      w.key("due");
      w.time(d.due);
      w.end_object();
    }
    w.end_array();
  }
  if (st.series) {
    w.key("series");
    w.begin_object();
    w.key("origin");
    w.time(st.series->origin);
    w.key("occurrence");
    w.integer(st.series->occurrence);
    if (st.series->next) {
      w.key("next");
      w.time(*st.series->next);
    }
    if (st.series->previous != 0) {
      w.key("previous");
      w.integer(static_cast<std::int64_t>(st.series->previous));
    }
    w.end_object();
  }
  if (!st.slas.empty()) {
    w.key("slas");
    w.begin_array();
    for (std::size_t i = 0; i < st.slas.size(); ++i) write_sla(w, st.slas[i], wf.slas.at(i), sla_marks(wf.slas.at(i)));
    w.end_array();
  }
  w.end_object();
  return out;
}

}  // namespace docket::detail
