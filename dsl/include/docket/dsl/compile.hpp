// The dsl front end's one entry point: .dkt sources in, a checked ir::Module (or diagnostics) out.
//
// Parsing (Spirit X3) and checking are internal to the dsl library; nothing from Boost appears
// here. User mistakes come back as diagnostics, never as exceptions.
#pragma once

#include <optional>

#include "docket/core/diagnostic.hpp"
#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"
#include "docket/core/source.hpp"

namespace docket::dsl {

// Parses and checks every file of `sources` as one program. Calls to host and plugin functions
// are type-checked against `functions`. Returns the module when there was no error (warnings
// are allowed); every problem found, in every file, is in `diagnostics`.
std::optional<ir::Module> compile(const SourceSet& sources, const FunctionRegistry& functions,
                                  Diagnostics& diagnostics);

// Reports D0430 for every decision whose worst-case cost (Decision::worst_case_cost, steps per
// call) exceeds `budget`, so a host can refuse programs that could be too slow. Returns true
// when all fit.
bool check_cost_budget(const ir::Module& module, std::uint64_t budget, Diagnostics& diagnostics);

}  // namespace docket::dsl
