//! Administration: the account list and appointing officers and admins.

use crate::domain::account::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::server::{accounts, auth, http::respond, AppState};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub verified: bool,
    pub created_at: String,
    pub disabled: bool,
}

#[server(prefix = "/api", endpoint = "admin/accounts", output = crate::api::encoding::TextJson)]
pub async fn list_accounts() -> Result<Vec<AccountRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require_role(&[Role::Admin]).await?;
        accounts::list(&state.db)
            .await?
            .into_iter()
            .map(|m| {
                let created_at = m.created_at.format("%Y-%m-%d %H:%M UTC").to_string();
                let disabled = m.disabled_at.is_some();
                let user = auth::CurrentUser::from_model(m)?;
                Ok(AccountRow {
                    id: user.id,
                    email: user.email,
                    display_name: user.display_name,
                    role: user.role,
                    verified: user.verified,
                    created_at,
                    disabled,
                })
            })
            .collect()
    })
    .await
}

/// Creates an officer or admin account (admins only).
#[server(prefix = "/api", endpoint = "admin/create_staff", output = crate::api::encoding::TextJson)]
pub async fn create_staff_account(
    email: String,
    display_name: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let admin = auth::require_role(&[Role::Admin]).await?;
        let account = accounts::NewAccount::parse(
            &email,
            &display_name,
            &password,
            &role,
            &[Role::Officer, Role::Admin],
        )?;
        let created = accounts::create_verified(&state.db, account).await?;
        tracing::info!(
            admin.id = admin.id,
            user.id = created.id,
            "staff account created by admin"
        );
        leptos_axum::redirect("/admin/accounts?created=1");
        Ok(())
    })
    .await
}

/// Disables an account (its sessions end at once; it cannot sign in) or enables it again.
#[server(prefix = "/api", endpoint = "admin/set_disabled", output = crate::api::encoding::TextJson)]
pub async fn set_account_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    respond(async move {
        let state = AppState::current()?;
        let admin = auth::require_role(&[Role::Admin]).await?;
        crate::server::account_security::set_disabled(&state.db, &admin, id, disabled).await?;
        state.mail.wake();
        leptos_axum::redirect("/admin/accounts");
        Ok(())
    })
    .await
}

/// The outcome of the admin's last catalogue upload, shown once (admins only).
#[server(prefix = "/api", endpoint = "admin/import_outcome", output = crate::api::encoding::TextJson)]
pub async fn take_import_outcome(
) -> Result<Option<crate::domain::opportunity::UploadOutcome>, AppError> {
    respond(async {
        auth::require_role(&[Role::Admin]).await?;
        auth::take_from_session(auth::UPLOAD_OUTCOME_KEY).await
    })
    .await
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// The audit log for admins, newest first, filtered by action (or its prefix, e.g. `access`),
/// actor (part of name or e-mail) and subject type; `page` counts from 0.
#[server(prefix = "/api", endpoint = "admin/audit", output = crate::api::encoding::TextJson)]
pub async fn audit_log(
    #[server(default)] action: String,
    #[server(default)] actor: String,
    #[server(default)] subject: String,
    #[server(default)] page: u64,
) -> Result<AuditPage, AppError> {
    respond(async move {
        let state = AppState::current()?;
        auth::require_role(&[Role::Admin]).await?;
        {
            use crate::domain::limits::{self, check_chars, check_range};
            let mut errors = crate::error::FieldErrors::new();
            check_range(&mut errors, "page", page, 0, limits::MAX_AUDIT_PAGE);
            for (field, value) in [
                ("action", &action),
                ("actor", &actor),
                ("subject", &subject),
            ] {
                check_chars(&mut errors, field, value, limits::MAX_FILTER_TEXT_CHARS);
            }
            errors.into_result()?;
        }
        let filter = crate::server::audit::AuditFilter {
            action,
            actor,
            subject_type: subject,
            page,
        };
        let (rows, total) = crate::server::audit::list(&state.db, &filter).await?;
        Ok(AuditPage {
            entries: rows
                .into_iter()
                .map(|r| AuditEntry {
                    at: r.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                    actor: r.actor_name,
                    action: r.action,
                    subject: format!("{} {}", r.subject_type, r.subject_id),
                    summary: r.summary,
                })
                .collect(),
            total,
            page,
            pages: total.div_ceil(crate::server::audit::PAGE_SIZE).max(1),
        })
    })
    .await
}
