//! A founder's technologies: the list, registering a new one, and editing.

use crate::api::technologies::{
    my_technologies, technology_for_edit, CreateTechnology, TechnologyRow, UpdateTechnology,
};
use crate::ui::components::badges::{StatusBadge, TrlBadge};
use crate::ui::components::checklist::FirstRunChecklist;
use crate::ui::components::errors::loaded;
use crate::ui::components::form::{form_error, FormAlert};
use crate::ui::pages::technology_form::TechnologyFields;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn MyTechnologiesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_technologies());
    view! {
        <Title text="Your technologies"/>
        <FirstRunChecklist/>
        <section class="panel" aria-labelledby="techs-title">
            <div class="panel-head">
                <h1 id="techs-title">"Your technologies"</h1>
                <A href="/technologies/new" attr:class="button">"Register a technology"</A>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |rows| {
                        if rows.is_empty() {
                            view! { <p>"No technologies yet. Register your first one: it stays a private draft until you submit it."</p> }.into_any()
                        } else {
                            view! { <TechnologyTable rows/> }.into_any()
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

/// A table of technologies (public fields only).
#[component]
pub fn TechnologyTable(
    rows: Vec<TechnologyRow>,
    #[prop(optional)] show_company: bool,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Technology"</th>
                        {show_company.then(|| view! { <th scope="col">"Company"</th> })}
                        <th scope="col">"TRL"</th>
                        <th scope="col">"Areas"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Updated"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let areas = r.areas.iter().map(|a| a.label()).collect::<Vec<_>>().join(", ");
                            view! {
                                <tr>
                                    <td><A href=format!("/technologies/{}", r.id)>{r.title}</A></td>
                                    {show_company.then(|| view! { <td>{r.company_name.clone()} " (" {r.country.clone()} ")"</td> })}
                                    <td><TrlBadge trl=r.trl verified=r.trl_verified/></td>
                                    <td>{areas}</td>
                                    <td><StatusBadge status=r.status/></td>
                                    <td>{r.updated_at}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn NewTechnologyPage() -> impl IntoView {
    let action = ServerAction::<CreateTechnology>::new();
    let error = form_error(action);
    view! {
        <Title text="Register a technology"/>
        <section class="panel" aria-labelledby="new-tech-title">
            <h1 id="new-tech-title">"Register a technology"</h1>
            <p>"It is saved as a private draft. Submit it from its page when you want officers and investors to see it."</p>
            <ActionForm action=action>
                <FormAlert error/>
                <TechnologyFields form=Default::default() error/>
                <button type="submit" class="button">"Save technology"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EditTechnologyPage() -> impl IntoView {
    let id = crate::ui::components::params::use_id_param();
    let action = ServerAction::<UpdateTechnology>::new();
    let error = form_error(action);
    let data = Resource::new(id, technology_for_edit);
    view! {
        <Title text="Edit technology"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(data.await, |form| view! {
                    <section class="panel" aria-labelledby="edit-tech-title">
                        <h1 id="edit-tech-title">"Edit: " {form.title.clone()}</h1>
                        <ActionForm action=action>
                            <FormAlert error/>
                            <input type="hidden" name="id" value=id()/>
                            <TechnologyFields form error/>
                            <button type="submit" class="button">"Save changes"</button>
                            " "
                            <A href=format!("/technologies/{}", id())>"Cancel"</A>
                        </ActionForm>
                    </section>
                })
            })}
        </Suspense>
    }
}
