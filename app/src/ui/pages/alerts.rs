//! What users asked to be told about: the saved-search list, the signed-out unsubscribe page,
//! the "save this search" box of the search page and the bookmark box of an opportunity.

use crate::api::alerts::{
    bookmark_state, saved_searches, unsubscribe_info, ChangeSavedSearch, SaveSearch, SetBookmark,
    Unsubscribe,
};
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, Field, FormAlert};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SavedSearchesPage() -> impl IntoView {
    let change = ServerAction::<ChangeSavedSearch>::new();
    let error = form_error(change);
    let data = Resource::new(move || change.version().get(), |_| saved_searches());
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <Title text="Saved searches"/>
        <section class="panel" aria-labelledby="saved-title">
            <h1 id="saved-title">"Saved searches"</h1>
            {move || saved().then(|| view! { <div class="alert alert-success" role="status">"Search saved."</div> })}
            <p class="hint">"With the daily digest on, you get one e-mail a day listing newly submitted technologies that match; every digest has an unsubscribe link."</p>
            <FormAlert error/>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |list| if list.is_empty() {
                        view! { <p>"No saved searches. Run a search, then save it from the search page."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="result-list">
                                {list.into_iter().map(|s| {
                                    let (toggle, label) = if s.digest { ("digest_off", "Stop the daily digest") } else { ("digest_on", "Send a daily digest") };
                                    view! {
                                        <li class="card" data-testid="saved-search">
                                            <h2><A href=s.link.clone()>{s.name.clone()}</A></h2>
                                            <p class="card-meta">{if s.digest { "Daily digest on" } else { "No digest" }}</p>
                                            <div class="actions">
                                                <ActionForm action=change>
                                                    <input type="hidden" name="id" value=s.id/>
                                                    <input type="hidden" name="change" value=toggle/>
                                                    <button type="submit" class="button button-secondary">{label}</button>
                                                </ActionForm>
                                                <ActionForm action=change>
                                                    <input type="hidden" name="id" value=s.id/>
                                                    <input type="hidden" name="change" value="delete"/>
                                                    <button type="submit" class="button button-secondary">"Delete"</button>
                                                </ActionForm>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}

/// The box under the search results: keeps the current search under a name.
#[component]
pub fn SaveSearchBox(query: String) -> impl IntoView {
    let action = ServerAction::<SaveSearch>::new();
    let error = form_error(action);
    view! {
        <section class="panel narrow" aria-labelledby="save-search-title">
            <h2 id="save-search-title">"Save this search"</h2>
            <ActionForm action=action>
                <FormAlert error/>
                <input type="hidden" name="query" value=query/>
                <Field label="Name" name="name" error hint="For example \"Counter-drone, TRL 6+\"."/>
                <div class="field checkbox">
                    <input type="checkbox" id="field-digest" name="digest" value="on" checked=true/>
                    <label for="field-digest">"E-mail me a daily digest of new matches"</label>
                </div>
                <button type="submit" class="button">"Save search"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let done = move || query.read().get("done").is_some();
    let action = ServerAction::<Unsubscribe>::new();
    let data = Resource::new(token, unsubscribe_info);
    view! {
        <Title text="Unsubscribe"/>
        <section class="panel narrow" aria-labelledby="unsub-title">
            <h1 id="unsub-title">"Daily digest"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, move |name| if done() || action.value().get().is_some_and(|r| r.is_ok()) {
                        view! { <p role="status">"You will no longer receive the digest for \"" {name} "\". You can turn it on again under Saved searches."</p> }.into_any()
                    } else {
                        view! {
                            <p>"Stop the daily e-mail digest for the saved search \"" {name} "\"?"</p>
                            <ActionForm action>
                                <input type="hidden" name="token" value=token()/>
                                <button type="submit" class="button">"Unsubscribe"</button>
                            </ActionForm>
                        }.into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}

/// For founders on an opportunity's page: bookmark it to be reminded of its deadline.
#[component]
pub fn BookmarkBox(opportunity_id: String) -> impl IntoView {
    let action = ServerAction::<SetBookmark>::new();
    let error = form_error(action);
    let id = opportunity_id.clone();
    let data = Resource::new(
        move || action.version().get(),
        move |_| bookmark_state(id.clone()),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let opportunity_id = opportunity_id.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(on)) => view! {
                            <section class="panel narrow" aria-labelledby="bookmark-title">
                                <h2 id="bookmark-title">"Deadline reminder"</h2>
                                <p>{if on { "Bookmarked: we e-mail you 14 days before the deadline." } else { "Bookmark this opportunity to get an e-mail 14 days before its deadline." }}</p>
                                <FormAlert error/>
                                <ActionForm action>
                                    <input type="hidden" name="opportunity_id" value=opportunity_id/>
                                    <input type="hidden" name="on" value=(!on).to_string()/>
                                    <button type="submit" class="button button-secondary">{if on { "Remove bookmark" } else { "Bookmark" }}</button>
                                </ActionForm>
                            </section>
                        }.into_any(),
                        _ => ().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
