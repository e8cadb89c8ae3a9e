// PluginFile: the allowed directories (symlinks resolved) and the sha256 pin, checked on one descriptor.
#include "plugin/plugin_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "plugin/file_sha256.hpp"

namespace docket::plugin {
namespace {

bool inside(const std::filesystem::path& file, const std::filesystem::path& dir) {
  const std::filesystem::path rel = file.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != ".." && *rel.begin() != ".";
}

std::optional<Refusal> check_directories(const PluginRequest& request, std::string& dlopen_path) {
  const std::string& path = request.path;
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(path, ec);
  if (ec) {
    return Refusal{"cannot resolve it: " + ec.message(), "check that the file exists and is readable (ls -l " + path + ")"};
  }
  bool allowed = false;
  std::string dirs;
  for (const std::filesystem::path& dir : request.allowed_directories) {
    dirs += (dirs.empty() ? "" : ", ") + dir.string();
    const std::filesystem::path real_dir = std::filesystem::canonical(dir, ec);
    if (!ec && inside(real, real_dir)) allowed = true;
  }
  if (!allowed) {
    return Refusal{"it lies outside the plugin directories (" + real.string() + " is not inside " +
                       (dirs.empty() ? std::string("any") : dirs) + ")",
                   "move the plugin into a configured directory, or add its folder to [plugins] directories "
                   "in docket.toml"};
  }
  dlopen_path = real.string();
  return std::nullopt;
}

}  // namespace

PluginFile::~PluginFile() {
  if (fd_ >= 0) ::close(fd_);
}

int PluginFile::release() noexcept {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

std::optional<Refusal> PluginFile::open(const PluginRequest& request, bool want_descriptor) {
  const std::string& path = request.path;
  // dlopen searches LD_LIBRARY_PATH and the system folders for a name without a slash.
  dlopen_path_ = path.find('/') == std::string::npos ? "./" + path : path;
  if (!request.allowed_directories.empty()) {
    if (auto refusal = check_directories(request, dlopen_path_)) return refusal;
  }
  std::string want;
  if (request.sha256) {
    want = *request.sha256;
    for (char& c : want) {
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
    if (want.size() != 64 || want.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Refusal{"its sha256 pin '" + *request.sha256 + "' is not 64 hex digits",
                     "write the pin as printed by `sha256sum " + path + "`"};
    }
  } else if (!want_descriptor) {
    return std::nullopt;
  }
  fd_ = ::open(dlopen_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    return Refusal{std::string("cannot open it: ") + std::strerror(errno),
                   "check that the file exists and is readable (ls -l " + path + ")"};
  }
  if (request.sha256) {
    std::string error;
    auto got = fd_sha256(fd_, error);
    if (!got) return Refusal{"cannot hash it: " + error, "check that the file is readable"};
    if (*got != want) {
      return Refusal{"its sha256 is " + *got + ", but docket.toml pins " + want,
                     "if this build of the plugin is the one you trust, update the pin with `sha256sum " + path +
                         "`; otherwise restore the file"};
    }
    sha256_ = *got;
  }
  // dlopen the very file that was checked, not whatever the path names by now.
  dlopen_path_ = "/proc/self/fd/" + std::to_string(fd_);
  return std::nullopt;
}

}  // namespace docket::plugin
