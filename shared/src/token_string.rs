//! The token string's format (R4): `tessera_` followed by the base58 text of
//! 32 random bytes and their CRC-32. The fixed prefix lets secret scanners
//! find leaked strings; the checksum lets the worker (and scanners) reject a
//! mistyped or made-up string without any lookup.

use crate::ValidationError;

/// Every Tessera token string starts with this.
pub const PREFIX: &str = "tessera_";
/// Random bytes in a token string: 256 bits.
pub const RANDOM_BYTES: usize = 32;
const CHECKSUM_BYTES: usize = 4;

/// The regular expression that finds Tessera token strings, for secret
/// scanners and pre-commit hooks (docs/api.md, "Finding leaked tokens"): the
/// prefix and 37 to 50 characters of the Bitcoin base58 alphabet. A match
/// is a token string only if its checksum holds (`parse`).
pub const PATTERN: &str = r"\btessera_[1-9A-HJ-NP-Za-km-z]{37,50}\b";

/// A token string. `Debug` never shows it; only `expose` does.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenString(String);

impl TokenString {
    /// Builds the string for `random` bytes, which must come from a CSPRNG.
    pub fn from_random(random: [u8; RANDOM_BYTES]) -> Self {
        let mut payload = Vec::with_capacity(RANDOM_BYTES + CHECKSUM_BYTES);
        payload.extend_from_slice(&random);
        payload.extend_from_slice(&crc32fast::hash(&random).to_be_bytes());
        Self(format!("{PREFIX}{}", bs58::encode(payload).into_string()))
    }

    /// Accepts only a well-formed string whose checksum matches.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let body = input
            .strip_prefix(PREFIX)
            .ok_or(ValidationError::TokenStringMalformed)?;
        // base58 of 36 bytes is at most 50 characters: refuse longer input before decoding it.
        if body.is_empty() || body.len() > 50 {
            return Err(ValidationError::TokenStringMalformed);
        }
        let mut payload = [0u8; RANDOM_BYTES + CHECKSUM_BYTES];
        let decoded = bs58::decode(body)
            .onto(&mut payload[..])
            .map_err(|_| ValidationError::TokenStringMalformed)?;
        if decoded != payload.len() {
            return Err(ValidationError::TokenStringMalformed);
        }
        let (random, checksum) = payload.split_at(RANDOM_BYTES);
        if crc32fast::hash(random).to_be_bytes() != checksum {
            return Err(ValidationError::TokenStringChecksum);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A short non-secret reminder of the string for the grid: the prefix and
    /// the last four characters (about 23 of its 256 bits).
    pub fn hint(&self) -> String {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("{PREFIX}…{tail}")
    }
}

impl std::fmt::Debug for TokenString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenString(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TokenString {
        TokenString::from_random([7; RANDOM_BYTES])
    }

    #[test]
    fn a_generated_string_has_the_prefix_and_parses_back() {
        let token = sample();
        assert!(token.expose().starts_with(PREFIX));
        assert_eq!(TokenString::parse(token.expose()), Ok(token));
    }

    #[test]
    fn different_random_bytes_give_different_strings() {
        assert_ne!(sample(), TokenString::from_random([8; RANDOM_BYTES]));
    }

    #[test]
    fn any_single_typo_is_caught_by_the_checksum_or_the_format() {
        let token = sample().expose().to_owned();
        for (index, original) in token.char_indices().skip(PREFIX.len()) {
            let replacement = if original == 'A' { 'B' } else { 'A' };
            let mut typo = token.clone();
            typo.replace_range(index..index + 1, &replacement.to_string());
            assert!(
                TokenString::parse(&typo).is_err(),
                "typo at {index} accepted"
            );
        }
    }

    #[test]
    fn malformed_strings_are_refused() {
        for input in [
            "",
            "tessera_",
            "tessera_0OIl",
            "ghp_abc",
            "tessera_abc",
            &"tessera_".repeat(20),
        ] {
            assert_eq!(
                TokenString::parse(input),
                Err(ValidationError::TokenStringMalformed),
                "{input:?}"
            );
        }
        let token = sample().expose().to_owned();
        assert!(
            TokenString::parse(&format!("{token}x")).is_err(),
            "extra characters"
        );
        assert!(
            TokenString::parse(&token[..token.len() - 1]).is_err(),
            "a missing character"
        );
    }

    #[test]
    fn the_hint_shows_only_the_last_four_characters() {
        let token = sample();
        let hint = token.hint();
        assert!(hint.starts_with("tessera_…"));
        assert!(
            token
                .expose()
                .ends_with(hint.trim_start_matches("tessera_…"))
        );
        assert_eq!(hint.chars().count(), PREFIX.len() + 1 + 4);
    }

    #[test]
    fn every_string_is_between_the_pattern_s_bounds() {
        // The shortest strings come from leading zero bytes, the longest from
        // the largest numbers; a CSPRNG gives 48 to 50 characters in practice.
        let mut shortest = [0u8; RANDOM_BYTES];
        shortest[RANDOM_BYTES - 1] = 1;
        for random in [
            shortest,
            [0; RANDOM_BYTES],
            [0xff; RANDOM_BYTES],
            [7; RANDOM_BYTES],
        ] {
            let length = TokenString::from_random(random).expose().len() - PREFIX.len();
            assert!((37..=50).contains(&length), "{length}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_string() {
        let token = sample();
        assert!(!format!("{token:?}").contains(&token.expose()[PREFIX.len()..]));
    }
}
