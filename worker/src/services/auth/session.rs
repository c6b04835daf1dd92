//! Web sessions (R14): opened by sign-in, looked up on every request of the
//! portal, ended by sign-out or by their expiry.

use subtle::ConstantTimeEq;
use tessera_shared::access::Actor;
use tessera_shared::{ErrorCode, LoginSummary, SessionInfo};

use crate::error::{AppError, AppResult};
use crate::secret;
use crate::services::Bindings;
use crate::store::logins::{self, LoginRecord};
use crate::store::notices;
use crate::store::sessions::{self, SessionRecord};

/// A freshly opened session: the id for the cookie and what the app sees.
pub struct SignedIn {
    pub session_id: String,
    pub info: SessionInfo,
}

/// The login behind a valid session, and that session's CSRF token.
pub struct CurrentSession {
    pub login: LoginRecord,
    pub info: SessionInfo,
}

impl CurrentSession {
    /// The signed-in login as the access rules see it.
    pub fn actor(&self) -> Actor {
        self.login.actor()
    }

    /// R14: a state-changing request must echo the session's CSRF token.
    pub fn check_csrf(&self, sent: Option<&str>) -> AppResult<()> {
        let expected = self.info.csrf_token.as_bytes();
        match sent {
            Some(sent) if bool::from(sent.as_bytes().ct_eq(expected)) => Ok(()),
            _ => Err(AppError::refused(
                ErrorCode::CsrfRejected,
                "This request did not come from the Tessera portal. Reload the page and try again.",
            )),
        }
    }
}

/// A signed-in system administrator (R8): made only by
/// `system_administrator`, so a rule that takes one cannot run for anyone else.
pub struct SystemAdministrator(CurrentSession);

/// A signed-in token admin: a system administrator holding the API Token
/// Admin Role (R9).
pub struct TokenAdministrator(CurrentSession);

/// The signed-in login, as every proof of a session offers it.
pub trait SignedInLogin {
    fn session(&self) -> &CurrentSession;

    fn actor(&self) -> Actor {
        self.session().actor()
    }
}

impl SignedInLogin for CurrentSession {
    fn session(&self) -> &CurrentSession {
        self
    }
}

impl SignedInLogin for SystemAdministrator {
    fn session(&self) -> &CurrentSession {
        &self.0
    }
}

impl SignedInLogin for TokenAdministrator {
    fn session(&self) -> &CurrentSession {
        &self.0
    }
}

pub fn system_administrator(current: CurrentSession) -> AppResult<SystemAdministrator> {
    match current.login.system_admin {
        true => Ok(SystemAdministrator(current)),
        false => Err(AppError::forbidden(
            "Only system administrators can do this: ask one of your organization's system administrators.",
        )),
    }
}

pub fn token_administrator(current: CurrentSession) -> AppResult<TokenAdministrator> {
    match current.actor().is_token_admin() {
        true => Ok(TokenAdministrator(current)),
        false => Err(AppError::forbidden(
            "Only a system administrator with the API Token Admin Role can do this.",
        )),
    }
}

pub async fn open(bindings: &Bindings, login: &LoginRecord, now: i64) -> AppResult<SignedIn> {
    let session_id = secret::random_string();
    let record = SessionRecord {
        login_id: login.id,
        csrf_token: secret::random_string(),
        created_at: now,
        expires_at: now + bindings.session_ttl_seconds,
        generation: login.session_generation,
    };
    sessions::put(&bindings.sessions, &session_id, &record, now).await?;
    Ok(SignedIn {
        session_id,
        info: session_info(login, record),
    })
}

/// The session `session_id` names, if it exists, has not expired, has not
/// been ended, and its login is still enabled. Whether it was ended (signed
/// out, everywhere, or by disabling the login) is read from D1 in the same
/// read as the login: KV may serve a deleted session from a cache for a
/// while at other locations, D1 never does.
pub async fn current(bindings: &Bindings, session_id: &str, now: i64) -> AppResult<CurrentSession> {
    let record = sessions::get(&bindings.sessions, session_id)
        .await?
        .ok_or_else(AppError::not_signed_in)?;
    if record.expires_at <= now {
        sessions::delete(&bindings.sessions, session_id).await?;
        return Err(AppError::not_signed_in());
    }
    let found = logins::find_for_session(&bindings.db, record.login_id, session_id)
        .await?
        .ok_or_else(AppError::not_signed_in)?;
    let login = found.login;
    if found.session_ended || login.disabled || login.session_generation != record.generation {
        return Err(AppError::not_signed_in());
    }
    let info = session_info(&login, record);
    Ok(CurrentSession { login, info })
}

/// Ends one session: at every location on the very next request (D1), and
/// in KV for tidiness.
pub async fn end(bindings: &Bindings, session_id: &str, now: i64) -> AppResult<()> {
    sessions::end(
        &bindings.db,
        session_id,
        now + bindings.session_ttl_seconds,
        now,
    )
    .await?;
    sessions::delete(&bindings.sessions, session_id).await
}

/// Ends every session of `login_id`, wherever it is signed in.
pub async fn end_everywhere(bindings: &Bindings, login_id: i64) -> AppResult<()> {
    logins::end_sessions(&bindings.db, login_id).await
}

fn session_info(login: &LoginRecord, record: SessionRecord) -> SessionInfo {
    SessionInfo {
        login: LoginSummary {
            id: login.id,
            display_name: login.display_name.clone(),
            email: login.email.clone(),
            organization_name: login.organization_name.clone(),
            system_admin: login.system_admin,
            token_admin_role: login.token_admin_role,
            personal_token_role: login.personal_token_role,
        },
        csrf_token: record.csrf_token,
        expires_at: record.expires_at,
        unread_notices: 0,
    }
}

/// `info` with the login's notices counted: for the answers that open or
/// report a session, not for every signed-in request.
pub async fn with_notices(bindings: &Bindings, mut info: SessionInfo) -> AppResult<SessionInfo> {
    info.unread_notices = notices::unread(&bindings.db, info.login.id).await?;
    Ok(info)
}
