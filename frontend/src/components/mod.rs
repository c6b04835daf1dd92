//! The pieces pages are built from.

pub mod add_login;
pub mod audit_stream_settings;
pub mod change;
pub mod context_menu;
pub mod dialog;
pub mod feedback;
pub mod generated_token;
pub mod grid;
pub mod header;
pub mod notices;
pub mod pager;
pub mod personal_menu;
pub mod service_account_form;
pub mod setting_form;
pub mod time;
pub mod token_form;
pub mod token_policy;
pub mod usage_chart;
pub mod webhook_settings;

/// Moves the focus to the element with `id`, if the page has it.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    let element = leptos::prelude::document().get_element_by_id(id);
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

pub use self::time::{Time, short_date, short_time, times_in};
