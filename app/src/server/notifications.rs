//! Scheduled notifications: the daily digest of saved searches, deadline reminders for
//! bookmarked opportunities (14 days ahead) and milestone reminders (7 days ahead). Each is
//! claimed with a conditional update in the same transaction that queues the e-mail, so two
//! server instances never send the same reminder twice and a crash loses none.

use crate::api::search::TechQuery;
use crate::domain::account::Role;
use crate::domain::incubation::MilestoneStatus;
use crate::domain::technology::TechStatus;
use crate::error::AppError;
use crate::server::entities::{
    bookmarks, enrolments, milestones, opportunities, saved_searches, users,
};
use crate::server::incubation::members;
use crate::server::mail::{self, notifications};
use crate::server::search::{scouting, SearchIndex};
use crate::server::{technologies, RuntimeConfig};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};

/// Days before an opportunity's deadline that a founder who bookmarked it is reminded.
pub const DEADLINE_REMINDER_DAYS: i64 = 14;
/// Days before a milestone's due date that the founders are reminded.
pub const MILESTONE_REMINDER_DAYS: i64 = 7;
/// A digest goes out at most once per this period for each saved search.
pub const DIGEST_PERIOD_HOURS: i64 = 24;

/// How many e-mails of each kind one run queued.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RunSummary {
    pub digests: usize,
    pub deadline_reminders: usize,
    pub milestone_reminders: usize,
}

impl RunSummary {
    pub fn total(&self) -> usize {
        self.digests + self.deadline_reminders + self.milestone_reminders
    }
}

/// Runs every notification that is due at `now`.
pub async fn run_due(
    db: &DatabaseConnection,
    search: &SearchIndex,
    config: &RuntimeConfig,
    now: DateTime<Utc>,
) -> Result<RunSummary, AppError> {
    Ok(RunSummary {
        digests: digests(db, search, config, now).await?,
        deadline_reminders: deadline_reminders(db, config, now).await?,
        milestone_reminders: milestone_reminders(db, config, now).await?,
    })
}

/// New technologies (submitted since the last digest) that match each saved search.
async fn digests(
    db: &DatabaseConnection,
    search: &SearchIndex,
    config: &RuntimeConfig,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    // Digests wait while this instance builds its index (they are due again at the next run;
    // another instance may send them first, the claims keep that to once).
    if !search.is_ready() {
        return Ok(0);
    }
    let due = saved_searches::Entity::find()
        .filter(saved_searches::Column::Digest.eq(true))
        .filter(
            saved_searches::Column::LastDigestAt.lte(now - Duration::hours(DIGEST_PERIOD_HOURS)),
        )
        .all(db)
        .await?;
    let mut sent = 0;
    for saved in due {
        let Some(user) = users::Entity::find_by_id(saved.user_id).one(db).await? else {
            continue;
        };
        let Ok(role) = user.role.parse::<Role>() else {
            continue;
        };
        let scope = if role.is_staff() {
            scouting::Scope::Staff
        } else if role == Role::Investor {
            scouting::Scope::Investor
        } else {
            continue;
        };
        let mut query = TechQuery::from_query_string(&saved.query);
        query.page = 1;
        query.per_page = 100;
        let hits = scouting::search(&*search.generation()?, &query, scope)?;
        let ids: Vec<i64> = hits.hits.iter().map(|h| h.id).collect();
        let mut fresh: Vec<(String, String)> = technologies::find_many(db, &ids)
            .await?
            .into_iter()
            .filter(|t| {
                t.status == TechStatus::Submitted
                    && t.submitted_at.is_some_and(|at| at > saved.last_digest_at)
            })
            .map(|t| {
                (
                    t.draft.title.clone(),
                    config.link(&format!("/technologies/{}", t.id)),
                )
            })
            .collect();
        fresh.sort();
        let previous = saved.last_digest_at;
        let mail = (!fresh.is_empty()).then(|| {
            notifications::digest(
                &user.display_name,
                &saved.name,
                fresh,
                &config.link(&format!("/search?{}", saved.query)),
                &config.link(&format!("/unsubscribe?token={}", saved.unsubscribe_token)),
                &config.link(&format!(
                    "/unsubscribe/one-click?token={}",
                    saved.unsubscribe_token
                )),
            )
        });
        let email = user.email.clone();
        let id = saved.id;
        let queued = db
            .transaction::<_, bool, AppError>(move |txn| {
                Box::pin(async move {
                    // Claim this digest: only one run (of any instance) moves the marker.
                    let claimed = saved_searches::Entity::update_many()
                        .col_expr(saved_searches::Column::LastDigestAt, Expr::value(now))
                        .filter(saved_searches::Column::Id.eq(id))
                        .filter(saved_searches::Column::LastDigestAt.eq(previous))
                        .exec(txn)
                        .await?
                        .rows_affected
                        == 1;
                    if let (true, Some(mail)) = (claimed, mail) {
                        mail::enqueue(txn, &email, mail).await?;
                        return Ok(true);
                    }
                    Ok(false)
                })
            })
            .await?;
        sent += usize::from(queued);
    }
    Ok(sent)
}

/// Founders who bookmarked an opportunity hear of its deadline two weeks ahead, once.
async fn deadline_reminders(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let today = now.date_naive();
    let horizon = today + Duration::days(DEADLINE_REMINDER_DAYS);
    let pending = bookmarks::Entity::find()
        .filter(bookmarks::Column::ReminderSentAt.is_null())
        .all(db)
        .await?;
    let mut sent = 0;
    for bookmark in pending {
        let Some(opportunity) = opportunities::Entity::find_by_id(bookmark.opportunity_id.clone())
            .one(db)
            .await?
        else {
            continue;
        };
        let Some(deadline) = opportunity
            .deadline
            .filter(|d| *d >= today && *d <= horizon)
        else {
            continue;
        };
        let Some(user) = users::Entity::find_by_id(bookmark.user_id).one(db).await? else {
            continue;
        };
        let mail = notifications::deadline_reminder(
            &user.display_name,
            &opportunity.title,
            &deadline.to_string(),
            &config.link(&format!("/opportunities/{}", opportunity.id)),
        );
        let id = bookmark.id;
        let queued = db
            .transaction::<_, bool, AppError>(move |txn| {
                Box::pin(async move {
                    let claimed = bookmarks::Entity::update_many()
                        .col_expr(bookmarks::Column::ReminderSentAt, Expr::value(now))
                        .filter(bookmarks::Column::Id.eq(id))
                        .filter(bookmarks::Column::ReminderSentAt.is_null())
                        .exec(txn)
                        .await?
                        .rows_affected
                        == 1;
                    if claimed {
                        mail::enqueue(txn, &user.email, mail).await?;
                    }
                    Ok(claimed)
                })
            })
            .await?;
        sent += usize::from(queued);
    }
    Ok(sent)
}

/// Founders hear of a milestone a week before it is due, once, while evidence is missing.
async fn milestone_reminders(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let today = now.date_naive();
    let horizon = today + Duration::days(MILESTONE_REMINDER_DAYS);
    let due = milestones::Entity::find()
        .filter(milestones::Column::DueReminderSentAt.is_null())
        .filter(milestones::Column::Status.is_in([
            MilestoneStatus::Open.slug(),
            MilestoneStatus::Returned.slug(),
        ]))
        .filter(milestones::Column::DueOn.gte(today))
        .filter(milestones::Column::DueOn.lte(horizon))
        .all(db)
        .await?;
    let mut sent = 0;
    for milestone in due {
        let Some(enrolment) = enrolments::Entity::find_by_id(milestone.enrolment_id)
            .one(db)
            .await?
        else {
            continue;
        };
        if enrolment
            .stage
            .parse::<crate::domain::incubation::Stage>()
            .is_ok_and(|s| s.is_final())
        {
            continue;
        }
        let Some(tech) = technologies::find(db, enrolment.technology_id).await? else {
            continue;
        };
        let recipients = members(db, tech.organisation_id).await?;
        let link = config.link(&format!("/enrolments/{}", enrolment.id));
        let id = milestone.id;
        let queued = db
            .transaction::<_, usize, AppError>(move |txn| {
                Box::pin(async move {
                    let claimed = milestones::Entity::update_many()
                        .col_expr(milestones::Column::DueReminderSentAt, Expr::value(now))
                        .filter(milestones::Column::Id.eq(id))
                        .filter(milestones::Column::DueReminderSentAt.is_null())
                        .exec(txn)
                        .await?
                        .rows_affected
                        == 1;
                    if !claimed {
                        return Ok(0);
                    }
                    for member in &recipients {
                        mail::enqueue(
                            txn,
                            &member.email,
                            notifications::milestone_due(
                                &member.display_name,
                                &tech.draft.title,
                                &milestone.title,
                                &milestone.due_on.to_string(),
                                &link,
                            ),
                        )
                        .await?;
                    }
                    Ok(recipients.len())
                })
            })
            .await?;
        sent += queued;
    }
    Ok(sent)
}
