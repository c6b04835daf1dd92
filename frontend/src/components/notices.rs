//! The signed-in login's notices about its tokens (expiry and stale-token
//! warnings, revocations by policy), each with a Dismiss button. A wasm
//! chunk of its own (`#[wasm_split]`), fetched once the page's grid has
//! loaded: the grid shows without it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::notices::Notice;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::api;
use crate::session::use_session;

/// The notices, once their chunk is fetched; nothing if it cannot be.
#[wasm_split(notices, fallible)]
pub fn notices() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Notices/> }.into_any())
}

#[component]
fn Notices() -> impl IntoView {
    let state = use_session();
    let notices = RwSignal::new(Vec::<Notice>::new());
    let failed = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(list) = api::notices().await {
            notices.set(list.notices);
        }
    });
    let dismiss = move |id: i64| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::dismiss_notice(&session, id).await {
                Ok(()) => notices.update(|list| list.retain(|notice| notice.id != id)),
                Err(error) => failed.set(Some(error.message())),
            }
        });
    };
    view! {
        <Show when=move || !notices.with(Vec::is_empty)>
            <section class="notices" aria-labelledby="notices-title">
                <h2 id="notices-title">"Notices"</h2>
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
                <p class="field-error" role="alert">{move || failed.get()}</p>
            </section>
        </Show>
    }
}
