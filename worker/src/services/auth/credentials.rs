//! The one password check that sign-in (R14) and Basic authentication (R11)
//! share: counted by the throttle before anything is checked, the same work
//! for an unknown email as for a known one (a decoy hash), and one budget
//! per login whichever door the guesses come through.

use tessera_shared::service_accounts::LoginKind;
use tessera_shared::{EmailAddress, Password};
use worker::D1Database;

use crate::error::AppResult;
use crate::password::PasswordHash;
use crate::services::auth::throttle::PasswordAttempt;
use crate::store::logins::{self, LoginRecord};

/// What the password check found.
pub enum PasswordCheck {
    /// The email names a login and the password is its own. Nothing has
    /// been cleared yet: the caller decides whether it lets the login in.
    Right(RightPassword),
    /// No such email, or the wrong password: the login when the email named one.
    Wrong(Option<LoginRecord>),
}

/// A right password, whose attempt is still counted as a guess until the
/// caller has passed every other check and calls `accept`.
pub struct RightPassword {
    pub login: LoginRecord,
    /// The device cookie's hash, when the browser is one this login trusts.
    pub trusted_device: Option<String>,
    attempt: PasswordAttempt,
}

impl RightPassword {
    /// Lets the login in: the throttle forgets this attempt. Only after
    /// every refusal check, so a disabled login's right password is
    /// indistinguishable from a wrong one (R16).
    pub async fn accept(self, db: &D1Database) -> AppResult<LoginRecord> {
        self.attempt.succeeded(db).await?;
        Ok(self.login)
    }
}

/// Checks `password` for `email`. Fails with `TooManyAttempts` before any
/// check when the throttle makes the attempt wait. `trusted_device` is the
/// hash of the device cookie the request carried, if any: it counts apart
/// only when it was given to this email's login.
pub async fn check_password(
    db: &D1Database,
    email: &EmailAddress,
    password: &Password,
    client_address: &str,
    trusted_device: Option<&str>,
    now: i64,
) -> AppResult<PasswordCheck> {
    let trusted_device = match trusted_device {
        Some(device_hash) => crate::store::trusted_devices::login_email(db, device_hash)
            .await?
            .filter(|owner| owner == email.as_str())
            .map(|_| device_hash),
        None => None,
    };
    let attempt = PasswordAttempt::new(email.as_str(), client_address, trusted_device);
    attempt.count(db, now).await?;
    let login = logins::find_by_email(db, email.as_str()).await?;
    let hash = login
        .as_ref()
        .and_then(|login| PasswordHash::parse(&login.password_hash))
        .unwrap_or_else(PasswordHash::decoy);
    let matches = hash.verify(password.expose()).await?;
    match login {
        // R28: a service account has no password; none opens it, whatever is stored.
        Some(login) if matches && login.kind == LoginKind::Person => {
            Ok(PasswordCheck::Right(RightPassword {
                login,
                trusted_device: trusted_device.map(str::to_owned),
                attempt,
            }))
        }
        login => Ok(PasswordCheck::Wrong(login)),
    }
}
