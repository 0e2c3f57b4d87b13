//! Every server function added for incubation, pipelines, access and alerts refuses callers
//! without the right role: signed out → 401, wrong role → 403. (Ownership refusals, 404, are
//! tested with each feature.)

mod common;

use common::{demo_client, TestApp};

/// An endpoint, its arguments, and the roles allowed past its role check.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const ENDPOINTS: &[Case] = &[
    ("programmes/list", &[], &["founder", "officer", "admin"]),
    (
        "programmes/create",
        &[("form[name]", "x")],
        &["officer", "admin"],
    ),
    ("programmes/board", &[("id", "1")], &["officer", "admin"]),
    (
        "enrolments/enrol",
        &[("programme_id", "1"), ("technology_id", "1")],
        &["officer", "admin"],
    ),
    (
        "enrolments/apply",
        &[("programme_id", "1"), ("technology_id", "1")],
        &["founder"],
    ),
    (
        "enrolments/move",
        &[("id", "1"), ("to", "screening")],
        &["founder", "officer", "admin"],
    ),
    (
        "enrolments/score",
        &[("id", "1"), ("form[comment]", "x")],
        &["officer", "admin"],
    ),
    (
        "milestones/add",
        &[("enrolment_id", "1"), ("form[title]", "x")],
        &["officer", "admin"],
    ),
    (
        "milestones/evidence",
        &[("id", "1"), ("evidence", "x")],
        &["founder"],
    ),
    (
        "milestones/decide",
        &[("id", "1"), ("decision", "verify")],
        &["officer", "admin"],
    ),
    ("milestones/release", &[("id", "1")], &["officer", "admin"]),
    ("access/request", &[("technology_id", "1")], &["investor"]),
    (
        "access/decide",
        &[("id", "1"), ("decision", "grant")],
        &["founder"],
    ),
    ("access/requests", &[("technology_id", "1")], &["founder"]),
    ("pipelines/list", &[], &["investor"]),
    ("pipelines/create", &[("name", "x")], &["investor"]),
    ("pipelines/board", &[("id", "1")], &["investor"]),
    ("pipelines/add", &[("technology_id", "1")], &["investor"]),
    (
        "pipelines/move",
        &[("id", "1"), ("to", "contacted")],
        &["investor"],
    ),
    (
        "pipelines/note",
        &[("id", "1"), ("body", "x")],
        &["investor"],
    ),
    (
        "saved_searches/create",
        &[("name", "x"), ("query", "q=x")],
        &["officer", "admin", "investor"],
    ),
    (
        "saved_searches/list",
        &[],
        &["officer", "admin", "investor"],
    ),
    (
        "saved_searches/change",
        &[("id", "1"), ("change", "delete")],
        &["officer", "admin", "investor"],
    ),
    (
        "bookmarks/set",
        &[("opportunity_id", "x"), ("on", "true")],
        &["founder"],
    ),
    ("admin/audit", &[], &["admin"]),
    (
        "admin/set_disabled",
        &[("id", "999999"), ("disabled", "true")],
        &["admin"],
    ),
    (
        "auth/change_password",
        &[
            ("current_password", "not the password"),
            ("new_password", "a long new password"),
        ],
        &["founder", "investor", "officer", "admin"],
    ),
    ("investor/has_organisation", &[], &["investor"]),
    (
        "pipelines/holding",
        &[("technology_id", "1")],
        &["investor"],
    ),
];

async fn every_endpoint_checks_the_role(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let signed_out = app.client();
    let clients = [
        (
            "founder",
            demo_client(app, "founder@demo.lab2field.eu").await,
        ),
        (
            "investor",
            demo_client(app, "investor@demo.lab2field.eu").await,
        ),
        (
            "officer",
            demo_client(app, "officer@demo.lab2field.eu").await,
        ),
        ("admin", demo_client(app, "admin@demo.lab2field.eu").await),
    ];
    for (endpoint, args, allowed) in ENDPOINTS {
        let status = app.call(&signed_out, endpoint, args).await.status();
        assert_eq!(status, 401, "{endpoint} signed out");
        for (role, client) in &clients {
            let status = app.call(client, endpoint, args).await.status().as_u16();
            if allowed.contains(role) {
                assert_ne!(
                    status, 403,
                    "{endpoint} must let a {role} past the role check"
                );
                assert_ne!(status, 401, "{endpoint} as {role}");
            } else {
                assert_eq!(status, 403, "{endpoint} must refuse a {role}");
            }
        }
    }
}
db_test!(
    every_new_server_function_refuses_the_wrong_role,
    every_endpoint_checks_the_role
);

async fn malformed_requests_are_422(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    // The rubric form is missing entirely; the id is not a number.
    for args in [
        &[("id", "1")][..],
        &[("id", "one"), ("form[comment]", "x")][..],
    ] {
        let response = app.call(&officer, "enrolments/score", args).await;
        assert_eq!(response.status(), 422);
        let error: app::error::AppError = response.json().await.unwrap();
        assert!(
            error.form_message().contains("could not be read"),
            "{error:?}"
        );
    }
}
db_test!(
    a_request_with_missing_or_mistyped_arguments_is_invalid_not_a_server_error,
    malformed_requests_are_422
);
