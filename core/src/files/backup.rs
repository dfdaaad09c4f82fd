//! The book file: one container format for a whole-book **backup** and for the
//! **changes** one device sends another (helper: backup implements this module;
//! the sync helper uses it). Its manifest and parts are types of their own,
//! versioned by `FORMAT_VERSION`; every released version keeps reading (golden
//! files in the tests).
//!
//! The signatures below are the contract between the two helpers; a change to
//! them must be told to the other.

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
/// by the caller: the core never draws random numbers.
pub struct Encryption<'a> {
    pub passphrase: &'a str,
    pub random: [u8; 32],
}

/// Why a book file cannot be read. Nothing is written when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookFileError {
    /// Written by a newer Kura.
    #[error("the file is format {found}; this Kura reads up to {supported}")]
    NewerFormat { found: u32, supported: u32 },
    /// The file is encrypted and the passphrase is missing or wrong.
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// A part's bytes do not match the manifest's checksum (or do not decrypt).
    #[error("the part {part} of the file is damaged")]
    DamagedPart { part: String },
    // helper backup: more variants (not a Kura file, truncated, missing part…)
}

/// Writes a book file. Large books are written part by part (`on_part` lets
/// the app yield to the page between parts and show progress: parts done, of).
pub fn write_book_file(
    file: &BookFile,
    encryption: Option<Encryption<'_>>,
    on_part: &mut dyn FnMut(usize, usize),
) -> Vec<u8> {
    let _ = (file, encryption, on_part);
    todo!("helper backup")
}

/// Reads only the header (and whether the file is encrypted), cheaply: what the
/// app shows before asking for a passphrase or refusing another book's file.
pub fn read_book_file_header(bytes: &[u8]) -> Result<(BookFileHeader, bool), BookFileError> {
    let _ = bytes;
    todo!("helper backup")
}

/// Reads and checks a whole book file: every part's checksum, the attachments'
/// SHA-256 against their records, the format version.
pub fn read_book_file(
    bytes: &[u8],
    passphrase: Option<&str>,
    on_part: &mut dyn FnMut(usize, usize),
) -> Result<BookFile, BookFileError> {
    let _ = (bytes, passphrase, on_part);
    todo!("helper backup")
}
