//! Basic authentication on the API (R11): a login's email and password, for
//! activated, enabled logins of organizations that turned it on, reaching
//! what a token with both scopes reaches. Each attempt costs one PBKDF2
//! (about 25 ms), so guessing is throttled exactly like sign-in, against the
//! same keys (one budget per login), before any password is checked.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tessera_shared::{EmailAddress, ErrorCode, Password};
use worker::D1Database;

use crate::clock::Moment;
use crate::error::{AppError, AppResult};
use crate::services::auth::authentication_log::AuthenticationLog;
use crate::services::auth::credentials::{PasswordCheck, check_password};
use crate::services::auth::refusal::Refusal;

const CHALLENGE: &str = r#"Basic realm="tessera", charset="UTF-8""#;

/// Checks `credentials` (the part after `Basic `); on success, the login's
/// organization. Every refusal before success is the same answer, whatever
/// the password (R16): a wrong password, an unknown email, and a right
/// password for a login that may not use Basic (switched off, not
/// activated, disabled) are indistinguishable to the caller. Token Logs keep
/// the real reason for the organization's administrators.
pub async fn authenticate(
    db: &D1Database,
    credentials: &str,
    client_address: &str,
    at: Moment,
) -> AppResult<(Result<i64, Refusal>, Option<AuthenticationLog>)> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let Some((email, password)) = decode(credentials) else {
        return Ok((
            Err(refusal(
                "Send Authorization: Basic with base64 of email:password.",
            )),
            None,
        ));
    };
    let (Ok(email), Ok(password)) = (EmailAddress::parse(&email), Password::parse(&password))
    else {
        return Ok((Err(refusal(REFUSED)), None));
    };
    let checked = match check_password(db, &email, &password, client_address, None, now).await {
        Ok(checked) => checked,
        Err(error @ AppError::TooManyAttempts { .. }) => {
            let throttled = Refusal {
                error,
                challenge: CHALLENGE.into(),
                expiration: None,
            };
            return Ok((Err(throttled), None));
        }
        Err(error) => return Err(error),
    };
    let (login, reason) = match checked {
        PasswordCheck::Wrong(login) => (login, Some("wrong email or password")),
        PasswordCheck::Right(right) => {
            let login = &right.login;
            let reason = if !login.basic_auth_enabled {
                Some("basic authentication off")
            } else if login.activated_at.is_none() {
                Some("login not activated")
            } else if login.disabled {
                Some("login disabled")
            } else {
                None
            };
            // Refused: the attempt stays counted as a guess, like a wrong password.
            let login = match reason {
                None => right.accept(db).await?,
                Some(_) => right.login,
            };
            (Some(login), reason)
        }
    };
    let mut log = AuthenticationLog::basic(
        login.as_ref().map(|l| (l.organization_id, l.id)),
        reason.is_none(),
        reason,
        now_ms,
    );
    log.entry.client_address = Some(tessera_shared::sign_in_throttle::address_key(
        client_address,
    ));
    let outcome = match (login, reason) {
        (Some(login), None) => Ok(login.organization_id),
        _ => Err(refusal(REFUSED)),
    };
    Ok((outcome, Some(log)))
}

/// The one answer to every refused Basic authentication.
const REFUSED: &str = "The email or password is incorrect, or this login may not use Basic \
     authentication (its organization must turn it on, and the login must be activated and enabled).";

/// `email:password` from base64; the password may itself contain colons.
fn decode(credentials: &str) -> Option<(String, String)> {
    let bytes = STANDARD.decode(credentials.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (email, password) = text.split_once(':')?;
    Some((email.to_owned(), password.to_owned()))
}

fn refusal(message: &str) -> Refusal {
    Refusal {
        error: AppError::refused(ErrorCode::InvalidCredentials, message),
        challenge: CHALLENGE.into(),
        expiration: None,
    }
}
