//! Who is calling: the session, the signed-in account, and the role checks every server
//! function starts with.

use crate::domain::account::Role;
use crate::error::AppError;
use crate::server::entities::users;
use crate::server::state::AppState;
use sea_orm::EntityTrait;
use tower_sessions::Session;

const USER_ID_KEY: &str = "user_id";
/// The account's session epoch when the session started; a raised epoch ends the session.
const EPOCH_KEY: &str = "session_epoch";
/// When the session signed in (Unix seconds), for the absolute lifetime.
const SIGNED_IN_AT_KEY: &str = "signed_in_at";
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
            crate::internal_error!(
                user.id = model.id,
                "account has an unknown role in the database"
            )
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
    leptos_axum::extract::<Session>()
        .await
        .map_err(|err| crate::internal_error!(error = %err, "session layer missing"))
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    crate::internal_error!(error = %err, "session store failed")
}

/// The signed-in account, if any. A session pointing at a deleted account counts as signed out.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let state = AppState::current()?;
    user_of_session(&state.read, &session().await?).await
}

/// The account a session is signed in as; for handlers outside server functions.
///
/// A session counts as signed out — and is ended — when its account is gone or disabled, when
/// the account's sessions were ended since it started (password change or reset, "sign out
/// everywhere"), or when it is older than the absolute lifetime for the account's role, however
/// active it was.
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
    let epoch = session.get::<i32>(EPOCH_KEY).await.map_err(session_error)?;
    let signed_in_at = session
        .get::<i64>(SIGNED_IN_AT_KEY)
        .await
        .map_err(session_error)?;
    let model = users::Entity::find_by_id(user_id).one(db).await?;
    let Some(model) = model else {
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    };
    let user = CurrentUser::from_model(model.clone())?;
    let now = chrono::Utc::now().timestamp();
    let expired = signed_in_at.is_none_or(|at| {
        now - at > crate::domain::account::session_lifetime(user.role).num_seconds()
    });
    if model.disabled_at.is_some() || epoch != Some(model.session_epoch) || expired {
        tracing::info!(
            user.id = user.id,
            "session ended: disabled, signed out elsewhere or too old"
        );
        session.flush().await.map_err(session_error)?;
        return Ok(None);
    }
    Ok(Some(user))
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

/// Signs `user` in. The session id is replaced first, so an id planted before sign-in
/// (session fixation) is worthless.
pub async fn start_session(user: &users::Model) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_ID_KEY, user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(EPOCH_KEY, user.session_epoch)
        .await
        .map_err(session_error)?;
    session
        .insert(SIGNED_IN_AT_KEY, chrono::Utc::now().timestamp())
        .await
        .map_err(session_error)
}

/// After a change of what this session may do (a new password, a verified address): a new
/// session id, and the account's current epoch, so this session survives the change that
/// ended the others.
pub async fn renew_session(epoch: i32) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(EPOCH_KEY, epoch)
        .await
        .map_err(session_error)
}

/// The address of the client, for throttling: the peer of the connection, or behind the site's
/// trusted reverse proxies the client they name (`client_address::client_ip`).
pub async fn client_address() -> String {
    let Ok(axum::extract::ConnectInfo(peer)) =
        leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await
    else {
        return "unknown".to_owned();
    };
    let trusted = AppState::current()
        .map(|state| state.config.trusted_proxies.clone())
        .unwrap_or_default();
    let forwarded = leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    crate::server::client_address::client_ip(peer.ip(), forwarded.as_deref(), &trusted).to_string()
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
