//! Deterministic, realistic-looking data for benchmarks: technologies and opportunities
//! composed from defence-innovation vocabulary with a fixed random seed, so every run measures
//! the same data.

use app::domain::opportunity::{OpportunityDetails, OpportunityKind, OpportunityRecord};
use app::domain::technology::TechnologyForm;
use app::domain::thesis::PortfolioCompany;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const SENSORS: &[&str] = &[
    "passive radar",
    "AESA radar",
    "lidar",
    "hyperspectral imaging",
    "acoustic sensing",
    "infrared optronics",
    "passive RF detection",
    "synthetic aperture radar",
    "quantum magnetometry",
    "fibre-optic sensing",
    "sonar",
    "seismic sensing",
];
const TARGETS: &[&str] = &[
    "small drones",
    "loitering munitions",
    "armoured vehicles",
    "submarines",
    "sea mines",
    "artillery positions",
    "cruise missiles",
    "hostile satellites",
    "improvised explosive devices",
    "jammers",
    "divers",
    "low-flying aircraft",
];
const VERBS: &[&str] = &[
    "detects",
    "tracks",
    "classifies",
    "locates",
    "identifies",
    "monitors",
    "intercepts",
    "jams",
];
const PLACES: &[&str] = &[
    "in urban terrain",
    "at sea",
    "in the Arctic",
    "around airports",
    "at forward operating bases",
    "along land borders",
    "in GNSS-denied areas",
    "under heavy jamming",
    "in harbour approaches",
    "from low Earth orbit",
];
const METHODS: &[&str] = &[
    "edge AI",
    "sensor fusion",
    "machine learning",
    "digital beamforming",
    "swarm coordination",
    "post-quantum encryption",
    "mesh networking",
    "neuromorphic computing",
    "solid-state batteries",
    "additive manufacturing",
    "graphene composites",
    "software-defined radio",
];
const PRODUCTS: &[&str] = &[
    "sensor network",
    "payload",
    "module",
    "ground station",
    "software suite",
    "antenna array",
    "camera",
    "autopilot",
    "power pack",
    "chip",
    "platform",
    "decision aid",
];
const ADJECTIVES: &[&str] = &[
    "Compact",
    "Low-cost",
    "Rugged",
    "Autonomous",
    "Passive",
    "Modular",
    "Lightweight",
    "Covert",
    "Resilient",
    "Wearable",
];
const AREAS: &[&str] = &[
    "semiconductors",
    "artificial_intelligence",
    "quantum",
    "biotechnologies",
    "connectivity",
    "sensing",
    "space",
    "energy",
    "robotics",
    "materials",
];
const COUNTRIES: &[&str] = &[
    "FI", "SE", "EE", "LV", "LT", "PL", "DE", "NL", "BE", "FR", "ES", "PT", "IT", "AT", "CZ", "SK",
    "DK", "NO", "IE", "GR", "RO", "BG", "HR", "SI", "HU",
];

fn pick<'a>(rng: &mut StdRng, list: &'a [&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

/// One generated technology (as the form a founder would submit) and its company's country.
pub fn technology(rng: &mut StdRng) -> (TechnologyForm, &'static str) {
    let sensor = pick(rng, SENSORS);
    let target = pick(rng, TARGETS);
    let method = pick(rng, METHODS);
    let product = pick(rng, PRODUCTS);
    let title = format!("{} {sensor} {product} for {target}", pick(rng, ADJECTIVES));
    let summary = format!(
        "A {product} that {} {target} {} using {sensor} and {method}. It {} {} {} with {}.",
        pick(rng, VERBS),
        pick(rng, PLACES),
        pick(rng, VERBS),
        pick(rng, TARGETS),
        pick(rng, PLACES),
        pick(rng, METHODS)
    );
    let how_many = rng.gen_range(1..=3);
    let mut areas: Vec<String> = AREAS
        .choose_multiple(rng, how_many)
        .map(|s| s.to_string())
        .collect();
    areas.sort();
    let form = TechnologyForm {
        title: title.chars().take(120).collect(),
        summary,
        confidential_details: format!("Internal design notes on the {method} pipeline."),
        civil_applications: format!("Civil protection {}", pick(rng, PLACES)),
        defence_applications: format!("Countering {} {}", pick(rng, TARGETS), pick(rng, PLACES)),
        trl: rng.gen_range(2..=8u8).to_string(),
        trl_evidence: "Trials reported in the company's test campaign".into(),
        areas,
        keywords: format!("{sensor}, {method}, {target}"),
        export_status: ["not_listed", "unknown", "listed"][rng.gen_range(0..3)].into(),
        export_code: "5A002".into(),
        export_list_version: "2024".into(),
        ip_status: "patent_pending".into(),
        seeks: vec!["partners".into()],
        funding_sought_eur: String::new(),
    };
    (form, COUNTRIES.choose(rng).copied().unwrap_or("FI"))
}

/// One generated opportunity.
pub fn opportunity(rng: &mut StdRng, n: usize) -> OpportunityRecord {
    let kind = match n % 10 {
        0 => OpportunityKind::DianaChallenge,
        1 => OpportunityKind::Investor,
        _ => OpportunityKind::EdfCall,
    };
    let target = pick(rng, TARGETS);
    let sensor = pick(rng, SENSORS);
    let title = format!("{} against {target}", pick(rng, METHODS));
    let description = format!(
        "Develop {sensor} and {} that {} {target} {}. Proposals should show {} at scale.",
        pick(rng, METHODS),
        pick(rng, VERBS),
        pick(rng, PLACES),
        pick(rng, PRODUCTS)
    );
    let lo = rng.gen_range(2..=6u8);
    let how_many = rng.gen_range(5..COUNTRIES.len());
    let countries = COUNTRIES
        .choose_multiple(rng, how_many)
        .map(|c| app::domain::country::CountryCode::parse(c).expect("known codes"))
        .collect();
    OpportunityRecord {
        id: format!("BENCH-{n:05}"),
        kind,
        title,
        description,
        tags: vec![sensor.into(), target.into()],
        budget_eur: Some(rng.gen_range(1..50) * 1_000_000),
        deadline: (kind != OpportunityKind::Investor).then(|| {
            chrono::NaiveDate::from_ymd_opt(2025 + rng.gen_range(0..3), rng.gen_range(1..=12), 15)
                .expect("valid date")
        }),
        trl_min: app::domain::trl::Trl::try_from(lo).ok(),
        trl_max: app::domain::trl::Trl::try_from(lo + 3).ok(),
        eligible_countries: countries,
        source_url: "https://example.org/bench".into(),
        details: OpportunityDetails {
            portfolio: if kind == OpportunityKind::Investor {
                portfolio(n)
            } else {
                Vec::new()
            },
            ..OpportunityDetails::default()
        },
    }
}

/// An investor's backed companies (0 to 20, about 10 000 over the 1 000 investors of a
/// 10 000-entry catalogue), from their own seed so the rest of the data stays as it was.
fn portfolio(n: usize) -> Vec<PortfolioCompany> {
    let mut rng = StdRng::seed_from_u64(n as u64);
    (0..rng.gen_range(0..=20))
        .map(|i| PortfolioCompany {
            name: format!("Bench company {n}-{i}"),
            country: app::domain::country::CountryCode::parse(pick(&mut rng, COUNTRIES))
                .expect("known codes"),
            description: format!(
                "{} with {} that {} {}.",
                pick(&mut rng, PRODUCTS),
                pick(&mut rng, SENSORS),
                pick(&mut rng, VERBS),
                pick(&mut rng, TARGETS)
            ),
        })
        .collect()
}

/// Search queries of two to four words, as officers type them.
pub fn queries(rng: &mut StdRng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| match rng.gen_range(0..3) {
            0 => format!("{} {}", pick(rng, SENSORS), pick(rng, TARGETS)),
            1 => format!("{} {}", pick(rng, METHODS), pick(rng, TARGETS)),
            _ => pick(rng, SENSORS).to_owned(),
        })
        .collect()
}

pub fn rng() -> StdRng {
    StdRng::seed_from_u64(0x1ab2f1e1d)
}
