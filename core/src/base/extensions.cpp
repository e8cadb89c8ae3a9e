// The calendar and event-sink registries.
#include "docket/core/extensions.hpp"

#include <algorithm>

namespace docket {

bool CalendarRegistry::add(CalendarProvider provider) {
  std::string name = provider.name;
  return calendars_.try_emplace(std::move(name), std::move(provider)).second;
}

const CalendarProvider* CalendarRegistry::find(std::string_view name) const {
  auto it = calendars_.find(name);
  return it == calendars_.end() ? nullptr : &it->second;
}

std::vector<std::string> CalendarRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, provider] : calendars_) out.push_back(name);
  return out;
}

bool EventSinkRegistry::add(EventSink sink) {
  if (std::any_of(sinks_.begin(), sinks_.end(), [&](const EventSink& s) { return s.name == sink.name; })) {
    return false;
  }
  sinks_.push_back(std::move(sink));
  return true;
}

void EventSinkRegistry::publish(const TraceEntry& entry) const {
  for (const EventSink& sink : sinks_) sink.receive(entry);
}

std::vector<std::string> EventSinkRegistry::names() const {
  std::vector<std::string> out;
  for (const EventSink& sink : sinks_) out.push_back(sink.name);
  return out;
}

}  // namespace docket
