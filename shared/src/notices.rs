//! What Tessera tells people about their tokens without being asked:
//! portal notices, and the organization webhook's deliveries (R18, R21).

use serde::{Deserialize, Serialize};

/// One notice for the signed-in login, shown until dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i64,
    /// The token it is about, if it is about one.
    pub token_id: Option<i64>,
    pub message: String,
    /// RFC 3339 (UTC).
    pub created_at: String,
}

/// `GET /api/notices`: the signed-in login's notices, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeList {
    pub notices: Vec<Notice>,
}

/// `PUT /api/organization/webhook`: where the organization's events go.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// An `https://` address (`http://` only for localhost); null: no webhook.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub url: Option<String>,
    /// Replace the signing secret: deliveries are signed with the new one at once.
    #[serde(default)]
    pub new_secret: bool,
}

/// The webhook as saved. The signing secret is shown only when it is new
/// (the first URL, or `new_secret`): it is never stored, and never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSaved {
    pub url: Option<String>,
    pub signing_secret: Option<String>,
}

/// How a delivery went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not delivered yet: being tried, or waiting for its next try.
    Pending,
    Delivered,
    /// Every try failed.
    Failed,
}

impl DeliveryState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Delivered => "Delivered",
            Self::Failed => "Failed",
        }
    }
}

/// One webhook delivery, as the organization page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: i64,
    /// `token.expiring`, `token.stale`, `token.revoked_stale` or `ping`.
    pub event: String,
    pub url: String,
    pub state: DeliveryState,
    pub attempts: i64,
    /// The last attempt's HTTP status, when the receiver answered.
    pub last_status: Option<i64>,
    /// Why the last attempt failed, in words.
    pub last_error: Option<String>,
    /// RFC 3339 (UTC).
    pub created_at: String,
    pub last_attempt_at: Option<String>,
}

/// `GET /api/organization/webhook/deliveries`: the latest, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryList {
    pub deliveries: Vec<WebhookDelivery>,
}

/// The longest webhook address accepted.
pub const MAX_WEBHOOK_URL_LEN: usize = 2000;

/// The header that carries a delivery's signature: `sha256=` and the
/// lowercase hex HMAC-SHA256 of the exact body, keyed with the signing
/// secret's text (as GitHub's `X-Hub-Signature-256`).
pub const SIGNATURE_HEADER: &str = "tessera-signature-256";
/// The event's name, and the delivery's id (the same on every retry).
pub const EVENT_HEADER: &str = "tessera-event";
pub const DELIVERY_HEADER: &str = "tessera-delivery";

/// A webhook address: `https://`, or `http://` to this machine (local
/// development), with a host, at most `MAX_WEBHOOK_URL_LEN` long.
pub fn parse_webhook_url(url: &str) -> Result<String, crate::ValidationError> {
    let url = url.trim();
    let refused = Err(crate::ValidationError::WebhookUrlInvalid);
    if url.len() > MAX_WEBHOOK_URL_LEN || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refused;
    }
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit_once(':').map_or(host, |(host, _)| host);
        if !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
            return refused;
        }
        rest
    } else {
        return refused;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains('@') {
        return refused;
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_is_https_or_plain_http_to_this_machine() {
        for good in [
            "https://hooks.example.com/tessera",
            " https://hooks.example.com:8443/x?y=1 ",
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
        ] {
            assert!(parse_webhook_url(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "hooks.example.com",
            "http://hooks.example.com/x",
            "ftp://example.com",
            "https://",
            "https://user:pw@example.com/",
            "https://exa mple.com/",
            "javascript:alert(1)",
        ] {
            assert!(parse_webhook_url(bad).is_err(), "{bad}");
        }
        assert!(parse_webhook_url(&format!("https://e.com/{}", "a".repeat(2000))).is_err());
    }
}
