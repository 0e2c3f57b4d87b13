//! Admin: upload the opportunity catalogue file. The form posts to a plain multipart route, so
//! it works the same with and without JavaScript.

use crate::api::admin::take_import_outcome;
use crate::domain::opportunity::{ImportFormat, UploadOutcome};
use crate::ui::components::errors::loaded;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ImportPage() -> impl IntoView {
    let outcome = Resource::new(|| (), |_| take_import_outcome());
    view! {
        <Title text="Import the catalogue"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(outcome.await, |outcome| view! {
                    <section class="panel narrow" aria-labelledby="import-title">
                        <h1 id="import-title">"Import the opportunity catalogue"</h1>
                        <p>
                            "A JSON file in the catalogue format (see server/catalogue/README.md), or EDF topics saved "
                            "from the EU Funding & Tenders Portal's search (its search API's JSON result). The whole file "
                            "is checked first: if any entry is invalid, nothing is imported. Entries are matched by id; "
                            "re-importing the same file changes nothing. Portal topics already in the catalogue keep "
                            "their curated tags, TRL window and category; title, description, status, dates and budget "
                            "come from the portal."
                        </p>
                        {outcome.map(|o| match o {
                            UploadOutcome::Imported(s) => view! {
                                <div class="alert alert-success" role="status">
                                    "Imported: " {s.created} " created, " {s.updated} " updated, " {s.unchanged} " unchanged."
                                </div>
                            }.into_any(),
                            UploadOutcome::Rejected { message, issues } => view! {
                                <div class="alert alert-error" role="alert">
                                    <p>{message}</p>
                                    <ul>
                                        {issues.into_iter().take(200).map(|i| view! { <li>{i.to_string()}</li> }).collect_view()}
                                    </ul>
                                </div>
                            }.into_any(),
                        })}
                        <form method="post" action="/admin/import/upload" enctype="multipart/form-data">
                            <div class="field">
                                <label for="field-format">"Format"</label>
                                <select id="field-format" name="format">
                                    {ImportFormat::ALL.iter().map(|f| view! {
                                        <option value=f.slug()>{f.label()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="field-file">"File (.json)"</label>
                                <input type="file" id="field-file" name="file" accept="application/json,.json"/>
                            </div>
                            <button type="submit" class="button">"Import"</button>
                        </form>
                    </section>
                })
            })}
        </Suspense>
    }
}
