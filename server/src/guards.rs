//! Request guards every request passes before it reaches a handler, and the headers every
//! response leaves with: request-body limits, the same-origin rule for state-changing
//! requests, panics turned into logged 500s, security headers and `no-store` caching.

use app::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Largest request body for server functions and every other route: generous for the longest
/// form (a technology or a catalogue entry), far below what could exhaust memory.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// An error as JSON with its status: the same shape server functions answer with.
pub fn error_response(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(error)).into_response()
}

/// The body limit for a path: the catalogue upload takes whole catalogue files.
fn body_limit(path: &str) -> usize {
    if path == "/admin/import/upload" {
        crate::catalogue_import::MAX_UPLOAD_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// Refuses bodies over the limit with 413 and a readable message — by `Content-Length` before
/// anything is read, and while reading for bodies sent without one (chunked). Bodies and query
/// strings carrying NUL characters are refused with 422: no text field accepts them, and
/// PostgreSQL cannot store them, so they would otherwise fail deep inside a query.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let limit = body_limit(request.uri().path());
    let too_large = || error_response(AppError::TooLarge(limit as u64));
    if request
        .uri()
        .query()
        .is_some_and(|q| has_nul_bytes(q.as_bytes()))
    {
        return nul_refused();
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large();
    }
    if declared.is_none() && matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) if is_text_form(&parts.headers) && has_nul_bytes(&bytes) => nul_refused(),
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

/// Form and JSON bodies are text; uploads (multipart) may carry any bytes.
fn is_text_form(headers: &HeaderMap) -> bool {
    !headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"))
}

/// A NUL character, raw or percent-encoded (`%00`), or escaped in JSON (`\u0000`).
fn has_nul_bytes(bytes: &[u8]) -> bool {
    bytes.contains(&0)
        || bytes.windows(3).any(|w| w == b"%00")
        || bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
}

fn nul_refused() -> Response {
    error_response(AppError::Invalid(app::error::FieldErrors::single(
        "form",
        "text must not contain NUL characters (%00)",
    )))
}

/// The origins this site is served from, for the same-origin rule.
#[derive(Debug, Clone)]
pub struct SameOrigin {
    origin: url::Origin,
    /// A base URL on a loopback address (a development machine) also accepts the other names
    /// of loopback with the same port: `localhost:3000` and `127.0.0.1:3000` are one site there.
    loopback_port: Option<u16>,
}

impl SameOrigin {
    pub fn new(base_url: &url::Url) -> Arc<Self> {
        let loopback = match base_url.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        Arc::new(Self {
            origin: base_url.origin(),
            loopback_port: loopback.then(|| base_url.port_or_known_default()).flatten(),
        })
    }

    fn accepts(&self, url: &url::Url) -> bool {
        if url.origin() == self.origin {
            return true;
        }
        let Some(port) = self.loopback_port else {
            return false;
        };
        is_loopback(url) && url.scheme() == "http" && url.port_or_known_default() == Some(port)
    }

    /// `Err(reason)` when a state-changing request shows it was sent by a page of another site.
    ///
    /// `Origin` decides when present (browsers send it on every POST); else `Sec-Fetch-Site`;
    /// else the `Referer`'s origin. A request with none of the three was not sent by a browser
    /// on behalf of another site (every browser in use sends `Origin` on cross-site POSTs), so
    /// API clients such as scripts keep working; their session cookie is their own.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), &'static str> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().map_err(|_| "unreadable Origin header")?;
            return match url::Url::parse(origin) {
                Ok(url) if self.accepts(&url) => Ok(()),
                _ => Err("the request came from another site (Origin)"),
            };
        }
        if let Some(site) = text("sec-fetch-site") {
            return match site {
                "same-origin" | "none" => Ok(()),
                _ => Err("the request came from another site (Sec-Fetch-Site)"),
            };
        }
        if let Some(referer) = headers.get(header::REFERER) {
            let referer = referer.to_str().map_err(|_| "unreadable Referer header")?;
            return match url::Url::parse(referer) {
                Ok(url) if self.accepts(&url) => Ok(()),
                _ => Err("the request came from another site (Referer)"),
            };
        }
        Ok(())
    }
}

/// `localhost` or a loopback address.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Refuses state-changing requests (anything but GET, HEAD and OPTIONS) sent from another
/// site with 403: server functions, form posts, uploads and sign-in itself.
pub async fn same_origin_only(
    State(rule): State<Arc<SameOrigin>>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    match rule.check(request.headers()) {
        Ok(()) => next.run(request).await,
        Err(reason) => {
            tracing::warn!(
                http.path = request.uri().path(),
                reason,
                "cross-site request refused"
            );
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "This request was refused because it came from another website. \
                 Please use Lab2Field's own pages.",
            )
                .into_response()
        }
    }
}

/// A panic in a handler answers 500 with a reference logged beside the panic message, like any
/// other internal error, instead of a dropped connection.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    error_response(app::internal_error!(
        panic = message,
        "request handler panicked"
    ))
}

/// Static files (the browser bundle, icons) may be cached (for how long: `assets::cache_control`);
/// every other response, and a static path that was not found, is personal or changes, so it is
/// never stored by the browser or a proxy.
fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/robots.txt"
}

/// Security headers on every response, and `Cache-Control: no-store` on everything but
/// static files. A page gets a Content-Security-Policy with the nonce of its inline scripts
/// (recorded while it renders: `app::server::http::PageNonce`); other responses get a policy
/// that allows nothing.
pub async fn security_headers(
    State(https): State<bool>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let page_nonce = app::server::http::PageNonce::default();
    request.extensions_mut().insert(page_nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A page: the policy names the nonce its scripts carry (filled in while it rendered).
    if let Some(policy) = page_nonce
        .get()
        .and_then(|nonce| HeaderValue::from_str(&app::server::http::page_policy(nonce)).ok())
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    let mut set = |name: &'static str, value: &'static str| {
        let name = header::HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set("x-content-type-options", "nosniff");
    set("x-frame-options", "DENY");
    // Same-origin requests keep the full Referer, which form posts without JavaScript need to
    // come back to the form; other sites get nothing.
    set("referrer-policy", "same-origin");
    set(
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    );
    set("cross-origin-opener-policy", "same-origin");
    set(
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    if https {
        set(
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    // A 304 answers a revalidation of a file the browser keeps: it must stay cacheable.
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if is_static_asset(&path) && found {
        let headers = response.headers_mut();
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, crate::assets::cache_control(&path));
        }
    } else {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn only_our_own_origin_may_change_state() {
        let rule = SameOrigin::new(&url::Url::parse("https://lab2field.example").unwrap());
        assert!(rule
            .check(&headers(&[("origin", "https://lab2field.example")]))
            .is_ok());
        assert!(rule
            .check(&headers(&[("origin", "https://evil.example")]))
            .is_err());
        assert!(rule.check(&headers(&[("origin", "null")])).is_err());
        assert!(rule
            .check(&headers(&[("origin", "http://lab2field.example")]))
            .is_err());
        assert!(rule
            .check(&headers(&[("sec-fetch-site", "cross-site")]))
            .is_err());
        assert!(rule
            .check(&headers(&[("sec-fetch-site", "same-origin")]))
            .is_ok());
        assert!(rule
            .check(&headers(&[("referer", "https://evil.example/page")]))
            .is_err());
        assert!(rule
            .check(&headers(&[("referer", "https://lab2field.example/signin")]))
            .is_ok());
        // Origin decides even when a Referer says otherwise.
        assert!(rule
            .check(&headers(&[
                ("origin", "https://evil.example"),
                ("referer", "https://lab2field.example/")
            ]))
            .is_err());
        assert!(rule.check(&headers(&[])).is_ok(), "a script, not a browser");
    }

    #[test]
    fn loopback_names_are_one_site_on_a_development_machine() {
        let rule = SameOrigin::new(&url::Url::parse("http://127.0.0.1:3000").unwrap());
        assert!(rule
            .check(&headers(&[("origin", "http://localhost:3000")]))
            .is_ok());
        assert!(rule
            .check(&headers(&[("origin", "http://localhost:3001")]))
            .is_err());
        let public = SameOrigin::new(&url::Url::parse("https://lab2field.example").unwrap());
        assert!(public
            .check(&headers(&[("origin", "http://localhost:443")]))
            .is_err());
    }
}
