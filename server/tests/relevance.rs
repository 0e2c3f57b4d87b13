//! Relevance regression: the hand-written cases in `relevance/cases.json` (technologies in a
//! founder's words, with the catalogue entries that should come up) must keep ranking well.
//! Prints Recall@1, Recall@5 and MRR per kind for the default tuning and for the variants
//! reported in docs/relevance.md.

mod common;

use app::domain::opportunity::OpportunityKind;
use app::server::search::matching::{match_opportunities, Applicant, MatchOptions, Tuning};
use serde::Deserialize;

#[derive(Deserialize, Clone)]
struct Case {
    kind: OpportunityKind,
    text: String,
    expected: Vec<String>,
    /// Given as a founder's page would: the company's country and the technology's TRL.
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    trl: Option<u8>,
    /// Where the investment is published: the cases from public portfolios have one.
    #[serde(default)]
    source: Option<String>,
    /// The company, for portfolio cases: it is left out of every portfolio while its case is
    /// ranked (leave-one-out), so a case never finds itself.
    #[serde(default)]
    company: Option<String>,
}

impl Case {
    fn is_from_a_portfolio(&self) -> bool {
        self.source.is_some()
    }
}

#[derive(Default, Clone, Copy)]
struct Scores {
    cases: usize,
    at1: usize,
    at5: usize,
    reciprocal: f64,
}

impl Scores {
    fn mrr(&self) -> f64 {
        self.reciprocal / self.cases.max(1) as f64
    }

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
                    held_out_company: case.company.clone(),
                };
                let applicant = Applicant {
                    text: case.text.clone(),
                    trl: case
                        .trl
                        .map(|t| app::domain::trl::Trl::try_from(t).unwrap()),
                    country: case
                        .country
                        .as_deref()
                        .map(|c| app::domain::country::CountryCode::parse(c).unwrap()),
                    ..Default::default()
                };
                let groups = match_opportunities(generation, &applicant, &options).unwrap();
                // Pure relevance: eligibility is not part of this measure.
                let mut ranked: Vec<_> = groups
                    .into_iter()
                    .flat_map(|(_, g)| {
                        g.matches
                            .into_iter()
                            .chain(g.near_misses)
                            .chain(g.recurring)
                    })
                    .collect();
                ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
                let rank = ranked
                    .iter()
                    .position(|m| case.expected.contains(&m.id))
                    .map(|r| r + 1);
                // The misses of the site's own ranking (the variants would repeat them).
                if rank != Some(1)
                    && tuning == Tuning::default()
                    && std::env::var_os("RELEVANCE_DEBUG").is_some()
                {
                    eprintln!(
                        "not first ({rank:?}): {} {:?} {:?}",
                        case.text, case.country, case.expected
                    );
                    for m in ranked.iter().take(3) {
                        eprintln!("    {} {:.3} {:?}", m.id, m.score, m.reasons);
                    }
                }
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
    let all_cases: Vec<Case> = serde_json::from_str(include_str!("relevance/cases.json")).unwrap();
    // Written cases (a description aimed at catalogue entries) and cases from public portfolios
    // (a company in a founder's words, its country and TRL, the funds that invested in it).
    let (portfolio, cases): (Vec<Case>, Vec<Case>) =
        all_cases.into_iter().partition(Case::is_from_a_portfolio);
    assert!(cases.len() >= 40, "at least 40 written cases");
    assert!(
        portfolio
            .iter()
            .filter(|c| c.kind == OpportunityKind::Investor)
            .count()
            >= 40,
        "at least 40 investor cases from public portfolios"
    );

    if std::env::var_os("RELEVANCE_GRID").is_some() {
        grid(&generation, &portfolio, &cases);
    }
    if std::env::var_os("RELEVANCE_CEILING").is_some() {
        ceiling(&generation, &portfolio);
    }
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
            "thesis not scored (text only for investors)",
            Tuning {
                thesis: app::server::search::thesis_fit::Weights::text_only(),
                ..Tuning::default()
            },
        ),
        (
            "portfolio texts not compared (listed companies count nothing; thesis and text alone)",
            Tuning {
                thesis: app::server::search::thesis_fit::Weights {
                    similarity: 0.0,
                    ..Default::default()
                },
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
    let mut portfolio_score = Scores::default();
    for (label, tuning) in variants {
        let (_, investors) = evaluate(&generation, &portfolio, tuning)
            .into_iter()
            .find(|(k, _)| *k == OpportunityKind::Investor)
            .unwrap();
        report.push_str(&investors.line(&format!(
            "{label} — investors from public portfolios (country and TRL given)"
        )));
        report.push('\n');
        if tuning == Tuning::default() {
            portfolio_score = investors;
        }
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

    // Floors a little under today's figures (docs/relevance.md, entries 7 to 17). On the first
    // 40 cases the thesis lifted Recall@1 from 0.17 (text alone) to 0.50, portfolio similarity
    // (each case left out of the portfolios) to 0.57, synonym phrases and the area mismatch to
    // 0.60, MRR to 0.720. Entry 11 grew the set to 49 cases and the funds' published
    // portfolios (0.49 / 0.646); entry 12 ranks by the evidence that a fund backs a company
    // like this one where it is (thesis and list in one kernel estimate): Recall@1 0.61, MRR
    // 0.739. Entry 16 applied a round data set whole, to the portfolios and as 21 new cases:
    // 70 cases, Recall@1 0.51, Recall@5 0.74, MRR 0.642. Entry 17: a listed company unlike
    // this one counts nothing, a wider geography as little as none, a fund outside the
    // company's areas less, a synonym group once: Recall@1 0.57, Recall@5 0.87, MRR 0.692.
    // The floors rise as the ranking does; they were lowered only when the set grew (entries
    // 11 and 16).
    let n = portfolio_score.cases as f64;
    assert!(
        portfolio_score.at1 as f64 / n >= 0.55,
        "investors from portfolios: Recall@1 {:.2} fell below 0.55",
        portfolio_score.at1 as f64 / n
    );
    assert!(
        portfolio_score.reciprocal / n >= 0.67,
        "investors from portfolios: MRR {:.3} fell below 0.67",
        portfolio_score.reciprocal / n
    );
    assert!(
        portfolio_score.at5 as f64 / n >= 0.85,
        "investors from portfolios: Recall@5 {:.2} fell below 0.85",
        portfolio_score.at5 as f64 / n
    );
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

/// A portfolio case names every catalogue fund that lists its company as backed: a fund the
/// catalogue says invested is a right answer, so ranking it first must count as a hit (and a
/// case that missed one would understate the ranking). Adding a company to a fund's list
/// means adding the fund to that company's case.
#[test]
fn each_portfolio_case_expects_every_fund_that_lists_its_company() {
    #[derive(Deserialize)]
    struct Entry {
        id: String,
        #[serde(default)]
        portfolio: Vec<Backed>,
    }
    #[derive(Deserialize)]
    struct Backed {
        name: String,
    }
    let catalogue: Vec<Entry> = serde_json::from_str(server::demo::CATALOGUE_JSON).unwrap();
    let cases: Vec<Case> = serde_json::from_str(include_str!("relevance/cases.json")).unwrap();
    let mut checked = 0;
    for case in &cases {
        let Some(company) = case.company.as_deref() else {
            continue;
        };
        let mut listing: Vec<&str> = catalogue
            .iter()
            .filter(|e| {
                e.portfolio
                    .iter()
                    .any(|b| b.name.eq_ignore_ascii_case(company))
            })
            .map(|e| e.id.as_str())
            .collect();
        if listing.is_empty() {
            continue;
        }
        let mut expected: Vec<&str> = case.expected.iter().map(String::as_str).collect();
        listing.sort_unstable();
        expected.sort_unstable();
        assert_eq!(expected, listing, "the case for {company}");
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} cases name a listed company");
}

/// `RELEVANCE_GRID=1`: the investor figures over a grid of thesis weights (docs/relevance.md
/// records what it found); the cases from portfolios and the written investor cases side by
/// side, so a setting that wins one set by losing the other shows. Then split-half
/// validation: the setting that ranks best on one half of the portfolio cases, measured on
/// the other half, against the default on that half — a setting chosen on the cases it is
/// measured with flatters itself, this does not.
fn grid(generation: &app::server::search::Generation, portfolio: &[Case], cases: &[Case]) {
    let investors = |cases: &[Case], tuning: Tuning| investor_scores(generation, cases, tuning);
    let halves = halves(portfolio);
    let mut settings = Vec::new();
    for thesis_companies in [3.0, 6.0, 10.0] {
        for similarity in [0.0, 2.0, 4.0, 6.0] {
            for elsewhere in [0.02, 0.05, 0.15] {
                for text in [0.7, 1.0, 1.4] {
                    let mut tuning = Tuning::default();
                    tuning.thesis.thesis_companies = thesis_companies;
                    tuning.thesis.similarity = similarity;
                    tuning.thesis.elsewhere = elsewhere;
                    tuning.thesis.text = text;
                    let p = investors(portfolio, tuning);
                    let w = investors(cases, tuning);
                    let label = format!(
                        "thesis {thesis_companies} similarity {similarity} elsewhere {elsewhere} text {text}"
                    );
                    println!(
                        "grid {label}: {} / {}",
                        p.line("portfolio"),
                        w.line("written")
                    );
                    let by_half = halves.clone().map(|h| investors(&h, tuning).mrr());
                    settings.push((label, tuning == Tuning::default(), by_half));
                }
            }
        }
    }
    for (chosen_on, measured_on) in [(0, 1), (1, 0)] {
        let best = settings
            .iter()
            .max_by(|a, b| a.2[chosen_on].total_cmp(&b.2[chosen_on]))
            .expect("the grid has settings");
        let default = settings
            .iter()
            .find(|s| s.1)
            .expect("the grid holds the default");
        println!(
            "split half: best on half {chosen_on} ({}, MRR {:.3}) measures {:.3} on half {measured_on}; the default measures {:.3} there",
            best.0, best.2[chosen_on], best.2[measured_on], default.2[measured_on]
        );
    }
}

/// How far weights alone could take the portfolio set (`RELEVANCE_CEILING=1`, about six
/// minutes): a seeded random local search over every thesis weight at once, scored by MRR.
/// Searched on all cases it is an upper bound that flatters (the weights fit the very cases
/// they are measured on); searched on one half and measured on the other it is what a tuned
/// setting would honestly do. docs/relevance.md, entry 18.
fn ceiling(generation: &app::server::search::Generation, portfolio: &[Case]) {
    use app::server::search::thesis_fit::Weights;
    use rand::{rngs::StdRng, Rng, SeedableRng};

    let mrr = |cases: &[Case], tuning: Tuning| investor_scores(generation, cases, tuning).mrr();
    // Each weight with the range it is searched in.
    type Field = fn(&mut Weights) -> &mut f32;
    let fields: [(Field, f32, f32); 12] = [
        (|w| &mut w.text, 0.0, 3.0),
        (|w| &mut w.thesis_companies, 0.1, 30.0),
        (|w| &mut w.in_geography, 0.001, 1.0),
        (|w| &mut w.anywhere, 0.001, 1.0),
        (|w| &mut w.similarity, 0.0, 10.0),
        (|w| &mut w.elsewhere, 0.001, 1.0),
        (|w| &mut w.area, -1.0, 3.0),
        (|w| &mut w.area_miss, -4.0, 0.5),
        (|w| &mut w.stage, -0.5, 1.5),
        (|w| &mut w.trl_band, -0.5, 1.0),
        (|w| &mut w.ticket, -0.5, 1.0),
        (|w| &mut w.through_funds, -2.0, 0.0),
    ];
    let search = |cases: &[Case], steps: usize, seed: u64| -> (f64, Tuning) {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut best = (mrr(cases, Tuning::default()), Tuning::default());
        for _ in 0..steps {
            let mut candidate = best.1;
            for _ in 0..rng.gen_range(1..=3) {
                let (field, lo, hi) = fields[rng.gen_range(0..fields.len())];
                let value = field(&mut candidate.thesis);
                let step: f32 = rng.gen_range(-1.0..1.0) * (hi - lo) * 0.25;
                *value = (*value + step).clamp(lo, hi);
            }
            let score = mrr(cases, candidate);
            if score > best.0 {
                best = (score, candidate);
            }
        }
        best
    };
    let (all, tuned) = search(portfolio, 3000, 1);
    let at1 = |tuning: Tuning| {
        let s = investor_scores(generation, portfolio, tuning);
        s.at1 as f64 / s.cases.max(1) as f64
    };
    println!(
        "ceiling: searched and measured on all {} cases, MRR {all:.3}, Recall@1 {:.2} (the default {:.3}, {:.2}) with {:?}",
        portfolio.len(),
        at1(tuned),
        mrr(portfolio, Tuning::default()),
        at1(Tuning::default()),
        tuned.thesis
    );
    let halves = halves(portfolio);
    for (searched_on, measured_on) in [(0, 1), (1, 0)] {
        let (there, tuned) = search(&halves[searched_on], 1500, 2);
        println!(
            "ceiling: searched on half {searched_on} (MRR {there:.3}), measured on half {measured_on}: {:.3}; the default there {:.3}",
            mrr(&halves[measured_on], tuned),
            mrr(&halves[measured_on], Tuning::default())
        );
    }
}

/// The investor figures of `cases` under `tuning`.
fn investor_scores(
    generation: &app::server::search::Generation,
    cases: &[Case],
    tuning: Tuning,
) -> Scores {
    evaluate(generation, cases, tuning)
        .into_iter()
        .find(|(k, _)| *k == OpportunityKind::Investor)
        .map(|(_, s)| s)
        .unwrap_or_default()
}

/// The portfolio set in two halves of alternate cases, so each half holds companies of every
/// fund and country: weights chosen on one are measured on the other.
fn halves(portfolio: &[Case]) -> [Vec<Case>; 2] {
    [0, 1].map(|parity| {
        portfolio
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == parity)
            .map(|(_, c)| c.clone())
            .collect()
    })
}
