// SHA-256 of an open file, for pinning plugins (docket.toml: [plugins.sha256]).
#pragma once

#include <optional>
#include <string>

#include "docket/core/plugin_host.hpp"

namespace docket::plugin {

// Reads `fd` to its end and returns the digest as 64 lower-case hex digits, or nullopt with `error`.
[[nodiscard]] std::optional<std::string> fd_sha256(int fd, std::string& error);

}  // namespace docket::plugin
