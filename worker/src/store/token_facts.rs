//! What a warning about a token needs to know: the token, its owner and
//! organization, and, for a service account, its contacts (R28).

use serde::Deserialize;
use worker::D1Database;

use super::text;
use crate::error::AppResult;

/// What a warning about a token says, and to whom.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenFacts {
    pub token_id: i64,
    pub name: String,
    pub expiry_on: Option<String>,
    pub organization_id: i64,
    pub organization_name: String,
    pub owner_login_id: i64,
    pub owner_name: String,
    pub owner_email: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub owner_disabled: bool,
    /// R28: a service account's warnings go to its contacts instead.
    pub owner_kind: tessera_shared::service_accounts::LoginKind,
    /// A service account's contacts, a JSON array (`service_accounts::CONTACTS_OF_L`).
    pub owner_contacts: String,
    /// The organization's stale-token period, if it has one.
    pub stale_after_days: Option<i64>,
}

/// The facts of each of `token_ids`, revoked or not.
pub async fn facts(db: &D1Database, token_ids: &[i64]) -> AppResult<Vec<TokenFacts>> {
    let ids = serde_json::to_string(token_ids).unwrap_or_else(|_| "[]".into());
    let contacts = super::service_accounts::CONTACTS_OF_L;
    let statement = db
        .prepare(format!(
            "SELECT t.id AS token_id, t.name, t.expiry_on, t.organization_id, o.name AS organization_name, \
             t.owner_login_id, l.display_name AS owner_name, l.email AS owner_email, \
             l.disabled AS owner_disabled, l.kind AS owner_kind, {contacts} AS owner_contacts, \
             o.stale_after_days \
             FROM tokens t JOIN organizations o ON o.id = t.organization_id \
             JOIN logins l ON l.id = t.owner_login_id \
             WHERE t.id IN (SELECT value FROM json_each(?1)) ORDER BY t.id"
        ))
        .bind(&[text(&ids)])?;
    Ok(statement.all().await?.results()?)
}
