//! The audit stream (R30), for system administrators: where every Token
//! Logs entry and policy or role change goes, its signing secret (shown
//! once, when new), and how far behind it is.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::audit_stream::{AuditStreamRequest, AuditStreamStatus, StreamKind};
use tessera_shared::notices::SIGNATURE_HEADER;

use crate::api;
use crate::components::short_time;
use crate::session::use_session;

#[component]
pub fn AuditStreamSettings() -> impl IntoView {
    let state = use_session();
    let url = RwSignal::new(String::new());
    let secret = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<(bool, String)>);
    let url_error = RwSignal::new(None::<String>);
    let splunk = RwSignal::new(false);
    let splunk_token = RwSignal::new(String::new());
    let token_error = RwSignal::new(None::<String>);
    let status = RwSignal::new(AuditStreamStatus::default());
    let refresh = move || {
        spawn_local(async move {
            if let Ok(now) = api::audit_stream().await {
                status.set(now);
            }
        });
    };
    spawn_local(async move {
        if let Ok(now) = api::audit_stream().await {
            url.set(now.url.clone().unwrap_or_default());
            splunk.set(now.kind == StreamKind::SplunkHec);
            status.set(now);
        }
    });

    let save = move |new_secret: bool| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let address = Some(url.get_untracked().trim().to_owned()).filter(|u| !u.is_empty());
        let request = AuditStreamRequest {
            url: address,
            kind: match splunk.get_untracked() {
                true => StreamKind::SplunkHec,
                false => StreamKind::Webhook,
            },
            splunk_token: Some(splunk_token.get_untracked().trim().to_owned())
                .filter(|token| !token.is_empty()),
            new_secret,
        };
        url_error.set(None);
        token_error.set(None);
        message.set(None);
        spawn_local(async move {
            match api::set_audit_stream(&session, &request).await {
                Ok(saved) => {
                    secret.set(saved.secret);
                    message.set(Some((
                        true,
                        match saved.status.url {
                            Some(_) => "Audit stream saved: events from now on are sent.".into(),
                            None => "Audit stream removed: nothing is sent.".into(),
                        },
                    )));
                    status.set(saved.status);
                    splunk_token.set(String::new());
                }
                Err(error) if error.field() == Some("url") => url_error.set(Some(error.message())),
                Err(error) if error.field() == Some("splunk_token") => {
                    token_error.set(Some(error.message()))
                }
                Err(error) => message.set(Some((false, error.message()))),
            }
        });
    };
    let health = move || {
        let now = status.get();
        now.url.as_ref()?;
        let lag = match (&now.oldest_waiting_at, now.waiting) {
            (Some(oldest), waiting) if waiting > 0 => format!(
                "{} waiting, the oldest from {}.",
                tessera_shared::words::count(waiting, "event"),
                short_time(oldest)
            ),
            _ => "Nothing waiting: the destination has every event.".to_owned(),
        };
        let delivered = now
            .last_delivered_at
            .as_deref()
            .map(|at| format!(" Last delivery accepted {}.", short_time(at)))
            .unwrap_or_default();
        let failing = match (&now.failing_since, &now.last_error) {
            (Some(since), error) => format!(
                " Failing since {}: {}. Tessera tries again{}.",
                short_time(since),
                error.clone().unwrap_or_default(),
                now.next_attempt_at
                    .as_deref()
                    .map(|at| format!(" at {}", short_time(at)))
                    .unwrap_or_default()
            ),
            _ => String::new(),
        };
        Some((
            now.failing_since.is_some(),
            format!("{lag}{delivered}{failing}"),
        ))
    };

    view! {
        <section class="policy audit-stream" aria-labelledby="audit-stream-title">
            <h2 id="audit-stream-title">"Audit stream"</h2>
            <p class="hint-text">"Tessera posts every Token Logs entry and every policy or role change to this address, in order, as NDJSON batches signed in the "
                <code>{SIGNATURE_HEADER}</code>" header like the webhook's. A batch sent again after a failure carries the same event ids. Events carry a token's id and the SHA-256 of the string used, never the string."</p>
            <form novalidate on:submit=move |event: leptos::ev::SubmitEvent| { event.prevent_default(); save(false); }>
                <label for="audit-stream-url">"Destination"</label>
                <div class="inline">
                    <input id="audit-stream-url" name="audit_stream_url" type="url" placeholder="https://siem.example.com/tessera"
                        aria-invalid=move || url_error.with(Option::is_some).to_string()
                        aria-describedby="audit-stream-url-error" bind:value=url/>
                    <button type="submit" class="secondary">"Save audit stream"</button>
                </div>
                <p id="audit-stream-url-error" class="field-error" role="alert">{move || url_error.get()}</p>
                <label class="check">
                    <input type="checkbox" name="splunk_hec" bind:checked=splunk/>
                    "It is a Splunk HTTP Event Collector (each event in HEC's envelope, with its token)"
                </label>
                <Show when=move || splunk.get()>
                    <label for="audit-stream-splunk-token">"HEC token"</label>
                    <input id="audit-stream-splunk-token" name="splunk_token" type="password" autocomplete="off"
                        placeholder="Left empty: the saved token is kept"
                        aria-invalid=move || token_error.with(Option::is_some).to_string()
                        aria-describedby="audit-stream-splunk-token-error" bind:value=splunk_token/>
                    <p id="audit-stream-splunk-token-error" class="field-error" role="alert">{move || token_error.get()}</p>
                </Show>
            </form>
            <div class="inline">
                <button type="button" class="secondary" on:click=move |_| save(true)>"New stream secret"</button>
                <button type="button" class="secondary" on:click=move |_| refresh()>"Refresh status"</button>
            </div>
            {move || secret.get().map(|secret| view! {
                <div class="signing-secret">
                    <label for="audit-stream-secret">"Stream signing secret"</label>
                    <input id="audit-stream-secret" readonly value=secret/>
                    <p class="warning">"Copy it now: it will not be shown again. New stream secret replaces it."</p>
                </div>
            })}
            <p role="status" class=move || match message.get() { Some((false, _)) => "field-error", _ => "hint-text" }>
                {move || message.get().map(|(_, text)| text)}
            </p>
            <p class=move || match health() { Some((true, _)) => "field-error stream-health", _ => "hint-text stream-health" }>
                {move || health().map(|(_, text)| text)}
            </p>
        </section>
    }
}
