//! The OpenAPI 3.1 description of Tessera's API, generated from the wire
//! types of this crate (`ToSchema`, `IntoParams`) and the endpoints'
//! definitions (`endpoints`). The worker serves the generated
//! `worker/openapi.json`; a test keeps that file equal to what this code
//! generates, and the end-to-end suite validates real responses against it.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::callers::Caller;
use crate::endpoints::Route;
use crate::query::InventoryKind;
use crate::tokens::RecentAddress;
use crate::usage::{DayCount, OrganizationWeek, TokenUsageView, TokenWeek};

use crate::approval::{
    ApprovalDecision, ApprovalQueue, ApprovalRule, ApprovalState, Decision, PendingApproval,
    TokenApproval,
};
use crate::audit_stream::{AuditStreamRequest, AuditStreamSaved, AuditStreamStatus, StreamKind};
use crate::health::Health;
use crate::inventory::{BulkRevokeRequest, BulkRevokeResult, InventoryPage, InventoryRow, TokenId};
use crate::leaks::{
    LeakReport, LeakReportAccepted, ScanLabel, ScanMatch, ScanReport, ScanVerdict, ScanVerdicts,
};
use crate::logins::{ChangeLoginRequest, CreateLoginRequest, LoginChange, LoginList, LoginRow};
use crate::notices::{
    DeliveryList, DeliveryState, DismissNoticesRequest, Notice, NoticeId, NoticeKind, NoticeList,
    NoticesDismissed, WebhookDelivery, WebhookRequest, WebhookSaved,
};
use crate::organization::{
    BasicAuthRequest, BlockedToken, DefaultAllowlistRequest, LogRetentionRequest,
    OrganizationSettings, PolicyPreview, StaleTokensRequest,
};
use crate::policy::{PolicyRule, TokenPolicy};
use crate::records::{
    Location, MetaRecords, Reading, ReadingPage, ReportData, ReportDefinition, ReportList,
};
use crate::service_accounts::{CreateServiceAccountRequest, LoginKind, ServiceContact};
use crate::tokens::{
    Activity, AuthResult, CreateTokenRequest, EditTokenRequest, GeneratedToken, GracePeriod,
    PresentedString, RotateTokenRequest, RotatedToken, RotationOverlap, TokenIntrospection,
    TokenLogEntry, TokenLogPage, TokenOwner, TokenPage, TokenStatus, TokenView,
};
use crate::{
    ApiError, ErrorCode, LoginSummary, ScopeName, SessionInfo, SignInRequest, TokenRefusal,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tessera API",
        version = "0.1.0",
        description = "API access tokens: the portal's endpoints (session cookie; state-changing \
            requests also send the session's CSRF token in x-csrf-token) and the token-protected \
            API (Authorization: Bearer <token string>). Every refusal is an ApiError with a stable code, \
            sent as application/problem+json (RFC 9457)."
    ),
    components(schemas(
        ApiError, ErrorCode, TokenRefusal, Health, SessionInfo, SignInRequest, LoginSummary, LoginList, LoginRow,
        AuditStreamRequest, AuditStreamSaved, AuditStreamStatus, StreamKind, ApprovalRule, ApprovalDecision, Decision, ApprovalQueue, PendingApproval, TokenApproval, ApprovalState, LoginChange, ChangeLoginRequest, CreateLoginRequest, LoginKind, ServiceContact, CreateServiceAccountRequest, OrganizationSettings, TokenPolicy, PolicyRule, PolicyPreview, BlockedToken, BasicAuthRequest, LogRetentionRequest, InventoryPage, InventoryRow, BulkRevokeRequest, BulkRevokeResult,
        TokenPage, TokenOwner,
        TokenView, TokenStatus, ScopeName, CreateTokenRequest, EditTokenRequest, GeneratedToken,
        TokenLogPage, TokenLogEntry, Activity, AuthResult, MetaRecords, Location, ReportList,
        ReportDefinition, ReadingPage, Reading, InventoryKind, TokenId, ReportData,
        GracePeriod, RotateTokenRequest, RotatedToken, PresentedString, RotationOverlap,
        TokenIntrospection, Notice, NoticeKind, NoticeList, DismissNoticesRequest, NoticeId, NoticesDismissed, WebhookRequest, WebhookSaved, DeliveryState,
        WebhookDelivery, DeliveryList, StaleTokensRequest, LeakReport, LeakReportAccepted,
        ScanMatch, ScanReport, ScanLabel, ScanVerdict, ScanVerdicts, DefaultAllowlistRequest, RecentAddress,
        DayCount, TokenUsageView, TokenWeek, OrganizationWeek
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "portal", description = "What the web portal calls, signed in with a session cookie."),
        (name = "api", description = "The organization's records, for scripts holding a token string."),
        (name = "public", description = "For anyone who finds a leaked token string, and for secret-scanning providers.")
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("tessera_…")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Basic).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::endpoints::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new(
                crate::endpoints::CSRF_HEADER,
            ))),
        );
    }
}

/// The document as the worker serves it: every route of `endpoints`, in
/// its order, tagged `portal` or `api`.
pub fn document() -> String {
    let mut api = ApiDoc::openapi();
    for route in Route::ALL {
        let (path, methods, mut operation) = route.documented();
        operation.tags = Some(vec![route.tag().to_owned()]);
        caller_documented(&mut operation, route.caller());
        refusals_as_problems(&mut operation, route.caller().is_token());
        api.paths.add_path_operation(path, methods, operation);
    }
    let mut json = api
        .to_pretty_json()
        .expect("the OpenAPI document serializes");
    json.push('\n');
    json
}

/// The endpoint's declared caller as OpenAPI says it: its `security`, and
/// the 401, 403, 429 and 503 answers it can get. An endpoint's own reason
/// for a status (a resource check's 403) comes first.
fn caller_documented(operation: &mut utoipa::openapi::path::Operation, caller: Caller) {
    use utoipa::openapi::security::SecurityRequirement;
    let security = caller.security();
    if !security.is_empty() {
        let requirement = |schemes: &&[&str]| {
            schemes
                .iter()
                .fold(SecurityRequirement::default(), |all, scheme| {
                    all.add(*scheme, Vec::<String>::new())
                })
        };
        operation.security = Some(security.iter().map(requirement).collect());
    }
    if let Some(reason) = caller.unauthorized() {
        refusal(operation, "401", reason);
    }
    let forbidden = caller.forbidden();
    if !forbidden.is_empty() {
        refusal(operation, "403", &forbidden.join(", or "));
    }
    if let Some((waits, not_served)) = caller.token_refusals() {
        refusal(operation, "429", waits);
        refusal(operation, "503", not_served);
    }
}

/// Adds `reason` to the answer `status`, or documents that answer with it.
fn refusal(operation: &mut utoipa::openapi::path::Operation, status: &str, reason: &str) {
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
    let responses = &mut operation.responses.responses;
    match responses.get_mut(status) {
        Some(RefOr::T(own)) => {
            own.description = format!("{}, or {}", own.description, lowercase_first(reason));
        }
        _ => {
            let problem = Content::new(Some(Ref::from_schema_name("ApiError")));
            let response = ResponseBuilder::new()
                .description(uppercase_first(reason))
                .content("application/json", problem)
                .build();
            responses.insert(status.to_owned(), RefOr::T(response));
        }
    }
}

fn uppercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Lowercase unless the reason starts with a name ("Basic credentials").
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !text.starts_with("Basic") => first.to_lowercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}

/// Every refusal is sent as `application/problem+json` (RFC 9457); the
/// token-protected API's answers also name the string's expiration, and its
/// 403 the scope it needs.
fn refusals_as_problems(operation: &mut utoipa::openapi::path::Operation, token_protected: bool) {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::header::HeaderBuilder;
    let string =
        || utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::Type::String);
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if (status.starts_with('4') || status.starts_with('5'))
            && let Some(content) = response.content.shift_remove("application/json")
        {
            response
                .content
                .insert("application/problem+json".to_owned(), content);
        }
        if token_protected && matches!(status.as_str(), "200" | "401" | "403") {
            response.headers.insert(
                crate::endpoints::TOKEN_EXPIRATION_HEADER.to_owned(),
                HeaderBuilder::new()
                    .schema(
                        string().format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::DateTime,
                        ))),
                    )
                    .description(Some(
                        "When the presented token string stops working (RFC 3339, UTC): the day \
                         after its Expiry On, or the end of a rotation's overlap for the string it \
                         replaced. Absent for Expiry On Never.",
                    ))
                    .build(),
            );
        }
        if token_protected && status == "403" {
            response.headers.insert(
                crate::endpoints::ACCEPTED_SCOPES_HEADER.to_owned(),
                HeaderBuilder::new()
                    .schema(string())
                    .description(Some(
                        "The scope this endpoint needs: meta_record or report_record.",
                    ))
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `worker/openapi.json` is what the worker serves. It must be exactly
    /// what this code generates: `make openapi` rewrites it.
    #[test]
    fn the_served_openapi_document_matches_the_code() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../worker/openapi.json");
        let generated = document();
        if std::env::var_os("UPDATE_OPENAPI").is_some() {
            std::fs::write(&path, &generated).expect("write worker/openapi.json");
        }
        let served = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            served == generated,
            "worker/openapi.json is out of date: run `make openapi`"
        );
    }

    #[test]
    fn the_document_is_openapi_3_1_and_lists_every_endpoint() {
        let document: serde_json::Value = serde_json::from_str(&document()).unwrap();
        assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
        assert_eq!(document["paths"].as_object().unwrap().len(), 45);
        assert!(document["components"]["schemas"]["TokenView"].is_object());
    }

    /// The bounds the document states are the ones the worker enforces.
    #[test]
    fn documented_bounds_are_the_shared_limits() {
        use crate::query::{LAST_PAGE, MAX_EXPIRING_DAYS, MAX_PAGE_SIZE};
        use crate::{EmailAddress, Password};
        let document: serde_json::Value = serde_json::from_str(&document()).unwrap();
        let parameter = |path: &str, name: &str| {
            document["paths"][path]["get"]["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == name)
                .unwrap()["schema"]
                .clone()
        };
        for path in [
            "/api/logins/{login_id}/tokens",
            "/api/inventory",
            "/api/token-logs",
            "/api/data",
        ] {
            assert_eq!(parameter(path, "page")["maximum"], LAST_PAGE, "{path}");
            assert_eq!(
                parameter(path, "page_size")["maximum"],
                MAX_PAGE_SIZE,
                "{path}"
            );
        }
        for path in ["/api/inventory", "/api/inventory.csv"] {
            assert_eq!(
                parameter(path, "days")["maximum"],
                MAX_EXPIRING_DAYS,
                "{path}"
            );
        }
        let schema = |name: &str, property: &str| {
            document["components"]["schemas"][name]["properties"][property].clone()
        };
        use crate::inventory::{BulkRevokeRequest, MAX_SAFE_INTEGER};
        use crate::organization::{MAX_LOG_RETENTION_DAYS, MIN_LOG_RETENTION_DAYS};
        use crate::policy::MAX_LIFETIME_DAYS;
        let retention = schema("LogRetentionRequest", "days");
        assert_eq!(retention["minimum"], MIN_LOG_RETENTION_DAYS);
        assert_eq!(retention["maximum"], MAX_LOG_RETENTION_DAYS);
        let lifetime = schema("TokenPolicy", "max_token_lifetime_days");
        assert_eq!(lifetime["maximum"], MAX_LIFETIME_DAYS, "{lifetime}");
        assert_eq!(
            schema("EditTokenRequest", "version")["maximum"],
            MAX_SAFE_INTEGER
        );
        assert_eq!(
            document["components"]["schemas"]["TokenId"]["maximum"],
            MAX_SAFE_INTEGER
        );
        assert_eq!(
            schema("BulkRevokeRequest", "token_ids")["maxItems"],
            BulkRevokeRequest::MAX_TOKENS
        );
        assert_eq!(
            schema("CreateServiceAccountRequest", "contact_login_ids")["maxItems"],
            crate::service_accounts::MAX_CONTACTS
        );
        assert_eq!(
            schema("ApprovalRule", "beyond_days")["maximum"],
            crate::approval::MAX_BEYOND_DAYS
        );
        assert_eq!(
            schema("ApprovalDecision", "version")["maximum"],
            MAX_SAFE_INTEGER
        );
        let sign_in = &document["components"]["schemas"]["SignInRequest"]["properties"];
        assert_eq!(sign_in["email"]["maxLength"], EmailAddress::MAX_LEN);
        assert_eq!(sign_in["password"]["maxLength"], Password::MAX_LEN);

        // The email pattern accepts exactly what EmailAddress::parse accepts.
        let pattern = regex::Regex::new(sign_in["email"]["pattern"].as_str().unwrap()).unwrap();
        for sample in [
            "alice@demo.example",
            " Alice@Demo.Example ",
            "a@b.c",
            "a@b..c",
            "a@.b",
            "a@b.",
            "a@b",
            "@b.c",
            "a@@b.c",
            "a@b@c.d",
            "a b@c.d",
            "a@b.c\u{7}",
            "",
            "ä@ö.ü",
            "a@b.c\t",
        ] {
            assert_eq!(
                pattern.is_match(sample),
                EmailAddress::parse(sample).is_ok(),
                "{sample:?}"
            );
        }
    }
}
