//! The Personal menu: who is signed in, `My API Access Tokens`, `Sign out`
//! and `Sign out of all sessions`.
//! A menu button in the ARIA sense: opens with a click, Enter, Space or the
//! arrow keys; arrows move between items; Escape closes it.

use leptos::html;
use leptos::prelude::*;
use tessera_shared::LoginSummary;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use crate::components::context_menu::{MenuStep, focus_menu_item, step_for_key};

/// Which sessions a sign-out ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignOut {
    /// This browser's.
    ThisSession,
    /// Every session of the login, wherever it is signed in.
    Everywhere,
}

#[component]
pub fn PersonalMenu(login: LoginSummary, on_sign_out: Callback<SignOut>) -> impl IntoView {
    let open = RwSignal::new(false);
    let menu = NodeRef::<html::Div>::new();
    let trigger = NodeRef::<html::Button>::new();
    let may_use_tokens = login.may_use_access_tokens();

    let focus_item = move |step: MenuStep| {
        if let Some(menu) = menu.get_untracked() {
            focus_menu_item(&menu, step);
        }
    };
    let open_and_focus = move |step: MenuStep| {
        open.set(true);
        // Leptos shows the menu on its next tick; focus an item once it is visible.
        set_timeout(move || focus_item(step), std::time::Duration::ZERO);
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus && let Some(trigger) = trigger.get_untracked() {
            let _ = trigger.focus();
        }
    };
    let on_trigger_key = move |event: KeyboardEvent| match event.key().as_str() {
        "ArrowDown" | "Enter" | " " => {
            event.prevent_default();
            open_and_focus(MenuStep::First);
        }
        "ArrowUp" => {
            event.prevent_default();
            open_and_focus(MenuStep::Last);
        }
        _ => {}
    };
    let on_menu_key = move |event: KeyboardEvent| {
        if let Some(step) = step_for_key(&event.key()) {
            event.prevent_default();
            focus_item(step);
        } else if event.key() == "Escape" {
            event.prevent_default();
            close(true);
        } else if event.key() == "Tab" {
            close(false);
        }
    };
    let on_focus_out = move |event: web_sys::FocusEvent| {
        let Some(menu_root) = menu.get_untracked() else {
            return;
        };
        let leaving = event
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
            .is_none_or(|target| !menu_root.contains(Some(&target)));
        if leaving {
            open.set(false);
        }
    };

    view! {
        <div class="personal-menu" node_ref=menu on:focusout=on_focus_out>
            <button
                class="personal-menu-trigger"
                node_ref=trigger
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls="personal-menu-items"
                on:click=move |_| open.update(|open| *open = !*open)
                on:keydown=on_trigger_key
            >
                <span class="personal-menu-initials" aria-hidden="true">{login.initials()}</span>
                <span class="personal-menu-name">{login.display_name.clone()}</span>
                <span class="personal-menu-caret" aria-hidden="true">"▾"</span>
            </button>
            <Show when=move || open.get()>
                <div id="personal-menu-items" class="menu" role="menu" aria-label="Personal menu" on:keydown=on_menu_key>
                    <p class="menu-caption" role="presentation">{login.email.clone()}" · "{login.organization_name.clone()}</p>
                    <Show when=move || may_use_tokens>
                        <a role="menuitem" tabindex="-1" href="/access-tokens" on:click=move |_| open.set(false)>
                            "My API Access Tokens"
                        </a>
                    </Show>
                    <button role="menuitem" tabindex="-1" on:click=move |_| {
                        open.set(false);
                        on_sign_out.run(SignOut::ThisSession);
                    }>
                        "Sign out"
                    </button>
                    <button role="menuitem" tabindex="-1" on:click=move |_| {
                        open.set(false);
                        on_sign_out.run(SignOut::Everywhere);
                    }>
                        "Sign out of all sessions"
                    </button>
                </div>
            </Show>
        </div>
    }
}
