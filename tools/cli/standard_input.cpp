// Standard input as a file argument (`docket check -`, `docket run -f x.dkt -`): read whole, once.
#include "cli/standard_input.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "docket/core/source.hpp"

namespace docket::cli {

bool standard_input(std::string& text, std::string& error) {
  static bool done = false;
  static bool ok = true;
  static std::string kept;
  if (!done) {
    done = true;
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    kept = buffer.str();
    ok = !std::cin.bad();
  }
  if (!ok) {
    error = "<stdin>: cannot read standard input";
    return false;
  }
  if (kept.size() > kMaxSourceBytes) {
    error = "<stdin>: standard input is larger than " + std::to_string(kMaxSourceBytes >> 20) + " MiB, the most docket reads";
    return false;
  }
  text = kept;
  return true;
}

bool read_file_argument(const std::string& path, std::string& text, std::string& error) {
  if (path == "-") return standard_input(text, error);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the file (check the path and that it is readable)";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

std::string shown_name(const std::string& path) { return path == "-" ? kStdinName : path; }

}  // namespace docket::cli
