//! Passphrase encryption of a book file's parts: a 256-bit key from PBKDF2-HMAC-
//! SHA256 over the passphrase and a random salt, each part sealed with AES-256-GCM
//! under its own nonce (a random prefix and the part's number, so no nonce repeats
//! within a file and files never share a salt), the part's name as associated
//! data (a part cannot be swapped for another). Salt and prefix come from the
//! caller's random bytes. From format 2 the manifest is authenticated too: an
//! HMAC-SHA256 of its bytes under a subkey of the file's key, so its list of
//! parts (and everything else it says) cannot be edited without the passphrase.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce, Tag};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::manifest::{EncryptionInfo, SCHEME};
use super::{KeyParams, Secret};

/// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. Measured: ~0.25 s natively
/// and ~0.8 s in headless Chromium (see docs/book-file-format.md).
pub const KEY_ITERATIONS: u32 = 600_000;
/// A manifest asking for more is refused, so a hostile file cannot hang the page.
pub(super) const MAX_KEY_ITERATIONS: u32 = 10_000_000;
/// The bytes AES-GCM adds to each sealed part (its tag).
pub(super) const TAG_LEN: u64 = 16;
const KEY_CHECK_AAD: &[u8] = b"kura-book-file/key-check";
/// What the manifest's subkey is derived for: HMAC-SHA256(file key, this).
/// A key of its own, so the MAC never uses the cipher's key directly.
const MANIFEST_MAC_LABEL: &[u8] = b"kura-book-file/manifest-mac";

type HmacSha256 = Hmac<Sha256>;

/// A derived key and the nonce prefix of one file.
pub(super) struct Sealer {
    cipher: Aes256Gcm,
    nonce_prefix: [u8; 8],
    /// The subkey the manifest is authenticated with.
    manifest_key: [u8; 32],
}

impl Sealer {
    /// Derives the key for a new file; returns it with the manifest's record.
    pub(super) fn create(
        secret: Secret<'_>,
        random: &[u8; 32],
        iterations: u32,
    ) -> (Sealer, EncryptionInfo) {
        let salt: [u8; 16] = random[..16].try_into().expect("16 bytes");
        let nonce_prefix: [u8; 8] = random[16..24].try_into().expect("8 bytes");
        let params = KeyParams { salt, iterations };
        let sealer = Sealer::with_key(&key_of(secret, &params), nonce_prefix);
        let info = EncryptionInfo {
            scheme: SCHEME.into(),
            iterations,
            salt: hex(&salt),
            nonce_prefix: hex(&nonce_prefix),
            key_check: hex(&sealer.key_check()),
        };
        (sealer, info)
    }

    /// The key of an existing file, or `None` if the passphrase does not match its
    /// key check. `None` also when the record itself is malformed (`Err`).
    pub(super) fn open(secret: Secret<'_>, info: &EncryptionInfo) -> Result<Option<Sealer>, ()> {
        let params = key_params(info)?;
        let prefix: [u8; 8] = unhex(&info.nonce_prefix)
            .and_then(|v| v.try_into().ok())
            .ok_or(())?;
        let check = unhex(&info.key_check).ok_or(())?;
        let sealer = Sealer::with_key(&key_of(secret, &params), prefix);
        Ok((sealer.key_check().as_slice() == check.as_slice()).then_some(sealer))
    }

    fn with_key(key: &[u8; 32], nonce_prefix: [u8; 8]) -> Sealer {
        Sealer {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)),
            nonce_prefix,
            manifest_key: hmac(key, MANIFEST_MAC_LABEL),
        }
    }

    /// The manifest's MAC (written as hex in `manifest.hmac`).
    pub(super) fn manifest_mac(&self, manifest: &[u8]) -> [u8; 32] {
        hmac(&self.manifest_key, manifest)
    }

    /// Whether `mac_hex` is the manifest's MAC, as written: lower-case hex
    /// (compared in constant time).
    pub(super) fn manifest_is_authentic(&self, manifest: &[u8], mac_hex: &[u8]) -> bool {
        let lower_hex = mac_hex
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b));
        let mac = std::str::from_utf8(mac_hex).ok().and_then(unhex);
        let Some(mac) = mac.filter(|_| lower_hex) else {
            return false;
        };
        let mut check =
            <HmacSha256 as Mac>::new_from_slice(&self.manifest_key).expect("any key length");
        check.update(manifest);
        check.verify_slice(&mac).is_ok()
    }

    fn nonce(&self, number: u32) -> [u8; 12] {
        let mut nonce = [0u8; 12];
        nonce[..8].copy_from_slice(&self.nonce_prefix);
        nonce[8..].copy_from_slice(&number.to_be_bytes());
        nonce
    }

    fn key_check(&self) -> Tag {
        self.cipher
            .encrypt_in_place_detached(Nonce::from_slice(&self.nonce(0)), KEY_CHECK_AAD, &mut [])
            .expect("an empty message always encrypts")
    }

    /// Encrypts part `number` (from 1) named `name`: ciphertext followed by the tag.
    pub(super) fn seal(&self, number: u32, name: &str, bytes: &[u8]) -> Vec<u8> {
        let mut buffer = bytes.to_vec();
        self.cipher
            .encrypt_in_place(
                Nonce::from_slice(&self.nonce(number)),
                name.as_bytes(),
                &mut buffer,
            )
            .expect("a part under 64 GB always encrypts");
        buffer
    }

    /// Decrypts part `number`; `None` if it was altered.
    pub(super) fn unseal(&self, number: u32, name: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let mut buffer = sealed.to_vec();
        self.cipher
            .decrypt_in_place(
                Nonce::from_slice(&self.nonce(number)),
                name.as_bytes(),
                &mut buffer,
            )
            .ok()?;
        Some(buffer)
    }
}

/// The key of a file's passphrase: PBKDF2-HMAC-SHA256, 32 bytes. WebCrypto's
/// `deriveBits` with the same parameters gives the same bytes (a browser test
/// checks it).
pub fn derive_key(passphrase: &str, params: &KeyParams) -> [u8; 32] {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(
        passphrase.as_bytes(),
        &params.salt,
        params.iterations,
        &mut key,
    );
    key
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn key_of(secret: Secret<'_>, params: &KeyParams) -> [u8; 32] {
    match secret {
        Secret::Passphrase(passphrase) => derive_key(passphrase, params),
        Secret::Key(key) => *key,
    }
}

/// The salt and iteration count a manifest names; `Err` when malformed, of
/// another scheme, or asking for more iterations than a reader will spend.
pub(super) fn key_params(info: &EncryptionInfo) -> Result<KeyParams, ()> {
    let salt: [u8; 16] = unhex(&info.salt)
        .and_then(|v| v.try_into().ok())
        .ok_or(())?;
    if info.scheme != SCHEME || info.iterations == 0 || info.iterations > MAX_KEY_ITERATIONS {
        return Err(());
    }
    Ok(KeyParams {
        salt,
        iterations: info.iterations,
    })
}

/// SHA-256 of `bytes`, lower-case hex (as attachments records carry it).
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(super) use crate::hex::{decode as unhex, encode as hex};
