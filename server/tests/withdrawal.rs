//! A company taking a submitted technology back: the warning first (and nothing changes without
//! the confirmation), the programme's officers e-mailed, the boards and pipelines marking the
//! card "withdrawn by the company" instead of linking to a closed page, and back again on
//! resubmission. Also: a founder withdrawing an enrolment tells the officers.

mod common;

use app::api::incubation::{BoardView, EnrolmentView};
use app::api::pipelines::PipelineView;
use app::api::technologies::WithdrawalImpact;
use app::domain::incubation::Stage;
use common::{demo_client, json, refused, signed_in, technology_id, text_part, TestApp};

const RF_TITLE: &str = "Passive RF detection network for small drones";

async fn html(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
    )
}

async fn status(
    app: &TestApp,
    founder: &reqwest::Client,
    tech: i64,
    change: &str,
    confirmed: bool,
) -> reqwest::Response {
    let id = tech.to_string();
    let mut form = vec![("id", id.as_str()), ("change", change)];
    if confirmed {
        form.push(("confirmed", "true"));
    }
    app.call(founder, "technologies/status", &form).await
}

fn card_withdrawn(board: &BoardView, enrolment: i64) -> bool {
    board
        .columns
        .iter()
        .flat_map(|(_, cards)| cards)
        .find(|c| c.id == enrolment)
        .expect("the card stays on the board")
        .withdrawn_by_company
}

fn deal_withdrawn(board: &PipelineView, tech: i64) -> bool {
    board
        .columns
        .iter()
        .flat_map(|(_, cards)| cards)
        .find(|c| c.technology_id == tech)
        .expect("the deal stays in the pipeline")
        .withdrawn_by_company
}

async fn withdrawing_warns_hides_and_tells(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let investor = demo_client(app, "investor@demo.lab2field.eu").await;
    let stranger = signed_in(app, "someone-else@example.org", "founder").await;
    let tech = technology_id(app, RF_TITLE).await;
    let t = tech.to_string();

    let programme: i64 = json(
        app.call(
            &officer,
            "programmes/create",
            &[
                ("form[name]", "Counter-UAS cohort 2027"),
                ("form[description]", "Field trials with two armed forces."),
            ],
        )
        .await,
    )
    .await;
    let p = programme.to_string();
    let enrolment: i64 = json(
        app.call(
            &officer,
            "enrolments/enrol",
            &[("programme_id", &p), ("technology_id", &t)],
        )
        .await,
    )
    .await;
    let pipeline: i64 = json(
        app.call(&investor, "pipelines/create", &[("name", "Sensing 2027")])
            .await,
    )
    .await;
    let pl = pipeline.to_string();
    json::<i64>(
        app.call(
            &investor,
            "pipelines/add",
            &[("technology_id", &t), ("pipeline_id", &pl)],
        )
        .await,
    )
    .await;

    // The warning: which programmes, at which stage. Only the company may ask.
    let impact: WithdrawalImpact = json(
        app.call(&founder, "technologies/who_loses_sight", &[("id", &t)])
            .await,
    )
    .await;
    assert!(impact.submitted);
    assert!(
        impact
            .programmes
            .iter()
            .any(|o| o.programme == "Counter-UAS cohort 2027" && o.stage == Stage::Applied),
        "{impact:?}"
    );
    refused(
        app.call(&stranger, "technologies/who_loses_sight", &[("id", &t)])
            .await,
        404,
    )
    .await;
    refused(
        app.call(&investor, "technologies/who_loses_sight", &[("id", &t)])
            .await,
        403,
    )
    .await;
    // Investors' pipelines are private: the warning neither names nor counts them.
    let raw = app
        .call(&founder, "technologies/who_loses_sight", &[("id", &t)])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !raw.contains("Sensing 2027") && !raw.contains("Keen"),
        "{raw}"
    );

    // The page shows the warning for a plain link (no JavaScript needed) and changes nothing.
    let (code, page) = html(
        app,
        &founder,
        &format!("/technologies/{tech}?confirm=withdraw"),
    )
    .await;
    assert_eq!(code, 200);
    assert!(page.contains("withdraw-warning"), "the warning is shown");
    assert!(
        page.contains("Counter-UAS cohort 2027"),
        "it names the programme"
    );

    // Without the confirmation nothing changes, for withdrawing and archiving alike.
    for change in ["withdraw", "archive"] {
        let error = refused(status(app, &founder, tech, change, false).await, 422).await;
        let fields = error.field_errors().expect("field errors");
        assert!(fields.get("confirmed").is_some(), "{error:?}");
    }
    json::<serde_json::Value>(app.call(&officer, "technologies/get", &[("id", &t)]).await).await;
    // Someone else's technology cannot be withdrawn, confirmed or not.
    refused(status(app, &stranger, tech, "withdraw", true).await, 404).await;

    let done = status(app, &founder, tech, "withdraw", true).await;
    assert!(
        done.status().is_success() || done.status().is_redirection(),
        "{}",
        done.status()
    );

    // The officer who enrolled it is told, with a link to the enrolment.
    let mail = app
        .wait_for_mail_to("officer@demo.lab2field.eu", "withdrawn to draft")
        .await;
    assert!(text_part(&mail).contains(&format!("/enrolments/{enrolment}")));

    // Hidden from officers and investors; the cards stay and say why.
    refused(
        app.call(&officer, "technologies/get", &[("id", &t)]).await,
        404,
    )
    .await;
    refused(
        app.call(&investor, "technologies/get", &[("id", &t)]).await,
        404,
    )
    .await;
    let board: BoardView = json(app.call(&officer, "programmes/board", &[("id", &p)]).await).await;
    assert!(card_withdrawn(&board, enrolment));
    let seen: EnrolmentView = json(
        app.call(
            &officer,
            "enrolments/get",
            &[("id", &enrolment.to_string())],
        )
        .await,
    )
    .await;
    assert!(seen.withdrawn_by_company && !seen.can_open_technology);
    let own: EnrolmentView = json(
        app.call(
            &founder,
            "enrolments/get",
            &[("id", &enrolment.to_string())],
        )
        .await,
    )
    .await;
    assert!(
        own.can_open_technology,
        "the company still opens its own draft"
    );
    let deals: PipelineView =
        json(app.call(&investor, "pipelines/board", &[("id", &pl)]).await).await;
    assert!(deal_withdrawn(&deals, tech));
    let (code, page) = html(app, &investor, &format!("/pipelines/{pipeline}")).await;
    assert_eq!(code, 200);
    assert!(
        page.contains("Withdrawn by the company"),
        "the card says so"
    );
    assert!(
        !page.contains(&format!("href=\"/technologies/{tech}\"")),
        "and does not link to a page the investor cannot open"
    );
    let (_, page) = html(app, &officer, &format!("/programmes/{programme}")).await;
    assert!(page.contains("Withdrawn by the company"));
    let (_, page) = html(app, &officer, &format!("/enrolments/{enrolment}")).await;
    assert!(page.contains("Withdrawn by the company"));
    assert!(!page.contains(&format!("href=\"/technologies/{tech}\"")));

    // Submitted again: visible again, cards plain again. A draft needs no warning.
    json::<()>(status(app, &founder, tech, "submit", false).await).await;
    let deals: PipelineView =
        json(app.call(&investor, "pipelines/board", &[("id", &pl)]).await).await;
    assert!(!deal_withdrawn(&deals, tech));
    let board: BoardView = json(app.call(&officer, "programmes/board", &[("id", &p)]).await).await;
    assert!(!card_withdrawn(&board, enrolment));

    // Archiving a submitted technology is the same: confirmed, then the officers hear of it.
    json::<()>(status(app, &founder, tech, "archive", true).await).await;
    app.wait_for_mail_to("officer@demo.lab2field.eu", "has archived")
        .await;
    let deals: PipelineView =
        json(app.call(&investor, "pipelines/board", &[("id", &pl)]).await).await;
    assert!(deal_withdrawn(&deals, tech));
    json::<()>(status(app, &founder, tech, "restore", false).await).await;
    json::<()>(status(app, &founder, tech, "submit", false).await).await;

    // The founder withdrawing the enrolment itself is news to the programme's officers.
    let e = enrolment.to_string();
    let moved = app
        .call(
            &founder,
            "enrolments/move",
            &[
                ("id", &e),
                ("to", "withdrawn"),
                ("reason", "Pivoting to civil markets"),
            ],
        )
        .await;
    assert!(moved.status().is_success() || moved.status().is_redirection());
    let mail = app
        .wait_for_mail_to("officer@demo.lab2field.eu", "Pivoting to civil markets")
        .await;
    assert!(text_part(&mail).contains("from Counter-UAS cohort 2027"));
}
db_test!(
    withdrawing_a_technology_warns_first_marks_the_cards_and_tells_the_officers,
    withdrawing_warns_hides_and_tells
);
