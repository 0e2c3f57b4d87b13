//! The first-run checklist panel shown on a role's landing pages; renders nothing once the list
//! is complete or hidden (and for roles without one).

use crate::api::onboarding::{first_run_checklist, Checklist, HideChecklist};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// `refresh`: a page's own action version, so a step done on the page shows at once.
#[component]
pub fn FirstRunChecklist(#[prop(optional, into)] refresh: Option<Signal<usize>>) -> impl IntoView {
    let hide = ServerAction::<HideChecklist>::new();
    let data = Resource::new(
        move || (refresh.map(|r| r.get()), hide.version().get()),
        |_| first_run_checklist(),
    );
    let back = use_location().pathname.get_untracked();
    view! {
        <Transition fallback=|| ()>
            {move || {
                let back = back.clone();
                Suspend::new(async move {
                    // A page that cannot load the list still works: the list is a help, not the page.
                    match data.await {
                        Ok(Some(list)) => view! { <ChecklistPanel list hide back/> }.into_any(),
                        _ => ().into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn ChecklistPanel(
    list: Checklist,
    hide: ServerAction<HideChecklist>,
    back: String,
) -> impl IntoView {
    let progress = format!("{} of {} done", list.done_count(), list.steps.len());
    view! {
        <section class="panel checklist" aria-labelledby="checklist-title" data-testid="checklist">
            <div class="panel-head">
                <h2 id="checklist-title">"Getting started"</h2>
                <p class="hint" data-testid="checklist-progress">{progress}</p>
            </div>
            <ol class="checklist-steps">
                {list.steps.into_iter().map(|s| view! {
                    <li class=if s.done { "step step-done" } else { "step step-todo" } data-done=s.done.to_string()>
                        <span class="step-mark" aria-hidden="true">{if s.done { "✓" } else { "" }}</span>
                        <div>
                            <A href=s.href>{s.label}</A>
                            {s.done.then(|| view! { <span class="visually-hidden">" (done)"</span> })}
                            <p class="hint">{s.why}</p>
                        </div>
                    </li>
                }).collect_view()}
            </ol>
            <ActionForm action=hide>
                <input type="hidden" name="back" value=back/>
                <button type="submit" class="button button-small button-secondary">"Hide this list"</button>
            </ActionForm>
        </section>
    }
}
