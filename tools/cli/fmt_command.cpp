// `docket fmt`: print (default), rewrite (--write) or check (--check, as text or JSON) the canonical layout of .dkt files.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "cli/standard_input.hpp"
#include "cli/value_json.hpp"
#include "docket/dsl/format.hpp"

namespace docket::cli {

namespace {

namespace fs = std::filesystem;

// The files `paths` name: a file as given; for a directory, the .dkt files below it, sorted.
std::vector<std::string> files_to_format(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    if (path == "-" || !fs::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(path)) {
      if (e.is_regular_file() && e.path().extension() == ".dkt") found.push_back(e.path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Replaces the file (through a symbolic link, its target) in one step: the text goes to a temporary
// file beside it, which takes the original's permissions and is then renamed over it, so a reader
// never sees half a file and a failure leaves the original as it was.
bool write_atomically(const std::string& path, const std::string& text, std::string& error) {
  std::error_code ec;
  fs::path target = fs::canonical(path, ec);
  if (ec) target = path;
  fs::path temp = target;
  temp += fmt::format(".docket-fmt-{}.tmp", ::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      error = fmt::format("{}: cannot write {}", path, temp.string());
      fs::remove(temp, ec);
      return false;
    }
  }
  fs::permissions(temp, fs::status(target, ec).permissions(), ec);
  fs::rename(temp, target, ec);
  if (ec) {
    error = fmt::format("{}: cannot replace the file: {}", path, ec.message());
    fs::remove(temp, ec);
    return false;
  }
  return true;
}

}  // namespace

int run_fmt(const FmtOptions& options) {
  bool failed = false;
  std::size_t changed = 0;
  std::vector<std::string> files = files_to_format(options.paths);
  if (options.write && std::find(files.begin(), files.end(), "-") != files.end()) {
    std::cerr << "error: `--write` rewrites files, and standard input is none: leave out --write to print the "
                 "formatted text\n";
    return kExitUsage;
  }
  nlohmann::ordered_json unformatted = nlohmann::ordered_json::array();
  for (const std::string& path : files) {
    SourceSet sources;
    std::string error;
    std::uint32_t id = 0;
    if (path == "-") {
      std::string text;
      if (standard_input(text, error)) id = sources.add(kStdinName, std::move(text));
    } else {
      id = sources.add_file(path, error);
    }
    if (id == 0) {
      std::cerr << error << "\n";
      failed = true;
      continue;
    }
    Diagnostics diagnostics;
    std::optional<std::string> formatted;
    try {
      formatted = dsl::format_source(sources, id, diagnostics);
    } catch (const std::logic_error& e) {
      std::cerr << shown_name(path) << ": " << e.what() << " (please report it with the file)\n";
      failed = true;
      continue;
    }
    for (const Diagnostic& d : diagnostics.all()) std::cerr << color_diagnostics(render_text(d, sources), color_enabled(2));
    if (!formatted) {
      std::cerr << shown_name(path) << ": not formatted: fix the syntax errors first\n";
      failed = true;
      continue;
    }
    bool differs = *formatted != sources.file(id).text();
    changed += differs ? 1 : 0;
    if (options.check) {
      if (differs && options.json) unformatted.push_back(shown_name(path));
      else if (differs) std::cout << shown_name(path) << "\n";
    } else if (options.write) {
      if (differs && !write_atomically(path, *formatted, error)) {
        std::cerr << error << "\n";
        failed = true;
      }
    } else {
      std::cout << *formatted;
    }
  }
  if (options.check && options.json) {
    nlohmann::ordered_json report = {{"checked", files.size()}, {"unformatted", std::move(unformatted)}};
    std::cout << json_text(report, 2) << "\n";
  }
  if (options.check && changed > 0) {
    std::cerr << fmt::format("{} of {} file{} not formatted: run `docket fmt --write` on {}\n", changed, files.size(),
                             files.size() == 1 ? " is" : "s are", changed == 1 ? "it" : "them");
  }
  if (options.write && changed > 0) {
    std::cerr << fmt::format("reformatted {} of {} file{}\n", changed, files.size(), files.size() == 1 ? "" : "s");
  }
  return failed || (options.check && changed > 0) ? kExitProblems : kExitOk;
}

}  // namespace docket::cli
