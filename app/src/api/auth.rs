//! Sign-up, sign-in, sign-out, the current account and e-mail verification.

use crate::domain::account::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{account_security, accounts, auth, http::respond, throttle, AppState};

/// The signed-in account, as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub verified: bool,
}

#[cfg(feature = "ssr")]
impl From<auth::CurrentUser> for AccountInfo {
    fn from(u: auth::CurrentUser) -> Self {
        Self {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            verified: u.verified,
        }
    }
}

/// Who is signed in, if anyone.
#[server(prefix = "/api", endpoint = "auth/me", output = crate::api::encoding::TextJson)]
pub async fn who_am_i() -> Result<Option<AccountInfo>, AppError> {
    respond(async { Ok(auth::current_user().await?.map(AccountInfo::from)) }).await
}

/// The account page's data; signed-in users only.
#[server(prefix = "/api", endpoint = "auth/account", output = crate::api::encoding::TextJson)]
pub async fn account_details() -> Result<AccountInfo, AppError> {
    respond(async { Ok(AccountInfo::from(auth::require_user().await?)) }).await
}

/// Self-service sign-up as a founder or an investor. Sends the verification e-mail — or, when
/// the address has an account, an e-mail telling its owner — and leads to the sign-in page
/// with the same message either way.
#[server(prefix = "/api", endpoint = "auth/sign_up", output = crate::api::encoding::TextJson)]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let address = auth::client_address().await;
        throttle::check(&state.db, throttle::SIGN_UP_ADDRESS, &address).await?;
        let account = match accounts::NewAccount::parse(
            &email,
            &display_name,
            &password,
            &role,
            &[Role::Founder, Role::Investor],
        ) {
            Ok(account) => account,
            Err(error) => {
                throttle::fail(&state.db, throttle::SIGN_UP_ADDRESS, &address).await?;
                return Err(error);
            }
        };
        if accounts::register(&state.db, &state.config, account).await?
            == accounts::Registration::AlreadyRegistered
        {
            throttle::fail(&state.db, throttle::SIGN_UP_ADDRESS, &address).await?;
        }
        state.mail.wake();
        leptos_axum::redirect("/signin?registered=1");
        Ok(())
    })
    .await
}

/// Signs in and goes to `next` (a path on this site) or to where the role's work is (see
/// [`accounts::landing_page`]). Throttled per account and per client address (429 with
/// `Retry-After` during a lockout).
#[server(prefix = "/api", endpoint = "auth/sign_in", output = crate::api::encoding::TextJson)]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let address = auth::client_address().await;
        let result =
            account_security::sign_in(&state.db, &state.config, &email, &password, &address).await;
        state.mail.wake();
        let user = result?;
        auth::start_session(&user).await?;
        tracing::info!(user.id = user.id, "signed in");
        let target = match crate::domain::account::local_redirect_target(next.as_deref()) {
            Some(next) => next,
            None => accounts::landing_page(&state.db, &user).await?,
        };
        leptos_axum::redirect(&target);
        Ok(())
    })
    .await
}

/// Changes the password (the current one is asked for); every other session of the account
/// ends, this one continues under a new session id.
#[server(prefix = "/api", endpoint = "auth/change_password", output = crate::api::encoding::TextJson)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        let epoch = account_security::change_password(
            &state.db,
            &state.config,
            &user,
            &current_password,
            &new_password,
        )
        .await?;
        auth::renew_session(epoch).await?;
        state.mail.wake();
        leptos_axum::redirect("/account?password_changed=1");
        Ok(())
    })
    .await
}

/// Ends every session of the signed-in account, on every device, this one included.
#[server(prefix = "/api", endpoint = "auth/sign_out_everywhere", output = crate::api::encoding::TextJson)]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        account_security::sign_out_everywhere(&state.db, &user).await?;
        auth::end_session().await?;
        leptos_axum::redirect("/signin?signed_out=1");
        Ok(())
    })
    .await
}

/// Sends a password-reset link if the address has an account; the answer is the same either
/// way, so nobody learns which addresses are registered.
#[server(prefix = "/api", endpoint = "auth/request_password_reset", output = crate::api::encoding::TextJson)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let address = auth::client_address().await;
        account_security::request_password_reset(&state.db, &state.config, &email, &address)
            .await?;
        state.mail.wake();
        leptos_axum::redirect("/forgot-password?sent=1");
        Ok(())
    })
    .await
}

/// Sets a new password from the link in a reset e-mail; every session of the account ends.
#[server(prefix = "/api", endpoint = "auth/reset_password", output = crate::api::encoding::TextJson)]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let address = auth::client_address().await;
        account_security::reset_password(&state.db, &state.config, &token, &password, &address)
            .await?;
        state.mail.wake();
        leptos_axum::redirect("/signin?reset=1");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "auth/sign_out", output = crate::api::encoding::TextJson)]
pub async fn sign_out() -> Result<(), AppError> {
    respond(async {
        auth::end_session().await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Confirms an e-mail address from the link in the verification e-mail.
#[server(prefix = "/api", endpoint = "auth/verify_email", output = crate::api::encoding::TextJson)]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        accounts::verify_email(&state.db, &token).await?;
        // A verified account may do more: a new session id for the change of privilege.
        if let Some(user) = auth::current_user().await? {
            use sea_orm::EntityTrait;
            let model = crate::server::entities::users::Entity::find_by_id(user.id)
                .one(&state.db)
                .await?;
            if let Some(model) = model {
                auth::renew_session(model.session_epoch).await?;
            }
        }
        leptos_axum::redirect("/verify-email/done");
        Ok(())
    })
    .await
}

/// Sends a new verification link to the signed-in account.
#[server(prefix = "/api", endpoint = "auth/resend_verification", output = crate::api::encoding::TextJson)]
pub async fn resend_verification() -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        let address = auth::client_address().await;
        throttle::check(&state.db, throttle::RESEND_ADDRESS, &address).await?;
        throttle::fail(&state.db, throttle::RESEND_ADDRESS, &address).await?;
        accounts::resend_verification(&state.db, &state.config, user.id).await?;
        state.mail.wake();
        leptos_axum::redirect("/account?resent=1");
        Ok(())
    })
    .await
}
