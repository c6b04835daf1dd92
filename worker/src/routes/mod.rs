//! HTTP in and out: which handler answers which method and path. Handlers
//! parse the request, call a service and shape the response; the rules
//! live in `services`.

mod bench;
mod health;
mod inventory;
mod logins;
mod openapi;
mod organization;
mod records;
pub mod session;
mod token_logs;
mod tokens;

use tessera_shared::ErrorCode;
use worker::{Env, Method, Request, Response};

use crate::error::{AppError, AppResult};
use crate::http;
use crate::security_headers;

pub async fn handle(mut request: Request, env: Env) -> Response {
    let path = request.path();
    let Some(api_path) = path.strip_prefix("/api/") else {
        let response = serve_app(&request, &env).await;
        return security_headers::added(&request, response);
    };
    let method = request.method();
    let result = if is_state_changing(&method) && http::is_cross_origin(&request) {
        Err(AppError::refused(
            ErrorCode::CsrfRejected,
            "Requests from other sites are not accepted.",
        ))
    } else {
        let segments: Vec<&str> = api_path.split('/').collect();
        route(&mut request, &env, method, &segments).await
    };
    let response = result.unwrap_or_else(AppError::into_response);
    security_headers::added(&request, response)
}

async fn route(
    request: &mut Request,
    env: &Env,
    method: Method,
    path: &[&str],
) -> AppResult<Response> {
    use Method::{Delete, Get, Post, Put};
    match (method, path) {
        (Get, ["health"]) => health::get(),
        (Get, ["openapi.json"]) => openapi::get(),
        (Get, ["session"]) => session::get(request, env).await,
        (Post, ["session"]) => session::sign_in(request, env).await,
        (Delete, ["session"]) => session::sign_out(request, env).await,
        (Delete, ["sessions"]) => session::sign_out_everywhere(request, env).await,
        (Get, ["logins"]) => logins::list(request, env).await,
        (Post, ["logins"]) => logins::create(request, env).await,
        (Get, ["organization"]) => organization::get(request, env).await,
        (Put, ["organization", "policy"]) => organization::set_policy(request, env).await,
        (Put, ["organization", "basic-auth"]) => organization::set_basic_auth(request, env).await,
        (Put, ["organization", "log-retention"]) => {
            organization::set_log_retention(request, env).await
        }
        (Get, ["inventory"]) => inventory::page(request, env).await,
        (Get, ["inventory.csv"]) => inventory::csv(request, env).await,
        (Post, ["inventory", "revocations"]) => inventory::revoke(request, env).await,
        (Post, ["logins", login, "changes"]) => logins::change(request, env, id(login)?).await,
        (Get, ["logins", login, "tokens"]) => tokens::list(request, env, id(login)?).await,
        (Post, ["logins", login, "tokens"]) => tokens::create(request, env, id(login)?).await,
        (Put, ["tokens", token]) => tokens::edit(request, env, id(token)?).await,
        (Delete, ["tokens", token]) => tokens::revoke(request, env, id(token)?).await,
        (Post, ["tokens", token, "generate"]) => tokens::generate(request, env, id(token)?).await,
        (Get, ["token-logs"]) => token_logs::get(request, env).await,
        (Get, ["token-logs.csv"]) => token_logs::csv(request, env).await,
        (Get, ["meta"]) => records::meta(request, env).await,
        (Get, ["meta", "reports"]) => records::reports(request, env).await,
        (Get, ["data"]) => records::data(request, env).await,
        (Get, ["bench", "floor"]) => bench::floor(env),
        (Get, ["bench", "read"]) => bench::read(request, env).await,
        (Get, ["bench", "memory"]) => bench::memory(env),
        (_, path) if is_known(path) => Err(AppError::refused(
            ErrorCode::MethodNotAllowed,
            "This method is not allowed on this path.",
        )),
        _ => Err(AppError::not_found()),
    }
}

fn is_known(path: &[&str]) -> bool {
    matches!(
        path,
        ["health"
            | "openapi.json"
            | "session"
            | "sessions"
            | "token-logs"
            | "token-logs.csv"
            | "meta"
            | "data"
            | "logins"
            | "inventory"
            | "inventory.csv"]
            | ["inventory", "revocations"]
            | ["organization"]
            | ["organization", "policy" | "basic-auth" | "log-retention"]
            | ["meta", "reports"]
            | ["logins", _, "tokens" | "changes"]
            | ["tokens", _]
            | ["tokens", _, "generate"]
    )
}

/// An id in a path. Anything but a positive number names nothing: 404.
fn id(segment: &str) -> AppResult<i64> {
    segment
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(AppError::not_found)
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(method, Method::Get | Method::Head | Method::Options)
}

/// Everything outside `/api/` is the portal: static assets, with the SPA's
/// `index.html` for any other path (wrangler.toml's `not_found_handling`).
/// The worker runs first for every path (`run_worker_first`) so that each
/// answer carries the hardening headers (`security_headers`).
async fn serve_app(request: &Request, env: &Env) -> Response {
    let fetched = match (env.assets("ASSETS"), request.clone()) {
        (Ok(assets), Ok(request)) => assets.fetch_request(request).await,
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    fetched.unwrap_or_else(|error| AppError::from(error).into_response())
}
