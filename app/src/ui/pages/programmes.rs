//! Programmes: the list (officers create, founders apply) and the officers' board, where a
//! card moves by drag and drop with JavaScript and by buttons without it.

use crate::api::incubation::{
    list_programmes, programme_board, BoardView, CreateProgramme, EnrolmentCard, MoveEnrolment,
};
use crate::domain::incubation::Stage;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, Checkbox, Field, FormAlert, TextArea};
use crate::ui::components::incubation::{ClockBadge, DemonstratedBadge};
use crate::ui::components::pager::ColumnMore;
use crate::ui::layout::CurrentAccount;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ProgrammesPage() -> impl IntoView {
    let create = ServerAction::<CreateProgramme>::new();
    let error = form_error(create);
    let data = Resource::new(move || create.version().get(), |_| list_programmes());
    let account = use_context::<CurrentAccount>();
    let is_staff = move || {
        account
            .and_then(|a| a.0.get())
            .and_then(|r| r.ok().flatten())
            .is_some_and(|u| u.role.is_staff())
    };

    view! {
        <Title text="Programmes"/>
        <section class="panel" aria-labelledby="programmes-title">
            <h1 id="programmes-title">"Incubation programmes"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let staff = match account {
                        Some(a) => a.0.await.ok().flatten().is_some_and(|u| u.role.is_staff()),
                        None => false,
                    };
                    loaded(data.await, move |list| if list.is_empty() {
                        view! { <p>"No programmes yet."</p> }.into_any()
                    } else {
                        view! {
                            {(!staff).then(|| view! { <p class="hint">"To apply, open one of your submitted technologies and choose the programme under Incubation."</p> })}
                            <ul class="result-list">
                                {list.into_iter().map(|p| view! {
                                    <li class="card">
                                        <h2>{if staff {
                                            view! { <A href=format!("/programmes/{}", p.id)>{p.name.clone()}</A> }.into_any()
                                        } else {
                                            view! { <span>{p.name.clone()}</span> }.into_any()
                                        }}</h2>
                                        <p>{p.description.clone()}</p>
                                        <p class="card-meta">
                                            {if p.open_for_applications { "Open for applications" } else { "By invitation of programme officers" }}
                                            " · " {p.enrolments} " enrolled"
                                        </p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        </section>
        <Transition fallback=|| ()>
            {move || is_staff().then(|| view! {
                <section class="panel narrow" aria-labelledby="new-programme-title">
                    <h2 id="new-programme-title">"New programme"</h2>
                    <ActionForm action=create>
                        <FormAlert error/>
                        <Field label="Name" name="name" prefix="form" error hint="For example \"EU Defence Innovation Incubator 2026\" or a DIANA cohort."/>
                        <TextArea label="Description" name="description" prefix="form" error rows=3/>
                        <Checkbox label="Founders may apply" name="open_for_applications" prefix="form"/>
                        <button type="submit" class="button">"Create programme"</button>
                    </ActionForm>
                </section>
            })}
        </Transition>
    }
}

/// For founders a programme's page is where they apply; officers see the board.
#[component]
pub fn ProgrammePage() -> impl IntoView {
    let id = crate::ui::components::params::use_id_param();
    let moved = ServerAction::<MoveEnrolment>::new();
    let error = form_error(moved);
    // The one column shown whole (`?all=<stage>`), if any.
    let all = crate::ui::components::params::use_query_as::<Stage>("all");
    let data = Resource::new(
        move || (id(), all(), moved.version().get()),
        |(id, all, _)| programme_board(id, all),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, move |board| view! {
                    <Title text=board.programme.name.clone()/>
                    <Board board moved error whole=all()/>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Board(
    board: BoardView,
    moved: ServerAction<MoveEnrolment>,
    error: crate::ui::components::form::FormError,
    /// The column shown whole, if any.
    whole: Option<Stage>,
) -> impl IntoView {
    let programme_id = board.programme.id;
    let hidden = board.hidden;
    let back = format!("/programmes/{programme_id}");
    // The card being dragged (JavaScript only).
    let dragging = RwSignal::new(None::<(i64, Vec<Stage>)>);
    let columns = board
        .columns
        .into_iter()
        .map(|(stage, cards)| {
            let back = back.clone();
            let drop_back = back.clone();
            let drop = move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                let Some((id, allowed)) = dragging.get_untracked() else {
                    return;
                };
                dragging.set(None);
                if !allowed.contains(&stage) {
                    return;
                }
                let reason = if stage == Stage::Rejected {
                    match ask_reason() {
                        Some(reason) => reason,
                        None => return,
                    }
                } else {
                    String::new()
                };
                moved.dispatch(MoveEnrolment {
                    id,
                    to: stage.slug().to_owned(),
                    reason,
                    // The server answers with a redirect; staying on the board keeps the view.
                    back: drop_back.clone(),
                });
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
                        {cards.into_iter().map(|card| view! { <Card card back=back.clone() moved dragging/> }).collect_view()}
                    </ul>
                    <ColumnMore base=back.clone() stage=stage.slug() shown hidden=more whole=whole == Some(stage)/>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="board-title">
            <h1 id="board-title">{board.programme.name.clone()}</h1>
            <p class="lead">{board.programme.description.clone()}</p>
            <p class="hint">"Drag a card to the next stage, or use its buttons. Rejecting asks for a reason, which the founder sees; open the enrolment to score it and plan milestones."</p>
            <FormAlert error/>
        </section>
        <p class="board-hint" id="board-hint">"Every stage has a column: scroll the board sideways (or Shift + mouse wheel) to see them all."</p>
        <div class="board board-wide" data-testid="board" role="region" aria-label="Programme board" aria-describedby="board-hint" tabindex="0">{columns}</div>
    }
}

#[component]
fn Card(
    card: EnrolmentCard,
    back: String,
    moved: ServerAction<MoveEnrolment>,
    dragging: RwSignal<Option<(i64, Vec<Stage>)>>,
) -> impl IntoView {
    let id = card.id;
    let allowed = card.moves.clone();
    // Rejection needs a reason: it is given on the enrolment page (or asked for when dropped).
    let buttons: Vec<Stage> = card
        .moves
        .iter()
        .copied()
        .filter(|s| *s != Stage::Rejected)
        .collect();
    view! {
        <li
            class="board-card"
            draggable=(!allowed.is_empty()).then_some("true")
            data-enrolment=id
            on:dragstart=move |_| dragging.set(Some((id, allowed.clone())))
            on:dragend=move |_| dragging.set(None)
        >
            <A href=format!("/enrolments/{id}")>{card.technology_title.clone()}</A>
            {card.withdrawn_by_company.then(|| view! { <p class="withdrawn-note" data-testid="withdrawn">"Withdrawn by the company"</p> })}
            <p class="card-meta">{card.company_name.clone()}</p>
            <p class="card-meta">
                {crate::ui::components::words::days_in_stage(card.days_in_stage)}
                " " {card.clock.map(|clock| view! { <ClockBadge clock/> })}
                " " {card.demonstrated.then(|| view! { <DemonstratedBadge/> })}
            </p>
            <div class="card-actions">
                {buttons.into_iter().map(|to| {
                    let back = back.clone();
                    view! {
                    <ActionForm action=moved>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="to" value=to.slug()/>
                        <input type="hidden" name="back" value=back.clone()/>
                        <button type="submit" class="button button-small button-secondary">{format!("→ {}", to.label())}</button>
                    </ActionForm>
                }}).collect_view()}
            </div>
        </li>
    }
}

/// Asks for a rejection reason in the browser; `None` if cancelled or left empty.
fn ask_reason() -> Option<String> {
    let answer = window()
        .prompt_with_message("Why is this application rejected? The founder will see the reason.")
        .ok()
        .flatten()?;
    let answer = answer.trim().to_owned();
    (!answer.is_empty()).then_some(answer)
}
