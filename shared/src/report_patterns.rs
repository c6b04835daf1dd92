//! Tokens for named reports (R29): a token may be limited to the reports
//! whose names match its patterns. The match is made on every request, so a
//! report added later that matches is covered and one that does not is not.
//!
//! A pattern is the report's name, compared without regard to case, in
//! which `*` stands for any run of characters (none included) and every
//! other character for itself: `Emissions*` matches `Emissions 2026` and
//! `emissions`; `*water*` any name holding `water`. No pattern at all: every
//! report, as before patterns existed.

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::token_name::{composed, is_invisible};

/// A token's report patterns, each checked and canonical: trimmed, composed
/// (NFC), in the order given, without repeats (compared without case).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReportPatterns(Vec<String>);

impl ReportPatterns {
    /// At most this many patterns on a token.
    pub const MAX_PATTERNS: usize = 20;
    /// At most this many characters in a pattern, as in a report's name.
    pub const MAX_LEN: usize = 100;

    /// Checks `entries` as a person typed them; blank entries are dropped.
    pub fn parse(entries: &[String]) -> Result<Self, ValidationError> {
        // Counted as sent, blank and repeated entries included: the list's
        // bound holds for what a request carries, not only what is kept.
        if entries.len() > Self::MAX_PATTERNS {
            return Err(ValidationError::ReportPatternsTooMany {
                max: Self::MAX_PATTERNS,
            });
        }
        let mut patterns: Vec<String> = Vec::new();
        for entry in entries {
            let pattern = composed(entry.trim());
            if pattern.is_empty() {
                continue;
            }
            if pattern.chars().count() > Self::MAX_LEN {
                return Err(ValidationError::ReportPatternTooLong { max: Self::MAX_LEN });
            }
            if pattern.chars().any(|c| c.is_control() || is_invisible(c)) {
                return Err(ValidationError::ReportPatternCharacter);
            }
            if pattern.chars().all(|c| c == '*') {
                return Err(ValidationError::ReportPatternEverything);
            }
            let key = pattern.to_lowercase();
            if !patterns.iter().any(|kept| kept.to_lowercase() == key) {
                patterns.push(pattern);
            }
        }
        Ok(Self(patterns))
    }

    /// No pattern: the token reads every report its scope allows.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn entries(&self) -> &[String] {
        &self.0
    }

    /// Whether the token may read the report called `report_name`.
    pub fn allows(&self, report_name: &str) -> bool {
        let name = report_name.to_lowercase();
        self.is_empty()
            || self
                .0
                .iter()
                .any(|pattern| matches(&pattern.to_lowercase(), &name))
    }

    /// The patterns as a person reads them: `Emissions*, Water use 2026`.
    pub fn describe(&self) -> String {
        self.0.join(", ")
    }
}

/// Whether `name` matches `pattern`, `*` standing for any run of characters.
/// Greedy with one step back to the last `*`: linear in practice, never
/// worse than the product of the two lengths (each at most 100 characters).
fn matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    // The last `*` seen, and where in `name` it began matching.
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                // Let the last `*` take one more character, and go on.
                Some((star_p, star_n)) => {
                    star = Some((star_p, star_n + 1));
                    p = star_p + 1;
                    n = star_n + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(entries: &[&str]) -> Result<ReportPatterns, ValidationError> {
        ReportPatterns::parse(&entries.iter().map(|e| e.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_star_stands_for_any_run_of_characters_and_case_does_not_count() {
        let p = patterns(&["Emissions*", "Water use 2026", "*by location"]).unwrap();
        for allowed in [
            "Emissions 2026",
            "emissions",
            "EMISSIONS scope 3",
            "water USE 2026",
            "Energy by location",
        ] {
            assert!(p.allows(allowed), "{allowed}");
        }
        for refused in [
            "Water use 2025",
            "Water use 2026 draft",
            "Scope 3 emissions",
            "by locations",
            "",
        ] {
            assert!(!p.allows(refused), "{refused}");
        }
    }

    #[test]
    fn stars_anywhere_match_as_a_person_expects() {
        let cases = [
            ("*water*", "Water by location", true),
            ("*water*", "Rainwater", true),
            ("a*b*c", "abc", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYc d", false),
            ("a**b", "ab", true),
            ("*a", "bbba", true),
            ("*a", "aab", false),
            ("?", "x", false),
            ("Energy [1]", "energy [1]", true),
        ];
        for (pattern, name, expected) in cases {
            assert_eq!(
                matches(&pattern.to_lowercase(), &name.to_lowercase()),
                expected,
                "{pattern} {name}"
            );
        }
    }

    #[test]
    fn no_pattern_reads_every_report() {
        let p = patterns(&["", "  "]).unwrap();
        assert!(p.is_empty());
        assert!(p.allows("Anything at all"));
    }

    #[test]
    fn patterns_are_trimmed_and_kept_once_whatever_their_case() {
        let p = patterns(&["  Emissions* ", "emissions*", "Water"]).unwrap();
        assert_eq!(p.entries(), ["Emissions*", "Water"]);
        assert_eq!(p.describe(), "Emissions*, Water");
    }

    #[test]
    fn a_pattern_that_says_nothing_or_too_much_is_refused_on_its_field() {
        assert_eq!(
            patterns(&["**"]),
            Err(ValidationError::ReportPatternEverything)
        );
        assert_eq!(
            patterns(&[&"x".repeat(101)]),
            Err(ValidationError::ReportPatternTooLong { max: 100 })
        );
        assert!(patterns(&[&"x".repeat(100)]).is_ok());
        assert_eq!(
            patterns(&["Water\tuse"]),
            Err(ValidationError::ReportPatternCharacter)
        );
        assert_eq!(
            patterns(&["Wat\u{200B}er"]),
            Err(ValidationError::ReportPatternCharacter)
        );
        let many: Vec<String> = (0..21).map(|i| format!("Report {i}")).collect();
        let refused = ReportPatterns::parse(&many).unwrap_err();
        assert_eq!(refused, ValidationError::ReportPatternsTooMany { max: 20 });
        assert_eq!(refused.field(), "report_patterns");
    }

    #[test]
    fn a_long_name_against_many_stars_is_answered_quickly() {
        // The backtracking that makes naive globbing exponential cannot happen here.
        let pattern = "*a".repeat(50);
        let name = "a".repeat(99) + "b";
        assert!(!matches(&pattern, &name));
    }
}
