//! Keeps what was typed into a form the server rejected, for browsers without JavaScript: the
//! fields of a rejected plain form post go into the session (never passwords), and the next
//! render of the page the form was on gets them, once (`app::server::forms`).

use crate::guards::{error_response, MAX_BODY_BYTES};
use app::error::AppError;
use app::server::forms::{RejectedForm, SESSION_KEY};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

/// A form posted by the browser itself (no JavaScript): it asks for HTML back.
fn is_plain_form_post(request: &Request) -> bool {
    let text = |name| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && text(header::ACCEPT).contains("text/html")
        && text(header::CONTENT_TYPE).starts_with("application/x-www-form-urlencoded")
}

/// The page a rejected form's redirect goes back to, if the response is one: Leptos answers a
/// failed plain form post with a redirect to the form's page carrying `__err`.
fn rejected_page(response: &Response) -> Option<String> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let url = url::Url::parse("http://page.invalid")
        .ok()?
        .join(location)
        .ok()?;
    url.query_pairs()
        .any(|(k, _)| k == "__err")
        .then(|| url.path().to_owned())
}

pub async fn keep_rejected_forms(mut request: Request, next: Next) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    if is_plain_form_post(&request) {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
            return error_response(AppError::TooLarge(MAX_BODY_BYTES as u64));
        };
        let response = next
            .run(Request::from_parts(parts, Body::from(bytes.clone())))
            .await;
        if let Some(page) = rejected_page(&response) {
            let pairs = url::form_urlencoded::parse(&bytes).into_owned();
            let form = RejectedForm::from_pairs(page, pairs);
            if let Err(err) = session.insert(SESSION_KEY, form).await {
                tracing::warn!(error = %err, "a rejected form could not be kept");
            }
        }
        return response;
    }
    let path = request.uri().path();
    let is_page =
        request.method() == Method::GET && !path.starts_with("/api/") && !path.starts_with("/pkg/");
    if is_page {
        if let Ok(Some(form)) = session.remove::<RejectedForm>(SESSION_KEY).await {
            if form.page == path {
                request.extensions_mut().insert(form);
            }
        }
    }
    next.run(request).await
}
