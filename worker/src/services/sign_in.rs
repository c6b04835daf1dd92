//! Signing in to the web portal (R14) and the activation it brings (R10).

use tessera_shared::sign_in_throttle::{FREE_FAILURES_PER_ADDRESS, FREE_FAILURES_PER_EMAIL};
use tessera_shared::{EmailAddress, ErrorCode, Password, SignInRequest};

use super::Bindings;
use super::session::{self, SignedIn};
use super::throttle::{self, ThrottleKey};
use crate::error::{AppError, AppResult};
use crate::password::PasswordHash;
use crate::store::logins;

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
        ThrottleKey {
            key: format!("email:{}", email.as_str()),
            free_failures: FREE_FAILURES_PER_EMAIL,
        },
        ThrottleKey {
            key: format!("address:{}", attempt.client_address),
            free_failures: FREE_FAILURES_PER_ADDRESS,
        },
    ];
    throttle::check(&bindings.db, &throttle_keys, attempt.now).await?;

    let login = logins::find_by_email(&bindings.db, email.as_str()).await?;
    let hash = login
        .as_ref()
        .and_then(|login| PasswordHash::parse(&login.password_hash))
        .unwrap_or_else(PasswordHash::decoy);
    let password_matches = hash.verify(password.expose()).await?;
    let login = match login {
        Some(login) if password_matches => login,
        _ => {
            throttle::record_failure(&bindings.db, &throttle_keys, attempt.now).await?;
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

    throttle::clear(&bindings.db, &throttle_keys[0]).await?;
    if login.activated_at.is_none() {
        logins::activate(&bindings.db, login.id, attempt.now).await?;
    }
    if let Some(previous) = attempt.previous_session_id {
        session::end(bindings, &previous).await?;
    }
    session::open(bindings, &login, attempt.now).await
}
