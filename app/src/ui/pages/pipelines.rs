//! An investor organisation's private pipelines: the list, and each pipeline as a board where a
//! deal moves by drag and drop with JavaScript and by buttons without it, with notes per deal.

use crate::api::pipelines::{
    list_pipelines, pipeline_board, AddDealNote, CreatePipeline, DealCard, MoveDeal, PipelineView,
};
use crate::domain::pipeline::DealStage;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, Field, FormAlert, FormError, TextArea};
use crate::ui::components::pager::ColumnMore;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Shown instead of organisation-bound features to an investor who has not described their
/// organisation yet: what to do, and the link to do it.
#[component]
pub fn OrganisationFirst() -> impl IntoView {
    view! {
        <div class="alert alert-info" role="status" data-testid="organisation-first">
            <p>
                "Pipelines and requests for confidential details belong to your investor organisation. "
                "Describe it first — it takes a minute: name, country and, if you like, your thesis from the catalogue."
            </p>
            <p><A href="/investor/organisation" attr:class="button">"Describe your organisation"</A></p>
        </div>
    }
}

#[component]
pub fn PipelinesPage() -> impl IntoView {
    let create = ServerAction::<CreatePipeline>::new();
    let error = form_error(create);
    // The pipelines, or `None` for an investor who has not described their organisation yet
    // (one resource, so the page renders and hydrates from the same answer).
    let data = Resource::new(
        move || create.version().get(),
        |_| async {
            if crate::api::investor::has_investor_org().await? {
                list_pipelines().await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <Title text="Pipelines"/>
        <section class="panel" aria-labelledby="pipelines-title">
            <h1 id="pipelines-title">"Your pipelines"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |list| match list {
                        None => view! { <OrganisationFirst/> }.into_any(),
                        Some(list) => view! {
                            <p class="hint">"Private to your organisation: no company, officer or other investor sees them."</p>
                            {if list.is_empty() {
                                view! { <p>"No pipeline yet. Add a technology from its page, or create a pipeline here."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="result-list">
                                        {list.into_iter().map(|p| view! {
                                            <li><A href=format!("/pipelines/{}", p.id)>{p.name}</A> " · " {deals_label(p.deals)}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <ActionForm action=create>
                                <FormAlert error/>
                                <Field label="New pipeline" name="name" error hint="For example \"Fund III — sensing\"."/>
                                <button type="submit" class="button">"Create pipeline"</button>
                            </ActionForm>
                        }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

/// "1 deal", "3 deals".
fn deals_label(count: u64) -> String {
    crate::ui::components::words::count(count, "deal", "deals")
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let id = crate::ui::components::params::use_id_param();
    let moved = ServerAction::<MoveDeal>::new();
    let noted = ServerAction::<AddDealNote>::new();
    // The one column shown whole (`?all=<stage>`), if any.
    let all = crate::ui::components::params::use_query_as::<DealStage>("all");
    let data = Resource::new(
        move || (id(), all(), moved.version().get(), noted.version().get()),
        |(id, all, ..)| pipeline_board(id, all),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, move |board| view! {
                    <Title text=board.name.clone()/>
                    <Board board moved noted whole=all()/>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Board(
    board: PipelineView,
    moved: ServerAction<MoveDeal>,
    noted: ServerAction<AddDealNote>,
    /// The column shown whole, if any.
    whole: Option<DealStage>,
) -> impl IntoView {
    let base = format!("/pipelines/{}", board.id);
    let hidden = board.hidden;
    let move_error = form_error(moved);
    let note_error = form_error(noted);
    let dragging = RwSignal::new(None::<(i64, Vec<DealStage>)>);
    let columns = board
        .columns
        .into_iter()
        .map(|(stage, cards)| {
            let drop = move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                let Some((id, allowed)) = dragging.get_untracked() else {
                    return;
                };
                dragging.set(None);
                if allowed.contains(&stage) {
                    moved.dispatch(MoveDeal {
                        id,
                        to: stage.slug().to_owned(),
                    });
                }
            };
            let shown = cards.len();
            let more = hidden.iter().find(|(s, _)| *s == stage).map_or(0, |(_, n)| *n);
            view! {
                <section
                    class="board-column"
                    class:drop-target=move || dragging.get().is_some_and(|(_, allowed)| allowed.contains(&stage))
                    id=format!("column-{}", stage.slug())
                    aria-label=stage.label()
                    data-stage=stage.slug()
                    on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                    on:drop=drop
                >
                    <h2>{stage.label()} " " <span class="count">"(" {shown + more} ")"</span></h2>
                    <ul>
                        {cards.into_iter().map(|card| view! { <Deal card moved noted dragging note_error/> }).collect_view()}
                    </ul>
                    <ColumnMore base=base.clone() stage=stage.slug() shown hidden=more whole=whole == Some(stage)/>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="pipeline-title">
            <h1 id="pipeline-title">{board.name.clone()}</h1>
            <p class="hint">"Drag a deal to another stage, or use its buttons. Only your organisation sees this pipeline."</p>
            <p><A href="/pipelines">"All pipelines"</A></p>
            <FormAlert error=move_error/>
        </section>
        <div class="board" data-testid="pipeline" role="region" aria-label="Pipeline board" tabindex="0">{columns}</div>
    }
}

#[component]
fn Deal(
    card: DealCard,
    moved: ServerAction<MoveDeal>,
    noted: ServerAction<AddDealNote>,
    dragging: RwSignal<Option<(i64, Vec<DealStage>)>>,
    note_error: FormError,
) -> impl IntoView {
    let id = card.id;
    let allowed = card.moves.clone();
    // The card whose note was just saved keeps its notes open (`?notes=<deal>`).
    let query = leptos_router::hooks::use_query_map();
    let notes_open = move || query.read().get("notes") == Some(id.to_string());
    view! {
        <li
            id=format!("deal-{id}")
            class="board-card"
            draggable=(!allowed.is_empty()).then_some("true")
            data-deal=id
            on:dragstart=move |_| dragging.set(Some((id, allowed.clone())))
            on:dragend=move |_| dragging.set(None)
        >
            {if card.withdrawn_by_company {
                view! {
                    <span class="card-title">{card.technology_title.clone()}</span>
                    <p class="withdrawn-note" data-testid="withdrawn">"Withdrawn by the company"</p>
                }.into_any()
            } else {
                view! { <A href=format!("/technologies/{}", card.technology_id)>{card.technology_title.clone()}</A> }.into_any()
            }}
            <p class="card-meta">{card.company_name.clone()}</p>
            <p class="card-meta">{crate::ui::components::words::days_in_stage(card.days_in_stage)}</p>
            <div class="card-actions">
                {card.moves.into_iter().map(|to| view! {
                    <ActionForm action=moved>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="to" value=to.slug()/>
                        <button type="submit" class="button button-small button-secondary">{format!("→ {}", to.label())}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
            <details open=notes_open>
                <summary>{format!("Notes ({})", card.notes.len())}</summary>
                <ul class="notes">
                    {card.notes.into_iter().map(|n| view! { <li><p>{n.body}</p><p class="card-meta">{n.author} " · " {n.at}</p></li> }).collect_view()}
                </ul>
                <ActionForm action=noted>
                    <input type="hidden" name="id" value=id/>
                    <TextArea label="Add a note" name="body" error=note_error rows=2/>
                    <button type="submit" class="button button-small">"Save note"</button>
                </ActionForm>
            </details>
        </li>
    }
}
