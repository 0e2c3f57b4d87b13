//! An investor's organisation and its link to the catalogue entry that describes its thesis.

use crate::domain::investor::InvestorOrgForm;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{auth, catalogue, http::respond, organisations, AppState},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorOrgView {
    pub form: InvestorOrgForm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorOrgPage {
    pub current: Option<InvestorOrgView>,
    /// Investor entries of the catalogue: (id, title).
    pub catalogue: Vec<(String, String)>,
}

#[server(prefix = "/api", endpoint = "investor/organisation", output = crate::api::encoding::TextJson)]
pub async fn my_investor_org() -> Result<InvestorOrgPage, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Investor]).await?;
        let current = organisations::of_user(&state.db, user.id)
            .await?
            .map(|org| InvestorOrgView {
                form: InvestorOrgForm {
                    name: org.legal_name,
                    country: org.country,
                    website: org.website.unwrap_or_default(),
                    catalogue_investor_id: org.catalogue_investor_id.unwrap_or_default(),
                    controlling_country: org.controlled_from.unwrap_or_default(),
                },
            });
        Ok(InvestorOrgPage {
            current,
            catalogue: catalogue::investors(&state.db).await?,
        })
    })
    .await
}

/// Whether the signed-in investor has described their organisation yet (pipelines and access
/// requests need it); pages use it to explain the next step instead of failing.
#[server(prefix = "/api", endpoint = "investor/has_organisation", output = crate::api::encoding::TextJson)]
pub async fn has_investor_org() -> Result<bool, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Investor]).await?;
        Ok(organisations::of_user(&state.read, user.id)
            .await?
            .is_some_and(|o| o.kind == crate::server::entities::organisations::KIND_INVESTOR))
    })
    .await
}

#[server(prefix = "/api", endpoint = "investor/organisation/save", output = crate::api::encoding::TextJson)]
pub async fn save_investor_org(form: InvestorOrgForm) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Investor]).await?;
        let profile = form.parse().map_err(AppError::Invalid)?;
        organisations::save_investor_org(&state.db, user.id, &profile).await?;
        leptos_axum::redirect("/investor/organisation?saved=1");
        Ok(())
    })
    .await
}
