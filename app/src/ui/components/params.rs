//! Reading route parameters.

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
