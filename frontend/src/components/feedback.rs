//! What a page's last change did, or why it was refused, where the person
//! looks: pinned to the bottom of the window, so an action taken on a row
//! far down the page (or behind a scrolled grid) is answered in view. The
//! status is polite, the refusal an alert; each stays until the next change
//! or until closed, and closing returns nothing to a place it was not.

use leptos::prelude::*;

use super::change::Changes;

#[component]
pub fn Feedback(changes: Changes) -> impl IntoView {
    let Changes {
        notice, page_error, ..
    } = changes;
    let shown = move || notice.with(Option::is_some) || page_error.with(Option::is_some);
    let close = move |_| {
        notice.set(None);
        page_error.set(None);
    };
    view! {
        <div class="feedback" class:shown=shown>
            <p class="notice" role="status">{move || notice.get()}</p>
            <p class="page-error" role="alert">{move || page_error.get()}</p>
            <Show when=shown>
                <button type="button" class="feedback-close secondary" aria-label="Close this message"
                    on:click=close>"Close"</button>
            </Show>
        </div>
    }
}
