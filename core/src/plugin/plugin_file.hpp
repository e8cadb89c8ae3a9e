// The checks before a plugin file is opened: where it lies, and (when pinned) that its bytes match.
#pragma once

#include <optional>
#include <string>

#include "docket/core/plugin_host.hpp"
#include "plugin/library_record.hpp"

namespace docket::plugin {

// A checked plugin file. When it was pinned (or a descriptor was asked for), `fd` is an open
// descriptor of the very bytes that were checked, and `dlopen_path` names it as /proc/self/fd/N.
// The descriptor is closed with this object unless release() hands it on: a library loaded under
// /proc/self/fd/N must keep N open for as long as it stays loaded (for ever), or the next file
// opened gets the same number and dlopen, matching by name, hands back the first library.
class PluginFile {
 public:
  PluginFile() = default;
  PluginFile(const PluginFile&) = delete;
  PluginFile& operator=(const PluginFile&) = delete;
  ~PluginFile();

  [[nodiscard]] const std::string& dlopen_path() const noexcept { return dlopen_path_; }
  [[nodiscard]] const std::string& sha256() const noexcept { return sha256_; }
  [[nodiscard]] int fd() const noexcept { return fd_; }
  // Gives up ownership of the descriptor (the caller keeps it open, or closes it).
  [[nodiscard]] int release() noexcept;

  // Checks `request` (allowed directories, pin) and fills this. With `want_descriptor`, the file
  // is opened even when it is not pinned (an isolated plugin is handed to its helper that way).
  [[nodiscard]] std::optional<Refusal> open(const PluginRequest& request, bool want_descriptor);

 private:
  std::string dlopen_path_;
  std::string sha256_;
  int fd_ = -1;
};

}  // namespace docket::plugin
