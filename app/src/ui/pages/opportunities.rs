//! The public opportunity catalogue: list with filters (kept in the URL), detail pages, and the
//! officers' create and edit forms.

use crate::api::catalogue::{
    list_opportunities, opportunity, opportunity_for_edit, OpportunityView, SaveOpportunity,
};
use crate::domain::opportunity::{OpportunityForm, OpportunityKind};
use crate::ui::components::badges::euros;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::country_options;
use crate::ui::components::form::{
    form_error, options, Field, FormAlert, FormError, SelectField, TextArea,
};
use crate::ui::components::matches::Snippet;
use crate::ui::components::pager::Pager;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn trl_window(v: &OpportunityView) -> String {
    match (v.record.trl_min, v.record.trl_max) {
        (Some(a), Some(b)) => format!("TRL {}–{}", a.get(), b.get()),
        (Some(a), None) => format!("TRL {}+", a.get()),
        (None, Some(b)) => format!("up to TRL {}", b.get()),
        (None, None) => "any TRL".to_owned(),
    }
}

fn deadline(v: &OpportunityView) -> String {
    use crate::domain::opportunity::CallStatus;
    if let (Some(CallStatus::Forthcoming), Some(opens)) =
        (v.record.details.status, v.record.details.opens)
    {
        if v.open {
            return format!("forthcoming, opens {opens}");
        }
    }
    match v.record.deadline {
        Some(d) if v.open => format!("deadline {d}"),
        Some(d) => format!("closed {d}"),
        None => "rolling".to_owned(),
    }
}

/// The catalogue's filters, as named in its address.
const FILTERS: [&str; 6] = ["q", "kind", "trl", "country", "sort", "open"];

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |key: &str| query.read().get(key).unwrap_or_default();
    let data = Resource::new(
        move || {
            (
                get("kind"),
                get("open"),
                get("sort"),
                get("q"),
                get("trl"),
                get("country"),
                get("page").parse::<u32>().ok(),
            )
        },
        |(kind, open, sort, q, trl, country, page)| {
            list_opportunities(
                Some(kind),
                Some(open),
                Some(sort),
                Some(q),
                Some(trl),
                Some(country),
                page,
            )
        },
    );
    // The address of another page of the same list: every filter kept, only the page changes.
    let page_href = move |page: u32| {
        let query = query.read_untracked();
        let mut href = "/opportunities?".to_owned();
        for key in FILTERS {
            if let Some(value) = query.get(key).filter(|v| !v.is_empty()) {
                href += &format!(
                    "{key}={}&",
                    crate::ui::components::errors::urlencode(&value)
                );
            }
        }
        href + &format!("page={page}")
    };
    let kinds: Vec<(String, String)> = std::iter::once((String::new(), "All kinds".to_owned()))
        .chain(
            OpportunityKind::ALL
                .iter()
                .map(|k| (k.slug().to_owned(), k.label().to_owned())),
        )
        .collect();
    let sorts = options(&[
        ("deadline", "Deadline, soonest first"),
        ("deadline_desc", "Deadline, latest first"),
        ("title", "Title"),
    ]);
    let sorts = {
        let mut all = vec![(
            String::new(),
            "Relevance with words, else deadline".to_owned(),
        )];
        all.extend(sorts);
        all
    };
    let trls: Vec<(String, String)> = std::iter::once((String::new(), "Any TRL".to_owned()))
        .chain((1..=9).map(|t| (t.to_string(), format!("TRL {t}"))))
        .collect();
    let no_error: FormError = Signal::derive(|| None);
    view! {
        <Title text="Opportunities"/>
        <section class="panel" aria-labelledby="opps-title">
            <h1 id="opps-title">"Opportunities"</h1>
            <p>"European Defence Fund call topics, NATO DIANA challenges and investors."</p>
            <form method="get" action="/opportunities" class="filters" role="search" aria-label="Filter opportunities">
                <Field label="Words" name="q" error=no_error value=get("q") hint=""/>
                <SelectField label="Kind" name="kind" error=no_error options=kinds selected=get("kind")/>
                <SelectField label="Fits TRL" name="trl" error=no_error options=trls selected=get("trl")/>
                <SelectField label="Eligible country" name="country" error=no_error options=country_options("Any country") selected=get("country")/>
                <SelectField label="Sort by" name="sort" error=no_error options=sorts selected=get("sort")/>
                <div class="field checkbox">
                    <input type="checkbox" id="field-open" name="open" value="1" checked=!get("open").is_empty()/>
                    <label for="field-open">"Open now"</label>
                </div>
                <button type="submit" class="button">"Apply"</button>
            </form>
        </section>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, move |list| {
                    let pages = list.pages();
                    let first = (list.page as usize - 1) * list.per_page as usize + 1;
                    let shown = (!list.entries.is_empty())
                        .then(|| format!(" · {first}–{} shown", first + list.entries.len() - 1))
                        .filter(|_| pages > 1);
                    view! {
                        <div class="panel-head">
                            <p role="status" data-testid="result-count">{crate::ui::components::words::count(list.total, "opportunity", "opportunities")}</p>
                            {shown.map(|s| view! { <p class="muted">{s}</p> })}
                            {list.can_edit.then(|| view! { <A href="/opportunities/new" attr:class="button button-secondary">"Add an entry"</A> })}
                        </div>
                        {(list.entries.is_empty() && list.total > 0).then(|| view! {
                            <p>"This page is past the end of the list. " <A href=page_href(1)>"Back to the first page"</A></p>
                        })}
                        <ul class="cards opportunity-list">
                            {list.entries.into_iter().map(|v| view! { <li><OpportunityCard v/></li> }).collect_view()}
                        </ul>
                        <Pager label="Catalogue pages" current=list.page pages href=page_href/>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn OpportunityCard(v: OpportunityView) -> impl IntoView {
    let when = deadline(&v);
    let trl = trl_window(&v);
    view! {
        <article class="card">
            <p class="card-kind">{v.record.kind.label()}</p>
            <h2><A href=format!("/opportunities/{}", v.record.id)>{v.record.title.clone()}</A></h2>
            <p class="card-meta">
                <span class:closed=!v.open>{when}</span>
                " · " {trl}
                {v.record.budget_eur.map(|b| format!(" · {}", euros(b as u64)))}
                {v.sme_only.then_some(" · SME-only")}
            </p>
            {(!v.snippet.is_empty()).then(|| view! { <Snippet segments=v.snippet.clone()/> })}
        </article>
    }
}

#[component]
pub fn OpportunityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, opportunity);
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, |v| {
                    let r = v.record.clone();
                    let d = r.details.clone();
                    let countries = r.eligible_countries.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
                    let extra: Vec<(&'static str, String)> = [
                        ("Programme", d.programme.clone()),
                        ("Action type", d.action_type.clone()),
                        ("Thematic category", d.thematic_category.clone()),
                        ("Work programme", d.work_programme_year.map(|y| y.to_string())),
                        ("Call budget", d.call_budget_eur.map(|b| euros(b as u64))),
                        ("Budget note", d.budget_note.clone()),
                        ("Deadline note", d.deadline_note.clone()),
                        ("Cohort", d.cohort_year.map(|y| y.to_string())),
                        ("Call year", d.call_year.map(|y| y.to_string())),
                        ("Investor type", d.investor_type.clone()),
                        ("Stages", d.stages.clone()),
                        ("Ticket size", d.ticket_size.clone()),
                        ("Fund size note", d.fund_size_note.clone()),
                        ("TRL window", d.trl_is_heuristic.filter(|h| *h).map(|_| "a rule of thumb, not stated by the programme".to_owned())),
                    ]
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .collect();
                    view! {
                        <Title text=r.title.clone()/>
                        {move || saved().then(|| view! { <div class="alert alert-success" role="status">"Entry saved."</div> })}
                        <article class="panel" aria-labelledby="opp-title">
                            <p class="card-kind">{r.kind.label()} " · " {r.id.clone()}</p>
                            <h1 id="opp-title">{r.title.clone()}</h1>
                            <p class="lead">{r.description.clone()}</p>
                            <dl class="facts">
                                <dt>"Deadline"</dt><dd>{deadline(&v)}</dd>
                                <dt>"Budget"</dt><dd>{r.budget_eur.map(|b| euros(b as u64)).unwrap_or_else(|| "not stated".to_owned())}</dd>
                                <dt>"TRL"</dt><dd>{trl_window(&v)}</dd>
                                <dt>"SME-only"</dt><dd>{if v.sme_only { "yes" } else { "no" }}</dd>
                                <dt>"Eligible countries"</dt><dd>{countries}</dd>
                                <dt>"Tags"</dt><dd>{r.tags.join(", ")}</dd>
                                {extra.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                                <dt>"Source"</dt><dd><a href=r.source_url.clone() rel="noopener noreferrer">{r.source_url.clone()}</a></dd>
                            </dl>
                            {v.can_edit.then(|| view! { <p><A href=format!("/opportunities/{}/edit", r.id) attr:class="button button-secondary">"Edit"</A></p> })}
                            {v.can_build_consortium.then(|| view! {
                                <p class="hint">"An EDF grant goes to a consortium of independent entities from several eligible countries: open a draft for this topic and Lab2Field suggests partners and checks the rules as it grows."</p>
                                <crate::ui::components::matches::BuildConsortium topic_id=r.id.clone()/>
                            })}
                        </article>
                        <crate::ui::pages::alerts::BookmarkBox opportunity_id=r.id.clone()/>
                        {v.can_edit.then(|| view! { <FittingTechnologies id=r.id.clone()/> })}
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn NewOpportunityPage() -> impl IntoView {
    let action = ServerAction::<SaveOpportunity>::new();
    let error = form_error(action);
    view! {
        <Title text="New catalogue entry"/>
        <section class="panel" aria-labelledby="new-opp-title">
            <h1 id="new-opp-title">"New catalogue entry"</h1>
            <ActionForm action=action>
                <FormAlert error/>
                <OpportunityFields form=OpportunityForm { kind: "edf_call".into(), ..Default::default() } error editing=false/>
                <button type="submit" class="button">"Save entry"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EditOpportunityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, opportunity_for_edit);
    let action = ServerAction::<SaveOpportunity>::new();
    let error = form_error(action);
    view! {
        <Title text="Edit catalogue entry"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, |form| view! {
                    <section class="panel" aria-labelledby="edit-opp-title">
                        <h1 id="edit-opp-title">"Edit " {form.id.clone()}</h1>
                        <ActionForm action=action>
                            <FormAlert error/>
                            <input type="hidden" name="original_id" value=form.id.clone()/>
                            <OpportunityFields form error editing=true/>
                            <button type="submit" class="button">"Save entry"</button>
                        </ActionForm>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn OpportunityFields(form: OpportunityForm, error: FormError, editing: bool) -> impl IntoView {
    let kinds: Vec<(String, String)> = OpportunityKind::ALL
        .iter()
        .map(|k| (k.slug().to_owned(), k.label().to_owned()))
        .collect();
    view! {
        {if editing {
            view! { <input type="hidden" name="form[id]" value=form.id.clone()/> }.into_any()
        } else {
            view! { <Field label="Id" name="id" prefix="form" error value=form.id.clone() hint="EDF topic id, DIANA-<cohort>C-<AREA> or INV-<NAME>; letters, digits, - and _."/> }.into_any()
        }}
        <SelectField label="Kind" name="kind" prefix="form" error options=kinds selected=form.kind/>
        <Field label="Title" name="title" prefix="form" error value=form.title/>
        <TextArea label="Description" name="description" prefix="form" error value=form.description/>
        <Field label="Tags" name="tags" prefix="form" error value=form.tags hint="Separated by commas."/>
        <div class="grid-2">
            <Field label="Deadline" name="deadline" prefix="form" error value=form.deadline hint="YYYY-MM-DD; empty for rolling."/>
            <Field label="Budget (EUR)" name="budget_eur" prefix="form" error value=form.budget_eur inputmode="numeric"/>
        </div>
        <div class="grid-2">
            <Field label="Lowest TRL" name="trl_min" prefix="form" error value=form.trl_min inputmode="numeric"/>
            <Field label="Highest TRL" name="trl_max" prefix="form" error value=form.trl_max inputmode="numeric"/>
        </div>
        <Field label="Eligible countries" name="eligible_countries" prefix="form" error value=form.eligible_countries hint="ISO codes separated by spaces, e.g. DE FR NO (the UK is GB)."/>
        <Field label="Source URL" name="source_url" prefix="form" error value=form.source_url inputmode="url"/>
        <fieldset class="group">
            <legend>"Kind-specific details (optional)"</legend>
            <Field label="Programme" name="programme" prefix="form" error value=form.programme/>
            <Field label="Action type" name="action_type" prefix="form" error value=form.action_type hint="EDF, e.g. \"development (lump sum, SME-only)\"."/>
            <Field label="Thematic category" name="thematic_category" prefix="form" error value=form.thematic_category/>
            <Field label="Investor type" name="investor_type" prefix="form" error value=form.investor_type/>
            <Field label="Stages" name="stages" prefix="form" error value=form.stages/>
            <Field label="Ticket size" name="ticket_size" prefix="form" error value=form.ticket_size/>
        </fieldset>
    }
}

/// Programme staff: submitted technologies that fit this opportunity.
#[component]
fn FittingTechnologies(id: String) -> impl IntoView {
    let data = Resource::new(
        move || id.clone(),
        crate::api::matching::technologies_for_opportunity,
    );
    view! {
        <section class="panel" aria-labelledby="fits-title">
            <h2 id="fits-title">"Technologies that fit"</h2>
            <Suspense fallback=|| view! { <p>"Finding technologies…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |fits| view! { <crate::ui::components::matches::TechnologyFitList fits/> })
                })}
            </Suspense>
        </section>
    }
}
