//! How well a company fits an investor's thesis and portfolio, in points that add to the text
//! relevance, each with the check shown on the card. Used both ways: investors for a
//! technology, and a thesis's deal flow. docs/relevance.md measures each factor.
//!
//! The fund's score beside its text relevance is the log of the evidence that it backs a
//! company like this one, where this one is (a kernel estimate over what it backed):
//!
//! - each company the fund lists as backed counts e^(`Weights::similarity` × the cosine
//!   similarity of the two descriptions) − 1, times `Weights::elsewhere` when it is in another
//!   country — a fund that backed a similar company here is the strongest sign, and a backed
//!   company sharing no significant word with this one counts nothing (how many unlike
//!   companies a fund lists says more about how completely its list is published than about
//!   this company: docs/relevance.md, entry 17);
//! - the declared thesis counts as `Weights::thesis_companies` companies spread over where the
//!   fund invests: all of them in its home market, 1 ÷ √n in each of n focus countries,
//!   `Weights::in_geography` within a wider geography, `Weights::anywhere` for a fund that
//!   names none; outside it the investor cannot invest (near miss). They count more when the
//!   fund names the company's critical area (`Weights::area` ÷ √(number of the fund's areas))
//!   and less when it names others only (`Weights::area_miss`);
//!
//! so a national fund with no list outranks a broad one at home, and a fund that names 24
//! countries but backed companies like this one in its country counts as nearly at home. Points
//! added after the log: stage (± `Weights::stage` when a round the TRL usually raises is (not)
//! among its stages), TRL band and ticket (± `Weights::trl_band`, ± `Weights::ticket`), and
//! `Weights::through_funds` for a fund-of-funds that invests only through other funds.

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
    /// Times the log of the evidence (thesis and portfolio); 0 ranks by text alone.
    pub evidence: f32,
    /// What the declared thesis counts for, in backed companies that count 1 each (at the
    /// default `similarity`, companies about 0.17 alike: e^(4 × 0.17) − 1 ≈ 1).
    pub thesis_companies: f32,
    /// The thesis's share in a country within the fund's wider geography (not a focus). As
    /// small as `anywhere` by default: to a European founder, "invests across Europe" says
    /// no more than "invests anywhere" (docs/relevance.md, entry 17).
    pub in_geography: f32,
    /// The thesis's share in any one country for a fund that names none.
    pub anywhere: f32,
    /// The exponent's factor for a backed company's similarity (0 to 1) to this one.
    pub similarity: f32,
    /// What a backed company in another country counts for, against one here.
    pub elsewhere: f32,
    /// The exponent for the thesis when it names the company's area, ÷ √(its areas).
    pub area: f32,
    /// The exponent (a negative number) when the fund names its areas and none is the
    /// company's.
    pub area_miss: f32,
    pub stage: f32,
    pub trl_band: f32,
    pub ticket: f32,
    pub through_funds: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            text: 1.0,
            evidence: 1.0,
            thesis_companies: 6.0,
            in_geography: 0.05,
            anywhere: 0.05,
            similarity: 4.0,
            elsewhere: 0.05,
            area: 0.5,
            area_miss: -1.0,
            stage: 0.3,
            trl_band: 0.2,
            ticket: 0.2,
            through_funds: -0.6,
        }
    }
}

impl Weights {
    /// Text alone: the thesis is shown as checks but moves nothing (for comparison).
    pub fn text_only() -> Self {
        Self {
            text: 1.0,
            evidence: 0.0,
            stage: 0.0,
            trl_band: 0.0,
            ticket: 0.0,
            through_funds: 0.0,
            ..Self::default()
        }
    }

    /// What one backed company counts for: e^(similarity × `similarity`) − 1 (nothing for one
    /// sharing no significant word), times `elsewhere` unless it is in the company's country.
    /// When that country is not known, every backed company counts as elsewhere and the
    /// thesis as whole, so the funds that list the most companies do not drown the text.
    pub fn backed_company(&self, similarity: f32, here: bool) -> f32 {
        let place = if here { 1.0 } else { self.elsewhere };
        (self.similarity * similarity).exp_m1() * place
    }
}

/// The evidence is never below this, so a fund with neither list nor share has a finite score.
const EVIDENCE_FLOOR: f32 = 1e-3;

/// What is known about the company: any part may be missing (then its check is "unknown").
#[derive(Debug, Clone, Copy, Default)]
pub struct Company<'a> {
    pub country: Option<&'a CountryCode>,
    pub trl: Option<Trl>,
    pub areas: &'a [CriticalArea],
    pub funding_sought_eur: Option<u64>,
    /// What the fund's listed portfolio shows for the company's country (set per fund).
    pub track_record: Option<TrackRecord>,
    /// The evidence from the fund's listed portfolio: the sum over its backed companies of
    /// `Weights::backed_company` (set per fund; 0 when it lists none).
    pub backed: f32,
}

/// Of the companies a fund lists as backed, how many are in the company's country.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrackRecord {
    pub here: usize,
    pub backed: usize,
}

impl TrackRecord {
    /// "; 4 of the 7 companies it lists as backed are there", when any is.
    fn describe(record: Option<Self>) -> String {
        match record {
            Some(r) if r.here > 0 => {
                let verb = if r.here == 1 { "is" } else { "are" };
                format!(
                    "; {} of the {} companies it lists as backed {verb} there",
                    r.here, r.backed
                )
            }
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

    // Country: the one hard rule, and the thesis's share of the evidence. Unknown, the
    // thesis counts whole (as every backed company does).
    let record = company.track_record;
    let declared = match (
        company.country,
        company.country.and_then(|c| thesis.invests_in(c)),
    ) {
        (None, _) => {
            checks.add(|| Check::unknown("Country", "no country given"));
            1.0
        }
        (Some(c), None) => {
            checks.add(|| {
                Check::passed(
                    "Country",
                    &format!(
                        "{} is in the fund's countries: it invests anywhere{}",
                        c.name(),
                        TrackRecord::describe(record)
                    ),
                )
            });
            w.anywhere
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
            0.0
        }
        (Some(c), Some(true)) => match thesis.focus_size(c) {
            Some(n) => {
                structural_match = true;
                checks.add(|| {
                    // A focus the fund chose, or (none stated) the countries it invests in,
                    // over which its thesis is spread: NIF's 24 member countries are not a
                    // focus it chose.
                    let claim = if n == 1 {
                        format!("{} is in the fund's countries: its home market", c.name())
                    } else if thesis.focus_countries.contains(c) {
                        format!(
                            "{} is in the fund's countries: one of its {n} focus countries",
                            c.name()
                        )
                    } else {
                        format!(
                            "{} is in the fund's countries: one of the {n} countries it invests in",
                            c.name()
                        )
                    };
                    Check::passed(
                        "Country",
                        &format!("{claim}{}", TrackRecord::describe(record)),
                    )
                });
                1.0 / (n as f32).sqrt()
            }
            None => {
                checks.add(|| {
                    Check::passed(
                        "Country",
                        &format!(
                            "{} is in the fund's countries: within where it invests ({}){}",
                            c.name(),
                            thesis.geography(),
                            TrackRecord::describe(record)
                        ),
                    )
                });
                w.in_geography
            }
        },
    };

    // Areas: they weigh the thesis's share.
    let mut area_exponent = 0.0;
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
            area_exponent = w.area_miss;
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
            area_exponent = w.area / (thesis.areas.len() as f32).sqrt();
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
    let evidence = company.backed + w.thesis_companies * declared * area_exponent.exp();
    points += w.evidence * evidence.max(EVIDENCE_FLOOR).ln();

    // Stage for the TRL, and the TRL band. A thesis naming neither takes any: the card says
    // so, as the fund's word on the TRL.
    if thesis.stages.is_empty() && thesis.trl_band().is_none() {
        checks.add(|| Check::passed("Stage", "any stage or TRL (the thesis names none)"));
    }
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

        // The card says which: a home market, a focus the fund chose, or where it invests.
        let country_check = |t: &InvestorThesis| {
            fit(company, t, &Weights::default()).checks[0]
                .detail
                .clone()
        };
        assert_eq!(
            country_check(&national),
            "Finland is in the fund's countries: its home market"
        );
        assert_eq!(
            country_check(&broad),
            "Finland is in the fund's countries: one of the 9 countries it invests in"
        );
        assert_eq!(
            country_check(&thesis(&["FI", "SE", "DE"], &["FI", "SE"], &[])),
            "Finland is in the fund's countries: one of its 2 focus countries"
        );
    }

    #[test]
    fn a_thesis_naming_no_stage_or_trl_band_says_it_takes_any() {
        let open = InvestorThesis::from_raw(&RawThesis {
            countries: vec!["FI".to_owned()],
            ..Default::default()
        })
        .unwrap();
        let c = fi();
        let checks = fit(
            Company {
                country: Some(&c),
                trl: Trl::try_from(6).ok(),
                ..Default::default()
            },
            &open,
            &Weights::default(),
        )
        .checks;
        let stage = checks.iter().find(|c| c.name == "Stage").unwrap();
        assert_eq!(stage.passed, Some(true));
        assert_eq!(stage.detail, "any stage or TRL (the thesis names none)");
        // A thesis with stages judges the TRL by them instead.
        let staged = fit(
            Company {
                country: Some(&c),
                trl: Trl::try_from(6).ok(),
                ..Default::default()
            },
            &thesis(&["FI"], &[], &[]),
            &Weights::default(),
        )
        .checks;
        assert!(staged
            .iter()
            .any(|c| c.name == "Stage" && c.detail.starts_with("TRL 6")));
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
    fn what_a_fund_backed_here_counts_beside_the_countries_it_declares() {
        let gb = CountryCode::parse("GB").unwrap();
        let w = Weights::default();
        let many: Vec<&str> = vec![
            "GB", "DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "FI", "NO", "DK", "EE", "LV",
            "LT", "PT", "CZ", "SK", "HU", "RO", "BG", "GR", "LU", "IS",
        ];
        let alliance = thesis(&many, &many, &[]);
        let national = thesis(&["GB"], &[], &[]);
        // The evidence of a list: companies in Britain and abroad, as alike as `similarity`.
        let listed = |here: usize, abroad: usize, similarity: f32| {
            here as f32 * w.backed_company(similarity, true)
                + abroad as f32 * w.backed_company(similarity, false)
        };
        let at = |record: Option<TrackRecord>, backed: f32, t: &InvestorThesis| {
            fit(
                Company {
                    country: Some(&gb),
                    track_record: record,
                    backed,
                    ..Default::default()
                },
                t,
                &w,
            )
        };
        let declared = at(None, 0.0, &alliance).points;
        let home = at(None, 0.0, &national).points;
        assert!(home > declared + 1.0, "{home} vs {declared}");
        // Backed British companies like this one: nearly at home in Britain, and says so.
        let mostly_here = at(
            Some(TrackRecord { here: 4, backed: 6 }),
            listed(4, 2, 0.3),
            &alliance,
        );
        assert!(
            mostly_here.points > declared + 1.0 && mostly_here.points > home - 0.3,
            "{} vs {declared} and {home}",
            mostly_here.points
        );
        assert!(mostly_here.checks[0]
            .detail
            .contains("4 of the 6 companies it lists as backed are there"));
        assert_eq!(
            TrackRecord::describe(Some(TrackRecord { here: 1, backed: 6 })),
            "; 1 of the 6 companies it lists as backed is there"
        );
        assert_eq!(
            TrackRecord::describe(Some(TrackRecord { here: 0, backed: 6 })),
            ""
        );
        // Backed British companies unlike this one: the list says nothing about it, so the
        // fund counts as it declares (how many it lists is how fully its list is published).
        let unlike_here = at(
            Some(TrackRecord { here: 4, backed: 6 }),
            listed(4, 2, 0.0),
            &alliance,
        );
        assert!((unlike_here.points - declared).abs() < 1e-5);
        // Backed as many like companies, all abroad: far less than here.
        let never_here = at(
            Some(TrackRecord { here: 0, backed: 6 }),
            listed(0, 6, 0.3),
            &alliance,
        );
        assert!(
            never_here.points > declared
                && never_here.points - declared < (mostly_here.points - declared) / 2.0,
            "{} vs {declared} and {}",
            never_here.points,
            mostly_here.points
        );
        // A company like one it backed here counts more than an unlike one.
        let alike = at(
            Some(TrackRecord { here: 1, backed: 6 }),
            listed(1, 0, 0.8) + listed(0, 5, 0.0),
            &alliance,
        );
        let unlike = at(
            Some(TrackRecord { here: 1, backed: 6 }),
            listed(1, 5, 0.0),
            &alliance,
        );
        assert!(
            alike.points > unlike.points + 0.5,
            "{} vs {}",
            alike.points,
            unlike.points
        );
        // Unknown country: the thesis counts whole for every fund.
        let nowhere = |t: &InvestorThesis| fit(Company::default(), t, &w).points;
        assert!((nowhere(&alliance) - nowhere(&national)).abs() < 1e-5);
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
