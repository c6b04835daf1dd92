//! The organization webhook (issue 12): where a system administrator has
//! Tessera's events delivered, each signed so the receiver knows it came
//! from Tessera and was not changed on the way.
//!
//! - The signing secret is never stored: it is derived from the worker's
//!   `WEBHOOK_SIGNING_KEY`, the organization and a version the
//!   administrator bumps to replace it, and shown once.
//! - A delivery's signature is `sha256=` and the hex HMAC-SHA256 of the
//!   exact body, keyed with the secret's text, in `Tessera-Signature-256`
//!   (GitHub's `X-Hub-Signature-256` recipe).
//! - Deliveries go through the notifications queue; one that fails is
//!   retried with a pause that doubles each time, `MAX_ATTEMPTS` times in
//!   all, and each attempt's outcome is kept for the portal to show.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tessera_shared::access::Actor;
use tessera_shared::notices::{
    DELIVERY_HEADER, DeliveryList, DeliveryState, EVENT_HEADER, SIGNATURE_HEADER, WebhookDelivery,
    WebhookRequest, WebhookSaved, parse_webhook_url,
};
use tessera_shared::{ApiError, ErrorCode};
use worker::{Env, Fetch, Headers, Method, Request, RequestInit, RequestRedirect};

use super::Bindings;
use super::outbound::{self, Outbound};
use crate::error::{AppError, AppResult};
use crate::store::webhooks::{self, DeliveryRecord};
use crate::{clock, config};

/// Tries of one delivery, the first included.
pub const MAX_ATTEMPTS: i64 = 6;

/// The organization's signing secret at `version`.
pub fn signing_secret(key: &str, organization_id: i64, version: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("tessera webhook signing secret/{organization_id}/{version}").as_bytes());
    format!(
        "whsec_{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// `Tessera-Signature-256` for `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256={hex}")
}

fn signing_key(env: &Env) -> AppResult<String> {
    config::webhook_signing_key(env).ok_or_else(|| {
        AppError::Refused(ApiError::new(
            ErrorCode::Unavailable,
            "This Tessera has no WEBHOOK_SIGNING_KEY to sign deliveries with: its operator must set one.",
        ))
    })
}

/// What only a system administrator may do with the webhook.
fn system_admin_only(actor: &Actor) -> AppResult<()> {
    super::organization::system_admins_only(
        actor,
        "Only system administrators can manage the organization's webhook.",
    )
}

/// Saves the address (or removes it). The signing secret is shown when it
/// is new: the first address, or `new_secret`.
pub async fn set(
    bindings: &Bindings,
    env: &Env,
    actor: &Actor,
    request: WebhookRequest,
) -> AppResult<WebhookSaved> {
    system_admin_only(actor)?;
    let url = match request.url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => Some(parse_webhook_url(url)?),
    };
    let key = signing_key(env)?;
    let before = webhooks::of_organization(&bindings.db, actor.organization_id).await?;
    let version = webhooks::save(
        &bindings.db,
        actor.organization_id,
        url.as_deref(),
        request.new_secret,
    )
    .await?;
    let secret_is_new = url.is_some() && (request.new_secret || before.webhook_url.is_none());
    Ok(WebhookSaved {
        signing_secret: secret_is_new.then(|| signing_secret(&key, actor.organization_id, version)),
        url,
    })
}

/// The organization's latest deliveries.
pub async fn deliveries(bindings: &Bindings, actor: &Actor) -> AppResult<DeliveryList> {
    system_admin_only(actor)?;
    let records = webhooks::latest(&bindings.db, actor.organization_id).await?;
    Ok(DeliveryList {
        deliveries: records.into_iter().map(view).collect(),
    })
}

/// Sends a `ping` to the webhook now, so an administrator can check it.
pub async fn ping(
    bindings: &Bindings,
    env: &Env,
    actor: &Actor,
    now: i64,
) -> AppResult<WebhookDelivery> {
    system_admin_only(actor)?;
    signing_key(env)?;
    let webhook = webhooks::of_organization(&bindings.db, actor.organization_id).await?;
    let Some(url) = webhook.webhook_url else {
        return Err(AppError::refused(
            ErrorCode::EditConflict,
            "Set the webhook's address first.",
        ));
    };
    let body = serde_json::json!({
        "event": "ping",
        "sent_at": clock::rfc3339(now),
        "message": "A test delivery from Tessera.",
    });
    let message =
        queue_delivery(&bindings.db, actor.organization_id, &url, "ping", body, now).await?;
    let Outbound::Webhook { delivery_id } = message else {
        return Err(AppError::Internal(
            "a delivery that is not a webhook".into(),
        ));
    };
    outbound::send(env, vec![message]).await?;
    let record = webhooks::find(&bindings.db, delivery_id)
        .await?
        .ok_or_else(|| AppError::Internal("the delivery just made is missing".into()))?;
    Ok(view(record))
}

/// Records a pending delivery of `event` and returns its queue message.
/// The body names the delivery, so a receiver can tell retries apart.
pub async fn queue_delivery(
    db: &worker::D1Database,
    organization_id: i64,
    url: &str,
    event: &str,
    mut body: serde_json::Value,
    now: i64,
) -> AppResult<Outbound> {
    body["event"] = event.into();
    let text = serde_json::to_string(&body)
        .map_err(|error| AppError::Internal(format!("a webhook body: {error}")))?;
    let delivery_id = webhooks::insert(db, organization_id, event, url, &text, now).await?;
    Ok(Outbound::Webhook { delivery_id })
}

/// One attempt at delivery `delivery_id`: `None` when it is done (delivered,
/// given up, or gone), or the seconds to wait before the next attempt.
pub async fn deliver(env: &Env, delivery_id: i64) -> AppResult<Option<u32>> {
    let db = super::database(env)?;
    let Some(delivery) = webhooks::find(&db, delivery_id).await? else {
        return Ok(None);
    };
    if delivery.state != "pending" {
        return Ok(None);
    }
    let secret_version = webhooks::of_organization(&db, delivery.organization_id)
        .await?
        .webhook_secret_version;
    let key = signing_key(env)?;
    let secret = signing_secret(&key, delivery.organization_id, secret_version);
    let outcome = post(&delivery, &secret).await;
    let now = clock::now();
    let (status, error) = match &outcome {
        Ok(status) if (200..300).contains(status) => {
            webhooks::record_attempt(&db, delivery_id, "delivered", Some(*status), None, now)
                .await?;
            return Ok(None);
        }
        Ok(status) => (Some(*status), None),
        Err(error) => (None, Some(error.as_str())),
    };
    let attempts = delivery.attempts + 1;
    let last = attempts >= MAX_ATTEMPTS;
    let state = if last { "failed" } else { "pending" };
    webhooks::record_attempt(&db, delivery_id, state, status, error, now).await?;
    Ok((!last)
        .then(|| config::webhook_retry_seconds(env).saturating_mul(1 << (attempts - 1).min(16))))
}

/// Posts the delivery's body, signed; the receiver's status, or why there was none.
async fn post(delivery: &DeliveryRecord, secret: &str) -> Result<i64, String> {
    let headers = Headers::new();
    let set = |name: &str, value: &str| headers.set(name, value).map_err(|e| e.to_string());
    set("content-type", "application/json")?;
    set("user-agent", "Tessera-Webhook")?;
    set(EVENT_HEADER, &delivery.event)?;
    set(DELIVERY_HEADER, &delivery.id.to_string())?;
    set(
        SIGNATURE_HEADER,
        &signature(secret, delivery.body.as_bytes()),
    )?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual)
        .with_body(Some(delivery.body.clone().into()));
    let request = Request::new_with_init(&delivery.url, &init).map_err(|e| e.to_string())?;
    match Fetch::Request(request).send().await {
        Ok(response) => Ok(i64::from(response.status_code())),
        Err(error) => Err(format!("could not reach the webhook: {error}")),
    }
}

fn view(record: DeliveryRecord) -> WebhookDelivery {
    WebhookDelivery {
        id: record.id,
        event: record.event,
        url: record.url,
        state: match record.state.as_str() {
            "delivered" => DeliveryState::Delivered,
            "failed" => DeliveryState::Failed,
            _ => DeliveryState::Pending,
        },
        attempts: record.attempts,
        last_status: record.last_status,
        last_error: record.last_error,
        created_at: clock::rfc3339(record.created_at),
        last_attempt_at: record.last_attempt_at.map(clock::rfc3339),
    }
}
