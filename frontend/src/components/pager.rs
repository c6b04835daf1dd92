//! Previous / Next through a paged list, with where you are and how many there are.

use leptos::prelude::*;

/// `noun` names what is counted: `tokens`, `entries`.
#[component]
pub fn Pager(
    page: RwSignal<i64>,
    current: i64,
    page_size: i64,
    total: i64,
    noun: &'static str,
) -> impl IntoView {
    let pages = ((total + page_size - 1) / page_size).max(1);
    view! {
        <nav class="pager" aria-label="Pages">
            <button class="secondary" disabled=current <= 1 on:click=move |_| page.set(current - 1)>"Previous"</button>
            <span>{format!("Page {current} of {pages} · {total} {noun}")}</span>
            <button class="secondary" disabled=current >= pages on:click=move |_| page.set(current + 1)>"Next"</button>
        </nav>
    }
}
