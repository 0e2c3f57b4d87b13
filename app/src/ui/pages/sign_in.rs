//! Sign-in.

use crate::api::auth::SignIn;
use crate::ui::components::form::{form_error, Field, FormAlert};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = form_error(action);
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let registered = move || query.read().get("registered").is_some();
    let reset = move || query.read().get("reset").is_some();
    let signed_out = move || query.read().get("signed_out").is_some();
    view! {
        <Title text="Sign in"/>
        <section class="panel narrow" aria-labelledby="signin-title">
            <h1 id="signin-title">"Sign in"</h1>
            {move || registered().then(|| view! {
                <div class="alert alert-success" role="status">
                    "Thank you. We sent you an e-mail: open it to confirm your address, then sign in here."
                </div>
            })}
            {move || reset().then(|| view! {
                <div class="alert alert-success" role="status" data-testid="password-reset-done">
                    "Your new password is set and every session of your account was signed out. Sign in with the new password."
                </div>
            })}
            {move || signed_out().then(|| view! {
                <div class="alert alert-success" role="status">"Your account was signed out on every device."</div>
            })}
            <ActionForm action=action>
                <FormAlert error=error/>
                <input type="hidden" name="next" value=next/>
                <Field label="E-mail address" name="email" error=error autocomplete="username" inputmode="email"/>
                <Field label="Password" name="password" input_type="password" error=error autocomplete="current-password"/>
                <button type="submit" class="button">"Sign in"</button>
            </ActionForm>
            <p><A href="/forgot-password">"Forgot your password?"</A></p>
            <p>"New here? " <A href="/signup">"Create an account"</A></p>
        </section>
    }
}
