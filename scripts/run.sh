#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and serves Lab2Field on http://127.0.0.1:3000
# with the embedded SQLite database in ./data and the demo accounts (see README).
set -euo pipefail
source "$(dirname "$0")/paths.sh"

scripts/setup.sh
scripts/build-site.sh
exec cargo run -p server --bin lab2field -- serve --demo-data "$@"
