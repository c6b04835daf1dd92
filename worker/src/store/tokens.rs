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

use super::approvals::Approval;
use super::{Paged, changes, flag, int, is_unique_violation, optional_text, text};
use crate::error::AppResult;
use crate::secret::TokenHash;

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
    /// R28: whether the owner is a person or a service account.
    pub owner_kind: tessera_shared::service_accounts::LoginKind,
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
    /// A JSON array of report patterns (R29); `None`: every report.
    pub report_patterns: Option<String>,
    /// Its organization's token policy (R26), which may block it.
    #[serde(flatten)]
    pub policy: super::organizations::PolicyColumns,
    /// Its approval (R27), if it ever needed one.
    #[serde(flatten)]
    pub approval: super::approvals::TokenApprovalColumns,
}

impl TokenRecord {
    pub fn scope(&self) -> Scope {
        Scope {
            meta_record: self.scope_meta,
            report_record: self.scope_report,
        }
    }
}

pub(super) const SELECT_TOKEN: &str = "SELECT t.id, t.organization_id, t.owner_login_id, t.name, t.scope_meta, \
    t.scope_report, t.expiry_on, t.secret_hint, (t.secret_hash IS NOT NULL) AS has_secret, t.version, \
    t.created_at, c.display_name AS created_by_name, o.display_name AS owner_name, o.email AS owner_email, \
    o.kind AS owner_kind, t.updated_at, t.generated_at, t.last_used_at, t.self_rotation, t.previous_secret_until, \
    t.allowed_addresses, t.recent_addresses, t.report_patterns, g.max_token_lifetime_days, g.policy_expiry_required, \
    g.policy_scope_meta, g.policy_scope_report, g.policy_allowlist_required, \
    g.default_allowed_addresses, t.approval_state, t.approval_requested_by, \
    (SELECT display_name FROM logins WHERE id = t.approval_requested_by) AS approval_requested_by_name, \
    t.approval_reason, (SELECT display_name FROM logins WHERE id = t.approval_decided_by) AS approval_decided_by_name, \
    t.approval_decision_reason FROM tokens t JOIN logins c ON c.id = t.created_by \
    JOIN logins o ON o.id = t.owner_login_id JOIN organizations g ON g.id = t.organization_id";

/// Every live token of the organization, by owner and name: what a token
/// policy is previewed and applied on (R26).
pub async fn live_of_organization(
    db: &D1Database,
    organization_id: i64,
) -> AppResult<Vec<TokenRecord>> {
    let statement = db
        .prepare(format!(
            "{SELECT_TOKEN} WHERE t.organization_id = ?1 AND t.revoked_at IS NULL \
             ORDER BY o.display_name, t.name, t.id"
        ))
        .bind(&[int(organization_id)])?;
    Ok(statement.all().await?.results()?)
}

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
        ChangedBy::Login(actor),
        None,
    )
}

/// Who made a change: a login, or (with no login acting) the words Token
/// Logs show for who did.
#[derive(Debug, Clone, Copy)]
pub enum ChangedBy<'a> {
    Login(i64),
    Named(&'a str),
}

/// Logs `activity` by `actor` on token `token_id`, with `detail`, if the
/// batch's previous statement changed a row.
pub(super) fn log_change(
    db: &D1Database,
    activity: &str,
    token_id: i64,
    now: i64,
    at_ms: i64,
    actor: ChangedBy<'_>,
    detail: Option<&str>,
) -> AppResult<D1PreparedStatement> {
    let (login, named) = match actor {
        ChangedBy::Login(id) => (int(id), wasm_bindgen::JsValue::NULL),
        ChangedBy::Named(words) => (wasm_bindgen::JsValue::NULL, text(words)),
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
    /// A JSON array of report patterns; `None`: every report.
    pub report_patterns: Option<String>,
    /// Whether it waits for approval (R27).
    pub approval: Approval<'a>,
    pub actor: i64,
    pub now: i64,
    /// `now` in milliseconds, for the entry's order in Token Logs.
    pub at_ms: i64,
}

/// Adds a `Not generated` token and its CREATE entry. Returns its id.
pub async fn insert(db: &D1Database, token: NewToken<'_>) -> AppResult<Written<i64>> {
    let [state, requested_by, reason] = token.approval.insert_binds();
    let insert = db
        .prepare(
            "INSERT INTO tokens (organization_id, owner_login_id, name, scope_meta, scope_report, \
             expiry_on, created_at, created_by, updated_at, updated_by, name_key, self_rotation, \
             allowed_addresses, report_patterns, approval_state, approval_requested_by, approval_reason, \
             approval_requested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
             CASE WHEN ?13 IS NULL THEN NULL ELSE ?7 END)",
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
            optional_text(token.report_patterns.as_deref()),
            state,
            requested_by,
            reason,
        ])?;
    let log = db
        .prepare(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, activity_by_login_id, activity_at_ms) \
             SELECT organization_id, id, name, owner_login_id, 'CREATE', ?1, ?2, ?3 FROM tokens \
             WHERE id = last_insert_rowid()",
        )
        .bind(&[int(token.now), int(token.actor), int(token.at_ms)])?;
    let mut batch = vec![insert, log];
    batch.extend(
        token
            .approval
            .request_entry(db, None, token.now, token.at_ms)?,
    );
    match db.batch(batch).await {
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
    /// A JSON array of report patterns; `None`: every report.
    pub report_patterns: Option<String>,
    /// Whether it waits for approval again (R27).
    pub approval: Approval<'a>,
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
    let approval = edit.approval.edit_assignments(13);
    let mut binds = vec![
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
        optional_text(edit.report_patterns.as_deref()),
    ];
    binds.extend(edit.approval.edit_binds());
    let update = db
        .prepare(format!(
            "UPDATE tokens SET name = ?3, name_key = ?9, scope_meta = ?4, scope_report = ?5, expiry_on = ?6, \
             self_rotation = ?10, allowed_addresses = ?11, report_patterns = ?12, {STOP_CURRENT_STRING}, \
             secret_hash = NULL, secret_hint = NULL, generated_at = NULL, generated_by = NULL, \
             version = version + 1, updated_at = ?7, updated_by = ?8{approval} \
             WHERE id = ?1 AND version = ?2 AND revoked_at IS NULL"
        ))
        .bind(&binds)?;
    let log = log_if_changed(
        db,
        "UPDATE",
        edit.token_id,
        edit.now,
        edit.at_ms,
        edit.actor,
    )?;
    let mut batch = vec![update, log];
    batch.extend(
        edit.approval
            .request_entry(db, Some(edit.token_id), edit.now, edit.at_ms)?,
    );
    match db.batch(batch).await {
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
    secret_hash: &TokenHash,
    hint: &str,
    actor: i64,
    now: i64,
    at_ms: i64,
) -> AppResult<bool> {
    let update = db
        .prepare(format!(
            "UPDATE tokens SET {STOP_CURRENT_STRING}, secret_hash = ?2, secret_hint = ?3, \
             generated_at = ?4, generated_by = ?5, version = version + 1 \
             WHERE id = ?1 AND revoked_at IS NULL \
             AND (approval_state IS NULL OR approval_state = 'approved')"
        ))
        .bind(&[
            int(token_id),
            text(secret_hash.as_str()),
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
pub(super) fn remember_string(
    db: &D1Database,
    token_id: i64,
    secret_hash: &TokenHash,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT OR IGNORE INTO token_string_history (secret_hash, token_id, issued_at) \
             SELECT secret_hash, id, generated_at FROM tokens WHERE id = ?1 AND secret_hash = ?2",
        )
        .bind(&[int(token_id), text(secret_hash.as_str())])?)
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

/// Revokes each of `token_ids` still live, each with its REVOKE entry by
/// `actor` with `detail`, in one transaction. Returns the ids revoked here.
pub async fn revoke_each(
    db: &D1Database,
    token_ids: &[i64],
    actor: ChangedBy<'_>,
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
