//! Several instances on one PostgreSQL database, as real `lab2field serve` processes with their
//! own data folders: sessions are shared, a change made on one is searchable on the other within
//! two seconds, each e-mail goes out once with every instance's sender running, a killed
//! instance loses nothing and catches up when it comes back, and a new instance with an empty
//! data folder builds its index and then answers as the others do. Also, on both backends: the
//! change feed's cursor, pruning and the rebuild of an index that fell behind it, and mail claims.

mod common;

use app::server::entities::mail_outbox;
use common::{backends, Backend, ServerProcess, TestApp};
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

async fn wait_ready(server: &ServerProcess) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(server.url("/readyz")).send().await {
            if r.status() == 200 {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{} never became ready",
            server.base
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn call(
    client: &reqwest::Client,
    server: &ServerProcess,
    endpoint: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(server.url(&format!("/api/{endpoint}")))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Creates and submits a technology titled `title` through `server`; returns its id.
async fn submit(client: &reqwest::Client, server: &ServerProcess, title: &str) -> i64 {
    let form = common::technology_fields(title);
    let created = client
        .post(server.url("/api/technologies/create"))
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap();
    let id: i64 = common::json(created).await;
    let submitted = call(
        client,
        server,
        "technologies/status",
        &[("id", &id.to_string()), ("change", "submit")],
    )
    .await;
    assert_eq!(
        submitted.status(),
        200,
        "{}",
        submitted.text().await.unwrap()
    );
    id
}

/// The ids an officer's search for `text` finds on `server` (first 100), and the total.
async fn found(
    officer: &reqwest::Client,
    server: &ServerProcess,
    text: &str,
) -> (BTreeSet<i64>, u64) {
    let response = call(
        officer,
        server,
        "search/technologies",
        &[("query[text]", text), ("query[per_page]", "100")],
    )
    .await;
    let page: serde_json::Value = common::json(response).await;
    let ids = page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["technology"]["id"].as_i64().unwrap())
        .collect();
    (ids, page["total"].as_u64().unwrap())
}

/// How long until `id` is found by `text` on `server` (fails after `limit`).
async fn searchable_within(
    officer: &reqwest::Client,
    server: &ServerProcess,
    text: &str,
    id: i64,
    limit: Duration,
) -> Duration {
    let start = Instant::now();
    loop {
        if found(officer, server, text).await.0.contains(&id) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "technology {id} not searchable on {} within {limit:?}",
            server.base
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every stored e-mail in `dir`, headers unfolded.
fn mails_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|m| m.replace("\r\n ", " ").replace("\n ", " "))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_postgres_database_act_as_one_site() {
    if !backends().contains(&Backend::Postgres) {
        return;
    }
    let (url, name) = common::create_pg_database().await;
    let db = Database::connect(&url).await.unwrap();
    let folders: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    // A loads the demo data into the empty database; B finds it there.
    let mut a = ServerProcess::start(folders[0].path(), Some(&url)).await;
    let b = ServerProcess::start(folders[1].path(), Some(&url)).await;
    wait_ready(&a).await;
    wait_ready(&b).await;

    // A session started on A works on B.
    let officer = a.demo_client("officer@demo.lab2field.eu").await;
    assert_eq!(call(&officer, &b, "auth/account", &[]).await.status(), 200);

    // Submitted on A: found by an officer's search on B within two seconds — also while a long
    // transaction runs in another database of the same PostgreSQL server.
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let elsewhere = Database::connect(std::env::var(common::PG_ENV).unwrap())
        .await
        .unwrap();
    let long = elsewhere.begin().await.unwrap();
    long.execute_unprepared("SELECT pg_current_xact_id()")
        .await
        .unwrap();
    let founder = a.demo_client("founder@demo.lab2field.eu").await;
    let first = submit(&founder, &a, "Replicated sonar zqalpha").await;
    let took = searchable_within(&officer, &b, "zqalpha", first, Duration::from_secs(2)).await;
    eprintln!("written on A, searchable on B after {took:?}");
    long.rollback().await.unwrap();
    elsewhere.close().await.unwrap();

    // Stage moves made through both instances at once: each e-mail goes out once, with both
    // instances' senders running.
    let before: i64 = mail_outbox::Entity::find()
        .select_only()
        .column_as(mail_outbox::Column::Id.max(), "max")
        .into_tuple::<Option<i64>>()
        .one(&db)
        .await
        .unwrap()
        .flatten()
        .unwrap_or(0);
    let programmes: Vec<serde_json::Value> =
        common::json(call(&officer, &b, "programmes/list", &[]).await).await;
    let programme = programmes[0]["id"].as_i64().unwrap().to_string();
    let mut moves = Vec::new();
    for n in 0..10 {
        let tech = submit(&founder, &a, &format!("Enrolled sensor zqm{n}")).await;
        let enrolment: i64 = common::json(
            call(
                &officer,
                servers_for(n, &a, &b),
                "enrolments/enrol",
                &[
                    ("programme_id", &programme),
                    ("technology_id", &tech.to_string()),
                ],
            )
            .await,
        )
        .await;
        moves.push((enrolment, "screening".to_owned()));
    }
    let servers = [&a, &b];
    let requests = moves.iter().enumerate().map(|(n, (id, to))| {
        let (officer, server) = (officer.clone(), servers[n % 2]);
        async move {
            let id = id.to_string();
            let response = call(
                &officer,
                server,
                "enrolments/move",
                &[("id", &id), ("to", to)],
            )
            .await;
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        }
    });
    futures_util::future::join_all(requests).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let rows = loop {
        let rows = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Id.gt(before))
            .filter(mail_outbox::Column::Kind.eq("stage_changed"))
            .all(&db)
            .await
            .unwrap();
        if !rows.is_empty() && rows.iter().all(|r| r.sent_at.is_some()) {
            break rows;
        }
        assert!(
            Instant::now() < deadline,
            "stage-change mail not sent: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(rows.len() >= moves.len(), "one e-mail per move at least");
    let sent: Vec<String> = folders
        .iter()
        .flat_map(|f| mails_in(&f.path().join("outbox")))
        .collect();
    for row in &rows {
        // The subject is encoded in the file (it holds a dash); the text names the technology.
        let title = row.subject.split(": now").next().unwrap();
        let copies = sent
            .iter()
            .filter(|m| {
                m.contains(&format!("To: {}", row.to_address))
                    && common::text_part(m).contains(&format!("\"{title}\" has moved from"))
            })
            .count();
        assert_eq!(
            copies, 1,
            "{:?} to {} sent {copies} times",
            row.subject, row.to_address
        );
    }

    // A killed: nothing is lost, B keeps serving, and A catches up when it is back.
    a.kill();
    let second = submit(&founder_on(&b).await, &b, "Replicated lidar zqbravo").await;
    searchable_within(&officer, &b, "zqbravo", second, Duration::from_secs(2)).await;
    a.restart().await;
    wait_ready(&a).await;
    searchable_within(&officer, &a, "zqbravo", second, Duration::from_secs(5)).await;
    searchable_within(&officer, &a, "zqalpha", first, Duration::from_secs(1)).await;

    // A new instance with an empty data folder builds its index, then answers as B does.
    let c = ServerProcess::start(folders[2].path(), Some(&url)).await;
    wait_ready(&c).await;
    for text in ["", "sensor", "radar", "zqbravo"] {
        let (on_c, total_c) = found(&officer, &c, text).await;
        let (on_b, total_b) = found(&officer, &b, text).await;
        assert_eq!(
            total_c, total_b,
            "C and B find different numbers for {text:?}"
        );
        // The first page of equal scores may come in another order; smaller results whole.
        if total_b <= 100 {
            assert_eq!(on_c, on_b, "C and B differ for {text:?}");
        }
    }
    drop((a, b, c));
    db.close().await.unwrap();
    common::drop_pg_database(&name).await;
}

/// A and B in turn.
fn servers_for<'a>(n: usize, a: &'a ServerProcess, b: &'a ServerProcess) -> &'a ServerProcess {
    if n.is_multiple_of(2) {
        a
    } else {
        b
    }
}

async fn founder_on(server: &ServerProcess) -> reqwest::Client {
    server.demo_client("founder@demo.lab2field.eu").await
}

/// Runs a scenario that stops and starts its server once per backend.
macro_rules! db_test_mut {
    ($name:ident, $scenario:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            for backend in common::backends() {
                let mut app = common::TestApp::spawn(backend).await;
                $scenario(&mut app).await;
                app.finish().await;
            }
        }
    };
}

/// The ids an officer's search for `text` finds in the test app.
async fn search_ids(app: &TestApp, officer: &reqwest::Client, text: &str) -> BTreeSet<i64> {
    let response = app
        .call(
            officer,
            "search/technologies",
            &[("query[text]", text), ("query[per_page]", "100")],
        )
        .await;
    let page: serde_json::Value = common::json(response).await;
    page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["technology"]["id"].as_i64().unwrap())
        .collect()
}

/// Creates and submits a technology in the test app as the demo founder.
async fn submit_in(app: &TestApp, title: &str) -> i64 {
    let founder = common::demo_client(app, "founder@demo.lab2field.eu").await;
    let form = common::technology_fields(title);
    let id: i64 = common::json(
        founder
            .post(app.url("/api/technologies/create"))
            .header("accept", "application/json")
            .form(&form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let submitted = app
        .call(
            &founder,
            "technologies/status",
            &[("id", &id.to_string()), ("change", "submit")],
        )
        .await;
    assert_eq!(submitted.status(), 200);
    id
}

async fn searchable_in(app: &TestApp, text: &str, id: i64) {
    let officer = common::demo_client(app, "officer@demo.lab2field.eu").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !search_ids(app, &officer, text).await.contains(&id) {
        assert!(Instant::now() < deadline, "{id} not found by {text:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The index records the feed position it applied; restarted, it goes on from there. Pruned
/// past its position, or on another database, it is rebuilt instead.
async fn an_index_follows_the_feed_or_is_rebuilt(app: &mut TestApp) {
    use app::domain::change_feed::FeedPosition;
    use app::server::search::{prune_feed, SearchIndex};
    server::demo::load_if_empty(app.db()).await.unwrap();
    let one = submit_in(app, "Feed follower zqone").await;
    searchable_in(app, "zqone", one).await;

    let db = Database::connect(&app.settings.database_url).await.unwrap();
    let position = |app: &TestApp| {
        let (db, dir) = (db.clone(), app.settings.data_dir.clone());
        async move {
            let (index, rebuild) = SearchIndex::open(&db, &dir).await.unwrap();
            let cursor: Option<FeedPosition> =
                index.generation().ok().and_then(|g| g.cursor().unwrap());
            (cursor, rebuild)
        }
    };
    // Stopped and started again: it follows the feed from the recorded position, no rebuild.
    app.stop().await;
    let (cursor, rebuild) = position(app).await;
    assert_eq!(
        rebuild, None,
        "{:?}: the index follows the feed",
        app.backend
    );
    let cursor = cursor.expect("a recorded position");
    app.start().await;
    let two = submit_in(app, "Feed follower zqtwo").await;
    searchable_in(app, "zqtwo", two).await;
    app.stop().await;
    let (mut moved, _) = position(app).await;
    assert!(moved.unwrap() > cursor, "{moved:?} after {cursor}");
    // A change written in the background after the search above answered (the app's own jobs)
    // may still be unapplied when it stopped: let it run until it has applied the newest entry,
    // so what is pruned next is only what it applied.
    for _ in 0..20 {
        let newest = app::server::search::feed::state(&db).await.unwrap().newest;
        if newest.is_none() || moved >= newest {
            break;
        }
        app.start().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        app.stop().await;
        moved = position(app).await.0;
    }

    // Entries the index has applied are pruned: it still follows.
    assert!(prune_feed(&db, Duration::ZERO).await.unwrap() > 0);
    assert_eq!(position(app).await.1, None, "{:?}", app.backend);

    // A change it has not applied is pruned: the index is rebuilt before it serves search.
    app::server::search::enqueue(&db, "technology", two)
        .await
        .unwrap();
    assert_eq!(prune_feed(&db, Duration::ZERO).await.unwrap(), 1);
    let (index, rebuild) = SearchIndex::open(&db, &app.settings.data_dir)
        .await
        .unwrap();
    let reason = rebuild.expect("pruned past the index: rebuilt");
    assert!(reason.contains("pruned"), "{reason}");
    assert!(!index.is_ready());
    assert!(matches!(
        index.generation(),
        Err(app::error::AppError::Unavailable(_))
    ));
    drop(index);
    app.start().await;
    searchable_in(app, "zqtwo", two).await;
    searchable_in(app, "zqone", one).await;
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    db.close().await.unwrap();
}
db_test_mut!(
    the_index_follows_the_change_feed_across_restarts_and_rebuilds_when_pruned_past,
    an_index_follows_the_feed_or_is_rebuilt
);

/// Started while its index writers are still held (a server on the same data folder still
/// finishing its last commit), the indexer waits for them instead of giving up: what changed
/// meanwhile becomes searchable once they are free.
async fn an_indexer_waits_for_held_writers(app: &mut TestApp) {
    use app::server::search::SearchIndex;
    server::demo::load_if_empty(app.db()).await.unwrap();
    app.stop().await;
    let db = Database::connect(&app.settings.database_url).await.unwrap();
    let (index, rebuild) = SearchIndex::open(&db, &app.settings.data_dir)
        .await
        .unwrap();
    assert_eq!(rebuild, None, "{:?}", app.backend);
    let held = index.generation().unwrap().writers().unwrap();
    app.start().await;
    let id = submit_in(app, "Held writers zqheld").await;
    let officer = common::demo_client(app, "officer@demo.lab2field.eu").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !search_ids(app, &officer, "zqheld").await.contains(&id),
        "{:?}: not indexed while another holds the writers",
        app.backend
    );
    drop(held);
    searchable_in(app, "zqheld", id).await;
    drop(index);
    db.close().await.unwrap();
}
db_test_mut!(
    an_indexer_started_while_the_writers_are_held_applies_the_feed_once_they_are_free,
    an_indexer_waits_for_held_writers
);

/// Two senders claiming at once never get the same row; a claim that runs out is taken again.
async fn mail_claims_do_not_overlap(app: &mut TestApp) {
    use app::server::mail::sender::claim;
    app.stop().await;
    let db = Database::connect(&app.settings.database_url).await.unwrap();
    for n in 0..40 {
        app::server::mail::enqueue(
            &db,
            &format!("person{n}@example.org"),
            app::server::mail::RenderedMail {
                kind: "test",
                subject: format!("Message {n}"),
                text: "Hello".into(),
                html: "<p>Hello</p>".into(),
                unsubscribe: None,
            },
        )
        .await
        .unwrap();
    }
    let claims = (0..8).map(|_| {
        let db = db.clone();
        async move { claim(&db, 10).await.unwrap() }
    });
    let claimed: Vec<i64> = futures_util::future::join_all(claims)
        .await
        .into_iter()
        .flatten()
        .map(|row| row.id)
        .collect();
    let distinct: BTreeSet<i64> = claimed.iter().copied().collect();
    assert_eq!(claimed.len(), 40, "{:?}: every row claimed", app.backend);
    assert_eq!(
        distinct.len(),
        40,
        "{:?}: no row claimed twice",
        app.backend
    );
    assert!(claim(&db, 10).await.unwrap().is_empty(), "all held");
    // A sender that died: its lease runs out and another sender takes the row.
    use sea_orm::sea_query::Expr;
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::ClaimedUntil,
            Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)),
        )
        .filter(mail_outbox::Column::Subject.eq("Message 7"))
        .exec(&db)
        .await
        .unwrap();
    let again = claim(&db, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].subject, "Message 7");
    db.close().await.unwrap();
}
db_test_mut!(
    mail_rows_are_claimed_by_one_sender_at_a_time,
    mail_claims_do_not_overlap
);
