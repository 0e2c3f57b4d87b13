//! One enrolment: its stage and adoption clock, the moves the caller may make, the history,
//! the screening scores (officers) and the milestones with evidence, decisions and tranches.

use crate::api::incubation::{
    enrolment, AddMilestone, DecideMilestone, EnrolmentView, MilestoneView, MoveEnrolment,
    ReleaseTranche, ScoreEnrolment, SubmitEvidence,
};
use crate::domain::incubation::{Criterion, MilestoneStatus, Stage};
use crate::ui::components::badges::euros;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{
    form_error, options, Checkbox, Field, FormAlert, FormError, SelectField, TextArea,
};
use crate::ui::components::incubation::{ClockBadge, DemonstratedBadge, StageBadge};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Every action on the page, so one refetch follows any of them.
#[derive(Clone, Copy)]
struct Actions {
    moved: ServerAction<MoveEnrolment>,
    score: ServerAction<ScoreEnrolment>,
    add: ServerAction<AddMilestone>,
    evidence: ServerAction<SubmitEvidence>,
    decide: ServerAction<DecideMilestone>,
    release: ServerAction<ReleaseTranche>,
}

#[component]
pub fn EnrolmentPage() -> impl IntoView {
    let id = crate::ui::components::params::use_id_param();
    let a = Actions {
        moved: ServerAction::new(),
        score: ServerAction::new(),
        add: ServerAction::new(),
        evidence: ServerAction::new(),
        decide: ServerAction::new(),
        release: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                id(),
                a.moved.version().get(),
                a.score.version().get(),
                a.add.version().get(),
                a.evidence.version().get(),
                a.decide.version().get(),
                a.release.version().get(),
            )
        },
        |(id, ..)| enrolment(id),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, |e| view! {
                    <Title text=format!("{} · {}", e.technology_title, e.programme_name)/>
                    <Enrolment e a/>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Enrolment(e: EnrolmentView, a: Actions) -> impl IntoView {
    let id = e.id;
    let move_error = form_error(a.moved);
    let forward: Vec<Stage> = e
        .moves
        .iter()
        .copied()
        .filter(|s| !matches!(s, Stage::Rejected | Stage::Withdrawn))
        .collect();
    let can_reject = e.moves.contains(&Stage::Rejected);
    let can_withdraw = e.moves.contains(&Stage::Withdrawn);
    let rejection = e
        .history
        .iter()
        .rev()
        .find(|m| m.to == Stage::Rejected)
        .map(|m| m.reason.clone());
    view! {
        <article class="panel" aria-labelledby="enrolment-title">
            <div class="panel-head">
                <h1 id="enrolment-title">{e.technology_title.clone()}</h1>
                <StageBadge stage=e.stage/>
            </div>
            <p class="company-line">
                {e.company_name.clone()} " · "
                {
                    let name = e.programme_name.clone();
                    let href = format!("/programmes/{}", e.programme_id);
                    if e.is_officer {
                        view! { <A href=href>{name}</A> }.into_any()
                    } else {
                        view! { <span>{name}</span> }.into_any()
                    }
                }
            </p>
            <dl class="facts">
                <dt>"Stage"</dt>
                <dd>{e.stage.label()} " since " {e.stage_since.clone()} {format!(" ({})", crate::ui::components::words::count(e.days_in_stage, "day", "days"))}</dd>
                <dt>"Adoption clock"</dt>
                <dd>{match e.clock {
                    Some(clock) => view! { <ClockBadge clock/> }.into_any(),
                    None => view! { <span>"Starts when the enrolment is selected."</span> }.into_any(),
                }}</dd>
                {e.demonstrated.then(|| view! { <dt>"Demonstration"</dt><dd><DemonstratedBadge/></dd> })}
                {rejection.map(|reason| view! { <dt>"Reason for rejection"</dt><dd data-testid="rejection-reason">{reason}</dd> })}
                <dt>"Technology"</dt>
                <dd>
                    {e.can_open_technology.then(|| view! { <A href=format!("/technologies/{}", e.technology_id)>"Open the technology"</A> })}
                    {e.withdrawn_by_company.then(|| view! { <span class="withdrawn-note" data-testid="withdrawn">" Withdrawn by the company: its details are hidden until it is submitted again."</span> })}
                </dd>
            </dl>
            <FormAlert error=move_error/>
            {(!forward.is_empty()).then(|| view! {
                <div class="actions">
                    {forward.into_iter().map(|to| view! {
                        <ActionForm action=a.moved>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="to" value=to.slug()/>
                            <button type="submit" class="button">{format!("Move to {}", to.label())}</button>
                        </ActionForm>
                    }).collect_view()}
                </div>
            })}
            {can_reject.then(|| view! {
                <details class="reject">
                    <summary>"Reject this application"</summary>
                    <ActionForm action=a.moved>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="to" value="rejected"/>
                        <TextArea label="Reason (the founder sees it)" name="reason" error=move_error rows=3/>
                        <button type="submit" class="button button-secondary">"Reject"</button>
                    </ActionForm>
                </details>
            })}
            {can_withdraw.then(|| view! {
                <details class="withdraw">
                    <summary>"Withdraw from the programme"</summary>
                    <ActionForm action=a.moved>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="to" value="withdrawn"/>
                        <TextArea label="Why are you withdrawing? (optional)" name="reason" error=move_error rows=2/>
                        <button type="submit" class="button button-secondary">"Withdraw"</button>
                    </ActionForm>
                </details>
            })}
        </article>
        <Milestones e=e.clone() a/>
        {e.is_officer.then(|| view! { <Scores e=e.clone() a/> })}
        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">"When"</th><th scope="col">"Move"</th><th scope="col">"By"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {e.history.into_iter().map(|m| view! {
                            <tr>
                                <td>{m.at}</td>
                                <td>{match m.from {
                                    Some(from) => format!("{} → {}", from.label(), m.to.label()),
                                    None => m.to.label().to_owned(),
                                }}</td>
                                <td>{m.by}</td>
                                <td>{m.reason}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Scores(e: EnrolmentView, a: Actions) -> impl IntoView {
    let error = form_error(a.score);
    let score_options = options(&[
        ("", "—"),
        ("1", "1 (weak)"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", "5 (excellent)"),
    ]);
    let open = !e.stage.is_final();
    view! {
        <section class="panel" aria-labelledby="scores-title">
            <h2 id="scores-title">"Screening scores"</h2>
            {match e.average_score {
                Some(avg) => view! { <p>"Average of all officers: " <strong data-testid="average-score">{format!("{avg:.2}")}</strong> " / 5"</p> }.into_any(),
                None => view! { <p>"Not scored yet."</p> }.into_any(),
            }}
            {(!e.scores.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">"Officer"</th>
                            {Criterion::ALL.iter().map(|c| view! { <th scope="col">{c.label()}</th> }).collect_view()}
                            <th scope="col">"Average"</th><th scope="col">"Comment"</th>
                        </tr></thead>
                        <tbody>
                            {e.scores.into_iter().map(|s| view! {
                                <tr>
                                    <td>{s.officer}</td>
                                    {s.scores.into_iter().map(|(_, v)| view! { <td>{v}</td> }).collect_view()}
                                    <td>{format!("{:.2}", s.average)}</td>
                                    <td>{s.comment}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {open.then(|| view! {
                <h3>"Your scores"</h3>
                <ActionForm action=a.score>
                    <FormAlert error/>
                    <input type="hidden" name="id" value=e.id/>
                    <div class="grid-2">
                        {Criterion::ALL.iter().map(|c| view! {
                            <SelectField label=c.label() name=c.slug() prefix="form" error options=score_options.clone()/>
                        }).collect_view()}
                    </div>
                    <TextArea label="Comment" name="comment" prefix="form" error rows=2/>
                    <button type="submit" class="button">"Save scores"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Milestones(e: EnrolmentView, a: Actions) -> impl IntoView {
    let add_error = form_error(a.add);
    let evidence_error = form_error(a.evidence);
    let decide_error = form_error(a.decide);
    let release_error = form_error(a.release);
    let (is_officer, is_founder) = (e.is_officer, e.is_founder);
    let open = !e.stage.is_final();
    view! {
        <section class="panel" aria-labelledby="milestones-title">
            <h2 id="milestones-title">"Milestones"</h2>
            <FormAlert error=evidence_error/>
            <FormAlert error=decide_error/>
            <FormAlert error=release_error/>
            {if e.milestones.is_empty() {
                view! { <p>"No milestones planned yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="result-list milestones">
                        {e.milestones.into_iter().map(|m| view! {
                            <Milestone m is_officer is_founder a evidence_error decide_error/>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(is_officer && open).then(|| view! {
                <h3>"Plan a milestone"</h3>
                <ActionForm action=a.add>
                    <FormAlert error=add_error/>
                    <input type="hidden" name="enrolment_id" value=e.id/>
                    <Field label="Title" name="title" prefix="form" error=add_error/>
                    <div class="grid-2">
                        <Field label="Due date" name="due_on" prefix="form" input_type="date" error=add_error/>
                        <Field label="Funding tranche (EUR, optional)" name="tranche_eur" prefix="form" inputmode="numeric" error=add_error/>
                    </div>
                    <Checkbox label="This is the demonstration milestone (earns the \"demonstrated\" badge when verified)" name="is_demonstration" prefix="form"/>
                    <button type="submit" class="button">"Add milestone"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Milestone(
    m: MilestoneView,
    is_officer: bool,
    is_founder: bool,
    a: Actions,
    evidence_error: FormError,
    decide_error: FormError,
) -> impl IntoView {
    let id = m.id;
    let can_submit =
        is_founder && matches!(m.status, MilestoneStatus::Open | MilestoneStatus::Returned);
    let can_decide = is_officer && m.status == MilestoneStatus::Submitted;
    let can_release = is_officer
        && m.status == MilestoneStatus::Verified
        && m.tranche_eur.is_some()
        && m.released.is_none();
    view! {
        <li class="card milestone" class:overdue=m.overdue data-testid="milestone">
            <h3>{m.title.clone()} {m.is_demonstration.then_some(" (demonstration)")}</h3>
            <p class="card-meta">
                "Due " {m.due_on.clone()}
                {m.overdue.then(|| view! { " " <span class="badge overdue-badge">"Overdue"</span> })}
                " · " <span data-testid="milestone-status">{m.status.label()}</span>
                {m.tranche_eur.map(|t| format!(" · tranche {}", euros(t)))}
            </p>
            {(!m.evidence.is_empty()).then(|| view! { <p><strong>"Evidence: "</strong>{m.evidence.clone()}</p> })}
            {(!m.decision_reason.is_empty()).then(|| view! { <p><strong>"Officer's note: "</strong>{m.decision_reason.clone()}</p> })}
            {m.released.clone().map(|r| view! { <p class="released">{r}</p> })}
            {can_submit.then(|| view! {
                <ActionForm action=a.evidence>
                    <input type="hidden" name="id" value=id/>
                    <TextArea label="Evidence (what was achieved, links to reports)" name="evidence" error=evidence_error rows=3/>
                    <button type="submit" class="button">"Submit evidence"</button>
                </ActionForm>
            })}
            {can_decide.then(|| view! {
                <div class="actions">
                    <ActionForm action=a.decide>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="decision" value="verify"/>
                        <button type="submit" class="button">"Verify"</button>
                    </ActionForm>
                </div>
                <ActionForm action=a.decide>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="decision" value="return"/>
                    <TextArea label="Reason for sending it back" name="reason" error=decide_error rows=2/>
                    <button type="submit" class="button button-secondary">"Send back"</button>
                </ActionForm>
            })}
            {can_release.then(|| view! {
                <ActionForm action=a.release>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button">"Release the tranche"</button>
                </ActionForm>
            })}
        </li>
    }
}
