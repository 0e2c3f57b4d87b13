//! The incubation panel of a technology's page: its enrolments, and enrolling (officers) or
//! applying (its founders) to a programme.

use crate::api::incubation::{
    list_programmes, technology_enrolments, ApplyToProgramme, EnrolTechnology,
};
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, FormAlert, SelectField};
use crate::ui::components::incubation::StageBadge;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn IncubationPanel(
    technology_id: i64,
    is_staff: bool,
    is_owner: bool,
    submitted: bool,
) -> impl IntoView {
    let enrol = ServerAction::<EnrolTechnology>::new();
    let apply = ServerAction::<ApplyToProgramme>::new();
    let enrol_error = form_error(enrol);
    let apply_error = form_error(apply);
    let enrolments = Resource::new(
        move || (enrol.version().get(), apply.version().get()),
        move |_| technology_enrolments(technology_id),
    );
    let programmes = Resource::new(|| (), |_| list_programmes());
    let can_join = submitted && (is_staff || is_owner);
    view! {
        <section class="panel" aria-labelledby="incubation-title">
            <h2 id="incubation-title">"Incubation"</h2>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(enrolments.await, |list| if list.is_empty() {
                        view! { <p>"Not enrolled in any programme."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="enrolments">
                                {list.into_iter().map(|e| view! {
                                    <li>
                                        <A href=format!("/enrolments/{}", e.id)>{e.programme_name}</A>
                                        " " <StageBadge stage=e.stage/> " since " {e.stage_since}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
            {can_join.then(|| view! {
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = programmes.await.unwrap_or_default();
                        if list.is_empty() {
                            return view! { <p class="hint">{if is_staff { "Create a programme first to enrol technologies." } else { "No programme takes applications at the moment." }}</p> }.into_any();
                        }
                        // A consequential action starts on "Choose …", never on whichever programme
                        // happens to come first.
                        let choices: Vec<(String, String)> = std::iter::once((String::new(), "Choose a programme…".to_owned()))
                            .chain(list.into_iter().map(|p| (p.id.to_string(), p.name)))
                            .collect();
                        if is_staff {
                            view! {
                                <ActionForm action=enrol>
                                    <FormAlert error=enrol_error/>
                                    <input type="hidden" name="technology_id" value=technology_id/>
                                    <SelectField label="Programme" name="programme_id" error=enrol_error options=choices required=true/>
                                    <button type="submit" class="button">"Enrol in programme"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! {
                                <ActionForm action=apply>
                                    <FormAlert error=apply_error/>
                                    <input type="hidden" name="technology_id" value=technology_id/>
                                    <SelectField label="Programme" name="programme_id" error=apply_error options=choices required=true/>
                                    <button type="submit" class="button">"Apply to programme"</button>
                                </ActionForm>
                            }.into_any()
                        }
                    })}
                </Suspense>
            })}
        </section>
    }
}
