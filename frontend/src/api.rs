//! The typed client of Tessera's JSON API. Every request goes through one
//! private `send`, which adds the CSRF header to state-changing requests and
//! turns every refusal into the worker's `ApiError`.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use tessera_shared::inventory::{BulkRevokeRequest, BulkRevokeResult, InventoryPage};
use tessera_shared::logins::{
    ChangeLoginRequest, CreateLoginRequest, LoginChange, LoginList, LoginRow,
};
use tessera_shared::organization::{
    BasicAuthRequest, LogRetentionRequest, OrganizationSettings, TokenPolicyRequest,
};
use tessera_shared::tokens::{
    CreateTokenRequest, EditTokenRequest, GeneratedToken, TokenLogPage, TokenPage, TokenView,
};
use tessera_shared::{ApiError, ErrorCode, SessionInfo, SignInRequest, paths};

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

/// Ends every session of the signed-in login, this one included.
pub async fn sign_out_everywhere(session: &SessionInfo) -> Result<(), ApiError> {
    send(
        changing(Request::delete(paths::SESSIONS), session),
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

/// R17: how many days the organization keeps Token Logs.
pub async fn set_log_retention(
    session: &SessionInfo,
    days: i64,
) -> Result<OrganizationSettings, ApiError> {
    let builder = changing(Request::put(paths::ORGANIZATION_LOG_RETENTION), session);
    read_json(send(builder, Some(&LogRetentionRequest { days })).await?).await
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
fn changing(builder: RequestBuilder, session: &SessionInfo) -> RequestBuilder {
    builder.header(paths::CSRF_HEADER, &session.csrf_token)
}

async fn send<B: serde::Serialize>(
    request: RequestBuilder,
    body: Option<&B>,
) -> Result<Response, ApiError> {
    let request = match body {
        Some(body) => request.json(body),
        None => request.build(),
    }
    .map_err(|_| unreachable_error())?;
    send_request(request).await
}

async fn send_request(request: gloo_net::http::Request) -> Result<Response, ApiError> {
    let response = request.send().await.map_err(|_| unreachable_error())?;
    if response.ok() {
        return Ok(response);
    }
    Err(response.json::<ApiError>().await.unwrap_or_else(|_| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Tessera answered with HTTP {}.", response.status()),
        )
    }))
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let text = response.text().await.map_err(|_| unreadable_error())?;
    serde_json::from_str(&text).map_err(|_| unreadable_error())
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
