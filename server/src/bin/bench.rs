//! `bench`: generates 100,000 technologies and 10,000 opportunities (deterministically), then
//! measures in one run: in-process search, the same queries on a raw Tantivy searcher and on
//! PostgreSQL full-text search, matching one technology against the opportunities, a full
//! reindex, HTTP search under 32 concurrent connections, and memory. Writes a Markdown report.
//!
//! `cargo run --release -p server --bin bench -- --write docs/benchmarks.md`

use app::api::search::TechQuery;
use app::domain::account::Role;
use app::server::search::{matching, scouting};
use app::server::technologies::Author;
use clap::Parser;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseBackend, Set, Statement};
use server::bench_data;
use server::config::{Settings, SettingsArgs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
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
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    #[arg(long, default_value_t = 4_000)]
    http_requests: usize,
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

fn rss_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() {
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

    let dataset_mb = rss_mb("RssAnon:");
    // HTTP: the real server on this data, 32 connections at once.
    eprintln!("HTTP load…");
    let running = server::startup::start(settings.clone(), Default::default())
        .await
        .expect("server");
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
    let base = format!("http://{}", running.addr);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(args.concurrency)
        .build()
        .expect("client");
    let signed = client
        .post(format!("{base}/api/auth/sign_in"))
        .header("accept", "application/json")
        .form(&[
            ("email", "bench@agency.example.org"),
            ("password", "bench-password-1"),
        ])
        .send()
        .await
        .expect("sign in");
    assert!(signed.status().is_success());
    let next = Arc::new(AtomicUsize::new(0));
    let queries = Arc::new(queries);
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (client, next, queries, base) =
            (client.clone(), next.clone(), queries.clone(), base.clone());
        let total = args.http_requests;
        workers.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break lat;
                }
                let q = &queries[i % queries.len()];
                let t = Instant::now();
                let r = client
                    .post(format!("{base}/api/search/technologies"))
                    .header("accept", "application/json")
                    .form(&[("query[text]", q.as_str())])
                    .send()
                    .await
                    .expect("request");
                assert!(r.status().is_success(), "HTTP {}", r.status());
                let _ = r.bytes().await;
                lat.push(t.elapsed());
            }
        }));
    }
    let mut http = Vec::new();
    for w in workers {
        http.extend(w.await.expect("worker"));
    }
    let http_elapsed = start.elapsed();
    let http_lat = Latencies(http);
    let rss_now = rss_mb("VmRSS:");
    let rss_peak = rss_mb("VmHWM:");
    let rss_anon = rss_mb("RssAnon:");
    let rss_file = rss_mb("RssFile:");
    running.stop().await;

    let report = render(
        &args,
        &app_lat,
        &raw_lat,
        &pg,
        &match_lat,
        reindex,
        &http_lat,
        http_elapsed,
        &Memory {
            now: rss_now,
            peak: rss_peak,
            anon: rss_anon,
            file: rss_file,
            dataset: dataset_mb,
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

struct Memory {
    now: f64,
    peak: f64,
    anon: f64,
    file: f64,
    dataset: f64,
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

#[allow(clippy::too_many_arguments)]
fn render(
    args: &Args,
    app: &Latencies,
    raw: &Latencies,
    pg: &PgResult,
    matching: &Latencies,
    reindex: Duration,
    http: &Latencies,
    http_elapsed: Duration,
    memory: &Memory,
) -> String {
    let ok = |met: bool| if met { "met" } else { "**missed**" };
    let (app50, app99) = (app.percentile(50), app.percentile(99));
    let (raw50, raw99) = (raw.percentile(50), raw.percentile(99));
    let (m50, m99) = (matching.percentile(50), matching.percentile(99));
    let (h50, h99) = (http.percentile(50), http.percentile(99));
    let rps = http.0.len() as f64 / http_elapsed.as_secs_f64();
    let mut out = format!(
"Produced by `cargo run --release -p server --bin bench -- --write docs/benchmarks.md` on one run, \
         with {} technologies, {} opportunities and {} queries generated deterministically \
         (`server/src/bench_data.rs`), on this project's machine (2 cores).\n\n\
         | measure | result | target | |\n|---|---|---|---|\n",
        args.technologies, args.opportunities, args.queries
    );
    out += &format!("| in-process search (app: text, facets, snippets) p50 / p99 | {app50:.2} / {app99:.2} ms | p99 ≤ 10 ms | {} |\n", ok(app99 <= 10.0));
    out += &format!("| raw Tantivy searcher (same queries, top 20 + count) p50 / p99 | {raw50:.2} / {raw99:.2} ms | | |\n");
    out += &format!(
        "| app ÷ raw (p99) | {:.2}× | ≤ 1.5× | {} |\n",
        app99 / raw99,
        ok(app99 / raw99 <= 1.5)
    );
    match pg {
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
        reindex.as_secs_f64(),
        ok(reindex.as_secs_f64() <= 30.0)
    );
    out += &format!(
        "| HTTP search, {} connections, p50 / p99 | {h50:.1} / {h99:.1} ms | p99 ≤ 25 ms | {} |\n",
        args.concurrency,
        ok(h99 <= 25.0)
    );
    out += &format!(
        "| HTTP throughput | {rps:.0} requests/s ({} requests) | | |\n",
        http.0.len()
    );
    out += &format!(
        "| memory (RSS) of the whole bench process after the HTTP run / peak | {:.0} / {:.0} MB | ≤ 250 MB | {} |\n",
        memory.now,
        memory.peak,
        ok(memory.now <= 250.0)
    );
    out += &format!(
        "| of which anonymous (heap) / file-backed (index and database pages, reclaimable) | {:.0} / {:.0} MB | | |\n",
        memory.anon, memory.file
    );
    out += &format!(
        "| anonymous memory before the server started (the generated data set held by the bench) | {:.0} MB | | |\n",
        memory.dataset
    );
    out
}
