//! Partner-suggestion relevance, from the world: organisations are described only by what
//! they did in EDF projects funded under 2022 calls (the portal's project objectives), and each
//! consortium funded under a 2023 or 2024 call is a case — its coordinator opens a draft for the
//! call topic, and its real partners should be among the suggestions. `relevance/partners.json`
//! is derived by `relevance/partners_from_portal.py`; figures in docs/relevance.md.

mod common;

use app::domain::consortium::{check, CallRules, MemberRole, MemberStatus};
use app::domain::critical_area::CriticalArea;
use app::domain::technology::{TechStatus, TechnologyForm};
use app::server::consortia::suggestions;
use app::server::entities::{consortium_members, organisations, technologies as tech_rows};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Organisation {
    pic: String,
    name: String,
    country: String,
    sme: bool,
    activity: String,
}

#[derive(Deserialize)]
struct Described {
    project: String,
    title: String,
    objective: String,
    members: Vec<String>,
}

#[derive(Deserialize)]
struct Case {
    project: String,
    topic: String,
    lead: String,
    partners: Vec<String>,
}

#[derive(Deserialize)]
struct PartnerSet {
    organisations: Vec<Organisation>,
    described_by: Vec<Described>,
    cases: Vec<Case>,
}

/// The portal writes Greece as EL.
fn iso(country: &str) -> &str {
    match country {
        "EL" => "GR",
        "UK" => "GB",
        other => other,
    }
}

/// Cuts `text` at a word boundary to at most `max` characters.
fn cut(text: &str, max: usize) -> (String, String) {
    if text.chars().count() <= max {
        return (text.to_owned(), String::new());
    }
    let head: String = text.chars().take(max).collect();
    let at = head.rfind(' ').unwrap_or(head.len());
    (head[..at].to_owned(), text[at..].trim().to_owned())
}

/// An organisation's technology as the founder would have written it from its past projects.
fn technology(past: &[&Described]) -> Option<TechnologyForm> {
    let title_text = past
        .iter()
        .map(|d| d.title.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let (title, _) = cut(&title_text, 120);
    let all = past
        .iter()
        .map(|d| d.objective.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let (summary, rest) = cut(&all, 1500);
    let (defence, rest) = cut(&rest, 1500);
    let (civil, _) = cut(&rest, 1500);
    let areas: Vec<String> = CriticalArea::mentioned_in(&format!("{title_text} {all}"))
        .into_iter()
        .take(3)
        .map(|a| a.slug().to_owned())
        .collect();
    if areas.is_empty() || summary.chars().count() < 20 || title.chars().count() < 3 {
        return None;
    }
    Some(TechnologyForm {
        title,
        summary,
        confidential_details: String::new(),
        civil_applications: civil,
        defence_applications: defence,
        // The same for everyone: the set measures who fits, not maturity.
        trl: "5".into(),
        trl_evidence: "EDF project results".into(),
        areas,
        keywords: past
            .iter()
            .map(|d| d.project.as_str())
            .filter(|p| (2..=40).contains(&p.chars().count()))
            .collect::<Vec<_>>()
            .join(", "),
        export_status: "not_listed".into(),
        export_code: String::new(),
        export_list_version: String::new(),
        ip_status: "not_assessed".into(),
        seeks: vec!["partners".into()],
        funding_sought_eur: String::new(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_edf_consortia_are_among_the_partner_suggestions() {
    let set: PartnerSet = serde_json::from_str(include_str!("relevance/partners.json")).unwrap();
    let app = common::TestApp::spawn(common::Backend::Sqlite).await;
    let db = app.db();
    server::catalogue_import::import_text(db, server::demo::CATALOGUE_JSON)
        .await
        .unwrap();

    // Organisations (companies, research organisations, universities), each with the
    // technology its past projects describe.
    let now = chrono::Utc::now();
    let mut org_of: HashMap<String, organisations::Model> = HashMap::new();
    let mut drafts = Vec::new();
    for o in &set.organisations {
        let past: Vec<&Described> = set
            .described_by
            .iter()
            .filter(|d| d.members.contains(&o.pic))
            .collect();
        let Some(form) = technology(&past) else {
            continue;
        };
        let entity = match (o.activity.as_str(), o.sme) {
            ("HES", _) => "university",
            ("REC", _) | ("PUB", _) | ("OTH", _) => "research_organisation",
            (_, true) => "sme",
            _ => "large_company",
        };
        let (headcount, turnover) = if o.sme {
            (60, 8_000_000)
        } else {
            (900, 400_000_000)
        };
        let row = organisations::ActiveModel {
            kind: Set(organisations::KIND_COMPANY.to_owned()),
            legal_name: Set(o.name.clone()),
            country: Set(iso(&o.country).to_owned()),
            city: Set(Some("—".into())),
            year_founded: Set(Some(2000)),
            headcount: Set(Some(headcount)),
            turnover_eur: Set(Some(turnover)),
            balance_sheet_eur: Set(Some(turnover)),
            entity_type: Set(Some(entity.to_owned())),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        drafts.push((
            row.id,
            form.parse().unwrap_or_else(|e| panic!("{}: {e:?}", o.name)),
        ));
        org_of.insert(o.pic.clone(), row);
    }
    let author = app::server::technologies::Author {
        user_id: None,
        name: "EDF project results".into(),
    };
    app::server::technologies::insert_batch(db, &drafts, TechStatus::Submitted, &author)
        .await
        .unwrap();
    let tech_of: HashMap<i64, i64> = tech_rows::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.organisation_id, t.id))
        .collect();
    let generation = app::server::search::rebuild(db, app.data_dir.path(), |_| {})
        .await
        .unwrap();

    let today = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let (mut cases, mut hits, mut found, mut shown, mut reciprocal, mut chance) =
        (0usize, 0usize, 0usize, 0usize, 0.0f64, 0.0f64);
    let pool = org_of.len();
    for case in &set.cases {
        let Some(lead) = org_of.get(&case.lead) else {
            continue;
        };
        let partners: Vec<i64> = case
            .partners
            .iter()
            .filter_map(|p| org_of.get(p).map(|o| o.id))
            .collect();
        if partners.len() < 2 {
            continue;
        }
        let topic = app::server::catalogue::get(db, &case.topic)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{} in the catalogue", case.topic));
        let rules = CallRules::of(&topic);
        let member = consortium_members::Model {
            id: 0,
            consortium_id: 0,
            organisation_id: lead.id,
            technology_id: tech_of.get(&lead.id).copied(),
            role: MemberRole::Coordinator.slug().to_owned(),
            status: MemberStatus::Accepted.slug().to_owned(),
            message: String::new(),
            invited_by: None,
            created_at: now,
            updated_at: now,
        };
        let orgs: HashMap<i64, organisations::Model> = [(lead.id, lead.clone())].into();
        let rule_members =
            app::server::consortia::rule_members(std::slice::from_ref(&member), &orgs).unwrap();
        let eligibility = check(&rule_members, &rules, today);
        let suggested = suggestions::rank(
            db,
            &generation,
            &topic,
            &rules,
            std::slice::from_ref(&member),
            &orgs,
            &eligibility,
        )
        .await
        .unwrap();
        let real: Vec<usize> = suggested
            .iter()
            .enumerate()
            .filter(|(_, s)| partners.contains(&s.organisation_id))
            .map(|(i, _)| i + 1)
            .collect();
        cases += 1;
        shown += suggested.len();
        found += real.len();
        hits += usize::from(!real.is_empty());
        reciprocal += real.first().map_or(0.0, |r| 1.0 / *r as f64);
        chance += partners.len() as f64 / (pool - 1) as f64;
        if std::env::var_os("RELEVANCE_DEBUG").is_some() {
            eprintln!(
                "{} ({}): {} of {} partners among {} suggestions, first at {:?}",
                case.project,
                case.topic,
                real.len(),
                partners.len(),
                suggested.len(),
                real.first()
            );
        }
    }
    let n = cases.max(1) as f64;
    let precision = found as f64 / shown.max(1) as f64;
    println!("| partner suggestions | cases | hit@8 | precision@8 | MRR | precision by chance |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| real EDF consortia (2023–2024 calls, described by 2022 projects), pool {pool} | {cases} | {:.2} | {:.2} | {:.3} | {:.3} |",
        hits as f64 / n,
        precision,
        reciprocal / n,
        chance / n
    );
    assert!(cases >= 30, "{cases} cases");
    // Floors a little under what is measured (docs/relevance.md), far above chance.
    assert!(hits as f64 / n >= FLOOR_HIT, "hit@8 {:.2}", hits as f64 / n);
    assert!(precision >= FLOOR_PRECISION, "precision@8 {precision:.2}");
    assert!(precision >= 3.0 * chance / n, "no better than chance");
}

const FLOOR_HIT: f64 = 0.45;
const FLOOR_PRECISION: f64 = 0.10;
