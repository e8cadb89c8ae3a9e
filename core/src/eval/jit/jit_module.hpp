// The seam between docket_core and the JIT module: LLVM is loaded only when a decision is first JIT-compiled.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "eval/jit/jit_code.hpp"

namespace docket::detail {

// What jit_lower.cpp does: lowers the plans to LLVM IR, optimises and compiles them. In a shared
// build it lives in its own module (libdocket_jit-<version>.so, linked with libLLVM) that
// jit_compile (jit_load.cpp) opens with dlopen on first use, so a process that never JIT-compiles
// never maps LLVM (about 40 MB of resident memory and most of the start-up's relocations); in a
// static build it is part of docket_core.
[[nodiscard]] std::shared_ptr<const JitCode> lower_and_compile(const CompiledModule& module,
                                                               std::span<const std::size_t> decisions);

using JitCompileFn = void (*)(const CompiledModule& module, std::span<const std::size_t> decisions,
                             std::shared_ptr<const JitCode>* out);
// The module's entry point (extern "C", so dlsym finds it by this name): lower_and_compile into `out`.
inline constexpr char kJitModuleEntry[] = "docket_jit_compile_v1";

}  // namespace docket::detail
