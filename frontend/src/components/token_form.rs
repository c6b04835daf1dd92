//! The fields of `Create New` and `Edit Token` (R2, R6): Name, Expiry On,
//! Scope, the reports it may read (R29) and where it works (R23), checked with the same `shared` validation the worker runs; the
//! worker's refusals appear next to the field they name.

use leptos::prelude::*;
use tessera_shared::allowlist::Allowlist;
use tessera_shared::approval::{ApprovalRule, Reason, parse_reason};
use tessera_shared::endpoints::{Data, Endpoint, Meta, MetaReport, MetaReports, ReportReadings};
use tessera_shared::expiry::{format_date, latest_expiry_on};
use tessera_shared::policy::{TokenFacts, TokenPolicy};
use tessera_shared::report_patterns::ReportPatterns;
use tessera_shared::{ExpiryChoice, Scope, ScopeName, TokenName, ValidationError};

use crate::api::CallError;

/// What the form holds. `expiry` is an `ExpiryChoice` code.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenFormValues {
    pub name: String,
    pub expiry: String,
    pub scope: Vec<ScopeName>,
    /// Whether the token may rotate itself with its own string.
    pub self_rotation: bool,
    /// Where the token works: addresses and ranges; empty: anywhere.
    pub allowed_addresses: Vec<String>,
    /// The reports it may read, as name patterns (R29); empty: every report.
    pub report_patterns: Vec<String>,
    /// Why it is needed, sent when the organization's rule makes it wait
    /// for approval (R27); `None` otherwise.
    pub approval_reason: Option<String>,
}

/// A one-entry-per-line text area's lines (allowed addresses, report
/// patterns), without blank ones.
pub fn address_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

const CUSTOM: &str = "custom";

/// Today's date in UTC, as the worker counts it.
fn today() -> Option<time::Date> {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    tessera_shared::expiry::parse_date(iso.get(..10)?)
}

/// The form's own check, before asking the worker: the same `shared`
/// validation the worker runs, each error naming its field.
pub fn check(
    values: &TokenFormValues,
    policy: &TokenPolicy,
    organization_allowlist: &[String],
) -> Vec<ValidationError> {
    let max_lifetime_days = policy.max_token_lifetime_days;
    let mut errors = Vec::new();
    if let Err(error) = TokenName::parse(&values.name) {
        errors.push(error);
    }
    match ExpiryChoice::parse(&values.expiry) {
        Ok(choice) => {
            if let Some(today) = today()
                && let Err(error) = choice.resolve(today, max_lifetime_days)
            {
                errors.push(error);
            }
        }
        Err(error) => errors.push(error),
    }
    if let Err(error) = Scope::parse(&values.scope) {
        errors.push(error);
    }
    if let Err(error) = ReportPatterns::parse(&values.report_patterns) {
        errors.push(error);
    }
    if let Err(error) = Allowlist::parse(&values.allowed_addresses) {
        errors.push(error);
    }
    if let Some(reason) = &values.approval_reason
        && let Err(error) = parse_reason(Some(reason), Reason::Request)
    {
        errors.push(error);
    }
    // R26: what the worker would refuse under the organization's policy.
    if errors.is_empty()
        && let Some(today) = today()
        && let Ok(Ok(expiry_on)) = ExpiryChoice::parse(&values.expiry)
            .map(|choice| choice.resolve(today, max_lifetime_days))
        && let (Ok(scope), Ok(allowlist)) = (
            Scope::parse(&values.scope),
            Allowlist::parse(&values.allowed_addresses),
        )
    {
        let facts = TokenFacts {
            expiry_on,
            generated_on: None,
            scope,
            allowlist: &allowlist,
        };
        let organization = Allowlist::parse(organization_allowlist).unwrap_or_default();
        if let Err(error) = policy.check(&facts, &organization, today) {
            errors.push(error);
        }
    }
    errors
}

/// What a script holding a token of `scope` can read, as the form says it
/// beside the scope's box (the paths are the API's own, from `shared`),
/// and whether the organization's policy allows it (R26).
fn scope_hint(scope: ScopeName, allowed: bool) -> String {
    let what = match scope {
        ScopeName::MetaRecord => format!(
            "What your organization is set up with: its name and locations ({}) \
             and its report definitions ({} and {}). No readings.",
            Meta::PATH,
            MetaReports::PATH,
            MetaReport::PATH
        ),
        ScopeName::ReportRecord => format!(
            "Your organization's report data: its monthly readings, a page at a time \
             ({}), and one report with its readings ({}).",
            Data::PATH,
            ReportReadings::PATH
        ),
    };
    match allowed {
        true => what,
        false => format!("Not allowed by your organization's token policy. {what}"),
    }
}

#[component]
pub fn TokenForm(
    initial: TokenFormValues,
    submit_label: &'static str,
    refusal: Signal<Option<CallError>>,
    pending: Signal<bool>,
    on_submit: Callback<TokenFormValues>,
    on_cancel: Callback<()>,
    #[prop(optional)] warning: Option<&'static str>,
    /// The organization's token policy (R26): `Never` is not offered under
    /// a maximum lifetime or while an Expiry On is required, and a scope it
    /// does not allow cannot be ticked.
    #[prop(default = TokenPolicy::default())]
    policy: TokenPolicy,
    /// The organization's own allowlist, which the policy may require a token's to lie within.
    #[prop(default = Vec::new())]
    organization_allowlist: Vec<String>,
    /// Which tokens need a token admin's approval (R27): the form asks why
    /// the token is needed when the rule covers what it holds.
    #[prop(default = ApprovalRule::default())]
    approval: ApprovalRule,
) -> impl IntoView {
    let max_lifetime_days = policy.max_token_lifetime_days;
    let never_ruled_out = max_lifetime_days.is_some() || policy.expiry_required;
    let allowed_scopes = policy.scopes_allowed.clone();
    let allows = move |scope: ScopeName| allowed_scopes.contains(&scope);
    let allowlist_required = policy.allowlist_required;
    let is_preset = ExpiryChoice::PRESETS
        .iter()
        .any(|preset| preset.code() == initial.expiry);
    let name = RwSignal::new(initial.name.clone());
    let choice = RwSignal::new(if is_preset {
        initial.expiry.clone()
    } else {
        CUSTOM.to_owned()
    });
    let custom_date = RwSignal::new(if is_preset {
        String::new()
    } else {
        initial.expiry.clone()
    });
    let meta = RwSignal::new(initial.scope.contains(&ScopeName::MetaRecord));
    let report = RwSignal::new(initial.scope.contains(&ScopeName::ReportRecord));
    let self_rotation = RwSignal::new(initial.self_rotation);
    let allowed = RwSignal::new(initial.allowed_addresses.join("\n"));
    let reports = RwSignal::new(initial.report_patterns.join("\n"));
    let reason = RwSignal::new(initial.approval_reason.clone().unwrap_or_default());
    // R27: why the values chosen need approval, as the worker will judge them.
    let needs_approval = Memo::new(move |_| {
        let expiry = match choice.get() {
            chosen if chosen == CUSTOM => custom_date.get(),
            chosen => chosen,
        };
        let scope = Scope {
            meta_record: meta.get(),
            report_record: report.get(),
        };
        let today = today()?;
        let expiry_on = ExpiryChoice::parse(&expiry)
            .ok()?
            .resolve(today, max_lifetime_days)
            .ok()?;
        approval.needs(expiry_on, scope, today)
    });
    let local_errors = RwSignal::new(Vec::<ValidationError>::new());

    // A field's message: the form's own check first, then the worker's refusal.
    let error_for = move |field: &'static str| {
        move || {
            local_errors
                .get()
                .iter()
                .find(|error| error.field() == field)
                .map(ToString::to_string)
                .or_else(|| {
                    refusal
                        .get()
                        .filter(|r| r.field() == Some(field))
                        .map(|r| r.message())
                })
        }
    };
    let form_error = move || {
        refusal
            .get()
            .filter(|r| {
                !matches!(
                    r.field(),
                    Some(
                        "name"
                            | "expiry"
                            | "scope"
                            | "report_patterns"
                            | "allowed_addresses"
                            | "approval_reason"
                    )
                )
            })
            .map(|r| r.message())
    };

    let on_form_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let expiry = if choice.get_untracked() == CUSTOM {
            custom_date.get_untracked()
        } else {
            choice.get_untracked()
        };
        let scope: Vec<ScopeName> = [
            (meta, ScopeName::MetaRecord),
            (report, ScopeName::ReportRecord),
        ]
        .into_iter()
        .filter(|(checked, _)| checked.get_untracked())
        .map(|(_, name)| name)
        .collect();
        let values = TokenFormValues {
            name: name.get_untracked(),
            expiry,
            scope,
            self_rotation: self_rotation.get_untracked(),
            allowed_addresses: address_lines(&allowed.get_untracked()),
            report_patterns: address_lines(&reports.get_untracked()),
            approval_reason: needs_approval
                .get_untracked()
                .map(|_| reason.get_untracked()),
        };
        let errors = check(&values, &policy, &organization_allowlist);
        let valid = errors.is_empty();
        local_errors.set(errors);
        if valid {
            on_submit.run(values);
        }
    };

    // The date picker offers the days the worker accepts, counted in UTC
    // like the worker counts them, not in the browser's own time zone.
    let today = today();
    let picker_min = today.map(format_date).unwrap_or_default();
    let today_hint = format!(
        "A token works through the whole of its Expiry On, a day in UTC (today is {picker_min} in UTC)."
    );
    let picker_max = today
        .and_then(|today| latest_expiry_on(today, max_lifetime_days))
        .map(format_date)
        .unwrap_or_default();

    view! {
        <form class="token-form" on:submit=on_form_submit novalidate>
            {warning.map(|text| view! { <p class="warning">{text}</p> })}
            <p class="field-error form-error" role="alert">{form_error}</p>

            <label for="token-name">"Name"</label>
            <input id="token-name" name="name" maxlength=TokenName::MAX_LEN required autocomplete="off"
                aria-describedby="token-name-error"
                aria-invalid=move || error_for("name")().is_some().to_string()
                bind:value=name/>
            <p class="field-error" id="token-name-error" role="alert">{error_for("name")}</p>

            <label for="token-expiry">"Expiry On " <span class="zone">"(UTC)"</span></label>
            <select id="token-expiry" name="expiry" aria-describedby="token-expiry-error"
                prop:value=move || choice.get()
                on:change=move |event| choice.set(event_target_value(&event))>
                {ExpiryChoice::PRESETS
                    .iter()
                    .filter(|preset| !never_ruled_out || **preset != ExpiryChoice::Never)
                    .map(|preset| view! { <option value=preset.code()>{preset.label()}</option> })
                    .collect_view()}
                <option value=CUSTOM>"On a date…"</option>
            </select>
            <Show when=move || choice.get() == CUSTOM>
                // Typed as the portal writes days (a browser's date field
                // shows its own locale's order); the calendar beside it
                // fills the same field.
                <label for="token-expiry-text" class="sub-label">"Date " <span class="zone">"(YYYY-MM-DD)"</span></label>
                <div class="date-field">
                    <input id="token-expiry-text" type="text" name="expiry_date"
                        placeholder="YYYY-MM-DD" pattern=r"\d{4}-\d{2}-\d{2}" maxlength="10" autocomplete="off"
                        aria-describedby="token-expiry-hint token-expiry-error"
                        aria-invalid=move || error_for("expiry")().is_some().to_string()
                        bind:value=custom_date/>
                    <input id="token-expiry-date" type="date" class="date-picker" tabindex="-1"
                        aria-label="Pick the date from a calendar"
                        min=picker_min.clone() max=picker_max.clone()
                        prop:value=move || custom_date.get()
                        on:input=move |event| custom_date.set(event_target_value(&event))/>
                </div>
            </Show>
            <p class="hint-text" id="token-expiry-hint">
                {today_hint}
            </p>
            {max_lifetime_days.map(|days| view! {
                <p class="hint-text">{format!(
                    "Your organization allows tokens of at most {}.",
                    tessera_shared::words::count(days, "day")
                )}</p>
            })}
            <p class="field-error" id="token-expiry-error" role="alert">{error_for("expiry")}</p>

            <fieldset aria-describedby="token-scope-error">
                <legend>"Scope"</legend>
                <label class="check">
                    <input type="checkbox" name="scope_meta" aria-describedby="token-scope-meta-hint" bind:checked=meta
                        disabled=!allows(ScopeName::MetaRecord) && !meta.get_untracked()/>
                    {ScopeName::MetaRecord.label()}
                </label>
                <p class="hint-text scope-hint" id="token-scope-meta-hint">{scope_hint(ScopeName::MetaRecord, allows(ScopeName::MetaRecord))}</p>
                <label class="check">
                    <input type="checkbox" name="scope_report" aria-describedby="token-scope-report-hint" bind:checked=report
                        disabled=!allows(ScopeName::ReportRecord) && !report.get_untracked()/>
                    {ScopeName::ReportRecord.label()}
                </label>
                <p class="hint-text scope-hint" id="token-scope-report-hint">{scope_hint(ScopeName::ReportRecord, allows(ScopeName::ReportRecord))}</p>
            </fieldset>
            <p class="field-error" id="token-scope-error" role="alert">{error_for("scope")}</p>

            <label for="token-reports">"Reports " <span class="zone">"(optional)"</span></label>
            <textarea id="token-reports" name="report_patterns" rows="2"
                placeholder="Emissions*\nWater use 2026"
                aria-describedby="token-reports-hint token-reports-error"
                aria-invalid=move || error_for("report_patterns")().is_some().to_string()
                prop:value=move || reports.get()
                on:input=move |event| reports.set(event_target_value(&event))></textarea>
            <p class="hint-text" id="token-reports-hint">
                "One report name per line; * stands for any characters, and case does not count. \
                 Left empty, the token reads every report its Scope allows; otherwise only the \
                 reports whose names match, including ones added later."
            </p>
            <p class="field-error" id="token-reports-error" role="alert">{error_for("report_patterns")}</p>

            <label for="token-allowlist">"Allowed addresses " <span class="zone">"(optional)"</span></label>
            <textarea id="token-allowlist" name="allowed_addresses" rows="3"
                placeholder="203.0.113.0/24\n2001:db8::/32"
                aria-describedby="token-allowlist-hint token-allowlist-error"
                aria-invalid=move || error_for("allowed_addresses")().is_some().to_string()
                prop:value=move || allowed.get()
                on:input=move |event| allowed.set(event_target_value(&event))></textarea>
            <p class="hint-text" id="token-allowlist-hint">
                {match allowlist_required {
                    true => "One IP address or range per line. Your organization requires every token to be limited to addresses within its own allowed addresses.",
                    false => "One IP address or range per line. Left empty, the token works from anywhere; \
                              otherwise a request from elsewhere is refused.",
                }}
            </p>
            <p class="field-error" id="token-allowlist-error" role="alert">{error_for("allowed_addresses")}</p>

            {move || needs_approval.get().map(|why| view! {
                <div class="approval-needed">
                    <p class="hint-text" id="token-approval-hint">{format!(
                        "Your organization requires a token admin's approval for this token, as {why}: \
                         its token string can be generated once it is approved."
                    )}</p>
                    <label for="token-approval-reason">"Reason for approval"</label>
                    <textarea id="token-approval-reason" name="approval_reason" rows="2"
                        aria-describedby="token-approval-hint token-approval-error"
                        aria-invalid=move || error_for("approval_reason")().is_some().to_string()
                        prop:value=move || reason.get()
                        on:input=move |event| reason.set(event_target_value(&event))></textarea>
                    <p class="field-error" id="token-approval-error" role="alert">{error_for("approval_reason")}</p>
                </div>
            })}

            <label class="check">
                <input type="checkbox" name="self_rotation" aria-describedby="token-self-rotation-hint"
                    bind:checked=self_rotation/>
                "Allow this token to rotate itself"
            </label>
            <p class="hint-text" id="token-self-rotation-hint">
                "A script holding its token string can then get a new one (POST /api/tokens/self/rotate) \
                 without anyone signing in."
            </p>

            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="submit" class="primary" disabled=move || pending.get()>{submit_label}</button>
            </div>
        </form>
    }
}
