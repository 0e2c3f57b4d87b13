//! The browser bundle and static files: the folder the current build puts them in, the `/pkg`
//! service that sends the brotli or gzip copies made at build time, and how long a browser may
//! keep each file.

use axum::http::HeaderValue;
use std::path::Path;
use tower_http::services::ServeDir;

/// Hex digits of the build hash in a release bundle's names (`lab2field.<hash>.wasm`), as
/// `scripts/build-site.sh --release` writes them.
const HASH_LEN: usize = 16;

/// The folder of the browser bundle under the site root, as Leptos's `site_pkg_dir`:
/// `pkg/<hash>` when the site was built for release (the build writes the hash to `bundle-hash`
/// in the site folder), so every build has new paths and a browser may keep the old ones for
/// good; plain `pkg` for a debug build. A `bundle-hash` that is not a hash is ignored with a
/// warning. The files inside keep their names (`lab2field.wasm`, the split chunks and their
/// loader), since they import each other by name.
pub fn bundle_dir(site_root: &Path) -> String {
    match std::fs::read_to_string(site_root.join("bundle-hash")) {
        Ok(text) if is_bundle_hash(text.trim()) => format!("pkg/{}", text.trim()),
        Ok(_) => {
            tracing::warn!("the site's bundle-hash file holds no build hash; using plain names");
            "pkg".into()
        }
        Err(_) => "pkg".into(),
    }
}

fn is_bundle_hash(text: &str) -> bool {
    text.len() == HASH_LEN && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `/pkg`: the files of the site's `pkg/` folder. `FILE.br` or `FILE.gz`, made once by the
/// release build, is sent instead of `FILE` when the browser accepts it (with the original's
/// type and `Content-Encoding`); a debug build has none and is sent as it is.
pub fn pkg_service(site_root: &Path) -> ServeDir {
    ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip()
}

/// `Cache-Control` for a static file that was found. Names that carry the build hash never
/// change content, so browsers keep them a year without asking again; everything else (a debug
/// bundle, the icon) is revalidated on each use, which costs a 304 and never serves stale code.
pub fn cache_control(path: &str) -> HeaderValue {
    HeaderValue::from_static(if is_hashed_bundle_file(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    })
}

fn is_hashed_bundle_file(path: &str) -> bool {
    path.strip_prefix("/pkg/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(hash, file)| is_bundle_hash(hash) && !file.is_empty() && !file.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_in_a_hashed_bundle_folder_are_immutable() {
        let immutable = "public, max-age=31536000, immutable";
        for path in [
            "/pkg/0123456789abcdef/lab2field.wasm",
            "/pkg/0123456789abcdef/lab2field.js",
            "/pkg/0123456789abcdef/lab2field.css",
            "/pkg/0123456789abcdef/__wasm_split.______________________.js",
            "/pkg/0123456789abcdef/chunk_3_visitor_pages.wasm",
        ] {
            assert_eq!(cache_control(path), immutable, "{path}");
        }
        for path in [
            "/pkg/lab2field.wasm",
            "/pkg/lab2field.css",
            "/pkg/0123456789ABCDEF/lab2field.wasm",
            "/pkg/0123456789abcde/lab2field.wasm",
            "/pkg/0123456789abcdef/",
            "/pkg/0123456789abcdef/sub/lab2field.wasm",
            "/pkg/lab2field.0123456789abcdef.wasm",
            "/favicon.svg",
            "/0123456789abcdef/lab2field.js",
        ] {
            assert_eq!(cache_control(path), "no-cache", "{path}");
        }
    }

    #[test]
    fn the_bundle_folder_follows_the_hash_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(bundle_dir(dir.path()), "pkg");
        std::fs::write(dir.path().join("bundle-hash"), "0123456789abcdef\n").unwrap();
        assert_eq!(bundle_dir(dir.path()), "pkg/0123456789abcdef");
        std::fs::write(dir.path().join("bundle-hash"), "../../etc/passwd").unwrap();
        assert_eq!(bundle_dir(dir.path()), "pkg");
    }
}
