//! The one time a token string is shown (R3): the string, its expiry, a copy
//! button, and the warning that it will not be shown again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::tokens::GeneratedToken;
use wasm_bindgen_futures::JsFuture;

use crate::components::dialog::Dialog;

#[component]
pub fn GeneratedTokenDialog(generated: GeneratedToken, on_close: Callback<()>) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let token_string = generated.token_string.clone();
    let copy = move |_| {
        let text = token_string.clone();
        spawn_local(async move {
            let clipboard = web_sys::window().map(|window| window.navigator().clipboard());
            let done = match clipboard {
                Some(clipboard) => JsFuture::from(clipboard.write_text(&text)).await.is_ok(),
                None => false,
            };
            copied.set(Some(done));
        });
    };
    let expiry = generated
        .token
        .expiry_on
        .as_ref()
        .map_or_else(|| "Never".into(), |date| format!("{date} (UTC)"));

    view! {
        <Dialog title="Generate Token".into() on_close=on_close>
            <p>"The token string for " <strong>{generated.token.name.clone()}</strong> ":"</p>
            <div class="token-string">
                <input id="generated-token-string" readonly aria-label="Token string"
                    value=generated.token_string.clone()
                    on:focus=move |event| {
                        let _ = event_target::<web_sys::HtmlInputElement>(&event).select();
                    }/>
                <button class="primary" on:click=copy>"Copy"</button>
            </div>
            <p class="copy-result" role="status">
                {move || match copied.get() {
                    Some(true) => "Copied to the clipboard.",
                    Some(false) => "Could not copy: select the string and copy it yourself.",
                    None => "",
                }}
            </p>
            <p>"Expiry On: " <strong>{expiry}</strong></p>
            <p class="warning">
                "Copy it now and keep it safe: this token string will not be shown again. "
                "Generating a new one replaces it."
            </p>
            <div class="dialog-actions">
                <button class="primary" on:click=move |_| on_close.run(())>"Done"</button>
            </div>
        </Dialog>
    }
}
