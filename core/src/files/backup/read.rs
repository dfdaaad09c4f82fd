//! Reading a book file part by part, checking everything: the container, the
//! format version, the manifest's own checksum, each part's size and SHA-256,
//! the passphrase (by the key check, before any part), that each change part
//! decodes, and each attachment's bytes against its record's SHA-256.

use std::collections::{HashMap, HashSet};

use rawzip::{CompressionMethod, ZipArchive, ZipArchiveEntryWayfinder, ZipSliceArchive};

use super::crypto::{key_params, sha256_hex, Sealer};
use super::manifest::{
    Kind, Manifest, PartInfo, Probe, ATTACHMENTS_DIR, CHANGES_DIR, FORMAT_NAME, MANIFEST,
    MANIFEST_SHA256,
};
use super::{BookFileError, BookFileHeader, FileKind, KeyParams, Secret, FORMAT_VERSION};
use crate::book::Record;
use crate::ids::RecordId;
use crate::store::decode_chunk;
use crate::sync::{ChangeSet, Hlc};

/// The ZIP signature every book file starts with (its first local header).
const ZIP_START: &[u8] = b"PK\x03\x04";

/// One part of a book file, checked.
#[derive(Clone, Debug, PartialEq)]
pub enum BookFilePart {
    /// A part of change sets, and its plain bytes: a chunk in the store's
    /// binary format, which the app stores as is.
    ChangeSets {
        sets: Vec<ChangeSet>,
        chunk: Vec<u8>,
    },
    /// An attachment's bytes, matching its record's SHA-256.
    Attachment { id: RecordId, bytes: Vec<u8> },
}

/// What a book file says about itself, read without the passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookFileSummary {
    pub format_version: u32,
    pub encrypted: bool,
    pub change_sets: u64,
    /// (record kind's snake_case name, how many), by name.
    pub records: Vec<(String, u64)>,
    pub attachments: u64,
}

/// A book file opened and its manifest checked; its parts are read one at a
/// time with [`BookFileReader::read_part`], in order.
pub struct BookFileReader<'a> {
    zip: ZipSliceArchive<&'a [u8]>,
    entries: HashMap<String, ZipArchiveEntryWayfinder>,
    manifest: Manifest,
    header: BookFileHeader,
    sealer: Option<Sealer>,
    /// SHA-256 of every attachment record in the parts read so far.
    attachment_hashes: HashMap<RecordId, String>,
}

impl<'a> BookFileReader<'a> {
    /// Opens a file and checks its manifest; with a passphrase (or its key),
    /// checks it too. Without one, an encrypted file's header can be read but
    /// not its parts.
    pub fn open(bytes: &'a [u8], secret: Option<Secret<'_>>) -> Result<Self, BookFileError> {
        let zip = ZipArchive::from_slice(bytes).map_err(|_| container_error(bytes))?;
        let entries = list_entries(&zip, bytes)?;
        let manifest = read_manifest(&zip, &entries)?;
        let header = header_of(&manifest)?;
        check_parts_listed(&manifest)?;
        let sealer = match (&manifest.encryption, secret) {
            (None, _) | (Some(_), None) => None,
            (Some(info), Some(secret)) => Some(
                Sealer::open(secret, info)
                    .map_err(|()| undecodable(MANIFEST, "encryption"))?
                    .ok_or(BookFileError::WrongPassphrase)?,
            ),
        };
        Ok(BookFileReader {
            zip,
            entries,
            manifest,
            header,
            sealer,
            attachment_hashes: HashMap::new(),
        })
    }

    pub fn header(&self) -> &BookFileHeader {
        &self.header
    }

    pub fn is_encrypted(&self) -> bool {
        self.manifest.encryption.is_some()
    }

    /// How the key of an encrypted file is derived from its passphrase, for a
    /// caller that derives it itself; `None` for a plain file.
    pub fn key_params(&self) -> Result<Option<KeyParams>, BookFileError> {
        self.manifest
            .encryption
            .as_ref()
            .map(|info| key_params(info).map_err(|()| undecodable(MANIFEST, "encryption")))
            .transpose()
    }

    pub fn summary(&self) -> BookFileSummary {
        let counts = &self.manifest.counts;
        BookFileSummary {
            format_version: self.manifest.format_version,
            encrypted: self.is_encrypted(),
            change_sets: counts.change_sets,
            records: counts
                .records
                .iter()
                .map(|(k, n)| (k.clone(), *n))
                .collect(),
            attachments: counts.attachments,
        }
    }

    pub fn part_count(&self) -> usize {
        self.manifest.parts.len()
    }

    /// Reads and checks part `index` (from 0). Parts must be read in order: an
    /// attachment is checked against the records of the change parts before it.
    pub fn read_part(&mut self, index: usize) -> Result<BookFilePart, BookFileError> {
        let info = self.manifest.parts[index].clone();
        let plain = self.plain_bytes(index as u32 + 1, &info)?;
        match info.name.strip_prefix(CHANGES_DIR) {
            Some(_) => {
                let sets =
                    decode_chunk(&plain).map_err(|e| undecodable(&info.name, &e.to_string()))?;
                self.note_attachments(&sets);
                Ok(BookFilePart::ChangeSets { sets, chunk: plain })
            }
            None => self.attachment(&info.name, plain),
        }
    }

    /// The part's stored bytes, checked against the manifest, then decrypted.
    fn plain_bytes(&self, number: u32, info: &PartInfo) -> Result<Vec<u8>, BookFileError> {
        let stored = entry_data(&self.zip, &self.entries, &info.name)?;
        let damaged = || BookFileError::DamagedPart {
            part: info.name.clone(),
        };
        if stored.len() as u64 != info.size || sha256_hex(stored) != info.sha256 {
            return Err(damaged());
        }
        match (&self.manifest.encryption, &self.sealer) {
            (None, _) => Ok(stored.to_vec()),
            (Some(_), None) => Err(BookFileError::PassphraseRequired),
            (Some(_), Some(sealer)) => sealer
                .unseal(number, &info.name, stored)
                .ok_or_else(damaged),
        }
    }

    fn note_attachments(&mut self, sets: &[ChangeSet]) {
        for change in sets.iter().flat_map(|s| &s.changes) {
            if let Some(Record::Attachment(a)) = change.record() {
                self.attachment_hashes.insert(a.id, a.sha256.clone());
            }
        }
    }

    fn attachment(&self, name: &str, bytes: Vec<u8>) -> Result<BookFilePart, BookFileError> {
        let mismatch = || BookFileError::AttachmentMismatch { part: name.into() };
        let id: RecordId = name[ATTACHMENTS_DIR.len()..]
            .parse()
            .map_err(|_| mismatch())?;
        let expected = self.attachment_hashes.get(&id).ok_or_else(mismatch)?;
        if sha256_hex(&bytes) != *expected {
            return Err(mismatch());
        }
        Ok(BookFilePart::Attachment { id, bytes })
    }
}

/// Why `ZipArchive::from_slice` failed: a file that starts like a ZIP but has no
/// readable end was cut short (or its end damaged); anything else is not ours.
fn container_error(bytes: &[u8]) -> BookFileError {
    if bytes.starts_with(ZIP_START) {
        BookFileError::Truncated
    } else {
        BookFileError::NotABookFile
    }
}

/// Every entry by name. A damaged central directory is a damaged container; a
/// name given twice is refused (which of the two would be the part?).
fn list_entries(
    zip: &ZipSliceArchive<&[u8]>,
    bytes: &[u8],
) -> Result<HashMap<String, ZipArchiveEntryWayfinder>, BookFileError> {
    let mut entries = HashMap::new();
    let mut list = zip.entries();
    while let Some(entry) = list.next_entry().map_err(|_| container_error(bytes))? {
        if entry.compression_method() != CompressionMethod::STORE {
            continue;
        }
        let path = entry.file_path();
        let Ok(name) = std::str::from_utf8(path.as_ref()) else {
            continue;
        };
        if entries
            .insert(name.to_string(), entry.wayfinder())
            .is_some()
        {
            return Err(container_error(bytes));
        }
    }
    Ok(entries)
}

fn entry_data<'z>(
    zip: &'z ZipSliceArchive<&[u8]>,
    entries: &HashMap<String, ZipArchiveEntryWayfinder>,
    name: &str,
) -> Result<&'z [u8], BookFileError> {
    let wayfinder = entries
        .get(name)
        .ok_or_else(|| BookFileError::MissingPart { part: name.into() })?;
    let entry = zip
        .get_entry(*wayfinder)
        .map_err(|_| BookFileError::DamagedPart { part: name.into() })?;
    Ok(entry.data())
}

/// The manifest, after its format, version and checksum: a newer format is
/// refused before its checksum is looked at (a later version may sign otherwise).
fn read_manifest(
    zip: &ZipSliceArchive<&[u8]>,
    entries: &HashMap<String, ZipArchiveEntryWayfinder>,
) -> Result<Manifest, BookFileError> {
    let bytes = entry_data(zip, entries, MANIFEST).map_err(|_| BookFileError::NotABookFile)?;
    let checksum = entry_data(zip, entries, MANIFEST_SHA256);
    let intact = checksum
        .as_ref()
        .is_ok_and(|sum| *sum == sha256_hex(bytes).as_bytes());
    let probe: Probe = match serde_json::from_slice(bytes) {
        Ok(probe) => probe,
        Err(_) if !intact && checksum.is_ok() => return Err(damaged(MANIFEST)),
        Err(_) => return Err(BookFileError::NotABookFile),
    };
    if probe.format != FORMAT_NAME {
        return Err(BookFileError::NotABookFile);
    }
    if probe.format_version > FORMAT_VERSION {
        return Err(BookFileError::NewerFormat {
            found: probe.format_version,
            supported: FORMAT_VERSION,
        });
    }
    checksum?;
    if !intact {
        return Err(damaged(MANIFEST));
    }
    serde_json::from_slice(bytes).map_err(|e| undecodable(MANIFEST, e.to_string().as_str()))
}

fn header_of(m: &Manifest) -> Result<BookFileHeader, BookFileError> {
    let bad = |what: &str| undecodable(MANIFEST, what);
    let seen = m
        .seen
        .iter()
        .map(|s| s.parse::<Hlc>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| bad("seen"))?;
    Ok(BookFileHeader {
        kind: match m.kind {
            Kind::Backup => FileKind::Backup,
            Kind::Changes => FileKind::Changes,
        },
        book_id: m.book.id.parse().map_err(|_| bad("book.id"))?,
        book_name: m.book.name.clone(),
        device: m.device.parse().map_err(|_| bad("device"))?,
        created_ms: m.created_ms,
        app_version: m.app_version.clone(),
        seen,
    })
}

/// Part names are unique, of a known form, change parts before attachments.
fn check_parts_listed(m: &Manifest) -> Result<(), BookFileError> {
    let mut names = HashSet::new();
    let mut attachments_begun = false;
    for part in &m.parts {
        let is_changes = part.name.starts_with(CHANGES_DIR);
        let is_attachment = part.name.starts_with(ATTACHMENTS_DIR);
        attachments_begun |= is_attachment;
        let in_order = is_attachment || (is_changes && !attachments_begun);
        if !in_order || !names.insert(part.name.as_str()) {
            return Err(undecodable(MANIFEST, "parts"));
        }
    }
    Ok(())
}

fn damaged(part: &str) -> BookFileError {
    BookFileError::DamagedPart { part: part.into() }
}

fn undecodable(part: &str, detail: &str) -> BookFileError {
    BookFileError::UnreadablePart {
        part: part.into(),
        detail: detail.into(),
    }
}
