//! Which split chunks each page group needs (read once from the bundle's `chunks.json`, written
//! by `scripts/wasm-split`), and the `Link: rel=preload` header a page is sent with, so the
//! browser fetches its group's chunks beside the main module instead of after it.
//!
//! A header rather than `<link>` tags in the page: Leptos's own preload tags are added after the
//! page has rendered, outside the request's reactive owner, and went missing on some requests.
//! A header is set while the page renders, in the request's own response options.

use http::{header, HeaderValue};
use std::collections::HashMap;
use std::path::Path;

/// The splitter's manifest: split point → the files (without `.wasm`) it needs.
pub const MANIFEST: &str = "chunks.json";
/// The loader the main module imports; named by the splitter (and by Leptos).
const LOADER: &str = "__wasm_split.______________________.js";

/// The preload header of every page group of one bundle.
#[derive(Debug, Default)]
pub struct PageChunks {
    /// Group function name (`visitor_pages`) → the `Link` header value for its chunks.
    links: HashMap<String, HeaderValue>,
}

impl PageChunks {
    /// Reads `<site_root>/<bundle_dir>/chunks.json`; `bundle_dir` is the bundle's folder as the
    /// browser addresses it (`pkg` or `pkg/<hash>`). No manifest (a bundle not split, or none at
    /// all) means no preloads; a manifest that cannot be read is logged and ignored: pages still
    /// work, their chunks just load after the main module.
    pub fn load(site_root: &Path, bundle_dir: &str) -> Self {
        let path = site_root.join(bundle_dir).join(MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Self::default(),
            Err(err) => {
                tracing::warn!(path = %path.display(), error = %err, "cannot read the chunk manifest");
                return Self::default();
            }
        };
        match serde_json::from_str::<HashMap<String, Vec<String>>>(&text) {
            Ok(manifest) => Self::from_manifest(&manifest, bundle_dir),
            Err(err) => {
                tracing::warn!(path = %path.display(), error = %err, "the chunk manifest is not valid");
                Self::default()
            }
        }
    }

    fn from_manifest(manifest: &HashMap<String, Vec<String>>, bundle_dir: &str) -> Self {
        let links = manifest
            .iter()
            .filter_map(|(split, files)| {
                let mut links = vec![format!("</{bundle_dir}/{LOADER}>; rel=modulepreload")];
                for file in files {
                    // Names come from our own build; anything else is not put in a header.
                    if !file.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                        return None;
                    }
                    // `crossorigin`: the loader fetches chunks with `fetch()`, whose requests are
                    // CORS-mode; a preload must match the request to be used.
                    links.push(format!(
                        "</{bundle_dir}/{file}.wasm>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin"
                    ));
                }
                let value = HeaderValue::from_str(&links.join(", ")).ok()?;
                Some((group_of(split).to_owned(), value))
            })
            .collect();
        Self { links }
    }

    /// The `Link` header value for `group` (a `#[lazy]` function's name), if it has chunks.
    pub fn link_header(&self, group: &str) -> Option<&HeaderValue> {
        self.links.get(group)
    }
}

/// `visitor_pages_9024615229040723755` → `visitor_pages`: the `#[lazy]` macro names a split
/// point after its function and a hash of where it is written.
fn group_of(split: &str) -> &str {
    match split.rsplit_once('_') {
        Some((group, hash)) if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit()) => {
            group
        }
        _ => split,
    }
}

/// Adds the preload header for `group` to the response of the page being rendered.
pub fn preload(group: &str) {
    let Some(state) = leptos::prelude::use_context::<crate::server::state::AppState>() else {
        return;
    };
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Some(value) = state.page_chunks.link_header(group) {
        response.append_header(header::LINK, value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_group_preloads_its_files_and_the_loader() {
        let manifest = HashMap::from([
            (
                "visitor_pages_9024615229040723755".to_owned(),
                vec![
                    "chunk_9".to_owned(),
                    "split_visitor_pages_9024615229040723755".to_owned(),
                ],
            ),
            ("broken_1".to_owned(), vec!["../../etc/passwd".to_owned()]),
        ]);
        let chunks = PageChunks::from_manifest(&manifest, "pkg/0123456789abcdef");
        let link = chunks
            .link_header("visitor_pages")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(link.starts_with(
            "</pkg/0123456789abcdef/__wasm_split.______________________.js>; rel=modulepreload, "
        ));
        assert!(link.contains(
            "</pkg/0123456789abcdef/chunk_9.wasm>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin"
        ));
        assert!(link.contains("split_visitor_pages_9024615229040723755.wasm>"));
        assert!(chunks.link_header("broken").is_none());
        assert!(chunks.link_header("staff_pages").is_none());
    }

    #[test]
    fn a_missing_or_broken_manifest_means_no_preloads() {
        let site = tempfile::tempdir().unwrap();
        assert!(PageChunks::load(site.path(), "pkg").links.is_empty());
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("pkg").join(MANIFEST), "{not json").unwrap();
        assert!(PageChunks::load(site.path(), "pkg").links.is_empty());
    }

    #[test]
    fn split_names_lose_their_hash() {
        assert_eq!(
            group_of("visitor_pages_9024615229040723755"),
            "visitor_pages"
        );
        assert_eq!(group_of("visitor_pages"), "visitor_pages");
        assert_eq!(group_of("pages_"), "pages_");
    }
}
