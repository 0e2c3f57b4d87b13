//! Companies and technologies: ownership, validation, TRL history and what investors may see.

mod common;

use app::api::technologies::{TechnologyRow, TechnologyView};
use app::error::AppError;
use common::{demo_client, signed_in, TestApp};

fn company_form(name: &str, headcount: &str) -> Vec<(String, String)> {
    [
        ("legal_name", name),
        ("country", "FI"),
        ("city", "Espoo"),
        ("website", ""),
        ("year_founded", "2019"),
        ("headcount", headcount),
        ("turnover_eur", "4 000 000"),
        ("balance_sheet_eur", "3000000"),
        ("controlling_country", ""),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.to_owned()))
    .collect()
}

fn technology_form(title: &str, trl: &str, evidence: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("title", title),
        (
            "summary",
            "Detects small drones by their radio emissions with passive sensors.",
        ),
        ("confidential_details", "SECRET-SAUCE antenna geometry"),
        ("civil_applications", "Airports"),
        ("defence_applications", "Counter-UAS"),
        ("trl", trl),
        ("trl_evidence", evidence),
        ("keywords", "counter-UAS, RF"),
        ("export_status", "listed"),
        ("export_code", "5A001.f.1"),
        ("export_list_version", "2024"),
        ("ip_status", "patent_pending"),
        ("funding_sought_eur", "2000000"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.to_owned()))
    .collect();
    form.push(("form[areas][]".into(), "sensing".into()));
    form.push(("form[areas][]".into(), "artificial_intelligence".into()));
    form.push(("form[seeks][]".into(), "funding".into()));
    form
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn error_of(response: reqwest::Response) -> AppError {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A founder with a company and one technology; returns the client and the technology id.
async fn founder_with_technology(app: &TestApp, email: &str) -> (reqwest::Client, i64) {
    let client = signed_in(app, email, "founder").await;
    let saved = post(
        app,
        &client,
        "company/save",
        &company_form("Aurora Sensing Oy", "38"),
    )
    .await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    let created = post(
        app,
        &client,
        "technologies/create",
        &technology_form("Passive RF drone detection", "4", "Lab validation in 2025"),
    )
    .await;
    assert_eq!(created.status(), 200, "{}", created.text().await.unwrap());
    let id: i64 = created.json().await.unwrap();
    (client, id)
}

async fn founder_b_cannot_touch_founder_a_technology(app: &TestApp) {
    let (a, id) = founder_with_technology(app, "a@example.org").await;
    let b = signed_in(app, "b@example.org", "founder").await;
    assert_eq!(
        post(app, &b, "company/save", &company_form("Other Oy", "5"))
            .await
            .status(),
        200
    );
    let id_s = id.to_string();

    let read = post(app, &b, "technologies/form", &pairs(&[("id", &id_s)])).await;
    assert_eq!(
        read.status(),
        404,
        "B cannot read A's technology for editing"
    );
    let mut edit = technology_form("Hijacked", "9", "Trust me, it is flying");
    edit.push(("id".into(), id_s.clone()));
    assert_eq!(
        post(app, &b, "technologies/update", &edit).await.status(),
        404,
        "B cannot edit"
    );
    let archive = post(
        app,
        &b,
        "technologies/status",
        &pairs(&[("id", &id_s), ("change", "archive")]),
    )
    .await;
    assert_eq!(archive.status(), 404, "B cannot archive");
    assert_eq!(
        post(app, &b, "technologies/get", &pairs(&[("id", &id_s)]))
            .await
            .status(),
        404,
        "B cannot see A's draft"
    );

    let view: TechnologyView = post(app, &a, "technologies/get", &pairs(&[("id", &id_s)]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.title, "Passive RF drone detection");
    assert_eq!(view.trl.get(), 4);
    assert_eq!(view.status, app::domain::technology::TechStatus::Draft);
    assert!(view.can_edit);
}
db_test!(
    founder_b_cannot_read_edit_or_archive_founder_a_technology,
    founder_b_cannot_touch_founder_a_technology
);

async fn trl_history_keeps_every_change(app: &TestApp) {
    let (client, id) = founder_with_technology(app, "a@example.org").await;
    let id_s = id.to_string();
    for (trl, evidence) in [
        ("5", "Validated at a test range in 2026"),
        ("6", "Demonstrated to the army in a relevant environment"),
    ] {
        let mut form = technology_form("Passive RF drone detection", trl, evidence);
        form.push(("id".into(), id_s.clone()));
        assert_eq!(
            post(app, &client, "technologies/update", &form)
                .await
                .status(),
            200
        );
    }
    let view: TechnologyView = post(app, &client, "technologies/get", &pairs(&[("id", &id_s)]))
        .await
        .json()
        .await
        .unwrap();
    let history = view
        .restricted
        .expect("the owner sees the history")
        .trl_history;
    let trls: Vec<u8> = history.iter().map(|h| h.trl).collect();
    assert_eq!(trls, [6, 5, 4], "newest first, every change kept");
    assert_eq!(
        history[0].evidence,
        "Demonstrated to the army in a relevant environment"
    );
    assert_eq!(history[0].by, "Test User");
    assert!(history.iter().all(|h| !h.verified), "all self-declared");
    assert!(!view.trl_verified);

    // An officer verifies the TRL once the technology is submitted.
    assert_eq!(
        post(
            app,
            &client,
            "technologies/status",
            &pairs(&[("id", &id_s), ("change", "submit")])
        )
        .await
        .status(),
        200
    );
    let officer =
        common::staff_client(app, "marta@agency.example.org", "Marta Kowalska", "officer").await;
    let short = post(
        app,
        &officer,
        "technologies/verify_trl",
        &pairs(&[("id", &id_s), ("trl", "6"), ("note", "ok")]),
    )
    .await;
    assert_eq!(short.status(), 422);
    // The officer names the TRL they checked: a stale one verifies nothing.
    let stale = post(
        app,
        &officer,
        "technologies/verify_trl",
        &pairs(&[
            ("id", &id_s),
            ("trl", "5"),
            ("note", "Witnessed the 2026 trial"),
        ]),
    )
    .await;
    assert_eq!(stale.status(), 409);
    let out_of_range = post(
        app,
        &officer,
        "technologies/verify_trl",
        &pairs(&[
            ("id", &id_s),
            ("trl", "12"),
            ("note", "Witnessed the 2026 trial"),
        ]),
    )
    .await;
    assert_eq!(out_of_range.status(), 422);
    let verified = post(
        app,
        &officer,
        "technologies/verify_trl",
        &pairs(&[
            ("id", &id_s),
            ("trl", "6"),
            ("note", "Witnessed the 2026 trial"),
        ]),
    )
    .await;
    assert_eq!(verified.status(), 200);
    let view: TechnologyView = post(app, &client, "technologies/get", &pairs(&[("id", &id_s)]))
        .await
        .json()
        .await
        .unwrap();
    assert!(view.trl_verified);
    let history = view.restricted.unwrap().trl_history;
    assert_eq!(history.len(), 4);
    assert!(history[0].verified && history[0].by.contains("Marta Kowalska"));

    // New evidence from the company: what the officer verified no longer stands.
    let mut form = technology_form(
        "Passive RF drone detection",
        "6",
        "Demonstrated again with a new antenna array",
    );
    form.push(("id".into(), id_s.clone()));
    assert_eq!(
        post(app, &client, "technologies/update", &form)
            .await
            .status(),
        200
    );
    let view: TechnologyView = post(app, &client, "technologies/get", &pairs(&[("id", &id_s)]))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !view.trl_verified,
        "an evidence change clears the verification"
    );
}
db_test!(
    trl_history_after_two_changes,
    trl_history_keeps_every_change
);

async fn technology_fields_are_checked_and_nothing_is_saved(app: &TestApp) {
    let (client, _) = founder_with_technology(app, "a@example.org").await;
    let mut form = technology_form("X", "", "short");
    form.retain(|(k, _)| k != "form[areas][]");
    let response = post(app, &client, "technologies/create", &form).await;
    assert_eq!(response.status(), 422);
    let error = error_of(response).await;
    let fields = error.field_errors().unwrap();
    assert_eq!(fields.get("trl"), Some("choose a TRL from 1 to 9"));
    assert!(fields.get("title").is_some());
    assert!(fields.get("trl_evidence").is_some());
    assert!(fields.get("areas").is_some());
    let mine: Vec<TechnologyRow> = post(app, &client, "technologies/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.len(), 1, "nothing new was saved");
}
db_test!(
    bad_technology_input_is_refused_field_by_field,
    technology_fields_are_checked_and_nothing_is_saved
);

async fn company_profile_computes_sme_and_edf_eligibility(app: &TestApp) {
    let client = signed_in(app, "a@example.org", "founder").await;
    assert_eq!(
        post(app, &client, "company/save", &company_form("Big Oy", "250"))
            .await
            .status(),
        200
    );
    let view: Option<app::api::company::CompanyView> = post(app, &client, "company/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    let view = view.unwrap();
    let summary = view.summary.expect("saved company has a summary");
    assert!(!summary.is_sme, "250 staff is not an SME");
    assert!(summary.edf.eligible);

    let mut bad = company_form("Big Oy", "many");
    bad.retain(|(k, _)| k != "form[country]");
    bad.push(("form[country]".into(), "UK".into()));
    let response = post(app, &client, "company/save", &bad).await;
    assert_eq!(response.status(), 422);
    let error = error_of(response).await;
    assert!(error.field_errors().unwrap().get("headcount").is_some());
    assert!(error
        .field_errors()
        .unwrap()
        .get("country")
        .unwrap()
        .contains("ISO 3166-1"));
    let view: Option<app::api::company::CompanyView> = post(app, &client, "company/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        view.unwrap().form.headcount,
        "250",
        "the failed save changed nothing"
    );
}
db_test!(
    company_sme_status_and_validation,
    company_profile_computes_sme_and_edf_eligibility
);

async fn an_unverified_founder_cannot_submit(app: &TestApp) {
    let client = app.client();
    app.call(
        &client,
        "auth/sign_up",
        &[
            ("email", "u@example.org"),
            ("display_name", "U"),
            ("password", common::PASSWORD),
            ("role", "founder"),
        ],
    )
    .await;
    app.call(
        &client,
        "auth/sign_in",
        &[("email", "u@example.org"), ("password", common::PASSWORD)],
    )
    .await;
    assert_eq!(
        post(
            app,
            &client,
            "company/save",
            &company_form("Unverified Oy", "3")
        )
        .await
        .status(),
        200
    );
    let created = post(
        app,
        &client,
        "technologies/create",
        &technology_form("Draft thing", "3", "Lab notes from 2026"),
    )
    .await;
    let id: i64 = created.json().await.unwrap();
    let submit = post(
        app,
        &client,
        "technologies/status",
        &pairs(&[("id", &id.to_string()), ("change", "submit")]),
    )
    .await;
    assert_eq!(submit.status(), 403);
    assert_eq!(error_of(submit).await, AppError::Unverified);
}
db_test!(
    unverified_accounts_cannot_submit_to_officers_or_investors,
    an_unverified_founder_cannot_submit
);

async fn investors_never_see_confidential_details_or_export_codes(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let investor = demo_client(app, "investor@demo.lab2field.eu").await;
    let response = post(app, &investor, "technologies/submitted", &[]).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    let rows: Vec<TechnologyRow> = serde_json::from_str(&body).unwrap();
    let submitted = {
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        app::server::entities::technologies::Entity::find()
            .filter(app::server::entities::technologies::Column::Status.eq("submitted"))
            .count(app.db())
            .await
            .unwrap() as usize
    };
    assert_eq!(rows.len(), submitted, "every submitted demo technology");
    // The demo investor was granted one technology's details: that one may show them.
    let granted: Vec<i64> = {
        use app::server::entities::{access_requests, organisations};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let keen = organisations::Entity::find()
            .filter(organisations::Column::LegalName.eq("Keen Venture Partners"))
            .one(app.db())
            .await
            .unwrap()
            .unwrap();
        access_requests::Entity::find()
            .filter(access_requests::Column::InvestorOrgId.eq(keen.id))
            .filter(access_requests::Column::Status.eq("granted"))
            .all(app.db())
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.technology_id)
            .collect()
    };
    assert_eq!(granted.len(), 1);
    let mut bodies = vec![body];
    for row in rows.iter().filter(|r| !granted.contains(&r.id)) {
        let detail = post(
            app,
            &investor,
            "technologies/get",
            &pairs(&[("id", &row.id.to_string())]),
        )
        .await;
        assert_eq!(detail.status(), 200);
        bodies.push(detail.text().await.unwrap());
    }
    for body in &bodies {
        for secret in [
            "proprietary 8-element",
            "5A001",
            "MEMS mirrors",
            "export_control",
            "Vapour-cell",
            "trl_history",
            "confidential_details",
        ] {
            assert!(
                !body.contains(secret),
                "investor response leaks {secret:?}: {body}"
            );
        }
    }
    // Drafts are not even visible.
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let all: Vec<TechnologyRow> = post(app, &officer, "technologies/submitted", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.len(), submitted);
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let mine: Vec<TechnologyRow> = post(app, &founder, "technologies/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    let draft = mine
        .iter()
        .find(|t| t.status == app::domain::technology::TechStatus::Draft)
        .unwrap();
    let hidden = post(
        app,
        &investor,
        "technologies/get",
        &pairs(&[("id", &draft.id.to_string())]),
    )
    .await;
    assert_eq!(hidden.status(), 404);

    // Officers see the restricted part of submitted technologies.
    let detail: TechnologyView = post(
        app,
        &officer,
        "technologies/get",
        &pairs(&[("id", &rows[0].id.to_string())]),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(detail.restricted.is_some());
}
db_test!(
    investor_responses_never_contain_confidential_details_or_export_codes,
    investors_never_see_confidential_details_or_export_codes
);

async fn founders_cannot_use_officer_or_investor_lists(app: &TestApp) {
    let founder = signed_in(app, "a@example.org", "founder").await;
    assert_eq!(
        post(app, &founder, "technologies/submitted", &[])
            .await
            .status(),
        403
    );
    let investor = signed_in(app, "i@example.org", "investor").await;
    assert_eq!(
        post(
            app,
            &investor,
            "technologies/create",
            &technology_form("Nope", "3", "Investor trying")
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        post(
            app,
            &investor,
            "technologies/verify_trl",
            &pairs(&[("id", "1"), ("trl", "5"), ("note", "not an officer at all")])
        )
        .await
        .status(),
        403
    );
}
db_test!(
    roles_are_checked_on_registry_functions,
    founders_cannot_use_officer_or_investor_lists
);
