//! Incubation services: programmes and their board, enrolments and stage moves, screening
//! scores, milestones and tranches. Every decision is audited and founders are told by e-mail.

pub mod enrolments;
pub mod milestones;
pub mod programmes;

use crate::domain::account::Role;
use crate::domain::incubation::{AdoptionClock, Stage};
use crate::error::AppError;
use crate::server::entities::{
    enrolment_moves, enrolment_scores, enrolments as enrolment_rows, organisation_members,
    programmes as programme_rows, users,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub(crate) fn stage_of(row: &enrolment_rows::Model) -> Result<Stage, AppError> {
    crate::server::stored::slug(&row.stage, "enrolments", row.id)
}

/// The adoption clock of an enrolment, once it has been selected.
pub(crate) fn clock(row: &enrolment_rows::Model, now: DateTime<Utc>) -> Option<AdoptionClock> {
    let selected = row.selected_at?;
    let until = row.clock_stopped_at.unwrap_or(now);
    Some(AdoptionClock::new(
        selected.date_naive(),
        until.date_naive(),
        row.clock_stopped_at.is_none(),
    ))
}

pub(crate) fn days_since(at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - at).num_days().max(0)
}

/// The accounts of an organisation's members: who is told about its technologies.
pub async fn members<C: ConnectionTrait>(
    conn: &C,
    organisation_id: i64,
) -> Result<Vec<users::Model>, AppError> {
    let ids: Vec<i64> = organisation_members::Entity::find()
        .filter(organisation_members::Column::OrganisationId.eq(organisation_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(conn)
        .await?)
}

/// The officers to tell about an enrolment: whoever created its programme, moved it or scored
/// it, while their account is active and still staff. When none is left, every active officer:
/// a change no officer hears of costs more than one e-mail too many.
pub async fn officers_of<C: ConnectionTrait>(
    conn: &C,
    programme: &programme_rows::Model,
    enrolment_id: i64,
) -> Result<Vec<users::Model>, AppError> {
    let mut ids: Vec<i64> = programme.created_by.into_iter().collect();
    ids.extend(
        enrolment_moves::Entity::find()
            .filter(enrolment_moves::Column::EnrolmentId.eq(enrolment_id))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|m| m.by_user),
    );
    ids.extend(
        enrolment_scores::Entity::find()
            .filter(enrolment_scores::Column::EnrolmentId.eq(enrolment_id))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| s.officer_id),
    );
    let staff = [Role::Officer.as_str(), Role::Admin.as_str()];
    let active_staff = || {
        users::Entity::find()
            .filter(users::Column::Role.is_in(staff))
            .filter(users::Column::DisabledAt.is_null())
    };
    let known = active_staff()
        .filter(users::Column::Id.is_in(ids))
        .all(conn)
        .await?;
    if !known.is_empty() {
        return Ok(known);
    }
    Ok(active_staff()
        .filter(users::Column::Role.eq(Role::Officer.as_str()))
        .all(conn)
        .await?)
}

/// The stages of every enrolment of each of `technology_ids` (for the search index).
pub async fn stages_by_technology<C: ConnectionTrait>(
    conn: &C,
    technology_ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, Vec<Stage>>, sea_orm::DbErr> {
    let mut out: std::collections::HashMap<i64, Vec<Stage>> = std::collections::HashMap::new();
    for row in enrolment_rows::Entity::find()
        .filter(enrolment_rows::Column::TechnologyId.is_in(technology_ids))
        .all(conn)
        .await?
    {
        if let Ok(stage) = row.stage.parse::<Stage>() {
            out.entry(row.technology_id).or_default().push(stage);
        }
    }
    Ok(out)
}
