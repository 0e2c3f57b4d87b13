#!/usr/bin/env bash
# Installs what building and testing Lab2Field needs, when it is missing. Safe to run again.
#   scripts/setup.sh          toolchain pieces for building and running
#   scripts/setup.sh --e2e    also Chromium and the Playwright packages for end-to-end tests
set -euo pipefail
source "$(dirname "$0")/paths.sh"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qF "$wbg_version"; then
  say "installing wasm-bindgen-cli $wbg_version (a few minutes, once)"
  # No --locked: its lockfile pins a crate version the registry mirror may lack.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# wasm-opt shrinks the release bundle. binaryen from npm, pinned: Debian's binaryen (108) makes
# a bundle that never hydrates.
binaryen_version=132.0.0
if ! "$wasm_opt" --version 2>/dev/null | grep -qF "version ${binaryen_version%%.*}"; then
  say "installing wasm-opt (binaryen $binaryen_version, from npm) into $tools_dir"
  mkdir -p "$tools_dir"
  npm install --prefix "$tools_dir" --no-audit --no-fund --loglevel=error --no-save \
    "binaryen@$binaryen_version" >/dev/null
fi

# The bundle splitter (scripts/wasm-split): rebuilt when its sources change. Its build folder is
# under target/tools, so nothing is written into scripts/.
splitter_dir=$root/scripts/wasm-split
if [ ! -x "$wasm_split" ] || [ -n "$(find "$splitter_dir/src" "$splitter_dir/Cargo.toml" "$splitter_dir/Cargo.lock" -newer "$wasm_split" 2>/dev/null)" ]; then
  say "building the bundle splitter (scripts/wasm-split) into $tools_dir"
  cargo build --release --locked --manifest-path "$splitter_dir/Cargo.toml" \
    --target-dir "$tools_dir/wasm-split-build"
  mkdir -p "$tools_dir/bin"
  cp "$tools_dir/wasm-split-build/release/lab2field-wasm-split" "$wasm_split"
fi

if [ "${1:-}" = "--e2e" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's Chromium for end-to-end tests"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing Playwright (no browser download: it drives /usr/bin/chromium)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
