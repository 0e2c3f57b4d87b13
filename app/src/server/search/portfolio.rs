//! Portfolio similarity: how close a founder's technology is to the companies each investor has
//! backed (the catalogue's `portfolio` lists). Funds back what resembles what they backed
//! before, which shared words with a fund's own description do not show.

use super::significance::is_generic;
use super::text::terms;
use super::thesis_fit::{TrackRecord, Weights};
use crate::domain::country::CountryCode;
use crate::domain::opportunity::OpportunityRecord;
use std::collections::{BTreeSet, HashMap};

/// One backed company, its words weighted by how rare they are across every portfolio.
struct Backed {
    investor: String,
    name: String,
    country: CountryCode,
    terms: BTreeSet<String>,
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
}

/// Every catalogue investor's portfolio, ready to compare texts with.
#[derive(Default)]
pub struct Portfolios {
    companies: Vec<Backed>,
    idf: HashMap<String, f32>,
    /// The weight of a word no portfolio uses (as rare as can be).
    unseen_idf: f32,
}

fn significant(text: &str) -> BTreeSet<String> {
    terms(text).into_iter().filter(|t| !is_generic(t)).collect()
}

impl Portfolios {
    pub fn from_records(records: &[OpportunityRecord]) -> Self {
        let mut companies: Vec<Backed> = records
            .iter()
            .flat_map(|r| {
                r.details.portfolio.iter().map(move |c| Backed {
                    investor: r.id.clone(),
                    name: c.name.clone(),
                    country: c.country.clone(),
                    terms: significant(&c.description),
                    norm: 0.0,
                })
            })
            .collect();
        // A company backed by several funds is one document for the word weights.
        let mut documents: HashMap<&str, &BTreeSet<String>> = HashMap::new();
        for c in &companies {
            documents.entry(c.name.as_str()).or_insert(&c.terms);
        }
        let n = documents.len() as f32;
        let mut frequency: HashMap<&str, usize> = HashMap::new();
        for terms in documents.values() {
            for t in terms.iter() {
                *frequency.entry(t.as_str()).or_default() += 1;
            }
        }
        let idf: HashMap<String, f32> = frequency
            .into_iter()
            .map(|(t, df)| (t.to_owned(), ((n + 1.0) / (df as f32 + 0.5)).ln()))
            .collect();
        let unseen_idf = ((n + 1.0) / 0.5).ln();
        for c in &mut companies {
            c.norm = c
                .terms
                .iter()
                .map(|t| idf.get(t).copied().unwrap_or(unseen_idf).powi(2))
                .sum::<f32>()
                .sqrt();
        }
        Self {
            companies,
            idf,
            unseen_idf,
        }
    }

    /// For every investor with a portfolio, what it backed says about a company described by
    /// `terms` (matching has them) in `country`: the evidence and the closest company. The
    /// company named `held_out` is left out (leave-one-out evaluation: a case must not find
    /// itself).
    pub fn weigh(
        &self,
        terms: impl IntoIterator<Item = String>,
        country: Option<&CountryCode>,
        held_out: Option<&str>,
        w: &Weights,
    ) -> HashMap<String, Weighed> {
        let query = terms.into_iter().filter(|t| !is_generic(t)).collect();
        self.weigh_for(&query, country, w, |c| {
            !held_out.is_some_and(|h| h.eq_ignore_ascii_case(&c.name))
        })
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
        // Most funds list no portfolio: nothing to read the text for.
        if !self.companies.iter().any(|c| c.investor == investor) {
            return None;
        }
        self.weigh_for(&significant(text), country, w, |c| c.investor == investor)
            .remove(investor)
    }

    /// One pass over the kept companies: each adds `Weights::backed_company` to its investor's
    /// evidence, and the most similar one sharing a word is its closest.
    fn weigh_for(
        &self,
        query: &BTreeSet<String>,
        country: Option<&CountryCode>,
        w: &Weights,
        keep: impl Fn(&Backed) -> bool,
    ) -> HashMap<String, Weighed> {
        let query_norm = self.norm_of(query);
        let mut weighed: HashMap<String, Weighed> = HashMap::new();
        for c in self.companies.iter().filter(|c| keep(c)) {
            let similarity = self.cosine(query, query_norm, c);
            let fund = weighed.entry(c.investor.clone()).or_default();
            fund.evidence +=
                w.backed_company(similarity, country.is_some_and(|here| &c.country == here));
            if similarity > 0.0
                && fund
                    .closest
                    .as_ref()
                    .is_none_or(|n| similarity > n.similarity)
            {
                fund.closest = Some(Neighbour {
                    name: c.name.clone(),
                    country: c.country.clone(),
                    similarity,
                });
            }
        }
        weighed
    }

    fn weight(&self, term: &String) -> f32 {
        self.idf.get(term).copied().unwrap_or(self.unseen_idf)
    }

    fn norm_of(&self, query: &BTreeSet<String>) -> f32 {
        query
            .iter()
            .map(|t| self.weight(t).powi(2))
            .sum::<f32>()
            .sqrt()
    }

    /// The cosine similarity of a query's weighted words to a backed company's, 0 to 1.
    fn cosine(&self, query: &BTreeSet<String>, query_norm: f32, c: &Backed) -> f32 {
        if query_norm == 0.0 || c.norm == 0.0 {
            return 0.0;
        }
        let shared: f32 = query
            .intersection(&c.terms)
            .map(|t| self.weight(t).powi(2))
            .sum();
        shared / (query_norm * c.norm)
    }

    /// For every investor with a portfolio: how many of its backed companies are in
    /// `country`, leaving out the company named `held_out` as `weigh` does.
    pub fn track_records(
        &self,
        country: &CountryCode,
        held_out: Option<&str>,
    ) -> HashMap<String, TrackRecord> {
        let mut records: HashMap<String, TrackRecord> = HashMap::new();
        for c in &self.companies {
            if held_out.is_some_and(|h| h.eq_ignore_ascii_case(&c.name)) {
                continue;
            }
            let r = records.entry(c.investor.clone()).or_default();
            r.backed += 1;
            if &c.country == country {
                r.here += 1;
            }
        }
        records
    }

    /// One investor's track record in `country` (its deal flow).
    pub fn track_record_of(&self, investor: &str, country: &CountryCode) -> Option<TrackRecord> {
        let mut record = TrackRecord::default();
        for c in self.companies.iter().filter(|c| c.investor == investor) {
            record.backed += 1;
            if &c.country == country {
                record.here += 1;
            }
        }
        (record.backed > 0).then_some(record)
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
                .weigh(terms(text), Some(&fr), held_out, &w)
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
        let nothing = portfolios.weigh(terms("the"), Some(&fr), None, &w);
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
        let records = portfolios.track_records(&fr, Some("Launchco"));
        assert_eq!(records["SPACE"], TrackRecord { here: 1, backed: 1 });
        assert_eq!(records["CHIPS"], TrackRecord { here: 1, backed: 1 });
        assert_eq!(
            portfolios.track_records(&de, None)["SPACE"],
            TrackRecord { here: 0, backed: 2 }
        );
        assert_eq!(
            portfolios.track_record_of("SPACE", &fr),
            Some(TrackRecord { here: 2, backed: 2 })
        );
        assert_eq!(portfolios.track_record_of("UNKNOWN", &fr), None);

        // Evidence: each backed company counts, more when alike, more in the same country.
        let evidence = |country: Option<&CountryCode>, held_out: Option<&str>| {
            portfolios
                .weigh(terms(text), country, held_out, &w)
                .into_iter()
                .map(|(fund, weighed)| (fund, weighed.evidence))
                .collect::<HashMap<_, _>>()
        };
        let here = evidence(Some(&fr), None);
        let unlike_here = w.backed_company(0.0, true);
        assert!(here["SPACE"] > 2.0 * unlike_here, "{here:?}");
        assert!((here["CHIPS"] - unlike_here).abs() < 1e-5, "{here:?}");
        let abroad = evidence(Some(&de), None);
        assert!(abroad["SPACE"] < here["SPACE"] * w.elsewhere * 1.01);
        let without = evidence(Some(&fr), Some("orbit watch"));
        assert!(without["SPACE"] < here["SPACE"] - unlike_here);
        let unknown = evidence(None, None);
        assert!((unknown["SPACE"] - abroad["SPACE"]).abs() < 1e-5);
        let one = portfolios.weigh_one("SPACE", text, Some(&fr), &w).unwrap();
        assert!((one.evidence - here["SPACE"]).abs() < 1e-5);
    }
}
