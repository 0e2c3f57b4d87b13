//! Accessible form fields that show the server's message for their field, with or without
//! JavaScript (without it, the error comes back in the redirect URL and is read on render).
//!
//! Server functions that take a whole form struct read inputs named `form[field]`; pass
//! `prefix="form"` for those. Error messages are looked up by the bare field name.

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

fn input_name(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}[{name}]")
    }
}

fn message_for(
    error: FormError,
    name: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || {
        error.get().and_then(|e| {
            e.field_errors()
                .and_then(|f| f.get(name).map(str::to_owned))
        })
    }
}

/// Label, hint and error message around one control, wired with `aria-describedby`.
#[component]
fn FieldFrame(
    label: &'static str,
    name: &'static str,
    error: FormError,
    hint: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let id = format!("field-{name}");
    let message = message_for(error, name);
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })}
            {children()}
            {move || message().map(|m| view! { <p class="field-error" id=format!("field-{name}-error")>{m}</p> })}
        </div>
    }
}

fn described_by(
    error: FormError,
    name: &'static str,
    hint: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let message = message_for(error, name);
    move || {
        let mut ids = Vec::new();
        if !hint.is_empty() {
            ids.push(format!("field-{name}-hint"));
        }
        if message().is_some() {
            ids.push(format!("field-{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// What was typed under `name` in a rejected form shown again without JavaScript (see
/// `server::forms`); `None` when this page is not showing one.
fn rejected(name: &str) -> Option<Vec<String>> {
    #[cfg(feature = "ssr")]
    {
        crate::server::forms::rejected_values(name)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// The value to show: what was typed into a rejected form, else `value`.
fn shown(name: &str, value: String) -> String {
    rejected(name)
        .and_then(|values| values.into_iter().next())
        .unwrap_or(value)
}

/// A labelled single-line input.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    error: FormError,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] prefix: &'static str,
    #[prop(optional, into)] value: String,
) -> impl IntoView {
    let message = message_for(error, name);
    let describedby = described_by(error, name, hint);
    // Passwords are never shown again.
    let value = if input_type == "password" {
        value
    } else {
        shown(&input_name(prefix, name), value)
    };
    view! {
        <FieldFrame label name error hint>
            <input
                id=format!("field-{name}")
                name=input_name(prefix, name)
                type=input_type
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                value=value.clone()
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=describedby
            />
        </FieldFrame>
    }
}

/// A labelled multi-line input.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    error: FormError,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] prefix: &'static str,
    #[prop(default = 4)] rows: u32,
    #[prop(optional, into)] value: String,
) -> impl IntoView {
    let message = message_for(error, name);
    let describedby = described_by(error, name, hint);
    let value = shown(&input_name(prefix, name), value);
    view! {
        <FieldFrame label name error hint>
            <textarea
                id=format!("field-{name}")
                name=input_name(prefix, name)
                rows=rows
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=describedby
            >
                {value.clone()}
            </textarea>
        </FieldFrame>
    }
}

/// A labelled `<select>`; `options` are (value, text) pairs.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    error: FormError,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] prefix: &'static str,
    /// The browser refuses to submit while the empty first choice ("Choose …") is selected.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let message = message_for(error, name);
    let describedby = described_by(error, name, hint);
    let selected = shown(&input_name(prefix, name), selected);
    view! {
        <FieldFrame label name error hint>
            <select
                id=format!("field-{name}")
                name=input_name(prefix, name)
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=describedby
            >
                {options
                    .iter()
                    .map(|(value, text)| {
                        let is_selected = *value == selected;
                        view! { <option value=value.clone() selected=is_selected>{text.clone()}</option> }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A group of check boxes sent as a list (`prefix[name][]`), in a fieldset with a legend.
#[component]
pub fn CheckboxGroup(
    legend: &'static str,
    name: &'static str,
    error: FormError,
    options: Vec<(String, String)>,
    #[prop(optional)] checked: Vec<String>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] prefix: &'static str,
) -> impl IntoView {
    let message = message_for(error, name);
    let list_name = format!("{}[]", input_name(prefix, name));
    let checked = rejected(&list_name).unwrap_or(checked);
    view! {
        <fieldset class="field checkboxes" class:has-error=move || message().is_some() aria-describedby=described_by(error, name, hint)>
            <legend>{legend}</legend>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=format!("field-{name}-hint")>{hint}</p> })}
            {options
                .into_iter()
                .map(|(value, text)| {
                    let id = format!("field-{name}-{value}");
                    let is_checked = checked.contains(&value);
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone() name=list_name.clone() value=value checked=is_checked/>
                            <label for=id>{text}</label>
                        </div>
                    }
                })
                .collect_view()}
            {move || message().map(|m| view! { <p class="field-error" id=format!("field-{name}-error")>{m}</p> })}
        </fieldset>
    }
}

/// One check box with its label.
#[component]
pub fn Checkbox(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] prefix: &'static str,
    #[prop(optional)] checked: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let checked = rejected(&input_name(prefix, name))
        .map(|values| values.iter().any(|v| v == "yes"))
        .unwrap_or(checked);
    view! {
        <div class="field checkbox">
            <input type="checkbox" id=id.clone() name=input_name(prefix, name) value="yes" checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}

/// (value, text) pairs from static pairs.
pub fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, t)| (v.to_string(), t.to_string()))
        .collect()
}

/// Every country, for select lists, with an empty first choice.
pub fn country_options(empty: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), empty.to_owned()))
        .chain(
            crate::domain::country::CountryCode::all()
                .map(|(code, name)| (code.to_owned(), format!("{name} ({code})"))),
        )
        .collect()
}
