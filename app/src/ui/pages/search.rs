//! Scouting search for officers and investors. The search lives entirely in the URL (a GET
//! form), so it can be bookmarked, shared and used without JavaScript.

use crate::api::search::{search_technologies, FacetGroup, ScoutPage, TechQuery, TechSort};
use crate::ui::components::badges::{StatusBadge, TrlBadge};
use crate::ui::components::errors::loaded;
use crate::ui::components::matches::Snippet;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

fn query_from(params: &ParamsMap) -> TechQuery {
    TechQuery::from_params(|k| params.get(k), |k| params.get_all(k).unwrap_or_default())
}

/// The URL of the same search on another page.
fn page_url(q: &TechQuery, page: u32) -> String {
    format!("/search?{}&page={page}", q.to_query_string())
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_from(&params.read()));
    let data = Resource::new(move || query.get(), |q| search_technologies(Some(q)));
    view! {
        <Title text="Scout technologies"/>
        <Suspense fallback=|| view! { <p>"Searching…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                let saved_query = q.to_query_string();
                loaded(data.await, move |page| view! {
                    <SearchLayout q page/>
                    <crate::ui::pages::alerts::SaveSearchBox query=saved_query/>
                })
            })}
        </Suspense>
    }
}

#[component]
fn SearchLayout(q: TechQuery, page: ScoutPage) -> impl IntoView {
    // The TRL range selects show how many results each level has.
    let trl_counts: Vec<(u8, u64)> = page
        .facets
        .iter()
        .find(|g| g.dimension == "trl")
        .map(|g| {
            g.values
                .iter()
                .filter_map(|v| Some((v.value.parse().ok()?, v.count)))
                .collect()
        })
        .unwrap_or_default();
    let trl_options = move |selected: Option<u8>, empty: &'static str| {
        let counts = trl_counts.clone();
        std::iter::once(view! { <option value="" selected=selected.is_none()>{empty}</option> }.into_any())
            .chain((1..=9u8).map(move |t| {
                let n = counts.iter().find(|(level, _)| *level == t).map(|(_, n)| *n).unwrap_or(0);
                view! { <option value=t.to_string() selected=selected == Some(t)>{format!("TRL {t} ({n})")}</option> }.into_any()
            }))
            .collect_view()
    };
    let pages = page.total.div_ceil(page.per_page as usize).max(1) as u32;
    let current = page.page;
    let prev = (current > 1).then(|| page_url(&q, current - 1));
    let next = (current < pages).then(|| page_url(&q, current + 1));
    view! {
        <form method="get" action="/search" class="search-layout" role="search" aria-label="Scout technologies">
            <aside class="facets panel" aria-label="Filters">
                <div class="field">
                    <label for="field-q">"Search"</label>
                    <input id="field-q" name="q" type="search" value=q.text.clone() placeholder="e.g. counter-drone radar"/>
                </div>
                <div class="grid-2">
                    <div class="field">
                        <label for="field-trl_min">"TRL from"</label>
                        <select id="field-trl_min" name="trl_min">{trl_options(q.trl_min, "any")}</select>
                    </div>
                    <div class="field">
                        <label for="field-trl_max">"TRL to"</label>
                        <select id="field-trl_max" name="trl_max">{trl_options(q.trl_max, "any")}</select>
                    </div>
                </div>
                // A group with nothing to offer (no value with results, none chosen) is left out.
                {page.facets.iter()
                    .filter(|g| g.dimension != "trl" && g.values.iter().any(|v| v.count > 0 || v.selected))
                    .cloned()
                    .map(|g| view! { <FacetBox g/> })
                    .collect_view()}
                <div class="field">
                    <label for="field-sort">"Sort by"</label>
                    <select id="field-sort" name="sort">
                        <option value="relevance" selected=q.sort == TechSort::Relevance>"Relevance"</option>
                        <option value="trl" selected=q.sort == TechSort::Trl>"TRL, highest first"</option>
                        <option value="updated" selected=q.sort == TechSort::Updated>"Last updated"</option>
                    </select>
                </div>
                <button type="submit" class="button">"Search"</button>
                " "
                <A href="/search">"Clear"</A>
            </aside>
            <section class="results" aria-labelledby="results-title">
                <h1 id="results-title">"Technologies"</h1>
                <p role="status" data-testid="result-count">{crate::ui::components::words::count(page.total, "result", "results")}</p>
                <ol class="result-list">
                    {page.hits.into_iter().map(|h| {
                        let t = h.technology;
                        view! {
                            <li class="card" data-testid="result">
                                <h2><A href=format!("/technologies/{}", t.id)>{t.title}</A></h2>
                                <p class="card-meta">{t.company_name} " (" {t.country} ") · " <TrlBadge trl=t.trl verified=t.trl_verified/> " " <StatusBadge status=t.status/></p>
                                <Snippet segments=h.snippet/>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <nav class="pager" aria-label="Result pages">
                    {prev.map(|href| view! { <A href=href>"← Previous"</A> })}
                    <span>{format!("Page {current} of {pages}")}</span>
                    {next.map(|href| view! { <A href=href>"Next →"</A> })}
                </nav>
            </section>
        </form>
    }
}

#[component]
fn FacetBox(g: FacetGroup) -> impl IntoView {
    let name = g.dimension.clone();
    view! {
        <fieldset class="field facet">
            <legend>{g.title.clone()}</legend>
            {g.values.into_iter().map(|v| {
                let id = format!("facet-{}-{}", name, v.value);
                view! {
                    <div class="checkbox">
                        <input type="checkbox" id=id.clone() name=name.clone() value=v.value.clone() checked=v.selected/>
                        <label for=id>{v.label} " " <span class="count">{format!("({})", v.count)}</span></label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
