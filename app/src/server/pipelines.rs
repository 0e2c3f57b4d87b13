//! Investor organisations' private deal pipelines. Every read and write is scoped to the
//! caller's own organisation: anyone else's pipeline, deal or note reads as "not found".

use crate::api::pipelines::{DealCard, DealNote, PipelineHolding, PipelineSummary, PipelineView};
use crate::domain::pipeline::{check_deal_move, parse_note, parse_pipeline_name, DealStage};
use crate::domain::technology::TechStatus;
use crate::error::{AppError, FieldErrors};
use crate::server::auth::CurrentUser;
use crate::server::entities::{deal_notes, organisations as org_rows, pipeline_deals, pipelines};
use crate::server::http::is_unique_violation;
use crate::server::{organisations, technologies, visibility};
use chrono::Utc;
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// The name of the pipeline created when an investor adds a first deal.
pub const DEFAULT_PIPELINE: &str = "Main pipeline";

async fn own_pipeline(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    id: i64,
) -> Result<(pipelines::Model, org_rows::Model), AppError> {
    let org = organisations::investor_of(db, investor).await?;
    let pipeline = pipelines::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| p.organisation_id == org.id)
        .ok_or(AppError::NotFound)?;
    Ok((pipeline, org))
}

async fn own_deal(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    id: i64,
) -> Result<pipeline_deals::Model, AppError> {
    let deal = pipeline_deals::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    own_pipeline(db, investor, deal.pipeline_id).await?;
    Ok(deal)
}

fn stage_of(deal: &pipeline_deals::Model) -> Result<DealStage, AppError> {
    crate::server::stored::slug(&deal.stage, "pipeline_deals", deal.id)
}

pub async fn list(
    db: &DatabaseConnection,
    investor: &CurrentUser,
) -> Result<Vec<PipelineSummary>, AppError> {
    let org = organisations::investor_of(db, investor).await?;
    let rows = pipelines::Entity::find()
        .filter(pipelines::Column::OrganisationId.eq(org.id))
        .order_by_asc(pipelines::Column::Id)
        .all(db)
        .await?;
    let deals = pipeline_deals::Entity::find()
        .filter(pipeline_deals::Column::PipelineId.is_in(rows.iter().map(|p| p.id)))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| PipelineSummary {
            deals: deals.iter().filter(|d| d.pipeline_id == p.id).count() as u64,
            id: p.id,
            name: p.name,
        })
        .collect())
}

/// The organisation's pipelines that hold `technology_id`, with the deal's stage.
pub async fn holding(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    technology_id: i64,
) -> Result<Vec<PipelineHolding>, AppError> {
    let Some(org) = organisations::of_user(db, investor.id)
        .await?
        .filter(|o| o.kind == org_rows::KIND_INVESTOR)
    else {
        return Ok(Vec::new());
    };
    let rows = pipelines::Entity::find()
        .filter(pipelines::Column::OrganisationId.eq(org.id))
        .order_by_asc(pipelines::Column::Id)
        .all(db)
        .await?;
    let deals = pipeline_deals::Entity::find()
        .filter(pipeline_deals::Column::PipelineId.is_in(rows.iter().map(|p| p.id)))
        .filter(pipeline_deals::Column::TechnologyId.eq(technology_id))
        .all(db)
        .await?;
    let mut held = Vec::new();
    for pipeline in rows {
        if let Some(deal) = deals.iter().find(|d| d.pipeline_id == pipeline.id) {
            held.push(PipelineHolding {
                id: pipeline.id,
                name: pipeline.name,
                stage: stage_of(deal)?,
            });
        }
    }
    Ok(held)
}

pub async fn create(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    name: &str,
) -> Result<i64, AppError> {
    let org = organisations::investor_of(db, investor).await?;
    let name = parse_pipeline_name(name).map_err(AppError::Invalid)?;
    let kept = sea_orm::PaginatorTrait::count(
        pipelines::Entity::find().filter(pipelines::Column::OrganisationId.eq(org.id)),
        db,
    )
    .await?;
    if kept >= crate::domain::limits::MAX_PIPELINES {
        return Err(AppError::conflict(format!(
            "your organisation can keep at most {} pipelines",
            crate::domain::limits::MAX_PIPELINES
        )));
    }
    insert(db, org.id, &name).await
}

async fn insert(db: &DatabaseConnection, org_id: i64, name: &str) -> Result<i64, AppError> {
    let row = pipelines::ActiveModel {
        organisation_id: Set(org_id),
        name: Set(name.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::Invalid(FieldErrors::single(
                "name",
                "you have a pipeline with this name already",
            ))
        } else {
            e.into()
        }
    })?;
    Ok(row.id)
}

/// Adds a technology the investor can see to one of their pipelines (the first one, created if
/// needed, when `pipeline_id` is `None`). Returns the pipeline id.
pub async fn add_deal(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    pipeline_id: Option<i64>,
    technology_id: i64,
) -> Result<i64, AppError> {
    visibility::load_visible(db, investor, technology_id).await?;
    let org = organisations::investor_of(db, investor).await?;
    let pipeline_id = match pipeline_id {
        Some(id) => own_pipeline(db, investor, id).await?.0.id,
        None => match pipelines::Entity::find()
            .filter(pipelines::Column::OrganisationId.eq(org.id))
            .order_by_asc(pipelines::Column::Id)
            .one(db)
            .await?
        {
            Some(p) => p.id,
            None => insert(db, org.id, DEFAULT_PIPELINE).await?,
        },
    };
    let now = Utc::now();
    pipeline_deals::ActiveModel {
        pipeline_id: Set(pipeline_id),
        technology_id: Set(technology_id),
        stage: Set(DealStage::Sourced.slug().to_owned()),
        stage_since: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::conflict("this technology is in that pipeline already")
        } else {
            e.into()
        }
    })?;
    Ok(pipeline_id)
}

/// Moves a deal; returns its pipeline id.
pub async fn move_deal(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    deal_id: i64,
    to: DealStage,
) -> Result<i64, AppError> {
    let deal = own_deal(db, investor, deal_id).await?;
    let from = stage_of(&deal)?;
    check_deal_move(from, to)
        .map_err(|e| AppError::Invalid(FieldErrors::single("to", e.to_string())))?;
    let now = Utc::now();
    let result = pipeline_deals::Entity::update_many()
        .col_expr(pipeline_deals::Column::Stage, Expr::value(to.slug()))
        .col_expr(pipeline_deals::Column::StageSince, Expr::value(now))
        .col_expr(pipeline_deals::Column::UpdatedAt, Expr::value(now))
        .filter(pipeline_deals::Column::Id.eq(deal_id))
        .filter(pipeline_deals::Column::Stage.eq(from.slug()))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::conflict(
            "someone in your team moved this deal a moment ago; reload and try again",
        ));
    }
    Ok(deal.pipeline_id)
}

/// Adds a note to a deal; returns its pipeline id.
pub async fn add_note(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    deal_id: i64,
    body: &str,
) -> Result<i64, AppError> {
    let deal = own_deal(db, investor, deal_id).await?;
    let body = parse_note(body).map_err(AppError::Invalid)?;
    deal_notes::ActiveModel {
        deal_id: Set(deal_id),
        author_id: Set(Some(investor.id)),
        author_name: Set(investor.display_name.clone()),
        body: Set(body),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(deal.pipeline_id)
}

/// A pipeline as a board: one column per deal stage, each deal with its notes.
pub async fn board(
    db: &DatabaseConnection,
    investor: &CurrentUser,
    id: i64,
) -> Result<PipelineView, AppError> {
    let (pipeline, _) = own_pipeline(db, investor, id).await?;
    let deals = pipeline_deals::Entity::find()
        .filter(pipeline_deals::Column::PipelineId.eq(id))
        .order_by_asc(pipeline_deals::Column::StageSince)
        .all(db)
        .await?;
    let techs: HashMap<i64, _> = technologies::find_many(
        db,
        &deals.iter().map(|d| d.technology_id).collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .map(|t| (t.id, t))
    .collect();
    let orgs = organisations::get_many(db, techs.values().map(|t| t.organisation_id)).await?;
    let notes = deal_notes::Entity::find()
        .filter(deal_notes::Column::DealId.is_in(deals.iter().map(|d| d.id)))
        .order_by_asc(deal_notes::Column::Id)
        .all(db)
        .await?;
    let now = Utc::now();
    let mut columns: Vec<(DealStage, Vec<DealCard>)> =
        DealStage::ALL.iter().map(|s| (*s, Vec::new())).collect();
    for deal in &deals {
        let stage = stage_of(deal)?;
        let Some(tech) = techs.get(&deal.technology_id) else {
            continue;
        };
        let card = DealCard {
            id: deal.id,
            technology_id: tech.id,
            technology_title: tech.draft.title.clone(),
            withdrawn_by_company: tech.status != TechStatus::Submitted,
            company_name: orgs
                .get(&tech.organisation_id)
                .map(|o| o.legal_name.clone())
                .unwrap_or_default(),
            stage,
            days_in_stage: (now - deal.stage_since).num_days().max(0),
            moves: DealStage::ALL
                .iter()
                .copied()
                .filter(|to| check_deal_move(stage, *to).is_ok())
                .collect(),
            notes: notes
                .iter()
                .filter(|n| n.deal_id == deal.id)
                .map(|n| DealNote {
                    author: n.author_name.clone(),
                    body: n.body.clone(),
                    at: n.created_at.format("%Y-%m-%d %H:%M").to_string(),
                })
                .collect(),
        };
        if let Some((_, cards)) = columns.iter_mut().find(|(s, _)| *s == stage) {
            cards.push(card);
        }
    }
    Ok(PipelineView {
        id,
        name: pipeline.name,
        columns,
        hidden: Vec::new(),
    })
}
