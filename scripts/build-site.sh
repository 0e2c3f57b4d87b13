#!/usr/bin/env bash
# Builds the browser side (wasm + JS glue), the stylesheet and static files into the site
# folder the server serves: $LEPTOS_SITE_ROOT, default <target dir>/site.
#   scripts/build-site.sh            debug bundle, plain names (the fast edit-build loop)
#   scripts/build-site.sh --release  what users download: wasm built for size and run through
#                                    wasm-opt -Oz (no name section), content-hashed file names,
#                                    and a brotli and a gzip copy of each made once, here
set -euo pipefail
source "$(dirname "$0")/paths.sh"

release=false
case "${1:-}" in
  --release) release=true ;;
  "") ;;
  *) echo "usage: scripts/build-site.sh [--release]" >&2; exit 2 ;;
esac

site=$LEPTOS_SITE_ROOT
pkg=$site/pkg
if $release; then
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
  wasm="$target_dir/wasm32-unknown-unknown/wasm-release/app.wasm"
else
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate
  wasm="$target_dir/wasm32-unknown-unknown/debug/app.wasm"
fi

# Everything is made in a staging folder and moved in at the end, so a running server never
# serves a half-written bundle, and files of earlier builds do not pile up.
stage=$(mktemp -d "$target_dir/site-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/pkg"
wasm-bindgen --target web --no-typescript --out-name lab2field --out-dir "$stage/pkg" "$wasm"
# Leptos's hydration script loads <output-name>.wasm.
mv -f "$stage/pkg/lab2field_bg.wasm" "$stage/pkg/lab2field.wasm"
cp style/main.css "$stage/pkg/lab2field.css"
cp -R public/. "$stage/"

if $release; then
  # -Oz for size; the features are the ones Rust enables for wasm32 by default. wasm-opt drops
  # the name section (function names, most of an unoptimised file) unless asked to keep it.
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$stage/pkg/lab2field.opt.wasm" "$stage/pkg/lab2field.wasm"
  mv -f "$stage/pkg/lab2field.opt.wasm" "$stage/pkg/lab2field.wasm"
  # One hash over the three files names them all: the server reads it from bundle-hash and
  # serves names with a hash as immutable, so a browser fetches them once per build.
  hash=$(cat "$stage/pkg/lab2field.js" "$stage/pkg/lab2field.wasm" "$stage/pkg/lab2field.css" \
    | sha256sum | cut -c1-16)
  for ext in js wasm css; do
    mv "$stage/pkg/lab2field.$ext" "$stage/pkg/lab2field.$hash.$ext"
  done
  printf '%s\n' "$hash" > "$stage/bundle-hash"
  node "$root/scripts/precompress.mjs" "$stage/pkg"/lab2field."$hash".{js,wasm,css}
fi

for f in "$stage"/pkg/lab2field*.{js,wasm,css}; do
  [ -s "$f" ] || { echo "error: the site build did not produce $f" >&2; exit 1; }
done
mkdir -p "$(dirname "$site")"
rm -rf "$site.old"
if [ -e "$site" ]; then mv "$site" "$site.old"; fi
mv "$stage" "$site"
rm -rf "$site.old"
trap - EXIT
echo "site built in $site" >&2
if $release; then
  for f in "$site"/pkg/*.wasm "$site"/pkg/*.wasm.br "$site"/pkg/*.js.br "$site"/pkg/*.css.br; do
    printf '  %-48s %8d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")" >&2
  done
fi
