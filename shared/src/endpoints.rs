//! The API's contract: every endpoint defined once, with its method, its
//! path, its query, request and answer types and its OpenAPI description.
//!
//! From this one list the worker's router dispatches (`Route::resolve`,
//! whose 404 and 405-with-`Allow` follow from the list), the portal's and
//! the tests' clients build their requests (`Endpoint::url`), and the OpenAPI
//! document is generated (`openapi`, with the shared `openapi` feature). A new
//! endpoint is one entry here plus its handler; the router's `match` on
//! `Route` does not compile until the handler is there.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::approval::{ApprovalDecision, ApprovalQueue, ApprovalRule};
use crate::audit_stream::{AuditStreamRequest, AuditStreamSaved, AuditStreamStatus};
use crate::callers::{Caller, Declared};
use crate::health::Health;
use crate::inventory::{BulkRevokeRequest, BulkRevokeResult, InventoryPage};
use crate::leaks::{LeakReport, LeakReportAccepted, ScanReport, ScanVerdicts};
use crate::logins::{ChangeLoginRequest, CreateLoginRequest, LoginList, LoginRow};
use crate::notices::{
    DeliveryList, DismissNoticesRequest, NoticeList, NoticesDismissed, WebhookDelivery,
    WebhookRequest, WebhookSaved,
};
use crate::organization::{
    BasicAuthRequest, DefaultAllowlistRequest, LogRetentionRequest, OrganizationSettings,
    PolicyPreview, StaleTokensRequest,
};
use crate::policy::TokenPolicy;
use crate::query::{
    InventoryExportQuery, InventoryQuery, LoginSearch, NoQuery, PageQuery, TokenListQuery,
    TokenLogQuery,
};
use crate::records::{MetaRecords, ReadingPage, ReportData, ReportDefinition, ReportList};
use crate::service_accounts::CreateServiceAccountRequest;
use crate::tokens::{
    CreateTokenRequest, EditTokenRequest, GeneratedToken, RotateTokenRequest, RotatedToken,
    TokenIntrospection, TokenLogPage, TokenPage, TokenView,
};
use crate::usage::{OrganizationWeek, TokenUsageView};
use crate::{SessionInfo, SignInRequest};

/// Every state-changing request of a signed-in browser carries the session's
/// CSRF token in this header (R14).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The cookie that carries the web session's id (HttpOnly: never read by the
/// app), where the connection is secure: the `__Host-` prefix makes the
/// browser refuse it unless it is `Secure`, `Path=/` and set by this very
/// host (no `Domain`), so no sibling subdomain can plant or shadow it.
pub const SESSION_COOKIE: &str = "__Host-tessera_session";
/// The same cookie on plain-HTTP localhost (local development), where a
/// `Secure` cookie, and so the prefix, cannot be used.
pub const LOCAL_SESSION_COOKIE: &str = "tessera_session";

/// The session cookie's name for a secure connection or for localhost.
pub fn session_cookie(secure: bool) -> &'static str {
    if secure {
        SESSION_COOKIE
    } else {
        LOCAL_SESSION_COOKIE
    }
}

/// Every answer to a token names when the string it presented stops working,
/// as RFC 3339 in UTC; absent for a token whose Expiry On is Never.
pub const TOKEN_EXPIRATION_HEADER: &str = "tessera-token-expiration";
/// A token refused for its Scope is told the scope the endpoint needs.
pub const ACCEPTED_SCOPES_HEADER: &str = "tessera-accepted-scopes";

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    /// Whether a request with this method changes something, and so needs
    /// the CSRF token (R14).
    pub fn changes_state(self) -> bool {
        changes_state(self.as_str())
    }
}

/// Whether a request with `method`, as sent (any method, the API's or
/// not), may change something: every method but the safe ones (RFC 9110, 9.2.1).
pub fn changes_state(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD" | "OPTIONS")
}

/// A request body for endpoints that take none.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct NoBody;

/// The answer of endpoints that answer `204 No Content`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoContent;

/// A file the clients read as text: a CSV export, the OpenAPI document.
pub type Text = String;

/// What fills a path's `{...}` segment: nothing, an id, or a name.
pub trait PathId: Clone {
    fn fill(self, template: &str) -> String;
}

impl PathId for () {
    fn fill(self, template: &str) -> String {
        template.to_owned()
    }
}

impl PathId for i64 {
    fn fill(self, template: &str) -> String {
        fill_segment(template, &self.to_string())
    }
}

/// A name, percent-encoded as one segment: `Energy by location` is
/// `Energy%20by%20location`, and a `/` in a name stays inside its segment.
impl PathId for String {
    fn fill(self, template: &str) -> String {
        let encoded = percent_encoding::utf8_percent_encode(&self, SEGMENT).to_string();
        fill_segment(template, &encoded)
    }
}

/// What a path segment must encode: everything but unreserved characters (RFC 3986).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn fill_segment(template: &str, value: &str) -> String {
    match (template.find('{'), template.find('}')) {
        (Some(open), Some(close)) => {
            format!("{}{value}{}", &template[..open], &template[close + 1..])
        }
        _ => template.to_owned(),
    }
}

/// The value of a path's `{...}` segment, as the router found it: an id
/// for a placeholder named `..._id`, a decoded name for any other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathValue {
    Id(i64),
    Name(String),
}

/// One endpoint of the API.
pub trait Endpoint {
    const ROUTE: Route;
    /// Who may call it: the router resolves this caller before the handler runs.
    type Caller: Declared;
    /// The path as OpenAPI writes it: `/api/tokens/{token_id}`.
    const PATH: &'static str;
    /// `()`, or the id the path names (`/api/tokens/{token_id}`).
    type Id: PathId;
    type Query: Serialize + DeserializeOwned + Default;
    /// `NoBody` for endpoints that read none.
    type Body: Serialize + DeserializeOwned;
    /// `NoContent` for `204` answers, `Text` for files.
    type Answer: Serialize + DeserializeOwned;
    /// Whether requests carry `Body` as JSON.
    const HAS_BODY: bool;

    /// The path, its `{...}` segment filled in.
    fn path(id: Self::Id) -> String {
        id.fill(Self::ROUTE.template())
    }

    /// The path with `query` (leaving out what `query` does not set).
    fn url(id: Self::Id, query: &Self::Query) -> String {
        with_query(Self::path(id), crate::query::write(query))
    }
}

/// `path?query`, or `path` alone for an empty query. Not generic: the
/// portal's wasm carries it once.
fn with_query(path: String, query: String) -> String {
    match query.is_empty() {
        true => path,
        false => format!("{path}?{query}"),
    }
}

/// Which route a request reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The route, and the value in its path if it has one.
    Found(Route, Option<PathValue>),
    /// No route has this path.
    NotFound,
    /// Routes have this path, with other methods: the `Allow` header's value.
    MethodNotAllowed(String),
}

impl Route {
    /// The route that answers `method` on `path`. A `{..._id}` segment
    /// takes a positive whole number (any other names nothing: 404), a
    /// `{...}` segment any non-empty text. A path that a route spells out
    /// (`/api/tokens/self`) is that route's, not a placeholder's.
    pub fn resolve(method: &str, path: &str) -> Resolution {
        let spelled_out = Self::ALL
            .iter()
            .any(|route| segments_match(route.template(), path) == Some(Match::Exact));
        let matching = || {
            Self::ALL.iter().copied().filter(move |route| {
                match segments_match(route.template(), path) {
                    Some(Match::Exact) => true,
                    Some(Match::Placeholder) => !spelled_out,
                    None => false,
                }
            })
        };
        let Some(route) = matching().find(|route| route.method().as_str() == method) else {
            let allowed: Vec<&str> = matching().map(|route| route.method().as_str()).collect();
            return match allowed.is_empty() {
                true => Resolution::NotFound,
                false => Resolution::MethodNotAllowed(allowed.join(", ")),
            };
        };
        let Some((placeholder, segment)) = route
            .template()
            .split('/')
            .zip(path.split('/'))
            .find(|(template, _)| template.starts_with('{'))
        else {
            return Resolution::Found(route, None);
        };
        let value = if placeholder.ends_with("_id}") {
            segment
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(PathValue::Id)
        } else {
            percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .ok()
                .filter(|name| !name.is_empty())
                .map(|name| PathValue::Name(name.into_owned()))
        };
        match value {
            Some(value) => Resolution::Found(route, Some(value)),
            None => Resolution::NotFound,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Every segment spelled out.
    Exact,
    /// Through a `{...}` segment.
    Placeholder,
}

fn segments_match(template: &str, path: &str) -> Option<Match> {
    let template = template.split('/');
    let path = path.split('/');
    if template.clone().count() != path.clone().count() {
        return None;
    }
    let mut found = Match::Exact;
    for (expected, got) in template.zip(path) {
        if expected == got {
            continue;
        }
        if expected.starts_with('{') && !got.is_empty() {
            found = Match::Placeholder;
        } else {
            return None;
        }
    }
    Some(found)
}

/// Defines the endpoints: a type implementing `Endpoint` for each, the
/// `Route` enum and its table, and (feature `openapi`) each one's
/// OpenAPI operation.
macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident = $method:ident $path:literal {
            caller: $caller:ident,
            operation: $operation:literal,
            tag: $tag:literal,
            id: $id:ty,
            query: $query:ty,
            body: $body:tt,
            answer: $answer:ty,
            params: ($($params:tt)*),
            responses: ($($responses:tt)*)$(,)?
        }
    )*) => {
        $(
            $(#[doc = $doc])*
            pub struct $name;

            impl Endpoint for $name {
                const ROUTE: Route = Route::$name;
                const PATH: &'static str = $path;
                type Caller = crate::callers::$caller;
                type Id = $id;
                type Query = $query;
                type Body = endpoints!(@body_type $body);
                type Answer = $answer;
                const HAS_BODY: bool = endpoints!(@has_body $body);
            }

            #[cfg(feature = "openapi")]
            endpoints!(@openapi $name $method $path $operation [$query] $body
                ($($params)*) ($($responses)*));
        )*

        /// Every endpoint, as the router dispatches on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Route {
            $($name),*
        }

        impl Route {
            pub const ALL: &'static [Route] = &[$(Route::$name),*];

            pub fn method(self) -> Method {
                match self {
                    $(Route::$name => endpoints!(@method $method)),*
                }
            }

            /// The path as OpenAPI writes it: `/api/tokens/{token_id}`.
            pub fn template(self) -> &'static str {
                match self {
                    $(Route::$name => $path),*
                }
            }

            /// The OpenAPI operation id.
            pub fn operation_id(self) -> &'static str {
                match self {
                    $(Route::$name => $operation),*
                }
            }

            /// Who may call it.
            pub fn caller(self) -> Caller {
                match self {
                    $(Route::$name => <crate::callers::$caller as Declared>::CALLER),*
                }
            }

            /// The OpenAPI tag: `portal`, `api` or `public`.
            pub fn tag(self) -> &'static str {
                match self {
                    $(Route::$name => $tag),*
                }
            }

            /// This route's OpenAPI path and operation.
            #[cfg(feature = "openapi")]
            pub fn documented(self) -> (String, Vec<utoipa::openapi::path::HttpMethod>, utoipa::openapi::path::Operation) {
                match self {
                    $(Route::$name => (
                        <$name as utoipa::Path>::path(),
                        <$name as utoipa::Path>::methods(),
                        <$name as utoipa::Path>::operation(),
                    )),*
                }
            }
        }
    };

    (@body_type none) => { NoBody };
    (@body_type $body:ident) => { $body };
    (@has_body none) => { false };
    (@has_body $body:ident) => { true };
    (@method get) => { Method::Get };
    (@method post) => { Method::Post };
    (@method put) => { Method::Put };
    (@method delete) => { Method::Delete };

    (@openapi $name:ident $method:ident $path:literal $operation:literal [$query:ty] none
        ($($params:tt)*) ($($responses:tt)*)) => {
        const _: () = {
            #[utoipa::path($method, path = $path, impl_for = $name, operation_id = $operation,
                params($query, $($params)*), responses($($responses)*))]
            #[allow(dead_code)]
            fn operation() {}
        };
    };
    // A JSON body: its schema, and the refusals every body can get.
    (@openapi $name:ident $method:ident $path:literal $operation:literal [$query:ty] $body:ident
        ($($params:tt)*) ($($responses:tt)*)) => {
        const _: () = {
            #[utoipa::path($method, path = $path, impl_for = $name, operation_id = $operation,
                params($query, $($params)*), request_body = $body,
                responses($($responses)*,
                    (status = 400, description = "Not JSON, or not the expected fields", body = crate::ApiError),
                    (status = 413, description = "Body too large", body = crate::ApiError),
                    (status = 415, description = "Not application/json", body = crate::ApiError)))]
            #[allow(dead_code)]
            fn operation() {}
        };
    };
}

#[macro_use]
mod governance;
mod list;
pub use list::*;

#[cfg(test)]
mod tests;
