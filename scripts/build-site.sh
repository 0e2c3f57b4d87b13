#!/usr/bin/env bash
# Builds the browser side (wasm + JS glue), the stylesheet and static files into the site
# folder the server serves: $LEPTOS_SITE_ROOT, default <target dir>/site.
#   scripts/build-site.sh            debug bundle, plain names (the fast edit-build loop)
#   scripts/build-site.sh --release  what users download: wasm built for size and run through
#                                    wasm-opt -Oz (no name section), in a content-hashed folder,
#                                    and a brotli and a gzip copy of each file made once, here
# Both cut the wasm at its lazy routes (scripts/wasm-split): a main module and page-group chunks.
set -euo pipefail
source "$(dirname "$0")/paths.sh"

release=false
case "${1:-}" in
  --release) release=true ;;
  "") ;;
  *) echo "usage: scripts/build-site.sh [--release]" >&2; exit 2 ;;
esac

site=$LEPTOS_SITE_ROOT
if $release; then
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
  wasm="$target_dir/wasm32-unknown-unknown/wasm-release/app.wasm"
else
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate
  wasm="$target_dir/wasm32-unknown-unknown/debug/app.wasm"
fi

# The site already holds a bundle made from this very wasm, stylesheet, static files and build
# steps: nothing to do (splitting, wasm-opt and compressing take minutes and would give the same
# files).
stamp=$( {
  sha256sum "$wasm" style/main.css "$0" "$root/scripts/precompress.mjs"
  find public -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  echo "release=$release"
} | sha256sum | cut -c1-32)
if [ -f "$site/build-input" ] && [ "$(cat "$site/build-input")" = "$stamp" ]; then
  echo "site in $site is up to date (built from the same wasm, stylesheet and static files)" >&2
  exit 0
fi

# Everything is made in a staging folder and moved in at the end, so a running server never
# serves a half-written bundle, and files of earlier builds do not pile up.
stage=$(mktemp -d "$target_dir/site-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
bundle=$stage/pkg
if $release; then bundle=$stage/pkg/bundle; fi
mkdir -p "$bundle"
# Cut the wasm at the page groups' split points (app/src/ui/routes.rs): the main module, one
# chunk per group and the chunks they share, and the loader that fetches them beside itself.
"$wasm_split" "$wasm" "$bundle" "$stage/main.wasm" ./lab2field.js
# --keep-lld-exports: the chunks import the main module's functions by their linker names.
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-name lab2field --out-dir "$bundle" "$stage/main.wasm"
rm -f "$stage/main.wasm"
# Leptos's hydration script loads <output-name>.wasm.
mv -f "$bundle/lab2field_bg.wasm" "$bundle/lab2field.wasm"
cp style/main.css "$bundle/lab2field.css"
cp -R public/. "$stage/"

if $release; then
  # -Oz for size; the features are the ones Rust enables for wasm32 by default. wasm-opt drops
  # the name section (function names, most of an unoptimised file) unless asked to keep it.
  for f in "$bundle"/*.wasm; do
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      -o "$f.opt" "$f"
    mv -f "$f.opt" "$f"
  done
  # The files import each other by name, so the bundle keeps its names and lives in a folder
  # named by one hash over all of them: pkg/<hash>/. The server reads the hash from bundle-hash
  # and serves everything under a hashed folder as immutable, so a browser fetches each file once
  # per build.
  hash=$(cd "$bundle" && find . -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
  mv "$bundle" "$stage/pkg/$hash"
  bundle=$stage/pkg/$hash
  printf '%s\n' "$hash" > "$stage/bundle-hash"
  node "$root/scripts/precompress.mjs" "$bundle"/*
  # A page opened before this deploy still loads its other page groups from its own build's
  # folder: the two newest earlier bundles come along.
  if [ -d "$site/pkg" ]; then
    find "$site/pkg" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
      -regex '.*/[0-9a-f]{16}' ! -name "$hash" -printf '%T@ %p\n' \
      | sort -rn | head -n 2 | cut -d' ' -f2- \
      | while read -r old; do cp -Rp "$old" "$stage/pkg/"; done
  fi
fi

for f in "$bundle"/lab2field.{js,wasm,css} "$bundle/chunks.json"; do
  [ -s "$f" ] || { echo "error: the site build did not produce $f" >&2; exit 1; }
done
printf '%s\n' "$stamp" > "$stage/build-input"
mkdir -p "$(dirname "$site")"
rm -rf "$site.old"
if [ -e "$site" ]; then mv "$site" "$site.old"; fi
mv "$stage" "$site"
rm -rf "$site.old"
trap - EXIT
echo "site built in $site" >&2
if $release; then
  total=0
  for f in "$site/pkg/$hash"/*.br; do
    size=$(stat -c %s "$f")
    total=$((total + size))
    printf '  %-48s %8d bytes\n' "$(basename "$f")" "$size" >&2
  done
  printf '  %-48s %8d bytes\n' "all files, brotli" "$total" >&2
fi
