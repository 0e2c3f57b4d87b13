//! The lived-in part of the demo platform, generated from the curated parts in `parts`:
//! 64 companies (start-ups, SMEs, research organisations) in 20 countries with 160
//! technologies over all ten areas and TRL 2–9, investor organisations with theses and
//! pipelines, access requests in every state, and cohorts at every incubation stage with
//! milestones due, overdue and released — all with dates in the past that agree with each
//! other. Deterministic: the same parts give the same platform, and nothing here sends e-mail
//! (no generated company has a member account).

use super::parts::{AREA_WORDS, COUNTRIES, EVIDENCE, NAME_ROOTS, SETTINGS, TEMPLATES};
use app::domain::access::AccessStatus;
use app::domain::incubation::{MilestoneForm, Stage};
use app::domain::pipeline::DealStage;
use app::domain::technology::{TechStatus, TechnologyDraft, TechnologyForm};
use app::error::AppError;
use app::server::auth::CurrentUser;
use app::server::entities::{
    access_requests, deal_notes, enrolment_moves, enrolments, milestones as milestone_rows,
    organisations, pipeline_deals, pipelines, technologies as tech_rows, tranche_releases,
};
use app::server::incubation::{enrolments as enrol, milestones};
use app::server::technologies::{self, Author};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

pub const COMPANIES: usize = 64;

/// A generated technology, as the later steps need it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub id: i64,
    pub organisation_id: i64,
    pub submitted: bool,
}

fn days_ago(days: i64) -> DateTime<Utc> {
    Utc::now() - Duration::days(days)
}

/// The companies: every tenth one shares an area; kinds and sizes rotate.
async fn companies(db: &DatabaseConnection) -> Result<Vec<(i64, usize)>, AppError> {
    let mut out = Vec::with_capacity(COMPANIES);
    for i in 0..COMPANIES {
        let area = i % AREA_WORDS.len();
        let (country, form, cities) = COUNTRIES[(i * 7 + i / 10 * 3) % COUNTRIES.len()];
        let city = cities[i % cities.len()];
        let root = NAME_ROOTS[i];
        let word = AREA_WORDS[area].1;
        // One in eight is a research organisation, three in eight SMEs, the rest start-ups.
        let (name, founded, headcount, turnover, balance, kind) = match i % 8 {
            7 => (
                format!("{root} {word} Research Centre"),
                1988 + (i % 20) as u16,
                320 + (i as u64 * 13) % 400,
                41_000_000 + (i as u64 % 9) * 3_000_000,
                55_000_000,
                "research_organisation",
            ),
            4..=6 => (
                format!("{root} {word} {form}"),
                2008 + (i % 10) as u16,
                45 + (i as u64 * 11) % 180,
                6_000_000 + (i as u64 % 7) * 4_000_000,
                5_000_000 + (i as u64 % 5) * 2_000_000,
                "sme",
            ),
            _ => (
                format!("{root} {word} {form}"),
                2018 + (i % 7) as u16,
                4 + (i as u64 * 7) % 40,
                150_000 + (i as u64 % 6) * 450_000,
                400_000 + (i as u64 % 4) * 700_000,
                "startup",
            ),
        };
        // Two companies are controlled from outside the EU and Norway (EDF-ineligible).
        let controlled = match i {
            17 => Some("US"),
            41 => Some("CN"),
            _ => None,
        };
        let profile = super::company(
            &name, country, city, founded, headcount, turnover, balance, controlled, kind,
        );
        let org = super::insert_company(db, &profile).await?;
        out.push((org.id, area));
    }
    Ok(out)
}

fn draft(j: usize) -> Result<(TechnologyDraft, usize), AppError> {
    let t = j / SETTINGS.len();
    let s = j % SETTINGS.len();
    let template = &TEMPLATES[t];
    let (suffix, setting, keyword) = SETTINGS[s];
    let trl = 2 + (t * 3 + s * 5) % 8;
    let seeks: &[&str] = match j % 5 {
        0 => &["funding", "partners"],
        1 => &["first_customers"],
        2 => &["test_facilities", "funding"],
        3 => &["partners"],
        _ => &["funding", "first_customers"],
    };
    let funding = if seeks.contains(&"funding") {
        (trl as u64 * 350_000 + (j as u64 % 7) * 125_000).to_string()
    } else {
        String::new()
    };
    let (export, code, version) = if j.is_multiple_of(6) && !template.annex.is_empty() {
        (
            "listed",
            template.annex,
            "Delegated Regulation (EU) 2024/2547",
        )
    } else if j % 9 == 4 {
        ("unknown", "", "")
    } else {
        ("not_listed", "", "")
    };
    let form = TechnologyForm {
        title: format!("{} {suffix}", template.title),
        summary: format!("{} {setting}", template.summary),
        confidential_details: template.confidential.to_owned(),
        civil_applications: template.civil.to_owned(),
        defence_applications: template.defence.to_owned(),
        trl: trl.to_string(),
        trl_evidence: EVIDENCE[trl - 2].to_owned(),
        areas: template.areas.iter().map(|a| a.to_string()).collect(),
        keywords: format!("{}, {keyword}", template.keywords),
        export_status: export.to_owned(),
        export_code: code.to_owned(),
        export_list_version: if code.is_empty() { "" } else { version }.to_owned(),
        ip_status: [
            "patented",
            "patent_pending",
            "trade_secret",
            "licensed",
            "open_source",
            "not_assessed",
        ][j % 6]
            .to_owned(),
        seeks: seeks.iter().map(|s| s.to_string()).collect(),
        funding_sought_eur: funding,
    };
    let parsed = form.parse().map_err(AppError::Invalid)?;
    Ok((parsed, t / 4))
}

/// The companies and their technologies (one in seventeen still a draft), with creation and
/// submission dates spread over the past fourteen months.
pub async fn technologies(db: &DatabaseConnection) -> Result<Vec<Generated>, AppError> {
    let companies = companies(db).await?;
    let mut submitted = Vec::new();
    let mut drafts = Vec::new();
    for j in 0..TEMPLATES.len() * SETTINGS.len() {
        let (draft, area) = draft(j)?;
        let of_area: Vec<i64> = companies
            .iter()
            .filter(|(_, a)| *a == area)
            .map(|(id, _)| *id)
            .collect();
        let k = (j / SETTINGS.len()) % 4 * SETTINGS.len() + j % SETTINGS.len();
        let org = of_area[k % of_area.len()];
        if j % 17 == 16 {
            drafts.push((org, draft));
        } else {
            submitted.push((org, draft));
        }
    }
    let author = Author {
        user_id: None,
        name: "Company (demo data)".into(),
    };
    technologies::insert_batch(db, &submitted, TechStatus::Submitted, &author).await?;
    technologies::insert_batch(db, &drafts, TechStatus::Draft, &author).await?;

    // Dates that look lived in, and the search index told about every row.
    let org_ids: Vec<i64> = companies.iter().map(|(id, _)| *id).collect();
    let rows = tech_rows::Entity::find()
        .filter(tech_rows::Column::OrganisationId.is_in(org_ids))
        .order_by_asc(tech_rows::Column::Id)
        .all(db)
        .await?;
    let txn = db.begin().await?;
    let mut out = Vec::with_capacity(rows.len());
    for (n, row) in rows.iter().enumerate() {
        let created = days_ago(30 + (n as i64 * 37) % 400);
        let submitted_at = row
            .submitted_at
            .map(|_| created + Duration::days(3 + (n as i64 % 20)));
        let updated = submitted_at.unwrap_or(created) + Duration::days(n as i64 % 9);
        tech_rows::Entity::update_many()
            .col_expr(tech_rows::Column::CreatedAt, Expr::value(created))
            .col_expr(tech_rows::Column::UpdatedAt, Expr::value(updated))
            .col_expr(tech_rows::Column::SubmittedAt, Expr::value(submitted_at))
            .filter(tech_rows::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        app::server::search::enqueue(&txn, "technology", row.id).await?;
        out.push(Generated {
            id: row.id,
            organisation_id: row.organisation_id,
            submitted: row.submitted_at.is_some(),
        });
    }
    txn.commit().await?;
    Ok(out)
}

/// Investor organisations linked to their catalogue entry (their thesis), without accounts.
const INVESTORS: &[(&str, &str, &str)] = &[
    ("NATO Innovation Fund", "NL", "INV-NIF"),
    ("EIF Defence Equity Facility", "LU", "INV-EIF-DEF"),
    ("Tesi (Finnish Industry Investment)", "FI", "INV-FI-TESI"),
    ("PFR Ventures", "PL", "INV-PL-PFR"),
    ("SmartCap", "EE", "INV-EE-SMARTCAP"),
    ("Presto Ventures", "CZ", "INV-CZ-PRESTO"),
];

async fn investor_org(
    db: &DatabaseConnection,
    name: &str,
    country: &str,
    thesis: &str,
) -> Result<i64, AppError> {
    let now = Utc::now();
    Ok(organisations::ActiveModel {
        kind: Set(organisations::KIND_INVESTOR.to_owned()),
        legal_name: Set(name.to_owned()),
        country: Set(country.to_owned()),
        catalogue_investor_id: Set(Some(thesis.to_owned())),
        created_at: Set(days_ago(200)),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

const NOTES: &[&str] = &[
    "Intro call with the CEO; strong technical team, thin sales.",
    "Asked for the test-range report and the cap table.",
    "Reference call with a programme officer went well.",
    "Valuation expectations high for the TRL; revisit after the field trial.",
    "Co-investment discussed with a national fund.",
    "Export-control classification to be confirmed before due diligence.",
];

/// One pipeline with `techs` spread over every deal stage, stage dates in the past, notes.
async fn pipeline(
    db: &DatabaseConnection,
    organisation_id: i64,
    name: &str,
    techs: &[i64],
    author: (Option<i64>, &str),
) -> Result<(), AppError> {
    let p = pipelines::ActiveModel {
        organisation_id: Set(organisation_id),
        name: Set(name.to_owned()),
        created_at: Set(days_ago(180)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (n, tech) in techs.iter().enumerate() {
        let stage = DealStage::ALL[n % DealStage::ALL.len()];
        let since = days_ago(2 + (n as i64 * 11) % 70);
        let deal = pipeline_deals::ActiveModel {
            pipeline_id: Set(p.id),
            technology_id: Set(*tech),
            stage: Set(stage.slug().to_owned()),
            stage_since: Set(since),
            created_at: Set(since - Duration::days(20 + n as i64 * 3)),
            updated_at: Set(since),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if stage != DealStage::Sourced {
            deal_notes::ActiveModel {
                deal_id: Set(deal.id),
                author_id: Set(author.0),
                author_name: Set(author.1.to_owned()),
                body: Set(NOTES[n % NOTES.len()].to_owned()),
                created_at: Set(since),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

async fn access_request(
    db: &DatabaseConnection,
    technology_id: i64,
    investor_org_id: i64,
    status: AccessStatus,
    message: &str,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    access_requests::ActiveModel {
        technology_id: Set(technology_id),
        investor_org_id: Set(investor_org_id),
        status: Set(status.slug().to_owned()),
        message: Set(message.to_owned()),
        requested_by: Set(None),
        requested_at: Set(at),
        decided_by: Set(None),
        decided_at: Set((status != AccessStatus::Requested).then(|| at + Duration::days(2))),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Investors with theses and pipelines, and access requests in every state: on the demo
/// founder's technology (`founder_tech`), and by the demo investor (`keen`) on others.
pub async fn investors(
    db: &DatabaseConnection,
    keen: (i64, i64, &str),
    founder_tech: i64,
    techs: &[Generated],
) -> Result<(), AppError> {
    let visible: Vec<i64> = techs.iter().filter(|t| t.submitted).map(|t| t.id).collect();
    let (keen_org, keen_user, keen_name) = keen;
    // The demo investor's own pipelines: every stage populated.
    let picks: Vec<i64> = visible.iter().step_by(13).copied().take(9).collect();
    pipeline(
        db,
        keen_org,
        "Sensing and autonomy 2026",
        &picks,
        (Some(keen_user), keen_name),
    )
    .await?;
    let follow: Vec<i64> = visible
        .iter()
        .skip(5)
        .step_by(29)
        .copied()
        .take(4)
        .collect();
    pipeline(
        db,
        keen_org,
        "Fund II follow-ons",
        &follow,
        (Some(keen_user), keen_name),
    )
    .await?;
    for (tech, status) in [
        (visible[3], AccessStatus::Granted),
        (visible[21], AccessStatus::Requested),
        (visible[40], AccessStatus::Denied),
    ] {
        access_request(
            db,
            tech,
            keen_org,
            status,
            "We back European sensing and autonomy companies from seed to Series A.",
            days_ago(25),
        )
        .await?;
    }
    let mut orgs = Vec::new();
    for (i, (name, country, thesis)) in INVESTORS.iter().enumerate() {
        let org = investor_org(db, name, country, thesis).await?;
        let picks: Vec<i64> = visible
            .iter()
            .skip(i * 3 + 1)
            .step_by(17 + i)
            .copied()
            .take(6)
            .collect();
        pipeline(db, org, "Deal flow 2026", &picks, (None, name)).await?;
        orgs.push(org);
    }
    // The demo founder sees a request in each state on their flagship technology.
    for (org, status, message, days) in [
        (
            orgs[0],
            AccessStatus::Requested,
            "We would like to assess the detection ranges for our counter-UAS thesis.",
            2,
        ),
        (
            orgs[1],
            AccessStatus::Granted,
            "Due diligence for a fund-of-funds allocation.",
            40,
        ),
        (
            orgs[4],
            AccessStatus::Denied,
            "Interested in the classifier's training data.",
            60,
        ),
        (
            orgs[5],
            AccessStatus::Revoked,
            "Follow-up on our call at the Eurosatory fair.",
            90,
        ),
    ] {
        access_request(db, founder_tech, org, status, message, days_ago(days)).await?;
    }
    // And requests in every state across the generated companies.
    for (n, tech) in visible.iter().step_by(11).take(12).enumerate() {
        let status = [
            AccessStatus::Requested,
            AccessStatus::Granted,
            AccessStatus::Denied,
            AccessStatus::Revoked,
        ][n % 4];
        access_request(
            db,
            *tech,
            orgs[n % orgs.len()],
            status,
            "Please share the test reports and the export-control classification.",
            days_ago(5 + n as i64 * 6),
        )
        .await?;
    }
    Ok(())
}

/// Rewrites an enrolment's history so that its dates agree: enrolled `started` days ago, each
/// move evenly after the previous one, the last `last` days ago; the stage date, the adoption
/// clock's start and stop follow from the moves.
pub async fn backdate(
    db: &DatabaseConnection,
    enrolment_id: i64,
    started: i64,
    last: i64,
) -> Result<(), AppError> {
    let moves = enrolment_moves::Entity::find()
        .filter(enrolment_moves::Column::EnrolmentId.eq(enrolment_id))
        .order_by_asc(enrolment_moves::Column::Id)
        .all(db)
        .await?;
    let steps = (moves.len().max(2) - 1) as i64;
    let mut selected = None;
    let mut stopped = None;
    // One "now" for every date, so that they compare exactly.
    let now = Utc::now();
    let begun = now - Duration::days(started);
    let mut at = begun;
    for (n, m) in moves.iter().enumerate() {
        at = now - Duration::days(started - (started - last) * n as i64 / steps);
        enrolment_moves::Entity::update_many()
            .col_expr(enrolment_moves::Column::At, Expr::value(at))
            .filter(enrolment_moves::Column::Id.eq(m.id))
            .exec(db)
            .await?;
        let stage: Stage = m.to_stage.parse().unwrap_or(Stage::Applied);
        if stage == Stage::Selected && selected.is_none() {
            selected = Some(at);
        }
        if selected.is_some() && !stage.clock_runs() && stopped.is_none() {
            stopped = Some(at);
        }
    }
    enrolments::Entity::update_many()
        .col_expr(enrolments::Column::CreatedAt, Expr::value(begun))
        .col_expr(enrolments::Column::StageSince, Expr::value(at))
        .col_expr(enrolments::Column::UpdatedAt, Expr::value(at))
        .col_expr(enrolments::Column::SelectedAt, Expr::value(selected))
        .col_expr(enrolments::Column::ClockStoppedAt, Expr::value(stopped))
        .filter(enrolments::Column::Id.eq(enrolment_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The officers' reasons along the way, by the stage moved to.
fn reason(to: Stage) -> &'static str {
    match to {
        Stage::Screening => "Complete application; screening panel booked.",
        Stage::Selected => "Scored in the top quarter of the cohort.",
        Stage::Incubating => "Incubation plan and milestones agreed.",
        Stage::Validation => "Test-centre slot confirmed.",
        Stage::Demonstrated => "Demonstration witnessed by two officers.",
        Stage::Adopted => "Procurement agency signed a first order.",
        Stage::Invested => "Lead investor closed the round.",
        Stage::Graduated => "Programme completed.",
        Stage::Rejected => {
            "Defence relevance not shown yet; please apply again after a field trial."
        }
        _ => "",
    }
}

/// The moves that lead from `applied` to `target`.
fn path(target: Stage) -> Vec<Stage> {
    use Stage::*;
    let happy = [Screening, Selected, Incubating, Validation, Demonstrated];
    match target {
        Applied | Withdrawn => Vec::new(),
        Rejected => vec![Screening, Rejected],
        Adopted | Invested => happy.iter().copied().chain([target]).collect(),
        Graduated => happy.iter().copied().chain([Adopted, Graduated]).collect(),
        other => happy
            .iter()
            .copied()
            .take_while(|s| *s != other)
            .chain([other])
            .collect(),
    }
}

/// A cohort at every stage in each programme, with milestones due, overdue and released.
pub async fn cohorts(
    db: &DatabaseConnection,
    officer: &CurrentUser,
    programmes: &[i64],
    techs: &[Generated],
) -> Result<(), AppError> {
    let config = super::quiet_config()?;
    let visible: Vec<&Generated> = techs.iter().filter(|t| t.submitted).collect();
    let mut n = 0usize;
    for (p, programme) in programmes.iter().enumerate() {
        for (s, target) in Stage::ALL.iter().enumerate() {
            // Early stages hold more of a cohort than late ones.
            let count = if s < 3 { 2 } else { 1 };
            for c in 0..count {
                let tech = visible[(p * 41 + s * 7 + c * 3 + 2) % visible.len()];
                let Ok(id) = enrol::enrol(db, None, officer, *programme, tech.id).await else {
                    continue; // enrolled in this programme already
                };
                for to in path(*target) {
                    enrol::move_to(db, &config, officer, id, to, reason(to)).await?;
                }
                if *target == Stage::Withdrawn {
                    withdraw(db, id).await?;
                }
                let started = 60 + ((p * 97 + s * 31 + c * 13) % 420) as i64;
                let last = 1 + ((n * 17) % 45) as i64;
                backdate(db, id, started, last.min(started - 1)).await?;
                if matches!(
                    target,
                    Stage::Incubating | Stage::Validation | Stage::Demonstrated
                ) {
                    plan(db, officer, id, n).await?;
                }
                n += 1;
            }
        }
    }
    Ok(())
}

/// The company withdrew (written directly: generated companies have no accounts).
async fn withdraw(db: &DatabaseConnection, id: i64) -> Result<(), AppError> {
    let now = Utc::now();
    enrolment_moves::ActiveModel {
        enrolment_id: Set(id),
        from_stage: Set(Some(Stage::Applied.slug().to_owned())),
        to_stage: Set(Stage::Withdrawn.slug().to_owned()),
        reason: Set("Our team is fully booked on a customer contract this year.".into()),
        by_user: Set(None),
        by_name: Set("The company".into()),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    enrolments::Entity::update_many()
        .col_expr(
            enrolments::Column::Stage,
            Expr::value(Stage::Withdrawn.slug()),
        )
        .filter(enrolments::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Three milestones: one verified with its tranche released, one overdue, one due soon.
async fn plan(
    db: &DatabaseConnection,
    officer: &CurrentUser,
    enrolment: i64,
    n: usize,
) -> Result<(), AppError> {
    let today = Utc::now().date_naive();
    let plan = [
        (
            "Design review with the test centre",
            -40 - (n as i64 % 30),
            "150000",
            false,
        ),
        ("Field trial report", -3 - (n as i64 % 10), "", false),
        (
            "Demonstration to the user community",
            4 + (n as i64 % 20),
            "300000",
            true,
        ),
    ];
    for (k, (title, due, tranche, demo)) in plan.into_iter().enumerate() {
        let id = milestones::add(
            db,
            officer,
            enrolment,
            &MilestoneForm {
                title: title.into(),
                due_on: (today + Duration::days(due)).to_string(),
                tranche_eur: tranche.into(),
                is_demonstration: demo.then(|| "yes".into()),
            }
            .parse()
            .map_err(AppError::Invalid)?,
        )
        .await?;
        if k == 0 {
            let decided = days_ago(-due - 2);
            milestone_rows::Entity::update_many()
                .col_expr(milestone_rows::Column::Status, Expr::value("verified"))
                .col_expr(
                    milestone_rows::Column::Evidence,
                    Expr::value("Review minutes signed by the test centre; design frozen."),
                )
                .col_expr(
                    milestone_rows::Column::EvidenceAt,
                    Expr::value(decided - Duration::days(3)),
                )
                .col_expr(milestone_rows::Column::DecidedBy, Expr::value(officer.id))
                .col_expr(milestone_rows::Column::DecidedAt, Expr::value(decided))
                .filter(milestone_rows::Column::Id.eq(id))
                .exec(db)
                .await?;
            tranche_releases::ActiveModel {
                milestone_id: Set(id),
                amount_eur: Set(150_000),
                released_by: Set(Some(officer.id)),
                released_by_name: Set(officer.display_name.clone()),
                released_at: Set(decided + Duration::days(1)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
