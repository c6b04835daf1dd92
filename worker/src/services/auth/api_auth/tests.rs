//! The token check's rules with a fixed clock: `judge` here, which string
//! was presented and its expiration in `strings`.

use super::*;
use crate::store::organizations::PolicyColumns;

mod policy;
mod strings;

/// 2026-11-29T12:00:00Z: the clock every test reads.
pub(super) const NOW: i64 = 1_795_953_600;
pub(super) const DAY: i64 = 24 * 60 * 60;
pub(super) const CURRENT_HASH: &str =
    "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
pub(super) const PREVIOUS_HASH: &str =
    "beef0000beef0000beef0000beef0000beef0000beef0000beef0000beef0000";
pub(super) const CLIENT: &str = "203.0.113.7";

/// A live token of an activated, enabled owner, with both scopes, no
/// Expiry On, no allowlist and no rotation under way.
pub(crate) fn token() -> Credential {
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
        owner_kind: Default::default(),
        created_at: NOW - 30 * DAY,
        generated_at: Some(NOW - 30 * DAY),
        allowed_addresses: None,
        recent_addresses: None,
        report_patterns: None,
        policy: no_policy(),
    }
}

/// An organization whose token policy sets no rule.
pub(super) fn no_policy() -> PolicyColumns {
    PolicyColumns {
        max_token_lifetime_days: None,
        policy_expiry_required: false,
        policy_scope_meta: true,
        policy_scope_report: true,
        policy_allowlist_required: false,
        default_allowed_addresses: None,
    }
}

/// `token()` rotated: its previous string works until `until`.
pub(super) fn rotated(until: i64) -> Credential {
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
    let (detail, refusal) = judge(credential, presented, required, client_address, now).err()?;
    match refusal.error {
        AppError::Refused(error) => Some((
            error.reason.expect("a token refusal names its reason"),
            detail,
        )),
        other => panic!("a token refusal is a refusal, not {other:?}"),
    }
}

fn reason(credential: &Credential, presented: PresentedString, now: i64) -> Option<TokenRefusal> {
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
