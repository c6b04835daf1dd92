//! The organization webhook, for system administrators: its address, its
//! signing secret (shown once, when new), a test delivery, and how the
//! latest deliveries went.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::notices::{SIGNATURE_HEADER, WebhookDelivery};

use crate::api;
use crate::components::grid::{EmptyRow, Grid};
use crate::components::short_time;
use crate::session::use_session;

#[component]
pub fn WebhookSettings() -> impl IntoView {
    let state = use_session();
    let url = RwSignal::new(String::new());
    let secret = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<(bool, String)>);
    // A refused address, shown under its field.
    let url_error = RwSignal::new(None::<String>);
    let deliveries = RwSignal::new(Vec::<WebhookDelivery>::new());
    let reload = move || {
        spawn_local(async move {
            if let Ok(list) = api::webhook_deliveries().await {
                deliveries.set(list.deliveries);
            }
        });
    };
    spawn_local(async move {
        if let Ok(settings) = api::organization().await {
            url.set(settings.webhook_url.unwrap_or_default());
        }
    });
    reload();

    let save = move |new_secret: bool| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let address = Some(url.get_untracked().trim().to_owned()).filter(|u| !u.is_empty());
        url_error.set(None);
        message.set(None);
        spawn_local(async move {
            match api::set_webhook(&session, address, new_secret).await {
                Ok(saved) => {
                    secret.set(saved.signing_secret);
                    message.set(Some((
                        true,
                        match saved.url {
                            Some(_) => "Webhook saved.".into(),
                            None => "Webhook removed: nothing is delivered.".into(),
                        },
                    )));
                }
                Err(error) if error.field() == Some("url") => url_error.set(Some(error.message())),
                Err(error) => message.set(Some((false, error.message()))),
            }
        });
    };
    let send_test = move |_| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::test_webhook(&session).await {
                Ok(_) => {
                    message.set(Some((
                        true,
                        "Test delivery sent: Refresh shows how it went.".into(),
                    )));
                    reload();
                }
                Err(error) => message.set(Some((false, error.message()))),
            }
        });
    };

    view! {
        <section class="policy webhook" aria-labelledby="webhook-title">
            <h2 id="webhook-title">"Webhook"</h2>
            <p class="hint-text">"Tessera posts token warnings (expiring, unused, revoked by policy) to this address as JSON, signed in the "
                <code>{SIGNATURE_HEADER}</code>" header: " <code>"sha256="</code>
                " and the HMAC-SHA256 of the body, keyed with the signing secret."</p>
            <form novalidate on:submit=move |event: leptos::ev::SubmitEvent| { event.prevent_default(); save(false); }>
                <label for="webhook-url">"Address"</label>
                <div class="inline">
                    <input id="webhook-url" name="webhook_url" type="url" placeholder="https://hooks.example.com/tessera"
                        aria-invalid=move || url_error.with(Option::is_some).to_string()
                        aria-describedby="webhook-url-error" bind:value=url/>
                    <button type="submit" class="secondary">"Save webhook"</button>
                </div>
                <p id="webhook-url-error" class="field-error" role="alert">{move || url_error.get()}</p>
            </form>
            <div class="inline">
                <button type="button" class="secondary" on:click=move |_| save(true)>"New signing secret"</button>
                <button type="button" class="secondary" on:click=send_test>"Send test delivery"</button>
                <button type="button" class="secondary" on:click=move |_| reload()>"Refresh"</button>
            </div>
            {move || secret.get().map(|secret| view! {
                <div class="signing-secret">
                    <label for="webhook-secret">"Signing secret"</label>
                    <input id="webhook-secret" readonly value=secret/>
                    <p class="warning">"Copy it now: it will not be shown again. New signing secret replaces it."</p>
                </div>
            })}
            <p role="status" class=move || match message.get() { Some((false, _)) => "field-error", _ => "hint-text" }>
                {move || message.get().map(|(_, text)| text)}
            </p>
            <Grid label="Webhook deliveries">
                <thead>
                    <tr>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Event"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Attempts"</th>
                        <th scope="col">"Last answer"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let list = deliveries.get();
                        if list.is_empty() {
                            view! { <EmptyRow columns=5 text="No deliveries yet."/> }.into_any()
                        } else {
                            list.into_iter().map(|delivery| view! {
                                <tr>
                                    <td>{short_time(&delivery.created_at)}</td>
                                    <td>{delivery.event}</td>
                                    <td>{delivery.state.label()}</td>
                                    <td>{delivery.attempts}</td>
                                    <td>{delivery.last_status.map(|s| format!("HTTP {s}"))
                                        .or(delivery.last_error).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view().into_any()
                        }
                    }}
                </tbody>
            </Grid>
        </section>
    }
}
