//! Basic authentication on the API (R11): a login's email and password, for
//! activated, enabled logins of organizations that turned it on, reaching
//! what a token with both scopes reaches. Each attempt costs one PBKDF2
//! (about 25 ms), so guessing is throttled per login and per client address
//! exactly like sign-in, before any password is checked.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tessera_shared::sign_in_throttle::{FREE_FAILURES_PER_ADDRESS, FREE_FAILURES_PER_EMAIL};
use tessera_shared::{EmailAddress, ErrorCode, Password};
use worker::D1Database;

use super::api_auth::Refusal;
use super::authentication_log::AuthenticationLog;
use super::throttle::{self, ThrottleKey};
use crate::error::{AppError, AppResult};
use crate::password::PasswordHash;
use crate::store::logins;

const CHALLENGE: &str = r#"Basic realm="tessera", charset="UTF-8""#;

/// Checks `credentials` (the part after `Basic `); on success, the login's organization.
pub async fn authenticate(
    db: &D1Database,
    credentials: &str,
    client_address: &str,
    now: i64,
) -> AppResult<(Result<i64, Refusal>, Option<AuthenticationLog>)> {
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
        return Ok((Err(refusal("The email or password is incorrect.")), None));
    };
    let keys = [
        ThrottleKey {
            key: format!("basic:email:{}", email.as_str()),
            free_failures: FREE_FAILURES_PER_EMAIL,
        },
        ThrottleKey {
            key: format!("basic:address:{client_address}"),
            free_failures: FREE_FAILURES_PER_ADDRESS,
        },
    ];
    if let Err(error) = throttle::check(db, &keys, now).await {
        return Ok((
            Err(Refusal {
                error,
                challenge: CHALLENGE.into(),
            }),
            None,
        ));
    }
    let login = logins::find_by_email(db, email.as_str()).await?;
    let hash = login
        .as_ref()
        .and_then(|l| PasswordHash::parse(&l.password_hash))
        .unwrap_or_else(PasswordHash::decoy);
    let matches = hash.verify(password.expose()).await?;
    let login = match login {
        Some(login) if matches => login,
        other => {
            throttle::record_failure(db, &keys, now).await?;
            let log = AuthenticationLog::basic(
                other.as_ref().map(|l| (l.organization_id, l.id)),
                false,
                Some("wrong email or password"),
                now,
            );
            return Ok((
                Err(refusal("The email or password is incorrect.")),
                Some(log),
            ));
        }
    };
    throttle::clear(db, &keys[0]).await?;
    let refused = if login.basic_auth_enabled == 0 {
        Some((
            "basic authentication off",
            "Basic authentication is turned off for your organization: use an API access token.",
        ))
    } else if login.activated_at.is_none() {
        Some((
            "login not activated",
            "This login is not activated yet: it must sign in to the Tessera portal once.",
        ))
    } else if login.disabled != 0 {
        Some(("login disabled", "This login is disabled."))
    } else {
        None
    };
    let log = AuthenticationLog::basic(
        Some((login.organization_id, login.id)),
        refused.is_none(),
        refused.map(|(detail, _)| detail),
        now,
    );
    let outcome = match refused {
        Some((_, message)) => Err(refusal(message)),
        None => Ok(login.organization_id),
    };
    Ok((outcome, Some(log)))
}

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
    }
}
