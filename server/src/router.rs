//! The HTTP router: server functions under `/api`, the Leptos pages, static files, and the
//! layers every request passes through (sessions, tracing, security headers).

use app::server::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{
    file_and_error_handler_with_context, generate_route_list, handle_server_fns_with_context,
    LeptosRoutes,
};
use sea_orm::ConnectionTrait;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::SessionManagerLayer;

use crate::catalogue_import;
use crate::sessions::DbSessionStore;

pub fn build(state: AppState, sessions: SessionManagerLayer<DbSessionStore>) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let app_fn = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    Router::new()
        .route("/api/{*fn_name}", any(server_fn_handler))
        .route("/healthz", get(health))
        .route("/unsubscribe/one-click", post(one_click_unsubscribe))
        .route("/api/v1/match", get(match_api))
        .route(
            "/admin/import/upload",
            post(catalogue_import::upload)
                .layer(DefaultBodyLimit::max(catalogue_import::MAX_UPLOAD_BYTES)),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), app_fn)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(axum::middleware::map_response(invalid_arguments_are_422))
        .layer(sessions)
        .layer(TraceLayer::new_for_http())
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("x-frame-options", "DENY"))
        // Same-origin requests keep the full Referer, which form posts without JavaScript need
        // to come back to the form; other sites get nothing.
        .layer(header("referrer-policy", "same-origin"))
        .with_state(state)
}

fn header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        axum::http::HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

async fn server_fn_handler(
    State(state): State<AppState>,
    request: Request<Body>,
) -> axum::response::Response {
    handle_server_fns_with_context(move || provide_context(state.clone()), request)
        .await
        .into_response()
}

/// Arguments that cannot be decoded fail inside the server-function layer, before our code sets
/// a status, and would answer 500. They are the caller's mistake: answer 422, like any other
/// invalid input. Only server-function error responses are looked at (they carry the
/// `serverfnerror` header), and only their small bodies are read.
async fn invalid_arguments_are_422(response: axum::response::Response) -> axum::response::Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "error body too large").into_response();
    };
    if matches!(
        serde_json::from_slice::<app::error::AppError>(&bytes),
        Ok(app::error::AppError::Invalid(_))
    ) {
        parts.status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

/// `GET /api/v1/match?text=…&trl=&country=&kind=&limit=&include_closed=`: the matching engine
/// as JSON, for signed-in users. Same output as `lab2field match --json`.
async fn match_api(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    axum::extract::Query(params): axum::extract::Query<
        app::server::search::matching::TextMatchParams,
    >,
) -> axum::response::Response {
    use app::error::AppError;
    let result = async {
        app::server::auth::user_of_session(&state.db, &session)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        app::server::search::matching::match_text(
            &state.search.generation(),
            &params,
            chrono::Utc::now().date_naive(),
        )
    }
    .await;
    match result {
        Ok(matches) => axum::Json(matches).into_response(),
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(error)).into_response()
        }
    }
}

/// `POST /unsubscribe/one-click?token=…`: the RFC 8058 one-click unsubscribe that mail clients
/// send for the `List-Unsubscribe` header of a digest. The token is the only credential.
async fn one_click_unsubscribe(
    State(state): State<AppState>,
    axum::extract::Query(params): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    let token = params.get("token").map(String::as_str).unwrap_or_default();
    match app::server::alerts::unsubscribe(&state.db, token).await {
        Ok(_) => (StatusCode::OK, "unsubscribed").into_response(),
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(error)).into_response()
        }
    }
}

/// Liveness and readiness: answers 200 when the database answers.
async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
