//! What a person typed into a form the server rejected, kept for the page it came from. Without
//! JavaScript a rejected form post answers with a redirect back to its page; the router keeps
//! the submitted fields in the session (never passwords) and hands them to the next render of
//! that page, where every form control shows them again (`ui::components::form`). With
//! JavaScript the browser keeps the typed values anyway. One mechanism for every form.

use serde::{Deserialize, Serialize};

/// Session key of the last rejected form.
pub const SESSION_KEY: &str = "rejected_form";

/// The fields of a rejected form post and the page it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedForm {
    /// The path of the page the form was on (where the redirect goes back to).
    pub page: String,
    /// Submitted names and values, in order, without secrets.
    pub fields: Vec<(String, String)>,
}

impl RejectedForm {
    /// Keeps what may be shown again: everything but passwords and tokens.
    pub fn from_pairs(page: String, pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let fields = pairs
            .into_iter()
            .filter(|(name, _)| {
                let name = name.to_ascii_lowercase();
                !name.contains("password") && !name.contains("token")
            })
            .take(500)
            .collect();
        Self { page, fields }
    }

    /// Every value submitted under `name` (check-box lists send several).
    pub fn values(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// The values the rejected form being shown again had under `name`, if this render is the page
/// it came back to (the router puts it in the request's extensions) and the control belongs to
/// that form — its fields share the name's root (`form` of `form[areas][]`). An unchecked box
/// sends nothing, so "no values" from the same form means "unchecked".
pub fn rejected_values(name: &str) -> Option<Vec<String>> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let form = parts.extensions.get::<RejectedForm>()?;
    let root = |n: &str| n.split('[').next().unwrap_or(n).to_owned();
    let same_form = form.fields.iter().any(|(n, _)| root(n) == root(name));
    same_form.then(|| form.values(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens_are_never_kept() {
        let form = RejectedForm::from_pairs(
            "/signup".into(),
            [
                ("email".to_owned(), "ada@example.org".to_owned()),
                ("password".to_owned(), "secret secret".to_owned()),
                ("new_password".to_owned(), "secret secret".to_owned()),
                ("token".to_owned(), "abc".to_owned()),
                ("form[areas][]".to_owned(), "sensing".to_owned()),
                ("form[areas][]".to_owned(), "energy".to_owned()),
            ],
        );
        assert_eq!(form.values("email"), ["ada@example.org"]);
        assert!(form.values("password").is_empty());
        assert!(form.values("new_password").is_empty());
        assert!(form.values("token").is_empty());
        assert_eq!(form.values("form[areas][]"), ["sensing", "energy"]);
    }
}
