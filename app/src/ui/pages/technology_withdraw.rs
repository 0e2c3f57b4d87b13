//! Taking a submitted technology back (to draft or into the archive): the buttons lead to a
//! warning that names who will lose sight of it, and only its confirm button changes anything.
//! Plain links and forms, so it works the same without JavaScript.

use crate::api::technologies::{ChangeTechnologyStatus, WithdrawalImpact};
use crate::error::AppError;
use crate::ui::components::errors::loaded;
use leptos::prelude::*;
use leptos_router::components::A;

/// The two ways out of the deal flow, as `?confirm=` values.
pub const WITHDRAW: &str = "withdraw";
pub const ARCHIVE: &str = "archive";

/// What the page loads while a warning is open; `None` when none is asked for.
pub type ImpactResource = Resource<Result<Option<WithdrawalImpact>, AppError>>;

/// The `?confirm=` value if it names a way out, else `None`.
pub fn asked(raw: Option<String>) -> Option<&'static str> {
    match raw.as_deref() {
        Some(WITHDRAW) => Some(WITHDRAW),
        Some(ARCHIVE) => Some(ARCHIVE),
        _ => None,
    }
}

/// Buttons of a submitted technology: each opens its warning first.
#[component]
pub fn LeaveDealFlowLinks(id: i64) -> impl IntoView {
    view! {
        <A href=format!("/technologies/{id}?confirm={WITHDRAW}") attr:class="button button-secondary">"Withdraw to draft"</A>
        <A href=format!("/technologies/{id}?confirm={ARCHIVE}") attr:class="button button-secondary">"Archive"</A>
    }
}

#[component]
pub fn LeaveDealFlowWarning(
    id: i64,
    change: &'static str,
    title: String,
    impact: ImpactResource,
    status: ServerAction<ChangeTechnologyStatus>,
) -> impl IntoView {
    let (heading, button) = if change == ARCHIVE {
        (format!("Archive \u{201c}{title}\u{201d}?"), "Archive it")
    } else {
        (
            format!("Withdraw \u{201c}{title}\u{201d} to draft?"),
            "Withdraw to draft",
        )
    };
    view! {
        <section class="panel alert-warning" role="alert" aria-labelledby="withdraw-title" data-testid="withdraw-warning">
            <h2 id="withdraw-title">{heading}</h2>
            <Suspense fallback=|| view! { <p>"Checking who follows it…"</p> }>
                {move || Suspend::new(async move {
                    loaded(impact.await, |found| match found {
                        Some(i) => view! { <ImpactList impact=i/> }.into_any(),
                        None => ().into_any(),
                    })
                })}
            </Suspense>
            <p>"You can submit it again at any time; officers and investors then see it as before."</p>
            <div class="actions">
                <ActionForm action=status>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="change" value=change/>
                    <input type="hidden" name="confirmed" value="true"/>
                    <button type="submit" class="button button-danger">{button}</button>
                </ActionForm>
                <A href=format!("/technologies/{id}") attr:class="button button-secondary">"Keep it submitted"</A>
            </div>
        </section>
    }
}

#[component]
fn ImpactList(impact: WithdrawalImpact) -> impl IntoView {
    let granted = (!impact.granted_investors.is_empty()).then(|| {
        format!(
            "Investors you granted the confidential details: {}. Their access pauses until you submit it again.",
            impact.granted_investors.join(", ")
        )
    });
    view! {
        <p>"Who will lose sight of it:"</p>
        <ul data-testid="withdraw-impact">
            {impact.programmes.into_iter().map(|p| view! {
                <li>{format!(
                    "The officers of {} (enrolled, at the {} stage). They are told by e-mail; the enrolment stays, but its technology page closes to them.",
                    p.programme,
                    p.stage.label().to_lowercase()
                )}</li>
            }).collect_view()}
            {granted.map(|g| view! { <li>{g}</li> })}
            <li>"Every investor browsing the deal flow. Investors who keep it in a pipeline see the card marked \u{201c}withdrawn by the company\u{201d}."</li>
            <li>"Officers searching the platform: it leaves the search results."</li>
        </ul>
    }
}
