//! `bench`: generates 100,000 technologies and 10,000 opportunities (deterministically), then
//! measures in one run: in-process search (latency, and throughput on all cores), the same
//! queries on a raw Tantivy searcher and on PostgreSQL full-text search, matching one
//! technology against the opportunities, a full reindex, and HTTP search against the real
//! server started as its own process on that data, driven by an external load generator (oha)
//! over keep-alive connections: throughput at saturation, latency at half that rate (open
//! loop), and the server process's memory. Writes a Markdown report.
//!
//! `scripts/bench.sh` (installs oha, builds in release, runs this with `--write docs/benchmarks.md`)

use app::api::search::TechQuery;
use app::domain::account::Role;
use app::server::search::{matching, scouting};
use app::server::technologies::Author;
use clap::Parser;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseBackend, Set, Statement};
use server::bench_data;
use server::config::{Settings, SettingsArgs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 100_000)]
    technologies: usize,
    #[arg(long, default_value_t = 10_000)]
    opportunities: usize,
    #[arg(long, default_value_t = 300)]
    queries: usize,
    /// Keep-alive connections the load generator holds open.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Seconds of load for each HTTP measurement (saturation, then half rate).
    #[arg(long, default_value_t = 20)]
    http_seconds: u64,
    /// The server binary, started as its own process (default: `lab2field` beside this one).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// The load generator (oha 1.x; `scripts/bench.sh` installs it).
    #[arg(long, env = "LAB2FIELD_BENCH_OHA", default_value = "oha")]
    oha: PathBuf,
    /// PostgreSQL server for the full-text comparison (a scratch database is created and dropped).
    #[arg(
        long,
        env = "LAB2FIELD_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    postgres_url: String,
    /// Write the report (Markdown) to this file as well as to standard output.
    #[arg(long)]
    write: Option<PathBuf>,
}

#[derive(Parser)]
struct SettingsOnly {
    #[command(flatten)]
    settings: SettingsArgs,
}

struct Latencies(Vec<Duration>);

impl Latencies {
    fn percentile(&self, p: usize) -> f64 {
        let mut v = self.0.clone();
        v.sort();
        let i = (v.len() * p / 100).min(v.len().saturating_sub(1));
        v.get(i)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Runs `work(i)` on `threads` threads for `duration`; returns calls per second over all.
fn throughput(threads: usize, duration: Duration, work: impl Fn(usize) + Sync) -> f64 {
    let done = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (work, done) = (&work, &done);
            scope.spawn(move || {
                // Each thread starts elsewhere in the query list, as independent users would.
                let mut i = t * 97;
                while start.elapsed() < duration {
                    work(i);
                    i += 1;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

/// `lab2field serve` as a child process on the bench's data folder, with a clean environment
/// (no setting of the developer's leaks in). Killed when dropped.
struct ServerProcess {
    child: std::process::Child,
    base: String,
}

impl ServerProcess {
    async fn start(bin: &Path, data_dir: &Path) -> Self {
        Self::start_with(bin, data_dir, &[]).await
    }

    /// Like `start`, with extra environment (`DATABASE_URL`) and `serve` flags (`--demo-data`).
    async fn start_with(bin: &Path, data_dir: &Path, extra: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut command = std::process::Command::new(bin);
        command
            .env_clear()
            .env("RUST_LOG", "warn")
            .args(["serve", "--data-dir"])
            .arg(data_dir)
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(std::process::Stdio::null());
        for (name, value) in extra {
            if name.starts_with("--") {
                command.arg(name);
            } else {
                command.env(name, value);
            }
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client.get(format!("{}/readyz", server.base)).send().await {
                if r.status().is_success() {
                    return server;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server was not ready (/readyz) within a minute");
    }

    /// Signs in and returns the session cookie (`name=value`) for the load generator.
    async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/api/auth/sign_in", self.base))
            .header("accept", "application/json")
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("sign in");
        assert!(
            response.status().is_success(),
            "sign in: {}",
            response.status()
        );
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
            .next_back()
            .expect("a session cookie");
        cookie
    }

    fn status(&self) -> String {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default()
    }

    /// User plus system CPU time the server process has used so far.
    fn cpu_seconds(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which may hold spaces, so split after its ")").
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; Linux
        // counts them in USER_HZ, 100 per second on every architecture it supports.
        (ticks(11) + ticks(12)) / 100.0
    }

    fn memory(&self) -> Memory {
        let status = self.status();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        Memory {
            now: field("VmRSS:"),
            peak: field("VmHWM:"),
            anon: field("RssAnon:"),
            file: field("RssFile:"),
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One kind of request, sent by oha over keep-alive connections: the officer's scouting search,
/// a different query text per request (one body per line of `bodies`).
struct Load<'a> {
    oha: &'a Path,
    url: String,
    cookie: String,
    bodies: PathBuf,
    connections: usize,
}

struct LoadResult {
    /// Successful requests per second.
    rate: f64,
    completed: u64,
    p50_ms: f64,
    p99_ms: f64,
}

impl Load<'_> {
    /// `seconds` of load: as fast as the server answers, or at `rate` requests per second with
    /// latency measured from when each request was due (open loop: a slow answer delays the
    /// measurement of the requests behind it, not their sending).
    fn run(&self, seconds: u64, rate: Option<f64>) -> LoadResult {
        let mut command = std::process::Command::new(self.oha);
        command
            .args(["--no-tui", "--output-format", "json", "-m", "POST"])
            .args(["-z", &format!("{seconds}s")])
            .args(["-c", &self.connections.to_string()])
            .args(["-H", "accept: application/json"])
            .args(["-T", "application/x-www-form-urlencoded"])
            .args(["-H", &format!("cookie: {}", self.cookie)])
            .arg("-Z")
            .arg(&self.bodies);
        if let Some(rate) = rate {
            command
                .args(["-q", &format!("{rate:.0}")])
                .arg("--latency-correction");
        }
        let output = command.arg(&self.url).output().unwrap_or_else(|e| {
            panic!(
                "cannot run the load generator {} ({e}); scripts/bench.sh installs it",
                self.oha.display()
            )
        });
        assert!(
            output.status.success(),
            "oha failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("oha's JSON report");
        let statuses = report["statusCodeDistribution"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert!(
            statuses.keys().all(|k| k == "200"),
            "HTTP search answered other than 200: {statuses:?}"
        );
        // Requests cut off when the time is up are the only errors allowed.
        if let Some(errors) = report["errorDistribution"].as_object() {
            assert!(
                errors.keys().all(|e| e.contains("deadline")),
                "load generator errors: {errors:?}"
            );
        }
        let completed = statuses.get("200").and_then(|n| n.as_u64()).unwrap_or(0);
        let ms = |p: &str| report["latencyPercentiles"][p].as_f64().unwrap_or(f64::NAN) * 1000.0;
        LoadResult {
            rate: completed as f64 / seconds as f64,
            completed,
            p50_ms: ms("p50"),
            p99_ms: ms("p99"),
        }
    }
}

#[tokio::main]
async fn main() {
    // The allocator as the server sets it, so in-process and HTTP searches run on the same one.
    server::memory::tune_allocator();
    let args = Args::parse();
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings::resolve(
        &SettingsOnly::parse_from([
            "bench",
            "--data-dir",
            &dir.path().display().to_string(),
            "--bind",
            "127.0.0.1:0",
        ])
        .settings,
    )
    .expect("settings");
    let db = server::startup::open_database(&settings)
        .await
        .expect("database");
    let mut rng = bench_data::rng();

    eprintln!(
        "generating {} technologies and {} opportunities…",
        args.technologies, args.opportunities
    );
    let mut org_ids = Vec::new();
    for i in 0..(args.technologies / 50).max(1) {
        let now = chrono::Utc::now();
        let org = app::server::entities::organisations::ActiveModel {
            kind: Set("company".into()),
            legal_name: Set(format!("Bench Company {i}")),
            country: Set(
                ["FI", "DE", "FR", "PL", "ES", "NL", "SE", "EE", "IT", "NO"][i % 10].into(),
            ),
            city: Set(Some("City".into())),
            year_founded: Set(Some(2018)),
            headcount: Set(Some(20)),
            turnover_eur: Set(Some(2_000_000)),
            balance_sheet_eur: Set(Some(1_000_000)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("organisation");
        org_ids.push(org.id);
    }
    let mut techs = Vec::with_capacity(args.technologies);
    let mut texts = Vec::with_capacity(args.technologies);
    for i in 0..args.technologies {
        let (form, _) = bench_data::technology(&mut rng);
        let draft = form.parse().expect("generated technologies are valid");
        texts.push((
            draft.title.clone(),
            draft.keywords.join(", "),
            draft.summary.clone(),
            draft.trl,
        ));
        techs.push((org_ids[i % org_ids.len()], draft));
    }
    let author = Author {
        user_id: None,
        name: "bench".into(),
    };
    let (_, load) = {
        let start = Instant::now();
        app::server::technologies::insert_batch(
            &db,
            &techs,
            app::domain::technology::TechStatus::Submitted,
            &author,
        )
        .await
        .expect("load");
        ((), start.elapsed())
    };
    let opps: Vec<_> = (0..args.opportunities)
        .map(|n| bench_data::opportunity(&mut rng, n))
        .collect();
    app::server::catalogue::import(&db, &opps, || {})
        .await
        .expect("opportunities");
    eprintln!("loaded in {:.1} s; reindexing…", load.as_secs_f64());

    let start = Instant::now();
    let generation = app::server::search::rebuild(&db, &settings.data_dir, |_| {})
        .await
        .expect("reindex");
    let reindex = start.elapsed();
    let queries = bench_data::queries(&mut rng, args.queries);

    // In-process search through the application (facets, snippets, access scope).
    let app_search = |q: &str| {
        scouting::search(
            &generation,
            &TechQuery {
                text: q.to_owned(),
                ..Default::default()
            },
            scouting::Scope::Staff,
        )
        .expect("search")
    };
    for q in &queries {
        app_search(q);
    }
    let app_lat = Latencies(queries.iter().map(|q| time(|| app_search(q)).1).collect());
    // The same searches on every core at once: the most the application can answer.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let app_rate = throughput(cores, Duration::from_secs(10), |i| {
        app_search(&queries[i % queries.len()]);
    });

    // The same queries on a raw Tantivy searcher: query parser, top 20 and a count, nothing else.
    let f = generation.tech_fields;
    let parser = QueryParser::for_index(
        &generation.tech,
        vec![f.title, f.keywords, f.summary, f.applications],
    );
    let searcher = generation.tech_reader.searcher();
    let raw = |q: &str| {
        let (query, _) = parser.parse_query_lenient(q);
        searcher
            .search(&query, &(TopDocs::with_limit(20).order_by_score(), Count))
            .expect("raw search")
    };
    for q in &queries {
        raw(q);
    }
    let raw_lat = Latencies(queries.iter().map(|q| time(|| raw(q)).1).collect());

    // Matching one technology against all opportunities.
    let options = matching::MatchOptions {
        tuning: matching::Tuning::default(),
        kind: None,
        limit: 5,
        include_closed: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        held_out_company: None,
    };
    let sample: Vec<_> = texts.iter().take(300).collect();
    let match_one =
        |(title, keywords, summary, trl): &&(String, String, String, app::domain::trl::Trl)| {
            let applicant = matching::Applicant {
                text: format!("{title}\n{keywords}\n{summary}"),
                trl: Some(*trl),
                country: app::domain::country::CountryCode::parse("FI").ok(),
                is_sme: Some(true),
                ..Default::default()
            };
            matching::match_opportunities(&generation, &applicant, &options).expect("match")
        };
    for t in &sample {
        match_one(t);
    }
    let match_lat = Latencies(sample.iter().map(|t| time(|| match_one(t)).1).collect());

    // PostgreSQL full-text search on the same technologies and queries.
    eprintln!("loading PostgreSQL for the full-text comparison…");
    let pg = pg_fulltext(&args.postgres_url, &texts, &queries).await;

    // The real server as its own process on this data folder, driven by oha from outside.
    eprintln!("HTTP load (server process + oha)…");
    let account = app::server::accounts::NewAccount::parse(
        "bench@agency.example.org",
        "Bench",
        "bench-password-1",
        "officer",
        &[Role::Officer],
    )
    .expect("account");
    app::server::accounts::create_verified(&db, account)
        .await
        .expect("officer");
    db.close()
        .await
        .expect("close the bench's database connection");
    drop(generation);
    let server_bin = args.server_bin.clone().unwrap_or_else(|| {
        std::env::current_exe()
            .expect("own path")
            .with_file_name("lab2field")
    });
    let server = ServerProcess::start(&server_bin, dir.path()).await;
    let cookie = server
        .sign_in("bench@agency.example.org", "bench-password-1")
        .await;
    let bodies = dir.path().join("bench-bodies.txt");
    std::fs::write(
        &bodies,
        queries
            .iter()
            .map(|q| {
                url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("query[text]", q)
                    .finish()
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .expect("request bodies");
    let load = Load {
        oha: &args.oha,
        url: format!("{}/api/search/technologies", server.base),
        cookie,
        bodies,
        connections: args.concurrency,
    };
    load.run(3, None); // warm-up: connections, caches, the index's pages
    let cpu_before = server.cpu_seconds();
    let saturated = load.run(args.http_seconds, None);
    let cpu_per_request = (server.cpu_seconds() - cpu_before) / saturated.completed as f64;
    let half_rate = (saturated.rate / 2.0).max(1.0);
    let open_loop = load.run(args.http_seconds, Some(half_rate));
    let memory = server.memory();
    drop(server);

    eprintln!("two instances on one PostgreSQL database…");
    let two = two_instances(&args, &server_bin, &queries).await;

    let report = render(
        &args,
        &Measured {
            app: &app_lat,
            app_rate,
            cores,
            raw: &raw_lat,
            pg: &pg,
            matching: &match_lat,
            reindex,
            saturated: &saturated,
            open_loop: &open_loop,
            cpu_per_request,
            memory: &memory,
            two: &two,
        },
    );
    println!("{report}");
    if let Some(path) = args.write {
        // Replace only the generated block, so the analysis written around it stays.
        let (begin, end) = (
            "<!-- results: generated by the bench binary -->",
            "<!-- end of results -->",
        );
        let block = format!("{begin}\n{report}{end}");
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let text = match (existing.find(begin), existing.find(end)) {
            (Some(a), Some(b)) if a < b => {
                format!("{}{block}{}", &existing[..a], &existing[b + end.len()..])
            }
            _ => format!("# Benchmarks\n\n{block}\n"),
        };
        std::fs::write(&path, text).expect("write the report");
        eprintln!("written to {}", path.display());
    }
}

/// The server process's resident memory, in MB.
struct Memory {
    now: f64,
    peak: f64,
    anon: f64,
    file: f64,
}

/// The two-instance run, or why it was skipped.
enum TwoInstances {
    Skipped(String),
    Measured {
        writes: usize,
        visible: Latencies,
        both: f64,
        each: [f64; 2],
        connections: usize,
    },
}

/// Two `lab2field serve` processes on one scratch PostgreSQL database (the demo data), each with
/// its own data folder: how long a technology submitted on A takes to be found by a search on
/// B, and the search throughput with both instances loaded at once.
async fn two_instances(args: &Args, server_bin: &Path, queries: &[String]) -> TwoInstances {
    let Ok(admin) = Database::connect(&args.postgres_url).await else {
        return TwoInstances::Skipped(format!("PostgreSQL not reachable at {}", args.postgres_url));
    };
    let name = format!("lab2field_bench_two_{}", std::process::id());
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await;
    if let Err(e) = admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
    {
        return TwoInstances::Skipped(e.to_string());
    }
    let mut url = url::Url::parse(&args.postgres_url).expect("url");
    url.set_path(&format!("/{name}"));
    let folders = [
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    ];
    let env = [("DATABASE_URL", url.as_str()), ("--demo-data", "")];
    // A loads the demo data; B starts on it.
    let a = ServerProcess::start_with(server_bin, folders[0].path(), &env).await;
    let b = ServerProcess::start_with(server_bin, folders[1].path(), &env).await;
    let password = server::demo::DEMO_PASSWORD;
    let founder = a.sign_in("founder@demo.lab2field.eu", password).await;
    let officer = b.sign_in("officer@demo.lab2field.eu", password).await;
    let client = reqwest::Client::new();
    let writes = 500;
    let mut visible = Vec::with_capacity(writes);
    for n in 0..writes {
        let token = format!("zqtwo{n}x");
        let title = format!("Replica probe {token}");
        let fields = probe_fields(&title);
        let created = client
            .post(format!("{}/api/technologies/create", a.base))
            .header("accept", "application/json")
            .header("cookie", &founder)
            .form(&fields)
            .send()
            .await
            .expect("create");
        assert!(
            created.status().is_success(),
            "create: {}",
            created.status()
        );
        let id: i64 = created.json().await.expect("id");
        let submitted = client
            .post(format!("{}/api/technologies/status", a.base))
            .header("accept", "application/json")
            .header("cookie", &founder)
            .form(&[("id", id.to_string()), ("change", "submit".to_owned())])
            .send()
            .await
            .expect("submit");
        assert!(
            submitted.status().is_success(),
            "submit: {}",
            submitted.status()
        );
        let start = Instant::now();
        loop {
            let page: serde_json::Value = client
                .post(format!("{}/api/search/technologies", b.base))
                .header("accept", "application/json")
                .header("cookie", &officer)
                .form(&[("query[text]", token.as_str())])
                .send()
                .await
                .expect("search")
                .json()
                .await
                .expect("search page");
            if page["total"].as_u64() == Some(1) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "technology {id} not searchable on B after 10 s"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        visible.push(start.elapsed());
    }

    // Both instances under search load at once, half the connections each.
    let bodies = folders[0].path().join("bench-bodies.txt");
    std::fs::write(
        &bodies,
        queries
            .iter()
            .map(|q| {
                url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("query[text]", q)
                    .finish()
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .expect("request bodies");
    let officer_a = a.sign_in("officer@demo.lab2field.eu", password).await;
    let connections = (args.concurrency / 2).max(1);
    let loads = [(&a, officer_a), (&b, officer)].map(|(server, cookie)| Load {
        oha: &args.oha,
        url: format!("{}/api/search/technologies", server.base),
        cookie,
        bodies: bodies.clone(),
        connections,
    });
    std::thread::scope(|scope| {
        for load in &loads {
            scope.spawn(|| load.run(3, None));
        }
    });
    let rates = std::thread::scope(|scope| {
        let runs: Vec<_> = loads
            .iter()
            .map(|load| scope.spawn(|| load.run(args.http_seconds, None).rate))
            .collect();
        runs.into_iter()
            .map(|r| r.join().expect("load run"))
            .collect::<Vec<_>>()
    });
    drop((a, b));
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await;
    TwoInstances::Measured {
        writes,
        visible: Latencies(visible),
        both: rates.iter().sum(),
        each: [rates[0], rates[1]],
        connections,
    }
}

/// A founder's technology form (as the browser posts it) titled `title`.
fn probe_fields(title: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("title", title),
        (
            "summary",
            "Passive radio-frequency sensing that detects small drones near airports.",
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

struct Measured<'a> {
    app: &'a Latencies,
    app_rate: f64,
    cores: usize,
    raw: &'a Latencies,
    pg: &'a PgResult,
    matching: &'a Latencies,
    reindex: Duration,
    saturated: &'a LoadResult,
    open_loop: &'a LoadResult,
    cpu_per_request: f64,
    memory: &'a Memory,
    two: &'a TwoInstances,
}

enum PgResult {
    Measured(Latencies),
    Skipped(String),
}

async fn pg_fulltext(
    admin_url: &str,
    texts: &[(String, String, String, app::domain::trl::Trl)],
    queries: &[String],
) -> PgResult {
    let Ok(admin) = Database::connect(admin_url).await else {
        return PgResult::Skipped(format!("PostgreSQL not reachable at {admin_url}"));
    };
    let name = format!("lab2field_bench_{}", std::process::id());
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await;
    if let Err(e) = admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
    {
        return PgResult::Skipped(e.to_string());
    }
    let mut url = url::Url::parse(admin_url).expect("url");
    url.set_path(&format!("/{name}"));
    let db = Database::connect(url.as_str())
        .await
        .expect("bench database");
    db.execute_unprepared(
        "CREATE TABLE tech (id bigint PRIMARY KEY, title text, keywords text, summary text,
           tsv tsvector GENERATED ALWAYS AS (
             setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
             setweight(to_tsvector('english', coalesce(keywords, '')), 'B') ||
             setweight(to_tsvector('english', coalesce(summary, '')), 'C')) STORED)",
    )
    .await
    .expect("table");
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    for (chunk_no, chunk) in texts.chunks(1000).enumerate() {
        let values: Vec<String> = chunk
            .iter()
            .enumerate()
            .map(|(i, (t, k, s, _))| {
                format!(
                    "({}, {}, {}, {})",
                    chunk_no * 1000 + i,
                    quote(t),
                    quote(k),
                    quote(s)
                )
            })
            .collect();
        db.execute_unprepared(&format!(
            "INSERT INTO tech (id, title, keywords, summary) VALUES {}",
            values.join(",")
        ))
        .await
        .expect("insert");
    }
    db.execute_unprepared("CREATE INDEX tech_tsv ON tech USING GIN (tsv); ANALYZE tech;")
        .await
        .expect("index");
    // Any of the words (the same OR semantics as the application), ranked by ts_rank_cd.
    let run = |q: &str| {
        let words: Vec<String> = q
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT id, ts_rank_cd(tsv, q) AS rank FROM tech, to_tsquery('english', $1) q WHERE tsv @@ q ORDER BY rank DESC LIMIT 20",
            [words.join(" | ").into()],
        )
    };
    for q in queries {
        db.query_all(run(q)).await.expect("warm-up");
    }
    let mut lat = Vec::new();
    for q in queries {
        let t = Instant::now();
        db.query_all(run(q)).await.expect("query");
        lat.push(t.elapsed());
    }
    db.close().await.ok();
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await;
    PgResult::Measured(Latencies(lat))
}

fn render(args: &Args, m: &Measured) -> String {
    let ok = |met: bool| if met { "met" } else { "**missed**" };
    let (app50, app99) = (m.app.percentile(50), m.app.percentile(99));
    let (raw50, raw99) = (m.raw.percentile(50), m.raw.percentile(99));
    let (m50, m99) = (m.matching.percentile(50), m.matching.percentile(99));
    let (sat, open) = (m.saturated, m.open_loop);
    let http_share = sat.rate / m.app_rate;
    let mut out = format!(
        "Produced by `scripts/bench.sh` on one run, with {} technologies, {} opportunities and {} \
         queries generated deterministically (`server/src/bench_data.rs`), on this project's \
         machine ({} cores). HTTP: the release server as its own process, oha {} keep-alive \
         connections, {} s per measurement.\n\n\
         | measure | result | target | |\n|---|---|---|---|\n",
        args.technologies,
        args.opportunities,
        args.queries,
        m.cores,
        args.concurrency,
        args.http_seconds
    );
    out += &format!("| in-process search (app: text, facets, snippets) p50 / p99 | {app50:.2} / {app99:.2} ms | p99 ≤ 10 ms | {} |\n", ok(app99 <= 10.0));
    out += &format!("| raw Tantivy searcher (same queries, top 20 + count) p50 / p99 | {raw50:.2} / {raw99:.2} ms | | |\n");
    out += &format!(
        "| app ÷ raw (p99) | {:.2}× | ≤ 1.5× | {} |\n",
        app99 / raw99,
        ok(app99 / raw99 <= 1.5)
    );
    out += &format!(
        "| in-process search throughput, {} threads (all cores) | {:.0} searches/s | | |\n",
        m.cores, m.app_rate
    );
    out += &format!(
        "| HTTP search throughput at saturation (`POST /api/search/technologies` as an officer) | {:.0} requests/s, p50 / p99 {:.1} / {:.1} ms | | |\n",
        sat.rate, sat.p50_ms, sat.p99_ms
    );
    out += &format!(
        "| HTTP ÷ in-process throughput | {http_share:.2} | ≥ 0.8 | {} |\n",
        ok(http_share >= 0.8)
    );
    out += &format!(
        "| HTTP search at half the saturation rate ({:.0} requests/s, open loop) p50 / p99 | {:.1} / {:.1} ms | p99 ≤ 25 ms | {} |\n",
        open.rate, open.p50_ms, open.p99_ms, ok(open.p99_ms <= 25.0)
    );
    out += &format!(
        "| server CPU per request at saturation (user + system) | {:.2} ms | | |\n",
        m.cpu_per_request * 1000.0
    );
    out += &format!(
        "| server process memory (RSS) after the HTTP runs / peak | {:.0} / {:.0} MB | ≤ 250 MB | {} |\n",
        m.memory.now,
        m.memory.peak,
        ok(m.memory.peak <= 250.0)
    );
    out += &format!(
        "| of which anonymous (heap) / file-backed (index and database pages, reclaimable) | {:.0} / {:.0} MB | | |\n",
        m.memory.anon, m.memory.file
    );
    match m.pg {
        PgResult::Measured(pg) => {
            let (p50, p99) = (pg.percentile(50), pg.percentile(99));
            out += &format!("| PostgreSQL FTS (tsvector, GIN, ts_rank_cd) p50 / p99 | {p50:.2} / {p99:.2} ms | | |\n");
            out += &format!(
                "| PostgreSQL ÷ app (p99) | {:.1}× | ≥ 5× | {} |\n",
                p99 / app99,
                ok(p99 / app99 >= 5.0)
            );
        }
        PgResult::Skipped(why) => out += &format!("| PostgreSQL FTS | skipped: {why} | | |\n"),
    }
    out += &format!("| one technology matched against {} opportunities p50 / p99 | {m50:.2} / {m99:.2} ms | ≤ 5 ms | {} |\n", args.opportunities, ok(m99 <= 5.0));
    out += &format!(
        "| full reindex ({} technologies + {} opportunities) | {:.1} s | ≤ 30 s | {} |\n",
        args.technologies,
        args.opportunities,
        m.reindex.as_secs_f64(),
        ok(m.reindex.as_secs_f64() <= 30.0)
    );
    match m.two {
        TwoInstances::Measured {
            writes,
            visible,
            both,
            each,
            connections,
        } => {
            let (p50, p99) = (visible.percentile(50), visible.percentile(99));
            out += &format!(
                "| two instances on one PostgreSQL database (demo data): submitted on A → found by a search on B, p50 / p99 over {writes} writes | {p50:.1} / {p99:.1} ms | p99 < 1 s (≤ 2 s) | {} |\n",
                ok(p99 < 1000.0)
            );
            out += &format!(
                "| the same two instances, HTTP search throughput with both loaded at once ({connections} connections each) | {both:.0} requests/s ({:.0} + {:.0}) | | |\n",
                each[0], each[1]
            );
        }
        TwoInstances::Skipped(why) => {
            out += &format!("| two instances on one PostgreSQL database | skipped: {why} | | |\n")
        }
    }
    out
}
