//! Report patterns as stored (R29): a JSON array of checked patterns, or
//! NULL for every report (the rule itself is
//! `tessera_shared::report_patterns`).

use tessera_shared::report_patterns::ReportPatterns;

/// The column's value for `patterns`.
pub fn stored(patterns: &ReportPatterns) -> Option<String> {
    match patterns.is_empty() {
        true => None,
        false => serde_json::to_string(patterns.entries()).ok(),
    }
}

/// The patterns a stored value holds, as the portal shows them.
pub fn entries(stored: Option<&str>) -> Vec<String> {
    stored
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// What a token may read of its organization's reports, read from its
/// column once a request and asked of every report the request reaches.
#[derive(Debug)]
pub enum ReportLimit {
    /// No patterns: every report its Scope allows.
    Every,
    /// Only the reports these patterns match. Empty when the stored value
    /// could not be read: a limit fails closed and allows no report.
    Only(ReportPatterns),
}

impl ReportLimit {
    /// The limit a token whose column holds `stored` has.
    pub fn of(stored: Option<&str>) -> Self {
        let Some(json) = stored else {
            return Self::Every;
        };
        let patterns = serde_json::from_str::<Vec<String>>(json)
            .ok()
            .and_then(|entries| ReportPatterns::parse(&entries).ok())
            .unwrap_or_default();
        Self::Only(patterns)
    }

    /// Whether the token may read the report called `report_name`.
    pub fn allows(&self, report_name: &str) -> bool {
        match self {
            Self::Every => true,
            Self::Only(patterns) => !patterns.is_empty() && patterns.allows(report_name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(entries: &[&str]) -> ReportPatterns {
        ReportPatterns::parse(&entries.iter().map(|e| e.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn no_patterns_are_stored_as_null_and_read_every_report() {
        assert_eq!(stored(&patterns(&[])), None);
        assert!(ReportLimit::of(None).allows("Energy by location"));
        assert!(entries(None).is_empty());
    }

    #[test]
    fn stored_patterns_are_read_back_and_matched() {
        let column = stored(&patterns(&["Energy*", "Water by location"]));
        assert_eq!(
            column.as_deref(),
            Some(r#"["Energy*","Water by location"]"#)
        );
        assert_eq!(entries(column.as_deref()), ["Energy*", "Water by location"]);
        assert!(ReportLimit::of(column.as_deref()).allows("energy by location"));
        assert!(ReportLimit::of(column.as_deref()).allows("Water by location"));
        assert!(!ReportLimit::of(column.as_deref()).allows("Water by month"));
    }

    #[test]
    fn a_column_that_cannot_be_read_allows_no_report() {
        for unreadable in ["not json", "[]", r#"["*"]"#, r#"{"a":1}"#] {
            assert!(
                !ReportLimit::of(Some(unreadable)).allows("Energy by location"),
                "{unreadable}"
            );
        }
    }
}
