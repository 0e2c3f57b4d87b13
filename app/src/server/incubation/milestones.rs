//! Milestones of an enrolment: planned by officers, evidenced by the founder, verified or sent
//! back by an officer; a verified milestone's tranche is released once, and recorded.

use super::enrolments::load;
use super::{members, stage_of};
use crate::api::incubation::MilestoneView;
use crate::domain::incubation::{check_release, MilestoneDraft, MilestoneStatus, Mover};
use crate::domain::text;
use crate::error::{AppError, FieldErrors};
use crate::server::auth::CurrentUser;
use crate::server::entities::{enrolments, milestones, tranche_releases};
use crate::server::mail::{self, notifications};
use crate::server::technologies::StoredTechnology;
use crate::server::{audit, RuntimeConfig};
use crate::ui::components::badges::euros;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use std::collections::HashSet;

fn status_of(row: &milestones::Model) -> Result<MilestoneStatus, AppError> {
    crate::server::stored::slug(&row.status, "milestones", row.id)
}

fn invalid(field: &str, error: impl ToString) -> AppError {
    AppError::Invalid(FieldErrors::single(field, error.to_string()))
}

/// A milestone with its enrolment, as the caller may see it.
async fn load_milestone(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<
    (
        milestones::Model,
        enrolments::Model,
        StoredTechnology,
        Mover,
    ),
    AppError,
> {
    let row = milestones::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (enrolment, tech, mover) = load(db, user, row.enrolment_id).await?;
    Ok((row, enrolment, tech, mover))
}

pub async fn add(
    db: &DatabaseConnection,
    officer: &CurrentUser,
    enrolment_id: i64,
    draft: &MilestoneDraft,
) -> Result<i64, AppError> {
    let (enrolment, tech, _) = load(db, officer, enrolment_id).await?;
    if stage_of(&enrolment)?.is_final() {
        return Err(AppError::conflict(
            "this enrolment has ended; it takes no new milestones",
        ));
    }
    let now = Utc::now();
    let officer = officer.clone();
    let draft = draft.clone();
    // The milestone and its audit entry are written together or not at all.
    let id = db
        .transaction::<_, i64, AppError>(move |txn| {
            Box::pin(async move {
                let row = milestones::ActiveModel {
                    enrolment_id: Set(enrolment_id),
                    title: Set(draft.title.clone()),
                    due_on: Set(draft.due_on),
                    tranche_eur: Set(draft.tranche_eur.map(|v| v as i64)),
                    is_demonstration: Set(draft.is_demonstration),
                    status: Set(MilestoneStatus::Open.slug().to_owned()),
                    evidence: Set(String::new()),
                    evidence_at: Set(None),
                    decision_reason: Set(String::new()),
                    decided_by: Set(None),
                    decided_at: Set(None),
                    due_reminder_sent_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                audit::record(
                    txn,
                    Some(&officer),
                    "milestone.add",
                    ("milestone", row.id),
                    format!(
                        "\"{}\" for \"{}\", due {}",
                        draft.title, tech.draft.title, draft.due_on
                    ),
                )
                .await?;
                Ok(row.id)
            })
        })
        .await?;
    Ok(id)
}

/// Writes a milestone's new status only if it still has the status the change was decided
/// on; otherwise someone changed it meanwhile (409).
async fn set_status_from<C: sea_orm::ConnectionTrait>(
    conn: &C,
    id: i64,
    seen: MilestoneStatus,
    columns: Vec<(milestones::Column, sea_orm::sea_query::SimpleExpr)>,
) -> Result<(), AppError> {
    let mut update = milestones::Entity::update_many();
    for (column, value) in columns {
        update = update.col_expr(column, value);
    }
    let done = update
        .col_expr(milestones::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(milestones::Column::Id.eq(id))
        .filter(milestones::Column::Status.eq(seen.slug()))
        .exec(conn)
        .await?;
    if done.rows_affected == 1 {
        Ok(())
    } else {
        Err(crate::server::access::changed_meanwhile())
    }
}

/// The founder's evidence; returns the enrolment id.
pub async fn submit_evidence(
    db: &DatabaseConnection,
    founder: &CurrentUser,
    id: i64,
    evidence: &str,
) -> Result<i64, AppError> {
    let (row, _, tech, mover) = load_milestone(db, founder, id).await?;
    if mover != Mover::Founder {
        return Err(AppError::Forbidden);
    }
    let evidence = text::text(evidence, 10, 4000).map_err(|m| invalid("evidence", m))?;
    let seen = status_of(&row)?;
    let next = seen.submit().map_err(|e| invalid("evidence", e))?;
    let enrolment_id = row.enrolment_id;
    let title = row.title.clone();
    let founder = founder.clone();
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            set_status_from(
                txn,
                row.id,
                seen,
                vec![
                    (milestones::Column::Status, Expr::value(next.slug())),
                    (milestones::Column::Evidence, Expr::value(evidence)),
                    (
                        milestones::Column::EvidenceAt,
                        Expr::value(Some(Utc::now())),
                    ),
                ],
            )
            .await?;
            audit::record(
                txn,
                Some(&founder),
                "milestone.submit",
                ("milestone", id),
                format!("evidence for \"{title}\" of \"{}\"", tech.draft.title),
            )
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(enrolment_id)
}

/// An officer's decision on the evidence; the founders are told. Returns the enrolment id.
pub async fn decide(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    officer: &CurrentUser,
    id: i64,
    verify: bool,
    reason: &str,
) -> Result<i64, AppError> {
    let (row, _, tech, mover) = load_milestone(db, officer, id).await?;
    if mover != Mover::Officer {
        return Err(AppError::Forbidden);
    }
    let seen = status_of(&row)?;
    // Nothing (any more) to decide is a conflict with the current state — typically another
    // officer decided first — not a mistake in what was typed.
    let next = seen.decide(verify, reason).map_err(|e| match e {
        crate::domain::incubation::MilestoneError::NothingSubmitted => {
            AppError::conflict(e.to_string())
        }
        other => invalid("reason", other),
    })?;
    let recipients = members(db, tech.organisation_id).await?;
    let enrolment_id = row.enrolment_id;
    let link = config.link(&format!("/enrolments/{enrolment_id}"));
    let officer = officer.clone();
    let reason = reason.trim().to_owned();
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            let title = row.title.clone();
            set_status_from(
                txn,
                row.id,
                seen,
                vec![
                    (milestones::Column::Status, Expr::value(next.slug())),
                    (
                        milestones::Column::DecisionReason,
                        Expr::value(reason.clone()),
                    ),
                    (milestones::Column::DecidedBy, Expr::value(Some(officer.id))),
                    (milestones::Column::DecidedAt, Expr::value(Some(Utc::now()))),
                ],
            )
            .await?;
            audit::record(
                txn,
                Some(&officer),
                if verify {
                    "milestone.verify"
                } else {
                    "milestone.return"
                },
                ("milestone", id),
                format!(
                    "\"{title}\" of \"{}\"{}",
                    tech.draft.title,
                    if reason.is_empty() {
                        String::new()
                    } else {
                        format!(": {reason}")
                    }
                ),
            )
            .await?;
            for member in &recipients {
                mail::enqueue(
                    txn,
                    &member.email,
                    notifications::milestone_decided(
                        &member.display_name,
                        &tech.draft.title,
                        &title,
                        verify,
                        &reason,
                        &link,
                    ),
                )
                .await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(enrolment_id)
}

/// Releases a verified milestone's tranche, once (the database refuses a second release row).
pub async fn release(
    db: &DatabaseConnection,
    officer: &CurrentUser,
    id: i64,
) -> Result<i64, AppError> {
    let (row, _, tech, mover) = load_milestone(db, officer, id).await?;
    if mover != Mover::Officer {
        return Err(AppError::Forbidden);
    }
    let released = tranche_releases::Entity::find()
        .filter(tranche_releases::Column::MilestoneId.eq(id))
        .one(db)
        .await?
        .is_some();
    let seen = status_of(&row)?;
    let amount = check_release(seen, row.tranche_eur.map(|v| v.max(0) as u64), released)
        .map_err(|e| AppError::conflict(e.to_string()))?;
    let officer = officer.clone();
    let enrolment_id = row.enrolment_id;
    db.transaction::<_, (), AppError>(move |txn| {
        Box::pin(async move {
            // Still verified as the officer saw it (not sent back meanwhile).
            set_status_from(txn, id, seen, Vec::new()).await?;
            tranche_releases::ActiveModel {
                milestone_id: Set(id),
                amount_eur: Set(amount as i64),
                released_by: Set(Some(officer.id)),
                released_by_name: Set(officer.display_name.clone()),
                released_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await
            .map_err(|e| {
                if crate::server::http::is_unique_violation(&e) {
                    AppError::conflict("this tranche has been released already")
                } else {
                    e.into()
                }
            })?;
            audit::record(
                txn,
                Some(&officer),
                "tranche.release",
                ("milestone", id),
                format!(
                    "{} for \"{}\" of \"{}\"",
                    euros(amount),
                    row.title,
                    tech.draft.title
                ),
            )
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(enrolment_id)
}

pub async fn list(
    db: &DatabaseConnection,
    enrolment_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<MilestoneView>, AppError> {
    let rows = milestones::Entity::find()
        .filter(milestones::Column::EnrolmentId.eq(enrolment_id))
        .order_by_asc(milestones::Column::DueOn)
        .order_by_asc(milestones::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let releases = tranche_releases::Entity::find()
        .filter(tranche_releases::Column::MilestoneId.is_in(ids))
        .all(db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let status = status_of(&row)?;
            let released = releases.iter().find(|r| r.milestone_id == row.id).map(|r| {
                format!(
                    "{} released on {} by {}",
                    euros(r.amount_eur.max(0) as u64),
                    r.released_at.format("%Y-%m-%d"),
                    r.released_by_name
                )
            });
            Ok(MilestoneView {
                id: row.id,
                title: row.title,
                due_on: row.due_on.to_string(),
                tranche_eur: row.tranche_eur.map(|v| v.max(0) as u64),
                is_demonstration: row.is_demonstration,
                status,
                evidence: row.evidence,
                decision_reason: row.decision_reason,
                overdue: status.is_overdue(row.due_on, now.date_naive()),
                released,
            })
        })
        .collect()
}

/// Which of `technology_ids` have a verified demonstration milestone (the "demonstrated" badge).
pub async fn demonstrated_technologies(
    db: &DatabaseConnection,
    technology_ids: &[i64],
) -> Result<HashSet<i64>, AppError> {
    if technology_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let enrolment_rows = enrolments::Entity::find()
        .filter(enrolments::Column::TechnologyId.is_in(technology_ids.to_vec()))
        .all(db)
        .await?;
    let verified: HashSet<i64> = milestones::Entity::find()
        .filter(milestones::Column::EnrolmentId.is_in(enrolment_rows.iter().map(|e| e.id)))
        .filter(milestones::Column::IsDemonstration.eq(true))
        .filter(milestones::Column::Status.eq(MilestoneStatus::Verified.slug()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.enrolment_id)
        .collect();
    Ok(enrolment_rows
        .into_iter()
        .filter(|e| verified.contains(&e.id))
        .map(|e| e.technology_id)
        .collect())
}
