//! Self-service sign-up for founders and investors.

use crate::api::auth::SignUp;
use crate::ui::components::form::{form_error, options, Field, FormAlert, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = form_error(action);
    view! {
        <Title text="Sign up"/>
        <section class="panel narrow" aria-labelledby="signup-title">
            <h1 id="signup-title">"Create your account"</h1>
            <p>"For start-up and SME founders, and for investors. Programme officers are invited by an administrator."</p>
            <ActionForm action=action>
                <FormAlert error=error/>
                <SelectField
                    label="I am"
                    name="role"
                    error=error
                    options=options(&[("founder", "a start-up or SME founder"), ("investor", "an investor")])
                    selected="founder"
                />
                <Field label="Your name" name="display_name" error=error autocomplete="name"/>
                <Field label="E-mail address" name="email" error=error autocomplete="email" inputmode="email"/>
                <Field
                    label="Password"
                    name="password"
                    input_type="password"
                    error=error
                    autocomplete="new-password"
                    hint="At least 12 characters. A few unrelated words make a good one."
                />
                <button type="submit" class="button">"Create account"</button>
            </ActionForm>
            <p>"Already registered? " <A href="/signin">"Sign in"</A></p>
        </section>
    }
}
