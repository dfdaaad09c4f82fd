//! Writing a book file as pieces, part by part: each call returns the bytes to
//! append (a ZIP entry: its local header and the part), and [`BookFileWriter::finish`]
//! the manifest and the ZIP's directory. The caller puts the pieces where they
//! go (a `Blob` or a file the browser writes), so memory holds one part at a time.

use std::collections::HashSet;

use super::budgets::{Budget, MAX_CHANGE_PART_BYTES};
use super::crypto::{hex, sha256_hex, Sealer, KEY_ITERATIONS, TAG_LEN};
use super::manifest::{
    chain_link, change_part_name, BookRef, Counts, EncryptionInfo, Kind, Manifest, PartInfo,
    ATTACHMENTS_DIR, FORMAT_NAME, MANIFEST, MANIFEST_HMAC, MANIFEST_SHA256,
};
use super::tally::Tally;
use super::zip::ZipWriter;
use super::{
    BookFileError, BookFileHeader, Encryption, FileKind, StructureProblem, FORMAT_VERSION,
};
use crate::ids::RecordId;
use crate::store::encode_chunk;
use crate::sync::{ChainReport, ChangeSet};

/// A book file being written: add the change sets (a part per call), then the
/// attachments, then [`BookFileWriter::finish`]; append every piece returned,
/// in order.
pub struct BookFileWriter {
    zip: ZipWriter,
    manifest: Manifest,
    sealer: Option<Sealer>,
    tally: Tally,
    attachments: HashSet<RecordId>,
    chain: [u8; 32],
    change_parts: usize,
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
            zip: ZipWriter::default(),
            manifest: manifest_of(header, info),
            sealer,
            tally: Tally::checking_history(),
            attachments: HashSet::new(),
            chain: [0; 32],
            change_parts: 0,
        }
    }

    /// The piece of one part of change sets (the app passes a few thousand at a
    /// time). Sets that would make a part larger than a reader accepts
    /// ([`MAX_CHANGE_PART_BYTES`]) are split into several parts; a single set
    /// that large is refused.
    pub fn add_change_sets(&mut self, sets: &[ChangeSet]) -> Result<Vec<u8>, BookFileError> {
        let chunk = encode_chunk(sets);
        let stored_len = chunk.len() as u64 + self.tag_len();
        if stored_len > MAX_CHANGE_PART_BYTES && sets.len() > 1 {
            let (first, second) = sets.split_at(sets.len() / 2);
            let mut piece = self.add_change_sets(first)?;
            piece.extend(self.add_change_sets(second)?);
            return Ok(piece);
        }
        Budget::ChangePart.check(stored_len)?;
        self.tally.add(sets);
        self.change_parts += 1;
        self.add_part(change_part_name(self.change_parts), &chunk, None)
    }

    /// The piece of one attachment's bytes, after every change set. Refused
    /// (and nothing written) when the bytes do not match the attachment's
    /// record in the sets added, or are larger than can be attached: a file
    /// Kura writes always reads back.
    pub fn add_attachment(&mut self, id: RecordId, bytes: &[u8]) -> Result<Vec<u8>, BookFileError> {
        let name = format!("{ATTACHMENTS_DIR}{id}");
        Budget::Attachment.check(bytes.len() as u64 + self.tag_len())?;
        let plain_sha256 = sha256_hex(bytes);
        if self.tally.attachment_hash(id) != Some(plain_sha256.as_str()) {
            return Err(BookFileError::AttachmentMismatch { part: name });
        }
        if !self.attachments.insert(id) {
            return Err(BookFileError::BrokenStructure {
                entry: name,
                problem: StructureProblem::DuplicateName,
            });
        }
        self.manifest.counts.attachments += 1;
        self.add_part(name, bytes, Some(plain_sha256))
    }

    /// The history chains of the change sets added so far
    /// (`sync::chain`): a backup with a broken chain is still written (it is
    /// the copy that may repair the book), and the app warns.
    pub fn history(&self) -> ChainReport {
        self.tally.history(self.manifest.kind).unwrap_or_default()
    }

    /// The last piece: the manifest (its counts, and for a backup its `seen`,
    /// from what was added), its checksum and seal, and the ZIP's directory.
    pub fn finish(mut self) -> Result<Vec<u8>, BookFileError> {
        self.manifest.counts = self.tally.counts(self.manifest.counts.attachments);
        if self.manifest.kind == Kind::Backup {
            self.manifest.seen = self.tally.seen().iter().map(ToString::to_string).collect();
        }
        let mut missing: Vec<String> = self
            .tally
            .kept_attachments()
            .filter(|id| !self.attachments.contains(id))
            .map(|id| id.to_string())
            .collect();
        missing.sort();
        self.manifest.missing_attachments = Some(missing);
        self.manifest.chain = Some(hex(&self.chain));
        let manifest =
            serde_json::to_vec_pretty(&self.manifest).expect("the manifest always serializes");
        let mut piece = self.zip.entry(MANIFEST, &manifest)?;
        let checksum = sha256_hex(&manifest);
        piece.extend(self.zip.entry(MANIFEST_SHA256, checksum.as_bytes())?);
        if let Some(sealer) = &self.sealer {
            let mac = hex(&sealer.manifest_mac(&manifest));
            piece.extend(self.zip.entry(MANIFEST_HMAC, mac.as_bytes())?);
        }
        piece.extend(self.zip.finish());
        Ok(piece)
    }

    /// The bytes encryption adds to a part (its tag).
    fn tag_len(&self) -> u64 {
        if self.sealer.is_some() {
            TAG_LEN
        } else {
            0
        }
    }

    /// One part, sealed when the file is encrypted. `plain_sha256`: the plain
    /// bytes' SHA-256 when the caller has it (an attachment's, checked against
    /// its record): a plain file's part is its plain bytes, hashed once.
    fn add_part(
        &mut self,
        name: String,
        plain: &[u8],
        plain_sha256: Option<String>,
    ) -> Result<Vec<u8>, BookFileError> {
        let number = self.manifest.parts.len() as u32 + 1;
        let (sealed, sha256);
        let stored = match &self.sealer {
            Some(sealer) => {
                sealed = sealer.seal(number, &name, plain);
                sha256 = sha256_hex(&sealed);
                sealed.as_slice()
            }
            None => {
                sha256 = plain_sha256.unwrap_or_else(|| sha256_hex(plain));
                plain
            }
        };
        let piece = self.zip.entry(&name, stored)?;
        let mut part = PartInfo {
            name,
            size: stored.len() as u64,
            sha256,
            chain: None,
        };
        self.chain = chain_link(&self.chain, &part);
        part.chain = Some(hex(&self.chain));
        self.manifest.parts.push(part);
        Ok(piece)
    }
}

fn manifest_of(header: &BookFileHeader, encryption: Option<EncryptionInfo>) -> Manifest {
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
        chain: None,
        missing_attachments: None,
    }
}
