#!/usr/bin/env bash
# Builds the browser side (wasm + JS glue), the stylesheet and static files into the site
# folder the server serves: $LEPTOS_SITE_ROOT, default <target dir>/site.
#   scripts/build-site.sh [--release]
set -euo pipefail
source "$(dirname "$0")/paths.sh"

site=$LEPTOS_SITE_ROOT
if [ "${1:-}" = "--release" ]; then
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
  wasm="$target_dir/wasm32-unknown-unknown/wasm-release/app.wasm"
else
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate
  wasm="$target_dir/wasm32-unknown-unknown/debug/app.wasm"
fi

mkdir -p "$site/pkg"
wasm-bindgen --target web --no-typescript --out-name lab2field --out-dir "$site/pkg" "$wasm"
# Leptos's hydration script loads <output-name>.wasm.
mv -f "$site/pkg/lab2field_bg.wasm" "$site/pkg/lab2field.wasm"
cp style/main.css "$site/pkg/lab2field.css"
cp -R public/. "$site/"
for f in lab2field.js lab2field.wasm lab2field.css; do
  [ -s "$site/pkg/$f" ] || { echo "error: the site build did not produce $site/pkg/$f" >&2; exit 1; }
done
echo "site built in $site" >&2
