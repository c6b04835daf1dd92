//! Secrets: random values from the platform's CSPRNG (`crypto.getRandomValues`
//! on Workers) and the one-way digests stored in their place.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tessera_shared::TokenString;
use tessera_shared::token_string::RANDOM_BYTES;

/// `N` random bytes.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The runtime always provides crypto.getRandomValues; without it no secret can be made.
    getrandom::fill(&mut bytes).expect("the platform CSPRNG is available");
    bytes
}

/// 256 random bits as URL-safe base64: session ids and CSRF tokens.
pub fn random_string() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A new token string (R4): 256 random bits in Tessera's format.
pub fn new_token_string() -> TokenString {
    TokenString::from_random(random_bytes::<RANDOM_BYTES>())
}

/// SHA-256 as lower-case hex: what storage keeps instead of a token string or
/// session id. A plain hash suffices: both carry 256 random bits, so there is
/// nothing to guess that a slow hash would protect.
pub fn sha256_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Bytes as lower-case hex: digests, signatures, random ids.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The SHA-256 of a token string (lower-case hex): the only form a token
/// string takes past the request that presented it, in storage and in every
/// lookup. Compared only in constant time (`is`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(transparent)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn of(token_string: &TokenString) -> Self {
        Self(sha256_hex(token_string.expose()))
    }

    /// The hash as stored and bound into SQL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether `stored` is this hash, in constant time: whether a string
    /// still works is decided by this one comparison, for the token check
    /// and for leak reports alike.
    pub fn is(&self, stored: Option<&TokenHash>) -> bool {
        stored.is_some_and(|stored| stored.0.as_bytes().ct_eq(self.0.as_bytes()).into())
    }
}

/// A stored hash, as tests write one.
#[cfg(test)]
impl From<&str> for TokenHash {
    fn from(hash: &str) -> Self {
        Self(hash.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_hash_is_the_sha256_of_its_string_and_matches_only_itself_r4() {
        let string = new_token_string();
        let hash = TokenHash::of(&string);
        assert_eq!(hash.as_str().len(), 64);
        assert_eq!(hash.as_str(), sha256_hex(string.expose()));
        assert!(hash.is(Some(&TokenHash::of(&string))));
        assert!(!hash.is(Some(&TokenHash::of(&new_token_string()))));
        assert!(!hash.is(Some(&TokenHash::from(&hash.as_str()[..63]))));
        assert!(
            !hash.is(None),
            "a string a token no longer has matches nothing"
        );
    }
}
