//! One line of the notices' list: an alert with its answers, a warning,
//! or a day's expiries as one group.

use leptos::prelude::*;
use tessera_shared::notices::{ExpiryGroup, Notice};
use tessera_shared::words;

use super::act::Act;
use super::ids;
use crate::components::times_in;

/// A security alert: the owner says whether it was them. `Revoke token`
/// asks once more in place, naming the token, before it acts.
#[component]
pub fn Alert(notice: Notice, act: Act) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let name = notice.token_name.clone().unwrap_or_default();
    let (id, revocable) = (notice.id, notice.revocable);
    let for_revoke = notice.clone();
    let was_me = format!("Noted: that was you, so the alert about “{name}” is dismissed.");
    view! {
        <li class="alert">
            <span>{times_in(&notice.message)}</span>
            <span class="notice-actions">
                <Show when=move || !confirming.get()
                    fallback={
                        let name = name.clone();
                        let for_revoke = for_revoke.clone();
                        move || {
                            let for_revoke = for_revoke.clone();
                            view! {
                                <span class="confirm-inline">{format!("Revoke “{name}”? Its scripts stop at once.")}</span>
                                <button type="button" class="danger"
                                    on:click=move |_| act.revoke(for_revoke.clone())>"Revoke now"</button>
                                <button type="button" class="secondary"
                                    on:click=move |_| confirming.set(false)>"Cancel"</button>
                            }
                        }
                    }>
                    {revocable.then(|| view! {
                        <button type="button" class="danger" on:click=move |_| confirming.set(true)>"Revoke token"</button>
                    })}
                    {
                        let was_me = was_me.clone();
                        let label = if revocable { "This was me" } else { "Dismiss" };
                        view! {
                            <button type="button" class="secondary"
                                on:click=move |_| act.dismiss(vec![id], was_me.clone())>{label}</button>
                        }
                    }
                </Show>
            </span>
        </li>
    }
}

/// A warning or a revocation: read, then dismissed.
#[component]
pub fn Warning(notice: Notice, act: Act) -> impl IntoView {
    let id = notice.id;
    let label = format!("Dismiss: {}", times_in(&notice.message));
    view! {
        <li>
            <span>{times_in(&notice.message)}</span>
            <button type="button" class="secondary" aria-label=label
                on:click=move |_| act.dismiss(vec![id], "Notice dismissed.".into())>"Dismiss"</button>
        </li>
    }
}

/// One day's expiry notices: a line saying how many tokens expire, `Review`
/// to see each, and one button dismissing them all. A day with one notice
/// is that notice.
#[component]
pub fn ExpiryGroupItem(group: ExpiryGroup, act: Act) -> impl IntoView {
    if let [only] = group.notices.as_slice() {
        return view! { <Warning notice=only.clone() act=act/> }.into_any();
    }
    let reviewing = RwSignal::new(false);
    let headline = group.headline();
    let all = ids(&group.notices);
    let count = group.notices.len();
    // Every group here has two notices or more.
    let dismiss_all = format!("Dismiss these {}", words::count(count as i64, "notice"));
    let said = format!("{} dismissed.", words::count(count as i64, "expiry notice"));
    let list_id = format!("expiring-{}", group.day);
    view! {
        <li class="expiry-group">
            <div class="expiry-line">
                <strong>{headline}</strong>
                <span class="notice-actions">
                    <button type="button" class="secondary" aria-expanded=move || reviewing.get().to_string()
                        aria-controls=list_id.clone() on:click=move |_| reviewing.update(|r| *r = !*r)>"Review"</button>
                    <button type="button" class="secondary"
                        on:click=move |_| act.dismiss(all.clone(), said.clone())>{dismiss_all}</button>
                </span>
            </div>
            <ul id=list_id.clone() hidden=move || !reviewing.get()>
                {group.notices.into_iter().map(|notice| view! { <Warning notice=notice act=act/> }).collect_view()}
            </ul>
        </li>
    }
    .into_any()
}
