// The words the grammar reserves: no name may be one of them (contextual words such as `target` are not here).
#pragma once

#include <array>

namespace docket::dsl {

inline constexpr std::array<const char*, 28> kReservedWords = {
    "module", "import", "enum",  "record", "decision", "table",  "workflow", "test", "hit",
    "rule",   "when",   "then",  "otherwise", "step",  "wait",   "end",      "flow", "by",
    "within", "outcome", "on",   "and",    "or",       "not",    "in",       "true", "false",
    "none"};

}  // namespace docket::dsl
