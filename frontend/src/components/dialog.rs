//! A modal pop-up (`role="dialog"`, labelled by its title). Escape or the
//! close button dismisses it; focus moves into it when it opens, Tab stays
//! inside it, and it goes back to what opened it when it closes. Once
//! something was typed or chosen in it, Escape asks before discarding that.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

const FOCUSABLE: &str = "input:not([disabled]), select:not([disabled]), button:not([disabled]), textarea, [tabindex='0']";

#[component]
pub fn Dialog(title: String, on_close: Callback<()>, children: Children) -> impl IntoView {
    let dialog = NodeRef::<html::Div>::new();
    // What had the focus when the pop-up opened gets it back when it closes
    // (a page may then move it on, to the row the pop-up was about).
    let opener = document()
        .active_element()
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    on_cleanup(move || {
        if let Some(opener) = opener.filter(|opener| opener.is_connected()) {
            let _ = opener.focus();
        }
    });
    // Something typed or chosen in it: Escape asks before discarding it.
    let changed = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let keep_editing = NodeRef::<html::Button>::new();
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
    // The first field, else the first button that is not the close button,
    // once what changes the pop-up has been drawn.
    let focus_first_field = move || {
        set_timeout(
            move || {
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
    };
    dialog.on_load(move |_| focus_first_field());
    let on_key = move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            match (changed.get_untracked(), asking.get_untracked()) {
                (true, false) => asking.set(true),
                (true, true) => asking.set(false),
                (false, _) => on_close.run(()),
            }
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
    // The question takes the focus when it is asked.
    keep_editing.on_load(|button| {
        let _ = button.focus();
    });
    // Titles are plain words ("Create New"): ASCII lower case is enough for an id.
    let title_id = format!(
        "dialog-title-{}",
        title.to_ascii_lowercase().replace(' ', "-")
    );
    let labelled_by = title_id.clone();

    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=labelled_by node_ref=dialog
                on:keydown=on_key on:input=move |_| changed.set(true) on:change=move |_| changed.set(true)>
                <div class="dialog-head">
                    <h2 id=title_id>{title}</h2>
                    <button class="dialog-close" aria-label="Close" on:click=move |_| on_close.run(())>"×"</button>
                </div>
                <Show when=move || asking.get()>
                    <div class="discard" role="group" aria-label="Discard changes?">
                        <p>"Discard what you entered? It is not saved."</p>
                        <div class="dialog-actions">
                            <button type="button" class="secondary" node_ref=keep_editing
                                on:click=move |_| {
                                    asking.set(false);
                                    focus_first_field();
                                }>"Keep editing"</button>
                            <button type="button" class="danger" on:click=move |_| on_close.run(())>"Discard"</button>
                        </div>
                    </div>
                </Show>
                {children()}
            </div>
        </div>
    }
}
