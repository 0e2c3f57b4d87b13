//! Invitations into a draft consortium: the lead invites (a suggested partner or any registered
//! organisation by name), the invited company's founders accept or decline, the lead takes an
//! invitation back or removes a member, a member leaves. Each change is made only from the
//! status the person saw, is audited, and is mailed to the other side through the outbox.

use super::{as_member, edf_topic, own_company, raced, role_of, status_of};
use crate::domain::consortium::{MemberRole, MemberStatus};
use crate::domain::limits::{MAX_CONSORTIUM_MEMBERS, MAX_INVITATION_MESSAGE_CHARS};
use crate::domain::technology::TechStatus;
use crate::error::{AppError, FieldErrors};
use crate::server::access::changed_meanwhile;
use crate::server::auth::CurrentUser;
use crate::server::entities::{consortia, consortium_members, organisations as org_rows, users};
use crate::server::incubation::members as people_of;
use crate::server::mail::{self, notifications};
use crate::server::{audit, organisations, technologies, RuntimeConfig};
use chrono::Utc;
use sea_orm::{
    sea_query::{Expr, Func},
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

/// Whom the lead invites: an organisation from the suggestions, or one named in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invitee {
    Id(i64),
    Name(String),
}

/// The registered company an invitation names; investors' organisations are not partners.
async fn find_invitee(
    db: &DatabaseConnection,
    invitee: &Invitee,
) -> Result<org_rows::Model, AppError> {
    let not_found = |field: &str, what: String| AppError::Invalid(FieldErrors::single(field, what));
    match invitee {
        Invitee::Id(id) => organisations::get(db, *id)
            .await?
            .filter(|o| o.kind == org_rows::KIND_COMPANY)
            .ok_or_else(|| {
                not_found(
                    "organisation_id",
                    "no registered organisation has this id".to_owned(),
                )
            }),
        Invitee::Name(raw) => {
            let name = crate::domain::text::text(raw, 2, 200)
                .map_err(|m| AppError::Invalid(FieldErrors::single("organisation_name", m)))?;
            let found = org_rows::Entity::find()
                .filter(org_rows::Column::Kind.eq(org_rows::KIND_COMPANY))
                .filter(
                    Expr::expr(Func::lower(Expr::col(org_rows::Column::LegalName)))
                        .eq(name.to_lowercase()),
                )
                .all(db)
                .await?;
            match found.len() {
                1 => Ok(found.into_iter().next().ok_or(AppError::NotFound)?),
                0 => Err(not_found(
                    "organisation_name",
                    format!(
                        "no registered organisation is named \"{name}\"; check the legal name \
                         as the organisation wrote it"
                    ),
                )),
                _ => Err(not_found(
                    "organisation_name",
                    format!(
                        "several organisations are named \"{name}\"; invite from the \
                         suggestions instead"
                    ),
                )),
            }
        }
    }
}

/// The lead invites an organisation in `role`, optionally naming the technology it brings.
#[allow(clippy::too_many_arguments)]
pub async fn invite(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    founder: &CurrentUser,
    consortium_id: i64,
    invitee: &Invitee,
    technology_id: Option<i64>,
    role: MemberRole,
    message: &str,
) -> Result<(), AppError> {
    let (consortium, lead, members) = as_member(db, founder, consortium_id).await?;
    if consortium.lead_org_id != lead.id {
        return Err(AppError::Forbidden);
    }
    let message = crate::domain::text::optional_text(message, MAX_INVITATION_MESSAGE_CHARS)
        .map_err(|m| AppError::Invalid(FieldErrors::single("message", m)))?
        .unwrap_or_default();
    let target = find_invitee(db, invitee).await?;
    if target.id == lead.id {
        return Err(AppError::Invalid(FieldErrors::single(
            "organisation_name",
            "your own organisation leads this consortium already",
        )));
    }
    if let Some(id) = technology_id {
        let brings = technologies::find(db, id)
            .await?
            .filter(|t| t.organisation_id == target.id && t.status == TechStatus::Submitted);
        if brings.is_none() {
            return Err(AppError::Invalid(FieldErrors::single(
                "technology_id",
                "choose one of the invited organisation's submitted technologies, or none",
            )));
        }
    }
    let mut active = 0;
    for m in &members {
        let status = status_of(m)?;
        if !matches!(status, MemberStatus::Invited | MemberStatus::Accepted) {
            continue;
        }
        active += 1;
        if role == MemberRole::Coordinator
            && role_of(m)? == MemberRole::Coordinator
            && m.organisation_id != target.id
        {
            return Err(AppError::Invalid(FieldErrors::single(
                "role",
                "the consortium has a coordinator already; invite as beneficiary, affiliated \
                 entity or associated partner",
            )));
        }
    }
    if active >= MAX_CONSORTIUM_MEMBERS {
        return Err(AppError::conflict(format!(
            "a consortium holds at most {MAX_CONSORTIUM_MEMBERS} organisations at a time"
        )));
    }
    let existing = members
        .iter()
        .find(|m| m.organisation_id == target.id)
        .cloned();
    let previous = existing.as_ref().map(status_of).transpose()?;
    MemberStatus::invite(previous).map_err(|e| AppError::conflict(e.to_string()))?;
    let topic = edf_topic(db, &consortium.topic_id).await?;
    let recipients = people_of(db, target.id).await?;
    let link = config.link(&format!("/consortia/{consortium_id}"));
    let founder = founder.clone();
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            let now = Utc::now();
            match (existing, previous) {
                (Some(row), Some(seen)) => {
                    let updated = consortium_members::Entity::update_many()
                        .col_expr(
                            consortium_members::Column::Status,
                            Expr::value(MemberStatus::Invited.slug()),
                        )
                        .col_expr(consortium_members::Column::Role, Expr::value(role.slug()))
                        .col_expr(
                            consortium_members::Column::Message,
                            Expr::value(message.clone()),
                        )
                        .col_expr(
                            consortium_members::Column::TechnologyId,
                            Expr::value(technology_id),
                        )
                        .col_expr(
                            consortium_members::Column::InvitedBy,
                            Expr::value(founder.id),
                        )
                        .col_expr(consortium_members::Column::UpdatedAt, Expr::value(now))
                        .filter(consortium_members::Column::Id.eq(row.id))
                        .filter(consortium_members::Column::Status.eq(seen.slug()))
                        .exec(txn)
                        .await?;
                    if updated.rows_affected != 1 {
                        return Err(changed_meanwhile());
                    }
                }
                _ => {
                    consortium_members::ActiveModel {
                        consortium_id: Set(consortium_id),
                        organisation_id: Set(target.id),
                        technology_id: Set(technology_id),
                        role: Set(role.slug().to_owned()),
                        status: Set(MemberStatus::Invited.slug().to_owned()),
                        message: Set(message.clone()),
                        invited_by: Set(Some(founder.id)),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await
                    .map_err(raced)?;
                }
            }
            touch(txn, consortium_id).await?;
            audit::record(
                txn,
                Some(&founder),
                "consortium.invite",
                ("consortium", consortium_id),
                format!(
                    "{} invites {} ({}) as {} for {}",
                    lead.legal_name,
                    target.legal_name,
                    target.country,
                    role.label().to_lowercase(),
                    topic.id
                ),
            )
            .await?;
            tell(txn, &recipients, |name| {
                notifications::consortium_invited(
                    name,
                    &lead.legal_name,
                    &topic.title,
                    &role.label().to_lowercase(),
                    &message,
                    &link,
                )
            })
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// Queues one mail per person of the other side, in the change's transaction.
async fn tell<C: sea_orm::ConnectionTrait>(
    conn: &C,
    people: &[users::Model],
    mail: impl Fn(&str) -> mail::RenderedMail,
) -> Result<(), AppError> {
    for person in people {
        mail::enqueue(conn, &person.email, mail(&person.display_name)).await?;
    }
    Ok(())
}

async fn touch<C: sea_orm::ConnectionTrait>(conn: &C, consortium_id: i64) -> Result<(), AppError> {
    consortia::Entity::update_many()
        .col_expr(consortia::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(consortia::Column::Id.eq(consortium_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// One membership and its consortium, for a change to it.
async fn membership(
    db: &DatabaseConnection,
    membership_id: i64,
) -> Result<(consortium_members::Model, consortia::Model), AppError> {
    let row = consortium_members::Entity::find_by_id(membership_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let consortium = consortia::Entity::find_by_id(row.consortium_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((row, consortium))
}

/// Moves a membership from the status that was read to `next`, or says it changed meanwhile.
async fn move_status<C: sea_orm::ConnectionTrait>(
    conn: &C,
    row: &consortium_members::Model,
    seen: MemberStatus,
    next: MemberStatus,
) -> Result<(), AppError> {
    let updated = consortium_members::Entity::update_many()
        .col_expr(consortium_members::Column::Status, Expr::value(next.slug()))
        .col_expr(
            consortium_members::Column::UpdatedAt,
            Expr::value(Utc::now()),
        )
        .filter(consortium_members::Column::Id.eq(row.id))
        .filter(consortium_members::Column::Status.eq(seen.slug()))
        .exec(conn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(changed_meanwhile());
    }
    touch(conn, row.consortium_id).await
}

/// The invited company's founders accept or decline. Returns the consortium's id.
pub async fn answer(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    founder: &CurrentUser,
    membership_id: i64,
    accept: bool,
) -> Result<i64, AppError> {
    let org = own_company(db, founder).await?;
    let (row, consortium) = membership(db, membership_id).await?;
    // Someone else's invitation reads as not found.
    if row.organisation_id != org.id {
        return Err(AppError::NotFound);
    }
    let seen = status_of(&row)?;
    let next = seen
        .answer(accept)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    let topic = edf_topic(db, &consortium.topic_id).await?;
    let recipients = people_of(db, consortium.lead_org_id).await?;
    let link = config.link(&format!("/consortia/{}", consortium.id));
    let founder = founder.clone();
    let consortium_id = consortium.id;
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            move_status(txn, &row, seen, next).await?;
            audit::record(
                txn,
                Some(&founder),
                if accept {
                    "consortium.accept"
                } else {
                    "consortium.decline"
                },
                ("consortium", consortium_id),
                format!(
                    "{} {} the invitation for {}",
                    org.legal_name,
                    if accept { "accepts" } else { "declines" },
                    topic.id
                ),
            )
            .await?;
            tell(txn, &recipients, |name| {
                notifications::consortium_answered(
                    name,
                    &org.legal_name,
                    &topic.title,
                    accept,
                    &link,
                )
            })
            .await
        })
    })
    .await?;
    Ok(consortium_id)
}

/// The lead takes an invitation back or removes a member; a member leaves. The lead's own
/// membership stays. Returns the consortium's id and whether the caller still sees it.
pub async fn withdraw(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    founder: &CurrentUser,
    membership_id: i64,
) -> Result<(i64, bool), AppError> {
    let org = own_company(db, founder).await?;
    let (row, consortium) = membership(db, membership_id).await?;
    let by_lead = consortium.lead_org_id == org.id;
    if !by_lead && row.organisation_id != org.id {
        return Err(AppError::NotFound);
    }
    if row.organisation_id == consortium.lead_org_id {
        return Err(AppError::conflict(
            "the organisation that opened the consortium leads it and cannot leave it",
        ));
    }
    let seen = status_of(&row)?;
    let next = seen
        .withdraw()
        .map_err(|e| AppError::conflict(e.to_string()))?;
    let topic = edf_topic(db, &consortium.topic_id).await?;
    let lead = organisations::get(db, consortium.lead_org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let partner = organisations::get(db, row.organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The other side hears of it.
    let (told, what) = if by_lead {
        (
            partner.id,
            if seen == MemberStatus::Invited {
                format!("{} took back its invitation", lead.legal_name)
            } else {
                format!("{} removed your organisation", lead.legal_name)
            },
        )
    } else {
        (
            lead.id,
            format!("{} left the consortium", partner.legal_name),
        )
    };
    let recipients = people_of(db, told).await?;
    let link = config.link("/consortia");
    let founder = founder.clone();
    let consortium_id = consortium.id;
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            move_status(txn, &row, seen, next).await?;
            audit::record(
                txn,
                Some(&founder),
                "consortium.withdraw",
                ("consortium", consortium_id),
                format!("{what} ({})", topic.id),
            )
            .await?;
            tell(txn, &recipients, |name| {
                notifications::consortium_withdrawn(name, &what, &topic.title, &link)
            })
            .await
        })
    })
    .await?;
    Ok((consortium_id, by_lead))
}
