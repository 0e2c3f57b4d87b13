//! The programme officer's overview.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{accounts, auth, http::respond, AppState},
};

/// Headline numbers for programme staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub founders: u64,
    pub investors: u64,
    pub unverified_accounts: u64,
    /// Enrolments per incubation stage across all programmes, in stage order.
    pub funnel: Vec<(crate::domain::incubation::Stage, u64)>,
}

/// Officers and admins only.
#[server(prefix = "/api", endpoint = "officer/overview", output = crate::api::encoding::TextJson)]
pub async fn officer_overview() -> Result<Overview, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require_role(&[Role::Officer, Role::Admin]).await?;
        Ok(Overview {
            founders: accounts::count_by_role(&state.db, Role::Founder).await?,
            investors: accounts::count_by_role(&state.db, Role::Investor).await?,
            unverified_accounts: accounts::count_unverified(&state.db).await?,
            funnel: crate::server::incubation::programmes::funnel(&state.db).await?,
        })
    })
    .await
}
