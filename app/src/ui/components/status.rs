//! Lets a page set its HTTP status while it renders on the server (a no-op in the browser).

/// Sets the status of the response being rendered, e.g. 403 or 404.
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
