//! The HTTP router: server functions under `/api`, the Leptos pages, static files, and the
//! layers every request passes through (tracing, security headers, panics, body limits, the
//! same-origin rule, sessions).

use app::server::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, Extensions, HeaderMap, Request, StatusCode, Version};
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{
    file_and_error_handler_with_context, generate_route_list, handle_server_fns_with_context,
    LeptosRoutes,
};
use sea_orm::ConnectionTrait;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::SessionManagerLayer;

use crate::catalogue_import;
use crate::guards;
use crate::sessions::DbSessionStore;

pub fn build(state: AppState, sessions: SessionManagerLayer<DbSessionStore>) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let same_origin = guards::SameOrigin::new(&state.config.base_url);
    let https = state.config.base_url.scheme() == "https";
    let app_fn = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    Router::new()
        .route("/api/{*fn_name}", any(server_fn_handler))
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .route("/unsubscribe/one-click", post(one_click_unsubscribe))
        .route("/api/v1/match", get(match_api))
        .route(
            "/admin/import/upload",
            post(catalogue_import::upload)
                .layer(DefaultBodyLimit::max(catalogue_import::MAX_UPLOAD_BYTES)),
        )
        .nest_service(
            "/pkg",
            crate::assets::pkg_service(std::path::Path::new(
                state.leptos_options.site_root.as_ref(),
            )),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), app_fn)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(axum::middleware::map_response(
            server_fn_errors_keep_their_status,
        ))
        // Inside the session layer: it keeps rejected plain forms in the session.
        .layer(axum::middleware::from_fn(
            crate::rejected_forms::keep_rejected_forms,
        ))
        .layer(sessions)
        // Outermost last: every request is traced, gets the security headers, has its panics
        // caught, its body bounded and its origin checked before anything else runs.
        .layer(axum::middleware::from_fn_with_state(
            same_origin,
            guards::same_origin_only,
        ))
        .layer(axum::middleware::from_fn(guards::limit_body))
        .layer(CatchPanicLayer::custom(guards::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            https,
            guards::security_headers,
        ))
        // Pages and JSON are compressed on the fly (gzip or brotli, as the browser accepts);
        // the browser bundle is not: the release build compresses it once (`/pkg` above sends
        // those copies), and compressing megabytes on every download would cost more CPU than
        // the page it serves.
        // At a low level: a search answer is compressed on every request, and brotli's level 4
        // (the layer's default) cost about 5 % of the server's CPU per search for a few percent
        // smaller answers; levels 1 of brotli and gzip keep most of the saving.
        .layer(
            CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Precise(1))
                .compress_when(DefaultPredicate::new().and(
                    |_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions| {
                        headers
                            .get(header::CONTENT_TYPE)
                            .and_then(|v| v.to_str().ok())
                            .is_some_and(|t| {
                                t.starts_with("text/html") || t.starts_with("application/json")
                            })
                    },
                )),
        )
        // Spans name the path only: query strings carry tokens (verification, reset,
        // unsubscribe) that must not reach the logs.
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                tracing::info_span!(
                    "request",
                    http.method = %request.method(),
                    http.path = %request.uri().path()
                )
            }),
        )
        .with_state(state)
}

async fn server_fn_handler(
    State(state): State<AppState>,
    request: Request<Body>,
) -> axum::response::Response {
    // An address that names no server function is a plain 404, like any other unknown page.
    let known = leptos::server_fn::axum::server_fn_paths()
        .any(|(path, method)| path == request.uri().path() && method == request.method());
    if !known {
        return guards::error_response(app::error::AppError::NotFound);
    }
    handle_server_fns_with_context(move || provide_context(state.clone()), request)
        .await
        .into_response()
}

/// Errors raised inside the server-function layer — arguments that cannot be decoded, a body
/// that is not text — are answered before our code sets a status, always as 500. They are
/// turned into our errors there (`AppError::from_server_fn_error`: invalid input, or an
/// internal error logged with its reference); here the response gets that error's status.
/// Only server-function error responses are looked at (they carry the `serverfnerror`
/// header), and only their small bodies are read.
async fn server_fn_errors_keep_their_status(
    response: axum::response::Response,
) -> axum::response::Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return guards::error_response(app::internal_error!("server function error too large"));
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

/// `GET /api/v1/match?text=…&trl=&country=&kind=&limit=&include_closed=`: the matching engine
/// as JSON, for signed-in users. Same output as `lab2field match --json`.
async fn match_api(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    params: Result<
        axum::extract::Query<app::server::search::matching::TextMatchParams>,
        axum::extract::rejection::QueryRejection,
    >,
) -> axum::response::Response {
    use app::error::AppError;
    let params = match params {
        Ok(axum::extract::Query(params)) => params,
        Err(rejection) => {
            return guards::error_response(AppError::unreadable(&rejection.body_text()));
        }
    };
    let result = async {
        app::server::auth::user_of_session(&state.db, &session)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        app::server::search::matching::match_text(
            &*state.search.generation()?,
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
/// `GET /readyz`, for load balancers: 200 when this instance can answer everything — its
/// database answers and its search index is built — else 503 with what is missing. (`/healthz`
/// only says the process is alive and reaches its database.)
async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let mut missing = Vec::new();
    if let Err(err) = state.read.execute_unprepared("SELECT 1").await {
        tracing::error!(error = %err, "readiness: database unavailable");
        missing.push("database unavailable");
    }
    if !state.search.is_ready() {
        missing.push("search index being built");
    }
    if missing.is_empty() {
        (StatusCode::OK, "ready".to_owned())
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {}", missing.join(", ")),
        )
    }
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    // The read pool: a queue of writes on SQLite's single writer must not make the instance
    // look dead to a load balancer.
    match state.read.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
