//! HTTP in and out: which handler answers which method and path. Handlers
//! parse the request, call a service and shape the response; the rules
//! live in `services`.

mod bench;
mod health;
mod inventory;
mod leaks;
mod logins;
mod notices;
mod openapi;
mod organization;
mod records;
pub mod session;
mod token_logs;
mod tokens;
mod usage;

use tessera_shared::ErrorCode;
use tessera_shared::endpoints::{PathValue, Resolution, Route};
use worker::{Context, Env, Request, Response};

use crate::cors;
use crate::error::{AppError, AppResult};
use crate::http;
use crate::security_headers;

/// `ctx` is the request's execution context: work that must finish even if
/// the client hangs up (a group of AUTHENTICATE entries being written) is
/// handed to it.
pub async fn handle(mut request: Request, env: Env, ctx: &Context) -> Response {
    let path = http::UrlParts::of(&request).path().to_owned();
    let Some(api_path) = path.strip_prefix("/api/") else {
        let response = serve_app(&request, &env).await;
        return security_headers::added(&request, response);
    };
    // The method as sent: workers-rs reads any method it does not know as GET.
    let method = request.inner().method();
    let cross_origin_readable = cors::applies_to(&path);
    if method == "OPTIONS" && cross_origin_readable {
        let response = cors::preflight(&path);
        cors::allow(response.headers());
        return security_headers::added(&request, response);
    }
    let result = if is_state_changing(&method) && http::is_cross_origin(&request) {
        Err(AppError::refused(
            ErrorCode::CsrfRejected,
            "Requests from other sites are not accepted.",
        ))
    } else {
        route(&mut request, &env, ctx, &method, api_path).await
    };
    let response = result.unwrap_or_else(AppError::into_response);
    if cross_origin_readable {
        cors::allow(response.headers());
    }
    security_headers::added(&request, response)
}

/// Dispatches on the route `endpoints` resolves: a path no route has is a
/// 404, a path routes have with other methods a 405 with `Allow`.
async fn route(
    request: &mut Request,
    env: &Env,
    ctx: &Context,
    method: &str,
    api_path: &str,
) -> AppResult<Response> {
    if let Some(bench) = api_path.strip_prefix("bench/") {
        return bench::route(request, env, method, bench).await;
    }
    let (route, value) = match Route::resolve(method, &format!("/api/{api_path}")) {
        Resolution::Found(route, value) => (route, value),
        Resolution::MethodNotAllowed(allow) => return Err(AppError::MethodNotAllowed { allow }),
        Resolution::NotFound => return Err(AppError::not_found()),
    };
    let id = || match &value {
        Some(PathValue::Id(id)) => Ok(*id),
        _ => Err(AppError::not_found()),
    };
    let name = || match &value {
        Some(PathValue::Name(name)) => Ok(name.clone()),
        _ => Err(AppError::not_found()),
    };
    match route {
        Route::HealthCheck => health::get(),
        Route::OpenApiJson => openapi::get(),
        Route::GetSession => session::get(request, env).await,
        Route::SignIn => session::sign_in(request, env).await,
        Route::SignOut => session::sign_out(request, env).await,
        Route::SignOutEverywhere => session::sign_out_everywhere(request, env).await,
        Route::ListLogins => logins::list(request, env).await,
        Route::CreateLogin => logins::create(request, env).await,
        Route::ChangeLogin => logins::change(request, env, id()?).await,
        Route::GetOrganization => organization::get(request, env).await,
        Route::SetTokenPolicy => organization::set_policy(request, env).await,
        Route::SetBasicAuth => organization::set_basic_auth(request, env).await,
        Route::SetLogRetention => organization::set_log_retention(request, env).await,
        Route::SetStaleTokens => organization::set_stale_tokens(request, env).await,
        Route::SetDefaultAllowlist => organization::set_default_allowlist(request, env).await,
        Route::SetWebhook => organization::set_webhook(request, env).await,
        Route::WebhookDeliveries => organization::webhook_deliveries(request, env).await,
        Route::TestWebhook => organization::test_webhook(request, env).await,
        Route::ListNotices => notices::list(request, env).await,
        Route::DismissNotice => notices::dismiss(request, env, id()?).await,
        Route::Inventory => inventory::page(request, env).await,
        Route::InventoryCsv => inventory::csv(request, env).await,
        Route::BulkRevoke => inventory::revoke(request, env).await,
        Route::ListTokens => tokens::list(request, env, id()?).await,
        Route::CreateToken => tokens::create(request, env, id()?).await,
        Route::EditToken => tokens::edit(request, env, id()?).await,
        Route::RevokeToken => tokens::revoke(request, env, id()?).await,
        Route::GenerateToken => tokens::generate(request, env, id()?).await,
        Route::RotateToken => tokens::rotate(request, env, id()?).await,
        Route::TokenUsage => usage::token(request, env, id()?).await,
        Route::OrganizationUsage => usage::organization(request, env).await,
        Route::TokenLogs => token_logs::get(request, env).await,
        Route::TokenLogsCsv => token_logs::csv(request, env).await,
        Route::Meta => records::meta(request, env, ctx).await,
        Route::MetaReports => records::reports(request, env, ctx).await,
        Route::Data => records::data(request, env, ctx).await,
        Route::MetaReport => records::report(request, env, ctx, name()?).await,
        Route::ReportReadings => records::report_data(request, env, ctx, name()?).await,
        Route::TokenSelf => records::token_self(request, env, ctx).await,
        Route::RevokeLeaked => leaks::revoke(request, env).await,
        Route::SecretScanning => leaks::secret_scanning(request, env).await,
        Route::RotateSelf => records::rotate_self(request, env, ctx).await,
    }
}

fn is_state_changing(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD" | "OPTIONS")
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
