//! Confirming an e-mail address from the link in the verification e-mail. The link opens a page
//! with a button, so that mail scanners which prefetch links do not use the token up.

use crate::api::auth::VerifyEmail;
use crate::ui::components::form::{form_error, FormAlert};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let error = form_error(action);
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    view! {
        <Title text="Confirm your e-mail address"/>
        <section class="panel narrow" aria-labelledby="verify-title">
            <h1 id="verify-title">"Confirm your e-mail address"</h1>
            <ActionForm action=action>
                <FormAlert error=error/>
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="button">"Confirm my e-mail address"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn VerifiedPage() -> impl IntoView {
    view! {
        <Title text="E-mail address confirmed"/>
        <section class="panel narrow" aria-labelledby="verified-title">
            <h1 id="verified-title">"Your e-mail address is confirmed"</h1>
            <p>"Thank you. You can now submit to programme officers and investors."</p>
            <p><A href="/account">"Go to your account"</A></p>
        </section>
    }
}
