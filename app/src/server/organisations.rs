//! Organisations and membership: a founder's company, an investor's organisation.

use crate::domain::company::CompanyProfile;
use crate::domain::country::CountryCode;
use crate::domain::investor::InvestorOrgProfile;
use crate::domain::opportunity::{OpportunityKind, OpportunityRecord};
use crate::domain::thesis::InvestorThesis;
use crate::error::{AppError, FieldErrors};
use crate::server::entities::{opportunities, organisation_members, organisations};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait, TryIntoModel,
};

/// The organisation `user_id` belongs to, if any.
pub async fn of_user(
    db: &DatabaseConnection,
    user_id: i64,
) -> Result<Option<organisations::Model>, AppError> {
    let Some(member) = organisation_members::Entity::find_by_id(user_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(organisations::Entity::find_by_id(member.organisation_id)
        .one(db)
        .await?)
}

pub async fn get(
    db: &DatabaseConnection,
    id: i64,
) -> Result<Option<organisations::Model>, AppError> {
    Ok(organisations::Entity::find_by_id(id).one(db).await?)
}

/// Reads a company row back into the validated profile.
pub fn company_profile(m: &organisations::Model) -> Result<CompanyProfile, AppError> {
    let corrupt =
        || crate::internal_error!(organisation.id = m.id, "stored company cannot be read");
    let non_negative = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok()).ok_or_else(corrupt);
    Ok(CompanyProfile {
        legal_name: m.legal_name.clone(),
        country: CountryCode::parse(&m.country).map_err(|_| corrupt())?,
        city: m.city.clone().unwrap_or_default(),
        website: m.website.clone(),
        year_founded: m
            .year_founded
            .and_then(|y| u16::try_from(y).ok())
            .ok_or_else(corrupt)?,
        headcount: non_negative(m.headcount)?,
        turnover_eur: non_negative(m.turnover_eur)?,
        balance_sheet_eur: non_negative(m.balance_sheet_eur)?,
        controlled_from: m
            .controlled_from
            .as_deref()
            .map(CountryCode::parse)
            .transpose()
            .map_err(|_| corrupt())?,
        entity_type: m
            .entity_type
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|_: String| corrupt())?,
        parent_group: m.parent_group.clone(),
    })
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Creates the caller's organisation of `kind` (making them its member) or updates it, with
/// `fill` setting the profile columns. An account in an organisation of another kind is refused.
async fn save_own(
    db: &DatabaseConnection,
    user_id: i64,
    kind: &str,
    fill: impl FnOnce(&mut organisations::ActiveModel),
) -> Result<organisations::Model, AppError> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let member = organisation_members::Entity::find_by_id(user_id)
        .one(&txn)
        .await?;
    let existing = match &member {
        Some(m) => {
            organisations::Entity::find_by_id(m.organisation_id)
                .one(&txn)
                .await?
        }
        None => None,
    };
    let mut active = match existing {
        Some(org) if org.kind == kind => organisations::ActiveModel::from(org),
        Some(_) => return Err(AppError::Forbidden),
        None => organisations::ActiveModel {
            kind: Set(kind.to_owned()),
            created_at: Set(now),
            ..Default::default()
        },
    };
    fill(&mut active);
    active.updated_at = Set(now);
    let org = active.save(&txn).await?.try_into_model()?;
    // Company facts (country, size) are part of every technology's search document.
    crate::server::search::enqueue(&txn, "organisation", org.id).await?;
    if member.is_none() {
        organisation_members::ActiveModel {
            user_id: Set(user_id),
            organisation_id: Set(org.id),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(org)
}

/// Creates or updates the founder's company.
pub async fn save_company(
    db: &DatabaseConnection,
    user_id: i64,
    p: &CompanyProfile,
) -> Result<organisations::Model, AppError> {
    save_own(db, user_id, organisations::KIND_COMPANY, |active| {
        active.legal_name = Set(p.legal_name.clone());
        active.country = Set(p.country.as_str().to_owned());
        active.city = Set(Some(p.city.clone()));
        active.website = Set(p.website.clone());
        active.year_founded = Set(Some(p.year_founded as i32));
        active.headcount = Set(Some(as_i64(p.headcount)));
        active.turnover_eur = Set(Some(as_i64(p.turnover_eur)));
        active.balance_sheet_eur = Set(Some(as_i64(p.balance_sheet_eur)));
        active.controlled_from = Set(p.controlled_from.as_ref().map(|c| c.as_str().to_owned()));
        active.entity_type = Set(p.entity_type.map(|t| t.slug().to_owned()));
        active.parent_group = Set(p.parent_group.clone());
    })
    .await
}

/// Creates or updates an investor's organisation; a catalogue link must name an investor entry.
pub async fn save_investor_org(
    db: &DatabaseConnection,
    user_id: i64,
    p: &InvestorOrgProfile,
) -> Result<organisations::Model, AppError> {
    if let Some(id) = &p.catalogue_investor_id {
        let entry = opportunities::Entity::find_by_id(id.clone())
            .one(db)
            .await?;
        if entry.is_none_or(|e| e.kind != OpportunityKind::Investor.slug()) {
            return Err(AppError::Invalid(FieldErrors::single(
                "catalogue_investor_id",
                "choose an investor from the catalogue, or none",
            )));
        }
    }
    let thesis = match &p.thesis {
        Some(own) => Some((
            own.structured
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| crate::internal_error!(error = %e, "thesis does not serialise"))?,
            own.text.clone(),
        )),
        None => None,
    };
    save_own(db, user_id, organisations::KIND_INVESTOR, |active| {
        active.legal_name = Set(p.name.clone());
        active.country = Set(p.country.as_str().to_owned());
        active.website = Set(p.website.clone());
        active.catalogue_investor_id = Set(p.catalogue_investor_id.clone());
        active.controlled_from = Set(p.controlled_from.as_ref().map(|c| c.as_str().to_owned()));
        // No thesis section sent: what is stored stays.
        if let Some((structured, text)) = thesis {
            active.thesis = Set(structured);
            active.thesis_text = Set(text);
        }
    })
    .await
}

/// The investor entry the deal flow is ranked by: the organisation's own thesis and words when
/// it wrote them, else its catalogue entry's. `None` when it has neither.
pub fn thesis_entry(
    org: &organisations::Model,
    own: Option<InvestorThesis>,
    listed: Option<OpportunityRecord>,
) -> Option<OpportunityRecord> {
    let listed = listed.filter(|r| r.kind == OpportunityKind::Investor);
    if own.is_none() && org.thesis_text.is_none() {
        return listed;
    }
    // Unlisted, only the thesis and its words rank the flow, not the organisation's name.
    let mut entry = listed.unwrap_or_else(|| {
        OpportunityRecord::unlisted(format!("ORG-{}", org.id), OpportunityKind::Investor)
    });
    if let Some(text) = &org.thesis_text {
        entry.description = text.clone();
        // The catalogue's tags describe the listed fund; the organisation's words replace them.
        entry.tags.clear();
    }
    if own.is_some() {
        entry.details.thesis = own;
    }
    Some(entry)
}

/// The organisation's own thesis, if it has written one.
pub fn own_thesis(org: &organisations::Model) -> Result<Option<InvestorThesis>, AppError> {
    org.thesis
        .as_deref()
        .map(|json| {
            serde_json::from_str(json).map_err(|_| {
                crate::internal_error!(
                    organisation.id = org.id,
                    "stored investor thesis cannot be read"
                )
            })
        })
        .transpose()
}

/// Several organisations at once, by id (one query).
pub async fn get_many(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, organisations::Model>, AppError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// What an investor without an organisation is told (pages show it with a link to the form).
pub const NO_INVESTOR_ORGANISATION: &str = "Describe your investor organisation first: pipelines \
     and access requests belong to the organisation. Open \"Your organisation\" \
     (/investor/organisation) to add it.";

/// The investor organisation the caller belongs to; investors without one are asked to describe
/// it first (access requests and pipelines belong to the organisation, not the person).
pub async fn investor_of(
    db: &DatabaseConnection,
    user: &crate::server::auth::CurrentUser,
) -> Result<organisations::Model, AppError> {
    of_user(db, user.id)
        .await?
        .filter(|o| o.kind == organisations::KIND_INVESTOR)
        .ok_or_else(|| AppError::conflict(NO_INVESTOR_ORGANISATION))
}
