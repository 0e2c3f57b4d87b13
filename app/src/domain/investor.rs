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
    /// The organisation's own thesis; replaces the catalogue entry's in its deal flow.
    #[serde(default)]
    pub thesis: Option<InvestorThesis>,
    /// The thesis in the organisation's own words, matched against technologies' text.
    #[serde(default)]
    pub thesis_text: Option<String>,
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
    /// The thesis in the organisation's own words.
    #[serde(default)]
    pub thesis_text: String,
}

impl InvestorOrgForm {
    /// The organisation with its thesis; every wrong field of either form is named.
    pub fn parse(&self, thesis: &ThesisForm) -> Result<InvestorOrgProfile, FieldErrors> {
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
        let thesis_text = e.check(
            "thesis_text",
            text::optional_text(&self.thesis_text, MAX_THESIS_TEXT_CHARS),
        );
        let thesis = match thesis.parse() {
            Ok(thesis) => Some(thesis),
            Err(errors) => {
                e.0.extend(errors.0);
                None
            }
        };
        let catalogue = self.catalogue_investor_id.trim();
        match (name, country, website, controlled_from, thesis, thesis_text) {
            (
                Some(name),
                Some(country),
                Some(website),
                Some(controlled_from),
                Some(thesis),
                Some(thesis_text),
            ) if e.is_empty() => Ok(InvestorOrgProfile {
                controlled_from: controlled_from.filter(|c| *c != country),
                name,
                country,
                website,
                catalogue_investor_id: (!catalogue.is_empty()).then(|| catalogue.to_owned()),
                thesis,
                thesis_text,
            }),
            _ => Err(e),
        }
    }
}
