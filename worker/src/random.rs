//! Secrets from the platform's CSPRNG (`crypto.getRandomValues` on Workers).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// `N` random bytes.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The runtime always provides crypto.getRandomValues; without it no secret can be made.
    getrandom::fill(&mut bytes).expect("the platform CSPRNG is available");
    bytes
}

/// 256 random bits as URL-safe base64: session ids and CSRF tokens.
pub fn secret_string() -> String {
    URL_SAFE_NO_PAD.encode(bytes::<32>())
}
