//! The one mapping from [`AppError`] to HTTP, applied to every server function's result.

use crate::error::AppError;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::future::Future;

/// Runs a server function body and gives its error the matching HTTP status.
///
/// A plain HTML form post (no JavaScript) is answered with a redirect back to the form, carrying
/// the error in the URL; its status must stay a redirect, so it is left alone.
pub async fn respond<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let writes = crate::server::search::outbox_writes();
    let result = body.await;
    // Whatever the function changed is in the search outbox already (committed with the change);
    // wake the indexer so it is searchable at once rather than at the next poll. Only when
    // something was enqueued meanwhile: reads (searches, pages) must not make the indexer query
    // the outbox each time.
    if result.is_ok() && crate::server::search::outbox_writes() != writes {
        if let Some(state) = use_context::<crate::server::AppState>() {
            state.search.notify();
        }
    }
    if let Err(error) = &result {
        if !is_html_form_post() {
            if let Some(response) = use_context::<ResponseOptions>() {
                response.set_status(
                    http::StatusCode::from_u16(error.status())
                        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
                );
                if let AppError::TooManyAttempts(seconds) | AppError::Unavailable(seconds) = error {
                    response.insert_header(
                        http::header::RETRY_AFTER,
                        http::HeaderValue::from(*seconds),
                    );
                }
            }
        }
    }
    result
}

fn is_html_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.uri.path().starts_with("/api/")
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// A short random reference for one internal error: logged with its cause, shown to the user.
pub fn new_error_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 4];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Logs an internal error once, with its reference, and returns the [`AppError::Internal`]
/// that carries the reference to the user: `internal_error!(error = %err, "what failed")`.
#[macro_export]
macro_rules! internal_error {
    ($($arg:tt)+) => {{
        let id = $crate::server::http::new_error_id();
        ::tracing::error!(error.id = %id, $($arg)+);
        $crate::error::AppError::Internal(id)
    }};
}

impl From<sea_orm::DbErr> for AppError {
    /// Database failures are logged here, once, and reach the user as a generic message.
    fn from(err: sea_orm::DbErr) -> Self {
        crate::internal_error!(error = %err, "database error")
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

/// True when a database error is a violated unique constraint (on either backend).
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Where a plain form post may send the browser back to: a path on this site (the one rule of
/// [`crate::domain::account::local_redirect_target`]), else `fallback`.
pub fn safe_return_path(back: &str, fallback: &str) -> String {
    crate::domain::account::local_redirect_target(Some(back)).unwrap_or_else(|| fallback.to_owned())
}

/// The nonce of the page being rendered, handed from the render to the `security_headers`
/// middleware through the request's extensions: the middleware puts an empty one in, the page
/// shell fills it, the middleware sets the page's policy from it. Not through Leptos's response
/// options: a page under load once lost every header set there, and with it its policy, so its
/// scripts were blocked.
#[derive(Debug, Clone, Default)]
pub struct PageNonce(std::sync::Arc<std::sync::OnceLock<String>>);

impl PageNonce {
    /// The nonce of the page rendered for this request, if a page was rendered.
    pub fn get(&self) -> Option<&str> {
        self.0.get().map(String::as_str)
    }
}

/// The Content-Security-Policy of a page: scripts only from this site or carrying this
/// response's nonce (Leptos puts it on its hydration scripts), WebAssembly allowed, nothing
/// framed, forms posted only here.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Records this page's nonce for its policy ([`PageNonce`]). Called while the page shell
/// renders.
pub fn record_page_nonce() {
    let (Some(nonce), Some(parts)) = (
        leptos::nonce::use_nonce(),
        use_context::<http::request::Parts>(),
    ) else {
        return;
    };
    if let Some(slot) = parts.extensions.get::<PageNonce>() {
        let _ = slot.0.set(nonce.to_string());
    }
}
