//! The signed-in login's notices about its tokens (expiry and stale-token
//! warnings, revocations by policy, use from a new address), each with a
//! Dismiss button.
//!
//! The page holds the notices' box from its first paint, one line high
//! (style.css), when the session counts any. Into it come, from a wasm chunk
//! of their own (`#[wasm_split]`) fetched once the page's grid has loaded:
//! the count, the newest notice's words and Show notices. The list opens
//! below that line only when the person asks, so nothing that arrives later
//! pushes the grid (no layout shift), and the grid stays on the first
//! screen however many notices there are.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::notices::Notice;
use tessera_shared::words;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::api;
use crate::components::times_in;
use crate::session::use_session;

/// The notices' box, from the first paint when the session counts some;
/// its bar and list, from their chunk, once `ready` (the grid has loaded).
#[component]
pub fn NoticesBar(#[prop(into)] ready: Signal<bool>) -> impl IntoView {
    let state = use_session();
    let any = move || {
        state
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.unread_notices > 0))
    };
    view! {
        <Show when=any>
            <section class="notices" aria-labelledby="notices-title">
                <Show when=move || ready.get()>
                    {Suspend::new(async { notices().await.unwrap_or_else(|_| ().into_any()) })}
                </Show>
            </section>
        </Show>
    }
}

/// The bar and the list, once their chunk is fetched; nothing if it cannot be.
#[wasm_split(notices, fallible)]
fn notices() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Notices/> }.into_any())
}

#[component]
fn Notices() -> impl IntoView {
    let state = use_session();
    let open = RwSignal::new(false);
    let notices = RwSignal::new(Vec::<Notice>::new());
    let failed = RwSignal::new(None::<String>);
    let count = move || {
        state
            .session
            .with(|s| s.as_ref().map_or(0, |s| s.unread_notices))
    };
    let newest = move || notices.with(|list| list.first().map(|notice| times_in(&notice.message)));
    // The session's count follows the list as notices go: at none, the box goes.
    let show = move |list: Vec<Notice>| {
        let unread = list.len() as i64;
        state.session.update(|s| {
            if let Some(s) = s {
                s.unread_notices = unread;
            }
        });
        notices.set(list);
    };
    spawn_local(async move {
        if let Ok(list) = api::notices().await {
            show(list.notices);
        }
    });
    let dismiss = move |id: i64| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::dismiss_notice(&session, id).await {
                Ok(()) => {
                    let mut list = notices.get_untracked();
                    list.retain(|notice| notice.id != id);
                    show(list);
                }
                Err(error) => failed.set(Some(error.message())),
            }
        });
    };
    view! {
        <div class="notices-bar">
            <h2 id="notices-title">{move || words::count(count(), "notice")}</h2>
            <p class="notices-newest" title=newest>{newest}</p>
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                aria-controls="notices-list" on:click=move |_| open.update(|open| *open = !*open)>
                {move || if open.get() { "Hide notices" } else { "Show notices" }}
            </button>
        </div>
        <div id="notices-list" hidden=move || !open.get()>
            <ul>
                {move || notices.get().into_iter().map(|notice| {
                    let id = notice.id;
                    view! {
                        <li>
                            <span>{times_in(&notice.message)}</span>
                            <button class="secondary" aria-label=format!("Dismiss: {}", times_in(&notice.message))
                                on:click=move |_| dismiss(id)>"Dismiss"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="form-error" role="alert">{move || failed.get()}</p>
        </div>
    }
}
