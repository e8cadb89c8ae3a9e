// Usage errors in docket's own words: unknown commands and options with a did-you-mean, choices, file arguments.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace docket::cli {

// For an option taking one of `choices`: "`--format` takes text or json, not `xml`".
[[nodiscard]] CLI::Validator one_of(const std::string& option, std::vector<std::string> choices);

// For a file argument: the file exists and is not a folder (`folders_too`: or is a folder); "-"
// (standard input) passes when `stdin_ok`.
[[nodiscard]] CLI::Validator existing_file(bool stdin_ok, bool folders_too = false);

// Checks the arguments (argv without the program's name) before CLI11 parses them: takes out the
// global --color option (setting the colour mode), turns `help CMD...` into `CMD... --help`, and
// refuses an unknown command or option with a did-you-mean. False with `error` (exit 2) on a problem.
bool prepare_arguments(const CLI::App& app, std::vector<std::string>& args, std::string& error);

// CLI11's parse error in docket's words: "error: ...", and a hint naming `docket help CMD`.
[[nodiscard]] std::string usage_error_text(const CLI::App& app, const CLI::ParseError& e);

}  // namespace docket::cli
