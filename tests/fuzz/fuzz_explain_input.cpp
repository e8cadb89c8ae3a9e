// libFuzzer target: arbitrary bytes as `docket explain --input` JSON for table `priority` and
// decisions `segment` and `tagged` of the fuzz program: arguments converted, explained, and rendered as JSON,
// which must be valid JSON whatever the input's texts hold.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/decision_input.hpp"
#include "cli/explain_render.hpp"
#include "cli/value_json.hpp"
#include "docket/core/explain.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/source.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const docket::Program& program = *docket::fuzz::program();
  const docket::SourceSet& sources = docket::fuzz::program_sources();
  for (const char* name : {"priority", "segment", "tagged"}) {
    const docket::ir::Decision& d = *program.module().find_decision(name);
    std::vector<docket::Value> args;
    try {
      args = docket::cli::decision_args_from_json(d, text);
    } catch (const docket::ValueError&) {
      continue;
    }
    const docket::Explanation e = docket::explain(program, name, args);
    const std::string json = docket::cli::json_text(docket::cli::render_explanation_json(e, sources), 2);
    docket::fuzz::require(nlohmann::json::accept(json), "explain wrote JSON that does not parse");
  }
  return 0;
}
