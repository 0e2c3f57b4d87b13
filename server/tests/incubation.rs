//! Programmes and enrolments: who may make which move, scores, milestones and tranches, the
//! founder's e-mail, the audit log, and the outbox surviving a restart.

mod common;

use app::api::incubation::EnrolmentView;
use app::domain::incubation::{MilestoneStatus, Stage};
use common::{demo_client, json, refused, signed_in, technology_id, text_part, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const RF_TITLE: &str = "Passive RF detection network for small drones";

async fn create_programme(app: &TestApp, officer: &reqwest::Client, name: &str, open: bool) -> i64 {
    let mut form = vec![
        ("form[name]", name),
        (
            "form[description]",
            "Twelve months of incubation with test-centre access.",
        ),
    ];
    if open {
        form.push(("form[open_for_applications]", "yes"));
    }
    json(app.call(officer, "programmes/create", &form).await).await
}

async fn move_to(
    app: &TestApp,
    client: &reqwest::Client,
    id: i64,
    to: &str,
    reason: &str,
) -> reqwest::Response {
    app.call(
        client,
        "enrolments/move",
        &[("id", &id.to_string()), ("to", to), ("reason", reason)],
    )
    .await
}

async fn view(app: &TestApp, client: &reqwest::Client, id: i64) -> EnrolmentView {
    json(
        app.call(client, "enrolments/get", &[("id", &id.to_string())])
            .await,
    )
    .await
}

async fn enrolment_journey(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let investor = demo_client(app, "investor@demo.lab2field.eu").await;
    let stranger = signed_in(app, "other-founder@example.org", "founder").await;
    let tech = technology_id(app, RF_TITLE).await;

    // Only staff create programmes and see the board.
    let form = [
        ("form[name]", "Founders' own"),
        ("form[description]", "Should not be created at all."),
    ];
    refused(app.call(&founder, "programmes/create", &form).await, 403).await;
    refused(app.call(&investor, "programmes/create", &form).await, 403).await;
    let invalid = refused(
        app.call(
            &officer,
            "programmes/create",
            &[("form[name]", "X"), ("form[description]", "")],
        )
        .await,
        422,
    )
    .await;
    let fields = invalid.field_errors().unwrap();
    assert!(fields.get("name").is_some() && fields.get("description").is_some());
    let programme =
        create_programme(app, &officer, "EU Defence Innovation Incubator 2026", false).await;
    refused(
        app.call(
            &founder,
            "programmes/board",
            &[("id", &programme.to_string())],
        )
        .await,
        403,
    )
    .await;
    refused(app.call(&investor, "programmes/list", &[]).await, 403).await;

    // Enrolment: officers only (founders apply, to open programmes only), once per programme.
    let ids = [
        ("programme_id", programme.to_string()),
        ("technology_id", tech.to_string()),
    ];
    let ids: Vec<(&str, &str)> = ids.iter().map(|(k, v)| (*k, v.as_str())).collect();
    refused(app.call(&founder, "enrolments/enrol", &ids).await, 403).await;
    refused(app.call(&founder, "enrolments/apply", &ids).await, 409).await;
    let id: i64 = json(app.call(&officer, "enrolments/enrol", &ids).await).await;
    // The company hears of it, with a link to the enrolment.
    let mail = app
        .wait_for_mail_to("founder@demo.lab2field.eu", "has enrolled")
        .await;
    assert!(text_part(&mail).contains(&format!("/enrolments/{id}")));
    // The link leads through sign-in back to the page it names.
    let stranger_browser = app.client();
    let response = stranger_browser
        .get(app.url(&format!("/enrolments/{id}")))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let to_sign_in = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to_sign_in, format!("/signin?next=/enrolments/{id}"));
    let response = app
        .call(
            &stranger_browser,
            "auth/sign_in",
            &[
                ("email", "founder@demo.lab2field.eu"),
                ("password", server::demo::DEMO_PASSWORD),
                ("next", &format!("/enrolments/{id}")),
            ],
        )
        .await;
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        format!("/enrolments/{id}")
    );
    refused(app.call(&officer, "enrolments/enrol", &ids).await, 409).await;
    assert_eq!(view(app, &founder, id).await.stage, Stage::Applied);

    // Nobody outside the company or the staff can see it.
    refused(
        app.call(&stranger, "enrolments/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;
    refused(
        app.call(&investor, "enrolments/get", &[("id", &id.to_string())])
            .await,
        404,
    )
    .await;
    refused(move_to(app, &stranger, id, "withdrawn", "").await, 404).await;

    // Founders cannot move their own enrolment forward; officers cannot skip a stage.
    let error = refused(move_to(app, &founder, id, "screening", "").await, 422).await;
    assert!(error.to_string().contains("only withdraw"), "{error}");
    refused(move_to(app, &officer, id, "selected", "").await, 422).await;
    refused(move_to(app, &investor, id, "screening", "").await, 403).await;
    refused(move_to(app, &officer, id, "nonsense", "").await, 422).await;

    // Screening with scores from two officers' sheets (one officer scoring twice replaces).
    assert!(move_to(app, &officer, id, "screening", "")
        .await
        .status()
        .is_success());
    let score = |merit: &'static str| {
        vec![
            ("form[technical_merit]", merit),
            ("form[dual_use]", "4"),
            ("form[defence_relevance]", "5"),
            ("form[team]", "3"),
            ("form[comment]", "Strong field results"),
        ]
    };
    let with_id = |mut form: Vec<(&'static str, &'static str)>, id: &'static str| {
        form.push(("id", id));
        form
    };
    let id_str: &'static str = Box::leak(id.to_string().into_boxed_str());
    refused(
        app.call(&founder, "enrolments/score", &with_id(score("5"), id_str))
            .await,
        403,
    )
    .await;
    let bad = refused(
        app.call(&officer, "enrolments/score", &with_id(score("7"), id_str))
            .await,
        422,
    )
    .await;
    assert!(bad.field_errors().unwrap().get("technical_merit").is_some());
    json::<()>(
        app.call(&officer, "enrolments/score", &with_id(score("2"), id_str))
            .await,
    )
    .await;
    json::<()>(
        app.call(&officer, "enrolments/score", &with_id(score("4"), id_str))
            .await,
    )
    .await;
    let seen = view(app, &officer, id).await;
    assert_eq!(seen.scores.len(), 1, "scoring again replaces the sheet");
    assert_eq!(seen.average_score, Some(4.0));
    let founder_view = view(app, &founder, id).await;
    assert!(founder_view.scores.is_empty() && founder_view.average_score.is_none());

    // Rejection needs a reason; selection starts the adoption clock and e-mails the founder.
    refused(move_to(app, &officer, id, "rejected", " ").await, 422).await;
    assert!(
        move_to(app, &officer, id, "selected", "Strong dual-use case")
            .await
            .status()
            .is_success()
    );
    let seen = view(app, &founder, id).await;
    assert_eq!(seen.stage, Stage::Selected);
    assert_eq!(seen.clock.map(|c| c.months), Some(0));
    assert_eq!(seen.history.len(), 3);
    assert_eq!(seen.history[2].from, Some(Stage::Screening));
    assert_eq!(seen.history[2].reason, "Strong dual-use case");
    let selected = app
        .wait_for_mail_to("founder@demo.lab2field.eu", "from Screening to Selected")
        .await;
    assert!(selected.contains("Content-Type: text/html"));
    let text = text_part(&selected);
    assert!(text.contains("from Screening to Selected"), "{text}");
    assert!(text.contains("Strong dual-use case"), "{text}");
    assert!(text.contains(&format!("/enrolments/{id}")), "{text}");

    // The officers' funnel counts it, with every other enrolment at `selected`.
    let overview: app::api::officer::Overview =
        json(app.call(&officer, "officer/overview", &[]).await).await;
    let at_selected = app::server::entities::enrolments::Entity::find()
        .filter(app::server::entities::enrolments::Column::Stage.eq("selected"))
        .count(app.db())
        .await
        .unwrap();
    assert!(at_selected >= 1);
    assert!(
        overview.funnel.contains(&(Stage::Selected, at_selected)),
        "{:?}",
        overview.funnel
    );
    assert_eq!(overview.funnel.len(), Stage::ALL.len());

    // Officers find it by its stage in the scouting search; investors get no stage facet.
    let search = |client: &reqwest::Client, stage: &'static str| {
        let client = client.clone();
        async move {
            let page: app::api::search::ScoutPage = json(
                app.call(
                    &client,
                    "search/technologies",
                    &[("query[stages][]", stage)],
                )
                .await,
            )
            .await;
            page
        }
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let page = search(&officer, "selected").await;
        if page.hits.iter().any(|h| h.technology.id == tech) {
            // Only technologies with an enrolment at `selected` (the demo holds a few more).
            let selected: std::collections::BTreeSet<i64> =
                app::server::entities::enrolments::Entity::find()
                    .filter(app::server::entities::enrolments::Column::Stage.eq("selected"))
                    .all(app.db())
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|e| e.technology_id)
                    .collect();
            assert_eq!(page.total, selected.len(), "only selected technologies");
            let stages = page.facets.iter().find(|g| g.dimension == "stage").unwrap();
            assert!(stages
                .values
                .iter()
                .any(|v| v.value == "selected" && v.selected));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the stage reaches the index"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let page = search(&investor, "selected").await;
    assert!(page.facets.iter().all(|g| g.dimension != "stage"));
    assert!(
        page.total > 1,
        "investors cannot filter by incubation stage"
    );

    // Milestones: planned by officers, evidenced by the founder, verified, then the tranche.
    let milestone_form = |title: &'static str, demo: bool| {
        let mut form = vec![
            ("enrolment_id", id_str),
            ("form[title]", title),
            ("form[due_on]", "2020-01-31"),
            ("form[tranche_eur]", "150 000"),
        ];
        if demo {
            form.push(("form[is_demonstration]", "yes"));
        }
        form
    };
    refused(
        app.call(
            &founder,
            "milestones/add",
            &milestone_form("Field trial", true),
        )
        .await,
        403,
    )
    .await;
    let bad = refused(
        app.call(
            &officer,
            "milestones/add",
            &[
                ("enrolment_id", id_str),
                ("form[title]", "Trial"),
                ("form[due_on]", "soon"),
            ],
        )
        .await,
        422,
    )
    .await;
    assert!(bad.field_errors().unwrap().get("due_on").is_some());
    let milestone: i64 = json(
        app.call(
            &officer,
            "milestones/add",
            &milestone_form("Field trial at test centre", true),
        )
        .await,
    )
    .await;
    let m = milestone.to_string();
    let seen = view(app, &founder, id).await;
    assert!(
        seen.milestones[0].overdue,
        "due in the past and not verified"
    );
    refused(
        app.call(&officer, "milestones/release", &[("id", &m)])
            .await,
        409,
    )
    .await;
    refused(
        app.call(
            &stranger,
            "milestones/evidence",
            &[("id", &m), ("evidence", "Trial report attached")],
        )
        .await,
        404,
    )
    .await;
    json::<()>(
        app.call(
            &founder,
            "milestones/evidence",
            &[
                ("id", &m),
                ("evidence", "Trial report: 12 drone types detected"),
            ],
        )
        .await,
    )
    .await;
    refused(
        app.call(
            &founder,
            "milestones/decide",
            &[("id", &m), ("decision", "verify")],
        )
        .await,
        403,
    )
    .await;
    refused(
        app.call(
            &officer,
            "milestones/decide",
            &[("id", &m), ("decision", "return")],
        )
        .await,
        422,
    )
    .await;
    json::<()>(
        app.call(
            &officer,
            "milestones/decide",
            &[
                ("id", &m),
                ("decision", "return"),
                ("reason", "Signature of the test centre missing"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        view(app, &founder, id).await.milestones[0].status,
        MilestoneStatus::Returned
    );
    json::<()>(
        app.call(
            &founder,
            "milestones/evidence",
            &[
                ("id", &m),
                ("evidence", "Signed report from the test centre"),
            ],
        )
        .await,
    )
    .await;
    json::<()>(
        app.call(
            &officer,
            "milestones/decide",
            &[("id", &m), ("decision", "verify")],
        )
        .await,
    )
    .await;
    json::<()>(
        app.call(&officer, "milestones/release", &[("id", &m)])
            .await,
    )
    .await;
    refused(
        app.call(&officer, "milestones/release", &[("id", &m)])
            .await,
        409,
    )
    .await;
    let seen = view(app, &founder, id).await;
    let done = &seen.milestones[0];
    assert_eq!(done.status, MilestoneStatus::Verified);
    assert!(!done.overdue);
    assert!(
        done.released.as_deref().unwrap_or("").contains("€150k"),
        "{:?}",
        done.released
    );
    assert!(seen.demonstrated);
    let tech_view: app::api::technologies::TechnologyView = json(
        app.call(&investor, "technologies/get", &[("id", &tech.to_string())])
            .await,
    )
    .await;
    assert!(tech_view.demonstrated, "the badge is public");

    // The founder may withdraw; an ended enrolment moves no more.
    assert!(
        move_to(app, &founder, id, "withdrawn", "Pivoting to civil markets")
            .await
            .status()
            .is_success()
    );
    refused(move_to(app, &officer, id, "incubating", "").await, 422).await;
    let seen = view(app, &officer, id).await;
    assert!(
        seen.clock.is_some_and(|c| !c.running),
        "the clock stops when it ends"
    );

    // Every decision is in the audit log.
    use app::server::entities::audit_log;
    for action in [
        "enrolment.create",
        "enrolment.move",
        "enrolment.score",
        "milestone.return",
        "milestone.verify",
        "tranche.release",
    ] {
        let n = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(action))
            .count(app.db())
            .await
            .unwrap();
        assert!(n > 0, "{action} is audited");
    }
}
db_test!(
    an_enrolment_moves_only_by_the_rules_and_the_founder_is_told,
    enrolment_journey
);

async fn founders_apply_to_open_programmes(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let programme = create_programme(app, &officer, "DIANA 2027 cohort", true).await;
    let tech = technology_id(app, RF_TITLE).await;
    let draft = technology_id(app, "Edge AI sensor fusion module").await;
    let p = programme.to_string();
    // A draft cannot apply; another company's technology is not found.
    refused(
        app.call(
            &founder,
            "enrolments/apply",
            &[("programme_id", &p), ("technology_id", &draft.to_string())],
        )
        .await,
        409,
    )
    .await;
    let other = technology_id(app, "Quantum magnetometer for underwater threat detection").await;
    refused(
        app.call(
            &founder,
            "enrolments/apply",
            &[("programme_id", &p), ("technology_id", &other.to_string())],
        )
        .await,
        404,
    )
    .await;
    let id: i64 = json(
        app.call(
            &founder,
            "enrolments/apply",
            &[("programme_id", &p), ("technology_id", &tech.to_string())],
        )
        .await,
    )
    .await;
    let listed: Vec<app::api::incubation::TechnologyEnrolment> = json(
        app.call(
            &founder,
            "enrolments/for_technology",
            &[("technology_id", &tech.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    let board: app::api::incubation::BoardView =
        json(app.call(&officer, "programmes/board", &[("id", &p)]).await).await;
    let applied = &board
        .columns
        .iter()
        .find(|(s, _)| *s == Stage::Applied)
        .unwrap()
        .1;
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].moves, vec![Stage::Screening, Stage::Rejected]);
    // Rejection with a reason the founder then sees.
    assert!(
        move_to(app, &officer, id, "rejected", "TRL too low for this cohort")
            .await
            .status()
            .is_success()
    );
    let seen = view(app, &founder, id).await;
    assert_eq!(seen.stage, Stage::Rejected);
    assert_eq!(
        seen.history.last().unwrap().reason,
        "TRL too low for this cohort"
    );
    app.wait_for_mail_to("founder@demo.lab2field.eu", "TRL too low for this cohort")
        .await;
}
db_test!(
    founders_apply_to_open_programmes_and_see_the_rejection_reason,
    founders_apply_to_open_programmes
);

/// A notification queued while the server is down is sent once it starts again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_notification_is_sent_after_a_restart() {
    for backend in common::backends() {
        let mut app = TestApp::spawn(backend).await;
        app.stop().await;
        let db = server::startup::open_database(&app.settings).await.unwrap();
        app::server::mail::enqueue(
            &db,
            "founder@example.org",
            app::server::mail::notifications::stage_changed(
                "Aino",
                "Radar",
                "Incubator",
                "Screening",
                "Selected",
                "",
                "http://x/enrolments/1",
            ),
        )
        .await
        .unwrap();
        db.close().await.unwrap();
        assert!(
            common::read_outbox(&app).is_empty(),
            "{backend:?}: nothing sent while down"
        );
        app.start().await;
        app.wait_for_mail_to("founder@example.org", "from Screening to Selected")
            .await;
        assert_eq!(common::read_outbox(&app).len(), 1, "{backend:?}");
        app.finish().await;
    }
}

async fn long_columns_show_their_first_cards(app: &TestApp) {
    use app::server::entities::technologies;
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let p = create_programme(app, &officer, "Large intake 2027", false)
        .await
        .to_string();
    let limit = app::domain::limits::BOARD_COLUMN_CARDS;
    let submitted = technologies::Entity::find()
        .filter(technologies::Column::Status.eq("submitted"))
        .all(app.db())
        .await
        .unwrap();
    assert!(submitted.len() > limit + 5);
    for tech in submitted.iter().take(limit + 5) {
        let id = tech.id.to_string();
        let response = app
            .call(
                &officer,
                "enrolments/enrol",
                &[("programme_id", p.as_str()), ("technology_id", id.as_str())],
            )
            .await;
        assert!(response.status().is_success(), "{}", response.status());
    }
    let applied = |board: &app::api::incubation::BoardView| {
        board
            .columns
            .iter()
            .find(|(s, _)| *s == Stage::Applied)
            .unwrap()
            .1
            .len()
    };
    let board: app::api::incubation::BoardView =
        json(app.call(&officer, "programmes/board", &[("id", &p)]).await).await;
    assert_eq!(applied(&board), limit);
    assert_eq!(board.hidden, vec![(Stage::Applied, 5)]);
    let whole: app::api::incubation::BoardView = json(
        app.call(
            &officer,
            "programmes/board",
            &[("id", &p), ("all", "applied")],
        )
        .await,
    )
    .await;
    assert_eq!(applied(&whole), limit + 5);
    assert!(whole.hidden.is_empty());
    refused(
        app.call(
            &officer,
            "programmes/board",
            &[("id", &p), ("all", "nowhere")],
        )
        .await,
        422,
    )
    .await;

    // The page says how many there are and links to the whole column and back.
    let page = |path: String| {
        let officer = officer.clone();
        async move {
            officer
                .get(app.url(&path))
                .header("accept", "text/html")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let html = page(format!("/programmes/{p}")).await;
    assert!(html.contains(&format!("Show all {}", limit + 5)), "{html}");
    assert!(html.contains(&format!(
        "href=\"/programmes/{p}?all=applied#column-applied\""
    )));
    let html = page(format!("/programmes/{p}?all=applied")).await;
    assert!(html.contains("Show fewer"));
    assert!(!html.contains("Show all"));
}
db_test!(
    long_board_columns_show_their_first_cards_and_open_whole,
    long_columns_show_their_first_cards
);
