//! The account page: who you are, and your e-mail verification.

use crate::api::auth::{account_details, ResendVerification};
use crate::ui::components::errors::ErrorView;
use crate::ui::components::form::{form_error, FormAlert};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| account_details());
    let resend = ServerAction::<ResendVerification>::new();
    let resend_error = form_error(resend);
    let query = use_query_map();
    let resent = move || query.read().get("resent").is_some();
    view! {
        <Title text="Your account"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(me) => view! {
                        <section class="panel" aria-labelledby="account-title">
                            <h1 id="account-title">"Your account"</h1>
                            <dl class="facts">
                                <dt>"Name"</dt><dd>{me.display_name.clone()}</dd>
                                <dt>"E-mail"</dt><dd>{me.email.clone()}</dd>
                                <dt>"Role"</dt><dd>{me.role.label()}</dd>
                                <dt>"E-mail confirmed"</dt>
                                <dd data-testid="verified">{if me.verified { "Yes" } else { "Not yet" }}</dd>
                            </dl>
                            {(!me.verified).then(|| view! {
                                <h2>"Confirm your e-mail address"</h2>
                                {move || resent().then(|| view! {
                                    <div class="alert alert-success" role="status">"We sent you a new link."</div>
                                })}
                                <ActionForm action=resend>
                                    <FormAlert error=resend_error/>
                                    <button type="submit" class="button button-secondary">"Send a new verification link"</button>
                                </ActionForm>
                            })}
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
