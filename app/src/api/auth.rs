//! Sign-up, sign-in, sign-out, the current account and e-mail verification.

use crate::domain::account::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{accounts, auth, http::respond, AppState};

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
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn who_am_i() -> Result<Option<AccountInfo>, AppError> {
    respond(async { Ok(auth::current_user().await?.map(AccountInfo::from)) }).await
}

/// The account page's data; signed-in users only.
#[server(prefix = "/api", endpoint = "auth/account")]
pub async fn account_details() -> Result<AccountInfo, AppError> {
    respond(async { Ok(AccountInfo::from(auth::require_user().await?)) }).await
}

/// Self-service sign-up as a founder or an investor. Sends the verification e-mail and leads to
/// the sign-in page.
#[server(prefix = "/api", endpoint = "auth/sign_up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let account = accounts::NewAccount::parse(
            &email,
            &display_name,
            &password,
            &role,
            &[Role::Founder, Role::Investor],
        )?;
        accounts::register(&state.db, &state.config, account).await?;
        state.mail.wake();
        leptos_axum::redirect("/signin?registered=1");
        Ok(())
    })
    .await
}

/// Signs in and goes to `next` (a path on this site) or the account page.
#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let user = accounts::authenticate(&state.db, &email, &password).await?;
        auth::start_session(user.id).await?;
        tracing::info!(user.id = user.id, "signed in");
        let target = crate::domain::account::local_redirect_target(next.as_deref())
            .unwrap_or_else(|| "/account".to_owned());
        leptos_axum::redirect(&target);
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    respond(async {
        auth::end_session().await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Confirms an e-mail address from the link in the verification e-mail.
#[server(prefix = "/api", endpoint = "auth/verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        accounts::verify_email(&state.db, &token).await?;
        leptos_axum::redirect("/verify-email/done");
        Ok(())
    })
    .await
}

/// Sends a new verification link to the signed-in account.
#[server(prefix = "/api", endpoint = "auth/resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let user = auth::require_user().await?;
        accounts::resend_verification(&state.db, &state.config, user.id).await?;
        state.mail.wake();
        leptos_axum::redirect("/account?resent=1");
        Ok(())
    })
    .await
}
