//! Accessible form fields that show the server's message for their field, with or without
//! JavaScript (without it, the error comes back in the redirect URL and is read on render).

use crate::error::AppError;
use leptos::prelude::*;

/// The error of the last submission of a form, if it failed.
pub type FormError = Signal<Option<AppError>>;

/// Derives a [`FormError`] from a server action.
pub fn form_error<S>(action: ServerAction<S>) -> FormError
where
    S: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

/// The message above a form: shown when a submission failed.
#[component]
pub fn FormAlert(error: FormError) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! { <div class="alert alert-error" role="alert">{e.form_message()}</div> }
        })
    }
}

/// A labelled input with its hint and its error message, wired with `aria-describedby`.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    error: FormError,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional, into)] value: String,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = move || {
        error.get().and_then(|e| {
            e.field_errors()
                .and_then(|f| f.get(name).map(str::to_owned))
        })
    };
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id
                name=name
                type=input_type
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                value=value
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            />
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A labelled `<select>` with its error message.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    error: FormError,
    options: Vec<(&'static str, &'static str)>,
    #[prop(optional)] selected: &'static str,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let message = move || {
        error.get().and_then(|e| {
            e.field_errors()
                .and_then(|f| f.get(name).map(str::to_owned))
        })
    };
    let error_id_attr = error_id.clone();
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=name
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=move || message().is_some().then(|| error_id_attr.clone())
            >
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=value == selected>{text}</option> })
                    .collect_view()}
            </select>
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}
