//! The grid's row menu and the pager, where they live: mounted alone in
//! headless Chromium (wasm-bindgen-test), driven by the events a mouse, a
//! keyboard or a finger sends. The journeys that need the worker stay in
//! tests/tests/browser.

use leptos::prelude::*;
use tessera_frontend::components::context_menu::{ContextMenu, MenuItem};
use tessera_frontend::components::grid::{EmptyRow, Grid, RowMenu};
use tessera_frontend::components::pager::Pager;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::{container, find, settle};
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit, MouseEvent, MouseEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const ROWS: [&str; 3] = ["Nightly export", "Power BI refresh", "Zeta"];

/// A grid of `ROWS` with the row menu as the pages build it; returns the
/// container and the choices made (`row: item`).
fn mount_grid() -> (HtmlElement, RwSignal<Vec<String>>) {
    let container = container();
    let chosen = RwSignal::new(Vec::<String>::new());
    let handle = leptos::mount::mount_to(container.clone(), move || {
        let menu = RowMenu::<String>::new();
        let items = move |row: String| {
            ["Generate Token", "Revoke Token"]
                .into_iter()
                .map(|label| {
                    let row = row.clone();
                    MenuItem {
                        label,
                        on_select: Callback::new(move |()| {
                            chosen.update(|chosen| chosen.push(format!("{row}: {label}")))
                        }),
                    }
                })
                .collect::<Vec<_>>()
        };
        view! {
            <Grid label="Tokens">
                <tbody>
                    {ROWS.map(|name| view! {
                        <tr tabindex="0" aria-label=name
                            on:contextmenu=menu.on_context_menu(name.to_owned())
                            on:keydown=menu.on_row_key(name.to_owned())>
                            <td>{name}</td>
                            <td><button class="row-actions" aria-label=format!("Actions for {name}")
                                on:click=menu.on_button(name.to_owned())>"⋯"</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </Grid>
            {move || menu.get().map(|(row, position)| view! {
                <ContextMenu label=format!("Actions for {row}") items=items(row.clone())
                    position=position on_close=Callback::new(move |()| menu.close())/>
            })}
        }
    });
    handle.forget();
    (container, chosen)
}

fn row(container: &HtmlElement, name: &str) -> HtmlElement {
    find(container, &format!("tr[aria-label='{name}']")).expect("the row")
}

fn focused() -> Option<HtmlElement> {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .map(|element| element.unchecked_into())
}

fn open_menu_label(container: &HtmlElement) -> Option<String> {
    find(container, "[role=menu]").and_then(|menu| menu.get_attribute("aria-label"))
}

fn key(target: &HtmlElement, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn right_click(target: &HtmlElement) {
    let rect = target.get_bounding_client_rect();
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_client_x(rect.left() as i32 + 10);
    init.set_client_y(rect.top() as i32 + 5);
    let event = MouseEvent::new_with_mouse_event_init_dict("contextmenu", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Opens the menu with `open`, checks it is the row's with its first item
/// focused, closes it with Escape and checks focus went back to `opener`.
async fn opens_and_escape_returns_focus(
    container: &HtmlElement,
    opener: &HtmlElement,
    open: impl FnOnce(),
) {
    open();
    settle().await;
    assert_eq!(
        open_menu_label(container).as_deref(),
        Some("Actions for Power BI refresh")
    );
    let first = focused().expect("an item has focus");
    assert_eq!(first.get_attribute("role").as_deref(), Some("menuitem"));
    assert_eq!(first.text_content().as_deref(), Some("Generate Token"));
    key(&first, "Escape", false);
    settle().await;
    assert_eq!(open_menu_label(container), None, "Escape closes the menu");
    assert_eq!(
        focused().as_ref(),
        Some(opener),
        "focus is back where the menu was opened"
    );
}

#[wasm_bindgen_test]
async fn a_right_click_opens_the_rows_menu_at_the_pointer() {
    let (container, _) = mount_grid();
    let row = row(&container, "Power BI refresh");
    row.focus().unwrap();
    opens_and_escape_returns_focus(&container, &row, || right_click(&row)).await;
}

#[wasm_bindgen_test]
async fn the_context_menu_key_and_shift_f10_open_the_focused_rows_menu() {
    let (container, _) = mount_grid();
    let row = row(&container, "Power BI refresh");
    row.focus().unwrap();
    opens_and_escape_returns_focus(&container, &row, || key(&row, "ContextMenu", false)).await;
    opens_and_escape_returns_focus(&container, &row, || key(&row, "F10", true)).await;
    key(&row, "F10", false);
    settle().await;
    assert_eq!(
        open_menu_label(&container),
        None,
        "F10 alone is not a menu key"
    );
}

#[wasm_bindgen_test]
async fn the_actions_button_opens_the_menu_for_touch_and_mouse() {
    let (container, _) = mount_grid();
    let button = find(
        &container,
        "button[aria-label='Actions for Power BI refresh']",
    )
    .unwrap();
    button.focus().unwrap();
    opens_and_escape_returns_focus(&container, &button, || button.click()).await;
}

#[wasm_bindgen_test]
async fn arrows_move_through_the_menu_and_a_choice_runs_once_and_closes_it() {
    let (container, chosen) = mount_grid();
    let row = row(&container, "Zeta");
    row.focus().unwrap();
    key(&row, "ContextMenu", false);
    settle().await;
    let menu = find(&container, "[role=menu]").unwrap();
    key(&menu, "ArrowDown", false);
    assert_eq!(
        focused().unwrap().text_content().as_deref(),
        Some("Revoke Token")
    );
    key(&menu, "ArrowDown", false);
    assert_eq!(
        focused().unwrap().text_content().as_deref(),
        Some("Generate Token"),
        "wraps around"
    );
    key(&menu, "End", false);
    focused().unwrap().click();
    settle().await;
    assert_eq!(chosen.get_untracked(), ["Zeta: Revoke Token"]);
    assert_eq!(open_menu_label(&container), None);
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_rows() {
    let (container, _) = mount_grid();
    let first = row(&container, "Nightly export");
    first.focus().unwrap();
    key(&first, "ArrowDown", false);
    assert_eq!(focused(), Some(row(&container, "Power BI refresh")));
    key(&focused().unwrap(), "ArrowDown", false);
    key(&focused().unwrap(), "ArrowDown", false);
    assert_eq!(
        focused(),
        Some(row(&container, "Zeta")),
        "stops at the last row"
    );
    key(&focused().unwrap(), "ArrowUp", false);
    assert_eq!(focused(), Some(row(&container, "Power BI refresh")));
}

#[wasm_bindgen_test]
async fn an_empty_grid_says_so_across_its_columns() {
    let container = container();
    leptos::mount::mount_to(container.clone(), || {
        view! { <Grid label="Tokens"><tbody><EmptyRow columns=8 text="No tokens yet."/></tbody></Grid> }
    })
    .forget();
    let cell = find(&container, "tr.empty td").unwrap();
    assert_eq!(cell.get_attribute("colspan").as_deref(), Some("8"));
    assert_eq!(cell.text_content().as_deref(), Some("No tokens yet."));
    let region = find(&container, "[role=region]").unwrap();
    assert_eq!(
        region.get_attribute("aria-label").as_deref(),
        Some("Tokens table")
    );
    assert_eq!(
        region.get_attribute("tabindex").as_deref(),
        Some("0"),
        "scrollable by keyboard"
    );
}

#[wasm_bindgen_test]
async fn the_pager_says_where_you_are_and_stops_at_both_ends() {
    let container = container();
    let page = RwSignal::new(1i64);
    leptos::mount::mount_to(container.clone(), move || {
        view! {
            <Pager page=page current=Signal::derive(move || page.get()) page_size=50 total=10_002
                noun="tokens" one="token"/>
        }
    })
    .forget();
    let text = || {
        find(&container, ".pager span")
            .unwrap()
            .text_content()
            .unwrap()
    };
    let button = |label: &str| {
        let buttons = container.query_selector_all(".pager button").unwrap();
        (0..buttons.length())
            .map(|i| buttons.get(i).unwrap().unchecked_into::<HtmlElement>())
            .find(|button| button.text_content().as_deref() == Some(label))
            .unwrap()
    };
    assert_eq!(text(), "Page 1 of 201 · 10,002 tokens");
    assert!(button("Previous").has_attribute("disabled"));
    button("Next").click();
    settle().await;
    assert_eq!(page.get_untracked(), 2);
    assert_eq!(text(), "Page 2 of 201 · 10,002 tokens");
    page.set(201);
    settle().await;
    assert!(button("Next").has_attribute("disabled"));
}
