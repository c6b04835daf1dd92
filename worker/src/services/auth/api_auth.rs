//! The API's token check (R4, R5, R10): one indexed read of the system of
//! record per request, so revocation and edits take effect at once, in the
//! same D1 batch as the records the endpoint serves: one round trip in all.
//! The AUTHENTICATE entry it produces is written off the response path
//! (`authentication_log`).

use tessera_shared::expiry::parse_date;
use tessera_shared::policy::PolicyRule;
use tessera_shared::sign_in_throttle::address_key;
use tessera_shared::tokens::PresentedString;
use tessera_shared::{ApiError, ErrorCode, ScopeName, TokenRefusal, TokenString};
use worker::D1Database;

use crate::clock::{self, Moment};
use crate::error::{AppError, AppResult};
use crate::secret::TokenHash;
use crate::services::auth::authentication_log::{AuthenticationLog, LAST_USED_STALENESS_SECONDS};
pub use crate::services::auth::refusal::Refusal;
use crate::services::auth::report_reach;
use crate::services::tokens::allowlists;
use crate::services::tokens::policy::{self, TokenColumns};
use crate::services::tokens::report_patterns::ReportLimit;
use crate::store::credentials::Credential;
use crate::store::records::{self, RecordsRead, Whose};
use crate::store::token_logs::{Authentication, Usage};

/// A request the token lets through, with what the endpoint reads.
pub struct Authenticated<Found> {
    pub records: Found,
    /// When the presented string stops working: `Tessera-Token-Expiration`.
    pub expiration: Option<String>,
    /// The token, and which of its strings was presented; `None` for Basic
    /// authentication, which names a login.
    pub token: Option<(Credential, PresentedString)>,
}

/// Checks `authorization` (the header's value) for an endpoint needing
/// `required` and reading `reads`: a Bearer token string, or Basic credentials.
pub async fn authenticate<R: RecordsRead>(
    db: &D1Database,
    authorization: Option<&str>,
    required: Option<ScopeName>,
    reads: &R,
    client_address: &str,
    at: Moment,
) -> AppResult<(
    Result<Authenticated<R::Found>, Refusal>,
    Option<AuthenticationLog>,
)> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let presented = match Credentials::of(authorization) {
        // R11: Basic authentication reaches what a token with both scopes reaches.
        Some(Credentials::Basic(credentials)) => {
            let (outcome, log) = crate::services::auth::basic_auth::authenticate(
                db,
                credentials,
                client_address,
                at,
            )
            .await?;
            let outcome = match outcome {
                Ok(organization_id) => {
                    let whose = Whose::Organization(organization_id);
                    let (_, records) = records::read(db, None, &whose, reads).await?;
                    Ok(Authenticated {
                        records,
                        expiration: None,
                        token: None,
                    })
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
        Err(error) => {
            let refusal = invalid(TokenRefusal::Malformed, error.to_string());
            return Ok((Err(refusal), None));
        }
    };
    let hash = TokenHash::of(&token_string);
    let whose = match organization_cache::get(&hash) {
        Some(organization_id) => Whose::Organization(organization_id),
        None => Whose::TokenHash(&hash),
    };
    let (credential, records) = records::read(db, Some(&hash), &whose, reads).await?;
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
                usage: Usage::default(),
                token_hash: None,
            },
            touch_last_used: false,
            ends_overlap: None,
        };
        let message = "This token string is not valid: its token may have been edited or given a new string since.";
        return Ok((
            Err(invalid(TokenRefusal::Unknown, message.into())),
            Some(log),
        ));
    };
    organization_cache::remember(&hash, credential.organization_id);
    // The index found the row by this hash; compare in constant time all the same.
    let presented = which_string(&credential, &hash);
    // R29: the reports it may read, read once for the judgement and the listing.
    let reports = ReportLimit::of(credential.report_patterns.as_deref());
    let verdict = match presented {
        Some(presented) => judge(&credential, presented, required, client_address, now)
            .and_then(|()| report_reach::judge(&reports, reads.reach())),
        None => Err((
            "unknown token string".into(),
            invalid(
                TokenRefusal::Unknown,
                "This token string is not valid.".into(),
            ),
        )),
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
            usage: Usage::default(),
            token_hash: Some(hash.as_str().to_owned()),
        },
        touch_last_used: credential
            .last_used_at
            .is_none_or(|at| at <= now - LAST_USED_STALENESS_SECONDS),
        // The new string's first use ends a rotation's overlap.
        ends_overlap: (verdict.is_ok()
            && presented == Some(PresentedString::Current)
            && credential
                .previous_secret_until
                .is_some_and(|until| until > now))
        .then(|| hash.clone()),
    };
    let expiration = presented.and_then(|presented| expiration(&credential, presented));
    let outcome = verdict
        .map(|()| {
            // A token limited to named reports lists only those.
            let records = reads.only_allowed(records, |name| reports.allows(name));
            Authenticated {
                records,
                expiration: expiration.clone(),
                token: presented.map(|presented| (credential, presented)),
            }
        })
        // A holder learns only what the string grants: a string refused
        // for its scope or a report outside its patterns still works
        // elsewhere, and an expired one stopped when its expiration said, so those are told; a revoked, replaced
        // or misplaced one, or one whose owner may not use it, nothing more.
        .map_err(|(_, refusal)| Refusal {
            expiration: tells_expiration(&refusal).then_some(expiration).flatten(),
            ..refusal
        });
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

    use crate::secret::TokenHash;

    /// Bounded; emptied when full rather than tracked by age.
    const CAPACITY: usize = 10_000;

    thread_local! {
        static BY_HASH: RefCell<HashMap<TokenHash, i64>> = RefCell::default();
    }

    pub fn get(hash: &TokenHash) -> Option<i64> {
        BY_HASH.with_borrow(|cache| cache.get(hash).copied())
    }

    pub fn remember(hash: &TokenHash, organization_id: i64) {
        BY_HASH.with_borrow_mut(|cache| {
            if cache.len() >= CAPACITY && !cache.contains_key(hash) {
                cache.clear();
            }
            cache.insert(hash.clone(), organization_id);
        });
    }
}

/// Which of the token's strings `hash` is, compared in constant time
/// (the index found the row by it; a row found any other way matches neither).
fn which_string(credential: &Credential, hash: &TokenHash) -> Option<PresentedString> {
    if hash.is(credential.secret_hash.as_ref()) {
        Some(PresentedString::Current)
    } else if hash.is(credential.previous_secret_hash.as_ref()) {
        Some(PresentedString::Previous)
    } else {
        None
    }
}

/// The rules a matching token must pass, in the order a person would want
/// to hear about them. `Err` holds the log's detail and the refusal.
// The refusal is built at most once a request; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
fn judge(
    credential: &Credential,
    presented: PresentedString,
    required: Option<ScopeName>,
    client_address: &str,
    now: i64,
) -> Result<(), (String, Refusal)> {
    if presented == PresentedString::Previous
        && credential
            .previous_secret_until
            .is_none_or(|until| until <= now)
    {
        return Err((
            "token string replaced".into(),
            invalid(
                TokenRefusal::RevokedOrReplaced,
                "This token string no longer works: its token was revoked or given a new string."
                    .into(),
            ),
        ));
    }
    if credential.revoked_at.is_some() {
        return Err((
            "token revoked".into(),
            invalid(
                TokenRefusal::RevokedOrReplaced,
                "This token string no longer works: its token was revoked or given a new string."
                    .into(),
            ),
        ));
    }
    let expiry_on = credential.expiry_on.as_deref().and_then(parse_date);
    if let Some(expiry_on) = expiry_on.filter(|date| *date < clock::date_of(now)) {
        let message = format!(
            "This token expired on {}.",
            tessera_shared::expiry::format_date(expiry_on)
        );
        return Err((
            "token expired".into(),
            invalid(TokenRefusal::Expired, message),
        ));
    }
    if credential.owner_activated_at.is_none() {
        let message =
            "The token's login is not activated yet: it must sign in to the Tessera portal once.";
        return Err((
            "login not activated".into(),
            invalid(TokenRefusal::OwnerNotActivated, message.into()),
        ));
    }
    if credential.owner_disabled {
        return Err((
            "login disabled".into(),
            invalid(
                TokenRefusal::OwnerDisabled,
                "The token's login is disabled.".into(),
            ),
        ));
    }
    if !allowlists::allows(credential.allowed_addresses.as_deref(), client_address) {
        return Err(("address not allowed".into(), address_not_allowed()));
    }
    // R26: the organization's policy, read in the same statement as the token.
    let token = TokenColumns {
        expiry_on: credential.expiry_on.as_deref(),
        generated_at: credential.generated_at,
        scope: tessera_shared::Scope {
            meta_record: credential.scope_meta,
            report_record: credential.scope_report,
        },
        allowed_addresses: credential.allowed_addresses.as_deref(),
    };
    if let Some(rule) = policy::breach(&credential.policy, &token, clock::date_of(now)) {
        return Err((
            format!("blocked by policy ({})", rule.label()),
            blocked_by_policy(rule),
        ));
    }
    let Some(required) = required else {
        return Ok(());
    };
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

/// When the `presented` string of `credential` stops working, as RFC 3339:
/// the first instant after its Expiry On (which it works through, in UTC),
/// or for a rotation's previous string the end of the overlap if sooner.
/// `None` for a current string that never expires.
fn expiration(credential: &Credential, presented: PresentedString) -> Option<String> {
    let day_after = |last_day: time::Date| {
        last_day
            .next_day()
            .map(|stops| stops.midnight().assume_utc().unix_timestamp())
    };
    let expiry_on_ends = credential
        .expiry_on
        .as_deref()
        .and_then(parse_date)
        .and_then(day_after);
    // R26: a string older than the maximum lifetime stops sooner.
    let lifetime_ends =
        policy::last_day(&credential.policy, credential.generated_at).and_then(day_after);
    let expiry_ends = match (expiry_on_ends, lifetime_ends) {
        (Some(one), Some(other)) => Some(one.min(other)),
        (one, other) => one.or(other),
    };
    let stops = match presented {
        PresentedString::Current => expiry_ends,
        PresentedString::Previous => {
            let overlap_ends = credential.previous_secret_until?;
            Some(expiry_ends.map_or(overlap_ends, |expiry| expiry.min(overlap_ends)))
        }
    };
    stops.map(clock::rfc3339)
}

fn tells_expiration(refusal: &Refusal) -> bool {
    matches!(
        &refusal.error,
        AppError::Refused(error)
            if matches!(
                error.reason,
                Some(TokenRefusal::OutOfScope | TokenRefusal::ReportNotAllowed | TokenRefusal::Expired)
            )
    )
}

fn missing() -> Refusal {
    let mut error = ApiError::new(
        ErrorCode::InvalidToken,
        "Send your token string in the header Authorization: Bearer <token string>, \
         or Basic credentials if your organization allows them.",
    );
    error.reason = Some(TokenRefusal::Missing);
    Refusal {
        error: AppError::Refused(error),
        challenge: r#"Bearer realm="tessera", Basic realm="tessera""#.into(),
        expiration: None,
    }
}

fn invalid(reason: TokenRefusal, message: String) -> Refusal {
    let mut error = ApiError::new(ErrorCode::InvalidToken, message);
    error.reason = Some(reason);
    Refusal {
        error: AppError::Refused(error),
        challenge: r#"Bearer realm="tessera", error="invalid_token""#.into(),
        expiration: None,
    }
}

fn blocked_by_policy(rule: PolicyRule) -> Refusal {
    let mut error = ApiError::new(ErrorCode::InvalidToken, rule.explanation());
    error.reason = Some(TokenRefusal::BlockedByPolicy);
    error.policy_rule = Some(rule);
    Refusal {
        error: AppError::Refused(error),
        challenge: r#"Bearer realm="tessera", error="invalid_token""#.into(),
        expiration: None,
    }
}

fn address_not_allowed() -> Refusal {
    let mut error = ApiError::new(
        ErrorCode::AddressNotAllowed,
        "This token works only from the addresses and ranges its allowlist names, \
         and this request came from another address.",
    );
    error.reason = Some(TokenRefusal::AddressNotAllowed);
    Refusal {
        error: AppError::Refused(error),
        challenge: r#"Bearer realm="tessera""#.into(),
        expiration: None,
    }
}

fn insufficient_scope(required: ScopeName) -> Refusal {
    let mut error = ApiError::new(
        ErrorCode::InsufficientScope,
        format!(
            "This token's Scope does not include {}, which this endpoint needs.",
            required.label()
        ),
    );
    error.reason = Some(TokenRefusal::OutOfScope);
    error.scope_needed = Some(required);
    Refusal {
        error: AppError::Refused(error),
        challenge: format!(
            r#"Bearer realm="tessera", error="insufficient_scope", scope="{}""#,
            required.code()
        ),
        expiration: None,
    }
}

#[cfg(test)]
pub(crate) mod tests;
