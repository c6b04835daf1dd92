//! The `logins` table, read together with the login's organization.

use serde::Deserialize;
use worker::D1Database;

use super::{int, text};
use crate::error::AppResult;

/// A login row as the services need it. Flags are 0/1 in SQL.
#[derive(Debug, Deserialize)]
pub struct LoginRecord {
    pub id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    /// The organization's maximum token lifetime in days, if it sets one.
    pub max_token_lifetime_days: Option<i64>,
    pub display_name: String,
    pub email: String,
    pub password_hash: String,
    pub system_admin: i64,
    pub token_admin_role: i64,
    pub personal_token_role: i64,
    pub activated_at: Option<i64>,
    pub disabled: i64,
}

impl LoginRecord {
    pub fn actor(&self) -> tessera_shared::access::Actor {
        tessera_shared::access::Actor {
            login_id: self.id,
            organization_id: self.organization_id,
            system_admin: self.system_admin != 0,
            token_admin_role: self.token_admin_role != 0,
            personal_token_role: self.personal_token_role != 0,
        }
    }
}

const SELECT_LOGIN: &str = "SELECT l.id, l.organization_id, o.name AS organization_name, o.max_token_lifetime_days, \
    l.display_name, l.email, l.password_hash, l.system_admin, l.token_admin_role, \
    l.personal_token_role, l.activated_at, l.disabled \
    FROM logins l JOIN organizations o ON o.id = l.organization_id";

pub async fn find_by_email(db: &D1Database, email: &str) -> AppResult<Option<LoginRecord>> {
    let statement = db.prepare(format!("{SELECT_LOGIN} WHERE l.email = ?1")).bind(&[text(email)])?;
    Ok(statement.first(None).await?)
}

pub async fn find_by_id(db: &D1Database, id: i64) -> AppResult<Option<LoginRecord>> {
    let statement = db.prepare(format!("{SELECT_LOGIN} WHERE l.id = ?1")).bind(&[int(id)])?;
    Ok(statement.first(None).await?)
}

/// R10: the first successful sign-in activates the login; later ones change nothing.
pub async fn activate(db: &D1Database, id: i64, now: i64) -> AppResult<()> {
    db.prepare("UPDATE logins SET activated_at = ?1 WHERE id = ?2 AND activated_at IS NULL")
        .bind(&[int(now), int(id)])?
        .run()
        .await?;
    Ok(())
}
