//! The portal's grid: a table whose columns take the width their content
//! needs, in a box that scrolls sideways only when even that does not fit
//! (the page itself never does; the name and the actions button stay in
//! view while it does), each row a card on
//! a phone (style.css: cells carry their column's name in `data-label`,
//! the name cell is `name`, the actions cell `actions`), and the row menu
//! every grid offers,
//! opened by a right-click, by the Context Menu key or Shift+F10 on a
//! focused row, or by the row's actions button; the arrow keys move between
//! rows, and closing the menu gives focus back to what opened it.

use leptos::prelude::*;
use tessera_shared::ScopeName;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent, MouseEvent};

use crate::components::context_menu::{MenuPosition, is_menu_key};

/// A grid's table, named `label`; `children` are its `thead` and `tbody`.
#[component]
pub fn Grid(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="grid-scroll" role="region" aria-label=format!("{label} table") tabindex="0">
            <table class="grid" aria-label=label>{children()}</table>
        </div>
    }
}

/// A row's name as a grid shows it (`Breakable`): on a desktop at most two
/// lines (style.css), the whole name in `title` for a pointer and shown in
/// full while its row holds the keyboard's focus; `whole` in a grid whose
/// rows take no focus, where it is always shown in full.
#[component]
pub fn GridName(#[prop(into)] name: String, #[prop(optional)] whole: bool) -> impl IntoView {
    let title = name.clone();
    view! { <span class="name-text" class:whole=whole title=title><Breakable text=name/></span> }
}

/// `text` that wraps, when it must, between its words or just after a
/// separator (`-`, `_`, `/`, `.`, `@`, `:`), never inside a word
/// (`acc-/031c042c` breaks as `acc-/` and `031c042c`).
#[component]
pub fn Breakable(#[prop(into)] text: String) -> impl IntoView {
    pieces(&text)
        .into_iter()
        .map(|piece| view! { {piece}<wbr/> })
        .collect_view()
}

/// `text` cut just after each run of separators.
fn pieces(text: &str) -> Vec<String> {
    let separator = |c: char| matches!(c, '-' | '_' | '/' | '.' | '@' | ':');
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        piece.push(c);
        if separator(c) && !chars.peek().copied().is_some_and(separator) {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// A token's scopes, which wrap between one scope and the next only, and
/// the report patterns it is limited to (R29), when it is.
#[component]
pub fn ScopeList(
    scope: Vec<ScopeName>,
    #[prop(optional)] report_patterns: Vec<String>,
) -> impl IntoView {
    let last = scope.len().saturating_sub(1);
    let scopes = scope
        .into_iter()
        .enumerate()
        .map(|(at, name)| match at < last {
            true => view! { <span class="nowrap">{name.label()}","</span>" " }.into_any(),
            false => view! { <span class="nowrap">{name.label()}</span> }.into_any(),
        })
        .collect_view();
    let reports = (!report_patterns.is_empty()).then(|| {
        view! { <span class="report-patterns">"Reports: " {report_patterns.join(", ")}</span> }
    });
    view! { {scopes} {reports} }
}

/// The row a grid shows when it has none, across its `columns`.
#[component]
pub fn EmptyRow(columns: u32, #[prop(into)] text: String) -> impl IntoView {
    view! { <tr class="empty"><td colspan=columns>{text}</td></tr> }
}

/// Which row's menu is open, and where; `T` is what a row shows.
pub struct RowMenu<T: Send + Sync + 'static> {
    open: RwSignal<Option<(T, MenuPosition)>>,
    /// The row or button that opened the menu: focus goes back there.
    opener: StoredValue<Option<HtmlElement>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for RowMenu<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for RowMenu<T> {}

impl<T: Clone + Send + Sync + 'static> Default for RowMenu<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone + Send + Sync + 'static> RowMenu<T> {
    pub fn new() -> Self {
        Self {
            open: RwSignal::new(None),
            opener: StoredValue::new_local(None),
        }
    }

    /// The open menu's row and position, if one is open (tracked).
    pub fn get(&self) -> Option<(T, MenuPosition)> {
        self.open.get()
    }

    /// Whether a menu is open (tracked).
    pub fn is_open(&self) -> bool {
        self.open.with(Option::is_some)
    }

    /// Closes the menu and gives focus back to what opened it.
    pub fn close(&self) {
        self.open.set(None);
        if let Some(opener) = self.opener.get_value() {
            let _ = opener.focus();
        }
    }

    fn open_for(&self, row: T, position: MenuPosition, opener: Option<HtmlElement>) {
        self.opener.set_value(opener);
        self.open.set(Some((row, position)));
    }

    /// A right-click on the row: the menu opens at the pointer.
    pub fn on_context_menu(self, row: T) -> impl Fn(MouseEvent) + 'static {
        move |event: MouseEvent| {
            event.prevent_default();
            let opener = element(event.current_target());
            self.open_for(row.clone(), at_pointer(&event), opener);
        }
    }

    /// A key on the focused row: the menu keys open the menu under the row,
    /// the arrow keys move to the row above or below.
    pub fn on_row_key(self, row: T) -> impl Fn(KeyboardEvent) + 'static {
        move |event: KeyboardEvent| {
            let Some(focused) = element(event.current_target()) else {
                return;
            };
            if is_menu_key(&event) {
                event.prevent_default();
                let position = below(&focused, 24.0);
                self.open_for(row.clone(), position, Some(focused));
            } else if let Some(down) = match event.key().as_str() {
                "ArrowDown" => Some(true),
                "ArrowUp" => Some(false),
                _ => None,
            } {
                event.prevent_default();
                let sibling = match down {
                    true => focused.next_element_sibling(),
                    false => focused.previous_element_sibling(),
                };
                if let Some(sibling) =
                    sibling.and_then(|sibling| sibling.dyn_into::<HtmlElement>().ok())
                {
                    let _ = sibling.focus();
                }
            }
        }
    }

    /// The row's actions button: the menu opens under it.
    pub fn on_button(self, row: T) -> impl Fn(MouseEvent) + 'static {
        move |event: MouseEvent| {
            event.stop_propagation();
            let button = element(event.current_target());
            let position = button
                .as_ref()
                .map(|button| below(button, 0.0))
                .unwrap_or_else(|| at_pointer(&event));
            self.open_for(row.clone(), position, button);
        }
    }
}

fn element(target: Option<web_sys::EventTarget>) -> Option<HtmlElement> {
    target.and_then(|target| target.dyn_into().ok())
}

fn at_pointer(event: &MouseEvent) -> MenuPosition {
    MenuPosition {
        x: event.client_x() as f64,
        y: event.client_y() as f64,
    }
}

/// Under `element`, `indent` pixels in from its left edge (the menu moves
/// back inside the window if that runs off it).
fn below(element: &HtmlElement, indent: f64) -> MenuPosition {
    let rect = element.get_bounding_client_rect();
    MenuPosition {
        x: rect.left() + indent,
        y: rect.bottom(),
    }
}

#[cfg(test)]
mod tests {
    use super::pieces;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    // `make test-frontend` runs every wasm test in headless Chromium.
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_name_breaks_only_after_its_separators() {
        assert_eq!(pieces("acc-/031c042c"), ["acc-/", "031c042c"]);
        assert_eq!(pieces("a.b_c"), ["a.", "b_", "c"]);
        assert_eq!(pieces("Nightly export"), ["Nightly export"]);
        assert_eq!(pieces(""), Vec::<String>::new());
    }
}
