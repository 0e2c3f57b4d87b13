//! Investors' private deal pipelines: list, create, add a technology, move a deal, add notes.

use crate::domain::pipeline::DealStage;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{auth, http::respond, pipelines, AppState},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineSummary {
    pub id: i64,
    pub name: String,
    pub deals: u64,
}

/// A pipeline of the caller's organisation that holds a given technology, and the deal's stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineHolding {
    pub id: i64,
    pub name: String,
    pub stage: DealStage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealNote {
    pub author: String,
    pub body: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealCard {
    pub id: i64,
    pub technology_id: i64,
    pub technology_title: String,
    /// The company took the technology back (to draft or into its archive): the card stays, the
    /// technology's page is closed to investors.
    pub withdrawn_by_company: bool,
    pub company_name: String,
    pub stage: DealStage,
    pub days_in_stage: i64,
    pub moves: Vec<DealStage>,
    pub notes: Vec<DealNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineView {
    pub id: i64,
    pub name: String,
    /// One column per stage; long columns cut (`domain::limits::BOARD_COLUMN_CARDS`).
    pub columns: Vec<(DealStage, Vec<DealCard>)>,
    /// Cards not shown, per cut column.
    #[serde(default)]
    pub hidden: Vec<(DealStage, usize)>,
}

#[server(prefix = "/api", endpoint = "pipelines/list", output = crate::api::encoding::TextJson)]
pub async fn list_pipelines() -> Result<Vec<PipelineSummary>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let investor = auth::require_role(&[Role::Investor]).await?;
        pipelines::list(&state.db, &investor).await
    })
    .await
}

/// The caller's organisation's pipelines; `None` for an investor who has not described their
/// organisation yet, and for every other role (pages ask before knowing who is looking).
#[server(prefix = "/api", endpoint = "pipelines/mine_if_any", output = crate::api::encoding::TextJson)]
pub async fn pipelines_if_any() -> Result<Option<Vec<PipelineSummary>>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        if user.role != Role::Investor {
            return Ok(None);
        }
        match crate::server::organisations::of_user(&state.read, user.id).await? {
            Some(org) if org.kind == crate::server::entities::organisations::KIND_INVESTOR => {
                pipelines::list(&state.db, &user).await.map(Some)
            }
            _ => Ok(None),
        }
    })
    .await
}

/// Which of the caller's organisation's pipelines already hold a technology (empty for an
/// investor without an organisation).
#[server(prefix = "/api", endpoint = "pipelines/holding", output = crate::api::encoding::TextJson)]
pub async fn pipelines_holding(technology_id: i64) -> Result<Vec<PipelineHolding>, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let investor = auth::require_role(&[Role::Investor]).await?;
        pipelines::holding(&state.read, &investor, technology_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "pipelines/create", output = crate::api::encoding::TextJson)]
pub async fn create_pipeline(name: String) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let investor = auth::require_role(&[Role::Investor]).await?;
        let id = pipelines::create(&state.db, &investor, &name).await?;
        leptos_axum::redirect(&format!("/pipelines/{id}"));
        Ok(id)
    })
    .await
}

/// The board; each column holds its first cards, `all` names the one column shown whole.
#[server(prefix = "/api", endpoint = "pipelines/board", output = crate::api::encoding::TextJson)]
pub async fn pipeline_board(id: i64, all: Option<DealStage>) -> Result<PipelineView, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let investor = auth::require_role(&[Role::Investor]).await?;
        let mut board = pipelines::board(&state.db, &investor, id).await?;
        board.hidden = crate::domain::limits::cap_board_columns(&mut board.columns, all);
        Ok(board)
    })
    .await
}

/// Adds a technology to a pipeline (`pipeline_id` 0: the first one, created if needed).
#[server(prefix = "/api", endpoint = "pipelines/add", output = crate::api::encoding::TextJson)]
pub async fn add_to_pipeline(
    technology_id: i64,
    #[server(default)] pipeline_id: i64,
) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let investor = auth::require_role(&[Role::Investor]).await?;
        let pipeline = (pipeline_id > 0).then_some(pipeline_id);
        let id = pipelines::add_deal(&state.db, &investor, pipeline, technology_id).await?;
        leptos_axum::redirect(&format!("/pipelines/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "pipelines/move", output = crate::api::encoding::TextJson)]
pub async fn move_deal(id: i64, to: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let investor = auth::require_role(&[Role::Investor]).await?;
        let to = to.parse::<DealStage>().map_err(|m| {
            AppError::Invalid(crate::error::FieldErrors::single(
                "to",
                format!("\"{to}\" {m}"),
            ))
        })?;
        let pipeline = pipelines::move_deal(&state.db, &investor, id, to).await?;
        leptos_axum::redirect(&format!("/pipelines/{pipeline}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "pipelines/note", output = crate::api::encoding::TextJson)]
pub async fn add_deal_note(id: i64, body: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let investor = auth::require_role(&[Role::Investor]).await?;
        let pipeline = pipelines::add_note(&state.db, &investor, id, &body).await?;
        // Back to the same card with its notes open, so the saved note is in view.
        leptos_axum::redirect(&format!("/pipelines/{pipeline}?notes={id}#deal-{id}"));
        Ok(())
    })
    .await
}
