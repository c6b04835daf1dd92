//! Checks a secret-scanning provider's signature (GitHub's partner program):
//! ECDSA P-256 / SHA-256 over the raw body, DER, base64 in
//! `Github-Public-Key-Signature`, by the key `Github-Public-Key-Identifier`
//! names among the provider's public keys. The operator configures those
//! keys in `SECRET_SCANNING_PUBLIC_KEYS`, as the provider publishes them
//! (`https://api.github.com/meta/public_keys/secret_scanning`:
//! `{"public_keys": [{"key_identifier", "key", "is_current"}]}`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use serde::Deserialize;

#[derive(Deserialize)]
struct PublishedKeys {
    public_keys: Vec<PublishedKey>,
}

#[derive(Deserialize)]
struct PublishedKey {
    key_identifier: String,
    key: String,
}

/// Whether `body` was signed by the key `key_identifier` names in
/// `published` (the configured keys), with `signature`. `Err` says why not.
pub fn verify(
    published: Option<&str>,
    key_identifier: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
) -> Result<(), &'static str> {
    let published: PublishedKeys = published
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or("no secret-scanning public keys are configured")?;
    let (Some(key_identifier), Some(signature)) = (key_identifier, signature) else {
        return Err("the report is not signed");
    };
    let key = published
        .public_keys
        .iter()
        .find(|key| key.key_identifier == key_identifier.trim())
        .ok_or("no configured key has this identifier")?;
    let key = VerifyingKey::from_public_key_pem(&key.key)
        .map_err(|_| "the configured key is not a P-256 public key")?;
    let signature = STANDARD
        .decode(signature.trim())
        .ok()
        .and_then(|der| Signature::from_der(&der).ok())
        .ok_or("the signature is not a DER ECDSA signature in base64")?;
    key.verify(body, &signature)
        .map_err(|_| "the signature does not match the body")
}
