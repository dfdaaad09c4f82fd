//! Writing a book file part by part, so the app can yield to the page between
//! parts and never holds more than one part's decoded change sets.

use std::collections::{BTreeMap, HashSet};

use rawzip::{CompressionMethod, ZipArchiveWriter};

use super::crypto::{sha256_hex, Sealer, KEY_ITERATIONS};
use super::manifest::{
    BookRef, Counts, Kind, Manifest, PartInfo, ATTACHMENTS_DIR, CHANGES_DIR, FORMAT_NAME, MANIFEST,
    MANIFEST_SHA256,
};
use super::{BookFileHeader, Encryption, FileKind, FORMAT_VERSION};
use crate::book::RecordKey;
use crate::ids::RecordId;
use crate::store::encode_chunk;
use crate::sync::ChangeSet;

/// A book file being written: add the change sets (a part per call), then the
/// attachments, then [`BookFileWriter::finish`].
pub struct BookFileWriter {
    zip: ZipArchiveWriter<Vec<u8>>,
    manifest: Manifest,
    sealer: Option<Sealer>,
    records: HashSet<RecordKey>,
}

impl BookFileWriter {
    /// A new file; encrypted under a key derived with [`KEY_ITERATIONS`].
    pub fn new(header: &BookFileHeader, encryption: Option<Encryption<'_>>) -> BookFileWriter {
        Self::with_key_iterations(header, encryption, KEY_ITERATIONS)
    }

    /// As [`BookFileWriter::new`] with another iteration count: for tests and the
    /// golden files, which would otherwise spend most of their time deriving keys.
    pub fn with_key_iterations(
        header: &BookFileHeader,
        encryption: Option<Encryption<'_>>,
        iterations: u32,
    ) -> BookFileWriter {
        let (sealer, info) = match encryption {
            Some(e) => {
                let (sealer, info) = Sealer::create(e.passphrase, &e.random, iterations);
                (Some(sealer), Some(info))
            }
            None => (None, None),
        };
        BookFileWriter {
            zip: ZipArchiveWriter::new(Vec::new()),
            manifest: manifest_of(header, info),
            sealer,
            records: HashSet::new(),
        }
    }

    /// Adds one part of change sets (the app passes a few thousand at a time).
    pub fn add_change_sets(&mut self, sets: &[ChangeSet]) {
        let number = self.manifest.parts.len() + 1;
        let name = format!("{CHANGES_DIR}{number:04}.bin");
        self.add_part(name, &encode_chunk(sets));
        self.manifest.counts.change_sets += sets.len() as u64;
        let keys = sets
            .iter()
            .flat_map(|s| &s.changes)
            .filter_map(|c| c.record().map(|r| r.key()));
        self.records.extend(keys);
    }

    /// Adds the bytes of one attachment, after every change set.
    pub fn add_attachment(&mut self, id: RecordId, bytes: &[u8]) {
        self.add_part(format!("{ATTACHMENTS_DIR}{id}"), bytes);
        self.manifest.counts.attachments += 1;
    }

    /// The whole file: the parts, then the manifest and its checksum.
    pub fn finish(mut self) -> Vec<u8> {
        self.manifest.counts.records = count_by_kind(&self.records);
        let manifest =
            serde_json::to_vec_pretty(&self.manifest).expect("the manifest always serializes");
        let checksum = sha256_hex(&manifest);
        self.put(MANIFEST, &manifest);
        self.put(MANIFEST_SHA256, checksum.as_bytes());
        self.zip.finish().expect("writing to memory cannot fail")
    }

    fn add_part(&mut self, name: String, plain: &[u8]) {
        let number = self.manifest.parts.len() as u32 + 1;
        let stored = match &self.sealer {
            Some(sealer) => sealer.seal(number, &name, plain),
            None => plain.to_vec(),
        };
        self.put(&name, &stored);
        self.manifest.parts.push(PartInfo {
            name,
            size: stored.len() as u64,
            sha256: sha256_hex(&stored),
        });
    }

    /// One stored (uncompressed) entry: the chunks are compact already, pictures
    /// and PDFs compressed, and ciphertext does not compress.
    fn put(&mut self, name: &str, bytes: &[u8]) {
        let (mut entry, config) = self
            .zip
            .new_file(name)
            .compression_method(CompressionMethod::STORE)
            .start()
            .expect("part names are valid paths");
        let mut writer = config.wrap(&mut entry);
        std::io::Write::write_all(&mut writer, bytes).expect("writing to memory cannot fail");
        let (_, descriptor) = writer.finish().expect("writing to memory cannot fail");
        entry
            .finish(descriptor)
            .expect("writing to memory cannot fail");
    }
}

fn manifest_of(
    header: &BookFileHeader,
    encryption: Option<super::manifest::EncryptionInfo>,
) -> Manifest {
    Manifest {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        app_version: header.app_version.clone(),
        kind: match header.kind {
            FileKind::Backup => Kind::Backup,
            FileKind::Changes => Kind::Changes,
        },
        book: BookRef {
            id: header.book_id.to_string(),
            name: header.book_name.clone(),
        },
        device: header.device.to_string(),
        created_ms: header.created_ms,
        seen: header.seen.iter().map(ToString::to_string).collect(),
        counts: Counts::default(),
        encryption,
        parts: Vec::new(),
    }
}

/// Record kinds by their snake_case name (the manifest's own words for them).
fn count_by_kind(keys: &HashSet<RecordKey>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for key in keys {
        let name = match serde_json::to_value(key.kind) {
            Ok(serde_json::Value::String(name)) => name,
            _ => unreachable!("a record kind serializes as its name"),
        };
        *counts.entry(name).or_insert(0) += 1;
    }
    counts
}
