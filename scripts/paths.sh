# Sourced by the other scripts: the repository root and absolute paths for everything they pass
# on, so a tool started from another folder (Playwright starts the server from end2end/) sees the
# same files. Relative settings are taken relative to the repository root.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$root" "${1#./}" ;; esac; }
target_dir=$(absolute "${CARGO_TARGET_DIR:-target}")
export LEPTOS_SITE_ROOT
LEPTOS_SITE_ROOT=$(absolute "${LEPTOS_SITE_ROOT:-$target_dir/site}")
# Tools the project installs for itself (scripts/setup.sh), kept with the build, not on PATH.
tools_dir=$target_dir/tools
wasm_opt=$tools_dir/node_modules/.bin/wasm-opt
wasm_split=$tools_dir/bin/lab2field-wasm-split
cd "$root"
