// Trace entries as the CLI prints them: one aligned line for a person, or one JSON object.
#pragma once

#include <string>
#include <string_view>

#include "docket/core/engine.hpp"

namespace docket::cli {

// "deadline missed" for TraceKind::deadline_missed: the kind's name with spaces.
[[nodiscard]] std::string trace_kind_text(TraceKind kind);
// "2025-09-26 09:00 (Fri)  A1   entered          accept            role counter; within 2h, due ..."
[[nodiscard]] std::string trace_line(const TraceEntry& t, std::string_view zone, std::string_view label);
// {"at": ..., "ticket": label, "kind": ..., "node": ..., "detail": ..., "due": ...}, times in RFC 3339
// ("2025-09-26T09:00:00+08:00") in `zone`.
[[nodiscard]] std::string trace_json(const TraceEntry& t, std::string_view zone, std::string_view label);

}  // namespace docket::cli
