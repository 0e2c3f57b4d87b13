//! Admin: the list of accounts and the form that appoints officers and admins.

use crate::api::admin::{list_accounts, CreateStaffAccount, SetAccountDisabled};
use crate::ui::components::errors::ErrorView;
use crate::ui::components::form::{form_error, options, Field, FormAlert, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminAccountsPage() -> impl IntoView {
    let create = ServerAction::<CreateStaffAccount>::new();
    let error = form_error(create);
    let disable = ServerAction::<SetAccountDisabled>::new();
    let disable_error = form_error(disable);
    let accounts = Resource::new(
        move || (create.version().get(), disable.version().get()),
        |_| list_accounts(),
    );
    let query = use_query_map();
    let created = move || query.read().get("created").is_some();
    view! {
        <Title text="Accounts"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(rows) => view! {
                        <section class="panel" aria-labelledby="accounts-title">
                            <h1 id="accounts-title">"Accounts"</h1>
                            <FormAlert error=disable_error/>
                            <div class="table-wrap">
                                <table>
                                    <thead><tr><th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th><th scope="col">"Confirmed"</th><th scope="col">"Created"</th><th scope="col">"Access"</th></tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| view! {
                                            <tr>
                                                <td>{r.display_name}</td>
                                                <td>{r.email}</td>
                                                <td>{r.role.label()}</td>
                                                <td>{if r.verified { "yes" } else { "no" }}</td>
                                                <td>{r.created_at}</td>
                                                <td>
                                                    <ActionForm action=disable>
                                                        <input type="hidden" name="id" value=r.id/>
                                                        <input type="hidden" name="disabled" value=if r.disabled { "false" } else { "true" }/>
                                                        {r.disabled.then(|| view! { <span class="badge" data-testid="disabled">"disabled"</span> " " })}
                                                        <button type="submit" class="button button-secondary">{if r.disabled { "Enable" } else { "Disable" }}</button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        </section>
                        <section class="panel narrow" aria-labelledby="staff-title">
                            <h2 id="staff-title">"Add a programme officer or administrator"</h2>
                            {move || created().then(|| view! {
                                <div class="alert alert-success" role="status">"The account was created."</div>
                            })}
                            <ActionForm action=create>
                                <FormAlert error=error/>
                                <SelectField label="Role" name="role" error=error options=options(&[("officer", "Programme officer"), ("admin", "Administrator")]) selected="officer"/>
                                <Field label="Name" name="display_name" error=error/>
                                <Field label="E-mail address" name="email" error=error inputmode="email"/>
                                <Field label="Initial password" name="password" input_type="password" error=error autocomplete="new-password" hint="At least 12 characters; share it with the person securely."/>
                                <button type="submit" class="button">"Create account"</button>
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
