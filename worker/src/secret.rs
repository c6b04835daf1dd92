//! Secrets: random values from the platform's CSPRNG (`crypto.getRandomValues`
//! on Workers) and the one-way digests stored in their place.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
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
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
