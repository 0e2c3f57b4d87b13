#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and serves Lab2Field on http://127.0.0.1:3000
# with the embedded SQLite database in ./data and the demo accounts (see README).
#   scripts/run.sh [--dev] [lab2field serve options]
# By default it builds what users get: the release server and the size-optimised, precompressed
# browser bundle. --dev builds both in debug instead: slower pages, much faster rebuilds.
set -euo pipefail
source "$(dirname "$0")/paths.sh"

profile=release
serve_args=()
for arg in "$@"; do
  case "$arg" in
    --dev) profile=dev ;;
    *) serve_args+=("$arg") ;;
  esac
done

scripts/setup.sh
if [ "$profile" = dev ]; then
  scripts/build-site.sh
  exec cargo run -p server --bin lab2field -- serve --demo-data "${serve_args[@]}"
fi
scripts/build-site.sh --release
exec cargo run --release -p server --bin lab2field -- serve --demo-data "${serve_args[@]}"
