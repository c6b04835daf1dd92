//! The audit stream's tables (R30): `audit_streams`, one row per
//! organization with a destination, and `audit_outbox`, the events waiting
//! for it, which the `audit_from_token_logs` trigger and `change_event` fill.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{changes, int, text};
use crate::error::AppResult;

#[derive(Debug, Clone, Deserialize)]
pub struct StreamRecord {
    pub url: String,
    /// `webhook` or `splunk_hec`.
    pub kind: String,
    /// A Splunk HEC token, sealed (`crate::sealed`).
    pub splunk_token_sealed: Option<String>,
    pub secret_version: i64,
    pub delivered_seq: i64,
    pub failures: i64,
    pub retry_at: Option<i64>,
    pub failing_since: Option<i64>,
    pub last_error: Option<String>,
    pub last_delivered_at: Option<i64>,
    /// Events waiting, and when the oldest happened (ms).
    pub waiting: i64,
    pub oldest_waiting_ms: Option<i64>,
}

const SELECT_STREAM: &str = "SELECT s.organization_id, s.url, s.kind, s.splunk_token_sealed, s.secret_version, s.delivered_seq, \
    s.failures, s.retry_at, s.failing_since, s.last_error, s.last_delivered_at, \
    (SELECT COUNT(*) FROM audit_outbox o WHERE o.organization_id = s.organization_id \
     AND o.seq > s.delivered_seq) AS waiting, \
    (SELECT MIN(at_ms) FROM audit_outbox o WHERE o.organization_id = s.organization_id \
     AND o.seq > s.delivered_seq) AS oldest_waiting_ms \
    FROM audit_streams s";

pub async fn of_organization(
    db: &D1Database,
    organization_id: i64,
) -> AppResult<Option<StreamRecord>> {
    Ok(db
        .prepare(format!("{SELECT_STREAM} WHERE s.organization_id = ?1"))
        .bind(&[int(organization_id)])?
        .first(None)
        .await?)
}

/// Sets the destination; a new address (or `new_secret`) moves to the next
/// signing secret. Returns the secret's version.
pub async fn set(
    db: &D1Database,
    organization_id: i64,
    destination: Destination<'_>,
    new_secret: bool,
) -> AppResult<i64> {
    #[derive(Deserialize)]
    struct Saved {
        secret_version: i64,
    }
    let saved: Option<Saved> = db
        .prepare(
            "INSERT INTO audit_streams (organization_id, url, kind, splunk_token_sealed) \
             VALUES (?1, ?2, ?4, ?5) \
             ON CONFLICT (organization_id) DO UPDATE SET url = excluded.url, kind = excluded.kind, \
             splunk_token_sealed = coalesce(excluded.splunk_token_sealed, \
             CASE WHEN excluded.kind = 'splunk_hec' THEN splunk_token_sealed END), \
             secret_version = secret_version + (url <> excluded.url OR ?3), \
             failures = 0, retry_at = NULL \
             RETURNING secret_version",
        )
        .bind(&[
            int(organization_id),
            text(destination.url),
            int(new_secret as i64),
            text(destination.kind),
            destination
                .splunk_token_sealed
                .map_or(wasm_bindgen::JsValue::NULL, text),
        ])?
        .first(None)
        .await?;
    let saved = saved.ok_or_else(|| crate::error::AppError::Internal("no stream saved".into()))?;
    Ok(saved.secret_version)
}

/// Where a stream goes: `kind` as stored, and a new sealed HEC token if one
/// was sent (`None` keeps a Splunk destination's token).
pub struct Destination<'a> {
    pub url: &'a str,
    pub kind: &'a str,
    pub splunk_token_sealed: Option<&'a str>,
}

/// Removes the destination and what waited for it.
pub async fn remove(db: &D1Database, organization_id: i64) -> AppResult<()> {
    let stream = db
        .prepare("DELETE FROM audit_streams WHERE organization_id = ?1")
        .bind(&[int(organization_id)])?;
    let outbox = db
        .prepare("DELETE FROM audit_outbox WHERE organization_id = ?1")
        .bind(&[int(organization_id)])?;
    db.batch(vec![stream, outbox]).await?;
    Ok(())
}

/// What a change event learns from the statement before it in its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// A row was changed; the event names what it changed.
    Row,
    /// A login was added: the event's `login_id` is its new id.
    InsertedLogin,
}

/// A policy or role change as an event of the organization's stream, if it
/// has one. It goes in the change's batch, right after the statement that
/// makes the change, and is written only if that statement changed a row
/// (`changes()`): a change that applied nothing (an edit conflict, a login
/// already changed) has no event, and a change is never without its event.
pub fn change_event(
    db: &D1Database,
    organization_id: i64,
    at_ms: i64,
    event: &str,
    changed: Changed,
) -> AppResult<D1PreparedStatement> {
    Ok(db.prepare(CHANGE_EVENT).bind(&[
        int(organization_id),
        int(at_ms),
        text(event),
        super::flag(changed == Changed::InsertedLogin),
    ])?)
}

const CHANGE_EVENT: &str = "INSERT INTO audit_outbox (organization_id, at_ms, event) \
    SELECT ?1, ?2, CASE WHEN ?4 THEN json_set(?3, '$.login_id', last_insert_rowid()) ELSE ?3 END \
    WHERE changes() > 0 AND EXISTS (SELECT 1 FROM audit_streams WHERE organization_id = ?1)";

#[derive(Debug, Deserialize)]
pub struct OutboxRow {
    pub seq: i64,
    pub at_ms: i64,
    pub event: String,
}

/// The next events after `after`, in order, at most `limit`.
pub async fn next_batch(
    db: &D1Database,
    organization_id: i64,
    after: i64,
    limit: i64,
) -> AppResult<Vec<OutboxRow>> {
    Ok(db
        .prepare(
            "SELECT seq, at_ms, event FROM audit_outbox WHERE organization_id = ?1 AND seq > ?2 \
             ORDER BY seq LIMIT ?3",
        )
        .bind(&[int(organization_id), int(after), int(limit)])?
        .all()
        .await?
        .results()?)
}

/// The destination accepted everything through `last`: the cursor moves
/// there if it was still at `from` (another attempt may have moved it), and
/// what was accepted goes. Whether this attempt moved it.
pub async fn delivered(
    db: &D1Database,
    organization_id: i64,
    from: i64,
    last: i64,
    now: i64,
) -> AppResult<bool> {
    let advance = db
        .prepare(
            "UPDATE audit_streams SET delivered_seq = ?3, failures = 0, retry_at = NULL, \
             failing_since = NULL, last_error = NULL, failing_told = 0, last_delivered_at = ?4 \
             WHERE organization_id = ?1 AND delivered_seq = ?2",
        )
        .bind(&[int(organization_id), int(from), int(last), int(now)])?;
    let purge = db
        .prepare("DELETE FROM audit_outbox WHERE organization_id = ?1 AND seq <= ?2")
        .bind(&[int(organization_id), int(last)])?;
    Ok(changes(&db.batch(vec![advance, purge]).await?)? == 1)
}

/// An attempt failed: no other before `retry_at`.
pub async fn failed(
    db: &D1Database,
    organization_id: i64,
    error: &str,
    retry_at: i64,
    now: i64,
) -> AppResult<()> {
    db.prepare(
        "UPDATE audit_streams SET failures = failures + 1, retry_at = ?3, last_error = ?2, \
         failing_since = coalesce(failing_since, ?4) WHERE organization_id = ?1",
    )
    .bind(&[int(organization_id), text(error), int(retry_at), int(now)])?
    .run()
    .await?;
    Ok(())
}

/// Streams with events waiting and no pause in force: the organizations to
/// deliver for now.
pub async fn due(db: &D1Database, now: i64) -> AppResult<Vec<i64>> {
    #[derive(Deserialize)]
    struct Row {
        organization_id: i64,
    }
    let rows: Vec<Row> = db
        .prepare(
            "SELECT s.organization_id FROM audit_streams s WHERE (s.retry_at IS NULL OR s.retry_at <= ?1) \
             AND EXISTS (SELECT 1 FROM audit_outbox o WHERE o.organization_id = s.organization_id \
             AND o.seq > s.delivered_seq) ORDER BY s.organization_id",
        )
        .bind(&[int(now)])?
        .all()
        .await?
        .results()?;
    Ok(rows.into_iter().map(|row| row.organization_id).collect())
}

/// Streams failing since before `since` whose administrators were not told
/// yet: each claimed here, so they are told once.
pub async fn claim_failing_notices(db: &D1Database, since: i64) -> AppResult<Vec<(i64, String)>> {
    #[derive(Deserialize)]
    struct Row {
        organization_id: i64,
        url: String,
    }
    let rows: Vec<Row> = db
        .prepare(
            "UPDATE audit_streams SET failing_told = 1 WHERE failing_told = 0 \
             AND failing_since IS NOT NULL AND failing_since <= ?1 RETURNING organization_id, url",
        )
        .bind(&[int(since)])?
        .all()
        .await?
        .results()?;
    Ok(rows
        .into_iter()
        .map(|row| (row.organization_id, row.url))
        .collect())
}

/// R25: waiting events older than their organization's Token Logs
/// retention go with the entries they record, at most `limit`: one
/// statement for every organization, which finds only those with events.
pub async fn delete_beyond_retention(db: &D1Database, now_ms: i64, limit: i64) -> AppResult<usize> {
    super::delete_bounded(db, BEYOND_RETENTION, &[int(now_ms), int(limit)]).await
}

const BEYOND_RETENTION: &str = "DELETE FROM audit_outbox WHERE seq IN (SELECT o.seq \
    FROM audit_outbox o JOIN organizations g ON g.id = o.organization_id \
    WHERE o.at_ms < ?1 - g.log_retention_days * 86400000 ORDER BY o.seq LIMIT ?2)";

#[cfg(test)]
mod tests {
    use rusqlite::params;

    use crate::store::test_database;

    fn log(db: &rusqlite::Connection, organization_id: i64, activity: &str, hash: Option<&str>) {
        db.execute(
            "INSERT INTO token_logs (organization_id, token_name, activity, activity_on, \
             activity_at_ms, token_hash) VALUES (?1, 'T', ?2, 1, 1000, ?3)",
            params![organization_id, activity, hash],
        )
        .unwrap();
    }

    #[test]
    fn an_events_number_is_never_one_a_delivered_event_had_r30() {
        let db = test_database::with_demo_data();
        let insert = || {
            db.execute(
                "INSERT INTO audit_outbox (organization_id, at_ms, event) VALUES (1, 1, '{}')",
                [],
            )
            .unwrap();
            db.last_insert_rowid()
        };
        let (first, second) = (insert(), insert());
        // Delivered, so deleted: the table is empty again.
        db.execute("DELETE FROM audit_outbox", []).unwrap();
        let next = insert();
        assert!(next > second && second > first, "{first} {second} {next}");
    }

    #[test]
    fn waiting_events_go_once_older_than_their_organizations_retention_r25() {
        let db = test_database::with_demo_data();
        let days: i64 = db
            .query_row(
                "SELECT log_retention_days FROM organizations WHERE id = 1",
                [],
                |row| row.get(0),
            )
            .unwrap();
        let now_ms = 2_000_000_000_000_i64;
        for at_ms in [now_ms - (days + 1) * 86_400_000, now_ms - 1_000] {
            db.execute(
                "INSERT INTO audit_outbox (organization_id, at_ms, event) VALUES (1, ?1, '{}')",
                [at_ms],
            )
            .unwrap();
        }
        let gone = db.execute(super::BEYOND_RETENTION, [now_ms, 100]).unwrap();
        assert_eq!(gone, 1);
        let left: i64 = db
            .query_row("SELECT COUNT(*) FROM audit_outbox", [], |row| row.get(0))
            .unwrap();
        assert_eq!(left, 1);
    }

    /// What `CHANGE_EVENT` wrote after `change`, for an event saying `{}`.
    fn events_after(db: &rusqlite::Connection, change: &str, inserted_login: bool) -> Vec<String> {
        db.execute("DELETE FROM audit_outbox", []).unwrap();
        db.execute(change, []).unwrap();
        db.execute(
            super::CHANGE_EVENT,
            params![1, 1000, r#"{"type":"role_change"}"#, inserted_login],
        )
        .unwrap();
        let mut statement = db.prepare("SELECT event FROM audit_outbox").unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn a_change_has_its_event_only_if_it_changed_a_row_r30() {
        let db = test_database::with_demo_data();
        let none = "UPDATE logins SET disabled = 1 WHERE id = -1";
        let one = "UPDATE logins SET disabled = 0 WHERE email = 'bob@demo.example'";
        // No stream: nothing waits, whatever changed.
        assert!(events_after(&db, one, false).is_empty());
        db.execute(
            "INSERT INTO audit_streams (organization_id, url) VALUES (1, 'https://x.example')",
            [],
        )
        .unwrap();
        assert!(events_after(&db, none, false).is_empty());
        assert_eq!(events_after(&db, one, false), [r#"{"type":"role_change"}"#]);
        let added = events_after(
            &db,
            "INSERT INTO logins (organization_id, display_name, email, password_hash, created_at) \
             VALUES (1, 'New', 'new@demo.example', 'x', 1)",
            true,
        );
        let id: i64 = db
            .query_row(
                "SELECT id FROM logins WHERE email = 'new@demo.example'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(
            added,
            [format!(r#"{{"type":"role_change","login_id":{id}}}"#)]
        );
    }

    #[test]
    fn only_an_organization_with_a_stream_queues_its_entries_in_one_sequence_r30() {
        let db = test_database::with_demo_data();
        db.execute(
            "INSERT INTO audit_streams (organization_id, url) VALUES (1, 'https://x.example')",
            [],
        )
        .unwrap();
        log(&db, 1, "AUTHENTICATE", Some("ab12"));
        log(&db, 2, "AUTHENTICATE", Some("cd34"));
        log(&db, 1, "REVOKE", None);
        let rows: Vec<(i64, String)> = db
            .prepare("SELECT organization_id, event FROM audit_outbox ORDER BY seq")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert!(rows.iter().all(|(organization, _)| *organization == 1));
        let first: serde_json::Value = serde_json::from_str(&rows[0].1).unwrap();
        assert_eq!(first["activity"], "AUTHENTICATE");
        assert_eq!(first["token_hash"], "ab12");
        let second: serde_json::Value = serde_json::from_str(&rows[1].1).unwrap();
        assert_eq!(second["activity"], "REVOKE");
    }
}
