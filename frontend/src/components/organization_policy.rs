//! The organization's token policy, for system administrators: the maximum
//! token lifetime in days, or none, whether the API accepts Basic
//! authentication (R11), how long Token Logs are kept (R17), and after how
//! many days unused tokens are revoked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::words::count;

use crate::api;
use crate::session::use_session;

#[component]
pub fn OrganizationPolicy() -> impl IntoView {
    let state = use_session();
    let days = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let basic_auth = RwSignal::new(false);
    let retention = RwSignal::new(String::new());
    let stale = RwSignal::new(String::new());
    let default_allowlist = RwSignal::new(String::new());
    spawn_local(async move {
        if let Ok(settings) = api::organization().await {
            days.set(
                settings
                    .max_token_lifetime_days
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            );
            basic_auth.set(settings.basic_auth_enabled);
            retention.set(settings.log_retention_days.to_string());
            default_allowlist.set(settings.default_allowed_addresses.join("\n"));
            stale.set(
                settings
                    .stale_after_days
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            );
        }
    });
    let save_retention = move |_| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let Ok(days) = retention.get_untracked().trim().parse::<i64>() else {
            message.set(Some((false, "Enter a whole number of days.".into())));
            return;
        };
        spawn_local(async move {
            message.set(Some(match api::set_log_retention(&session, days).await {
                Ok(settings) => (
                    true,
                    format!(
                        "Token Logs are now kept for {}; older entries go at the next daily run.",
                        count(settings.log_retention_days, "day")
                    ),
                ),
                Err(error) => (false, error.message()),
            }));
        });
    };
    let save_stale = move |_| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let days = match stale.get_untracked().trim() {
            "" => None,
            number => match number.parse::<i64>() {
                Ok(days) => Some(days),
                Err(_) => {
                    message.set(Some((
                        false,
                        "Enter a whole number of days, or leave it empty to keep unused tokens."
                            .into(),
                    )));
                    return;
                }
            },
        };
        spawn_local(async move {
            message.set(Some(match api::set_stale_tokens(&session, days).await {
                Ok(settings) => (
                    true,
                    match settings.stale_after_days {
                        Some(days) => format!(
                            "Tokens unused for {} are now revoked by the daily run; their owners are warned 7 days ahead.",
                            count(days, "day")
                        ),
                        None => "Unused tokens are no longer revoked.".into(),
                    },
                ),
                Err(error) => (false, error.message()),
            }));
        });
    };
    let save_default_allowlist = move |_| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let addresses: Vec<String> = default_allowlist
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        spawn_local(async move {
            message.set(Some(
                match api::set_default_allowlist(&session, addresses).await {
                    Ok(settings) if settings.default_allowed_addresses.is_empty() => (
                        true,
                        "New tokens work from anywhere unless their form says otherwise.".into(),
                    ),
                    Ok(settings) => (
                        true,
                        format!(
                            "New tokens start with {} allowed addresses or ranges.",
                            settings.default_allowed_addresses.len()
                        ),
                    ),
                    Err(error) => (false, error.message()),
                },
            ));
        });
    };
    let toggle_basic_auth = move |event: leptos::ev::Event| {
        let enabled = event_target_checked(&event);
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        spawn_local(async move {
            message.set(Some(match api::set_basic_auth(&session, enabled).await {
                Ok(settings) => {
                    basic_auth.set(settings.basic_auth_enabled);
                    (
                        true,
                        if enabled {
                            "The API now accepts Basic authentication.".into()
                        } else {
                            "The API no longer accepts Basic authentication.".into()
                        },
                    )
                }
                Err(error) => {
                    basic_auth.set(!enabled);
                    (false, error.message())
                }
            }));
        });
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let text = days.get_untracked();
        let value = match text.trim() {
            "" => None,
            number => match number.parse::<i64>() {
                Ok(days) => Some(days),
                Err(_) => {
                    message.set(Some((
                        false,
                        "Enter a whole number of days, or leave it empty for no maximum.".into(),
                    )));
                    return;
                }
            },
        };
        spawn_local(async move {
            message.set(Some(match api::set_token_policy(&session, value).await {
                Ok(settings) => (
                    true,
                    match settings.max_token_lifetime_days {
                        Some(days) => format!(
                            "Tokens may now expire at most {} ahead.",
                            count(days, "day")
                        ),
                        None => "Tokens may now have any Expiry On, Never included.".into(),
                    },
                ),
                Err(error) => (false, error.message()),
            }));
        });
    };

    view! {
        <form class="policy" on:submit=save aria-labelledby="policy-title">
            <h2 id="policy-title">"Token policy"</h2>
            <label for="max-lifetime">"Maximum token lifetime (days)"</label>
            <div class="inline">
                <input id="max-lifetime" name="max_token_lifetime_days" inputmode="numeric" placeholder="No maximum"
                    bind:value=days/>
                <button type="submit" class="secondary">"Save policy"</button>
            </div>
            <label for="log-retention">"Keep Token Logs for (days)"</label>
            <div class="inline">
                <input id="log-retention" name="log_retention_days" inputmode="numeric" bind:value=retention/>
                <button type="button" class="secondary" on:click=save_retention>"Save retention"</button>
            </div>
            <label for="stale-after">"Revoke tokens unused for (days, 30 to 365)"</label>
            <div class="inline">
                <input id="stale-after" name="stale_after_days" inputmode="numeric" placeholder="Never"
                    bind:value=stale/>
                <button type="button" class="secondary" on:click=save_stale>"Save unused-token policy"</button>
            </div>
            <label for="default-allowlist">"Allowed addresses for new tokens (one per line; empty: anywhere)"</label>
            <div class="inline">
                <textarea id="default-allowlist" name="default_allowed_addresses" rows="2"
                    prop:value=move || default_allowlist.get()
                    on:input=move |event| default_allowlist.set(event_target_value(&event))></textarea>
                <button type="button" class="secondary" on:click=save_default_allowlist>"Save addresses"</button>
            </div>
            <label class="check">
                <input type="checkbox" name="basic_auth_enabled" prop:checked=move || basic_auth.get() on:change=toggle_basic_auth/>
                "Allow Basic authentication (email and password) on the API"
            </label>
            <p role="status" class=move || match message.get() { Some((false, _)) => "field-error", _ => "hint-text" }>
                {move || message.get().map(|(_, text)| text)}
            </p>
        </form>
    }
}
