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

    /// Each investor's closest backed company to a text analysed into `terms` (matching has
    /// them), leaving out the company named `held_out` (leave-one-out evaluation: a case must
    /// not find itself).
    pub fn nearest(
        &self,
        terms: impl IntoIterator<Item = String>,
        held_out: Option<&str>,
    ) -> HashMap<String, Neighbour> {
        let query = terms.into_iter().filter(|t| !is_generic(t)).collect();
        self.closest_to(&query, |c| {
            !held_out.is_some_and(|h| h.eq_ignore_ascii_case(&c.name))
        })
    }

    /// For every investor with a portfolio: the evidence that it backs a company like the one
    /// described by `terms` in `country` — the sum of `Weights::backed_company` over what it
    /// backed (a company sharing no word counts e^0), leaving out the company named `held_out`
    /// as `nearest` does.
    pub fn evidence(
        &self,
        terms: impl IntoIterator<Item = String>,
        country: Option<&CountryCode>,
        held_out: Option<&str>,
        w: &Weights,
    ) -> HashMap<String, f32> {
        let query = terms.into_iter().filter(|t| !is_generic(t)).collect();
        self.evidence_for(&query, country, w, |c| {
            !held_out.is_some_and(|h| h.eq_ignore_ascii_case(&c.name))
        })
    }

    /// One investor's evidence for a technology (its deal flow); 0 when it lists none.
    pub fn evidence_of(
        &self,
        investor: &str,
        text: &str,
        country: Option<&CountryCode>,
        w: &Weights,
    ) -> f32 {
        if !self.companies.iter().any(|c| c.investor == investor) {
            return 0.0;
        }
        self.evidence_for(&significant(text), country, w, |c| c.investor == investor)
            .remove(investor)
            .unwrap_or_default()
    }

    fn evidence_for(
        &self,
        query: &BTreeSet<String>,
        country: Option<&CountryCode>,
        w: &Weights,
        keep: impl Fn(&Backed) -> bool,
    ) -> HashMap<String, f32> {
        let query_norm = self.norm_of(query);
        let mut evidence: HashMap<String, f32> = HashMap::new();
        for c in self.companies.iter().filter(|c| keep(c)) {
            let similarity = self.cosine(query, query_norm, c);
            *evidence.entry(c.investor.clone()).or_default() +=
                w.backed_company(similarity, country.is_some_and(|here| &c.country == here));
        }
        evidence
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
    /// `country`, leaving out the company named `held_out` as `nearest` does.
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

    /// One investor's closest backed company to `text` (its deal flow).
    pub fn closest_of(&self, investor: &str, text: &str) -> Option<Neighbour> {
        // Most funds list no portfolio: nothing to read the text for.
        if !self.companies.iter().any(|c| c.investor == investor) {
            return None;
        }
        self.closest_to(&significant(text), |c| c.investor == investor)
            .remove(investor)
    }

    /// Each kept company sharing a weighted word with `query`, with its cosine similarity.
    fn similar_to(
        &self,
        query: &BTreeSet<String>,
        keep: impl Fn(&Backed) -> bool,
    ) -> Vec<(&Backed, f32)> {
        let query_norm = self.norm_of(query);
        self.companies
            .iter()
            .filter(|c| keep(c))
            .map(|c| (c, self.cosine(query, query_norm, c)))
            .filter(|(_, similarity)| *similarity > 0.0)
            .collect()
    }

    fn closest_to(
        &self,
        query: &BTreeSet<String>,
        keep: impl Fn(&Backed) -> bool,
    ) -> HashMap<String, Neighbour> {
        let mut best: HashMap<String, Neighbour> = HashMap::new();
        for (c, similarity) in self.similar_to(query, keep) {
            if best
                .get(&c.investor)
                .is_none_or(|n| similarity > n.similarity)
            {
                let closest = Neighbour {
                    name: c.name.clone(),
                    country: c.country.clone(),
                    similarity,
                };
                best.insert(c.investor.clone(), closest);
            }
        }
        best
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
        let near = portfolios.nearest(terms(text), None);
        assert_eq!(near["SPACE"].name, "Orbit Watch");
        assert!(near["SPACE"].similarity > 0.3, "{near:?}");
        assert!(!near.contains_key("CHIPS"), "nothing in common: {near:?}");

        let without = portfolios.nearest(terms(text), Some("orbit watch"));
        assert_eq!(without["SPACE"].name, "Launchco");
        assert!(without["SPACE"].similarity < near["SPACE"].similarity);
        assert!(portfolios.nearest(terms("the"), None).is_empty());
        let own = portfolios.closest_of("SPACE", text).unwrap();
        assert_eq!(own.name, "Orbit Watch");
        assert_eq!(portfolios.closest_of("CHIPS", text), None);
        assert_eq!(portfolios.closest_of("UNKNOWN", text), None);

        // Every listed company is French here; a held-out one is not counted.
        let fr = CountryCode::parse("FR").unwrap();
        let de = CountryCode::parse("DE").unwrap();
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
        let w = Weights::default();
        let evidence = portfolios.evidence(terms(text), Some(&fr), None, &w);
        let unlike_here = w.backed_company(0.0, true);
        assert!(evidence["SPACE"] > 2.0 * unlike_here, "{evidence:?}");
        assert!(
            (evidence["CHIPS"] - unlike_here).abs() < 1e-5,
            "{evidence:?}"
        );
        let abroad = portfolios.evidence(terms(text), Some(&de), None, &w);
        assert!(abroad["SPACE"] < evidence["SPACE"] * w.elsewhere * 1.01);
        let without = portfolios.evidence(terms(text), Some(&fr), Some("orbit watch"), &w);
        assert!(without["SPACE"] < evidence["SPACE"] - unlike_here);
        let unknown = portfolios.evidence(terms(text), None, None, &w);
        assert!((unknown["SPACE"] - abroad["SPACE"]).abs() < 1e-5);
        assert!(
            (portfolios.evidence_of("SPACE", text, Some(&fr), &w) - evidence["SPACE"]).abs() < 1e-5
        );
        assert_eq!(portfolios.evidence_of("UNKNOWN", text, Some(&fr), &w), 0.0);
    }
}
