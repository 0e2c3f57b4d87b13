//! Badges of incubation: the stage, the adoption clock and the "demonstrated" mark.

use crate::domain::incubation::Stage;
use crate::domain::incubation::{AdoptionClock, ClockLevel, CLOCK_RED_MONTHS};
use leptos::prelude::*;

#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    view! { <span class=format!("badge stage stage-{}", stage.slug()) data-testid="stage">{stage.label()}</span> }
}

/// Months since selection, amber from 18 and red from 24 (NATO's adoption target).
#[component]
pub fn ClockBadge(clock: AdoptionClock) -> impl IntoView {
    let note = match clock.level {
        ClockLevel::Green => "",
        ClockLevel::Amber => " · adoption due soon",
        ClockLevel::Red => " · past the 24-month target",
    };
    let title = format!(
        "Adoption clock: {} months since selection (target: adoption within {CLOCK_RED_MONTHS} months){}",
        clock.months,
        if clock.running { "" } else { "; stopped" }
    );
    view! {
        <span class=format!("badge clock clock-{}", clock.level.slug()) title=title data-testid="clock">
            {format!("{} mo", clock.months)}{note}{(!clock.running).then_some(" · stopped")}
        </span>
    }
}

#[component]
pub fn DemonstratedBadge() -> impl IntoView {
    view! { <span class="badge demonstrated" title="A demonstration milestone was verified by a programme officer">"Demonstrated"</span> }
}
