//! The `tokens` table. Every change is one D1 batch (one transaction) that
//! also writes its Token Logs entry, guarded so that the entry is written
//! only when the change was: `... WHERE changes() = 1`.
//!
//! And `token_string_history`: every string a token has had, by hash, so
//! that a leak report of any of them finds the token. The two writes that
//! give a token a string, `set_secret` (Generate Token) and `rotate` (Rotate
//! Token, a token rotating itself), add its row in their own transaction
//! (`remember_string`); edits and revocations end strings but give none.
//! Bounded by the strings people and tokens make (a token's rotations of
//! itself are limited per day, `strings_issued_since`); the rows of
//! long-revoked tokens are deleted by `forget_strings_of_revoked`.

use serde::Deserialize;
use tessera_shared::{Scope, TokenName};
use worker::{D1Database, D1PreparedStatement};

use super::{Paged, changes, flag, int, is_unique_violation, optional_text, text};
use crate::error::AppResult;

/// A token row as the Access Tokens page needs it.
#[derive(Debug, Deserialize)]
pub struct TokenRecord {
    pub id: i64,
    pub organization_id: i64,
    pub owner_login_id: i64,
    pub name: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_meta: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_report: bool,
    pub expiry_on: Option<String>,
    pub secret_hint: Option<String>,
    #[serde(deserialize_with = "super::from_flag")]
    pub has_secret: bool,
    pub version: i64,
    pub created_at: i64,
    pub created_by_name: String,
    pub owner_name: String,
    pub owner_email: String,
    pub updated_at: i64,
    pub generated_at: Option<i64>,
    pub last_used_at: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub self_rotation: bool,
    /// The previous string works until then (unix seconds), if a rotation's overlap runs.
    pub previous_secret_until: Option<i64>,
    /// A JSON array of canonical addresses and ranges; `None`: anywhere.
    pub allowed_addresses: Option<String>,
    /// The last client addresses (`services::notify::recent_addresses`).
    pub recent_addresses: Option<String>,
}

impl TokenRecord {
    pub fn scope(&self) -> Scope {
        Scope {
            meta_record: self.scope_meta,
            report_record: self.scope_report,
        }
    }
}

const SELECT_TOKEN: &str = "SELECT t.id, t.organization_id, t.owner_login_id, t.name, t.scope_meta, \
    t.scope_report, t.expiry_on, t.secret_hint, (t.secret_hash IS NOT NULL) AS has_secret, t.version, \
    t.created_at, c.display_name AS created_by_name, o.display_name AS owner_name, o.email AS owner_email, \
    t.updated_at, t.generated_at, t.last_used_at, t.self_rotation, t.previous_secret_until, \
    t.allowed_addresses, t.recent_addresses FROM tokens t JOIN logins c ON c.id = t.created_by \
    JOIN logins o ON o.id = t.owner_login_id";

/// The owner's live tokens whose name contains `search` (ASCII letters
/// compared case-insensitively; `None` for all), by name then id.
const LIVE_OF_OWNER: &str = "WHERE t.owner_login_id = ?1 AND t.revoked_at IS NULL \
    AND (?2 IS NULL OR instr(lower(t.name), lower(?2)) > 0)";

/// One page of the owner's live tokens and how many there are, in one batch.
/// Both walk `tokens_live_by_owner_and_name`, which holds them in this order:
/// no sort, however many tokens the owner has.
pub async fn live_page(
    db: &D1Database,
    owner_login_id: i64,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<TokenRecord>, i64)> {
    let page = Paged {
        table: "tokens t",
        select: SELECT_TOKEN,
        filter: LIVE_OF_OWNER,
        order: "t.name COLLATE NOCASE, t.id",
    };
    let binds = vec![int(owner_login_id), optional_text(search)];
    page.read(db, binds, limit, offset).await
}

pub async fn find_live(db: &D1Database, token_id: i64) -> AppResult<Option<TokenRecord>> {
    let statement = db
        .prepare(format!(
            "{SELECT_TOKEN} WHERE t.id = ?1 AND t.revoked_at IS NULL"
        ))
        .bind(&[int(token_id)])?;
    Ok(statement.first(None).await?)
}

/// Whether the owner has another live token called `name`, whatever its
/// case (`tokens_live_name` indexes `name_key`).
pub async fn name_taken(
    db: &D1Database,
    owner_login_id: i64,
    name: &TokenName,
    except: Option<i64>,
) -> AppResult<bool> {
    let statement = db
        .prepare(
            "SELECT COUNT(*) AS n FROM tokens WHERE owner_login_id = ?1 AND name_key = ?2 \
             AND revoked_at IS NULL AND id IS NOT ?3",
        )
        .bind(&[
            int(owner_login_id),
            text(&name.key()),
            except.map_or(wasm_bindgen::JsValue::NULL, int),
        ])?;
    Ok(statement.first::<i64>(Some("n")).await?.unwrap_or(0) > 0)
}

/// The outcome of a write that a unique name or a version guard can refuse.
pub enum Written<T> {
    Done(T),
    NameTaken,
    /// The guard matched no row: revoked, or changed by someone else.
    NotApplied,
}

/// Logs activity `activity` by `actor` on token `?1` if the batch's previous
/// statement changed a row.
fn log_if_changed(
    db: &D1Database,
    activity: &str,
    token_id: i64,
    now: i64,
    at_ms: i64,
    actor: i64,
) -> AppResult<D1PreparedStatement> {
    log_change(
        db,
        activity,
        token_id,
        now,
        at_ms,
        Actor::Login(actor),
        None,
    )
}

/// Who made a change: a login, or (with no login acting) the words Token
/// Logs show for who did.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Login(i64),
    Named(&'a str),
}

/// Logs `activity` by `actor` on token `token_id`, with `detail`, if the
/// batch's previous statement changed a row.
fn log_change(
    db: &D1Database,
    activity: &str,
    token_id: i64,
    now: i64,
    at_ms: i64,
    actor: Actor<'_>,
    detail: Option<&str>,
) -> AppResult<D1PreparedStatement> {
    let (login, named) = match actor {
        Actor::Login(id) => (int(id), wasm_bindgen::JsValue::NULL),
        Actor::Named(words) => (wasm_bindgen::JsValue::NULL, text(words)),
    };
    Ok(db
        .prepare(format!(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, activity_by_login_id, activity_at_ms, activity_by, detail) \
             SELECT organization_id, id, name, owner_login_id, '{activity}', ?2, ?3, ?4, ?5, ?6 FROM tokens \
             WHERE id = ?1 AND changes() = 1"
        ))
        .bind(&[
            int(token_id),
            int(now),
            login,
            int(at_ms),
            named,
            optional_text(detail),
        ])?)
}

pub struct NewToken<'a> {
    pub organization_id: i64,
    pub owner_login_id: i64,
    pub name: &'a TokenName,
    pub scope: Scope,
    pub expiry_on: Option<String>,
    pub self_rotation: bool,
    /// A JSON array of canonical entries; `None`: anywhere.
    pub allowed_addresses: Option<String>,
    pub actor: i64,
    pub now: i64,
    /// `now` in milliseconds, for the entry's order in Token Logs.
    pub at_ms: i64,
}

/// Adds a `Not generated` token and its CREATE entry. Returns its id.
pub async fn insert(db: &D1Database, token: NewToken<'_>) -> AppResult<Written<i64>> {
    let insert = db
        .prepare(
            "INSERT INTO tokens (organization_id, owner_login_id, name, scope_meta, scope_report, \
             expiry_on, created_at, created_by, updated_at, updated_by, name_key, self_rotation, \
             allowed_addresses) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8, ?9, ?10, ?11)",
        )
        .bind(&[
            int(token.organization_id),
            int(token.owner_login_id),
            text(token.name.as_str()),
            flag(token.scope.meta_record),
            flag(token.scope.report_record),
            optional_text(token.expiry_on.as_deref()),
            int(token.now),
            int(token.actor),
            text(&token.name.key()),
            flag(token.self_rotation),
            optional_text(token.allowed_addresses.as_deref()),
        ])?;
    let log = db
        .prepare(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, activity_by_login_id, activity_at_ms) \
             SELECT organization_id, id, name, owner_login_id, 'CREATE', ?1, ?2, ?3 FROM tokens \
             WHERE id = last_insert_rowid()",
        )
        .bind(&[int(token.now), int(token.actor), int(token.at_ms)])?;
    match db.batch(vec![insert, log]).await {
        Ok(results) => {
            let id = results
                .first()
                .and_then(|r| r.meta().ok().flatten())
                .and_then(|m| m.last_row_id);
            Ok(id.map_or(Written::NotApplied, Written::Done))
        }
        Err(error) if is_unique_violation(&error) => Ok(Written::NameTaken),
        Err(error) => Err(error.into()),
    }
}

pub struct TokenEdit<'a> {
    pub token_id: i64,
    pub expected_version: i64,
    pub name: &'a TokenName,
    pub scope: Scope,
    pub expiry_on: Option<String>,
    pub self_rotation: bool,
    /// A JSON array of canonical entries; `None`: anywhere.
    pub allowed_addresses: Option<String>,
    pub actor: i64,
    pub now: i64,
    /// `now` in milliseconds, for the entry's order in Token Logs.
    pub at_ms: i64,
}

/// What every change that stops the current string sets: the string is
/// kept by hash as the previous one, working no longer (any rotation's
/// overlap ends with it), so its later use is told apart from a string that
/// never existed. SQLite reads the row's old values on the right-hand side.
const STOP_CURRENT_STRING: &str = "previous_secret_hash = COALESCE(secret_hash, previous_secret_hash), \
    previous_secret_until = NULL, overlap_open = 0";

/// R6: saves the fields and, in the same transaction, drops the current
/// token string, so the row is `Not generated` until generated again.
pub async fn update(db: &D1Database, edit: TokenEdit<'_>) -> AppResult<Written<()>> {
    let update = db
        .prepare(format!(
            "UPDATE tokens SET name = ?3, name_key = ?9, scope_meta = ?4, scope_report = ?5, expiry_on = ?6, \
             self_rotation = ?10, allowed_addresses = ?11, {STOP_CURRENT_STRING}, \
             secret_hash = NULL, secret_hint = NULL, generated_at = NULL, generated_by = NULL, \
             version = version + 1, updated_at = ?7, updated_by = ?8 \
             WHERE id = ?1 AND version = ?2 AND revoked_at IS NULL"
        ))
        .bind(&[
            int(edit.token_id),
            int(edit.expected_version),
            text(edit.name.as_str()),
            flag(edit.scope.meta_record),
            flag(edit.scope.report_record),
            optional_text(edit.expiry_on.as_deref()),
            int(edit.now),
            int(edit.actor),
            text(&edit.name.key()),
            flag(edit.self_rotation),
            optional_text(edit.allowed_addresses.as_deref()),
        ])?;
    let log = log_if_changed(
        db,
        "UPDATE",
        edit.token_id,
        edit.now,
        edit.at_ms,
        edit.actor,
    )?;
    match db.batch(vec![update, log]).await {
        Ok(results) if changes(&results)? == 1 => Ok(Written::Done(())),
        Ok(_) => Ok(Written::NotApplied),
        Err(error) if is_unique_violation(&error) => Ok(Written::NameTaken),
        Err(error) => Err(error.into()),
    }
}

/// R3: replaces the token's string (by its hash) at once.
pub async fn set_secret(
    db: &D1Database,
    token_id: i64,
    secret_hash: &str,
    hint: &str,
    actor: i64,
    now: i64,
    at_ms: i64,
) -> AppResult<bool> {
    let update = db
        .prepare(format!(
            "UPDATE tokens SET {STOP_CURRENT_STRING}, secret_hash = ?2, secret_hint = ?3, \
             generated_at = ?4, generated_by = ?5, version = version + 1 \
             WHERE id = ?1 AND revoked_at IS NULL"
        ))
        .bind(&[
            int(token_id),
            text(secret_hash),
            text(hint),
            int(now),
            int(actor),
        ])?;
    let log = log_if_changed(db, "GENERATE", token_id, now, at_ms, actor)?;
    let remember = remember_string(db, token_id, secret_hash)?;
    Ok(changes(&db.batch(vec![update, log, remember]).await?)? == 1)
}

/// Adds the token's string `secret_hash` to its history if the token has
/// it now: after the write that gave it, in the same batch, so the row
/// exists exactly when the string does.
fn remember_string(
    db: &D1Database,
    token_id: i64,
    secret_hash: &str,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT OR IGNORE INTO token_string_history (secret_hash, token_id, issued_at) \
             SELECT secret_hash, id, generated_at FROM tokens WHERE id = ?1 AND secret_hash = ?2",
        )
        .bind(&[int(token_id), text(secret_hash)])?)
}

/// A rotation: the new string's hash, and how long the current one keeps working.
pub struct Rotation<'a> {
    pub token_id: i64,
    pub secret_hash: &'a str,
    pub hint: &'a str,
    /// The current string works until then (unix seconds), or until the new one is used.
    pub previous_until: i64,
    /// Rotate only if this is the current string's hash (a token rotating
    /// itself); `None`: whatever the current string is, if there is one.
    pub expected_current: Option<&'a str>,
    pub actor: Actor<'a>,
    pub detail: &'a str,
    pub now: i64,
    pub at_ms: i64,
}

/// Rotate Token: the current string becomes the previous one, working
/// until `previous_until`; the new one works at once. One transaction with
/// its ROTATE entry. A token without a current string is not rotated.
pub async fn rotate(db: &D1Database, rotation: Rotation<'_>) -> AppResult<bool> {
    let generated_by = match rotation.actor {
        Actor::Login(id) => int(id),
        Actor::Named(_) => wasm_bindgen::JsValue::NULL,
    };
    let update = db
        .prepare(
            "UPDATE tokens SET previous_secret_hash = secret_hash, previous_secret_until = ?4, \
             overlap_open = 1, secret_hash = ?2, secret_hint = ?3, generated_at = ?5, \
             generated_by = COALESCE(?6, generated_by), version = version + 1 \
             WHERE id = ?1 AND revoked_at IS NULL AND secret_hash IS NOT NULL \
             AND (?7 IS NULL OR secret_hash = ?7)",
        )
        .bind(&[
            int(rotation.token_id),
            text(rotation.secret_hash),
            text(rotation.hint),
            int(rotation.previous_until),
            int(rotation.now),
            generated_by,
            optional_text(rotation.expected_current),
        ])?;
    let log = log_change(
        db,
        "ROTATE",
        rotation.token_id,
        rotation.now,
        rotation.at_ms,
        rotation.actor,
        Some(rotation.detail),
    )?;
    let remember = remember_string(db, rotation.token_id, rotation.secret_hash)?;
    Ok(changes(&db.batch(vec![update, log, remember]).await?)? == 1)
}

/// What ends a rotation's overlap before its grace period: the new string's
/// first use, the request holding `secret_hash` at `now`. With its ROTATE
/// entry, in the batch that records the request's AUTHENTICATE entry; only
/// the first such use changes anything.
pub(super) fn end_overlap_on_first_use(
    db: &D1Database,
    token_id: i64,
    secret_hash: &str,
    now: i64,
    at_ms: i64,
) -> AppResult<[D1PreparedStatement; 2]> {
    let end = db
        .prepare(
            "UPDATE tokens SET overlap_open = 0, previous_secret_until = ?3 \
             WHERE id = ?1 AND overlap_open = 1 AND secret_hash = ?2 AND previous_secret_until > ?3",
        )
        .bind(&[int(token_id), text(secret_hash), int(now)])?;
    let log = log_change(
        db,
        "ROTATE",
        token_id,
        now,
        at_ms,
        Actor::Named(OVERLAP_ENDED_BY),
        Some("The previous token string stopped working: the new one was used."),
    )?;
    Ok([end, log])
}

/// Who ends an overlap in Token Logs: the rule itself, no login.
const OVERLAP_ENDED_BY: &str = "Tessera";

/// Ends every overlap whose grace period is over by `now`, each with its
/// ROTATE entry dated when it ended, in one transaction: run by the
/// frequent Cron Trigger, any number of times, at once or not, each overlap
/// is ended and logged once. Returns how many.
pub async fn end_overlaps_past_their_grace(db: &D1Database, now: i64) -> AppResult<usize> {
    let log = db
        .prepare(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, activity_at_ms, activity_by, detail) \
             SELECT organization_id, id, name, owner_login_id, 'ROTATE', previous_secret_until, \
             previous_secret_until * 1000, ?2, \
             'The previous token string stopped working: its grace period ended.' \
             FROM tokens WHERE overlap_open = 1 AND previous_secret_until <= ?1",
        )
        .bind(&[int(now), text(OVERLAP_ENDED_BY)])?;
    let end = db
        .prepare("UPDATE tokens SET overlap_open = 0 WHERE overlap_open = 1 AND previous_secret_until <= ?1")
        .bind(&[int(now)])?;
    let results = db.batch(vec![log, end]).await?;
    changes(&results)
}

/// R7: revokes for good. The hash stays so that a later use of the revoked
/// string is still attributed to the token in Token Logs.
pub async fn revoke(
    db: &D1Database,
    token_id: i64,
    actor: i64,
    now: i64,
    at_ms: i64,
) -> AppResult<bool> {
    let update = db
        .prepare(
            "UPDATE tokens SET revoked_at = ?2, overlap_open = 0, version = version + 1 \
             WHERE id = ?1 AND revoked_at IS NULL",
        )
        .bind(&[int(token_id), int(now)])?;
    let log = log_if_changed(db, "REVOKE", token_id, now, at_ms, actor)?;
    Ok(changes(&db.batch(vec![update, log]).await?)? == 1)
}

/// What the API's token check needs, in the one indexed read it makes (R5).
#[derive(Debug, Deserialize)]
pub struct Credential {
    pub token_id: i64,
    pub organization_id: i64,
    pub owner_login_id: i64,
    pub name: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_meta: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_report: bool,
    pub expiry_on: Option<String>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    /// The current string's hash; `None` once an edit stopped it (R6).
    pub secret_hash: Option<String>,
    /// The string the current one replaced, and until when it works.
    pub previous_secret_hash: Option<String>,
    pub previous_secret_until: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub self_rotation: bool,
    pub owner_activated_at: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub owner_disabled: bool,
    pub owner_name: String,
    pub owner_email: String,
    pub created_at: i64,
    pub generated_at: Option<i64>,
    /// A JSON array of canonical addresses and ranges; `None`: anywhere.
    pub allowed_addresses: Option<String>,
    /// The last distinct client addresses: `[[address, seconds], ...]`.
    pub recent_addresses: Option<String>,
}

/// Sets the token's `last_used_at` to `now` alone: one indexed point
/// write, committed before it returns. The bench's durable floor
/// (`/api/bench/read-write`); the token check writes it in its group.
pub async fn set_last_used(db: &D1Database, token_id: i64, now: i64) -> AppResult<()> {
    db.prepare("UPDATE tokens SET last_used_at = ?1 WHERE id = ?2")
        .bind(&[int(now), int(token_id)])?
        .run()
        .await?;
    Ok(())
}

pub async fn find_by_secret_hash(
    db: &D1Database,
    secret_hash: &str,
) -> AppResult<Option<Credential>> {
    Ok(credential_by_secret_hash(db, secret_hash)?
        .first(None)
        .await?)
}

/// The token check's read as a statement, run in one batch with the
/// records the endpoint serves (`records::read`): one round trip to D1.
pub(super) fn credential_by_secret_hash(
    db: &D1Database,
    secret_hash: &str,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "SELECT t.id AS token_id, t.organization_id, t.owner_login_id, t.name, t.scope_meta, \
             t.scope_report, t.expiry_on, t.revoked_at, t.last_used_at, t.secret_hash, \
             t.previous_secret_hash, t.previous_secret_until, t.self_rotation, \
             l.activated_at AS owner_activated_at, l.disabled AS owner_disabled, \
             l.display_name AS owner_name, l.email AS owner_email, t.created_at, t.generated_at, \
             t.allowed_addresses, t.recent_addresses FROM tokens t JOIN logins l ON l.id = t.owner_login_id \
             WHERE t.secret_hash = ?1 OR t.previous_secret_hash = ?1",
        )
        .bind(&[text(secret_hash)])?)
}

/// Records that the token was used at `now`, unless it was recorded less
/// than `staleness` seconds ago: bounded staleness instead of a write per request.
pub(super) fn touch_last_used(
    db: &D1Database,
    token_id: i64,
    now: i64,
    staleness: i64,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE tokens SET last_used_at = ?2 WHERE id = ?1 \
             AND (last_used_at IS NULL OR last_used_at <= ?3)",
        )
        .bind(&[int(token_id), int(now), int(now - staleness)])?)
}

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
    /// The organization's stale-token period, if it has one.
    pub stale_after_days: Option<i64>,
}

/// The facts of each of `token_ids`, revoked or not.
pub async fn facts(db: &D1Database, token_ids: &[i64]) -> AppResult<Vec<TokenFacts>> {
    let ids = serde_json::to_string(token_ids).unwrap_or_else(|_| "[]".into());
    let statement = db
        .prepare(
            "SELECT t.id AS token_id, t.name, t.expiry_on, t.organization_id, o.name AS organization_name, \
             t.owner_login_id, l.display_name AS owner_name, l.email AS owner_email, \
             l.disabled AS owner_disabled, o.stale_after_days \
             FROM tokens t JOIN organizations o ON o.id = t.organization_id \
             JOIN logins l ON l.id = t.owner_login_id \
             WHERE t.id IN (SELECT value FROM json_each(?1)) ORDER BY t.id",
        )
        .bind(&[text(&ids)])?;
    Ok(statement.all().await?.results()?)
}

/// A token a reported string belongs to: any string it has had.
#[derive(Debug, Deserialize)]
pub struct Reported {
    /// The reported string's hash.
    pub secret_hash: String,
    pub token_id: i64,
    pub revoked_at: Option<i64>,
}

/// The tokens any of `hashes` belongs to, live or not, one row per string
/// found: by every string a token has had, and by the two its row keeps
/// (for a token revoked so long ago that its history is forgotten). Each
/// of the three is an indexed lookup per hash.
pub async fn reported(db: &D1Database, hashes: &[String]) -> AppResult<Vec<Reported>> {
    let hashes = serde_json::to_string(hashes).unwrap_or_else(|_| "[]".into());
    let statement = db
        .prepare(
            "SELECT found.secret_hash, t.id AS token_id, t.revoked_at FROM ( \
             SELECT secret_hash, token_id FROM token_string_history \
             WHERE secret_hash IN (SELECT value FROM json_each(?1)) \
             UNION SELECT secret_hash, id FROM tokens WHERE secret_hash IN (SELECT value FROM json_each(?1)) \
             UNION SELECT previous_secret_hash, id FROM tokens \
             WHERE previous_secret_hash IN (SELECT value FROM json_each(?1)) \
             ) found JOIN tokens t ON t.id = found.token_id",
        )
        .bind(&[text(&hashes)])?;
    Ok(statement.all().await?.results()?)
}

/// How many strings token `token_id` was given after `since` (unix
/// seconds), and when the first of them was: what limits a token rotating
/// itself.
pub async fn strings_issued_since(
    db: &D1Database,
    token_id: i64,
    since: i64,
) -> AppResult<(i64, Option<i64>)> {
    #[derive(Deserialize)]
    struct Issued {
        n: i64,
        first: Option<i64>,
    }
    let statement = db
        .prepare(
            "SELECT COUNT(*) AS n, MIN(issued_at) AS first FROM token_string_history \
             WHERE token_id = ?1 AND issued_at > ?2",
        )
        .bind(&[int(token_id), int(since)])?;
    let issued: Option<Issued> = statement.first(None).await?;
    Ok(issued.map_or((0, None), |issued| (issued.n, issued.first)))
}

/// Deletes at most `limit` history rows of tokens revoked longer ago than
/// their organization keeps Token Logs, at `now` (unix seconds): such a
/// token can be revoked no more, and its row still keeps its last two
/// strings' hashes. Returns how many went.
pub async fn forget_strings_of_revoked(db: &D1Database, now: i64, limit: i64) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM token_string_history WHERE secret_hash IN ( \
         SELECT h.secret_hash FROM tokens t JOIN organizations o ON o.id = t.organization_id \
         JOIN token_string_history h ON h.token_id = t.id \
         WHERE t.revoked_at < ?1 - o.log_retention_days * 86400 LIMIT ?2)",
        &[int(now), int(limit)],
    )
    .await
}

/// Revokes each of `token_ids` still live, each with its REVOKE entry by
/// `actor` with `detail`, in one transaction. Returns the ids revoked here.
pub async fn revoke_each(
    db: &D1Database,
    token_ids: &[i64],
    actor: Actor<'_>,
    detail: &str,
    now: i64,
    at_ms: i64,
) -> AppResult<Vec<i64>> {
    if token_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut statements = Vec::with_capacity(2 * token_ids.len());
    for token_id in token_ids {
        statements.push(
            db.prepare(
                "UPDATE tokens SET revoked_at = ?2, overlap_open = 0, version = version + 1 \
                 WHERE id = ?1 AND revoked_at IS NULL",
            )
            .bind(&[int(*token_id), int(now)])?,
        );
        statements.push(log_change(
            db,
            "REVOKE",
            *token_id,
            now,
            at_ms,
            actor,
            Some(detail),
        )?);
    }
    let results = db.batch(statements).await?;
    Ok(token_ids
        .iter()
        .zip(results.chunks(2))
        .filter(|(_, pair)| changes(&pair[1..]).unwrap_or(0) == 1)
        .map(|(id, _)| *id)
        .collect())
}

/// Stores the token's recent addresses if they are still `before` (what
/// the token check read): two uses at once never lose each other's
/// address silently, the second simply does not apply. Whether it applied.
pub async fn set_recent_addresses(
    db: &D1Database,
    token_id: i64,
    before: Option<&str>,
    after: &str,
) -> AppResult<bool> {
    let statement = db
        .prepare(
            "UPDATE tokens SET recent_addresses = ?3 WHERE id = ?1 \
             AND recent_addresses IS ?2",
        )
        .bind(&[int(token_id), optional_text(before), text(after)])?;
    Ok(changes(&[statement.run().await?])? == 1)
}
