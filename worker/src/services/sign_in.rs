//! Signing in to the web portal (R14) and the activation it brings (R10).

use tessera_shared::{EmailAddress, ErrorCode, Password, SignInRequest};

use super::Bindings;
use super::credentials::{PasswordCheck, check_password};
use super::session::{self, SignedIn};
use crate::error::{AppError, AppResult};
use crate::store::logins;

/// A sign-in attempt with what the rules need to know about where it came from.
pub struct SignInAttempt<'a> {
    pub request: SignInRequest,
    pub client_address: &'a str,
    /// The session the browser already had, ended on success (no fixation).
    pub previous_session_id: Option<String>,
    pub now: i64,
}

/// Checks the email and password and opens a new web session. Every
/// refusal before success is the same answer, whatever the password: a
/// wrong email, a wrong password and a disabled login are indistinguishable
/// (R16), so the answer never confirms a password.
pub async fn sign_in(bindings: &Bindings, attempt: SignInAttempt<'_>) -> AppResult<SignedIn> {
    let email = EmailAddress::parse(&attempt.request.email)?;
    let password = Password::parse(&attempt.request.password)?;
    let checked = check_password(
        &bindings.db,
        &email,
        &password,
        attempt.client_address,
        attempt.now,
    )
    .await?;
    let login = match checked {
        PasswordCheck::Right(login) if !login.disabled => login,
        _ => {
            return Err(AppError::refused(ErrorCode::InvalidCredentials, REFUSED));
        }
    };
    if login.activated_at.is_none() {
        logins::activate(&bindings.db, login.id, attempt.now).await?;
    }
    if let Some(previous) = attempt.previous_session_id {
        session::end(bindings, &previous, attempt.now).await?;
    }
    session::open(bindings, &login, attempt.now).await
}

/// The one answer to every refused sign-in.
pub const REFUSED: &str = "The email or password is incorrect, or the login is disabled. \
     A disabled login is enabled again by a system administrator.";
