// compile(): parse every file, then check them together into one ir::Module.
#include "docket/dsl/compile.hpp"

#include <fmt/format.h>

#include "check/checker.hpp"
#include "parse/parse.hpp"

namespace docket::dsl {

std::optional<ir::Module> compile(const SourceSet& sources, const FunctionRegistry& functions,
                                  Diagnostics& diagnostics) {
  std::vector<ast::File> files;
  files.reserve(sources.size());
  for (std::uint32_t id = 1; id <= sources.size(); ++id) files.push_back(parse_file(sources, id, diagnostics));
  Checker checker(sources, functions, diagnostics);
  checker.check(FileRefs(files.begin(), files.end()));
  if (diagnostics.has_errors()) return std::nullopt;
  return checker.take_module();
}

bool check_cost_budget(const ir::Module& module, std::uint64_t budget, Diagnostics& diagnostics) {
  bool fits = true;
  for (const ir::Decision& d : module.decisions) {
    if (d.worst_case_cost <= budget) continue;
    fits = false;
    diagnostics.error("D0430", d.range,
                      fmt::format("`{}` may take up to {} evaluation steps per call, above the budget of {}", d.name,
                                  d.worst_case_cost, budget),
                      "split it, or simplify the decisions it calls; the budget is set with --max-cost");
  }
  return fits;
}

}  // namespace docket::dsl
