//! The API's paths and the HTTP names both sides must agree on, written once.

/// Liveness probe: answers without touching storage.
pub const HEALTH: &str = "/api/health";
/// `POST` signs in, `GET` reads the current session, `DELETE` signs out.
pub const SESSION: &str = "/api/session";

/// Every state-changing request of a signed-in browser carries the session's
/// CSRF token in this header (R14).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The cookie that carries the web session's id (HttpOnly: never read by the app).
pub const SESSION_COOKIE: &str = "tessera_session";
