//! `Organization settings`, for system administrators: every setting of the
//! organization on one page, each its own form with one Save: the token
//! policy (R26), the allowed addresses new tokens start from, Basic
//! authentication on the API (R11), how long Token Logs are kept (R17),
//! when unused tokens are revoked (R21), and the webhook (R18).

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::ScopeName;
use tessera_shared::approval::ApprovalRule;
use tessera_shared::organization::OrganizationSettings;
use tessera_shared::words::{count, count_of};

use crate::api;
use crate::components::audit_stream_settings::AuditStreamSettings;
use crate::components::setting_form::{Setting, SettingForm};
use crate::components::token_form::address_lines;
use crate::components::token_policy::TokenPolicySettings;
use crate::components::webhook_settings::WebhookSettings;

/// A field's text as a number of days, `None` when empty; `Err` when it is
/// not a whole number.
fn days_or_none(text: &str) -> Result<Option<i64>, ()> {
    match text.trim() {
        "" => Ok(None),
        number => number.parse().map(Some).map_err(drop),
    }
}

#[component]
pub fn OrganizationSettingsPage() -> impl IntoView {
    let policy = RwSignal::new(None);
    let addresses = RwSignal::new(String::new());
    let basic_auth = RwSignal::new(false);
    let retention = RwSignal::new(String::new());
    let stale = RwSignal::new(String::new());
    let approval_days = RwSignal::new(String::new());
    let approval_meta = RwSignal::new(false);
    let approval_report = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let days_text = |days: Option<i64>| days.map(|d| d.to_string()).unwrap_or_default();
    spawn_local(async move {
        if let Ok(settings) = api::organization().await {
            policy.set(Some(settings.policy()));
            let OrganizationSettings {
                default_allowed_addresses,
                basic_auth_enabled,
                log_retention_days,
                stale_after_days,
                approval,
                ..
            } = settings;
            approval_days.set(days_text(approval.beyond_days));
            approval_meta.set(approval.scopes.contains(&ScopeName::MetaRecord));
            approval_report.set(approval.scopes.contains(&ScopeName::ReportRecord));
            addresses.set(default_allowed_addresses.join("\n"));
            basic_auth.set(basic_auth_enabled);
            retention.set(log_retention_days.to_string());
            stale.set(days_text(stale_after_days));
            loaded.set(true);
        }
    });

    let addresses_setting = Setting::new("default-allowlist");
    let save_addresses = Callback::new(move |()| {
        let list = address_lines(&addresses.get_untracked());
        addresses_setting.save(
            async move |session| api::set_default_allowlist(&session, list).await,
            |settings| match settings.default_allowed_addresses.len() {
                0 => "New tokens work from anywhere unless their form says otherwise.".into(),
                n => format!(
                    "New tokens start with {}.",
                    count_of(
                        n as i64,
                        "allowed address or range",
                        "allowed addresses or ranges"
                    )
                ),
            },
        );
    });

    let basic_setting = Setting::new("basic-auth");
    let save_basic = Callback::new(move |()| {
        let enabled = basic_auth.get_untracked();
        basic_setting.save(
            async move |session| api::set_basic_auth(&session, enabled).await,
            |settings| match settings.basic_auth_enabled {
                true => "The API now accepts Basic authentication.".into(),
                false => "The API no longer accepts Basic authentication.".into(),
            },
        );
    });

    let retention_setting = Setting::new("log-retention");
    let save_retention = Callback::new(move |()| {
        let Ok(Some(days)) = days_or_none(&retention.get_untracked()) else {
            return retention_setting.refuse("Enter a whole number of days.");
        };
        retention_setting.save(
            async move |session| api::set_log_retention(&session, days).await,
            |settings| {
                format!(
                    "Token Logs are now kept for {}; older entries go at the next daily run.",
                    count(settings.log_retention_days, "day")
                )
            },
        );
    });

    let stale_setting = Setting::new("stale-after");
    let save_stale = Callback::new(move |()| {
        let Ok(days) = days_or_none(&stale.get_untracked()) else {
            return stale_setting
                .refuse("Enter a whole number of days, or leave it empty to keep unused tokens.");
        };
        stale_setting.save(
            async move |session| api::set_stale_tokens(&session, days).await,
            |settings| match settings.stale_after_days {
                Some(days) => format!(
                    "Tokens unused for {} are now revoked by the daily run; their owners are warned 7 days ahead.",
                    count(days, "day")
                ),
                None => "Unused tokens are no longer revoked.".into(),
            },
        );
    });

    let approval_setting = Setting::new("approval-days");
    let save_approval = Callback::new(move |()| {
        let Ok(beyond_days) = days_or_none(&approval_days.get_untracked()) else {
            return approval_setting
                .refuse("Enter a whole number of days, or leave it empty for no lifetime rule.");
        };
        let scopes = [
            (approval_meta.get_untracked(), ScopeName::MetaRecord),
            (approval_report.get_untracked(), ScopeName::ReportRecord),
        ]
        .into_iter()
        .filter_map(|(ticked, scope)| ticked.then_some(scope))
        .collect();
        let rule = ApprovalRule {
            beyond_days,
            scopes,
        };
        approval_setting.save(
            async move |session| api::set_approval_rule(&session, &rule).await,
            |settings| settings.approval.describe(),
        );
    });

    view! {
        <section class="page organization-settings">
            <h1>"Organization settings"</h1>
            <p class="lead">"What every token of your organization must meet, and where its warnings go. Each setting is saved on its own."</p>
            <div class="settings" aria-busy=move || (!loaded.get()).to_string()>
                <TokenPolicySettings loaded=policy.read_only()/>
                <SettingForm title="Approval" save_label="Save approval rule"
                    hint="Tokens created or edited from now on that work longer than this many days (or never expire), or that hold a scope ticked here, wait for a token admin's approval before their token string can be generated. The requester never approves their own. Empty and unticked: no approval."
                    setting=approval_setting on_save=save_approval>
                    <label for="approval-days">"Approval for tokens working longer than (days)"</label>
                    <input id="approval-days" name="beyond_days" inputmode="numeric" placeholder="No lifetime rule"
                        aria-invalid=approval_setting.invalid() aria-describedby=approval_setting.described_by()
                        bind:value=approval_days/>
                    <label class="check">
                        <input type="checkbox" name="approval_scope_meta" bind:checked=approval_meta/>
                        "Approval for tokens with Meta Record"
                    </label>
                    <label class="check">
                        <input type="checkbox" name="approval_scope_report" bind:checked=approval_report/>
                        "Approval for tokens with Report Record"
                    </label>
                </SettingForm>
                <SettingForm title="Allowed addresses for new tokens" save_label="Save allowed addresses"
                    hint="One IP address or range per line, such as 203.0.113.0/24. A new token's form starts from this list. Empty: anywhere."
                    setting=addresses_setting on_save=save_addresses>
                    <label for="default-allowlist">"Addresses and ranges"</label>
                    <textarea id="default-allowlist" name="default_allowed_addresses" rows="3"
                        aria-invalid=addresses_setting.invalid() aria-describedby=addresses_setting.described_by()
                        prop:value=move || addresses.get()
                        on:input=move |event| addresses.set(event_target_value(&event))></textarea>
                </SettingForm>
                <SettingForm title="Basic authentication" save_label="Save Basic authentication"
                    hint="Scripts may then sign API requests with an email and password instead of a token. Tokens are safer: leave it off unless a script cannot use one."
                    setting=basic_setting on_save=save_basic>
                    <label class="check">
                        <input id="basic-auth" type="checkbox" name="basic_auth_enabled"
                            aria-describedby=basic_setting.described_by()
                            prop:checked=move || basic_auth.get()
                            on:change=move |event| basic_auth.set(event_target_checked(&event))/>
                        "Allow Basic authentication (email and password) on the API"
                    </label>
                </SettingForm>
                <SettingForm title="Token Logs retention" save_label="Save retention"
                    hint="Entries older than this go at the next daily run (30 to 3660 days)."
                    setting=retention_setting on_save=save_retention>
                    <label for="log-retention">"Keep Token Logs for (days)"</label>
                    <input id="log-retention" name="log_retention_days" inputmode="numeric"
                        aria-invalid=retention_setting.invalid() aria-describedby=retention_setting.described_by()
                        bind:value=retention/>
                </SettingForm>
                <SettingForm title="Unused tokens" save_label="Save unused-token policy"
                    hint="Tokens not used for this many days (30 to 365) are revoked by the daily run; their owners are warned 7 days ahead. Empty: never."
                    setting=stale_setting on_save=save_stale>
                    <label for="stale-after">"Revoke tokens unused for (days)"</label>
                    <input id="stale-after" name="stale_after_days" inputmode="numeric" placeholder="Never"
                        aria-invalid=stale_setting.invalid() aria-describedby=stale_setting.described_by()
                        bind:value=stale/>
                </SettingForm>
                <WebhookSettings/>
                <AuditStreamSettings/>
            </div>
        </section>
    }
}
