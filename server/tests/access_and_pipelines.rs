//! Confidential details shared by the founder's decision, the export-control rule, the
//! foreign-investment notice, and investors' private pipelines.

mod common;

use app::api::access::AccessRequestView;
use app::api::pipelines::{PipelineSummary, PipelineView};
use app::api::technologies::TechnologyView;
use app::domain::access::AccessStatus;
use app::domain::pipeline::DealStage;
use common::{demo_client, json, refused, signed_in, technology_id, TestApp};

const RF_TITLE: &str = "Passive RF detection network for small drones";
const CONFIDENTIAL: &str = "interferometric antenna array";

/// A verified investor with an organisation based in `country`.
async fn investor(
    app: &TestApp,
    email: &str,
    name: &str,
    country: &str,
    controlled: &str,
) -> reqwest::Client {
    let client = signed_in(app, email, "investor").await;
    json::<()>(
        app.call(
            &client,
            "investor/organisation/save",
            &[
                ("form[name]", name),
                ("form[country]", country),
                ("form[website]", ""),
                ("form[catalogue_investor_id]", ""),
                ("form[controlling_country]", controlled),
            ],
        )
        .await,
    )
    .await;
    client
}

async fn technology(app: &TestApp, client: &reqwest::Client, id: i64) -> TechnologyView {
    json(
        app.call(client, "technologies/get", &[("id", &id.to_string())])
            .await,
    )
    .await
}

async fn requests(app: &TestApp, founder: &reqwest::Client, id: i64) -> Vec<AccessRequestView> {
    json(
        app.call(
            founder,
            "access/requests",
            &[("technology_id", &id.to_string())],
        )
        .await,
    )
    .await
}

async fn decide(
    app: &TestApp,
    client: &reqwest::Client,
    request: i64,
    decision: &str,
) -> reqwest::Response {
    app.call(
        client,
        "access/decide",
        &[("id", &request.to_string()), ("decision", decision)],
    )
    .await
}

async fn access_is_granted_by_the_founder(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let keen = demo_client(app, "investor@demo.lab2field.eu").await;
    let other = investor(app, "nordic@example.org", "Nordic Deep Tech", "SE", "").await;
    let tech = technology_id(app, RF_TITLE).await;
    let t = tech.to_string();

    // Before any grant: public fields only, and no confidential text anywhere in the answer.
    let response = app.call(&keen, "technologies/get", &[("id", &t)]).await;
    let body = response.text().await.unwrap();
    assert!(!body.contains(CONFIDENTIAL), "{body}");
    assert!(
        !body.contains("5A001"),
        "the export-control code stays hidden"
    );
    refused(
        app.call(&keen, "matching/technology", &[("id", &t)]).await,
        404,
    )
    .await;

    // Only investors request, only founders decide, only for their own technology.
    refused(
        app.call(&founder, "access/request", &[("technology_id", &t)])
            .await,
        403,
    )
    .await;
    refused(
        app.call(&officer, "access/request", &[("technology_id", &t)])
            .await,
        403,
    )
    .await;
    json::<()>(
        app.call(
            &keen,
            "access/request",
            &[
                ("technology_id", &t),
                ("message", "We lead seed rounds in sensing."),
            ],
        )
        .await,
    )
    .await;
    refused(
        app.call(&keen, "access/request", &[("technology_id", &t)])
            .await,
        409,
    )
    .await;
    json::<()>(
        app.call(&other, "access/request", &[("technology_id", &t)])
            .await,
    )
    .await;
    assert_eq!(
        technology(app, &keen, tech).await.access_request,
        Some(AccessStatus::Requested)
    );
    refused(
        app.call(&keen, "access/requests", &[("technology_id", &t)])
            .await,
        403,
    )
    .await;
    let stranger = signed_in(app, "someone@example.org", "founder").await;
    refused(
        app.call(&stranger, "access/requests", &[("technology_id", &t)])
            .await,
        404,
    )
    .await;

    // The demo holds requests of its own on this technology; these are the two just made.
    let list = requests(app, &founder, tech).await;
    assert_eq!(
        list.iter()
            .filter(|r| ["Keen Venture Partners", "Nordic Deep Tech"].contains(&r.investor.as_str()))
            .count(),
        2
    );
    let keen_request = list
        .iter()
        .find(|r| r.investor == "Keen Venture Partners")
        .unwrap();
    assert_eq!(keen_request.message, "We lead seed rounds in sensing.");
    assert!(
        keen_request.notice.is_none(),
        "a Dutch investor needs no notice"
    );
    let nordic_request = list
        .iter()
        .find(|r| r.investor == "Nordic Deep Tech")
        .unwrap()
        .id;

    // The founder is told of the request by e-mail.
    let request_mail = app
        .wait_for_mail_to("founder@demo.lab2field.eu", "Keen Venture Partners asks")
        .await;
    assert!(request_mail.contains("Content-Type: text/html"));

    // A stranger cannot decide; a grant is for that one organisation only.
    refused(decide(app, &stranger, keen_request.id, "grant").await, 404).await;
    refused(decide(app, &keen, keen_request.id, "grant").await, 403).await;
    json::<()>(decide(app, &founder, keen_request.id, "grant").await).await;
    let seen = technology(app, &keen, tech).await;
    let details = seen.restricted.expect("granted investors see the details");
    assert!(details.confidential_details.contains(CONFIDENTIAL));
    assert!(
        technology(app, &other, tech).await.restricted.is_none(),
        "not granted: still hidden"
    );
    app.wait_for_mail_to(
        "investor@demo.lab2field.eu",
        "has granted your organisation access",
    )
    .await;

    // Denied and revoked requests hide the details again; asking again is allowed.
    json::<()>(decide(app, &founder, nordic_request, "deny").await).await;
    refused(decide(app, &founder, nordic_request, "grant").await, 409).await;
    assert_eq!(
        technology(app, &other, tech).await.access_request,
        Some(AccessStatus::Denied)
    );
    json::<()>(decide(app, &founder, keen_request.id, "revoke").await).await;
    // The investor is told, with a link to the technology.
    let mail = app
        .wait_for_mail_to(
            "investor@demo.lab2field.eu",
            "has revoked your organisation's access",
        )
        .await;
    assert!(common::text_part(&mail).contains(&format!("/technologies/{tech}")));
    let seen = technology(app, &keen, tech).await;
    assert!(seen.restricted.is_none());
    assert_eq!(seen.access_request, Some(AccessStatus::Revoked));
    json::<()>(
        app.call(&keen, "access/request", &[("technology_id", &t)])
            .await,
    )
    .await;

    // Officers always see them.
    assert!(technology(app, &officer, tech).await.restricted.is_some());

    // Every step is audited; admins browse it, others cannot.
    let admin = demo_client(app, "admin@demo.lab2field.eu").await;
    let log: app::api::admin::AuditPage = json(
        app.call(&admin, "admin/audit", &[("action", "access")])
            .await,
    )
    .await;
    let actions: Vec<&str> = log.entries.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "access.request",
        "access.grant",
        "access.deny",
        "access.revoke",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(log.entries.iter().all(|e| e.action.starts_with("access.")));
    refused(app.call(&officer, "admin/audit", &[]).await, 403).await;
    refused(app.call(&keen, "admin/audit", &[]).await, 403).await;
}
db_test!(
    confidential_details_reach_only_the_granted_investor,
    access_is_granted_by_the_founder
);

async fn export_control_and_foreign_investment(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let swiss = investor(app, "alpine@example.org", "Alpine Capital", "CH", "").await;
    let controlled = investor(app, "holding@example.org", "Lux Holding", "LU", "CN").await;
    let allied = investor(app, "nordic@example.org", "Nordic Deep Tech", "SE", "").await;
    let tech = technology_id(app, RF_TITLE).await; // listed under Annex I (5A001.f.1)
    let t = tech.to_string();
    for client in [&swiss, &controlled, &allied] {
        json::<()>(
            app.call(client, "access/request", &[("technology_id", &t)])
                .await,
        )
        .await;
    }
    let list = requests(app, &founder, tech).await;
    let by_name = |name: &str| list.iter().find(|r| r.investor == name).unwrap().clone();
    let swiss_request = by_name("Alpine Capital");
    assert!(swiss_request
        .notice
        .as_deref()
        .unwrap()
        .contains("based in Switzerland"));
    assert!(swiss_request
        .export_blocked
        .as_deref()
        .unwrap()
        .contains("based in Switzerland"));
    let lux_request = by_name("Lux Holding");
    assert!(lux_request
        .notice
        .as_deref()
        .unwrap()
        .contains("controlled from China"));
    // Based in the EU but controlled from China: the export rule follows control.
    assert!(lux_request
        .export_blocked
        .as_deref()
        .unwrap()
        .contains("controlled from China"));
    assert_eq!(by_name("Nordic Deep Tech").export_blocked, None);

    // Export-controlled details never go to an investor based or controlled outside the
    // EU/EEA/NATO; the founder is told why.
    let error = refused(decide(app, &founder, swiss_request.id, "grant").await, 409).await;
    assert!(
        error.form_message().contains("export-controlled"),
        "{error}"
    );
    assert!(technology(app, &swiss, tech).await.restricted.is_none());
    let error = refused(decide(app, &founder, lux_request.id, "grant").await, 409).await;
    assert!(
        error.form_message().contains("controlled from China"),
        "{error}"
    );
    assert!(technology(app, &controlled, tech)
        .await
        .restricted
        .is_none());

    // An allied investor is granted; once it declares control from outside, the grant stops
    // working at once (checked on every read), and starts again when that is undone.
    json::<()>(decide(app, &founder, by_name("Nordic Deep Tech").id, "grant").await).await;
    assert!(technology(app, &allied, tech).await.restricted.is_some());
    let save_org = |controlled: &'static str| {
        let fields = [
            ("form[name]", "Nordic Deep Tech"),
            ("form[country]", "SE"),
            ("form[website]", ""),
            ("form[catalogue_investor_id]", ""),
            ("form[controlling_country]", controlled),
        ];
        let client = allied.clone();
        async move {
            app.call(&client, "investor/organisation/save", &fields)
                .await
        }
    };
    json::<()>(save_org("RU").await).await;
    let seen = technology(app, &allied, tech).await;
    assert!(
        seen.restricted.is_none(),
        "details shown after control moved"
    );
    let search: serde_json::Value = json(
        app.call(
            &allied,
            "search/technologies",
            &[("query[text]", "antenna")],
        )
        .await,
    )
    .await;
    assert!(!search.to_string().contains(CONFIDENTIAL));
    json::<()>(save_org("").await).await;
    assert!(technology(app, &allied, tech).await.restricted.is_some());
}
db_test!(
    export_controlled_details_go_only_to_allied_investors_and_founders_see_the_notice,
    export_control_and_foreign_investment
);

async fn pipelines_are_private(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let keen = demo_client(app, "investor@demo.lab2field.eu").await;
    let other = investor(app, "nordic@example.org", "Nordic Deep Tech", "SE", "").await;
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let tech = technology_id(app, RF_TITLE).await;
    let t = tech.to_string();

    // The first deal creates the default pipeline.
    let pipeline: i64 = json(
        app.call(&keen, "pipelines/add", &[("technology_id", &t)])
            .await,
    )
    .await;
    refused(
        app.call(
            &keen,
            "pipelines/add",
            &[
                ("technology_id", &t),
                ("pipeline_id", &pipeline.to_string()),
            ],
        )
        .await,
        409,
    )
    .await;
    // The technology page tells the investor which pipelines hold it; nobody else learns it.
    let held: Vec<app::api::pipelines::PipelineHolding> = json(
        app.call(&keen, "pipelines/holding", &[("technology_id", &t)])
            .await,
    )
    .await;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].id, pipeline);
    let page = keen
        .get(app.url(&format!("/technologies/{tech}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Already in your pipelines"));
    let theirs: Vec<app::api::pipelines::PipelineHolding> = json(
        app.call(&other, "pipelines/holding", &[("technology_id", &t)])
            .await,
    )
    .await;
    assert!(theirs.is_empty());
    // A draft (invisible to investors) cannot be added.
    let draft = technology_id(app, "Edge AI sensor fusion module").await;
    refused(
        app.call(
            &keen,
            "pipelines/add",
            &[("technology_id", &draft.to_string())],
        )
        .await,
        404,
    )
    .await;
    let p = pipeline.to_string();
    let board: PipelineView = json(app.call(&keen, "pipelines/board", &[("id", &p)]).await).await;
    let sourced = &board
        .columns
        .iter()
        .find(|(s, _)| *s == DealStage::Sourced)
        .unwrap()
        .1;
    // The demo investor's pipeline holds other deals too; this one is the new, sourced one.
    let added: Vec<_> = sourced.iter().filter(|d| d.technology_id == tech).collect();
    assert_eq!(added.len(), 1);
    let deal = added[0].id.to_string();

    // Moves follow the pipeline's rule; notes are kept.
    refused(
        app.call(
            &keen,
            "pipelines/move",
            &[("id", &deal), ("to", "term_sheet")],
        )
        .await,
        422,
    )
    .await;
    json::<()>(
        app.call(
            &keen,
            "pipelines/move",
            &[("id", &deal), ("to", "contacted")],
        )
        .await,
    )
    .await;
    json::<()>(
        app.call(
            &keen,
            "pipelines/note",
            &[("id", &deal), ("body", "Call with the CTO on Friday")],
        )
        .await,
    )
    .await;
    refused(
        app.call(&keen, "pipelines/note", &[("id", &deal), ("body", "  ")])
            .await,
        422,
    )
    .await;

    // Nobody outside the organisation sees or touches it, and nothing hints it exists.
    for client in [&other, &founder, &officer] {
        let response = app.call(client, "pipelines/board", &[("id", &p)]).await;
        assert!(matches!(response.status().as_u16(), 403 | 404));
        let response = app
            .call(client, "pipelines/move", &[("id", &deal), ("to", "passed")])
            .await;
        assert!(matches!(response.status().as_u16(), 403 | 404));
        let response = app
            .call(
                client,
                "pipelines/note",
                &[("id", &deal), ("body", "snooping")],
            )
            .await;
        assert!(matches!(response.status().as_u16(), 403 | 404));
    }
    let missing = app
        .call(&other, "pipelines/board", &[("id", "999999")])
        .await;
    assert_eq!(
        missing.status(),
        404,
        "another's pipeline looks exactly like a missing one"
    );
    let theirs: Vec<PipelineSummary> = json(app.call(&other, "pipelines/list", &[]).await).await;
    assert!(theirs.is_empty());
    // The other investor can track the same technology in their own pipeline.
    let own: i64 = json(
        app.call(&other, "pipelines/add", &[("technology_id", &t)])
            .await,
    )
    .await;
    assert_ne!(own, pipeline);
    // The founder's view of the technology says nothing about pipelines.
    let body = app
        .call(&founder, "technologies/get", &[("id", &t)])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !body.contains("Keen") && !body.contains("pipeline"),
        "{body}"
    );

    let board: PipelineView = json(app.call(&keen, "pipelines/board", &[("id", &p)]).await).await;
    let contacted = &board
        .columns
        .iter()
        .find(|(s, _)| *s == DealStage::Contacted)
        .unwrap()
        .1;
    let moved = contacted
        .iter()
        .find(|d| d.technology_id == tech)
        .expect("the deal moved to contacted");
    assert_eq!(moved.notes.len(), 1);
    assert_eq!(moved.notes[0].body, "Call with the CTO on Friday");
    let named: i64 = json(
        app.call(&keen, "pipelines/create", &[("name", "Fund III sensing")])
            .await,
    )
    .await;
    refused(
        app.call(&keen, "pipelines/create", &[("name", "Fund III sensing")])
            .await,
        422,
    )
    .await;
    // Listed in the order they were made (after the demo investor's own second pipeline).
    let list: Vec<PipelineSummary> = json(app.call(&keen, "pipelines/list", &[]).await).await;
    let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
    assert_eq!(ids.first(), Some(&pipeline));
    assert_eq!(ids.last(), Some(&named));
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}
db_test!(
    an_investors_pipeline_is_invisible_to_everyone_else,
    pipelines_are_private
);

async fn an_investor_without_an_organisation_is_shown_the_way(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let newcomer = signed_in(app, "new-fund@example.org", "investor").await;
    let tech = technology_id(app, RF_TITLE).await;
    // Pages render normally (200) and explain the next step with a link.
    for path in ["/pipelines".to_owned(), format!("/technologies/{tech}")] {
        let page = newcomer.get(app.url(&path)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        let html = page.text().await.unwrap();
        assert!(html.contains("Describe your organisation"), "{path}");
        assert!(html.contains("href=\"/investor/organisation\""), "{path}");
    }
    // The API says the same in plain words: no internal names.
    let error = refused(
        app.call(
            &newcomer,
            "pipelines/add",
            &[("technology_id", &tech.to_string())],
        )
        .await,
        409,
    )
    .await;
    let message = error.to_string();
    assert!(message.contains("/investor/organisation"), "{message}");
    assert!(!message.contains("form"), "{message}");
    let has: bool = json(app.call(&newcomer, "investor/has_organisation", &[]).await).await;
    assert!(!has);
    let described = investor(app, "described@example.org", "Described Fund", "DE", "").await;
    let has: bool = json(app.call(&described, "investor/has_organisation", &[]).await).await;
    assert!(has);
}
db_test!(
    investors_without_an_organisation_get_a_plain_next_step,
    an_investor_without_an_organisation_is_shown_the_way
);
