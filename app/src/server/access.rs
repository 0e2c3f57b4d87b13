//! Founder-controlled access to confidential details: investors request, founders grant, deny
//! or revoke. Every step is audited; founders hear of requests and investors of decisions.

use crate::api::access::AccessRequestView;
use crate::domain::access::{
    export_block_reason, foreign_investment_notice, AccessDecision, AccessStatus,
};
use crate::domain::account::Role;
use crate::domain::country::CountryCode;
use crate::error::{AppError, FieldErrors};
use crate::server::auth::CurrentUser;
use crate::server::entities::{access_requests, organisations as org_rows};
use crate::server::incubation::members;
use crate::server::mail::{self, notifications};
use crate::server::technologies::StoredTechnology;
use crate::server::{audit, organisations, technologies, visibility, RuntimeConfig};
use chrono::Utc;
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait, TryIntoModel,
};

fn status_of(row: &access_requests::Model) -> Result<AccessStatus, AppError> {
    crate::server::stored::slug(&row.status, "access_requests", row.id)
}

fn country(code: &str) -> Option<CountryCode> {
    CountryCode::parse(code).ok()
}

/// The notice a founder sees before granting `investor` access.
pub fn notice_for(investor: &org_rows::Model) -> Option<String> {
    let based = country(&investor.country)?;
    let controlled = investor.controlled_from.as_deref().and_then(country);
    foreign_investment_notice(&based, controlled.as_ref())
}

/// Why `investor` may not see `tech`'s details under the export-control rule, if it may not.
/// Read from the organisation as it is now, so a change of seat or control applies at once.
pub fn export_block(tech: &StoredTechnology, investor: &org_rows::Model) -> Option<String> {
    let based = country(&investor.country);
    let controlled = investor
        .controlled_from
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| country(c).ok_or(()));
    export_block_reason(
        &tech.draft.export_control,
        based.as_ref(),
        controlled.as_ref().map(|r| r.as_ref().map_err(|_| ())),
    )
}

/// Whether `investor` may see `tech`'s details under the export-control rule.
pub fn export_rule_allows(tech: &StoredTechnology, investor: &org_rows::Model) -> bool {
    export_block(tech, investor).is_none()
}

/// The answer when a row changed between reading it and writing the decision.
pub fn changed_meanwhile() -> AppError {
    AppError::conflict(
        "This was changed by someone else meanwhile. Reload the page to see its current state.",
    )
}

/// The investor organisation's current request for a technology, if any.
pub async fn current(
    db: &DatabaseConnection,
    investor_org_id: i64,
    technology_id: i64,
) -> Result<Option<access_requests::Model>, AppError> {
    Ok(access_requests::Entity::find()
        .filter(access_requests::Column::InvestorOrgId.eq(investor_org_id))
        .filter(access_requests::Column::TechnologyId.eq(technology_id))
        .one(db)
        .await?)
}

/// True when the organisation holds a grant for the technology.
pub async fn is_granted(
    db: &DatabaseConnection,
    investor_org_id: i64,
    technology_id: i64,
) -> Result<bool, AppError> {
    Ok(match current(db, investor_org_id, technology_id).await? {
        Some(row) => status_of(&row)? == AccessStatus::Granted,
        None => false,
    })
}

/// An investor asks for a technology's confidential details.
pub async fn request(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    investor: &CurrentUser,
    technology_id: i64,
    message: &str,
) -> Result<(), AppError> {
    let (tech, _, _) = visibility::load_visible(db, investor, technology_id).await?;
    let org = organisations::investor_of(db, investor).await?;
    let message = crate::domain::text::optional_text(message, 2000)
        .map_err(|m| AppError::Invalid(FieldErrors::single("message", m)))?
        .unwrap_or_default();
    let existing = current(db, org.id, technology_id).await?;
    let previous = existing.as_ref().map(status_of).transpose()?;
    AccessStatus::request(previous).map_err(|e| AppError::conflict(e.to_string()))?;
    let recipients = members(db, tech.organisation_id).await?;
    let link = config.link(&format!("/technologies/{technology_id}#access"));
    let notice = notice_for(&org);
    let investor = investor.clone();
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            let now = Utc::now();
            let mut active = match existing {
                Some(row) => row.into_active_model(),
                None => access_requests::ActiveModel {
                    technology_id: Set(technology_id),
                    investor_org_id: Set(org.id),
                    ..Default::default()
                },
            };
            active.status = Set(AccessStatus::Requested.slug().to_owned());
            active.message = Set(message.clone());
            active.requested_by = Set(Some(investor.id));
            active.requested_at = Set(now);
            active.decided_by = Set(None);
            active.decided_at = Set(None);
            // A saved row has its id, whether it was inserted or updated.
            let id = active.save(txn).await?.try_into_model()?.id;
            audit::record(
                txn,
                Some(&investor),
                "access.request",
                ("access_request", id),
                format!("{} asks for \"{}\"", org.legal_name, tech.draft.title),
            )
            .await?;
            for member in &recipients {
                mail::enqueue(
                    txn,
                    &member.email,
                    notifications::access_requested(
                        &member.display_name,
                        &tech.draft.title,
                        &org.legal_name,
                        &message,
                        notice.as_deref(),
                        &link,
                    ),
                )
                .await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// The founder grants, denies or revokes. Export-controlled details are never granted to an
/// investor based outside the EU/EEA and NATO.
pub async fn decide(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    founder: &CurrentUser,
    request_id: i64,
    decision: AccessDecision,
) -> Result<i64, AppError> {
    let row = access_requests::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let tech = technologies::owned(db, founder, row.technology_id).await?;
    let org = organisations::get(db, row.investor_org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = status_of(&row)?;
    let next = seen
        .decide(decision)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    if decision == AccessDecision::Grant {
        if let Some(reason) = export_block(&tech, &org) {
            return Err(AppError::conflict(reason));
        }
    }
    let recipients = members(db, org.id).await?;
    let link = config.link(&format!("/technologies/{}", tech.id));
    let founder = founder.clone();
    let technology_id = tech.id;
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            // Only from the state the decision was made on: a grant racing a revoke (or two
            // tabs) cannot overwrite what the other wrote.
            let updated = access_requests::Entity::update_many()
                .col_expr(
                    access_requests::Column::Status,
                    Expr::value(next.slug().to_owned()),
                )
                .col_expr(
                    access_requests::Column::DecidedBy,
                    Expr::value(Some(founder.id)),
                )
                .col_expr(
                    access_requests::Column::DecidedAt,
                    Expr::value(Some(Utc::now())),
                )
                .filter(access_requests::Column::Id.eq(row.id))
                .filter(access_requests::Column::Status.eq(seen.slug()))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(changed_meanwhile());
            }
            let (action, verb) = match decision {
                AccessDecision::Grant => ("access.grant", "granted"),
                AccessDecision::Deny => ("access.deny", "denied"),
                AccessDecision::Revoke => ("access.revoke", "revoked"),
            };
            audit::record(
                txn,
                Some(&founder),
                action,
                ("access_request", request_id),
                format!("\"{}\" {verb} to {}", tech.draft.title, org.legal_name),
            )
            .await?;
            for member in &recipients {
                let mail = match decision {
                    AccessDecision::Revoke => notifications::access_revoked(
                        &member.display_name,
                        &tech.draft.title,
                        &link,
                    ),
                    _ => notifications::access_decided(
                        &member.display_name,
                        &tech.draft.title,
                        decision == AccessDecision::Grant,
                        &link,
                    ),
                };
                mail::enqueue(txn, &member.email, mail).await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(technology_id)
}

/// The requests for one of the founder's technologies, newest first.
pub async fn for_technology(
    db: &DatabaseConnection,
    founder: &CurrentUser,
    technology_id: i64,
) -> Result<Vec<AccessRequestView>, AppError> {
    let tech = technologies::owned(db, founder, technology_id).await?;
    let rows = access_requests::Entity::find()
        .filter(access_requests::Column::TechnologyId.eq(technology_id))
        .order_by_desc(access_requests::Column::RequestedAt)
        .all(db)
        .await?;
    let orgs = organisations::get_many(db, rows.iter().map(|r| r.investor_org_id)).await?;
    rows.iter()
        .filter_map(|r| orgs.get(&r.investor_org_id).map(|o| (r, o)))
        .map(|(r, o)| {
            Ok(AccessRequestView {
                id: r.id,
                investor: o.legal_name.clone(),
                country: country(&o.country)
                    .map(|c| c.name().to_owned())
                    .unwrap_or_else(|| o.country.clone()),
                status: status_of(r)?,
                message: r.message.clone(),
                requested_at: r.requested_at.format("%Y-%m-%d").to_string(),
                notice: notice_for(o),
                export_blocked: export_block(&tech, o),
            })
        })
        .collect()
}

/// The status of the caller's organisation's request, for investors.
pub async fn status_for_viewer(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    technology_id: i64,
) -> Result<Option<AccessStatus>, AppError> {
    if viewer.role != Role::Investor {
        return Ok(None);
    }
    let Some(org) = organisations::of_user(db, viewer.id).await? else {
        return Ok(None);
    };
    current(db, org.id, technology_id)
        .await?
        .as_ref()
        .map(status_of)
        .transpose()
}
