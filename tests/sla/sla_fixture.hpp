// Test fixture: compile a workflow from .dkt text, run it on a virtual clock and a Shanghai calendar.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "compile_helper.hpp"
#include "docket/core/calendar_spec.hpp"
#include "docket/core/engine.hpp"
#include "docket/core/program.hpp"

namespace docket::test {

// Mon-Fri 08:30-12:00 and 14:00-17:30 in Shanghai; National Day 2025-10-01..10-08; make-up
// working days Sunday 2025-09-28 and Saturday 2025-10-11.
inline CalendarSpec shanghai_spec() {
  CalendarSpec spec;
  spec.name = "cn";
  spec.time_zone = "Asia/Shanghai";
  for (std::size_t i = 0; i < 5; ++i) spec.weekly[i] = {{510, 720}, {840, 1050}};
  spec.holidays = {{{2025, 10, 1}, {2025, 10, 8}}};
  spec.workdays = {{2025, 9, 28}, {2025, 10, 11}};
  return spec;
}

// "2025-09-26T16:00" in Shanghai.
inline Instant sh(const char* local) {
  Instant t;
  std::string error;
  EXPECT_TRUE(parse_instant(local, "Asia/Shanghai", t, error)) << error;
  return t;
}

class SlaTest : public ::testing::Test {
 protected:
  // Compiles `source` (a module with one workflow named `w` taking `t: Ticket`) and makes an engine.
  void load(const std::string& source) {
    testing::Compiled c = testing::compile_text(source);
    ASSERT_TRUE(c.module.has_value()) << c.text();
    Diagnostics diagnostics;
    program = Program::lower(std::move(*c.module), functions, diagnostics);
    ASSERT_NE(program, nullptr);
    std::string error;
    auto provider = make_calendar(shanghai_spec(), error);
    ASSERT_TRUE(provider.has_value()) << error;
    calendars.add(*provider);
    engine = std::make_unique<Engine>(program, clock);
    engine->use_calendars(calendars);
    engine->on_trace([this](const TraceEntry& t) { traces.push_back(t); });
    engine->on_action([this](const Action& a) { actions.push_back(a); });
  }

  Value ticket(const std::string& kind) const {
    const RecordDef* def = program->module().find_record("Ticket");
    const EnumDef* kinds = program->module().find_enum("Kind");
    auto r = std::make_shared<RecordValue>(RecordValue{def, {Value(std::string("T1")), Value(EnumValue{kinds, *kinds->find(kind)})}});
    return Value(Value::Record(std::move(r)));
  }

  InstanceId start(const char* local, const std::string& kind = "normal") {
    clock.set(sh(local));
    return engine->start("w", {ticket(kind)});
  }
  void advance(const char* local) { advance_to(*engine, clock, sh(local)); }
  void at(const char* local) { clock.set(sh(local)); }
  SlaStatus sla(InstanceId id, std::size_t i = 0) const { return engine->slas(id).at(i); }

  std::vector<const TraceEntry*> traces_of(TraceKind kind) const {
    std::vector<const TraceEntry*> out;
    for (const TraceEntry& t : traces) {
      if (t.kind == kind) out.push_back(&t);
    }
    return out;
  }

  FunctionRegistry functions;
  CalendarRegistry calendars;
  VirtualClock clock{sh("2025-09-22T09:00")};
  std::shared_ptr<const Program> program;
  std::unique_ptr<Engine> engine;
  std::vector<TraceEntry> traces;
  std::vector<Action> actions;
};

// The ticket every test workflow takes.
inline const char* const kTicket = R"(module t
enum Kind { normal, urgent }
record Ticket { id: text  kind: Kind }
decision reply_limit(k: Kind) -> duration {
  hit first
  rule when k == urgent then 4 workhours
  otherwise 2 workdays
}
)";

}  // namespace docket::test
