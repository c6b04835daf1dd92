//! The organization's settings: anyone signed in may read them (the token
//! forms show the maximum lifetime), except the webhook's address, which
//! only system administrators see; only system administrators change them.

pub mod logins;
pub mod policy;
pub mod retention;
pub mod service_accounts;

use tessera_shared::access::Actor;
use tessera_shared::organization::{OrganizationSettings, parse_log_retention, parse_stale_days};

use tessera_shared::allowlist::Allowlist;

use worker::D1PreparedStatement;

use crate::error::AppResult;
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, SystemAdministrator};
use crate::services::notify::audit_stream;
use crate::services::tokens::allowlists;
use crate::services::tokens::policy as token_policy;
use crate::store::audit_stream::Changed;
use crate::store::{approvals, organizations};

pub async fn settings(bindings: &Bindings, actor: &Actor) -> AppResult<OrganizationSettings> {
    let record = organizations::settings(&bindings.db, actor.organization_id).await?;
    let policy = token_policy::of(&record.policy);
    Ok(OrganizationSettings {
        name: record.name,
        max_token_lifetime_days: policy.max_token_lifetime_days,
        expiry_required: policy.expiry_required,
        scopes_allowed: policy.scopes_allowed,
        allowlist_required: policy.allowlist_required,
        basic_auth_enabled: record.basic_auth_enabled,
        log_retention_days: record.log_retention_days,
        stale_after_days: record.stale_after_days,
        webhook_url: record.webhook_url.filter(|_| actor.system_admin),
        default_allowed_addresses: allowlists::entries(
            record.policy.default_allowed_addresses.as_deref(),
        ),
        approval: record.approval.rule(),
    })
}

/// Saves a setting's `change` with its policy change event (R30): who
/// changed `setting` to `value`, in one batch, so the stream never misses a
/// change that was made. `more`: what else the change writes (after both).
/// The settings after it, as the page shows them.
pub(super) async fn save(
    bindings: &Bindings,
    actor: &Actor,
    setting: &str,
    value: serde_json::Value,
    change: D1PreparedStatement,
    more: Vec<D1PreparedStatement>,
) -> AppResult<OrganizationSettings> {
    let event = serde_json::json!({
        "type": "policy_change",
        "setting": setting,
        "value": value,
        "actor_login_id": actor.login_id,
    });
    let event = audit_stream::change(&bindings.db, actor.organization_id, event, Changed::Row)?;
    let mut statements = vec![change, event];
    statements.extend(more);
    bindings.db.batch(statements).await?;
    settings(bindings, actor).await
}

/// R27: which tokens need a token admin's approval from now on.
pub async fn set_approval_rule(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    rule: tessera_shared::approval::ApprovalRule,
) -> AppResult<OrganizationSettings> {
    let actor = &admin.actor();
    let rule = rule.parse()?;
    let change = approvals::set_rule(&bindings.db, actor.organization_id, &rule)?;
    let value = serde_json::to_value(&rule).unwrap_or_default();
    save(bindings, actor, "approval", value, change, Vec::new()).await
}

/// The addresses and ranges new tokens work from unless their form says otherwise.
pub async fn set_default_allowlist(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    addresses: &[String],
) -> AppResult<OrganizationSettings> {
    let actor = &admin.actor();
    let list = Allowlist::parse(addresses)?;
    let change = organizations::set_default_allowed_addresses(
        &bindings.db,
        actor.organization_id,
        allowlists::stored(&list).as_deref(),
    )?;
    let value = list.entries().into();
    save(
        bindings,
        actor,
        "default_allowed_addresses",
        value,
        change,
        Vec::new(),
    )
    .await
}

/// Revoke tokens unused for `days` days (or not): the daily run warns
/// their owners 7 days ahead, then revokes them.
pub async fn set_stale_tokens(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    days: Option<i64>,
) -> AppResult<OrganizationSettings> {
    let actor = &admin.actor();
    let days = parse_stale_days(days)?;
    let change = organizations::set_stale_after_days(&bindings.db, actor.organization_id, days)?;
    save(
        bindings,
        actor,
        "stale_tokens",
        days.into(),
        change,
        Vec::new(),
    )
    .await
}

/// R11: turns Basic authentication on the API on or off for the organization, at once.
pub async fn set_basic_auth(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    enabled: bool,
) -> AppResult<OrganizationSettings> {
    let actor = &admin.actor();
    let change = organizations::set_basic_auth(&bindings.db, actor.organization_id, enabled)?;
    save(
        bindings,
        actor,
        "basic_auth",
        enabled.into(),
        change,
        Vec::new(),
    )
    .await
}

/// R17: how many days the organization keeps Token Logs; the daily
/// retention run (`services::organization::retention`) deletes what is older.
pub async fn set_log_retention(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    days: i64,
) -> AppResult<OrganizationSettings> {
    let actor = &admin.actor();
    let days = parse_log_retention(days)?;
    let change = organizations::set_log_retention(&bindings.db, actor.organization_id, days)?;
    save(
        bindings,
        actor,
        "log_retention",
        days.into(),
        change,
        Vec::new(),
    )
    .await
}
