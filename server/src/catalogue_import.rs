//! Importing the opportunity catalogue: from the command line (with a progress bar) and from
//! the admins' upload form. Both check the whole file first and import nothing if any entry is
//! invalid.

use app::domain::account::Role;
use app::domain::opportunity::{parse_catalogue, ImportIssue, UploadOutcome};
use app::server::auth::user_of_session;
use app::server::auth::UPLOAD_OUTCOME_KEY as OUTCOME_KEY;
use app::server::catalogue::{self, ImportSummary};
use app::server::AppState;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sea_orm::DatabaseConnection;
use std::io::IsTerminal;
use tower_sessions::Session;

/// The largest file the upload form accepts (the real catalogue is about 260 KB).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} invalid entr{} — nothing was imported", .0.len(), if .0.len() == 1 { "y" } else { "ies" })]
    Invalid(Vec<ImportIssue>),
    #[error("the import failed and nothing was imported: {0}")]
    Failed(String),
}

/// Checks and imports a catalogue file's text, showing a progress bar on a terminal.
pub async fn import_text(
    db: &DatabaseConnection,
    json: &str,
) -> Result<ImportSummary, ImportError> {
    let records = parse_catalogue(json).map_err(ImportError::Invalid)?;
    let bar = ProgressBar::with_draw_target(
        Some(records.len() as u64),
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}")
            .expect("constant template")
            .progress_chars("=> "),
    );
    bar.set_message("importing");
    let result = catalogue::import(db, &records, || bar.inc(1)).await;
    bar.finish_and_clear();
    result.map_err(|e| ImportError::Failed(e.to_string()))
}

/// `POST /admin/import` (multipart, field `file`): admins only.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    mut multipart: Multipart,
) -> Response {
    match user_of_session(&state.db, &session).await {
        Ok(Some(user)) if user.role == Role::Admin => {}
        Ok(Some(_)) => {
            return (
                StatusCode::FORBIDDEN,
                "Only administrators can import the catalogue.",
            )
                .into_response()
        }
        Ok(None) => return Redirect::to("/signin?next=/admin/import").into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let outcome = match read_file(&mut multipart).await {
        Err(message) => UploadOutcome::Rejected {
            message,
            issues: Vec::new(),
        },
        Ok(text) => match import_text(&state.db, &text).await {
            Ok(summary) => UploadOutcome::Imported(summary),
            Err(ImportError::Invalid(issues)) => UploadOutcome::Rejected {
                message: ImportError::Invalid(issues.clone()).to_string(),
                issues,
            },
            Err(e @ ImportError::Failed(_)) => UploadOutcome::Rejected {
                message: e.to_string(),
                issues: Vec::new(),
            },
        },
    };
    if session.insert(OUTCOME_KEY, &outcome).await.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    Redirect::to("/admin/import").into_response()
}

async fn read_file(multipart: &mut Multipart) -> Result<String, String> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| format!("the upload could not be read: {e}"))?
    {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| format!("the upload could not be read: {e}"))?;
            if bytes.is_empty() {
                return Err("file: choose a JSON file to upload".to_owned());
            }
            return String::from_utf8(bytes.to_vec())
                .map_err(|_| "file: must be UTF-8 JSON text".to_owned());
        }
    }
    Err("file: choose a JSON file to upload".to_owned())
}
