//! The audit log for admins: every access decision, stage move and milestone decision, with
//! filters in the URL (a GET form, so it works without JavaScript and can be shared).

use crate::api::admin::audit_log;
use crate::ui::components::errors::{loaded, urlencode};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

const ACTIONS: &[(&str, &str)] = &[
    ("", "Any action"),
    ("access", "Access requests and decisions"),
    ("enrolment", "Enrolments, moves and scores"),
    ("milestone", "Milestones"),
    ("tranche", "Tranche releases"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("action").unwrap_or_default(),
            q.get("actor").unwrap_or_default(),
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(0),
        )
    });
    let data = Resource::new(
        move || filters.get(),
        |(action, actor, page)| audit_log(action, actor, String::new(), page),
    );
    view! {
        <Title text="Audit log"/>
        <section class="panel" aria-labelledby="audit-title">
            <h1 id="audit-title">"Audit log"</h1>
            {move || {
                let (action, actor, _) = filters.get();
                view! {
                    <form method="get" action="/admin/audit" class="filters" role="search" aria-label="Filter the audit log">
                        <div class="field">
                            <label for="audit-action">"Action"</label>
                            <select id="audit-action" name="action">
                                {ACTIONS.iter().map(|(value, label)| view! { <option value=*value selected=action == *value>{*label}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="audit-actor">"Who (name or e-mail)"</label>
                            <input id="audit-actor" name="actor" type="search" value=actor/>
                        </div>
                        <button type="submit" class="button">"Filter"</button>
                    </form>
                }
            }}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let (action, actor, _) = filters.get_untracked();
                    loaded(data.await, move |log| {
                        let link = move |page: u64| format!("/admin/audit?action={}&actor={}&page={page}", urlencode(&action), urlencode(&actor));
                        view! {
                            <p role="status" data-testid="audit-count">{crate::ui::components::words::count(log.total, "entry", "entries")}</p>
                            <div class="table-wrap">
                                <table>
                                    <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Action"</th><th scope="col">"Subject"</th><th scope="col">"What"</th></tr></thead>
                                    <tbody>
                                        {log.entries.into_iter().map(|e| view! {
                                            <tr data-testid="audit-entry"><td>{e.at}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.subject}</td><td>{e.summary}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label="Audit log pages">
                                {(log.page > 0).then(|| view! { <A href=link(log.page - 1)>"← Newer"</A> })}
                                <span>{format!("Page {} of {}", log.page + 1, log.pages)}</span>
                                {(log.page + 1 < log.pages).then(|| view! { <A href=link(log.page + 1)>"Older →"</A> })}
                            </nav>
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}
