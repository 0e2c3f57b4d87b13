//! The programme officer's overview page.

use crate::api::officer::officer_overview;
use crate::ui::components::errors::ErrorView;
use leptos::prelude::*;
use leptos_meta::Title;

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
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
