//! Technology Readiness Level, 1–9 (EU Horizon definitions). A `Trl` outside 1–9 cannot exist.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Trl(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("choose a TRL from 1 to 9")]
pub struct TrlError;

impl Trl {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 9;

    pub fn get(self) -> u8 {
        self.0
    }

    /// Parses form input such as `"5"`; empty or anything else is an error.
    pub fn parse(raw: &str) -> Result<Self, TrlError> {
        raw.trim()
            .parse::<u8>()
            .map_err(|_| TrlError)
            .and_then(Self::try_from)
    }

    pub fn all() -> impl Iterator<Item = Trl> {
        (Self::MIN..=Self::MAX).map(Trl)
    }

    /// The EU Horizon definition of this level.
    pub fn description(self) -> &'static str {
        match self.0 {
            1 => "basic principles observed",
            2 => "technology concept formulated",
            3 => "experimental proof of concept",
            4 => "technology validated in lab",
            5 => "technology validated in relevant environment",
            6 => "technology demonstrated in relevant environment",
            7 => "system prototype demonstrated in operational environment",
            8 => "system complete and qualified",
            _ => "actual system proven in operational environment",
        }
    }
}

impl TryFrom<u8> for Trl {
    type Error = TrlError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Trl(value))
        } else {
            Err(TrlError)
        }
    }
}

impl From<Trl> for u8 {
    fn from(trl: Trl) -> u8 {
        trl.0
    }
}

impl fmt::Display for Trl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TRL {}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trl_outside_one_to_nine_cannot_be_built() {
        assert!(Trl::try_from(0).is_err());
        assert!(Trl::try_from(10).is_err());
        assert_eq!(Trl::try_from(5).unwrap().get(), 5);
        assert_eq!(Trl::parse(" 7 ").unwrap().get(), 7);
        assert!(Trl::parse("").is_err());
        assert!(Trl::parse("five").is_err());
        assert!(serde_json::from_str::<Trl>("12").is_err());
        assert_eq!(serde_json::from_str::<Trl>("3").unwrap().get(), 3);
    }
}
