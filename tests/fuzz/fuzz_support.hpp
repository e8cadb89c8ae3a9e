// Shared by the libFuzzer targets: the function registry, a fixed program to read input against, and
// fuzz bytes as a file (a memfd, opened by path like any file a user names).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "docket/core/functions.hpp"
#include "docket/core/program.hpp"
#include "docket/core/source.hpp"

namespace docket::fuzz {

// The site plugin's signature, as the 95598 examples and the documentation assume it is loaded.
const FunctionRegistry& registry();

// A program of records, enums, rule lists, tables and a workflow, for the readers that type their
// input against one (classify, explain --input, scenarios, simulation profiles). Compiled once.
const std::shared_ptr<const Program>& program();
// Its source text (explanations point into it).
const SourceSet& program_sources();

// The fuzz bytes as an in-memory file whose path (/proc/self/fd/N) any reader can open.
class MemFile {
 public:
  MemFile(const std::uint8_t* data, std::size_t size);
  ~MemFile();
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  [[nodiscard]] std::string path() const;
  // A new descriptor on the start of the file (the caller closes it).
  [[nodiscard]] int reopen() const;

 private:
  int fd_ = -1;
};

// Aborts (a crash for libFuzzer) with `what` when `ok` is false: the property a target checks.
void require(bool ok, std::string_view what);

// Whether every line of `text` is one valid JSON value (what a JSON-lines output must be).
bool valid_json_lines(std::string_view text);

}  // namespace docket::fuzz
