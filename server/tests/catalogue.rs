//! The opportunity catalogue: importing the real file, all-or-nothing validation, listing.

mod common;

use app::domain::opportunity::OpportunityKind;
use app::server::catalogue::{self, CatalogueFilter, CatalogueSort};
use chrono::NaiveDate;
use common::TestApp;
use server::catalogue_import::{import_text, ImportError};

const REAL: &str = server::demo::CATALOGUE_JSON;

async fn the_real_catalogue_imports_once(app: &TestApp) {
    let first = import_text(app.db(), REAL)
        .await
        .expect("the real catalogue is valid");
    assert_eq!((first.created, first.updated, first.unchanged), (190, 0, 0));
    assert_eq!(catalogue::count(app.db()).await.unwrap(), 190);
    let second = import_text(app.db(), REAL).await.unwrap();
    assert_eq!(
        (second.created, second.updated, second.unchanged),
        (0, 0, 190),
        "re-importing changes nothing"
    );

    let count = |kind| {
        let db = app.db().clone();
        async move {
            catalogue::list(
                &db,
                &CatalogueFilter {
                    kind: Some(kind),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .len()
        }
    };
    assert_eq!(count(OpportunityKind::EdfCall).await, 152);
    assert_eq!(count(OpportunityKind::DianaChallenge).await, 18);
    assert_eq!(count(OpportunityKind::Investor).await, 20);

    // Optional fields survive the round trip.
    let nif = catalogue::get(app.db(), "INV-NIF").await.unwrap().unwrap();
    assert_eq!(
        nif.details.ticket_size.as_deref(),
        Some("initial tickets up to EUR 15m")
    );
    assert_eq!(nif.budget_eur, Some(1_000_000_000));

    // A changed entry is updated by id.
    let changed = REAL.replace(
        "initial tickets up to EUR 15m",
        "initial tickets up to EUR 20m",
    );
    let third = import_text(app.db(), &changed).await.unwrap();
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 189));
    let nif = catalogue::get(app.db(), "INV-NIF").await.unwrap().unwrap();
    assert_eq!(
        nif.details.ticket_size.as_deref(),
        Some("initial tickets up to EUR 20m")
    );
}
db_test!(
    importing_the_real_catalogue_gives_190_entries_and_a_second_import_changes_nothing,
    the_real_catalogue_imports_once
);

async fn one_bad_entry_stops_the_whole_import(app: &TestApp) {
    let mut entries: Vec<serde_json::Value> = serde_json::from_str(REAL).unwrap();
    entries[7]["trl_min"] = serde_json::json!(12);
    let id = entries[7]["id"].as_str().unwrap().to_owned();
    let text = serde_json::to_string(&entries).unwrap();
    match import_text(app.db(), &text).await {
        Err(ImportError::Invalid(issues)) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].index, 7);
            assert_eq!(issues[0].id.as_deref(), Some(id.as_str()));
            assert_eq!(issues[0].field, "trl_min");
            assert_eq!(issues[0].reason, "must be a TRL from 1 to 9 or null");
        }
        other => panic!("expected the import to be refused, got {other:?}"),
    }
    assert_eq!(
        catalogue::count(app.db()).await.unwrap(),
        0,
        "nothing was imported"
    );
}
db_test!(
    a_file_with_one_bad_entry_imports_nothing_and_names_the_entry,
    one_bad_entry_stops_the_whole_import
);

async fn open_now_and_sorting_follow_the_given_day(app: &TestApp) {
    import_text(app.db(), REAL).await.unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(REAL).unwrap();
    let expected = entries
        .iter()
        .filter(|e| e["deadline"].as_str().is_none_or(|d| d >= "2026-01-01"))
        .count();
    let open = catalogue::list(
        app.db(),
        &CatalogueFilter {
            open_on: Some(day),
            sort: CatalogueSort::DeadlineSoonest,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(open.len(), expected);
    assert!(open.iter().all(|r| r.is_open(day)));
    let dated: Vec<NaiveDate> = open.iter().filter_map(|r| r.deadline).collect();
    assert!(
        dated.windows(2).all(|w| w[0] <= w[1]),
        "soonest deadline first"
    );
    assert!(
        open.last().unwrap().deadline.is_none(),
        "rolling entries last"
    );
}
db_test!(
    open_now_filter_uses_its_own_clock,
    open_now_and_sorting_follow_the_given_day
);

async fn the_public_list_needs_no_sign_in_and_checks_its_filters(app: &TestApp) {
    import_text(app.db(), REAL).await.unwrap();
    let anonymous = app.client();
    let list: app::api::catalogue::CatalogueList = app
        .call(&anonymous, "catalogue/list", &[("kind", "diana_challenge")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.entries.len(), 18);
    assert!(!list.can_edit);
    let bad = app
        .call(&anonymous, "catalogue/list", &[("kind", "grant")])
        .await;
    assert_eq!(bad.status(), 422);
    let page = anonymous
        .get(app.url("/opportunities/INV-NIF"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("NATO Innovation Fund"));
    assert_eq!(
        anonymous
            .get(app.url("/opportunities/NOPE"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
db_test!(
    catalogue_pages_are_public,
    the_public_list_needs_no_sign_in_and_checks_its_filters
);

async fn the_catalogue_comes_in_pages(app: &TestApp) {
    import_text(app.db(), REAL).await.unwrap();
    let anonymous = app.client();
    let list = |params: Vec<(&'static str, String)>| {
        let client = anonymous.clone();
        async move {
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&client, "catalogue/list", &params).await
        }
    };
    let first: app::api::catalogue::CatalogueList = list(vec![]).await.json().await.unwrap();
    assert_eq!(first.total, 190);
    assert_eq!(first.page, 1);
    let per_page = first.per_page as usize;
    assert!(per_page < 190 && first.entries.len() == per_page);
    // Every entry on exactly one page, in the same order as one long list.
    let mut seen = Vec::new();
    for page in 1..=first.pages() {
        let this: app::api::catalogue::CatalogueList = list(vec![("page", page.to_string())])
            .await
            .json()
            .await
            .unwrap();
        assert!(this.entries.len() <= per_page);
        seen.extend(this.entries.into_iter().map(|e| e.record.id));
    }
    let all: Vec<String> = catalogue::list(app.db(), &CatalogueFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(seen, all);
    // Filters count and page together; past the end is an empty page, not an error.
    let edf: app::api::catalogue::CatalogueList =
        list(vec![("kind", "edf_call".into()), ("page", "2".into())])
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(edf.total, 152);
    assert!(edf
        .entries
        .iter()
        .all(|e| e.record.kind == OpportunityKind::EdfCall));
    let past: app::api::catalogue::CatalogueList = list(vec![("page", "99".into())])
        .await
        .json()
        .await
        .unwrap();
    assert!(past.entries.is_empty());
    assert_eq!(past.total, 190);
    for bad in ["0", "501", "-1", "two"] {
        let response = list(vec![("page", bad.into())]).await;
        assert_eq!(response.status(), 422, "page={bad}");
    }

    // The page itself: one page of cards, and a next link that keeps the filters.
    let html = anonymous
        .get(app.url("/opportunities?kind=edf_call&open=&page=2"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("class=\"card\"").count(), per_page);
    assert!(html.contains("152 opportunities"));
    assert!(html.contains("Page 2 of 7"), "{html}");
    assert!(html.contains("href=\"/opportunities?kind=edf_call&amp;page=3\""));
    assert!(html.contains("href=\"/opportunities?kind=edf_call&amp;page=1\""));
}
db_test!(
    the_catalogue_is_paged_with_its_filters_kept,
    the_catalogue_comes_in_pages
);

async fn officers_edit_entries_with_the_import_rules(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = common::demo_client(app, "officer@demo.lab2field.eu").await;
    let mut form: Vec<(String, String)> = app::domain::opportunity::OpportunityForm::from_record(
        &catalogue::get(app.db(), "INV-NIF").await.unwrap().unwrap(),
    )
    .pipe_pairs();
    form.push(("original_id".into(), "INV-NIF".into()));
    // Saves the form with `trl_min` set to `value`, as an officer.
    let mut save_with_trl_min = |value: &str| {
        for (k, v) in form.iter_mut() {
            if k == "form[trl_min]" {
                *v = value.to_owned();
            }
        }
        officer
            .post(app.url("/api/catalogue/save"))
            .header("accept", "application/json")
            .form(&form)
            .send()
    };
    let refused = save_with_trl_min("0").await.unwrap();
    assert_eq!(refused.status(), 422);
    let saved = save_with_trl_min("4").await.unwrap();
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    let nif = catalogue::get(app.db(), "INV-NIF").await.unwrap().unwrap();
    assert_eq!(nif.trl_min.map(|t| t.get()), Some(4));
    assert!(
        nif.details.fund_size_note.is_some(),
        "fields not on the form are kept"
    );

    let founder = common::demo_client(app, "founder@demo.lab2field.eu").await;
    let form = form.clone();
    let refused = founder
        .post(app.url("/api/catalogue/save"))
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}
db_test!(
    officers_edit_catalogue_entries,
    officers_edit_entries_with_the_import_rules
);

trait PipePairs {
    fn pipe_pairs(&self) -> Vec<(String, String)>;
}

impl PipePairs for app::domain::opportunity::OpportunityForm {
    fn pipe_pairs(&self) -> Vec<(String, String)> {
        let value = serde_json::to_value(self).unwrap();
        value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                (
                    format!("form[{k}]"),
                    v.as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }
}

async fn admins_upload_the_catalogue_and_bad_files_change_nothing(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let admin = common::demo_client(app, "admin@demo.lab2field.eu").await;
    let mut entries: Vec<serde_json::Value> = serde_json::from_str(REAL).unwrap();
    entries[3]["eligible_countries"] = serde_json::json!(["UK"]);
    entries[0]["title"] = serde_json::json!("Changed title that must not land");
    let bad = serde_json::to_string(&entries).unwrap();
    let part = reqwest::multipart::Part::text(bad).file_name("catalogue.json");
    let response = admin
        .post(app.url("/admin/import/upload"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let outcome = upload_outcome(app, &admin).await;
    match outcome {
        Some(app::domain::opportunity::UploadOutcome::Rejected { issues, .. }) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].index, 3);
            assert_eq!(issues[0].field, "eligible_countries");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    let first = catalogue::get(app.db(), entries[0]["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(first.title, "Changed title that must not land");

    let founder = common::demo_client(app, "founder@demo.lab2field.eu").await;
    let part = reqwest::multipart::Part::text(REAL.to_owned()).file_name("catalogue.json");
    let refused = founder
        .post(app.url("/admin/import/upload"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}
db_test!(
    admin_upload_follows_the_same_rules,
    admins_upload_the_catalogue_and_bad_files_change_nothing
);

/// What the import page shows after the last upload (and forgets it, as the page does).
async fn upload_outcome(
    app: &TestApp,
    admin: &reqwest::Client,
) -> Option<app::domain::opportunity::UploadOutcome> {
    app.call(admin, "admin/import_outcome", &[])
        .await
        .json()
        .await
        .unwrap()
}

/// Imports a portal search result as `lab2field import ft-portal` does.
async fn import_portal(
    app: &TestApp,
    json: &str,
    name: &str,
) -> Result<app::domain::opportunity::ImportSummary, ImportError> {
    server::catalogue_import::import_as(
        app.db(),
        app::domain::opportunity::ImportFormat::FtPortal,
        json,
        name,
    )
    .await
}

const PORTAL_SAMPLE: &str = include_str!("../catalogue/ft-portal-sample.json");

async fn portal_topics_refresh_the_catalogue_all_or_nothing(app: &TestApp) {
    use app::domain::opportunity::CallStatus;
    import_text(app.db(), REAL).await.unwrap();
    let before = catalogue::get(app.db(), "EDF-2026-RA-UWW-FUWN")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.details.status, None);

    let first = import_portal(app, PORTAL_SAMPLE, "sample.json")
        .await
        .expect("the recorded sample is valid");
    assert_eq!((first.created, first.updated, first.unchanged), (0, 26, 0));
    let after = catalogue::get(app.db(), "EDF-2026-RA-UWW-FUWN")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.details.status, Some(CallStatus::Closed));
    assert_eq!(after.tags, before.tags, "curated tags are kept");
    assert_eq!(after.trl_min, before.trl_min);
    assert_eq!(
        after.details.thematic_category,
        before.details.thematic_category
    );
    assert_eq!(after.deadline, NaiveDate::from_ymd_opt(2026, 9, 29));
    assert_eq!(
        after.details.deadline_note, None,
        "the portal's deadline is not inferred"
    );
    assert!(after
        .details
        .data_source
        .as_deref()
        .is_some_and(|s| s.contains("EU Funding & Tenders Portal") && s.contains("sample.json")));
    let again = import_portal(app, PORTAL_SAMPLE, "sample.json")
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 26));

    // A new forthcoming topic beside a wrong one: nothing lands, every problem is named.
    let mut file: serde_json::Value = serde_json::from_str(PORTAL_SAMPLE).unwrap();
    let results = file["results"].as_array_mut().unwrap();
    let mut new = results[0].clone();
    new["metadata"]["identifier"] = serde_json::json!(["EDF-2027-RA-SENS-PRFD"]);
    new["metadata"]["title"] = serde_json::json!(["Passive RF detection of small drones"]);
    new["metadata"]["status"] = serde_json::json!(["31094501"]);
    new["metadata"]["startDate"] = serde_json::json!(["2027-03-03T23:00:00.000+0000"]);
    new["metadata"]["deadlineDate"] = serde_json::json!(["2027-10-14T17:00:00.000+0200"]);
    new["metadata"]["budgetOverview"] = serde_json::json!([
        r#"{"budgetTopicActionMap":{"9":[{"action":"EDF-2027-RA-SENS-PRFD - EDF-RA","budgetYearMap":{"2027":25000000}}]}}"#
    ]);
    results.push(new);
    results[4]["metadata"]["status"] = serde_json::json!(["closed"]);
    results[5]["metadata"]["deadlineDate"] = serde_json::json!(["29/09/2026"]);
    match import_portal(app, &file.to_string(), "x.json").await {
        Err(ImportError::Invalid(issues)) => {
            let named: Vec<(usize, &str)> =
                issues.iter().map(|i| (i.index, i.field.as_str())).collect();
            assert_eq!(
                named,
                vec![(4, "metadata.status"), (5, "metadata.deadlineDate[0]")]
            );
        }
        other => panic!("expected the file to be refused, got {other:?}"),
    }
    assert!(catalogue::get(app.db(), "EDF-2027-RA-SENS-PRFD")
        .await
        .unwrap()
        .is_none());

    let results = file["results"].as_array_mut().unwrap();
    results[4]["metadata"]["status"] = serde_json::json!(["31094503"]);
    results[5]["metadata"]["deadlineDate"] = serde_json::json!(["2026-09-29"]);
    let fixed = import_portal(app, &file.to_string(), "x.json")
        .await
        .unwrap();
    assert_eq!(fixed.created, 1);
    let new = catalogue::get(app.db(), "EDF-2027-RA-SENS-PRFD")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new.kind, OpportunityKind::EdfCall);
    assert_eq!(new.budget_eur, Some(25_000_000));
    assert_eq!(
        new.forthcoming_on(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
        NaiveDate::from_ymd_opt(2027, 3, 4)
    );
    assert_eq!(
        new.details.thematic_category.as_deref(),
        Some("Advanced passive and active sensors")
    );

    // An id held by an entry of another kind is refused, not turned into a topic.
    let entries: Vec<serde_json::Value> = serde_json::from_str(REAL).unwrap();
    let mut investor = entries
        .iter()
        .find(|e| e["id"] == "INV-NIF")
        .unwrap()
        .clone();
    investor["id"] = serde_json::json!("EDF-2099-RA-CLASH");
    import_text(app.db(), &serde_json::json!([investor]).to_string())
        .await
        .unwrap();
    let mut clash: serde_json::Value = serde_json::from_str(PORTAL_SAMPLE).unwrap();
    clash["results"][1]["metadata"]["identifier"] = serde_json::json!(["edf-2099-ra-clash"]);
    match import_portal(app, &clash.to_string(), "x.json").await {
        Err(ImportError::Invalid(issues)) => {
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert_eq!(issues[0].id.as_deref(), Some("EDF-2099-RA-CLASH"));
            assert!(
                issues[0].reason.contains("another kind (Investor)"),
                "{issues:?}"
            );
        }
        other => panic!("expected the clash to be refused, got {other:?}"),
    }
    let kept = catalogue::get(app.db(), "EDF-2099-RA-CLASH")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.kind, OpportunityKind::Investor);
    server::demo::load_if_empty(app.db()).await.unwrap();
    let upload_format = |format: &'static str, text: String| {
        reqwest::multipart::Form::new().text("format", format).part(
            "file",
            reqwest::multipart::Part::text(text).file_name("portal.json"),
        )
    };
    let admin = common::demo_client(app, "admin@demo.lab2field.eu").await;
    let mut bad: serde_json::Value = serde_json::from_str(PORTAL_SAMPLE).unwrap();
    bad["results"][2]["metadata"]["identifier"] = serde_json::json!(["HORIZON-CL3-2027-X"]);
    let response = admin
        .post(app.url("/admin/import/upload"))
        .multipart(upload_format("ft_portal", bad.to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let outcome = upload_outcome(app, &admin).await;
    match outcome {
        Some(app::domain::opportunity::UploadOutcome::Rejected { issues, .. }) => {
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert_eq!(
                (issues[0].index, issues[0].field.as_str()),
                (2, "metadata.identifier")
            );
            assert!(issues[0].reason.contains("European Defence Fund"));
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    // The portal's file read as the catalogue's format is refused as a whole.
    admin
        .post(app.url("/admin/import/upload"))
        .multipart(upload_format("catalogue", PORTAL_SAMPLE.to_owned()))
        .send()
        .await
        .unwrap();
    let outcome = upload_outcome(app, &admin).await;
    assert!(
        matches!(
            outcome,
            Some(app::domain::opportunity::UploadOutcome::Rejected { .. })
        ),
        "{outcome:?}"
    );
    admin
        .post(app.url("/admin/import/upload"))
        .multipart(upload_format("spreadsheet", PORTAL_SAMPLE.to_owned()))
        .send()
        .await
        .unwrap();
    let outcome = upload_outcome(app, &admin).await;
    match outcome {
        Some(app::domain::opportunity::UploadOutcome::Rejected { message, .. }) => {
            assert!(message.starts_with("format: must be one of"), "{message}")
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    let officer = common::demo_client(app, "officer@demo.lab2field.eu").await;
    let refused = officer
        .post(app.url("/admin/import/upload"))
        .multipart(upload_format("ft_portal", PORTAL_SAMPLE.to_owned()))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}
db_test!(
    portal_search_results_refresh_edf_topics_all_or_nothing,
    portal_topics_refresh_the_catalogue_all_or_nothing
);
