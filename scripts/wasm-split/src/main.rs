//! Splits the browser bundle's wasm at its split points (Leptos's `#[lazy]` functions, one per
//! page group in `app/src/ui/routes.rs`) with `wasm_split_cli_support`, and writes the manifest
//! the server reads to preload a page's chunks (a `Link: rel=preload` header). It is not named
//! as Leptos's own manifest, so Leptos does not add its preload tags as well.
//!
//!   lab2field-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm MAIN_MODULE
//!
//! INPUT.wasm is cargo's output, linked with `--emit-relocs`; MAIN_OUT.wasm is the main module
//! for wasm-bindgen (`--keep-lld-exports`); OUT_DIR receives the chunks, the loader
//! `__wasm_split.______________________.js` (the name Leptos looks for) and `chunks.json`
//! (read by the server: `app::server::page_chunks`); MAIN_MODULE is the wasm-bindgen JS file as the loader imports it
//! (`./lab2field.js`: the loader and the chunks sit beside it).

use eyre::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The loader's name as Leptos's `HydrationScripts` and the server-side preloads name it.
const LINK_NAME: &str = "./__wasm_split.______________________.js";
const MANIFEST: &str = "chunks.json";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_out, main_module] = args.as_slice() else {
        bail!("usage: lab2field-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm MAIN_MODULE");
    };
    let wasm = std::fs::read(input).with_context(|| format!("reading {input}"))?;
    let out_dir = Path::new(out_dir);
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = out_dir;
        opts.main_out_path = Path::new(main_out);
        opts.main_module = main_module;
        opts.link_name = LINK_NAME;
        opts
    })
    .with_context(|| format!("splitting {input}"))?;
    // Sorted, so that an unchanged build writes the same bytes (and keeps its content hash).
    let manifest: BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    let json = serde_json::to_string_pretty(&manifest)?;
    std::fs::write(out_dir.join(MANIFEST), json).context("writing the manifest")?;
    eprintln!(
        "split into the main module and {} chunks, {} split points",
        split.split_modules.len(),
        manifest.len()
    );
    Ok(())
}
