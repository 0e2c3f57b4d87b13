//! The audit log: one row for every access request and decision, stage move and milestone
//! decision, written in the same transaction as the change; admins browse and filter it.

use crate::error::AppError;
use crate::server::auth::CurrentUser;
use crate::server::entities::audit_log;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// Records `action` (e.g. `enrolment.move`) on a subject, by `actor` (`None`: the system).
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: Option<&CurrentUser>,
    action: &str,
    subject: (&str, i64),
    summary: String,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor.map(|a| a.id)),
        actor_name: Set(actor
            .map(|a| format!("{} <{}>", a.display_name, a.email))
            .unwrap_or_else(|| "Lab2Field".to_owned())),
        action: Set(action.to_owned()),
        subject_type: Set(subject.0.to_owned()),
        subject_id: Set(subject.1),
        summary: Set(summary),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// What the admin's audit page filters by; empty strings mean "any".
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// An action or its prefix: `access` matches `access.grant`, `access.revoke`, …
    pub action: String,
    /// Part of the actor's name or e-mail address.
    pub actor: String,
    pub subject_type: String,
    pub page: u64,
}

pub const PAGE_SIZE: u64 = 50;

/// One page of entries, newest first, and the total count of matching entries.
pub async fn list(
    db: &DatabaseConnection,
    filter: &AuditFilter,
) -> Result<(Vec<audit_log::Model>, u64), AppError> {
    let mut condition = Condition::all();
    let action = filter.action.trim();
    if !action.is_empty() {
        condition = condition.add(
            Condition::any()
                .add(audit_log::Column::Action.eq(action))
                .add(audit_log::Column::Action.starts_with(format!("{action}."))),
        );
    }
    let actor = filter.actor.trim();
    if !actor.is_empty() {
        condition = condition.add(audit_log::Column::ActorName.contains(actor));
    }
    let subject = filter.subject_type.trim();
    if !subject.is_empty() {
        condition = condition.add(audit_log::Column::SubjectType.eq(subject));
    }
    let query = audit_log::Entity::find().filter(condition);
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(audit_log::Column::Id)
        .offset(filter.page.min(crate::domain::limits::MAX_AUDIT_PAGE) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok((rows, total))
}
