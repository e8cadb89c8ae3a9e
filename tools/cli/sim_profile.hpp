// Simulation profiles in TOML ([simulate] in docket.toml or a --profile file), read against a program.
#pragma once

#include <filesystem>
#include <string>

#include "docket/core/simulation.hpp"

namespace docket::cli {

// What a report header says about the period.
struct ProfileInfo {
  std::string start;  // "2025-09-01"
  std::int64_t days = 0;
  std::uint64_t seed = 0;
};

// Reads the [simulate] table of `path`. Arguments and outcomes are typed against `program`
// (read again for a what-if program: values belong to the program whose types they carry).
// Times of day are local to `zone`. On a problem returns false with `error` as
// "file:line:column: error: ..." naming the key and the fix.
bool load_profile(const std::filesystem::path& path, const Program& program, const std::string& zone,
                  sim::Profile& out, ProfileInfo& info, std::string& error);

// True when `path` has a [simulate] table (a docket.toml may have none).
bool has_profile(const std::filesystem::path& path);

}  // namespace docket::cli
