#!/usr/bin/env bash
# Runs every test: unit, integration (SQLite, and PostgreSQL when reachable) and end-to-end
# (Chromium, with and without JavaScript). Installs what is missing first.
set -euo pipefail
source "$(dirname "$0")/paths.sh"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

scripts/setup.sh --e2e

# The PostgreSQL lane runs when a server answers; set LAB2FIELD_TEST_POSTGRES_URL to choose one.
if [ -z "${LAB2FIELD_TEST_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null \
   && pg_isready -q -h 127.0.0.1 -p 5432; then
  export LAB2FIELD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
fi
if [ -n "${LAB2FIELD_TEST_POSTGRES_URL:-}" ]; then
  say "integration tests run on SQLite and on PostgreSQL ($LAB2FIELD_TEST_POSTGRES_URL)"
else
  say "no PostgreSQL found: integration tests run on SQLite only"
fi

# cargo-nextest (on this kind of machine already) runs every test in its own process, tests of
# different files at the same time; plain cargo test runs the files one after another.
if cargo nextest --version >/dev/null 2>&1; then
  say "unit and integration tests (cargo nextest)"
  cargo nextest run -p app -p server -p migrations --features app/ssr
else
  say "unit and integration tests (cargo test; install cargo-nextest for a faster run)"
  cargo test -p app -p server -p migrations --features app/ssr
fi

# The journeys run against what users get (scripts/run.sh): the release server and the
# size-optimised, content-hashed, precompressed bundle.
say "production build for end-to-end tests: release server and browser bundle"
scripts/build-site.sh --release
cargo build --release -p server --bin lab2field

say "end-to-end tests in Chromium (with and without JavaScript)"
export LAB2FIELD_BIN="$target_dir/release/lab2field"
(cd end2end && npx playwright test)
