//! Signing in to the web portal (R14) and the activation it brings (R10).

use tessera_shared::{EmailAddress, ErrorCode, Password, SignInRequest};

use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::auth::credentials::{PasswordCheck, check_password};
use crate::services::auth::session::{self, SignedIn};
use crate::store::{logins, trusted_devices};

/// A sign-in attempt with what the rules need to know about where it came from.
pub struct SignInAttempt<'a> {
    pub request: SignInRequest,
    pub client_address: &'a str,
    /// The session the browser already had, ended on success (no fixation).
    pub previous_session_id: Option<String>,
    /// The SHA-256 of the device cookie the browser sent, if any.
    pub device_hash: Option<String>,
    pub now: i64,
}

/// Checks the email and password and opens a new web session. Every
/// refusal before success is the same answer, whatever the password: a
/// wrong email, a wrong password and a disabled login are indistinguishable
/// (R16), so the answer never confirms a password.
/// On success, the new session and, when this browser was not yet one the
/// login trusts, the value of its new device cookie.
pub async fn sign_in(
    bindings: &Bindings,
    attempt: SignInAttempt<'_>,
) -> AppResult<(SignedIn, Option<String>)> {
    let email = EmailAddress::parse(&attempt.request.email)?;
    let password = Password::parse(&attempt.request.password)?;
    let checked = check_password(
        &bindings.db,
        &email,
        &password,
        attempt.client_address,
        attempt.device_hash.as_deref(),
        attempt.now,
    )
    .await?;
    // Every refusal is decided before the throttle hears of a right password.
    let (login, trusted_device) = match checked {
        PasswordCheck::Right(right) if !right.login.disabled => {
            let trusted_device = right.trusted_device.clone();
            (right.accept(&bindings.db).await?, trusted_device)
        }
        _ => {
            return Err(AppError::refused(ErrorCode::InvalidCredentials, REFUSED));
        }
    };
    // This browser is now one the login trusts: its next attempts are
    // counted apart from anonymous guesses (OWASP's device cookies).
    let new_device = match trusted_device {
        Some(device_hash) => {
            trusted_devices::remember(&bindings.db, &device_hash, login.id, attempt.now).await?;
            None
        }
        None => {
            let value = crate::secret::random_string();
            let device_hash = crate::secret::sha256_hex(&value);
            trusted_devices::remember(&bindings.db, &device_hash, login.id, attempt.now).await?;
            Some(value)
        }
    };
    if login.activated_at.is_none() {
        logins::activate(&bindings.db, login.id, attempt.now).await?;
    }
    if let Some(previous) = attempt.previous_session_id {
        session::end(bindings, &previous, attempt.now).await?;
    }
    let signed_in = session::open(bindings, &login, attempt.now).await?;
    Ok((signed_in, new_device))
}

/// The one answer to every refused sign-in.
pub const REFUSED: &str = "The email or password is incorrect, or the login is disabled. \
     A disabled login is enabled again by a system administrator.";
