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

/// Word beginnings that name an area in a founder's description ("satellites" → space). A
/// word matches a stem it starts with; stems are chosen so that no common English word of
/// another meaning starts with them. Beyond a founder's everyday words, the technologies the
/// EU's list of critical technology areas names under each area (Commission Recommendation
/// C(2023) 6689, annex) — except "electronic" and "hypersonic", which in defence calls mean
/// electronic warfare and defeating hypersonic missiles (with them the partner suggestions fell
/// from hit@8 0.55 to 0.50, docs/relevance.md entry 14).
const AREA_WORDS: [(CriticalArea, &[&str]); 10] = [
    (
        CriticalArea::Semiconductors,
        &[
            "semiconductor",
            "chip",
            "processor",
            "microelectronic",
            "asic",
            "fpga",
            "wafer",
            "transistor",
            "microchip",
            "silicon",
            "gallium",
            "mmic",
            "photonic",
        ],
    ),
    (
        CriticalArea::ArtificialIntelligence,
        &[
            "ai",
            "artificial",
            "machinelearning",
            "neural",
            "vision",
            "llm",
            "inference",
            "deeplearning",
            "algorithm",
            "analytic",
            "recognition",
            "generative",
            "nlp",
        ],
    ),
    (CriticalArea::Quantum, &["quantum", "qubit"]),
    (
        CriticalArea::Biotechnologies,
        &[
            "biotech", "vaccine", "pathogen", "biolog", "biosens", "medical", "antibod",
        ],
    ),
    (
        CriticalArea::Connectivity,
        &[
            "communicat",
            "network",
            "5g",
            "6g",
            "satcom",
            "radio",
            "encrypt",
            "cyber",
            "navigation",
            "gnss",
            "datalink",
            "mesh",
            "cryptograph",
            "botnet",
            "malware",
            "ransomware",
            "phishing",
            "intrusion",
            "firewall",
            "fraud",
            "digital",
            "internet",
            "website",
            "online",
            "avionic",
            "iot",
            "blockchain",
            "ledger",
            "forensic",
            "pnt",
            "antenna",
            "jamming",
            "jammer",
        ],
    ),
    (
        CriticalArea::Sensing,
        &[
            "sensor",
            "sensing",
            "radar",
            "lidar",
            "sonar",
            "infrared",
            "thermal",
            "imaging",
            "optronic",
            "detector",
            "acoustic",
            "hyperspectral",
            "camera",
            "optic",
            "photonic",
            "laser",
            "surveil",
            "magnetomet",
            "gradiomet",
            "gravimet",
            "hydrophone",
            "radiation",
            "spectromet",
            "seismic",
        ],
    ),
    (
        CriticalArea::Space,
        &[
            "satellit",
            "microsatellit",
            "nanosatellit",
            "smallsat",
            "cubesat",
            "space",
            "orbit",
            "launcher",
            "rocket",
            "spacecraft",
            "constellation",
            "microlaunch",
            "propulsion",
            "thruster",
            "spaceport",
            "microgravity",
            "reentry",
            "suborbit",
            "geospatial",
            "earthobservation",
        ],
    ),
    (
        CriticalArea::Energy,
        &[
            "batter",
            "energy",
            "fuel",
            "hydrogen",
            "solar",
            "lithium",
            "fusion",
            "nuclear",
            "reactor",
            "microgrid",
            "photovolta",
            "electrolys",
            "supercapacit",
            "grid",
        ],
    ),
    (
        CriticalArea::Robotics,
        &[
            "robot",
            "drone",
            "uav",
            "unmanned",
            "autonom",
            "uas",
            "uuv",
            "usv",
            "ugv",
            "swarm",
            "uncrewed",
            "vtol",
            "quadcopter",
            "multicopter",
            "autopilot",
            "exoskeleton",
            "rov",
            "teleoperat",
            "loiter",
        ],
    ),
    (
        CriticalArea::Materials,
        &[
            "material",
            "composite",
            "additive",
            "3d",
            "manufactur",
            "alloy",
            "ceramic",
            "coating",
            "recycl",
            "fibre",
            "fiber",
            "graphene",
            "polymer",
            "stealth",
            "weld",
            "machining",
            "nanomaterial",
            "metamaterial",
        ],
    ),
];

impl CriticalArea {
    /// The areas a free-text description mentions, in the order of `ALL`: used when a
    /// description arrives without areas chosen (the command line, the JSON API).
    pub fn mentioned_in(text: &str) -> Vec<CriticalArea> {
        let lower = text
            .to_lowercase()
            .replace("machine learning", "machinelearning")
            .replace("machine-learning", "machinelearning")
            .replace("deep learning", "deeplearning")
            .replace("deep-learning", "deeplearning")
            // Fibre optics sense and carry signals; carbon fibre is a material.
            .replace("fibre-optic", "optical")
            .replace("fiber-optic", "optical")
            .replace("fibre optic", "optical")
            .replace("fiber optic", "optical")
            .replace("earth observation", "earthobservation")
            .replace("earth-observation", "earthobservation")
            .replace("re-entry", "reentry");
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        AREA_WORDS
            .iter()
            .filter(|(_, stems)| {
                words.iter().any(|w| {
                    stems.iter().any(|s| {
                        // Two-letter stems ("ai", "5g", "3d") must be the whole word.
                        if s.len() <= 2 {
                            w == s
                        } else {
                            w.starts_with(s)
                        }
                    })
                })
            })
            .map(|(area, _)| *area)
            .collect()
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

    #[test]
    fn areas_are_read_from_a_founders_words() {
        assert_eq!(
            CriticalArea::mentioned_in("Microsatellites with synthetic-aperture radar imaging"),
            vec![CriticalArea::Sensing, CriticalArea::Space]
        );
        assert_eq!(
            CriticalArea::mentioned_in("AI that plans drone swarms"),
            vec![CriticalArea::ArtificialIntelligence, CriticalArea::Robotics]
        );
        // Stems match word beginnings only: "maintain" holds "ai" but does not start with it.
        assert!(CriticalArea::mentioned_in("We maintain trucks").is_empty());
    }

    fn assert_areas(cases: &[(&str, Vec<CriticalArea>)]) {
        for (text, areas) in cases {
            assert_eq!(&CriticalArea::mentioned_in(text), areas, "{text}");
        }
    }

    #[test]
    fn founders_everyday_words_name_their_areas() {
        use CriticalArea::*;
        assert_areas(&[
            (
                "Machine-learning fraud prevention for online payments",
                vec![ArtificialIntelligence, Connectivity],
            ),
            ("We stop malware and phishing", vec![Connectivity]),
            ("Quadcopters with an autopilot", vec![Robotics]),
            ("Border surveillance", vec![Sensing]),
            ("A microgravity factory", vec![Space]),
            ("Small nuclear reactors", vec![Energy]),
            // Fibre optics sense; carbon fibre is a material.
            ("Fibre-optic hydrophone arrays", vec![Sensing]),
            ("Fiber optic cable monitoring", vec![Sensing]),
            ("Carbon-fibre composite parts", vec![Materials]),
        ]);
    }

    /// The technologies the EU's list of critical technology areas names under each area
    /// (Commission Recommendation C(2023) 6689, annex), as a founder would write them.
    #[test]
    fn the_eu_lists_technologies_name_their_areas() {
        use CriticalArea::*;
        assert_areas(&[
            ("Gallium nitride microchips", vec![Semiconductors]),
            // Not "electronic": in defence calls it is electronic attack and support (warfare).
            ("Electronic warfare jammers", vec![Connectivity]),
            (
                "Object recognition and data analytics",
                vec![ArtificialIntelligence],
            ),
            ("Avionics and IoT gateways", vec![Connectivity]),
            ("Magnetometers and gravimeters", vec![Sensing]),
            // Not "hypersonic": the calls that name it are about defeating hypersonic missiles.
            ("A hypersonic glide vehicle", vec![]),
            ("A suborbital re-entry capsule", vec![Space]),
            ("Earth observation imagery", vec![Space]),
            ("Photovoltaic microgrids and electrolysers", vec![Energy]),
            ("A powered exoskeleton", vec![Robotics]),
            ("Loitering munitions", vec![Robotics]),
            ("Graphene and stealth metamaterials", vec![Materials]),
        ]);
    }
}
