//! Explained match cards: matched terms, a highlighted snippet, TRL fit and every check.

use crate::api::consortia::OpenConsortium;
use crate::api::matching::{Check, MatchGroup, OpportunityMatch, Segment};
use crate::domain::consortium::MemberRole;
use crate::domain::opportunity::OpportunityKind;
use leptos::prelude::*;
use leptos_router::components::A;

/// Text with the matched words marked.
#[component]
pub fn Snippet(segments: Vec<Segment>) -> impl IntoView {
    view! {
        <p class="snippet">
            {segments
                .into_iter()
                .map(|s| if s.mark { view! { <mark>{s.text}</mark> }.into_any() } else { view! { <span>{s.text}</span> }.into_any() })
                .collect_view()}
        </p>
    }
}

#[component]
pub fn CheckList(checks: Vec<Check>) -> impl IntoView {
    view! {
        <ul class="checks">
            {checks
                .into_iter()
                .map(|c| {
                    let (class, mark, verdict) = match c.passed {
                        Some(true) => ("check-pass", "✓", "passed"),
                        Some(false) => ("check-fail", "✗", "failed"),
                        None => ("check-unknown", "?", "unknown"),
                    };
                    view! {
                        <li class=class>
                            <span aria-hidden="true">{mark}</span>
                            <span class="visually-hidden">{verdict}": "</span>
                            <strong>{c.name}</strong> " — " {c.detail}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// "Build a consortium" for an EDF topic: opens the founder's draft (their technology named)
/// and goes to it, with or without JavaScript.
#[component]
pub fn BuildConsortium(topic_id: String, #[prop(optional)] technology_id: i64) -> impl IntoView {
    let open = ServerAction::<OpenConsortium>::new();
    let error = crate::ui::components::form::form_error(open);
    view! {
        <ActionForm action=open attr:class="inline-form">
            <crate::ui::components::form::FormAlert error/>
            <input type="hidden" name="topic_id" value=topic_id/>
            <input type="hidden" name="technology_id" value=technology_id/>
            <select name="role" aria-label="Your company's part in the consortium">
                <option value=MemberRole::Coordinator.slug() selected=true>"as coordinator"</option>
                <option value=MemberRole::Beneficiary.slug()>"as partner (beneficiary)"</option>
            </select>
            " "
            <button type="submit" class="button button-secondary">"Build a consortium"</button>
        </ActionForm>
    }
}

#[component]
fn MatchCard(
    m: OpportunityMatch,
    /// The founder's technology: EDF cards offer "Build a consortium" for it.
    build_for: Option<i64>,
) -> impl IntoView {
    // A fund's TRL is judged by its thesis (stage for the TRL, TRL band), which its checks
    // carry; its bare "TRL fit" would only repeat them or say "any TRL".
    let mut checks: Vec<_> = (m.kind != OpportunityKind::Investor)
        .then(|| m.trl_fit.clone())
        .into_iter()
        .collect();
    checks.extend(m.checks.clone());
    let build = build_for
        .filter(|_| m.kind == OpportunityKind::EdfCall)
        .map(|technology_id| (m.id.clone(), technology_id));
    view! {
        <article class="card match-card" data-testid="match">
            <div class="panel-head">
                <h4><A href=format!("/opportunities/{}", m.id)>{m.title.clone()}</A></h4>
                <span class="badge" title="relevance score">{format!("score {:.1}", m.score)}</span>
            </div>
            <p class="card-meta">{m.id.clone()}</p>
            // No shared word (an investor found by its thesis): the checks below say why.
            {(!m.matched_terms.is_empty()).then(|| view! { <p class="matched"><strong>"Matched: "</strong>{m.matched_terms.join(", ")}</p> })}
            <Snippet segments=m.snippet.clone()/>
            <CheckList checks/>
            {build.map(|(topic_id, technology_id)| view! { <BuildConsortium topic_id technology_id/> })}
        </article>
    }
}

/// One kind's matches, then its near misses with their reasons.
#[component]
pub fn MatchGroupView(
    title: &'static str,
    group: MatchGroup,
    /// The founder's own technology: EDF cards offer "Build a consortium".
    #[prop(default = None)]
    build_for: Option<i64>,
) -> impl IntoView {
    let empty = group.matches.is_empty();
    let near = group.near_misses;
    let recurring = group.recurring;
    let hint = if recurring.is_empty() {
        "No eligible match right now."
    } else {
        "No open call fits right now; the calls below come back, so prepare for the next one."
    };
    view! {
        <section class="match-group" aria-label=title>
            <h3>{title}</h3>
            {if empty {
                view! { <p class="hint">{hint}</p> }.into_any()
            } else {
                view! { <div class="cards">{group.matches.into_iter().map(|m| view! { <MatchCard m build_for/> }).collect_view()}</div> }.into_any()
            }}
            {(!recurring.is_empty()).then(|| view! {
                <section class="recurring" aria-label=format!("{title} that recur")>
                    <h4>"Recurs — prepare for the next call"</h4>
                    <div class="cards" data-testid="recurring">{recurring.into_iter().map(|m| view! { <MatchCard m build_for/> }).collect_view()}</div>
                </section>
            })}
            {(!near.is_empty()).then(|| view! {
                <details class="near-misses">
                    <summary>{format!("Near misses ({}) — relevant, but a check failed", near.len())}</summary>
                    <div class="cards">{near.into_iter().map(|m| view! { <MatchCard m build_for=None/> }).collect_view()}</div>
                </details>
            })}
        </section>
    }
}

/// Technologies that fit an opportunity or a thesis, best first, with their reasons.
#[component]
pub fn TechnologyFitList(fits: Vec<crate::api::matching::TechnologyFit>) -> impl IntoView {
    if fits.is_empty() {
        return view! { <p class="hint">"No submitted technology fits yet."</p> }.into_any();
    }
    view! {
        <ol class="result-list">
            {fits.into_iter().map(|f| {
                let mut checks: Vec<_> = f.trl_fit.clone().into_iter().collect();
                checks.extend(f.checks.clone());
                let t = f.technology;
                view! {
                    <li class="card" data-testid="fit">
                        <div class="panel-head">
                            <h3><A href=format!("/technologies/{}", t.id)>{t.title}</A></h3>
                            <span class="badge">{format!("score {:.1}", f.score)}</span>
                        </div>
                        <p class="card-meta">{t.company_name} " (" {t.country} ") · TRL " {t.trl.get()} {(!f.eligible).then_some(" · not eligible")}</p>
                        {(!f.matched_terms.is_empty()).then(|| view! { <p class="matched"><strong>"Matched: "</strong>{f.matched_terms.join(", ")}</p> })}
                        <Snippet segments=f.snippet/>
                        <CheckList checks/>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
