//! Consortia: a founder's list (led, invited, member) and the officers' demand per call topic;
//! one consortium's page with members, the live eligibility check, what is missing, partner
//! suggestions and invitations. Every form works without JavaScript.

use crate::api::consortia::{
    consortia_overview, consortium, AnswerInvitation, InvitePartner, OverviewOfConsortia,
    WithdrawMember,
};
use crate::api::matching::Check;
use crate::domain::consortium::{Answer, MemberRole, MemberStatus};
use crate::domain::consortium_view::{
    ConsortiumSummary, ConsortiumView, MemberView, Suggestion, TopicDemand,
};
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, Field, FormAlert, FormError, SelectField, TextArea};
use crate::ui::components::matches::CheckList;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

fn role_options(default: MemberRole) -> Vec<(String, String, bool)> {
    MemberRole::ALL
        .iter()
        .map(|r| (r.slug().to_owned(), r.label().to_owned(), *r == default))
        .collect()
}

#[component]
pub fn ConsortiaPage() -> impl IntoView {
    let answered = ServerAction::<AnswerInvitation>::new();
    let error = form_error(answered);
    let data = Resource::new(move || answered.version().get(), |_| consortia_overview());
    let query = use_query_map();
    let note = move || {
        let q = query.read();
        if q.get("declined").is_some() {
            Some("Invitation declined.")
        } else if q.get("left").is_some() {
            Some("Your organisation left the consortium.")
        } else {
            None
        }
    };
    view! {
        <Title text="Consortia"/>
        <section class="panel" aria-labelledby="consortia-title">
            <h1 id="consortia-title">"Consortia"</h1>
            {move || note().map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
            <FormAlert error/>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, move |overview| match overview {
                        OverviewOfConsortia::Mine(list) => view! { <MyConsortia list answered/> }.into_any(),
                        OverviewOfConsortia::Demand(topics) => view! { <Demand topics/> }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn MyConsortia(
    list: Vec<ConsortiumSummary>,
    answered: ServerAction<AnswerInvitation>,
) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <p>"No consortium yet. An EDF grant goes to a consortium: open one from an EDF match on your technology's page (\"Build a consortium\"), and invitations from other companies arrive here."</p>
        }
        .into_any();
    }
    view! {
        <table class="table" data-testid="my-consortia">
            <thead><tr><th>"Call topic"</th><th>"Led by"</th><th>"Your part"</th><th>"Members"</th><th>"Check"</th></tr></thead>
            <tbody>
                {list.into_iter().map(|c| {
                    let invited = c.your_status == MemberStatus::Invited;
                    view! {
                        <tr>
                            <td><A href=format!("/consortia/{}", c.id)>{c.topic_title}</A><br/><span class="card-meta">{c.topic_id}</span></td>
                            <td>{c.lead}</td>
                            <td>{c.your_role.label()} " · " {c.your_status.label()}
                                {invited.then(|| view! { <AnswerButtons membership_id=c.membership_id answered/> })}
                            </td>
                            <td>{c.accepted_members}</td>
                            <td>{if c.eligible { "Eligible" } else { "Not eligible yet" }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AnswerButtons(membership_id: i64, answered: ServerAction<AnswerInvitation>) -> impl IntoView {
    view! {
        <div class="button-row">
            <ActionForm action=answered>
                <input type="hidden" name="membership_id" value=membership_id/>
                <input type="hidden" name="answer" value=Answer::Accept.slug()/>
                <button type="submit" class="button">"Accept"</button>
            </ActionForm>
            <ActionForm action=answered>
                <input type="hidden" name="membership_id" value=membership_id/>
                <input type="hidden" name="answer" value=Answer::Decline.slug()/>
                <button type="submit" class="button button-secondary">"Decline"</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Demand(topics: Vec<TopicDemand>) -> impl IntoView {
    view! {
        <p class="hint">"Consortia forming on Lab2Field, per EDF call topic — a signal of demand. Organisations, messages and technologies stay with the consortium's members."</p>
        {if topics.is_empty() {
            view! { <p>"No consortium is forming yet."</p> }.into_any()
        } else {
            view! {
                <table class="table" data-testid="consortium-demand">
                    <thead><tr><th>"Call topic"</th><th>"Consortia"</th><th>"Eligible now"</th><th>"Organisations"</th><th>"Countries"</th><th>"Deadline"</th></tr></thead>
                    <tbody>
                        {topics.into_iter().map(|t| {
                            let countries: Vec<&str> = t.countries.iter().map(|c| c.as_str()).collect();
                            view! {
                                <tr>
                                    <td><A href=format!("/opportunities/{}", t.topic_id)>{t.topic_title}</A><br/><span class="card-meta">{t.topic_id.clone()}</span></td>
                                    <td>{t.consortia}</td>
                                    <td>{t.eligible}</td>
                                    <td>{t.organisations}</td>
                                    <td>{countries.join(", ")}</td>
                                    <td>{t.deadline.unwrap_or_else(|| "rolling".to_owned())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
pub fn ConsortiumPage() -> impl IntoView {
    let id = crate::ui::components::params::use_id_param();
    let invited = ServerAction::<InvitePartner>::new();
    let answered = ServerAction::<AnswerInvitation>::new();
    let withdrawn = ServerAction::<WithdrawMember>::new();
    let data = Resource::new(
        move || {
            (
                id(),
                invited.version().get(),
                answered.version().get(),
                withdrawn.version().get(),
            )
        },
        |(id, ..)| consortium(id),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, move |c| view! {
                    <Title text=format!("Consortium — {}", c.topic_title)/>
                    <Consortium c invited answered withdrawn/>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Consortium(
    c: ConsortiumView,
    invited: ServerAction<InvitePartner>,
    answered: ServerAction<AnswerInvitation>,
    withdrawn: ServerAction<WithdrawMember>,
) -> impl IntoView {
    let invite_error = form_error(invited);
    let answer_error = form_error(answered);
    let withdraw_error = form_error(withdrawn);
    let query = use_query_map();
    let just_invited = move || query.read().get("invited").is_some();
    let checks: Vec<Check> = c
        .eligibility
        .checks
        .iter()
        .map(|r| Check {
            name: r.rule.label().to_owned(),
            passed: Some(r.passed),
            detail: r.reason.clone(),
        })
        .collect();
    let missing = c.eligibility.missing.clone();
    let can_manage = c.can_manage;
    let consortium_id = c.id;
    view! {
        <section class="panel" aria-labelledby="consortium-title">
            <h1 id="consortium-title">"Consortium for " {c.topic_title.clone()}</h1>
            <p class="card-meta"><A href=format!("/opportunities/{}", c.topic_id)>{c.topic_id.clone()}</A>
                {format!(" · at least {} independent entities from {} eligible countries", c.rules.min_entities, c.rules.min_countries)}
                {c.rules.sme_only.then_some(" · SMEs only")}
            </p>
            {move || just_invited().then(|| view! { <div class="alert alert-success" role="status">"Invitation sent. The organisation's founders are told by e-mail."</div> })}
            <FormAlert error=answer_error/>
            <FormAlert error=withdraw_error/>
        </section>
        <section class="panel" aria-labelledby="check-title">
            <h2 id="check-title">"Eligibility check"</h2>
            <p data-testid="eligibility-verdict" class=if c.eligible { "verdict verdict-pass" } else { "verdict verdict-fail" }>
                {if c.eligible { "Eligible: every rule of the call is met." } else { "Not eligible yet." }}
            </p>
            <CheckList checks/>
            {(!missing.is_empty()).then(|| view! {
                <h3>"What is missing"</h3>
                <ul data-testid="missing">{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            })}
            <p class="hint">"Only members who accepted count. Affiliated entities and associated partners take part but are not counted as independent entities."</p>
        </section>
        <section class="panel" aria-labelledby="members-title">
            <h2 id="members-title">"Members"</h2>
            <ul class="result-list" data-testid="members">
                {c.members.into_iter().map(|m| view! { <MemberCard m can_manage answered withdrawn/> }).collect_view()}
            </ul>
        </section>
        {can_manage.then(|| view! {
            <section class="panel" aria-labelledby="suggestions-title">
                <h2 id="suggestions-title">"Suggested partners"</h2>
                <p class="hint">"Companies whose submitted technology fits this call topic and which look for consortium partners, from countries eligible for the call and not controlled from outside the EU and Norway — best first, with what each would add."</p>
                <FormAlert error=invite_error/>
                {if c.suggestions.is_empty() {
                    view! { <p>"No other company that looks for consortium partners fits this topic yet. Invite an organisation by name below."</p> }.into_any()
                } else {
                    view! {
                        <ol class="result-list" data-testid="suggestions">
                            {c.suggestions.into_iter().map(|s| view! { <SuggestionCard s consortium_id invited/> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
            <section class="panel" aria-labelledby="invite-title">
                <h2 id="invite-title">"Invite an organisation by name"</h2>
                <InviteByName consortium_id invited error=invite_error/>
            </section>
        })}
    }
}

#[component]
fn MemberCard(
    m: MemberView,
    can_manage: bool,
    answered: ServerAction<AnswerInvitation>,
    withdrawn: ServerAction<WithdrawMember>,
) -> impl IntoView {
    let open = matches!(m.status, MemberStatus::Invited | MemberStatus::Accepted);
    let withdraw_label = if m.is_you {
        Some("Leave the consortium")
    } else if can_manage && m.status == MemberStatus::Invited {
        Some("Withdraw the invitation")
    } else if can_manage {
        Some("Remove from the consortium")
    } else {
        None
    }
    .filter(|_| open && !m.is_lead);
    let answer = m.is_you && m.status == MemberStatus::Invited;
    let membership_id = m.id;
    view! {
        <li class="card" data-testid="member">
            <div class="panel-head">
                <h3>{m.organisation.clone()}</h3>
                <span class="badge" data-testid="member-status">{m.status.label()}</span>
            </div>
            <p class="card-meta">
                {m.country.name()} " (" {m.country.as_str()} ") · " {m.entity_type.label()}
                {if m.is_sme { " · SME" } else { "" }} " · " {m.role.label()}
                {m.is_lead.then_some(" · opened the consortium")}
                {m.is_you.then_some(" · your organisation")}
            </p>
            {m.group.as_ref().map(|g| view! { <p class="hint">"Part of the group " {g.clone()} " — entities of one group count once"</p> })}
            {m.controlled_from.as_ref().map(|c| view! { <p class="check-fail">"Controlled from " {c.name()} " — outside the EU and Norway"</p> })}
            {m.technology.map(|t| {
                let areas: Vec<&str> = t.areas.iter().map(|a| a.label()).collect();
                view! {
                    <p><strong>{t.title}</strong> " · TRL " {t.trl.get()} " · " {areas.join(", ")}</p>
                    <p class="snippet">{t.summary}</p>
                }
            })}
            {m.message.map(|msg| view! { <p class="hint">"Message: " {msg}</p> })}
            {answer.then(|| view! { <AnswerButtons membership_id answered/> })}
            {withdraw_label.map(|label| view! {
                <ActionForm action=withdrawn>
                    <input type="hidden" name="membership_id" value=membership_id/>
                    <button type="submit" class="button button-secondary">{label}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn SuggestionCard(
    s: Suggestion,
    consortium_id: i64,
    invited: ServerAction<InvitePartner>,
) -> impl IntoView {
    let role_id = format!("role-{}", s.organisation_id);
    let message_id = format!("message-{}", s.organisation_id);
    let areas: Vec<&str> = s.technology.areas.iter().map(|a| a.label()).collect();
    view! {
        <li class="card" data-testid="suggestion">
            <div class="panel-head">
                <h3>{s.organisation.clone()}</h3>
                <span class="badge" title="fit and what it adds">{format!("score {:.2}", s.score)}</span>
            </div>
            <p class="card-meta">{s.country.name()} " (" {s.country.as_str()} ") · " {s.entity_type.label()}
                {s.closes_gap.then_some(" · closes a gap")}</p>
            <p><strong>{s.technology.title.clone()}</strong> " · TRL " {s.technology.trl.get()} " · " {areas.join(", ")}</p>
            <ul class="checks" data-testid="reasons">{s.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            <ActionForm action=invited>
                <input type="hidden" name="consortium_id" value=consortium_id/>
                <input type="hidden" name="organisation_id" value=s.organisation_id/>
                <input type="hidden" name="technology_id" value=s.technology.id/>
                <div class="grid-2">
                    <div class="field">
                        <label for=role_id.clone()>"Role"</label>
                        <select id=role_id name="role">
                            {role_options(MemberRole::Beneficiary).into_iter().map(|(v, t, sel)| view! { <option value=v selected=sel>{t}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=message_id.clone()>"Message"</label>
                        <input id=message_id type="text" name="message" maxlength="2000"/>
                    </div>
                </div>
                <button type="submit" class="button">{format!("Invite {}", s.organisation)}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn InviteByName(
    consortium_id: i64,
    invited: ServerAction<InvitePartner>,
    error: FormError,
) -> impl IntoView {
    view! {
        <ActionForm action=invited>
            <input type="hidden" name="consortium_id" value=consortium_id/>
            <Field label="Organisation's legal name" name="organisation_name" error hint="Any organisation registered on Lab2Field: a company, research organisation or university."/>
            <SelectField
                label="Role in the consortium"
                name="role"
                error
                options=MemberRole::ALL.iter().map(|r| (r.slug().to_owned(), r.label().to_owned())).collect()
                selected=MemberRole::Beneficiary.slug().to_owned()
            />
            <TextArea label="Message to the organisation" name="message" error rows=3/>
            <button type="submit" class="button">"Send the invitation"</button>
        </ActionForm>
    }
}
