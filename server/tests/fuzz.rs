//! Every server function, as every role, with malformed arguments — missing, wrong type, huge,
//! negative, unicode, NUL bytes, unreadable bodies — never answers 5xx, and the server keeps
//! answering. The functions are collected from the registered server-function paths, so a new
//! one cannot be forgotten.

mod common;

use common::{demo_client, TestApp};

/// Argument names used across the server functions (plain, and as fields of `form` and `query`).
const NAMES: &[&str] = &[
    "id",
    "technology_id",
    "programme_id",
    "enrolment_id",
    "pipeline_id",
    "opportunity_id",
    "original_id",
    "page",
    "per_page",
    "name",
    "email",
    "display_name",
    "password",
    "current_password",
    "new_password",
    "role",
    "token",
    "decision",
    "change",
    "to",
    "reason",
    "back",
    "note",
    "trl",
    "on",
    "digest",
    "message",
    "body",
    "evidence",
    "kind",
    "open",
    "sort",
    "q",
    "country",
    "action",
    "actor",
    "subject",
    "disabled",
    "next",
    "query",
    "text",
];

/// Values a careless or hostile caller sends.
fn values() -> Vec<String> {
    vec![
        String::new(),
        "abc".into(),
        "-1".into(),
        "-9223372036854775809".into(),
        "99999999999999999999999".into(),
        "4294967295".into(),
        "1e309".into(),
        "NaN".into(),
        "\0\0\0".into(),
        "ünïcødé ✓ 🚀 \u{202e}".into(),
        "<script>alert(1)</script>".into(),
        "true".into(),
        // Long enough to pass every text limit; the bodies stay under the request-body limit
        // (which has its own test) even with every name set to it.
        "x".repeat(4_000),
    ]
}

/// Form bodies for one value: every name set to it plainly; and also inside `form[…]` and
/// `query[…]`, and as lists.
fn bodies_for(value: &str) -> Vec<Vec<(String, String)>> {
    let plain: Vec<(String, String)> = NAMES
        .iter()
        .map(|n| (n.to_string(), value.to_owned()))
        .collect();
    let nested: Vec<(String, String)> = NAMES
        .iter()
        .flat_map(|n| {
            [
                (format!("form[{n}]"), value.to_owned()),
                (format!("query[{n}]"), value.to_owned()),
                (format!("form[{n}][]"), value.to_owned()),
                (format!("query[{n}][]"), value.to_owned()),
            ]
        })
        .collect();
    let mut both = plain.clone();
    both.extend(nested);
    vec![plain, both]
}

/// Raw bodies that are not well-formed forms at all.
fn raw_bodies() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "application/x-www-form-urlencoded",
            vec![0xff, 0xfe, 0x00, 0x80],
        ),
        (
            "application/x-www-form-urlencoded",
            b"id=%FF%FE&form[title]=%C3".to_vec(),
        ),
        (
            "application/x-www-form-urlencoded",
            b"form[a][b][c][d][e]=1&&&==&%%%".to_vec(),
        ),
        ("application/json", b"{\"id\": [1, {\"x\": null}]}".to_vec()),
        ("text/plain", b"\x00\x01\x02".to_vec()),
        (
            "multipart/form-data; boundary=zz",
            b"--zz\r\nbroken".to_vec(),
        ),
    ]
}

async fn every_server_function_survives_malformed_arguments(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    assert!(
        paths.len() > 50,
        "server functions were collected: {paths:?}"
    );
    // Sign-out last, so the roles stay signed in for the rest.
    paths.sort_by_key(|p| p.contains("sign_out"));
    let roles = [
        ("anonymous", None),
        ("founder", Some("founder@demo.lab2field.eu")),
        ("investor", Some("investor@demo.lab2field.eu")),
        ("officer", Some("officer@demo.lab2field.eu")),
        ("admin", Some("admin@demo.lab2field.eu")),
    ];
    let values = values();
    let mut failures = Vec::new();
    let mut requests = 0;
    for (role, email) in roles {
        let mut client = match email {
            Some(email) => demo_client(app, email).await,
            None => app.client(),
        };
        for path in &paths {
            let mut sent = Vec::new();
            for value in &values {
                for body in bodies_for(value) {
                    sent.push(
                        client
                            .post(app.url(path))
                            .header("accept", "application/json")
                            .form(&body),
                    );
                }
            }
            for (content_type, raw) in raw_bodies() {
                sent.push(
                    client
                        .post(app.url(path))
                        .header("content-type", content_type)
                        .body(raw),
                );
            }
            // One argument of 900 KB.
            sent.push(
                client
                    .post(app.url(path))
                    .header("accept", "application/json")
                    .form(&[("form[title]", "y".repeat(900_000))]),
            );
            // No arguments at all, as a GET, and as a plain HTML form post.
            sent.push(client.post(app.url(path)));
            sent.push(client.get(app.url(path)));
            sent.push(
                client
                    .post(app.url(path))
                    .header("accept", "text/html")
                    .form(&[("id", "-1")]),
            );
            for request in sent {
                requests += 1;
                let response = request.send().await.expect("the server answers");
                let status = response.status().as_u16();
                if status >= 500 {
                    let body = response.text().await.unwrap_or_default();
                    failures.push(format!(
                        "{role} {path}: {status} {}",
                        body.chars().take(200).collect::<String>()
                    ));
                }
            }
            // Functions like sign-out may have ended the session: sign in again (clearing the
            // throttling the fuzzed sign-ins caused from this address).
            if let Some(email) = email {
                let me = app.call(&client, "auth/me", &[]).await;
                if me.text().await.unwrap_or_default() == "null" {
                    clear_throttling(app).await;
                    client = demo_client(app, email).await;
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {requests} requests got 5xx:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let health = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200, "the server still answers");
}
db_test_per_backend!(
    no_server_function_answers_5xx_to_malformed_arguments_on_sqlite,
    no_server_function_answers_5xx_to_malformed_arguments_on_postgres,
    every_server_function_survives_malformed_arguments
);

async fn clear_throttling(app: &TestApp) {
    use sea_orm::EntityTrait;
    app::server::entities::auth_throttle::Entity::delete_many()
        .exec(app.db())
        .await
        .unwrap();
}
