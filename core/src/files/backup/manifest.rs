//! `manifest.json`: the book file's table of contents, format version 1.
//!
//! These are types of their own, not the domain's: a field's meaning never
//! changes once released; a new meaning is a new format version. See
//! `docs/book-file-format.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The value of `format` in every book file's manifest.
pub(super) const FORMAT_NAME: &str = "kura-book-file";
/// The ZIP entry holding the manifest.
pub(super) const MANIFEST: &str = "manifest.json";
/// The ZIP entry holding the SHA-256 (lower-case hex) of `manifest.json`'s bytes.
pub(super) const MANIFEST_SHA256: &str = "manifest.sha256";
/// The name of the key-derivation-and-cipher scheme of format 1.
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
}

/// Where part names start.
pub(super) const CHANGES_DIR: &str = "changes/";
pub(super) const ATTACHMENTS_DIR: &str = "attachments/";
