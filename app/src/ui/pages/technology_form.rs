//! The technology form's fields, shared by the "register" and "edit" pages.

use crate::domain::critical_area::CriticalArea;
use crate::domain::technology::{IpStatus, Seek, TechnologyForm};
use crate::domain::trl::Trl;
use crate::ui::components::form::{CheckboxGroup, Field, FormError, SelectField, TextArea};
use leptos::prelude::*;

#[component]
pub fn TechnologyFields(form: TechnologyForm, error: FormError) -> impl IntoView {
    let trl_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a TRL".to_owned()))
            .chain(Trl::all().map(|t| (t.get().to_string(), format!("{t} — {}", t.description()))))
            .collect();
    let areas: Vec<(String, String)> = CriticalArea::ALL
        .iter()
        .map(|a| (a.slug().to_owned(), a.label().to_owned()))
        .collect();
    let seeks: Vec<(String, String)> = Seek::ALL
        .iter()
        .map(|s| (s.slug().to_owned(), s.label().to_owned()))
        .collect();
    let ip: Vec<(String, String)> = IpStatus::ALL
        .iter()
        .map(|s| (s.slug().to_owned(), s.label().to_owned()))
        .collect();
    let export: Vec<(String, String)> = [
        ("", "Choose"),
        ("not_listed", "Not listed in Annex I"),
        ("listed", "Listed in Annex I (give the code)"),
        ("unknown", "Unknown — to be assessed"),
    ]
    .iter()
    .map(|(v, t)| (v.to_string(), t.to_string()))
    .collect();
    let ip_selected = if form.ip_status.is_empty() {
        "not_assessed".to_owned()
    } else {
        form.ip_status.clone()
    };
    view! {
        <fieldset class="group">
            <legend>"Public description"</legend>
            <p class="hint">"Officers and investors see this part once you submit the technology."</p>
            <Field label="Title" name="title" prefix="form" error value=form.title hint="3 to 120 characters."/>
            <TextArea label="Summary" name="summary" prefix="form" error value=form.summary hint="What it does and why it matters, 20 to 1,500 characters."/>
            <TextArea label="Civil applications" name="civil_applications" prefix="form" error value=form.civil_applications rows=3/>
            <TextArea label="Defence applications" name="defence_applications" prefix="form" error value=form.defence_applications rows=3/>
            <CheckboxGroup legend="Critical technology areas (one to three)" name="areas" prefix="form" error options=areas checked=form.areas/>
            <Field label="Keywords" name="keywords" prefix="form" error value=form.keywords hint="Separated by commas, up to 15."/>
        </fieldset>
        <fieldset class="group">
            <legend>"Readiness"</legend>
            <SelectField label="Technology readiness level (TRL)" name="trl" prefix="form" error options=trl_options selected=form.trl/>
            <TextArea label="Evidence for this TRL" name="trl_evidence" prefix="form" error value=form.trl_evidence rows=3 hint="Tests, trials or demonstrations that support it (kept in the TRL history)."/>
        </fieldset>
        <fieldset class="group">
            <legend>"Needs"</legend>
            <CheckboxGroup legend="What are you looking for?" name="seeks" prefix="form" error options=seeks checked=form.seeks/>
            <Field label="Funding sought (EUR)" name="funding_sought_eur" prefix="form" error value=form.funding_sought_eur inputmode="numeric" hint="Required if you are looking for funding."/>
        </fieldset>
        <fieldset class="group restricted">
            <legend>"Confidential — seen by your company, programme officers, and investor organisations you grant access (export-controlled details only when they are based in and controlled from the EU, the EEA or NATO)"</legend>
            <TextArea label="Confidential details" name="confidential_details" prefix="form" error value=form.confidential_details rows=4/>
            <SelectField label="Export control (EU Dual-Use Regulation, Annex I)" name="export_status" prefix="form" error options=export selected=form.export_status/>
            <div class="grid-2">
                <Field label="Annex I code" name="export_code" prefix="form" error value=form.export_code hint="Such as 5A002 or 6A003.b.4."/>
                <Field label="Annex I list version" name="export_list_version" prefix="form" error value=form.export_list_version hint="Such as 2024."/>
            </div>
            <SelectField label="Intellectual property" name="ip_status" prefix="form" error options=ip selected=ip_selected/>
        </fieldset>
    }
}
