//! What the component tests share: a fresh container to mount into, a
//! lookup inside it, and a pause for Leptos to apply an event's effects.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A new, empty `div` at the end of the page's body.
pub fn container() -> HtmlElement {
    console_error_panic_hook::set_once();
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    container
}

/// The first element inside `container` that matches `selector`.
pub fn find(container: &HtmlElement, selector: &str) -> Option<HtmlElement> {
    container
        .query_selector(selector)
        .unwrap()
        .map(|element| element.unchecked_into())
}

/// Lets Leptos apply the effects of the last event (and a menu focus an item).
pub async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
