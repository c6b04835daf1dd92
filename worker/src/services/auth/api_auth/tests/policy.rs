//! The organization's token policy as the token check applies it (R26).

use super::*;

/// The policy rule `judge` blocks `credential` by, if it does.
fn blocked_by(credential: &Credential, now: i64) -> Option<PolicyRule> {
    let (_, refusal) = judge(credential, PresentedString::Current, None, CLIENT, now).err()?;
    match refusal.error {
        AppError::Refused(error) => {
            assert_eq!(error.reason, Some(TokenRefusal::BlockedByPolicy));
            error.policy_rule
        }
        other => panic!("a token refusal is a refusal, not {other:?}"),
    }
}

#[test]
fn an_old_token_is_blocked_by_each_rule_of_the_policy_at_request_time_r26() {
    let with = |policy: PolicyColumns| Credential { policy, ..token() };
    assert_eq!(blocked_by(&token(), NOW), None);
    let expiry_required = with(PolicyColumns {
        policy_expiry_required: true,
        ..no_policy()
    });
    assert_eq!(
        blocked_by(&expiry_required, NOW),
        Some(PolicyRule::ExpiryRequired)
    );
    let report_only = with(PolicyColumns {
        policy_scope_meta: false,
        ..no_policy()
    });
    assert_eq!(
        blocked_by(&report_only, NOW),
        Some(PolicyRule::ScopeNotAllowed)
    );
    let allowlist_required = with(PolicyColumns {
        policy_allowlist_required: true,
        default_allowed_addresses: Some(r#"["203.0.113.0/24"]"#.into()),
        ..no_policy()
    });
    assert_eq!(
        blocked_by(&allowlist_required, NOW),
        Some(PolicyRule::AllowlistRequired)
    );
    let inside = Credential {
        allowed_addresses: Some(r#"["203.0.113.7/32"]"#.into()),
        ..allowlist_required
    };
    assert_eq!(blocked_by(&inside, NOW), None);
}

#[test]
fn a_string_generated_before_a_maximum_lifetime_stops_at_generated_plus_the_maximum_r26() {
    // Generated 30 days ago (30 October), never expiring; a 30-day maximum
    // lets it work through today, 29 November, and not a day more.
    let capped = Credential {
        policy: PolicyColumns {
            max_token_lifetime_days: Some(30),
            ..no_policy()
        },
        ..token()
    };
    assert_eq!(blocked_by(&capped, NOW), None);
    assert_eq!(
        expiration(&capped, PresentedString::Current).as_deref(),
        Some("2026-11-30T00:00:00Z")
    );
    assert_eq!(
        blocked_by(&capped, NOW + DAY),
        Some(PolicyRule::MaximumLifetime)
    );
    // Under a 40-day maximum, an Expiry On sooner than its end ends it first.
    let sooner = Credential {
        expiry_on: Some("2026-11-29".into()),
        policy: PolicyColumns {
            max_token_lifetime_days: Some(40),
            ..no_policy()
        },
        ..token()
    };
    assert_eq!(
        expiration(&sooner, PresentedString::Current).as_deref(),
        Some("2026-11-30T00:00:00Z")
    );
}

#[test]
fn a_revoked_or_expired_token_is_told_so_before_its_policy() {
    let blocked_and_revoked = Credential {
        revoked_at: Some(NOW - DAY),
        policy: PolicyColumns {
            policy_expiry_required: true,
            ..no_policy()
        },
        ..token()
    };
    assert_eq!(
        reason(&blocked_and_revoked, PresentedString::Current, NOW),
        Some(TokenRefusal::RevokedOrReplaced)
    );
}
