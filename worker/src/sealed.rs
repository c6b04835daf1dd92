//! Credentials Tessera must send on but never keeps in clear: a Splunk HTTP
//! Event Collector token (R30). Sealed with AES-256-GCM (the runtime's Web
//! Crypto) under a key derived from `WEBHOOK_SIGNING_KEY` and the
//! credential's purpose; stored as base64 of the 12-byte nonce and the
//! ciphertext. Without the signing key the stored value says nothing.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use js_sys::Uint8Array;
use sha2::Sha256;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey};

use crate::error::{AppError, AppResult};
use crate::password::{js_error, subtle_crypto};

const NONCE_BYTES: usize = 12;

/// The AES key for `purpose`: never stored, derived again each time.
async fn key(signing_key: &str, purpose: &str, usage: &str) -> AppResult<CryptoKey> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(signing_key.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("tessera sealing key/{purpose}").as_bytes());
    let raw = mac.finalize().into_bytes();
    let usages = js_sys::Array::of1(&usage.into());
    let key = subtle_crypto()?
        .import_key_with_str(
            "raw",
            &Uint8Array::from(raw.as_slice()),
            "AES-GCM",
            false,
            &usages,
        )
        .map_err(js_error)?;
    Ok(JsFuture::from(key)
        .await
        .map_err(js_error)?
        .unchecked_into())
}

/// `plaintext` sealed for `purpose`.
pub async fn seal(signing_key: &str, purpose: &str, plaintext: &str) -> AppResult<String> {
    let nonce = crate::secret::random_bytes::<NONCE_BYTES>();
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce.as_slice()));
    let key = key(signing_key, purpose, "encrypt").await?;
    let sealed = subtle_crypto()?
        .encrypt_with_object_and_u8_array(&params, &key, plaintext.as_bytes())
        .map_err(js_error)?;
    let sealed = Uint8Array::new(&JsFuture::from(sealed).await.map_err(js_error)?).to_vec();
    let mut stored = nonce.to_vec();
    stored.extend(sealed);
    Ok(STANDARD.encode(stored))
}

/// What `seal` sealed for `purpose`; an error if it was sealed under another
/// key or changed.
pub async fn open(signing_key: &str, purpose: &str, stored: &str) -> AppResult<String> {
    let bytes = STANDARD
        .decode(stored)
        .map_err(|_| AppError::Internal("a sealed value is not base64".into()))?;
    if bytes.len() <= NONCE_BYTES {
        return Err(AppError::Internal("a sealed value is too short".into()));
    }
    let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce));
    let key = key(signing_key, purpose, "decrypt").await?;
    let opened = subtle_crypto()?
        .decrypt_with_object_and_u8_array(&params, &key, sealed)
        .map_err(js_error)?;
    let opened = Uint8Array::new(&JsFuture::from(opened).await.map_err(js_error)?).to_vec();
    String::from_utf8(opened).map_err(|_| AppError::Internal("a sealed value is not text".into()))
}
