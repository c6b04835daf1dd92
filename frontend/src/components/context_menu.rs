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

/// Where focus goes among a menu's items.
#[derive(Clone, Copy)]
pub enum MenuStep {
    First,
    Last,
    Next,
    Previous,
}

/// Moves focus among the `[role=menuitem]` elements inside `menu`; Next and
/// Previous wrap around, and start from the first or last when no item has focus.
pub fn focus_menu_item(menu: &web_sys::Element, step: MenuStep) {
    let Ok(nodes) = menu.query_selector_all("[role=menuitem]") else {
        return;
    };
    let items: Vec<HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.get(i)?.dyn_into().ok())
        .collect();
    let Some(last) = items.len().checked_sub(1) else {
        return;
    };
    let active = document().active_element();
    let current = items
        .iter()
        .position(|item| Some(item.as_ref()) == active.as_ref());
    let next = match (step, current) {
        (MenuStep::First, _) | (MenuStep::Next, None) => 0,
        (MenuStep::Last, _) | (MenuStep::Previous, None) => last,
        (MenuStep::Next, Some(i)) => {
            if i == last {
                0
            } else {
                i + 1
            }
        }
        (MenuStep::Previous, Some(i)) => {
            if i == 0 {
                last
            } else {
                i - 1
            }
        }
    };
    let _ = items[next].focus();
}

/// Where a key moves focus inside an open menu (ARIA menu keys), if anywhere.
pub fn step_for_key(key: &str) -> Option<MenuStep> {
    match key {
        "ArrowDown" => Some(MenuStep::Next),
        "ArrowUp" => Some(MenuStep::Previous),
        "Home" => Some(MenuStep::First),
        "End" => Some(MenuStep::Last),
        _ => None,
    }
}

/// A pixel value as CSS text (`12`, `-3.5`), written by the browser's own
/// number formatting: Rust's float formatting would add kilobytes to the wasm.
fn css_number(value: f64) -> String {
    js_sys::Number::from(value)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// Moves a menu opened near the window's bottom or right edge back inside
/// it: a fixed menu that runs off the window cannot be scrolled to.
fn keep_in_view(menu: &web_sys::HtmlElement) {
    const MARGIN: f64 = 8.0;
    let Some(window) = web_sys::window() else {
        return;
    };
    let size = |value: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
        value.ok().and_then(|value| value.as_f64())
    };
    let (Some(width), Some(height)) = (size(window.inner_width()), size(window.inner_height()))
    else {
        return;
    };
    let rect = menu.get_bounding_client_rect();
    let style = menu.style();
    if rect.bottom() > height - MARGIN {
        let top = (height - rect.height() - MARGIN).max(MARGIN);
        let _ = style.set_property("top", &format!("{}px", css_number(top)));
    }
    if rect.right() > width - MARGIN {
        let left = (width - rect.width() - MARGIN).max(MARGIN);
        let _ = style.set_property("left", &format!("{}px", css_number(left)));
    }
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
    let focus_item = move |step: MenuStep| {
        if let Some(menu) = menu.get_untracked() {
            focus_menu_item(&menu, step);
        }
    };
    // The menu is in the page once mounted: focus its first item then.
    menu.on_load(move |element| {
        keep_in_view(&element);
        set_timeout(
            move || focus_item(MenuStep::First),
            std::time::Duration::ZERO,
        );
    });
    let on_key = move |event: KeyboardEvent| {
        if let Some(step) = step_for_key(&event.key()) {
            event.prevent_default();
            focus_item(step);
        } else if matches!(event.key().as_str(), "Escape" | "Tab") {
            event.prevent_default();
            on_close.run(());
        }
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
            // Set through the element's style object, not a `style` attribute:
            // the portal's Content-Security-Policy refuses inline style attributes.
            style:left=format!("{}px", css_number(position.x))
            style:top=format!("{}px", css_number(position.y))
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
