//! The account page: who you are, your e-mail verification, your password and your sessions.

use crate::api::auth::{account_details, ChangePassword, ResendVerification, SignOutEverywhere};
use crate::ui::components::errors::ErrorView;
use crate::ui::components::form::{form_error, Field, FormAlert};
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
    let change = ServerAction::<ChangePassword>::new();
    let change_error = form_error(change);
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let everywhere_error = form_error(everywhere);
    let changed = move || query.read().get("password_changed").is_some();
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
                        <section class="panel narrow" aria-labelledby="password-title">
                            <h2 id="password-title">"Change your password"</h2>
                            {move || changed().then(|| view! {
                                <div class="alert alert-success" role="status" data-testid="password-changed">
                                    "Your password was changed. Every other session of your account was signed out."
                                </div>
                            })}
                            <ActionForm action=change>
                                <FormAlert error=change_error/>
                                <Field label="Current password" name="current_password" input_type="password" error=change_error autocomplete="current-password"/>
                                <Field label="New password" name="new_password" input_type="password" error=change_error autocomplete="new-password" hint="At least 12 characters. Your other sessions will be signed out."/>
                                <button type="submit" class="button">"Change password"</button>
                            </ActionForm>
                        </section>
                        <section class="panel narrow" aria-labelledby="sessions-title">
                            <h2 id="sessions-title">"Sessions"</h2>
                            <p>"Signed in on a computer you no longer use? Sign out everywhere, this browser included."</p>
                            <ActionForm action=everywhere>
                                <FormAlert error=everywhere_error/>
                                <button type="submit" class="button button-secondary">"Sign out everywhere"</button>
                            </ActionForm>
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
