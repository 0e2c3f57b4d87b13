//! Programmes: create, list, and the officers' board with one column per stage.

use super::{clock, days_since, stage_of};
use crate::api::incubation::{BoardView, EnrolmentCard, ProgrammeSummary};
use crate::domain::incubation::{Mover, ProgrammeDraft, Stage};
use crate::domain::technology::TechStatus;
use crate::error::AppError;
use crate::server::auth::CurrentUser;
use crate::server::entities::{enrolments, programmes};
use crate::server::http::is_unique_violation;
use crate::server::{organisations, technologies};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

pub async fn create(
    db: &DatabaseConnection,
    officer: &CurrentUser,
    draft: &ProgrammeDraft,
) -> Result<i64, AppError> {
    let now = Utc::now();
    let row = programmes::ActiveModel {
        name: Set(draft.name.clone()),
        description: Set(draft.description.clone()),
        open_for_applications: Set(draft.open_for_applications),
        created_by: Set(Some(officer.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::Invalid(crate::error::FieldErrors::single(
                "name",
                "a programme with this name exists already",
            ))
        } else {
            e.into()
        }
    })?;
    tracing::info!(programme.id = row.id, "programme created");
    Ok(row.id)
}

pub async fn get(db: &DatabaseConnection, id: i64) -> Result<programmes::Model, AppError> {
    programmes::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn summary(p: &programmes::Model, enrolments: u64) -> ProgrammeSummary {
    ProgrammeSummary {
        id: p.id,
        name: p.name.clone(),
        description: p.description.clone(),
        open_for_applications: p.open_for_applications,
        enrolments,
    }
}

/// All programmes with their enrolment counts; only those open for applications if asked.
pub async fn list(
    db: &DatabaseConnection,
    only_open: bool,
) -> Result<Vec<ProgrammeSummary>, AppError> {
    let mut query = programmes::Entity::find().order_by_asc(programmes::Column::Name);
    if only_open {
        query = query.filter(programmes::Column::OpenForApplications.eq(true));
    }
    let rows = query.all(db).await?;
    // Counted by the database: the list page must not load every enrolment.
    let counts: HashMap<i64, u64> = enrolments::Entity::find()
        .select_only()
        .column(enrolments::Column::ProgrammeId)
        .column_as(enrolments::Column::Id.count(), "n")
        .group_by(enrolments::Column::ProgrammeId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(programme, n)| (programme, n.max(0) as u64))
        .collect();
    Ok(rows
        .iter()
        .map(|p| summary(p, counts.get(&p.id).copied().unwrap_or(0)))
        .collect())
}

/// The board: every stage a column, every enrolment a card with its time in stage and the
/// moves an officer may make.
pub async fn board(
    db: &DatabaseConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<BoardView, AppError> {
    let programme = get(db, id).await?;
    let rows = enrolments::Entity::find()
        .filter(enrolments::Column::ProgrammeId.eq(id))
        .order_by_asc(enrolments::Column::StageSince)
        .all(db)
        .await?;
    let tech_ids: Vec<i64> = rows.iter().map(|r| r.technology_id).collect();
    let techs: HashMap<i64, _> = technologies::find_many(db, &tech_ids)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let org_ids: Vec<i64> = techs.values().map(|t| t.organisation_id).collect();
    let orgs = organisations::get_many(db, org_ids).await?;
    let demonstrated = super::milestones::demonstrated_technologies(db, &tech_ids).await?;
    let mut columns: Vec<(Stage, Vec<EnrolmentCard>)> =
        Stage::ALL.iter().map(|s| (*s, Vec::new())).collect();
    for row in &rows {
        let stage = stage_of(row)?;
        let Some(tech) = techs.get(&row.technology_id) else {
            continue;
        };
        let card = EnrolmentCard {
            id: row.id,
            technology_id: tech.id,
            technology_title: tech.draft.title.clone(),
            withdrawn_by_company: tech.status != TechStatus::Submitted,
            company_name: orgs
                .get(&tech.organisation_id)
                .map(|o| o.legal_name.clone())
                .unwrap_or_default(),
            stage,
            days_in_stage: days_since(row.stage_since, now),
            clock: clock(row, now),
            demonstrated: demonstrated.contains(&tech.id),
            moves: stage.moves_for(Mover::Officer),
        };
        if let Some((_, cards)) = columns.iter_mut().find(|(s, _)| *s == stage) {
            cards.push(card);
        }
    }
    Ok(BoardView {
        programme: summary(&programme, rows.len() as u64),
        columns,
        hidden: Vec::new(),
    })
}

/// Enrolments per stage across every programme, in stage order (zeros included): the funnel.
pub async fn funnel(db: &DatabaseConnection) -> Result<Vec<(Stage, u64)>, AppError> {
    let counts: HashMap<Stage, u64> = enrolments::Entity::find()
        .select_only()
        .column(enrolments::Column::Stage)
        .column_as(enrolments::Column::Id.count(), "n")
        .group_by(enrolments::Column::Stage)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(stage, n)| {
            Ok((
                crate::server::stored::slug::<Stage>(&stage, "enrolments", 0)?,
                n.max(0) as u64,
            ))
        })
        .collect::<Result<_, AppError>>()?;
    Ok(Stage::ALL
        .iter()
        .map(|s| (*s, counts.get(s).copied().unwrap_or(0)))
        .collect())
}
