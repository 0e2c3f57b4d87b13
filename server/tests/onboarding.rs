//! The first-run checklist: each step turns done when its owner does it, the list disappears
//! when complete or hidden, officers and admins have none, and nobody sees another's list.

mod common;

use app::api::onboarding::Checklist;
use common::{json, refused, signed_in, staff_client, technology_fields, TestApp};

async fn checklist(app: &TestApp, client: &reqwest::Client) -> Option<Checklist> {
    json(app.call(client, "onboarding/checklist", &[]).await).await
}

fn done(list: &Option<Checklist>) -> Vec<bool> {
    list.as_ref()
        .expect("the checklist is shown")
        .steps
        .iter()
        .map(|s| s.done)
        .collect()
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

async fn founder_checklist_follows_the_work(app: &TestApp) {
    let founder = signed_in(app, "first-hour@example.org", "founder").await;
    assert_eq!(done(&checklist(app, &founder).await), [false; 4]);
    let html = page(app, &founder, "/company").await;
    assert!(html.contains("Getting started") && html.contains("0 of 4 done"));

    let company = [
        ("form[legal_name]", "Revontuli Photonics Oy"),
        ("form[country]", "FI"),
        ("form[city]", "Oulu"),
        ("form[website]", ""),
        ("form[year_founded]", "2022"),
        ("form[headcount]", "9"),
        ("form[turnover_eur]", "400000"),
        ("form[balance_sheet_eur]", "300000"),
        ("form[controlling_country]", ""),
    ];
    json::<()>(app.call(&founder, "company/save", &company).await).await;
    assert_eq!(
        done(&checklist(app, &founder).await),
        [true, false, false, false]
    );

    let form = technology_fields("Single-photon lidar for degraded visual environments");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id: i64 = json(app.call(&founder, "technologies/create", &form).await).await;
    let id = id.to_string();
    assert_eq!(
        done(&checklist(app, &founder).await),
        [true, true, false, false]
    );
    // The next step points at the new draft.
    let list = checklist(app, &founder).await.unwrap();
    assert_eq!(list.steps[2].href, format!("/technologies/{id}"));

    json::<()>(
        app.call(
            &founder,
            "technologies/status",
            &[("id", &id), ("change", "submit")],
        )
        .await,
    )
    .await;
    assert_eq!(
        done(&checklist(app, &founder).await),
        [true, true, true, false]
    );
    let html = page(app, &founder, "/technologies").await;
    assert!(html.contains("3 of 4 done"));

    // Seeing the matches completes the list, which then disappears.
    json::<serde_json::Value>(
        app.call(&founder, "matching/technology", &[("id", &id)])
            .await,
    )
    .await;
    assert!(checklist(app, &founder).await.is_none());
    let html = page(app, &founder, "/technologies").await;
    assert!(!html.contains("Getting started"));
}
db_test!(
    a_founders_checklist_follows_company_technology_submission_and_matches,
    founder_checklist_follows_the_work
);

async fn investor_checklist_and_hiding(app: &TestApp) {
    let investor = signed_in(app, "new-fund@example.org", "investor").await;
    // The catalogue only (accounts exist, so no demo accounts are added).
    server::demo::load_if_empty(app.db()).await.unwrap();
    assert_eq!(done(&checklist(app, &investor).await), [false; 3]);
    let save = |catalogue: &'static str| {
        let investor = investor.clone();
        async move {
            json::<()>(
                app.call(
                    &investor,
                    "investor/organisation/save",
                    &[
                        ("form[name]", "Baltic Frontier Capital"),
                        ("form[country]", "EE"),
                        ("form[website]", ""),
                        ("form[catalogue_investor_id]", catalogue),
                        ("form[controlling_country]", ""),
                    ],
                )
                .await,
            )
            .await
        }
    };
    save("").await;
    assert_eq!(done(&checklist(app, &investor).await), [true, false, false]);
    let html = page(app, &investor, "/deals").await;
    assert!(html.contains("1 of 3 done"));
    save("INV-NIF").await;
    assert_eq!(done(&checklist(app, &investor).await), [true, true, false]);
    json::<serde_json::Value>(
        app.call(
            &investor,
            "saved_searches/create",
            &[("name", "Maritime autonomy"), ("query", "q=maritime")],
        )
        .await,
    )
    .await;
    assert!(checklist(app, &investor).await.is_none());

    // Hiding: for good, and only the caller's own list.
    let other = signed_in(app, "busy-founder@example.org", "founder").await;
    let bystander = signed_in(app, "bystander@example.org", "founder").await;
    assert!(checklist(app, &other).await.is_some());
    let hidden = app.call(&other, "onboarding/hide", &[]).await;
    assert!(hidden.status().is_success(), "{}", hidden.status());
    assert!(checklist(app, &other).await.is_none());
    assert!(!page(app, &other, "/company")
        .await
        .contains("Getting started"));
    assert!(checklist(app, &bystander).await.is_some());

    // Staff have no checklist; strangers are asked to sign in.
    let officer = staff_client(app, "officer@example.org", "Olli Officer", "officer").await;
    assert!(checklist(app, &officer).await.is_none());
    refused(
        app.call(&app.client(), "onboarding/checklist", &[]).await,
        401,
    )
    .await;
    refused(app.call(&app.client(), "onboarding/hide", &[]).await, 401).await;
}
db_test!(
    an_investors_checklist_follows_organisation_thesis_and_search_and_can_be_hidden,
    investor_checklist_and_hiding
);
