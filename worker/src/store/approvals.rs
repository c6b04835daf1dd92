//! Approval (R27): the organization's rule, the columns a token's request
//! and decision fill, the queue, and the daily digest's claim.

use serde::Deserialize;
use tessera_shared::approval::{ApprovalRule, ApprovalState};
use tessera_shared::{Scope, ScopeName};
use worker::{D1Database, D1PreparedStatement};

use super::{changes, flag, int, optional_int, optional_text, text};
use crate::error::AppResult;

/// The organization's approval rule as its columns hold it; `o.` is the
/// organization's alias.
#[derive(Debug, Clone, Deserialize)]
pub struct ApprovalColumns {
    pub approval_beyond_days: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub approval_scope_meta: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub approval_scope_report: bool,
}

impl ApprovalColumns {
    pub const SELECT: &'static str =
        "o.approval_beyond_days, o.approval_scope_meta, o.approval_scope_report";

    pub fn rule(&self) -> ApprovalRule {
        let held = Scope {
            meta_record: self.approval_scope_meta,
            report_record: self.approval_scope_report,
        };
        ApprovalRule {
            beyond_days: self.approval_beyond_days,
            scopes: held.names(),
        }
    }
}

/// Sets the organization's approval rule (R27).
pub fn set_rule(
    db: &D1Database,
    organization_id: i64,
    rule: &ApprovalRule,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE organizations SET approval_beyond_days = ?2, approval_scope_meta = ?3, \
             approval_scope_report = ?4 WHERE id = ?1",
        )
        .bind(&[
            int(organization_id),
            optional_int(rule.beyond_days),
            flag(rule.scopes.contains(&ScopeName::MetaRecord)),
            flag(rule.scopes.contains(&ScopeName::ReportRecord)),
        ])?)
}

/// A token's approval columns, read with the token (`t.` its alias).
#[derive(Debug, Clone, Deserialize)]
pub struct TokenApprovalColumns {
    pub approval_state: Option<String>,
    pub approval_requested_by: Option<i64>,
    pub approval_requested_by_name: Option<String>,
    pub approval_reason: Option<String>,
    pub approval_decided_by_name: Option<String>,
    pub approval_decision_reason: Option<String>,
}

impl TokenApprovalColumns {
    pub fn state(&self) -> Option<ApprovalState> {
        self.approval_state
            .as_deref()
            .and_then(ApprovalState::from_stored)
    }
}

/// What a save sets about approval: asked for (again), kept as it was
/// (an approved token's edit that leaves its scope and lifetime), or none needed.
pub enum Approval<'a> {
    Requested { by: i64, reason: &'a str },
    Unchanged,
    NotNeeded,
}

impl Approval<'_> {
    /// The SET clause's part for an edit, binding from `?{first}` on
    /// (`edit_binds`); empty for `Unchanged`.
    pub fn edit_assignments(&self, first: usize) -> String {
        match self {
            Self::Requested { .. } => format!(
                ", approval_state = 'pending', approval_requested_by = ?{first}, \
                 approval_reason = ?{}, approval_requested_at = updated_at, \
                 approval_decided_by = NULL, approval_decision_reason = NULL",
                first + 1
            ),
            Self::Unchanged => String::new(),
            Self::NotNeeded => ", approval_state = NULL, approval_requested_by = NULL, \
                approval_reason = NULL, approval_requested_at = NULL, approval_decided_by = NULL, \
                approval_decision_reason = NULL"
                .to_owned(),
        }
    }

    pub fn edit_binds(&self) -> Vec<wasm_bindgen::JsValue> {
        match self {
            Self::Requested { by, reason } => vec![int(*by), text(reason)],
            _ => Vec::new(),
        }
    }

    /// A new token's `approval_state`, `approval_requested_by` and `approval_reason`.
    pub fn insert_binds(&self) -> [wasm_bindgen::JsValue; 3] {
        match self {
            Self::Requested { by, reason } => [text("pending"), int(*by), text(reason)],
            _ => [
                wasm_bindgen::JsValue::NULL,
                wasm_bindgen::JsValue::NULL,
                wasm_bindgen::JsValue::NULL,
            ],
        }
    }

    /// The REQUEST entry, batched right after the save's own entry (CREATE
    /// or UPDATE) and written only if that one was. `token_id`: the edited
    /// token; `None` for a new one, which the CREATE entry names.
    pub fn request_entry(
        &self,
        db: &D1Database,
        token_id: Option<i64>,
        now: i64,
        at_ms: i64,
    ) -> AppResult<Option<D1PreparedStatement>> {
        let Self::Requested { by, reason } = self else {
            return Ok(None);
        };
        let which = match token_id {
            Some(_) => "id = ?1",
            None => {
                "?1 IS NULL AND id = (SELECT token_id FROM token_logs WHERE id = last_insert_rowid())"
            }
        };
        Ok(Some(
            db.prepare(format!(
                "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
                 activity_on, activity_by_login_id, activity_at_ms, detail) \
                 SELECT organization_id, id, name, owner_login_id, 'REQUEST', ?2, ?3, ?4, ?5 FROM tokens \
                 WHERE {which} AND approval_state = 'pending' AND changes() = 1"
            ))
            .bind(&[
                optional_int(token_id),
                int(now),
                int(*by),
                int(at_ms),
                text(reason),
            ])?,
        ))
    }
}

/// A token admin's decision, as `decide` writes it.
pub struct Decided<'a> {
    pub token_id: i64,
    pub organization_id: i64,
    pub version: i64,
    pub state: ApprovalState,
    pub activity: &'a str,
    pub by: i64,
    pub reason: Option<&'a str>,
    pub now: i64,
    pub at_ms: i64,
}

/// Decides a pending token in one statement that also says who may: the
/// token is live, of the organization, pending, at `version`, and neither
/// requested by nor owned by the decider. Its entry in the same batch.
/// Whether it applied.
pub async fn decide(db: &D1Database, decided: Decided<'_>) -> AppResult<bool> {
    let update = db
        .prepare(
            "UPDATE tokens SET approval_state = ?4, approval_decided_by = ?5, \
             approval_decision_reason = ?6, version = version + 1, updated_at = ?7, updated_by = ?5 \
             WHERE id = ?1 AND organization_id = ?2 AND version = ?3 AND revoked_at IS NULL \
             AND approval_state = 'pending' AND approval_requested_by <> ?5 AND owner_login_id <> ?5",
        )
        .bind(&[
            int(decided.token_id),
            int(decided.organization_id),
            int(decided.version),
            text(decided.state.as_str()),
            int(decided.by),
            optional_text(decided.reason),
            int(decided.now),
        ])?;
    let log = db
        .prepare(format!(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, activity_by_login_id, activity_at_ms, detail) \
             SELECT organization_id, id, name, owner_login_id, '{}', ?2, ?3, ?4, ?5 FROM tokens \
             WHERE id = ?1 AND changes() = 1",
            decided.activity
        ))
        .bind(&[
            int(decided.token_id),
            int(decided.now),
            int(decided.by),
            int(decided.at_ms),
            optional_text(decided.reason),
        ])?;
    Ok(changes(&db.batch(vec![update, log]).await?)? == 1)
}

/// One pending token as the queue lists it.
#[derive(Debug, Deserialize)]
pub struct PendingRecord {
    pub token_id: i64,
    pub name: String,
    pub owner_login_id: i64,
    pub owner_name: String,
    pub requested_by: i64,
    pub requested_by_name: String,
    pub requested_at: i64,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_meta: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_report: bool,
    pub expiry_on: Option<String>,
    pub reason: String,
    pub version: i64,
}

/// The organization's pending tokens, oldest request first (at most
/// `limit`), and how many there are, in one batch.
pub async fn pending(
    db: &D1Database,
    organization_id: i64,
    limit: i64,
) -> AppResult<(Vec<PendingRecord>, i64)> {
    const WHERE: &str =
        "t.organization_id = ?1 AND t.approval_state = 'pending' AND t.revoked_at IS NULL";
    let list = db
        .prepare(format!(
            "SELECT t.id AS token_id, t.name, t.owner_login_id, o.display_name AS owner_name, \
             t.approval_requested_by AS requested_by, r.display_name AS requested_by_name, \
             t.approval_requested_at AS requested_at, t.scope_meta, t.scope_report, t.expiry_on, \
             t.approval_reason AS reason, t.version \
             FROM tokens t JOIN logins o ON o.id = t.owner_login_id \
             JOIN logins r ON r.id = t.approval_requested_by \
             WHERE {WHERE} ORDER BY t.approval_requested_at, t.id LIMIT ?2"
        ))
        .bind(&[int(organization_id), int(limit)])?;
    let count = db
        .prepare(format!("SELECT COUNT(*) AS n FROM tokens t WHERE {WHERE}"))
        .bind(&[int(organization_id)])?;
    let results = db.batch(vec![list, count]).await?;
    let rows: Vec<PendingRecord> = results[0].results()?;
    #[derive(Deserialize)]
    struct Count {
        n: i64,
    }
    let total = results[1]
        .results::<Count>()?
        .first()
        .map_or(0, |count| count.n);
    Ok((rows, total))
}

/// Organizations with tokens waiting, and how many each: what the daily digest tells.
#[derive(Debug, Deserialize)]
pub struct Waiting {
    pub organization_id: i64,
    pub organization_name: String,
    pub waiting: i64,
}

pub async fn waiting(db: &D1Database) -> AppResult<Vec<Waiting>> {
    Ok(db
        .prepare(
            "SELECT t.organization_id, o.name AS organization_name, COUNT(*) AS waiting \
             FROM tokens t JOIN organizations o ON o.id = t.organization_id \
             WHERE t.approval_state = 'pending' AND t.revoked_at IS NULL \
             GROUP BY t.organization_id ORDER BY t.organization_id",
        )
        .all()
        .await?
        .results()?)
}

/// Claims today's digest of the organization: `true` the first time only.
/// Claims older than a week go in the same batch (R25: every table a bound).
pub async fn claim_digest(db: &D1Database, organization_id: i64, day: i64) -> AppResult<bool> {
    let claim = db
        .prepare("INSERT OR IGNORE INTO approval_digests (organization_id, day) VALUES (?1, ?2)")
        .bind(&[int(organization_id), int(day)])?;
    let purge = db
        .prepare("DELETE FROM approval_digests WHERE day < ?1 - 7")
        .bind(&[int(day)])?;
    Ok(changes(&db.batch(vec![claim, purge]).await?)? == 1)
}
