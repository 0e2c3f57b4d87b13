//! Investor organisations: who they are, their own thesis, and which catalogue entry describes
//! them.

use super::country::CountryCode;
use super::text;
use super::thesis::{InvestorThesis, ThesisForm};
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorOrgProfile {
    pub name: String,
    pub country: CountryCode,
    pub website: Option<String>,
    /// Id of the catalogue's investor entry (`INV-…`), if the organisation is listed there.
    pub catalogue_investor_id: Option<String>,
    /// Set when the organisation is controlled from another country than where it is based.
    #[serde(default)]
    pub controlled_from: Option<CountryCode>,
    /// The organisation's own thesis as submitted; `None` keeps what is stored (a client that
    /// sends no thesis section must not erase it).
    #[serde(default)]
    pub thesis: Option<OwnThesis>,
}

/// An investor organisation's own thesis: its structured parts and its words, each optional
/// (both empty: the catalogue entry's thesis ranks the deal flow).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnThesis {
    pub structured: Option<InvestorThesis>,
    /// Matched against technologies' text in place of the catalogue entry's description.
    pub text: Option<String>,
}

/// Longest thesis text the organisation form takes.
pub const MAX_THESIS_TEXT_CHARS: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorOrgForm {
    pub name: String,
    pub country: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub catalogue_investor_id: String,
    /// ISO code of the country it is controlled from, if not where it is based.
    #[serde(default)]
    pub controlling_country: String,
}

impl InvestorOrgForm {
    /// The organisation with its thesis section (`None` when the client sent none: the stored
    /// thesis is kept); every wrong field of either part is named.
    pub fn parse(&self, thesis: Option<&ThesisForm>) -> Result<InvestorOrgProfile, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = e.check("name", text::text(&self.name, 2, 200));
        let country = e.check(
            "country",
            if self.country.trim().is_empty() {
                Err("choose the country where the organisation is based".to_owned())
            } else {
                CountryCode::parse(&self.country).map_err(|err| err.to_string())
            },
        );
        let website = e.check("website", text::optional_url(&self.website, 200));
        let controlled_from = e.check(
            "controlling_country",
            match self.controlling_country.trim() {
                "" => Ok(None),
                code => CountryCode::parse(code)
                    .map(Some)
                    .map_err(|err| err.to_string()),
            },
        );
        let thesis = thesis.map(|form| {
            let text = e.check(
                "text",
                text::optional_text(&form.text, MAX_THESIS_TEXT_CHARS),
            );
            let structured = match form.parse() {
                Ok(structured) => Some(structured),
                Err(errors) => {
                    e.0.extend(errors.0);
                    None
                }
            };
            structured
                .zip(text)
                .map(|(structured, text)| OwnThesis { structured, text })
        });
        let catalogue = self.catalogue_investor_id.trim();
        match (name, country, website, controlled_from) {
            (Some(name), Some(country), Some(website), Some(controlled_from)) if e.is_empty() => {
                Ok(InvestorOrgProfile {
                    controlled_from: controlled_from.filter(|c| *c != country),
                    name,
                    country,
                    website,
                    catalogue_investor_id: (!catalogue.is_empty()).then(|| catalogue.to_owned()),
                    // A thesis section with an error has left `e` non-empty.
                    thesis: thesis.flatten(),
                })
            }
            _ => Err(e),
        }
    }
}
