//! The app's frame: session check, header and routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Router};
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::params::ParamsMap;
use leptos_router::{PartialPathMatch, PossibleRouteMatch, path};

use crate::api;
use crate::components::header::Header;
use crate::pages::LazyPage;
use crate::pages::access_tokens::AccessTokensPage;
use crate::pages::sign_in::SignInPage;
use crate::session::{SessionState, use_session};

#[component]
pub fn App() -> impl IntoView {
    let state = SessionState::new();
    provide_context(state);
    preload_first_page();
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
                    <Pages/>
                </Show>
            </main>
        </Router>
    }
}

/// The pages a path can show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Page {
    Home,
    SignIn,
    AccessTokens,
    LoginAccessTokens,
    /// A page in its own chunk.
    Lazy(LazyPage),
    NotFound,
}

/// Starts fetching the chunk of the page the visitor arrived on, if it has
/// one, while the session is checked rather than after.
fn preload_first_page() {
    let path = window().location().pathname().unwrap_or_default();
    if let Page::Lazy(first) = match_path(&path).0 {
        // A failure shows when the page is built.
        spawn_local(async move { drop(first.preload().await) });
    }
}

/// The page for `path`, and the params it carries: the first route, in this
/// order, whose `path!` matches the whole path, as `<FlatRoutes>` chooses.
fn match_path(path: &str) -> (Page, ParamsMap) {
    let routes: [(Page, &dyn PossibleRouteMatch); 9] = [
        (Page::Home, &path!("/")),
        (Page::SignIn, &path!("/sign-in")),
        (Page::AccessTokens, &path!("/access-tokens")),
        (
            Page::LoginAccessTokens,
            &path!("/logins/:login_id/access-tokens"),
        ),
        (
            Page::Lazy(LazyPage::ContactsLogins),
            &path!("/contacts-logins"),
        ),
        (
            Page::Lazy(LazyPage::OrganizationSettings),
            &path!("/organization"),
        ),
        (
            Page::Lazy(LazyPage::TokenInventory),
            &path!("/token-inventory"),
        ),
        (Page::Lazy(LazyPage::TokenLogs), &path!("/token-logs")),
        (Page::Lazy(LazyPage::Approvals), &path!("/approvals")),
    ];
    routes
        .into_iter()
        .find_map(|(page, route)| {
            let found = route.test(path).filter(PartialPathMatch::is_complete)?;
            Some((page, found.params().into_iter().collect()))
        })
        .unwrap_or((Page::NotFound, ParamsMap::new()))
}

/// The routes: what `<FlatRoutes>` does for these paths, written out,
/// without its generic view machinery in the wasm; a `match` needs none. As there, a page is built again only when the route changes:
/// on `/logins/1/…` to `/logins/2/…` the page stays and its params change;
/// and a link's new URL enters the address bar once the page is shown.
#[component]
fn Pages() -> impl IntoView {
    let pathname = use_location().pathname;
    let browser_url = use_context::<BrowserUrl>();
    let matched = Memo::new(move |_| match_path(&pathname.get()));
    let page = Memo::new(move |_| matched.with(|(page, _)| *page));
    Effect::new(move |_| {
        pathname.track();
        if let Some(browser_url) = &browser_url {
            browser_url.ready_to_complete();
        }
    });

    move || {
        let page = page.get();
        // This page's params (`use_params_map`), updated while it is shown.
        provide_context(ArcMemo::new(move |shown: Option<&ParamsMap>| {
            matched.with(|(now, params)| match shown {
                Some(shown) if *now != page => shown.clone(),
                _ => params.clone(),
            })
        }));
        match page {
            Page::Home => view! { <Home/> }.into_any(),
            Page::SignIn => view! { <SignInPage/> }.into_any(),
            Page::AccessTokens | Page::LoginAccessTokens => {
                view! { <SignedIn><AccessTokensPage/></SignedIn> }.into_any()
            }
            Page::Lazy(lazy) => {
                view! { <SignedIn>{move || view! { <Lazily page=lazy/> }}</SignedIn> }.into_any()
            }
            Page::NotFound => view! { <NotFound/> }.into_any(),
        }
    }
}

/// A page from its own chunk: nothing while the chunk loads, then the page,
/// or a way out when the chunk cannot be fetched.
#[component]
fn Lazily(page: LazyPage) -> impl IntoView {
    Suspend::new(async move {
        page.load()
            .await
            .unwrap_or_else(|_| view! { <PageNotLoaded/> }.into_any())
    })
}

#[component]
fn PageNotLoaded() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"This page could not be loaded"</h1>
            <p>"Check your connection, or a newer version of Tessera may have been published."</p>
            <p><button type="button" on:click=|_| { let _ = window().location().reload(); }>"Reload"</button></p>
        </section>
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
