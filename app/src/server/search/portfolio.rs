//! Portfolio similarity: how close a founder's technology is to the companies each investor has
//! backed (the catalogue's `portfolio` lists), and how many of them are in the founder's
//! country. Funds back what resembles what they backed before, where they backed it, which
//! shared words with a fund's own description do not show.

use super::significance::is_generic;
use super::text::{terms, terms_without_synonyms};
use super::thesis_fit::{TrackRecord, Weights};
use crate::domain::country::CountryCode;
use crate::domain::opportunity::OpportunityRecord;
use std::collections::{BTreeSet, HashMap};

/// One backed company, its words weighted by how rare they are across every portfolio.
struct Backed {
    /// Index into `Portfolios::funds`.
    fund: usize,
    name: String,
    country: CountryCode,
    norm: f32,
}

/// The closest backed company of one investor.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub name: String,
    pub country: CountryCode,
    /// Cosine similarity of the two texts' weighted words, 0 to 1.
    pub similarity: f32,
}

/// What a fund's listed portfolio says about one company.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weighed {
    /// The sum of `Weights::backed_company` over the companies it backed.
    pub evidence: f32,
    /// The most similar company it backed, when any shares a significant word.
    pub closest: Option<Neighbour>,
    /// How many of them are in the company's country (none when that is not known).
    pub record: TrackRecord,
}

/// Every catalogue investor's portfolio, ready to compare texts with. Matching reads it on
/// every request, so it is laid out for that: a word's companies are listed under it (only
/// companies sharing a word need their similarity), and each fund's companies are counted by
/// country (the rest count alike).
#[derive(Default)]
pub struct Portfolios {
    /// The investors' catalogue ids, in the order their companies are numbered.
    funds: Vec<String>,
    companies: Vec<Backed>,
    /// For each word: its weight (how rare it is across portfolios) and the companies using it.
    postings: HashMap<String, (f32, Vec<usize>)>,
    /// The weight of a word no portfolio uses (as rare as can be).
    unseen_idf: f32,
    /// For each fund: how many companies it lists, in all and by country.
    listed: Vec<usize>,
    by_country: Vec<HashMap<CountryCode, usize>>,
    /// Each fund's index by its catalogue id.
    fund_index: HashMap<String, usize>,
    /// The companies by lower-case name (to leave one out).
    by_name: HashMap<String, Vec<usize>>,
}

/// Which companies a weighing reads.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// Every fund's, leaving out the company of this name (leave-one-out evaluation).
    All { held_out: Option<&'a str> },
    /// One fund's.
    Fund(usize),
}

/// A backed company's description: its significant words with their synonyms (a "UAV"
/// company is found by "drone").
fn significant(text: &str) -> BTreeSet<String> {
    terms(text).into_iter().filter(|t| !is_generic(t)).collect()
}

/// The text compared with them: its own significant words only. Expanding both sides would
/// count one concept several times over (a "drone" founder and a "UAV" company would share
/// drone, UAV, UAS, RPAS, …) and make a synonym group outweigh the rest of the text.
fn own_words(text: &str) -> BTreeSet<String> {
    terms_without_synonyms(text)
        .into_iter()
        .filter(|t| !is_generic(t))
        .collect()
}

impl Portfolios {
    pub fn from_records(records: &[OpportunityRecord]) -> Self {
        let mut funds = Vec::new();
        let mut companies = Vec::new();
        let mut words: Vec<BTreeSet<String>> = Vec::new();
        for r in records.iter().filter(|r| !r.details.portfolio.is_empty()) {
            let fund = funds.len();
            funds.push(r.id.clone());
            for c in &r.details.portfolio {
                companies.push(Backed {
                    fund,
                    name: c.name.clone(),
                    country: c.country.clone(),
                    norm: 0.0,
                });
                words.push(significant(&c.description));
            }
        }
        // A company backed by several funds is one document for the word weights.
        let mut documents: HashMap<&str, &BTreeSet<String>> = HashMap::new();
        for (c, terms) in companies.iter().zip(&words) {
            documents.entry(c.name.as_str()).or_insert(terms);
        }
        let n = documents.len() as f32;
        let mut frequency: HashMap<&str, usize> = HashMap::new();
        for terms in documents.values() {
            for t in terms.iter() {
                *frequency.entry(t.as_str()).or_default() += 1;
            }
        }
        let mut postings: HashMap<String, (f32, Vec<usize>)> = frequency
            .into_iter()
            .map(|(t, df)| {
                let idf = ((n + 1.0) / (df as f32 + 0.5)).ln();
                (t.to_owned(), (idf, Vec::new()))
            })
            .collect();
        let mut listed = vec![0; funds.len()];
        let mut by_country: Vec<HashMap<CountryCode, usize>> = vec![HashMap::new(); funds.len()];
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (c, terms)) in companies.iter_mut().zip(&words).enumerate() {
            let mut norm = 0.0;
            for t in terms {
                if let Some((idf, list)) = postings.get_mut(t) {
                    norm += idf.powi(2);
                    list.push(i);
                }
            }
            c.norm = f32::sqrt(norm);
            listed[c.fund] += 1;
            *by_country[c.fund].entry(c.country.clone()).or_default() += 1;
            by_name.entry(c.name.to_lowercase()).or_default().push(i);
        }
        Self {
            fund_index: funds.iter().cloned().zip(0..).collect(),
            funds,
            companies,
            postings,
            unseen_idf: ((n + 1.0) / 0.5).ln(),
            listed,
            by_country,
            by_name,
        }
    }

    /// For every investor with a portfolio, what it backed says about a company described by
    /// `text` in `country`: the evidence, the closest company and the track record there. The
    /// company named `held_out` is left out (leave-one-out evaluation: a case must not find
    /// itself).
    pub fn weigh(
        &self,
        text: &str,
        country: Option<&CountryCode>,
        held_out: Option<&str>,
        w: &Weights,
    ) -> HashMap<&str, Weighed> {
        self.weigh_in(&own_words(text), country, w, Scope::All { held_out })
    }

    /// What one investor backed says about a technology (its deal flow); `None` when it lists
    /// no company.
    pub fn weigh_one(
        &self,
        investor: &str,
        text: &str,
        country: Option<&CountryCode>,
        w: &Weights,
    ) -> Option<Weighed> {
        let fund = *self.fund_index.get(investor)?;
        self.weigh_in(&own_words(text), country, w, Scope::Fund(fund))
            .remove(investor)
    }

    fn weigh_in(
        &self,
        query: &BTreeSet<String>,
        country: Option<&CountryCode>,
        w: &Weights,
        scope: Scope<'_>,
    ) -> HashMap<&str, Weighed> {
        let in_scope = |fund: usize| match scope {
            Scope::All { .. } => true,
            Scope::Fund(f) => f == fund,
        };
        let held_out: &[usize] = match scope {
            Scope::All {
                held_out: Some(name),
            } => self
                .by_name
                .get(&name.to_lowercase())
                .map_or(&[], Vec::as_slice),
            _ => &[],
        };
        let here = |c: &Backed| country.is_some_and(|here| &c.country == here);
        // Every listed company of the funds in scope is counted by where it is (the card's
        // track record); only those sharing a word add evidence (below).
        let mut weighed: Vec<Weighed> = (0..self.funds.len())
            .map(|fund| {
                if !in_scope(fund) {
                    return Weighed::default();
                }
                let there = country.map_or(0, |c| {
                    self.by_country[fund].get(c).copied().unwrap_or_default()
                });
                Weighed {
                    evidence: 0.0,
                    closest: None,
                    record: TrackRecord {
                        here: there,
                        backed: self.listed[fund],
                    },
                }
            })
            .collect();
        for &i in held_out {
            let c = &self.companies[i];
            let fund = &mut weighed[c.fund];
            fund.record.backed -= 1;
            if here(c) {
                fund.record.here -= 1;
            }
        }
        // Those sharing words count for their similarity, in company order (so equal
        // similarities name the same closest company on every request).
        let mut shared = vec![0.0_f32; self.companies.len()];
        let mut touched = Vec::new();
        let mut query_norm = 0.0;
        for t in query {
            match self.postings.get(t) {
                Some((idf, list)) => {
                    query_norm += idf.powi(2);
                    for &i in list.iter().filter(|&&i| in_scope(self.companies[i].fund)) {
                        if shared[i] == 0.0 {
                            touched.push(i);
                        }
                        shared[i] += idf.powi(2);
                    }
                }
                None => query_norm += self.unseen_idf.powi(2),
            }
        }
        touched.sort_unstable();
        let query_norm = f32::sqrt(query_norm);
        let mut closest: Vec<Option<(usize, f32)>> = vec![None; self.funds.len()];
        for i in touched {
            let c = &self.companies[i];
            if held_out.contains(&i) || c.norm == 0.0 {
                continue;
            }
            let similarity = shared[i] / (query_norm * c.norm);
            weighed[c.fund].evidence += w.backed_company(similarity, here(c));
            if closest[c.fund].is_none_or(|(_, best)| similarity > best) {
                closest[c.fund] = Some((i, similarity));
            }
        }
        for (fund, best) in weighed.iter_mut().zip(closest) {
            fund.closest = best.map(|(i, similarity)| Neighbour {
                name: self.companies[i].name.clone(),
                country: self.companies[i].country.clone(),
                similarity,
            });
        }
        self.funds
            .iter()
            .zip(weighed)
            .enumerate()
            .filter(|(fund, (_, w))| in_scope(*fund) && w.record.backed > 0)
            .map(|(_, (id, w))| (id.as_str(), w))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::opportunity::{OpportunityDetails, OpportunityKind};
    use crate::domain::thesis::PortfolioCompany;

    fn investor(id: &str, backed: &[(&str, &str)]) -> OpportunityRecord {
        OpportunityRecord {
            details: OpportunityDetails {
                portfolio: backed
                    .iter()
                    .map(|(name, description)| PortfolioCompany {
                        name: (*name).to_owned(),
                        country: CountryCode::parse("FR").unwrap(),
                        description: (*description).to_owned(),
                    })
                    .collect(),
                ..Default::default()
            },
            ..OpportunityRecord::unlisted(id.to_owned(), OpportunityKind::Investor)
        }
    }

    #[test]
    fn the_closest_backed_company_counts_and_a_held_out_one_does_not() {
        let portfolios = Portfolios::from_records(&[
            investor(
                "SPACE",
                &[
                    (
                        "Orbit Watch",
                        "Telescopes that track satellites and debris in orbit.",
                    ),
                    ("Launchco", "A small rocket launcher for satellites."),
                ],
            ),
            investor(
                "CHIPS",
                &[("Siliconia", "Processors for AI inference at the edge.")],
            ),
        ]);
        let text = "Radars that track debris and satellites in low Earth orbit.";
        let fr = CountryCode::parse("FR").unwrap();
        let de = CountryCode::parse("DE").unwrap();
        let w = Weights::default();
        let closest = |held_out: Option<&str>| {
            portfolios
                .weigh(text, Some(&fr), held_out, &w)
                .into_iter()
                .filter_map(|(fund, weighed)| Some((fund, weighed.closest?)))
                .collect::<HashMap<_, _>>()
        };
        let near = closest(None);
        assert_eq!(near["SPACE"].name, "Orbit Watch");
        assert!(near["SPACE"].similarity > 0.3, "{near:?}");
        assert!(!near.contains_key("CHIPS"), "nothing in common: {near:?}");

        let without = closest(Some("orbit watch"));
        assert_eq!(without["SPACE"].name, "Launchco");
        assert!(without["SPACE"].similarity < near["SPACE"].similarity);
        let nothing = portfolios.weigh("the", Some(&fr), None, &w);
        assert!(nothing.values().all(|f| f.closest.is_none()), "{nothing:?}");
        let own = portfolios.weigh_one("SPACE", text, Some(&fr), &w).unwrap();
        assert_eq!(own.closest.unwrap().name, "Orbit Watch");
        assert_eq!(
            portfolios
                .weigh_one("CHIPS", text, Some(&fr), &w)
                .unwrap()
                .closest,
            None
        );
        assert_eq!(portfolios.weigh_one("UNKNOWN", text, Some(&fr), &w), None);

        // Every listed company is French here; a held-out one is not counted.
        let record = |country: &CountryCode, held_out: Option<&str>| {
            portfolios
                .weigh(text, Some(country), held_out, &w)
                .into_iter()
                .map(|(fund, weighed)| (fund, weighed.record))
                .collect::<HashMap<_, _>>()
        };
        let records = record(&fr, Some("Launchco"));
        assert_eq!(records["SPACE"], TrackRecord { here: 1, backed: 1 });
        assert_eq!(records["CHIPS"], TrackRecord { here: 1, backed: 1 });
        assert_eq!(
            record(&de, None)["SPACE"],
            TrackRecord { here: 0, backed: 2 }
        );
        assert_eq!(
            portfolios
                .weigh_one("SPACE", text, Some(&fr), &w)
                .map(|one| one.record),
            Some(TrackRecord { here: 2, backed: 2 })
        );
        // A fund whose only listed company is left out says nothing.
        assert!(!portfolios
            .weigh(text, Some(&fr), Some("SILICONIA"), &w)
            .contains_key("CHIPS"));

        // Evidence: each backed company counts for how alike it is, less abroad; one sharing
        // no word counts nothing, however many a fund lists.
        let evidence = |country: Option<&CountryCode>, held_out: Option<&str>| {
            portfolios
                .weigh(text, country, held_out, &w)
                .into_iter()
                .map(|(fund, weighed)| (fund, weighed.evidence))
                .collect::<HashMap<_, _>>()
        };
        let here = evidence(Some(&fr), None);
        assert!(here["SPACE"] > 1.0, "{here:?}");
        assert_eq!(here["CHIPS"], 0.0, "{here:?}");
        let abroad = evidence(Some(&de), None);
        assert!((abroad["SPACE"] - here["SPACE"] * w.elsewhere).abs() < 1e-5);
        let without = evidence(Some(&fr), Some("orbit watch"));
        assert!(without["SPACE"] > 0.0 && without["SPACE"] < here["SPACE"] / 2.0);
        let unknown = evidence(None, None);
        assert!((unknown["SPACE"] - abroad["SPACE"]).abs() < 1e-5);
        let one = portfolios.weigh_one("SPACE", text, Some(&fr), &w).unwrap();
        assert!((one.evidence - here["SPACE"]).abs() < 1e-5);
    }

    #[test]
    fn a_synonym_finds_a_backed_company_but_one_concept_counts_once() {
        let portfolios = Portfolios::from_records(&[
            investor("AIR", &[("Skywing", "UAV airframes.")]),
            investor("SENSORS", &[("Watchtower", "Detection radar for ports.")]),
        ]);
        let fr = CountryCode::parse("FR").unwrap();
        let w = Weights::default();
        let closest = |text: &str| {
            portfolios
                .weigh(text, Some(&fr), None, &w)
                .into_iter()
                .filter_map(|(fund, weighed)| Some((fund, weighed.closest?.similarity)))
                .collect::<HashMap<_, _>>()
        };
        // "Drone" finds the UAV company (its description carries its synonyms)...
        let near = closest("Drone detection radar for airfields.");
        assert!(near["AIR"] > 0.0, "{near:?}");
        // ...but the drone group is one shared concept, against two shared words: had the
        // founder's text been expanded too, drone, drones, UAV, UAVs, UAS, RPAS, … would all
        // have been shared, and the airframe maker would come first.
        assert!(near["SENSORS"] > near["AIR"], "{near:?}");
    }
}
