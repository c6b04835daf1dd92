//! Cross-origin reads of the token-protected API (the `api` tag): a script
//! on any web page may call it with a token string it holds, since the
//! string, not the browser, is the credential. No cookie is ever accepted
//! cross-origin (`Access-Control-Allow-Credentials` is never sent), and the
//! portal's own endpoints stay same-origin only.

use tessera_shared::endpoints::{
    ACCEPTED_SCOPES_HEADER, Resolution, Route, TOKEN_EXPIRATION_HEADER,
};
use worker::{Headers, Response};

use crate::http::REQUEST_ID_HEADER;

/// Whether `path` is one of the token-protected endpoints, whatever the method.
pub fn applies_to(path: &str) -> bool {
    Route::ALL
        .iter()
        .any(|route| route.tag() == "api" && matches_path(*route, path))
}

fn matches_path(route: Route, path: &str) -> bool {
    match Route::resolve(route.method().as_str(), path) {
        Resolution::Found(found, _) => found == route,
        _ => false,
    }
}

/// The answer to a browser's preflight (`OPTIONS`) for such a path.
pub fn preflight(path: &str) -> Response {
    let methods: Vec<&str> = Route::ALL
        .iter()
        .filter(|route| route.tag() == "api" && matches_path(**route, path))
        .map(|route| route.method().as_str())
        .collect();
    let response = Response::empty()
        .unwrap_or_else(|_| Response::error("", 204).expect("a response"))
        .with_status(204);
    let headers = response.headers();
    let _ = headers.set("access-control-allow-methods", &methods.join(", "));
    let _ = headers.set(
        "access-control-allow-headers",
        &format!("authorization, {REQUEST_ID_HEADER}"),
    );
    let _ = headers.set("access-control-max-age", "86400");
    response
}

/// Lets any origin read the answer and the headers a script acts on.
pub fn allow(headers: &Headers) {
    let _ = headers.set("access-control-allow-origin", "*");
    let _ = headers.set(
        "access-control-expose-headers",
        &format!(
            "{TOKEN_EXPIRATION_HEADER}, {ACCEPTED_SCOPES_HEADER}, {REQUEST_ID_HEADER}, \
             retry-after, www-authenticate"
        ),
    );
}
