//! An investor's organisation, linked to the catalogue entry describing its thesis.

use crate::api::investor::{my_investor_org, SaveInvestorOrg};
use crate::ui::components::checklist::FirstRunChecklist;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{country_options, form_error, Field, FormAlert, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InvestorOrgPage() -> impl IntoView {
    let action = ServerAction::<SaveInvestorOrg>::new();
    let error = form_error(action);
    let data = Resource::new(move || action.version().get(), |_| my_investor_org());
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <Title text="Your organisation"/>
        <FirstRunChecklist refresh=action.version()/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, |page| {
                    let form = page.current.map(|c| c.form).unwrap_or_default();
                    let catalogue: Vec<(String, String)> = std::iter::once((String::new(), "Not listed".to_owned()))
                        .chain(page.catalogue)
                        .collect();
                    view! {
                        <section class="panel narrow" aria-labelledby="org-title">
                            <h1 id="org-title">"Your investor organisation"</h1>
                            {move || saved().then(|| view! { <div class="alert alert-success" role="status">"Organisation saved."</div> })}
                            <ActionForm action=action>
                                <FormAlert error/>
                                <Field label="Name" name="name" prefix="form" error value=form.name/>
                                <SelectField label="Country" name="country" prefix="form" error options=country_options("Choose a country") selected=form.country/>
                                <SelectField
                                    label="Controlled from (if another country)"
                                    name="controlling_country"
                                    prefix="form"
                                    error
                                    options=country_options("Where it is based")
                                    selected=form.controlling_country
                                    hint="Founders are shown a foreign-investment notice before sharing confidential details with organisations controlled from outside the EU, the EEA and NATO."
                                />
                                <Field label="Website" name="website" prefix="form" error value=form.website inputmode="url"/>
                                <SelectField
                                    label="Catalogue entry describing your thesis"
                                    name="catalogue_investor_id"
                                    prefix="form"
                                    error
                                    options=catalogue
                                    selected=form.catalogue_investor_id
                                    hint="Its areas, stages, ticket size and countries are used for matching."
                                />
                                <button type="submit" class="button">"Save organisation"</button>
                            </ActionForm>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
