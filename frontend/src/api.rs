//! The typed client of Tessera's JSON API. Every request goes through one
//! private `send`, which adds the CSRF header to state-changing requests and
//! turns every refusal into the worker's `ApiError`.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use tessera_shared::{paths, ApiError, ErrorCode, SessionInfo, SignInRequest};

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
    let request = Request::delete(paths::SESSION).header(paths::CSRF_HEADER, &session.csrf_token);
    send(request, None::<&()>).await.map(drop)
}

async fn send<B: serde::Serialize>(request: RequestBuilder, body: Option<&B>) -> Result<Response, ApiError> {
    let request = match body {
        Some(body) => request.json(body),
        None => request.build(),
    }
    .map_err(|_| unreachable_error())?;
    let response = request.send().await.map_err(|_| unreachable_error())?;
    if response.ok() {
        return Ok(response);
    }
    Err(response.json::<ApiError>().await.unwrap_or_else(|_| {
        ApiError::new(ErrorCode::Internal, format!("Tessera answered with HTTP {}.", response.status()))
    }))
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response
        .json()
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal, "Tessera's answer could not be read. Reload the page."))
}

fn unreachable_error() -> ApiError {
    ApiError::new(ErrorCode::Internal, "Tessera could not be reached. Check your connection and try again.")
}
