//! The API's token check (R4, R5, R10): one indexed read of the system of
//! record per request, so revocation and edits take effect at once, in the
//! same D1 batch as the records the endpoint serves: one round trip in all.
//! The AUTHENTICATE entry it produces is written off the response path
//! (`authentication_log`).

use subtle::ConstantTimeEq;
use tessera_shared::expiry::parse_date;
use tessera_shared::sign_in_throttle::address_key;
use tessera_shared::{ErrorCode, ScopeName, TokenString};
use worker::D1Database;

use super::authentication_log::{AuthenticationLog, LAST_USED_STALENESS_SECONDS};
use super::records::RecordsRequest;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::secret;
use crate::store::records::{self, Records, Whose};
use crate::store::token_logs::Authentication;
use crate::store::tokens::Credential;

/// A request the token lets through, with what the endpoint reads.
pub struct Authenticated {
    pub records: Records,
}

/// A request refused, with the `WWW-Authenticate` challenge to answer with.
pub struct Refusal {
    pub error: AppError,
    pub challenge: String,
}

/// Checks `authorization` (the header's value) for an endpoint needing
/// `required` and reading `reads`: a Bearer token string, or Basic credentials.
pub async fn authenticate(
    db: &D1Database,
    authorization: Option<&str>,
    required: ScopeName,
    reads: &RecordsRequest,
    client_address: &str,
    now_ms: i64,
) -> AppResult<(Result<Authenticated, Refusal>, Option<AuthenticationLog>)> {
    let now = now_ms / 1000;
    let presented = match Credentials::of(authorization) {
        // R11: Basic authentication reaches what a token with both scopes reaches.
        Some(Credentials::Basic(credentials)) => {
            let (outcome, log) =
                super::basic_auth::authenticate(db, credentials, client_address, now_ms).await?;
            let outcome = match outcome {
                Ok(organization_id) => {
                    let whose = Whose::Organization(organization_id);
                    let (_, records) = records::read(db, None, &whose, &reads.read()).await?;
                    Ok(Authenticated { records })
                }
                Err(refusal) => Err(refusal),
            };
            return Ok((outcome, log));
        }
        Some(Credentials::Bearer(presented)) => presented,
        None => return Ok((Err(missing()), None)),
    };
    // A malformed or mistyped string is refused before any storage is touched.
    let token_string = match TokenString::parse(presented) {
        Ok(token_string) => token_string,
        Err(error) => return Ok((Err(invalid(error.to_string())), None)),
    };
    let hash = secret::sha256_hex(token_string.expose());
    let whose = match organization_cache::get(&hash) {
        Some(organization_id) => Whose::Organization(organization_id),
        None => Whose::TokenHash(&hash),
    };
    let (credential, records) = records::read(db, Some(&hash), &whose, &reads.read()).await?;
    let Some(credential) = credential else {
        let log = AuthenticationLog {
            entry: Authentication {
                organization_id: None,
                token_id: None,
                token_name: "(unknown token string)".into(),
                owner_login_id: None,
                ok: false,
                detail: Some("unknown token string".into()),
                now,
                at_ms: now_ms,
                request_id: None,
                client_address: Some(address_key(client_address)),
            },
            touch_last_used: false,
        };
        let message = "This token string is not valid: its token may have been edited or given a new string since.";
        return Ok((Err(invalid(message.into())), Some(log)));
    };
    organization_cache::remember(&hash, credential.organization_id);
    // The index found the row by this hash; compare in constant time all the same.
    let matches: bool = credential
        .secret_hash
        .as_bytes()
        .ct_eq(hash.as_bytes())
        .into();
    let verdict = if matches {
        judge(&credential, required, now)
    } else {
        Err((
            "unknown token string".into(),
            invalid("This token string is not valid.".into()),
        ))
    };
    let log = AuthenticationLog {
        entry: Authentication {
            organization_id: Some(credential.organization_id),
            token_id: Some(credential.token_id),
            token_name: credential.name.clone(),
            owner_login_id: Some(credential.owner_login_id),
            ok: verdict.is_ok(),
            detail: verdict.as_ref().err().map(|(detail, _)| detail.clone()),
            now,
            at_ms: now_ms,
            request_id: None,
            client_address: Some(address_key(client_address)),
        },
        touch_last_used: credential
            .last_used_at
            .is_none_or(|at| at <= now - LAST_USED_STALENESS_SECONDS),
    };
    let outcome = verdict
        .map(|()| Authenticated { records })
        .map_err(|(_, refusal)| refusal);
    Ok((outcome, Some(log)))
}

/// What an `Authorization` header presents. The scheme's name is
/// case-insensitive (RFC 9110, 11.1): `bearer` and `BASIC` are as good as
/// `Bearer` and `Basic`.
enum Credentials<'a> {
    Bearer(&'a str),
    Basic(&'a str),
}

impl<'a> Credentials<'a> {
    fn of(authorization: Option<&'a str>) -> Option<Self> {
        let (scheme, value) = authorization?.trim().split_once([' ', '\t'])?;
        let value = value.trim();
        if scheme.eq_ignore_ascii_case("bearer") {
            Some(Self::Bearer(value))
        } else if scheme.eq_ignore_ascii_case("basic") {
            Some(Self::Basic(value))
        } else {
            None
        }
    }
}

/// Which organization a token string belongs to, remembered per isolate:
/// a token never changes organization, so this can never be stale, and the
/// records are then read by organization instead of through a second
/// lookup of the token. Whether the token is still good is read every time.
mod organization_cache {
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// Bounded; emptied when full rather than tracked by age.
    const CAPACITY: usize = 10_000;

    thread_local! {
        static BY_HASH: RefCell<HashMap<String, i64>> = RefCell::default();
    }

    pub fn get(hash: &str) -> Option<i64> {
        BY_HASH.with_borrow(|cache| cache.get(hash).copied())
    }

    pub fn remember(hash: &str, organization_id: i64) {
        BY_HASH.with_borrow_mut(|cache| {
            if cache.len() >= CAPACITY && !cache.contains_key(hash) {
                cache.clear();
            }
            cache.insert(hash.to_owned(), organization_id);
        });
    }
}

/// The rules a matching token must pass, in the order a person would want
/// to hear about them. `Err` holds the log's detail and the refusal.
fn judge(credential: &Credential, required: ScopeName, now: i64) -> Result<(), (String, Refusal)> {
    if credential.revoked_at.is_some() {
        return Err((
            "token revoked".into(),
            invalid("This token has been revoked.".into()),
        ));
    }
    let expiry_on = credential.expiry_on.as_deref().and_then(parse_date);
    if let Some(expiry_on) = expiry_on.filter(|date| *date < clock::date_of(now)) {
        let message = format!(
            "This token expired on {}.",
            tessera_shared::expiry::format_date(expiry_on)
        );
        return Err(("token expired".into(), invalid(message)));
    }
    if credential.owner_activated_at.is_none() {
        let message =
            "The token's login is not activated yet: it must sign in to the Tessera portal once.";
        return Err(("login not activated".into(), invalid(message.into())));
    }
    if credential.owner_disabled {
        return Err((
            "login disabled".into(),
            invalid("The token's login is disabled.".into()),
        ));
    }
    let allowed = match required {
        ScopeName::MetaRecord => credential.scope_meta,
        ScopeName::ReportRecord => credential.scope_report,
    };
    if !allowed {
        return Err((
            format!("outside scope ({})", required.label()),
            insufficient_scope(required),
        ));
    }
    Ok(())
}

fn missing() -> Refusal {
    Refusal {
        error: AppError::refused(
            ErrorCode::InvalidToken,
            "Send your token string in the header Authorization: Bearer <token string>, \
             or Basic credentials if your organization allows them.",
        ),
        challenge: r#"Bearer realm="tessera", Basic realm="tessera""#.into(),
    }
}

fn invalid(message: String) -> Refusal {
    Refusal {
        error: AppError::refused(ErrorCode::InvalidToken, message),
        challenge: r#"Bearer realm="tessera", error="invalid_token""#.into(),
    }
}

fn insufficient_scope(required: ScopeName) -> Refusal {
    Refusal {
        error: AppError::refused(
            ErrorCode::InsufficientScope,
            format!(
                "This token's Scope does not include {}, which this endpoint needs.",
                required.label()
            ),
        ),
        challenge: format!(
            r#"Bearer realm="tessera", error="insufficient_scope", scope="{}""#,
            required.code()
        ),
    }
}
