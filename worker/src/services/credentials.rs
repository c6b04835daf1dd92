//! The one password check that sign-in (R14) and Basic authentication (R11)
//! share: counted by the throttle before anything is checked, the same work
//! for an unknown email as for a known one (a decoy hash), and one budget
//! per login whichever door the guesses come through.

use tessera_shared::{EmailAddress, Password};
use worker::D1Database;

use super::throttle::PasswordAttempt;
use crate::error::AppResult;
use crate::password::PasswordHash;
use crate::store::logins::{self, LoginRecord};

/// What the password check found.
pub enum PasswordCheck {
    /// The email names a login and the password is its own.
    Right(LoginRecord),
    /// No such email, or the wrong password: the login when the email named one.
    Wrong(Option<LoginRecord>),
}

/// Checks `password` for `email`. Fails with `TooManyAttempts` before any
/// check when the throttle makes the attempt wait.
pub async fn check_password(
    db: &D1Database,
    email: &EmailAddress,
    password: &Password,
    client_address: &str,
    now: i64,
) -> AppResult<PasswordCheck> {
    let attempt = PasswordAttempt::new(email.as_str(), client_address);
    attempt.count(db, now).await?;
    let login = logins::find_by_email(db, email.as_str()).await?;
    let hash = login
        .as_ref()
        .and_then(|login| PasswordHash::parse(&login.password_hash))
        .unwrap_or_else(PasswordHash::decoy);
    let matches = hash.verify(password.expose()).await?;
    match login {
        Some(login) if matches => {
            attempt.succeeded(db).await?;
            Ok(PasswordCheck::Right(login))
        }
        login => Ok(PasswordCheck::Wrong(login)),
    }
}
