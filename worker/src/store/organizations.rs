//! The `organizations` table.

use serde::Deserialize;
use worker::D1Database;

use super::{int, optional_int};
use crate::error::{AppError, AppResult};

#[derive(Debug, Deserialize)]
pub struct OrganizationRecord {
    pub name: String,
    pub max_token_lifetime_days: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub basic_auth_enabled: bool,
    pub log_retention_days: i64,
    pub stale_after_days: Option<i64>,
    pub webhook_url: Option<String>,
    /// A JSON array of canonical entries; `None`: anywhere.
    pub default_allowed_addresses: Option<String>,
}

pub async fn settings(db: &D1Database, organization_id: i64) -> AppResult<OrganizationRecord> {
    let statement = db
        .prepare(
            "SELECT name, max_token_lifetime_days, basic_auth_enabled, log_retention_days, \
             stale_after_days, webhook_url, default_allowed_addresses FROM organizations WHERE id = ?1",
        )
        .bind(&[int(organization_id)])?;
    statement
        .first(None)
        .await?
        .ok_or_else(|| AppError::Internal("organization missing".into()))
}

pub async fn set_max_token_lifetime(
    db: &D1Database,
    organization_id: i64,
    days: Option<i64>,
) -> AppResult<()> {
    db.prepare("UPDATE organizations SET max_token_lifetime_days = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), optional_int(days)])?
        .run()
        .await?;
    Ok(())
}

pub async fn set_basic_auth(db: &D1Database, organization_id: i64, enabled: bool) -> AppResult<()> {
    db.prepare("UPDATE organizations SET basic_auth_enabled = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), super::flag(enabled)])?
        .run()
        .await?;
    Ok(())
}

pub async fn set_log_retention(db: &D1Database, organization_id: i64, days: i64) -> AppResult<()> {
    db.prepare("UPDATE organizations SET log_retention_days = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), int(days)])?
        .run()
        .await?;
    Ok(())
}

pub async fn set_stale_after_days(
    db: &D1Database,
    organization_id: i64,
    days: Option<i64>,
) -> AppResult<()> {
    db.prepare("UPDATE organizations SET stale_after_days = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), optional_int(days)])?
        .run()
        .await?;
    Ok(())
}

pub async fn set_default_allowed_addresses(
    db: &D1Database,
    organization_id: i64,
    addresses: Option<&str>,
) -> AppResult<()> {
    db.prepare("UPDATE organizations SET default_allowed_addresses = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), super::optional_text(addresses)])?
        .run()
        .await?;
    Ok(())
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
