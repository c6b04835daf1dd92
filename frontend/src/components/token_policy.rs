//! The organization's token policy (R26) on Organization settings: its
//! four rules in one form. Save asks the worker first what the policy would
//! block; if it would block tokens the current policy does not, the form names them and
//! nothing is saved until the administrator confirms. Changing a field
//! drops the confirmation, so what is confirmed is what was previewed.

use leptos::prelude::*;
use tessera_shared::ScopeName;
use tessera_shared::organization::PolicyPreview;
use tessera_shared::policy::TokenPolicy;
use tessera_shared::words::count;

use crate::api;
use crate::components::setting_form::{Setting, SettingForm};

/// What a Save led to.
enum Outcome {
    /// Saved: it blocks this many tokens.
    Saved(i64),
    /// Not saved: it would block tokens the current policy does not.
    NeedsConfirmation(PolicyPreview),
}

/// The form. `loaded` is the policy as the page read it.
#[component]
pub fn TokenPolicySettings(loaded: ReadSignal<Option<TokenPolicy>>) -> impl IntoView {
    let lifetime = RwSignal::new(String::new());
    let expiry_required = RwSignal::new(false);
    let meta = RwSignal::new(true);
    let report = RwSignal::new(true);
    let allowlist_required = RwSignal::new(false);
    let pending: RwSignal<Option<(TokenPolicy, PolicyPreview)>> = RwSignal::new(None);
    Effect::new(move || {
        if let Some(policy) = loaded.get() {
            lifetime.set(
                policy
                    .max_token_lifetime_days
                    .map(|days| days.to_string())
                    .unwrap_or_default(),
            );
            expiry_required.set(policy.expiry_required);
            meta.set(policy.scopes_allowed.contains(&ScopeName::MetaRecord));
            report.set(policy.scopes_allowed.contains(&ScopeName::ReportRecord));
            allowlist_required.set(policy.allowlist_required);
        }
    });
    // Any change drops a confirmation asked for the policy as it was.
    Effect::new(move || {
        lifetime.track();
        expiry_required.track();
        meta.track();
        report.track();
        allowlist_required.track();
        pending.set(None);
    });

    let setting = Setting::new("token-policy");
    let proposed = move || -> Result<TokenPolicy, &'static str> {
        let max_token_lifetime_days = match lifetime.get_untracked().trim() {
            "" => None,
            days => Some(days.parse().map_err(|_| {
                "Enter the maximum lifetime as a whole number of days, or leave it empty for no maximum."
            })?),
        };
        let scopes_allowed: Vec<ScopeName> = [
            (ScopeName::MetaRecord, meta.get_untracked()),
            (ScopeName::ReportRecord, report.get_untracked()),
        ]
        .into_iter()
        .filter_map(|(name, allowed)| allowed.then_some(name))
        .collect();
        Ok(TokenPolicy {
            max_token_lifetime_days,
            expiry_required: expiry_required.get_untracked(),
            scopes_allowed,
            allowlist_required: allowlist_required.get_untracked(),
        })
    };
    let save = Callback::new(move |()| {
        let policy = match proposed() {
            Ok(policy) => policy,
            Err(message) => return setting.refuse(message),
        };
        // Confirming saves what was previewed; otherwise preview first.
        let confirmed = pending
            .get_untracked()
            .filter(|(previewed, _)| *previewed == policy)
            .map(|(_, preview)| preview.blocked);
        setting.save(
            async move |session| match confirmed {
                Some(blocked) => api::set_token_policy(&session, &policy)
                    .await
                    .map(|_| Outcome::Saved(blocked)),
                None => {
                    let preview = api::preview_token_policy(&session, &policy).await?;
                    if preview.newly_blocked == 0 {
                        api::set_token_policy(&session, &policy).await?;
                        Ok(Outcome::Saved(preview.blocked))
                    } else {
                        Ok(Outcome::NeedsConfirmation(preview))
                    }
                }
            },
            move |outcome| match outcome {
                Outcome::Saved(blocked) => {
                    pending.set(None);
                    match blocked {
                        0 => "Saved. No token is blocked by it.".into(),
                        n => format!(
                            "Saved. It blocks {}; their owners have a notice saying how each works again.",
                            count(n, "token")
                        ),
                    }
                }
                Outcome::NeedsConfirmation(preview) => {
                    let said = format!(
                        "Not saved yet: this policy would block {} not blocked today. Review them, then confirm.",
                        count(preview.newly_blocked, "token")
                    );
                    if let Ok(policy) = proposed() {
                        pending.set(Some((policy, preview)));
                    }
                    said
                }
            },
        );
    });
    let confirm_label = move || {
        pending.with(|pending| match pending {
            Some((_, preview)) => format!("Save and block {}", count(preview.blocked, "token")),
            None => "Save token policy".into(),
        })
    };

    view! {
        <SettingForm title="Token policy" save_label="Save token policy"
            hint="Every token must meet these rules at every request, old tokens included. A token that breaks one is blocked, not revoked: it works again once it is edited to fit or the policy is relaxed."
            setting=setting on_save=save>
            <label for="token-policy">"Maximum lifetime (days)"</label>
            <input id="token-policy" name="max_token_lifetime_days" inputmode="numeric" placeholder="No maximum"
                aria-invalid=setting.invalid() aria-describedby=setting.described_by()
                bind:value=lifetime/>
            <p class="hint-text">"A token works at most this many days after its string is generated (1 to 3660)."</p>
            <label class="check">
                <input type="checkbox" name="expiry_required"
                    prop:checked=move || expiry_required.get()
                    on:change=move |event| expiry_required.set(event_target_checked(&event))/>
                "Expiry required: no token may be set to Never"
            </label>
            <fieldset class="scopes-allowed">
                <legend>"Scopes allowed"</legend>
                <label class="check">
                    <input type="checkbox" name="scopes_allowed" value="meta_record"
                        prop:checked=move || meta.get()
                        on:change=move |event| meta.set(event_target_checked(&event))/>
                    "Meta Record"
                </label>
                <label class="check">
                    <input type="checkbox" name="scopes_allowed" value="report_record"
                        prop:checked=move || report.get()
                        on:change=move |event| report.set(event_target_checked(&event))/>
                    "Report Record"
                </label>
            </fieldset>
            <label class="check">
                <input type="checkbox" name="allowlist_required"
                    prop:checked=move || allowlist_required.get()
                    on:change=move |event| allowlist_required.set(event_target_checked(&event))/>
                "Allowlist required: every token limited to addresses within the organization's allowed addresses"
            </label>
            {move || pending.get().map(|(_, preview)| view! {
                <div class="policy-preview" role="group" aria-labelledby="policy-preview-title">
                    <h3 id="policy-preview-title">{format!("Tokens this policy blocks: {}", preview.blocked)}</h3>
                    <ul>
                        {preview.tokens.iter().map(|token| view! {
                            <li>
                                <span class="token-name">{token.name.clone()}</span>
                                {format!(" ({}): {}", token.owner_name, token.rule.label())}
                            </li>
                        }).collect_view()}
                    </ul>
                    {(preview.blocked > preview.tokens.len() as i64).then(|| view! {
                        <p class="hint-text">{format!("and {} more", preview.blocked - preview.tokens.len() as i64)}</p>
                    })}
                    <div class="setting-actions">
                        <button type="button" class="primary" on:click=move |_| save.run(())>{confirm_label}</button>
                        <button type="button" class="secondary" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </div>
                </div>
            })}
        </SettingForm>
    }
}
