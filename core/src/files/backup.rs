//! The book file: one container format for a whole-book **backup** and for the
//! **changes** one device sends another (helper: backup implements this module;
//! the sync helper uses it). Its manifest and parts are types of their own,
//! versioned by `FORMAT_VERSION`; every released version keeps reading (golden
//! files in the tests).
//!
//! The signatures below are the contract between the two helpers; a change to
//! them must be told to the other.
//!
//! The format (a ZIP of stored entries: `manifest.json`, its checksum, change-set
//! parts in the store's chunk format, attachment bytes; optionally each part
//! sealed with AES-256-GCM under a PBKDF2 key) is described in
//! `docs/book-file-format.md`. [`BookFileWriter`] and [`BookFileReader`] work a
//! part at a time, so the app can yield to the page and show progress between
//! parts; the three functions below are the whole-file shorthand.

mod crypto;
mod manifest;
mod read;
mod write;

pub use crypto::{derive_key, KEY_ITERATIONS};
pub use read::{BookFilePart, BookFileReader, BookFileSummary};
pub use write::BookFileWriter;

use crate::ids::{DeviceId, RecordId};
use crate::sync::{ChangeSet, Hlc};

/// The newest format this Kura writes (and the newest it reads).
pub const FORMAT_VERSION: u32 = 1;

/// What a book file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Everything: restoring it gives back the same book.
    Backup,
    /// Change sets for another device to merge (possibly all of them).
    Changes,
}

/// What a book file carries besides its parts: enough to refuse a file from
/// another book or a newer Kura before reading the rest, and for sync to know
/// what the sending device had seen.
#[derive(Clone, Debug, PartialEq)]
pub struct BookFileHeader {
    pub kind: FileKind,
    pub book_id: RecordId,
    /// The book's name when the file was made (shown before restoring).
    pub book_name: String,
    /// The device that wrote the file.
    pub device: DeviceId,
    /// When it was written (ms since the epoch, passed in by the caller).
    pub created_ms: u64,
    /// The app's version string (`CARGO_PKG_VERSION` of the app, passed in).
    pub app_version: String,
    /// For each device, the latest stamp of its change sets the writer held: what
    /// the writer had seen (sync's acknowledgement; empty in a backup made by a
    /// version that did not record it).
    pub seen: Vec<Hlc>,
}

/// The contents of a book file: its header, change sets, and the bytes of the
/// attachments those change sets add.
#[derive(Clone, Debug, PartialEq)]
pub struct BookFile {
    pub header: BookFileHeader,
    pub change_sets: Vec<ChangeSet>,
    /// (attachment id, bytes), each checked against its record's SHA-256 on read.
    pub attachments: Vec<(RecordId, Vec<u8>)>,
}

/// A passphrase and the random bytes encryption needs (salt and nonces), drawn
/// by the caller: the core never draws random numbers. The salt is the first 16
/// of them ([`KeyParams::for_new_file`]).
pub struct Encryption<'a> {
    pub passphrase: Secret<'a>,
    pub random: [u8; 32],
}

/// What unlocks an encrypted book file: the passphrase, from which the core
/// derives the key, or that key already derived with the file's [`KeyParams`]
/// (the app derives it with the browser's WebCrypto: at native speed, and
/// without holding the page for the seconds PBKDF2 takes in WebAssembly).
#[derive(Clone, Copy, Debug)]
pub enum Secret<'a> {
    Passphrase(&'a str),
    Key(&'a [u8; 32]),
}

impl<'a> From<&'a str> for Secret<'a> {
    fn from(passphrase: &'a str) -> Self {
        Secret::Passphrase(passphrase)
    }
}

/// How a file's key is derived from its passphrase: PBKDF2-HMAC-SHA256 with
/// this salt and iteration count, 32 bytes ([`derive_key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyParams {
    pub salt: [u8; 16],
    pub iterations: u32,
}

impl KeyParams {
    /// The parameters a file written with these random bytes will have.
    pub fn for_new_file(random: &[u8; 32]) -> KeyParams {
        KeyParams {
            salt: random[..16].try_into().expect("16 bytes"),
            iterations: KEY_ITERATIONS,
        }
    }
}

/// Why a book file cannot be read. Nothing is written when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookFileError {
    /// Not a ZIP, or a ZIP that is not a Kura book file.
    #[error("this is not a Kura book file")]
    NotABookFile,
    /// Starts like a ZIP but its directory is missing or damaged: cut short.
    #[error("the file is incomplete or its structure is damaged")]
    Truncated,
    /// Written by a newer Kura.
    #[error("the file is format {found}; this Kura reads up to {supported}")]
    NewerFormat { found: u32, supported: u32 },
    /// The file is encrypted and no passphrase was given.
    #[error("the file is encrypted: a passphrase is needed")]
    PassphraseRequired,
    /// The file is encrypted and the passphrase is wrong.
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// A part's bytes do not match the manifest's checksum (or do not decrypt).
    #[error("the part {part} of the file is damaged")]
    DamagedPart { part: String },
    /// The manifest lists a part the file does not hold.
    #[error("the part {part} is missing from the file")]
    MissingPart { part: String },
    /// A part is intact (its checksum matches) but cannot be decoded.
    #[error("the part {part} cannot be read: {detail}")]
    UnreadablePart { part: String, detail: String },
    /// An attachment's bytes do not match its record's SHA-256, or it has no record.
    #[error("the attachment {part} does not match its record")]
    AttachmentMismatch { part: String },
}

/// How many change sets go into one part: small enough that progress moves and
/// damage is local, large enough that a 100,000-entry book is ~50 parts.
pub const SETS_PER_PART: usize = 2_000;

/// Writes a book file. Large books are written part by part (`on_part` lets
/// the app yield to the page between parts and show progress: parts done, of).
pub fn write_book_file(
    file: &BookFile,
    encryption: Option<Encryption<'_>>,
    on_part: &mut dyn FnMut(usize, usize),
) -> Vec<u8> {
    let mut writer = BookFileWriter::new(&file.header, encryption);
    let parts = file.change_sets.len().div_ceil(SETS_PER_PART) + file.attachments.len();
    let mut done = 0;
    for sets in file.change_sets.chunks(SETS_PER_PART) {
        writer.add_change_sets(sets);
        done += 1;
        on_part(done, parts);
    }
    for (id, bytes) in &file.attachments {
        writer.add_attachment(*id, bytes);
        done += 1;
        on_part(done, parts);
    }
    writer.finish()
}

/// Reads only the header (and whether the file is encrypted), cheaply: what the
/// app shows before asking for a passphrase or refusing another book's file.
pub fn read_book_file_header(bytes: &[u8]) -> Result<(BookFileHeader, bool), BookFileError> {
    let reader = BookFileReader::open(bytes, None)?;
    Ok((reader.header().clone(), reader.is_encrypted()))
}

/// Reads and checks a whole book file: every part's checksum, the attachments'
/// SHA-256 against their records, the format version.
pub fn read_book_file(
    bytes: &[u8],
    secret: Option<Secret<'_>>,
    on_part: &mut dyn FnMut(usize, usize),
) -> Result<BookFile, BookFileError> {
    let mut reader = BookFileReader::open(bytes, secret)?;
    if reader.is_encrypted() && secret.is_none() {
        return Err(BookFileError::PassphraseRequired);
    }
    let mut file = BookFile {
        header: reader.header().clone(),
        change_sets: Vec::new(),
        attachments: Vec::new(),
    };
    let parts = reader.part_count();
    for index in 0..parts {
        match reader.read_part(index)? {
            BookFilePart::ChangeSets { sets, .. } => file.change_sets.extend(sets),
            BookFilePart::Attachment { id, bytes } => file.attachments.push((id, bytes)),
        }
        on_part(index + 1, parts);
    }
    Ok(file)
}
