//! The typed client of Tessera's JSON API. Every request goes through one
//! private `send`, which adds the CSRF header to state-changing requests and
//! turns every refusal into the worker's `ApiError`.
//!
//! Requests go through the browser's own `fetch`, `JSON.stringify` and
//! `JSON.parse`, with `serde_wasm_bindgen` between JavaScript values and the
//! `shared` types: no JSON parser or writer compiled into the portal's wasm.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tessera_shared::inventory::{BulkRevokeRequest, BulkRevokeResult, InventoryPage};
use tessera_shared::logins::{
    ChangeLoginRequest, CreateLoginRequest, LoginChange, LoginList, LoginRow,
};
use tessera_shared::organization::{BasicAuthRequest, OrganizationSettings, TokenPolicyRequest};
use tessera_shared::tokens::{
    CreateTokenRequest, EditTokenRequest, GeneratedToken, TokenLogPage, TokenPage, TokenView,
};
use tessera_shared::{ApiError, ErrorCode, SessionInfo, SignInRequest, paths};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// A request before it is sent: its method, its path, and the CSRF token a
/// state-changing request carries.
struct Request {
    method: &'static str,
    path: String,
    csrf_token: Option<String>,
}

impl Request {
    fn new(method: &'static str, path: &str) -> Self {
        Self {
            method,
            path: path.to_owned(),
            csrf_token: None,
        }
    }

    fn get(path: &str) -> Self {
        Self::new("GET", path)
    }

    fn post(path: &str) -> Self {
        Self::new("POST", path)
    }

    fn put(path: &str) -> Self {
        Self::new("PUT", path)
    }

    fn delete(path: &str) -> Self {
        Self::new("DELETE", path)
    }
}

/// The signed-in session, or `None` when nobody is signed in.
pub async fn current_session() -> Result<Option<SessionInfo>, ApiError> {
    match send(Request::get(paths::SESSION), None::<&()>).await {
        Ok(response) => read_json(response).await.map(Some),
        Err(error) if error.code == ErrorCode::NotSignedIn => Ok(None),
        Err(error) => Err(error),
    }
}

pub async fn sign_in(request: &SignInRequest) -> Result<SessionInfo, ApiError> {
    read_json(send(Request::post(paths::SESSION), Some(request)).await?).await
}

pub async fn sign_out(session: &SessionInfo) -> Result<(), ApiError> {
    send(
        changing(Request::delete(paths::SESSION), session),
        None::<&()>,
    )
    .await
    .map(drop)
}

/// Page `page` (from 1) of `owner_login_id`'s live tokens whose name contains
/// `search` (all when empty), `page_size` to a page.
pub async fn list_tokens(
    owner_login_id: i64,
    page: i64,
    page_size: i64,
    search: &str,
) -> Result<TokenPage, ApiError> {
    let path = format!(
        "{}?page={page}&page_size={page_size}&search={}",
        paths::login_tokens(owner_login_id),
        String::from(js_sys::encode_uri_component(search))
    );
    read_json(send(Request::get(&path), None::<&()>).await?).await
}

pub async fn create_token(
    session: &SessionInfo,
    owner_login_id: i64,
    request: &CreateTokenRequest,
) -> Result<TokenView, ApiError> {
    let builder = changing(Request::post(&paths::login_tokens(owner_login_id)), session);
    read_json(send(builder, Some(request)).await?).await
}

pub async fn generate_token(
    session: &SessionInfo,
    token_id: i64,
) -> Result<GeneratedToken, ApiError> {
    read_json(
        send(
            changing(Request::post(&paths::generate_token(token_id)), session),
            None::<&()>,
        )
        .await?,
    )
    .await
}

pub async fn edit_token(
    session: &SessionInfo,
    token_id: i64,
    request: &EditTokenRequest,
) -> Result<TokenView, ApiError> {
    read_json(
        send(
            changing(Request::put(&paths::token(token_id)), session),
            Some(request),
        )
        .await?,
    )
    .await
}

pub async fn revoke_token(session: &SessionInfo, token_id: i64) -> Result<(), ApiError> {
    send(
        changing(Request::delete(&paths::token(token_id)), session),
        None::<&()>,
    )
    .await
    .map(drop)
}

pub async fn list_logins(search: &str) -> Result<LoginList, ApiError> {
    let path = format!(
        "{}?search={}",
        paths::LOGINS,
        String::from(js_sys::encode_uri_component(search))
    );
    read_json(send(Request::get(&path), None::<&()>).await?).await
}

pub async fn change_login(
    session: &SessionInfo,
    login_id: i64,
    change: LoginChange,
) -> Result<(), ApiError> {
    let builder = changing(Request::post(&paths::login_changes(login_id)), session);
    send(builder, Some(&ChangeLoginRequest { change }))
        .await
        .map(drop)
}

pub async fn organization() -> Result<OrganizationSettings, ApiError> {
    read_json(send(Request::get(paths::ORGANIZATION), None::<&()>).await?).await
}

pub async fn set_token_policy(
    session: &SessionInfo,
    max_token_lifetime_days: Option<i64>,
) -> Result<OrganizationSettings, ApiError> {
    let builder = changing(Request::put(paths::ORGANIZATION_POLICY), session);
    read_json(
        send(
            builder,
            Some(&TokenPolicyRequest {
                max_token_lifetime_days,
            }),
        )
        .await?,
    )
    .await
}

pub async fn set_basic_auth(
    session: &SessionInfo,
    enabled: bool,
) -> Result<OrganizationSettings, ApiError> {
    let builder = changing(Request::put(paths::ORGANIZATION_BASIC_AUTH), session);
    read_json(send(builder, Some(&BasicAuthRequest { enabled })).await?).await
}

pub async fn create_login(
    session: &SessionInfo,
    request: &CreateLoginRequest,
) -> Result<LoginRow, ApiError> {
    read_json(
        send(
            changing(Request::post(paths::LOGINS), session),
            Some(request),
        )
        .await?,
    )
    .await
}

/// `query` is an `InventoryFilter::query()` plus paging.
pub async fn inventory(query: &str) -> Result<InventoryPage, ApiError> {
    read_json(
        send(
            Request::get(&format!("{}?{query}", paths::INVENTORY)),
            None::<&()>,
        )
        .await?,
    )
    .await
}

pub async fn bulk_revoke(
    session: &SessionInfo,
    token_ids: Vec<i64>,
) -> Result<BulkRevokeResult, ApiError> {
    let builder = changing(Request::post(paths::INVENTORY_REVOCATIONS), session);
    read_json(send(builder, Some(&BulkRevokeRequest { token_ids })).await?).await
}

/// `query` is the URL query without `?`, e.g. `activity=AUTHENTICATE&page=2`.
pub async fn token_logs(query: &str) -> Result<TokenLogPage, ApiError> {
    read_json(
        send(
            Request::get(&format!("{}?{query}", paths::TOKEN_LOGS)),
            None::<&()>,
        )
        .await?,
    )
    .await
}

/// A state-changing request carries the session's CSRF token (R14).
fn changing(mut request: Request, session: &SessionInfo) -> Request {
    request.csrf_token = Some(session.csrf_token.clone());
    request
}

async fn send<B: Serialize>(request: Request, body: Option<&B>) -> Result<Response, ApiError> {
    let body = match body {
        Some(body) => Some(to_js(body).map_err(|_| unreachable_error())?),
        None => None,
    };
    send_request(request, body).await
}

/// `body` as the JavaScript value `JSON.stringify` turns into the JSON
/// `serde_json` writes: maps as objects, `None` as `null`.
fn to_js<B: Serialize>(body: &B) -> Result<JsValue, serde_wasm_bindgen::Error> {
    body.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// Sends `request` with `body` as its JSON, and turns a refusal into the
/// worker's `ApiError`. Not generic: one compiled copy for every request.
async fn send_request(request: Request, body: Option<JsValue>) -> Result<Response, ApiError> {
    let init = RequestInit::new();
    init.set_method(request.method);
    let headers = Headers::new().map_err(|_| unreachable_error())?;
    if let Some(csrf_token) = &request.csrf_token {
        headers
            .set(paths::CSRF_HEADER, csrf_token)
            .map_err(|_| unreachable_error())?;
    }
    if let Some(body) = body {
        let json = js_sys::JSON::stringify(&body).map_err(|_| unreachable_error())?;
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| unreachable_error())?;
        init.set_body(&json);
    }
    init.set_headers(&headers);
    let fetch_request = web_sys::Request::new_with_str_and_init(&request.path, &init)
        .map_err(|_| unreachable_error())?;
    let window = web_sys::window().ok_or_else(unreachable_error)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&fetch_request))
        .await
        .map_err(|_| unreachable_error())?
        .unchecked_into();
    if response.ok() {
        return Ok(response);
    }
    let refusal = read_body(&response)
        .await
        .ok()
        .and_then(|body| serde_wasm_bindgen::from_value::<ApiError>(body).ok());
    Err(refusal.unwrap_or_else(|| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Tessera answered with HTTP {}.", response.status()),
        )
    }))
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    serde_wasm_bindgen::from_value(read_body(&response).await?).map_err(|_| unreadable_error())
}

/// The response's body, parsed by the browser's `JSON.parse`.
async fn read_body(response: &Response) -> Result<JsValue, ApiError> {
    let parsing = response.json().map_err(|_| unreadable_error())?;
    JsFuture::from(parsing)
        .await
        .map_err(|_| unreadable_error())
}

fn unreadable_error() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Tessera's answer could not be read. Reload the page.",
    )
}

fn unreachable_error() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Tessera could not be reached. Check your connection and try again.",
    )
}

#[cfg(test)]
mod tests {
    //! The browser's JSON against `serde_json`'s, which the worker reads and
    //! writes: request bodies must be the same text, answers the same values.

    use tessera_shared::LoginSummary;
    use tessera_shared::ScopeName;
    use tessera_shared::tokens::{Activity, AuthResult, TokenLogEntry, TokenStatus};
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn browser_json<B: Serialize>(body: &B) -> String {
        String::from(js_sys::JSON::stringify(&to_js(body).unwrap()).unwrap())
    }

    fn browser_read<T: DeserializeOwned>(json: &str) -> T {
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(json).unwrap()).unwrap()
    }

    fn assert_same_json<B: Serialize>(body: B) {
        assert_eq!(browser_json(&body), serde_json::to_string(&body).unwrap());
    }

    #[wasm_bindgen_test]
    fn every_request_body_is_the_json_serde_json_writes() {
        assert_same_json(SignInRequest {
            email: "alice@demo.example".into(),
            password: "pa\"ss\\wörd\u{1}".into(),
        });
        assert_same_json(CreateTokenRequest {
            name: "CI deploy".into(),
            expiry: "30d".into(),
            scope: vec![ScopeName::MetaRecord, ScopeName::ReportRecord],
        });
        assert_same_json(EditTokenRequest {
            name: "CI".into(),
            expiry: "never".into(),
            scope: vec![],
            version: 7,
        });
        assert_same_json(ChangeLoginRequest {
            change: LoginChange::MakeSystemAdmin,
        });
        assert_same_json(TokenPolicyRequest {
            max_token_lifetime_days: None,
        });
        assert_same_json(TokenPolicyRequest {
            max_token_lifetime_days: Some(90),
        });
        assert_same_json(BasicAuthRequest { enabled: true });
        assert_same_json(CreateLoginRequest {
            display_name: "Bob".into(),
            email: "bob@demo.example".into(),
            password: "secret".into(),
            system_admin: false,
            personal_token_role: true,
        });
        assert_same_json(BulkRevokeRequest {
            token_ids: vec![1, 9_007_199_254_740_991],
        });
    }

    #[wasm_bindgen_test]
    fn answers_read_as_serde_json_reads_them() {
        let refusal = ApiError::new(ErrorCode::NotSignedIn, "Sign in first.");
        assert_eq!(
            browser_read::<ApiError>(&serde_json::to_string(&refusal).unwrap()),
            refusal
        );
        let session = SessionInfo {
            login: LoginSummary {
                id: 3,
                display_name: "Alice Analyst".into(),
                email: "alice@demo.example".into(),
                organization_name: "Demo".into(),
                system_admin: true,
                token_admin_role: false,
                personal_token_role: true,
            },
            csrf_token: "abc".into(),
            expires_at: 1_795_000_000,
        };
        assert_eq!(
            browser_read::<SessionInfo>(&serde_json::to_string(&session).unwrap()),
            session
        );
        let view = TokenView {
            id: 1,
            owner_login_id: 3,
            name: "CI".into(),
            scope: vec![ScopeName::MetaRecord],
            expiry_on: None,
            status: TokenStatus::NotGenerated,
            expiring_soon: false,
            hint: Some("ab…".into()),
            created_at: "2026-11-29 10:00".into(),
            created_by: "Alice".into(),
            updated_at: "2026-11-29 10:00".into(),
            generated_at: None,
            last_used_at: None,
            version: 1,
        };
        assert_eq!(
            browser_read::<TokenView>(&serde_json::to_string(&view).unwrap()),
            view
        );
        let logs = TokenLogPage {
            entries: vec![TokenLogEntry {
                id: 5,
                token_id: None,
                token_name: "CI".into(),
                owner: Some("Alice".into()),
                activity: Activity::Authenticate,
                activity_on: "2026-11-29".into(),
                activity_by: "ci".into(),
                result: Some(AuthResult::Ok),
                detail: None,
            }],
            page: 1,
            page_size: 20,
            total: 1,
        };
        assert_eq!(
            browser_read::<TokenLogPage>(&serde_json::to_string(&logs).unwrap()),
            logs
        );
        // A field the worker leaves out when empty reads as `None`, as it does
        // with serde_json.
        assert_eq!(
            browser_read::<ApiError>(r#"{"code":"not_signed_in","message":"Sign in first."}"#),
            refusal
        );
    }
}
