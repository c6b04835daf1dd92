//! The audit stream (R30): every Token Logs entry and every policy or role
//! change of an organization, delivered to the destination its system
//! administrators set, as signed NDJSON batches (shared/src/audit_stream.rs
//! says the format).
//!
//! - What to send is in D1: `audit_outbox`, filled in the same transaction
//!   as each Token Logs entry (a trigger) and with each change, numbered by
//!   one sequence. The organization's cursor says what was accepted.
//! - A minute's Cron Trigger finds the streams with events waiting and no
//!   pause in force, and puts one message each on the notifications queue;
//!   the consumer posts the next batch from the cursor and, when it is
//!   accepted, moves the cursor (only from where it read it) and queues the
//!   next batch at once. So delivery is in order and at least once: a batch
//!   posted twice (a retry, two consumers at once) carries the same ids.
//! - A failed attempt pauses the stream, the pause doubling with each
//!   failure up to an hour; when it has failed for an hour the system
//!   administrators get a notice, once until it delivers again.
//! - Each token event carries the token's id and, for a use of a string,
//!   the SHA-256 of the string presented (`token_hash`), never the string.

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tessera_shared::audit_stream::{
    AuditStreamRequest, AuditStreamSaved, AuditStreamStatus, BATCH_EVENT, BATCH_SIZE,
    FAILING_NOTICE_SECONDS, StreamKind, parse_splunk_token,
};
use tessera_shared::notices::{NoticeKind, parse_webhook_url};
use tessera_shared::{ApiError, ErrorCode};
use worker::{D1Database, D1PreparedStatement, Env};

use super::outbound::{self, Outbound};
use super::webhook::{Signed, post_signed, signing_key};
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, SystemAdministrator};
use crate::store::{audit_stream, logins, notices};
use crate::{clock, config, sealed};

/// The longest pause after failures.
const MOST_PAUSE_SECONDS: i64 = 60 * 60;

/// The stream's signing secret at `version`: derived, never stored, and
/// never the webhook's.
pub fn stream_secret(key: &str, organization_id: i64, version: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(
        format!("tessera audit stream signing secret/{organization_id}/{version}").as_bytes(),
    );
    format!("whsec_{}", crate::secret::hex(&mac.finalize().into_bytes()))
}

pub async fn status(
    bindings: &Bindings,
    admin: &SystemAdministrator,
) -> AppResult<AuditStreamStatus> {
    let record = audit_stream::of_organization(&bindings.db, admin.actor().organization_id).await?;
    Ok(record.map(view).unwrap_or_default())
}

fn view(record: audit_stream::StreamRecord) -> AuditStreamStatus {
    AuditStreamStatus {
        url: Some(record.url),
        kind: match record.kind.as_str() {
            SPLUNK => StreamKind::SplunkHec,
            _ => StreamKind::Webhook,
        },
        waiting: record.waiting,
        oldest_waiting_at: record.oldest_waiting_ms.map(|ms| clock::rfc3339(ms / 1000)),
        last_delivered_at: record.last_delivered_at.map(clock::rfc3339),
        failing_since: record.failing_since.map(clock::rfc3339),
        last_error: record.last_error,
        next_attempt_at: record.retry_at.map(clock::rfc3339),
    }
}

/// Sets or removes the destination; a new address, or `new_secret`, gets a
/// new signing secret, shown once.
pub async fn set(
    bindings: &Bindings,
    env: &Env,
    admin: &SystemAdministrator,
    request: AuditStreamRequest,
) -> AppResult<AuditStreamSaved> {
    let organization_id = admin.actor().organization_id;
    // Checked whatever else the request says: nothing it sends is ignored unread.
    if let Some(token) = request.splunk_token.as_deref()
        && parse_splunk_token(token).is_none()
    {
        return Err(splunk_token_refused(
            "A Splunk HEC token is 1 to 200 visible characters, with no spaces.",
        ));
    }
    let url = match request.url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => Some(parse_webhook_url(url).map_err(|_| {
            AppError::Refused(
                ApiError::new(
                    ErrorCode::ValidationFailed,
                    "Enter the destination's address: https://, or http:// to this machine only (localhost).",
                )
                .on_field("url"),
            )
        })?),
    };
    let Some(url) = url else {
        audit_stream::remove(&bindings.db, organization_id).await?;
        return Ok(AuditStreamSaved {
            status: AuditStreamStatus::default(),
            secret: None,
        });
    };
    let key = signing_key(env)?;
    let before = audit_stream::of_organization(&bindings.db, organization_id).await?;
    let sealed = match (request.kind, request.splunk_token.as_deref()) {
        (StreamKind::Webhook, _) => None,
        (StreamKind::SplunkHec, Some(token)) => {
            let token = parse_splunk_token(token).ok_or_else(|| {
                splunk_token_refused(
                    "A Splunk HEC token is 1 to 200 visible characters, with no spaces.",
                )
            })?;
            Some(sealed::seal(&key, SPLUNK_PURPOSE, token).await?)
        }
        (StreamKind::SplunkHec, None) => {
            let kept = before.as_ref().is_some_and(|before| {
                before.kind == SPLUNK && before.splunk_token_sealed.is_some()
            });
            if !kept {
                return Err(splunk_token_refused(
                    "Enter the Splunk HTTP Event Collector token.",
                ));
            }
            None
        }
    };
    let renewed = request.new_secret || before.is_none_or(|before| before.url != url);
    let destination = audit_stream::Destination {
        url: &url,
        kind: match request.kind {
            StreamKind::Webhook => "webhook",
            StreamKind::SplunkHec => SPLUNK,
        },
        splunk_token_sealed: sealed.as_deref(),
    };
    let version = audit_stream::set(
        &bindings.db,
        organization_id,
        destination,
        request.new_secret,
    )
    .await?;
    Ok(AuditStreamSaved {
        status: status(bindings, admin).await?,
        // Splunk authenticates by its token: no signing secret to copy.
        secret: (renewed && request.kind == StreamKind::Webhook)
            .then(|| stream_secret(&key, organization_id, version)),
    })
}

/// What a Splunk destination's stored `kind` and its token's purpose are.
const SPLUNK: &str = "splunk_hec";
const SPLUNK_PURPOSE: &str = "splunk hec token";

fn splunk_token_refused(message: &str) -> AppError {
    AppError::Refused(ApiError::new(ErrorCode::ValidationFailed, message).on_field("splunk_token"))
}

/// A policy or role change for the stream, if the organization has one:
/// the statement to batch right after the one that makes the change
/// (`store::audit_stream::change_event`), so both are written or neither.
pub fn change(
    db: &D1Database,
    organization_id: i64,
    event: Value,
    changed: audit_stream::Changed,
) -> AppResult<D1PreparedStatement> {
    let at_ms = clock::Moment::now().ms();
    audit_stream::change_event(db, organization_id, at_ms, &event.to_string(), changed)
}

/// The minute's run: a queue message for each stream with events waiting,
/// and the notice to the administrators of each stream failing for an hour.
pub async fn tick(env: &Env, db: &D1Database, now: i64) -> AppResult<usize> {
    let due = audit_stream::due(db, now).await?;
    let messages: Vec<Outbound> = due
        .iter()
        .map(|organization_id| Outbound::AuditStream {
            organization_id: *organization_id,
        })
        .collect();
    outbound::send(env, messages).await?;
    for (organization_id, url) in
        audit_stream::claim_failing_notices(db, now - FAILING_NOTICE_SECONDS).await?
    {
        let message = format!(
            "The audit stream to {url} has failed for more than an hour: its events wait and are sent, in order, once it answers again. See Organization settings."
        );
        let mut statements = Vec::new();
        for admin in logins::system_admin_ids(db, organization_id).await? {
            statements.push(notices::insert(
                db,
                organization_id,
                admin,
                None,
                NoticeKind::AuditStream,
                &message,
                now,
            )?);
        }
        if !statements.is_empty() {
            db.batch(statements).await?;
        }
    }
    Ok(due.len())
}

/// One attempt at the organization's next batch; whether another batch
/// should follow at once.
pub async fn deliver(env: &Env, organization_id: i64) -> AppResult<bool> {
    let db = crate::services::database(env)?;
    let Some(stream) = audit_stream::of_organization(&db, organization_id).await? else {
        return Ok(false);
    };
    let now = clock::now();
    if stream.retry_at.is_some_and(|at| at > now) {
        return Ok(false);
    }
    let from = stream.delivered_seq;
    let batch = audit_stream::next_batch(&db, organization_id, from, BATCH_SIZE).await?;
    let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
        return Ok(false);
    };
    let (first, last) = (first.seq, last.seq);
    let key = signing_key(env)?;
    let secret = stream_secret(&key, organization_id, stream.secret_version);
    let delivery = format!("{first}-{last}");
    let (body, content_type, authorization) = match stream.kind.as_str() {
        SPLUNK => {
            let sealed_token = stream.splunk_token_sealed.as_deref().unwrap_or_default();
            let token = sealed::open(&key, SPLUNK_PURPOSE, sealed_token).await?;
            let body: String = batch.iter().map(splunk_event).collect();
            (body, "application/json", Some(format!("Splunk {token}")))
        }
        _ => (
            batch.iter().map(line).collect(),
            "application/x-ndjson",
            None,
        ),
    };
    let signed = Signed {
        event: BATCH_EVENT,
        delivery: &delivery,
        content_type,
        body: &body,
        authorization: authorization.as_deref(),
    };
    let timeout = config::webhook_timeout_seconds(env);
    let outcome = post_signed(&stream.url, &secret, timeout, signed).await;
    let now = clock::now();
    match outcome {
        Ok(status) if (200..300).contains(&status) => {
            let moved = audit_stream::delivered(&db, organization_id, from, last, now).await?;
            Ok(moved && batch.len() as i64 == BATCH_SIZE)
        }
        answer => {
            let error = match answer {
                Ok(status) => format!("the destination answered {status}"),
                Err(failure) => failure.to_string(),
            };
            let base = i64::from(config::webhook_retry_seconds(env));
            let pause = (base << stream.failures.clamp(0, 16)).min(MOST_PAUSE_SECONDS);
            audit_stream::failed(&db, organization_id, &error, now + pause, now).await?;
            Ok(false)
        }
    }
}

/// One event: its id, its time, and what it records.
fn event(row: &audit_stream::OutboxRow) -> Value {
    let mut event: Value = serde_json::from_str(&row.event).unwrap_or_else(|_| json!({}));
    if let Some(fields) = event.as_object_mut() {
        fields.insert("id".into(), row.seq.into());
        fields.insert("at".into(), clock::rfc3339_ms(row.at_ms).into());
        fields.retain(|_, value| !value.is_null());
    }
    event
}

/// The event as its NDJSON line.
fn line(row: &audit_stream::OutboxRow) -> String {
    format!("{}\n", event(row))
}

/// The event in Splunk HEC's envelope: its time in seconds, where it comes
/// from, and the event itself (HEC takes them one after another).
fn splunk_event(row: &audit_stream::OutboxRow) -> String {
    let envelope = json!({
        "time": row.at_ms as f64 / 1000.0,
        "source": "tessera",
        "sourcetype": "tessera:audit",
        "event": event(row),
    });
    format!("{envelope}\n")
}
