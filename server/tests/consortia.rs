//! Consortium builder: a founder opens a draft from an EDF topic, partners are suggested (only
//! companies that look for partners, from eligible countries, not controlled from outside),
//! invited, accept or decline; the live check follows; every forbidden path is refused; officers
//! see demand per topic without names.

mod common;

use app::domain::consortium::{MemberStatus, Rule};
use app::domain::consortium_view::{ConsortiumView, TopicDemand};
use app::domain::opportunity::OpportunityKind;
use common::{demo_client, json, refused, signed_in, TestApp};
use std::time::{Duration, Instant};

const AURORA: &str = "founder@demo.lab2field.eu";
const POLAND: &str = "founder.pl@demo.lab2field.eu";
const GERMANY: &str = "founder.de@demo.lab2field.eu";
const NETHERLANDS: &str = "founder.nl@demo.lab2field.eu";
/// An open topic made for the test from the catalogue's counter-UAS topic (every topic in the
/// bundled catalogue has closed).
const TOPIC: &str = "EDF-2027-DA-AIRDEF-CUAS-TEST";

/// Demo data, plus an open counter-UAS topic, indexed.
async fn world(app: &TestApp) -> reqwest::Client {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let mut topic = app::server::catalogue::get(app.db(), "EDF-2023-DA-AIRDEF-CUAS")
        .await
        .unwrap()
        .expect("the catalogue's counter-UAS topic");
    assert_eq!(topic.kind, OpportunityKind::EdfCall);
    topic.id = TOPIC.to_owned();
    topic.deadline = Some(chrono::Utc::now().date_naive() + chrono::Duration::days(120));
    app::server::catalogue::import(app.db(), &[topic], || {})
        .await
        .unwrap();
    app.server.as_ref().unwrap().notify_search();
    let aurora = demo_client(app, AURORA).await;
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    // The partners' technologies are indexed once a search finds them.
    let start = Instant::now();
    loop {
        let fits = app
            .call(&officer, "matching/opportunity", &[("id", TOPIC)])
            .await
            .text()
            .await
            .unwrap();
        if fits.contains("Wisła Radar") && fits.contains("Rheinland Acoustics") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "partners not indexed: {fits}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    aurora
}

async fn open(app: &TestApp, client: &reqwest::Client, topic: &str) -> i64 {
    json(
        app.call(client, "consortia/open", &[("topic_id", topic)])
            .await,
    )
    .await
}

async fn view(app: &TestApp, client: &reqwest::Client, id: i64) -> ConsortiumView {
    json(
        app.call(client, "consortia/get", &[("id", &id.to_string())])
            .await,
    )
    .await
}

fn member_id(v: &ConsortiumView, name: &str) -> i64 {
    v.members
        .iter()
        .find(|m| m.organisation.starts_with(name))
        .unwrap_or_else(|| panic!("{name} not among {:?}", v.members))
        .id
}

fn suggested(v: &ConsortiumView, name: &str) -> i64 {
    v.suggestions
        .iter()
        .find(|s| s.organisation.starts_with(name))
        .unwrap_or_else(|| panic!("{name} not suggested: {:?}", v.suggestions))
        .organisation_id
}

async fn invite(
    app: &TestApp,
    client: &reqwest::Client,
    id: i64,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let id = id.to_string();
    let mut form = vec![("consortium_id", id.as_str())];
    form.extend_from_slice(fields);
    app.call(client, "consortia/invite", &form).await
}

async fn answer(
    app: &TestApp,
    client: &reqwest::Client,
    membership: i64,
    answer: &str,
) -> reqwest::Response {
    app.call(
        client,
        "consortia/answer",
        &[
            ("membership_id", &membership.to_string()),
            ("answer", answer),
        ],
    )
    .await
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    use app::server::entities::audit_log;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    audit_log::Entity::find()
        .filter(audit_log::Column::SubjectType.eq("consortium"))
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect()
}

async fn a_founder_forms_an_eligible_consortium(app: &TestApp) {
    let aurora = world(app).await;
    let id = open(app, &aurora, TOPIC).await;
    assert_eq!(
        open(app, &aurora, TOPIC).await,
        id,
        "opening again reopens the draft"
    );

    let draft = view(app, &aurora, id).await;
    assert!(draft.can_manage);
    assert!(!draft.eligible);
    assert_eq!(draft.members.len(), 1);
    assert_eq!(
        draft.eligibility.missing,
        vec!["two more entities from other eligible countries"]
    );
    // Suggestions: only companies that look for partners, eligible, and never the lead.
    let poland = suggested(&draft, "Wisła Radar");
    let germany = suggested(&draft, "Rheinland Acoustics");
    let pl = draft
        .suggestions
        .iter()
        .find(|s| s.organisation_id == poland)
        .unwrap();
    assert!(
        pl.reasons
            .iter()
            .any(|r| r == "adds Poland — a second eligible country"),
        "{:?}",
        pl.reasons
    );
    assert!(pl.closes_gap);
    for s in &draft.suggestions {
        assert_ne!(s.organisation, "Aurora Sensing Oy");
        assert!(
            !s.organisation.starts_with("Noordzee"),
            "controlled from the US"
        );
        assert!(
            !s.organisation.starts_with("Helvetia"),
            "controlled from China"
        );
        let tech = app::server::technologies::find(app.db(), s.technology.id)
            .await
            .unwrap()
            .unwrap();
        assert!(
            tech.draft
                .seeks
                .contains(&app::domain::technology::Seek::Partners),
            "{} did not opt in",
            s.organisation
        );
    }

    // Invite Poland from the suggestions, Germany by name (any case).
    let poland_id = poland.to_string();
    let ok = invite(
        app,
        &aurora,
        id,
        &[
            ("organisation_id", &poland_id),
            ("role", "beneficiary"),
            (
                "message",
                "Your passive radar would complete our RF sensing.",
            ),
        ],
    )
    .await;
    assert!(ok.status().is_success(), "{}", ok.text().await.unwrap());
    let mail = app
        .wait_for_mail_to(POLAND, "invites your organisation to join its consortium")
        .await;
    assert!(common::text_part(&mail).contains("Your passive radar would complete"));
    let by_name = invite(
        app,
        &aurora,
        id,
        &[
            ("organisation_name", "rheinland acoustics gmbh"),
            ("role", "beneficiary"),
        ],
    )
    .await;
    assert!(
        by_name.status().is_success(),
        "{}",
        by_name.text().await.unwrap()
    );
    assert_ne!(germany, 0);

    // What is refused, and why.
    let again = invite(
        app,
        &aurora,
        id,
        &[("organisation_id", &poland_id), ("role", "beneficiary")],
    )
    .await;
    refused(again, 409).await;
    let unknown = refused(
        invite(
            app,
            &aurora,
            id,
            &[("organisation_name", "Nobody Ltd"), ("role", "beneficiary")],
        )
        .await,
        422,
    )
    .await;
    assert!(unknown
        .field_errors()
        .unwrap()
        .get("organisation_name")
        .is_some());
    let investor_org = refused(
        invite(
            app,
            &aurora,
            id,
            &[
                ("organisation_name", "Keen Venture Partners"),
                ("role", "beneficiary"),
            ],
        )
        .await,
        422,
    )
    .await;
    assert!(investor_org
        .field_errors()
        .unwrap()
        .get("organisation_name")
        .is_some());
    let second_coordinator = refused(
        invite(
            app,
            &aurora,
            id,
            &[
                ("organisation_name", "Iberia Autonomy SL"),
                ("role", "coordinator"),
            ],
        )
        .await,
        422,
    )
    .await;
    assert!(second_coordinator
        .field_errors()
        .unwrap()
        .get("role")
        .is_some());
    let bad_role = invite(
        app,
        &aurora,
        id,
        &[
            ("organisation_name", "Iberia Autonomy SL"),
            ("role", "chief"),
        ],
    )
    .await;
    assert!(bad_role.status().is_client_error(), "{}", bad_role.status());
    let long = "x".repeat(2001);
    let too_long = refused(
        invite(
            app,
            &aurora,
            id,
            &[
                ("organisation_name", "Iberia Autonomy SL"),
                ("role", "beneficiary"),
                ("message", &long),
            ],
        )
        .await,
        422,
    )
    .await;
    assert!(too_long.field_errors().unwrap().get("message").is_some());

    let pl_client = demo_client(app, POLAND).await;
    let de_client = demo_client(app, GERMANY).await;
    let nl_client = demo_client(app, NETHERLANDS).await;
    let invited = view(app, &pl_client, id).await;
    assert!(!invited.can_manage);
    assert!(
        invited.suggestions.is_empty(),
        "only the lead sees suggestions"
    );
    let pl_membership = member_id(&invited, "Wisła Radar");
    let de_membership = member_id(&invited, "Rheinland Acoustics");
    assert!(
        invited
            .members
            .iter()
            .all(|m| m.message.is_none() || m.is_you),
        "another member's invitation message stays private"
    );
    // An invited member cannot invite; someone else's invitation is not theirs to answer.
    refused(
        invite(
            app,
            &pl_client,
            id,
            &[
                ("organisation_name", "Iberia Autonomy SL"),
                ("role", "beneficiary"),
            ],
        )
        .await,
        403,
    )
    .await;
    refused(answer(app, &nl_client, pl_membership, "accept").await, 404).await;
    refused(answer(app, &aurora, pl_membership, "accept").await, 404).await;
    // Outsiders see nothing: another founder, an investor, an officer.
    refused(
        app.call(&nl_client, "consortia/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;
    let investor = demo_client(app, "investor@demo.lab2field.eu").await;
    refused(
        app.call(&investor, "consortia/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;
    refused(app.call(&investor, "consortia/overview", &[]).await, 403).await;
    refused(app.call(&investor, "consortia/demand", &[]).await, 403).await;
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    refused(
        app.call(&officer, "consortia/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;
    let stranger = signed_in(app, "stranger@example.org", "founder").await;
    refused(
        app.call(&stranger, "consortia/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;

    // Poland accepts; Germany declines, is invited again and accepts.
    assert!(answer(app, &pl_client, pl_membership, "accept")
        .await
        .status()
        .is_success());
    refused(answer(app, &pl_client, pl_membership, "accept").await, 409).await;
    assert!(answer(app, &de_client, de_membership, "decline")
        .await
        .status()
        .is_success());
    refused(
        app.call(&de_client, "consortia/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;
    let germany_id = germany.to_string();
    let reinvite = invite(
        app,
        &aurora,
        id,
        &[("organisation_id", &germany_id), ("role", "beneficiary")],
    )
    .await;
    assert!(
        reinvite.status().is_success(),
        "{}",
        reinvite.text().await.unwrap()
    );
    assert!(answer(app, &de_client, de_membership, "accept")
        .await
        .status()
        .is_success());
    app.wait_for_mail_to(AURORA, "Rheinland Acoustics GmbH accepted your invitation")
        .await;

    let formed = view(app, &aurora, id).await;
    assert!(formed.eligible, "{:?}", formed.eligibility);
    assert!(formed.eligibility.missing.is_empty());
    assert_eq!(formed.eligibility.counted_countries.len(), 3);
    assert!(formed
        .members
        .iter()
        .all(|m| m.status == MemberStatus::Accepted));
    assert!(
        formed
            .members
            .iter()
            .all(|m| m.technology.as_ref().is_none_or(|t| !t.summary.is_empty())),
        "public fields only"
    );

    // Officers see demand per topic: counts and countries, no names, messages or technologies.
    let demand_raw = app
        .call(&officer, "consortia/demand", &[])
        .await
        .text()
        .await
        .unwrap();
    let demand: Vec<TopicDemand> = serde_json::from_str(&demand_raw).unwrap();
    let row = demand
        .iter()
        .find(|d| d.topic_id == TOPIC)
        .expect("the topic");
    assert_eq!((row.consortia, row.eligible, row.organisations), (1, 1, 3));
    assert_eq!(
        row.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        vec!["DE", "FI", "PL"]
    );
    for secret in [
        "Wisła",
        "Rheinland",
        "Aurora",
        "passive radar",
        "Passive RF",
    ] {
        assert!(
            !demand_raw.contains(secret),
            "{secret} leaked: {demand_raw}"
        );
    }

    // Poland leaves: the check follows at once, and Poland no longer sees the draft.
    let left = app
        .call(
            &pl_client,
            "consortia/withdraw",
            &[("membership_id", &pl_membership.to_string())],
        )
        .await;
    assert!(left.status().is_success(), "{}", left.text().await.unwrap());
    let after = view(app, &aurora, id).await;
    assert!(!after.eligible);
    assert_eq!(
        after.eligibility.missing,
        vec!["one more entity from a third eligible country"]
    );
    refused(
        app.call(&pl_client, "consortia/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;
    // The lead cannot leave its own consortium.
    let lead_membership = member_id(&after, "Aurora");
    refused(
        app.call(
            &aurora,
            "consortia/withdraw",
            &[("membership_id", &lead_membership.to_string())],
        )
        .await,
        409,
    )
    .await;

    let actions = audit_actions(app).await;
    for action in [
        "consortium.open",
        "consortium.invite",
        "consortium.accept",
        "consortium.decline",
        "consortium.withdraw",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}
db_test!(
    a_founder_builds_an_eligible_consortium_and_every_forbidden_path_is_refused,
    a_founder_forms_an_eligible_consortium
);

async fn a_company_controlled_from_outside_is_not_counted(app: &TestApp) {
    world(app).await;
    let nl = demo_client(app, NETHERLANDS).await;
    let id = open(app, &nl, TOPIC).await;
    let draft = view(app, &nl, id).await;
    for name in ["Wisła Radar", "Rheinland Acoustics"] {
        let org = suggested(&draft, name).to_string();
        let ok = invite(
            app,
            &nl,
            id,
            &[("organisation_id", &org), ("role", "beneficiary")],
        )
        .await;
        assert!(ok.status().is_success(), "{}", ok.text().await.unwrap());
    }
    let pl = demo_client(app, POLAND).await;
    let de = demo_client(app, GERMANY).await;
    let invited = view(app, &pl, id).await;
    for (client, name) in [(&pl, "Wisła Radar"), (&de, "Rheinland Acoustics")] {
        let membership = member_id(&invited, name);
        assert!(answer(app, client, membership, "accept")
            .await
            .status()
            .is_success());
    }
    let formed = view(app, &nl, id).await;
    assert!(
        !formed.eligible,
        "a US-controlled coordinator does not count"
    );
    let control = formed
        .eligibility
        .checks
        .iter()
        .find(|c| c.rule == Rule::Control)
        .unwrap();
    assert!(!control.passed);
    assert!(
        control
            .reason
            .contains("Noordzee Drone Defence B.V. (controlled from United States)"),
        "{}",
        control.reason
    );
    let entities = formed
        .eligibility
        .checks
        .iter()
        .find(|c| c.rule == Rule::Entities)
        .unwrap();
    assert!(
        entities.reason.starts_with("2 of at least 3"),
        "{}",
        entities.reason
    );

    // Another lead's suggestions never offer the controlled company.
    let aurora = demo_client(app, AURORA).await;
    let other = open(app, &aurora, TOPIC).await;
    assert!(view(app, &aurora, other)
        .await
        .suggestions
        .iter()
        .all(|s| !s.organisation.starts_with("Noordzee")));
}
db_test!(
    a_company_controlled_from_outside_the_eu_and_norway_is_not_counted,
    a_company_controlled_from_outside_is_not_counted
);

async fn entity_types_are_registered_under_the_sme_test(app: &TestApp) {
    let founder = signed_in(app, "university@example.org", "founder").await;
    let form = |entity: &'static str, headcount: &'static str| {
        vec![
            ("form[legal_name]", "Tallinn Technical University"),
            ("form[country]", "EE"),
            ("form[city]", "Tallinn"),
            ("form[website]", ""),
            ("form[controlling_country]", ""),
            ("form[year_founded]", "1918"),
            ("form[headcount]", headcount),
            ("form[turnover_eur]", "90000000"),
            ("form[balance_sheet_eur]", "120000000"),
            ("form[entity_type]", entity),
            ("form[parent_group]", "Estonian Research Group"),
        ]
    };
    let refused_sme = refused(
        app.call(&founder, "company/save", &form("sme", "2000"))
            .await,
        422,
    )
    .await;
    let fields = refused_sme.field_errors().unwrap();
    assert!(fields.get("legal_name").is_none(), "{fields:?}");
    assert!(refused_sme
        .field_errors()
        .unwrap()
        .get("entity_type")
        .unwrap()
        .contains("large company"));
    let unknown = refused(
        app.call(&founder, "company/save", &form("charity", "2000"))
            .await,
        422,
    )
    .await;
    assert!(unknown.field_errors().unwrap().get("entity_type").is_some());
    assert!(app
        .call(&founder, "company/save", &form("university", "2000"))
        .await
        .status()
        .is_success());
    let mine: Option<app::api::company::CompanyView> =
        json(app.call(&founder, "company/mine", &[]).await).await;
    let mine = mine.unwrap();
    let mine_form = mine.form.clone();
    let summary = mine.summary.unwrap();
    assert_eq!(
        summary.entity_type,
        app::domain::company::EntityType::University
    );
    assert!(!summary.is_sme);
    assert_eq!(mine_form.parent_group, "Estonian Research Group");
}
db_test!(
    research_organisations_and_universities_register_with_their_entity_type,
    entity_types_are_registered_under_the_sme_test
);
