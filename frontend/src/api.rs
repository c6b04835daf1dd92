//! The typed client of Tessera's JSON API. Every request goes through one
//! `call`, driven by the endpoint's definition in `tessera_shared::endpoints`
//! (method, path, query, body and answer types): it adds the CSRF header to
//! state-changing requests and turns every refusal into the worker's
//! `ApiError`, and a request that never got an answer into its own
//! `Unreachable` error.

use gloo_net::http::{Method, RequestBuilder, Response};
use tessera_shared::callers::{
    Anyone, Declared, SignedIn, SignedInChange, SystemAdmin, SystemAdminChange, TokenAdmin,
    TokenAdminChange,
};
use tessera_shared::endpoints::{
    self, BulkRevoke, ChangeLogin, CreateLogin, CreateToken, EditToken, Endpoint, GenerateToken,
    GetOrganization, GetSession, Inventory, ListLogins, ListTokens, NoBody, RevokeToken,
    RotateToken, SetBasicAuth, SetLogRetention, SetTokenPolicy, SignIn, SignOut, SignOutEverywhere,
    TokenLogs,
};
use tessera_shared::endpoints::{CreateServiceAccount, EditServiceAccount};
use tessera_shared::endpoints::{
    DismissNotice, DismissNotices, ListNotices, OrganizationUsage, PreviewTokenPolicy,
    SetDefaultAllowlist, SetStaleTokens, SetWebhook, TestWebhook, TokenUsage, WebhookDeliveries,
};
use tessera_shared::inventory::{BulkRevokeRequest, BulkRevokeResult, InventoryPage};
use tessera_shared::logins::{
    ChangeLoginRequest, CreateLoginRequest, LoginChange, LoginList, LoginRow,
};
use tessera_shared::notices::{
    DeliveryList, DismissNoticesRequest, NoticeList, NoticesDismissed, WebhookDelivery,
    WebhookRequest, WebhookSaved,
};
use tessera_shared::organization::{
    BasicAuthRequest, DefaultAllowlistRequest, LogRetentionRequest, OrganizationSettings,
    PolicyPreview, StaleTokensRequest,
};
use tessera_shared::policy::TokenPolicy;
use tessera_shared::query::{InventoryQuery, LoginSearch, NoQuery, TokenListQuery, TokenLogQuery};
use tessera_shared::service_accounts::CreateServiceAccountRequest;
use tessera_shared::tokens::{
    CreateTokenRequest, EditTokenRequest, GeneratedToken, GracePeriod, RotateTokenRequest,
    RotatedToken, TokenLogPage, TokenPage, TokenView,
};
use tessera_shared::usage::{OrganizationWeek, TokenUsageView};
use tessera_shared::{ApiError, ErrorCode, SessionInfo, SignInRequest, ValidationError};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// The worker answered with a refusal (or an error of its own).
    Refused(ApiError),
    /// No answer came: offline, or the connection broke.
    Unreachable,
    /// An answer came that is not what the endpoint answers.
    Unreadable,
}

impl CallError {
    /// What to tell the person.
    pub fn message(&self) -> String {
        match self {
            Self::Refused(error) => error.message.clone(),
            Self::Unreachable => {
                "Tessera could not be reached. Check your connection and try again.".into()
            }
            Self::Unreadable => "Tessera's answer could not be read. Reload the page.".into(),
        }
    }

    /// The worker's code, for a refusal.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Refused(error) => Some(error.code),
            Self::Unreachable | Self::Unreadable => None,
        }
    }

    /// The field a refusal is about, if it names one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Refused(error) => error.field.as_deref(),
            Self::Unreachable | Self::Unreadable => None,
        }
    }
}

/// A form's own check, shown as the worker's refusal would be.
impl From<ValidationError> for CallError {
    fn from(error: ValidationError) -> Self {
        Self::Refused(error.into())
    }
}

pub type CallResult<T> = Result<T, CallError>;

/// The signed-in session, or `None` when nobody is signed in (`204`).
/// Read as `SessionInfo` itself, which signing in reads too, so the wasm
/// carries one reader for both.
pub async fn current_session() -> CallResult<Option<SessionInfo>> {
    let url = GetSession::url((), &NoQuery {});
    match send(GetSession::ROUTE.method(), &url, None, None)
        .await?
        .as_str()
    {
        "null" => Ok(None),
        text => serde_json::from_str(text)
            .map(Some)
            .map_err(|_| CallError::Unreadable),
    }
}

pub async fn sign_in(request: &SignInRequest) -> CallResult<SessionInfo> {
    call::<SignIn>((), (), &NoQuery {}, request).await
}

pub async fn sign_out(session: &SessionInfo) -> CallResult<()> {
    call::<SignOut>(session, (), &NoQuery {}, &NoBody)
        .await
        .map(drop)
}

/// Ends every session of the signed-in login, this one included.
pub async fn sign_out_everywhere(session: &SessionInfo) -> CallResult<()> {
    call::<SignOutEverywhere>(session, (), &NoQuery {}, &NoBody)
        .await
        .map(drop)
}

/// One page of `owner_login_id`'s live tokens.
pub async fn list_tokens(owner_login_id: i64, query: &TokenListQuery) -> CallResult<TokenPage> {
    call::<ListTokens>((), owner_login_id, query, &NoBody).await
}

pub async fn create_token(
    session: &SessionInfo,
    owner_login_id: i64,
    request: &CreateTokenRequest,
) -> CallResult<TokenView> {
    call::<CreateToken>(session, owner_login_id, &NoQuery {}, request).await
}

pub async fn generate_token(session: &SessionInfo, token_id: i64) -> CallResult<GeneratedToken> {
    call::<GenerateToken>(session, token_id, &NoQuery {}, &NoBody).await
}

pub async fn rotate_token(
    session: &SessionInfo,
    token_id: i64,
    grace: GracePeriod,
) -> CallResult<RotatedToken> {
    let request = RotateTokenRequest { grace };
    call::<RotateToken>(session, token_id, &NoQuery {}, &request).await
}

pub async fn edit_token(
    session: &SessionInfo,
    token_id: i64,
    request: &EditTokenRequest,
) -> CallResult<TokenView> {
    call::<EditToken>(session, token_id, &NoQuery {}, request).await
}

pub async fn revoke_token(session: &SessionInfo, token_id: i64) -> CallResult<()> {
    call::<RevokeToken>(session, token_id, &NoQuery {}, &NoBody)
        .await
        .map(drop)
}

pub async fn list_logins(search: &str) -> CallResult<LoginList> {
    let query = LoginSearch {
        search: Some(search.to_owned()).filter(|search| !search.is_empty()),
    };
    call::<ListLogins>((), (), &query, &NoBody).await
}

pub async fn change_login(
    session: &SessionInfo,
    login_id: i64,
    change: LoginChange,
) -> CallResult<()> {
    let request = ChangeLoginRequest { change };
    call::<ChangeLogin>(session, login_id, &NoQuery {}, &request)
        .await
        .map(drop)
}

pub async fn organization() -> CallResult<OrganizationSettings> {
    call::<GetOrganization>((), (), &NoQuery {}, &NoBody).await
}

pub async fn set_token_policy(
    session: &SessionInfo,
    policy: &TokenPolicy,
) -> CallResult<OrganizationSettings> {
    call::<SetTokenPolicy>(session, (), &NoQuery {}, policy).await
}

pub async fn preview_token_policy(
    session: &SessionInfo,
    policy: &TokenPolicy,
) -> CallResult<PolicyPreview> {
    call::<PreviewTokenPolicy>(session, (), &NoQuery {}, policy).await
}

pub async fn set_basic_auth(
    session: &SessionInfo,
    enabled: bool,
) -> CallResult<OrganizationSettings> {
    let request = BasicAuthRequest { enabled };
    call::<SetBasicAuth>(session, (), &NoQuery {}, &request).await
}

/// R17: how many days the organization keeps Token Logs.
pub async fn set_log_retention(
    session: &SessionInfo,
    days: i64,
) -> CallResult<OrganizationSettings> {
    let request = LogRetentionRequest { days };
    call::<SetLogRetention>(session, (), &NoQuery {}, &request).await
}

pub async fn set_stale_tokens(
    session: &SessionInfo,
    days: Option<i64>,
) -> CallResult<OrganizationSettings> {
    let request = StaleTokensRequest { days };
    call::<SetStaleTokens>(session, (), &NoQuery {}, &request).await
}

pub async fn set_default_allowlist(
    session: &SessionInfo,
    addresses: Vec<String>,
) -> CallResult<OrganizationSettings> {
    let request = DefaultAllowlistRequest { addresses };
    call::<SetDefaultAllowlist>(session, (), &NoQuery {}, &request).await
}

pub async fn set_webhook(
    session: &SessionInfo,
    url: Option<String>,
    new_secret: bool,
) -> CallResult<WebhookSaved> {
    let request = WebhookRequest { url, new_secret };
    call::<SetWebhook>(session, (), &NoQuery {}, &request).await
}

pub async fn webhook_deliveries() -> CallResult<DeliveryList> {
    call::<WebhookDeliveries>((), (), &NoQuery {}, &NoBody).await
}

pub async fn test_webhook(session: &SessionInfo) -> CallResult<WebhookDelivery> {
    call::<TestWebhook>(session, (), &NoQuery {}, &NoBody).await
}

pub async fn notices() -> CallResult<NoticeList> {
    call::<ListNotices>((), (), &NoQuery {}, &NoBody).await
}

pub async fn dismiss_notice(session: &SessionInfo, notice_id: i64) -> CallResult<()> {
    call::<DismissNotice>(session, notice_id, &NoQuery {}, &NoBody)
        .await
        .map(drop)
}

/// Dismisses a group of notices in one request.
pub async fn dismiss_notices(session: &SessionInfo, ids: Vec<i64>) -> CallResult<NoticesDismissed> {
    call::<DismissNotices>(session, (), &NoQuery {}, &DismissNoticesRequest { ids }).await
}

pub async fn create_login(
    session: &SessionInfo,
    request: &CreateLoginRequest,
) -> CallResult<LoginRow> {
    call::<CreateLogin>(session, (), &NoQuery {}, request).await
}

/// Which tokens need a token admin's approval (R27).
pub async fn set_approval_rule(
    session: &SessionInfo,
    rule: &tessera_shared::approval::ApprovalRule,
) -> CallResult<OrganizationSettings> {
    call::<tessera_shared::endpoints::SetApprovalRule>(session, (), &NoQuery {}, rule).await
}

/// The audit stream's destination and lag (R30).
pub async fn audit_stream() -> CallResult<tessera_shared::audit_stream::AuditStreamStatus> {
    call::<tessera_shared::endpoints::GetAuditStream>((), (), &NoQuery {}, &NoBody).await
}

/// Sets or removes the audit stream's destination (R30).
pub async fn set_audit_stream(
    session: &SessionInfo,
    request: &tessera_shared::audit_stream::AuditStreamRequest,
) -> CallResult<tessera_shared::audit_stream::AuditStreamSaved> {
    call::<tessera_shared::endpoints::SetAuditStream>(session, (), &NoQuery {}, request).await
}

/// The approval queue (R27).
pub async fn approvals() -> CallResult<tessera_shared::approval::ApprovalQueue> {
    call::<tessera_shared::endpoints::ListApprovals>((), (), &NoQuery {}, &NoBody).await
}

/// A token admin's decision on a pending token (R27).
pub async fn decide_approval(
    session: &SessionInfo,
    token_id: i64,
    decision: &tessera_shared::approval::ApprovalDecision,
) -> CallResult<TokenView> {
    call::<tessera_shared::endpoints::DecideApproval>(session, token_id, &NoQuery {}, decision)
        .await
}

/// A new service account (R28), or, with `id`, a service account's fields saved.
pub async fn save_service_account(
    session: &SessionInfo,
    id: Option<i64>,
    request: &CreateServiceAccountRequest,
) -> CallResult<LoginRow> {
    match id {
        None => call::<CreateServiceAccount>(session, (), &NoQuery {}, request).await,
        Some(id) => call::<EditServiceAccount>(session, id, &NoQuery {}, request).await,
    }
}

pub async fn inventory(query: &InventoryQuery) -> CallResult<InventoryPage> {
    call::<Inventory>((), (), query, &NoBody).await
}

/// A token's detail panel: its requests per day over 30 days.
pub async fn token_usage(token_id: i64) -> CallResult<TokenUsageView> {
    call::<TokenUsage>((), token_id, &NoQuery {}, &NoBody).await
}

/// The organization's busiest and most-failing tokens of the week.
pub async fn organization_usage() -> CallResult<OrganizationWeek> {
    call::<OrganizationUsage>((), (), &NoQuery {}, &NoBody).await
}

pub async fn bulk_revoke(
    session: &SessionInfo,
    token_ids: Vec<i64>,
) -> CallResult<BulkRevokeResult> {
    let request = BulkRevokeRequest { token_ids };
    call::<BulkRevoke>(session, (), &NoQuery {}, &request).await
}

pub async fn token_logs(query: &TokenLogQuery) -> CallResult<TokenLogPage> {
    call::<TokenLogs>((), (), query, &NoBody).await
}

/// What the portal presents for the caller an endpoint declares
/// (`tessera_shared::callers`): nothing for anyone or a read (the session
/// cookie goes by itself), the session for a change, whose CSRF token the
/// request carries (R14). The token-protected API's callers have none: the
/// portal cannot call it.
pub trait Presents: Declared {
    type Credentials<'a>: Copy;

    fn csrf_token<'a>(credentials: Self::Credentials<'a>) -> Option<&'a str>;
}

macro_rules! presents {
    (nothing: $($nothing:ident),*; session: $($change:ident),*) => {
        $(impl Presents for $nothing {
            type Credentials<'a> = ();

            fn csrf_token<'a>((): Self::Credentials<'a>) -> Option<&'a str> {
                None
            }
        })*
        $(impl Presents for $change {
            type Credentials<'a> = &'a SessionInfo;

            fn csrf_token<'a>(session: Self::Credentials<'a>) -> Option<&'a str> {
                Some(&session.csrf_token)
            }
        })*
    };
}

presents! {
    nothing: Anyone, SignedIn, SystemAdmin, TokenAdmin;
    session: SignedInChange, SystemAdminChange, TokenAdminChange
}

/// Sends endpoint `E`'s request and reads its answer. Only the body's
/// writing and the answer's reading depend on `E`: the rest is `send`, once
/// in the wasm for every endpoint.
async fn call<E: Endpoint<Caller: Presents>>(
    credentials: <E::Caller as Presents>::Credentials<'_>,
    id: E::Id,
    query: &E::Query,
    body: &E::Body,
) -> CallResult<E::Answer> {
    let body = match E::HAS_BODY {
        true => Some(serde_json::to_string(body).map_err(|_| CallError::Unreadable)?),
        false => None,
    };
    let csrf_token = E::Caller::csrf_token(credentials);
    let text = send(E::ROUTE.method(), &E::url(id, query), csrf_token, body).await?;
    serde_json::from_str(&text).map_err(|_| CallError::Unreadable)
}

/// Sends a request; the answer's text, `null` for `204`.
async fn send(
    method: endpoints::Method,
    url: &str,
    csrf_token: Option<&str>,
    body: Option<String>,
) -> CallResult<String> {
    let mut request = RequestBuilder::new(url).method(match method {
        endpoints::Method::Get => Method::GET,
        endpoints::Method::Post => Method::POST,
        endpoints::Method::Put => Method::PUT,
        endpoints::Method::Delete => Method::DELETE,
    });
    if let Some(csrf_token) = csrf_token {
        request = request.header(endpoints::CSRF_HEADER, csrf_token);
    }
    let request = match body {
        Some(json) => request
            .header("content-type", "application/json")
            .body(json),
        None => request.build(),
    }
    .map_err(|_| CallError::Unreadable)?;
    let response = request.send().await.map_err(|_| CallError::Unreachable)?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    match response.status() {
        204 => Ok("null".to_owned()),
        _ => response.text().await.map_err(|_| CallError::Unreachable),
    }
}

/// The worker's `ApiError`; any other error page in its shape. The portal
/// reads the members it shows (code, message, field) and leaves the rest
/// of the problem document (`reason`, `title`, ...) for scripts: reading
/// only these keeps the first download smaller.
async fn refusal(response: Response) -> CallError {
    #[derive(serde::Deserialize)]
    struct Shown {
        code: ErrorCode,
        message: String,
        field: Option<String>,
    }
    let status = response.status();
    CallError::Refused(match response.json::<Shown>().await {
        Ok(shown) => {
            let error = ApiError::new(shown.code, shown.message);
            match shown.field {
                Some(field) => error.on_field(&field),
                None => error,
            }
        }
        Err(_) => ApiError::new(
            ErrorCode::Internal,
            format!("Tessera answered with HTTP {status}."),
        ),
    })
}
