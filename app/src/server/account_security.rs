//! Signing in under throttling, and what keeps an account safe afterwards: changing the
//! password, resetting a forgotten one by e-mail, signing out everywhere, and admins disabling
//! an account. Ending sessions works by raising the account's session epoch, which every
//! session must match (see `auth::user_of_session`).

use crate::domain::account::{Password, Role};
use crate::error::{AppError, FieldErrors};
use crate::server::accounts::{authenticate, token_hash};
use crate::server::auth::CurrentUser;
use crate::server::entities::{password_resets, users};
use crate::server::mail::{self, account_mails};
use crate::server::throttle::{self, SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS};
use crate::server::{audit, passwords, RuntimeConfig};
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};

/// How long a password-reset link works.
pub const RESET_TTL_MINUTES: i64 = 60;

/// Checks the password under throttling: a locked account or client address is refused (429)
/// before the password is even looked at, so during a lockout the right password fails too.
/// A failure counts against both; the failure that starts an account's lockout e-mails its
/// owner. Disabled accounts cannot sign in.
pub async fn sign_in(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    email: &str,
    password: &str,
    address: &str,
) -> Result<users::Model, AppError> {
    let account_key = email.trim().to_lowercase();
    throttle::check(db, SIGN_IN_ADDRESS, address).await?;
    throttle::check(db, SIGN_IN_ACCOUNT, &account_key).await?;
    match authenticate(db, email, password).await {
        Ok(user) if user.disabled_at.is_some() => Err(AppError::Forbidden),
        Ok(user) => {
            throttle::clear(db, SIGN_IN_ACCOUNT, &account_key).await?;
            Ok(user)
        }
        Err(AppError::BadCredentials) => {
            throttle::fail(db, SIGN_IN_ADDRESS, address).await?;
            if throttle::fail(db, SIGN_IN_ACCOUNT, &account_key).await? {
                tell_owner_of_lockout(db, config, &account_key).await?;
            }
            Err(AppError::BadCredentials)
        }
        Err(other) => Err(other),
    }
}

async fn tell_owner_of_lockout(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    email: &str,
) -> Result<(), AppError> {
    let owner = users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(db)
        .await?;
    if let Some(owner) = owner {
        mail::enqueue(
            db,
            &owner.email,
            account_mails::sign_in_locked(
                &owner.display_name,
                SIGN_IN_ACCOUNT.lockout_minutes,
                &config.link("/forgot-password"),
            ),
        )
        .await?;
        tracing::warn!(user.id = owner.id, "sign-in locked after failed attempts");
    }
    Ok(())
}

/// Raises the account's session epoch: every session started before ends at its next request.
async fn end_sessions<C: sea_orm::ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<i32, AppError> {
    users::Entity::update_many()
        .col_expr(
            users::Column::SessionEpoch,
            Expr::col(users::Column::SessionEpoch).add(1),
        )
        .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    let user = users::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(user.session_epoch)
}

/// Changes the signed-in person's password after checking the current one; every other
/// session of the account ends. Returns the new epoch for the caller's own session.
pub async fn change_password(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    user: &CurrentUser,
    current: &str,
    new: &str,
) -> Result<i32, AppError> {
    let mut errors = FieldErrors::new();
    let new = errors.check("new_password", Password::parse(new));
    errors.into_result()?;
    let Some(new) = new else {
        return Err(AppError::Invalid(FieldErrors::single(
            "new_password",
            "choose a new password",
        )));
    };
    let throttle_key = user.email.to_lowercase();
    throttle::check(db, SIGN_IN_ACCOUNT, &throttle_key).await?;
    if authenticate(db, &user.email, current).await.is_err() {
        throttle::fail(db, SIGN_IN_ACCOUNT, &throttle_key).await?;
        return Err(AppError::Invalid(FieldErrors::single(
            "current_password",
            "is not your current password",
        )));
    }
    let hash = passwords::hash(new.expose().to_owned()).await?;
    let txn = db.begin().await?;
    set_password(&txn, user.id, hash).await?;
    let epoch = end_sessions(&txn, user.id).await?;
    mail::enqueue(
        &txn,
        &user.email,
        account_mails::password_changed(&user.display_name, &config.link("/forgot-password")),
    )
    .await?;
    audit::record(
        &txn,
        Some(user),
        "account.password_change",
        ("user", user.id),
        "changed the password; other sessions ended".to_owned(),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user.id = user.id, "password changed");
    Ok(epoch)
}

async fn set_password<C: sea_orm::ConnectionTrait>(
    conn: &C,
    user_id: i64,
    hash: String,
) -> Result<(), AppError> {
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends every session of the signed-in account, this one included.
pub async fn sign_out_everywhere(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    end_sessions(&txn, user.id).await?;
    audit::record(
        &txn,
        Some(user),
        "account.sign_out_everywhere",
        ("user", user.id),
        "signed out everywhere".to_owned(),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user.id = user.id, "signed out everywhere");
    Ok(())
}

/// Sends a password-reset link when the address has an enabled account. The caller answers
/// the same either way; the per-account limit stops e-mail silently for the same reason.
pub async fn request_password_reset(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    email: &str,
    address: &str,
) -> Result<(), AppError> {
    throttle::check(db, throttle::RESET_ADDRESS, address).await?;
    throttle::fail(db, throttle::RESET_ADDRESS, address).await?;
    let Ok(email) = crate::domain::account::Email::parse(email) else {
        return Err(AppError::Invalid(FieldErrors::single(
            "email",
            "enter an e-mail address like name@example.org",
        )));
    };
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    let Some(user) = user.filter(|u| u.disabled_at.is_none()) else {
        return Ok(());
    };
    if throttle::check(db, throttle::RESET_ACCOUNT, email.as_str())
        .await
        .is_err()
    {
        return Ok(());
    }
    throttle::fail(db, throttle::RESET_ACCOUNT, email.as_str()).await?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let now = Utc::now();
    let txn = db.begin().await?;
    password_resets::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user.id),
        expires_at: Set(now + Duration::minutes(RESET_TTL_MINUTES)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    mail::enqueue(
        &txn,
        &user.email,
        account_mails::password_reset(
            &user.display_name,
            &config.link(&format!("/reset-password?token={token}")),
        ),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user.id = user.id, "password reset link sent");
    Ok(())
}

/// Sets a new password from a reset link: the token must be known, unused and younger than an
/// hour; it is used up in the same transaction, and every session of the account ends.
pub async fn reset_password(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    token: &str,
    new: &str,
    address: &str,
) -> Result<(), AppError> {
    throttle::check(db, throttle::RESET_ADDRESS, address).await?;
    let invalid = || {
        AppError::Invalid(FieldErrors::single(
            "form",
            "This password-reset link is not valid or has expired. Ask for a new one.",
        ))
    };
    let token = token.trim();
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        throttle::fail(db, throttle::RESET_ADDRESS, address).await?;
        return Err(invalid());
    }
    let new = Password::parse(new)
        .map_err(|e| AppError::Invalid(FieldErrors::single("password", e.to_string())))?;
    let now = Utc::now();
    let record = password_resets::Entity::find()
        .filter(password_resets::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?;
    let Some(record) = record.filter(|r| r.used_at.is_none() && r.expires_at > now) else {
        throttle::fail(db, throttle::RESET_ADDRESS, address).await?;
        return Err(invalid());
    };
    let hash = passwords::hash(new.expose().to_owned()).await?;
    let txn = db.begin().await?;
    // Used once: of two concurrent uses, only the one that marks it first goes on.
    let used = password_resets::Entity::update_many()
        .col_expr(password_resets::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_resets::Column::Id.eq(record.id))
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(invalid());
    }
    set_password(&txn, record.user_id, hash).await?;
    end_sessions(&txn, record.user_id).await?;
    let user = users::Entity::find_by_id(record.user_id)
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    mail::enqueue(
        &txn,
        &user.email,
        account_mails::password_changed(&user.display_name, &config.link("/forgot-password")),
    )
    .await?;
    txn.commit().await?;
    throttle::clear(db, SIGN_IN_ACCOUNT, &user.email).await?;
    tracing::info!(user.id = user.id, "password reset");
    Ok(())
}

/// An admin disables (or enables again) an account: a disabled account's sessions end at once
/// and it cannot sign in. Admins cannot disable themselves.
pub async fn set_disabled(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    user_id: i64,
    disabled: bool,
) -> Result<(), AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    if admin.id == user_id {
        return Err(AppError::conflict("you cannot disable your own account"));
    }
    let user = users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = db.begin().await?;
    let mut active: users::ActiveModel = user.clone().into();
    active.disabled_at = Set(disabled.then(Utc::now));
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    if disabled {
        end_sessions(&txn, user_id).await?;
    }
    mail::enqueue(
        &txn,
        &user.email,
        account_mails::account_disabled(&user.display_name, disabled),
    )
    .await?;
    audit::record(
        &txn,
        Some(admin),
        if disabled {
            "account.disable"
        } else {
            "account.enable"
        },
        ("user", user_id),
        format!(
            "{} the account of {}",
            if disabled { "disabled" } else { "enabled" },
            user.display_name
        ),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user.id = user_id, disabled, "account disabled flag changed");
    Ok(())
}

/// Removes reset tokens that can no longer be used (run now and then).
pub async fn prune_reset_tokens(db: &DatabaseConnection) -> Result<u64, AppError> {
    let done = password_resets::Entity::delete_many()
        .filter(password_resets::Column::ExpiresAt.lt(Utc::now() - Duration::hours(1)))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
