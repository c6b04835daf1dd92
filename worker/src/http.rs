//! HTTP plumbing shared by the routes: bounded JSON bodies, JSON responses,
//! cookies and the request facts the rules need (origin, client address).

use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use tessera_shared::ErrorCode;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::json_object::{self, Object};
use worker::{Request, Response};

use crate::error::{AppError, AppResult};

/// No request body of the API is legitimately larger than this.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Reads a JSON request body, an object, into `T`, refusing wrong content
/// types, oversize bodies, malformed JSON, other JSON values and unknown
/// fields with clear errors.
pub async fn read_json<T: DeserializeOwned>(request: &mut Request) -> AppResult<T> {
    let (_, Object(value)) = read_json_within(request, MAX_BODY_BYTES).await?;
    Ok(value)
}

/// A JSON body of up to `max_bytes`, as sent (a signature covers the bytes)
/// and as `T`: `Object<_>` for an object body (`json_object`).
pub async fn read_json_within<T: DeserializeOwned>(
    request: &mut Request,
    max_bytes: usize,
) -> AppResult<(Vec<u8>, T)> {
    let content_type = request.headers().get("content-type")?.unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(AppError::refused(
            ErrorCode::UnsupportedMediaType,
            "Send the request body as JSON with Content-Type: application/json.",
        ));
    }
    let body = read_capped(request, max_bytes).await?;
    let value = parse_json(&body)?;
    Ok((body, value))
}

/// The request body, refused with `413` as soon as it passes
/// `MAX_BODY_BYTES`: whether or not a `Content-Length` was sent, a body is
/// read through a counter and never held in memory past the limit (a chunked
/// body of any size costs at most the limit and one chunk).
async fn read_capped(request: &mut Request, max_bytes: usize) -> AppResult<Vec<u8>> {
    let declared = request
        .headers()
        .get("content-length")?
        .and_then(|v| v.parse::<usize>().ok());
    let mut chunks = request.stream()?;
    if declared.is_some_and(|length| length > max_bytes) {
        discard_rest(&mut chunks, 0).await;
        return Err(too_large(max_bytes));
    }
    let mut body = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > max_bytes {
            discard_rest(&mut chunks, body.len() + chunk.len()).await;
            return Err(too_large(max_bytes));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An oversize body is read on and dropped, chunk by chunk, up to this
/// much: the client, still sending, then receives its `413` instead of a
/// connection closed under it. Past this the worker stops reading.
const DISCARD_AT_MOST_BYTES: usize = 32 * 1024 * 1024;

async fn discard_rest(chunks: &mut worker::ByteStream, mut seen: usize) {
    while seen <= DISCARD_AT_MOST_BYTES {
        match chunks.next().await {
            Some(Ok(chunk)) => seen += chunk.len(),
            _ => return,
        }
    }
}

fn too_large(max_bytes: usize) -> AppError {
    AppError::refused(
        ErrorCode::PayloadTooLarge,
        format!("The request body is larger than {} KiB.", max_bytes / 1024),
    )
}

/// Parses a body, describing a failure without echoing the values sent (a
/// misplaced password must never come back in an error message).
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> AppResult<T> {
    serde_json::from_slice(body).map_err(|error| {
        use serde_json::error::Category;
        let at = format!("line {}, column {}", error.line(), error.column());
        match error.classify() {
            Category::Data => {
                let detail = error.to_string();
                let detail = detail.split(" at line").next().unwrap_or_default();
                // serde names the field in these two; other data errors may quote a value.
                let message = if let Some(field) = detail.strip_prefix("unknown field ") {
                    format!("The request body has an unknown field {field}.")
                } else if let Some(field) = detail.strip_prefix("missing field ") {
                    format!("The request body is missing the field {field}.")
                } else if detail.ends_with(json_object::EXPECTED) {
                    format!("The request body must be a JSON object there ({at}).")
                } else {
                    format!("A field of the request body has the wrong type ({at}).")
                };
                AppError::refused(ErrorCode::InvalidRequestBody, message)
            }
            Category::Syntax | Category::Eof | Category::Io => AppError::refused(
                ErrorCode::MalformedJson,
                format!("The request body is not valid JSON ({at})."),
            ),
        }
    })
}

pub use crate::json::json_response;

/// The value of cookie `name` in the request, if sent.
pub fn cookie(request: &Request, name: &str) -> Option<String> {
    let header = request.headers().get("cookie").ok()??;
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

/// The parts of a request's URL the worker reads. The runtime hands the URL
/// over absolute and already normalized by its own URL parser, so it is
/// split here rather than parsed a second time: a URL parser (with its
/// international domain name tables) would add a large share of the
/// worker's size for nothing (docs/performance.md has the sizes).
pub struct UrlParts {
    url: String,
    /// Where the path starts (the end of `scheme://host:port`).
    path_start: usize,
    /// Where the host starts.
    host_start: usize,
}

impl UrlParts {
    pub fn of(request: &Request) -> Self {
        let url = request.inner().url();
        let host_start = url.find("://").map_or(0, |at| at + 3);
        let path_start = url[host_start..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |at| host_start + at);
        Self {
            url,
            path_start,
            host_start,
        }
    }

    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.url[..self.path_start]
    }

    /// The host without its port (`[::1]` keeps its brackets).
    pub fn host(&self) -> &str {
        let host = &self.url[self.host_start..self.path_start];
        match host.strip_prefix('[') {
            Some(_) => host.split_inclusive(']').next().unwrap_or(host),
            None => host.split(':').next().unwrap_or(host),
        }
    }

    /// The path, percent-encoded as sent (`/` at least).
    pub fn path(&self) -> &str {
        let rest = self.before_fragment();
        match rest.split('?').next() {
            Some("") | None => "/",
            Some(path) => path,
        }
    }

    /// The query without `?`, empty when there is none.
    pub fn query(&self) -> &str {
        self.before_fragment()
            .split_once('?')
            .map_or("", |(_, query)| query)
    }

    fn before_fragment(&self) -> &str {
        let rest = &self.url[self.path_start..];
        rest.split('#').next().unwrap_or_default()
    }
}

/// True when the request is addressed to this machine, where cookies
/// cannot be `Secure` because local development is plain HTTP.
pub fn is_localhost(request: &Request) -> bool {
    matches!(
        UrlParts::of(request).host(),
        "localhost" | "127.0.0.1" | "[::1]"
    )
}

/// The session id the request's cookie carries. The cookie is
/// `__Host-tessera_session` wherever the connection is secure, and only on
/// localhost the unprefixed name (`endpoints::session_cookie`). Locally a
/// tool may still send the documented name (the OpenAPI document's, which
/// the fuzz run uses): a browser never can there, so it is read as well.
pub fn session_id(request: &Request) -> Option<String> {
    let local = is_localhost(request);
    cookie(request, endpoints::session_cookie(!local)).or_else(|| {
        local
            .then(|| cookie(request, endpoints::SESSION_COOKIE))
            .flatten()
    })
}

/// A `Set-Cookie` value for the session cookie (R14): HttpOnly,
/// SameSite=Strict, Path=/, and, everywhere but plain-HTTP localhost,
/// Secure with the `__Host-` prefix. `max_age` 0 deletes it.
pub fn session_cookie(request: &Request, value: &str, max_age: i64) -> String {
    let secure = !is_localhost(request);
    let name = endpoints::session_cookie(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// The device cookie's name: `__Host-` prefixed wherever the connection is
/// secure, unprefixed on plain-HTTP localhost (as the session cookie).
fn device_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-tessera_device"
    } else {
        "tessera_device"
    }
}

/// The value of the device cookie a browser that signed in before carries.
pub fn device_cookie_value(request: &Request) -> Option<String> {
    cookie(request, device_cookie_name(!is_localhost(request)))
}

/// A `Set-Cookie` value for a new device cookie: HttpOnly, SameSite=Strict,
/// for as long as a device is trusted (`DEVICE_COOKIE_SECONDS`).
pub fn device_cookie(request: &Request, value: &str) -> String {
    let secure = !is_localhost(request);
    let name = device_cookie_name(secure);
    let max_age = tessera_shared::sign_in_throttle::DEVICE_COOKIE_SECONDS;
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// True when a browser says the request comes from another site. Requests
/// without `Origin` (scripts, curl) carry no ambient cookie risk of their own.
pub fn is_cross_origin(request: &Request) -> bool {
    let Ok(Some(origin)) = request.headers().get("origin") else {
        return false;
    };
    origin != UrlParts::of(request).origin()
}

/// The client's address as Cloudflare reports it; one shared key locally.
pub fn client_address(request: &Request) -> String {
    request
        .headers()
        .get("cf-connecting-ip")
        .ok()
        .flatten()
        .unwrap_or_else(|| "local".to_owned())
}

/// Where `request` came from and what it was, for its AUTHENTICATE entry.
pub fn usage(request: &Request) -> crate::store::token_logs::Usage {
    use crate::store::token_logs::{PATH_BYTES, USER_AGENT_BYTES};
    let user_agent = request
        .headers()
        .get("user-agent")
        .ok()
        .flatten()
        .map(|agent| within_bytes(agent.chars().filter(|c| !c.is_control()), USER_AGENT_BYTES))
        .filter(|agent: &String| !agent.is_empty());
    let path = within_bytes(UrlParts::of(request).path().chars(), PATH_BYTES);
    crate::store::token_logs::Usage {
        // Cloudflare's own header; bounded all the same (an IPv6 address
        // with an IPv4 tail is 45 characters), for runtimes that pass a
        // client's through.
        address: request
            .headers()
            .get("cf-connecting-ip")
            .ok()
            .flatten()
            .map(|address| within_bytes(address.chars(), 45)),
        country: request.cf().and_then(|cf| cf.country()),
        user_agent,
        endpoint: Some(format!("{} {path}", request.inner().method())),
    }
}

/// The first of `chars` that fit in `bytes` bytes of UTF-8, whole characters only.
fn within_bytes(chars: impl Iterator<Item = char>, bytes: usize) -> String {
    let mut kept = String::new();
    for c in chars {
        if kept.len() + c.len_utf8() > bytes {
            break;
        }
        kept.push(c);
    }
    kept
}

/// The header a client may name its request with; the API echoes it, and
/// Token Logs keep it with the request's AUTHENTICATE entry.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The request's `X-Request-Id`, when it is a plain name of at most 64
/// characters (letters, digits, `-`, `_`, `.`, `:`); anything else is ignored.
pub fn request_id(request: &Request) -> Option<String> {
    let id = request.headers().get(REQUEST_ID_HEADER).ok()??;
    let plain = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    plain.then_some(id)
}

/// The request's query, read as endpoint `E` defines it: a refused value
/// is a 400 naming the parameter and what it must be.
pub fn query<E: Endpoint>(request: &Request) -> AppResult<E::Query> {
    tessera_shared::query::read(UrlParts::of(request).query())
        .map_err(|error| AppError::refused(ErrorCode::InvalidQuery, error.to_string()))
}

/// The request's JSON body, as endpoint `E` defines it.
pub async fn body<E: Endpoint>(request: &mut Request) -> AppResult<E::Body> {
    read_json(request).await
}

/// A CSV file streamed to the browser as a download named `filename`.
pub fn csv_download<S>(rows: S, filename: &str) -> AppResult<Response>
where
    S: futures_util::Stream<Item = Result<Vec<u8>, worker::Error>> + 'static,
{
    let response = Response::from_stream(rows)?;
    let headers = response.headers();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set(
        "content-disposition",
        &format!("attachment; filename=\"{filename}\""),
    )?;
    headers.set("cache-control", "no-store")?;
    Ok(response)
}

/// Endpoint `E`'s answer, as JSON.
pub fn answer<E: Endpoint>(status: u16, answer: &E::Answer) -> Response {
    json_response(status, answer)
}

#[cfg(test)]
mod tests {
    use super::within_bytes;

    #[test]
    fn a_field_is_cut_to_its_bytes_at_a_whole_character() {
        assert_eq!(within_bytes("abcdef".chars(), 4), "abcd");
        // "é" is two bytes: three of them do not fit in five.
        assert_eq!(within_bytes("ééé".chars(), 5), "éé");
        assert_eq!(within_bytes("😀x".chars(), 3), "");
        assert_eq!(within_bytes("short".chars(), 200), "short");
    }
}
