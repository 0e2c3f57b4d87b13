//! Forgotten passwords: asking for a reset link, and setting a new password from it.

use crate::api::auth::{RequestPasswordReset, ResetPassword};
use crate::ui::components::form::{form_error, Field, FormAlert};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = form_error(action);
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    view! {
        <Title text="Forgot your password?"/>
        <section class="panel narrow" aria-labelledby="forgot-title">
            <h1 id="forgot-title">"Forgot your password?"</h1>
            {move || sent().then(|| view! {
                <div class="alert alert-success" role="status" data-testid="reset-sent">
                    "If an account uses this address, we sent it a link to choose a new password. "
                    "The link works once, for one hour."
                </div>
            })}
            <p>"Enter the e-mail address of your account; we will send you a link to choose a new password."</p>
            <ActionForm action=action>
                <FormAlert error=error/>
                <Field label="E-mail address" name="email" error=error autocomplete="username" inputmode="email"/>
                <button type="submit" class="button">"Send me a link"</button>
            </ActionForm>
            <p><A href="/signin">"Back to sign-in"</A></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = form_error(action);
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    view! {
        <Title text="Choose a new password"/>
        <section class="panel narrow" aria-labelledby="reset-title">
            <h1 id="reset-title">"Choose a new password"</h1>
            <p>"Setting a new password signs your account out on every device."</p>
            <ActionForm action=action>
                <FormAlert error=error/>
                <input type="hidden" name="token" value=token/>
                <Field label="New password" name="password" input_type="password" error=error autocomplete="new-password" hint="At least 12 characters."/>
                <button type="submit" class="button">"Set the new password"</button>
            </ActionForm>
            <p><A href="/forgot-password">"Ask for a new link"</A></p>
        </section>
    }
}
