// Which decisions may meet none (a `T or none` anywhere in them or in a decision they call): the
// compiled evaluator and the JIT leave those to the interpreter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "docket/core/ir.hpp"

namespace docket::detail {

// `memo` is per module, by decision index: 0 not yet known, 1 no, 2 yes, 3 being looked at (a call cycle,
// which the checker refuses: taken as yes).
[[nodiscard]] bool meets_none(const ir::Module& module, std::size_t decision, std::vector<std::uint8_t>& memo);

}  // namespace docket::detail
