//! `/api/session`: sign in (`POST`), who am I (`GET`), sign out (`DELETE`),
//! and `DELETE /api/sessions`: sign out everywhere.

use tessera_shared::endpoints::{GetSession, SignIn, SignOut, SignOutEverywhere};
use worker::{Request, Response};

use super::caller::{Call, Handler, Proof, no_content};
use crate::error::{AppError, AppResult};
use crate::http;
use crate::secret;
use crate::services::auth::session;
use crate::services::auth::sign_in::{self, SignInAttempt};

impl Handler for SignIn {
    async fn handle(mut call: Call<'_>, (): Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let bindings = call.bindings()?;
        let request = &*call.request;
        let client_address = http::client_address(request);
        let attempt = SignInAttempt {
            request: body,
            client_address: &client_address,
            previous_session_id: http::session_id(request),
            device_hash: http::device_cookie_value(request).map(|value| secret::sha256_hex(&value)),
            now: call.now.seconds(),
        };
        let (signed_in, new_device) = sign_in::sign_in(&bindings, attempt).await?;
        let cookie =
            http::session_cookie(request, &signed_in.session_id, bindings.session_ttl_seconds);
        let info = session::with_notices(&bindings, signed_in.info).await?;
        let response = http::answer::<Self>(200, &info);
        response.headers().append("set-cookie", &cookie)?;
        if let Some(device) = new_device {
            response
                .headers()
                .append("set-cookie", &http::device_cookie(request, &device))?;
        }
        Ok(response)
    }
}

/// Who is signed in. Nobody is an answer, not an error: `204`, so that a
/// first visit's question logs nothing in the browser.
impl Handler for GetSession {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let Some(current) = caller else {
            return no_content();
        };
        let info = session::with_notices(&call.bindings()?, current.info).await?;
        Ok(http::answer::<Self>(200, &Some(info)))
    }
}

impl Handler for SignOut {
    async fn handle(call: Call<'_>, _: Proof<Self>) -> AppResult<Response> {
        let session_id = http::session_id(call.request).ok_or_else(AppError::not_signed_in)?;
        session::end(&call.bindings()?, &session_id, call.now.seconds()).await?;
        signed_out(call.request)
    }
}

impl Handler for SignOutEverywhere {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        session::end_everywhere(&call.bindings()?, caller.login.id).await?;
        signed_out(call.request)
    }
}

/// `204` with the session cookie deleted.
fn signed_out(request: &Request) -> AppResult<Response> {
    let cookie = http::session_cookie(request, "", 0);
    let response = no_content()?;
    response.headers().set("set-cookie", &cookie)?;
    Ok(response)
}
