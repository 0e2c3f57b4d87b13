//! Who is calling: the session, the signed-in account, and the role checks every server
//! function starts with.

use crate::domain::account::Role;
use crate::error::AppError;
use crate::server::entities::users;
use crate::server::state::AppState;
use sea_orm::EntityTrait;
use tower_sessions::Session;

const USER_ID_KEY: &str = "user_id";
/// Session key of the last catalogue upload's outcome, shown once on the upload page.
pub const UPLOAD_OUTCOME_KEY: &str = "catalogue_upload_outcome";

/// The signed-in account as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub verified: bool,
}

impl CurrentUser {
    pub fn from_model(model: users::Model) -> Result<Self, AppError> {
        let role = model.role.parse::<Role>().map_err(|_| {
            tracing::error!(
                user.id = model.id,
                "account has an unknown role in the database"
            );
            AppError::Internal
        })?;
        Ok(Self {
            id: model.id,
            email: model.email,
            display_name: model.display_name,
            role,
            verified: model.email_verified_at.is_some(),
        })
    }
}

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = %err, "session layer missing");
        AppError::Internal
    })
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %err, "session store failed");
    AppError::Internal
}

/// The signed-in account, if any. A session pointing at a deleted account counts as signed out.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let state = AppState::current()?;
    user_of_session(&state.read, &session().await?).await
}

/// The account a session is signed in as; for handlers outside server functions.
pub async fn user_of_session(
    db: &sea_orm::DatabaseConnection,
    session: &Session,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(user_id) = session
        .get::<i64>(USER_ID_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    match users::Entity::find_by_id(user_id).one(db).await? {
        Some(model) => Ok(Some(CurrentUser::from_model(model)?)),
        None => Ok(None),
    }
}

pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in account if its role is one of `allowed`; otherwise 401 or 403.
pub async fn require_role(allowed: &[Role]) -> Result<CurrentUser, AppError> {
    let user = require_user().await?;
    if allowed.contains(&user.role) {
        Ok(user)
    } else {
        tracing::info!(user.id = user.id, user.role = %user.role, "refused: role not allowed");
        Err(AppError::Forbidden)
    }
}

/// Like [`require_role`], and the account's e-mail address must be confirmed: needed for
/// anything submitted to officers or investors.
pub async fn require_verified(allowed: &[Role]) -> Result<CurrentUser, AppError> {
    let user = require_role(allowed).await?;
    if user.verified {
        Ok(user)
    } else {
        Err(AppError::Unverified)
    }
}

/// Signs `user_id` in. The session id is replaced first, so an id planted before sign-in
/// (session fixation) is worthless.
pub async fn start_session(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID_KEY, user_id)
        .await
        .map_err(session_error)
}

/// Signs out: deletes the session record and clears the cookie.
pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(session_error)
}

/// Removes and returns a value left in the session for the next page view.
pub async fn take_from_session<T: serde::de::DeserializeOwned>(
    key: &str,
) -> Result<Option<T>, AppError> {
    session()
        .await?
        .remove::<T>(key)
        .await
        .map_err(session_error)
}

/// Leaves a value in the session for the next page view.
pub async fn put_in_session<T: serde::Serialize>(key: &str, value: &T) -> Result<(), AppError> {
    session()
        .await?
        .insert(key, value)
        .await
        .map_err(session_error)
}
