//! Pages, components and the layout. The router here is the single list of pages; each page
//! is a lazy route of its page group (`routes`).

pub mod components;
pub mod layout;
pub mod pages;
pub mod routes;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::http::record_page_nonce();
    // The stylesheet carries the bundle's name: content-hashed in a release build, so browsers
    // keep it until the next build (the server's `assets::bundle_name`).
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=stylesheet/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Every page renders completely before it is sent, so a page can still answer with a
    // redirect (to sign in) or a 403/404 status after loading its data.
    let ssr = SsrMode::Async;
    view! {
        <Title formatter=|text: String| if text.is_empty() { "Lab2Field".to_owned() } else { format!("{text} · Lab2Field") }/>
        <Router>
            <layout::Layout>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("") view={Lazy::<routes::Home>::new()} ssr=ssr.clone()/>
                    <Route path=path!("signup") view={Lazy::<routes::SignUp>::new()} ssr=ssr.clone()/>
                    <Route path=path!("signin") view={Lazy::<routes::SignIn>::new()} ssr=ssr.clone()/>
                    <Route path=path!("account") view={Lazy::<routes::Account>::new()} ssr=ssr.clone()/>
                    <Route path=path!("forgot-password") view={Lazy::<routes::ForgotPassword>::new()} ssr=ssr.clone()/>
                    <Route path=path!("reset-password") view={Lazy::<routes::ResetPassword>::new()} ssr=ssr.clone()/>
                    <Route path=path!("verify-email") view={Lazy::<routes::VerifyEmail>::new()} ssr=ssr.clone()/>
                    <Route path=path!("verify-email/done") view={Lazy::<routes::Verified>::new()} ssr=ssr.clone()/>
                    <Route path=path!("officer") view={Lazy::<routes::Officer>::new()} ssr=ssr.clone()/>
                    <Route path=path!("admin/accounts") view={Lazy::<routes::AdminAccounts>::new()} ssr=ssr.clone()/>
                    <Route path=path!("admin/import") view={Lazy::<routes::AdminImport>::new()} ssr=ssr.clone()/>
                    <Route path=path!("company") view={Lazy::<routes::CompanyProfile>::new()} ssr=ssr.clone()/>
                    <Route path=path!("technologies") view={Lazy::<routes::MyTechnologies>::new()} ssr=ssr.clone()/>
                    <Route path=path!("technologies/new") view={Lazy::<routes::NewTechnology>::new()} ssr=ssr.clone()/>
                    <Route path=path!("technologies/:id") view={Lazy::<routes::TechnologyView>::new()} ssr=ssr.clone()/>
                    <Route path=path!("technologies/:id/edit") view={Lazy::<routes::EditTechnology>::new()} ssr=ssr.clone()/>
                    <Route path=path!("deals") view={Lazy::<routes::DealFlow>::new()} ssr=ssr.clone()/>
                    <Route path=path!("search") view={Lazy::<routes::Search>::new()} ssr=ssr.clone()/>
                    <Route path=path!("opportunities") view={Lazy::<routes::Opportunities>::new()} ssr=ssr.clone()/>
                    <Route path=path!("opportunities/new") view={Lazy::<routes::NewOpportunity>::new()} ssr=ssr.clone()/>
                    <Route path=path!("opportunities/:id") view={Lazy::<routes::Opportunity>::new()} ssr=ssr.clone()/>
                    <Route path=path!("opportunities/:id/edit") view={Lazy::<routes::EditOpportunity>::new()} ssr=ssr.clone()/>
                    <Route path=path!("programmes") view={Lazy::<routes::Programmes>::new()} ssr=ssr.clone()/>
                    <Route path=path!("programmes/:id") view={Lazy::<routes::Programme>::new()} ssr=ssr.clone()/>
                    <Route path=path!("enrolments/:id") view={Lazy::<routes::Enrolment>::new()} ssr=ssr.clone()/>
                    <Route path=path!("consortia") view={Lazy::<routes::ConsortiaList>::new()} ssr=ssr.clone()/>
                    <Route path=path!("consortia/:id") view={Lazy::<routes::ConsortiumView>::new()} ssr=ssr.clone()/>
                    <Route path=path!("pipelines") view={Lazy::<routes::Pipelines>::new()} ssr=ssr.clone()/>
                    <Route path=path!("pipelines/:id") view={Lazy::<routes::Pipeline>::new()} ssr=ssr.clone()/>
                    <Route path=path!("saved-searches") view={Lazy::<routes::SavedSearches>::new()} ssr=ssr.clone()/>
                    <Route path=path!("unsubscribe") view={Lazy::<routes::Unsubscribe>::new()} ssr=ssr.clone()/>
                    <Route path=path!("admin/audit") view={Lazy::<routes::AdminAudit>::new()} ssr=ssr.clone()/>
                    <Route path=path!("investor/organisation") view={Lazy::<routes::InvestorOrganisation>::new()} ssr=ssr.clone()/>
                </Routes>
            </layout::Layout>
        </Router>
    }
}
