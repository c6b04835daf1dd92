//! Password hashing with PBKDF2-HMAC-SHA256 through the runtime's WebCrypto.
//!
//! Why WebCrypto: it runs natively (BoringSSL inside workerd) rather than as
//! wasm, so the same CPU budget buys many more iterations, and it is the
//! platform's well-kept implementation. 100,000 iterations is the most the
//! Workers runtime accepts. Stored form (the same one `scripts/tessera-admin`
//! writes): `pbkdf2_sha256$<iterations>$<salt, base64>$<hash, base64>`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use js_sys::{Object, Reflect, Uint8Array};
use subtle::ConstantTimeEq;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, Pbkdf2Params, SubtleCrypto};

use crate::error::{AppError, AppResult};

const SCHEME: &str = "pbkdf2_sha256";
pub const ITERATIONS: u32 = 100_000;
const HASH_BYTES: u32 = 32;

/// A stored password hash, parsed.
pub struct PasswordHash {
    iterations: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

impl PasswordHash {
    pub fn parse(stored: &str) -> Option<Self> {
        let mut parts = stored.split('$');
        let (Some(SCHEME), Some(iterations), Some(salt), Some(hash), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        Some(Self {
            iterations: iterations
                .parse()
                .ok()
                .filter(|n| (1..=ITERATIONS).contains(n))?,
            salt: STANDARD.decode(salt).ok()?,
            hash: STANDARD
                .decode(hash)
                .ok()
                .filter(|h| h.len() == HASH_BYTES as usize)?,
        })
    }

    /// A hash no password matches, with the full cost: checking an unknown
    /// email against it takes as long as checking a real login.
    pub fn decoy() -> Self {
        Self {
            iterations: ITERATIONS,
            salt: vec![0x5a; 16],
            hash: vec![0; HASH_BYTES as usize],
        }
    }

    /// Whether `password` matches, compared in constant time.
    pub async fn verify(&self, password: &str) -> AppResult<bool> {
        let derived = pbkdf2(password, &self.salt, self.iterations).await?;
        Ok(derived.ct_eq(&self.hash).into())
    }
}

/// The stored form of a new password, with a fresh random salt.
pub async fn hash(password: &str) -> AppResult<String> {
    let salt = crate::secret::random_bytes::<16>();
    let derived = pbkdf2(password, &salt, ITERATIONS).await?;
    Ok(format!(
        "{SCHEME}${ITERATIONS}${}${}",
        STANDARD.encode(salt),
        STANDARD.encode(derived)
    ))
}

async fn pbkdf2(password: &str, salt: &[u8], iterations: u32) -> AppResult<Vec<u8>> {
    let subtle = subtle_crypto()?;
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let key_data = Uint8Array::from(password.as_bytes());
    let key = subtle
        .import_key_with_str("raw", &key_data, "PBKDF2", false, &usages)
        .map_err(js_error)?;
    let key: CryptoKey = JsFuture::from(key)
        .await
        .map_err(js_error)?
        .unchecked_into();
    let params = Pbkdf2Params::new(
        "PBKDF2",
        &JsValue::from_str("SHA-256"),
        iterations,
        &Uint8Array::from(salt),
    );
    let bits = subtle
        .derive_bits_with_object(&params, &key, HASH_BYTES * 8)
        .map_err(js_error)?;
    let bits = JsFuture::from(bits).await.map_err(js_error)?;
    Ok(Uint8Array::new(&bits).to_vec())
}

pub(crate) fn subtle_crypto() -> AppResult<SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(js_error)?;
    let crypto: web_sys::Crypto = crypto
        .dyn_into::<Object>()
        .map_err(js_error)?
        .unchecked_into();
    Ok(crypto.subtle())
}

pub(crate) fn js_error(error: JsValue) -> AppError {
    AppError::Internal(format!("WebCrypto: {error:?}"))
}
