//! The frame around every page: header with navigation for the signed-in role, the
//! verification banner, and the footer.

use crate::api::auth::{who_am_i, AccountInfo, SignOut};
use crate::domain::account::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The signed-in account (or `None`), reloaded on every navigation and after signing out.
#[derive(Clone, Copy)]
pub struct CurrentAccount(pub Resource<Result<Option<AccountInfo>, crate::error::AppError>>);

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    let sign_out = ServerAction::<SignOut>::new();
    let account = Resource::new(
        move || (location.pathname.get(), sign_out.version().get()),
        |_| who_am_i(),
    );
    provide_context(CurrentAccount(account));

    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <header class="site-header">
            <div class="header-inner">
                <A href="/" attr:class="brand">"Lab2Field"</A>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = account.await.ok().flatten();
                        view! { <Navigation user=user sign_out=sign_out/> }
                    })}
                </Transition>
            </div>
        </header>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                account.await.ok().flatten().filter(|u| !u.verified).map(|u| view! {
                    <div class="banner" role="status">
                        <p>
                            "Please confirm your e-mail address: we sent a link to " <strong>{u.email}</strong>
                            ". Until then you cannot submit anything to programme officers or investors. "
                            <A href="/account">"Send a new link"</A>
                        </p>
                    </div>
                })
            })}
        </Transition>
        <main id="content" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>"Lab2Field — open-source defence-innovation matchmaking for European start-ups, programme officers and investors."</p>
        </footer>
    }
}

#[component]
fn Navigation(user: Option<AccountInfo>, sign_out: ServerAction<SignOut>) -> impl IntoView {
    let links: Vec<(&'static str, &'static str)> = match user.as_ref().map(|u| u.role) {
        None => vec![("/opportunities", "Opportunities")],
        Some(Role::Founder) => vec![
            ("/company", "Company"),
            ("/technologies", "Technologies"),
            ("/consortia", "Consortia"),
            ("/programmes", "Programmes"),
            ("/opportunities", "Opportunities"),
            ("/account", "Account"),
        ],
        Some(Role::Investor) => vec![
            ("/deals", "Deal flow"),
            ("/search", "Search"),
            ("/saved-searches", "Saved searches"),
            ("/pipelines", "Pipelines"),
            ("/investor/organisation", "Organisation"),
            ("/opportunities", "Opportunities"),
            ("/account", "Account"),
        ],
        Some(Role::Officer) => vec![
            ("/officer", "Overview"),
            ("/search", "Search"),
            ("/saved-searches", "Saved searches"),
            ("/programmes", "Programmes"),
            ("/consortia", "Consortia"),
            ("/opportunities", "Opportunities"),
            ("/account", "Account"),
        ],
        Some(Role::Admin) => vec![
            ("/officer", "Overview"),
            ("/search", "Search"),
            ("/saved-searches", "Saved searches"),
            ("/programmes", "Programmes"),
            ("/opportunities", "Opportunities"),
            ("/consortia", "Consortia"),
            ("/admin/import", "Import"),
            ("/admin/accounts", "Accounts"),
            ("/admin/audit", "Audit log"),
            ("/account", "Account"),
        ],
    };
    view! {
        <nav aria-label="Main">
            <ul class="nav-list">
                {links
                    .into_iter()
                    .map(|(href, text)| view! { <li><A href=href>{text}</A></li> })
                    .collect_view()}
                {match user {
                    Some(user) => view! {
                        <li class="nav-user">
                            <span class="nav-name">{user.display_name}</span>
                            <span class="role-badge">{user.role.label()}</span>
                        </li>
                        <li>
                            <ActionForm action=sign_out>
                                <button type="submit" class="link-button">"Sign out"</button>
                            </ActionForm>
                        </li>
                    }
                    .into_any(),
                    None => view! {
                        <li><A href="/signin">"Sign in"</A></li>
                        <li><A href="/signup" attr:class="button button-small">"Sign up"</A></li>
                    }
                    .into_any(),
                }}
            </ul>
        </nav>
    }
}
