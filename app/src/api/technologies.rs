//! Technologies: a founder's own list and forms, the viewer-filtered detail page, status
//! changes, officer TRL verification, and the deal flow of submitted technologies.

use crate::domain::company::EdfEligibility;
use crate::domain::country::CountryCode;
use crate::domain::critical_area::CriticalArea;
use crate::domain::export_control::ExportControl;
use crate::domain::technology::{IpStatus, Seek, TechStatus, TechnologyForm};
use crate::domain::trl::Trl;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::account::Role,
    server::{auth, http::respond, organisations, technologies, visibility, AppState},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanySummary {
    pub name: String,
    pub country: CountryCode,
    pub country_name: String,
    pub city: String,
    pub website: Option<String>,
    pub entity_type: crate::domain::company::EntityType,
    pub is_sme: bool,
    pub edf: EdfEligibility,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrlEntry {
    pub trl: u8,
    pub evidence: String,
    pub verified: bool,
    pub by: String,
    pub at: String,
}

/// Fields only the owning company and programme staff may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictedDetails {
    pub confidential_details: String,
    pub export_control: ExportControl,
    pub trl_evidence: String,
    pub trl_history: Vec<TrlEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologyView {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub civil_applications: String,
    pub defence_applications: String,
    pub trl: Trl,
    pub trl_verified: bool,
    pub areas: Vec<CriticalArea>,
    pub keywords: Vec<String>,
    pub ip_status: IpStatus,
    pub seeks: Vec<Seek>,
    pub funding_sought_eur: Option<u64>,
    pub status: TechStatus,
    pub updated_at: String,
    pub company: CompanySummary,
    /// `None` unless the caller has full access.
    pub restricted: Option<RestrictedDetails>,
    pub can_edit: bool,
    pub can_verify: bool,
    /// The caller is programme staff.
    pub is_staff: bool,
    /// A verified demonstration milestone earned the "demonstrated" badge.
    pub demonstrated: bool,
    /// For investors: where their organisation's request for the confidential details stands.
    pub access_request: Option<crate::domain::access::AccessStatus>,
    /// For investors: their organisation's pipelines that already hold this technology (left
    /// out entirely for everyone else).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_pipelines: Vec<crate::api::pipelines::PipelineHolding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologyRow {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub trl: Trl,
    pub trl_verified: bool,
    pub areas: Vec<CriticalArea>,
    pub status: TechStatus,
    pub updated_at: String,
    pub company_name: String,
    pub country: String,
}

/// The founder's technologies (any status).
#[server(prefix = "/api", endpoint = "technologies/mine", output = crate::api::encoding::TextJson)]
pub async fn my_technologies() -> Result<Vec<TechnologyRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        let Some(org) = organisations::of_user(&state.db, user.id).await? else {
            return Ok(Vec::new());
        };
        Ok(technologies::list_for_org(&state.db, org.id)
            .await?
            .iter()
            .map(|t| visibility::row(t, &org))
            .collect())
    })
    .await
}

/// One technology, as much of it as the caller may see.
#[server(prefix = "/api", endpoint = "technologies/get", output = crate::api::encoding::TextJson)]
pub async fn technology(id: i64) -> Result<TechnologyView, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        let (tech, org, access) = visibility::load_visible(&state.db, &user, id).await?;
        let history = match access {
            visibility::Access::Full | visibility::Access::Granted => {
                technologies::history(&state.db, id).await?
            }
            visibility::Access::Public => Vec::new(),
        };
        let demonstrated =
            crate::server::incubation::milestones::demonstrated_technologies(&state.db, &[id])
                .await?
                .contains(&id);
        let mut view = visibility::view(tech, &org, access, &user, history)?;
        view.demonstrated = demonstrated;
        view.access_request =
            crate::server::access::status_for_viewer(&state.db, &user, id).await?;
        if user.role == Role::Investor {
            view.in_pipelines = crate::server::pipelines::holding(&state.db, &user, id).await?;
        }
        Ok(view)
    })
    .await
}

/// The edit form's current values; only for members of the owning company.
#[server(prefix = "/api", endpoint = "technologies/form", output = crate::api::encoding::TextJson)]
pub async fn technology_for_edit(id: i64) -> Result<TechnologyForm, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        let d = technologies::owned(&state.db, &user, id).await?.draft;
        let (export_code, export_list_version) = match &d.export_control {
            ExportControl::Listed { code, list_version } => {
                (code.as_str().to_owned(), list_version.clone())
            }
            _ => (String::new(), String::new()),
        };
        Ok(TechnologyForm {
            title: d.title,
            summary: d.summary,
            confidential_details: d.confidential_details,
            civil_applications: d.civil_applications,
            defence_applications: d.defence_applications,
            trl: d.trl.get().to_string(),
            trl_evidence: d.trl_evidence,
            areas: d.areas.iter().map(|a| a.slug().to_owned()).collect(),
            keywords: d.keywords.join(", "),
            export_status: d.export_control.status_slug().to_owned(),
            export_code,
            export_list_version,
            ip_status: d.ip_status.slug().to_owned(),
            seeks: d.seeks.iter().map(|s| s.slug().to_owned()).collect(),
            funding_sought_eur: d
                .funding_sought_eur
                .map(|v| v.to_string())
                .unwrap_or_default(),
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "technologies/create", output = crate::api::encoding::TextJson)]
pub async fn create_technology(form: TechnologyForm) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        let result = match form.parse() {
            Ok(draft) => technologies::create(&state.db, &user, &draft).await,
            Err(errors) => Err(AppError::Invalid(errors)),
        };
        let tech = result?;
        leptos_axum::redirect(&format!("/technologies/{}?saved=1", tech.id));
        Ok(tech.id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "technologies/update", output = crate::api::encoding::TextJson)]
pub async fn update_technology(id: i64, form: TechnologyForm) -> Result<i64, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        let result = match form.parse() {
            Ok(draft) => technologies::update(&state.db, &user, id, &draft).await,
            Err(errors) => Err(AppError::Invalid(errors)),
        };
        result?;
        leptos_axum::redirect(&format!("/technologies/{id}?saved=1"));
        Ok(id)
    })
    .await
}

/// An enrolment still under way: its programme's officers lose sight of a withdrawn technology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenEnrolment {
    pub programme: String,
    pub stage: crate::domain::incubation::Stage,
}

/// Who loses sight of a technology its company takes out of the deal flow, shown before it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalImpact {
    /// Only a submitted technology is in anyone else's sight.
    pub submitted: bool,
    pub programmes: Vec<OpenEnrolment>,
    /// Investor organisations the company granted the confidential details.
    pub granted_investors: Vec<String>,
}

/// For the founder about to withdraw or archive: who will lose sight of the technology.
#[server(prefix = "/api", endpoint = "technologies/who_loses_sight", output = crate::api::encoding::TextJson)]
pub async fn who_loses_sight(id: i64) -> Result<WithdrawalImpact, AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_role(&[Role::Founder]).await?;
        crate::server::withdrawal::impact(&state.db, &user, id).await
    })
    .await
}

/// `submit`, `withdraw` (back to draft), `archive` or `restore`. Submitting makes the
/// technology visible to officers and investors, so it needs a confirmed e-mail address;
/// withdrawing or archiving a submitted one needs `confirmed` (the company saw who loses it).
#[server(prefix = "/api", endpoint = "technologies/status", output = crate::api::encoding::TextJson)]
pub async fn change_technology_status(
    id: i64,
    change: String,
    #[server(default)] confirmed: bool,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let target = match change.as_str() {
            "submit" => TechStatus::Submitted,
            "withdraw" | "restore" => TechStatus::Draft,
            "archive" => TechStatus::Archived,
            _ => {
                return Err(AppError::Invalid(crate::error::FieldErrors::single(
                    "change",
                    "must be one of: submit, withdraw, archive, restore",
                )))
            }
        };
        let user = if target == TechStatus::Submitted {
            auth::require_verified(&[Role::Founder]).await?
        } else {
            auth::require_role(&[Role::Founder]).await?
        };
        technologies::set_status(&state.db, &state.config, &user, id, target, confirmed).await?;
        state.mail.wake();
        leptos_axum::redirect(&format!("/technologies/{id}"));
        Ok(())
    })
    .await
}

/// Officers confirm a submitted technology's TRL: `trl` names the level they checked.
#[server(prefix = "/api", endpoint = "technologies/verify_trl", output = crate::api::encoding::TextJson)]
pub async fn verify_trl(
    id: i64,
    trl: crate::domain::trl::Trl,
    note: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let officer = auth::require_role(&[Role::Officer, Role::Admin]).await?;
        technologies::verify_trl(&state.db, &officer, id, trl, &note).await?;
        leptos_axum::redirect(&format!("/technologies/{id}"));
        Ok(())
    })
    .await
}

/// Submitted technologies, public fields only: the deal flow for investors and officers.
#[server(prefix = "/api", endpoint = "technologies/submitted", output = crate::api::encoding::TextJson)]
pub async fn submitted_technologies() -> Result<Vec<TechnologyRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require_role(&[Role::Investor, Role::Officer, Role::Admin]).await?;
        let mut rows = Vec::new();
        for tech in technologies::list_submitted(&state.db).await? {
            if let Some(org) = organisations::get(&state.db, tech.organisation_id).await? {
                rows.push(visibility::row(&tech, &org));
            }
        }
        Ok(rows)
    })
    .await
}
