//! Links between the pages of a long list ("← Previous · Page 2 of 8 · Next →"), plain links
//! that work with and without JavaScript.

use leptos::prelude::*;
use leptos_router::components::A;

/// `href(n)` gives the address of page `n` (from 1) with the list's filters kept. Nothing is
/// shown for a list that fits on one page.
#[component]
pub fn Pager(
    /// What the pages are of, for screen readers ("Catalogue pages").
    label: &'static str,
    current: u32,
    pages: u32,
    href: impl Fn(u32) -> String,
) -> impl IntoView {
    (pages > 1).then(|| {
        let prev = (current > 1).then(|| href(current.min(pages + 1) - 1));
        let next = (current < pages).then(|| href(current + 1));
        view! {
            <nav class="pager" aria-label=label>
                {prev.map(|h| view! { <A href=h attr:rel="prev">"← Previous"</A> })}
                <span>{format!("Page {current} of {pages}")}</span>
                {next.map(|h| view! { <A href=h attr:rel="next">"Next →"</A> })}
            </nav>
        }
    })
}

/// The foot of a board column: "Show all 40" when the column was cut (the board again with
/// `?all=<stage>`, scrolled to the column), "Show fewer" on a long column shown whole.
#[component]
pub fn ColumnMore(
    /// The board's address without a query.
    base: String,
    stage: &'static str,
    shown: usize,
    hidden: usize,
    /// This column is the one shown whole.
    whole: bool,
) -> impl IntoView {
    if hidden > 0 {
        let href = format!("{base}?all={stage}#column-{stage}");
        view! { <p class="column-more"><A href=href>{format!("Show all {}", shown + hidden)}</A></p> }
            .into_any()
    } else if whole && shown > crate::domain::limits::BOARD_COLUMN_CARDS {
        let href = format!("{base}#column-{stage}");
        view! { <p class="column-more"><A href=href>"Show fewer"</A></p> }.into_any()
    } else {
        ().into_any()
    }
}
