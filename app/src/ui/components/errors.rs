//! What a page shows when its data could not be loaded: sign-in redirect, 403, 404 or a
//! generic error, each with the matching HTTP status.

use super::status::set_http_status;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthenticated => {
            let location = use_location();
            let path = location.pathname.get_untracked();
            let search = location.search.get_untracked();
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            let target = format!("/signin?next={}", urlencode(&here));
            view! { <Redirect path=target/> }.into_any()
        }
        AppError::Forbidden => {
            set_http_status(403);
            view! {
                <Title text="Access denied"/>
                <section class="panel error-page" aria-labelledby="error-title">
                    <h1 id="error-title">"Access denied (403)"</h1>
                    <p>"Your account does not have access to this page. If you think it should, ask a Lab2Field administrator."</p>
                    <p><A href="/">"Back to the start page"</A></p>
                </section>
            }
            .into_any()
        }
        AppError::NotFound => view! { <crate::ui::pages::not_found::NotFound/> }.into_any(),
        other => {
            set_http_status(other.status());
            view! {
                <Title text="Something went wrong"/>
                <section class="panel error-page" aria-labelledby="error-title">
                    <h1 id="error-title">"Something went wrong"</h1>
                    <p>{other.to_string()}</p>
                    <p><A href="/">"Back to the start page"</A></p>
                </section>
            }
            .into_any()
        }
    }
}

/// Percent-encodes a query value (enough for paths and simple queries).
pub fn urlencode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Renders loaded data with `render`, or the matching error view.
pub fn loaded<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(data) => render(data).into_any(),
        Err(error) => view! { <ErrorView error/> }.into_any(),
    }
}
