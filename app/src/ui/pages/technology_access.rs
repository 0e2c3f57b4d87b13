//! A technology's page, the confidential-details side: investors request access and add it to
//! a pipeline; founders see requests, with the foreign-investment notice, and decide.

use crate::api::access::{access_requests, AccessRequestView, DecideAccess, RequestAccess};
use crate::api::pipelines::{AddToPipeline, PipelineHolding, PipelineSummary};
use crate::domain::access::AccessStatus;
use crate::error::AppError;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, FormAlert, SelectField, TextArea};
use leptos::prelude::*;

/// The caller's organisation's pipelines; `None` without an investor organisation (and for
/// every other role).
pub type PipelinesResource = Resource<Result<Option<Vec<PipelineSummary>>, AppError>>;

/// Creates [`PipelinesResource`]. Call it at the top of the page component, never inside a
/// Suspense: a resource made while a Suspense renders may be numbered differently on the
/// server and in the browser, and the page then fails to hydrate.
pub fn investor_pipelines() -> PipelinesResource {
    Resource::new(|| (), |_| crate::api::pipelines::pipelines_if_any())
}

/// For investors: the state of their request, the request form, and "add to pipeline".
#[component]
pub fn InvestorPanel(
    technology_id: i64,
    status: Option<AccessStatus>,
    granted: bool,
    held: Vec<PipelineHolding>,
    request: ServerAction<RequestAccess>,
    pipelines: PipelinesResource,
) -> impl IntoView {
    let add = ServerAction::<AddToPipeline>::new();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let held = held.clone();
                Suspend::new(async move {
                if let Some(list) = pipelines.await.unwrap_or(None) {
                    view! { <InvestorActions technology_id status granted held pipelines=list add request/> }.into_any()
                } else {
                    view! {
                        <section class="panel" id="access" aria-labelledby="access-title">
                            <h2 id="access-title">"Confidential details and pipeline"</h2>
                            <crate::ui::pages::pipelines::OrganisationFirst/>
                        </section>
                    }.into_any()
                }
            })}}
        </Suspense>
    }
}

/// "Already in your pipelines: Main (contacted), Fund III (sourced)." or "In none of your
/// pipelines yet."
fn in_pipelines_text(held: &[PipelineHolding]) -> String {
    if held.is_empty() {
        return "In none of your pipelines yet.".to_owned();
    }
    let list: Vec<String> = held
        .iter()
        .map(|p| format!("{} ({})", p.name, p.stage.label().to_lowercase()))
        .collect();
    format!("Already in your pipelines: {}.", list.join(", "))
}

/// The request form and "add to pipeline", for an investor whose organisation is described.
#[component]
fn InvestorActions(
    technology_id: i64,
    status: Option<AccessStatus>,
    granted: bool,
    held: Vec<PipelineHolding>,
    pipelines: Vec<PipelineSummary>,
    add: ServerAction<AddToPipeline>,
    request: ServerAction<RequestAccess>,
) -> impl IntoView {
    let request_error = form_error(request);
    let add_error = form_error(add);
    let can_request = !granted && !matches!(status, Some(AccessStatus::Requested));
    let state = match (granted, status) {
        (true, _) => "The company has shared its confidential details with your organisation.",
        (false, Some(AccessStatus::Requested)) => "Your request is waiting for the company's decision.",
        (false, Some(AccessStatus::Denied)) => "The company declined your request. You may ask again.",
        (false, Some(AccessStatus::Revoked)) => "The company revoked your access. You may ask again.",
        (false, Some(AccessStatus::Granted)) => "Access was granted, but this technology is export-controlled and your organisation is based outside the EU, the EEA and NATO.",
        (false, None) => "Confidential details are shared only when the company grants your organisation access.",
    };
    view! {
        <section class="panel" id="access" aria-labelledby="access-title">
            <h2 id="access-title">"Confidential details and pipeline"</h2>
            <p data-testid="access-state">{state}</p>
            <p data-testid="in-pipelines">{in_pipelines_text(&held)}</p>
            {can_request.then(|| view! {
                <ActionForm action=request>
                    <FormAlert error=request_error/>
                    <input type="hidden" name="technology_id" value=technology_id/>
                    <TextArea label="Message to the company (optional)" name="message" error=request_error rows=2/>
                    <button type="submit" class="button">"Request access"</button>
                </ActionForm>
            })}
            {
                let mut choices: Vec<(String, String)> = pipelines.into_iter().map(|p| (p.id.to_string(), p.name)).collect();
                if choices.is_empty() {
                    choices.push(("0".into(), "Main pipeline (new)".into()));
                }
                view! {
                    <ActionForm action=add>
                        <FormAlert error=add_error/>
                        <input type="hidden" name="technology_id" value=technology_id/>
                        <SelectField label="Pipeline" name="pipeline_id" error=add_error options=choices/>
                        <button type="submit" class="button button-secondary">"Add to pipeline"</button>
                    </ActionForm>
                }
            }
        </section>
    }
}

/// For the founding company: who asked, what they must know, and the decision buttons.
#[component]
pub fn AccessRequestsPanel(
    technology_id: i64,
    decide: ServerAction<DecideAccess>,
) -> impl IntoView {
    let error = form_error(decide);
    let data = Resource::new(
        move || decide.version().get(),
        move |_| access_requests(technology_id),
    );
    view! {
        <section class="panel" id="access" aria-labelledby="requests-title">
            <h2 id="requests-title">"Access requests"</h2>
            <p class="hint">"Investors see your confidential details only after you grant access; you can revoke it at any time. Programme officers always see them."</p>
            <FormAlert error/>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |list| if list.is_empty() {
                        view! { <p>"No investor has asked yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="result-list">
                                {list.into_iter().map(|r| view! { <Request r decide/> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Request(r: AccessRequestView, decide: ServerAction<DecideAccess>) -> impl IntoView {
    let id = r.id;
    let decisions: Vec<(&'static str, &'static str)> = match r.status {
        AccessStatus::Requested if r.export_blocked.is_some() => vec![("deny", "Deny")],
        AccessStatus::Requested => vec![("grant", "Grant access"), ("deny", "Deny")],
        AccessStatus::Granted => vec![("revoke", "Revoke access")],
        AccessStatus::Denied | AccessStatus::Revoked => Vec::new(),
    };
    view! {
        <li class="card" data-testid="access-request">
            <h3>{r.investor.clone()} " (" {r.country.clone()} ")"</h3>
            <p class="card-meta">"Asked on " {r.requested_at.clone()} " · " <span data-testid="access-status">{r.status.label()}</span></p>
            {(!r.message.is_empty()).then(|| view! { <p>{r.message.clone()}</p> })}
            {r.notice.clone().map(|n| view! { <div class="alert alert-warning" role="note" data-testid="fdi-notice"><strong>"Foreign-investment notice. "</strong>{n}</div> })}
            {r.export_blocked.clone().map(|reason| view! { <p class="alert alert-error" role="note" data-testid="export-blocked">{reason}</p> })}
            <div class="actions">
                {decisions.into_iter().map(|(decision, label)| view! {
                    <ActionForm action=decide>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="decision" value=decision/>
                        <button type="submit" class="button button-secondary">{label}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
        </li>
    }
}
