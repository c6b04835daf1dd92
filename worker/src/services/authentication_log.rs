//! AUTHENTICATE entries (R12) and `last_used_at`, written off the response
//! path and in batches.
//!
//! A response never waits for its entry. Entries queue in the isolate's
//! memory; the first request that finds no flush under way starts one and
//! keeps it alive with `wait_until`. The flush pauses briefly, writes
//! whatever has queued in one D1 batch, and goes on while entries keep
//! coming. Under load that is one write per pause instead of one per
//! request, so the log does not compete with the API's reads for D1; an
//! entry reaches Token Logs a fraction of a second after its response.
//!
//! No entry is left behind: taking the queue and ending the flush happen in
//! one step (wasm is single-threaded, with no `await` between them), so an
//! entry queued after a flush has ended starts the next one.

use std::cell::RefCell;

use worker::D1Database;

use crate::clock;
use crate::error::AppResult;
use crate::store::token_logs::{self, Authentication};
use crate::store::tokens;

/// `last_used_at` is written at most once a minute per token: the grid's
/// "last used" may be up to this many seconds behind.
pub const LAST_USED_STALENESS_SECONDS: i64 = 60;

/// A flush hands over to a new one after this long, well inside the time
/// `wait_until` grants after a response (30 s).
const FLUSH_FOR_MS: i64 = 5_000;

/// How long a flush lets entries gather before each write.
const GATHER_FOR: std::time::Duration = std::time::Duration::from_millis(100);

/// D1 runs a batch as one transaction; keep each one modest.
const ENTRIES_PER_BATCH: usize = 100;

/// The AUTHENTICATE entry to record for a request, and whether it may
/// write the token's `last_used_at`.
#[derive(Clone, Debug)]
pub struct AuthenticationLog {
    pub entry: Authentication,
    /// Whether the token's `last_used_at` is old enough to be written again.
    pub touch_last_used: bool,
}

impl AuthenticationLog {
    /// A Basic authentication attempt, attributed to `(organization, login)` when the email named one.
    pub fn basic(login: Option<(i64, i64)>, ok: bool, detail: Option<&str>, now: i64) -> Self {
        Self {
            entry: Authentication {
                organization_id: login.map(|(organization, _)| organization),
                token_id: None,
                token_name: "(Basic authentication)".into(),
                owner_login_id: login.map(|(_, id)| id),
                ok,
                detail: detail.map(str::to_owned),
                now,
                at_ms: clock::now_ms(),
            },
            touch_last_used: false,
        }
    }
}

#[derive(Default)]
struct Queue {
    entries: Vec<AuthenticationLog>,
    flushing: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
}

/// Queues `entry`. Returns the flush to keep alive with `wait_until` when
/// this request is the one that must start it.
pub fn record(
    entry: AuthenticationLog,
    db: D1Database,
) -> Option<impl Future<Output = ()> + 'static> {
    let start = QUEUE.with_borrow_mut(|queue| {
        queue.entries.push(entry);
        !std::mem::replace(&mut queue.flushing, true)
    });
    start.then(|| flush(db))
}

async fn flush(db: D1Database) {
    let started = clock::now_ms();
    loop {
        worker::Delay::from(GATHER_FOR).await;
        let handing_over = clock::now_ms() - started > FLUSH_FOR_MS;
        let (entries, last) = QUEUE.with_borrow_mut(|queue| {
            let entries = std::mem::take(&mut queue.entries);
            let last = entries.is_empty() || handing_over;
            if last {
                queue.flushing = false;
            }
            (entries, last)
        });
        for chunk in entries.chunks(ENTRIES_PER_BATCH) {
            if let Err(error) = write(&db, chunk).await {
                worker::console_error!(
                    "could not record {} AUTHENTICATE entries: {error}",
                    chunk.len()
                );
            }
        }
        if last {
            return;
        }
    }
}

/// The entries, and `last_used_at` of each token used successfully, in one batch.
async fn write(db: &D1Database, entries: &[AuthenticationLog]) -> AppResult<()> {
    let mut statements = Vec::with_capacity(entries.len() + 1);
    let mut touched: Vec<(i64, i64)> = Vec::new();
    for log in entries {
        let entry = &log.entry;
        statements.push(token_logs::insert_authentication(db, entry)?);
        if let (true, true, Some(token_id)) = (entry.ok, log.touch_last_used, entry.token_id) {
            match touched.iter_mut().find(|(id, _)| *id == token_id) {
                Some((_, at)) => *at = (*at).max(entry.now),
                None => touched.push((token_id, entry.now)),
            }
        }
    }
    for (token_id, now) in touched {
        statements.push(tokens::touch_last_used(
            db,
            token_id,
            now,
            LAST_USED_STALENESS_SECONDS,
        )?);
    }
    db.batch(statements).await?;
    Ok(())
}
