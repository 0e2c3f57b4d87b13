//! A founder's company profile, with SME status and EDF eligibility computed from it.

use crate::api::company::{my_company, SaveCompany};
use crate::domain::company::{CompanyForm, EntityType};
use crate::ui::components::checklist::FirstRunChecklist;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{
    country_options, form_error, Checkbox, Field, FormAlert, SelectField,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CompanyPage() -> impl IntoView {
    let action = ServerAction::<SaveCompany>::new();
    let error = form_error(action);
    let data = Resource::new(move || action.version().get(), |_| my_company());
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <Title text="Your company"/>
        <FirstRunChecklist refresh=action.version()/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, |current| {
                    let form = current.as_ref().map(|c| c.form.clone()).unwrap_or_default();
                    let summary = current.and_then(|c| c.summary);
                    view! {
                        <section class="panel" aria-labelledby="company-title">
                            <h1 id="company-title">"Your company"</h1>
                            {move || saved().then(|| view! { <div class="alert alert-success" role="status">"Company profile saved."</div> })}
                            {summary.map(|s| view! {
                                <dl class="facts" aria-label="Computed status">
                                    <dt>"Type of organisation"</dt>
                                    <dd data-testid="entity-type">{s.entity_type.label()}</dd>
                                    <dt>"SME (EU definition)"</dt>
                                    <dd data-testid="sme">{if s.is_sme { "Yes" } else { "No" }}</dd>
                                    <dt>"Eligible for the EDF as an entity"</dt>
                                    <dd data-testid="edf">{if s.edf.eligible { "Yes" } else { "No" }} " — " {s.edf.reason}</dd>
                                </dl>
                                <p><A href="/technologies">"Your technologies"</A></p>
                            })}
                        </section>
                        <section class="panel" aria-labelledby="company-form-title">
                            <h2 id="company-form-title">"Company profile"</h2>
                            <ActionForm action=action>
                                <FormAlert error/>
                                <CompanyFields form error/>
                                <button type="submit" class="button">"Save company"</button>
                            </ActionForm>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn CompanyFields(
    form: CompanyForm,
    error: crate::ui::components::form::FormError,
) -> impl IntoView {
    let controlled = form.foreign_controlled.is_some();
    view! {
        <Field label="Legal name" name="legal_name" prefix="form" error value=form.legal_name/>
        <SelectField
            label="Type of organisation"
            name="entity_type"
            prefix="form"
            error
            options=EntityType::ALL.iter().map(|t| (t.slug().to_owned(), t.label().to_owned())).collect()
            selected=form.entity_type
            hint="Start-ups and SMEs must meet the EU SME definition; large companies, research organisations and universities take part in consortia too."
        />
        <Field
            label="Group (ultimate parent), if any"
            name="parent_group"
            prefix="form"
            error
            value=form.parent_group
            hint="Optional. Entities of one group count once in an EDF consortium."
        />
        <div class="grid-2">
            <SelectField label="Country of establishment" name="country" prefix="form" error options=country_options("Choose a country") selected=form.country/>
            <Field label="City" name="city" prefix="form" error value=form.city/>
        </div>
        <Field label="Website" name="website" prefix="form" error value=form.website hint="Optional, e.g. https://example.org" inputmode="url"/>
        <div class="grid-2">
            <Field label="Year founded" name="year_founded" prefix="form" error value=form.year_founded inputmode="numeric"/>
            <Field label="Headcount (full-time equivalents)" name="headcount" prefix="form" error value=form.headcount inputmode="numeric"/>
        </div>
        <div class="grid-2">
            <Field label="Annual turnover (EUR)" name="turnover_eur" prefix="form" error value=form.turnover_eur inputmode="numeric"/>
            <Field label="Balance-sheet total (EUR)" name="balance_sheet_eur" prefix="form" error value=form.balance_sheet_eur inputmode="numeric"/>
        </div>
        <fieldset class="field">
            <legend>"Control"</legend>
            <Checkbox label="The company is controlled from a country outside the EU-27 and Norway (the EDF eligibility rule)" name="foreign_controlled" prefix="form" checked=controlled/>
            <SelectField
                label="Controlled from"
                name="controlling_country"
                prefix="form"
                error
                options=country_options("Not applicable")
                selected=form.controlling_country
                hint="Only if you ticked the box above."
            />
        </fieldset>
    }
}
