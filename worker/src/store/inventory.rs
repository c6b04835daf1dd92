//! The organization's Token Inventory (R13): its live tokens by filter, a
//! page at a time or walked in id order for the CSV export, and bulk
//! revocation, all of them or none.

use worker::D1Database;

use super::tokens::{SELECT_TOKEN, TokenRecord};
use super::{Paged, int, optional_text, text};
use crate::error::AppResult;

/// Which live tokens of an organization the inventory lists (R13). Dates are
/// `YYYY-MM-DD`, compared as text.
pub struct InventoryQuery<'a> {
    pub organization_id: i64,
    /// `expired`, `expiring` or `never_used`; `None` for all.
    pub filter: Option<&'a str>,
    pub today: &'a str,
    /// The last Expiry On that counts as expiring.
    pub expiring_until: &'a str,
}

const INVENTORY_WHERE: &str = "WHERE t.organization_id = ?1 AND t.revoked_at IS NULL AND (?2 IS NULL \
    OR (?2 = 'expired' AND t.expiry_on < ?3) \
    OR (?2 = 'expiring' AND t.expiry_on >= ?3 AND t.expiry_on <= ?4) \
    OR (?2 = 'never_used' AND t.last_used_at IS NULL))";

fn inventory_binds(query: &InventoryQuery<'_>) -> Vec<wasm_bindgen::JsValue> {
    vec![
        int(query.organization_id),
        optional_text(query.filter),
        text(query.today),
        text(query.expiring_until),
    ]
}

/// One page of the inventory in token id order, and how many match.
pub async fn inventory_page(
    db: &D1Database,
    query: &InventoryQuery<'_>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<TokenRecord>, i64)> {
    let page = Paged {
        table: "tokens t",
        select: SELECT_TOKEN,
        filter: INVENTORY_WHERE,
        order: "t.id",
    };
    page.read(db, inventory_binds(query), limit, offset).await
}

/// Up to `limit` tokens the inventory's filter matches after token
/// `after_id`, in id order: the CSV export reads the list this way, a page
/// at a time, walking the primary key, so any size is read in bounded steps.
pub async fn inventory_after(
    db: &D1Database,
    query: &InventoryQuery<'_>,
    after_id: i64,
    limit: i64,
) -> AppResult<Vec<TokenRecord>> {
    let mut binds = inventory_binds(query);
    binds.extend([int(after_id), int(limit)]);
    let statement = db
        .prepare(format!(
            "{SELECT_TOKEN} {INVENTORY_WHERE} AND t.id > ?5 ORDER BY t.id LIMIT ?6"
        ))
        .bind(&binds)?;
    Ok(statement.all().await?.results()?)
}

/// Revokes all of `token_ids` (live tokens of the organization) with their
/// REVOKE entries in one transaction, or none of them: the
/// `bulk_revocations` CHECK refuses a count that differs and rolls it all back.
pub async fn revoke_all(
    db: &D1Database,
    organization_id: i64,
    token_ids: &[i64],
    actor: i64,
    now: i64,
    at_ms: i64,
) -> AppResult<bool> {
    let ids = serde_json::to_string(token_ids).unwrap_or_else(|_| "[]".into());
    let revoke = db
        .prepare(
            "UPDATE tokens SET revoked_at = ?3, overlap_open = 0, version = version + 1 \
             WHERE id IN (SELECT value FROM json_each(?1)) AND organization_id = ?2 AND revoked_at IS NULL",
        )
        .bind(&[text(&ids), int(organization_id), int(now)])?;
    let check = db
        .prepare(
            "INSERT INTO bulk_revocations (organization_id, revoked_by, revoked_at, requested, revoked) \
             VALUES (?1, ?2, ?3, ?4, changes())",
        )
        .bind(&[int(organization_id), int(actor), int(now), int(token_ids.len() as i64)])?;
    let log = db
        .prepare(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, activity_by_login_id, activity_at_ms) \
             SELECT organization_id, id, name, owner_login_id, 'REVOKE', ?3, ?4, ?5 FROM tokens \
             WHERE id IN (SELECT value FROM json_each(?1)) AND organization_id = ?2 AND revoked_at = ?3",
        )
        .bind(&[text(&ids), int(organization_id), int(now), int(actor), int(at_ms)])?;
    match db.batch(vec![revoke, check, log]).await {
        Ok(_) => Ok(true),
        Err(error) if error.to_string().contains("CHECK constraint failed") => Ok(false),
        Err(error) => Err(error.into()),
    }
}
