//! A right-click menu (`role="menu"`) for a grid row: opens at the pointer,
//! or beside the row when opened from the keyboard or the actions button;
//! arrows move between items, Enter chooses, Escape closes.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// One choice of a context menu.
#[derive(Clone)]
pub struct MenuItem {
    pub label: &'static str,
    pub on_select: Callback<()>,
}

/// Where the menu shows, in viewport pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MenuPosition {
    pub x: f64,
    pub y: f64,
}

/// True for the keys that open a context menu from the keyboard.
pub fn is_menu_key(event: &KeyboardEvent) -> bool {
    event.key() == "ContextMenu" || (event.shift_key() && event.key() == "F10")
}

#[component]
pub fn ContextMenu(
    label: String,
    items: Vec<MenuItem>,
    position: MenuPosition,
    on_close: Callback<()>,
) -> impl IntoView {
    let menu = NodeRef::<html::Div>::new();
    let focus_item = move |step: i32| {
        let Some(menu) = menu.get_untracked() else { return };
        let Ok(nodes) = menu.query_selector_all("[role=menuitem]") else { return };
        let items: Vec<HtmlElement> = (0..nodes.length()).filter_map(|i| nodes.get(i)?.dyn_into().ok()).collect();
        if items.is_empty() {
            return;
        }
        let active = document().active_element();
        let current = items.iter().position(|item| Some(item.as_ref()) == active.as_ref());
        let next = match (current, step) {
            (None, s) if s < 0 => items.len() - 1,
            (None, _) => 0,
            (Some(i), s) => (i as i32 + s).rem_euclid(items.len() as i32) as usize,
        };
        let _ = items[next].focus();
    };
    // The menu is in the page once mounted: focus its first item then.
    menu.on_load(move |_| {
        set_timeout(move || focus_item(1), std::time::Duration::ZERO);
    });
    let on_key = move |event: KeyboardEvent| match event.key().as_str() {
        "ArrowDown" => {
            event.prevent_default();
            focus_item(1);
        }
        "ArrowUp" => {
            event.prevent_default();
            focus_item(-1);
        }
        "Home" => {
            event.prevent_default();
            focus_item(0);
        }
        "Escape" | "Tab" => {
            event.prevent_default();
            on_close.run(());
        }
        _ => {}
    };

    view! {
        <div class="menu-backdrop" on:click=move |_| on_close.run(()) on:contextmenu=move |event| {
            event.prevent_default();
            on_close.run(());
        }></div>
        <div
            class="menu context-menu"
            role="menu"
            aria-label=label
            node_ref=menu
            style=format!("left: {}px; top: {}px", position.x, position.y)
            on:keydown=on_key
        >
            {items
                .into_iter()
                .map(|item| {
                    let on_select = item.on_select;
                    view! {
                        <button role="menuitem" tabindex="-1" on:click=move |_| {
                            on_close.run(());
                            on_select.run(());
                        }>{item.label}</button>
                    }
                })
                .collect_view()}
        </div>
    }
}
