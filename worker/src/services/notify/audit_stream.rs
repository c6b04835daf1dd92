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
    FAILING_NOTICE_SECONDS,
};
use tessera_shared::notices::{NoticeKind, parse_webhook_url};
use tessera_shared::{ApiError, ErrorCode};
use worker::{D1Database, Env};

use super::outbound::{self, Outbound};
use super::webhook::{Signed, post_signed, signing_key};
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, SystemAdministrator};
use crate::store::{audit_stream, logins, notices};
use crate::{clock, config};

/// The longest pause after failures.
const MOST_PAUSE_SECONDS: i64 = 60 * 60;

/// The stream's signing secret at `version`: derived, never stored, and
/// never the webhook's.
pub fn stream_secret(key: &str, organization_id: i64, version: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key");
    mac.update(
        format!("tessera audit stream signing secret/{organization_id}/{version}").as_bytes(),
    );
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("whsec_{hex}")
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
    let renewed = request.new_secret || before.is_none_or(|before| before.url != url);
    let version =
        audit_stream::set(&bindings.db, organization_id, &url, request.new_secret).await?;
    Ok(AuditStreamSaved {
        status: status(bindings, admin).await?,
        secret: renewed.then(|| stream_secret(&key, organization_id, version)),
    })
}

/// Records a policy or role change for the stream, if the organization has one.
pub async fn record_change(db: &D1Database, organization_id: i64, event: Value) -> AppResult<()> {
    let at_ms = clock::Moment::now().ms();
    audit_stream::change_event(db, organization_id, at_ms, &event.to_string())?
        .run()
        .await?;
    Ok(())
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
    let body: String = batch.iter().map(line).collect();
    let secret = stream_secret(&signing_key(env)?, organization_id, stream.secret_version);
    let signed = Signed {
        event: BATCH_EVENT,
        delivery: &format!("{first}-{last}"),
        content_type: "application/x-ndjson",
        body: &body,
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

/// One event as its NDJSON line: its id, its time, and what it records.
fn line(row: &audit_stream::OutboxRow) -> String {
    let mut event: Value = serde_json::from_str(&row.event).unwrap_or_else(|_| json!({}));
    if let Some(fields) = event.as_object_mut() {
        fields.insert("id".into(), row.seq.into());
        fields.insert("at".into(), clock::rfc3339_ms(row.at_ms).into());
        fields.retain(|_, value| !value.is_null());
    }
    format!("{event}\n")
}
