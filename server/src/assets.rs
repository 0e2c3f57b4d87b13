//! The browser bundle and static files: the names the current build gives them, the `/pkg`
//! service that sends the brotli or gzip copies made at build time, and how long a browser may
//! keep each file.

use axum::http::HeaderValue;
use std::path::Path;
use tower_http::services::ServeDir;

/// Hex digits of the build hash in a release bundle's names (`lab2field.<hash>.wasm`), as
/// `scripts/build-site.sh --release` writes them.
const HASH_LEN: usize = 16;

/// The name of the browser bundle's files under `pkg/`: `lab2field.<hash>` when the site was
/// built for release (the build writes the hash to `bundle-hash` in the site folder), so every
/// build has new names and a browser may keep the old ones for good; plain `lab2field` for a
/// debug build. A `bundle-hash` that is not a hash is ignored with a warning.
pub fn bundle_name(site_root: &Path) -> String {
    match std::fs::read_to_string(site_root.join("bundle-hash")) {
        Ok(text) if is_bundle_hash(text.trim()) => format!("lab2field.{}", text.trim()),
        Ok(_) => {
            tracing::warn!("the site's bundle-hash file holds no build hash; using plain names");
            "lab2field".into()
        }
        Err(_) => "lab2field".into(),
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
    path.strip_prefix("/pkg/lab2field.")
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(hash, ext)| is_bundle_hash(hash) && matches!(ext, "js" | "wasm" | "css"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_bundle_files_are_immutable() {
        let immutable = "public, max-age=31536000, immutable";
        for path in [
            "/pkg/lab2field.0123456789abcdef.wasm",
            "/pkg/lab2field.0123456789abcdef.js",
            "/pkg/lab2field.0123456789abcdef.css",
        ] {
            assert_eq!(cache_control(path), immutable, "{path}");
        }
        for path in [
            "/pkg/lab2field.wasm",
            "/pkg/lab2field.css",
            "/pkg/lab2field.0123456789ABCDEF.wasm",
            "/pkg/lab2field.0123456789abcde.wasm",
            "/pkg/lab2field.0123456789abcdef.html",
            "/pkg/lab2field.0123456789abcdef.wasm.map",
            "/favicon.svg",
            "/lab2field.0123456789abcdef.js",
        ] {
            assert_eq!(cache_control(path), "no-cache", "{path}");
        }
    }

    #[test]
    fn the_bundle_name_follows_the_hash_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(bundle_name(dir.path()), "lab2field");
        std::fs::write(dir.path().join("bundle-hash"), "0123456789abcdef\n").unwrap();
        assert_eq!(bundle_name(dir.path()), "lab2field.0123456789abcdef");
        std::fs::write(dir.path().join("bundle-hash"), "../../etc/passwd").unwrap();
        assert_eq!(bundle_name(dir.path()), "lab2field");
    }
}
