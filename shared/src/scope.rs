//! A token's `Scope` (R2, R5): which parts of the API its string unlocks.

use crate::endpoints::Endpoint;
use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// One scope a token can hold. Wire codes: `meta_record`, `report_record`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScopeName {
    /// `/api/meta...`: the organization's setup (locations, report definitions).
    MetaRecord,
    /// `/api/data...`: the organization's report data (readings).
    ReportRecord,
}

impl ScopeName {
    pub const ALL: [ScopeName; 2] = [Self::MetaRecord, Self::ReportRecord];

    /// The words the interface uses.
    pub fn label(self) -> &'static str {
        match self {
            Self::MetaRecord => "Meta Record",
            Self::ReportRecord => "Report Record",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::MetaRecord => "meta_record",
            Self::ReportRecord => "report_record",
        }
    }

    /// The scope an API path needs, if it is a token-protected path.
    pub fn required_for(path: &str) -> Option<ScopeName> {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        if under(crate::endpoints::Meta::PATH) {
            Some(Self::MetaRecord)
        } else if under(crate::endpoints::Data::PATH) {
            Some(Self::ReportRecord)
        } else {
            None
        }
    }
}

/// A non-empty set of scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub meta_record: bool,
    pub report_record: bool,
}

impl Scope {
    pub fn parse(names: &[ScopeName]) -> Result<Self, ValidationError> {
        let scope = Self {
            meta_record: names.contains(&ScopeName::MetaRecord),
            report_record: names.contains(&ScopeName::ReportRecord),
        };
        if scope.meta_record || scope.report_record {
            Ok(scope)
        } else {
            Err(ValidationError::ScopeEmpty)
        }
    }

    pub fn allows(&self, name: ScopeName) -> bool {
        match name {
            ScopeName::MetaRecord => self.meta_record,
            ScopeName::ReportRecord => self.report_record,
        }
    }

    pub fn names(&self) -> Vec<ScopeName> {
        ScopeName::ALL
            .into_iter()
            .filter(|name| self.allows(*name))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_needs_at_least_one_name() {
        assert_eq!(Scope::parse(&[]), Err(ValidationError::ScopeEmpty));
        let both = Scope::parse(&[
            ScopeName::ReportRecord,
            ScopeName::MetaRecord,
            ScopeName::MetaRecord,
        ])
        .unwrap();
        assert_eq!(both.names(), ScopeName::ALL);
    }

    #[test]
    fn each_api_area_needs_its_scope() {
        assert_eq!(
            ScopeName::required_for("/api/meta"),
            Some(ScopeName::MetaRecord)
        );
        assert_eq!(
            ScopeName::required_for("/api/meta/reports"),
            Some(ScopeName::MetaRecord)
        );
        assert_eq!(
            ScopeName::required_for("/api/data"),
            Some(ScopeName::ReportRecord)
        );
        assert_eq!(
            ScopeName::required_for("/api/metadata"),
            None,
            "a prefix is not a path segment"
        );
        assert_eq!(ScopeName::required_for("/api/session"), None);
    }

    #[test]
    fn a_scope_allows_only_what_it_holds() {
        let meta = Scope::parse(&[ScopeName::MetaRecord]).unwrap();
        assert!(meta.allows(ScopeName::MetaRecord));
        assert!(!meta.allows(ScopeName::ReportRecord));
    }
}
