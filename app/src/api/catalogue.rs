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
    /// A founder looks at an EDF topic: the page offers "Build a consortium".
    #[serde(default)]
    pub can_build_consortium: bool,
    /// The description around the searched words (empty without a text search).
    #[serde(default)]
    pub snippet: Vec<crate::api::search::Segment>,
}

/// One page of the catalogue after filtering, how many entries matched in all, and whether
/// the caller may add entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueList {
    pub entries: Vec<OpportunityView>,
    /// Entries that matched the filters, on every page.
    pub total: usize,
    /// This page, counted from 1.
    pub page: u32,
    pub per_page: u32,
    pub can_edit: bool,
}

impl CatalogueList {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(self.per_page.max(1) as usize).max(1)) as u32
    }
}

/// Entries per catalogue page: a page of cards is a screenful or two, and the page's HTML and
/// its hydration data stay small however large the catalogue grows.
pub const CATALOGUE_PAGE_SIZE: u32 = 25;

#[cfg(feature = "ssr")]
async fn caller_is_staff() -> Result<bool, AppError> {
    Ok(auth::current_user()
        .await?
        .is_some_and(|u| u.role.is_staff()))
}

/// Public: free text `q`; filters `kind` (edf_call, diana_challenge, investor), `open` ("1":
/// open today), `trl` (1–9, inside the entry's TRL window), `country` (eligible ISO code);
/// `sort` (relevance — the default with text —, deadline, deadline_desc, title); `page` (from 1,
/// [`CATALOGUE_PAGE_SIZE`] entries each).
#[server(prefix = "/api", endpoint = "catalogue/list", output = crate::api::encoding::TextJson)]
pub async fn list_opportunities(
    kind: Option<String>,
    open: Option<String>,
    sort: Option<String>,
    q: Option<String>,
    trl: Option<String>,
    country: Option<String>,
    page: Option<u32>,
) -> Result<CatalogueList, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let mut errors = FieldErrors::new();
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let kind = given(&kind).and_then(|k| errors.check("kind", k.parse()));
        let trl = given(&trl).and_then(|t| errors.check("trl", crate::domain::trl::Trl::parse(&t)));
        let country = given(&country)
            .and_then(|c| errors.check("country", crate::domain::country::CountryCode::parse(&c)));
        let text = given(&q).unwrap_or_default();
        if text.chars().count() > 500 {
            errors.add("q", "must be at most 500 characters");
        }
        let sort = match given(&sort).as_deref() {
            None if !text.is_empty() => None,
            None | Some("deadline") => Some(catalogue::CatalogueSort::DeadlineSoonest),
            Some("relevance") => None,
            Some("deadline_desc") => Some(catalogue::CatalogueSort::DeadlineLatest),
            Some("title") => Some(catalogue::CatalogueSort::Title),
            Some(_) => {
                errors.add(
                    "sort",
                    "must be one of: relevance, deadline, deadline_desc, title",
                );
                None
            }
        };
        let page = page.unwrap_or(1);
        crate::domain::limits::check_range(
            &mut errors,
            "page",
            page,
            1,
            crate::domain::limits::MAX_SEARCH_PAGE,
        );
        errors.into_result()?;
        let today = chrono::Utc::now().date_naive();
        let open_only = open.as_deref().is_some_and(|o| !o.is_empty() && o != "0");
        let can_edit = caller_is_staff().await?;
        let mut found: Vec<(OpportunityRecord, Vec<crate::api::search::Segment>)> =
            if text.is_empty() {
                let filter = catalogue::CatalogueFilter {
                    kind,
                    open_on: None,
                    sort: sort.unwrap_or_default(),
                };
                catalogue::list(&state.db, &filter)
                    .await?
                    .into_iter()
                    .map(|r| (r, Vec::new()))
                    .collect()
            } else {
                let hits = crate::server::search::catalogue::search(
                    &*state.search.generation()?,
                    &text,
                    kind,
                )?;
                hits.into_iter()
                    .map(|(r, _, snippet)| (r, snippet))
                    .collect()
            };
        found.retain(|(r, _)| {
            (!open_only || r.is_open(today))
                && trl.is_none_or(|t| {
                    r.trl_min.is_none_or(|m| t >= m) && r.trl_max.is_none_or(|m| t <= m)
                })
                && country.as_ref().is_none_or(|c| {
                    r.eligible_countries.is_empty() || r.eligible_countries.contains(c)
                })
        });
        if let (false, Some(order)) = (text.is_empty(), sort) {
            match order {
                catalogue::CatalogueSort::DeadlineSoonest => {
                    found.sort_by_key(|(r, _)| (r.deadline.is_none(), r.deadline))
                }
                catalogue::CatalogueSort::DeadlineLatest => found
                    .sort_by_key(|(r, _)| (r.deadline.is_none(), std::cmp::Reverse(r.deadline))),
                catalogue::CatalogueSort::Title => found.sort_by(|a, b| a.0.title.cmp(&b.0.title)),
            }
        }
        let total = found.len();
        let entries = found
            .into_iter()
            .skip((page as usize - 1) * CATALOGUE_PAGE_SIZE as usize)
            .take(CATALOGUE_PAGE_SIZE as usize)
            .map(|(record, snippet)| OpportunityView {
                open: record.is_open(today),
                sme_only: record.details.sme_only(),
                can_edit,
                can_build_consortium: false,
                snippet,
                record,
            })
            .collect();
        Ok(CatalogueList {
            entries,
            total,
            page,
            per_page: CATALOGUE_PAGE_SIZE,
            can_edit,
        })
    })
    .await
}

/// Public: one entry.
#[server(prefix = "/api", endpoint = "catalogue/get", output = crate::api::encoding::TextJson)]
pub async fn opportunity(id: String) -> Result<OpportunityView, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let record = catalogue::get(&state.db, &id)
            .await?
            .ok_or(AppError::NotFound)?;
        let today = chrono::Utc::now().date_naive();
        let caller = auth::current_user().await?;
        Ok(OpportunityView {
            open: record.is_open(today),
            sme_only: record.details.sme_only(),
            can_edit: caller.as_ref().is_some_and(|u| u.role.is_staff()),
            can_build_consortium: record.kind
                == crate::domain::opportunity::OpportunityKind::EdfCall
                && caller.is_some_and(|u| u.role == Role::Founder),
            snippet: Vec::new(),
            record,
        })
    })
    .await
}

/// The edit form's values (officers and admins).
#[server(prefix = "/api", endpoint = "catalogue/form", output = crate::api::encoding::TextJson)]
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
#[server(prefix = "/api", endpoint = "catalogue/save", output = crate::api::encoding::TextJson)]
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
