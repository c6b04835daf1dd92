//! HTTP in and out: which handler answers which method and path. Handlers
//! parse the request, call a service and shape the response; the rules
//! live in `services`.

mod health;
mod session;

use tessera_shared::{paths, ErrorCode};
use worker::{Env, Method, Request, Response};

use crate::error::{AppError, AppResult};
use crate::http;

pub async fn handle(mut request: Request, env: Env) -> Response {
    let path = request.path();
    if !path.starts_with("/api/") {
        return serve_app(request, &env).await;
    }
    let method = request.method();
    let result = if is_state_changing(&method) && http::is_cross_origin(&request) {
        Err(AppError::refused(
            ErrorCode::CsrfRejected,
            "Requests from other sites are not accepted.",
        ))
    } else {
        route(&mut request, &env, method, &path).await
    };
    result.unwrap_or_else(AppError::into_response)
}

async fn route(request: &mut Request, env: &Env, method: Method, path: &str) -> AppResult<Response> {
    match (method, path) {
        (Method::Get, paths::HEALTH) => health::get(),
        (Method::Get, paths::SESSION) => session::get(request, env).await,
        (Method::Post, paths::SESSION) => session::sign_in(request, env).await,
        (Method::Delete, paths::SESSION) => session::sign_out(request, env).await,
        (_, paths::HEALTH | paths::SESSION) => Err(AppError::refused(
            ErrorCode::MethodNotAllowed,
            "This method is not allowed on this path.",
        )),
        _ => Err(AppError::refused(ErrorCode::NotFound, "There is nothing at this address.")),
    }
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(method, Method::Get | Method::Head | Method::Options)
}

/// Everything outside `/api/` is the portal: static assets, with the SPA's
/// `index.html` for any other path (wrangler.toml's `not_found_handling`).
/// Wrangler routes those requests to the assets before the worker runs; this
/// covers a deployment configured to run the worker first.
async fn serve_app(request: Request, env: &Env) -> Response {
    let fetched = match env.assets("ASSETS") {
        Ok(assets) => assets.fetch_request(request).await,
        Err(error) => Err(error),
    };
    fetched.unwrap_or_else(|error| AppError::from(error).into_response())
}
