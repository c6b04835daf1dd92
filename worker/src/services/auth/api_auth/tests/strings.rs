//! Which string of a token a hash is, and when it stops working.

use super::*;

// which_string (R4)

#[test]
fn the_current_strings_hash_is_the_current_string_r4() {
    assert_eq!(
        which_string(&rotated(NOW + DAY), &TokenHash::from(CURRENT_HASH)),
        Some(PresentedString::Current)
    );
}

#[test]
fn the_previous_strings_hash_is_the_previous_string_r19() {
    assert_eq!(
        which_string(&rotated(NOW + DAY), &TokenHash::from(PREVIOUS_HASH)),
        Some(PresentedString::Previous)
    );
}

#[test]
fn a_hash_matching_neither_string_is_no_string_of_the_token_r4() {
    let other = "0000000000000000000000000000000000000000000000000000000000000000";
    assert_eq!(
        which_string(&rotated(NOW + DAY), &TokenHash::from(other)),
        None
    );
    // A prefix of the stored hash is not the hash.
    assert_eq!(
        which_string(&token(), &TokenHash::from(&CURRENT_HASH[..63])),
        None
    );
    assert_eq!(which_string(&token(), &TokenHash::from("")), None);
}

#[test]
fn a_token_whose_string_an_edit_stopped_matches_nothing_r6() {
    let edited = Credential {
        secret_hash: None,
        ..token()
    };
    assert_eq!(which_string(&edited, &TokenHash::from(CURRENT_HASH)), None);
    // An empty hash never matches a missing one.
    assert_eq!(which_string(&edited, &TokenHash::from("")), None);
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
