//! The ten EU critical technology areas (Commission Recommendation of October 2023).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriticalArea {
    Semiconductors,
    ArtificialIntelligence,
    Quantum,
    Biotechnologies,
    Connectivity,
    Sensing,
    Space,
    Energy,
    Robotics,
    Materials,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is not one of the ten EU critical technology areas")]
pub struct UnknownArea;

impl CriticalArea {
    pub const ALL: [CriticalArea; 10] = [
        CriticalArea::Semiconductors,
        CriticalArea::ArtificialIntelligence,
        CriticalArea::Quantum,
        CriticalArea::Biotechnologies,
        CriticalArea::Connectivity,
        CriticalArea::Sensing,
        CriticalArea::Space,
        CriticalArea::Energy,
        CriticalArea::Robotics,
        CriticalArea::Materials,
    ];

    /// Stable identifier used in URLs, forms and the database.
    pub fn slug(self) -> &'static str {
        match self {
            CriticalArea::Semiconductors => "semiconductors",
            CriticalArea::ArtificialIntelligence => "artificial_intelligence",
            CriticalArea::Quantum => "quantum",
            CriticalArea::Biotechnologies => "biotechnologies",
            CriticalArea::Connectivity => "connectivity",
            CriticalArea::Sensing => "sensing",
            CriticalArea::Space => "space",
            CriticalArea::Energy => "energy",
            CriticalArea::Robotics => "robotics",
            CriticalArea::Materials => "materials",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CriticalArea::Semiconductors => "Advanced semiconductors",
            CriticalArea::ArtificialIntelligence => "Artificial intelligence",
            CriticalArea::Quantum => "Quantum technologies",
            CriticalArea::Biotechnologies => "Biotechnologies",
            CriticalArea::Connectivity => "Advanced connectivity, navigation and digital",
            CriticalArea::Sensing => "Advanced sensing",
            CriticalArea::Space => "Space and propulsion",
            CriticalArea::Energy => "Energy",
            CriticalArea::Robotics => "Robotics and autonomous systems",
            CriticalArea::Materials => "Advanced materials, manufacturing and recycling",
        }
    }
}

impl FromStr for CriticalArea {
    type Err = UnknownArea;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CriticalArea::ALL
            .into_iter()
            .find(|a| a.slug() == s.trim())
            .ok_or(UnknownArea)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_round_trips_and_unknown_areas_are_refused() {
        for area in CriticalArea::ALL {
            assert_eq!(area.slug().parse::<CriticalArea>(), Ok(area));
        }
        assert_eq!("cyber".parse::<CriticalArea>(), Err(UnknownArea));
    }
}
