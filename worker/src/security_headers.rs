//! The hardening headers every response carries (R16): the portal's page,
//! its static files and the API alike, added in this one place.
//!
//! - `Content-Security-Policy`: scripts, styles and connections from the
//!   portal's own origin only, wasm compiled from there
//!   (`'wasm-unsafe-eval'`), no inline script or style (the app starts from
//!   a file, `frontend/bundle`, and positions its menus through the style
//!   object), no plugins, and no framing (`frame-ancestors 'none'`).
//!   The `data:` image is the page's empty icon.
//! - `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`.
//! - `Strict-Transport-Security` wherever the portal is not on plain-HTTP
//!   localhost (local development), where there is no HTTPS to insist on.

use worker::{Headers, Request, Response};

use crate::http;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// Two years, every subdomain: the value HSTS preload lists ask for.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// `response` with the hardening headers. A response whose headers cannot
/// change (one fetched from the static assets) is copied with them.
pub fn added(request: &Request, response: Response) -> Response {
    let secure = !http::is_localhost(request);
    if set(response.headers(), secure).is_ok() {
        return response;
    }
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        let _ = headers.append(&name, &value);
    }
    let _ = set(&headers, secure);
    let status = response.status_code();
    let (builder, body) = response.into_parts();
    builder.with_headers(headers).with_status(status).body(body)
}

fn set(headers: &Headers, secure: bool) -> worker::Result<()> {
    headers.set("content-security-policy", CONTENT_SECURITY_POLICY)?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("referrer-policy", "no-referrer")?;
    if secure {
        headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY)?;
    }
    Ok(())
}
