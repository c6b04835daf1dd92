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
//! - No client holds the others: a group's write runs in its writer's
//!   `waitUntil`, which the runtime finishes even after that client has
//!   hung up. No claim can stay set: the write's guard ends the claim when
//!   it finishes or is dropped; and a write the runtime ends all the same
//!   (past `waitUntil`'s own limit), whose future is never resumed or
//!   dropped, holds its claim only until its lease runs out (`LEASE_MS`):
//!   then its group is free for the next writer. An entry written twice
//!   that way (the batch had committed after all) is a duplicate line in
//!   Token Logs, never a missing one.
//! - An isolate that dies takes its queue with it, and with it the requests
//!   still waiting there: none of them was answered.

use std::cell::RefCell;
use std::rc::Rc;

use worker::{Context, D1Database, Env};

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::store::token_logs::{self, Authentication, OverlapEnd, Usage};

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
    /// The hash of a rotated token's new string, used while the previous
    /// one still worked: this use ends the overlap (if no other did first).
    pub ends_overlap: Option<crate::secret::TokenHash>,
}

impl AuthenticationLog {
    /// A Basic authentication attempt at `now_ms`, attributed to
    /// `(organization, login)` when the email named one.
    pub fn basic(login: Option<(i64, i64)>, ok: bool, detail: Option<&str>, now_ms: i64) -> Self {
        Self {
            entry: Authentication {
                organization_id: login.map(|(organization, _)| organization),
                token_id: None,
                token_name: "(Basic authentication)".into(),
                owner_login_id: login.map(|(_, id)| id),
                ok,
                detail: detail.map(str::to_owned),
                now: now_ms / 1000,
                at_ms: now_ms,
                request_id: None,
                client_address: None,
                usage: Usage::default(),
                token_hash: None,
            },
            touch_last_used: false,
            ends_overlap: None,
        }
    }
}

/// Where a group's writer says whether an entry was written: `None` until then.
type Slot = Rc<RefCell<Option<Result<(), String>>>>;

/// An entry waiting to be written.
struct Pending {
    log: AuthenticationLog,
    slot: Slot,
    /// The writer whose group holds it, if one does.
    taken_by: Option<u64>,
}

/// The request writing a group right now, until when its claim holds.
struct Lease {
    writer: u64,
    until_ms: i64,
}

#[derive(Default)]
struct Queue {
    entries: Vec<Pending>,
    writer: Option<Lease>,
    writers: u64,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
}

/// How long a writer's claim on its group holds: far longer than a write
/// and its retries take. A request the runtime ends mid-write (its client
/// gone) is never resumed, so its guard never runs; past its lease, its
/// group is free for the next writer, and no flag stays set.
const LEASE_MS: i64 = 10_000;

/// Records `log` durably: returns once the batch holding it has committed.
/// `Err` (answered 503) when it could not be written, or the queue is full.
///
/// A request waits only on its own I/O: it writes a group itself, or looks
/// at its slot again after a short timer of its own. The Workers runtime
/// ends a request that waits on another request's work as hung, so no
/// request is ever woken by another.
///
/// The group's write is handed to the request's execution context
/// (`waitUntil`), which the runtime lets finish even when that request's
/// client hangs up mid-write: a client gone never holds the others' entries.
pub async fn record(
    log: AuthenticationLog,
    coming: Coming,
    env: &Env,
    ctx: &Context,
    budget_rows: i64,
) -> AppResult<()> {
    drop(coming);
    let slot = QUEUE
        .with_borrow_mut(|queue| queue.push(log))
        .ok_or_else(|| {
            AppError::Unavailable("too many authentications are waiting to be recorded".into())
        })?;
    loop {
        if let Some(result) = slot.borrow_mut().take() {
            return result.map_err(AppError::Unavailable);
        }
        let Some(writer) = claim_turn(clock::now_ms()) else {
            worker::Delay::from(LOOK_AGAIN).await;
            continue;
        };
        // The guard first: a request ended while gathering frees the turn too.
        let mut turn = Turn {
            writer,
            group: Vec::new(),
        };
        // Entries of requests already being checked join this group: a
        // moment's wait for them saves a write each. Right after a shared
        // write, the requests it answered are sending their next ones: wait
        // for those to arrive too, or the first of them writes alone. A
        // request alone waits for nothing.
        let arriving = arriving_together(clock::now_ms());
        for tick in 0..GATHER_AT_MOST_TICKS {
            if COMING.get() == 0 && !(arriving && tick < GATHER_ARRIVING_TICKS) {
                break;
            }
            worker::Delay::from(GATHER_TICK).await;
        }
        turn.group = take_group(writer);
        let env = env.clone();
        ctx.wait_until(async move {
            match crate::services::database(&env) {
                Ok(db) => turn.write(&db, budget_rows).await,
                // Dropped unwritten: the group is free for the next writer.
                Err(error) => worker::console_error!("AUTHENTICATE entries: {error}"),
            }
        });
    }
}

/// How long a request whose entry another request is writing waits before
/// looking at its slot again.
const LOOK_AGAIN: std::time::Duration = std::time::Duration::from_millis(2);

/// How a writer waits for the entries of requests still being checked.
const GATHER_TICK: std::time::Duration = std::time::Duration::from_millis(1);
const GATHER_AT_MOST_TICKS: u32 = 25;

/// How long a writer waits for requests arriving together, when the last
/// group held several entries and was written at most `ARRIVING_WITHIN_MS`
/// before: longer than a waiting request takes to look at its slot again
/// (`LOOK_AGAIN`) and its client to send the next request.
const GATHER_ARRIVING_TICKS: u32 = 4;
const ARRIVING_WITHIN_MS: i64 = 10;

thread_local! {
    /// When the last group was written, and how many entries it held.
    static LAST_GROUP: std::cell::Cell<(i64, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// Whether requests are arriving together: the last group was shared and
/// has just been written, so the requests it answered are sending more.
fn arriving_together(now_ms: i64) -> bool {
    arriving_after(LAST_GROUP.get(), now_ms)
}

/// Whether a group of `entries` written at `written_at_ms` means requests
/// are arriving together at `now_ms`.
fn arriving_after((written_at_ms, entries): (i64, usize), now_ms: i64) -> bool {
    entries > 1 && now_ms - written_at_ms <= ARRIVING_WITHIN_MS
}

thread_local! {
    /// Requests of this isolate being checked, whose entries are coming.
    static COMING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A request being checked, whose entry is coming: a group's writer waits a
/// moment for it. Dropped when its entry is queued, or if it has none. (A
/// request the runtime ends while it is checked leaves its count behind:
/// writers then wait their few milliseconds for nothing, never longer.)
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

/// A writer's id when this request is to write the next group: no claim
/// holds (none, or one past its lease) and entries are waiting.
fn claim_turn(now_ms: i64) -> Option<u64> {
    QUEUE.with_borrow_mut(|queue| queue.claim_turn(now_ms))
}

/// The next group: up to `ENTRIES_PER_BATCH` entries no writer holds, now `writer`'s.
fn take_group(writer: u64) -> Vec<(AuthenticationLog, Slot)> {
    QUEUE.with_borrow_mut(|queue| queue.take_group(writer))
}

impl Queue {
    /// Queues `log`, unless `MAX_QUEUED` entries are waiting already; the
    /// slot its writer will fill.
    fn push(&mut self, log: AuthenticationLog) -> Option<Slot> {
        if self.entries.len() >= MAX_QUEUED {
            return None;
        }
        let slot = Slot::default();
        self.entries.push(Pending {
            log,
            slot: slot.clone(),
            taken_by: None,
        });
        Some(slot)
    }

    fn claim_turn(&mut self, now_ms: i64) -> Option<u64> {
        if let Some(lease) = &self.writer {
            if lease.until_ms > now_ms {
                return None;
            }
            // Its request was ended mid-write: what it held is free again.
            let stale = lease.writer;
            self.end_turn(stale);
        }
        if !self
            .entries
            .iter()
            .any(|pending| pending.taken_by.is_none())
        {
            return None;
        }
        self.writers += 1;
        let writer = self.writers;
        self.writer = Some(Lease {
            writer,
            until_ms: now_ms + LEASE_MS,
        });
        Some(writer)
    }

    fn take_group(&mut self, writer: u64) -> Vec<(AuthenticationLog, Slot)> {
        self.entries
            .iter_mut()
            .filter(|pending| pending.taken_by.is_none())
            .take(ENTRIES_PER_BATCH)
            .map(|pending| {
                pending.taken_by = Some(writer);
                (pending.log.clone(), pending.slot.clone())
            })
            .collect()
    }

    /// Ends `writer`'s claim, if it still holds it: what it took and did
    /// not finish is free for the next writer.
    fn end_turn(&mut self, writer: u64) {
        for pending in &mut self.entries {
            if pending.taken_by == Some(writer) {
                pending.taken_by = None;
            }
        }
        if self
            .writer
            .as_ref()
            .is_some_and(|lease| lease.writer == writer)
        {
            self.writer = None;
        }
    }

    /// Takes the entries of `group` (written, or given up on) out of the queue.
    fn remove(&mut self, group: &[(AuthenticationLog, Slot)]) {
        self.entries.retain(|pending| {
            !group
                .iter()
                .any(|(_, slot)| Rc::ptr_eq(slot, &pending.slot))
        });
    }
}

/// One request's turn at writing a group. Dropped, at the end or mid-write,
/// it ends its claim; a group it did not finish is free for the next writer.
struct Turn {
    writer: u64,
    group: Vec<(AuthenticationLog, Slot)>,
}

impl Turn {
    async fn write(mut self, db: &D1Database, budget_rows: i64) {
        if self.group.is_empty() {
            return;
        }
        let mut outcome = Err(String::new());
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                let pause = FIRST_PAUSE_MS << (2 * (attempt - 1));
                worker::Delay::from(std::time::Duration::from_millis(pause)).await;
            }
            outcome = write(db, &self.group, budget_rows)
                .await
                .map_err(|error| error.to_string());
            if outcome.is_ok() {
                break;
            }
        }
        if let Err(error) = &outcome {
            worker::console_error!(
                "could not record {} AUTHENTICATE entries after {ATTEMPTS} tries: {error}",
                self.group.len()
            );
        }
        let group = std::mem::take(&mut self.group);
        LAST_GROUP.set((clock::now_ms(), group.len()));
        for (_, slot) in &group {
            *slot.borrow_mut() = Some(outcome.clone());
        }
        // Written (or given up on): out of the queue.
        QUEUE.with_borrow_mut(|queue| queue.remove(&group));
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        QUEUE.with_borrow_mut(|queue| queue.end_turn(self.writer));
    }
}

/// The entries, and `last_used_at` of each token used successfully (the
/// latest use per token), in one batch: the log's budget applied entry by
/// entry (`token_logs::record_authentications`).
async fn write(
    db: &D1Database,
    group: &[(AuthenticationLog, Slot)],
    budget_rows: i64,
) -> AppResult<()> {
    let last_used = last_used(group);
    let entries: Vec<&Authentication> = group.iter().map(|(log, _)| &log.entry).collect();
    let overlap_ends: Vec<OverlapEnd> = group
        .iter()
        .filter_map(|(log, _)| {
            Some(OverlapEnd {
                token_id: log.entry.token_id?,
                secret_hash: log.ends_overlap.as_ref()?,
                now: log.entry.now,
                at_ms: log.entry.at_ms,
            })
        })
        .collect();
    token_logs::record_authentications(
        db,
        &entries,
        budget_rows,
        &last_used,
        LAST_USED_STALENESS_SECONDS,
        &overlap_ends,
    )
    .await
}

/// `(token id, when)` for each token the group used successfully and may
/// touch: its latest such use.
fn last_used(group: &[(AuthenticationLog, Slot)]) -> Vec<(i64, i64)> {
    let mut last_used: Vec<(i64, i64)> = Vec::new();
    for (log, _) in group {
        let entry = &log.entry;
        if let (true, true, Some(token_id)) = (entry.ok, log.touch_last_used, entry.token_id) {
            match last_used.iter_mut().find(|(id, _)| *id == token_id) {
                Some((_, at)) => *at = (*at).max(entry.now),
                None => last_used.push((token_id, entry.now)),
            }
        }
    }
    last_used
}

#[cfg(test)]
mod tests;
