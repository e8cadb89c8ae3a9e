// jit_compile: the JIT module opened with dlopen on first use (shared builds), or lower_and_compile itself.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval/jit/jit_code.hpp"
#include "eval/jit/jit_module.hpp"

#ifndef DOCKET_JIT_MODULE_FROM_LIBDIR
#define DOCKET_JIT_MODULE_FROM_LIBDIR "docket"
#endif

namespace docket::detail {

std::size_t JitCode::count(JitLowering l) const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < lowering.size(); ++i) n += static_cast<std::size_t>(lowering[i] == l && masks[i] != nullptr);
  return n;
}

#ifdef DOCKET_JIT_MODULE

namespace {

// Where the module may be: next to the library this code is in (libdocket_core.so in a build tree),
// then in <prefix>/lib/docket when installed (as the plugin helper, isolation/helper_process.cpp).
std::vector<std::filesystem::path> module_candidates() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  static const int anchor = 0;
  Dl_info info{};
  if (::dladdr(&anchor, &info) != 0 && info.dli_fname != nullptr) {
    std::error_code ec;
    const fs::path library = fs::weakly_canonical(fs::path(info.dli_fname), ec);
    if (!ec) {
      out.push_back(library.parent_path() / DOCKET_JIT_MODULE_FILE);
      out.push_back((library.parent_path() / DOCKET_JIT_MODULE_FROM_LIBDIR / DOCKET_JIT_MODULE_FILE).lexically_normal());
    }
  }
  return out;
}

struct LoadedModule {
  JitCompileFn compile = nullptr;
  std::string error;  // why it could not be loaded
};

const LoadedModule& loaded_module() {
  static const LoadedModule loaded = [] {
    LoadedModule m;
    std::string tried;
    for (const std::filesystem::path& candidate : module_candidates()) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(candidate, ec)) {
        tried += (tried.empty() ? "" : ", ") + candidate.string();
        continue;
      }
      // Never closed: the code it compiles and the JitEngine objects it makes live as long as the process.
      void* handle = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        const char* why = ::dlerror();
        m.error = "cannot load " + candidate.string() + ": " + (why != nullptr ? why : "unknown error");
        return m;
      }
      void* entry = ::dlsym(handle, kJitModuleEntry);
      if (entry == nullptr) {
        m.error = candidate.string() + " has no " + kJitModuleEntry + " (a module of another docket version?)";
        return m;
      }
      m.compile = reinterpret_cast<JitCompileFn>(entry);
      return m;
    }
    m.error = "its module " DOCKET_JIT_MODULE_FILE " is not installed (looked for " + tried + ")";
    return m;
  }();
  return loaded;
}

}  // namespace

std::shared_ptr<const JitCode> jit_compile(const CompiledModule& module, std::span<const std::size_t> decisions) {
  const LoadedModule& m = loaded_module();
  if (m.compile == nullptr) throw std::runtime_error("the JIT could not start: " + m.error);
  std::shared_ptr<const JitCode> code;
  m.compile(module, decisions, &code);
  return code;
}

#else

std::shared_ptr<const JitCode> jit_compile(const CompiledModule& module, std::span<const std::size_t> decisions) {
  return lower_and_compile(module, decisions);
}

#endif

}  // namespace docket::detail
