//! The query strings of the API: one type per endpoint that takes one. The
//! worker reads them (serde), the portal and the tests write them (serde),
//! and the OpenAPI document describes them (`IntoParams`), so all three
//! agree. Every bound is checked here, while the value is read: the worker
//! refuses exactly what the document rules out.
//!
//! An empty text counts as absent (`?search=` is no search), as a form with
//! an empty field sends it; a number or a choice (`filter`, `owner`,
//! `activity`, `result`) must be one of its values, as the document says.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::tokens::{Activity, AuthResult};

/// Pages are numbered from 1.
pub const FIRST_PAGE: i64 = 1;
/// Far beyond any real list, low enough that `page × page_size` never overflows.
pub const LAST_PAGE: i64 = 1_000_000;
/// Rows per page unless the query says otherwise.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 200;
/// The inventory's "expiring within N days" reaches ten years ahead at most.
pub const MAX_EXPIRING_DAYS: i64 = 3660;
/// Days the inventory's "expiring" filter looks ahead unless told.
pub const DEFAULT_EXPIRING_DAYS: i64 = 7;

/// For endpoints that read no query: any parameter is ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct NoQuery {}

/// A page of a list: which one and how long.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// From 1.
    #[serde(
        default,
        deserialize_with = "page",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: Option<i64>,
    /// Rows per page, default 50.
    #[serde(
        default,
        deserialize_with = "page_size",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub page_size: Option<i64>,
}

impl PageQuery {
    pub fn new(page: i64, page_size: i64) -> Self {
        Self {
            page: Some(page),
            page_size: Some(page_size),
        }
    }

    /// The page's number and length, defaults filled in.
    pub fn bounds(self) -> (i64, i64) {
        (
            self.page.unwrap_or(FIRST_PAGE),
            self.page_size.unwrap_or(DEFAULT_PAGE_SIZE),
        )
    }

    /// How many rows come before the page.
    pub fn offset(self) -> i64 {
        let (page, page_size) = self.bounds();
        (page - 1) * page_size
    }
}

/// `GET /api/logins`: the logins whose name or email contains `search`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LoginSearch {
    /// Logins whose name or email contains this (case-insensitive).
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub search: Option<String>,
}

/// `GET /api/logins/{login_id}/tokens`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TokenListQuery {
    /// From 1.
    #[serde(
        default,
        deserialize_with = "page",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: Option<i64>,
    /// Rows per page, default 50.
    #[serde(
        default,
        deserialize_with = "page_size",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub page_size: Option<i64>,
    /// Only tokens whose name contains this (case-insensitive).
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub search: Option<String>,
}

impl TokenListQuery {
    pub fn paging(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// Which tokens the inventory lists (R13).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InventoryKind {
    #[default]
    All,
    Expired,
    /// Still valid, Expiry On within `days`.
    Expiring,
    NeverUsed,
}

impl InventoryKind {
    pub const ALL: [InventoryKind; 4] = [Self::All, Self::Expired, Self::Expiring, Self::NeverUsed];

    /// The query's word for it.
    pub fn code(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Expired => "expired",
            Self::Expiring => "expiring",
            Self::NeverUsed => "never_used",
        }
    }

    /// What the Token Inventory's filter calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All tokens",
            Self::Expired => "Expired",
            Self::Expiring => "Expiring within…",
            Self::NeverUsed => "Never used",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// `GET /api/inventory.csv`: which tokens, every one of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InventoryExportQuery {
    /// Default all.
    #[serde(
        default,
        deserialize_with = "choice",
        skip_serializing_if = "Option::is_none"
    )]
    pub filter: Option<InventoryKind>,
    /// With expiring: Expiry On within this many days (default 7).
    #[serde(
        default,
        deserialize_with = "days",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 3660))]
    pub days: Option<i64>,
}

/// `GET /api/inventory`: which tokens, a page of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InventoryQuery {
    /// Default all.
    #[serde(
        default,
        deserialize_with = "choice",
        skip_serializing_if = "Option::is_none"
    )]
    pub filter: Option<InventoryKind>,
    /// With expiring: Expiry On within this many days (default 7).
    #[serde(
        default,
        deserialize_with = "days",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 3660))]
    pub days: Option<i64>,
    /// From 1.
    #[serde(
        default,
        deserialize_with = "page",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: Option<i64>,
    /// Rows per page, default 50.
    #[serde(
        default,
        deserialize_with = "page_size",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub page_size: Option<i64>,
}

impl InventoryQuery {
    pub fn export(self) -> InventoryExportQuery {
        InventoryExportQuery {
            filter: self.filter,
            days: self.days,
        }
    }

    pub fn paging(self) -> PageQuery {
        PageQuery {
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// Whose Token Logs (R12): a login id, or `all`; absent: one's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogOwner {
    /// Login `id`'s tokens (token admins only, or oneself).
    Login(i64),
    /// The whole organization (token admins only).
    Everyone,
}

impl Serialize for LogOwner {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Login(id) => serializer.serialize_str(&id.to_string()),
            Self::Everyone => serializer.serialize_str("all"),
        }
    }
}

impl<'de> Deserialize<'de> for LogOwner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        // Exactly the document's pattern: `all`, or 1 to 18 digits without a leading zero.
        let is_id = (1..=18).contains(&text.len())
            && !text.starts_with('0')
            && text.bytes().all(|byte| byte.is_ascii_digit());
        match text.as_str() {
            "all" => Ok(Self::Everyone),
            id if is_id => id
                .parse()
                .map(Self::Login)
                .map_err(|_| de::Error::custom(Self::REFUSED)),
            _ => Err(de::Error::custom(Self::REFUSED)),
        }
    }
}

/// `GET /api/token-logs` and `/api/token-logs.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TokenLogQuery {
    /// A login id, or `all` (token admins); default: yourself.
    #[serde(
        default,
        deserialize_with = "choice",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, pattern = "^(all|[1-9][0-9]{0,17})$"))]
    pub owner: Option<LogOwner>,
    /// Entries whose token name contains this.
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub token: Option<String>,
    /// Only entries from client addresses starting with this (`203.0.113.`).
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub address: Option<String>,
    /// Only this token's entries (Token Logs opened from a token's row).
    #[serde(
        default,
        deserialize_with = "id",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        param(minimum = 1, maximum = 9007199254740991_i64)
    )]
    pub token_id: Option<i64>,
    /// Only this activity.
    #[serde(
        default,
        deserialize_with = "choice",
        skip_serializing_if = "Option::is_none"
    )]
    pub activity: Option<Activity>,
    /// Only this AUTHENTICATE result.
    #[serde(
        default,
        deserialize_with = "choice",
        skip_serializing_if = "Option::is_none"
    )]
    pub result: Option<AuthResult>,
    /// From 1 (the CSV export checks it and sends every entry).
    #[serde(
        default,
        deserialize_with = "page",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: Option<i64>,
    /// Rows per page, default 50 (the CSV export checks it and sends every entry).
    #[serde(
        default,
        deserialize_with = "page_size",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub page_size: Option<i64>,
}

impl TokenLogQuery {
    pub fn paging(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// A query refused while it was read, in words for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a query string (without `?`) into its type. A refused value's
/// message names the parameter and what it must be.
pub fn read<Q: serde::de::DeserializeOwned>(query: &str) -> Result<Q, QueryError> {
    // Each value is a string: the fields' own readers turn them into numbers
    // and choices, with the messages above. serde's own map reader is all
    // this needs (serde_urlencoded's adds its own number parsing on top).
    let pairs = form_urlencoded::parse(query.as_bytes()).into_owned();
    let map = de::value::MapDeserializer::<_, de::value::Error>::new(pairs);
    Q::deserialize(map).map_err(|error| {
        let message = error.to_string();
        // The fields' own checks end their sentence; serde's errors do not.
        QueryError(match message.ends_with('.') {
            true => message,
            false => format!("The query is not understood: {message}."),
        })
    })
}

/// Writes a query's parameters as a query string (without `?`), leaving
/// out those it does not set.
pub fn write<Q: Serialize>(query: &Q) -> String {
    serde_urlencoded::to_string(query).unwrap_or_default()
}

/// The parameter's text, `None` when empty.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Some(String::deserialize(deserializer)?).filter(|text| !text.is_empty()))
}

/// One of a type's values (an enum's codes), read by its own `Deserialize`.
fn choice<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Choices,
{
    let text = String::deserialize(deserializer)?;
    T::deserialize(de::value::StringDeserializer::<de::value::Error>::new(text))
        .map(Some)
        .map_err(|_| de::Error::custom(T::REFUSED))
}

/// The query parameter of this type, and what it must be, in words.
trait Choices {
    const REFUSED: &'static str;
}

impl Choices for InventoryKind {
    const REFUSED: &'static str = "filter must be all, expired, expiring or never_used.";
}
impl Choices for Activity {
    const REFUSED: &'static str =
        "activity must be CREATE, GENERATE, ROTATE, UPDATE, REVOKE or AUTHENTICATE.";
}
impl Choices for AuthResult {
    const REFUSED: &'static str = "result must be OK or Fail.";
}
impl Choices for LogOwner {
    const REFUSED: &'static str = "owner must be all or a login id.";
}

/// Parameter `name`: a whole number from `min` to `max`.
fn number_within<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &str,
    min: i64,
    max: i64,
) -> Result<Option<i64>, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse::<i64>()
        .ok()
        .filter(|number| (min..=max).contains(number))
        .map(Some)
        .ok_or_else(|| {
            de::Error::custom(format!(
                "{name} must be a whole number from {min} to {max}."
            ))
        })
}

fn page<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    number_within(deserializer, "page", FIRST_PAGE, LAST_PAGE)
}

fn page_size<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    number_within(deserializer, "page_size", 1, MAX_PAGE_SIZE)
}

/// A record's id: a JavaScript-safe positive whole number.
fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    number_within(deserializer, "token_id", 1, (1 << 53) - 1)
}

fn days<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    number_within(deserializer, "days", 0, MAX_EXPIRING_DAYS)
}

#[cfg(test)]
mod tests;
