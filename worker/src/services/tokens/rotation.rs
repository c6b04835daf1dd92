//! The end of rotation overlaps (Rotate Token). An overlap ends at the new
//! string's first use, recorded with that request's AUTHENTICATE entry
//! (`authentication_log`), or when its grace period is over: the string
//! stops then whatever runs (the token check compares the time), and the
//! quarter-hourly Cron Trigger writes the ROTATE entry, dated when it ended.

use worker::D1Database;

use crate::error::AppResult;

/// Ends in Token Logs every overlap whose grace period is over at `now`;
/// however often it runs, at once or not, each is ended once. Returns how many.
pub async fn end_overlaps(db: &D1Database, now: i64) -> AppResult<usize> {
    crate::store::rotations::end_overlaps_past_their_grace(db, now).await
}
