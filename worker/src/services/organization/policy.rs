//! Setting the organization's token policy (R26): previewed first (how
//! many live tokens it would block), then saved with a notice to the owner
//! of each token it newly blocks, in one transaction.

use tessera_shared::ScopeName;
use tessera_shared::notices::NoticeKind;
use tessera_shared::organization::{
    BlockedToken, OrganizationSettings, PREVIEW_TOKENS, PolicyPreview,
};
use tessera_shared::policy::{PolicyRule, TokenPolicy};

use crate::clock::{self, Moment};
use crate::error::AppResult;
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, SystemAdministrator};
use crate::services::tokens::policy::{self, TokenColumns};
use crate::store::organizations::{self, NewPolicy};
use crate::store::{
    notices,
    tokens::{self, TokenRecord},
};

/// A live token, the rule the current policy blocks it by and the one
/// `proposed` would.
struct Judged<'a> {
    token: &'a TokenRecord,
    now: Option<PolicyRule>,
    proposed: Option<PolicyRule>,
}

/// Judges every live token of the organization under both policies.
fn judge<'a>(records: &'a [TokenRecord], proposed: &TokenPolicy, at: Moment) -> Vec<Judged<'a>> {
    let today = clock::date_of(at.seconds());
    let Some(first) = records.first() else {
        return Vec::new();
    };
    let organization = policy::organization_allowlist(&first.policy);
    records
        .iter()
        .map(|token| {
            let columns = TokenColumns::of(token);
            Judged {
                token,
                now: policy::breach(&token.policy, &columns, today),
                proposed: policy::breach_under(proposed, &organization, &columns, today),
            }
        })
        .collect()
}

/// What `proposed` would block today, before it is saved.
pub async fn preview(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    proposed: TokenPolicy,
    at: Moment,
) -> AppResult<PolicyPreview> {
    let proposed = proposed.parse()?;
    let records = tokens::live_of_organization(&bindings.db, admin.actor().organization_id).await?;
    let judged = judge(&records, &proposed, at);
    let blocked: Vec<&Judged> = judged.iter().filter(|j| j.proposed.is_some()).collect();
    Ok(PolicyPreview {
        blocked: blocked.len() as i64,
        newly_blocked: blocked.iter().filter(|j| j.now.is_none()).count() as i64,
        tokens: blocked
            .iter()
            .take(PREVIEW_TOKENS)
            .filter_map(|j| {
                Some(BlockedToken {
                    id: j.token.id,
                    name: j.token.name.clone(),
                    owner_login_id: j.token.owner_login_id,
                    owner_name: j.token.owner_name.clone(),
                    rule: j.proposed?,
                })
            })
            .collect(),
    })
}

/// Saves `proposed`: the token check applies it from the next request on.
/// The owner of each token it newly blocks gets a notice saying which rule
/// and how the token works again, in the same transaction as the policy.
pub async fn set(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    proposed: TokenPolicy,
    at: Moment,
) -> AppResult<OrganizationSettings> {
    let proposed = proposed.parse()?;
    let actor = admin.actor();
    let db = &bindings.db;
    let records = tokens::live_of_organization(db, actor.organization_id).await?;
    let judged = judge(&records, &proposed, at);
    let now = at.seconds();
    let change = organizations::set_token_policy(
        db,
        actor.organization_id,
        &NewPolicy {
            max_token_lifetime_days: proposed.max_token_lifetime_days,
            expiry_required: proposed.expiry_required,
            scope_meta: proposed.scopes_allowed.contains(&ScopeName::MetaRecord),
            scope_report: proposed.scopes_allowed.contains(&ScopeName::ReportRecord),
            allowlist_required: proposed.allowlist_required,
        },
    )?;
    let mut notices_sent = Vec::new();
    for judged in &judged {
        let (None, Some(rule)) = (judged.now, judged.proposed) else {
            continue;
        };
        let token = judged.token;
        let message = format!(
            "Your token “{}” is blocked by your organization's new token policy ({}): {}",
            token.name,
            rule.label(),
            fix(rule),
        );
        notices_sent.push(notices::insert(
            db,
            actor.organization_id,
            token.owner_login_id,
            Some(token.id),
            NoticeKind::Blocked,
            &message,
            now,
        )?);
    }
    let value = serde_json::to_value(&proposed).unwrap_or_default();
    super::save(
        bindings,
        &actor,
        "token_policy",
        value,
        change,
        notices_sent,
    )
    .await
}

/// How a token blocked by `rule` works again. An edit ends the string
/// (R6), so every fix ends with a new one.
fn fix(rule: PolicyRule) -> &'static str {
    match rule {
        PolicyRule::MaximumLifetime => {
            "its token string is older than allowed; generate a new one."
        }
        PolicyRule::ExpiryRequired => {
            "it never expires; edit it to set an Expiry On, then generate its new string."
        }
        PolicyRule::ScopeNotAllowed => {
            "it holds a scope no longer allowed; edit its Scope, then generate its new string."
        }
        PolicyRule::AllowlistRequired => {
            "it must be limited to addresses within the organization's allowlist; edit its allowed addresses, then generate its new string."
        }
    }
}
