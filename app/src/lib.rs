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
    // Pages are lazy routes (`ui::routes`): hydration waits until the page's group is loaded,
    // so it runs as a task (`hydrate_body` cannot wait and panics on a lazy route).
    wasm_bindgen_futures::spawn_local(async {
        // The server always sends a body; without one there is nothing to hydrate.
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        // End-to-end tests wait for this marker: clicks made before hydration would be lost.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
