//! Previous / Next through a paged list, with where you are and how many there are.

use leptos::prelude::*;

/// `noun` names what is counted: `tokens`, `entries`; `one` names a single
/// one (`token`), when it differs. The values may be signals, so that a page
/// can keep one pager (and the focus on its buttons) across reloads.
#[component]
pub fn Pager(
    page: RwSignal<i64>,
    #[prop(into)] current: Signal<i64>,
    #[prop(into)] page_size: Signal<i64>,
    #[prop(into)] total: Signal<i64>,
    noun: &'static str,
    #[prop(optional)] one: Option<&'static str>,
) -> impl IntoView {
    let pages = move || {
        let size = page_size.get().max(1);
        ((total.get() + size - 1) / size).max(1)
    };
    let counted = move || {
        let total = total.get();
        let noun = if total == 1 {
            one.unwrap_or(noun)
        } else {
            noun
        };
        format!("{} {noun}", grouped(total))
    };
    let at_first = move || current.get() <= 1;
    let at_last = move || current.get() >= pages();
    let place = move || {
        format!(
            "Page {} of {} · {}",
            grouped(current.get()),
            grouped(pages()),
            counted()
        )
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <button class="secondary" disabled=at_first
                on:click=move |_| page.set(current.get_untracked() - 1)>"Previous"</button>
            <span aria-live="polite">{place}</span>
            <button class="secondary" disabled=at_last
                on:click=move |_| page.set(current.get_untracked() + 1)>"Next"</button>
        </nav>
    }
}

/// `10002` as people read it: `10,002`.
fn grouped(number: i64) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if number < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    // `make test-frontend` runs every wasm test in headless Chromium.
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(10_002), "10,002");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-1000), "-1,000");
    }
}
