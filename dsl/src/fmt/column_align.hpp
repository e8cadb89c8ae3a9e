// Runs of similar statements aligned in columns, as analysts lay them out by hand.
#pragma once

#include <vector>

#include "fmt/layout.hpp"

namespace docket::dsl::fmt {

// Aligns consecutive lines of the same kind and indentation (blank lines end a run; comment and
// continuation lines do not) at their anchors, each anchor starting in one column:
// - rules: `then`;
// - steps and waits: the label, `by`, `within`, `outcome`;
// - fields and one-per-line parameters (`name : type`): the `:`, so they read `name : type`;
// - flow lines (`a -> b`): the guard (`when`, `otherwise`, `on`);
// - SLA warnings and breach: `->`.
// The anchors are columns of a table: each starts one space past the widest text before it, and a
// line without an anchor has an empty cell there when a later anchor follows. So one long line
// moves the whole run.
void align_statements(std::vector<Line>& lines);

}  // namespace docket::dsl::fmt
