//! Importing the opportunity catalogue — its own format or the EU Funding & Tenders Portal's
//! search result — from the command line (with a progress bar) and from the admins' upload
//! form. Both check the whole file first and import nothing if any entry is invalid.

use app::domain::account::Role;
use app::domain::opportunity::{parse_catalogue, ImportFormat, ImportIssue, UploadOutcome};
use app::server::auth::user_of_session;
use app::server::auth::UPLOAD_OUTCOME_KEY as OUTCOME_KEY;
use app::server::catalogue::{self, ImportSummary};
use app::server::ft_portal;
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

/// Checks and imports a catalogue file's text (the catalogue's own format).
pub async fn import_text(
    db: &DatabaseConnection,
    json: &str,
) -> Result<ImportSummary, ImportError> {
    import_as(db, ImportFormat::Catalogue, json, "").await
}

/// Checks and imports a file's text in the given format, showing a progress bar on a terminal.
/// `name` says where the file came from, for the entries' `data_source`.
pub async fn import_as(
    db: &DatabaseConnection,
    format: ImportFormat,
    json: &str,
    name: &str,
) -> Result<ImportSummary, ImportError> {
    match format {
        ImportFormat::Catalogue => {
            let records = parse_catalogue(json).map_err(ImportError::Invalid)?;
            let bar = progress_bar(records.len());
            let result = catalogue::import(db, &records, || bar.inc(1)).await;
            bar.finish_and_clear();
            result.map_err(|e| ImportError::Failed(e.to_string()))
        }
        ImportFormat::FtPortal => {
            let topics = ft_portal::parse_search_result(json).map_err(ImportError::Invalid)?;
            let source = format!(
                "EU Funding & Tenders Portal search result {name}, imported {}",
                chrono::Utc::now().date_naive()
            );
            let bar = progress_bar(topics.len());
            let result = catalogue::import_portal_topics(db, &topics, &source, || bar.inc(1)).await;
            bar.finish_and_clear();
            match result {
                Ok(Ok(summary)) => Ok(summary),
                Ok(Err(issues)) => Err(ImportError::Invalid(issues)),
                Err(e) => Err(ImportError::Failed(e.to_string())),
            }
        }
    }
}

fn progress_bar(len: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(len as u64),
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    // The template is a constant; were it ever refused, the plain bar does as well.
    let style = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style.progress_chars("=> "));
    bar.set_message("importing");
    bar
}

/// `POST /admin/import/upload` (multipart: `format`, then `file`): admins only.
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
    let outcome = match read_upload(&mut multipart).await {
        Err(message) => UploadOutcome::Rejected {
            message,
            issues: Vec::new(),
        },
        Ok((format, name, text)) => match import_as(&state.db, format, &text, &name).await {
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

/// The upload's format (the catalogue's own when the form sends none) and file.
async fn read_upload(multipart: &mut Multipart) -> Result<(ImportFormat, String, String), String> {
    let mut format = ImportFormat::Catalogue;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| format!("the upload could not be read: {e}"))?
    {
        match field.name() {
            Some("format") => {
                let raw = field
                    .text()
                    .await
                    .map_err(|e| format!("the upload could not be read: {e}"))?;
                format = raw.parse().map_err(|reason| format!("format: {reason}"))?;
            }
            Some("file") => {
                let name = field
                    .file_name()
                    .map(|n| n.chars().filter(|c| !c.is_control()).take(200).collect())
                    .unwrap_or_else(|| "(uploaded file)".to_owned());
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| format!("the upload could not be read: {e}"))?;
                if bytes.is_empty() {
                    return Err("file: choose a JSON file to upload".to_owned());
                }
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| "file: must be UTF-8 JSON text".to_owned())?;
                return Ok((format, name, text));
            }
            _ => {}
        }
    }
    Err("file: choose a JSON file to upload".to_owned())
}
