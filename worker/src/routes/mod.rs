//! HTTP in and out: which handler answers which method and path. Handlers
//! parse the request, call a service and shape the response; the rules
//! live in `services`.

mod approvals;
mod bench;
mod caller;
mod health;
mod inventory;
mod leaks;
mod logins;
mod notices;
mod openapi;
mod organization;
mod session;
mod token_api;
mod token_logs;
mod tokens;
mod usage;

use tessera_shared::ErrorCode;
use tessera_shared::endpoints::*;
use worker::{Context, Env, Request, Response};

use self::caller::{Call, serve};
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
    // R14: no other site's page may change anything here, whatever it sends.
    let result = if changes_state(&method) && http::is_cross_origin(&request) {
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
    let call = Call::new(request, env, ctx, value);
    match route {
        Route::HealthCheck => serve::<HealthCheck>(call).await,
        Route::OpenApiJson => serve::<OpenApiJson>(call).await,
        Route::GetSession => serve::<GetSession>(call).await,
        Route::SignIn => serve::<SignIn>(call).await,
        Route::SignOut => serve::<SignOut>(call).await,
        Route::SignOutEverywhere => serve::<SignOutEverywhere>(call).await,
        Route::ListLogins => serve::<ListLogins>(call).await,
        Route::CreateLogin => serve::<CreateLogin>(call).await,
        Route::ChangeLogin => serve::<ChangeLogin>(call).await,
        Route::CreateServiceAccount => serve::<CreateServiceAccount>(call).await,
        Route::SetApprovalRule => serve::<SetApprovalRule>(call).await,
        Route::GetAuditStream => serve::<GetAuditStream>(call).await,
        Route::SetAuditStream => serve::<SetAuditStream>(call).await,
        Route::ListApprovals => serve::<ListApprovals>(call).await,
        Route::DecideApproval => serve::<DecideApproval>(call).await,
        Route::EditServiceAccount => serve::<EditServiceAccount>(call).await,
        Route::GetOrganization => serve::<GetOrganization>(call).await,
        Route::SetTokenPolicy => serve::<SetTokenPolicy>(call).await,
        Route::PreviewTokenPolicy => serve::<PreviewTokenPolicy>(call).await,
        Route::SetBasicAuth => serve::<SetBasicAuth>(call).await,
        Route::SetLogRetention => serve::<SetLogRetention>(call).await,
        Route::SetStaleTokens => serve::<SetStaleTokens>(call).await,
        Route::SetDefaultAllowlist => serve::<SetDefaultAllowlist>(call).await,
        Route::SetWebhook => serve::<SetWebhook>(call).await,
        Route::WebhookDeliveries => serve::<WebhookDeliveries>(call).await,
        Route::TestWebhook => serve::<TestWebhook>(call).await,
        Route::ListNotices => serve::<ListNotices>(call).await,
        Route::DismissNotice => serve::<DismissNotice>(call).await,
        Route::DismissNotices => serve::<DismissNotices>(call).await,
        Route::Inventory => serve::<Inventory>(call).await,
        Route::InventoryCsv => serve::<InventoryCsv>(call).await,
        Route::BulkRevoke => serve::<BulkRevoke>(call).await,
        Route::ListTokens => serve::<ListTokens>(call).await,
        Route::CreateToken => serve::<CreateToken>(call).await,
        Route::EditToken => serve::<EditToken>(call).await,
        Route::RevokeToken => serve::<RevokeToken>(call).await,
        Route::GenerateToken => serve::<GenerateToken>(call).await,
        Route::RotateToken => serve::<RotateToken>(call).await,
        Route::TokenUsage => serve::<TokenUsage>(call).await,
        Route::OrganizationUsage => serve::<OrganizationUsage>(call).await,
        Route::TokenLogs => serve::<TokenLogs>(call).await,
        Route::TokenLogsCsv => serve::<TokenLogsCsv>(call).await,
        Route::RevokeLeaked => serve::<RevokeLeaked>(call).await,
        Route::SecretScanning => serve::<SecretScanning>(call).await,
        Route::Meta => token_api::serve::<Meta>(call).await,
        Route::MetaReports => token_api::serve::<MetaReports>(call).await,
        Route::Data => token_api::serve::<Data>(call).await,
        Route::MetaReport => token_api::serve::<MetaReport>(call).await,
        Route::ReportReadings => token_api::serve::<ReportReadings>(call).await,
        Route::TokenSelf => token_api::serve::<TokenSelf>(call).await,
        Route::RotateSelf => token_api::serve::<RotateSelf>(call).await,
    }
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
