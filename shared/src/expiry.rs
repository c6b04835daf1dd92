//! `Expiry On` (R2, R6): the choices the forms offer, and the date a choice
//! resolves to. A token works through the whole of its Expiry On day (UTC)
//! and is `Expired` from the next day.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Duration};

use crate::ValidationError;

/// The furthest any Expiry On may be, even without an organization maximum.
pub const LATEST_EXPIRY_DAYS: i64 = 10 * 366;

/// What a form sends for Expiry On. On the wire: `"1_day"`, `"7_days"`,
/// `"30_days"`, `"60_days"`, `"1_year"`, `"never"` or a date `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryChoice {
    OneDay,
    SevenDays,
    ThirtyDays,
    SixtyDays,
    OneYear,
    Never,
    On(Date),
}

impl ExpiryChoice {
    /// The preset choices in the order the form lists them.
    pub const PRESETS: [ExpiryChoice; 6] = [
        Self::OneDay,
        Self::SevenDays,
        Self::ThirtyDays,
        Self::SixtyDays,
        Self::OneYear,
        Self::Never,
    ];

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        Ok(match input {
            "1_day" => Self::OneDay,
            "7_days" => Self::SevenDays,
            "30_days" => Self::ThirtyDays,
            "60_days" => Self::SixtyDays,
            "1_year" => Self::OneYear,
            "never" => Self::Never,
            date => Self::On(parse_date(date).ok_or(ValidationError::ExpiryInvalid)?),
        })
    }

    pub fn code(&self) -> String {
        match self {
            Self::OneDay => "1_day".into(),
            Self::SevenDays => "7_days".into(),
            Self::ThirtyDays => "30_days".into(),
            Self::SixtyDays => "60_days".into(),
            Self::OneYear => "1_year".into(),
            Self::Never => "never".into(),
            Self::On(date) => format_date(*date),
        }
    }

    /// The words the form shows for this choice.
    pub fn label(&self) -> String {
        match self {
            Self::OneDay => "1 day".into(),
            Self::SevenDays => "7 days".into(),
            Self::ThirtyDays => "30 days".into(),
            Self::SixtyDays => "60 days".into(),
            Self::OneYear => "1 year".into(),
            Self::Never => "Never".into(),
            Self::On(date) => format_date(*date),
        }
    }

    /// The Expiry On date this choice means today (`None`: never expires),
    /// within the organization's maximum lifetime when it has one.
    pub fn resolve(
        self,
        today: Date,
        max_lifetime_days: Option<i64>,
    ) -> Result<Option<Date>, ValidationError> {
        let days = |n: i64| {
            today
                .checked_add(Duration::days(n))
                .ok_or(ValidationError::ExpiryTooLate)
        };
        let date = match self {
            Self::OneDay => days(1)?,
            Self::SevenDays => days(7)?,
            Self::ThirtyDays => days(30)?,
            Self::SixtyDays => days(60)?,
            Self::OneYear => today
                .replace_year(today.year() + 1)
                .or_else(|_| days(365))?,
            Self::On(date) => date,
            Self::Never => {
                return match max_lifetime_days {
                    Some(max_days) => Err(ValidationError::ExpiryNeverNotAllowed { max_days }),
                    None => Ok(None),
                };
            }
        };
        if date < today {
            return Err(ValidationError::ExpiryInPast);
        }
        if date
            > latest_expiry_on(today, max_lifetime_days).ok_or(ValidationError::ExpiryTooLate)?
        {
            return Err(match max_lifetime_days {
                Some(max_days) if date > days(max_days)? => {
                    ValidationError::ExpiryBeyondMaximum { max_days }
                }
                _ => ValidationError::ExpiryTooLate,
            });
        }
        Ok(Some(date))
    }
}

/// The latest Expiry On a token can be given today (UTC): within the
/// organization's maximum lifetime when it has one, and never more than
/// `LATEST_EXPIRY_DAYS` ahead. The portal's date picker offers exactly the
/// days from `today` to this.
pub fn latest_expiry_on(today: Date, max_lifetime_days: Option<i64>) -> Option<Date> {
    let days = max_lifetime_days.map_or(LATEST_EXPIRY_DAYS, |max| max.min(LATEST_EXPIRY_DAYS));
    today.checked_add(Duration::days(days))
}

/// R3 under the organization's maximum lifetime: a token whose Expiry On
/// lies beyond today's maximum (or is Never while a maximum is set), made
/// before the maximum was, gets no new string until its Expiry On is edited
/// to fit. Without this, an old `Never` token could be renewed forever.
pub fn check_generation(
    expiry_on: Option<Date>,
    today: Date,
    max_lifetime_days: Option<i64>,
) -> Result<(), ValidationError> {
    let Some(max_days) = max_lifetime_days else {
        return Ok(());
    };
    match (expiry_on, latest_expiry_on(today, Some(max_days))) {
        (Some(expiry_on), Some(latest)) if expiry_on <= latest => Ok(()),
        _ => Err(ValidationError::GenerateBeyondMaximum { max_days }),
    }
}

/// Rotate Token: when the previous string stops at the latest (unix
/// seconds). `grace_seconds` from `now`, but never after the token's Expiry
/// On has ended (it works through that day, UTC), nor longer than the
/// organization's maximum token lifetime.
pub fn overlap_end(
    now: i64,
    grace_seconds: i64,
    expiry_on: Option<Date>,
    max_lifetime_days: Option<i64>,
) -> i64 {
    let mut end = now.saturating_add(grace_seconds);
    if let Some(expiry_ends) = expiry_on
        .and_then(|last_day| last_day.next_day())
        .map(|day| day.midnight().assume_utc().unix_timestamp())
    {
        end = end.min(expiry_ends);
    }
    if let Some(max_days) = max_lifetime_days {
        end = end.min(now.saturating_add(max_days.saturating_mul(86_400)));
    }
    end.max(now)
}

impl Serialize for ExpiryChoice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for ExpiryChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// `YYYY-MM-DD`, the one date format on the wire and in D1.
///
/// Written out by hand rather than through `time`'s format descriptions: the
/// same text (tests check both directions against `[year]-[month]-[day]`)
/// without the generic formatting and parsing code those add to the portal's
/// wasm (docs/performance.md has the portal's sizes).
pub fn format_date(date: Date) -> String {
    let (year, month, day) = date.to_calendar_date();
    let mut text = String::with_capacity(11);
    if year < 0 {
        text.push('-');
    }
    push_digits(&mut text, year.unsigned_abs(), 4);
    text.push('-');
    push_digits(&mut text, u8::from(month).into(), 2);
    text.push('-');
    push_digits(&mut text, day.into(), 2);
    text
}

/// Reads what [`format_date`] writes: an optional sign, a four-digit year,
/// a two-digit month and day, and a date that exists.
pub fn parse_date(text: &str) -> Option<Date> {
    let (negative, rest) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        rest => (false, rest),
    };
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *rest else {
        return None;
    };
    let year = i32::try_from(digits(&[y1, y2, y3, y4])?).ok()?;
    let month = time::Month::try_from(u8::try_from(digits(&[m1, m2])?).ok()?).ok()?;
    let day = u8::try_from(digits(&[d1, d2])?).ok()?;
    Date::from_calendar_date(if negative { -year } else { year }, month, day).ok()
}

/// The value of a run of ASCII digits, or `None` if any byte is not one.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// `value` in decimal, zero-padded to `width` digits.
fn push_digits(text: &mut String, value: u32, width: usize) {
    let decimal = value.to_string();
    for _ in decimal.len()..width {
        text.push('0');
    }
    text.push_str(&decimal);
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 29);

    #[test]
    fn a_token_beyond_the_current_maximum_gets_no_new_string_until_edited_r3() {
        let within = Some(date!(2026 - 12 - 29));
        let beyond = Some(date!(2026 - 12 - 30));
        assert_eq!(check_generation(within, TODAY, Some(30)), Ok(()));
        assert_eq!(
            check_generation(beyond, TODAY, Some(30)),
            Err(ValidationError::GenerateBeyondMaximum { max_days: 30 })
        );
        assert_eq!(
            check_generation(None, TODAY, Some(30)),
            Err(ValidationError::GenerateBeyondMaximum { max_days: 30 }),
            "Never, set before the maximum was"
        );
        assert_eq!(check_generation(None, TODAY, None), Ok(()));
        assert_eq!(check_generation(beyond, TODAY, None), Ok(()));
    }

    #[test]
    fn presets_count_days_from_today() {
        assert_eq!(
            ExpiryChoice::OneDay.resolve(TODAY, None),
            Ok(Some(date!(2026 - 11 - 30)))
        );
        assert_eq!(
            ExpiryChoice::SevenDays.resolve(TODAY, None),
            Ok(Some(date!(2026 - 12 - 06)))
        );
        assert_eq!(
            ExpiryChoice::ThirtyDays.resolve(TODAY, None),
            Ok(Some(date!(2026 - 12 - 29)))
        );
        assert_eq!(
            ExpiryChoice::SixtyDays.resolve(TODAY, None),
            Ok(Some(date!(2027 - 01 - 28)))
        );
        assert_eq!(
            ExpiryChoice::OneYear.resolve(TODAY, None),
            Ok(Some(date!(2027 - 11 - 29)))
        );
        assert_eq!(ExpiryChoice::Never.resolve(TODAY, None), Ok(None));
    }

    #[test]
    fn one_year_from_a_leap_day_is_365_days_later() {
        assert_eq!(
            ExpiryChoice::OneYear.resolve(date!(2028 - 02 - 29), None),
            Ok(Some(date!(2029 - 02 - 28)))
        );
    }

    #[test]
    fn a_custom_date_must_not_be_in_the_past() {
        assert_eq!(
            ExpiryChoice::On(TODAY).resolve(TODAY, None),
            Ok(Some(TODAY)),
            "today is allowed"
        );
        assert_eq!(
            ExpiryChoice::On(date!(2026 - 11 - 28)).resolve(TODAY, None),
            Err(ValidationError::ExpiryInPast)
        );
    }

    #[test]
    fn the_organization_maximum_bounds_every_choice() {
        let max = Some(30);
        assert!(ExpiryChoice::ThirtyDays.resolve(TODAY, max).is_ok());
        assert_eq!(
            ExpiryChoice::SixtyDays.resolve(TODAY, max),
            Err(ValidationError::ExpiryBeyondMaximum { max_days: 30 })
        );
        assert_eq!(
            ExpiryChoice::Never.resolve(TODAY, max),
            Err(ValidationError::ExpiryNeverNotAllowed { max_days: 30 })
        );
    }

    #[test]
    fn absurdly_distant_dates_are_refused() {
        assert_eq!(
            ExpiryChoice::On(date!(2999 - 01 - 01)).resolve(TODAY, None),
            Err(ValidationError::ExpiryTooLate)
        );
    }

    /// `time`'s own `[year]-[month]-[day]`: the hand-written pair must match it.
    const WIRE: &[time::format_description::BorrowedFormatItem<'static>] =
        time::macros::format_description!("[year]-[month]-[day]");

    #[test]
    fn dates_are_written_exactly_as_time_writes_them() {
        let mut date = Date::MIN;
        while date < Date::MAX {
            assert_eq!(format_date(date), date.format(WIRE).unwrap());
            date = date.checked_add(Duration::days(5)).unwrap_or(Date::MAX);
        }
        for date in [Date::MAX, date!(0000 - 01 - 01), date!(-0001 - 12 - 31)] {
            assert_eq!(format_date(date), date.format(WIRE).unwrap());
        }
    }

    #[test]
    fn dates_are_read_exactly_as_time_reads_them() {
        let mut inputs: Vec<String> = [
            "",
            "2026",
            "2026-11",
            "2026-11-2",
            "2026-11-290",
            "2026-11-29 ",
            " 2026-11-29",
            "2026-11-29T00:00",
            "2026/11/29",
            "20261129",
            "26-11-29",
            "02026-11-29",
            "+2026-11-29",
            "-2026-11-29",
            "+-2026-11-29",
            "--2026-11-29",
            "-0000-01-01",
            "2026-00-10",
            "2026-13-10",
            "2026-1-10",
            "2026-11-00",
            "2026-11-31",
            "2026-02-29",
            "2028-02-29",
            "1900-02-29",
            "2000-02-29",
            "9999-12-31",
            "0000-01-01",
            "-9999-01-01",
            "2026-11-2a",
            "2O26-11-29",
            "2026-11-\u{0662}9",
            "\u{0662}026-11-29",
            "2026-11-29\n",
            "2026_11_29",
            "\u{ff11}\u{ff12}\u{ff13}\u{ff14}-11-29",
            "2026-11-29-",
            "+",
            "-",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for year in ["0000", "0001", "1970", "2026", "2400", "9999"] {
            for month in 0..=13 {
                for day in 0..=32 {
                    for sign in ["", "-", "+"] {
                        inputs.push(format!("{sign}{year}-{month:02}-{day:02}"));
                    }
                }
            }
        }
        for input in inputs {
            assert_eq!(
                parse_date(&input),
                Date::parse(&input, WIRE).ok(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn choices_round_trip_through_their_wire_codes() {
        for choice in ExpiryChoice::PRESETS
            .into_iter()
            .chain([ExpiryChoice::On(TODAY)])
        {
            assert_eq!(ExpiryChoice::parse(&choice.code()), Ok(choice));
        }
        assert_eq!(
            ExpiryChoice::parse("2026-02-30"),
            Err(ValidationError::ExpiryInvalid)
        );
        assert_eq!(
            ExpiryChoice::parse("tomorrow"),
            Err(ValidationError::ExpiryInvalid)
        );
    }

    #[test]
    fn a_rotation_overlap_is_the_grace_period_capped_by_expiry_and_maximum_lifetime() {
        // 2026-11-30T12:00:00Z
        let noon = 1_796_040_000;
        let week = 7 * 86_400;
        assert_eq!(overlap_end(noon, week, None, None), noon + week);
        // Works through 2026-12-02: stops at 2026-12-03T00:00:00Z.
        let expiry = parse_date("2026-12-02");
        assert_eq!(
            overlap_end(noon, week, expiry, None),
            noon + 86_400 * 2 + 43_200
        );
        assert_eq!(overlap_end(noon, 3_600, expiry, None), noon + 3_600);
        assert_eq!(overlap_end(noon, week, None, Some(1)), noon + 86_400);
        // An Expiry On of today: until midnight.
        assert_eq!(
            overlap_end(noon, week, parse_date("2026-11-30"), None),
            noon + 43_200
        );
    }
}
