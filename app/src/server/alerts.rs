//! What users ask to be told about: saved searches (daily digest, unsubscribe by token) and
//! bookmarked opportunities (deadline reminder). Each belongs to one account only.

use crate::api::alerts::SavedSearchView;
use crate::api::search::TechQuery;
use crate::error::{AppError, FieldErrors};
use crate::server::auth::CurrentUser;
use crate::server::entities::{bookmarks, opportunities, saved_searches};
use crate::server::http::is_unique_violation;
use chrono::Utc;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

/// Saves the search; the first digest covers technologies submitted from now on.
pub async fn save_search(
    db: &DatabaseConnection,
    user: &CurrentUser,
    name: &str,
    query: &str,
    digest: bool,
) -> Result<i64, AppError> {
    let name = crate::domain::text::text(name, 2, 80)
        .map_err(|m| AppError::Invalid(FieldErrors::single("name", m)))?;
    // Stored normalised, so what is saved is exactly what the search page understands.
    if query.len() > 8 * 1024 {
        return Err(AppError::Invalid(FieldErrors::single(
            "query",
            "must be at most 8192 characters",
        )));
    }
    let query = TechQuery::from_query_string(query.trim_start_matches('?'));
    if let Err(AppError::Invalid(errors)) = query.check() {
        // Reported against the one argument the caller sent.
        return Err(AppError::Invalid(FieldErrors::single(
            "query",
            errors.to_string(),
        )));
    }
    let kept = saved_searches::Entity::find()
        .filter(saved_searches::Column::UserId.eq(user.id))
        .count(db)
        .await?;
    if kept >= crate::domain::limits::MAX_SAVED_SEARCHES {
        return Err(AppError::conflict(format!(
            "you can keep at most {} saved searches; delete one first",
            crate::domain::limits::MAX_SAVED_SEARCHES
        )));
    }
    let mut token = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut token);
    let now = Utc::now();
    let row = saved_searches::ActiveModel {
        user_id: Set(user.id),
        name: Set(name),
        query: Set(query.to_query_string()),
        digest: Set(digest),
        unsubscribe_token: Set(hex::encode(token)),
        last_digest_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

pub async fn list_searches(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<Vec<SavedSearchView>, AppError> {
    Ok(saved_searches::Entity::find()
        .filter(saved_searches::Column::UserId.eq(user.id))
        .order_by_asc(saved_searches::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| SavedSearchView {
            id: s.id,
            name: s.name,
            link: format!("/search?{}", s.query),
            digest: s.digest,
        })
        .collect())
}

async fn own_search(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<saved_searches::Model, AppError> {
    saved_searches::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|s| s.user_id == user.id)
        .ok_or(AppError::NotFound)
}

pub async fn set_digest(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
    digest: bool,
) -> Result<(), AppError> {
    let mut active = own_search(db, user, id).await?.into_active_model();
    active.digest = Set(digest);
    active.update(db).await?;
    Ok(())
}

pub async fn delete_search(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<(), AppError> {
    own_search(db, user, id).await?;
    saved_searches::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The search an unsubscribe token belongs to (its name only: the link works signed out).
pub async fn search_for_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<saved_searches::Model, AppError> {
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::NotFound);
    }
    saved_searches::Entity::find()
        .filter(saved_searches::Column::UnsubscribeToken.eq(token))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Stops the digest of the search the token belongs to; returns its name.
pub async fn unsubscribe(db: &DatabaseConnection, token: &str) -> Result<String, AppError> {
    let row = search_for_token(db, token).await?;
    let name = row.name.clone();
    let mut active = row.into_active_model();
    active.digest = Set(false);
    active.update(db).await?;
    Ok(name)
}

/// Bookmarks (or un-bookmarks) a catalogue entry for the deadline reminder.
pub async fn set_bookmark(
    db: &DatabaseConnection,
    user: &CurrentUser,
    opportunity_id: &str,
    on: bool,
) -> Result<(), AppError> {
    opportunities::Entity::find_by_id(opportunity_id.to_owned())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = bookmarks::Entity::find()
        .filter(bookmarks::Column::UserId.eq(user.id))
        .filter(bookmarks::Column::OpportunityId.eq(opportunity_id))
        .one(db)
        .await?;
    match (on, existing) {
        (true, None) => {
            let result = bookmarks::ActiveModel {
                user_id: Set(user.id),
                opportunity_id: Set(opportunity_id.to_owned()),
                reminder_sent_at: Set(None),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await;
            match result {
                // A double click: the bookmark exists, which is what was asked for.
                Err(e) if is_unique_violation(&e) => Ok(()),
                other => other.map(|_| ()).map_err(Into::into),
            }
        }
        (false, Some(row)) => {
            bookmarks::Entity::delete_by_id(row.id).exec(db).await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

pub async fn is_bookmarked(
    db: &DatabaseConnection,
    user: &CurrentUser,
    opportunity_id: &str,
) -> Result<bool, AppError> {
    Ok(bookmarks::Entity::find()
        .filter(bookmarks::Column::UserId.eq(user.id))
        .filter(bookmarks::Column::OpportunityId.eq(opportunity_id))
        .one(db)
        .await?
        .is_some())
}
