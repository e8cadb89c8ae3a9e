// Reading a simulation profile with TOML++: strict keys, typed values, errors at file:line:column.
#include "cli/sim_profile.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <set>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "toml_support.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/json_value.hpp"

namespace docket::cli {

// The host library's TOML helpers (sdk/host/src/toml_support.hpp).
using host::only_keys;
using host::read_toml_file;
using host::sub_table;
using host::where;

namespace {

struct ProfileError {
  std::string message;
};

class Reader {
 public:
  Reader(std::filesystem::path file, const Program& program, std::string zone)
      : file_(std::move(file)), program_(program), zone_(std::move(zone)) {}

  [[noreturn]] void fail(const toml::node& at, const std::string& why) const {
    throw ProfileError{fmt::format("{}: error: {}", where(file_, at), why)};
  }

  void keys(const toml::table& t, std::string_view name, const std::set<std::string, std::less<>>& allowed) const {
    std::string error;
    if (!only_keys(file_, t, name, allowed, error)) throw ProfileError{error};
  }

  const toml::table& table(const toml::node& n, std::string_view what) const {
    if (const toml::table* t = n.as_table()) return *t;
    fail(n, fmt::format("`{}` must be a table", what));
  }

  void read(const toml::table& sim, sim::Profile& out, ProfileInfo& info) const {
    keys(sim, "[simulate]", {"days", "seed", "start", "workflows"});
    const toml::node* start = sim.get("start");
    if (start == nullptr) fail(sim, "[simulate] needs `start`, the first day of the period, e.g. start = \"2025-09-01\"");
    std::string date;
    if (auto d = start->value_exact<toml::date>()) {
      date = fmt::format("{:04}-{:02}-{:02}", d->year, d->month, d->day);
    } else if (auto s = start->value_exact<std::string>()) {
      date = *s;
    } else {
      fail(*start, "`start` must be a date such as 2025-09-01");
    }
    Instant first;
    std::string why;
    if (date.size() != 10 || !parse_instant(date + "T00:00", zone_, first, why)) {
      fail(*start, fmt::format("`start` = \"{}\" is not a date; write 2025-09-01", date));
    }
    info.start = date;
    info.days = integer(sim, "days", 1, 3660, 30);
    info.seed = static_cast<std::uint64_t>(integer(sim, "seed", 0, INT64_MAX, 1));
    out.seed = info.seed;
    // Local midnights: days are counted on the civil calendar, then read in the zone.
    auto civil = std::chrono::sys_days(std::chrono::floor<std::chrono::days>(first + std::chrono::hours(12)));
    for (std::int64_t i = 0; i < info.days; ++i) {
      std::chrono::year_month_day ymd{civil + std::chrono::days(i)};
      std::string text = fmt::format("{:04}-{:02}-{:02}T00:00", static_cast<int>(ymd.year()),
                                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
      Instant midnight;
      if (!parse_instant(text, zone_, midnight, why)) fail(*start, why);
      out.days.push_back(midnight);
    }
    const toml::node* workflows = sim.get("workflows");
    if (workflows == nullptr || workflows->as_table() == nullptr || workflows->as_table()->empty()) {
      fail(sim, "[simulate] needs at least one [simulate.workflows.NAME] table");
    }
    for (const auto& [name, node] : *workflows->as_table()) {
      out.workflows.push_back(workflow(std::string(name.str()), table(node, name.str())));
    }
  }

 private:
  std::int64_t integer(const toml::table& t, std::string_view key, std::int64_t min, std::int64_t max,
                       std::int64_t fallback) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    auto v = n->value_exact<std::int64_t>();
    if (!v || *v < min || *v > max) fail(*n, fmt::format("`{}` must be a whole number from {} to {}", key, min, max));
    return *v;
  }

  double number(const toml::node& n, std::string_view key, double min, double max) const {
    std::optional<double> v;
    if (auto i = n.value_exact<std::int64_t>()) v = static_cast<double>(*i);
    if (auto d = n.value_exact<double>()) v = *d;
    if (!v || !std::isfinite(*v) || *v < min || *v > max) fail(n, fmt::format("`{}` must be a number from {} to {}", key, min, max));
    return *v;
  }

  // "45min", "2h", "1d", "90s" (clock time), also "1.5h".
  double seconds(const toml::node& n, std::string_view key) const {
    auto text = n.value_exact<std::string>();
    if (text) {
      std::size_t pos = text->find_first_not_of("0123456789.");
      std::string digits = text->substr(0, pos);
      std::string unit = pos == std::string::npos ? std::string() : text->substr(pos);
      while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
      double scale = unit == "s" ? 1 : unit == "min" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
      char* end = nullptr;
      double amount = digits.empty() ? -1 : std::strtod(digits.c_str(), &end);
      if (scale > 0 && amount >= 0 && end != nullptr && *end == '\0') return amount * scale;
    }
    fail(n, fmt::format("`{}` must be a clock duration in quotes such as \"45min\", \"2h\", \"1.5d\" or \"90s\"", key));
  }

  sim::Distribution distribution(const toml::node& n, std::string_view key) const {
    sim::Distribution d;
    if (n.is_string()) {
      d.a = seconds(n, key);
      return d;
    }
    const toml::table* t = n.as_table();
    const toml::node* kind = t != nullptr ? t->get("dist") : nullptr;
    auto name = kind != nullptr ? kind->value_exact<std::string>() : std::nullopt;
    auto need = [&](std::string_view k) -> const toml::node& {
      const toml::node* v = t->get(k);
      if (v == nullptr) fail(n, fmt::format("`{}`: a {} distribution needs `{}`", key, *name, k));
      return *v;
    };
    if (name == "fixed") {
      keys(*t, key, {"dist", "value"});
      d.a = seconds(need("value"), "value");
    } else if (name == "uniform") {
      keys(*t, key, {"dist", "min", "max"});
      d.kind = sim::Distribution::Kind::uniform;
      d.a = seconds(need("min"), "min");
      d.b = seconds(need("max"), "max");
      if (d.b < d.a) fail(n, fmt::format("`{}`: `max` is less than `min`", key));
    } else if (name == "exponential") {
      keys(*t, key, {"dist", "mean"});
      d.kind = sim::Distribution::Kind::exponential;
      d.a = seconds(need("mean"), "mean");
    } else if (name == "lognormal") {
      keys(*t, key, {"dist", "median", "p95"});
      d.kind = sim::Distribution::Kind::lognormal;
      d.a = seconds(need("median"), "median");
      d.b = seconds(need("p95"), "p95");
      if (d.a <= 0 || d.b <= d.a) fail(n, fmt::format("`{}`: a lognormal needs 0 < median < p95", key));
    } else {
      fail(n, fmt::format("`{}` must be a duration such as \"2h\", or a table with `dist` = \"fixed\", \"uniform\" "
                          "(min, max), \"exponential\" (mean) or \"lognormal\" (median, p95)",
                          key));
    }
    return d;
  }

  static nlohmann::json json(const toml::node& n) {
    if (const toml::table* t = n.as_table()) {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& [k, v] : *t) j[std::string(k.str())] = json(v);
      return j;
    }
    if (const toml::array* a = n.as_array()) {
      nlohmann::json j = nlohmann::json::array();
      for (const toml::node& v : *a) j.push_back(json(v));
      return j;
    }
    if (auto b = n.value_exact<bool>()) return *b;
    if (auto i = n.value_exact<std::int64_t>()) return *i;
    if (auto d = n.value_exact<double>()) return *d;
    if (auto s = n.value_exact<std::string>()) return *s;
    auto date = [](const toml::date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); };
    if (auto d = n.value_exact<toml::date>()) return date(*d);
    if (auto dt = n.value_exact<toml::date_time>()) {  // times as value_from_json reads them
      std::string text = fmt::format("{}T{:02}:{:02}:{:02}", date(dt->date), dt->time.hour, dt->time.minute, dt->time.second);
      if (dt->offset) {
        int m = dt->offset->minutes;
        text += m == 0 ? std::string("Z") : fmt::format("{}{:02}:{:02}", m < 0 ? '-' : '+', std::abs(m) / 60, std::abs(m) % 60);
      }
      return text;
    }
    return nullptr;  // a local time alone: value_from_json says what it expected
  }

  Value typed(const toml::node& n, const Type& type, const std::string& name) const {
    try {
      return value_from_json(json(n).dump(), type, name);
    } catch (const ValueError& e) {
      fail(n, e.what());
    }
  }

  sim::WorkflowPlan workflow(std::string name, const toml::table& t) const {
    const ir::Workflow* wf = program_.module().find_workflow(name);
    if (wf == nullptr) fail(t, fmt::format("[simulate.workflows.{}]: the program has no workflow `{}`", name, name));
    keys(t, fmt::format("[simulate.workflows.{}]", name), {"arrivals", "hours", "inputs", "segment", "steps", "tickets_per_day", "updates"});
    sim::WorkflowPlan plan;
    plan.workflow = name;
    const toml::node* tpd = t.get("tickets_per_day");
    if (tpd == nullptr) fail(t, fmt::format("[simulate.workflows.{}] needs `tickets_per_day`", name));
    plan.tickets_per_day = number(*tpd, "tickets_per_day", 0, 1e7);
    if (const toml::node* a = t.get("arrivals")) {
      auto s = a->value_exact<std::string>();
      if (s == "uniform") plan.arrivals = sim::Arrivals::uniform;
      else if (s == "poisson") plan.arrivals = sim::Arrivals::poisson;
      else fail(*a, "`arrivals` must be \"uniform\" (exactly tickets_per_day a day) or \"poisson\"");
    }
    if (const toml::node* h = t.get("hours")) hours(*h, plan);
    if (const toml::node* s = t.get("segment")) {
      plan.segment = segment(*s);
      try {
        sim::check_segment_rule(program_, name, plan.segment);
      } catch (const sim::SimError& e) {
        fail(*s, e.what());
      }
    }
    const toml::array* inputs = t.get("inputs") != nullptr ? t.get("inputs")->as_array() : nullptr;
    if (inputs == nullptr || inputs->empty()) {
      fail(t, fmt::format("[simulate.workflows.{}] needs inputs: [[simulate.workflows.{}.inputs]] with weight and one "
                          "key per parameter ({})",
                          name, name, wf->params.empty() ? std::string("none") : wf->params.front().name));
    }
    for (const toml::node& in : *inputs) plan.inputs.push_back(input(*wf, table(in, "inputs")));
    if (const toml::node* updates = t.get("updates")) {
      const toml::array* a = updates->as_array();
      if (a == nullptr) {
        fail(*updates, "`updates` must be a list of tables, e.g. [{ path = \"c.level\", value = \"serious\", "
                       "probability = 0.05, after = \"1d\" }]");
      }
      for (const toml::node& u : *a) plan.updates.push_back(update(*wf, table(u, "updates")));
    }
    if (const toml::node* steps = t.get("steps")) {
      for (const auto& [step, node] : table(*steps, "steps")) plan.steps.push_back(step_plan(*wf, std::string(step.str()), node));
    }
    return plan;
  }

  void hours(const toml::node& h, sim::WorkflowPlan& plan) const {
    const toml::array* a = h.as_array();
    auto minute = [&](const toml::node* n) -> int {
      auto s = n != nullptr ? n->value_exact<std::string>() : std::nullopt;
      if (!s || s->size() != 5 || (*s)[2] != ':') return -1;
      int hh = std::atoi(s->substr(0, 2).c_str());
      int mm = std::atoi(s->substr(3, 2).c_str());
      return hh > 24 || mm > 59 || (hh == 24 && mm > 0) ? -1 : hh * 60 + mm;
    };
    int from = a != nullptr && a->size() == 2 ? minute(a->get(0)) : -1;
    int to = a != nullptr && a->size() == 2 ? minute(a->get(1)) : -1;
    if (from < 0 || to <= from) fail(h, "`hours` must be the daily window for arrivals, e.g. hours = [\"08:30\", \"17:30\"]");
    plan.window_from = std::chrono::minutes(from);
    plan.window_to = std::chrono::minutes(to);
  }

  sim::SegmentRule segment(const toml::node& n) const {
    auto s = n.value_exact<std::string>();
    std::optional<sim::SegmentRule> rule = s ? sim::parse_segment_rule(*s) : std::nullopt;
    if (!rule) {
      fail(n, "`segment` must be a field path such as \"f.customer.area\", or a decision on one such as "
              "\"segment(app.customer)\"");
    }
    return *rule;
  }

  // { path = "c.level", value = "serious", probability = 0.05, after = "1d" }: the value is typed by
  // the field at the path.
  sim::UpdatePlan update(const ir::Workflow& wf, const toml::table& t) const {
    keys(t, "an update", {"after", "path", "probability", "value"});
    sim::UpdatePlan u;
    const toml::node* path = t.get("path");
    auto text = path != nullptr ? path->value_exact<std::string>() : std::nullopt;
    if (!text) fail(t, "an update needs `path`, the field that changes, e.g. path = \"c.level\"");
    for (std::size_t at = 0;;) {
      std::size_t dot = text->find('.', at);
      u.path.push_back(text->substr(at, dot == std::string::npos ? std::string::npos : dot - at));
      if (dot == std::string::npos) break;
      at = dot + 1;
    }
    const ir::Param* param = nullptr;
    for (const ir::Param& p : wf.params) {
      if (p.name == u.path.front()) param = &p;
    }
    if (param == nullptr) fail(*path, fmt::format("workflow {} has no parameter `{}`", wf.name, u.path.front()));
    Type type = param->type;
    for (std::size_t i = 1; i < u.path.size(); ++i) {
      const RecordDef* def = type.record_def();
      std::optional<std::uint32_t> f = def != nullptr ? def->find(u.path[i]) : std::nullopt;
      if (!f) fail(*path, fmt::format("`{}`: {} has no field `{}`", *text, type.name(), u.path[i]));
      type = def->fields[*f].type;
    }
    const toml::node* value = t.get("value");
    if (value == nullptr) fail(t, fmt::format("an update needs `value`, the new value of `{}` ({})", *text, type.name()));
    u.value = typed(*value, type, *text);
    const toml::node* p = t.get("probability");
    if (p == nullptr) fail(t, "an update needs `probability` (0 to 1)");
    u.probability = number(*p, "probability", 0, 1);
    const toml::node* after = t.get("after");
    if (after == nullptr) fail(t, "an update needs `after`, its delay from the ticket's start, e.g. after = \"1d\"");
    u.after = distribution(*after, "after");
    return u;
  }

  sim::InputChoice input(const ir::Workflow& wf, const toml::table& t) const {
    sim::InputChoice in;
    std::set<std::string, std::less<>> allowed = {"weight"};
    for (const ir::Param& p : wf.params) allowed.insert(p.name);
    keys(t, fmt::format("an input of {}", wf.name), allowed);
    if (const toml::node* w = t.get("weight")) in.weight = number(*w, "weight", 1e-9, 1e12);
    for (const ir::Param& p : wf.params) {
      const toml::node* v = t.get(p.name);
      if (v == nullptr) fail(t, fmt::format("an input of {} has no `{}` ({} : {})", wf.name, p.name, p.name, p.type.name()));
      in.args.push_back(typed(*v, p.type, p.name));
    }
    return in;
  }

  sim::StepPlan step_plan(const ir::Workflow& wf, std::string name, const toml::node& node) const {
    const toml::table& t = table(node, name);
    std::optional<std::uint32_t> index = wf.find_node(name);
    if (!index || wf.nodes[*index].kind != ir::NodeKind::step) {
      std::string steps;
      for (const ir::Node& n : wf.nodes) {
        if (n.kind == ir::NodeKind::step) steps += (steps.empty() ? "" : ", ") + n.name;
      }
      fail(t, fmt::format("workflow {} has no step `{}`; its steps: {}", wf.name, name, steps));
    }
    const ir::Node& step = wf.nodes[*index];
    keys(t, fmt::format("[simulate.workflows.{}.steps.{}]", wf.name, name), {"duration", "events", "outcomes"});
    sim::StepPlan plan;
    plan.step = name;
    const toml::node* duration = t.get("duration");
    if (duration == nullptr) fail(t, fmt::format("step `{}` needs `duration`, e.g. duration = \"2h\"", name));
    plan.duration = distribution(*duration, "duration");
    if (const toml::node* outcomes = t.get("outcomes")) {
      const toml::array* a = outcomes->as_array();
      if (a == nullptr) fail(*outcomes, "`outcomes` must be a list of tables, e.g. [{ weight = 9, feasible = true }]");
      for (const toml::node& c : *a) plan.outcomes.push_back(outcome(wf, step, table(c, "outcomes")));
    } else if (!step.outcomes.empty()) {
      fail(t, fmt::format("step `{}` has outcomes ({}), so give `outcomes`, e.g. outcomes = [{{ weight = 9, {} = ... }}]",
                          name, step.outcomes.front().name, step.outcomes.front().name));
    }
    if (const toml::node* events = t.get("events")) {
      const toml::array* a = events->as_array();
      if (a == nullptr) fail(*events, "`events` must be a list of tables, e.g. [{ signal = \"customer_pending\", probability = 0.2, after = \"4h\" }]");
      for (const toml::node& e : *a) plan.events.push_back(event(table(e, "events")));
    }
    return plan;
  }

  sim::OutcomeChoice outcome(const ir::Workflow& wf, const ir::Node& step, const toml::table& t) const {
    sim::OutcomeChoice c;
    std::set<std::string, std::less<>> allowed = {"weight"};
    for (const ir::Outcome& o : step.outcomes) allowed.insert(o.name);
    keys(t, fmt::format("an outcome choice of {}.{}", wf.name, step.name), allowed);
    if (const toml::node* w = t.get("weight")) c.weight = number(*w, "weight", 1e-9, 1e12);
    for (const ir::Outcome& o : step.outcomes) {
      const toml::node* v = t.get(o.name);
      if (v == nullptr) fail(t, fmt::format("this outcome choice gives no `{}` ({} : {})", o.name, o.name, o.type.name()));
      c.outcomes.emplace(o.name, typed(*v, o.type, o.name));
    }
    return c;
  }

  sim::EventPlan event(const toml::table& t) const {
    keys(t, "an event", {"after", "probability", "signal", "then", "then_after"});
    sim::EventPlan e;
    auto text = [&](std::string_view key) {
      const toml::node* n = t.get(key);
      auto s = n != nullptr ? n->value_exact<std::string>() : std::nullopt;
      if (n != nullptr && (!s || s->empty())) fail(*n, fmt::format("`{}` must be an event name in quotes", key));
      return s.value_or("");
    };
    e.signal = text("signal");
    if (e.signal.empty()) fail(t, "an event needs `signal`, the event's name, e.g. signal = \"customer_pending\"");
    const toml::node* p = t.get("probability");
    if (p == nullptr) fail(t, "an event needs `probability` (0 to 1)");
    e.probability = number(*p, "probability", 0, 1);
    const toml::node* after = t.get("after");
    if (after == nullptr) fail(t, "an event needs `after`, the delay from entering the step, e.g. after = \"4h\"");
    e.after = distribution(*after, "after");
    e.then = text("then");
    if (const toml::node* ta = t.get("then_after")) {
      if (e.then.empty()) fail(*ta, "`then_after` goes with `then`");
      e.then_after = distribution(*ta, "then_after");
    } else if (!e.then.empty()) {
      fail(t, "`then` needs `then_after`, its delay after the first event");
    }
    return e;
  }

  std::filesystem::path file_;
  const Program& program_;
  std::string zone_;
};

}  // namespace

bool has_profile(const std::filesystem::path& path) {
  std::string error;
  std::optional<toml::table> root = read_toml_file(path, "the profile", error);
  return root && root->get("simulate") != nullptr;
}

bool load_profile(const std::filesystem::path& path, const Program& program, const std::string& zone,
                  sim::Profile& out, ProfileInfo& info, std::string& error) {
  std::optional<toml::table> root = read_toml_file(path, "the profile", error);
  if (!root) return false;
  const toml::table* sim = nullptr;
  if (!sub_table(path, *root, "simulate", sim, error)) return false;
  if (sim == nullptr) {
    error = fmt::format("{}: error: no [simulate] table\n  hint: see docs/simulate.md for the profile format", path.string());
    return false;
  }
  try {
    Reader(path, program, zone).read(*sim, out, info);
  } catch (const ProfileError& e) {
    error = e.message;
    return false;
  }
  return true;
}

}  // namespace docket::cli
