// `docket explain`: why a decision answered as it did for one input, as text or JSON.
#include <fmt/format.h>

#include <iostream>
#include <stdexcept>

#include "cli/value_json.hpp"
#include "cli/commands.hpp"
#include "cli/decision_input.hpp"
#include "cli/explain_render.hpp"
#include "cli/standard_input.hpp"
#include "cli/workspace_output.hpp"
#include "docket/core/decision_evaluator.hpp"
#include "docket/core/explain.hpp"
#include "docket/core/json_value.hpp"

namespace docket::cli {

namespace {

// --input JSON, or --input @FILE to read the JSON from a file (@-: from standard input).
bool read_input(const std::string& input, std::string& text) {
  if (input.empty() || input[0] != '@') {
    text = input;
    return true;
  }
  std::string error;
  if (read_file_argument(input.substr(1), text, error)) return true;
  std::cerr << fmt::format("error: cannot read --input file `{}`\n", shown_name(input.substr(1)));
  return false;
}

}  // namespace

int run_explain(const ExplainOptions& options) {
  if (!eval_available(options.eval)) return kExitUsage;
  Workspace ws;
  const bool ok = load_workspace(options.workspace, ws);
  print_diagnostics(ws, false);
  if (!ok) {
    std::cerr << "the program does not check: nothing was explained\n";
    return kExitProblems;
  }
  std::string text;
  if (!read_input(options.input, text)) return kExitProblems;
  try {
    const ir::Module& module = ws.program->module();
    const ir::Decision* d = module.find_decision(options.decision);
    // explain() names an unknown decision with a did-you-mean.
    std::vector<Value> args = d ? decision_args_from_json(*d, text) : std::vector<Value>{};
    Explanation e = explain(*ws.program, options.decision, args);
    // The explanation walks the reference interpreter; the evaluator --eval names must agree with it.
    if (d != nullptr && resolve_eval_mode(options.eval) != EvalMode::interp) {
      const DecisionEvaluator evaluator(ws.program, options.decision, options.eval);
      std::string answered;
      bool failed = false;
      try {
        answered = to_string(evaluator.evaluate(args));
      } catch (const EvaluationError& error) {
        answered = std::string("error: ") + error.what();
        failed = true;
      }
      const std::string explained = e.error.empty() ? to_string(e.value) : "error: " + e.error;
      if (failed != !e.error.empty() || (!failed && answered != explained)) {
        std::cerr << fmt::format("error: the {} evaluator answers `{}` where the interpreter answers `{}`: a bug in "
                                 "docket (--eval=interp gives the reference)\n",
                                 eval_mode_name(evaluator.mode()), answered, explained);
        return kExitProblems;
      }
    }
    if (options.json) {
      std::cout << json_text(render_explanation_json(e, ws.sources), 2) << "\n";
    } else {
      std::cout << render_explanation_text(e, ws.sources);
    }
    return e.error.empty() ? kExitOk : kExitProblems;
  } catch (const ValueError& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return kExitProblems;
}

}  // namespace docket::cli
