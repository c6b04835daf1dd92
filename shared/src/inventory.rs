//! The token inventory (R13): every live token of the organization, for its
//! token admins, with filters, bulk revocation and CSV export.

use serde::{Deserialize, Serialize};

use crate::tokens::TokenView;

/// Which tokens the inventory lists. Query: `filter=expired|expiring|never_used`,
/// with `days=N` for `expiring`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventoryFilter {
    All,
    Expired,
    /// Still valid, Expiry On within this many days.
    ExpiringWithin(i64),
    NeverUsed,
}

impl InventoryFilter {
    pub const MAX_DAYS: i64 = 3660;

    /// From the query's `filter` and `days`; `None` when they make no sense.
    pub fn parse(filter: Option<&str>, days: Option<i64>) -> Option<Self> {
        match filter.unwrap_or("all") {
            "all" => Some(Self::All),
            "expired" => Some(Self::Expired),
            "never_used" => Some(Self::NeverUsed),
            "expiring" => days
                .filter(|d| (0..=Self::MAX_DAYS).contains(d))
                .or(Some(7))
                .map(Self::ExpiringWithin),
            _ => None,
        }
    }

    /// The query string that selects this filter.
    pub fn query(self) -> String {
        match self {
            Self::All => "filter=all".into(),
            Self::Expired => "filter=expired".into(),
            Self::ExpiringWithin(days) => format!("filter=expiring&days={days}"),
            Self::NeverUsed => "filter=never_used".into(),
        }
    }
}

/// One inventory line: the token and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventoryRow {
    pub token: TokenView,
    pub owner_name: String,
    pub owner_email: String,
}

/// `GET /api/inventory`, in token id order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventoryPage {
    pub rows: Vec<InventoryRow>,
    pub page: i64,
    pub page_size: i64,
    pub total: i64,
}

/// `POST /api/inventory/revocations`: revoke all of these, or none.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkRevokeRequest {
    pub token_ids: Vec<i64>,
}

impl BulkRevokeRequest {
    /// The most tokens one bulk revocation takes.
    pub const MAX_TOKENS: usize = 1000;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkRevokeResult {
    pub revoked: i64,
}

/// One CSV field: quoted, quotes doubled, and a leading `= + - @` neutralised
/// so a spreadsheet never runs a token name as a formula.
pub fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_from_the_query() {
        assert_eq!(
            InventoryFilter::parse(None, None),
            Some(InventoryFilter::All)
        );
        assert_eq!(
            InventoryFilter::parse(Some("expiring"), Some(30)),
            Some(InventoryFilter::ExpiringWithin(30))
        );
        assert_eq!(
            InventoryFilter::parse(Some("expiring"), None),
            Some(InventoryFilter::ExpiringWithin(7))
        );
        assert_eq!(
            InventoryFilter::parse(Some("expiring"), Some(-1)),
            Some(InventoryFilter::ExpiringWithin(7))
        );
        assert_eq!(InventoryFilter::parse(Some("soon"), None), None);
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "\"plain\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("a,b\nc"), "\"a,b\nc\"");
    }
}
