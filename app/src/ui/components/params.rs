//! Reading route and query parameters.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The route's numeric `:id`; 0 when absent or malformed, which then loads as "not found".
pub fn use_id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    }
}

/// A query parameter read as `T` (a stage slug, a number); `None` when absent or malformed, so a
/// hand-edited address falls back to the page's default view.
pub fn use_query_as<T: std::str::FromStr>(
    key: &'static str,
) -> impl Fn() -> Option<T> + Copy + Send + Sync + 'static {
    let query = leptos_router::hooks::use_query_map();
    move || query.read().get(key).and_then(|s| s.parse::<T>().ok())
}
