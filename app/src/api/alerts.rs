//! Saved searches with their daily digest (officers and investors), the signed-out unsubscribe
//! link, and founders' bookmarks of opportunities (deadline reminders).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{alerts, auth, http::respond, AppState},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearchView {
    pub id: i64,
    pub name: String,
    /// The search page with this search filled in.
    pub link: String,
    pub digest: bool,
}

/// `query` is the search page's query string. `digest` is a checkbox: present when ticked.
#[server(prefix = "/api", endpoint = "saved_searches/create", output = crate::api::encoding::TextJson)]
pub async fn save_search(
    name: String,
    query: String,
    #[server(default)] digest: Option<String>,
) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Officer, Role::Admin, Role::Investor]).await?;
        let id = alerts::save_search(&state.db, &user, &name, &query, digest.is_some()).await?;
        leptos_axum::redirect("/saved-searches?saved=1");
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "saved_searches/list", output = crate::api::encoding::TextJson)]
pub async fn saved_searches() -> Result<Vec<SavedSearchView>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Officer, Role::Admin, Role::Investor]).await?;
        alerts::list_searches(&state.db, &user).await
    })
    .await
}

/// `change`: `digest_on`, `digest_off` or `delete`.
#[server(prefix = "/api", endpoint = "saved_searches/change", output = crate::api::encoding::TextJson)]
pub async fn change_saved_search(id: i64, change: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Officer, Role::Admin, Role::Investor]).await?;
        match change.as_str() {
            "digest_on" => alerts::set_digest(&state.db, &user, id, true).await?,
            "digest_off" => alerts::set_digest(&state.db, &user, id, false).await?,
            "delete" => alerts::delete_search(&state.db, &user, id).await?,
            _ => {
                return Err(AppError::Invalid(crate::error::FieldErrors::single(
                    "change",
                    "must be digest_on, digest_off or delete",
                )))
            }
        }
        leptos_axum::redirect("/saved-searches");
        Ok(())
    })
    .await
}

/// The name of the saved search an unsubscribe link points to (no sign-in needed).
#[server(prefix = "/api", endpoint = "unsubscribe/info", output = crate::api::encoding::TextJson)]
pub async fn unsubscribe_info(token: String) -> Result<String, AppError> {
    respond(async move {
        let state = AppState::current()?;
        Ok(alerts::search_for_token(&state.db, &token).await?.name)
    })
    .await
}

#[server(prefix = "/api", endpoint = "unsubscribe", output = crate::api::encoding::TextJson)]
pub async fn unsubscribe(token: String) -> Result<String, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let name = alerts::unsubscribe(&state.db, &token).await?;
        leptos_axum::redirect(&format!(
            "/unsubscribe?done=1&token={}",
            crate::ui::components::errors::urlencode(&token)
        ));
        Ok(name)
    })
    .await
}

#[server(prefix = "/api", endpoint = "bookmarks/set", output = crate::api::encoding::TextJson)]
pub async fn set_bookmark(opportunity_id: String, on: bool) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        alerts::set_bookmark(&state.db, &user, &opportunity_id, on).await?;
        leptos_axum::redirect(&format!(
            "/opportunities/{}",
            crate::ui::components::errors::urlencode(&opportunity_id)
        ));
        Ok(())
    })
    .await
}

/// Whether the signed-in founder bookmarked an opportunity (`None` for everyone else).
#[server(prefix = "/api", endpoint = "bookmarks/get", output = crate::api::encoding::TextJson)]
pub async fn bookmark_state(opportunity_id: String) -> Result<Option<bool>, AppError> {
    respond(async move {
        let state = AppState::current()?;
        match auth::current_user().await? {
            Some(user) if user.role == Role::Founder => Ok(Some(
                alerts::is_bookmarked(&state.db, &user, &opportunity_id).await?,
            )),
            _ => Ok(None),
        }
    })
    .await
}
