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

/// Whether a token whose column holds `stored` may read the report called
/// `report_name`. A value that cannot be read allows no report: a limit
/// fails closed.
pub fn allows(stored: Option<&str>, report_name: &str) -> bool {
    let Some(json) = stored else {
        return true;
    };
    serde_json::from_str::<Vec<String>>(json)
        .ok()
        .and_then(|entries| ReportPatterns::parse(&entries).ok())
        .is_some_and(|patterns| !patterns.is_empty() && patterns.allows(report_name))
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
        assert!(allows(None, "Energy by location"));
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
        assert!(allows(column.as_deref(), "energy by location"));
        assert!(allows(column.as_deref(), "Water by location"));
        assert!(!allows(column.as_deref(), "Water by month"));
    }

    #[test]
    fn a_column_that_cannot_be_read_allows_no_report() {
        for unreadable in ["not json", "[]", r#"["*"]"#, r#"{"a":1}"#] {
            assert!(
                !allows(Some(unreadable), "Energy by location"),
                "{unreadable}"
            );
        }
    }
}
