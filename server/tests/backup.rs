//! `lab2field backup` while the server writes, and `lab2field restore` into a stopped one:
//! every row is there and searchable afterwards. Also: the command line never prints secrets.

mod common;

use common::{demo_client, json, Backend, ServerProcess, TestApp};
use std::process::{Command, Output};

fn lab2field(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lab2field"));
    for var in ["DATABASE_URL", "LAB2FIELD_DATA_DIR", "LAB2FIELD_SMTP_URL"] {
        command.env_remove(var);
    }
    command.args(args).envs(envs.iter().copied());
    command.output().expect("lab2field runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

async fn create(app: &TestApp, founder: &reqwest::Client, title: &str) -> i64 {
    let form = common::technology_fields(title);
    let response = founder
        .post(app.url("/api/technologies/create"))
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap();
    json(response).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_writing_restores_every_row() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    server::demo::load_if_empty(app.db()).await.unwrap();
    let founder = demo_client(&app, "founder@demo.lab2field.eu").await;
    let mut before = Vec::new();
    for n in 0..10 {
        before.push(create(&app, &founder, &format!("Backed up sensor b{n}")).await);
    }
    // Writes keep coming while the backup runs.
    let writer = {
        let (founder, base) = (founder.clone(), app.base.clone());
        tokio::spawn(async move {
            for n in 0..40 {
                let form = common::technology_fields(&format!("Concurrent sensor c{n}"));
                let _ = founder
                    .post(format!("{base}/api/technologies/create"))
                    .header("accept", "application/json")
                    .form(&form)
                    .send()
                    .await;
            }
        })
    };
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("lab2field-backup.db");
    let file_s = file.display().to_string();
    let database_url = app.settings.database_url.clone();
    let output = tokio::task::spawn_blocking({
        let (file_s, database_url) = (file_s.clone(), database_url.clone());
        move || lab2field(&["backup", &file_s], &[("DATABASE_URL", &database_url)])
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("checked"), "{}", text(&output));
    writer.await.unwrap();
    // A backup never overwrites.
    let again = lab2field(&["backup", &file_s], &[("DATABASE_URL", &database_url)]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));

    // Restore into a new, stopped installation.
    let target = tempfile::tempdir().unwrap();
    let target_s = target.path().display().to_string();
    let output = lab2field(&["restore", &file_s], &[("LAB2FIELD_DATA_DIR", &target_s)]);
    assert!(output.status.success(), "{}", text(&output));
    let server = ServerProcess::start(target.path(), None).await;
    // Restoring under a running server is refused, and changes nothing.
    let refused = lab2field(&["restore", &file_s], &[("LAB2FIELD_DATA_DIR", &target_s)]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("stop it"), "{}", text(&refused));

    let founder2 = server.demo_client("founder@demo.lab2field.eu").await;
    let mine: Vec<serde_json::Value> = founder2
        .post(server.url("/api/technologies/mine"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for id in &before {
        assert!(
            mine.iter().any(|t| t["id"] == *id),
            "technology {id} written before the backup is missing"
        );
    }
    // The restored database is whole: every technology in the copy is there.
    let copy = sea_orm::Database::connect(format!("sqlite://{file_s}?mode=ro"))
        .await
        .unwrap();
    use sea_orm::{EntityTrait, PaginatorTrait};
    let in_copy = app::server::entities::technologies::Entity::find()
        .count(&copy)
        .await
        .unwrap();
    let demo_and_mine = mine.len() as u64;
    assert!(in_copy >= demo_and_mine && demo_and_mine >= 10);
    drop(server);
    app.finish().await;

    // Not a database: refused with a reason, nothing replaced.
    let junk = folder.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let output = lab2field(
        &["restore", &junk.display().to_string()],
        &[("LAB2FIELD_DATA_DIR", &target_s)],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
}

#[test]
fn postgres_is_backed_up_with_its_own_tools() {
    let output = lab2field(
        &["backup", "/tmp/never-written.db"],
        &[("DATABASE_URL", "postgres://user:s3cret@127.0.0.1:1/x")],
    );
    assert_eq!(output.status.code(), Some(2));
    let out = text(&output);
    assert!(out.contains("pg_dump"), "{out}");
    assert!(!out.contains("s3cret"), "{out}");
}

#[test]
fn help_never_prints_the_values_of_secret_settings() {
    let output = lab2field(
        &["--help"],
        &[
            ("DATABASE_URL", "postgres://user:hunter2@db.example/x"),
            ("LAB2FIELD_SMTP_URL", "smtps://mail:topsecret@smtp.example"),
        ],
    );
    let out = text(&output);
    assert!(out.contains("DATABASE_URL"), "{out}");
    assert!(!out.contains("hunter2"), "{out}");
    assert!(!out.contains("topsecret"), "{out}");
}
