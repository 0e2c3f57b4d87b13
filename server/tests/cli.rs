//! The `lab2field` binary: settings errors, `migrate` and `user create`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn lab2field(
    data_dir: &std::path::Path,
    args: &[&str],
    envs: &[(&str, &str)],
    stdin: &str,
) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lab2field"));
    for var in [
        "DATABASE_URL",
        "LAB2FIELD_BASE_URL",
        "LAB2FIELD_SMTP_URL",
        "LAB2FIELD_BIND",
        "LAB2FIELD_DATA_DIR",
    ] {
        command.env_remove(var);
    }
    command
        .env("LAB2FIELD_DATA_DIR", data_dir)
        .envs(envs.iter().copied())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("lab2field runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_malformed_base_url_stops_start_up_with_one_line_naming_it_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let output = lab2field(
        &data,
        &["serve"],
        &[("LAB2FIELD_BASE_URL", "not a url")],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("error: LAB2FIELD_BASE_URL:"), "{err}");
    assert!(!data.exists(), "the data folder was not created");
}

#[test]
fn an_unreachable_database_stops_start_up_naming_database_url() {
    let dir = tempfile::tempdir().unwrap();
    let output = lab2field(
        dir.path(),
        &["serve"],
        &[
            (
                "DATABASE_URL",
                "postgres://postgres:secret@127.0.0.1:1/nothing",
            ),
            ("LAB2FIELD_BIND", "127.0.0.1:0"),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: DATABASE_URL: cannot connect"),
        "{err}"
    );
    assert!(
        !err.contains("secret"),
        "the password is not printed: {err}"
    );
}

#[test]
fn an_unwritable_data_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let output = lab2field(&file, &["migrate"], &[], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: LAB2FIELD_DATA_DIR:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn user_create_makes_an_officer_from_a_password_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let ok = lab2field(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "Officer@Example.org",
            "--role",
            "officer",
        ],
        &[],
        "a long enough password\n",
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("created officer account officer@example.org")
    );

    let short = lab2field(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "b@example.org",
            "--role",
            "admin",
        ],
        &[],
        "short\n",
    );
    assert_eq!(short.status.code(), Some(2));
    assert!(
        stderr(&short).contains("password: must be at least 12 characters"),
        "{}",
        stderr(&short)
    );

    let again = lab2field(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "officer@example.org",
            "--role",
            "admin",
        ],
        &[],
        "a long enough password\n",
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn migrate_status_lists_the_applied_migrations() {
    let dir = tempfile::tempdir().unwrap();
    assert!(lab2field(dir.path(), &["migrate"], &[], "")
        .status
        .success());
    let status = lab2field(dir.path(), &["migrate", "status"], &[], "");
    let out = String::from_utf8_lossy(&status.stdout);
    assert!(out.contains("m20261122_000001_accounts\tApplied"), "{out}");
}

#[test]
fn import_opportunities_validates_the_whole_file_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let real = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue/opportunities.json");

    let mut entries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(real).unwrap()).unwrap();
    entries[2]["deadline"] = serde_json::json!("next year");
    entries[150]["kind"] = serde_json::json!("grant");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_string(&entries).unwrap()).unwrap();
    let refused = lab2field(
        dir.path(),
        &["import", "opportunities", bad.to_str().unwrap()],
        &[],
        "",
    );
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    let id2 = entries[2]["id"].as_str().unwrap();
    assert!(
        err.contains(&format!(
            "entry 2 ({id2}): deadline: must be a date YYYY-MM-DD or null"
        )),
        "{err}"
    );
    assert!(err.contains("entry 150 ("), "{err}");
    assert!(
        err.contains("2 invalid entries — nothing was imported"),
        "{err}"
    );

    let first = lab2field(dir.path(), &["import", "opportunities", real], &[], "");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("190 created, 0 updated, 0 unchanged"));
    let second = lab2field(dir.path(), &["import", "opportunities", real], &[], "");
    assert!(String::from_utf8_lossy(&second.stdout).contains("0 created, 0 updated, 190 unchanged"));
}

#[test]
fn import_ft_portal_reads_the_portals_search_result_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/catalogue/ft-portal-sample.json"
    );
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sample).unwrap()).unwrap();
    file["results"][7]["metadata"]["status"] = serde_json::json!(["31094599"]);
    let bad = dir.path().join("portal.json");
    std::fs::write(&bad, file.to_string()).unwrap();
    let refused = lab2field(
        dir.path(),
        &["import", "ft-portal", bad.to_str().unwrap()],
        &[],
        "",
    );
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    let id = file["results"][7]["metadata"]["identifier"][0]
        .as_str()
        .unwrap();
    assert!(
        err.contains(&format!(
            "entry 7 ({id}): metadata.status: \"31094599\" must be one of"
        )),
        "{err}"
    );
    assert!(
        err.contains("1 invalid entry — nothing was imported"),
        "{err}"
    );

    let first = lab2field(dir.path(), &["import", "ft-portal", sample], &[], "");
    assert!(first.status.success(), "{}", stderr(&first));
    // Its log goes to a pipe here, as to a log file: plain text, no colour codes.
    assert!(!stderr(&first).contains('\u{1b}'), "{:?}", stderr(&first));
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("26 created, 0 updated, 0 unchanged"),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    let second = lab2field(dir.path(), &["import", "ft-portal", sample], &[], "");
    assert!(String::from_utf8_lossy(&second.stdout).contains("0 created, 0 updated, 26 unchanged"));
}

#[test]
fn match_json_prints_ranked_explained_results() {
    let dir = tempfile::tempdir().unwrap();
    let real = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue/opportunities.json");
    assert!(
        lab2field(dir.path(), &["import", "opportunities", real], &[], "")
            .status
            .success()
    );
    let out = lab2field(
        dir.path(),
        &[
            "match",
            "--text",
            "Counter-drone radar that detects small UAVs near military bases",
            "--trl",
            "6",
            "--country",
            "FI",
            "--limit",
            "5",
            "--include-closed",
            "--json",
        ],
        &[],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let results: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("a JSON array on stdout");
    assert_eq!(results.len(), 5);
    let mut last = f64::INFINITY;
    for r in &results {
        assert!(r["id"].is_string() && r["title"].is_string(), "{r}");
        assert!(["edf_call", "diana_challenge", "investor"].contains(&r["kind"].as_str().unwrap()));
        let score = r["score"].as_f64().expect("numeric score");
        assert!(score <= last, "best first");
        last = score;
        assert!(r["eligible"].is_boolean());
        let reasons = r["reasons"].as_array().expect("reasons");
        assert!(reasons.iter().all(|x| x.is_string()) && !reasons.is_empty());
    }
    assert_eq!(
        results[0]["id"], "EDF-2023-DA-AIRDEF-CUAS",
        "the counter-UAS topic ranks first"
    );

    let bad = lab2field(
        dir.path(),
        &["match", "--text", "radar", "--country", "XX", "--json"],
        &[],
        "",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("country"), "{}", stderr(&bad));
}

#[test]
fn match_on_an_empty_catalogue_says_how_to_fill_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = lab2field(
        dir.path(),
        &[
            "match",
            "--text",
            "Counter-drone radar",
            "--kind",
            "investor",
        ],
        &[],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("catalogue in this data folder is empty")
            && stderr(&out).contains("lab2field import opportunities"),
        "{}",
        stderr(&out)
    );
}
