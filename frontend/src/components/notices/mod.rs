//! The signed-in login's notices about its tokens, as a triage list:
//! security alerts first, each with `Revoke token` and `This was me`; then
//! warnings; then expiries grouped by day, each group dismissable at once.
//!
//! The page holds the notices' box from its first paint, one line high
//! (style.css), when the session counts any. Into it come, once the page's
//! grid has loaded and both the notices and their wasm chunk (`#[wasm_split]`)
//! have arrived: the count, the most pressing notice and Show notices. The
//! list opens below that line only when the person asks (or follows the
//! header's count), and is whole when it opens, so nothing that arrives later
//! pushes the grid (no layout shift), and the grid stays on the first screen
//! however many notices there are.
//! What an action did is said in a polite live region beside the buttons.

use futures_util::future::join;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tessera_shared::notices::{ExpiryGroup, Notice, Triage};
use tessera_shared::words;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::api;
use crate::components::{focus_by_id, times_in};
use crate::fetched::fetched;
use crate::session::use_session;

mod act;
mod items;
use act::Act;
use items::{Alert, ExpiryGroupItem, Warning};

/// The query the header's count links with: the list opens at once.
pub const OPEN_QUERY: &str = "notices";

/// The notices' box, from the first paint when the session counts some;
/// its bar and list, from their chunk, once `ready` (the grid has loaded)
/// and the notices have arrived: the chunk is fetched at the same time.
#[component]
pub fn NoticesBar(#[prop(into)] ready: Signal<bool>) -> impl IntoView {
    let state = use_session();
    let any = Memo::new(move |_| {
        state
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.unread_notices > 0))
    });
    // A memo: fetched again only when this changes, not each time the grid
    // reloads (which `ready` follows) or the count moves.
    let wanted = Memo::new(move |_| ready.get() && any.get());
    let list = fetched(move || {
        let wanted = wanted.get();
        async move {
            if !wanted {
                return None;
            }
            let (answer, _) = join(api::notices(), preload_notices()).await;
            answer.ok().map(|answer| answer.notices)
        }
    });
    view! {
        <Show when=move || any.get()>
            <section class="notices" aria-labelledby="notices-title">
                {move || list.get().flatten().map(|list| Suspend::new(async move {
                    notices(list).await.unwrap_or_else(|_| ().into_any())
                }))}
            </section>
        </Show>
    }
}

/// The bar and the list of `fetched`, once their chunk is fetched; nothing
/// if it cannot be.
#[wasm_split(notices, fallible, preload(preload_notices))]
fn notices(fetched: Vec<Notice>) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Notices fetched=fetched/> }.into_any())
}

#[component]
fn Notices(fetched: Vec<Notice>) -> impl IntoView {
    let state = use_session();
    let query = use_query_map();
    let open = RwSignal::new(false);
    let act = Act::new(state);
    let list = act.list;
    act.show(fetched);
    // The header's count links here with `?notices`: open, and go there.
    Effect::new(move |_| {
        if query.with(|query| query.get(OPEN_QUERY).is_some()) {
            open.set(true);
            focus_title();
        }
    });
    let triage = Memo::new(move |_| list.with(|notices| Triage::of(notices)));
    let count = move || {
        state
            .session
            .with(|s| s.as_ref().map_or(0, |s| s.unread_notices))
    };
    let alerts = move || triage.with(|t| t.alerts.len());
    let any_alerts = move || alerts() != 0;
    // The line the bar shows: the most pressing notice.
    let headline = move || {
        triage.with(|t| {
            t.alerts
                .first()
                .or(t.warnings.first())
                .map(|notice| times_in(&notice.message))
                .or_else(|| t.expiries.first().map(headline_of))
        })
    };
    view! {
        <div class="notices-bar">
            <h2 id="notices-title" tabindex="-1">{move || words::count(count(), "notice")}</h2>
            <Show when=any_alerts>
                <strong class="alert-count">{move || words::count(alerts() as i64, "security alert")}</strong>
            </Show>
            <p class="notices-newest" title=headline>{headline}</p>
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                aria-controls="notices-list" on:click=move |_| open.update(|open| *open = !*open)>
                {move || if open.get() { "Hide notices" } else { "Show notices" }}
            </button>
        </div>
        <p class="notices-status" role="status">{move || act.said.get()}</p>
        <p class="form-error" role="alert">{move || act.failed.get()}</p>
        <div id="notices-list" class="notices-list" hidden=move || !open.get()>
            <Show when=any_alerts>
                <h3>"Security alerts"</h3>
                <ul aria-label="Security alerts">
                    <For each=move || triage.get().alerts key=|notice| notice.id let:notice>
                        <Alert notice=notice act=act/>
                    </For>
                </ul>
            </Show>
            <Show when=move || triage.with(|t| !t.warnings.is_empty())>
                <h3>"Warnings"</h3>
                <ul aria-label="Warnings">
                    <For each=move || triage.get().warnings key=|notice| notice.id let:notice>
                        <Warning notice=notice act=act/>
                    </For>
                </ul>
            </Show>
            <Show when=move || triage.with(|t| !t.expiries.is_empty())>
                <h3>"Expiring tokens"</h3>
                <ul aria-label="Expiring tokens">
                    <For each=move || triage.get().expiries key=|group| (group.day.clone(), group.notices.len())
                        let:group>
                        <ExpiryGroupItem group=group act=act/>
                    </For>
                </ul>
            </Show>
        </div>
    }
}

/// What a day's expiries say in one line: the notice itself when it is
/// the only one.
fn headline_of(group: &ExpiryGroup) -> String {
    match group.notices.as_slice() {
        [only] => times_in(&only.message),
        _ => group.headline(),
    }
}

/// Moves the focus to the notices' title, where the list starts.
fn focus_title() {
    focus_by_id("notices-title");
}

/// The ids of `notices`.
fn ids(notices: &[Notice]) -> Vec<i64> {
    notices.iter().map(|notice| notice.id).collect()
}
