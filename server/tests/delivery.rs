//! How responses travel: pages and JSON compressed when the browser accepts it (gzip or
//! brotli), plain when it does not; the browser bundle sent as compressed at build time, under
//! content-hashed names browsers keep.

mod common;

use common::TestApp;
use std::io::Read;

async fn get(app: &TestApp, path: &str, encoding: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client()
        .get(app.url(path))
        .header("accept", "text/html");
    if let Some(encoding) = encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().await.unwrap()
}

async fn pages_and_json_are_compressed_when_accepted(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let plain = get(app, "/opportunities?kind=investor", None).await;
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.text().await.unwrap();
    assert!(plain.contains("NATO Innovation Fund"));

    let gzipped = get(app, "/opportunities?kind=investor", Some("gzip")).await;
    assert_eq!(gzipped.status(), 200);
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    assert!(gzipped.headers()["vary"]
        .to_str()
        .unwrap()
        .to_lowercase()
        .contains("accept-encoding"));
    let bytes = gzipped.bytes().await.unwrap();
    assert!(
        bytes.len() * 3 < plain.len(),
        "{} of {}",
        bytes.len(),
        plain.len()
    );
    let mut html = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut html)
        .unwrap();
    assert!(html.contains("NATO Innovation Fund"));

    let brotli = get(
        app,
        "/opportunities?kind=investor",
        Some("br;q=1.0, gzip;q=0.5"),
    )
    .await;
    assert_eq!(brotli.headers()["content-encoding"], "br");

    // Server-function answers (JSON) too.
    let json = app
        .client()
        .post(app.url("/api/catalogue/list"))
        .header("accept-encoding", "gzip")
        .form(&[("kind", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 200);
    assert_eq!(json.headers()["content-encoding"], "gzip");
}
db_test!(
    pages_and_json_are_compressed_for_browsers_that_accept_it,
    pages_and_json_are_compressed_when_accepted
);

/// A release site folder as `scripts/build-site.sh --release` leaves it: hashed names, a brotli
/// and a gzip copy beside each file, the hash in `bundle-hash`.
fn release_site(hash: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for ext in ["js", "wasm", "css"] {
        let name = format!("lab2field.{hash}.{ext}");
        std::fs::write(pkg.join(&name), format!("plain {ext}")).unwrap();
        std::fs::write(pkg.join(format!("{name}.br")), format!("brotli {ext}")).unwrap();
        std::fs::write(pkg.join(format!("{name}.gz")), format!("gzip {ext}")).unwrap();
    }
    std::fs::write(site.path().join("bundle-hash"), format!("{hash}\n")).unwrap();
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    site
}

async fn release_bundle_is_precompressed_hashed_and_immutable(backend: common::Backend) {
    let hash = "0123456789abcdef";
    let site = release_site(hash);
    let app = TestApp::spawn_with(
        backend,
        &["--site-root", &site.path().display().to_string()],
    )
    .await;

    // Pages name the hashed files: the script, the preload and the stylesheet.
    let page = get(&app, "/", None).await.text().await.unwrap();
    for name in [".js", ".wasm", ".css"].map(|ext| format!("/pkg/lab2field.{hash}{ext}")) {
        assert!(page.contains(&name), "page does not name {name}");
    }
    assert!(
        !page.contains("/pkg/lab2field.css"),
        "plain stylesheet name in a release page"
    );

    let fetch = |path: String, encoding: Option<&'static str>| {
        let mut request = app.client().get(app.url(&path));
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        request.send()
    };
    let wasm = format!("/pkg/lab2field.{hash}.wasm");
    for (encoding, sent, body) in [
        (Some("gzip, deflate, br, zstd"), Some("br"), "brotli wasm"),
        (Some("gzip"), Some("gzip"), "gzip wasm"),
        (None, None, "plain wasm"),
    ] {
        let response = fetch(wasm.clone(), encoding).await.unwrap();
        assert_eq!(response.status(), 200, "{encoding:?}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "application/wasm", "{encoding:?}");
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            sent,
            "{encoding:?}"
        );
        assert_eq!(
            headers["cache-control"], "public, max-age=31536000, immutable",
            "{encoding:?}"
        );
        assert_eq!(response.text().await.unwrap(), body, "{encoding:?}");
    }
    let css = fetch(format!("/pkg/lab2field.{hash}.css"), Some("br"))
        .await
        .unwrap();
    assert_eq!(css.headers()["content-encoding"], "br");
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));

    // Files without the hash are revalidated; a missing file is not cached at all.
    let icon = fetch("/favicon.svg".into(), None).await.unwrap();
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["cache-control"], "no-cache");
    let missing = fetch("/pkg/lab2field.fedcba9876543210.wasm".into(), Some("br"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()["cache-control"], "no-store");
    app.finish().await;
}

#[tokio::test]
async fn the_release_bundle_is_sent_precompressed_with_hashed_names_and_kept_by_browsers() {
    release_bundle_is_precompressed_hashed_and_immutable(common::Backend::Sqlite).await;
}

#[tokio::test]
async fn a_debug_bundle_keeps_plain_names_and_is_revalidated() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/lab2field.css"), "body {}").unwrap();
    let app = TestApp::spawn_with(
        common::Backend::Sqlite,
        &["--site-root", &site.path().display().to_string()],
    )
    .await;
    let page = get(&app, "/", None).await.text().await.unwrap();
    assert!(page.contains("/pkg/lab2field.css"));
    assert!(page.contains("/pkg/lab2field.wasm"));
    let css = app
        .client()
        .get(app.url("/pkg/lab2field.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["cache-control"], "no-cache");
    // Revalidating answers 304 and keeps the file cacheable (no-store would make the browser
    // drop it and download it again on every page).
    let modified = css.headers()["last-modified"].clone();
    let again = app
        .client()
        .get(app.url("/pkg/lab2field.css"))
        .header("if-modified-since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["cache-control"], "no-cache");
    app.finish().await;
}
