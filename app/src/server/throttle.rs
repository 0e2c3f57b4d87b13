//! Throttling of sign-in and the other account actions an attacker would repeat (sign-up,
//! verification e-mails, password resets): failures are counted per account and per client
//! address in the database — so every server instance sees the same counts — and after a small
//! number the key is locked for a while: 429 with `Retry-After`, even for a correct password.

use crate::error::AppError;
use crate::server::entities::auth_throttle;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use sha2::{Digest, Sha256};

/// What is limited, and how: `max_failures` within `window` lock the key for `lockout`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    pub max_failures: i32,
    pub window_minutes: i64,
    pub lockout_minutes: i64,
}

/// Wrong passwords for one account.
pub const SIGN_IN_ACCOUNT: Rule = Rule {
    name: "sign_in:account",
    max_failures: 5,
    window_minutes: 15,
    lockout_minutes: 15,
};
/// Wrong passwords from one client address, whatever the account (password spraying).
pub const SIGN_IN_ADDRESS: Rule = Rule {
    name: "sign_in:address",
    max_failures: 20,
    window_minutes: 15,
    lockout_minutes: 15,
};
/// Refused sign-ups (bad input, an address already registered) from one client address.
pub const SIGN_UP_ADDRESS: Rule = Rule {
    name: "sign_up:address",
    max_failures: 10,
    window_minutes: 15,
    lockout_minutes: 15,
};
/// Verification e-mails asked for from one client address.
pub const RESEND_ADDRESS: Rule = Rule {
    name: "resend:address",
    max_failures: 10,
    window_minutes: 15,
    lockout_minutes: 15,
};
/// Password-reset e-mails asked for, and reset links tried, from one client address.
pub const RESET_ADDRESS: Rule = Rule {
    name: "reset:address",
    max_failures: 10,
    window_minutes: 15,
    lockout_minutes: 15,
};
/// Password-reset e-mails for one account: beyond this the answer stays the same but no
/// e-mail is sent, so nobody can flood a mailbox.
pub const RESET_ACCOUNT: Rule = Rule {
    name: "reset:account",
    max_failures: 3,
    window_minutes: 60,
    lockout_minutes: 60,
};

/// Keys are hashed: the table holds no addresses, and any input has a fixed length.
fn key(rule: Rule, subject: &str) -> String {
    let digest = Sha256::digest(subject.trim().to_lowercase().as_bytes());
    format!("{}:{}", rule.name, hex::encode(&digest[..16]))
}

fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    (until - now).num_seconds().max(1) as u64
}

/// `Err(TooManyAttempts)` while `subject` is locked under `rule`.
pub async fn check(db: &DatabaseConnection, rule: Rule, subject: &str) -> Result<(), AppError> {
    let now = Utc::now();
    let row = auth_throttle::Entity::find_by_id(key(rule, subject))
        .one(db)
        .await?;
    match row.and_then(|r| r.locked_until) {
        Some(until) if until > now => Err(AppError::TooManyAttempts(seconds_until(until, now))),
        _ => Ok(()),
    }
}

/// Counts one failure; returns `true` when this failure started a lockout (exactly once, even
/// with several instances counting at the same time).
pub async fn fail(db: &DatabaseConnection, rule: Rule, subject: &str) -> Result<bool, AppError> {
    let key = key(rule, subject);
    // Optimistic: each write applies only to the count it read; a concurrent write makes it
    // read again.
    for _ in 0..5 {
        let now = Utc::now();
        let row = auth_throttle::Entity::find_by_id(key.clone())
            .one(db)
            .await?;
        let Some(row) = row else {
            let lock = rule.max_failures <= 1;
            let inserted = auth_throttle::ActiveModel {
                key: Set(key.clone()),
                failures: Set(if lock { 0 } else { 1 }),
                window_started_at: Set(now),
                locked_until: Set(lock.then(|| now + Duration::minutes(rule.lockout_minutes))),
            }
            .insert(db)
            .await;
            match inserted {
                Ok(_) => return Ok(lock),
                Err(e) if crate::server::http::is_unique_violation(&e) => continue,
                Err(e) => return Err(e.into()),
            }
        };
        if row.locked_until.is_some_and(|until| until > now) {
            return Ok(false);
        }
        let window_over = row.window_started_at + Duration::minutes(rule.window_minutes) < now;
        let (failures, window) = if window_over {
            (1, now)
        } else {
            (row.failures + 1, row.window_started_at)
        };
        let lock = failures >= rule.max_failures;
        let updated = auth_throttle::Entity::update_many()
            .col_expr(
                auth_throttle::Column::Failures,
                Expr::value(if lock { 0 } else { failures }),
            )
            .col_expr(
                auth_throttle::Column::WindowStartedAt,
                Expr::value(if lock { now } else { window }),
            )
            .col_expr(
                auth_throttle::Column::LockedUntil,
                Expr::value(lock.then(|| now + Duration::minutes(rule.lockout_minutes))),
            )
            .filter(auth_throttle::Column::Key.eq(key.clone()))
            .filter(auth_throttle::Column::Failures.eq(row.failures))
            .exec(db)
            .await?;
        if updated.rows_affected == 1 {
            if lock {
                tracing::warn!(throttle.rule = rule.name, "lockout started");
            }
            return Ok(lock);
        }
    }
    Ok(false)
}

/// Forgets the failures of `subject` (a successful sign-in clears its account's count).
pub async fn clear(db: &DatabaseConnection, rule: Rule, subject: &str) -> Result<(), AppError> {
    auth_throttle::Entity::delete_many()
        .filter(auth_throttle::Column::Key.eq(key(rule, subject)))
        .filter(auth_throttle::Column::LockedUntil.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Removes counters whose window and lockout have both passed (run now and then).
pub async fn prune(db: &DatabaseConnection) -> Result<u64, AppError> {
    let cutoff = Utc::now() - Duration::hours(2);
    let done = auth_throttle::Entity::delete_many()
        .filter(auth_throttle::Column::WindowStartedAt.lt(cutoff))
        .filter(
            sea_orm::Condition::any()
                .add(auth_throttle::Column::LockedUntil.is_null())
                .add(auth_throttle::Column::LockedUntil.lt(cutoff)),
        )
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
