//! A modal pop-up (`role="dialog"`, labelled by its title). Escape or the
//! close button dismisses it; focus moves into it when it opens and Tab
//! stays inside it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

const FOCUSABLE: &str = "input:not([disabled]), select:not([disabled]), button:not([disabled]), textarea, [tabindex='0']";

#[component]
pub fn Dialog(title: String, on_close: Callback<()>, children: Children) -> impl IntoView {
    let dialog = NodeRef::<html::Div>::new();
    let focusables = move || -> Vec<HtmlElement> {
        let Some(dialog) = dialog.get_untracked() else {
            return Vec::new();
        };
        let Ok(nodes) = dialog.query_selector_all(FOCUSABLE) else {
            return Vec::new();
        };
        (0..nodes.length())
            .filter_map(|i| nodes.get(i)?.dyn_into().ok())
            .collect()
    };
    dialog.on_load(move |_| {
        set_timeout(
            move || {
                // The first field, else the first button that is not the close button.
                let items = focusables();
                if let Some(first) = items
                    .iter()
                    .find(|el| !el.class_list().contains("dialog-close"))
                    .or(items.first())
                {
                    let _ = first.focus();
                }
            },
            std::time::Duration::ZERO,
        );
    });
    let on_key = move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            on_close.run(());
        } else if event.key() == "Tab" {
            // Keep Tab inside the dialog.
            let items = focusables();
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = document().active_element();
            if event.shift_key() && active.as_ref() == Some(first.as_ref()) {
                event.prevent_default();
                let _ = last.focus();
            } else if !event.shift_key() && active.as_ref() == Some(last.as_ref()) {
                event.prevent_default();
                let _ = first.focus();
            }
        }
    };
    // Titles are plain words ("Create New"): ASCII lower case is enough for an id.
    let title_id = format!(
        "dialog-title-{}",
        title.to_ascii_lowercase().replace(' ', "-")
    );
    let labelled_by = title_id.clone();

    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=labelled_by node_ref=dialog on:keydown=on_key>
                <div class="dialog-head">
                    <h2 id=title_id>{title}</h2>
                    <button class="dialog-close" aria-label="Close" on:click=move |_| on_close.run(())>"×"</button>
                </div>
                {children()}
            </div>
        </div>
    }
}
