//! The demo platform looks lived in and is the same every time: companies in many countries,
//! technologies over every area and TRL 2–9, investors with theses and pipelines, access
//! requests in every state, cohorts at every stage with milestones due, overdue and released,
//! and dates that agree with each other.

mod common;

use app::api::incubation::BoardView;
use app::domain::incubation::Stage;
use app::server::entities::{
    access_requests, enrolment_moves, enrolments, milestones, organisations, pipeline_deals,
    pipelines, programmes, technologies, tranche_releases,
};
use common::{demo_client, json, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::BTreeSet;
use std::time::Instant;

async fn demo_is_lived_in(app: &TestApp) {
    let started = Instant::now();
    server::demo::load_if_empty(app.db()).await.unwrap();
    eprintln!(
        "demo data loaded in {:?} ({:?})",
        started.elapsed(),
        app.backend
    );
    let db = app.db();

    let orgs = organisations::Entity::find().all(db).await.unwrap();
    let companies: Vec<_> = orgs
        .iter()
        .filter(|o| o.kind == organisations::KIND_COMPANY)
        .collect();
    assert!(companies.len() >= 60, "{} companies", companies.len());
    let countries: BTreeSet<&str> = companies.iter().map(|o| o.country.as_str()).collect();
    assert!(countries.len() >= 15, "{countries:?}");
    assert!(companies
        .iter()
        .any(|o| o.legal_name.contains("Research Centre")));

    let techs = technologies::Entity::find().all(db).await.unwrap();
    assert!(techs.len() >= 150, "{} technologies", techs.len());
    let areas: BTreeSet<String> = techs
        .iter()
        .flat_map(|t| t.areas.split(',').map(str::to_owned).collect::<Vec<_>>())
        .filter(|a| !a.is_empty())
        .collect();
    assert_eq!(areas.len(), 10, "{areas:?}");
    let trls: BTreeSet<i16> = techs.iter().map(|t| t.trl).collect();
    for trl in 2..=9 {
        assert!(trls.contains(&trl), "TRL {trl} missing: {trls:?}");
    }
    let titles: BTreeSet<&str> = techs.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles.len(), techs.len(), "every title is distinct");

    // Investors with a thesis and a pipeline.
    let with_thesis: Vec<_> = orgs
        .iter()
        .filter(|o| o.kind == organisations::KIND_INVESTOR && o.catalogue_investor_id.is_some())
        .collect();
    assert!(with_thesis.len() >= 5);
    for org in &with_thesis {
        let held = pipelines::Entity::find()
            .filter(pipelines::Column::OrganisationId.eq(org.id))
            .count(db)
            .await
            .unwrap();
        assert!(held >= 1, "{} has no pipeline", org.legal_name);
    }
    assert!(pipeline_deals::Entity::find().count(db).await.unwrap() >= 40);

    // Access requests in every state.
    let states: BTreeSet<String> = access_requests::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        states,
        ["denied", "granted", "requested", "revoked"]
            .map(String::from)
            .into()
    );

    // Three programmes, each with a cohort at every stage.
    let all = programmes::Entity::find().all(db).await.unwrap();
    assert_eq!(all.len(), 3);
    for p in &all {
        let stages: BTreeSet<String> = enrolments::Entity::find()
            .filter(enrolments::Column::ProgrammeId.eq(p.id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.stage)
            .collect();
        assert_eq!(stages.len(), Stage::ALL.len(), "{}: {stages:?}", p.name);
    }

    // Milestones due, overdue and released.
    let today = chrono::Utc::now().date_naive();
    let rows = milestones::Entity::find().all(db).await.unwrap();
    assert!(rows.iter().any(|m| m.status == "open" && m.due_on > today));
    assert!(rows.iter().any(|m| m.status == "open" && m.due_on < today));
    assert!(tranche_releases::Entity::find().count(db).await.unwrap() >= 3);

    // Dates agree: each enrolment's stage date is its last move, in the past, after it began.
    for e in enrolments::Entity::find().all(db).await.unwrap() {
        let moves = enrolment_moves::Entity::find()
            .filter(enrolment_moves::Column::EnrolmentId.eq(e.id))
            .order_by_asc(enrolment_moves::Column::Id)
            .all(db)
            .await
            .unwrap();
        let last = moves.last().expect("every enrolment has a history");
        assert_eq!(e.stage_since, last.at, "enrolment {}", e.id);
        assert!(e.created_at <= e.stage_since && e.stage_since <= chrono::Utc::now());
        assert!(moves.windows(2).all(|w| w[0].at <= w[1].at));
        if let Some(selected) = e.selected_at {
            assert!(selected <= e.stage_since);
        }
    }
    // And the board shows the same time in stage as the history.
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let board: BoardView = json(
        app.call(
            &officer,
            "programmes/board",
            &[("id", &all[0].id.to_string())],
        )
        .await,
    )
    .await;
    for (_, cards) in &board.columns {
        for card in cards {
            let row = enrolments::Entity::find_by_id(card.id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let days = (chrono::Utc::now() - row.stage_since).num_days();
            assert!((card.days_in_stage - days).abs() <= 1);
        }
    }
}
db_test!(
    the_demo_platform_is_lived_in_and_its_dates_agree,
    demo_is_lived_in
);

async fn loaded_twice_the_same(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let other = common::TestApp::spawn(app.backend).await;
    server::demo::load_if_empty(other.db()).await.unwrap();
    let shape = |db: &sea_orm::DatabaseConnection| {
        let db = db.clone();
        async move {
            let techs: Vec<(String, i16, String)> = technologies::Entity::find()
                .order_by_asc(technologies::Column::Id)
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|t| (t.title, t.trl, t.status))
                .collect();
            let stages: Vec<String> = enrolments::Entity::find()
                .order_by_asc(enrolments::Column::Id)
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.stage)
                .collect();
            (techs, stages)
        }
    };
    assert_eq!(shape(app.db()).await, shape(other.db()).await);
    other.finish().await;
}
db_test!(
    the_demo_platform_is_the_same_every_time,
    loaded_twice_the_same
);

/// Every demo account lands on a populated screen.
async fn every_demo_login_is_populated(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    for (email, path, expect) in [
        (
            "founder@demo.lab2field.eu",
            "/technologies",
            "Passive RF detection",
        ),
        (
            "investor@demo.lab2field.eu",
            "/pipelines",
            "Sensing and autonomy 2026",
        ),
        ("investor@demo.lab2field.eu", "/deals", "Fits your thesis"),
        (
            "officer@demo.lab2field.eu",
            "/programmes",
            "Baltic Sea Maritime Security Accelerator",
        ),
        (
            "admin@demo.lab2field.eu",
            "/admin/accounts",
            "officer@demo.lab2field.eu",
        ),
    ] {
        let client = demo_client(app, email).await;
        let page = client
            .get(app.url(path))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{email} {path}");
        let html = page.text().await.unwrap();
        assert!(html.contains(expect), "{email} {path} lacks {expect}");
    }
}
db_test!(
    every_demo_login_shows_a_populated_screen,
    every_demo_login_is_populated
);
