//! `manifest.json`: the book file's table of contents (format versions 1 and 2;
//! version 2 adds the chain of parts and the attachments left out).
//!
//! These are types of their own, not the domain's: a field's meaning never
//! changes once released; a new meaning is a new format version. See
//! `docs/book-file-format.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The value of `format` in every book file's manifest.
pub(super) const FORMAT_NAME: &str = "kura-book-file";
/// The ZIP entry holding the manifest.
pub(super) const MANIFEST: &str = "manifest.json";
/// The ZIP entry holding the SHA-256 (lower-case hex) of `manifest.json`'s bytes.
pub(super) const MANIFEST_SHA256: &str = "manifest.sha256";
/// The ZIP entry holding the HMAC-SHA256 (lower-case hex) of `manifest.json`'s
/// bytes under the file's key: encrypted files of format 2 only.
pub(super) const MANIFEST_HMAC: &str = "manifest.hmac";
/// The name of the key-derivation-and-cipher scheme of formats 1 and 2.
pub(super) const SCHEME: &str = "pbkdf2-hmac-sha256/aes-256-gcm";

/// Read first, before anything else: a file of a newer format may have a
/// different manifest, but it always starts with these two fields.
#[derive(Deserialize)]
pub(super) struct Probe {
    pub format: String,
    pub format_version: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub kind: Kind,
    pub book: BookRef,
    /// The writing device's id.
    pub device: String,
    /// Milliseconds since the Unix epoch.
    pub created_ms: u64,
    /// Clock stamps (text form), the latest the writer held of each device.
    pub seen: Vec<String>,
    pub counts: Counts,
    pub encryption: Option<EncryptionInfo>,
    /// Change-set parts first, then attachments, in the order they were written.
    pub parts: Vec<PartInfo>,
    /// Format 2: the last link of the chain of parts (see [`chain_link`]), hex;
    /// the chain of no parts is 32 zero bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
    /// Format 2: attachments whose records are in the file but whose bytes the
    /// writer could not read (a damaged book), by id. Every other attachment
    /// record of a backup has its bytes in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_attachments: Option<Vec<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Kind {
    Backup,
    Changes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BookRef {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Counts {
    pub change_sets: u64,
    /// Distinct records the change sets write, by record kind (its snake_case name).
    pub records: BTreeMap<String, u64>,
    pub attachments: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EncryptionInfo {
    pub scheme: String,
    pub iterations: u32,
    /// 16 bytes, hex.
    pub salt: String,
    /// 8 bytes, hex: part n's nonce is this followed by n as a big-endian u32.
    pub nonce_prefix: String,
    /// The AES-GCM tag of an empty message under nonce 0 (hex): tells a wrong
    /// passphrase from a damaged part without revealing anything.
    pub key_check: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PartInfo {
    /// The ZIP entry: `changes/0001.bin` or `attachments/<id>`.
    pub name: String,
    /// Stored bytes (ciphertext with its tag when encrypted).
    pub size: u64,
    /// SHA-256 of the stored bytes, hex.
    pub sha256: String,
    /// Format 2: this part's link of the chain of parts, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
}

/// The chain of parts: `chain_n = SHA-256(chain_{n-1} ‖ name_n ‖ 0x00 ‖ size_n
/// (8 bytes, big-endian) ‖ sha256_n (its 64 hex digits))`, from 32 zero bytes.
/// Every part's link depends on every part before it, so a part removed,
/// added, moved or replaced in the list breaks the chain at that place.
pub(super) fn chain_link(previous: &[u8; 32], part: &PartInfo) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(previous);
    hash.update(part.name.as_bytes());
    hash.update([0]);
    hash.update(part.size.to_be_bytes());
    hash.update(part.sha256.as_bytes());
    hash.finalize().into()
}

/// The name of change part `number` (from 1): `changes/0001.bin`, …
pub(super) fn change_part_name(number: usize) -> String {
    format!("{CHANGES_DIR}{number:04}.bin")
}

/// Where part names start.
pub(super) const CHANGES_DIR: &str = "changes/";
pub(super) const ATTACHMENTS_DIR: &str = "attachments/";
