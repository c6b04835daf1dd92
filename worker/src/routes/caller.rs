//! The caller each endpoint declares (`tessera_shared::callers`), resolved
//! before its handler runs. A handler receives the proof its declaration
//! names (a session, a system administrator, a token admin) and cannot be
//! reached without it: `serve` is the only way the router calls a handler.

use tessera_shared::ErrorCode;
use tessera_shared::callers::{
    Anyone, Declared, SessionIfAny, SignedIn, SignedInChange, SystemAdmin, SystemAdminChange,
    TokenAdmin, TokenAdminChange,
};
use tessera_shared::endpoints::{self, Endpoint, PathValue};
use worker::{Context, Env, Request, Response};

use crate::clock::Moment;
use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::Bindings;
use crate::services::auth::session::{
    self, CurrentSession, SystemAdministrator, TokenAdministrator, system_administrator,
    token_administrator,
};

/// One request on its way to its handler.
pub struct Call<'a> {
    pub request: &'a mut Request,
    pub env: &'a Env,
    /// Work that must finish even if the client hangs up is handed to it.
    pub ctx: &'a Context,
    /// The one reading of the clock the request is served at.
    pub now: Moment,
    value: Option<PathValue>,
}

impl<'a> Call<'a> {
    pub fn new(
        request: &'a mut Request,
        env: &'a Env,
        ctx: &'a Context,
        value: Option<PathValue>,
    ) -> Self {
        Self {
            request,
            env,
            ctx,
            now: Moment::now(),
            value,
        }
    }

    pub fn bindings(&self) -> AppResult<Bindings> {
        Bindings::from_env(self.env)
    }

    /// The id in the path (`/api/tokens/{token_id}`).
    pub fn id(&self) -> AppResult<i64> {
        match &self.value {
            Some(PathValue::Id(id)) => Ok(*id),
            _ => Err(AppError::not_found()),
        }
    }

    /// The name in the path (`/api/data/{report_name}`).
    pub fn name(&self) -> AppResult<String> {
        match &self.value {
            Some(PathValue::Name(name)) => Ok(name.clone()),
            _ => Err(AppError::not_found()),
        }
    }

    pub fn query<E: Endpoint>(&self) -> AppResult<E::Query> {
        http::query::<E>(self.request)
    }

    pub async fn body<E: Endpoint>(&mut self) -> AppResult<E::Body> {
        http::body::<E>(self.request).await
    }
}

/// A caller declaration the router can check: what it proves.
pub trait Authenticate: Declared {
    /// What the handler receives once the check passed.
    type Proof;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<Self::Proof>;
}

/// An endpoint's handler, given the proof its declared caller names.
pub trait Handler: Endpoint<Caller: Authenticate> {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response>;
}

/// What `E`'s declared caller proves.
pub type Proof<E> = <<E as Endpoint>::Caller as Authenticate>::Proof;

/// Checks `E`'s declared caller, then runs its handler.
pub async fn serve<E: Handler>(call: Call<'_>) -> AppResult<Response> {
    let mut call = call;
    let caller = E::Caller::authenticate(&mut call).await?;
    E::handle(call, caller).await
}

impl Authenticate for Anyone {
    type Proof = ();

    async fn authenticate(_: &mut Call<'_>) -> AppResult<()> {
        Ok(())
    }
}

impl Authenticate for SessionIfAny {
    type Proof = Option<CurrentSession>;

    /// Nobody signed in is an answer, not an error.
    async fn authenticate(call: &mut Call<'_>) -> AppResult<Self::Proof> {
        match signed_in(call).await {
            Ok(current) => Ok(Some(current)),
            Err(AppError::Refused(error)) if error.code == ErrorCode::NotSignedIn => Ok(None),
            Err(error) => Err(error),
        }
    }
}

impl Authenticate for SignedIn {
    type Proof = CurrentSession;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<CurrentSession> {
        signed_in(call).await
    }
}

impl Authenticate for SignedInChange {
    type Proof = CurrentSession;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<CurrentSession> {
        signed_in_for_change(call).await
    }
}

impl Authenticate for SystemAdmin {
    type Proof = SystemAdministrator;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<SystemAdministrator> {
        system_administrator(signed_in(call).await?)
    }
}

impl Authenticate for SystemAdminChange {
    type Proof = SystemAdministrator;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<SystemAdministrator> {
        system_administrator(signed_in_for_change(call).await?)
    }
}

impl Authenticate for TokenAdmin {
    type Proof = TokenAdministrator;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<TokenAdministrator> {
        token_administrator(signed_in(call).await?)
    }
}

impl Authenticate for TokenAdminChange {
    type Proof = TokenAdministrator;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<TokenAdministrator> {
        token_administrator(signed_in_for_change(call).await?)
    }
}

/// The session the request's cookie names, for reading.
async fn signed_in(call: &Call<'_>) -> AppResult<CurrentSession> {
    let session_id = http::session_id(call.request).ok_or_else(AppError::not_signed_in)?;
    session::current(&call.bindings()?, &session_id, call.now.seconds()).await
}

/// The session the request's cookie names, for a state-changing request:
/// the request must also carry the session's CSRF token (R14).
async fn signed_in_for_change(call: &Call<'_>) -> AppResult<CurrentSession> {
    let current = signed_in(call).await?;
    let sent = call.request.headers().get(endpoints::CSRF_HEADER)?;
    current.check_csrf(sent.as_deref())?;
    Ok(current)
}

/// `204 No Content`.
pub fn no_content() -> AppResult<Response> {
    Ok(Response::empty()?.with_status(204))
}
