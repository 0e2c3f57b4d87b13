//! Small labels used across pages: TRL, status, areas, money.

use crate::domain::critical_area::CriticalArea;
use crate::domain::technology::TechStatus;
use crate::domain::trl::Trl;
use leptos::prelude::*;

#[component]
pub fn TrlBadge(trl: Trl, verified: bool) -> impl IntoView {
    let title = format!("{} — {}", trl, trl.description());
    view! {
        <span class="badge badge-trl" title=title>
            {trl.to_string()}
            <span class="badge-note">{if verified { " · verified" } else { " · self-declared" }}</span>
        </span>
    }
}

#[component]
pub fn StatusBadge(status: TechStatus) -> impl IntoView {
    view! { <span class=format!("badge badge-status status-{}", status.slug())>{status.label()}</span> }
}

#[component]
pub fn AreaList(areas: Vec<CriticalArea>) -> impl IntoView {
    view! {
        <ul class="tags" aria-label="Critical technology areas">
            {areas.into_iter().map(|a| view! { <li>{a.label()}</li> }).collect_view()}
        </ul>
    }
}

/// "€3.5m", "€250k", "€1,200".
pub fn euros(amount: u64) -> String {
    if amount >= 1_000_000 {
        let m = amount as f64 / 1_000_000.0;
        if (m - m.round()).abs() < 0.05 {
            format!("€{}m", m.round() as u64)
        } else {
            format!("€{m:.1}m")
        }
    } else if amount >= 10_000 {
        format!("€{}k", amount / 1_000)
    } else {
        format!("€{amount}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn euros_are_short() {
        assert_eq!(super::euros(3_500_000), "€3.5m");
        assert_eq!(super::euros(1_000_000_000), "€1000m");
        assert_eq!(super::euros(250_000), "€250k");
        assert_eq!(super::euros(900), "€900");
    }
}
