//! The one error type every server function returns, and how it reads to a user.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
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

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
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
    #[error("Please correct the highlighted fields ({0}).")]
    Invalid(FieldErrors),
    #[error("This conflicts with existing data ({0}).")]
    Conflict(FieldErrors),
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal,
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
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
            AppError::Internal | AppError::Transport(_) => 500,
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
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself is malformed (a missing or mistyped argument): the caller's
            // mistake, so it is reported as invalid input, naming what could not be read.
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                AppError::Invalid(FieldErrors::single(
                    "form",
                    format!("the request could not be read: {message}"),
                ))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
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
}
