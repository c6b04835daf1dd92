//! A token's usage at a glance, opened from its row's Token Usage: its
//! requests per day over the last 30 days (OK and Fail stacked), the client
//! addresses it was last used from, and its last use. A wasm chunk of its
//! own (`#[wasm_split]`): the grid never waits for the chart's code.

use leptos::html;
use leptos::prelude::*;
use tessera_shared::tokens::TokenView;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::api;
use crate::components::short_time;
use crate::components::usage_chart::UsageChart;
use crate::fetched::fetched;

/// The panel for `token`. The first call fetches the chunk; it fails when
/// the chunk cannot be fetched.
#[wasm_split(token_usage, fallible)]
pub fn usage_panel(token: TokenView, on_close: Callback<()>) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <UsagePanel token=token on_close=on_close/> }.into_any())
}

#[component]
fn UsagePanel(token: TokenView, on_close: Callback<()>) -> impl IntoView {
    let token_id = token.id;
    let usage = fetched(move || api::token_usage(token_id));
    let reads = reads(&token);
    let heading = NodeRef::<html::H2>::new();
    // The panel takes the focus as it opens, so keyboard and screen-reader
    // users land on what they asked for.
    heading.on_load(|heading| drop(heading.focus()));
    view! {
        <section class="usage-panel" aria-labelledby="usage-title"
            on:keydown=move |event| if event.key() == "Escape" { on_close.run(()) }>
            <div class="usage-panel-head">
                <h2 id="usage-title" tabindex="-1" node_ref=heading>"Usage of " {token.name.clone()}</h2>
                <button class="secondary" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            {move || match usage.get() {
                None => view! { <p class="loading">"Loading…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
                Some(Ok(usage)) => view! {
                    <h3>"Requests per day, last 30 days " <span class="zone">"(UTC)"</span></h3>
                    <UsageChart first_day=usage.first_day days=usage.days/>
                    <div class="usage-facts">
                        <div>
                            <h3>"Reads"</h3>
                            <p>{reads.clone()}</p>
                        </div>
                        <div>
                            <h3>"Last used"</h3>
                            <p>{usage.last_used_at.as_deref().map(short_time).unwrap_or_else(|| "Never".into())}</p>
                        </div>
                        <div>
                            <h3>"Last addresses"</h3>
                            {if usage.recent_addresses.is_empty() {
                                view! { <p>"None yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="addresses">
                                        {usage.recent_addresses.into_iter().map(|seen| view! {
                                            <li><code>{seen.address}</code>" last seen " {short_time(&seen.last_seen)}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </div>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// What the token may read, in words: its scopes, and the reports it is
/// limited to (R29) when it is.
fn reads(token: &TokenView) -> String {
    let scopes: Vec<&str> = token.scope.iter().map(|scope| scope.label()).collect();
    match token.report_patterns.is_empty() {
        true => scopes.join(", "),
        false => format!(
            "{}, only reports named {}",
            scopes.join(", "),
            token.report_patterns.join(", ")
        ),
    }
}
