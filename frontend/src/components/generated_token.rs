//! The one time a token string is shown (R3, and after Rotate Token): the
//! string, its expiry, a copy button, the warning that it will not be shown
//! again, and after a rotation how long the previous string still works.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::tokens::{GeneratedToken, RotatedToken, TokenView};
use wasm_bindgen_futures::JsFuture;

use crate::components::dialog::Dialog;
use crate::components::{Time, short_date};

/// A new string: by Generate Token, or by Rotate Token with the time the
/// previous string stops at the latest.
#[derive(Clone)]
pub enum NewString {
    Generated(GeneratedToken),
    Rotated(TokenView, RotatedToken),
}

#[component]
pub fn GeneratedTokenDialog(new_string: NewString, on_close: Callback<()>) -> impl IntoView {
    let (title, token, token_string, previous_until) = match new_string {
        NewString::Generated(generated) => (
            "Generate Token",
            generated.token,
            generated.token_string,
            None,
        ),
        NewString::Rotated(token, rotated) => (
            "Rotate Token",
            token,
            rotated.token_string,
            Some(rotated.previous_string_works_until),
        ),
    };
    let copied = RwSignal::new(None::<bool>);
    let shown = token_string.clone();
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
    let expiry = token.expiry_on.as_ref().map_or_else(
        || "Never".into(),
        |date| format!("{} (UTC)", short_date(date)),
    );

    view! {
        <Dialog title=title.into() on_close=on_close>
            <p>"The token string for " <strong>{token.name.clone()}</strong> ":"</p>
            <div class="token-string">
                <input id="generated-token-string" readonly aria-label="Token string"
                    value=shown
                    on:focus=move |event| {
                        event_target::<web_sys::HtmlInputElement>(&event).select();
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
            {previous_until.map(|until| view! {
                <p class="rotation-note">"The previous token string keeps working until "
                    <strong><Time at=until/></strong>
                    ", or until this one is first used, whichever comes first."</p>
            })}
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
