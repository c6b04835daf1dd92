//! The audit stream (R30): every Token Logs entry and every policy or role
//! change of an organization, delivered to its own endpoint as signed NDJSON
//! batches, at least once and in order, from a stored cursor.
//!
//! A batch is `POST`ed with `content-type: application/x-ndjson`, one event
//! per line in the order they happened, signed like the webhook
//! (`Tessera-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, keyed with
//! the stream's own secret). Each event has an `id` that only grows; a batch
//! sent again after a failure carries the same ids, so a receiver drops the
//! ids it has seen. `Tessera-Delivery` says `<first id>-<last id>`.

use serde::{Deserialize, Serialize};

/// `Tessera-Event` of a batch.
pub const BATCH_EVENT: &str = "audit.batch";
/// The most events one batch carries.
pub const BATCH_SIZE: i64 = 200;
/// A destination failing this long gets the system administrators a notice.
pub const FAILING_NOTICE_SECONDS: i64 = 60 * 60;

/// `PUT /api/organization/audit-stream`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditStreamRequest {
    /// `https://`, or `http://` to this machine; null: no stream.
    pub url: Option<String>,
    /// Replace the signing secret even though the address stays.
    #[serde(default)]
    pub new_secret: bool,
}

/// The stream as the portal shows it (`GET /api/organization/audit-stream`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditStreamStatus {
    /// Where events go; `None`: nowhere.
    pub url: Option<String>,
    /// Events recorded and not yet accepted by the destination.
    pub waiting: i64,
    /// RFC 3339: when the oldest waiting event happened (the lag's start).
    pub oldest_waiting_at: Option<String>,
    /// RFC 3339: the last batch the destination accepted.
    pub last_delivered_at: Option<String>,
    /// RFC 3339: since when every attempt has failed; `None`: it is not failing.
    pub failing_since: Option<String>,
    /// What the last failed attempt got.
    pub last_error: Option<String>,
    /// RFC 3339: no attempt before then (it failed; the pause doubles).
    pub next_attempt_at: Option<String>,
}

/// `PUT /api/organization/audit-stream`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditStreamSaved {
    pub status: AuditStreamStatus,
    /// The signing secret, shown this once: after a new address or `new_secret`.
    pub secret: Option<String>,
}
