//! The app's frame: session check, header and routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::components::header::Header;
use crate::pages::access_tokens::AccessTokensPage;
use crate::pages::contacts_logins::ContactsLoginsPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::token_inventory::TokenInventoryPage;
use crate::pages::token_logs::TokenLogsPage;
use crate::session::{SessionState, use_session};

#[component]
pub fn App() -> impl IntoView {
    let state = SessionState::new();
    provide_context(state);
    spawn_local(async move {
        // A failed check leaves the visitor signed out; the sign-in page shows the next error.
        state
            .session
            .set(api::current_session().await.ok().flatten());
        state.checked.set(true);
    });

    view! {
        <Router>
            <Header/>
            <main id="main">
                <Show when=move || state.checked.get() fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=Home/>
                        <Route path=path!("/sign-in") view=SignInPage/>
                        <Route path=path!("/access-tokens") view=|| view! { <SignedIn><AccessTokensPage/></SignedIn> }/>
                        <Route path=path!("/logins/:login_id/access-tokens") view=|| view! { <SignedIn><AccessTokensPage/></SignedIn> }/>
                        <Route path=path!("/contacts-logins") view=|| view! { <SignedIn><ContactsLoginsPage/></SignedIn> }/>
                        <Route path=path!("/token-inventory") view=|| view! { <SignedIn><TokenInventoryPage/></SignedIn> }/>
                        <Route path=path!("/token-logs") view=|| view! { <SignedIn><TokenLogsPage/></SignedIn> }/>
                    </Routes>
                </Show>
            </main>
        </Router>
    }
}

/// The start page: the own Access Tokens page, or sign-in.
#[component]
fn Home() -> impl IntoView {
    let state = use_session();
    move || {
        if state.session.get().is_some() {
            view! { <Redirect path="/access-tokens"/> }
        } else {
            view! { <Redirect path="/sign-in"/> }
        }
    }
}

/// Shows its children to a signed-in visitor and sends anyone else to sign in.
#[component]
fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let state = use_session();
    view! {
        <Show when=move || state.session.get().is_some() fallback=|| view! { <Redirect path="/sign-in"/> }>
            {children()}
        </Show>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p><a href="/">"Go to the start page"</a></p>
        </section>
    }
}
