//! The 404 page.

use crate::ui::components::status::set_http_status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    set_http_status(404);
    view! {
        <Title text="Page not found"/>
        <section class="panel error-page" aria-labelledby="error-title">
            <h1 id="error-title">"Page not found (404)"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p><A href="/">"Back to the start page"</A></p>
        </section>
    }
}
