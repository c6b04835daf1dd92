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

/// R17: how many AUTHENTICATE lines Token Logs may hold before further
/// authentications are counted per token and hour instead. The default is
/// sized against one D1 database's limit in README, Scale.
pub fn token_log_budget_rows(env: &Env) -> i64 {
    env.var("TOKEN_LOG_BUDGET_ROWS")
        .ok()
        .and_then(|value| value.to_string().parse().ok())
        .filter(|rows: &i64| *rows >= 0)
        .unwrap_or(20_000_000)
}
