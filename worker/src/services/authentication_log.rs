//! AUTHENTICATE entries (R12, R17) and `last_used_at`: durable before the
//! answer, written in groups.
//!
//! No API request is answered before the D1 batch holding its entry has
//! committed. Requests that arrive together share one batch (group commit):
//! an entry queues in the isolate's memory, and a request whose entry is
//! still queued while no group is being written writes the group itself, in
//! its own request, with every entry queued so far; the others look again a
//! moment later, until the group holding theirs has committed. Under load that is one D1 write for many
//! requests, each answered a write's time later instead of never knowing
//! whether its entry made it.
//!
//! - A failed write is retried (`ATTEMPTS`, with a growing pause); if it
//!   still fails, the requests of that group are answered 503 instead of
//!   being answered without their entry.
//! - The queue is bounded (`MAX_QUEUED`): past it a request is answered 503
//!   at once rather than growing the isolate's memory.
//! - No flag can stay set: the group being written belongs to a request,
//!   and if that request ends mid-write (cancelled, timed out), its guard
//!   clears the flag and puts the group's entries back in the queue for the
//!   next writer. An entry written twice that way (the batch had committed
//!   after all) is a duplicate line in Token Logs, never a missing one.
//! - An isolate that dies takes its queue with it, and with it the requests
//!   still waiting there: none of them was answered.

use std::cell::RefCell;
use std::rc::Rc;

use worker::D1Database;

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::store::token_logs::{self, Authentication};
use crate::store::tokens;

/// `last_used_at` is written at most once a minute per token: the grid's
/// "last used" may be up to this many seconds behind.
pub const LAST_USED_STALENESS_SECONDS: i64 = 60;

/// D1 runs a batch as one transaction; keep each one modest.
const ENTRIES_PER_BATCH: usize = 50;

/// Entries waiting at once in one isolate, at most.
const MAX_QUEUED: usize = 2_000;

/// Tries of one group's write, and the pause before each retry.
const ATTEMPTS: u32 = 3;
const FIRST_PAUSE_MS: u64 = 25;

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
                request_id: None,
                client_address: None,
            },
            touch_last_used: false,
        }
    }
}

/// Where a group's writer says whether an entry was written: `None` until then.
type Slot = Rc<RefCell<Option<Result<(), String>>>>;

#[derive(Default)]
struct Queue {
    entries: Vec<(AuthenticationLog, Slot)>,
    /// Whether a request is writing a group right now.
    writing: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
}

/// Records `log` durably: returns once the batch holding it has committed.
/// `Err` (answered 503) when it could not be written, or the queue is full.
///
/// A request waits only on its own I/O: it writes a group itself, or looks
/// at its slot again after a short timer of its own. The Workers runtime
/// ends a request that waits on another request's work as hung, so no
/// request is ever woken by another.
pub async fn record(
    log: AuthenticationLog,
    coming: Coming,
    db: &D1Database,
    budget_rows: i64,
) -> AppResult<()> {
    let slot = Slot::default();
    drop(coming);
    QUEUE.with_borrow_mut(|queue| {
        if queue.entries.len() >= MAX_QUEUED {
            return Err(AppError::Unavailable(
                "too many authentications are waiting to be recorded".into(),
            ));
        }
        queue.entries.push((log, slot.clone()));
        Ok(())
    })?;
    loop {
        if let Some(result) = slot.borrow_mut().take() {
            return result.map_err(AppError::Unavailable);
        }
        if claim_turn() {
            // The guard first: a request ended while gathering frees the turn too.
            let mut turn = Turn(Some(Vec::new()));
            // Entries of requests already being checked join this group: a
            // moment's wait for them saves a write each. A request alone
            // waits for nothing.
            for _ in 0..GATHER_AT_MOST_TICKS {
                if COMING.get() == 0 {
                    break;
                }
                worker::Delay::from(GATHER_TICK).await;
            }
            turn.0 = Some(drain_group());
            turn.write(db, budget_rows).await;
        } else {
            worker::Delay::from(LOOK_AGAIN).await;
        }
    }
}

/// How long a request whose entry another request is writing waits before
/// looking at its slot again.
const LOOK_AGAIN: std::time::Duration = std::time::Duration::from_millis(2);

/// How a writer waits for the entries of requests still being checked.
const GATHER_TICK: std::time::Duration = std::time::Duration::from_millis(1);
const GATHER_AT_MOST_TICKS: u32 = 5;

thread_local! {
    /// Requests of this isolate being checked, whose entries are coming.
    static COMING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A request being checked, whose entry is coming: a group's writer waits a
/// moment for it. Dropped when its entry is queued, or if it has none.
pub struct Coming(());

impl Coming {
    pub fn announce() -> Self {
        COMING.set(COMING.get() + 1);
        Self(())
    }
}

impl Drop for Coming {
    fn drop(&mut self) {
        COMING.set(COMING.get().saturating_sub(1));
    }
}

/// Whether this request is to write the next group: none is being written
/// and entries are waiting.
fn claim_turn() -> bool {
    QUEUE.with_borrow_mut(|queue| {
        if queue.writing || queue.entries.is_empty() {
            return false;
        }
        queue.writing = true;
        true
    })
}

fn drain_group() -> Vec<(AuthenticationLog, Slot)> {
    QUEUE.with_borrow_mut(|queue| {
        let count = queue.entries.len().min(ENTRIES_PER_BATCH);
        queue.entries.drain(..count).collect()
    })
}

/// One request's turn at writing a group. Dropped, at the end or mid-write,
/// it lets the next request write; a group it did not finish goes back to
/// the front of the queue for the next writer.
struct Turn(Option<Vec<(AuthenticationLog, Slot)>>);

impl Turn {
    async fn write(mut self, db: &D1Database, budget_rows: i64) {
        let Some(group) = self.0.as_ref() else {
            return;
        };
        let mut outcome = Err(String::new());
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                let pause = FIRST_PAUSE_MS << (2 * (attempt - 1));
                worker::Delay::from(std::time::Duration::from_millis(pause)).await;
            }
            outcome = write(db, group, budget_rows)
                .await
                .map_err(|error| error.to_string());
            if outcome.is_ok() {
                break;
            }
        }
        if let Err(error) = &outcome {
            worker::console_error!(
                "could not record {} AUTHENTICATE entries after {ATTEMPTS} tries: {error}",
                group.len()
            );
        }
        for (_, slot) in self.0.take().unwrap_or_default() {
            *slot.borrow_mut() = Some(outcome.clone());
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let unfinished = self.0.take();
        QUEUE.with_borrow_mut(|queue| {
            queue.writing = false;
            if let Some(group) = unfinished {
                queue.entries.splice(0..0, group);
            }
        });
    }
}

/// The entries, and `last_used_at` of each token used successfully, in one
/// batch (one transaction), the log's budget applied entry by entry.
async fn write(
    db: &D1Database,
    group: &[(AuthenticationLog, Slot)],
    budget_rows: i64,
) -> AppResult<()> {
    let mut statements = Vec::with_capacity(3 * group.len() + 1);
    let mut touched: Vec<(i64, i64)> = Vec::new();
    for (log, _) in group {
        let entry = &log.entry;
        statements.extend(token_logs::record_authentication(db, entry, budget_rows)?);
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
