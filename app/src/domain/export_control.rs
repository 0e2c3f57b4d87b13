//! Export control under the EU Dual-Use Regulation 2021/821: not listed, listed under an Annex I
//! code (with the list version, as the list is revised yearly), or not yet assessed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An Annex I control entry such as `5A002` or `5A002.a.1`: category 0–9, group A–E, three digits,
/// optionally followed by sub-item segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AnnexCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must look like 5A002 (category 0–9, group A–E, three digits), optionally with sub-items like 5A002.a.1")]
pub struct AnnexCodeError;

impl AnnexCode {
    pub fn parse(raw: &str) -> Result<Self, AnnexCodeError> {
        let code = raw.trim();
        let mut parts = code.split('.');
        let head = parts.next().unwrap_or_default().as_bytes();
        let head_ok = head.len() == 5
            && head[0].is_ascii_digit()
            && (b'A'..=b'E').contains(&head[1])
            && head[2..].iter().all(u8::is_ascii_digit);
        let tail_ok = parts.all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        if head_ok && tail_ok && code.len() <= 24 {
            Ok(Self(code.to_owned()))
        } else {
            Err(AnnexCodeError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Annex I category (0 nuclear … 9 aerospace and propulsion).
    pub fn category(&self) -> u8 {
        self.0.as_bytes()[0] - b'0'
    }

    pub fn category_name(&self) -> &'static str {
        match self.category() {
            0 => "nuclear materials, facilities and equipment",
            1 => "special materials and related equipment",
            2 => "materials processing",
            3 => "electronics",
            4 => "computers",
            5 => "telecommunications and information security",
            6 => "sensors and lasers",
            7 => "navigation and avionics",
            8 => "marine",
            _ => "aerospace and propulsion",
        }
    }
}

impl TryFrom<String> for AnnexCode {
    type Error = AnnexCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AnnexCode> for String {
    fn from(code: AnnexCode) -> String {
        code.0
    }
}

impl fmt::Display for AnnexCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExportControl {
    NotListed,
    Listed {
        code: AnnexCode,
        list_version: String,
    },
    Unknown,
}

impl ExportControl {
    pub const LIST_VERSION_MAX: usize = 80;

    /// Builds the value from the three form fields; field names in errors are `export_code` and
    /// `export_list_version`.
    pub fn from_form(
        status: &str,
        code: &str,
        list_version: &str,
    ) -> Result<Self, Vec<(&'static str, String)>> {
        match status.trim() {
            "not_listed" => Ok(Self::NotListed),
            "unknown" => Ok(Self::Unknown),
            "listed" => {
                let mut errors = Vec::new();
                let code = AnnexCode::parse(code)
                    .map_err(|e| errors.push(("export_code", e.to_string())))
                    .ok();
                let version = list_version.trim();
                if version.is_empty() {
                    errors.push((
                        "export_list_version",
                        "enter the Annex I list version, e.g. 2024".to_owned(),
                    ));
                } else if version.chars().count() > Self::LIST_VERSION_MAX {
                    errors.push((
                        "export_list_version",
                        format!("must be at most {} characters", Self::LIST_VERSION_MAX),
                    ));
                }
                match (code, errors.is_empty()) {
                    (Some(code), true) => Ok(Self::Listed {
                        code,
                        list_version: version.to_owned(),
                    }),
                    _ => Err(errors),
                }
            }
            _ => Err(vec![(
                "export_status",
                "choose: not listed, listed in Annex I, or unknown".to_owned(),
            )]),
        }
    }

    pub fn status_slug(&self) -> &'static str {
        match self {
            Self::NotListed => "not_listed",
            Self::Listed { .. } => "listed",
            Self::Unknown => "unknown",
        }
    }

    pub fn label(&self) -> String {
        match self {
            Self::NotListed => "Not listed in Annex I".to_owned(),
            Self::Listed { code, list_version } => format!(
                "Listed: {code} ({}), list version {list_version}",
                code.category_name()
            ),
            Self::Unknown => "Unknown — to be assessed".to_owned(),
        }
    }

    pub fn is_listed(&self) -> bool {
        matches!(self, Self::Listed { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_codes_are_checked() {
        assert!(AnnexCode::parse("5A002").is_ok());
        assert!(AnnexCode::parse("6A003.b.4").is_ok());
        assert_eq!(AnnexCode::parse("9E003").unwrap().category(), 9);
        for bad in [
            "",
            "5F002",
            "5A02",
            "A5002",
            "5a002",
            "5A002.",
            "5A0022",
            "5A002.ABC",
        ] {
            assert!(AnnexCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn listed_needs_a_code_and_a_list_version() {
        assert!(ExportControl::from_form("listed", "5A002", "2024")
            .unwrap()
            .is_listed());
        let errors = ExportControl::from_form("listed", "nope", "").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            ExportControl::from_form("unknown", "", ""),
            Ok(ExportControl::Unknown)
        );
        assert!(ExportControl::from_form("", "", "").is_err());
    }
}
