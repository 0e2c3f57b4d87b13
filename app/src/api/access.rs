//! Access to confidential details: investors request it, founders grant, deny or revoke it.

use crate::domain::access::AccessStatus;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::{access::AccessDecision, account::Role},
    server::{access, auth, http::respond, AppState},
};

/// A request as its founder sees it, with what they must know before granting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestView {
    pub id: i64,
    pub investor: String,
    pub country: String,
    pub status: AccessStatus,
    pub message: String,
    pub requested_at: String,
    /// The foreign-investment notice, when the investor is based or controlled outside the
    /// EU/EEA/NATO.
    pub notice: Option<String>,
    /// Why the request cannot be granted under the export-control rule (export-controlled or
    /// unassessed technology, investor based or controlled outside the EU/EEA/NATO).
    pub export_blocked: Option<String>,
}

#[server(prefix = "/api", endpoint = "access/request", output = crate::api::encoding::TextJson)]
pub async fn request_access(
    technology_id: i64,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let investor = auth::require_verified(&[Role::Investor]).await?;
        access::request(&state.db, &state.config, &investor, technology_id, &message).await?;
        state.mail.wake();
        leptos_axum::redirect(&format!("/technologies/{technology_id}"));
        Ok(())
    })
    .await
}

/// `decision`: `grant`, `deny` or `revoke`.
#[server(prefix = "/api", endpoint = "access/decide", output = crate::api::encoding::TextJson)]
pub async fn decide_access(id: i64, decision: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_role(&[Role::Founder]).await?;
        let decision = match decision.as_str() {
            "grant" => AccessDecision::Grant,
            "deny" => AccessDecision::Deny,
            "revoke" => AccessDecision::Revoke,
            _ => {
                return Err(AppError::Invalid(crate::error::FieldErrors::single(
                    "decision",
                    "must be grant, deny or revoke",
                )))
            }
        };
        let technology_id =
            access::decide(&state.db, &state.config, &founder, id, decision).await?;
        state.mail.wake();
        leptos_axum::redirect(&format!("/technologies/{technology_id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "access/requests", output = crate::api::encoding::TextJson)]
pub async fn access_requests(technology_id: i64) -> Result<Vec<AccessRequestView>, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let founder = auth::require_role(&[Role::Founder]).await?;
        access::for_technology(&state.db, &founder, technology_id).await
    })
    .await
}
