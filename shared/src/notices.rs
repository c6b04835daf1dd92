//! What Tessera tells people about their tokens without being asked:
//! portal notices, and the organization webhook's deliveries (R18, R21).

use serde::{Deserialize, Serialize};

/// One notice for the signed-in login, shown until dismissed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i64,
    /// What it is about, which decides where the portal lists it.
    pub kind: NoticeKind,
    /// The token it is about, if it is about one.
    pub token_id: Option<i64>,
    /// That token's name, if the notice is about one.
    pub token_name: Option<String>,
    /// That token's Expiry On (`YYYY-MM-DD`, UTC) as it is now.
    pub expiry_on: Option<String>,
    /// Whether that token can still be revoked (it is not revoked yet).
    pub revocable: bool,
    pub message: String,
    /// RFC 3339 (UTC).
    pub created_at: String,
}

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// The token was used from an address outside its last ones.
    NewAddress,
    /// A holder of the token's string rotated it.
    Rotated,
    /// The token's Expiry On is near.
    Expiring,
    /// The stale-token policy will revoke the token unless it is used.
    StaleSoon,
    /// The token was revoked by a policy or after a leak report.
    Revoked,
    /// The organization's token policy blocks the token until it is edited to fit (R26).
    Blocked,
    /// R27: a token waits for approval, or was approved or denied.
    Approval,
    /// R30: the organization's audit stream has failed for an hour.
    AuditStream,
    /// Anything else.
    Other,
}

impl NoticeKind {
    /// Every kind, in the order the portal lists them: what may need the
    /// person to act now comes first.
    pub const ALL: [Self; 9] = [
        Self::NewAddress,
        Self::Rotated,
        Self::Blocked,
        Self::AuditStream,
        Self::Approval,
        Self::StaleSoon,
        Self::Revoked,
        Self::Other,
        Self::Expiring,
    ];

    /// A security alert: something may have used the token that its owner
    /// does not know of, and only they can say whether it was them.
    pub fn is_alert(self) -> bool {
        matches!(self, Self::NewAddress | Self::Rotated)
    }

    /// The name it is stored under.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewAddress => "new_address",
            Self::Rotated => "rotated",
            Self::Expiring => "expiring",
            Self::StaleSoon => "stale_soon",
            Self::Revoked => "revoked",
            Self::Blocked => "blocked",
            Self::Approval => "approval",
            Self::AuditStream => "audit_stream",
            Self::Other => "other",
        }
    }

    /// The kind stored as `name`; `Other` for a name it does not know.
    pub fn from_stored(name: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .unwrap_or(Self::Other)
    }
}

/// `GET /api/notices`: the signed-in login's notices, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeList {
    pub notices: Vec<Notice>,
}

/// A login's notices as the portal lists them, most pressing first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Triage {
    /// Security alerts, newest first: each asks its owner whether it was them.
    pub alerts: Vec<Notice>,
    /// Warnings and what was done (revocations), newest first.
    pub warnings: Vec<Notice>,
    /// Expiry notices by day, the soonest day first.
    pub expiries: Vec<ExpiryGroup>,
}

/// The expiry notices of the tokens whose Expiry On is `day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryGroup {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    pub notices: Vec<Notice>,
}

impl ExpiryGroup {
    /// How many tokens: a token warned 30 and 7 days ahead counts once.
    pub fn tokens(&self) -> usize {
        let mut ids: Vec<_> = self.notices.iter().map(|notice| notice.token_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// What the group says in one line: "3 tokens expire on 2027-01-03 (UTC)".
    pub fn headline(&self) -> String {
        let tokens = self.tokens();
        let verb = if tokens == 1 { "expires" } else { "expire" };
        format!(
            "{} {verb} on {} (UTC)",
            crate::words::count(tokens as i64, "token"),
            self.day
        )
    }
}

impl Triage {
    /// `notices` sorted for a person to act on: alerts, then warnings,
    /// then expiries grouped by their token's Expiry On. An expiry notice
    /// whose token has no Expiry On any more is a plain warning.
    pub fn of(notices: &[Notice]) -> Self {
        let mut triage = Self::default();
        for notice in notices {
            match (notice.kind, &notice.expiry_on) {
                (kind, _) if kind.is_alert() => triage.alerts.push(notice.clone()),
                (NoticeKind::Expiring, Some(day)) => {
                    match triage.expiries.iter_mut().find(|group| &group.day == day) {
                        Some(group) => group.notices.push(notice.clone()),
                        None => triage.expiries.push(ExpiryGroup {
                            day: day.clone(),
                            notices: vec![notice.clone()],
                        }),
                    }
                }
                _ => triage.warnings.push(notice.clone()),
            }
        }
        triage.expiries.sort_by(|a, b| a.day.cmp(&b.day));
        triage
    }
}

/// `POST /api/notices/dismiss`: several of the signed-in login's notices
/// at once, such as a group of expiry notices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DismissNoticesRequest {
    /// 1 to 50 notice ids (JavaScript-safe whole numbers).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50, value_type = Vec<NoticeId>))]
    #[serde(deserialize_with = "crate::whole_number::list")]
    pub ids: Vec<i64>,
}

/// A notice's id as request bodies carry it, bounded as a token's is (the
/// OpenAPI document only).
#[cfg(feature = "openapi")]
pub struct NoticeId;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for NoticeId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <crate::inventory::TokenId as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for NoticeId {}

impl DismissNoticesRequest {
    /// The most notices one request dismisses: as many as the portal lists.
    pub const MAX_NOTICES: usize = 50;
}

/// What `POST /api/notices/dismiss` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticesDismissed {
    /// How many of the ids were the login's notices still shown; those are
    /// dismissed now. Ids dismissed already (in another tab, say) or not
    /// the login's are left as they are.
    pub dismissed: i64,
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

    #[test]
    fn each_kind_is_read_back_from_its_stored_name_and_alerts_come_first() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_stored(kind.as_str()), kind);
        }
        assert_eq!(NoticeKind::from_stored("unheard_of"), NoticeKind::Other);
        let alerts = NoticeKind::ALL
            .iter()
            .take_while(|kind| kind.is_alert())
            .count();
        let all_alerts = NoticeKind::ALL
            .iter()
            .filter(|kind| kind.is_alert())
            .count();
        assert_eq!((alerts, all_alerts), (2, 2), "the alerts lead the order");
        assert_eq!(NoticeKind::ALL.last(), Some(&NoticeKind::Expiring));
    }

    fn notice(id: i64, kind: NoticeKind, token_id: i64, expiry_on: Option<&str>) -> Notice {
        Notice {
            id,
            kind,
            token_id: Some(token_id),
            token_name: Some(format!("token {token_id}")),
            expiry_on: expiry_on.map(str::to_owned),
            revocable: true,
            message: format!("notice {id}"),
            created_at: "2026-12-07T00:00:00Z".into(),
        }
    }

    #[test]
    fn the_triage_puts_alerts_first_and_groups_expiries_by_day_soonest_first() {
        use NoticeKind::*;
        let list = NoticeList {
            notices: vec![
                notice(9, Expiring, 1, Some("2027-02-01")),
                notice(8, NewAddress, 2, Some("2027-02-01")),
                notice(7, Expiring, 3, Some("2027-01-03")),
                notice(6, StaleSoon, 4, None),
                notice(5, Expiring, 5, Some("2027-01-03")),
                notice(4, Expiring, 3, Some("2027-01-03")),
                notice(3, Rotated, 6, None),
                notice(2, Expiring, 7, None),
            ],
        };
        let triage = Triage::of(&list.notices);
        let ids = |notices: &[Notice]| notices.iter().map(|n| n.id).collect::<Vec<_>>();
        assert_eq!(ids(&triage.alerts), [8, 3]);
        assert_eq!(
            ids(&triage.warnings),
            [6, 2],
            "no Expiry On: a plain warning"
        );
        let days: Vec<_> = triage.expiries.iter().map(|g| g.day.as_str()).collect();
        assert_eq!(days, ["2027-01-03", "2027-02-01"]);
        assert_eq!(ids(&triage.expiries[0].notices), [7, 5, 4]);
        assert_eq!(
            triage.expiries[0].tokens(),
            2,
            "token 3 warned twice counts once"
        );
        assert_eq!(
            triage.expiries[0].headline(),
            "2 tokens expire on 2027-01-03 (UTC)"
        );
        assert_eq!(
            triage.expiries[1].headline(),
            "1 token expires on 2027-02-01 (UTC)"
        );
    }
}
