//! Test harness: a real server in-process on a free port, with its own data folder and its own
//! database — a fresh SQLite file, or a fresh PostgreSQL database when
//! `LAB2FIELD_TEST_POSTGRES_URL` is set.
#![allow(dead_code)]

use clap::Parser;
use sea_orm::{ConnectionTrait, Database};
use server::config::{Settings, SettingsArgs};
use server::startup::{self, RunningServer, StartOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub const PG_ENV: &str = "LAB2FIELD_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL too when its URL is set (otherwise says it is skipped).
pub fn backends() -> Vec<Backend> {
    if std::env::var(PG_ENV).is_ok_and(|v| !v.is_empty()) {
        vec![Backend::Sqlite, Backend::Postgres]
    } else {
        eprintln!("note: {PG_ENV} is not set; the PostgreSQL lane of this test is skipped");
        vec![Backend::Sqlite]
    }
}

#[derive(Parser)]
struct ArgsOnly {
    #[command(flatten)]
    settings: SettingsArgs,
}

pub struct TestApp {
    pub backend: Backend,
    pub server: Option<RunningServer>,
    pub base: String,
    pub data_dir: TempDir,
    pub settings: Settings,
    pg_database: Option<String>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, &[]).await
    }

    /// Like [`TestApp::spawn`], with extra command-line settings (e.g. `--smtp-url`).
    pub async fn spawn_with(backend: Backend, extra: &[&str]) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let mut argv = vec![
            "test".to_owned(),
            "--data-dir".into(),
            data_dir.path().display().to_string(),
            "--bind".into(),
            "127.0.0.1:0".into(),
        ];
        argv.extend(extra.iter().map(|a| a.to_string()));
        let mut pg_database = None;
        if backend == Backend::Postgres {
            let (url, name) = create_pg_database().await;
            argv.extend(["--database-url".into(), url]);
            pg_database = Some(name);
        }
        // Logs only when asked for (RUST_LOG=…), so failures stay readable.
        if std::env::var_os("RUST_LOG").is_some() {
            server::telemetry::init(server::config::LogFormat::Text);
        }
        // Settings come from flags only, so the developer's environment cannot leak in.
        let args = ArgsOnly::try_parse_from(argv).expect("test args").settings;
        let settings = Settings::resolve(&args).expect("test settings");
        let server = startup::start(settings.clone(), StartOptions::default())
            .await
            .expect("server starts");
        let base = format!("http://{}", server.addr);
        Self {
            backend,
            server: Some(server),
            base,
            data_dir,
            settings,
            pg_database,
        }
    }

    pub fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.server.as_ref().expect("server running").db
    }

    /// Stops the server and starts a new one on the same database and data folder.
    pub async fn restart(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
        let server = startup::start(self.settings.clone(), StartOptions::default())
            .await
            .expect("server restarts");
        self.base = format!("http://{}", server.addr);
        self.server = Some(server);
    }

    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
    }

    pub async fn start(&mut self) {
        let server = startup::start(self.settings.clone(), StartOptions::default())
            .await
            .expect("server starts");
        self.base = format!("http://{}", server.addr);
        self.server = Some(server);
    }

    /// A browser-like client with its own cookie jar that does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Calls a server function as JavaScript would (form-encoded in, JSON out).
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub fn outbox(&self) -> PathBuf {
        self.data_dir.path().join("outbox")
    }

    /// Waits up to ten seconds for `count` e-mails in the outbox folder, then returns them.
    pub async fn wait_for_mails(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mails = read_mails(&self.outbox());
            if mails.len() >= count || Instant::now() > deadline {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to ten seconds for an e-mail to `to` whose text part contains `text` (a file
    /// being written is simply read again on the next poll); returns the raw message.
    pub async fn wait_for_mail_to(&self, to: &str, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = read_mails(&self.outbox()).into_iter().find(|m| {
                m.contains(&format!("To: {to}"))
                    && m.contains("Content-Type: text/plain")
                    && text_part(m).contains(text)
            });
            if let Some(mail) = found {
                return mail;
            }
            assert!(
                Instant::now() < deadline,
                "no e-mail to {to} containing {text:?} within ten seconds"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn finish(mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
        if let Some(name) = self.pg_database.take() {
            drop_pg_database(&name).await;
        }
    }
}

/// The e-mails in the outbox folder right now.
pub fn read_outbox(app: &TestApp) -> Vec<String> {
    read_mails(&app.outbox())
}

fn read_mails(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

/// The text/plain part of a stored e-mail.
pub fn text_part(eml: &str) -> String {
    let eml = eml.replace("\r\n", "\n");
    let start = eml.find("Content-Type: text/plain").expect("a text part");
    let rest = &eml[start..];
    let body_start = rest.find("\n\n").expect("part headers end") + 2;
    let body = &rest[body_start..];
    let end = body.find("\n--").unwrap_or(body.len());
    let headers = &rest[..body_start];
    if headers.contains("quoted-printable") {
        decode_quoted_printable(&body[..end])
    } else {
        body[..end].to_owned()
    }
}

/// Decodes a quoted-printable body (soft line breaks and `=XX` escapes).
pub fn decode_quoted_printable(encoded: &str) -> String {
    let joined = encoded.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8 text")
}

/// The verification link in a stored e-mail.
pub fn verification_link(eml: &str) -> String {
    let text = text_part(eml);
    text.lines()
        .map(str::trim)
        .find(|l| l.contains("/verify-email?token="))
        .expect("a verification link")
        .to_owned()
}

pub async fn create_pg_database() -> (String, String) {
    let admin_url = std::env::var(PG_ENV).expect("postgres url");
    let name = format!("lab2field_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .expect("connect to test PostgreSQL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(&admin_url).expect("postgres url");
    url.set_path(&format!("/{name}"));
    (url.to_string(), name)
}

pub async fn drop_pg_database(name: &str) {
    let admin_url = std::env::var(PG_ENV).expect("postgres url");
    if let Ok(admin) = Database::connect(&admin_url).await {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await;
        admin.close().await.ok();
    }
}

/// Signs up, verifies and signs in a new account of `role` ("founder" or "investor"); returns
/// its client.
pub async fn signed_in(app: &TestApp, email: &str, role: &str) -> reqwest::Client {
    let client = app.client();
    let response = app
        .call(
            &client,
            "auth/sign_up",
            &[
                ("email", email),
                ("display_name", "Test User"),
                ("password", PASSWORD),
                ("role", role),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        200,
        "sign-up of {email}: {}",
        response.text().await.unwrap_or_default()
    );
    mark_verified(app, email).await;
    let response = app
        .call(
            &client,
            "auth/sign_in",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    client
}

/// Confirms an address directly in the database (the e-mail journey has its own tests).
pub async fn mark_verified(app: &TestApp, email: &str) {
    use app::server::entities::users;
    use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
    users::Entity::update_many()
        .col_expr(
            users::Column::EmailVerifiedAt,
            Expr::value(chrono::Utc::now()),
        )
        .filter(users::Column::Email.eq(email))
        .exec(app.db())
        .await
        .expect("verify");
}

/// Creates an officer or admin (as `lab2field user create` does) and signs them in.
pub async fn staff_client(app: &TestApp, email: &str, name: &str, role: &str) -> reqwest::Client {
    use app::domain::account::Role;
    let account = app::server::accounts::NewAccount::parse(
        email,
        name,
        PASSWORD,
        role,
        &[Role::Officer, Role::Admin],
    )
    .expect("staff account");
    app::server::accounts::create_verified(app.db(), account)
        .await
        .expect("created");
    let client = app.client();
    let response = app
        .call(
            &client,
            "auth/sign_in",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    client
}

/// Signs in one of the demo accounts (call `server::demo::load_if_empty` first).
pub async fn demo_client(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    let response = app
        .call(
            &client,
            "auth/sign_in",
            &[("email", email), ("password", server::demo::DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    client
}

pub const PASSWORD: &str = "correct horse battery";

/// Calls `auth/sign_in` with an e-mail and a password (the answer is the caller's to check).
pub async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.call(
        client,
        "auth/sign_in",
        &[("email", email), ("password", password)],
    )
    .await
}

/// Runs a scenario once per backend, each on a fresh server and database.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $scenario:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            for backend in common::backends() {
                let app = common::TestApp::spawn(backend).await;
                $scenario(&app).await;
                app.finish().await;
            }
        }
    };
}

/// Like `db_test!`, as one test per database, for a scenario long enough that running the two
/// at once (as nextest does with separate tests) shortens the whole run.
#[macro_export]
macro_rules! db_test_per_backend {
    ($sqlite:ident, $postgres:ident, $scenario:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            let app = common::TestApp::spawn(common::Backend::Sqlite).await;
            $scenario(&app).await;
            app.finish().await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            if !common::backends().contains(&common::Backend::Postgres) {
                return;
            }
            let app = common::TestApp::spawn(common::Backend::Postgres).await;
            $scenario(&app).await;
            app.finish().await;
        }
    };
}

/// The JSON answer of a successful call (panics with the status and body otherwise).
pub async fn json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.expect("body");
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Asserts a call was refused with `status`; returns the error it carried.
pub async fn refused(response: reqwest::Response, status: u16) -> app::error::AppError {
    let got = response.status().as_u16();
    let text = response.text().await.expect("body");
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The id of a technology by its title (demo data).
pub async fn technology_id(app: &TestApp, title: &str) -> i64 {
    use app::server::entities::technologies;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    technologies::Entity::find()
        .filter(technologies::Column::Title.eq(title))
        .one(app.db())
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("no technology titled {title}"))
        .id
}

/// Makes every stored session look `by` older since it signed in, as if that much time had
/// passed (the session store keeps records as MessagePack), and waits until the server sees it.
pub async fn age_sessions(app: &TestApp, by: chrono::Duration) {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let db = app.db();
    let backend = db.get_database_backend();
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT id, data FROM tower_sessions",
        ))
        .await
        .expect("sessions");
    for row in rows {
        let id: String = row.try_get("", "id").expect("id");
        let data: Vec<u8> = row.try_get("", "data").expect("data");
        let mut record: tower_sessions::session::Record =
            rmp_serde::from_slice(&data).expect("a session record");
        if let Some(at) = record.data.get("signed_in_at").and_then(|v| v.as_i64()) {
            record.data.insert(
                "signed_in_at".to_owned(),
                serde_json::json!(at - by.num_seconds()),
            );
        }
        let encoded = rmp_serde::to_vec(&record).expect("encode");
        let sql = match backend {
            DatabaseBackend::Postgres => "UPDATE tower_sessions SET data = $1 WHERE id = $2",
            _ => "UPDATE tower_sessions SET data = ? WHERE id = ?",
        };
        db.execute(Statement::from_sql_and_values(
            backend,
            sql,
            [encoded.into(), id.into()],
        ))
        .await
        .expect("age session");
    }
    // The server reuses a session record it read for up to a second (`sessions::Recent`); a
    // record changed behind its back, as here, is seen once that copy is stale.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
}

/// The technology form as a founder fills it in, with `title` and TRL 6.
pub fn technology_fields(title: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("title", title),
        (
            "summary",
            "Detects small drones by their radio emissions with passive sensors.",
        ),
        ("confidential_details", "antenna geometry"),
        ("civil_applications", "Airports"),
        ("defence_applications", "Counter-UAS"),
        ("trl", "6"),
        ("trl_evidence", "Demonstrated at a test range in 2026"),
        ("keywords", "counter-UAS, RF"),
        ("export_status", "not_listed"),
        ("export_code", ""),
        ("export_list_version", ""),
        ("ip_status", "patent_pending"),
        ("funding_sought_eur", "2000000"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.to_owned()))
    .collect();
    form.push(("form[areas][]".into(), "sensing".into()));
    form.push(("form[seeks][]".into(), "funding".into()));
    form
}

/// A real `lab2field serve --demo-data` process on a free port, with its own data folder and
/// database (SQLite in the folder, or the given PostgreSQL URL).
pub struct ServerProcess {
    pub child: std::process::Child,
    pub base: String,
    data_dir: PathBuf,
    database_url: Option<String>,
    port: u16,
}

impl ServerProcess {
    pub async fn start(data_dir: &Path, database_url: Option<&str>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut process = Self {
            child: Self::spawn(data_dir, database_url, port),
            base: format!("http://127.0.0.1:{port}"),
            data_dir: data_dir.to_owned(),
            database_url: database_url.map(str::to_owned),
            port,
        };
        process.wait_until_healthy().await;
        process
    }

    fn spawn(data_dir: &Path, database_url: Option<&str>, port: u16) -> std::process::Child {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lab2field"));
        for var in ["DATABASE_URL", "LAB2FIELD_BASE_URL", "LAB2FIELD_SMTP_URL"] {
            command.env_remove(var);
        }
        command
            .args(["serve", "--demo-data"])
            .env("LAB2FIELD_DATA_DIR", data_dir)
            .env("LAB2FIELD_BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if let Some(url) = database_url {
            command.env("DATABASE_URL", url);
        }
        command.spawn().expect("lab2field starts")
    }

    async fn wait_until_healthy(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = reqwest::Client::new();
        loop {
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await {
                if r.status() == 200 {
                    return;
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited during start-up: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "the server did not become healthy"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL: no shutdown, no flushing — a crash.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("reaped");
    }

    /// Starts again on the same data folder, database and port.
    pub async fn restart(&mut self) {
        self.child = Self::spawn(&self.data_dir, self.database_url.as_deref(), self.port);
        self.wait_until_healthy().await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client signed in as a demo account.
    pub async fn demo_client(&self, email: &str) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let response = client
            .post(self.url("/api/auth/sign_in"))
            .header("accept", "application/json")
            .form(&[("email", email), ("password", server::demo::DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        client
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
