#!/usr/bin/env bash
# pkg_config_test.sh PREFIX CXX WORKDIR: compiles and runs a program using `pkg-config --cflags --libs docket` only.
set -euo pipefail
prefix="$1" cxx="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[[ "$(pkg-config --modversion docket)" == 0.* ]] || { echo "pkg-config finds no docket in $PKG_CONFIG_PATH"; exit 1; }
cat >"$work/main.cpp" <<'CPP'
#include <docket/core/functions.hpp>
#include <docket/dsl/compile.hpp>
#include <iostream>
int main() {
  docket::SourceSet sources;
  sources.add("a.dkt", "module m\ndecision twice(n: int) -> int {\n  hit first\n  rule when n > 0 then n * 2\n  otherwise 0\n}\n");
  docket::FunctionRegistry functions;
  docket::Diagnostics diagnostics;
  const auto module = docket::dsl::compile(sources, functions, diagnostics);
  std::cout << (module ? "compiled " + std::to_string(module->decisions.size()) + " decision" : "did not compile") << '\n';
  return module ? 0 : 1;
}
CPP
# shellcheck disable=SC2046
"$cxx" -std=c++20 "$work/main.cpp" -o "$work/main" $(pkg-config --cflags --libs docket)
LD_LIBRARY_PATH="$(pkg-config --variable=libdir docket)" "$work/main" | tee "$work/out.txt"
grep -qx "compiled 1 decision" "$work/out.txt"
