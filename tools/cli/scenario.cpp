// Reading scenario JSON lines strictly: every key known, times in order.
#include "cli/scenario.hpp"

#include <fmt/format.h>

#include <set>
#include <sstream>

#include "cli/standard_input.hpp"
#include "docket/core/clock.hpp"
#include "docket/core/json_depth.hpp"

namespace docket::cli {

namespace {

const std::set<std::string, std::less<>> kKeys = {"at", "start", "complete", "signal", "ticket", "input", "outcomes"};

bool read_event(const nlohmann::json& j, const std::string& zone, ScenarioEvent& ev, std::string& why) {
  if (!j.is_object()) {
    why = "each line must be a JSON object such as {\"at\": \"2025-09-26T09:00\", \"complete\": \"accept\"}";
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (kKeys.count(key) == 0) {
      why = fmt::format("unknown key `{}`; known keys: at, start, complete, signal, ticket, input, outcomes", key);
      return false;
    }
  }
  if (!j.contains("at") || !j["at"].is_string()) {
    why = "`at` is missing or not a text: give the event's time, e.g. \"at\": \"2025-09-26T09:00\"";
    return false;
  }
  std::string time_error;
  if (!parse_instant(j["at"].get<std::string>(), zone, ev.at, time_error)) {
    why = "`at`: " + time_error;
    return false;
  }
  int actions = 0;
  for (auto [key, action] : {std::pair{"start", ScenarioAction::start}, std::pair{"complete", ScenarioAction::complete},
                             std::pair{"signal", ScenarioAction::signal}}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_string()) {
      why = fmt::format("`{}` must be a text naming the {}", key,
                        action == ScenarioAction::start ? "workflow" : action == ScenarioAction::complete ? "step" : "event");
      return false;
    }
    ev.action = action;
    ev.name = j[key].get<std::string>();
    ++actions;
  }
  if (actions > 1) {
    why = "give one of `start`, `complete` or `signal` per line";
    return false;
  }
  if (j.contains("ticket")) {
    if (!j["ticket"].is_string()) {
      why = "`ticket` must be a text";
      return false;
    }
    ev.ticket = j["ticket"].get<std::string>();
  }
  const char* payload_key = ev.action == ScenarioAction::start ? "input" : "outcomes";
  const char* other_key = ev.action == ScenarioAction::start ? "outcomes" : "input";
  if (j.contains(other_key)) {
    why = fmt::format("`{}` does not belong here: `input` goes with `start`, `outcomes` with `complete`", other_key);
    return false;
  }
  if (j.contains(payload_key)) {
    if (!j[payload_key].is_object()) {
      why = fmt::format("`{}` must be an object keyed by name", payload_key);
      return false;
    }
    ev.payload = j[payload_key];
  } else {
    ev.payload = nlohmann::json::object();
  }
  return true;
}

}  // namespace

bool load_scenario(const std::string& path, const std::string& zone, std::vector<ScenarioEvent>& out,
                   std::string& error) {
  std::string all;
  if (!read_file_argument(path, all, error)) {
    error = fmt::format("{}: error: cannot open the scenario file (check the path)", shown_name(path));
    return false;
  }
  const std::string path_shown = shown_name(path);
  std::istringstream in(all);
  std::string text;
  std::size_t line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (text.find_first_not_of(" \t\r") == std::string::npos || text.rfind("//", 0) == 0) continue;
    if (json_depth(text) > kMaxJsonDepth) {
      error = fmt::format("{}:{}: error: the JSON nests more than {} levels deep (arrays and objects inside each "
                          "other)\n  hint: an event's input is a record of the workflow's parameters, a few levels deep",
                          path_shown, line_no, kMaxJsonDepth);
      return false;
    }
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) {
      error = fmt::format("{}:{}: error: not valid JSON\n  hint: each line is one JSON object", path_shown, line_no);
      return false;
    }
    ScenarioEvent ev;
    ev.line = line_no;
    std::string why;
    if (!read_event(j, zone, ev, why)) {
      error = fmt::format("{}:{}: error: {}", path_shown, line_no, why);
      return false;
    }
    if (!out.empty() && ev.at < out.back().at) {
      error = fmt::format("{}:{}: error: this event is earlier than the line before it\n  hint: list events in time order",
                          path_shown, line_no);
      return false;
    }
    out.push_back(std::move(ev));
  }
  if (out.empty()) {
    error = fmt::format("{}: error: the scenario has no events", path_shown);
    return false;
  }
  return true;
}

}  // namespace docket::cli
