// Instance snapshots: InstanceState to JSON by names, and back with checks against the definitions.
#include "run/snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "docket/core/json_value.hpp"
#include "docket/core/suggest.hpp"
#include "run/json_writer.hpp"
#include "run/value_codec.hpp"

namespace docket::detail {

namespace {

using Json = nlohmann::json;  // read; written with JsonWriter, keys in the order below so snapshots read well
constexpr int kFormat = 1;

const char* status_name(InstanceStatusKind s) {
  switch (s) {
    case InstanceStatusKind::running: return "running";
    case InstanceStatusKind::finished: return "finished";
    case InstanceStatusKind::failed: return "failed";
  }
  return "running";
}

// "a -> b", or "a -> b #2" for the second edge between the same two nodes.
std::string edge_key(const ir::Workflow& wf, std::uint32_t e) {
  const ir::Edge& edge = wf.edges.at(e);
  int nth = 1;
  for (std::uint32_t i = 0; i < e; ++i) {
    if (wf.edges[i].from == edge.from && wf.edges[i].to == edge.to) ++nth;
  }
  std::string key = wf.nodes[edge.from].name + " -> " + wf.nodes[edge.to].name;
  return nth == 1 ? key : fmt::format("{} #{}", key, nth);
}

void write_sla(JsonWriter& w, const SlaRun& run, const ir::Sla& sla) {
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
    for (const auto& [name, v] : {std::pair<const char*, std::int64_t>{"level", run.level}, {"fired", run.fired},
                                  {"generation", run.generation}, {"round", run.round}}) {
      w.key(name);
      w.integer(v);
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

// Reads a snapshot, with every complaint naming the instance and the fix.
class Reader {
 public:
  Reader(InstanceId id, const ir::Module& module) : id_(id), module_(module) {}

  InstanceState read(std::string_view text) {
    Json j;
    try {
      j = Json::parse(text);
    } catch (const Json::exception& e) {
      fail(fmt::format("its snapshot is not valid JSON ({}): the store is damaged", e.what()));
    }
    if (!j.is_object() || j.value("format", 0) != kFormat) {
      fail(fmt::format("its snapshot has format {} where this docket reads {}: recover it with the docket that wrote it",
                       j.is_object() ? j.value("format", 0) : 0, kFormat));
    }
    const std::string name = j.value("workflow", std::string());
    wf_ = module_.find_workflow(name);
    if (wf_ == nullptr) {
      std::vector<std::string> names;
      for (const ir::Workflow& w : module_.workflows) names.push_back(w.name);
      fail(fmt::format("it runs workflow `{}`, which the loaded program does not define{}: load the definitions it "
                       "was started with",
                       name, did_you_mean_suffix(name, names)));
    }
    InstanceState st;
    st.id = id_;
    st.workflow = static_cast<std::size_t>(wf_ - module_.workflows.data());
    st.visits.assign(wf_->nodes.size(), 0);
    read_status(j, st);
    read_params(j, st);
    for (const Json& a : j.at("active")) st.active.push_back(node(a.get<std::string>()));
    for (const auto& [n, count] : j.at("visits").items()) st.visits[node(n)] = count.get<std::uint32_t>();
    read_outcomes(j, st);
    if (j.contains("arrived")) {
      st.arrived.assign(wf_->edges.size(), 0);
      for (const auto& [key, count] : j.at("arrived").items()) st.arrived[edge(key)] = count.get<std::uint32_t>();
    }
    st.cursor = node(j.at("cursor").get<std::string>());
    if (j.contains("retry")) {
      const Json& r = j.at("retry");
      st.retry.valid = true;
      st.retry.enter = r.at("enter").get<bool>();
      st.retry.node = node(r.at("node").get<std::string>());
      for (const Json& e : r.at("then")) st.retry.then.push_back(edge(e.get<std::string>()));
    }
    st.retries = j.value("retries", 0U);
    if (j.contains("retry_at")) st.retry_at = time(j.at("retry_at"));
    if (j.contains("deadlines")) {
      for (const Json& d : j.at("deadlines")) {
        st.deadlines.push_back({node(d.at("node").get<std::string>()), d.at("visit").get<std::uint32_t>(), time(d.at("due"))});
      }
    }
    read_slas(j, st);
    return st;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw EngineError(fmt::format("cannot recover instance {} from the store: {}", id_, why));
  }

  void read_status(const Json& j, InstanceState& st) const {
    const std::string s = j.at("status").get<std::string>();
    if (s == "running") st.status = InstanceStatusKind::running;
    else if (s == "finished") st.status = InstanceStatusKind::finished;
    else if (s == "failed") st.status = InstanceStatusKind::failed;
    else fail(fmt::format("its status `{}` is none of running, finished, failed: the store is damaged", s));
    st.end = j.value("end", std::string());
    st.error = j.value("error", std::string());
  }

  void read_params(const Json& j, InstanceState& st) const {
    const Json& params = j.at("params");
    for (const ir::Param& p : wf_->params) {
      auto it = params.find(p.name);
      if (it == params.end()) {
        fail(fmt::format("workflow `{}` now takes parameter `{}` ({}), which the instance was not started with: give it "
                         "a default or load the definitions it was started with",
                         wf_->name, p.name, p.type.name()));
      }
      try {
        st.params.push_back(value_from_json(*it, p.type, p.name));
      } catch (const ValueError& e) {
        fail(fmt::format("its parameter no longer fits workflow `{}`: {}", wf_->name, e.what()));
      }
    }
  }

  void read_outcomes(const Json& j, InstanceState& st) const {
    if (!j.contains("outcomes")) return;
    st.outcomes.resize(wf_->nodes.size());
    for (const auto& [n, values] : j.at("outcomes").items()) {
      const std::uint32_t index = node(n);
      for (const ir::Outcome& o : wf_->nodes[index].outcomes) {
        auto it = values.find(o.name);
        if (it == values.end()) fail(fmt::format("step `{}` now has outcome `{}`, which it was not completed with", n, o.name));
        try {
          st.outcomes[index].push_back(value_from_json(*it, o.type, n + "." + o.name));
        } catch (const ValueError& e) {
          fail(fmt::format("an outcome no longer fits: {}", e.what()));
        }
      }
    }
  }

  void read_slas(const Json& j, InstanceState& st) const {
    if (wf_->slas.empty()) return;
    st.slas.resize(wf_->slas.size());
    if (!j.contains("slas")) return;
    for (const Json& s : j.at("slas")) {
      const std::string name = s.at("sla").get<std::string>();
      auto it = std::find_if(wf_->slas.begin(), wf_->slas.end(), [&](const ir::Sla& x) { return x.name == name; });
      if (it == wf_->slas.end()) fail(fmt::format("it has SLA `{}`, which workflow `{}` no longer declares", name, wf_->name));
      SlaRun& run = st.slas[static_cast<std::size_t>(it - wf_->slas.begin())];
      run.phase = sla_phase(s.at("phase").get<std::string>());
      if (!s.contains("ledger")) continue;
      run.business = s.at("business").get<bool>();
      run.breached = s.at("breached").get<bool>();
      run.level = s.at("level").get<std::int32_t>();
      run.fired = s.at("fired").get<std::uint32_t>();
      run.generation = s.at("generation").get<std::uint32_t>();
      run.round = s.at("round").get<std::uint32_t>();
      run.target = duration(s.at("target"));
      run.budget = s.at("budget").get<std::int64_t>();
      run.elapsed = s.at("elapsed").get<std::int64_t>();
      run.clock_elapsed = s.at("clock_elapsed").get<std::int64_t>();
      run.since = time(s.at("since"));
      run.changed = time(s.at("changed"));
      run.started = time(s.at("started"));
      run.ended = time(s.at("ended"));
      for (const Json& e : s.at("ledger")) {
        run.ledger.push_back({sla_event(e.at("kind").get<std::string>()), time(e.at("at")), e.value("amount", std::int64_t{0}),
                              e.value("level", std::int32_t{0})});
      }
    }
  }

  std::uint32_t node(const std::string& name) const {
    if (auto i = wf_->find_node(name)) return *i;
    std::vector<std::string> names;
    for (const ir::Node& n : wf_->nodes) names.push_back(n.name);
    fail(fmt::format("it is at or has passed `{}`, which workflow `{}` no longer has{}: load the definitions it was "
                     "started with, or finish it there",
                     name, wf_->name, did_you_mean_suffix(name, names)));
  }

  std::uint32_t edge(const std::string& key) const {
    for (std::uint32_t e = 0; e < wf_->edges.size(); ++e) {
      if (edge_key(*wf_, e) == key) return e;
    }
    fail(fmt::format("it waits along edge `{}`, which workflow `{}` no longer has: load the definitions it was "
                     "started with",
                     key, wf_->name));
  }

  Instant time(const Json& j) const {
    Instant out;
    std::string error;
    const std::string text = j.get<std::string>();
    if (text.empty() || text.back() != 'Z' || !parse_instant(text.substr(0, text.size() - 1), "Z", out, error)) {
      fail(fmt::format("`{}` is not a UTC time such as 2025-09-26T01:00:00Z: the store is damaged", text));
    }
    return out;
  }

  Duration duration(const Json& j) const {
    try {
      return value_from_json(j, Type::duration(), "target").as_duration();
    } catch (const ValueError& e) {
      fail(e.what());
    }
  }

  SlaPhase sla_phase(const std::string& name) const {
    for (SlaPhase p : {SlaPhase::idle, SlaPhase::running, SlaPhase::paused, SlaPhase::stopped, SlaPhase::cancelled}) {
      if (name == sla_phase_name(p)) return p;
    }
    fail(fmt::format("SLA phase `{}` is unknown: the store is damaged", name));
  }

  SlaEventKind sla_event(const std::string& name) const {
    for (int k = 0; k <= static_cast<int>(SlaEventKind::reset); ++k) {
      if (name == sla_event_name(static_cast<SlaEventKind>(k))) return static_cast<SlaEventKind>(k);
    }
    fail(fmt::format("SLA event `{}` is unknown: the store is damaged", name));
  }

  InstanceId id_;
  const ir::Module& module_;
  const ir::Workflow* wf_ = nullptr;
};

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
  if (!st.slas.empty()) {
    w.key("slas");
    w.begin_array();
    for (std::size_t i = 0; i < st.slas.size(); ++i) write_sla(w, st.slas[i], wf.slas.at(i));
    w.end_array();
  }
  w.end_object();
  return out;
}

InstanceState decode_snapshot(InstanceId id, std::string_view snapshot, const ir::Module& module) {
  try {
    return Reader(id, module).read(snapshot);
  } catch (const nlohmann::json::exception& e) {
    throw EngineError(fmt::format("cannot recover instance {} from the store: its snapshot lacks a part or has one of "
                                  "the wrong kind ({}): the store is damaged",
                                  id, e.what()));
  }
}

}  // namespace docket::detail
