//! The token form's own check (R2, R3), where it lives: in the browser, on
//! the browser's clock, with the `shared` validation the worker runs.

use tessera_frontend::components::token_form::{TokenFormValues, check};
use tessera_shared::ScopeName;
use tessera_shared::policy::TokenPolicy;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn values(name: &str, expiry: &str, scope: &[ScopeName]) -> TokenFormValues {
    TokenFormValues {
        name: name.into(),
        expiry: expiry.into(),
        scope: scope.to_vec(),
        self_rotation: false,
        allowed_addresses: Vec::new(),
        report_patterns: Vec::new(),
        approval_reason: None,
    }
}

fn fields(values: &TokenFormValues, max_lifetime_days: Option<i64>) -> Vec<&'static str> {
    let policy = TokenPolicy {
        max_token_lifetime_days: max_lifetime_days,
        ..TokenPolicy::default()
    };
    check(values, &policy, &[])
        .iter()
        .map(|error| error.field())
        .collect()
}

#[wasm_bindgen_test]
fn a_complete_form_passes() {
    let ok = values("Nightly export", "30_days", &[ScopeName::ReportRecord]);
    assert_eq!(fields(&ok, None), Vec::<&str>::new());
}

#[wasm_bindgen_test]
fn each_missing_or_wrong_field_is_named() {
    assert_eq!(
        fields(&values("  ", "30_days", &[ScopeName::MetaRecord]), None),
        ["name"]
    );
    assert_eq!(
        fields(
            &values(&"x".repeat(101), "never", &[ScopeName::MetaRecord]),
            None
        ),
        ["name"]
    );
    assert_eq!(
        fields(&values("Ok", "2001-01-01", &[ScopeName::MetaRecord]), None),
        ["expiry"],
        "in the past"
    );
    assert_eq!(
        fields(&values("Ok", "someday", &[ScopeName::MetaRecord]), None),
        ["expiry"]
    );
    assert_eq!(fields(&values("Ok", "never", &[]), None), ["scope"]);
    assert_eq!(
        fields(&values("", "someday", &[]), None),
        ["name", "expiry", "scope"]
    );
}

#[wasm_bindgen_test]
fn the_organizations_maximum_lifetime_rules_out_never_and_longer() {
    let scope = [ScopeName::MetaRecord];
    assert_eq!(fields(&values("Ok", "never", &scope), Some(30)), ["expiry"]);
    assert_eq!(
        fields(&values("Ok", "1_year", &scope), Some(30)),
        ["expiry"]
    );
    assert_eq!(
        fields(&values("Ok", "30_days", &scope), Some(30)),
        Vec::<&str>::new()
    );
}

#[wasm_bindgen_test]
fn the_form_refuses_what_the_organizations_policy_would_block_r26() {
    let policy = TokenPolicy {
        expiry_required: true,
        scopes_allowed: vec![ScopeName::ReportRecord],
        allowlist_required: true,
        ..TokenPolicy::default()
    };
    let organization = ["203.0.113.0/24".to_owned()];
    let field = |values: &TokenFormValues| -> Vec<&'static str> {
        check(values, &policy, &organization)
            .iter()
            .map(|error| error.field())
            .collect()
    };
    let within = |mut values: TokenFormValues| {
        values.allowed_addresses = vec!["203.0.113.9".into()];
        values
    };
    let report = [ScopeName::ReportRecord];
    assert_eq!(field(&within(values("Ok", "never", &report))), ["expiry"]);
    assert_eq!(
        field(&within(values("Ok", "30_days", &[ScopeName::MetaRecord]))),
        ["scope"]
    );
    assert_eq!(
        field(&values("Ok", "30_days", &report)),
        ["allowed_addresses"]
    );
    assert_eq!(
        field(&within(values("Ok", "30_days", &report))),
        Vec::<&str>::new()
    );
}

#[wasm_bindgen_test]
fn report_patterns_are_checked_where_they_are_typed_r29() {
    let mut limited = values("Emissions feed", "30_days", &[ScopeName::ReportRecord]);
    limited.report_patterns = vec!["Emissions*".into(), "Water use 2026".into()];
    assert_eq!(fields(&limited, None), Vec::<&str>::new());
    limited.report_patterns = vec!["*".into()];
    assert_eq!(fields(&limited, None), ["report_patterns"]);
    limited.report_patterns = vec!["x".repeat(101)];
    assert_eq!(fields(&limited, None), ["report_patterns"]);
}

#[wasm_bindgen_test]
fn a_token_that_waits_for_approval_needs_a_reason_r27() {
    let mut waiting = values("Nightly export", "30_days", &[ScopeName::ReportRecord]);
    waiting.approval_reason = Some("  ".into());
    assert_eq!(fields(&waiting, None), vec!["approval_reason"]);
    waiting.approval_reason = Some("Quarterly audit".into());
    assert_eq!(fields(&waiting, None), Vec::<&str>::new());
}
