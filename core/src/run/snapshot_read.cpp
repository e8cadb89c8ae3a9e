// Instance snapshots, read: JSON back to InstanceState, every field checked, and moving to another version.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "docket/core/engine.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/suggest.hpp"
#include "base/value_codec.hpp"
#include "run/snapshot.hpp"
#include "run/transition.hpp"

namespace docket::detail {

namespace {

using Json = nlohmann::json;
constexpr int kNewestFormat = 2;
constexpr int kMaxDepth = 64;  // snapshots nest a few levels; deeper is damage, not data

// Reads a snapshot, with every complaint naming the instance and the fix.
class Reader {
 public:
  Reader(InstanceId id, const ir::Module& module) : id_(id), module_(module) {}

  InstanceState read(std::string_view text) {
    // The depth is checked while parsing, so that damage nested a million levels deep builds no tree.
    bool too_deep = false;
    Json::parser_callback_t limit = [&too_deep](int depth, Json::parse_event_t, Json&) {
      if (depth > kMaxDepth) too_deep = true;
      return !too_deep;
    };
    Json j = Json::parse(text, limit, false);
    if (too_deep) fail(fmt::format("its snapshot nests deeper than {} levels: the store is damaged", kMaxDepth));
    if (j.is_discarded()) fail("its snapshot is not valid JSON: the store is damaged");
    if (!j.is_object()) fail("its snapshot is not a JSON object: the store is damaged");
    format_ = static_cast<int>(integer(j, "format", 0, kNewestFormat + 1000));
    if (format_ < 1 || format_ > kNewestFormat) {
      fail(fmt::format("its snapshot has format {} where this docket reads 1 to {}: recover it with the docket that "
                       "wrote it",
                       format_, kNewestFormat));
    }
    const std::string name = string(j, "workflow");
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
    for (const Json& a : array(j, "active")) st.active.push_back(node(text_of(a, "active")));
    for (const auto& [n, count] : object(j, "visits").items()) st.visits[node(n)] = count32(count, "visits." + n);
    read_outcomes(j, st);
    if (j.contains("arrived")) {
      st.arrived.assign(wf_->edges.size(), 0);
      for (const auto& [key, count] : object(j, "arrived").items()) st.arrived[edge(key)] = count32(count, "arrived." + key);
    }
    st.cursor = node(string(j, "cursor"));
    if (j.contains("retry")) {
      const Json& r = object(j, "retry");
      st.retry.valid = true;
      st.retry.enter = boolean(r, "enter");
      st.retry.node = node(string(r, "node"));
      for (const Json& e : array(r, "then")) st.retry.then.push_back(edge(text_of(e, "retry.then")));
    }
    st.retries = static_cast<std::uint32_t>(integer(j, "retries", 0, std::numeric_limits<std::uint32_t>::max()));
    if (j.contains("retry_at")) st.retry_at = time(j.at("retry_at"), "retry_at");
    if (j.contains("deadlines")) {
      for (const Json& d : array(j, "deadlines")) {
        if (!d.is_object()) fail("a deadline in its snapshot is not an object: the store is damaged");
        st.deadlines.push_back({node(string(d, "node")), count32(d.contains("visit") ? d.at("visit") : Json(), "visit"),
                                time(d.contains("due") ? d.at("due") : Json(), "due")});
      }
    }
    if (j.contains("series")) {
      const Json& s = object(j, "series");
      SeriesState series;
      series.origin = time(s.contains("origin") ? s.at("origin") : Json(), "series.origin");
      series.occurrence = count32(s.contains("occurrence") ? s.at("occurrence") : Json(), "series.occurrence");
      if (s.contains("next")) series.next = time(s.at("next"), "series.next");
      series.previous = static_cast<InstanceId>(integer(s, "previous", 0, std::numeric_limits<std::int64_t>::max()));
      st.series = series;
    }
    read_slas(j, st);
    return st;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw EngineError(fmt::format("cannot read instance {} from the store: {}", id_, why));
  }
  [[noreturn]] void damaged(std::string_view field, std::string_view expected) const {
    fail(fmt::format("its snapshot's `{}` is not {}: the store is damaged", field, expected));
  }

  const Json& member(const Json& j, const char* key) const {
    auto it = j.find(key);
    if (it == j.end()) fail(fmt::format("its snapshot lacks `{}`: the store is damaged", key));
    return *it;
  }
  std::string string(const Json& j, const char* key) const {
    const Json& v = member(j, key);
    if (!v.is_string()) damaged(key, "text");
    return v.get<std::string>();
  }
  std::string text_of(const Json& v, std::string_view field) const {
    if (!v.is_string()) damaged(field, "text");
    return v.get<std::string>();
  }
  bool boolean(const Json& j, const char* key) const {
    const Json& v = member(j, key);
    if (!v.is_boolean()) damaged(key, "true or false");
    return v.get<bool>();
  }
  const Json& array(const Json& j, const char* key) const {
    const Json& v = member(j, key);
    if (!v.is_array()) damaged(key, "a list");
    return v;
  }
  const Json& object(const Json& j, const char* key) const {
    const Json& v = member(j, key);
    if (!v.is_object()) damaged(key, "an object");
    return v;
  }
  // An integer in [lo, hi]; a missing key reads as `lo` when lo is 0 (optional counters).
  std::int64_t integer(const Json& j, const char* key, std::int64_t lo, std::int64_t hi) const {
    auto it = j.find(key);
    if (it == j.end() && lo == 0) return 0;
    if (it == j.end()) fail(fmt::format("its snapshot lacks `{}`: the store is damaged", key));
    return ranged(*it, key, lo, hi);
  }
  std::int64_t ranged(const Json& v, std::string_view field, std::int64_t lo, std::int64_t hi) const {
    if (!v.is_number_integer()) damaged(field, "a whole number");
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
      damaged(field, fmt::format("a whole number from {} to {}", lo, hi));
    }
    const std::int64_t n = v.get<std::int64_t>();
    if (n < lo || n > hi) damaged(field, fmt::format("a whole number from {} to {}", lo, hi));
    return n;
  }
  std::uint32_t count32(const Json& v, std::string_view field) const {
    return static_cast<std::uint32_t>(ranged(v, field, 0, std::numeric_limits<std::uint32_t>::max()));
  }

  void read_status(const Json& j, InstanceState& st) const {
    const std::string s = string(j, "status");
    if (s == "running") st.status = InstanceStatusKind::running;
    else if (s == "finished") st.status = InstanceStatusKind::finished;
    else if (s == "failed") st.status = InstanceStatusKind::failed;
    else fail(fmt::format("its status `{}` is none of running, finished, failed: the store is damaged", s));
    if (j.contains("end")) st.end = string(j, "end");
    if (j.contains("error")) st.error = string(j, "error");
  }

  void read_params(const Json& j, InstanceState& st) const {
    const Json& params = object(j, "params");
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
    for (const auto& [n, values] : object(j, "outcomes").items()) {
      const std::uint32_t index = node(n);
      if (!values.is_object()) damaged("outcomes." + n, "an object");
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
    for (const Json& s : array(j, "slas")) {
      if (!s.is_object()) damaged("slas", "a list of objects");
      const std::string name = string(s, "sla");
      auto it = std::find_if(wf_->slas.begin(), wf_->slas.end(), [&](const ir::Sla& x) { return x.name == name; });
      if (it == wf_->slas.end()) fail(fmt::format("it has SLA `{}`, which workflow `{}` no longer declares", name, wf_->name));
      SlaRun& run = st.slas[static_cast<std::size_t>(it - wf_->slas.begin())];
      run.phase = sla_phase(string(s, "phase"));
      if (!s.contains("ledger")) continue;
      constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
      constexpr std::int64_t kMax32 = std::numeric_limits<std::int32_t>::max();
      constexpr std::int64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();
      run.business = boolean(s, "business");
      run.breached = boolean(s, "breached");
      run.level = static_cast<std::int32_t>(integer(s, "level", 0, kMax32));
      run.generation = static_cast<std::uint32_t>(integer(s, "generation", 0, kMaxU32));
      run.round = static_cast<std::uint32_t>(integer(s, "round", 0, kMaxU32));
      run.target = duration(member(s, "target"));
      run.budget = integer(s, "budget", 0, kMax);
      run.elapsed = integer(s, "elapsed", 0, kMax);
      run.clock_elapsed = integer(s, "clock_elapsed", 0, kMax);
      run.since = time(member(s, "since"), "since");
      run.changed = time(member(s, "changed"), "changed");
      run.started = time(member(s, "started"), "started");
      run.ended = time(member(s, "ended"), "ended");
      read_fired(s, *it, run);
      if (s.contains("next")) {
        run.next_at = time(s.at("next"), "next");
        run.next_generation = run.generation;
        run.scheduled = true;
      }
      for (const Json& e : array(s, "ledger")) {
        if (!e.is_object()) damaged("ledger", "a list of objects");
        run.ledger.push_back({sla_event(string(e, "kind")), time(member(e, "at"), "ledger.at"),
                              integer(e, "amount", 0, kMax), static_cast<std::int32_t>(integer(e, "level", 0, kMax32))});
      }
    }
  }

  // Format 1 kept fired marks as bits by position; format 2 names them, so that a version whose SLA
  // lists its marks in another order still knows which have fired.
  void read_fired(const Json& s, const ir::Sla& sla, SlaRun& run) const {
    const std::vector<SlaMark> marks = sla_marks(sla);
    if (format_ == 1) {
      run.fired = static_cast<std::uint32_t>(integer(s, "fired", 0, std::numeric_limits<std::uint32_t>::max()));
      return;
    }
    run.fired = 0;
    for (const Json& f : array(s, "fired")) {
      const std::string name = text_of(f, "fired");
      for (std::size_t m = 0; m < marks.size() && m < 32; ++m) {
        if (sla_mark_name(sla, marks, m) == name) run.fired |= 1U << m;
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

  Instant time(const Json& j, std::string_view field) const {
    Instant out;
    std::string error;
    if (!j.is_string()) damaged(field, "a UTC time such as 2025-09-26T01:00:00Z");
    const std::string text = j.get<std::string>();
    if (text.empty() || text.back() != 'Z' || !parse_instant(text.substr(0, text.size() - 1), "Z", out, error)) {
      damaged(field, "a UTC time such as 2025-09-26T01:00:00Z");
    }
    return out;
  }

  Duration duration(const Json& j) const {
    try {
      return value_from_json(j, Type::duration(), "target").as_duration();
    } catch (const ValueError& e) {
      fail(fmt::format("{}: the store is damaged", e.what()));
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
  int format_ = kNewestFormat;
};

const char* kind_name(ir::NodeKind k) {
  switch (k) {
    case ir::NodeKind::start: return "the start";
    case ir::NodeKind::step: return "a step";
    case ir::NodeKind::wait: return "a wait";
    case ir::NodeKind::parallel: return "a parallel split";
    case ir::NodeKind::join: return "a join";
    case ir::NodeKind::end: return "an end";
  }
  return "a node";
}

}  // namespace

InstanceState decode_snapshot(InstanceId id, std::string_view snapshot, const ir::Module& module) {
  try {
    return Reader(id, module).read(snapshot);
  } catch (const nlohmann::json::exception& e) {
    throw EngineError(fmt::format("cannot read instance {} from the store: its snapshot has a part of the wrong kind ({}): "
                                  "the store is damaged",
                                  id, e.what()));
  }
}

InstanceState migrate_state(const InstanceState& st, const VersionRuntime& from, const VersionRuntime& to) {
  const ir::Workflow& old_wf = from.program->module().workflows.at(st.workflow);
  InstanceState moved;
  try {
    moved = decode_snapshot(st.id, encode_snapshot(st, old_wf), to.program->module());
  } catch (const EngineError& e) {
    std::string why = e.what();
    const std::string prefix = fmt::format("cannot read instance {} from the store: ", st.id);
    if (why.starts_with(prefix)) why = why.substr(prefix.size());
    throw EngineError(fmt::format("instance {} cannot move from program version {} to {}: {}", st.id, from.version,
                                  to.version, why));
  }
  const ir::Workflow& new_wf = to.program->module().workflows.at(moved.workflow);
  for (std::uint32_t a : st.active) {
    const ir::Node& was = old_wf.nodes[a];
    const ir::Node& is = new_wf.nodes[*new_wf.find_node(was.name)];
    if (was.kind != is.kind) {
      throw EngineError(fmt::format("instance {} cannot move from program version {} to {}: it is at `{}`, which is {} "
                                    "there and {} here",
                                    st.id, from.version, to.version, was.name, kind_name(is.kind), kind_name(was.kind)));
    }
  }
  moved.version = to.version;
  return moved;
}

}  // namespace docket::detail
