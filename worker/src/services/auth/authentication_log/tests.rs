use super::*;

/// The clock every test starts from, in milliseconds.
const NOW_MS: i64 = 1_795_953_600_000;

/// An AUTHENTICATE entry of token `token_id` at `now` (seconds).
fn log(token_id: i64, ok: bool, touch_last_used: bool, now: i64) -> AuthenticationLog {
    let mut log = AuthenticationLog::basic(Some((1, 3)), ok, None, now * 1000);
    log.entry.token_id = Some(token_id);
    log.touch_last_used = touch_last_used;
    log
}

fn queue_of(entries: usize) -> (Queue, Vec<Slot>) {
    let mut queue = Queue::default();
    let slots = (0..entries)
        .map(|i| {
            queue
                .push(log(i as i64, true, false, NOW_MS / 1000))
                .expect("room")
        })
        .collect();
    (queue, slots)
}

/// Which queued entries (by their token id) each writer holds.
fn taken(queue: &Queue) -> Vec<(i64, Option<u64>)> {
    queue
        .entries
        .iter()
        .map(|pending| (pending.log.entry.token_id.unwrap_or(-1), pending.taken_by))
        .collect()
}

fn ids(group: &[(AuthenticationLog, Slot)]) -> Vec<i64> {
    group
        .iter()
        .filter_map(|(log, _)| log.entry.token_id)
        .collect()
}

#[test]
fn with_an_entry_waiting_and_no_writer_the_request_leads_r17() {
    let (mut queue, _) = queue_of(1);
    assert_eq!(queue.claim_turn(NOW_MS), Some(1));
}

#[test]
fn with_nothing_waiting_nobody_leads() {
    let mut queue = Queue::default();
    assert_eq!(queue.claim_turn(NOW_MS), None);
    assert!(queue.writer.is_none());
}

#[test]
fn while_a_writer_holds_its_lease_nobody_else_leads_r17() {
    let (mut queue, _) = queue_of(2);
    let first = queue.claim_turn(NOW_MS).expect("leads");
    assert_eq!(queue.take_group(first).len(), 2);
    let _ = queue.push(log(9, true, false, NOW_MS / 1000));
    // An entry is waiting, but the lease holds until its last millisecond.
    assert_eq!(queue.claim_turn(NOW_MS + 1), None);
    assert_eq!(queue.claim_turn(NOW_MS + LEASE_MS - 1), None);
}

#[test]
fn a_lease_past_its_time_is_stale_and_the_next_request_leads_with_its_group_r17() {
    let (mut queue, _) = queue_of(3);
    let stalled = queue.claim_turn(NOW_MS).expect("leads");
    assert_eq!(ids(&queue.take_group(stalled)), [0, 1, 2]);
    // The stalled writer never finishes nor drops its guard.
    let next = queue
        .claim_turn(NOW_MS + LEASE_MS)
        .expect("the stale lease is free");
    assert_ne!(next, stalled);
    assert_eq!(
        queue
            .writer
            .as_ref()
            .map(|lease| (lease.writer, lease.until_ms)),
        Some((next, NOW_MS + 2 * LEASE_MS))
    );
    // What the stalled writer held is written by the next one.
    assert_eq!(ids(&queue.take_group(next)), [0, 1, 2]);
    assert_eq!(
        taken(&queue),
        [(0, Some(next)), (1, Some(next)), (2, Some(next))]
    );
}

#[test]
fn a_stale_writer_ending_late_leaves_the_next_writers_claim_and_group_alone() {
    let (mut queue, _) = queue_of(2);
    let stalled = queue.claim_turn(NOW_MS).expect("leads");
    queue.take_group(stalled);
    let next = queue.claim_turn(NOW_MS + LEASE_MS).expect("leads");
    queue.take_group(next);
    queue.end_turn(stalled);
    assert_eq!(queue.writer.as_ref().map(|lease| lease.writer), Some(next));
    assert_eq!(taken(&queue), [(0, Some(next)), (1, Some(next))]);
}

#[test]
fn a_group_is_the_waiting_entries_in_order_at_most_a_batch() {
    let (mut queue, _) = queue_of(ENTRIES_PER_BATCH + 3);
    let writer = queue.claim_turn(NOW_MS).expect("leads");
    let group = queue.take_group(writer);
    assert_eq!(
        ids(&group),
        (0..ENTRIES_PER_BATCH as i64).collect::<Vec<_>>()
    );
    // The rest wait for the next writer, once this one's turn ends.
    assert_eq!(queue.claim_turn(NOW_MS), None);
    queue.remove(&group);
    queue.end_turn(writer);
    let after = queue
        .claim_turn(NOW_MS)
        .expect("the rest lead another group");
    let rest = ENTRIES_PER_BATCH as i64..ENTRIES_PER_BATCH as i64 + 3;
    assert_eq!(ids(&queue.take_group(after)), rest.collect::<Vec<_>>());
}

#[test]
fn a_group_never_holds_an_entry_another_writer_holds() {
    let (mut queue, _) = queue_of(2);
    let first = queue.claim_turn(NOW_MS).expect("leads");
    assert_eq!(ids(&queue.take_group(first)), [0, 1]);
    let _ = queue.push(log(2, true, false, NOW_MS / 1000));
    let second = queue.claim_turn(NOW_MS + LEASE_MS).expect("leads");
    queue.take_group(second);
    // The first writer's lease was stale: the second holds all three.
    let _ = queue.push(log(3, true, false, NOW_MS / 1000));
    assert_eq!(queue.take_group(99).len(), 1, "only the unheld entry");
}

#[test]
fn a_turn_that_ends_unwritten_frees_its_group_for_the_next_writer() {
    let (mut queue, _) = queue_of(2);
    let writer = queue.claim_turn(NOW_MS).expect("leads");
    queue.take_group(writer);
    queue.end_turn(writer);
    assert!(queue.writer.is_none());
    assert_eq!(taken(&queue), [(0, None), (1, None)]);
    let next = queue
        .claim_turn(NOW_MS + 1)
        .expect("leads at once, not after the lease");
    assert_eq!(ids(&queue.take_group(next)), [0, 1]);
}

#[test]
fn a_written_group_leaves_the_queue_and_later_entries_stay() {
    let (mut queue, slots) = queue_of(2);
    let writer = queue.claim_turn(NOW_MS).expect("leads");
    let group = queue.take_group(writer);
    let late = queue
        .push(log(5, true, false, NOW_MS / 1000))
        .expect("room");
    queue.remove(&group);
    queue.end_turn(writer);
    drop(group);
    assert_eq!(taken(&queue), [(5, None)]);
    assert!(Rc::ptr_eq(&queue.entries[0].slot, &late));
    assert!(
        slots.iter().all(|slot| Rc::strong_count(slot) == 1),
        "the queue let go of the written slots"
    );
}

#[test]
fn a_full_queue_refuses_the_next_entry() {
    let (mut queue, _) = queue_of(MAX_QUEUED);
    assert!(queue.push(log(0, true, false, NOW_MS / 1000)).is_none());
    assert_eq!(queue.entries.len(), MAX_QUEUED);
    let writer = queue.claim_turn(NOW_MS).expect("leads");
    let group = queue.take_group(writer);
    queue.remove(&group);
    assert!(queue.push(log(0, true, false, NOW_MS / 1000)).is_some());
}

#[test]
fn requests_arrive_together_only_right_after_a_shared_group() {
    let written = NOW_MS;
    assert!(arriving_after((written, 2), written + ARRIVING_WITHIN_MS));
    assert!(!arriving_after(
        (written, 2),
        written + ARRIVING_WITHIN_MS + 1
    ));
    assert!(
        !arriving_after((written, 1), written),
        "a request alone waits for nobody"
    );
    assert!(!arriving_after((0, 0), written), "before any group");
}

#[test]
fn last_used_is_each_tokens_latest_successful_use_that_may_touch_it() {
    let group: Vec<(AuthenticationLog, Slot)> = [
        log(1, true, true, 100),
        log(1, true, true, 160),
        log(1, true, true, 130),
        log(2, false, true, 200),
        log(3, true, false, 300),
        log(4, true, true, 400),
    ]
    .into_iter()
    .map(|log| (log, Slot::default()))
    .collect();
    assert_eq!(last_used(&group), [(1, 160), (4, 400)]);
    let basic = AuthenticationLog::basic(Some((1, 3)), true, None, 500_000);
    assert_eq!(
        last_used(&[(basic, Slot::default())]),
        [],
        "Basic names no token"
    );
}
