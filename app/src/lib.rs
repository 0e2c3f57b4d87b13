//! Lab2Field's Leptos application: domain rules, server functions and pages, compiled twice —
//! for the server (`ssr`) and for the browser (`hydrate`).
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod error;
pub mod ui;

/// Everything that touches the database, sessions or mail. Gated here, once.
#[cfg(feature = "ssr")]
pub mod server;

pub use ui::{shell, App};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // End-to-end tests wait for this marker: clicks made before hydration would be lost.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
