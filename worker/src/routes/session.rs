//! `/api/session`: sign in (`POST`), who am I (`GET`), sign out (`DELETE`).

use tessera_shared::ErrorCode;
use tessera_shared::endpoints::{self, GetSession, SignIn};
use worker::{Env, Request, Response};

use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::session::CurrentSession;
use crate::services::sign_in::{self, SignInAttempt};
use crate::services::{Bindings, session};
use crate::{clock, secret};

pub async fn sign_in(request: &mut Request, env: &Env) -> AppResult<Response> {
    let body = http::body::<SignIn>(request).await?;
    let bindings = Bindings::from_env(env)?;
    let client_address = http::client_address(request);
    let attempt = SignInAttempt {
        request: body,
        client_address: &client_address,
        previous_session_id: http::session_id(request),
        device_hash: http::device_cookie_value(request).map(|value| secret::sha256_hex(&value)),
        now: clock::now(),
    };
    let (signed_in, new_device) = sign_in::sign_in(&bindings, attempt).await?;
    let cookie = http::session_cookie(request, &signed_in.session_id, bindings.session_ttl_seconds);
    let info = session::with_notices(&bindings, signed_in.info).await?;
    let response = http::answer::<SignIn>(200, &info);
    response.headers().append("set-cookie", &cookie)?;
    if let Some(device) = new_device {
        response
            .headers()
            .append("set-cookie", &http::device_cookie(request, &device))?;
    }
    Ok(response)
}

/// Who is signed in. Nobody is an answer, not an error: `204`, so that a
/// first visit's question logs nothing in the browser.
pub async fn get(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    match signed_in(request, &bindings, clock::now()).await {
        Ok(current) => {
            let info = session::with_notices(&bindings, current.info).await?;
            Ok(http::answer::<GetSession>(200, &Some(info)))
        }
        Err(AppError::Refused(error)) if error.code == ErrorCode::NotSignedIn => {
            Ok(Response::empty()?.with_status(204))
        }
        Err(error) => Err(error),
    }
}

pub async fn sign_out(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    signed_in_for_change(request, &bindings, now).await?;
    let session_id = http::session_id(request).ok_or_else(AppError::not_signed_in)?;
    session::end(&bindings, &session_id, now).await?;
    signed_out(request)
}

/// `DELETE /api/sessions`: "Sign out of all sessions", this one included.
pub async fn sign_out_everywhere(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let current = signed_in_for_change(request, &bindings, clock::now()).await?;
    session::end_everywhere(&bindings, current.login.id).await?;
    signed_out(request)
}

/// `204` with the session cookie deleted.
fn signed_out(request: &Request) -> AppResult<Response> {
    let cookie = http::session_cookie(request, "", 0);
    let response = Response::empty()?.with_status(204);
    response.headers().set("set-cookie", &cookie)?;
    Ok(response)
}

/// The session the request's cookie names, for reading.
pub async fn signed_in(
    request: &Request,
    bindings: &Bindings,
    now: i64,
) -> AppResult<CurrentSession> {
    let session_id = http::session_id(request).ok_or_else(AppError::not_signed_in)?;
    session::current(bindings, &session_id, now).await
}

/// The session the request's cookie names, for a state-changing request:
/// the request must also carry the session's CSRF token (R14).
pub async fn signed_in_for_change(
    request: &Request,
    bindings: &Bindings,
    now: i64,
) -> AppResult<CurrentSession> {
    let current = signed_in(request, bindings, now).await?;
    current.check_csrf(request.headers().get(endpoints::CSRF_HEADER)?.as_deref())?;
    Ok(current)
}
