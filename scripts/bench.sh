#!/usr/bin/env bash
# Benchmarks (see docs/benchmarks.md): installs the load generator (oha) when missing, builds the
# release server and the bench binary, and runs them; extra options go to the bench binary.
#   scripts/bench.sh                                  report on standard output
#   scripts/bench.sh --write docs/benchmarks.md       also replace the results in the docs
set -euo pipefail
source "$(dirname "$0")/paths.sh"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

scripts/setup.sh
oha_version=1.16.0
oha=$tools_dir/oha/bin/oha
if ! "$oha" --version 2>/dev/null | grep -qF "$oha_version"; then
  say "installing the load generator oha $oha_version into $tools_dir (a few minutes, once)"
  # --locked: its newest dependencies need a newer Rust than this machine's.
  cargo install oha --locked --version "$oha_version" --root "$tools_dir/oha"
fi

say "release build of the server and the bench"
cargo build --release -p server --bin lab2field --bin bench
say "benchmark (several minutes)"
LAB2FIELD_BENCH_OHA=$oha "$target_dir/release/bench" "$@"
