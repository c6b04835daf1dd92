//! The `token_logs` table: reading it page by page, and the AUTHENTICATE
//! entries the API writes (the others are written with their change, in
//! `store::tokens`).

use serde::{Deserialize, Serialize};
use worker::{D1Database, D1PreparedStatement};

use super::{Paged, delete_bounded, int, optional_int, optional_text, text};
use crate::error::{AppError, AppResult};

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
    /// When the request came, in milliseconds: the entry is written a moment later.
    pub at_ms: i64,
    /// The client's own name for the request (`X-Request-Id`), if it gave one.
    pub request_id: Option<String>,
    /// The throttle's key for the client address (`sign_in_throttle::address_key`).
    pub client_address: Option<String>,
    /// Where the request came from and what it was, for Token Logs.
    pub usage: Usage,
    /// The SHA-256 of the token string presented, for a token's entry (R30:
    /// the audit stream carries it, never the string).
    pub token_hash: Option<String>,
}

/// Where a request came from and what it was (R22's usage detail).
#[derive(Clone, Debug, Default)]
pub struct Usage {
    /// The client address as the runtime saw it (`CF-Connecting-IP`).
    pub address: Option<String>,
    /// Its country, when the runtime knows it (`request.cf`).
    pub country: Option<String>,
    /// The user agent, trimmed to `USER_AGENT_CHARS`.
    pub user_agent: Option<String>,
    /// `GET /api/meta`: the method and the path.
    pub endpoint: Option<String>,
}

/// How much of a user agent an entry keeps, in bytes (whole characters).
pub const USER_AGENT_BYTES: usize = 200;
/// How much of a request's path an entry keeps, in bytes (whole characters).
pub const PATH_BYTES: usize = 200;

/// The most one AUTHENTICATE line takes in the database, its indexes
/// included, with every field a client chooses at its longest (user agent,
/// path, request id, an IPv6 address) and the longest token name: measured
/// by `make bench` (docs/scale.md), rounded up. Budgets in bytes are turned
/// into lines with it.
pub const LARGEST_LINE_BYTES: i64 = 1536;

/// A rotated token's new string used while its previous one still worked.
pub struct OverlapEnd<'a> {
    pub token_id: i64,
    pub secret_hash: &'a crate::secret::TokenHash,
    pub now: i64,
    pub at_ms: i64,
}

/// Records a group of AUTHENTICATE `entries` (the database counts each in
/// its token's day as it is written: `token_usage_days`, migration 0015)
/// and, for the tokens in `last_used` (`(token id, when)`), that they were
/// used then unless that was recorded less than `staleness` seconds before,
/// and the rotation overlaps their requests ended: all in one batch, one
/// transaction.
///
/// The entries travel as one JSON array per statement (`json_each`), so a
/// group costs the same three or four statements however many requests it
/// holds, where three statements per entry came to 150 in a full group:
/// a batch that does not grow with the load. (On the local D1 the two
/// measured alike: docs/performance.md.)
pub async fn record_authentications(
    db: &D1Database,
    entries: &[&Authentication],
    budget_rows: i64,
    last_used: &[(i64, i64)],
    staleness: i64,
    overlap_ends: &[OverlapEnd<'_>],
) -> AppResult<()> {
    let (attributed, unknown): (Vec<&Authentication>, Vec<&Authentication>) = entries
        .iter()
        .partition(|entry| entry.organization_id.is_some());
    let mut statements = Vec::with_capacity(4 + last_used.len() + 2 * overlap_ends.len());
    if !unknown.is_empty() {
        statements.push(count_unknown(db, &unknown)?);
    }
    if !attributed.is_empty() {
        statements.extend(record_attributed(db, &attributed, budget_rows)?);
    }
    for (token_id, when) in last_used {
        statements.push(super::credentials::touch_last_used(
            db, *token_id, *when, staleness,
        )?);
    }
    for end in overlap_ends {
        statements.extend(super::rotations::end_overlap_on_first_use(
            db,
            end.token_id,
            end.secret_hash,
            end.now,
            end.at_ms,
        )?);
    }
    db.batch(statements).await?;
    Ok(())
}

/// An entry as its group's JSON array carries it to the database.
#[derive(Serialize)]
struct EntryRow<'a> {
    organization_id: Option<i64>,
    token_id: Option<i64>,
    token_name: &'a str,
    owner_login_id: Option<i64>,
    activity_on: i64,
    hour: i64,
    ok: bool,
    detail: Option<&'a str>,
    at_ms: i64,
    request_id: Option<&'a str>,
    /// The throttle's key for the client (`unknown_token_attempts.address_key`).
    address_key: Option<&'a str>,
    /// The client address as the runtime saw it (`token_logs.client_address`).
    address: Option<&'a str>,
    /// The entry's place among its organization's entries of the group: it
    /// takes a line while that is within the organization's room.
    place: usize,
    country: Option<&'a str>,
    user_agent: Option<&'a str>,
    endpoint: Option<&'a str>,
    token_hash: Option<&'a str>,
}

impl<'a> EntryRow<'a> {
    fn of(entry: &'a Authentication, place: usize) -> Self {
        Self {
            organization_id: entry.organization_id,
            token_id: entry.token_id,
            token_name: &entry.token_name,
            owner_login_id: entry.owner_login_id,
            activity_on: entry.now,
            hour: entry.now - entry.now.rem_euclid(3600),
            ok: entry.ok,
            detail: entry.detail.as_deref(),
            at_ms: entry.at_ms,
            request_id: entry.request_id.as_deref(),
            address_key: entry.client_address.as_deref(),
            address: entry.usage.address.as_deref(),
            place,
            country: entry.usage.country.as_deref(),
            user_agent: entry.usage.user_agent.as_deref(),
            endpoint: entry.usage.endpoint.as_deref(),
            token_hash: entry.token_hash.as_deref(),
        }
    }
}

/// `entries` as one JSON array, in order: `json_each`'s `key` is each one's place.
fn entry_rows(entries: &[&Authentication]) -> AppResult<wasm_bindgen::JsValue> {
    entry_rows_json(entries)
        .map(|json| text(&json))
        .map_err(|error| AppError::Internal(format!("AUTHENTICATE entries as JSON: {error}")))
}

fn entry_rows_json(entries: &[&Authentication]) -> serde_json::Result<String> {
    let rows: Vec<EntryRow> = entries
        .iter()
        .zip(places(entries))
        .map(|(entry, place)| EntryRow::of(entry, place))
        .collect();
    serde_json::to_string(&rows)
}

/// Each entry's place among the entries of its own organization, in order.
fn places(entries: &[&Authentication]) -> Vec<usize> {
    let mut seen: Vec<(Option<i64>, usize)> = Vec::new();
    entries
        .iter()
        .map(
            |entry| match seen.iter_mut().find(|(id, _)| *id == entry.organization_id) {
                Some((_, count)) => {
                    *count += 1;
                    *count - 1
                }
                None => {
                    seen.push((entry.organization_id, 1));
                    0
                }
            },
        )
        .collect()
}

/// Attempts that name no organization (a string matching no token, Basic
/// with an unknown email) are not lines of their own: anyone can make such
/// strings, so they are counted per client address and hour in
/// `unknown_token_attempts`, bounded whatever the flood.
///
/// An hour keeps at most `UNKNOWN_ADDRESSES_PER_HOUR` addresses of its own:
/// the attempts of any further address that hour are counted together under
/// `OTHER_ADDRESSES`, so clients holding many addresses add at most that
/// many rows an hour, however many strings they make up.
fn count_unknown(db: &D1Database, entries: &[&Authentication]) -> AppResult<D1PreparedStatement> {
    Ok(db.prepare(COUNT_UNKNOWN).bind(&[
        entry_rows(entries)?,
        int(UNKNOWN_ADDRESSES_PER_HOUR),
        text(OTHER_ADDRESSES),
    ])?)
}

/// `count_unknown`: ?1 the entries' JSON, ?2 `UNKNOWN_ADDRESSES_PER_HOUR`, ?3 `OTHER_ADDRESSES`.
const COUNT_UNKNOWN: &str = "INSERT INTO unknown_token_attempts (address_key, hour, attempts) \
     SELECT CASE WHEN EXISTS (SELECT 1 FROM unknown_token_attempts u \
         WHERE u.address_key = a.address_key AND u.hour = a.hour) \
       OR (SELECT COUNT(*) FROM unknown_token_attempts u WHERE u.hour = a.hour) < ?2 \
       THEN a.address_key ELSE ?3 END, a.hour, 1 \
     FROM (SELECT COALESCE(value ->> '$.address_key', 'unknown') AS address_key, \
         value ->> '$.hour' AS hour FROM json_each(?1)) AS a WHERE true \
     ON CONFLICT (address_key, hour) DO UPDATE SET attempts = attempts + 1";

/// Addresses an hour of `unknown_token_attempts` keeps apart, at most.
pub const UNKNOWN_ADDRESSES_PER_HOUR: i64 = 1_000;
/// The one key of the attempts from addresses past that.
pub const OTHER_ADDRESSES: &str = "other addresses";

/// The statements recording attributed `entries`, in their order.
///
/// Each organization has its own budget of `budget_rows` AUTHENTICATE
/// lines (`organization_log_budget`): while under it, an entry takes a
/// line of Token Logs; past it, it is counted per token and hour in
/// `authentication_counts`, so the database never fills with AUTHENTICATE
/// detail, a revocation's REVOKE entry always has room, and one
/// organization's traffic never takes another's detail. The room left is
/// read by the first two statements before the third takes it: the first
/// `room` entries of each organization are lines, the others counted, as
/// if each had taken its turn alone.
fn record_attributed(
    db: &D1Database,
    entries: &[&Authentication],
    budget_rows: i64,
) -> AppResult<[D1PreparedStatement; 3]> {
    let rows = entry_rows(entries)?;
    let [counted, lines, taken] = record_attributed_sql();
    let counted = db
        .prepare(counted)
        .bind(&[rows.clone(), int(budget_rows)])?;
    let lines = db.prepare(lines).bind(&[rows.clone(), int(budget_rows)])?;
    let taken = db.prepare(taken).bind(&[rows, int(budget_rows)])?;
    Ok([counted, lines, taken])
}

/// `record_attributed`'s three statements, each over ?1 the entries' JSON
/// and ?2 the budget: the entries counted past their organization's room,
/// the entries within it as lines, and the room they took.
fn record_attributed_sql() -> [String; 3] {
    const ROOM: &str = "COALESCE((SELECT ?2 - authenticate_rows FROM organization_log_budget \
         WHERE organization_id = value ->> '$.organization_id'), ?2)";
    let counted = format!(
        "INSERT INTO authentication_counts (organization_id, token_id, owner_login_id, hour, ok, fail) \
         SELECT value ->> '$.organization_id', COALESCE(value ->> '$.token_id', 0), \
         value ->> '$.owner_login_id', value ->> '$.hour', value ->> '$.ok', 1 - (value ->> '$.ok') \
         FROM json_each(?1) WHERE value ->> '$.place' >= {ROOM} ORDER BY key \
         ON CONFLICT (organization_id, token_id, hour) DO UPDATE SET \
         ok = ok + excluded.ok, fail = fail + excluded.fail"
    );
    let lines = format!(
        "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
         activity_on, result, detail, activity_at_ms, request_id, client_address, client_country, \
         user_agent, endpoint, token_hash) \
         SELECT value ->> '$.organization_id', value ->> '$.token_id', value ->> '$.token_name', \
         value ->> '$.owner_login_id', 'AUTHENTICATE', value ->> '$.activity_on', \
         CASE value ->> '$.ok' WHEN 1 THEN 'OK' ELSE 'Fail' END, value ->> '$.detail', \
         value ->> '$.at_ms', value ->> '$.request_id', value ->> '$.address', \
         value ->> '$.country', value ->> '$.user_agent', value ->> '$.endpoint', \
         value ->> '$.token_hash' \
         FROM json_each(?1) WHERE value ->> '$.place' < {ROOM} ORDER BY key"
    );
    let taken = "INSERT INTO organization_log_budget (organization_id, authenticate_rows) \
         SELECT value ->> '$.organization_id', MIN(?2, COUNT(*)) FROM json_each(?1) \
         WHERE true GROUP BY value ->> '$.organization_id' \
         ON CONFLICT (organization_id) DO UPDATE SET \
         authenticate_rows = MIN(?2, authenticate_rows + excluded.authenticate_rows)"
        .to_owned();
    [counted, lines, taken]
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
    /// The order of the log (newest first), and the CSV export's place in it.
    #[serde(default)]
    pub activity_at_ms: Option<i64>,
    pub client_address: Option<String>,
    pub client_country: Option<String>,
    pub user_agent: Option<String>,
    pub endpoint: Option<String>,
}

/// Which entries of one organization to read. `None` filters match everything.
pub struct LogFilter<'a> {
    pub organization_id: i64,
    pub owner_login_id: Option<i64>,
    /// Entries whose token name contains this.
    pub token_name: Option<&'a str>,
    pub activity: Option<&'a str>,
    pub result: Option<&'a str>,
    /// Only this token's entries.
    pub token_id: Option<i64>,
    /// Entries whose client address starts with this.
    pub address: Option<&'a str>,
}

const WHERE_FILTER: &str = "WHERE g.organization_id = ?1 AND (?2 IS NULL OR g.owner_login_id = ?2) \
    AND (?3 IS NULL OR instr(g.token_name, ?3) > 0) AND (?4 IS NULL OR g.activity = ?4) \
    AND (?5 IS NULL OR g.result = ?5) AND (?6 IS NULL OR g.token_id = ?6) \
    AND (?7 IS NULL OR substr(g.client_address, 1, length(?7)) = ?7)";

fn filter_binds(filter: &LogFilter<'_>) -> Vec<wasm_bindgen::JsValue> {
    vec![
        int(filter.organization_id),
        optional_int(filter.owner_login_id),
        optional_text(filter.token_name),
        optional_text(filter.activity),
        optional_text(filter.result),
        optional_int(filter.token_id),
        optional_text(filter.address),
    ]
}

const SELECT_ENTRY: &str = "SELECT g.id, g.token_id, g.token_name, o.display_name AS owner_name, g.activity, \
     g.activity_on, COALESCE(a.display_name, g.activity_by) AS actor_name, g.result, g.detail, g.activity_at_ms, \
     g.client_address, g.client_country, g.user_agent, g.endpoint FROM token_logs g \
     LEFT JOIN logins o ON o.id = g.owner_login_id \
     LEFT JOIN logins a ON a.id = g.activity_by_login_id";

/// Up to `limit` entries, newest first, after `before` (the `activity_at_ms`
/// and id of the last one read; `None` to start): the CSV export walks the
/// log this way, a page at a time, along the index that orders it.
pub async fn entries_before(
    db: &D1Database,
    filter: &LogFilter<'_>,
    before: Option<(i64, i64)>,
    limit: i64,
) -> AppResult<Vec<LogRecord>> {
    let mut binds = filter_binds(filter);
    let (at_ms, id) = before.unwrap_or((i64::MAX, i64::MAX));
    // i64::MAX does not fit a JavaScript number exactly; any later time does.
    let at_ms = at_ms.min(1 << 52);
    let id = id.min(1 << 52);
    binds.extend([int(at_ms), int(id), int(limit)]);
    let statement = db
        .prepare(format!(
            "{SELECT_ENTRY} {WHERE_FILTER} AND (g.activity_at_ms < ?8 OR (g.activity_at_ms = ?8 AND g.id < ?9)) \
             ORDER BY g.activity_at_ms DESC, g.id DESC LIMIT ?10"
        ))
        .bind(&binds)?;
    Ok(statement.all().await?.results()?)
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
        select: SELECT_ENTRY,
        filter: WHERE_FILTER,
        order: "g.activity_at_ms DESC, g.id DESC",
    };
    page.read(db, filter_binds(filter), limit, offset).await
}

/// Deletes at most `limit` of the organization's entries older than
/// `before_ms`, oldest first; returns how many went. Bounded, so one
/// statement never holds D1 for long, however much has piled up.
pub async fn delete_older(
    db: &D1Database,
    organization_id: i64,
    before_ms: i64,
    limit: i64,
) -> AppResult<usize> {
    delete_bounded(
        db,
        "DELETE FROM token_logs WHERE id IN (SELECT id FROM token_logs \
         WHERE organization_id = ?1 AND activity_at_ms < ?2 ORDER BY activity_at_ms LIMIT ?3)",
        &[int(organization_id), int(before_ms), int(limit)],
    )
    .await
}

/// Deletes at most `limit` hourly counts of unknown strings from before `before`
/// (seconds); returns how many went.
pub async fn delete_unknown_attempts_older(
    db: &D1Database,
    before: i64,
    limit: i64,
) -> AppResult<usize> {
    delete_bounded(
        db,
        "DELETE FROM unknown_token_attempts WHERE rowid IN (SELECT rowid FROM unknown_token_attempts \
         WHERE hour < ?1 LIMIT ?2)",
        &[int(before), int(limit)],
    )
    .await
}

/// Sets each organization's budget count to the AUTHENTICATE lines Token
/// Logs hold for it, after the retention run has deleted some.
pub async fn recount_budgets(db: &D1Database) -> AppResult<()> {
    let forget = db.prepare("DELETE FROM organization_log_budget");
    let recount = db.prepare(
        "INSERT INTO organization_log_budget (organization_id, authenticate_rows) \
         SELECT organization_id, COUNT(*) FROM token_logs \
         WHERE activity = 'AUTHENTICATE' AND organization_id IS NOT NULL GROUP BY organization_id",
    );
    db.batch(vec![forget, recount]).await?;
    Ok(())
}

/// Deletes at most `limit` of the organization's hourly AUTHENTICATE
/// counts from before `before` (seconds); returns how many went.
pub async fn delete_counts_older(
    db: &D1Database,
    organization_id: i64,
    before: i64,
    limit: i64,
) -> AppResult<usize> {
    delete_bounded(
        db,
        "DELETE FROM authentication_counts WHERE rowid IN (SELECT rowid FROM authentication_counts \
         WHERE organization_id = ?1 AND hour < ?2 LIMIT ?3)",
        &[int(organization_id), int(before), int(limit)],
    )
    .await
}

#[cfg(test)]
mod tests;
