//! Pages, components and the layout. The router here is the single list of pages.

pub mod components;
pub mod layout;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::http::page_security_headers();
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
                    <Route path=path!("") view=pages::home::HomePage ssr=ssr.clone()/>
                    <Route path=path!("signup") view=pages::sign_up::SignUpPage ssr=ssr.clone()/>
                    <Route path=path!("signin") view=pages::sign_in::SignInPage ssr=ssr.clone()/>
                    <Route path=path!("account") view=pages::account::AccountPage ssr=ssr.clone()/>
                    <Route path=path!("forgot-password") view=pages::password::ForgotPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("reset-password") view=pages::password::ResetPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("verify-email") view=pages::verify_email::VerifyEmailPage ssr=ssr.clone()/>
                    <Route path=path!("verify-email/done") view=pages::verify_email::VerifiedPage ssr=ssr.clone()/>
                    <Route path=path!("officer") view=pages::officer::OfficerPage ssr=ssr.clone()/>
                    <Route path=path!("admin/accounts") view=pages::admin_accounts::AdminAccountsPage ssr=ssr.clone()/>
                    <Route path=path!("admin/import") view=pages::import::ImportPage ssr=ssr.clone()/>
                    <Route path=path!("company") view=pages::company::CompanyPage ssr=ssr.clone()/>
                    <Route path=path!("technologies") view=pages::technologies::MyTechnologiesPage ssr=ssr.clone()/>
                    <Route path=path!("technologies/new") view=pages::technologies::NewTechnologyPage ssr=ssr.clone()/>
                    <Route path=path!("technologies/:id") view=pages::technology::TechnologyPage ssr=ssr.clone()/>
                    <Route path=path!("technologies/:id/edit") view=pages::technologies::EditTechnologyPage ssr=ssr.clone()/>
                    <Route path=path!("deals") view=pages::technology::DealFlowPage ssr=ssr.clone()/>
                    <Route path=path!("search") view=pages::search::SearchPage ssr=ssr.clone()/>
                    <Route path=path!("opportunities") view=pages::opportunities::OpportunitiesPage ssr=ssr.clone()/>
                    <Route path=path!("opportunities/new") view=pages::opportunities::NewOpportunityPage ssr=ssr.clone()/>
                    <Route path=path!("opportunities/:id") view=pages::opportunities::OpportunityPage ssr=ssr.clone()/>
                    <Route path=path!("opportunities/:id/edit") view=pages::opportunities::EditOpportunityPage ssr=ssr.clone()/>
                    <Route path=path!("programmes") view=pages::programmes::ProgrammesPage ssr=ssr.clone()/>
                    <Route path=path!("programmes/:id") view=pages::programmes::ProgrammePage ssr=ssr.clone()/>
                    <Route path=path!("enrolments/:id") view=pages::enrolment::EnrolmentPage ssr=ssr.clone()/>
                    <Route path=path!("pipelines") view=pages::pipelines::PipelinesPage ssr=ssr.clone()/>
                    <Route path=path!("pipelines/:id") view=pages::pipelines::PipelinePage ssr=ssr.clone()/>
                    <Route path=path!("saved-searches") view=pages::alerts::SavedSearchesPage ssr=ssr.clone()/>
                    <Route path=path!("unsubscribe") view=pages::alerts::UnsubscribePage ssr=ssr.clone()/>
                    <Route path=path!("admin/audit") view=pages::admin_audit::AuditPage ssr=ssr.clone()/>
                    <Route path=path!("investor/organisation") view=pages::investor_org::InvestorOrgPage ssr=ssr.clone()/>
                </Routes>
            </layout::Layout>
        </Router>
    }
}
