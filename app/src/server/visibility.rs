//! The one place that decides what of a technology a caller may see, and builds what leaves the
//! server accordingly. Confidential details, the export-control classification, the TRL
//! evidence and history never reach a caller without full access.

use crate::api::technologies::{
    CompanySummary, RestrictedDetails, TechnologyRow, TechnologyView, TrlEntry,
};
use crate::domain::account::Role;
use crate::domain::technology::TechStatus;
use crate::error::AppError;
use crate::server::auth::CurrentUser;
use crate::server::entities::{organisations, trl_assessments};
use crate::server::organisations::company_profile;
use crate::server::technologies::StoredTechnology;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Members of the owning company, and programme staff.
    Full,
    /// Investors whose organisation the founder granted access: the confidential details
    /// too (export-controlled ones only when the investor is based in the EU/EEA or NATO).
    Granted,
    /// Investors: the public description of submitted technologies.
    Public,
}

/// What `viewer` may see of `tech`; `None` means it must look as if it did not exist.
pub fn access(
    viewer: &CurrentUser,
    viewer_organisation: Option<i64>,
    tech: &StoredTechnology,
) -> Option<Access> {
    if viewer_organisation == Some(tech.organisation_id) && viewer.role == Role::Founder {
        return Some(Access::Full);
    }
    let was_submitted = tech.status == TechStatus::Submitted
        || (tech.status == TechStatus::Archived && tech.submitted_at.is_some());
    match viewer.role {
        Role::Officer | Role::Admin if was_submitted => Some(Access::Full),
        Role::Investor if tech.status == TechStatus::Submitted => Some(Access::Public),
        _ => None,
    }
}

/// Loads a technology, its company and what `viewer` may see of it — the one way server
/// functions fetch a technology for a caller. Invisible and missing both read as "not found".
pub async fn load_visible(
    db: &sea_orm::DatabaseConnection,
    viewer: &CurrentUser,
    id: i64,
) -> Result<(StoredTechnology, organisations::Model, Access), AppError> {
    let tech = crate::server::technologies::find(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer_org = crate::server::organisations::of_user(db, viewer.id)
        .await?
        .map(|o| o.id);
    let mut access = access(viewer, viewer_org, &tech).ok_or(AppError::NotFound)?;
    if access == Access::Public {
        if let Some(investor) = crate::server::organisations::of_user(db, viewer.id).await? {
            // The grant is checked against the export-control rule again on every read: a
            // classification added after the grant closes the details at once.
            if crate::server::access::is_granted(db, investor.id, tech.id).await?
                && crate::server::access::export_rule_allows(&tech, &investor)
            {
                access = Access::Granted;
            }
        }
    }
    let org = crate::server::organisations::get(db, tech.organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tech, org, access))
}

pub fn company_summary(org: &organisations::Model) -> Result<CompanySummary, AppError> {
    let profile = company_profile(org)?;
    Ok(CompanySummary {
        name: profile.legal_name.clone(),
        country: profile.country.clone(),
        country_name: profile.country.name().to_owned(),
        city: profile.city.clone(),
        website: profile.website.clone(),
        entity_type: profile.entity_type_or_figures(),
        is_sme: profile.is_sme(),
        edf: profile.edf_eligibility(),
    })
}

pub fn view(
    tech: StoredTechnology,
    org: &organisations::Model,
    access: Access,
    viewer: &CurrentUser,
    history: Vec<trl_assessments::Model>,
) -> Result<TechnologyView, AppError> {
    let d = tech.draft;
    let restricted = match access {
        Access::Full | Access::Granted => Some(RestrictedDetails {
            confidential_details: d.confidential_details,
            export_control: d.export_control,
            trl_evidence: d.trl_evidence,
            trl_history: history
                .into_iter()
                .map(|h| TrlEntry {
                    trl: h.trl as u8,
                    evidence: h.evidence,
                    verified: h.verified,
                    by: h.assessed_by_name,
                    at: h.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                })
                .collect(),
        }),
        Access::Public => None,
    };
    let is_owner = access == Access::Full && viewer.role == Role::Founder;
    Ok(TechnologyView {
        id: tech.id,
        title: d.title,
        summary: d.summary,
        civil_applications: d.civil_applications,
        defence_applications: d.defence_applications,
        trl: d.trl,
        trl_verified: tech.trl_verified,
        areas: d.areas,
        keywords: d.keywords,
        ip_status: d.ip_status,
        seeks: d.seeks,
        funding_sought_eur: d.funding_sought_eur,
        status: tech.status,
        updated_at: tech.updated_at.format("%Y-%m-%d").to_string(),
        company: company_summary(org)?,
        restricted,
        can_edit: is_owner,
        can_verify: viewer.role.is_staff() && tech.status == TechStatus::Submitted,
        is_staff: viewer.role.is_staff(),
        demonstrated: false,
        access_request: None,
        in_pipelines: Vec::new(),
    })
}

/// A line of a list: only public fields, whoever looks.
pub fn row(tech: &StoredTechnology, org: &organisations::Model) -> TechnologyRow {
    TechnologyRow {
        id: tech.id,
        title: tech.draft.title.clone(),
        summary: tech.draft.summary.clone(),
        trl: tech.draft.trl,
        trl_verified: tech.trl_verified,
        areas: tech.draft.areas.clone(),
        status: tech.status,
        updated_at: tech.updated_at.format("%Y-%m-%d").to_string(),
        company_name: org.legal_name.clone(),
        country: org.country.clone(),
    }
}

/// The public columns of a list line, read in one query with the company's name and country.
#[derive(Debug, sea_orm::FromQueryResult)]
struct PublicColumns {
    id: i64,
    title: String,
    summary: String,
    trl: i16,
    trl_verified: bool,
    areas: String,
    status: String,
    updated_at: chrono::DateTime<chrono::Utc>,
    company_name: String,
    country: String,
}

/// List lines for `ids` (those that exist), by id: one query that reads only public columns, so
/// confidential text is never even loaded for a list (search results, for example).
pub async fn rows(
    db: &sea_orm::DatabaseConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, TechnologyRow>, AppError> {
    use crate::server::entities::technologies;
    use crate::server::technologies::{corrupt, split};
    use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationDef};
    use technologies::Column as T;
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let company: RelationDef = technologies::Entity::belongs_to(organisations::Entity)
        .from(T::OrganisationId)
        .to(organisations::Column::Id)
        .into();
    let found = technologies::Entity::find()
        .select_only()
        .columns([
            T::Id,
            T::Title,
            T::Summary,
            T::Trl,
            T::TrlVerified,
            T::Areas,
            T::Status,
            T::UpdatedAt,
        ])
        .column_as(organisations::Column::LegalName, "company_name")
        .column_as(organisations::Column::Country, "country")
        .join(JoinType::InnerJoin, company)
        .filter(T::Id.is_in(ids.iter().copied()))
        .into_model::<PublicColumns>()
        .all(db)
        .await?;
    found
        .into_iter()
        .map(|c| {
            let id = c.id;
            let row = TechnologyRow {
                id: c.id,
                trl: u8::try_from(c.trl)
                    .ok()
                    .and_then(|t| crate::domain::trl::Trl::try_from(t).ok())
                    .ok_or_else(|| corrupt(id, "trl"))?,
                areas: split(&c.areas).map_err(|_| corrupt(id, "areas"))?,
                status: c.status.parse().map_err(|_| corrupt(id, "status"))?,
                updated_at: c.updated_at.format("%Y-%m-%d").to_string(),
                trl_verified: c.trl_verified,
                title: c.title,
                summary: c.summary,
                company_name: c.company_name,
                country: c.country,
            };
            Ok((row.id, row))
        })
        .collect()
}
