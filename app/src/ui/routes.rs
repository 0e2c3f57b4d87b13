//! Pages as lazily loaded routes, in six page groups. The browser bundle is cut at each group
//! (`scripts/build-site.sh` splits the wasm with `scripts/wasm-split`): the first visit downloads
//! the framework, the layout and the page group it opens, and another group's code when a
//! person first moves to one of its pages. On the server every group is plain code.
//!
//! Why groups and not one split point per page: pages of a group share most of their code
//! (forms, boards, match lists), and one chunk per page made hundreds of small shared chunks
//! and as many requests. A group is what one kind of visit uses.

use super::pages;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// The visitor's pages and the catalogue: what a first visit, signed in or not, opens.
#[derive(Clone, Copy)]
enum Visitor {
    Home,
    SignUp,
    SignIn,
    Account,
    ForgotPassword,
    ResetPassword,
    VerifyEmail,
    Verified,
    Unsubscribe,
    Opportunities,
    Opportunity,
    NewOpportunity,
    EditOpportunity,
}

#[lazy]
fn visitor_pages(page: Visitor) -> AnyView {
    use pages::*;
    match page {
        Visitor::Home => view! { <home::HomePage/> }.into_any(),
        Visitor::SignUp => view! { <sign_up::SignUpPage/> }.into_any(),
        Visitor::SignIn => view! { <sign_in::SignInPage/> }.into_any(),
        Visitor::Account => view! { <account::AccountPage/> }.into_any(),
        Visitor::ForgotPassword => view! { <password::ForgotPasswordPage/> }.into_any(),
        Visitor::ResetPassword => view! { <password::ResetPasswordPage/> }.into_any(),
        Visitor::VerifyEmail => view! { <verify_email::VerifyEmailPage/> }.into_any(),
        Visitor::Verified => view! { <verify_email::VerifiedPage/> }.into_any(),
        Visitor::Unsubscribe => view! { <alerts::UnsubscribePage/> }.into_any(),
        Visitor::Opportunities => view! { <opportunities::OpportunitiesPage/> }.into_any(),
        Visitor::Opportunity => view! { <opportunities::OpportunityPage/> }.into_any(),
        Visitor::NewOpportunity => view! { <opportunities::NewOpportunityPage/> }.into_any(),
        Visitor::EditOpportunity => view! { <opportunities::EditOpportunityPage/> }.into_any(),
    }
}

/// A founder's company and technology forms, and consortia.
#[derive(Clone, Copy)]
enum Company {
    Profile,
    MyTechnologies,
    NewTechnology,
    EditTechnology,
    Consortia,
    Consortium,
}

#[lazy]
fn company_pages(page: Company) -> AnyView {
    use pages::*;
    match page {
        Company::Profile => view! { <company::CompanyPage/> }.into_any(),
        Company::MyTechnologies => view! { <technologies::MyTechnologiesPage/> }.into_any(),
        Company::NewTechnology => view! { <technologies::NewTechnologyPage/> }.into_any(),
        Company::EditTechnology => view! { <technologies::EditTechnologyPage/> }.into_any(),
        Company::Consortia => view! { <consortia::ConsortiaPage/> }.into_any(),
        Company::Consortium => view! { <consortia::ConsortiumPage/> }.into_any(),
    }
}

/// A technology's page: matches, access, incubation, withdrawal.
#[derive(Clone, Copy)]
enum Technology {
    Page,
}

#[lazy]
fn technology_pages(page: Technology) -> AnyView {
    use pages::*;
    match page {
        Technology::Page => view! { <technology::TechnologyPage/> }.into_any(),
    }
}

/// Programme staff's scouting and the administrators' pages.
#[derive(Clone, Copy)]
enum Staff {
    Officer,
    Search,
    SavedSearches,
    Accounts,
    Import,
    Audit,
}

#[lazy]
fn staff_pages(page: Staff) -> AnyView {
    use pages::*;
    match page {
        Staff::Officer => view! { <officer::OfficerPage/> }.into_any(),
        Staff::Search => view! { <search::SearchPage/> }.into_any(),
        Staff::SavedSearches => view! { <alerts::SavedSearchesPage/> }.into_any(),
        Staff::Accounts => view! { <admin_accounts::AdminAccountsPage/> }.into_any(),
        Staff::Import => view! { <import::ImportPage/> }.into_any(),
        Staff::Audit => view! { <admin_audit::AuditPage/> }.into_any(),
    }
}

/// Incubation: programmes, their boards and enrolments.
#[derive(Clone, Copy)]
enum Incubation {
    Programmes,
    Programme,
    Enrolment,
}

#[lazy]
fn incubation_pages(page: Incubation) -> AnyView {
    use pages::*;
    match page {
        Incubation::Programmes => view! { <programmes::ProgrammesPage/> }.into_any(),
        Incubation::Programme => view! { <programmes::ProgrammePage/> }.into_any(),
        Incubation::Enrolment => view! { <enrolment::EnrolmentPage/> }.into_any(),
    }
}

/// An investor's deal flow, pipelines and organisation.
#[derive(Clone, Copy)]
enum Investor {
    DealFlow,
    Pipelines,
    Pipeline,
    Organisation,
}

#[lazy]
fn investor_pages(page: Investor) -> AnyView {
    use pages::*;
    match page {
        Investor::DealFlow => view! { <technology::DealFlowPage/> }.into_any(),
        Investor::Pipelines => view! { <pipelines::PipelinesPage/> }.into_any(),
        Investor::Pipeline => view! { <pipelines::PipelinePage/> }.into_any(),
        Investor::Organisation => view! { <investor_org::InvestorOrgPage/> }.into_any(),
    }
}

/// One route type per page, for `view=Lazy::<routes::X>::new()`: no data of its own (pages load
/// theirs), the view from the page's group. `preload` loads the group's chunks in the browser:
/// the router awaits it before hydrating or showing the page, so the page is drawn at once and
/// matches the server's HTML (without it the view would still be loading at hydration).
macro_rules! lazy_pages {
    ($($route:ident => $group:ident($page:expr);)*) => {$(
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_: Self) -> AnyView {
                // The server names the group's chunks in the page's response headers.
                #[cfg(feature = "ssr")]
                crate::server::page_chunks::preload(stringify!($group));
                $group($page).await
            }

            async fn preload() {
                // The browser build has one preload function per `#[lazy]` group; the server's
                // groups are plain functions with nothing to load.
                #[cfg(feature = "hydrate")]
                paste_preload!($group).await;
            }
        }
    )*};
}

/// `__preload_<group>`, the function `#[lazy]` generates beside each group in the browser build.
#[cfg(feature = "hydrate")]
macro_rules! paste_preload {
    (visitor_pages) => {
        __preload_visitor_pages()
    };
    (company_pages) => {
        __preload_company_pages()
    };
    (technology_pages) => {
        __preload_technology_pages()
    };
    (staff_pages) => {
        __preload_staff_pages()
    };
    (incubation_pages) => {
        __preload_incubation_pages()
    };
    (investor_pages) => {
        __preload_investor_pages()
    };
}

lazy_pages! {
    Home => visitor_pages(Visitor::Home);
    SignUp => visitor_pages(Visitor::SignUp);
    SignIn => visitor_pages(Visitor::SignIn);
    Account => visitor_pages(Visitor::Account);
    ForgotPassword => visitor_pages(Visitor::ForgotPassword);
    ResetPassword => visitor_pages(Visitor::ResetPassword);
    VerifyEmail => visitor_pages(Visitor::VerifyEmail);
    Verified => visitor_pages(Visitor::Verified);
    Unsubscribe => visitor_pages(Visitor::Unsubscribe);
    Opportunities => visitor_pages(Visitor::Opportunities);
    Opportunity => visitor_pages(Visitor::Opportunity);
    NewOpportunity => visitor_pages(Visitor::NewOpportunity);
    EditOpportunity => visitor_pages(Visitor::EditOpportunity);
    CompanyProfile => company_pages(Company::Profile);
    MyTechnologies => company_pages(Company::MyTechnologies);
    NewTechnology => company_pages(Company::NewTechnology);
    EditTechnology => company_pages(Company::EditTechnology);
    ConsortiaList => company_pages(Company::Consortia);
    ConsortiumView => company_pages(Company::Consortium);
    TechnologyView => technology_pages(Technology::Page);
    DealFlow => investor_pages(Investor::DealFlow);
    Officer => staff_pages(Staff::Officer);
    Search => staff_pages(Staff::Search);
    SavedSearches => staff_pages(Staff::SavedSearches);
    AdminAccounts => staff_pages(Staff::Accounts);
    AdminImport => staff_pages(Staff::Import);
    AdminAudit => staff_pages(Staff::Audit);
    Programmes => incubation_pages(Incubation::Programmes);
    Programme => incubation_pages(Incubation::Programme);
    Enrolment => incubation_pages(Incubation::Enrolment);
    Pipelines => investor_pages(Investor::Pipelines);
    Pipeline => investor_pages(Investor::Pipeline);
    InvestorOrganisation => investor_pages(Investor::Organisation);
}
