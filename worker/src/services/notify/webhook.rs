//! The organization webhook (R18, R21): where a system administrator has
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
//! - An attempt waits for the receiver at most `WEBHOOK_TIMEOUT_SECONDS`
//!   (10 s unless set), then is aborted and counts as failed. The
//!   organization's webhook is then held for a few timeouts: its deliveries
//!   wait (not counted as attempts) instead of each holding the shared queue
//!   consumer, and when the hold is over one delivery probes the receiver.
//!   So one organization's slow receiver delays another's emails and
//!   deliveries by about one timeout at most.
//! - A delivery goes to the address set when it is attempted, signed with
//!   the secret in force then; a new address gets a new secret, so nothing
//!   signed for one receiver verifies at another.
//! - Test deliveries are limited per organization (`WEBHOOK_TESTS` in
//!   wrangler.toml): a few a minute, then 429 with Retry-After.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::future::{Either, select};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tessera_shared::notices::{
    DELIVERY_HEADER, DeliveryList, DeliveryState, EVENT_HEADER, SIGNATURE_HEADER, WebhookDelivery,
    WebhookRequest, WebhookSaved, parse_webhook_url,
};
use tessera_shared::{ApiError, ErrorCode};
use worker::{
    AbortController, Delay, Env, Fetch, Headers, Method, Request, RequestInit, RequestRedirect,
};

use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, SystemAdministrator};
use crate::services::notify::outbound::{self, Outbound};
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
    format!(
        "sha256={}",
        crate::secret::hex(&mac.finalize().into_bytes())
    )
}

pub(super) fn signing_key(env: &Env) -> AppResult<String> {
    config::webhook_signing_key(env).ok_or_else(|| {
        AppError::Refused(ApiError::new(
            ErrorCode::Unavailable,
            "This Tessera has no WEBHOOK_SIGNING_KEY to sign deliveries with: its operator must set one.",
        ))
    })
}

/// Saves the address (or removes it). A new address (the first, or one
/// different from the one set) or `new_secret` moves to the next signing
/// secret, shown this once; the one before no longer signs anything.
pub async fn set(
    bindings: &Bindings,
    env: &Env,
    admin: &SystemAdministrator,
    request: WebhookRequest,
) -> AppResult<WebhookSaved> {
    let actor = &admin.actor();
    let url = match request.url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => Some(parse_webhook_url(url)?),
    };
    let key = signing_key(env)?;
    let before = webhooks::of_organization(&bindings.db, actor.organization_id).await?;
    let secret_is_new = url.is_some() && (request.new_secret || url != before.webhook_url);
    let version = webhooks::save(
        &bindings.db,
        actor.organization_id,
        url.as_deref(),
        secret_is_new,
    )
    .await?;
    Ok(WebhookSaved {
        signing_secret: secret_is_new.then(|| signing_secret(&key, actor.organization_id, version)),
        url,
    })
}

/// The organization's latest deliveries.
pub async fn deliveries(
    bindings: &Bindings,
    admin: &SystemAdministrator,
) -> AppResult<DeliveryList> {
    let actor = &admin.actor();
    let records = webhooks::latest(&bindings.db, actor.organization_id).await?;
    Ok(DeliveryList {
        deliveries: records.into_iter().map(view).collect(),
    })
}

/// Sends a `ping` to the webhook now, so an administrator can check it.
pub async fn ping(
    bindings: &Bindings,
    env: &Env,
    admin: &SystemAdministrator,
    now: i64,
) -> AppResult<WebhookDelivery> {
    let actor = &admin.actor();
    signing_key(env)?;
    let webhook = webhooks::of_organization(&bindings.db, actor.organization_id).await?;
    let Some(url) = webhook.webhook_url else {
        return Err(AppError::refused(
            ErrorCode::EditConflict,
            "Set the webhook's address first.",
        ));
    };
    if !test_allowed(env, actor.organization_id).await {
        return Err(AppError::Throttled {
            retry_after: TEST_PERIOD_SECONDS,
            message: format!(
                "Your organization sent {TEST_LIMIT} test deliveries this minute. Try again in {TEST_PERIOD_SECONDS} seconds."
            ),
        });
    }
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

/// The binding counting test deliveries per organization, and its
/// `simple` settings in wrangler.toml.
const TEST_LIMITER: &str = "WEBHOOK_TESTS";
const TEST_LIMIT: i64 = 5;
const TEST_PERIOD_SECONDS: i64 = 60;

/// Counts one test delivery of the organization; false when it is over.
async fn test_allowed(env: &Env, organization_id: i64) -> bool {
    let key = format!("organization:{organization_id}");
    crate::services::rate_limits::allows(env, TEST_LIMITER, key).await
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

/// What the queue does with a delivery's message after `deliver`.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Delivered, given up, or gone.
    Done,
    /// The attempt failed: try again after this many seconds.
    RetryIn(u32),
    /// Not attempted (the organization's webhook is held): send the
    /// message again after this many seconds, without counting an attempt.
    WaitFor(u32),
}

/// How many timeouts a webhook is held for after its receiver did not
/// answer in time: its deliveries then wait, and it takes a
/// `1 / HOLD_TIMEOUTS` share of the consumer's time at most.
const HOLD_TIMEOUTS: i64 = 6;

/// A delivery still undelivered this long after it was made is given up,
/// however few attempts a held webhook let it make.
const GIVE_UP_SECONDS: i64 = 24 * 60 * 60;

/// One attempt at delivery `delivery_id`, unless the organization's webhook
/// is held after its receiver did not answer in time: then the delivery
/// waits, and when the hold is over one delivery probes the receiver.
pub async fn deliver(env: &Env, delivery_id: i64) -> AppResult<Next> {
    let db = crate::services::database(env)?;
    let Some(delivery) = webhooks::find(&db, delivery_id).await? else {
        return Ok(Next::Done);
    };
    if delivery.state != "pending" {
        return Ok(Next::Done);
    }
    let organization_id = delivery.organization_id;
    let webhook = webhooks::of_organization(&db, organization_id).await?;
    let give_up = |error: &'static str| webhooks::Attempt {
        state: "failed",
        url: &delivery.url,
        status: None,
        error: Some(error),
    };
    let Some(url) = webhook.webhook_url.clone() else {
        let error = "The organization's webhook was removed before this was delivered.";
        webhooks::record_attempt(&db, delivery_id, give_up(error), clock::now()).await?;
        return Ok(Next::Done);
    };
    let timeout = config::webhook_timeout_seconds(env);
    let now = clock::now();
    if let Some(held_until) = webhook.webhook_held_until {
        if now - delivery.created_at > GIVE_UP_SECONDS {
            let error = "The receiver did not answer in time for a day.";
            webhooks::record_attempt(&db, delivery_id, give_up(error), now).await?;
            return Ok(Next::Done);
        }
        if held_until > now {
            return Ok(Next::WaitFor(seconds(held_until - now)));
        }
        // The hold is over: one delivery tries, the others wait for it.
        let probing_until = now + i64::from(timeout) + 5;
        if !webhooks::take_probe(&db, organization_id, held_until, probing_until).await? {
            return Ok(Next::WaitFor(seconds(probing_until - now)));
        }
    }
    let key = signing_key(env)?;
    let secret = signing_secret(&key, organization_id, webhook.webhook_secret_version);
    let outcome = post(&delivery, &url, &secret, timeout).await;
    let now = clock::now();
    match &outcome {
        Err(Failure::TimedOut(_)) => {
            let until = now + HOLD_TIMEOUTS * i64::from(timeout);
            webhooks::hold(&db, organization_id, Some(until)).await?;
        }
        // It answered (or failed at once): nothing held the consumer.
        _ if webhook.webhook_held_until.is_some() => {
            webhooks::hold(&db, organization_id, None).await?;
        }
        _ => {}
    }
    let (status, error) = match &outcome {
        Ok(status) if (200..300).contains(status) => {
            let attempt = webhooks::Attempt {
                state: "delivered",
                url: &url,
                status: Some(*status),
                error: None,
            };
            webhooks::record_attempt(&db, delivery_id, attempt, now).await?;
            return Ok(Next::Done);
        }
        Ok(status) => (Some(*status), None),
        Err(failure) => (None, Some(failure.to_string())),
    };
    let attempts = delivery.attempts + 1;
    let last = attempts >= MAX_ATTEMPTS;
    let state = if last { "failed" } else { "pending" };
    let attempt = webhooks::Attempt {
        state,
        url: &url,
        status,
        error: error.as_deref(),
    };
    webhooks::record_attempt(&db, delivery_id, attempt, now).await?;
    Ok(match last {
        true => Next::Done,
        false => Next::RetryIn(
            config::webhook_retry_seconds(env).saturating_mul(1 << (attempts - 1).min(16)),
        ),
    })
}

fn seconds(seconds: i64) -> u32 {
    u32::try_from(seconds.max(1)).unwrap_or(u32::MAX)
}

/// Why an attempt got no answer.
#[derive(Debug)]
pub(super) enum Failure {
    /// The receiver did not answer within this many seconds.
    TimedOut(u32),
    /// It could not be reached, or the request could not be made.
    Unreachable(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TimedOut(seconds) => write!(f, "timed out after {seconds} s"),
            Self::Unreachable(error) => write!(f, "could not reach the webhook: {error}"),
        }
    }
}

/// Posts the delivery's body to `url`, signed; the receiver's status, or
/// why there was none. A receiver that has not answered within
/// `timeout_seconds` is cut off.
async fn post(
    delivery: &DeliveryRecord,
    url: &str,
    secret: &str,
    timeout_seconds: u32,
) -> Result<i64, Failure> {
    let signed = Signed {
        event: &delivery.event,
        delivery: &delivery.id.to_string(),
        content_type: "application/json",
        body: &delivery.body,
        authorization: None,
    };
    post_signed(url, secret, timeout_seconds, signed).await
}

/// A signed request: what it is, its id for the receiver, and its body.
pub(super) struct Signed<'a> {
    pub event: &'a str,
    pub delivery: &'a str,
    pub content_type: &'a str,
    pub body: &'a str,
    /// The receiver's own credential, when it takes one (Splunk HEC).
    pub authorization: Option<&'a str>,
}

/// Posts `signed` to `url` with the webhook's headers and signature (the
/// audit stream's batches too); the receiver's status, or why there was
/// none. A receiver that has not answered within `timeout_seconds` is cut off.
pub(super) async fn post_signed(
    url: &str,
    secret: &str,
    timeout_seconds: u32,
    signed: Signed<'_>,
) -> Result<i64, Failure> {
    let headers = Headers::new();
    let set = |name: &str, value: &str| {
        headers
            .set(name, value)
            .map_err(|e| Failure::Unreachable(e.to_string()))
    };
    set("content-type", signed.content_type)?;
    set("user-agent", "Tessera-Webhook")?;
    set(EVENT_HEADER, signed.event)?;
    set(DELIVERY_HEADER, signed.delivery)?;
    set(SIGNATURE_HEADER, &signature(secret, signed.body.as_bytes()))?;
    if let Some(authorization) = signed.authorization {
        set("authorization", authorization)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual)
        .with_body(Some(signed.body.to_owned().into()));
    let request =
        Request::new_with_init(url, &init).map_err(|e| Failure::Unreachable(e.to_string()))?;
    let fetch = Fetch::Request(request);
    let controller = AbortController::default();
    let signal = controller.signal();
    let sending = std::pin::pin!(fetch.send_with_signal(&signal));
    let deadline = Delay::from(std::time::Duration::from_secs(timeout_seconds.into()));
    match select(sending, deadline).await {
        Either::Left((Ok(response), _)) => Ok(i64::from(response.status_code())),
        Either::Left((Err(error), _)) => Err(Failure::Unreachable(error.to_string())),
        Either::Right(((), _)) => {
            controller.abort();
            Err(Failure::TimedOut(timeout_seconds))
        }
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
