//! The API's paths and the HTTP names both sides must agree on, written once.

/// Liveness probe: answers without touching storage.
pub const HEALTH: &str = "/api/health";
/// `POST` signs in, `GET` reads the current session, `DELETE` signs out.
pub const SESSION: &str = "/api/session";
/// `DELETE` ends every session of the signed-in login ("Sign out of all sessions").
pub const SESSIONS: &str = "/api/sessions";
/// Token Logs (R12), filtered by the query.
pub const TOKEN_LOGS: &str = "/api/token-logs";
/// The same entries as CSV, every one the filters match.
pub const TOKEN_LOGS_CSV: &str = "/api/token-logs.csv";
/// The OpenAPI 3.1 description of every endpoint.
pub const OPENAPI: &str = "/api/openapi.json";

/// Token-protected (R5): needs the Meta Record scope.
pub const META: &str = "/api/meta";
pub const META_REPORTS: &str = "/api/meta/reports";
/// Token-protected (R5): needs the Report Record scope.
pub const DATA: &str = "/api/data";

/// Contacts & Logins: the organization's logins (system administrators).
pub const LOGINS: &str = "/api/logins";

/// `POST` applies a role or flag change to login `login_id`.
pub fn login_changes(login_id: i64) -> String {
    format!("/api/logins/{login_id}/changes")
}

/// The organization's settings; `PUT` `ORGANIZATION_POLICY` sets its token policy.
pub const ORGANIZATION: &str = "/api/organization";
pub const ORGANIZATION_POLICY: &str = "/api/organization/policy";
/// `PUT`: the organization's Basic authentication switch (R11).
pub const ORGANIZATION_BASIC_AUTH: &str = "/api/organization/basic-auth";
/// `PUT`: how many days the organization keeps Token Logs (R17).
pub const ORGANIZATION_LOG_RETENTION: &str = "/api/organization/log-retention";

/// The token inventory (R13) of the organization, for token admins.
pub const INVENTORY: &str = "/api/inventory";
/// The same list as CSV, every matching token.
pub const INVENTORY_CSV: &str = "/api/inventory.csv";
/// `POST`: revoke the selected tokens, all or none.
pub const INVENTORY_REVOCATIONS: &str = "/api/inventory/revocations";

/// `GET` lists and `POST` creates the tokens of login `login_id`.
pub fn login_tokens(login_id: i64) -> String {
    format!("/api/logins/{login_id}/tokens")
}

/// `PUT` edits and `DELETE` revokes token `token_id`.
pub fn token(token_id: i64) -> String {
    format!("/api/tokens/{token_id}")
}

/// `POST` generates a new string for token `token_id`.
pub fn generate_token(token_id: i64) -> String {
    format!("/api/tokens/{token_id}/generate")
}

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
