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

/// What the destination is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    /// Signed NDJSON batches, as the webhook signs its deliveries.
    #[default]
    Webhook,
    /// A Splunk HTTP Event Collector (`/services/collector/event`): each
    /// event in HEC's envelope, `Authorization: Splunk <token>`.
    SplunkHec,
}

/// `PUT /api/organization/audit-stream`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditStreamRequest {
    /// `https://`, or `http://` to this machine; null: no stream.
    pub url: Option<String>,
    #[serde(default)]
    pub kind: StreamKind,
    /// A Splunk HEC token (1 to 200 visible ASCII characters): required for
    /// a new Splunk destination, kept when left out. Stored sealed, never shown.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    #[serde(default)]
    pub splunk_token: Option<String>,
    /// Replace the signing secret even though the address stays.
    #[serde(default)]
    pub new_secret: bool,
}

/// The longest Splunk HEC token accepted.
pub const MAX_SPLUNK_TOKEN: usize = 200;

/// A Splunk HEC token as sent: trimmed, 1 to [`MAX_SPLUNK_TOKEN`] visible
/// ASCII characters (it goes into a header).
pub fn parse_splunk_token(input: &str) -> Option<&str> {
    let token = input.trim();
    (!token.is_empty()
        && token.len() <= MAX_SPLUNK_TOKEN
        && token.bytes().all(|b| b.is_ascii_graphic()))
    .then_some(token)
}

/// The stream as the portal shows it (`GET /api/organization/audit-stream`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditStreamStatus {
    /// Where events go; `None`: nowhere.
    pub url: Option<String>,
    #[serde(default)]
    pub kind: StreamKind,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_splunk_token_is_visible_ascii_and_bounded() {
        assert_eq!(
            parse_splunk_token(" 12345678-abcd-ef00 "),
            Some("12345678-abcd-ef00")
        );
        assert_eq!(parse_splunk_token(""), None);
        assert_eq!(parse_splunk_token("with space"), None);
        assert_eq!(parse_splunk_token("line\nbreak"), None);
        assert_eq!(parse_splunk_token(&"x".repeat(201)), None);
    }
}
