//! The first-run checklist on each role's landing page (founders: company → first technology →
//! submit → matches; investors: organisation → thesis → first saved search). It disappears when
//! every step is done, or when its owner hides it.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{auth, http::respond, onboarding, AppState};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistStep {
    pub label: String,
    /// One line on why the step matters.
    pub why: String,
    pub done: bool,
    /// Where the step is done.
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub steps: Vec<ChecklistStep>,
}

impl Checklist {
    pub fn done_count(&self) -> usize {
        self.steps.iter().filter(|s| s.done).count()
    }
}

/// The caller's checklist; `None` once it is complete or hidden, and for roles without one.
#[server(prefix = "/api", endpoint = "onboarding/checklist", output = crate::api::encoding::TextJson)]
pub async fn first_run_checklist() -> Result<Option<Checklist>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        onboarding::checklist(&state.db, &user).await
    })
    .await
}

/// Hides the caller's checklist for good. `back` is where a plain form post returns to.
#[server(prefix = "/api", endpoint = "onboarding/hide", output = crate::api::encoding::TextJson)]
pub async fn hide_checklist(#[server(default)] back: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        onboarding::hide(&state.db, &user).await?;
        leptos_axum::redirect(&crate::server::http::safe_return_path(&back, "/"));
        Ok(())
    })
    .await
}
