//! A founder's company profile, with its computed SME status and EDF eligibility.

use crate::api::technologies::CompanySummary;
use crate::domain::company::CompanyForm;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{
        auth, http::respond, organisations, organisations::company_profile, visibility, AppState,
    },
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyView {
    /// The stored values, in the form's shape, for editing.
    pub form: CompanyForm,
    /// `None` until the company is saved.
    pub summary: Option<CompanySummary>,
}

#[server(prefix = "/api", endpoint = "company/mine", output = crate::api::encoding::TextJson)]
pub async fn my_company() -> Result<Option<CompanyView>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        let Some(org) = organisations::of_user(&state.db, user.id).await? else {
            return Ok(None);
        };
        let p = company_profile(&org)?;
        Ok(Some(CompanyView {
            form: CompanyForm {
                legal_name: p.legal_name.clone(),
                country: p.country.as_str().to_owned(),
                city: p.city.clone(),
                website: p.website.clone().unwrap_or_default(),
                year_founded: p.year_founded.to_string(),
                headcount: p.headcount.to_string(),
                turnover_eur: p.turnover_eur.to_string(),
                balance_sheet_eur: p.balance_sheet_eur.to_string(),
                foreign_controlled: p.controlled_from.as_ref().map(|_| "yes".to_owned()),
                controlling_country: p
                    .controlled_from
                    .as_ref()
                    .map(|c| c.as_str().to_owned())
                    .unwrap_or_default(),
                // A company that never said is shown what its figures say.
                entity_type: p.entity_type_or_figures().slug().to_owned(),
                parent_group: p.parent_group.clone().unwrap_or_default(),
            },
            summary: Some(visibility::company_summary(&org)?),
        }))
    })
    .await
}

#[server(prefix = "/api", endpoint = "company/save", output = crate::api::encoding::TextJson)]
pub async fn save_company(form: CompanyForm) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        let year = chrono::Datelike::year(&chrono::Utc::now()) as u16;
        let result = match form.parse(year) {
            Ok(profile) => organisations::save_company(&state.db, user.id, &profile).await,
            Err(errors) => Err(AppError::Invalid(errors)),
        };
        result?;
        leptos_axum::redirect("/company?saved=1");
        Ok(())
    })
    .await
}
