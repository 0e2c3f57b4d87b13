//! The programme officer's overview page.

use crate::api::officer::officer_overview;
use crate::ui::components::errors::ErrorView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn OfficerPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| officer_overview());
    view! {
        <Title text="Overview"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! {
                        <section class="panel" aria-labelledby="overview-title">
                            <h1 id="overview-title">"Programme overview"</h1>
                            <ul class="stats">
                                <li><span class="stat">{o.founders}</span>" founder accounts"</li>
                                <li><span class="stat">{o.investors}</span>" investor accounts"</li>
                                <li><span class="stat">{o.unverified_accounts}</span>" accounts awaiting e-mail confirmation"</li>
                            </ul>
                        </section>
                        <Funnel funnel=o.funnel/>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Enrolments per stage, as a horizontal bar chart that is also a readable list.
#[component]
fn Funnel(funnel: Vec<(crate::domain::incubation::Stage, u64)>) -> impl IntoView {
    let max = funnel.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    view! {
        <section class="panel" aria-labelledby="funnel-title">
            <h2 id="funnel-title">"Incubation funnel"</h2>
            <p class="hint">"Enrolments per stage across all programmes. "<A href="/programmes">"Open the programmes"</A></p>
            <ul class="funnel" data-testid="funnel">
                {funnel.into_iter().map(|(stage, n)| view! {
                    <li>
                        <span class="funnel-label">{stage.label()}</span>
                        <span class="funnel-bar" style=format!("width: {}%", n * 100 / max)></span>
                        <span class="funnel-count">{n}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
