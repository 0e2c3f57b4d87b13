//! Account services: registration, authentication, e-mail verification and staff accounts.

use crate::domain::account::{DisplayName, Email, Password, Role};
use crate::error::{AppError, FieldErrors};
use crate::server::entities::{email_verifications, users};
use crate::server::http::is_unique_violation;
use crate::server::mail::{self, templates};
use crate::server::passwords;
use crate::server::state::RuntimeConfig;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

/// How long a verification link stays valid.
pub const VERIFICATION_TTL_HOURS: i64 = 48;
/// Minimum gap between two verification e-mails for one account.
pub const RESEND_INTERVAL_SECONDS: i64 = 60;

/// A validated request for a new account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub display_name: DisplayName,
    pub password: Password,
    pub role: Role,
}

impl NewAccount {
    /// Checks raw form input, reporting every bad field at once. `allowed_roles` lists the roles
    /// this path may create (self-service sign-up may not create officers).
    pub fn parse(
        email: &str,
        display_name: &str,
        password: &str,
        role: &str,
        allowed_roles: &[Role],
    ) -> Result<Self, AppError> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(email));
        let display_name = errors.check("display_name", DisplayName::parse(display_name));
        let password = errors.check("password", Password::parse(password));
        let role = match role.parse::<Role>() {
            Ok(role) if allowed_roles.contains(&role) => Some(role),
            _ => {
                let names: Vec<&str> = allowed_roles.iter().map(|r| r.as_str()).collect();
                errors.add("role", format!("must be one of: {}", names.join(", ")));
                None
            }
        };
        match (email, display_name, password, role) {
            (Some(email), Some(display_name), Some(password), Some(role)) if errors.is_empty() => {
                Ok(Self {
                    email,
                    display_name,
                    password,
                    role,
                })
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

fn duplicate_email() -> AppError {
    AppError::Conflict(FieldErrors::single(
        "email",
        "an account with this e-mail address already exists",
    ))
}

async fn insert_user<C: ConnectionTrait>(
    conn: &C,
    account: &NewAccount,
    password_hash: String,
    verified: bool,
) -> Result<users::Model, AppError> {
    let now = Utc::now();
    users::ActiveModel {
        email: Set(account.email.as_str().to_owned()),
        display_name: Set(account.display_name.as_str().to_owned()),
        password_hash: Set(password_hash),
        role: Set(account.role.as_str().to_owned()),
        email_verified_at: Set(verified.then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        session_epoch: Set(0),
        disabled_at: Set(None),
        matches_seen_at: Set(None),
        checklist_hidden_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            duplicate_email()
        } else {
            err.into()
        }
    })
}

/// What a sign-up did. Both read the same to the person signing up ("check your inbox"), so
/// the page never tells a stranger which addresses have accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    Created(users::Model),
    /// The address has an account: its owner was e-mailed instead (at most once an hour).
    AlreadyRegistered,
}

/// Creates a self-service account and queues its verification e-mail, all in one transaction.
/// An address that already has an account gets an e-mail saying so, and the caller answers as
/// if an account had been created; the password is hashed either way, so both take as long.
/// The caller wakes the mail sender after this returns.
pub async fn register(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    account: NewAccount,
) -> Result<Registration, AppError> {
    let hash = passwords::hash(account.password.expose().to_owned()).await?;
    let existing = users::Entity::find()
        .filter(users::Column::Email.eq(account.email.as_str()))
        .one(db)
        .await?;
    if let Some(owner) = existing {
        tell_owner_of_sign_up(db, config, &owner).await?;
        return Ok(Registration::AlreadyRegistered);
    }
    let txn = db.begin().await?;
    let user = match insert_user(&txn, &account, hash, false).await {
        Ok(user) => user,
        // Registered a moment ago by a concurrent sign-up: the same answer as above.
        Err(AppError::Conflict(_)) => return Ok(Registration::AlreadyRegistered),
        Err(e) => return Err(e),
    };
    queue_verification(&txn, config, &user).await?;
    txn.commit().await?;
    tracing::info!(user.id = user.id, user.role = %account.role, "account registered");
    Ok(Registration::Created(user))
}

/// E-mails the owner of an address someone tried to sign up with, at most once an hour.
async fn tell_owner_of_sign_up(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    owner: &users::Model,
) -> Result<(), AppError> {
    use crate::server::entities::mail_outbox;
    let recent = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(owner.email.as_str()))
        .filter(mail_outbox::Column::Kind.eq("already_registered"))
        .filter(mail_outbox::Column::CreatedAt.gt(Utc::now() - Duration::hours(1)))
        .count(db)
        .await?;
    if recent == 0 {
        mail::enqueue(
            db,
            &owner.email,
            mail::account_mails::already_registered(
                &owner.display_name,
                &config.link("/signin"),
                &config.link("/forgot-password"),
            ),
        )
        .await?;
    }
    tracing::info!(user.id = owner.id, "sign-up with a registered address");
    Ok(())
}

/// Creates an account whose address is vouched for (an admin appointing staff, the command
/// line, demo data), so it starts verified and no e-mail is sent. Callers decide which roles
/// they may create.
pub async fn create_verified(
    db: &DatabaseConnection,
    account: NewAccount,
) -> Result<users::Model, AppError> {
    if email_taken(db, &account.email).await? {
        return Err(duplicate_email());
    }
    let hash = passwords::hash(account.password.expose().to_owned()).await?;
    let user = insert_user(db, &account, hash, true).await?;
    tracing::info!(user.id = user.id, user.role = %account.role, "verified account created");
    Ok(user)
}

async fn email_taken(db: &DatabaseConnection, email: &Email) -> Result<bool, AppError> {
    Ok(users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .count(db)
        .await?
        > 0)
}

/// Checks an e-mail and password. Every failure gives the same error, so nobody can learn
/// which addresses have accounts.
pub async fn authenticate(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<users::Model, AppError> {
    let user = match Email::parse(email) {
        Ok(email) => {
            users::Entity::find()
                .filter(users::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    if passwords::verify(password.to_owned(), stored).await? {
        user.ok_or(AppError::BadCredentials)
    } else {
        Err(AppError::BadCredentials)
    }
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

async fn queue_verification<C: ConnectionTrait>(
    conn: &C,
    config: &RuntimeConfig,
    user: &users::Model,
) -> Result<(), AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let now = Utc::now();
    email_verifications::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user.id),
        expires_at: Set(now + Duration::hours(VERIFICATION_TTL_HOURS)),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    let link = config.link(&format!("/verify-email?token={token}"));
    mail::enqueue(
        conn,
        &user.email,
        templates::verification(&user.display_name, &link),
    )
    .await?;
    Ok(())
}

/// Sends a fresh verification link, at most once a minute per account.
pub async fn resend_verification(
    db: &DatabaseConnection,
    config: &RuntimeConfig,
    user_id: i64,
) -> Result<(), AppError> {
    let user = users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.email_verified_at.is_some() {
        return Err(AppError::Invalid(FieldErrors::single(
            "form",
            "Your e-mail address is already verified.",
        )));
    }
    let latest = email_verifications::Entity::find()
        .filter(email_verifications::Column::UserId.eq(user_id))
        .order_by_desc(email_verifications::Column::CreatedAt)
        .one(db)
        .await?;
    if let Some(latest) = latest {
        let wait = Duration::seconds(RESEND_INTERVAL_SECONDS) - (Utc::now() - latest.created_at);
        if wait > Duration::zero() {
            return Err(AppError::TooManyAttempts(wait.num_seconds().max(1) as u64));
        }
    }
    let txn = db.begin().await?;
    queue_verification(&txn, config, &user).await?;
    txn.commit().await?;
    Ok(())
}

/// What opening a verification link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Verified,
    AlreadyVerified,
}

/// Confirms the address behind a token. Unknown, used and expired tokens are refused with a
/// message on the form.
pub async fn verify_email(db: &DatabaseConnection, token: &str) -> Result<Verification, AppError> {
    let invalid = |msg: &str| AppError::Invalid(FieldErrors::single("form", msg));
    let token = token.trim();
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(invalid(
            "This verification link is not valid. Please copy the whole link from the e-mail.",
        ));
    }
    let txn = db.begin().await?;
    let Some(record) = email_verifications::Entity::find_by_id(token_hash(token))
        .one(&txn)
        .await?
    else {
        return Err(invalid(
            "This verification link is not valid. Please copy the whole link from the e-mail.",
        ));
    };
    let user = users::Entity::find_by_id(record.user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.email_verified_at.is_some() {
        return Ok(Verification::AlreadyVerified);
    }
    if record.used_at.is_some() || record.expires_at < Utc::now() {
        return Err(invalid("This verification link has expired. Sign in and ask for a new one on your account page."));
    }
    let now = Utc::now();
    let mut record = record.into_active_model();
    record.used_at = Set(Some(now));
    record.update(&txn).await?;
    let user_id = user.id;
    let mut user = user.into_active_model();
    user.email_verified_at = Set(Some(now));
    user.updated_at = Set(now);
    user.update(&txn).await?;
    txn.commit().await?;
    tracing::info!(user.id = user_id, "e-mail verified");
    Ok(Verification::Verified)
}

/// Where a role's work is, for the page after signing in: founders their technologies (or the
/// company form when there is no company yet), officers the overview, investors their deal flow
/// (or the organisation form first), admins the accounts.
pub async fn landing_page(
    db: &DatabaseConnection,
    user: &users::Model,
) -> Result<String, AppError> {
    let role = user.role.parse::<Role>().unwrap_or(Role::Founder);
    let organisation = crate::server::organisations::of_user(db, user.id).await?;
    Ok(match role {
        Role::Founder if organisation.is_some() => "/technologies",
        Role::Founder => "/company",
        Role::Investor if organisation.is_some() => "/deals",
        Role::Investor => "/investor/organisation",
        Role::Officer => "/officer",
        Role::Admin => "/admin/accounts",
    }
    .to_owned())
}

/// Counts of accounts by role, for staff overviews.
pub async fn count_by_role(db: &DatabaseConnection, role: Role) -> Result<u64, AppError> {
    Ok(users::Entity::find()
        .filter(users::Column::Role.eq(role.as_str()))
        .count(db)
        .await?)
}

pub async fn count_unverified(db: &DatabaseConnection) -> Result<u64, AppError> {
    Ok(users::Entity::find()
        .filter(users::Column::EmailVerifiedAt.is_null())
        .count(db)
        .await?)
}

/// Every account, newest first (admin list).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<users::Model>, AppError> {
    Ok(users::Entity::find()
        .order_by_desc(users::Column::CreatedAt)
        .all(db)
        .await?)
}
