#!/usr/bin/env bash
# The VS Code extension's checks, run by ctest (tests/vscode): `grammar` runs the TextMate grammar
# tests (vscode-tmgrammar-test over test/grammar/*.dkt) after checking that the locked packages run
# on Debian 12's Node.js 18; `package OUT_DIR` packages the extension as OUT_DIR/docket-dkt.vsix
# with @vscode/vsce and checks what the archive holds.
#
# Idempotent: `npm ci` runs only when node_modules is missing or was installed from another
# package-lock.json (a stamp holds the lock's hash); the two checks share it under a file lock.
set -euo pipefail
HERE="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
cd "$HERE"

die() { printf 'tools/vscode/check.sh: error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || die "node and npm are needed (Node.js 18 or later): run 'bash tools/dev.sh deps' (it installs Debian's nodejs and npm)"

ensure_packages() {
  local want have=""
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  [[ -f node_modules/.docket-lock-sha256 ]] && have="$(cat node_modules/.docket-lock-sha256)"
  if [[ "$want" != "$have" ]]; then
    echo "npm ci (node $(node --version), npm $(npm --version))"
    # --ignore-scripts: no package here needs its install script (keytar and vsce-sign would try to
    # download binaries, which this network does not allow).
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.docket-lock-sha256
  fi
}

exec 9>"$HERE/.npm-ci.lock"
flock 9
ensure_packages
flock -u 9

case "${1:-}" in
  grammar)
    node check_engines.js 18.19.0
    npx --no-install vscode-tmgrammar-test --grammar syntaxes/dkt.tmLanguage.json "test/grammar/*.dkt"
    ;;
  package)
    out="${2:?usage: check.sh package OUT_DIR}"
    mkdir -p "$out"
    rm -f "$out/docket-dkt.vsix"
    npx --no-install vsce package --skip-license --allow-missing-repository --out "$out/docket-dkt.vsix"
    # The archive must hold the manifest, the grammar, the client and its runtime dependency.
    python3 - "$out/docket-dkt.vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/package.json", "extension/extension.js", "extension/syntaxes/dkt.tmLanguage.json",
        "extension/language-configuration.json", "extension/node_modules/vscode-languageclient/node.js",
        "extension.vsixmanifest"]
missing = [n for n in need if n not in names]
leaked = [n for n in names if n.startswith("extension/test/") or "/@vscode/vsce/" in n]
if missing or leaked:
    sys.exit(f"{sys.argv[1]}: missing {missing}, should not hold {leaked[:5]}")
print(f"{sys.argv[1]}: {len(names)} files, manifest, grammar and language client present")
PY
    ;;
  *) die "usage: check.sh grammar | check.sh package OUT_DIR" ;;
esac
