//! Settings read from the Worker's environment (`[vars]` in wrangler.toml),
//! each with the default a deployment gets when it is not set.

use worker::Env;

/// How long a web session lasts after sign-in.
pub fn session_ttl_seconds(env: &Env) -> i64 {
    env.var("SESSION_TTL_SECONDS")
        .ok()
        .and_then(|value| value.to_string().parse().ok())
        .filter(|seconds: &i64| *seconds > 0)
        .unwrap_or(8 * 60 * 60)
}

/// Whether the bench's reference routes answer (`BENCH_ROUTES=on`, set only
/// by `make bench` on the command line; never in wrangler.toml).
pub fn bench_routes(env: &Env) -> bool {
    env.var("BENCH_ROUTES")
        .is_ok_and(|value| value.to_string() == "on")
}

/// R17: how many AUTHENTICATE lines each organization's Token Logs may
/// hold before its further authentications are counted per token and hour
/// instead. The deployment sets each organization's share in bytes
/// (`TOKEN_LOG_BUDGET_BYTES_PER_ORGANIZATION`), turned into lines at the
/// largest a line can be (`token_logs::LARGEST_LINE_BYTES`), so no client's
/// choice of user agent, path or request id can make the share overflow;
/// docs/scale.md sizes it against one D1 database. `TOKEN_LOG_BUDGET_ROWS`
/// sets the lines directly (tests use a handful).
pub fn token_log_budget_rows(env: &Env) -> i64 {
    let number = |name: &str| -> Option<i64> {
        env.var(name)
            .ok()
            .and_then(|value| value.to_string().parse().ok())
            .filter(|value: &i64| *value >= 0)
    };
    number("TOKEN_LOG_BUDGET_ROWS").unwrap_or_else(|| {
        number("TOKEN_LOG_BUDGET_BYTES_PER_ORGANIZATION")
            .unwrap_or(DEFAULT_LOG_BUDGET_BYTES_PER_ORGANIZATION)
            / crate::store::token_logs::LARGEST_LINE_BYTES
    })
}

/// Each organization's share of the database for AUTHENTICATE lines.
const DEFAULT_LOG_BUDGET_BYTES_PER_ORGANIZATION: i64 = 1 << 30;

/// The key webhook signing secrets are derived from (`wrangler secret put
/// WEBHOOK_SIGNING_KEY`; `make dev` writes a random one into
/// `worker/.dev.vars`). Without it no webhook can be set or delivered.
pub fn webhook_signing_key(env: &Env) -> Option<String> {
    env.secret("WEBHOOK_SIGNING_KEY")
        .map(|secret| secret.to_string())
        .or_else(|_| env.var("WEBHOOK_SIGNING_KEY").map(|var| var.to_string()))
        .ok()
        .filter(|key| key.len() >= 16)
}

/// The pause before a failed webhook delivery's first retry; each later
/// retry waits twice as long as the one before.
pub fn webhook_retry_seconds(env: &Env) -> u32 {
    env.var("WEBHOOK_RETRY_SECONDS")
        .ok()
        .and_then(|value| value.to_string().parse().ok())
        .filter(|seconds: &u32| *seconds > 0)
        .unwrap_or(30)
}

/// How long one webhook delivery attempt may wait for the receiver's
/// answer before it counts as failed (and is retried as any failure).
pub fn webhook_timeout_seconds(env: &Env) -> u32 {
    env.var("WEBHOOK_TIMEOUT_SECONDS")
        .ok()
        .and_then(|value| value.to_string().parse().ok())
        .filter(|seconds: &u32| (1..=60).contains(seconds))
        .unwrap_or(10)
}

/// The address notification emails come from (a domain the account sends from).
pub fn notifications_from(env: &Env) -> String {
    env.var("NOTIFICATIONS_FROM")
        .map(|value| value.to_string())
        .unwrap_or_else(|_| "tessera@tessera.example".into())
}

/// The public keys secret-scanning reports are signed with, as the provider
/// publishes them (docs/api.md, Finding leaked tokens); `None`: no provider.
pub fn secret_scanning_public_keys(env: &Env) -> Option<String> {
    env.secret("SECRET_SCANNING_PUBLIC_KEYS")
        .map(|secret| secret.to_string())
        .or_else(|_| {
            env.var("SECRET_SCANNING_PUBLIC_KEYS")
                .map(|var| var.to_string())
        })
        .ok()
        .filter(|keys| !keys.trim().is_empty())
}
