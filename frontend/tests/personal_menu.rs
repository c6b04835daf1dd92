//! The Personal menu in a real browser (headless Chromium through
//! wasm-bindgen-test): it shows who is signed in and offers
//! `My API Access Tokens` (R1) and `Sign out` to those it should. Its
//! keyboard behaviour is tested end to end with real key presses
//! (tests/tests/browser), where focus behaves as it does for a person.

use leptos::prelude::*;
use tessera_frontend::components::personal_menu::{PersonalMenu, SignOut};
use tessera_shared::LoginSummary;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::{container, find, settle};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn login(personal_token_role: bool) -> LoginSummary {
    LoginSummary {
        id: 3,
        display_name: "Alice Analyst".into(),
        email: "alice@demo.example".into(),
        organization_name: "Demo Org".into(),
        system_admin: false,
        token_admin_role: false,
        personal_token_role,
    }
}

/// Mounts the menu in a fresh container; returns the container and the sign-outs asked for.
fn mount_menu(login: LoginSummary) -> (HtmlElement, RwSignal<Vec<SignOut>>) {
    let container = container();
    let sign_outs = RwSignal::new(Vec::new());
    let on_sign_out = Callback::new(move |which| sign_outs.update(|asked| asked.push(which)));
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <PersonalMenu login=login on_sign_out=on_sign_out/> }
    });
    handle.forget();
    (container, sign_outs)
}

fn menu_items(container: &HtmlElement) -> Vec<String> {
    let items = container
        .query_selector_all("[role=menu] [role=menuitem]")
        .unwrap();
    (0..items.length())
        .map(|i| {
            items
                .get(i)
                .unwrap()
                .text_content()
                .unwrap()
                .trim()
                .to_owned()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_menu_shows_who_is_signed_in_and_opens_on_click() {
    let (container, _) = mount_menu(login(true));
    let trigger = find(&container, "button[aria-haspopup=menu]").expect("the menu button");
    assert!(trigger.text_content().unwrap().contains("Alice Analyst"));
    assert_eq!(
        trigger.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(
        find(&container, "[role=menu]").is_none(),
        "closed until asked"
    );

    trigger.click();
    settle().await;
    assert_eq!(
        trigger.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(
        menu_items(&container),
        [
            "My API Access Tokens",
            "Sign out",
            "Sign out of all sessions"
        ]
    );
    let link = find(&container, "a[role=menuitem]").unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/access-tokens")
    );
}

#[wasm_bindgen_test]
async fn a_login_without_a_token_role_is_not_offered_access_tokens() {
    let (container, _) = mount_menu(login(false));
    find(&container, "button[aria-haspopup=menu]")
        .unwrap()
        .click();
    settle().await;
    assert_eq!(
        menu_items(&container),
        ["Sign out", "Sign out of all sessions"]
    );
}

#[wasm_bindgen_test]
async fn choosing_sign_out_closes_the_menu_and_signs_out_once() {
    let (container, sign_outs) = mount_menu(login(true));
    find(&container, "button[aria-haspopup=menu]")
        .unwrap()
        .click();
    settle().await;
    find(&container, "button[role=menuitem]")
        .expect("the Sign out item")
        .click();
    settle().await;
    assert_eq!(sign_outs.get_untracked(), [SignOut::ThisSession]);
    assert!(find(&container, "[role=menu]").is_none(), "the menu closed");
}

#[wasm_bindgen_test]
async fn choosing_sign_out_of_all_sessions_asks_for_every_session_to_end() {
    let (container, sign_outs) = mount_menu(login(true));
    find(&container, "button[aria-haspopup=menu]")
        .unwrap()
        .click();
    settle().await;
    let items = container
        .query_selector_all("button[role=menuitem]")
        .unwrap();
    let everywhere: HtmlElement = items.get(1).expect("a second item").unchecked_into();
    assert_eq!(
        everywhere.text_content().unwrap().trim(),
        "Sign out of all sessions"
    );
    everywhere.click();
    settle().await;
    assert_eq!(sign_outs.get_untracked(), [SignOut::Everywhere]);
    assert!(find(&container, "[role=menu]").is_none(), "the menu closed");
}
