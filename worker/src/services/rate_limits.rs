//! The Workers runtime's Rate Limiting bindings (`[[ratelimits]]` in
//! wrangler.toml), asked one way: the failed authentications, leak reports
//! and test deliveries each count against their own.

use worker::Env;

/// Counts one event of `key` against the limit `binding` names; false once
/// `key` is over it. Without the binding, or when it fails, the event goes
/// through unlimited and the log says so: a limit is a defence, never a
/// reason to refuse a request that would otherwise be answered.
pub async fn allows(env: &Env, binding: &str, key: String) -> bool {
    let outcome = match env.rate_limiter(binding) {
        Ok(limiter) => limiter.limit(key).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(outcome) => outcome.success,
        Err(error) => {
            worker::console_error!("the {binding} rate limit is unavailable: {error}");
            true
        }
    }
}
