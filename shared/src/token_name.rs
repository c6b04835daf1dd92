//! A token's name (R2, R6): what its owner calls it on the Access Tokens page.

use serde::Serialize;

use crate::ValidationError;

/// 1 to 100 characters after trimming, no control characters. Uniqueness
/// among the owner's live tokens needs storage, so the worker checks it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct TokenName(String);

impl TokenName {
    pub const MAX_LEN: usize = 100;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let name = input.trim();
        if name.is_empty() {
            Err(ValidationError::TokenNameMissing)
        } else if name.chars().count() > Self::MAX_LEN {
            Err(ValidationError::TokenNameTooLong { max: Self::MAX_LEN })
        } else if name.chars().any(char::is_control) {
            Err(ValidationError::TokenNameControlCharacter)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed() {
        assert_eq!(
            TokenName::parse("  nightly export ").unwrap().as_str(),
            "nightly export"
        );
    }

    #[test]
    fn an_empty_or_blank_name_is_refused() {
        assert_eq!(TokenName::parse(""), Err(ValidationError::TokenNameMissing));
        assert_eq!(
            TokenName::parse(" \t "),
            Err(ValidationError::TokenNameMissing)
        );
    }

    #[test]
    fn a_name_counts_characters_not_bytes() {
        assert!(TokenName::parse(&"é".repeat(TokenName::MAX_LEN)).is_ok());
        assert_eq!(
            TokenName::parse(&"a".repeat(TokenName::MAX_LEN + 1)),
            Err(ValidationError::TokenNameTooLong {
                max: TokenName::MAX_LEN
            })
        );
    }

    #[test]
    fn control_characters_are_refused_but_markup_is_just_text() {
        assert_eq!(
            TokenName::parse("a\nb"),
            Err(ValidationError::TokenNameControlCharacter)
        );
        assert!(TokenName::parse("<script>alert(1)</script>").is_ok());
    }
}
