// Generated arrivals: tickets per workflow and day, step durations, outcomes and events drawn.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "docket/core/json_value.hpp"
#include "sim/driver.hpp"
#include "sim/random.hpp"
#include "lower/program_evaluators.hpp"
#include "sim/segment.hpp"

namespace docket::sim {

namespace {

using detail::Pending;
using detail::Rng;

// Kinds of pending operations and the purposes that key random streams.
enum Kind : std::uint16_t { arrive, complete_step, first_event, then_event, update };
enum Purpose : std::uint64_t {
  arrivals_of_day = 1, input_of_ticket, duration, outcome, event_chance, event_delay, then_delay, update_chance,
  update_delay
};

constexpr std::uint32_t kMaxVisits = 1000;  // of one step by one ticket

struct Arrival {
  Instant at;
  std::uint32_t plan = 0;
  std::uint32_t day = 0;
  std::uint32_t k = 0;
};

// A workflow plan resolved against the program: node index to step plan, the workflow's index.
struct Resolved {
  std::size_t workflow = 0;
  std::vector<std::int32_t> plan_of_node;  // -1: not in the profile (completes at once, no outcomes)
  std::vector<std::uint64_t> node_hash;
  std::vector<std::string> segments;       // per input choice
};

std::vector<Resolved> resolve(const Program& program, const Profile& profile, const docket::detail::Evaluator& evaluator) {
  const ir::Module& module = program.module();
  std::vector<Resolved> out;
  for (const WorkflowPlan& plan : profile.workflows) {
    const ir::Workflow* wf = module.find_workflow(plan.workflow);
    if (wf == nullptr) throw SimError(fmt::format("the profile names workflow `{}`, which is not in the program", plan.workflow));
    Resolved& r = out.emplace_back();
    r.workflow = static_cast<std::size_t>(wf - module.workflows.data());
    r.plan_of_node.assign(wf->nodes.size(), -1);
    for (const ir::Node& n : wf->nodes) r.node_hash.push_back(detail::name_hash(n.name));
    for (std::size_t s = 0; s < plan.steps.size(); ++s) {
      std::optional<std::uint32_t> node = wf->find_node(plan.steps[s].step);
      if (!node || wf->nodes[*node].kind != ir::NodeKind::step) {
        throw SimError(fmt::format("the profile of {} names step `{}`, which is not a step of the workflow", wf->name,
                                   plan.steps[s].step));
      }
      const ir::Node& n = wf->nodes[*node];
      for (const OutcomeChoice& c : plan.steps[s].outcomes) {
        for (const auto& entry : c.outcomes) {
          const auto& name = entry.first;  // a structured binding cannot be captured by clang 14 (the fuzz build)
          auto it = std::find_if(n.outcomes.begin(), n.outcomes.end(), [&](const ir::Outcome& o) { return o.name == name; });
          if (it == n.outcomes.end()) {
            throw SimError(fmt::format("step {}.{} has no outcome `{}`", wf->name, n.name, name));
          }
        }
        for (const ir::Outcome& o : n.outcomes) {
          if (c.outcomes.count(o.name) == 0) {
            throw SimError(fmt::format("an outcome choice of step {}.{} gives no value for outcome `{}`", wf->name, n.name, o.name));
          }
        }
      }
      r.plan_of_node[*node] = static_cast<std::int32_t>(s);
    }
    for (std::uint32_t i = 0; i < wf->nodes.size(); ++i) {
      if (wf->nodes[i].kind == ir::NodeKind::step && r.plan_of_node[i] < 0 && !wf->nodes[i].outcomes.empty()) {
        throw SimError(fmt::format("step {}.{} has outcomes, so the profile must list it with outcome choices", wf->name,
                                   wf->nodes[i].name));
      }
    }
    detail::check_segment_rule(program, *wf, plan.segment);
    for (const InputChoice& in : plan.inputs) {
      if (in.args.size() != wf->params.size()) {
        throw SimError(fmt::format("an input of {} gives {} arguments; the workflow takes {}", wf->name, in.args.size(),
                                   wf->params.size()));
      }
      r.segments.push_back(detail::segment_of(evaluator, *wf, plan.segment, in.args));
    }
    if (plan.inputs.empty()) throw SimError(fmt::format("the profile of {} has no inputs", wf->name));
  }
  return out;
}

std::vector<Arrival> arrivals(const Profile& profile) {
  std::vector<Arrival> out;
  for (std::uint32_t p = 0; p < profile.workflows.size(); ++p) {
    const WorkflowPlan& plan = profile.workflows[p];
    const double window = static_cast<double>((plan.window_to - plan.window_from).count());
    for (std::uint32_t d = 0; d < profile.days.size(); ++d) {
      Rng rng(profile.seed, arrivals_of_day, p, d);
      std::uint64_t count = 0;
      if (plan.arrivals == Arrivals::poisson) {
        count = detail::poisson(plan.tickets_per_day, rng);
      } else {
        double whole = std::floor(plan.tickets_per_day);
        count = static_cast<std::uint64_t>(whole) + (rng.uniform() < plan.tickets_per_day - whole ? 1 : 0);
      }
      for (std::uint32_t k = 0; k < count; ++k) {
        auto offset = std::chrono::seconds(static_cast<std::int64_t>(rng.uniform() * window));
        out.push_back(Arrival{profile.days[d] + plan.window_from + offset, p, d, k});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Arrival& a, const Arrival& b) { return a.at < b.at; });
  return out;
}

// `value` with the field at path[depth..] replaced by `field` (records are shared, so copied).
Value with_field(const Value& value, const std::vector<std::string>& path, std::size_t depth, const Value& field) {
  if (depth == path.size()) return field;
  const RecordValue& record = value.as_record();
  auto copy = std::make_shared<RecordValue>(record);
  std::optional<std::uint32_t> f = record.def->find(path[depth]);
  if (!f) throw SimError(fmt::format("update path: record {} has no field `{}`", record.def->name, path[depth]));
  copy->fields[*f] = with_field(record.fields[*f], path, depth + 1, field);
  return Value(Value::Record(std::move(copy)));
}

std::chrono::seconds seconds_of(double s) { return std::chrono::seconds(static_cast<std::int64_t>(std::llround(s))); }

}  // namespace

Result simulate(const std::shared_ptr<const Program>& program, const CalendarRegistry* calendars, const Profile& profile,
                EvalMode mode) {
  if (profile.days.empty()) throw SimError("the profile's period has no days");
  const std::shared_ptr<const docket::detail::Evaluator> evaluator = docket::detail::shared_evaluator(program, mode);
  const std::vector<Resolved> resolved = resolve(*program, profile, *evaluator);
  const std::vector<Arrival> planned = arrivals(profile);
  const ir::Module& module = program->module();

  detail::Driver driver(program, calendars, profile.days.front(), mode);
  std::vector<std::uint32_t> plan_of_ticket;
  std::vector<std::vector<Value>> args_of_ticket;  // as last updated
  std::vector<std::uint32_t> per_plan(profile.workflows.size(), 0);
  for (const Arrival& a : planned) {
    std::uint32_t n = ++per_plan[a.plan];
    std::uint32_t ticket = driver.add_ticket(fmt::format("{}-{}", profile.workflows[a.plan].workflow, n));
    plan_of_ticket.push_back(a.plan);
    driver.schedule(Pending{a.at, 0, ticket, a.plan, 0, arrive, 0});
  }

  // An instance a `repeat` series started is a ticket of the same plan as the one before it.
  driver.on_ticket_repeated = [&](std::uint32_t ticket, std::uint32_t parent) {
    if (plan_of_ticket.size() <= ticket) plan_of_ticket.resize(ticket + 1, 0);
    plan_of_ticket[ticket] = plan_of_ticket[parent];
  };
  driver.on_step_entered = [&](std::uint32_t ticket, std::uint32_t node, std::uint32_t visit) {
    // A loop the profile's outcomes never leave would run for ever: the ticket is left open there.
    if (visit > kMaxVisits) return;
    const std::uint32_t p = plan_of_ticket[ticket];
    const Resolved& r = resolved[p];
    const std::int32_t s = r.plan_of_node[node];
    if (s < 0) {
      driver.push(Pending{driver.now(), 0, ticket, node, visit, complete_step, 0});
      return;
    }
    const StepPlan& step = profile.workflows[p].steps[static_cast<std::size_t>(s)];
    Rng rng(profile.seed, ticket, r.node_hash[node], visit, duration);
    driver.push(Pending{driver.now() + seconds_of(detail::draw(step.duration, rng)), 0, ticket, node, visit, complete_step, 0});
    // Events interrupt a step's first visit only: a step entered again after its event (the customer
    // came back) is not interrupted again, so a probability of 1 cannot loop for ever.
    if (visit != 1) return;
    for (std::uint16_t e = 0; e < step.events.size(); ++e) {
      Rng chance(profile.seed, ticket, r.node_hash[node], visit, (std::uint64_t{e} << 8) | event_chance);
      if (chance.uniform() >= step.events[e].probability) continue;
      Rng delay(profile.seed, ticket, r.node_hash[node], visit, (std::uint64_t{e} << 8) | event_delay);
      driver.push(Pending{driver.now() + seconds_of(detail::draw(step.events[e].after, delay)), 0, ticket, node, visit,
                          first_event, e});
    }
  };

  auto signal = [&](const Pending& p, const std::string& event) {
    try {
      driver.engine().signal(driver.id(p.ticket), event);
      driver.count_op(true);
      return true;
    } catch (const EngineError&) {
      driver.count_op(false);  // not waiting for it (any more)
      return false;
    }
  };

  auto apply = [&](const Pending& p) {
    const std::uint32_t plan_index = plan_of_ticket[p.ticket];
    const WorkflowPlan& plan = profile.workflows[plan_index];
    const Resolved& r = resolved[plan_index];
    switch (p.kind) {
      case arrive: {
        Rng rng(profile.seed, input_of_ticket, p.ticket);
        std::size_t choice = detail::pick(plan.inputs, rng);
        driver.start(p.ticket, r.workflow, plan.inputs[choice].args, r.segments[choice]);
        driver.count_op(true);
        for (std::uint16_t u = 0; u < plan.updates.size(); ++u) {
          Rng chance(profile.seed, p.ticket, (std::uint64_t{u} << 8) | update_chance);
          if (chance.uniform() >= plan.updates[u].probability) continue;
          if (args_of_ticket.size() <= p.ticket) args_of_ticket.resize(plan_of_ticket.size());
          args_of_ticket[p.ticket] = plan.inputs[choice].args;
          Rng delay(profile.seed, p.ticket, (std::uint64_t{u} << 8) | update_delay);
          driver.push(Pending{driver.now() + seconds_of(detail::draw(plan.updates[u].after, delay)), 0, p.ticket, 0, 0,
                              update, u});
        }
        return;
      }
      case complete_step: {
        if (!driver.active(p.ticket, p.index, p.visit)) return;  // left by an event first
        const ir::Node& node = module.workflows[r.workflow].nodes[p.index];
        Outcomes outcomes;
        const std::int32_t s = r.plan_of_node[p.index];
        if (s >= 0 && !plan.steps[static_cast<std::size_t>(s)].outcomes.empty()) {
          const auto& choices = plan.steps[static_cast<std::size_t>(s)].outcomes;
          Rng rng(profile.seed, p.ticket, r.node_hash[p.index], p.visit, outcome);
          outcomes = choices[detail::pick(choices, rng)].outcomes;
        }
        try {
          driver.engine().complete(driver.id(p.ticket), node.name, std::move(outcomes));
          driver.count_op(true);
        } catch (const EngineError&) {
          driver.count_op(false);
        }
        return;
      }
      case first_event: {
        if (!driver.active(p.ticket, p.index, p.visit)) return;  // the step completed first
        const EventPlan& ev = plan.steps[static_cast<std::size_t>(r.plan_of_node[p.index])].events[p.extra];
        if (!signal(p, ev.signal) || ev.then.empty()) return;
        Rng delay(profile.seed, p.ticket, r.node_hash[p.index], p.visit, (std::uint64_t{p.extra} << 8) | then_delay);
        driver.push(Pending{driver.now() + seconds_of(detail::draw(ev.then_after, delay)), 0, p.ticket, p.index, p.visit,
                            then_event, p.extra});
        return;
      }
      case update: {
        if (driver.done(p.ticket)) return;
        const UpdatePlan& u = plan.updates[p.extra];
        const ir::Workflow& wf = module.workflows[r.workflow];
        std::vector<Value>& args = args_of_ticket[p.ticket];
        std::size_t param = 0;
        while (param < wf.params.size() && wf.params[param].name != u.path.front()) ++param;
        if (param == wf.params.size()) throw SimError(fmt::format("update path: {} has no parameter `{}`", wf.name, u.path.front()));
        args[param] = with_field(args[param], u.path, 1, u.value);
        try {
          driver.engine().update(driver.id(p.ticket), u.path.front(), args[param]);
          driver.count_op(true);
        } catch (const EngineError&) {
          driver.count_op(false);
        }
        return;
      }
      case then_event: {
        if (driver.done(p.ticket)) return;
        const EventPlan& ev = plan.steps[static_cast<std::size_t>(r.plan_of_node[p.index])].events[p.extra];
        (void)signal(p, ev.then);
        return;
      }
      default: return;
    }
  };
  driver.run(apply, profile.days.back() + std::chrono::hours(24));
  return driver.finish();
}

}  // namespace docket::sim
