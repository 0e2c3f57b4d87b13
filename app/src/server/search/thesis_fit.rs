//! How well a company fits an investor's thesis, in points that add to the text relevance, each
//! with the check shown on the card. Used both ways: investors for a technology, and a
//! thesis's deal flow. The points, in order of weight (docs/relevance.md measures them):
//!
//! - text relevance: up to `Weights::text`, the BM25 score relative to the best candidate's;
//! - country: `Weights::country_focus` ÷ √(number of focus countries) when the company's
//!   country is one of the fund's focus countries — a national fund for a company at home
//!   outranks a pan-European one with more words in common; `Weights::in_geography` when it
//!   is only within the wider geography; outside it the investor cannot invest (near miss).
//!   When the fund lists the companies it backed, what it declares is blended with where they
//!   are (`Weights::track_record_prior`): a fund that names 24 countries but backs mostly
//!   British companies counts as nearly at home in Britain;
//! - areas: `Weights::area` ÷ √(number of the fund's areas) when they share a critical
//!   area — a specialist fund counts more than a generalist for its own area; `Weights::area_miss`
//!   (negative) when the fund names its areas and none is the company's;
//! - stage: ± `Weights::stage` when a round the TRL usually raises is (not) among its stages;
//! - TRL band and ticket: ± `Weights::trl_band`, ± `Weights::ticket`;
//! - a fund-of-funds that invests only through other funds: `Weights::through_funds`.

use crate::api::matching::Check;
use crate::domain::country::CountryCode;
use crate::domain::critical_area::CriticalArea;
use crate::domain::opportunity::OpportunityRecord;
use crate::domain::thesis::{InvestorThesis, Invests, Stage, TicketRange};
use crate::domain::trl::Trl;

/// The points of each factor; `Weights::default()` is what the site uses, other values are
/// compared by the relevance set (docs/relevance.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub text: f32,
    pub country_focus: f32,
    pub in_geography: f32,
    pub area: f32,
    /// Added (a negative number) when the fund names its areas and none is the company's.
    pub area_miss: f32,
    pub stage: f32,
    pub trl_band: f32,
    pub ticket: f32,
    pub through_funds: f32,
    /// Times the similarity (0–1) to the closest company in the fund's portfolio.
    pub portfolio: f32,
    /// How many backed companies the declared geography weighs as: the country share is
    /// (backed there + prior × declared share) ÷ (backed + prior), so a short list moves it
    /// little and a long one decides.
    pub track_record_prior: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            text: 1.0,
            country_focus: 1.5,
            in_geography: 0.15,
            area: 0.8,
            area_miss: -0.4,
            stage: 0.3,
            trl_band: 0.2,
            ticket: 0.2,
            through_funds: -0.6,
            portfolio: 1.5,
            track_record_prior: 3.0,
        }
    }
}

impl Weights {
    /// Text alone: the thesis is shown as checks but moves nothing (for comparison).
    pub fn text_only() -> Self {
        Self {
            text: 1.0,
            country_focus: 0.0,
            in_geography: 0.0,
            area: 0.0,
            area_miss: 0.0,
            stage: 0.0,
            trl_band: 0.0,
            ticket: 0.0,
            through_funds: 0.0,
            portfolio: 0.0,
            track_record_prior: 3.0,
        }
    }
}

/// What is known about the company: any part may be missing (then its check is "unknown").
#[derive(Debug, Clone, Copy, Default)]
pub struct Company<'a> {
    pub country: Option<&'a CountryCode>,
    pub trl: Option<Trl>,
    pub areas: &'a [CriticalArea],
    pub funding_sought_eur: Option<u64>,
    /// What the fund's listed portfolio shows for the company's country (set per fund).
    pub track_record: Option<TrackRecord>,
}

/// Of the companies a fund lists as backed, how many are in the company's country.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrackRecord {
    pub here: usize,
    pub backed: usize,
}

impl TrackRecord {
    /// The declared share (0–1) blended with the share of backed companies in the country.
    fn blend(record: Option<Self>, declared: f32, prior: f32) -> f32 {
        match record {
            Some(r) if r.backed > 0 && prior >= 0.0 => {
                (r.here as f32 + prior * declared) / (r.backed as f32 + prior)
            }
            _ => declared,
        }
    }

    /// ", and 4 of the 7 companies it lists are there", when any is.
    fn describe(record: Option<Self>) -> String {
        match record {
            Some(r) if r.here > 0 => format!(
                "; {} of the {} companies it lists as backed are there",
                r.here, r.backed
            ),
            _ => String::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Fit {
    pub points: f32,
    /// The fund cannot invest in the company's country.
    pub excluded: bool,
    /// The company's country is among the fund's focus countries, or they share an area:
    /// a reason to list the fund even when no word is shared.
    pub structural_match: bool,
    pub checks: Vec<Check>,
}

/// The record's thesis, or one read from its older free-text fields (eligible countries,
/// "seed to Series B", "EUR 1m - 10m") so entries without a thesis still rank by it.
pub fn thesis_of(r: &OpportunityRecord) -> InvestorThesis {
    if let Some(t) = &r.details.thesis {
        return t.clone();
    }
    let stages_text = r
        .details
        .stages
        .as_deref()
        .unwrap_or_default()
        .to_lowercase();
    let stages = Stage::ALL
        .iter()
        .copied()
        .filter(|s| stages_text.contains(&s.label().to_lowercase()))
        .collect();
    let ticket = r
        .details
        .ticket_size
        .as_deref()
        .and_then(super::matching::ticket_range)
        .and_then(|(lo, hi)| TicketRange::new(lo, hi).ok());
    InvestorThesis {
        areas: Vec::new(),
        stages,
        ticket,
        countries: r.eligible_countries.clone(),
        regions: Vec::new(),
        focus_countries: Vec::new(),
        trl_min: r.trl_min,
        trl_max: r.trl_max,
        focus: Vec::new(),
        invests: Invests::Directly,
    }
}

/// The fit with every check written out, for the cards shown.
pub fn fit(company: Company<'_>, thesis: &InvestorThesis, w: &Weights) -> Fit {
    fit_with(company, thesis, w, true)
}

/// The fit's points and exclusion alone (no checks): ranking scores every fund, and only the
/// few shown need their reasons in words.
pub fn score(company: Company<'_>, thesis: &InvestorThesis, w: &Weights) -> Fit {
    fit_with(company, thesis, w, false)
}

/// Checks are written only when asked for: each is built by a closure.
struct Explain {
    on: bool,
    checks: Vec<Check>,
}

impl Explain {
    fn add(&mut self, check: impl FnOnce() -> Check) {
        if self.on {
            self.checks.push(check());
        }
    }
}

fn fit_with(company: Company<'_>, thesis: &InvestorThesis, w: &Weights, explain: bool) -> Fit {
    let mut points = 0.0;
    let mut checks = Explain {
        on: explain,
        checks: Vec::new(),
    };
    let mut excluded = false;
    let mut structural_match = false;

    // Country: the one hard rule, and the strongest signal.
    match (
        company.country,
        company.country.and_then(|c| thesis.invests_in(c)),
    ) {
        (None, _) => checks.add(|| Check::unknown("Country", "no country given")),
        (Some(_), None) => {
            let record = company.track_record;
            points += w.country_focus * TrackRecord::blend(record, 0.0, w.track_record_prior);
            checks.add(|| {
                Check::passed(
                    "Country",
                    &format!("invests anywhere{}", TrackRecord::describe(record)),
                )
            });
        }
        (Some(c), Some(false)) => {
            excluded = true;
            checks.add(|| {
                Check::failed(
                    "Country",
                    &format!(
                        "{} is outside where the fund invests ({})",
                        c.name(),
                        thesis.geography()
                    ),
                )
            });
        }
        (Some(c), Some(true)) => match thesis.focus_size(c) {
            Some(n) => {
                let record = company.track_record;
                let declared = 1.0 / (n as f32).sqrt();
                points +=
                    w.country_focus * TrackRecord::blend(record, declared, w.track_record_prior);
                structural_match = true;
                checks.add(|| {
                    let claim = if n == 1 {
                        format!("{} is the fund's home market", c.name())
                    } else {
                        format!("{} is one of the fund's {n} focus countries", c.name())
                    };
                    Check::passed(
                        "Country",
                        &format!("{claim}{}", TrackRecord::describe(record)),
                    )
                });
            }
            None => {
                let record = company.track_record;
                points += if w.country_focus > 0.0 {
                    let declared = w.in_geography / w.country_focus;
                    w.country_focus * TrackRecord::blend(record, declared, w.track_record_prior)
                } else {
                    w.in_geography
                };
                checks.add(|| {
                    Check::passed(
                        "Country",
                        &format!(
                            "{} is within where the fund invests ({}){}",
                            c.name(),
                            thesis.geography(),
                            TrackRecord::describe(record)
                        ),
                    )
                });
            }
        },
    }

    // Areas.
    if thesis.areas.is_empty() {
        checks.add(|| Check::passed("Areas", "invests in every area"));
    } else if company.areas.is_empty() {
        checks.add(|| Check::unknown("Areas", "no critical area given"));
    } else {
        let shared: Vec<&str> = company
            .areas
            .iter()
            .filter(|a| thesis.areas.contains(a))
            .map(|a| a.label())
            .collect();
        if shared.is_empty() {
            points += w.area_miss;
            checks.add(|| {
                Check::failed(
                    "Areas",
                    &format!(
                        "none of the fund's areas ({})",
                        thesis
                            .areas
                            .iter()
                            .map(|a| a.label())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            });
        } else {
            points += w.area / (thesis.areas.len() as f32).sqrt();
            structural_match = true;
            checks.add(|| {
                Check::passed(
                    "Areas",
                    &format!(
                        "{} — among the fund's {} areas",
                        shared.join(", "),
                        thesis.areas.len()
                    ),
                )
            });
        }
    }

    // Stage for the TRL, and the TRL band.
    if let Some(trl) = company.trl {
        let usual = Stage::for_trl(trl);
        if !thesis.stages.is_empty() {
            match usual.iter().find(|s| thesis.stages.contains(s)) {
                Some(stage) => {
                    points += w.stage;
                    checks.add(|| {
                        Check::passed(
                            "Stage",
                            &format!(
                                "TRL {} fits {}, a round the fund takes part in",
                                trl.get(),
                                stage.label()
                            ),
                        )
                    });
                }
                None if Stage::next_to_trl(trl)
                    .iter()
                    .any(|s| thesis.stages.contains(s)) =>
                {
                    checks.add(|| {
                        let (usual, funds) = stage_labels(usual, &thesis.stages);
                        Check::unknown(
                            "Stage",
                            &format!(
                                "TRL {} usually raises {usual}; the fund invests one round away ({funds})",
                                trl.get()
                            ),
                        )
                    });
                }
                None => {
                    points -= w.stage;
                    checks.add(|| {
                        let (usual, funds) = stage_labels(usual, &thesis.stages);
                        Check::failed(
                            "Stage",
                            &format!(
                                "TRL {} usually raises {usual}; the fund invests at {funds}",
                                trl.get()
                            ),
                        )
                    });
                }
            }
        }
        if let Some(band) = thesis.trl_band() {
            let inside =
                thesis.trl_min.is_none_or(|m| trl >= m) && thesis.trl_max.is_none_or(|m| trl <= m);
            if inside {
                points += w.trl_band;
                checks.add(|| {
                    Check::passed("TRL band", &format!("TRL {} is within {band}", trl.get()))
                });
            } else {
                points -= w.trl_band;
                checks.add(|| {
                    Check::failed("TRL band", &format!("TRL {} is outside {band}", trl.get()))
                });
            }
        }
    } else if !thesis.stages.is_empty() {
        checks.add(|| Check::unknown("Stage", "no TRL given"));
    }

    // Ticket for the funding sought.
    if let (Some(ask), Some(ticket)) = (company.funding_sought_eur, thesis.ticket) {
        let sought = crate::domain::thesis::short_eur(ask);
        if ticket.contains(ask) {
            points += w.ticket;
            checks.add(|| {
                Check::passed(
                    "Ticket",
                    &format!("EUR {sought} sought is within {}", ticket.describe()),
                )
            });
        } else {
            points -= w.ticket;
            checks.add(|| {
                Check::failed(
                    "Ticket",
                    &format!("EUR {sought} sought is outside {}", ticket.describe()),
                )
            });
        }
    }

    if thesis.invests == Invests::ThroughFunds {
        points += w.through_funds;
        checks.add(|| {
            Check::failed(
                "Invests",
                "only through other funds: approach the funds it backs",
            )
        });
    }

    Fit {
        points,
        excluded,
        structural_match,
        checks: checks.checks,
    }
}

/// The rounds a TRL usually raises ("Seed or Series A") and those a fund takes part in
/// ("Seed, Series A"), as a stage check writes them.
fn stage_labels(usual: &[Stage], funds: &[Stage]) -> (String, String) {
    let labels = |stages: &[Stage], joiner: &str| {
        stages
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(joiner)
    };
    (labels(usual, " or "), labels(funds, ", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::thesis::RawThesis;

    fn thesis(countries: &[&str], focus: &[&str], areas: &[&str]) -> InvestorThesis {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
        InvestorThesis::from_raw(&RawThesis {
            countries: s(countries),
            focus_countries: s(focus),
            areas: s(areas),
            stages: s(&["seed", "series_a"]),
            ..Default::default()
        })
        .unwrap()
    }

    fn fi() -> CountryCode {
        CountryCode::parse("FI").unwrap()
    }

    #[test]
    fn a_national_fund_outranks_a_broad_one_at_home_and_cannot_invest_abroad() {
        let national = thesis(&["FI"], &[], &[]);
        let broad = thesis(
            &["FI", "SE", "DE", "FR", "PL", "EE", "NL", "IT", "ES"],
            &[],
            &[],
        );
        let c = fi();
        let company = Company {
            country: Some(&c),
            ..Default::default()
        };
        let (n, b) = (
            fit(company, &national, &Weights::default()),
            fit(company, &broad, &Weights::default()),
        );
        assert!(
            n.points - b.points > Weights::default().text * 0.9,
            "{} vs {}",
            n.points,
            b.points
        );
        let de = CountryCode::parse("DE").unwrap();
        let abroad = fit(
            Company {
                country: Some(&de),
                ..Default::default()
            },
            &national,
            &Weights::default(),
        );
        assert!(abroad.excluded);
        assert_eq!(abroad.checks[0].passed, Some(false));
    }

    #[test]
    fn a_specialist_counts_more_for_its_area_and_the_stage_follows_the_trl() {
        let c = fi();
        let areas = [CriticalArea::Space];
        let company = Company {
            country: Some(&c),
            areas: &areas,
            trl: Trl::try_from(5).ok(),
            ..Default::default()
        };
        let specialist = thesis(&["FI"], &[], &["space"]);
        let generalist = thesis(&["FI"], &[], &["space", "energy", "quantum", "robotics"]);
        assert!(
            fit(company, &specialist, &Weights::default()).points
                > fit(company, &generalist, &Weights::default()).points
        );
        let stage = fit(company, &specialist, &Weights::default());
        assert!(stage
            .checks
            .iter()
            .any(|c| c.name == "Stage" && c.passed == Some(true)));
        // TRL 9 usually raises Series B or growth: Series A is one round away (no points,
        // said as unknown), pre-seed and seed alone are a mismatch (points taken away).
        let late = Company {
            trl: Trl::try_from(9).ok(),
            ..company
        };
        let w = Weights::default();
        let near = fit(late, &specialist, &w);
        assert!((near.points - (stage.points - w.stage)).abs() < 1e-5);
        assert!(near.checks.iter().any(|c| c.name == "Stage"
            && c.passed.is_none()
            && c.detail.contains("one round away")));
        let early = InvestorThesis {
            stages: vec![Stage::PreSeed, Stage::Seed],
            ..specialist.clone()
        };
        let far = fit(late, &early, &w);
        assert!((far.points - (stage.points - 2.0 * w.stage)).abs() < 1e-5);
        assert!(far
            .checks
            .iter()
            .any(|c| c.name == "Stage" && c.passed == Some(false)));
    }

    #[test]
    fn a_fund_outside_the_companys_areas_loses_points_and_one_without_areas_does_not() {
        let c = fi();
        let areas = [CriticalArea::Energy];
        let company = Company {
            country: Some(&c),
            areas: &areas,
            ..Default::default()
        };
        let w = Weights::default();
        let robots = fit(company, &thesis(&["FI"], &[], &["robotics"]), &w);
        let anything = fit(company, &thesis(&["FI"], &[], &[]), &w);
        let energy = fit(company, &thesis(&["FI"], &[], &["energy"]), &w);
        assert!((robots.points - (anything.points + w.area_miss)).abs() < 1e-5);
        assert!(robots.points < anything.points && anything.points < energy.points);
        assert!(robots
            .checks
            .iter()
            .any(|c| c.name == "Areas" && c.passed == Some(false)));
        // Areas not known: neither rewarded nor penalised.
        let unknown = Company {
            areas: &[],
            ..company
        };
        let robots_unknown = fit(unknown, &thesis(&["FI"], &[], &["robotics"]), &w);
        assert!((robots_unknown.points - anything.points).abs() < 1e-5);
    }

    #[test]
    fn where_a_fund_has_backed_companies_moves_its_country_score_towards_them() {
        let gb = CountryCode::parse("GB").unwrap();
        let w = Weights::default();
        let many: Vec<&str> = vec![
            "GB", "DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "FI", "NO", "DK", "EE", "LV",
            "LT", "PT", "CZ", "SK", "HU", "RO", "BG", "GR", "LU", "IS",
        ];
        let alliance = thesis(&many, &many, &[]);
        let national = thesis(&["GB"], &[], &[]);
        let at = |record: Option<TrackRecord>, t: &InvestorThesis| {
            fit(
                Company {
                    country: Some(&gb),
                    track_record: record,
                    ..Default::default()
                },
                t,
                &w,
            )
        };
        let declared = at(None, &alliance).points;
        let mostly_here = at(Some(TrackRecord { here: 4, backed: 6 }), &alliance);
        let never_here = at(Some(TrackRecord { here: 0, backed: 6 }), &alliance).points;
        assert!(
            mostly_here.points > declared + 0.3,
            "{} vs {declared}",
            mostly_here.points
        );
        assert!(never_here < declared);
        assert!(mostly_here.checks[0]
            .detail
            .contains("4 of the 6 companies it lists as backed are there"));
        // A short list moves a national fund little: still ahead of the alliance's declared
        // share, and a fund without a list scores as it declares.
        let home = at(Some(TrackRecord { here: 1, backed: 2 }), &national).points;
        assert!(home > declared && home < at(None, &national).points);
        let empty = at(Some(TrackRecord { here: 0, backed: 0 }), &national).points;
        assert_eq!(empty, at(None, &national).points);
    }

    #[test]
    fn a_fund_of_funds_is_ranked_below_a_direct_investor_and_says_why() {
        let c = fi();
        let company = Company {
            country: Some(&c),
            ..Default::default()
        };
        let mut indirect = thesis(&["FI"], &[], &[]);
        indirect.invests = Invests::ThroughFunds;
        let f = fit(company, &indirect, &Weights::default());
        assert!(f.points < fit(company, &thesis(&["FI"], &[], &[]), &Weights::default()).points);
        assert!(f
            .checks
            .iter()
            .any(|c| c.name == "Invests" && c.passed == Some(false)));
    }
}
