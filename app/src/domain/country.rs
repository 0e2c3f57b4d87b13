//! ISO 3166-1 alpha-2 country codes, and the groupings eligibility rules use (EU-27, EEA, NATO).

use super::country_list::COUNTRIES;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An assigned ISO 3166-1 alpha-2 code (upper case). The United Kingdom is `GB`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an ISO 3166-1 alpha-2 country code (such as DE, FR or GB)")]
pub struct UnknownCountry(pub String);

pub const EU27: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];
/// EEA members outside the EU.
pub const EEA_NON_EU: [&str; 3] = ["IS", "LI", "NO"];
pub const NATO: [&str; 32] = [
    "AL", "BE", "BG", "CA", "HR", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IT", "LV",
    "LT", "LU", "ME", "NL", "MK", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "TR", "GB", "US",
];

impl CountryCode {
    pub fn parse(raw: &str) -> Result<Self, UnknownCountry> {
        let code = raw.trim().to_ascii_uppercase();
        if COUNTRIES
            .binary_search_by(|(c, _)| (*c).cmp(code.as_str()))
            .is_ok()
        {
            Ok(Self(code))
        } else {
            Err(UnknownCountry(raw.trim().to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn name(&self) -> &'static str {
        COUNTRIES
            .binary_search_by(|(c, _)| (*c).cmp(self.0.as_str()))
            .map(|i| COUNTRIES[i].1)
            .unwrap_or("")
    }

    pub fn is_eu(&self) -> bool {
        EU27.contains(&self.as_str())
    }

    pub fn is_eu_or_eea(&self) -> bool {
        self.is_eu() || EEA_NON_EU.contains(&self.as_str())
    }

    pub fn is_nato(&self) -> bool {
        NATO.contains(&self.as_str())
    }

    /// EU-27 or Norway: where EDF applicants must be established.
    pub fn is_edf_country(&self) -> bool {
        self.is_eu() || self.as_str() == "NO"
    }

    /// Every assigned code with its name, for select lists.
    pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
        COUNTRIES.iter().copied()
    }
}

impl TryFrom<String> for CountryCode {
    type Error = UnknownCountry;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> String {
        code.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_assigned_codes_exist() {
        assert_eq!(CountryCode::parse("de").unwrap().as_str(), "DE");
        assert_eq!(CountryCode::parse("GB").unwrap().name(), "United Kingdom");
        assert!(
            CountryCode::parse("UK").is_err(),
            "UK is not the ISO code for the United Kingdom"
        );
        assert!(CountryCode::parse("XX").is_err());
        assert!(CountryCode::parse("").is_err());
        assert!(serde_json::from_str::<CountryCode>("\"ZZ\"").is_err());
    }

    #[test]
    fn groupings_are_right() {
        let code = |c: &str| CountryCode::parse(c).unwrap();
        assert!(code("NO").is_edf_country() && !code("NO").is_eu() && code("NO").is_eu_or_eea());
        assert!(!code("IS").is_edf_country() && code("IS").is_nato());
        assert!(code("US").is_nato() && !code("US").is_eu_or_eea());
        assert!(!code("CH").is_nato() && !code("CH").is_eu_or_eea());
        assert!(
            COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for binary search"
        );
        for c in EU27.iter().chain(NATO.iter()).chain(EEA_NON_EU.iter()) {
            assert!(CountryCode::parse(c).is_ok(), "{c}");
        }
    }
}
