//! The public start page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>"From lab to field"</h1>
            <p class="lead">
                "Lab2Field matches European dual-use start-ups with European Defence Fund calls, NATO DIANA "
                "challenges and investors — and explains every match."
            </p>
            <p class="actions">
                <A href="/signup" attr:class="button">"Register your start-up"</A>
                <A href="/signin" attr:class="button button-secondary">"Sign in"</A>
            </p>
        </section>
        <section class="cards" aria-label="Who Lab2Field is for">
            <article class="card">
                <h2>"Start-ups and SMEs"</h2>
                <p>"Register dual-use technologies with their TRL, see which EDF topics, DIANA challenges and investors fit, and why."</p>
            </article>
            <article class="card">
                <h2>"Programme officers"</h2>
                <p>"Scout technologies by text and facets, score applications and follow enrolments through incubation."</p>
            </article>
            <article class="card">
                <h2>"Investors"</h2>
                <p>"Browse the deal flow that fits your thesis and keep a private pipeline."</p>
            </article>
        </section>
    }
}
