//! The token inventory (R13): every live token of the organization, for its
//! token admins, with filters, bulk revocation and CSV export.

use serde::{Deserialize, Serialize};

use crate::query::{DEFAULT_EXPIRING_DAYS, InventoryExportQuery, InventoryKind};
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
    /// What the query's `filter` and `days` select (bounds checked as the
    /// query was read).
    pub fn of(query: InventoryExportQuery) -> Self {
        match query.filter.unwrap_or_default() {
            InventoryKind::All => Self::All,
            InventoryKind::Expired => Self::Expired,
            InventoryKind::NeverUsed => Self::NeverUsed,
            InventoryKind::Expiring => {
                Self::ExpiringWithin(query.days.unwrap_or(DEFAULT_EXPIRING_DAYS))
            }
        }
    }

    /// The query that selects this filter.
    pub fn query(self) -> InventoryExportQuery {
        let (kind, days) = match self {
            Self::All => (InventoryKind::All, None),
            Self::Expired => (InventoryKind::Expired, None),
            Self::ExpiringWithin(days) => (InventoryKind::Expiring, Some(days)),
            Self::NeverUsed => (InventoryKind::NeverUsed, None),
        };
        InventoryExportQuery {
            filter: Some(kind),
            days,
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
    /// R28: a person's token, or a service account's.
    #[serde(default)]
    pub owner_kind: crate::service_accounts::LoginKind,
    /// Requests per day over the last `usage::CHART_DAYS` days, OK and
    /// Fail together, oldest first: the row's spark line.
    pub requests_by_day: Vec<u32>,
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
    /// 1 to `MAX_TOKENS` token ids (JavaScript-safe whole numbers).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000, value_type = Vec<TokenId>))]
    #[serde(deserialize_with = "crate::whole_number::list")]
    pub token_ids: Vec<i64>,
}

pub use crate::whole_number::MAX_SAFE_INTEGER;
#[cfg(feature = "openapi")]
pub use crate::whole_number::TokenId;

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

    fn filter_of(query: &str) -> InventoryFilter {
        InventoryFilter::of(crate::query::read(query).expect("a valid query"))
    }

    #[test]
    fn filters_come_from_the_query_and_go_back_into_it() {
        assert_eq!(filter_of(""), InventoryFilter::All);
        assert_eq!(
            filter_of("filter=expiring&days=30"),
            InventoryFilter::ExpiringWithin(30)
        );
        assert_eq!(
            filter_of("filter=expiring"),
            InventoryFilter::ExpiringWithin(7)
        );
        assert_eq!(
            filter_of("filter=never_used&days=3"),
            InventoryFilter::NeverUsed
        );
        for filter in [
            InventoryFilter::All,
            InventoryFilter::Expired,
            InventoryFilter::ExpiringWithin(0),
            InventoryFilter::NeverUsed,
        ] {
            assert_eq!(InventoryFilter::of(filter.query()), filter);
        }
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "\"plain\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("a,b\nc"), "\"a,b\nc\"");
    }
}
