// Test helper for the end-to-end tests: run the built `docket` binary and make scratch files.
#pragma once

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace docket::testing {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together (or stdout alone)
};

// Runs a shell command line and collects its output and exit code.
inline CliRun run_shell(const std::string& cmd) {
  CliRun r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Runs `docket ARGS` with stdin from `input`; with `with_stderr` false, the output is stdout alone.
inline CliRun run(const std::string& args, bool with_stderr = true, const std::string& input = "/dev/null") {
  return run_shell(fmt::format("'{}' {} {} <'{}'", DOCKET_BIN, args, with_stderr ? "2>&1" : "2>/dev/null", input));
}

// Runs `docket ARGS` in the folder `dir` (stdout and stderr together).
inline CliRun run_in(const std::filesystem::path& dir, const std::string& args, const std::string& input = "/dev/null") {
  return run_shell(fmt::format("cd '{}' && '{}' {} 2>&1 <'{}'", dir.string(), DOCKET_BIN, args, input));
}

// Runs `docket ARGS` on a pseudo-terminal (util-linux `script`), as in an interactive shell, with the
// environment assignments `env` (e.g. "NO_COLOR=1"); lines end in "\r\n" there.
inline CliRun run_on_terminal(const std::string& args, const std::string& env = "") {
  return run_shell(fmt::format("script -qec \"env TERM=xterm {} '{}' {}\" /dev/null </dev/null 2>&1", env, DOCKET_BIN,
                               args));
}

// Output of --format json in JSON lines: one object per non-empty line.
inline std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

inline std::string examples(const std::string& rel) { return std::string(DOCKET_EXAMPLES) + "/" + rel; }

inline std::filesystem::path temp_file(const std::string& name, const std::string& text) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("docket-e2e-{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

}  // namespace docket::testing
