//! The `token_logs` table: reading it page by page, and the AUTHENTICATE
//! entries the API writes (the others are written with their change, in
//! `store::tokens`).

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{Paged, int, optional_int, optional_text, text};
use crate::error::AppResult;

/// One AUTHENTICATE, attributed to a token when the string matched one.
/// Owned: it is queued and written after its response has gone.
#[derive(Clone, Debug)]
pub struct Authentication {
    pub organization_id: Option<i64>,
    pub token_id: Option<i64>,
    pub token_name: String,
    pub owner_login_id: Option<i64>,
    pub ok: bool,
    pub detail: Option<String>,
    pub now: i64,
    /// When the request came, in milliseconds: the entry is written later.
    pub at_ms: i64,
}

pub fn insert_authentication(
    db: &D1Database,
    entry: &Authentication,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, result, detail, activity_at_ms) \
             VALUES (?1, ?2, ?3, ?4, 'AUTHENTICATE', ?5, ?6, ?7, ?8)",
        )
        .bind(&[
            optional_int(entry.organization_id),
            optional_int(entry.token_id),
            text(&entry.token_name),
            optional_int(entry.owner_login_id),
            int(entry.now),
            text(if entry.ok { "OK" } else { "Fail" }),
            optional_text(entry.detail.as_deref()),
            int(entry.at_ms),
        ])?)
}

#[derive(Debug, Deserialize)]
pub struct LogRecord {
    pub id: i64,
    pub token_id: Option<i64>,
    pub token_name: String,
    pub owner_name: Option<String>,
    pub activity: String,
    pub activity_on: i64,
    pub actor_name: Option<String>,
    pub result: Option<String>,
    pub detail: Option<String>,
}

/// Which entries of one organization to read. `None` filters match everything.
pub struct LogFilter<'a> {
    pub organization_id: i64,
    pub owner_login_id: Option<i64>,
    /// Entries whose token name contains this.
    pub token_name: Option<&'a str>,
    pub activity: Option<&'a str>,
    pub result: Option<&'a str>,
}

const WHERE_FILTER: &str = "WHERE g.organization_id = ?1 AND (?2 IS NULL OR g.owner_login_id = ?2) \
    AND (?3 IS NULL OR instr(g.token_name, ?3) > 0) AND (?4 IS NULL OR g.activity = ?4) \
    AND (?5 IS NULL OR g.result = ?5)";

fn filter_binds(filter: &LogFilter<'_>) -> Vec<wasm_bindgen::JsValue> {
    vec![
        int(filter.organization_id),
        optional_int(filter.owner_login_id),
        optional_text(filter.token_name),
        optional_text(filter.activity),
        optional_text(filter.result),
    ]
}

/// One page of entries, newest first, and how many match in all.
pub async fn page(
    db: &D1Database,
    filter: &LogFilter<'_>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<LogRecord>, i64)> {
    let page = Paged {
        table: "token_logs g",
        select: "SELECT g.id, g.token_id, g.token_name, o.display_name AS owner_name, g.activity, \
             g.activity_on, a.display_name AS actor_name, g.result, g.detail FROM token_logs g \
             LEFT JOIN logins o ON o.id = g.owner_login_id \
             LEFT JOIN logins a ON a.id = g.activity_by_login_id",
        filter: WHERE_FILTER,
        order: "g.activity_at_ms DESC, g.id DESC",
    };
    page.read(db, filter_binds(filter), limit, offset).await
}
