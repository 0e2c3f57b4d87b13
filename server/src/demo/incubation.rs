//! Demo incubation data: three programmes, hand-written enrolments of the named technologies
//! (scores, milestones — one overdue demonstration with a tranche, one due within a week — and
//! an adoption clock in amber); `world::cohorts` fills every stage afterwards.
//! Only technologies of demo companies without member accounts are enrolled, so loading it
//! queues no e-mail.

use app::domain::account::Role;
use app::domain::incubation::{MilestoneForm, ProgrammeForm, RubricForm, Stage};
use app::error::AppError;
use app::server::auth::CurrentUser;
use app::server::entities::technologies as tech_rows;
use app::server::incubation::{enrolments as enrol, milestones, programmes};
use app::server::RuntimeConfig;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

async fn tech(db: &DatabaseConnection, title: &str) -> Result<i64, AppError> {
    Ok(tech_rows::Entity::find()
        .filter(tech_rows::Column::Title.eq(title))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?
        .id)
}

fn programme(
    name: &str,
    description: &str,
    open: bool,
) -> Result<app::domain::incubation::ProgrammeDraft, AppError> {
    ProgrammeForm {
        name: name.into(),
        description: description.into(),
        open_for_applications: open.then(|| "yes".into()),
    }
    .parse()
    .map_err(AppError::Invalid)
}

async fn walk(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    officer: &CurrentUser,
    id: i64,
    stages: &[(Stage, &str)],
) -> Result<(), AppError> {
    for (stage, reason) in stages {
        enrol::move_to(db, config, officer, id, *stage, reason).await?;
    }
    Ok(())
}

/// Returns the officer the demo acts as and the three programmes.
pub async fn load(
    db: &DatabaseConnection,
    officer_id: i64,
    officer_name: &str,
) -> Result<(CurrentUser, Vec<i64>), AppError> {
    let officer = CurrentUser {
        id: officer_id,
        email: "officer@demo.lab2field.eu".into(),
        display_name: officer_name.into(),
        role: Role::Officer,
        verified: true,
    };
    let config = super::quiet_config()?;
    let incubator = programmes::create(
        db,
        &officer,
        &programme(
            "European Defence Innovation Incubator — 2026 cohort",
            "Twelve months of incubation for dual-use start-ups: mentoring, access to test centres across the EU and funding tranches released on verified milestones.",
            true,
        )?,
    )
    .await?;
    let diana = programmes::create(
        db,
        &officer,
        &programme(
            "NATO DIANA 2026 — Energy and power cohort",
            "Accelerator cohort for the DIANA energy and power challenge: six months, test-centre access and phase-two funding for the best performers.",
            false,
        )?,
    )
    .await?;

    let quantum = enrol::enrol(
        db,
        None,
        &officer,
        incubator,
        tech(db, "Quantum magnetometer for underwater threat detection").await?,
    )
    .await?;
    walk(
        db,
        &config,
        &officer,
        quantum,
        &[
            (Stage::Screening, ""),
            (
                Stage::Selected,
                "Unique sensing principle with clear naval demand.",
            ),
            (Stage::Incubating, ""),
        ],
    )
    .await?;
    enrol::score(
        db,
        &officer,
        quantum,
        &RubricForm {
            technical_merit: "5".into(),
            dual_use: "4".into(),
            defence_relevance: "5".into(),
            team: "4".into(),
            comment: "Strong physics team; needs a systems integrator as partner.".into(),
        }
        .parse()
        .map_err(AppError::Invalid)?,
    )
    .await?;
    let today = Utc::now().date_naive();
    for (title, due, tranche, demo) in [
        (
            "Harbour sea trial at a national test centre",
            today - Duration::days(12),
            "250000",
            true,
        ),
        (
            "Ruggedised prototype design review",
            today + Duration::days(5),
            "",
            false,
        ),
    ] {
        milestones::add(
            db,
            &officer,
            quantum,
            &MilestoneForm {
                title: title.into(),
                due_on: due.to_string(),
                tranche_eur: tranche.into(),
                is_demonstration: demo.then(|| "yes".into()),
            }
            .parse()
            .map_err(AppError::Invalid)?,
        )
        .await?;
    }
    // Enrolled 33 months ago, selected about 20 months ago: the adoption clock shows amber,
    // and the card's time in stage agrees with its history.
    super::world::backdate(db, quantum, 1000, 400).await?;

    let battery = enrol::enrol(
        db,
        None,
        &officer,
        incubator,
        tech(db, "Solid-state battery packs for soldier systems").await?,
    )
    .await?;
    walk(db, &config, &officer, battery, &[(Stage::Screening, "")]).await?;
    super::world::backdate(db, battery, 45, 12).await?;
    let armour = enrol::enrol(
        db,
        None,
        &officer,
        incubator,
        tech(db, "Recyclable ceramic composite armour panels").await?,
    )
    .await?;
    walk(
        db,
        &config,
        &officer,
        armour,
        &[(
            Stage::Rejected,
            "Outside this cohort's focus on sensing and energy; consider the 2027 materials call.",
        )],
    )
    .await?;
    super::world::backdate(db, armour, 120, 95).await?;
    let applied = enrol::enrol(
        db,
        None,
        &officer,
        diana,
        tech(db, "Solid-state battery packs for soldier systems").await?,
    )
    .await?;
    super::world::backdate(db, applied, 9, 9).await?;
    let maritime = programmes::create(
        db,
        &officer,
        &programme(
            "Baltic Sea Maritime Security Accelerator — 2026",
            "Nine months for maritime surveillance, mine countermeasures and seabed protection: sea trials with Baltic navies and a demonstration day for procurement agencies.",
            true,
        )?,
    )
    .await?;
    Ok((officer, vec![incubator, diana, maritime]))
}
