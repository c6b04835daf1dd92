//! The API's token check (R4, R5, R10): one indexed read of the system of
//! record per request, so revocation and edits take effect at once, in the
//! same D1 batch as the records the endpoint serves: one round trip in all.
//! The AUTHENTICATE entry it produces is written off the response path
//! (`authentication_log`).

use subtle::ConstantTimeEq;
use tessera_shared::expiry::parse_date;
use tessera_shared::sign_in_throttle::address_key;
use tessera_shared::tokens::PresentedString;
use tessera_shared::{ApiError, ErrorCode, ScopeName, TokenRefusal, TokenString};
use worker::D1Database;

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::secret;
use crate::services::auth::authentication_log::{AuthenticationLog, LAST_USED_STALENESS_SECONDS};
pub use crate::services::auth::refusal::Refusal;
use crate::services::tokens::allowlists;
use crate::store::records::{self, RecordsRead, Whose};
use crate::store::token_logs::{Authentication, Usage};
use crate::store::tokens::Credential;

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
    now_ms: i64,
) -> AppResult<(
    Result<Authenticated<R::Found>, Refusal>,
    Option<AuthenticationLog>,
)> {
    let now = now_ms / 1000;
    let presented = match Credentials::of(authorization) {
        // R11: Basic authentication reaches what a token with both scopes reaches.
        Some(Credentials::Basic(credentials)) => {
            let (outcome, log) = crate::services::auth::basic_auth::authenticate(
                db,
                credentials,
                client_address,
                now_ms,
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
    let hash = secret::sha256_hex(token_string.expose());
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
    let verdict = match presented {
        Some(presented) => judge(&credential, presented, required, client_address, now),
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
        .map(|()| Authenticated {
            records,
            expiration: expiration.clone(),
            token: presented.map(|presented| (credential, presented)),
        })
        // A holder learns only what the string grants: a string refused
        // for its scope still works elsewhere, and an expired one stopped
        // when its expiration said, so those are told; a revoked, replaced
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

/// Which of the token's strings `hash` is, compared in constant time
/// (the index found the row by it; a row found any other way matches neither).
fn which_string(credential: &Credential, hash: &str) -> Option<PresentedString> {
    let is = |stored: &Option<String>| -> bool {
        stored
            .as_deref()
            .is_some_and(|stored| stored.as_bytes().ct_eq(hash.as_bytes()).into())
    };
    if is(&credential.secret_hash) {
        Some(PresentedString::Current)
    } else if is(&credential.previous_secret_hash) {
        Some(PresentedString::Previous)
    } else {
        None
    }
}

/// The rules a matching token must pass, in the order a person would want
/// to hear about them. `Err` holds the log's detail and the refusal.
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
    let expiry_ends = credential
        .expiry_on
        .as_deref()
        .and_then(parse_date)
        .and_then(|last_day| last_day.next_day())
        .map(|stops| stops.midnight().assume_utc().unix_timestamp());
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
            if matches!(error.reason, Some(TokenRefusal::OutOfScope | TokenRefusal::Expired))
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
mod tests {
    use super::*;

    /// 2026-11-29T12:00:00Z: the clock every test reads.
    const NOW: i64 = 1_795_953_600;
    const DAY: i64 = 24 * 60 * 60;
    const CURRENT_HASH: &str = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
    const PREVIOUS_HASH: &str = "beef0000beef0000beef0000beef0000beef0000beef0000beef0000beef0000";
    const CLIENT: &str = "203.0.113.7";

    /// A live token of an activated, enabled owner, with both scopes, no
    /// Expiry On, no allowlist and no rotation under way.
    fn token() -> Credential {
        Credential {
            token_id: 7,
            organization_id: 1,
            owner_login_id: 3,
            name: "nightly export".into(),
            scope_meta: true,
            scope_report: true,
            expiry_on: None,
            revoked_at: None,
            last_used_at: None,
            secret_hash: Some(CURRENT_HASH.into()),
            previous_secret_hash: None,
            previous_secret_until: None,
            self_rotation: false,
            owner_activated_at: Some(NOW - 30 * DAY),
            owner_disabled: false,
            owner_name: "Alice".into(),
            owner_email: "alice@demo.example".into(),
            created_at: NOW - 30 * DAY,
            generated_at: Some(NOW - 30 * DAY),
            allowed_addresses: None,
            recent_addresses: None,
        }
    }

    /// `token()` rotated: its previous string works until `until`.
    fn rotated(until: i64) -> Credential {
        Credential {
            previous_secret_hash: Some(PREVIOUS_HASH.into()),
            previous_secret_until: Some(until),
            ..token()
        }
    }

    /// The reason and log detail `judge` refuses with, or `None` when it accepts.
    fn refusal(
        credential: &Credential,
        presented: PresentedString,
        required: Option<ScopeName>,
        client_address: &str,
        now: i64,
    ) -> Option<(TokenRefusal, String)> {
        let (detail, refusal) =
            judge(credential, presented, required, client_address, now).err()?;
        match refusal.error {
            AppError::Refused(error) => Some((
                error.reason.expect("a token refusal names its reason"),
                detail,
            )),
            other => panic!("a token refusal is a refusal, not {other:?}"),
        }
    }

    fn reason(
        credential: &Credential,
        presented: PresentedString,
        now: i64,
    ) -> Option<TokenRefusal> {
        refusal(
            credential,
            presented,
            Some(ScopeName::MetaRecord),
            CLIENT,
            now,
        )
        .map(|(reason, _)| reason)
    }

    // judge: acceptance

    #[test]
    fn a_live_token_with_the_scope_is_accepted() {
        assert_eq!(reason(&token(), PresentedString::Current, NOW), None);
        let report = refusal(
            &token(),
            PresentedString::Current,
            Some(ScopeName::ReportRecord),
            CLIENT,
            NOW,
        );
        assert_eq!(report, None);
    }

    #[test]
    fn an_endpoint_needing_no_scope_accepts_a_token_with_neither_r20() {
        let scopeless = Credential {
            scope_meta: false,
            scope_report: false,
            ..token()
        };
        assert_eq!(
            refusal(&scopeless, PresentedString::Current, None, CLIENT, NOW),
            None
        );
    }

    // judge: expiry (R2: a token works through the whole of its Expiry On day)

    #[test]
    fn a_token_works_through_the_last_second_of_its_expiry_on_day_r2() {
        let expiring_today = Credential {
            expiry_on: Some("2026-11-29".into()),
            ..token()
        };
        let last_second = NOW + 12 * 60 * 60 - 1;
        assert_eq!(
            reason(&expiring_today, PresentedString::Current, last_second),
            None
        );
    }

    #[test]
    fn a_token_is_expired_from_the_midnight_after_its_expiry_on_r5() {
        let expiring_today = Credential {
            expiry_on: Some("2026-11-29".into()),
            ..token()
        };
        let midnight = NOW + 12 * 60 * 60;
        let (reason, detail) = refusal(
            &expiring_today,
            PresentedString::Current,
            Some(ScopeName::MetaRecord),
            CLIENT,
            midnight,
        )
        .expect("refused");
        assert_eq!(reason, TokenRefusal::Expired);
        assert_eq!(detail, "token expired");
    }

    #[test]
    fn the_expired_refusal_names_the_expiry_on_day() {
        let expired = Credential {
            expiry_on: Some("2026-11-28".into()),
            ..token()
        };
        let Err((_, refusal)) = judge(&expired, PresentedString::Current, None, CLIENT, NOW) else {
            panic!("an expired token is refused")
        };
        assert_eq!(
            refusal.error.to_string(),
            "This token expired on 2026-11-28."
        );
        assert!(refusal.challenge.contains(r#"error="invalid_token""#));
    }

    #[test]
    fn a_token_that_never_expires_is_never_expired() {
        let years_later = NOW + 50 * 365 * DAY;
        assert_eq!(
            reason(&token(), PresentedString::Current, years_later),
            None
        );
    }

    // judge: revoked and replaced (R3, R7, R19)

    #[test]
    fn a_revoked_token_is_refused_as_revoked_or_replaced_r7() {
        let revoked = Credential {
            revoked_at: Some(NOW - 1),
            ..token()
        };
        let (reason, detail) = refusal(
            &revoked,
            PresentedString::Current,
            Some(ScopeName::MetaRecord),
            CLIENT,
            NOW,
        )
        .expect("refused");
        assert_eq!(reason, TokenRefusal::RevokedOrReplaced);
        assert_eq!(detail, "token revoked");
    }

    #[test]
    fn revocation_is_told_before_expiry_and_the_owner() {
        let everything_wrong = Credential {
            revoked_at: Some(NOW - 1),
            expiry_on: Some("2026-01-01".into()),
            owner_activated_at: None,
            owner_disabled: true,
            ..token()
        };
        assert_eq!(
            reason(&everything_wrong, PresentedString::Current, NOW),
            Some(TokenRefusal::RevokedOrReplaced)
        );
    }

    #[test]
    fn a_previous_string_works_within_the_grace_period_r19() {
        let in_overlap = rotated(NOW + 60 * 60);
        assert_eq!(reason(&in_overlap, PresentedString::Previous, NOW), None);
        assert_eq!(
            reason(&in_overlap, PresentedString::Previous, NOW + 60 * 60 - 1),
            None
        );
    }

    #[test]
    fn a_previous_string_stops_working_when_the_grace_period_ends_r19() {
        let in_overlap = rotated(NOW + 60 * 60);
        let (reason, detail) = refusal(
            &in_overlap,
            PresentedString::Previous,
            Some(ScopeName::MetaRecord),
            CLIENT,
            NOW + 60 * 60,
        )
        .expect("refused at the overlap's end");
        assert_eq!(reason, TokenRefusal::RevokedOrReplaced);
        assert_eq!(detail, "token string replaced");
    }

    #[test]
    fn a_previous_string_without_an_overlap_is_replaced_r3() {
        // Generate Token (or the new string's first use) ends the overlap.
        let generated_again = Credential {
            previous_secret_hash: Some(PREVIOUS_HASH.into()),
            previous_secret_until: None,
            ..token()
        };
        assert_eq!(
            reason(&generated_again, PresentedString::Previous, NOW),
            Some(TokenRefusal::RevokedOrReplaced)
        );
    }

    #[test]
    fn the_current_string_works_whatever_the_previous_ones_overlap() {
        let overlap_over = rotated(NOW - 1);
        assert_eq!(reason(&overlap_over, PresentedString::Current, NOW), None);
    }

    #[test]
    fn a_previous_string_in_its_overlap_still_stops_at_revocation_r7() {
        let revoked_in_overlap = Credential {
            revoked_at: Some(NOW - 1),
            ..rotated(NOW + DAY)
        };
        assert_eq!(
            reason(&revoked_in_overlap, PresentedString::Previous, NOW),
            Some(TokenRefusal::RevokedOrReplaced)
        );
    }

    // judge: the owner (R10)

    #[test]
    fn a_token_of_a_login_never_signed_in_is_refused_r10() {
        let not_activated = Credential {
            owner_activated_at: None,
            ..token()
        };
        let (reason, detail) =
            refusal(&not_activated, PresentedString::Current, None, CLIENT, NOW).expect("refused");
        assert_eq!(reason, TokenRefusal::OwnerNotActivated);
        assert_eq!(detail, "login not activated");
    }

    #[test]
    fn a_token_of_a_disabled_login_is_refused_r5() {
        let disabled = Credential {
            owner_disabled: true,
            ..token()
        };
        let (reason, detail) =
            refusal(&disabled, PresentedString::Current, None, CLIENT, NOW).expect("refused");
        assert_eq!(reason, TokenRefusal::OwnerDisabled);
        assert_eq!(detail, "login disabled");
    }

    // judge: where (R23)

    #[test]
    fn a_token_works_from_an_address_its_allowlist_names_r23() {
        let listed = Credential {
            allowed_addresses: Some(r#"["203.0.113.0/24","2001:db8::/32"]"#.into()),
            ..token()
        };
        assert_eq!(
            refusal(
                &listed,
                PresentedString::Current,
                None,
                "203.0.113.250",
                NOW
            ),
            None
        );
        assert_eq!(
            refusal(
                &listed,
                PresentedString::Current,
                None,
                "2001:db8:1::9",
                NOW
            ),
            None
        );
    }

    #[test]
    fn a_token_is_refused_from_an_address_its_allowlist_does_not_name_r23() {
        let listed = Credential {
            allowed_addresses: Some(r#"["203.0.113.0/24"]"#.into()),
            ..token()
        };
        let Err((detail, refusal)) =
            judge(&listed, PresentedString::Current, None, "198.51.100.1", NOW)
        else {
            panic!("an address the list does not name is refused")
        };
        assert_eq!(detail, "address not allowed");
        let AppError::Refused(error) = refusal.error else {
            panic!("a refusal")
        };
        assert_eq!(error.code, ErrorCode::AddressNotAllowed);
        assert_eq!(error.reason, Some(TokenRefusal::AddressNotAllowed));
    }

    #[test]
    fn the_address_is_checked_before_the_scope() {
        let listed_meta_only = Credential {
            allowed_addresses: Some(r#"["203.0.113.0/24"]"#.into()),
            scope_report: false,
            ..token()
        };
        let outcome = refusal(
            &listed_meta_only,
            PresentedString::Current,
            Some(ScopeName::ReportRecord),
            "198.51.100.1",
            NOW,
        );
        assert_eq!(
            outcome.map(|(reason, _)| reason),
            Some(TokenRefusal::AddressNotAllowed)
        );
    }

    // judge: scope (R5, R20)

    #[test]
    fn a_token_without_the_endpoints_scope_is_refused_naming_the_scope_needed_r20() {
        let meta_only = Credential {
            scope_report: false,
            ..token()
        };
        let Err((detail, refusal)) = judge(
            &meta_only,
            PresentedString::Current,
            Some(ScopeName::ReportRecord),
            CLIENT,
            NOW,
        ) else {
            panic!("out of scope is refused")
        };
        assert_eq!(detail, "outside scope (Report Record)");
        assert_eq!(
            refusal.challenge,
            r#"Bearer realm="tessera", error="insufficient_scope", scope="report_record""#
        );
        let AppError::Refused(error) = refusal.error else {
            panic!("a refusal")
        };
        assert_eq!(error.code, ErrorCode::InsufficientScope);
        assert_eq!(error.reason, Some(TokenRefusal::OutOfScope));
        assert_eq!(error.scope_needed, Some(ScopeName::ReportRecord));
        // The scope it has still works.
        assert_eq!(reason(&meta_only, PresentedString::Current, NOW), None);
    }

    #[test]
    fn only_an_out_of_scope_or_expired_refusal_tells_the_expiration_r20() {
        let meta_only = Credential {
            scope_report: false,
            ..token()
        };
        let Err((_, out_of_scope)) = judge(
            &meta_only,
            PresentedString::Current,
            Some(ScopeName::ReportRecord),
            CLIENT,
            NOW,
        ) else {
            panic!("refused")
        };
        assert!(tells_expiration(&out_of_scope));
        let expired = Credential {
            expiry_on: Some("2026-11-01".into()),
            ..token()
        };
        let Err((_, expired)) = judge(&expired, PresentedString::Current, None, CLIENT, NOW) else {
            panic!("refused")
        };
        assert!(tells_expiration(&expired));
        for told_nothing in [
            Credential {
                revoked_at: Some(NOW),
                ..token()
            },
            Credential {
                owner_disabled: true,
                ..token()
            },
            Credential {
                owner_activated_at: None,
                ..token()
            },
            Credential {
                allowed_addresses: Some(r#"["10.0.0.0/8"]"#.into()),
                ..token()
            },
        ] {
            let Err((detail, refusal)) =
                judge(&told_nothing, PresentedString::Current, None, CLIENT, NOW)
            else {
                panic!("refused")
            };
            assert!(!tells_expiration(&refusal), "{detail} tells the expiration");
        }
    }

    // which_string (R4)

    #[test]
    fn the_current_strings_hash_is_the_current_string_r4() {
        assert_eq!(
            which_string(&rotated(NOW + DAY), CURRENT_HASH),
            Some(PresentedString::Current)
        );
    }

    #[test]
    fn the_previous_strings_hash_is_the_previous_string_r19() {
        assert_eq!(
            which_string(&rotated(NOW + DAY), PREVIOUS_HASH),
            Some(PresentedString::Previous)
        );
    }

    #[test]
    fn a_hash_matching_neither_string_is_no_string_of_the_token_r4() {
        let other = "0000000000000000000000000000000000000000000000000000000000000000";
        assert_eq!(which_string(&rotated(NOW + DAY), other), None);
        // A prefix of the stored hash is not the hash.
        assert_eq!(which_string(&token(), &CURRENT_HASH[..63]), None);
        assert_eq!(which_string(&token(), ""), None);
    }

    #[test]
    fn a_token_whose_string_an_edit_stopped_matches_nothing_r6() {
        let edited = Credential {
            secret_hash: None,
            ..token()
        };
        assert_eq!(which_string(&edited, CURRENT_HASH), None);
        // An empty hash never matches a missing one.
        assert_eq!(which_string(&edited, ""), None);
    }

    // expiration: Tessera-Token-Expiration (R18)

    #[test]
    fn the_expiration_is_the_midnight_utc_after_expiry_on_r18() {
        let expiring = Credential {
            expiry_on: Some("2026-12-31".into()),
            ..token()
        };
        assert_eq!(
            expiration(&expiring, PresentedString::Current).as_deref(),
            Some("2027-01-01T00:00:00Z")
        );
    }

    #[test]
    fn a_token_that_never_expires_has_no_expiration_r18() {
        assert_eq!(expiration(&token(), PresentedString::Current), None);
        // Even while a rotation's previous string is in its overlap.
        assert_eq!(
            expiration(&rotated(NOW + DAY), PresentedString::Current),
            None
        );
    }

    #[test]
    fn a_previous_strings_expiration_is_its_overlaps_end_r19() {
        let overlap_ends = NOW + 60 * 60;
        assert_eq!(
            expiration(&rotated(overlap_ends), PresentedString::Previous).as_deref(),
            Some("2026-11-29T13:00:00Z")
        );
    }

    #[test]
    fn a_previous_strings_expiration_is_the_tokens_when_that_comes_first_r19() {
        let expiring_today = Credential {
            expiry_on: Some("2026-11-29".into()),
            ..rotated(NOW + 7 * DAY)
        };
        assert_eq!(
            expiration(&expiring_today, PresentedString::Previous).as_deref(),
            Some("2026-11-30T00:00:00Z")
        );
        let expiring_later = Credential {
            expiry_on: Some("2027-06-30".into()),
            ..rotated(NOW + 7 * DAY)
        };
        assert_eq!(
            expiration(&expiring_later, PresentedString::Previous).as_deref(),
            Some("2026-12-06T12:00:00Z")
        );
    }

    #[test]
    fn a_previous_string_without_an_overlap_has_no_expiration() {
        let generated_again = Credential {
            previous_secret_hash: Some(PREVIOUS_HASH.into()),
            previous_secret_until: None,
            expiry_on: Some("2027-06-30".into()),
            ..token()
        };
        assert_eq!(
            expiration(&generated_again, PresentedString::Previous),
            None
        );
    }

    #[test]
    fn an_unreadable_expiry_on_gives_no_expiration() {
        let unreadable = Credential {
            expiry_on: Some("30/06/2027".into()),
            ..token()
        };
        assert_eq!(expiration(&unreadable, PresentedString::Current), None);
    }

    // Credentials::of: the Authorization header's scheme

    #[test]
    fn the_schemes_name_is_case_insensitive_and_its_value_trimmed() {
        assert!(matches!(
            Credentials::of(Some("bearer  tessera_x ")),
            Some(Credentials::Bearer("tessera_x"))
        ));
        assert!(matches!(
            Credentials::of(Some("BASIC\tYTpi")),
            Some(Credentials::Basic("YTpi"))
        ));
        assert!(Credentials::of(Some("Token tessera_x")).is_none());
        assert!(Credentials::of(Some("Bearer")).is_none());
        assert!(Credentials::of(None).is_none());
    }
}
