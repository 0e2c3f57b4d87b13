//! One technology, as much as the viewer may see; status changes for its company, TRL
//! verification for officers.

use crate::api::matching::matches_for_technology;
use crate::api::technologies::{
    submitted_technologies, technology, who_loses_sight, ChangeTechnologyStatus, TechnologyView,
    VerifyTrl,
};
use crate::domain::technology::TechStatus;
use crate::ui::components::badges::{euros, AreaList, StatusBadge, TrlBadge};
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, FormAlert, TextArea};
use crate::ui::components::incubation::DemonstratedBadge;
use crate::ui::components::matches::MatchGroupView;
use crate::ui::pages::technologies::TechnologyTable;
use crate::ui::pages::technology_withdraw::{
    asked, ImpactResource, LeaveDealFlowLinks, LeaveDealFlowWarning,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TechnologyPage() -> impl IntoView {
    let id = crate::ui::components::params::use_id_param();
    let status = ServerAction::<ChangeTechnologyStatus>::new();
    let verify = ServerAction::<VerifyTrl>::new();
    let request = ServerAction::<crate::api::access::RequestAccess>::new();
    let decide = ServerAction::<crate::api::access::DecideAccess>::new();
    let data = Resource::new(
        move || {
            (
                id(),
                status.version().get(),
                verify.version().get(),
                request.version().get(),
                decide.version().get(),
            )
        },
        |(id, ..)| technology(id),
    );
    let pipelines = crate::ui::pages::technology_access::investor_pipelines();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let confirm = move || asked(query.read().get("confirm"));
    // Loaded only while a withdrawal warning is open.
    let impact: ImpactResource = Resource::new(
        move || (id(), confirm(), status.version().get()),
        |(id, confirm, _)| async move {
            match confirm {
                Some(_) => who_loses_sight(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                // Read before the await, so that opening or closing a warning re-renders.
                let confirm = confirm();
                Suspend::new(async move {
                loaded(data.await, |t| view! {
                    <Title text=t.title.clone()/>
                    {move || saved().then(|| view! { <div class="alert alert-success" role="status">"Technology saved."</div> })}
                    <TechnologyDetails t=t status verify request decide confirm impact pipelines/>
                })
            })}}
        </Suspense>
    }
}

#[component]
fn TechnologyDetails(
    t: TechnologyView,
    status: ServerAction<ChangeTechnologyStatus>,
    verify: ServerAction<VerifyTrl>,
    request: ServerAction<crate::api::access::RequestAccess>,
    decide: ServerAction<crate::api::access::DecideAccess>,
    /// A withdrawal warning asked for (`?confirm=`).
    confirm: Option<&'static str>,
    impact: ImpactResource,
    pipelines: crate::ui::pages::technology_access::PipelinesResource,
) -> impl IntoView {
    let id = t.id;
    let is_investor = !t.is_staff && !t.can_edit;
    let access_request = t.access_request;
    let in_pipelines = t.in_pipelines.clone();
    let has_full_access = t.restricted.is_some();
    let status_error = form_error(status);
    let verify_error = form_error(verify);
    let seeks = t
        .seeks
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ");
    // Leaving the deal flow goes through a warning (`LeaveDealFlowLinks`); the rest is direct.
    let submitted = t.status == TechStatus::Submitted;
    let actions: Vec<(&'static str, &'static str)> = match t.status {
        TechStatus::Draft => vec![
            ("submit", "Submit to officers and investors"),
            ("archive", "Archive"),
        ],
        TechStatus::Submitted => Vec::new(),
        TechStatus::Archived => vec![("restore", "Restore as draft")],
    };
    let warning = confirm
        .filter(|_| submitted)
        .map(|change| (change, t.title.clone()));
    view! {
        <article class="panel technology" aria-labelledby="tech-title">
            <div class="panel-head">
                <h1 id="tech-title">{t.title.clone()}</h1>
                <StatusBadge status=t.status/>
                {t.demonstrated.then(|| view! { <DemonstratedBadge/> })}
            </div>
            <p class="company-line">
                {t.company.name.clone()} " · " {t.company.city.clone()} ", " {t.company.country_name.clone()}
                {t.company.is_sme.then_some(" · SME")}
            </p>
            <p class="lead">{t.summary.clone()}</p>
            <dl class="facts">
                <dt>"Readiness"</dt>
                <dd><TrlBadge trl=t.trl verified=t.trl_verified/> " " {t.trl.description()}</dd>
                <dt>"Areas"</dt>
                <dd><AreaList areas=t.areas.clone()/></dd>
                <dt>"Keywords"</dt>
                <dd>{t.keywords.join(", ")}</dd>
                <dt>"Civil applications"</dt>
                <dd>{t.civil_applications.clone()}</dd>
                <dt>"Defence applications"</dt>
                <dd>{t.defence_applications.clone()}</dd>
                <dt>"Looking for"</dt>
                <dd>{if seeks.is_empty() { "—".to_owned() } else { seeks }}{t.funding_sought_eur.map(|f| format!(" (funding sought: {})", euros(f)))}</dd>
                <dt>"Intellectual property"</dt>
                <dd>{t.ip_status.label()}</dd>
                <dt>"EDF entity eligibility"</dt>
                <dd>{if t.company.edf.eligible { "Eligible" } else { "Not eligible" }} " — " {t.company.edf.reason.clone()}</dd>
                <dt>"Last updated"</dt>
                <dd>{t.updated_at.clone()}</dd>
            </dl>
            {t.can_edit.then(|| view! {
                <div class="actions">
                    {(t.status != TechStatus::Archived).then(|| view! { <A href=format!("/technologies/{id}/edit") attr:class="button button-secondary">"Edit"</A> })}
                    {actions.into_iter().map(|(change, label)| view! {
                        <ActionForm action=status>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="change" value=change/>
                            <button type="submit" class="button button-secondary">{label}</button>
                        </ActionForm>
                    }).collect_view()}
                    {(submitted && warning.is_none()).then(|| view! { <LeaveDealFlowLinks id/> })}
                </div>
                {warning.map(|(change, title)| view! { <LeaveDealFlowWarning id change title impact status/> })}
                <FormAlert error=status_error/>
            })}
        </article>
        {t.restricted.map(|r| view! {
            <section class="panel restricted" aria-labelledby="restricted-title">
                <h2 id="restricted-title">"Confidential details"</h2>
                <p class="hint">{if is_investor {
                    "Shared with your organisation by the company. Do not pass them on."
                } else {
                    "Visible to your company, programme officers and investors you granted access."
                }}</p>
                <dl class="facts">
                    <dt>"Details"</dt>
                    <dd>{if r.confidential_details.is_empty() { "—".to_owned() } else { r.confidential_details }}</dd>
                    <dt>"Export control"</dt>
                    <dd data-testid="export-control">{r.export_control.label()}</dd>
                    <dt>"TRL evidence"</dt>
                    <dd>{r.trl_evidence}</dd>
                </dl>
                <h3>"TRL history"</h3>
                <div class="table-wrap">
                    <table>
                        <thead><tr><th scope="col">"When"</th><th scope="col">"TRL"</th><th scope="col">"Assessment"</th><th scope="col">"By"</th><th scope="col">"Evidence"</th></tr></thead>
                        <tbody>
                            {r.trl_history.into_iter().map(|h| view! {
                                <tr>
                                    <td>{h.at}</td>
                                    <td>{h.trl}</td>
                                    <td>{if h.verified { "verified by an officer" } else { "self-declared" }}</td>
                                    <td>{h.by}</td>
                                    <td>{h.evidence}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
        {(t.can_edit || t.is_staff).then(|| view! {
            <crate::ui::pages::technology_incubation::IncubationPanel
                technology_id=id
                is_staff=t.is_staff
                is_owner=t.can_edit
                submitted=t.status == TechStatus::Submitted
            />
        })}
        {is_investor.then(|| view! {
            <crate::ui::pages::technology_access::InvestorPanel technology_id=id status=access_request granted=has_full_access held=in_pipelines.clone() request pipelines/>
        })}
        {t.can_edit.then(|| view! {
            <crate::ui::pages::technology_access::AccessRequestsPanel technology_id=id decide/>
        })}
        {(t.can_edit || t.is_staff).then(|| view! { <Matches id owner=t.can_edit/> })}
        {t.can_verify.then(|| view! {
            <section class="panel narrow" aria-labelledby="verify-title">
                <h2 id="verify-title">"Verify the TRL"</h2>
                <p>"Confirm TRL " {t.trl.get()} " after checking the evidence."</p>
                <ActionForm action=verify>
                    <FormAlert error=verify_error/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="trl" value=t.trl.get()/>
                    <TextArea label="How was it verified?" name="note" error=verify_error rows=3/>
                    <button type="submit" class="button">"Mark TRL as verified"</button>
                </ActionForm>
            </section>
        })}
    }
}

/// Ranked, explained matches in three groups.
#[component]
fn Matches(
    id: i64,
    /// The company's own founder: EDF cards offer "Build a consortium".
    #[prop(optional)]
    owner: bool,
) -> impl IntoView {
    let data = Resource::new(move || id, matches_for_technology);
    let build_for = owner.then_some(id);
    view! {
        <section class="panel" aria-labelledby="matches-title">
            <h2 id="matches-title">"Matches"</h2>
            <p class="hint">"Ranked by how well the text fits, lowered when the TRL is outside an opportunity's window. Closed or ineligible opportunities are listed as near misses with the reason."</p>
            <Suspense fallback=|| view! { <p>"Finding matches…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, move |m| view! {
                        <MatchGroupView title="EDF call topics" group=m.edf build_for/>
                        <MatchGroupView title="DIANA challenges" group=m.diana/>
                        <MatchGroupView title="Investors" group=m.investors/>
                    })
                })}
            </Suspense>
        </section>
    }
}

/// Submitted technologies for investors (public fields) and officers; for investors, first
/// those that fit their thesis.
#[component]
pub fn DealFlowPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| submitted_technologies());
    let account = use_context::<crate::ui::layout::CurrentAccount>();
    let is_investor = move || {
        account
            .and_then(|a| a.0.get())
            .and_then(|r| r.ok().flatten())
            .is_some_and(|u| u.role == crate::domain::account::Role::Investor)
    };
    view! {
        <Title text="Deal flow"/>
        // One level-one heading per page: screen readers jump by it, and during a client-side
        // navigation the next page's heading is the only one that changes.
        <h1>"Deal flow"</h1>
        <crate::ui::components::checklist::FirstRunChecklist/>
        <Transition fallback=|| ()>{move || is_investor().then(|| view! { <ThesisFits/> })}</Transition>
        <section class="panel" aria-labelledby="deals-title">
            <h2 id="deals-title">"Submitted technologies"</h2>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |rows| view! { <TechnologyTable rows show_company=true/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ThesisFits() -> impl IntoView {
    let data = Resource::new(|| (), |_| crate::api::matching::deal_flow_for_thesis());
    view! {
        <section class="panel" aria-labelledby="thesis-title">
            <h2 id="thesis-title">"Fits your thesis"</h2>
            <Suspense fallback=|| view! { <p>"Finding technologies…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |flow| match (flow.own_thesis, flow.thesis) {
                        (true, _) => view! {
                            <p class="hint">"Ranked against your organisation's thesis: its areas, home markets, stages, ticket and words ("
                                <A href="/investor/organisation">"edit it"</A> ")."</p>
                            <crate::ui::components::matches::TechnologyFitList fits=flow.fits/>
                        }.into_any(),
                        (false, Some((id, title))) => view! {
                            <p class="hint">"Ranked against " <A href=format!("/opportunities/{id}")>{title}</A> ": its areas, countries, description and the companies it lists as backed ("
                                <A href="/investor/organisation">"write your own thesis"</A> ")."</p>
                            <crate::ui::components::matches::TechnologyFitList fits=flow.fits/>
                        }.into_any(),
                        (false, None) => view! {
                            <p>"Write your investment thesis, or link your organisation to its catalogue entry, to rank the deal flow by it: " <A href="/investor/organisation">"your organisation"</A> "."</p>
                        }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}
