// ProgramSource: the .dkt files a program was compiled from, which make its version in a store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

// An instance runs to its end on the program version it started on; a store keeps each version's
// sources so that a later engine can compile it again (docs/store.md, "Program versions").
struct ProgramSource {
  struct File {
    std::string name;  // as the configuration names it (relative to docket.toml)
    std::string text;
  };
  std::vector<File> files;

  [[nodiscard]] bool empty() const noexcept { return files.empty(); }
  // {"files": [{"name": ..., "text": ...}, ...]}, files in the order given.
  [[nodiscard]] std::string to_json() const;
  // The inverse; nullopt with `error` naming what is wrong for text that is not such JSON.
  [[nodiscard]] static std::optional<ProgramSource> from_json(std::string_view json, std::string& error);
  // sha256 of to_json() as 64 lower-case hex digits; empty for an empty source.
  [[nodiscard]] std::string hash() const;
};

// sha256 of `bytes` as 64 lower-case hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace docket
