// Loads site plugins (shared libraries built against sdk/include/docket/plugin.h) with dlopen.
#pragma once

#include <optional>
#include <string>

#include "docket/core/functions.hpp"

namespace docket {

struct LoadedPlugin {
  std::string path;
  std::string name;
  std::string version;
  unsigned abi_major = 0;
  unsigned abi_minor = 0;
};

// Opens the library at `path`, finds its entry symbol, checks the ABI version and struct sizes,
// runs its init, and adds the functions it registers to `registry`. On any problem returns
// nullopt and sets `error` to a message naming the file, the reason and the fix; nothing is
// registered then. Libraries are never unloaded.
std::optional<LoadedPlugin> load_plugin(const std::string& path, FunctionRegistry& registry,
                                        std::string& error);

}  // namespace docket
