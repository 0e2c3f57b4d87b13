//! Demo data for a fresh installation: the real opportunity catalogue, one account per role
//! (documented in the README), a handful of hand-written companies and technologies the
//! journeys and tests name, and a generated, lived-in platform around them (`world`).

mod incubation;
mod parts;
pub mod world;

use app::domain::account::Role;
use app::domain::company::CompanyForm;
use app::domain::investor::InvestorOrgForm;
use app::domain::technology::{TechStatus, TechnologyForm};
use app::error::AppError;
use app::server::accounts::{self, NewAccount};
use app::server::entities::{organisations, users};
use app::server::technologies::{self, Author};
use app::server::{catalogue, organisations as orgs};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};

/// The password of every demo account (README: "Demo sign-ins").
pub const DEMO_PASSWORD: &str = "lab2field-demo";

/// The repository's copy of the catalogue (`server/catalogue/opportunities.json`).
pub const CATALOGUE_JSON: &str = include_str!("../../catalogue/opportunities.json");

pub const DEMO_ACCOUNTS: [(&str, &str, Role); 4] = [
    (
        "founder@demo.lab2field.eu",
        "Sofia Laine (Aurora Sensing Oy)",
        Role::Founder,
    ),
    (
        "investor@demo.lab2field.eu",
        "Jan de Vries (Keen Venture Partners)",
        Role::Investor,
    ),
    (
        "officer@demo.lab2field.eu",
        "Marta Kowalska (programme officer)",
        Role::Officer,
    ),
    (
        "admin@demo.lab2field.eu",
        "Lab2Field administrator",
        Role::Admin,
    ),
];

/// Founders of companies that look for consortium partners (README: "Demo sign-ins"): a
/// counter-drone consortium can be formed with them, and the third shows a company controlled
/// from outside the EU, which the EDF does not count.
pub const PARTNER_ACCOUNTS: [(&str, &str); 3] = [
    (
        "founder.pl@demo.lab2field.eu",
        "Piotr Nowak (Wisła Radar sp. z o.o.)",
    ),
    (
        "founder.de@demo.lab2field.eu",
        "Lena Weber (Rheinland Acoustics GmbH)",
    ),
    (
        "founder.nl@demo.lab2field.eu",
        "Daan Visser (Noordzee Drone Defence B.V.)",
    ),
];

/// Loads the catalogue into an empty catalogue, and the demo accounts, companies and
/// technologies when there are no accounts. Returns whether accounts were loaded.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<bool, AppError> {
    if catalogue::count(db).await? == 0 {
        let records =
            app::domain::opportunity::parse_catalogue(CATALOGUE_JSON).map_err(|issues| {
                app::internal_error!(issues = issues.len(), "the bundled catalogue is invalid")
            })?;
        catalogue::import(db, &records, || {}).await?;
    }
    if users::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let mut ids = Vec::new();
    for (email, name, role) in DEMO_ACCOUNTS {
        let account = NewAccount::parse(email, name, DEMO_PASSWORD, role.as_str(), &Role::ALL)?;
        ids.push(accounts::create_verified(db, account).await?.id);
    }
    let (founder_id, investor_id) = (ids[0], ids[1]);

    let aurora = orgs::save_company(
        db,
        founder_id,
        &company(
            "Aurora Sensing Oy",
            "FI",
            "Espoo",
            2019,
            38,
            4_100_000,
            3_200_000,
            None,
            "startup",
        ),
    )
    .await?;
    let keen = orgs::save_investor_org(
        db,
        investor_id,
        &InvestorOrgForm {
            name: "Keen Venture Partners".into(),
            country: "NL".into(),
            website: "https://www.keenventurepartners.com".into(),
            catalogue_investor_id: "INV-KEEN-DEF".into(),
            controlling_country: String::new(),
        }
        .parse(None)
        .map_err(AppError::Invalid)?,
    )
    .await?;

    let founder = Author {
        user_id: Some(founder_id),
        name: DEMO_ACCOUNTS[0].1.to_owned(),
    };
    let flagship = technologies::insert(db, aurora.id, &tech(TechSeed {
        title: "Passive RF detection network for small drones",
        summary: "A network of passive radio-frequency sensors that detects, classifies and locates small drones and their pilots by their control and video links, without emitting anything itself.",
        confidential: "Direction finding uses a proprietary 8-element interferometric antenna array and a classifier trained on 40 000 labelled drone link captures. Detection range 6 km for DJI-class links.",
        civil: "Protection of airports, prisons, stadiums and critical infrastructure against rogue drones.",
        defence: "Counter-UAS early warning for forward operating bases and convoys; cueing of effectors.",
        trl: 6,
        evidence: "Demonstrated at the Finnish Defence Forces test range in May 2026 against 12 drone types in a relevant environment.",
        areas: &["sensing", "artificial_intelligence"],
        keywords: "counter-UAS, drone detection, passive RF, direction finding, C-UAS",
        export: ("listed", "5A001.f.1", "Delegated Regulation (EU) 2024/2547"),
        ip: "patent_pending",
        seeks: &["funding", "test_facilities", "first_customers"],
        funding: "3500000",
    })?, TechStatus::Submitted, &founder).await?;
    technologies::insert(db, aurora.id, &tech(TechSeed {
        title: "Edge AI sensor fusion module",
        summary: "A rugged edge computer that fuses radar, RF and electro-optical tracks on board, so that small sensor nodes can share one air picture over low-bandwidth links.",
        confidential: "Runs a quantised transformer tracker on a 15 W NPU; track association algorithm under patent preparation.",
        civil: "Traffic monitoring and search and rescue.",
        defence: "Distributed air-defence sensor networks.",
        trl: 4,
        evidence: "Validated in the lab on recorded sensor data from three field campaigns.",
        areas: &["artificial_intelligence", "sensing"],
        keywords: "sensor fusion, edge AI, tracking",
        export: ("unknown", "", ""),
        ip: "trade_secret",
        seeks: &["partners"],
        funding: "",
    })?, TechStatus::Draft, &founder).await?;

    let others = [
        (company("Baltic Quantum Sensors UAB", "LT", "Vilnius", 2021, 14, 600_000, 1_100_000, None, "startup"), TechSeed {
            title: "Quantum magnetometer for underwater threat detection",
            summary: "An optically pumped magnetometer array small enough for unmanned surface vessels, detecting magnetic anomalies of submarines, mines and divers in harbour approaches.",
            confidential: "Vapour-cell design with a 30 fT/√Hz noise floor at 1 Hz; compensation model for platform noise.",
            civil: "Pipeline and cable inspection, archaeology, unexploded ordnance surveys.",
            defence: "Harbour protection and mine countermeasures.",
            trl: 4,
            evidence: "Lab validation in a magnetically shielded room and a first lake test in 2025.",
            areas: &["quantum", "sensing"],
            keywords: "quantum sensing, magnetometer, anti-submarine warfare, mine countermeasures, maritime",
            export: ("not_listed", "", ""),
            ip: "patented",
            seeks: &["funding", "partners"],
            funding: "1200000",
        }),
        (company("Iberia Autonomy SL", "ES", "Seville", 2018, 64, 9_800_000, 7_400_000, None, "sme"), TechSeed {
            title: "Autonomous logistics ground vehicle for contested terrain",
            summary: "A modular unmanned ground vehicle that carries 500 kg of supplies along the last mile autonomously, navigating without GNSS using visual odometry and lidar.",
            confidential: "GNSS-denied navigation stack fuses wheel odometry, lidar SLAM and a terrain-relative map; convoy mode with two vehicles tested.",
            civil: "Agriculture, mining and disaster relief logistics.",
            defence: "Last-mile resupply and casualty evacuation for dismounted units.",
            trl: 7,
            evidence: "Prototype demonstrated in a national army exercise in an operational environment in 2025.",
            areas: &["robotics", "artificial_intelligence"],
            keywords: "UGV, unmanned ground vehicle, autonomy, logistics, GNSS-denied navigation",
            export: ("unknown", "", ""),
            ip: "patent_pending",
            seeks: &["first_customers", "funding"],
            funding: "8000000",
        }),
        (company("Vltava Advanced Materials s.r.o.", "CZ", "Brno", 2016, 120, 22_000_000, 18_000_000, None, "sme"), TechSeed {
            title: "Recyclable ceramic composite armour panels",
            summary: "Lightweight boron-carbide composite armour panels whose ceramic tiles and fibre backing can be separated and recycled at end of life.",
            confidential: "Reversible thermoplastic bonding layer; recovery of 85 % of the ceramic by mass.",
            civil: "Armoured cash transport and protection of critical infrastructure.",
            defence: "Add-on armour for light vehicles and body armour plates.",
            trl: 5,
            evidence: "Ballistic tests to STANAG 4569 level 2 in an accredited laboratory (relevant environment).",
            areas: &["materials"],
            keywords: "armour, ceramics, composites, recycling, ballistic protection",
            export: ("not_listed", "", ""),
            ip: "patented",
            seeks: &["partners", "test_facilities"],
            funding: "",
        }),
        (company("Nordlys Energy AS", "NO", "Trondheim", 2022, 9, 250_000, 900_000, None, "startup"), TechSeed {
            title: "Solid-state battery packs for soldier systems",
            summary: "Solid-state lithium-metal battery packs with twice the energy density of current soldier batteries and no thermal runaway when penetrated.",
            confidential: "Sulfide electrolyte supplier agreement and cell stacking process.",
            civil: "Drones, e-mobility and medical devices.",
            defence: "Power for dismounted soldier systems and small UAS.",
            trl: 3,
            evidence: "Experimental proof of concept: pouch cells cycled 300 times in the lab.",
            areas: &["energy", "materials"],
            keywords: "batteries, solid-state, energy storage, soldier power",
            export: ("not_listed", "", ""),
            ip: "patent_pending",
            seeks: &["funding"],
            funding: "2500000",
        }),
        (company("Helvetia Photonics GmbH", "DE", "Jena", 2020, 27, 3_000_000, 2_000_000, Some("CN"), "startup"), TechSeed {
            title: "Free-space optical link for drone swarms",
            summary: "Compact laser terminals that give drones in a swarm jam-resistant gigabit links to each other and to the ground.",
            confidential: "Beam steering by MEMS mirrors with 50 µrad pointing accuracy.",
            civil: "Temporary broadband links for events and disaster areas.",
            defence: "Jam-resistant communications for unmanned systems.",
            trl: 5,
            evidence: "Links of 2 km between moving drones shown in a relevant environment.",
            areas: &["connectivity", "space"],
            keywords: "free-space optics, laser communication, drone swarm, anti-jamming",
            export: ("listed", "5A001.b", "Delegated Regulation (EU) 2024/2547"),
            ip: "patented",
            seeks: &["partners", "funding"],
            funding: "4000000",
        }),
    ];
    for (profile, seed) in others {
        let org = insert_company(db, &profile).await?;
        let author = Author {
            user_id: None,
            name: format!("{} (demo data)", profile.legal_name),
        };
        technologies::insert(db, org.id, &tech(seed)?, TechStatus::Submitted, &author).await?;
    }
    partners(db).await?;
    let (officer, programmes) = incubation::load(db, ids[2], DEMO_ACCOUNTS[2].1).await?;
    let generated = world::technologies(db).await?;
    world::investors(
        db,
        (keen.id, investor_id, DEMO_ACCOUNTS[1].1),
        flagship.id,
        &generated,
    )
    .await?;
    world::cohorts(db, &officer, &programmes, &generated).await?;
    tracing::info!(
        accounts = DEMO_ACCOUNTS.len() + PARTNER_ACCOUNTS.len(),
        technologies = generated.len() + 10,
        "demo data loaded"
    );
    Ok(true)
}

/// The partner founders, their companies and the counter-drone technologies they bring, each
/// looking for consortium partners.
async fn partners(db: &DatabaseConnection) -> Result<(), AppError> {
    let companies = [
        company(
            "Wisła Radar sp. z o.o.",
            "PL",
            "Gdańsk",
            2020,
            23,
            1_900_000,
            2_400_000,
            None,
            "startup",
        ),
        company(
            "Rheinland Acoustics GmbH",
            "DE",
            "Bonn",
            2012,
            85,
            11_000_000,
            8_500_000,
            None,
            "sme",
        ),
        company(
            "Noordzee Drone Defence B.V.",
            "NL",
            "Den Helder",
            2021,
            18,
            1_200_000,
            1_500_000,
            Some("US"),
            "startup",
        ),
    ];
    let seeds = [
        TechSeed {
            title: "Low-cost passive radar for tracking small drones",
            summary: "A passive bistatic radar that tracks small drones and loitering munitions by their reflections of broadcast FM and DVB-T signals, without emitting anything and at a fraction of the cost of active radar.",
            confidential: "Reference-channel cleaning and a track-before-detect filter tuned for targets below 0.01 m² radar cross-section.",
            civil: "Airport and critical-infrastructure protection against rogue drones.",
            defence: "Counter-UAS surveillance for forward bases and air defence of high-value sites.",
            trl: 5,
            evidence: "Tracked DJI-class drones at 4 km in a relevant environment at a Polish test range in 2026.",
            areas: &["sensing"],
            keywords: "counter-UAS, passive radar, drone detection, tracking, C-UAS",
            export: ("not_listed", "", ""),
            ip: "patent_pending",
            seeks: &["partners", "test_facilities"],
            funding: "",
        },
        TechSeed {
            title: "Acoustic sensor array for drone detection and classification",
            summary: "Networked microphone arrays that detect, classify and locate drones by their acoustic signature with machine learning, filling the gaps radar and RF sensors leave at low altitude and in urban terrain.",
            confidential: "Signature library of 60 drone types and a beamforming design for 16-element arrays.",
            civil: "Protection of prisons, stadiums and events against drones.",
            defence: "Counter-UAS early warning and classification for manoeuvre units.",
            trl: 6,
            evidence: "Field trials with the German armed forces' test centre in an operational-like environment in 2025.",
            areas: &["sensing", "artificial_intelligence"],
            keywords: "counter-UAS, acoustic detection, drone classification, machine learning, C-UAS",
            export: ("not_listed", "", ""),
            ip: "patented",
            seeks: &["partners", "funding"],
            funding: "2000000",
        },
        TechSeed {
            title: "Net-capture interceptor drone for counter-UAS",
            summary: "An interceptor drone that autonomously pursues hostile small drones and captures them with a net, cued by existing radar and RF sensors, with no debris or collateral damage.",
            confidential: "Terminal guidance with an event camera; net launcher patent filed in 2025.",
            civil: "Removal of rogue drones over airports and public events.",
            defence: "Counter-UAS effector for base protection and convoys.",
            trl: 6,
            evidence: "Captured 18 of 20 target drones in trials in a relevant environment in 2026.",
            areas: &["robotics", "sensing"],
            keywords: "counter-UAS, interceptor drone, drone detection, effector, C-UAS",
            export: ("not_listed", "", ""),
            ip: "patent_pending",
            seeks: &["partners", "first_customers"],
            funding: "",
        },
    ];
    for (((email, name), profile), seed) in PARTNER_ACCOUNTS.iter().zip(companies).zip(seeds) {
        let account = NewAccount::parse(
            email,
            name,
            DEMO_PASSWORD,
            Role::Founder.as_str(),
            &Role::ALL,
        )?;
        let user = accounts::create_verified(db, account).await?;
        let org = orgs::save_company(db, user.id, &profile).await?;
        let author = Author {
            user_id: Some(user.id),
            name: name.to_string(),
        };
        technologies::insert(db, org.id, &tech(seed)?, TechStatus::Submitted, &author).await?;
    }
    Ok(())
}

/// The settings the demo's stage moves run with. No demo company that is moved has a member
/// account, so no e-mail (nor the link in it) is ever produced from them.
fn quiet_config() -> Result<app::server::RuntimeConfig, AppError> {
    Ok(app::server::RuntimeConfig {
        base_url: url::Url::parse("http://127.0.0.1:3000")
            .map_err(|e| app::internal_error!(error = %e, "demo base URL is invalid"))?,
        data_dir: std::path::PathBuf::new(),
        trusted_proxies: Vec::new(),
    })
}

#[allow(clippy::too_many_arguments)]
fn company(
    name: &str,
    country: &str,
    city: &str,
    founded: u16,
    headcount: u64,
    turnover: u64,
    balance: u64,
    controlled_from: Option<&str>,
    entity_type: &str,
) -> app::domain::company::CompanyProfile {
    CompanyForm {
        legal_name: name.into(),
        country: country.into(),
        city: city.into(),
        website: String::new(),
        year_founded: founded.to_string(),
        headcount: headcount.to_string(),
        turnover_eur: turnover.to_string(),
        balance_sheet_eur: balance.to_string(),
        foreign_controlled: controlled_from.map(|_| "yes".to_owned()),
        controlling_country: controlled_from.unwrap_or_default().to_owned(),
        entity_type: entity_type.into(),
        parent_group: String::new(),
    }
    .parse(2026)
    .expect("demo companies are valid")
}

/// A company without member accounts (demo data only).
async fn insert_company(
    db: &DatabaseConnection,
    p: &app::domain::company::CompanyProfile,
) -> Result<organisations::Model, AppError> {
    let now = Utc::now();
    Ok(organisations::ActiveModel {
        kind: Set(organisations::KIND_COMPANY.to_owned()),
        legal_name: Set(p.legal_name.clone()),
        country: Set(p.country.as_str().to_owned()),
        city: Set(Some(p.city.clone())),
        website: Set(None),
        year_founded: Set(Some(p.year_founded as i32)),
        headcount: Set(Some(p.headcount as i64)),
        turnover_eur: Set(Some(p.turnover_eur as i64)),
        balance_sheet_eur: Set(Some(p.balance_sheet_eur as i64)),
        controlled_from: Set(p.controlled_from.as_ref().map(|c| c.as_str().to_owned())),
        entity_type: Set(p.entity_type.map(|t| t.slug().to_owned())),
        parent_group: Set(p.parent_group.clone()),
        catalogue_investor_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

struct TechSeed {
    title: &'static str,
    summary: &'static str,
    confidential: &'static str,
    civil: &'static str,
    defence: &'static str,
    trl: u8,
    evidence: &'static str,
    areas: &'static [&'static str],
    keywords: &'static str,
    export: (&'static str, &'static str, &'static str),
    ip: &'static str,
    seeks: &'static [&'static str],
    funding: &'static str,
}

fn tech(s: TechSeed) -> Result<app::domain::technology::TechnologyDraft, AppError> {
    TechnologyForm {
        title: s.title.into(),
        summary: s.summary.into(),
        confidential_details: s.confidential.into(),
        civil_applications: s.civil.into(),
        defence_applications: s.defence.into(),
        trl: s.trl.to_string(),
        trl_evidence: s.evidence.into(),
        areas: s.areas.iter().map(|a| a.to_string()).collect(),
        keywords: s.keywords.into(),
        export_status: s.export.0.into(),
        export_code: s.export.1.into(),
        export_list_version: s.export.2.into(),
        ip_status: s.ip.into(),
        seeks: s.seeks.iter().map(|a| a.to_string()).collect(),
        funding_sought_eur: s.funding.into(),
    }
    .parse()
    .map_err(AppError::Invalid)
}
