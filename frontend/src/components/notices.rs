//! The signed-in login's notices about its tokens (expiry and stale-token
//! warnings, revocations by policy, use from a new address), each with a
//! Dismiss button.
//!
//! The page holds a one-line bar from its first paint, sized before anything
//! loads: how many notices the session counted, the newest one's words once
//! read, and Show notices. The list opens below the bar only when the person
//! asks, so nothing that arrives later pushes the grid (no layout shift) and
//! the grid stays on the first screen however many notices there are. The
//! list is a wasm chunk of its own (`#[wasm_split]`), fetched once the
//! page's grid has loaded: the grid shows without it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::notices::Notice;
use tessera_shared::words;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::api;
use crate::session::use_session;

/// The bar and, once `ready` (the grid has loaded), the list from its chunk.
#[component]
pub fn NoticesBar(#[prop(into)] ready: Signal<bool>) -> impl IntoView {
    let state = use_session();
    let open = RwSignal::new(false);
    let newest = RwSignal::new(None::<String>);
    let count = move || {
        state
            .session
            .with(|s| s.as_ref().map_or(0, |s| s.unread_notices))
    };
    view! {
        <Show when=move || { count() > 0 }>
            <section class="notices" aria-labelledby="notices-title">
                <div class="notices-bar">
                    <h2 id="notices-title">{move || words::count(count(), "notice")}</h2>
                    <p class="notices-newest" title=move || newest.get()>{move || newest.get()}</p>
                    <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                        aria-controls="notices-list" on:click=move |_| open.update(|open| *open = !*open)>
                        {move || if open.get() { "Hide notices" } else { "Show notices" }}
                    </button>
                </div>
                <Show when=move || ready.get()>
                    {Suspend::new(async move {
                        notices(open.read_only(), newest.write_only()).await.unwrap_or_else(|_| ().into_any())
                    })}
                </Show>
            </section>
        </Show>
    }
}

/// The list, once its chunk is fetched; nothing if it cannot be.
#[wasm_split(notices, fallible)]
fn notices(
    open: ReadSignal<bool>,
    newest: WriteSignal<Option<String>>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Notices open=open newest=newest/> }.into_any())
}

#[component]
fn Notices(open: ReadSignal<bool>, newest: WriteSignal<Option<String>>) -> impl IntoView {
    let state = use_session();
    let notices = RwSignal::new(Vec::<Notice>::new());
    let failed = RwSignal::new(None::<String>);
    // The bar's count and newest line follow the list as notices go.
    let show = move |list: Vec<Notice>| {
        newest.set(list.first().map(|notice| notice.message.clone()));
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
        <div id="notices-list" hidden=move || !open.get()>
            <ul>
                {move || notices.get().into_iter().map(|notice| {
                    let id = notice.id;
                    view! {
                        <li>
                            <span>{notice.message.clone()}</span>
                            <button class="secondary" aria-label=format!("Dismiss: {}", notice.message)
                                on:click=move |_| dismiss(id)>"Dismiss"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="form-error" role="alert">{move || failed.get()}</p>
        </div>
    }
}
