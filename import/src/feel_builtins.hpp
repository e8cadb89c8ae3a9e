// FEEL's functions that docket has built in (min, max, sum, count, abs, floor, ceiling, decimal, string): their docket types.
#pragma once

#include <span>
#include <string>

#include "feel_translate.hpp"

namespace docket::dmn {

// Whether `name` is one of them.
[[nodiscard]] bool is_feel_builtin(const std::string& name);

// The docket type of `name(args)`, typed as docket's checker types the call (docs/language.md, "Built-in
// functions"); throws Refused ("FEEL function") for a call docket would refuse or answer differently.
[[nodiscard]] DType builtin_type(const std::string& name, std::span<const Feel> args);

}  // namespace docket::dmn
