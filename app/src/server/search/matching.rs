//! Explained matching, both ways. Hard constraints first (deadline, eligible country, SME-only,
//! foreign control), then BM25 relevance over weighted fields, then documented adjustments:
//! ×0.8 per TRL level outside a call's window; investors are ranked by their structured thesis
//! as well as by text (`thesis_fit`: country focus, areas, stage, ticket). Every result carries
//! its matched terms, a highlighted snippet and each check, passed or failed; results that fail
//! a hard check are "near misses", shown with the reason rather than hidden.

use super::portfolio::Neighbour;
use super::schema::facet;
use super::significance::significant_terms;
use super::text::{matched_words, required_term_query, snippet, WeightedText};
use super::thesis_fit::{self, thesis_of};
use super::{Generation, SearchError};
use crate::api::matching::{Check, MatchGroup, OpportunityMatch};
use crate::domain::country::CountryCode;
use crate::domain::critical_area::CriticalArea;
use crate::domain::opportunity::{OpportunityKind, OpportunityRecord};
use crate::domain::recurrence::series_of;
use crate::domain::technology::Seek;
use crate::domain::thesis::InvestorThesis;
use crate::domain::trl::Trl;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

/// Who is looking for opportunities: a registered technology with its company, or free text
/// from the command line.
#[derive(Debug, Clone, Default)]
pub struct Applicant {
    pub text: String,
    pub trl: Option<Trl>,
    pub country: Option<CountryCode>,
    pub is_sme: Option<bool>,
    pub controlled_from: Option<CountryCode>,
    pub funding_sought_eur: Option<u64>,
    /// The critical areas chosen; when empty, the areas the text mentions are used.
    pub areas: Vec<CriticalArea>,
}

/// Field weights and query expansion, kept in one place so the relevance set can compare
/// variants (see docs/relevance.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    pub title: f32,
    pub tags: f32,
    pub description: f32,
    pub synonyms: bool,
    /// How investors' theses weigh (`thesis_fit`).
    pub thesis: thesis_fit::Weights,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            title: 2.0,
            tags: 2.0,
            description: 1.0,
            synonyms: true,
            thesis: thesis_fit::Weights::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct MatchOptions {
    pub tuning: Tuning,
    pub kind: Option<OpportunityKind>,
    pub limit: usize,
    /// Count closed calls as matches (marked not eligible) instead of near misses.
    pub include_closed: bool,
    pub today: NaiveDate,
    /// Leave this company out of every portfolio (leave-one-out evaluation of the relevance
    /// set: a portfolio company must not find itself); `None` on the site.
    pub held_out_company: Option<String>,
}

/// How close a backed company must be for the card to name it ("close to ICEYE, which the
/// fund backed"); weaker resemblances still count in the score.
pub const PORTFOLIO_CHECK_SIMILARITY: f32 = 0.2;

/// "close to ICEYE (Finland), which the fund backed", when the resemblance is worth naming.
fn portfolio_check(n: &Neighbour) -> Option<Check> {
    (n.similarity >= PORTFOLIO_CHECK_SIMILARITY).then(|| {
        Check::passed(
            "Portfolio",
            &format!(
                "close to {} ({}), which the fund backed",
                n.name,
                n.country.name()
            ),
        )
    })
}

/// ×0.8 for each level the TRL lies outside the window.
pub const TRL_STEP_PENALTY: f32 = 0.8;

pub fn trl_fit(trl: Option<Trl>, min: Option<Trl>, max: Option<Trl>) -> (f32, Check) {
    let window = match (min, max) {
        (Some(a), Some(b)) => format!("{}–{}", a.get(), b.get()),
        (Some(a), None) => format!("{} or more", a.get()),
        (None, Some(b)) => format!("up to {}", b.get()),
        (None, None) => return (1.0, Check::passed("TRL fit", "any TRL (no window set)")),
    };
    let Some(trl) = trl else {
        return (
            1.0,
            Check::unknown("TRL fit", &format!("window TRL {window}; no TRL given")),
        );
    };
    let t = trl.get() as i32;
    let below = min.map(|m| m.get() as i32 - t).unwrap_or(0).max(0);
    let above = max.map(|m| t - m.get() as i32).unwrap_or(0).max(0);
    let distance = below + above;
    if distance == 0 {
        (
            1.0,
            Check::passed("TRL fit", &format!("TRL {t} is within {window}")),
        )
    } else {
        let side = if below > 0 { "below" } else { "above" };
        (
            TRL_STEP_PENALTY.powi(distance),
            Check::failed(
                "TRL fit",
                &format!(
                    "TRL {t} is {distance} {side} the window {window} (score ×{:.2})",
                    TRL_STEP_PENALTY.powi(distance)
                ),
            ),
        )
    }
}

fn country_check(country: Option<&CountryCode>, eligible: &[CountryCode]) -> Check {
    match country {
        None => Check::unknown("Country", "no country given"),
        Some(_) if eligible.is_empty() => Check::passed("Country", "no country restriction"),
        Some(c) if eligible.contains(c) => {
            Check::passed("Country", &format!("{} is eligible", c.name()))
        }
        Some(c) => Check::failed(
            "Country",
            &format!("{} is not among the eligible countries", c.name()),
        ),
    }
}

/// Open, with no deadline and nothing still to open: what `deadline_check` calls "rolling".
fn is_rolling(r: &OpportunityRecord, today: NaiveDate) -> bool {
    r.deadline.is_none() && r.is_open(today) && r.forthcoming_on(today).is_none()
}

fn deadline_check(r: &OpportunityRecord, today: NaiveDate) -> Check {
    if let Some(opens) = r.forthcoming_on(today) {
        let deadline = r
            .deadline
            .map_or("deadline to be announced".to_owned(), |d| {
                format!("deadline {d}")
            });
        return Check::passed(
            "Deadline",
            &format!("forthcoming — expected to open on {opens}, {deadline}: prepare now"),
        );
    }
    if !r.is_open(today) && r.deadline.is_none_or(|d| d >= today) {
        return Check::failed("Deadline", "closed by its programme");
    }
    match r.deadline {
        None => Check::passed("Deadline", "rolling — no deadline"),
        Some(d) if d >= today => Check::passed(
            "Deadline",
            &format!("open until {d} ({} days left)", (d - today).num_days()),
        ),
        Some(d) => Check::failed("Deadline", &format!("closed on {d}")),
    }
}

/// Parses "EUR 0.5m - 10m", "EUR 40-50m", "up to EUR 15m" into a euro range. A number without
/// a unit takes the unit of the number after it ("40-50m" is 40m to 50m).
pub fn ticket_range(text: &str) -> Option<(u64, u64)> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut numbers: Vec<(f64, Option<f64>)> = Vec::new();
    let mut current = String::new();
    for (i, c) in chars.iter().chain(std::iter::once(&' ')).enumerate() {
        if c.is_ascii_digit() || (*c == '.' && !current.is_empty()) {
            current.push(*c);
        } else if !current.is_empty() {
            let unit = match c {
                'm' => Some(1_000_000.0),
                'k' => Some(1_000.0),
                'b' if chars.get(i + 1) == Some(&'n') => Some(1_000_000_000.0),
                _ => None,
            };
            if let Ok(v) = current.parse::<f64>() {
                numbers.push((v, unit));
            }
            current.clear();
        }
    }
    let mut euros = Vec::with_capacity(numbers.len());
    for (i, (value, unit)) in numbers.iter().enumerate() {
        let unit = unit
            .or_else(|| numbers[i + 1..].iter().find_map(|(_, u)| *u))
            .unwrap_or(1.0);
        euros.push((value * unit) as u64);
    }
    match euros.as_slice() {
        [] => None,
        [max] if lower.contains("up to") => Some((0, *max)),
        [one] => Some((*one, *one)),
        [lo, hi, ..] => Some((*lo.min(hi), *lo.max(hi))),
    }
}

/// Ranks the catalogue for an applicant. Returns one group per kind asked for.
pub fn match_opportunities(
    generation: &Generation,
    a: &Applicant,
    options: &MatchOptions,
) -> Result<Vec<(OpportunityKind, MatchGroup)>, SearchError> {
    let f = generation.opp_fields;
    let searcher = generation.opp_reader.searcher();
    let t = options.tuning;
    let weighted = WeightedText::of(&a.text, t.synonyms);
    let query_terms = weighted.term_names();
    // Only words that carry weight explain a match, and a candidate must share one of them.
    let query_terms = significant_terms(&searcher, &[f.title, f.tags, f.description], &query_terms);
    let fields = [
        (f.title, t.title),
        (f.tags, t.tags),
        (f.description, t.description),
    ];
    let kinds: Vec<OpportunityKind> = match options.kind {
        Some(k) => vec![k],
        None => OpportunityKind::ALL.to_vec(),
    };
    let mut groups = Vec::new();
    for kind in kinds {
        if kind == OpportunityKind::Investor {
            let group = rank_investors(generation, a, options, &weighted, &query_terms, &fields)?;
            groups.push((kind, group));
            continue;
        }
        let Some(text) = required_term_query(&weighted, &query_terms, &fields) else {
            groups.push((kind, MatchGroup::default()));
            continue;
        };
        let kind_filter: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_facet(f.facets, &facet("kind", kind.slug())),
            IndexRecordOption::Basic,
        ));
        let query = BooleanQuery::new(vec![(Occur::Must, text), (Occur::Must, kind_filter)]);
        // Enough candidates for the TRL and eligibility adjustments to reorder; more only costs.
        let candidates = (options.limit * 4).max(20);
        let top = searcher.search(&query, &TopDocs::with_limit(candidates).order_by_score())?;
        // Score and check every candidate, but write snippets only for those that are shown.
        let mut matches = Vec::new();
        let mut near = Vec::new();
        for (bm25, address) in top {
            let r = super::schema::stored_record(&searcher.doc(address)?, f.record)?;
            let m = explain(a, &r, bm25, &[], f.description, options.today);
            if m.eligible || (options.include_closed && failed_only_the_deadline(&m)) {
                matches.push((m, r));
            } else {
                near.push((m, r));
            }
        }
        let finish =
            |mut list: Vec<(OpportunityMatch, OpportunityRecord)>| -> Vec<OpportunityMatch> {
                list.sort_by(|x, y| best_first((x.0.score, &x.0.id), (y.0.score, &y.0.id)));
                list.truncate(options.limit);
                list.into_iter()
                    .map(|(mut m, r)| {
                        describe_text(&mut m, &r, &query_terms, f.description);
                        m
                    })
                    .collect()
            };
        // Closed calls whose series comes back: the best fit of each series moves from the
        // near misses to its own group, unless the series has an open call among the matches.
        let recurrences = generation.recurrences()?;
        let open_series: Vec<String> = matches.iter().filter_map(|(_, r)| series_of(r)).collect();
        let mut recurring = Vec::new();
        let mut seen_series = Vec::new();
        near.sort_by(|x, y| best_first((x.0.score, &x.0.id), (y.0.score, &y.0.id)));
        let mut still_near = Vec::new();
        for (mut m, r) in near {
            let series = series_of(&r);
            match (failed_only_the_deadline(&m), series, recurrences.of(&r)) {
                (true, Some(series), Some(recurrence))
                    if !r.is_open(options.today) && !open_series.contains(&series) =>
                {
                    if !seen_series.contains(&series) {
                        let next = Check::passed("Next call", &recurrence.describe(options.today));
                        m.reasons.push(next.describe());
                        m.checks.push(next);
                        seen_series.push(series);
                        recurring.push((m, r));
                    }
                }
                _ => still_near.push((m, r)),
            }
        }
        let (matches, near, recurring) = (finish(matches), finish(still_near), finish(recurring));
        groups.push((
            kind,
            MatchGroup {
                matches,
                near_misses: near,
                recurring,
            },
        ));
    }
    Ok(groups)
}

/// Closed, and otherwise fitting: the only failed hard check is the deadline (a TRL outside the
/// window lowers the score but decides nothing).
fn failed_only_the_deadline(m: &OpportunityMatch) -> bool {
    m.checks
        .iter()
        .filter(|c| c.passed == Some(false) && c.name != "TRL fit")
        .all(|c| c.name == "Deadline")
}

/// Most investor entries ranked per request: every investor is a candidate (a thesis can fit
/// without a shared word), so the catalogue's investors are bounded here.
pub const MAX_INVESTOR_CANDIDATES: usize = 2000;

/// Investors for an applicant: every investor entry is a candidate; the score is the text
/// relevance (relative to the best candidate's) plus the thesis points (`thesis_fit`). An
/// investor that shares neither a significant word nor the country focus or an area is not
/// listed; one that cannot invest in the applicant's country is a near miss.
fn rank_investors(
    generation: &Generation,
    a: &Applicant,
    options: &MatchOptions,
    weighted: &WeightedText,
    query_terms: &[String],
    fields: &[(Field, f32)],
) -> Result<MatchGroup, SearchError> {
    let f = generation.opp_fields;
    let searcher = generation.opp_reader.searcher();
    let catalogue = generation.read_catalogue(&searcher)?;
    let t = options.tuning;
    // Text relevance of the funds that share a significant word; every other fund scores 0
    // for text and is still ranked by its thesis.
    let mut text_scores: HashMap<DocAddress, f32> = HashMap::new();
    if let Some(text) = required_term_query(weighted, query_terms, fields) {
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                facet_filter(f.facets, "kind", OpportunityKind::Investor.slug()),
            ),
            (Occur::Must, text),
        ]);
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(MAX_INVESTOR_CANDIDATES).order_by_score(),
        )?;
        text_scores.extend(top.into_iter().map(|(score, address)| (address, score)));
    }
    let best = text_scores.values().copied().fold(0.0_f32, f32::max);
    let inferred;
    let areas: &[CriticalArea] = if a.areas.is_empty() {
        inferred = CriticalArea::mentioned_in(&a.text);
        &inferred
    } else {
        &a.areas
    };
    let company = thesis_fit::Company {
        country: a.country.as_ref(),
        trl: a.trl,
        areas,
        funding_sought_eur: a.funding_sought_eur,
        track_record: None,
        backed: 0.0,
    };
    let portfolios = catalogue.portfolios.weigh(
        &a.text,
        a.country.as_ref(),
        options.held_out_company.as_deref(),
        &t.thesis,
    );
    // The company as one fund sees it: with what that fund's listed portfolio says.
    let company_for = |r: &OpportunityRecord| {
        let portfolio = portfolios.get(r.id.as_str());
        thesis_fit::Company {
            track_record: portfolio.map(|p| p.record),
            backed: portfolio.map_or(0.0, |p| p.evidence),
            ..company
        }
    };
    let mut matches = Vec::new();
    let mut near = Vec::new();
    // Every fund, in index order (so equal scores keep one order).
    for (address, entry) in catalogue.investors.iter().take(MAX_INVESTOR_CANDIDATES) {
        let (r, thesis) = entry.as_ref();
        let bm25 = text_scores.get(address).copied().unwrap_or(0.0);
        let text = if best > 0.0 { bm25 / best } else { 0.0 };
        let fit = thesis_fit::score(company_for(r), thesis, &t.thesis);
        let closest = portfolios
            .get(r.id.as_str())
            .and_then(|p| p.closest.as_ref());
        if text <= 0.0 && !fit.structural_match && closest.is_none() {
            continue;
        }
        let score = t.thesis.text * text + fit.points;
        let scored = Scored {
            entry: entry.clone(),
            score,
            text: t.thesis.text * text,
            fit,
        };
        if scored.fit.excluded {
            near.push(scored);
        } else {
            matches.push(scored);
        }
    }
    // Only the funds shown get their card written.
    let finish = |mut list: Vec<Scored>| -> Vec<OpportunityMatch> {
        list.sort_by(|x, y| best_first((x.score, &x.entry.0.id), (y.score, &y.entry.0.id)));
        list.truncate(options.limit);
        list.into_iter()
            .map(|s| {
                let (r, thesis) = s.entry.as_ref();
                let mut checks = thesis_fit::fit(company_for(r), thesis, &t.thesis).checks;
                checks.extend(
                    portfolios
                        .get(r.id.as_str())
                        .and_then(|p| p.closest.as_ref())
                        .and_then(portfolio_check),
                );
                // A fund invests all year: its deadline says something only when it has one,
                // has closed, or has not opened yet.
                if !is_rolling(r, options.today) {
                    checks.push(deadline_check(r, options.today));
                }
                let mut reasons = vec![
                    "matched: —".to_owned(),
                    format!(
                        "score {:.2}: text {:.2} + thesis and portfolio {:.2}",
                        s.score, s.text, s.fit.points
                    ),
                ];
                reasons.extend(checks.iter().map(Check::describe));
                let mut m = OpportunityMatch {
                    id: r.id.clone(),
                    kind: r.kind,
                    title: r.title.clone(),
                    score: (s.score * 1000.0).round() / 1000.0,
                    eligible: !s.fit.excluded,
                    matched_terms: Vec::new(),
                    snippet: Vec::new(),
                    trl_fit: trl_fit(a.trl, r.trl_min, r.trl_max).1,
                    checks,
                    reasons,
                    deadline: None,
                };
                describe_text(&mut m, r, query_terms, f.description);
                m
            })
            .collect()
    };
    Ok(MatchGroup {
        matches: finish(matches),
        near_misses: finish(near),
        recurring: Vec::new(),
    })
}

/// One fund's score before its card is written.
struct Scored {
    entry: Arc<(OpportunityRecord, InvestorThesis)>,
    score: f32,
    text: f32,
    fit: thesis_fit::Fit,
}

/// Higher score first; equal scores in id order. Tantivy leaves ties in the order its segments
/// hold the documents, which differs between instances and after a rebuild.
pub(crate) fn best_first<K: Ord>(a: (f32, K), b: (f32, K)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
}

/// A filter (adding nothing to the score) for documents carrying one facet value.
fn facet_filter(facets: Field, dimension: &str, value: &str) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(
        Box::new(TermQuery::new(
            Term::from_facet(facets, &facet(dimension, value)),
            IndexRecordOption::Basic,
        )),
        0.0,
    ))
}

/// Scores one opportunity for an applicant and says why.
pub fn explain(
    a: &Applicant,
    r: &OpportunityRecord,
    bm25: f32,
    query_terms: &[String],
    description: tantivy::schema::Field,
    today: NaiveDate,
) -> OpportunityMatch {
    let (trl_factor, trl_check) = trl_fit(a.trl, r.trl_min, r.trl_max);
    let mut checks = vec![country_check(a.country.as_ref(), &r.eligible_countries)];
    let factor = trl_factor;
    match r.kind {
        OpportunityKind::EdfCall => {
            checks.push(if r.details.sme_only() {
                match a.is_sme {
                    Some(true) => {
                        Check::passed("SME-only", "reserved for SMEs, and the company is one")
                    }
                    Some(false) => {
                        Check::failed("SME-only", "reserved for SMEs; the company is not one")
                    }
                    None => Check::unknown("SME-only", "reserved for SMEs; company size unknown"),
                }
            } else {
                Check::passed("SME-only", "open to companies of any size")
            });
            checks.push(match &a.controlled_from {
                Some(c) if !c.is_edf_country() => Check::failed(
                    "Foreign control",
                    &format!("controlled from {}, outside the EU-27 and Norway", c.name()),
                ),
                Some(_) | None if a.country.is_some() => Check::passed(
                    "Foreign control",
                    "not controlled from outside the EU-27 and Norway",
                ),
                _ => Check::unknown("Foreign control", "control not declared"),
            });
        }
        OpportunityKind::DianaChallenge => {}
        // Investors are ranked by `rank_investors`, with their thesis.
        OpportunityKind::Investor => {}
    }
    checks.push(deadline_check(r, today));
    // Thesis checks inform the score; only eligibility checks decide eligibility.
    let eligible = checks
        .iter()
        .filter(|c| {
            matches!(
                c.name.as_str(),
                "Country" | "SME-only" | "Foreign control" | "Deadline"
            )
        })
        .all(|c| c.passed != Some(false));
    // Without query terms (ranking a candidate list) the text parts are filled in later.
    let matched = if query_terms.is_empty() {
        Vec::new()
    } else {
        matched_words(
            &format!("{}\n{}\n{}", r.title, r.tags.join(", "), r.description),
            query_terms,
        )
    };
    let score = ((bm25 * factor) * 1000.0).round() / 1000.0;
    let mut reasons = vec![format!(
        "matched: {}",
        if matched.is_empty() {
            "—".to_owned()
        } else {
            matched.join(", ")
        }
    )];
    reasons.push(trl_check.describe());
    reasons.extend(checks.iter().map(Check::describe));
    OpportunityMatch {
        id: r.id.clone(),
        kind: r.kind,
        title: r.title.clone(),
        score,
        eligible,
        matched_terms: matched,
        snippet: if query_terms.is_empty() {
            Vec::new()
        } else {
            snippet(&r.description, query_terms, description, 200)
        },
        trl_fit: trl_check,
        checks,
        reasons,
        deadline: r.deadline.map(|d| d.to_string()),
    }
}

/// Adds the matched words and the highlighted snippet to a match chosen for display.
fn describe_text(
    m: &mut OpportunityMatch,
    r: &OpportunityRecord,
    query_terms: &[String],
    description: tantivy::schema::Field,
) {
    let matched = matched_words(
        &format!("{}\n{}\n{}", r.title, r.tags.join(", "), r.description),
        query_terms,
    );
    if let Some(first) = m.reasons.first_mut() {
        *first = format!(
            "matched: {}",
            if matched.is_empty() && r.kind == OpportunityKind::Investor {
                "no shared word (listed for its thesis and portfolio)".to_owned()
            } else if matched.is_empty() {
                "—".to_owned()
            } else {
                matched.join(", ")
            }
        );
    }
    m.matched_terms = matched;
    m.snippet = snippet(&r.description, query_terms, description, 200);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trl_outside_the_window_lowers_the_score_per_level() {
        let t = |n| Trl::try_from(n).ok();
        assert_eq!(trl_fit(t(6), t(5), t(8)).0, 1.0);
        assert!((trl_fit(t(3), t(5), t(8)).0 - 0.64).abs() < 1e-6);
        assert_eq!(trl_fit(t(9), t(5), t(8)).1.passed, Some(false));
        assert_eq!(trl_fit(None, t(5), t(8)).1.passed, None);
    }

    #[test]
    fn ticket_sizes_are_read() {
        assert_eq!(ticket_range("EUR 0.5m - 10m"), Some((500_000, 10_000_000)));
        assert_eq!(
            ticket_range("initial tickets up to EUR 15m"),
            Some((0, 15_000_000))
        );
        assert_eq!(ticket_range("not disclosed"), None);
        assert_eq!(
            ticket_range("commitments to funds, e.g. EUR 40-50m per fund"),
            Some((40_000_000, 50_000_000))
        );
    }
}

/// Parameters of a free-text match (command line and JSON API), as given.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TextMatchParams {
    pub text: String,
    pub trl: Option<u8>,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub limit: Option<usize>,
    #[serde(default)]
    pub include_closed: bool,
    /// Critical-area slugs separated by commas (`space,sensing`); the text's own areas when
    /// absent. One string, so a query string carries it as one parameter.
    #[serde(default)]
    pub areas: Option<String>,
    pub funding_sought_eur: Option<u64>,
}

pub const MAX_LIMIT: usize = 100;

/// Checks the parameters and ranks the catalogue: results passing the hard filters, best first.
pub fn match_text(
    generation: &Generation,
    p: &TextMatchParams,
    today: NaiveDate,
) -> Result<Vec<OpportunityMatch>, crate::error::AppError> {
    use crate::error::{AppError, FieldErrors};
    let mut e = FieldErrors::new();
    if p.text.trim().is_empty() {
        e.add("text", "describe the technology in a few words");
    } else if p.text.chars().count() > 5000 {
        e.add("text", "must be at most 5000 characters");
    }
    let trl = match p.trl {
        None => None,
        Some(t) => e.check("trl", Trl::try_from(t)),
    };
    let country = match p.country.as_deref().filter(|c| !c.trim().is_empty()) {
        None => None,
        Some(c) => e.check("country", CountryCode::parse(c)),
    };
    let kind = match p.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        None => None,
        Some(k) => e.check("kind", k.parse::<OpportunityKind>()),
    };
    let listed: Vec<&str> = p
        .areas
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    if listed.len() > CriticalArea::ALL.len() {
        e.add(
            "areas",
            format!("give at most {} areas", CriticalArea::ALL.len()),
        );
    }
    let mut areas = Vec::new();
    for raw in listed.iter().take(CriticalArea::ALL.len()) {
        match raw.parse::<CriticalArea>() {
            Ok(a) if !areas.contains(&a) => areas.push(a),
            Ok(_) => {}
            Err(_) => e.add(
                "areas",
                format!(
                    "{raw:?} is not a critical area; use one of: {}",
                    CriticalArea::ALL.map(|a| a.slug()).join(", ")
                ),
            ),
        }
    }
    if p.funding_sought_eur
        .is_some_and(|v| v > crate::domain::thesis::MAX_TICKET_EUR)
    {
        e.add(
            "funding_sought_eur",
            format!(
                "must be at most {} euros",
                crate::domain::thesis::MAX_TICKET_EUR
            ),
        );
    }
    let limit = p.limit.unwrap_or(10);
    if limit == 0 || limit > MAX_LIMIT {
        e.add("limit", format!("must be from 1 to {MAX_LIMIT}"));
    }
    e.into_result()?;
    let applicant = Applicant {
        text: p.text.clone(),
        trl,
        country,
        areas,
        funding_sought_eur: p.funding_sought_eur,
        ..Default::default()
    };
    let options = MatchOptions {
        tuning: Tuning::default(),
        kind,
        limit,
        include_closed: p.include_closed,
        today,
        held_out_company: None,
    };
    let groups = match_opportunities(generation, &applicant, &options).map_err(AppError::from)?;
    let mut all: Vec<OpportunityMatch> = groups.into_iter().flat_map(|(_, g)| g.matches).collect();
    all.sort_by(|x, y| best_first((x.score, &x.id), (y.score, &y.id)));
    all.truncate(limit);
    Ok(all)
}

/// A technology that fits an opportunity, before the caller adds its public fields.
#[derive(Debug, Clone)]
pub struct TechFit {
    pub id: i64,
    pub score: f32,
    pub eligible: bool,
    pub matched_terms: Vec<String>,
    pub snippet: Vec<crate::api::search::Segment>,
    /// The TRL against an opportunity's window; `None` for a thesis's deal flow, whose checks
    /// judge the TRL (stage for the TRL, TRL band).
    pub trl_fit: Option<Check>,
    pub checks: Vec<Check>,
}

/// The other direction: submitted technologies that fit an opportunity (or an investor's
/// thesis, which the catalogue describes as an opportunity). Country is checked; TRL fit
/// lowers the score. Only public fields are searched, so the result can be shown to investors.
pub fn match_technologies(
    generation: &Generation,
    r: &OpportunityRecord,
    limit: usize,
) -> Result<Vec<TechFit>, SearchError> {
    technologies_fitting(generation, r, limit, None)
}

/// Consortium partners for a call topic: the technologies that fit it (as
/// [`match_technologies`]) whose company said it looks for consortium partners. Companies that
/// did not opt in are never read.
pub fn match_partners(
    generation: &Generation,
    topic: &OpportunityRecord,
    limit: usize,
) -> Result<Vec<TechFit>, SearchError> {
    technologies_fitting(generation, topic, limit, Some(Seek::Partners))
}

fn technologies_fitting(
    generation: &Generation,
    r: &OpportunityRecord,
    limit: usize,
    seeking: Option<Seek>,
) -> Result<Vec<TechFit>, SearchError> {
    let f = generation.tech_fields;
    let searcher = generation.tech_reader.searcher();
    let text_of_entry = format!("{}\n{}\n{}", r.title, r.tags.join(", "), r.description);
    let weighted = WeightedText::of(&text_of_entry, true);
    let query_terms = weighted.term_names();
    let public_fields = [f.title, f.keywords, f.areas_text, f.summary, f.applications];
    let query_terms = significant_terms(&searcher, &public_fields, &query_terms);
    let text = required_term_query(
        &weighted,
        &query_terms,
        &[
            (f.title, 2.0),
            (f.keywords, 2.0),
            (f.areas_text, 1.5),
            (f.summary, 1.0),
            (f.applications, 1.0),
        ],
    );
    let submitted: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_facet(f.facets, &facet("status", "submitted")),
        IndexRecordOption::Basic,
    ));
    // An investor's thesis (areas, countries, stages) finds technologies that share no word
    // with its description; a call or challenge is matched by its text alone.
    let thesis = (r.kind == OpportunityKind::Investor).then(|| thesis_of(r));
    let weights = thesis_fit::Weights::default();
    let query = match (&thesis, text) {
        (Some(thesis), text) => {
            let mut candidates: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if let Some(text) = text {
                candidates.push((Occur::Should, text));
            }
            for area in &thesis.areas {
                candidates.push((Occur::Should, facet_filter(f.facets, "area", area.slug())));
            }
            // A fund with a small home market sees the technologies from there.
            let home = if thesis.focus_countries.is_empty() && thesis.countries.len() <= 5 {
                &thesis.countries
            } else {
                &thesis.focus_countries
            };
            for country in home {
                candidates.push((
                    Occur::Should,
                    facet_filter(f.facets, "country", country.as_str()),
                ));
            }
            if candidates.is_empty() {
                return Ok(Vec::new());
            }
            BooleanQuery::new(vec![
                (Occur::Must, submitted),
                (Occur::Must, Box::new(BooleanQuery::new(candidates))),
            ])
        }
        (None, Some(text)) => {
            BooleanQuery::new(vec![(Occur::Must, text), (Occur::Must, submitted)])
        }
        (None, None) => return Ok(Vec::new()),
    };
    let query = match seeking {
        Some(seek) => BooleanQuery::new(vec![
            (Occur::Must, Box::new(query) as Box<dyn Query>),
            (Occur::Must, facet_filter(f.facets, "seeks", seek.slug())),
        ]),
        None => query,
    };
    // With a thesis every candidate is scored by it, so all of them are read (bounded).
    let wanted = if thesis.is_some() {
        MAX_DEAL_FLOW_CANDIDATES
    } else {
        limit.max(1) * 3
    };
    let top = searcher.search(&query, &TopDocs::with_limit(wanted).order_by_score())?;
    let best = top.iter().map(|(s, _)| *s).fold(0.0_f32, f32::max);
    // A fund's deal flow also ranks by what it backed before (its catalogue portfolio).
    let portfolios = if thesis.is_some() {
        Some(generation.portfolios()?)
    } else {
        None
    };
    let mut fits = Vec::with_capacity(top.len());
    for (bm25, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let id = doc
            .get_first(f.id)
            .and_then(|v| v.as_i64())
            .unwrap_or_default();
        let get = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let trl = doc
            .get_first(f.trl)
            .and_then(|v| v.as_u64())
            .and_then(|t| u8::try_from(t).ok())
            .and_then(|t| Trl::try_from(t).ok());
        let country = CountryCode::parse(&get(f.country)).ok();
        let summary = get(f.summary);
        let public = format!(
            "{}\n{}\n{}\n{}",
            get(f.title),
            get(f.keywords),
            summary,
            get(f.applications)
        );
        let (score, eligible, checks, trl_check) = match &thesis {
            Some(thesis) => {
                let areas = super::facet_bits::areas_of(&searcher, address)?;
                // A fund's deal flow also ranks by what it backed before.
                let backed = portfolios
                    .as_ref()
                    .and_then(|p| p.weigh_one(&r.id, &public, country.as_ref(), &weights));
                let fit = thesis_fit::fit(
                    thesis_fit::Company {
                        country: country.as_ref(),
                        trl,
                        areas: &areas,
                        funding_sought_eur: None,
                        track_record: backed.as_ref().map(|b| b.record),
                        backed: backed.as_ref().map_or(0.0, |b| b.evidence),
                    },
                    thesis,
                    &weights,
                );
                let text = if best > 0.0 { bm25 / best } else { 0.0 };
                let mut checks = fit.checks;
                checks.extend(
                    backed
                        .as_ref()
                        .and_then(|b| b.closest.as_ref())
                        .and_then(portfolio_check),
                );
                (
                    weights.text * text + fit.points,
                    !fit.excluded,
                    checks,
                    None,
                )
            }
            None => {
                let (factor, trl_check) = trl_fit(trl, r.trl_min, r.trl_max);
                let checks = vec![country_check(country.as_ref(), &r.eligible_countries)];
                let eligible = checks.iter().all(|c| c.passed != Some(false));
                (bm25 * factor, eligible, checks, Some(trl_check))
            }
        };
        fits.push(TechFit {
            id,
            score: (score * 1000.0).round() / 1000.0,
            eligible,
            matched_terms: matched_words(&public, &query_terms)
                .into_iter()
                .take(12)
                .collect(),
            snippet: snippet(&summary, &query_terms, f.summary, 200),
            trl_fit: trl_check,
            checks,
        });
    }
    fits.sort_by(|a, b| {
        b.eligible
            .cmp(&a.eligible)
            .then(best_first((a.score, a.id), (b.score, b.id)))
    });
    fits.truncate(limit);
    Ok(fits)
}

/// Most technologies scored for one thesis's deal flow: every submitted technology in one of
/// the thesis's areas is a candidate, so the read is bounded here.
pub const MAX_DEAL_FLOW_CANDIDATES: usize = 2000;
