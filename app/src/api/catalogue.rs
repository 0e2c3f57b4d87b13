//! The public opportunity catalogue, and officers' editing of its entries.

use crate::domain::opportunity::{OpportunityForm, OpportunityRecord};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::{account::Role, opportunity::OpportunityDetails},
    error::FieldErrors,
    server::{auth, catalogue, http::respond, AppState},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityView {
    pub record: OpportunityRecord,
    pub open: bool,
    pub sme_only: bool,
    pub can_edit: bool,
}

/// The catalogue page: entries after filtering, and whether the caller may add entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueList {
    pub entries: Vec<OpportunityView>,
    pub can_edit: bool,
}

#[cfg(feature = "ssr")]
async fn caller_is_staff() -> Result<bool, AppError> {
    Ok(auth::current_user()
        .await?
        .is_some_and(|u| u.role.is_staff()))
}

/// Public: filter by `kind` (edf_call, diana_challenge, investor), `open` ("1": open today),
/// `sort` (deadline, deadline_desc, title).
#[server(prefix = "/api", endpoint = "catalogue/list")]
pub async fn list_opportunities(
    kind: Option<String>,
    open: Option<String>,
    sort: Option<String>,
) -> Result<CatalogueList, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let mut errors = FieldErrors::new();
        let kind = match kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => errors.check("kind", k.parse()),
        };
        let sort = match sort.as_deref().map(str::trim).unwrap_or("deadline") {
            "" | "deadline" => catalogue::CatalogueSort::DeadlineSoonest,
            "deadline_desc" => catalogue::CatalogueSort::DeadlineLatest,
            "title" => catalogue::CatalogueSort::Title,
            _ => {
                errors.add("sort", "must be one of: deadline, deadline_desc, title");
                catalogue::CatalogueSort::DeadlineSoonest
            }
        };
        errors.into_result()?;
        let today = chrono::Utc::now().date_naive();
        let open_only = open.as_deref().is_some_and(|o| !o.is_empty() && o != "0");
        let filter = catalogue::CatalogueFilter {
            kind,
            open_on: open_only.then_some(today),
            sort,
        };
        let can_edit = caller_is_staff().await?;
        let entries = catalogue::list(&state.db, &filter)
            .await?
            .into_iter()
            .map(|record| OpportunityView {
                open: record.is_open(today),
                sme_only: record.details.sme_only(),
                can_edit,
                record,
            })
            .collect();
        Ok(CatalogueList { entries, can_edit })
    })
    .await
}

/// Public: one entry.
#[server(prefix = "/api", endpoint = "catalogue/get")]
pub async fn opportunity(id: String) -> Result<OpportunityView, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let record = catalogue::get(&state.db, &id)
            .await?
            .ok_or(AppError::NotFound)?;
        let today = chrono::Utc::now().date_naive();
        Ok(OpportunityView {
            open: record.is_open(today),
            sme_only: record.details.sme_only(),
            can_edit: caller_is_staff().await?,
            record,
        })
    })
    .await
}

/// The edit form's values (officers and admins).
#[server(prefix = "/api", endpoint = "catalogue/form")]
pub async fn opportunity_for_edit(id: String) -> Result<OpportunityForm, AppError> {
    respond(async move {
        let state = AppState::current()?;
        auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let record = catalogue::get(&state.db, &id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(OpportunityForm::from_record(&record))
    })
    .await
}

/// Creates (`original_id` empty) or updates an entry (officers and admins).
#[server(prefix = "/api", endpoint = "catalogue/save")]
pub async fn save_opportunity(
    original_id: Option<String>,
    form: OpportunityForm,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        let original_id = original_id.filter(|s| !s.trim().is_empty());
        let keep = match &original_id {
            Some(id) => {
                catalogue::get(&state.db, id)
                    .await?
                    .ok_or(AppError::NotFound)?
                    .details
            }
            None => OpportunityDetails::default(),
        };
        let record = form.parse(&keep).map_err(AppError::Invalid)?;
        catalogue::save(&state.db, original_id.as_deref(), &record).await?;
        tracing::info!(user.id = user.id, opportunity.id = %record.id, "catalogue entry saved");
        leptos_axum::redirect(&format!("/opportunities/{}?saved=1", record.id));
        Ok(())
    })
    .await
}
