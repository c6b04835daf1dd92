//! The top bar: the product's name and, once signed in, the main menu,
//! the count of one's notices (a link that opens them) and the Personal menu.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use tessera_shared::words;

use crate::api;
use crate::components::notices::OPEN_QUERY;
use crate::components::personal_menu::{PersonalMenu, SignOut};
use crate::pages::LazyPage;
use crate::session::use_session;

#[component]
pub fn Header() -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    let sign_out = Callback::new(move |which: SignOut| {
        let navigate = navigate.clone();
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        spawn_local(async move {
            // Even if the worker cannot be reached, the page forgets the session:
            // the cookie is HttpOnly and expires on its own.
            let _ = match which {
                SignOut::ThisSession => api::sign_out(&session).await,
                SignOut::Everywhere => api::sign_out_everywhere(&session).await,
            };
            state.session.set(None);
            navigate("/sign-in", Default::default());
        });
    });

    // On a narrow screen the main menu folds behind this button (CSS shows
    // the button and hides the closed menu there); a choice closes it.
    let menu_open = RwSignal::new(false);
    let close_menu = move |_| menu_open.set(false);
    view! {
        <header class="top-bar">
            <a class="brand" href="/">"Tessera"</a>
            {move || state.session.get().map(|session| {
                let login = session.login;
                view! {
                    <button type="button" class="nav-toggle" aria-controls="main-nav"
                        aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| menu_open.update(|open| *open = !*open)>"Menu"</button>
                    <nav id="main-nav" class="main-nav" class:open=move || menu_open.get()
                        aria-label="Main" on:click=close_menu>
                        {login.may_use_access_tokens().then(|| view! {
                            <a href="/access-tokens">"Access Tokens"</a>
                            <a href="/token-logs" on:pointerenter=preload(LazyPage::TokenLogs)
                                on:focus=preload(LazyPage::TokenLogs)>"Token Logs"</a>
                        })}
                        {login.system_admin.then(|| view! {
                            <a href="/contacts-logins" on:pointerenter=preload(LazyPage::ContactsLogins)
                                on:focus=preload(LazyPage::ContactsLogins)>"Contacts & Logins"</a>
                            <a href="/organization" on:pointerenter=preload(LazyPage::OrganizationSettings)
                                on:focus=preload(LazyPage::OrganizationSettings)>"Organization"</a>
                        })}
                        {login.is_token_admin().then(|| view! {
                            <a href="/token-inventory" on:pointerenter=preload(LazyPage::TokenInventory)
                                on:focus=preload(LazyPage::TokenInventory)>"Token Inventory"</a>
                            <a href="/approvals" on:pointerenter=preload(LazyPage::Approvals)
                                on:focus=preload(LazyPage::Approvals)>"Approvals"</a>
                        })}
                    </nav>
                }
            })}
            {move || state.session.get().filter(|s| s.unread_notices > 0 && s.login.may_use_access_tokens())
                .map(|session| {
                    let count = words::count(session.unread_notices, "notice");
                    view! {
                        <a class="notices-count" href=format!("/access-tokens?{OPEN_QUERY}") title=count>
                            <span class="notices-word">"Notices "</span>
                            <span class="badge">{session.unread_notices}</span>
                        </a>
                    }
                })}
            {move || state.session.get().map(|session| view! {
                <PersonalMenu login=session.login on_sign_out=sign_out/>
            })}
        </header>
    }
}

/// An event handler that starts fetching `page`'s chunk: the pointer or the
/// focus on its link comes a moment before the click.
fn preload<E>(page: LazyPage) -> impl Fn(E) + Clone + 'static {
    move |_| spawn_local(async move { drop(page.preload().await) })
}
