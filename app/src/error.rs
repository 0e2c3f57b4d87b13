//! The one error type every server function returns, and how it reads to a user.

use crate::api::encoding::TextJsonEncoding;
use serde::{Deserialize, Serialize};
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A message attached to one form field (or to the form as a whole when `field` is `"form"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every problem found in one submission, so the form can show them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Records the error of a fallible parse and returns its value, so a form can be checked
    /// field by field while collecting every message.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        parsed: Result<T, E>,
    ) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(err) => {
                self.add(field, err.to_string());
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(())` when nothing was recorded, otherwise the whole list as an [`AppError::Invalid`].
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

/// Messages as a person reads them: a message about the whole form stands alone; others are
/// prefixed with the field they are about.
impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| {
                if e.field == "form" {
                    e.message.clone()
                } else {
                    format!("{}: {}", e.field.replace('_', " "), e.message)
                }
            })
            .collect();
        f.write_str(&parts.join("; "))
    }
}

/// The sentence for a list of field problems, without internal names.
fn invalid_sentence(errors: &FieldErrors) -> String {
    match errors.0.as_slice() {
        [only] if only.field == "form" => only.message.clone(),
        _ => format!("Please correct the highlighted fields ({errors})."),
    }
}

fn conflict_sentence(errors: &FieldErrors) -> String {
    match errors.0.as_slice() {
        [only] if only.field == "form" => only.message.clone(),
        _ => format!("This conflicts with existing data ({errors})."),
    }
}

/// Sent as JSON in one shape for every error: a stable `error` code, a readable `message`, and
/// the details of that kind (`fields`, `reference`, `retry_after_seconds`, `limit_bytes`), so
/// an API client can show the message without knowing Rust enum layouts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(into = "WireError", try_from = "WireError")]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("The e-mail address or the password is not correct.")]
    BadCredentials,
    #[error("Your account does not have access to this.")]
    Forbidden,
    #[error("Please verify your e-mail address first.")]
    Unverified,
    #[error("We could not find what you were looking for.")]
    NotFound,
    #[error("{}", invalid_sentence(.0))]
    Invalid(FieldErrors),
    #[error("{}", conflict_sentence(.0))]
    Conflict(FieldErrors),
    /// Logged once on the server where it happened, under this reference; the user sees only
    /// the reference (to quote to support), never the cause.
    #[error(
        "Something went wrong on our side (reference {0}). It has been logged; please try again."
    )]
    Internal(String),
    #[error("Too many attempts. Please wait {0} seconds and try again.")]
    TooManyAttempts(u64),
    #[error("The request is too large: at most {0} bytes are accepted.")]
    TooLarge(u64),
    /// This instance cannot answer yet (its search index is being built from the database);
    /// another instance, or this one in that many seconds, can.
    #[error("Search is being prepared on this server. Please try again in {0} seconds.")]
    Unavailable(u64),
    /// Only ever made in the browser (the server never sends it): the server could not be reached
    /// or answered something that is not one of these errors.
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

/// The JSON form of [`AppError`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WireError {
    error: String,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fields: Option<FieldErrors>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry_after_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    limit_bytes: Option<u64>,
}

impl From<AppError> for WireError {
    fn from(error: AppError) -> Self {
        let message = error.to_string();
        let mut wire = WireError {
            error: error.code().to_owned(),
            message,
            fields: None,
            reference: None,
            retry_after_seconds: None,
            limit_bytes: None,
        };
        match error {
            AppError::Invalid(fields) | AppError::Conflict(fields) => wire.fields = Some(fields),
            AppError::Internal(reference) => wire.reference = Some(reference),
            AppError::TooManyAttempts(seconds) | AppError::Unavailable(seconds) => {
                wire.retry_after_seconds = Some(seconds)
            }
            AppError::TooLarge(limit) => wire.limit_bytes = Some(limit),
            AppError::Transport(detail) => wire.reference = Some(detail),
            _ => {}
        }
        wire
    }
}

impl TryFrom<WireError> for AppError {
    type Error = String;

    fn try_from(wire: WireError) -> Result<Self, String> {
        Ok(match wire.error.as_str() {
            "unauthenticated" => AppError::Unauthenticated,
            "bad_credentials" => AppError::BadCredentials,
            "forbidden" => AppError::Forbidden,
            "unverified" => AppError::Unverified,
            "not_found" => AppError::NotFound,
            "invalid" => AppError::Invalid(wire.fields.unwrap_or_default()),
            "conflict" => AppError::Conflict(wire.fields.unwrap_or_default()),
            "internal" => AppError::Internal(wire.reference.unwrap_or_default()),
            "too_many_attempts" => AppError::TooManyAttempts(wire.retry_after_seconds.unwrap_or(1)),
            "too_large" => AppError::TooLarge(wire.limit_bytes.unwrap_or_default()),
            "unavailable" => AppError::Unavailable(wire.retry_after_seconds.unwrap_or(1)),
            "transport" => AppError::Transport(wire.reference.unwrap_or(wire.message)),
            other => return Err(format!("unknown error code {other:?}")),
        })
    }
}

impl AppError {
    /// The stable code of this kind of error in JSON answers.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::Forbidden => "forbidden",
            AppError::Unverified => "unverified",
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::Internal(_) => "internal",
            AppError::TooManyAttempts(_) => "too_many_attempts",
            AppError::TooLarge(_) => "too_large",
            AppError::Unavailable(_) => "unavailable",
            AppError::Transport(_) => "transport",
        }
    }

    /// A conflict with what is stored, explained in one sentence at the top of the form.
    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict(FieldErrors::single("form", message))
    }

    /// The HTTP status for this error — the one mapping used by server functions and pages.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::Unverified => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyAttempts(_) => 429,
            AppError::TooLarge(_) => 413,
            AppError::Unavailable(_) => 503,
            AppError::Internal(_) | AppError::Transport(_) => 500,
        }
    }

    /// Field messages carried by validation and conflict errors.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(errors) | AppError::Conflict(errors) => Some(errors),
            _ => None,
        }
    }

    /// A short message for the top of a form: field errors are shown beside their fields.
    pub fn form_message(&self) -> String {
        match self {
            AppError::Invalid(errors) | AppError::Conflict(errors) => errors
                .get("form")
                .map(str::to_owned)
                .unwrap_or_else(|| "Please correct the fields marked below.".to_owned()),
            other => other.to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = TextJsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself is malformed (a missing or mistyped argument, a body that is not
            // text): the caller's mistake, so it is reported as invalid input — in plain words,
            // without the decoder's internals.
            ServerFnErrorErr::MissingArg(name) => {
                AppError::Invalid(FieldErrors::single(public_field_name(&name), "is missing"))
            }
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::Deserialization(message) => {
                AppError::Invalid(FieldErrors::single("form", unreadable_request(&message)))
            }
            other => from_other_server_fn_error(other),
        }
    }
}

/// Everything else the server-function layer reports. On the server these are faults of ours
/// (logged once with a reference); in the browser they mean the server could not be reached.
#[cfg(feature = "ssr")]
fn from_other_server_fn_error(error: ServerFnErrorErr) -> AppError {
    match error {
        ServerFnErrorErr::Registration(_) => AppError::NotFound,
        ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::Invalid(FieldErrors::single(
            "form",
            "this address accepts POST requests only",
        )),
        other => crate::internal_error!(error = %other, "server function failed"),
    }
}

#[cfg(not(feature = "ssr"))]
fn from_other_server_fn_error(error: ServerFnErrorErr) -> AppError {
    AppError::Transport(error.to_string())
}

/// An argument name as the caller wrote it (`form[title]`), not as the decoder reports it.
fn public_field_name(name: &str) -> &str {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 || name.contains("::") {
        "form"
    } else {
        name
    }
}

impl AppError {
    /// A request whose arguments could not be decoded, explained without the decoder's
    /// internals (for handlers outside server functions, such as query-string extractors).
    pub fn unreadable(decoder_message: &str) -> Self {
        AppError::Invalid(FieldErrors::single(
            "form",
            unreadable_request(decoder_message),
        ))
    }
}

/// What could not be read, in words a caller can act on. The decoder's own message names the
/// field and the expected kind of value; Rust type and module names are dropped from it.
fn unreadable_request(message: &str) -> String {
    let lower = message.to_lowercase();
    let detail = if lower.contains("utf-8") || lower.contains("utf8") {
        "the request body is not valid UTF-8 text".to_owned()
    } else if let Some(field) = quoted_field(message) {
        format!("the argument {field} is missing or has the wrong type")
    } else if lower.contains("invalid digit") || lower.contains("invalid type") {
        "a number or true/false argument has a value of the wrong type".to_owned()
    } else if lower.contains("too large") || lower.contains("too small") {
        "a number argument is out of range".to_owned()
    } else {
        "an argument is missing or has the wrong type".to_owned()
    };
    format!("The request could not be read: {detail}.")
}

/// The field a decoder message names: back-quoted (serde writes "missing field `title`") or
/// as a `name: …` prefix (query-string decoders write "limit: invalid digit found in string").
fn quoted_field(message: &str) -> Option<&str> {
    let field = match message.find('`') {
        Some(at) => {
            let start = at + 1;
            let len = message[start..].find('`')?;
            &message[start..start + len]
        }
        None => {
            let rest = message.rsplit(": ").nth(1)?;
            rest.rsplit(": ").next()?
        }
    };
    (!field.is_empty()
        && field.len() <= 64
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']')))
    .then_some(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_collect_every_failed_field() {
        let mut errors = FieldErrors::new();
        let ok: Option<u8> = errors.check("a", "7".parse::<u8>());
        let bad: Option<u8> = errors.check("b", "x".parse::<u8>());
        assert_eq!(ok, Some(7));
        assert_eq!(bad, None);
        assert!(errors.get("b").is_some());
        assert!(errors.get("a").is_none());
        assert_eq!(errors.into_result().unwrap_err().status(), 422);
    }

    #[test]
    fn unreadable_requests_are_explained_without_decoder_internals() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "invalid digit found in string".into(),
        ));
        assert_eq!(e.status(), 422);
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(
            "error deserializing app::api::Foo: missing field `title`".into(),
        ));
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.contains("title"), "{text}");
        assert!(
            !text.contains("deserializing") && !text.contains("app::api"),
            "{text}"
        );
    }
}
