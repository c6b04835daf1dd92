//! A token's name (R2, R6): what its owner calls it on the Access Tokens page.

use serde::Serialize;

use crate::ValidationError;

/// 1 to 100 characters after trimming, no control characters, and none of
/// the invisible characters that make two names look alike or a name read
/// backwards (bidirectional overrides and isolates, zero-width characters).
/// Stored in Unicode's composed form (NFC), so `é` typed as one character
/// or as `e` and an accent is one name. Uniqueness among the owner's live
/// tokens is case-insensitive (`key`) and needs storage: the worker checks it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct TokenName(String);

impl TokenName {
    pub const MAX_LEN: usize = 100;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let name = composed(input.trim());
        if name.is_empty() {
            Err(ValidationError::TokenNameMissing)
        } else if name.chars().count() > Self::MAX_LEN {
            Err(ValidationError::TokenNameTooLong { max: Self::MAX_LEN })
        } else if name.chars().any(char::is_control) {
            Err(ValidationError::TokenNameControlCharacter)
        } else if name.chars().any(is_invisible) {
            Err(ValidationError::TokenNameInvisibleCharacter)
        } else {
            Ok(Self(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What uniqueness compares: `Nightly` and `nightly` are one name.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// Characters that change how a name is shown without being seen:
/// bidirectional embeddings, overrides, isolates and marks, and zero-width
/// spaces, joiners and the byte-order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{180E}'
    )
}

/// `name` in Unicode's composed form (NFC). In wasm, the host's own
/// `String.prototype.normalize` (the browser's, the Workers runtime's): the
/// same result without normalization tables in either binary. Natively,
/// `unicode-normalization`.
#[cfg(target_arch = "wasm32")]
pub(crate) fn composed(name: &str) -> String {
    js_sys::JsString::from(name)
        .normalize("NFC")
        .as_string()
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn composed(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect()
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
    fn names_are_stored_composed_so_one_accent_typed_two_ways_is_one_name() {
        let decomposed = TokenName::parse("Cafe\u{301}").unwrap();
        let composed = TokenName::parse("Caf\u{e9}").unwrap();
        assert_eq!(decomposed, composed);
        assert_eq!(decomposed.as_str(), "Caf\u{e9}");
    }

    #[test]
    fn names_differing_only_in_case_share_a_key() {
        let key = |name: &str| TokenName::parse(name).unwrap().key();
        assert_eq!(key("Nightly"), key("nightly"));
        assert_eq!(key("ÉTÉ"), key("été"));
        assert_ne!(key("Nightly"), key("Nightly 2"));
    }

    #[test]
    fn bidirectional_overrides_and_zero_width_characters_are_refused() {
        for name in [
            "report\u{202E}txt.exe",
            "night\u{200B}ly",
            "a\u{2066}b\u{2069}",
            "\u{FEFF}nightly",
            "joi\u{200D}ned",
            "mark\u{200F}",
        ] {
            assert_eq!(
                TokenName::parse(name),
                Err(ValidationError::TokenNameInvisibleCharacter),
                "{name:?}"
            );
        }
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
