//! How responses travel: pages and JSON compressed when the browser accepts it (gzip or
//! brotli), plain when it does not.

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
    let plain = get(app, "/opportunities", None).await;
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.text().await.unwrap();
    assert!(plain.contains("NATO Innovation Fund"));

    let gzipped = get(app, "/opportunities", Some("gzip")).await;
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

    let brotli = get(app, "/opportunities", Some("br;q=1.0, gzip;q=0.5")).await;
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
