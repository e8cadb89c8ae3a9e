// compile(): parse every file, then check them together into one ir::Module.
#include "docket/dsl/compile.hpp"

#include "check/checker.hpp"
#include "parse/parse.hpp"

namespace docket::dsl {

std::optional<ir::Module> compile(const SourceSet& sources, const FunctionRegistry& functions,
                                  Diagnostics& diagnostics) {
  std::vector<ast::File> files;
  files.reserve(sources.size());
  for (std::uint32_t id = 1; id <= sources.size(); ++id) files.push_back(parse_file(sources, id, diagnostics));
  Checker checker(sources, functions, diagnostics);
  checker.check(files);
  if (diagnostics.has_errors()) return std::nullopt;
  return checker.take_module();
}

}  // namespace docket::dsl
