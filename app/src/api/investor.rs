//! An investor's organisation: who it is, its own thesis, and its link to the catalogue entry
//! that describes it.

use crate::domain::investor::InvestorOrgForm;
use crate::domain::thesis::ThesisForm;
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
    pub thesis: ThesisForm,
    /// Set when the thesis shown is the linked catalogue entry's (the organisation has not
    /// saved its own yet): that entry's title.
    pub thesis_from_catalogue: Option<String>,
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
        let current = match organisations::of_user(&state.db, user.id).await? {
            Some(org) => {
                let own = organisations::own_thesis(&org)?;
                let listed = match (&own, &org.catalogue_investor_id) {
                    (None, Some(id)) => catalogue::get(&state.db, id)
                        .await?
                        .and_then(|r| r.details.thesis.clone().map(|t| (r.title, t))),
                    _ => None,
                };
                let thesis = own.as_ref().or(listed.as_ref().map(|(_, t)| t));
                Some(InvestorOrgView {
                    thesis: ThesisForm {
                        text: org.thesis_text.clone().unwrap_or_default(),
                        ..thesis.map(ThesisForm::from_thesis).unwrap_or_default()
                    },
                    thesis_from_catalogue: listed.as_ref().map(|(title, _)| title.clone()),
                    form: InvestorOrgForm {
                        name: org.legal_name,
                        country: org.country,
                        website: org.website.unwrap_or_default(),
                        catalogue_investor_id: org.catalogue_investor_id.unwrap_or_default(),
                        controlling_country: org.controlled_from.unwrap_or_default(),
                    },
                })
            }
            None => None,
        };
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
pub async fn save_investor_org(
    form: InvestorOrgForm,
    #[server(default)] thesis: Option<ThesisForm>,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Investor]).await?;
        let profile = form.parse(thesis.as_ref()).map_err(AppError::Invalid)?;
        organisations::save_investor_org(&state.db, user.id, &profile).await?;
        leptos_axum::redirect("/investor/organisation?saved=1");
        Ok(())
    })
    .await
}
