// Test helper for the end-to-end tests: run the built `docket` binary and make scratch files.
#pragma once

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace docket::testing {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together (or stdout alone)
};

// Runs `docket ARGS` with stdin from `input`; with `with_stderr` false, the output is stdout alone.
inline CliRun run(const std::string& args, bool with_stderr = true, const std::string& input = "/dev/null") {
  std::string cmd = fmt::format("'{}' {} {} <'{}'", DOCKET_BIN, args, with_stderr ? "2>&1" : "2>/dev/null", input);
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

inline std::string examples(const std::string& rel) { return std::string(DOCKET_EXAMPLES) + "/" + rel; }

inline std::filesystem::path temp_file(const std::string& name, const std::string& text) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("docket-e2e-{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

}  // namespace docket::testing
