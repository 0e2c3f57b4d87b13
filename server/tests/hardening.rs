//! No request takes the server down or gets a 500: bounded arguments (422 naming the argument
//! and the range), body limits (413), unreadable bodies (4xx without internals), requests from
//! other sites (403), and the headers every response carries.

mod common;

use common::{demo_client, refused, signed_in, TestApp};

/// No internal names in an answer: server-function layers, decoders, Rust types.
fn assert_no_internals(body: &str) {
    for word in ["Transport", "deserializ", "::", "ServerFnError", "panicked"] {
        assert!(!body.contains(word), "internal detail {word:?} in {body}");
    }
}

async fn paging_and_lists_are_bounded(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    // The page that used to abort the process: the page answers 422 naming the argument...
    let page = officer
        .get(app.url("/search?q=drone&page=4294967295"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 422);
    assert!(page.text().await.unwrap().contains("page"));
    // ... and so does the JSON API, with the allowed range.
    let error = refused(
        app.call(
            &officer,
            "search/technologies",
            &[("query[text]", "drone"), ("query[page]", "4294967295")],
        )
        .await,
        422,
    )
    .await;
    let message = error.field_errors().and_then(|f| f.get("page")).unwrap();
    assert!(message.contains("1 to 500"), "{message}");
    refused(
        app.call(
            &officer,
            "search/technologies",
            &[("query[per_page]", "100000")],
        )
        .await,
        422,
    )
    .await;
    let many: Vec<(&str, String)> = (0..50)
        .map(|i| ("query[countries][]", format!("C{i}")))
        .collect();
    let response = officer
        .post(app.url("/api/search/technologies"))
        .header("accept", "application/json")
        .form(&many)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let long = "x".repeat(501);
    refused(
        app.call(&officer, "search/technologies", &[("query[text]", &long)])
            .await,
        422,
    )
    .await;
    // The server is still there, and the first page still works.
    let ok = app
        .call(&officer, "search/technologies", &[("query[text]", "drone")])
        .await;
    assert_eq!(ok.status(), 200);

    // The audit log: its page is bounded too (it used to overflow offset arithmetic).
    let admin = demo_client(app, "admin@demo.lab2field.eu").await;
    refused(
        app.call(&admin, "admin/audit", &[("page", "18446744073709551615")])
            .await,
        422,
    )
    .await;
    assert_eq!(
        app.call(&admin, "admin/audit", &[("page", "3")])
            .await
            .status(),
        200
    );
    // Saved searches per person are limited.
    let investor = signed_in(app, "saver@example.org", "investor").await;
    for i in 0..app::domain::limits::MAX_SAVED_SEARCHES {
        let name = format!("search {i}");
        let response = app
            .call(
                &investor,
                "saved_searches/create",
                &[("name", &name), ("query", "q=radar")],
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    refused(
        app.call(
            &investor,
            "saved_searches/create",
            &[("name", "one too many"), ("query", "q=radar")],
        )
        .await,
        409,
    )
    .await;
}
db_test!(
    every_paging_argument_and_list_has_a_bound,
    paging_and_lists_are_bounded
);

async fn bodies_are_limited_and_unreadable_ones_are_refused(app: &TestApp) {
    let client = signed_in(app, "ada@example.org", "founder").await;
    // 8 MB to a server function: 413 with a readable message, before it is read.
    let (status, text) = raw_post(app, "/api/auth/sign_in", Some(8 * 1024 * 1024), 64 * 1024).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("too large"), "{text}");
    assert_no_internals(&text);
    // The same without a declared length (chunked): refused once the limit is passed.
    let (status, text) = raw_post(app, "/api/company/save", None, 3 * 1024 * 1024).await;
    assert_eq!(status, 413, "{text}");
    // The catalogue upload has its own, larger limit, and the same answer beyond it.
    let (status, _) = raw_post(app, "/admin/import/upload", Some(64 * 1024 * 1024), 1024).await;
    assert_eq!(status, 413);

    // A body that is not UTF-8: the caller's mistake, not ours.
    for endpoint in [
        "auth/sign_in",
        "company/save",
        "technologies/create",
        "auth/sign_up",
    ] {
        let response = client
            .post(app.url(&format!("/api/{endpoint}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(vec![b'e', b'm', b'a', b'i', b'l', b'=', 0xff, 0xfe, 0x00])
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!((400..500).contains(&status), "{endpoint}: {status} {text}");
        assert_no_internals(&text);
    }
    // Mistyped arguments: 422, in plain words.
    let response = app
        .call(&client, "technologies/get", &[("id", "not-a-number")])
        .await;
    assert_eq!(response.status(), 422);
    assert_no_internals(&response.text().await.unwrap());
    // The matching API's query string, mistyped: 422 naming the argument, in plain words.
    let response = client
        .get(app.url("/api/v1/match?text=radar&limit=abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let text = response.text().await.unwrap();
    assert!(text.contains("limit"), "{text}");
    assert_no_internals(&text);
    // An address that names no server function.
    let response = app.call(&client, "no/such/function", &[]).await;
    assert_eq!(response.status(), 404);
    assert_eq!(app.call(&client, "auth/me", &[]).await.status(), 200);
}
db_test!(
    request_bodies_are_bounded_and_never_answer_500,
    bodies_are_limited_and_unreadable_ones_are_refused
);

/// Posts `sent` bytes of form data over a raw connection — announcing `declared` bytes, or
/// chunked when `None` — and returns the status and body of the answer. Writing stops quietly
/// when the server has answered and closed: a limit must not depend on reading the whole body.
async fn raw_post(
    app: &TestApp,
    path: &str,
    declared: Option<usize>,
    sent: usize,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let length = match declared {
        Some(n) => format!("Content-Length: {n}\r\n"),
        None => "Transfer-Encoding: chunked\r\n".to_owned(),
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n{length}\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut written = 0;
    while written < sent {
        let piece = if declared.is_some() {
            chunk.clone()
        } else {
            let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
            framed.extend_from_slice(&chunk);
            framed.extend_from_slice(b"\r\n");
            framed
        };
        if stream.write_all(&piece).await.is_err() {
            break;
        }
        written += chunk.len();
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

async fn other_sites_cannot_change_anything(app: &TestApp) {
    let client = signed_in(app, "ada@example.org", "founder").await;
    let post = |origin: Option<&'static str>, referer: Option<&'static str>| {
        let mut request = client
            .post(app.url("/api/company/save"))
            .header("accept", "application/json")
            .form(&[
                ("form[legal_name]", "Evil Corp Oy"),
                ("form[country]", "FI"),
            ]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(referer) = referer {
            request = request.header("referer", referer);
        }
        request.send()
    };
    for (origin, referer) in [
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (None, Some("https://evil.example/attack.html")),
    ] {
        let response = post(origin, referer).await.unwrap();
        assert_eq!(response.status(), 403, "{origin:?} {referer:?}");
    }
    // A form of another site posting to sign-in is refused too.
    let response = app
        .client()
        .post(app.url("/api/auth/sign_in"))
        .header("origin", "https://evil.example")
        .form(&[("email", "ada@example.org"), ("password", common::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let mine = app.call(&client, "company/mine", &[]).await;
    assert!(!mine.text().await.unwrap().contains("Evil Corp"));
    // Our own pages: same origin, accepted.
    let response = client
        .post(app.url("/api/auth/me"))
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = client
        .post(app.url("/api/auth/me"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}
db_test!(
    state_changing_requests_from_other_sites_are_refused,
    other_sites_cannot_change_anything
);

async fn responses_carry_security_headers(app: &TestApp) {
    let client = signed_in(app, "ada@example.org", "founder").await;
    let page = client.get(app.url("/account")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let header = |name: &str| {
        page.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let csp = header("content-security-policy");
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .expect("a script-src directive")
        .to_owned();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = script_src
        .split("'nonce-")
        .nth(1)
        .and_then(|n| n.split('\'').next())
        .expect("a nonce")
        .to_owned();
    assert_eq!(header("x-frame-options"), "DENY");
    assert!(!header("referrer-policy").is_empty());
    assert!(header("permissions-policy").contains("camera=()"));
    assert_eq!(header("cache-control"), "no-store");
    assert!(header("strict-transport-security").is_empty(), "plain http");
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the response's nonce"
    );
    // Another response, another nonce.
    let again = client.get(app.url("/account")).send().await.unwrap();
    let csp2 = again
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(csp, csp2);
    // API answers for a signed-in person are never stored either.
    let api = app.call(&client, "auth/me", &[]).await;
    assert_eq!(api.headers().get("cache-control").unwrap(), "no-store");
}
db_test!(
    pages_carry_csp_with_a_nonce_and_are_never_cached,
    responses_carry_security_headers
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_base_url_adds_hsts() {
    let app = TestApp::spawn_with(
        common::Backend::Sqlite,
        &["--base-url", "https://lab2field.example"],
    )
    .await;
    let response = app.client().get(app.url("/")).send().await.unwrap();
    let hsts = response
        .headers()
        .get("strict-transport-security")
        .expect("HSTS on an https site");
    assert!(hsts.to_str().unwrap().contains("max-age="));
    app.finish().await;
}

async fn redirects_stay_on_this_site(app: &TestApp) {
    let client = app.client();
    signed_in(app, "ada@example.org", "founder").await;
    for next in [
        "//evil.example",
        "/\t/evil.example",
        "/\\evil.example",
        "https://evil.example",
    ] {
        let response = app
            .call(
                &client,
                "auth/sign_in",
                &[
                    ("email", "ada@example.org"),
                    ("password", common::PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        // Not the attacker's address: the founder's own landing page (no company yet).
        assert_eq!(location, "/company", "next={next:?}");
    }
}
db_test!(
    sign_in_redirects_only_to_local_paths,
    redirects_stay_on_this_site
);

/// Every page's policy names the nonce its own scripts carry, also when many pages of several
/// people render at once (a page once came with the fallback policy instead, and its scripts
/// were blocked, so it never became interactive).
async fn every_page_under_load_carries_its_own_nonce(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let investor = demo_client(app, "investor@demo.lab2field.eu").await;
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let visitor = app.client();
    let mut loads = Vec::new();
    for round in 0..40 {
        for (client, path) in [
            (&investor, "/technologies/1"),
            (&investor, "/deals"),
            (&founder, "/technologies"),
            (&visitor, "/"),
            (&visitor, "/opportunities"),
        ] {
            let request = client
                .get(app.url(path))
                .header("accept", "text/html")
                .send();
            loads.push(async move {
                let response = request.await.unwrap();
                let csp = response
                    .headers()
                    .get("content-security-policy")
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default();
                let status = response.status();
                let html = response.text().await.unwrap();
                (round, path, status, csp, html)
            });
        }
    }
    // Server functions answered at the same time, as a hydrated page calls them.
    let mut calls = Vec::new();
    for _ in 0..80 {
        for (client, function) in [
            (&investor, "auth/who_am_i"),
            (&investor, "search/technologies"),
            (&founder, "technologies/mine"),
        ] {
            calls.push(
                client
                    .post(app.url(&format!("/api/{function}")))
                    .header("accept", "application/json")
                    .form(&[("x", "")])
                    .send(),
            );
        }
    }
    let (results, _) = futures_util::future::join(
        futures_util::future::join_all(loads),
        futures_util::future::join_all(calls),
    )
    .await;
    for (round, path, status, csp, html) in results {
        assert_eq!(status, 200, "{path} in round {round}");
        let nonce = html
            .split("nonce=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{path}: no script nonce in the page"));
        assert!(
            csp.contains(&format!("'nonce-{nonce}'")),
            "{path} in round {round}: the policy does not name the page's nonce {nonce}: {csp}"
        );
    }
}
db_test!(
    every_page_under_load_carries_its_own_nonce_test,
    every_page_under_load_carries_its_own_nonce
);
