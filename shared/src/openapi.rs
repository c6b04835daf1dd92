//! The OpenAPI 3.1 description of Tessera's API, generated from the wire
//! types of this crate (`ToSchema`) and the endpoint list below. The worker
//! serves the generated `worker/openapi.json`; a test keeps that file equal
//! to what this code generates, and the end-to-end suite validates real
//! responses against it and checks every path listed here is routed.

#![allow(dead_code)] // The functions below exist only to carry `#[utoipa::path]`.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::health::Health;
use crate::inventory::{BulkRevokeRequest, BulkRevokeResult, InventoryPage, InventoryRow};
use crate::logins::{ChangeLoginRequest, CreateLoginRequest, LoginChange, LoginList, LoginRow};
use crate::organization::{
    BasicAuthRequest, LogRetentionRequest, OrganizationSettings, TokenPolicyRequest,
};
use crate::records::{Location, MetaRecords, Reading, ReadingPage, ReportDefinition, ReportList};
use crate::tokens::{
    Activity, AuthResult, CreateTokenRequest, EditTokenRequest, GeneratedToken, TokenLogEntry,
    TokenLogPage, TokenOwner, TokenPage, TokenStatus, TokenView,
};
use crate::{ApiError, ErrorCode, LoginSummary, ScopeName, SessionInfo, SignInRequest};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tessera API",
        version = "0.1.0",
        description = "API access tokens: the portal's endpoints (session cookie; state-changing \
            requests also send the session's CSRF token in x-csrf-token) and the token-protected \
            API (Authorization: Bearer <token string>). Every refusal is an ApiError with a stable code."
    ),
    paths(
        health, get_session, sign_in, sign_out, sign_out_everywhere, list_logins, create_login, change_login, organization, set_token_policy, set_basic_auth, set_log_retention, inventory, inventory_csv, bulk_revoke, list_tokens, create_token, edit_token, revoke_token,
        generate_token, token_logs, token_logs_csv, meta, meta_reports, data, openapi_json
    ),
    components(schemas(
        ApiError, ErrorCode, Health, SessionInfo, SignInRequest, LoginSummary, LoginList, LoginRow,
        LoginChange, ChangeLoginRequest, CreateLoginRequest, OrganizationSettings, TokenPolicyRequest, BasicAuthRequest, LogRetentionRequest, InventoryPage, InventoryRow, BulkRevokeRequest, BulkRevokeResult,
        TokenPage, TokenOwner,
        TokenView, TokenStatus, ScopeName, CreateTokenRequest, EditTokenRequest, GeneratedToken,
        TokenLogPage, TokenLogEntry, Activity, AuthResult, MetaRecords, Location, ReportList,
        ReportDefinition, ReadingPage, Reading
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "portal", description = "What the web portal calls, signed in with a session cookie."),
        (name = "api", description = "The organization's records, for scripts holding a token string.")
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
                crate::paths::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new(crate::paths::CSRF_HEADER))),
        );
    }
}

/// The document as the worker serves it.
pub fn document() -> String {
    let mut json = ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serializes");
    json.push('\n');
    json
}

#[utoipa::path(get, path = "/api/health", tag = "portal",
    responses((status = 200, description = "The worker answers; no storage is touched", body = Health)))]
fn health() {}

#[utoipa::path(get, path = "/api/session", tag = "portal", security(("session" = [])),
    responses(
        (status = 200, description = "The signed-in session", body = SessionInfo),
        (status = 401, description = "Not signed in, or the session expired", body = ApiError)))]
fn get_session() {}

#[utoipa::path(post, path = "/api/session", tag = "portal", request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the response sets the session cookie", body = SessionInfo),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Email or password incorrect, or the login disabled: one answer, which never confirms a password", body = ApiError),
        (status = 403, description = "A request from another site", body = ApiError),
        (status = 413, description = "Body too large", body = ApiError),
        (status = 415, description = "Not application/json", body = ApiError),
        (status = 422, description = "A field is invalid", body = ApiError),
        (status = 429, description = "Too many failed attempts: see Retry-After", body = ApiError)))]
fn sign_in() {}

#[utoipa::path(delete, path = "/api/session", tag = "portal", security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "Signed out; the session is ended on the server"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Missing or wrong CSRF token", body = ApiError)))]
fn sign_out() {}

#[utoipa::path(delete, path = "/api/sessions", tag = "portal", security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "Every session of the signed-in login ended, this one included, at every location at once"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Missing or wrong CSRF token", body = ApiError)))]
fn sign_out_everywhere() {}

#[utoipa::path(get, path = "/api/logins", tag = "portal", security(("session" = [])),
    params(("search" = Option<String>, Query, description = "Logins whose name or email contains this")),
    responses(
        (status = 200, description = "The organization's logins, by name", body = LoginList),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a system administrator", body = ApiError)))]
fn list_logins() {}

#[utoipa::path(post, path = "/api/logins", tag = "portal", security(("session" = [], "csrf" = [])),
    request_body = CreateLoginRequest,
    responses(
        (status = 201, description = "Added, not activated until its first sign-in", body = LoginRow),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a system administrator, or missing CSRF token", body = ApiError),
        (status = 409, description = "The email address is taken", body = ApiError),
        (status = 422, description = "A field is invalid", body = ApiError)))]
fn create_login() {}

#[utoipa::path(get, path = "/api/organization", tag = "portal", security(("session" = [])),
    responses(
        (status = 200, description = "Your organization's settings", body = OrganizationSettings),
        (status = 401, description = "Not signed in", body = ApiError)))]
fn organization() {}

#[utoipa::path(put, path = "/api/organization/policy", tag = "portal", security(("session" = [], "csrf" = [])),
    request_body = TokenPolicyRequest,
    responses(
        (status = 200, description = "Saved", body = OrganizationSettings),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a system administrator, or missing CSRF token", body = ApiError),
        (status = 422, description = "Out of range", body = ApiError)))]
fn set_token_policy() {}

#[utoipa::path(put, path = "/api/organization/basic-auth", tag = "portal", security(("session" = [], "csrf" = [])),
    request_body = BasicAuthRequest,
    responses(
        (status = 200, description = "Saved; takes effect at once", body = OrganizationSettings),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a system administrator, or missing CSRF token", body = ApiError)))]
fn set_basic_auth() {}

#[utoipa::path(put, path = "/api/organization/log-retention", tag = "portal", security(("session" = [], "csrf" = [])),
    request_body = LogRetentionRequest,
    responses(
        (status = 200, description = "Saved; the next daily retention run deletes older Token Logs entries", body = OrganizationSettings),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a system administrator, or missing CSRF token", body = ApiError),
        (status = 422, description = "Out of range (30 to 3660 days)", body = ApiError)))]
fn set_log_retention() {}

#[utoipa::path(post, path = "/api/logins/{login_id}/changes", tag = "portal",
    security(("session" = [], "csrf" = [])), request_body = ChangeLoginRequest,
    params(("login_id" = i64, Path, description = "The login to change")),
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a system administrator, your own login, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such login in your organization", body = ApiError),
        (status = 409, description = "The last system administrator, or changed meanwhile", body = ApiError),
        (status = 422, description = "The admin role for a login that is not a system administrator", body = ApiError)))]
fn change_login() {}

#[utoipa::path(get, path = "/api/inventory", tag = "portal", security(("session" = [])),
    params(
        ("filter" = Option<String>, Query, description = "all (default), expired, expiring or never_used"),
        ("days" = Option<i64>, Query, description = "With expiring: Expiry On within this many days (default 7)"),
        ("page" = Option<i64>, Query, description = "From 1"),
        ("page_size" = Option<i64>, Query, description = "1 to 200, default 50")),
    responses(
        (status = 200, description = "Live tokens of the organization, in id order", body = InventoryPage),
        (status = 400, description = "A query parameter is not understood", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Without the API Token Admin Role", body = ApiError)))]
fn inventory() {}

#[utoipa::path(get, path = "/api/inventory.csv", tag = "portal", security(("session" = [])),
    params(
        ("filter" = Option<String>, Query, description = "As for /api/inventory"),
        ("days" = Option<i64>, Query, description = "As for /api/inventory")),
    responses(
        (status = 200, description = "Every matching token as CSV, streamed", content_type = "text/csv", body = String),
        (status = 400, description = "A query parameter is not understood", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Without the API Token Admin Role", body = ApiError)))]
fn inventory_csv() {}

#[utoipa::path(post, path = "/api/inventory/revocations", tag = "portal",
    security(("session" = [], "csrf" = [])), request_body = BulkRevokeRequest,
    responses(
        (status = 200, description = "Every selected token revoked", body = BulkRevokeResult),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Without the API Token Admin Role, or missing CSRF token", body = ApiError),
        (status = 409, description = "A selected token is not live in your organization: none was revoked", body = ApiError),
        (status = 422, description = "No tokens, or too many", body = ApiError)))]
fn bulk_revoke() {}

#[utoipa::path(get, path = "/api/logins/{login_id}/tokens", tag = "portal", security(("session" = [])),
    params(
        ("login_id" = i64, Path, description = "The login whose tokens to list"),
        ("page" = Option<i64>, Query, description = "From 1"),
        ("page_size" = Option<i64>, Query, description = "1 to 200, default 50"),
        ("search" = Option<String>, Query, description = "Only tokens whose name contains this (case-insensitive)")),
    responses(
        (status = 200, description = "One page of the login's live tokens, by name (case-insensitive) then id, and how many there are", body = TokenPage),
        (status = 400, description = "A query parameter is not understood", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "No token role, or another login's tokens without the admin role", body = ApiError),
        (status = 404, description = "No such login in your organization", body = ApiError)))]
fn list_tokens() {}

#[utoipa::path(post, path = "/api/logins/{login_id}/tokens", tag = "portal",
    security(("session" = [], "csrf" = [])), request_body = CreateTokenRequest,
    params(("login_id" = i64, Path, description = "The login the token is for")),
    responses(
        (status = 201, description = "Created, Not generated", body = TokenView),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not allowed, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such login in your organization", body = ApiError),
        (status = 409, description = "The login already has a live token of that name", body = ApiError),
        (status = 422, description = "A field is invalid, or the login is not activated", body = ApiError)))]
fn create_token() {}

#[utoipa::path(put, path = "/api/tokens/{token_id}", tag = "portal",
    security(("session" = [], "csrf" = [])), request_body = EditTokenRequest,
    params(("token_id" = i64, Path, description = "The token to edit")),
    responses(
        (status = 200, description = "Saved; any change leaves the token Not generated", body = TokenView),
        (status = 400, description = "Not JSON, or not the expected fields", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not allowed, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such live token in your organization", body = ApiError),
        (status = 409, description = "Changed by someone else since it was read, or name taken", body = ApiError),
        (status = 422, description = "A field is invalid", body = ApiError)))]
fn edit_token() {}

#[utoipa::path(delete, path = "/api/tokens/{token_id}", tag = "portal", security(("session" = [], "csrf" = [])),
    params(("token_id" = i64, Path, description = "The token to revoke")),
    responses(
        (status = 204, description = "Revoked, irreversibly and at once"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not allowed, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such live token in your organization", body = ApiError)))]
fn revoke_token() {}

#[utoipa::path(post, path = "/api/tokens/{token_id}/generate", tag = "portal",
    security(("session" = [], "csrf" = [])),
    params(("token_id" = i64, Path, description = "The token to generate a string for")),
    responses(
        (status = 200, description = "The new token string, shown this once", body = GeneratedToken),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not allowed, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such live token in your organization", body = ApiError),
        (status = 422, description = "The token has expired", body = ApiError)))]
fn generate_token() {}

#[utoipa::path(get, path = "/api/token-logs.csv", tag = "portal", security(("session" = [])),
    params(
        ("owner" = Option<String>, Query, description = "As for /api/token-logs"),
        ("token" = Option<String>, Query, description = "As for /api/token-logs"),
        ("activity" = Option<Activity>, Query, description = "As for /api/token-logs"),
        ("result" = Option<AuthResult>, Query, description = "As for /api/token-logs"),
        ("page" = Option<i64>, Query, description = "Checked as for /api/token-logs, but every matching entry is sent"),
        ("page_size" = Option<i64>, Query, description = "Checked as for /api/token-logs, but every matching entry is sent")),
    responses(
        (status = 200, description = "Every matching entry, newest first, as CSV, streamed", content_type = "text/csv", body = String),
        (status = 400, description = "A query parameter is not understood", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Other logins' entries without the admin role", body = ApiError)))]
fn token_logs_csv() {}

#[utoipa::path(get, path = "/api/token-logs", tag = "portal", security(("session" = [])),
    params(
        ("owner" = Option<String>, Query, description = "A login id, or `all` (token admins); default: yourself"),
        ("token" = Option<String>, Query, description = "Entries whose token name contains this"),
        ("activity" = Option<Activity>, Query, description = "Only this activity"),
        ("result" = Option<AuthResult>, Query, description = "Only this AUTHENTICATE result"),
        ("page" = Option<i64>, Query, description = "From 1"),
        ("page_size" = Option<i64>, Query, description = "1 to 200, default 50")),
    responses(
        (status = 200, description = "Entries, newest first", body = TokenLogPage),
        (status = 400, description = "A query parameter is not understood", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Other logins' entries without the admin role", body = ApiError)))]
fn token_logs() {}

#[utoipa::path(get, path = "/api/meta", tag = "api", security(("token" = []), ("basic" = [])),
    params(("X-Request-Id" = Option<String>, Header, description = "Your name for the request (up to 64 letters, digits, - _ . :): echoed in the answer and kept with its Token Logs entry")),
    responses(
        (status = 200, description = "The organization and its locations (Meta Record scope)", body = MetaRecords),
        (status = 401, description = "Missing, malformed, unknown, revoked or expired token string, or Basic credentials refused", body = ApiError),
        (status = 429, description = "Too many failed attempts from this client address, or too many failed Basic attempts for this login: see Retry-After", body = ApiError),
        (status = 403, description = "The token's Scope lacks Meta Record", body = ApiError),
        (status = 503, description = "The request's Token Logs entry could not be written, so it was not served: see Retry-After", body = ApiError)))]
fn meta() {}

#[utoipa::path(get, path = "/api/meta/reports", tag = "api", security(("token" = []), ("basic" = [])),
    params(("X-Request-Id" = Option<String>, Header, description = "Your name for the request (up to 64 letters, digits, - _ . :): echoed in the answer and kept with its Token Logs entry")),
    responses(
        (status = 200, description = "The organization's report definitions (Meta Record scope)", body = ReportList),
        (status = 401, description = "Missing, malformed, unknown, revoked or expired token string, or Basic credentials refused", body = ApiError),
        (status = 429, description = "Too many failed attempts from this client address, or too many failed Basic attempts for this login: see Retry-After", body = ApiError),
        (status = 403, description = "The token's Scope lacks Meta Record", body = ApiError),
        (status = 503, description = "The request's Token Logs entry could not be written, so it was not served: see Retry-After", body = ApiError)))]
fn meta_reports() {}

#[utoipa::path(get, path = "/api/data", tag = "api", security(("token" = []), ("basic" = [])),
    params(
        ("page" = Option<i64>, Query, description = "From 1"),
        ("page_size" = Option<i64>, Query, description = "1 to 200, default 50"),
        ("X-Request-Id" = Option<String>, Header, description = "Your name for the request (up to 64 letters, digits, - _ . :): echoed in the answer and kept with its Token Logs entry")),
    responses(
        (status = 200, description = "A page of the organization's readings (Report Record scope)", body = ReadingPage),
        (status = 400, description = "A query parameter is not understood", body = ApiError),
        (status = 401, description = "Missing, malformed, unknown, revoked or expired token string, or Basic credentials refused", body = ApiError),
        (status = 429, description = "Too many failed attempts from this client address, or too many failed Basic attempts for this login: see Retry-After", body = ApiError),
        (status = 403, description = "The token's Scope lacks Report Record", body = ApiError),
        (status = 503, description = "The request's Token Logs entry could not be written, so it was not served: see Retry-After", body = ApiError)))]
fn data() {}

#[utoipa::path(get, path = "/api/openapi.json", tag = "portal",
    responses((status = 200, description = "This document")))]
fn openapi_json() {}

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
        assert_eq!(document["paths"].as_object().unwrap().len(), 21);
        assert!(document["components"]["schemas"]["TokenView"].is_object());
    }
}
