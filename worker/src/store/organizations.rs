//! The `organizations` table.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{int, optional_int};
use crate::error::{AppError, AppResult};

#[derive(Debug, Deserialize)]
pub struct OrganizationRecord {
    pub name: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub basic_auth_enabled: bool,
    pub log_retention_days: i64,
    pub stale_after_days: Option<i64>,
    pub webhook_url: Option<String>,
    #[serde(flatten)]
    pub policy: PolicyColumns,
    #[serde(flatten)]
    pub approval: super::approvals::ApprovalColumns,
}

/// The organization's token policy as its columns hold it (R26), read with
/// whatever judges or saves a token: `o.` is the organization's alias.
#[derive(Debug, Clone, Deserialize)]
pub struct PolicyColumns {
    pub max_token_lifetime_days: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub policy_expiry_required: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub policy_scope_meta: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub policy_scope_report: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub policy_allowlist_required: bool,
    /// A JSON array of canonical entries; `None`: anywhere.
    pub default_allowed_addresses: Option<String>,
}

impl PolicyColumns {
    pub const SELECT: &'static str = "o.max_token_lifetime_days, o.policy_expiry_required, \
        o.policy_scope_meta, o.policy_scope_report, o.policy_allowlist_required, \
        o.default_allowed_addresses";
}

pub async fn settings(db: &D1Database, organization_id: i64) -> AppResult<OrganizationRecord> {
    let statement = db
        .prepare(format!(
            "SELECT o.name, o.basic_auth_enabled, o.log_retention_days, o.stale_after_days, \
             o.webhook_url, {}, {} FROM organizations o WHERE o.id = ?1",
            PolicyColumns::SELECT,
            super::approvals::ApprovalColumns::SELECT
        ))
        .bind(&[int(organization_id)])?;
    statement
        .first(None)
        .await?
        .ok_or_else(|| AppError::Internal("organization missing".into()))
}

/// The token policy's columns, all at once (R26).
pub struct NewPolicy {
    pub max_token_lifetime_days: Option<i64>,
    pub expiry_required: bool,
    pub scope_meta: bool,
    pub scope_report: bool,
    pub allowlist_required: bool,
}

/// Saves the token policy, as a statement to batch with the notices it sends.
pub fn set_token_policy(
    db: &D1Database,
    organization_id: i64,
    policy: &NewPolicy,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE organizations SET max_token_lifetime_days = ?2, policy_expiry_required = ?3, \
             policy_scope_meta = ?4, policy_scope_report = ?5, policy_allowlist_required = ?6 \
             WHERE id = ?1",
        )
        .bind(&[
            int(organization_id),
            optional_int(policy.max_token_lifetime_days),
            super::flag(policy.expiry_required),
            super::flag(policy.scope_meta),
            super::flag(policy.scope_report),
            super::flag(policy.allowlist_required),
        ])?)
}

// Each setting's change is a statement, batched with its audit stream
// event (R30) so that both are written or neither.

pub fn set_basic_auth(
    db: &D1Database,
    organization_id: i64,
    enabled: bool,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare("UPDATE organizations SET basic_auth_enabled = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), super::flag(enabled)])?)
}

pub fn set_log_retention(
    db: &D1Database,
    organization_id: i64,
    days: i64,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare("UPDATE organizations SET log_retention_days = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), int(days)])?)
}

pub fn set_stale_after_days(
    db: &D1Database,
    organization_id: i64,
    days: Option<i64>,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare("UPDATE organizations SET stale_after_days = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), optional_int(days)])?)
}

pub fn set_default_allowed_addresses(
    db: &D1Database,
    organization_id: i64,
    addresses: Option<&str>,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare("UPDATE organizations SET default_allowed_addresses = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), super::optional_text(addresses)])?)
}

/// Each organization and how many days it keeps Token Logs.
#[derive(Debug, Deserialize)]
pub struct Retention {
    pub id: i64,
    pub log_retention_days: i64,
}

pub async fn retentions(db: &D1Database) -> AppResult<Vec<Retention>> {
    Ok(db
        .prepare("SELECT id, log_retention_days FROM organizations ORDER BY id")
        .all()
        .await?
        .results()?)
}
