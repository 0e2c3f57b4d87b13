//! An investor's organisation: who it is, its investment thesis (areas, stages, ticket,
//! countries, TRL band, focus and its own words), and the catalogue entry that lists it.

use crate::api::investor::{my_investor_org, SaveInvestorOrg};
use crate::domain::critical_area::CriticalArea;
use crate::domain::thesis::{Focus, Invests, Region, Stage, ThesisForm};
use crate::ui::components::checklist::FirstRunChecklist;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{
    country_options, form_error, CheckboxGroup, Field, FormAlert, FormError, SelectField, TextArea,
};
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
                    let (form, thesis, from_catalogue) = page
                        .current
                        .map(|c| (c.form, c.thesis, c.thesis_from_catalogue))
                        .unwrap_or_default();
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
                                    hint="Founders see it as your fund; its thesis ranks your deal flow until you write your own below."
                                />
                                <ThesisFields error thesis from_catalogue/>
                                <button type="submit" class="button">"Save organisation"</button>
                            </ActionForm>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

/// The thesis part of the form (`thesis[…]` fields): what the deal flow is ranked by.
#[component]
fn ThesisFields(
    error: FormError,
    thesis: ThesisForm,
    from_catalogue: Option<String>,
) -> impl IntoView {
    // (slug, label) choices of one of the thesis enums.
    macro_rules! choices {
        ($all:expr) => {
            $all.iter()
                .map(|v| (v.slug().to_owned(), v.label().to_owned()))
                .collect::<Vec<_>>()
        };
    }
    let invests = std::iter::once((String::new(), "Not stated (directly)".to_owned()))
        .chain(choices!(Invests::ALL))
        .collect();
    view! {
        <fieldset class="thesis" aria-labelledby="thesis-legend">
            <legend id="thesis-legend">"Investment thesis"</legend>
            <p class="hint">
                "Your deal flow is ranked by these: technologies from your home markets and areas first, then "
                "stage for their TRL, your ticket for the funding they seek. Leave everything empty to use the catalogue entry's."
            </p>
            {from_catalogue.map(|title| view! {
                <p class="alert alert-info" role="note">
                    "Filled in from the catalogue entry “" {title} "”. Saving makes it your organisation's own thesis."
                </p>
            })}
            <TextArea label="Thesis in your words" name="text" prefix="thesis" error rows=4 value=thesis.text
                hint="What you invest in, as you would tell a founder (at most 2000 characters)."/>
            <CheckboxGroup legend="Critical areas" name="areas" prefix="thesis" error options=choices!(CriticalArea::ALL) checked=thesis.areas
                hint="None for a generalist fund."/>
            <CheckboxGroup legend="Stages" name="stages" prefix="thesis" error options=choices!(Stage::ALL) checked=thesis.stages/>
            <Field label="Smallest ticket (EUR)" name="ticket_min_eur" prefix="thesis" error value=thesis.ticket_min_eur inputmode="numeric"
                hint="Whole euros; give both or neither."/>
            <Field label="Largest ticket (EUR)" name="ticket_max_eur" prefix="thesis" error value=thesis.ticket_max_eur inputmode="numeric"/>
            <Field label="Countries you may invest in" name="countries" prefix="thesis" error value=thesis.countries
                hint="ISO codes separated by commas, such as FI, SE, EE. With regions, empty means anywhere."/>
            <CheckboxGroup legend="Regions you may invest in" name="regions" prefix="thesis" error options=choices!(Region::ALL) checked=thesis.regions/>
            <Field label="Home markets" name="focus_countries" prefix="thesis" error value=thesis.focus_countries
                hint="Where most of your investments go (ISO codes); a strong ranking signal."/>
            <Field label="Lowest TRL" name="trl_min" prefix="thesis" error value=thesis.trl_min inputmode="numeric" hint="1–9, optional."/>
            <Field label="Highest TRL" name="trl_max" prefix="thesis" error value=thesis.trl_max inputmode="numeric"/>
            <CheckboxGroup legend="Markets" name="focus" prefix="thesis" error options=choices!(Focus::ALL) checked=thesis.focus/>
            <SelectField label="How you invest" name="invests" prefix="thesis" error options=invests selected=thesis.invests/>
        </fieldset>
    }
}
