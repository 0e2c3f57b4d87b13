//! Relevance regression: the hand-written cases in `relevance/cases.json` (technologies in a
//! founder's words, with the catalogue entries that should come up) must keep ranking well.
//! Prints Recall@1, Recall@5 and MRR per kind for the default tuning and for the variants
//! reported in docs/relevance.md.

mod common;

use app::domain::opportunity::OpportunityKind;
use app::server::search::matching::{match_opportunities, Applicant, MatchOptions, Tuning};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    kind: OpportunityKind,
    text: String,
    expected: Vec<String>,
}

#[derive(Default, Clone, Copy)]
struct Scores {
    cases: usize,
    at1: usize,
    at5: usize,
    reciprocal: f64,
}

impl Scores {
    fn line(&self, label: &str) -> String {
        let n = self.cases.max(1) as f64;
        format!(
            "| {label} | {} | {:.2} | {:.2} | {:.3} |",
            self.cases,
            self.at1 as f64 / n,
            self.at5 as f64 / n,
            self.reciprocal / n
        )
    }
}

fn evaluate(
    generation: &app::server::search::Generation,
    cases: &[Case],
    tuning: Tuning,
) -> Vec<(OpportunityKind, Scores)> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    OpportunityKind::ALL
        .iter()
        .map(|&kind| {
            let mut s = Scores::default();
            for case in cases.iter().filter(|c| c.kind == kind) {
                let options = MatchOptions {
                    tuning,
                    kind: Some(kind),
                    limit: 10,
                    include_closed: true,
                    today,
                };
                let applicant = Applicant {
                    text: case.text.clone(),
                    ..Default::default()
                };
                let groups = match_opportunities(generation, &applicant, &options).unwrap();
                // Pure relevance: eligibility is not part of this measure.
                let mut ranked: Vec<_> = groups
                    .into_iter()
                    .flat_map(|(_, g)| g.matches.into_iter().chain(g.near_misses))
                    .collect();
                ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
                let rank = ranked
                    .iter()
                    .position(|m| case.expected.contains(&m.id))
                    .map(|r| r + 1);
                s.cases += 1;
                if rank == Some(1) {
                    s.at1 += 1;
                }
                if rank.is_some_and(|r| r <= 5) {
                    s.at5 += 1;
                } else {
                    eprintln!(
                        "miss ({:?}): {:?} — top: {:?}",
                        tuning,
                        case.text,
                        ranked
                            .iter()
                            .take(5)
                            .map(|m| m.id.as_str())
                            .collect::<Vec<_>>()
                    );
                }
                s.reciprocal += rank.map(|r| 1.0 / r as f64).unwrap_or(0.0);
            }
            (kind, s)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relevance_set_keeps_recall_at_5_and_mrr_above_their_thresholds() {
    let app = common::TestApp::spawn(common::Backend::Sqlite).await;
    server::catalogue_import::import_text(app.db(), server::demo::CATALOGUE_JSON)
        .await
        .unwrap();
    let generation = app::server::search::rebuild(app.db(), app.data_dir.path(), |_| {})
        .await
        .unwrap();
    let cases: Vec<Case> = serde_json::from_str(include_str!("relevance/cases.json")).unwrap();
    assert!(cases.len() >= 40, "at least 40 cases");

    let variants = [
        (
            "default (title ×2, tags ×2, description ×1, synonyms)",
            Tuning::default(),
        ),
        (
            "no synonyms",
            Tuning {
                synonyms: false,
                ..Tuning::default()
            },
        ),
        (
            "equal field weights",
            Tuning {
                title: 1.0,
                tags: 1.0,
                description: 1.0,
                ..Tuning::default()
            },
        ),
        (
            "description only",
            Tuning {
                title: 0.0,
                tags: 0.0,
                description: 1.0,
                ..Tuning::default()
            },
        ),
    ];
    let mut report = String::from(
        "| variant / kind | cases | Recall@1 | Recall@5 | MRR |\n|---|---|---|---|---|\n",
    );
    let mut default_scores = Vec::new();
    for (label, tuning) in variants {
        let scores = evaluate(&generation, &cases, tuning);
        let mut all = Scores::default();
        for (kind, s) in &scores {
            report.push_str(&s.line(&format!("{label} — {}", kind.slug())));
            report.push('\n');
            all.cases += s.cases;
            all.at1 += s.at1;
            all.at5 += s.at5;
            all.reciprocal += s.reciprocal;
        }
        report.push_str(&all.line(&format!("**{label} — all**")));
        report.push('\n');
        if tuning == Tuning::default() {
            default_scores = scores;
        }
    }
    println!("{report}");
    app.finish().await;

    for (kind, s) in default_scores {
        let n = s.cases as f64;
        // Thresholds a little under the figures in docs/relevance.md: a change that loses a
        // case or two per kind fails here.
        assert!(
            s.at5 as f64 / n >= 0.9,
            "{kind:?}: Recall@5 {:.2} fell below 0.90",
            s.at5 as f64 / n
        );
        assert!(
            s.reciprocal / n >= 0.85,
            "{kind:?}: MRR {:.3} fell below 0.85",
            s.reciprocal / n
        );
    }
}
