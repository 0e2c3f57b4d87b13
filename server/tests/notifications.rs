//! Scheduled e-mail: saved-search digests with their unsubscribe link, deadline reminders for
//! bookmarked opportunities, milestone reminders, and the SMTP transport against a real SMTP
//! server started by the test.

mod common;

use app::api::alerts::SavedSearchView;
use chrono::{Duration, Utc};
use common::{demo_client, json, refused, signed_in, technology_id, text_part, Backend, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Runs the notification job as the server's worker does, at `now`.
async fn run_at(
    app: &TestApp,
    now: chrono::DateTime<Utc>,
) -> app::server::notifications::RunSummary {
    let server = app.server.as_ref().unwrap();
    let summary =
        app::server::notifications::run_due(&server.db, &server.search, &server.config, now)
            .await
            .unwrap();
    server.mail.wake();
    summary
}

fn mails_about(mails: &[String], to: &str, text: &str) -> usize {
    mails
        .iter()
        .filter(|m| m.contains(&format!("To: {to}")) && text_part(m).contains(text))
        .count()
}

/// A new founder submits a drone technology; returns when it is searchable.
async fn submit_new_technology(app: &TestApp, officer: &reqwest::Client, title: &str) {
    let founder = signed_in(app, &format!("{}@example.org", title.len()), "founder").await;
    let company = [
        ("form[legal_name]", "Skyward Sensors GmbH"),
        ("form[country]", "DE"),
        ("form[city]", "Munich"),
        ("form[website]", ""),
        ("form[year_founded]", "2021"),
        ("form[headcount]", "12"),
        ("form[turnover_eur]", "900000"),
        ("form[balance_sheet_eur]", "700000"),
        ("form[controlling_country]", ""),
    ];
    json::<()>(app.call(&founder, "company/save", &company).await).await;
    let tech = [
        ("form[title]", title),
        (
            "form[summary]",
            "Acoustic arrays that hear small drones before they are seen.",
        ),
        ("form[confidential_details]", "Microphone geometry"),
        ("form[civil_applications]", "Airports"),
        ("form[defence_applications]", "Counter-UAS"),
        ("form[trl]", "6"),
        ("form[trl_evidence]", "Field trial 2026"),
        ("form[keywords]", "drone, acoustic"),
        ("form[export_status]", "not_listed"),
        ("form[export_code]", ""),
        ("form[export_list_version]", ""),
        ("form[ip_status]", "patented"),
        ("form[funding_sought_eur]", ""),
        ("form[areas][]", "sensing"),
    ];
    let id: i64 = json(app.call(&founder, "technologies/create", &tech).await).await;
    json::<()>(
        app.call(
            &founder,
            "technologies/status",
            &[("id", &id.to_string()), ("change", "submit")],
        )
        .await,
    )
    .await;
    let deadline = Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let page: app::api::search::ScoutPage = json(
            app.call(officer, "search/technologies", &[("query[text]", title)])
                .await,
        )
        .await;
        if page.hits.iter().any(|h| h.technology.id == id) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the new technology becomes searchable"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A new programme named `name` with the demo founder's RF technology enrolled; its enrolment id.
async fn enrol_demo_technology(app: &TestApp, officer: &reqwest::Client, name: &str) -> i64 {
    let programme: i64 = json(
        app.call(
            officer,
            "programmes/create",
            &[
                ("form[name]", name),
                (
                    "form[description]",
                    "A cohort created by a notification test.",
                ),
            ],
        )
        .await,
    )
    .await;
    let tech = technology_id(app, "Passive RF detection network for small drones").await;
    json(
        app.call(
            officer,
            "enrolments/enrol",
            &[
                ("programme_id", &programme.to_string()),
                ("technology_id", &tech.to_string()),
            ],
        )
        .await,
    )
    .await
}

async fn digest_and_unsubscribe(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    refused(
        app.call(
            &founder,
            "saved_searches/create",
            &[("name", "Mine"), ("query", "q=drone")],
        )
        .await,
        403,
    )
    .await;
    refused(
        app.call(
            &officer,
            "saved_searches/create",
            &[("name", ""), ("query", "q=drone")],
        )
        .await,
        422,
    )
    .await;
    json::<i64>(
        app.call(
            &officer,
            "saved_searches/create",
            &[
                ("name", "Drones"),
                ("query", "q=drone&trl_min=5"),
                ("digest", "on"),
            ],
        )
        .await,
    )
    .await;
    let list: Vec<SavedSearchView> =
        json(app.call(&officer, "saved_searches/list", &[]).await).await;
    assert_eq!(list.len(), 1);
    assert!(list[0].link.contains("q=drone") && list[0].link.contains("trl_min=5"));
    let investor = demo_client(app, "investor@demo.lab2field.eu").await;
    let theirs: Vec<SavedSearchView> =
        json(app.call(&investor, "saved_searches/list", &[]).await).await;
    assert!(theirs.is_empty(), "saved searches are personal");
    refused(
        app.call(
            &investor,
            "saved_searches/change",
            &[("id", &list[0].id.to_string()), ("change", "delete")],
        )
        .await,
        404,
    )
    .await;

    // Not a day since the search was saved: nothing is due.
    assert_eq!(run_at(app, Utc::now()).await.digests, 0);
    submit_new_technology(app, &officer, "Acoustic drone detection array").await;
    // A day later the digest lists what was submitted since (the demo data was there before).
    let day_later = Utc::now() + Duration::hours(25);
    assert_eq!(run_at(app, day_later).await.digests, 1);
    // The same digest is not sent twice, and not again within the day.
    assert_eq!(run_at(app, day_later).await.digests, 0);
    assert_eq!(run_at(app, day_later + Duration::hours(2)).await.digests, 0);
    let digest = app
        .wait_for_mail_to(
            "officer@demo.lab2field.eu",
            "Acoustic drone detection array",
        )
        .await;
    assert!(digest.contains("Content-Type: text/html"));
    let text = text_part(&digest);
    assert!(text.contains("Acoustic drone detection array"), "{text}");
    assert!(
        !text.contains("Passive RF detection"),
        "only new technologies: {text}"
    );
    let link = text
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.contains("/unsubscribe?token="))
        })
        .expect("an unsubscribe link")
        .to_owned();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    // Unsubscribing works signed out, with the token only.
    let anonymous = app.client();
    let page = anonymous.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Drones"));
    refused(
        app.call(&anonymous, "unsubscribe", &[("token", "not-a-token")])
            .await,
        404,
    )
    .await;
    json::<String>(
        app.call(&anonymous, "unsubscribe", &[("token", &token)])
            .await,
    )
    .await;
    let list: Vec<SavedSearchView> =
        json(app.call(&officer, "saved_searches/list", &[]).await).await;
    assert!(!list[0].digest);

    // Mail clients' one-click unsubscribe (RFC 8058) uses the List-Unsubscribe header.
    let header = digest
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: "))
        .expect("a List-Unsubscribe header")
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned();
    assert!(header.contains("/unsubscribe/one-click?token="), "{header}");
    assert!(digest.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    json::<()>(
        app.call(
            &officer,
            "saved_searches/change",
            &[("id", &list[0].id.to_string()), ("change", "digest_on")],
        )
        .await,
    )
    .await;
    let one_click = anonymous
        .post(&header)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(one_click.status(), 200);
    let list: Vec<SavedSearchView> =
        json(app.call(&officer, "saved_searches/list", &[]).await).await;
    assert!(!list[0].digest, "one click stopped the digest again");
    let wrong = anonymous
        .post(app.url("/unsubscribe/one-click?token=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
    // Even with news and a day gone by, nothing more is sent.
    submit_new_technology(app, &officer, "Second acoustic drone sensor").await;
    {
        use app::server::entities::saved_searches;
        use sea_orm::sea_query::Expr;
        saved_searches::Entity::update_many()
            .col_expr(
                saved_searches::Column::LastDigestAt,
                Expr::value(Utc::now() - Duration::days(2)),
            )
            .exec(app.db())
            .await
            .unwrap();
    }
    assert_eq!(run_at(app, Utc::now()).await.digests, 0);
}
db_test!(
    a_saved_search_sends_a_daily_digest_of_new_technologies_until_unsubscribed,
    digest_and_unsubscribe
);

async fn reminders(app: &TestApp) {
    use app::server::entities::opportunities;
    server::demo::load_if_empty(app.db()).await.unwrap();
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let opportunity = opportunities::Entity::find()
        .filter(opportunities::Column::Deadline.is_not_null())
        .order_by_desc(opportunities::Column::Deadline)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let deadline = opportunity.deadline.unwrap();
    refused(
        app.call(
            &officer,
            "bookmarks/set",
            &[("opportunity_id", &opportunity.id), ("on", "true")],
        )
        .await,
        403,
    )
    .await;
    refused(
        app.call(
            &founder,
            "bookmarks/set",
            &[("opportunity_id", "NO-SUCH-ID"), ("on", "true")],
        )
        .await,
        404,
    )
    .await;
    json::<()>(
        app.call(
            &founder,
            "bookmarks/set",
            &[("opportunity_id", &opportunity.id), ("on", "true")],
        )
        .await,
    )
    .await;
    let state: Option<bool> = json(
        app.call(
            &founder,
            "bookmarks/get",
            &[("opportunity_id", &opportunity.id)],
        )
        .await,
    )
    .await;
    assert_eq!(state, Some(true));

    // Fifteen days before: too early; ten days before: once.
    let at = |days_before: i64| {
        (deadline - Duration::days(days_before))
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_utc()
    };
    assert_eq!(run_at(app, at(15)).await.deadline_reminders, 0);
    assert_eq!(run_at(app, at(10)).await.deadline_reminders, 1);
    assert_eq!(run_at(app, at(9)).await.deadline_reminders, 0);
    app.wait_for_mail_to("founder@demo.lab2field.eu", &deadline.to_string())
        .await;
    let mails = common::read_outbox(app);
    assert_eq!(
        mails_about(&mails, "founder@demo.lab2field.eu", &deadline.to_string()),
        1
    );

    // A milestone due in five days is announced to the founders, once.
    let enrolment = enrol_demo_technology(app, &officer, "Reminder cohort").await;
    let due = (Utc::now() + Duration::days(5)).date_naive().to_string();
    json::<i64>(
        app.call(
            &officer,
            "milestones/add",
            &[
                ("enrolment_id", &enrolment.to_string()),
                ("form[title]", "Test-centre report"),
                ("form[due_on]", &due),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(run_at(app, Utc::now()).await.milestone_reminders, 1);
    assert_eq!(run_at(app, Utc::now()).await.milestone_reminders, 0);
    app.wait_for_mail_to("founder@demo.lab2field.eu", "Test-centre report")
        .await;
    let mails = common::read_outbox(app);
    assert_eq!(
        mails_about(&mails, "founder@demo.lab2field.eu", "Test-centre report"),
        1
    );
}
db_test!(
    bookmarked_deadlines_and_due_milestones_are_reminded_once,
    reminders
);

/// Messages received by the test's SMTP server: recipients and the raw message.
type Received = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// A minimal SMTP mailbox: every message the server accepts, with its recipients.
#[derive(Clone, Default)]
struct Mailbox {
    current: Vec<u8>,
    to: Vec<String>,
    received: Received,
}

impl mailin_embedded::Handler for Mailbox {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        self.to = to.to_vec();
        self.current.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = String::from_utf8_lossy(&self.current).into_owned();
        self.received
            .lock()
            .unwrap()
            .push((std::mem::take(&mut self.to), message));
        mailin_embedded::response::OK
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_go_out_through_a_real_smtp_server() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mailbox = Mailbox::default();
    let received = mailbox.received.clone();
    let mut smtp = mailin_embedded::Server::new(mailbox);
    smtp.with_name("smtp.test")
        .with_ssl(mailin_embedded::SslConfig::None)
        .unwrap()
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = smtp.serve();
    });

    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(Backend::Sqlite, &["--smtp-url", &url]).await;
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(&app, "officer@demo.lab2field.eu").await;
    let enrolment = enrol_demo_technology(&app, &officer, "SMTP cohort").await;
    json::<()>(
        app.call(
            &officer,
            "enrolments/move",
            &[("id", &enrolment.to_string()), ("to", "screening")],
        )
        .await,
    )
    .await;

    let deadline = Instant::now() + std::time::Duration::from_secs(15);
    // (The enrolment itself was announced first; this waits for the stage move.)
    let (to, message) = loop {
        let found = received
            .lock()
            .unwrap()
            .iter()
            .find(|(_, m)| text_part(m).contains("from Applied to Screening"))
            .cloned();
        if let Some(found) = found {
            break found;
        }
        assert!(
            Instant::now() < deadline,
            "the SMTP server receives the e-mail"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(to, vec!["founder@demo.lab2field.eu".to_owned()]);
    assert!(message.contains("Content-Type: text/plain"));
    assert!(message.contains("Content-Type: text/html"));
    assert!(text_part(&message).contains("from Applied to Screening"));
    assert!(
        common::read_outbox(&app).is_empty(),
        "nothing went to the folder transport"
    );
    // The outbox row is marked sent.
    use app::server::entities::mail_outbox;
    let row = mail_outbox::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let deadline = Instant::now() + std::time::Duration::from_secs(5);
    let mut sent = row.sent_at.is_some();
    while !sent && Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        sent = mail_outbox::Entity::find_by_id(row.id)
            .one(app.db())
            .await
            .unwrap()
            .unwrap()
            .sent_at
            .is_some();
    }
    assert!(sent);
    app.finish().await;
}
