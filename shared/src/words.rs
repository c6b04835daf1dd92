//! Counts in words, one way everywhere the worker and the portal speak:
//! "1 day", "2 days", "0 tokens".

/// `count` and its noun, singular for exactly one: `count(1, "day")` is
/// "1 day", `count(7, "day")` "7 days". For nouns whose plural is not the
/// singular and an `s`, `count_of`.
pub fn count(count: impl Into<i64>, noun: &str) -> String {
    count_of(count, noun, &format!("{noun}s"))
}

/// `count` with `singular` for exactly one and `plural` otherwise:
/// `count_of(1, "entry", "entries")` is "1 entry".
pub fn count_of(count: impl Into<i64>, singular: &str, plural: &str) -> String {
    match count.into() {
        1 => format!("1 {singular}"),
        n => format!("{n} {plural}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "day"), "1 day");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(0, "token"), "0 tokens");
        assert_eq!(count(-1, "day"), "-1 days");
        assert_eq!(count(1_000u32, "request"), "1000 requests");
        assert_eq!(count_of(1, "entry", "entries"), "1 entry");
        assert_eq!(count_of(3, "entry", "entries"), "3 entries");
    }

    #[test]
    fn a_one_day_maximum_is_said_in_the_singular() {
        let refusal = crate::error::ValidationError::ExpiryBeyondMaximum { max_days: 1 };
        assert_eq!(
            refusal.to_string(),
            "Your organization allows tokens of at most 1 day: choose an earlier Expiry On."
        );
    }
}
