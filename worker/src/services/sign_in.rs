//! Signing in to the web portal (R14) and the activation it brings (R10).

use tessera_shared::sign_in_throttle::{
    lock_seconds_after, FORGET_AFTER_SECONDS, FREE_FAILURES_PER_ADDRESS, FREE_FAILURES_PER_EMAIL,
};
use tessera_shared::{EmailAddress, ErrorCode, Password, SignInRequest};

use super::Bindings;
use super::session::{self, SignedIn};
use crate::error::{AppError, AppResult};
use crate::password::PasswordHash;
use crate::store::{logins, sign_in_throttle};

/// A sign-in attempt with what the rules need to know about where it came from.
pub struct SignInAttempt<'a> {
    pub request: SignInRequest,
    pub client_address: &'a str,
    /// The session the browser already had, ended on success (no fixation).
    pub previous_session_id: Option<String>,
    pub now: i64,
}

/// Checks the email and password and opens a new web session. A wrong email
/// and a wrong password are indistinguishable: same error, same work.
pub async fn sign_in(bindings: &Bindings, attempt: SignInAttempt<'_>) -> AppResult<SignedIn> {
    let email = EmailAddress::parse(&attempt.request.email)?;
    let password = Password::parse(&attempt.request.password)?;
    let throttle_keys = [
        (format!("email:{}", email.as_str()), FREE_FAILURES_PER_EMAIL),
        (format!("address:{}", attempt.client_address), FREE_FAILURES_PER_ADDRESS),
    ];
    for (key, _) in &throttle_keys {
        if let Some(until) = sign_in_throttle::locked_until(&bindings.db, key).await? {
            if until > attempt.now {
                return Err(AppError::TooManyAttempts { retry_after: until - attempt.now });
            }
        }
    }

    let login = logins::find_by_email(&bindings.db, email.as_str()).await?;
    let hash = login
        .as_ref()
        .and_then(|login| PasswordHash::parse(&login.password_hash))
        .unwrap_or_else(PasswordHash::decoy);
    let password_matches = hash.verify(password.expose()).await?;
    let login = match login {
        Some(login) if password_matches => login,
        _ => {
            for (key, free) in &throttle_keys {
                let forget_before = attempt.now - FORGET_AFTER_SECONDS;
                let failures =
                    sign_in_throttle::record_failure(&bindings.db, key, attempt.now, forget_before).await?;
                let wait = lock_seconds_after(failures, *free);
                if wait > 0 {
                    sign_in_throttle::lock(&bindings.db, key, attempt.now + wait).await?;
                }
            }
            return Err(AppError::refused(
                ErrorCode::InvalidCredentials,
                "The email or password is incorrect.",
            ));
        }
    };
    if login.disabled != 0 {
        return Err(AppError::refused(
            ErrorCode::LoginDisabled,
            "This login is disabled. Ask your system administrator to enable it.",
        ));
    }

    sign_in_throttle::clear(&bindings.db, &throttle_keys[0].0).await?;
    if login.activated_at.is_none() {
        logins::activate(&bindings.db, login.id, attempt.now).await?;
    }
    if let Some(previous) = attempt.previous_session_id {
        session::end(bindings, &previous).await?;
    }
    session::open(bindings, &login, attempt.now).await
}

