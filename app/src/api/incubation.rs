//! Incubation programmes: programmes, enrolments and their stage moves, screening scores,
//! milestones with tranches, and the officers' board.

use crate::domain::incubation::{
    AdoptionClock, Criterion, MilestoneForm, MilestoneStatus, ProgrammeForm, RubricForm, Stage,
};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{
        auth,
        http::{respond, safe_return_path},
        incubation::{enrolments, milestones, programmes},
        AppState,
    },
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeSummary {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub open_for_applications: bool,
    pub enrolments: u64,
}

/// A card on the board: one enrolment, how long it has been in its stage, where it may go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolmentCard {
    pub id: i64,
    pub technology_id: i64,
    pub technology_title: String,
    pub company_name: String,
    pub stage: Stage,
    pub days_in_stage: i64,
    pub clock: Option<AdoptionClock>,
    pub demonstrated: bool,
    /// The company took the technology back (to draft or into its archive).
    pub withdrawn_by_company: bool,
    /// Moves the caller may make from here (forward moves and rejection for officers).
    pub moves: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub programme: ProgrammeSummary,
    /// One column per stage, in stage order; long columns cut (`domain::limits::BOARD_COLUMN_CARDS`).
    pub columns: Vec<(Stage, Vec<EnrolmentCard>)>,
    /// Cards not shown, per cut column.
    #[serde(default)]
    pub hidden: Vec<(Stage, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveEntry {
    pub from: Option<Stage>,
    pub to: Stage,
    pub reason: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreEntry {
    pub officer: String,
    pub scores: Vec<(Criterion, u8)>,
    pub average: f32,
    pub comment: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub id: i64,
    pub title: String,
    pub due_on: String,
    pub tranche_eur: Option<u64>,
    pub is_demonstration: bool,
    pub status: MilestoneStatus,
    pub evidence: String,
    pub decision_reason: String,
    pub overdue: bool,
    /// "EUR 150k on 2026-11-22 by …" once the tranche was released.
    pub released: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolmentView {
    pub id: i64,
    pub programme_id: i64,
    pub programme_name: String,
    pub technology_id: i64,
    pub technology_title: String,
    /// The company took the technology back (to draft or into its archive).
    pub withdrawn_by_company: bool,
    /// The caller may open the technology's page (officers cannot see a draft).
    pub can_open_technology: bool,
    pub company_name: String,
    pub stage: Stage,
    pub stage_since: String,
    pub days_in_stage: i64,
    pub clock: Option<AdoptionClock>,
    pub demonstrated: bool,
    pub history: Vec<MoveEntry>,
    pub scores: Vec<ScoreEntry>,
    /// Mean of every officer's average, when scored.
    pub average_score: Option<f32>,
    pub milestones: Vec<MilestoneView>,
    pub moves: Vec<Stage>,
    /// The caller is programme staff (scores, moves, milestone decisions).
    pub is_officer: bool,
    /// The caller belongs to the enrolled company (evidence, withdrawal).
    pub is_founder: bool,
}

/// A technology's enrolments, for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologyEnrolment {
    pub id: i64,
    pub programme_name: String,
    pub stage: Stage,
    pub stage_since: String,
}

/// Officers see every programme; founders the ones open for applications.
#[server(prefix = "/api", endpoint = "programmes/list", output = crate::api::encoding::TextJson)]
pub async fn list_programmes() -> Result<Vec<ProgrammeSummary>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Officer, Role::Admin, Role::Founder]).await?;
        programmes::list(&state.db, user.role == Role::Founder).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "programmes/create", output = crate::api::encoding::TextJson)]
pub async fn create_programme(form: ProgrammeForm) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let officer = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let draft = form.parse().map_err(AppError::Invalid)?;
        let id = programmes::create(&state.db, &officer, &draft).await?;
        leptos_axum::redirect(&format!("/programmes/{id}"));
        Ok(id)
    })
    .await
}

/// The board; each column holds its first cards, `all` names the one column shown whole.
#[server(prefix = "/api", endpoint = "programmes/board", output = crate::api::encoding::TextJson)]
pub async fn programme_board(id: i64, all: Option<Stage>) -> Result<BoardView, AppError> {
    respond(async move {
        let state = AppState::current()?;
        auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let mut board = programmes::board(&state.db, id, chrono::Utc::now()).await?;
        board.hidden = crate::domain::limits::cap_board_columns(&mut board.columns, all);
        Ok(board)
    })
    .await
}

/// An officer enrols a submitted technology; it starts as `applied`.
#[server(prefix = "/api", endpoint = "enrolments/enrol", output = crate::api::encoding::TextJson)]
pub async fn enrol_technology(programme_id: i64, technology_id: i64) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let officer = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let id = enrolments::enrol(
            &state.db,
            Some(&state.config),
            &officer,
            programme_id,
            technology_id,
        )
        .await?;
        state.mail.wake();
        leptos_axum::redirect(&format!("/enrolments/{id}"));
        Ok(id)
    })
    .await
}

/// A founder applies with their submitted technology to an open programme.
#[server(prefix = "/api", endpoint = "enrolments/apply", output = crate::api::encoding::TextJson)]
pub async fn apply_to_programme(programme_id: i64, technology_id: i64) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_verified(&[Role::Founder]).await?;
        let id = enrolments::apply(&state.db, &founder, programme_id, technology_id).await?;
        leptos_axum::redirect(&format!("/enrolments/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "enrolments/get", output = crate::api::encoding::TextJson)]
pub async fn enrolment(id: i64) -> Result<EnrolmentView, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        enrolments::view(&state.db, &user, id, chrono::Utc::now()).await
    })
    .await
}

/// Moves an enrolment to `to` (a stage slug). Officers make every move but withdrawal; the
/// founder may only withdraw. `back` is where a plain form post returns to.
#[server(prefix = "/api", endpoint = "enrolments/move", output = crate::api::encoding::TextJson)]
pub async fn move_enrolment(
    id: i64,
    to: String,
    #[server(default)] reason: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Officer, Role::Admin, Role::Founder]).await?;
        let to = to.parse::<Stage>().map_err(|m| {
            AppError::Invalid(crate::error::FieldErrors::single(
                "to",
                format!("\"{to}\" {m}"),
            ))
        })?;
        enrolments::move_to(&state.db, &state.config, &user, id, to, &reason).await?;
        state.mail.wake();
        leptos_axum::redirect(&safe_return_path(&back, &format!("/enrolments/{id}")));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "enrolments/score", output = crate::api::encoding::TextJson)]
pub async fn score_enrolment(id: i64, form: RubricForm) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let officer = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let rubric = form.parse().map_err(AppError::Invalid)?;
        enrolments::score(&state.db, &officer, id, &rubric).await?;
        leptos_axum::redirect(&format!("/enrolments/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "milestones/add", output = crate::api::encoding::TextJson)]
pub async fn add_milestone(enrolment_id: i64, form: MilestoneForm) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let officer = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let draft = form.parse().map_err(AppError::Invalid)?;
        let id = milestones::add(&state.db, &officer, enrolment_id, &draft).await?;
        leptos_axum::redirect(&format!("/enrolments/{enrolment_id}"));
        Ok(id)
    })
    .await
}

/// The founder submits evidence that a milestone is reached.
#[server(prefix = "/api", endpoint = "milestones/evidence", output = crate::api::encoding::TextJson)]
pub async fn submit_evidence(id: i64, evidence: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_role(&[Role::Founder]).await?;
        let enrolment_id = milestones::submit_evidence(&state.db, &founder, id, &evidence).await?;
        leptos_axum::redirect(&format!("/enrolments/{enrolment_id}"));
        Ok(())
    })
    .await
}

/// An officer verifies submitted evidence (`decision` = `verify`) or sends it back (`return`,
/// with a reason).
#[server(prefix = "/api", endpoint = "milestones/decide", output = crate::api::encoding::TextJson)]
pub async fn decide_milestone(
    id: i64,
    decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let officer = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let verify = match decision.as_str() {
            "verify" => true,
            "return" => false,
            _ => {
                return Err(AppError::Invalid(crate::error::FieldErrors::single(
                    "decision",
                    "must be verify or return",
                )))
            }
        };
        let enrolment_id =
            milestones::decide(&state.db, &state.config, &officer, id, verify, &reason).await?;
        state.mail.wake();
        leptos_axum::redirect(&format!("/enrolments/{enrolment_id}"));
        Ok(())
    })
    .await
}

/// Releases the funding tranche of a verified milestone, once.
#[server(prefix = "/api", endpoint = "milestones/release", output = crate::api::encoding::TextJson)]
pub async fn release_tranche(id: i64) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let officer = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let enrolment_id = milestones::release(&state.db, &officer, id).await?;
        leptos_axum::redirect(&format!("/enrolments/{enrolment_id}"));
        Ok(())
    })
    .await
}

/// The enrolments of one technology: for its company and for officers.
#[server(prefix = "/api", endpoint = "enrolments/for_technology", output = crate::api::encoding::TextJson)]
pub async fn technology_enrolments(
    technology_id: i64,
) -> Result<Vec<TechnologyEnrolment>, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        enrolments::for_technology(&state.db, &user, technology_id).await
    })
    .await
}
