//! How much of a book file a reader will look at, and how far ahead of the
//! reader's clock a file may be. A hostile file can declare any size or count;
//! each is compared with its budget *before* anything of that size is read or
//! allocated, so a crafted file is refused instead of exhausting wasm memory.
//!
//! Every budget is far above what Kura itself writes (the writer keeps within
//! them, so every file Kura writes reads back) and far below what would hurt.

use crate::book::MAX_ATTACHMENT_BYTES;

/// The largest book file: 4 GiB − 1, the classic ZIP's own limit (sizes and
/// offsets are 32-bit; Kura neither writes nor reads ZIP64). A book with a few
/// hundred MB of receipts is a fraction of it.
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// The most parts (change parts and attachments) in one file: a classic ZIP
/// holds at most 65,535 entries, three of which are the manifest, its checksum
/// and its seal. Ten years of a busy shop's receipts is a few thousand.
pub const MAX_PARTS: u64 = 65_535 - 3;

/// The largest ZIP central directory: 46 bytes a record plus the name, for
/// [`MAX_PARTS`] names of at most 64 bytes is about 7 MB; twice that.
pub const MAX_DIRECTORY_BYTES: u64 = 16 * 1024 * 1024;

/// The largest `manifest.json`: about 230 bytes a part (name, size, two
/// hashes, pretty-printed) for [`MAX_PARTS`] is 15 MB; about twice that.
pub const MAX_MANIFEST_BYTES: u64 = 32 * 1024 * 1024;

/// The largest change part. A part is [`super::SETS_PER_PART`] change sets,
/// usually a few MB; one set can be large (a 20 MiB CSV import is one set, and
/// records other than entries are carried as JSON, about twice their CSV). The
/// writer splits a part that would exceed this, so only a single set of more
/// than 64 MiB cannot be written, and a reader never decodes more at once.
pub const MAX_CHANGE_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The largest attachment part: the largest file that can be attached, plus
/// the 16-byte tag of an encrypted part.
pub const MAX_ATTACHMENT_PART_BYTES: u64 = MAX_ATTACHMENT_BYTES + super::crypto::TAG_LEN;

/// How far ahead of the reader's clock a stamp in a file may be: one day. Two
/// devices' clocks differ by seconds, or by hours when one has the wrong time
/// zone; a stamp further ahead comes from a clock set wrong (or a crafted file)
/// and, once stored, would push every later stamp of this book past it.
pub const MAX_CLOCK_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// What a budget limits (named in [`super::BookFileError::TooLarge`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// The whole file ([`MAX_FILE_BYTES`]).
    File,
    /// How many entries the file has ([`MAX_PARTS`]).
    Parts,
    /// The ZIP's central directory ([`MAX_DIRECTORY_BYTES`]).
    Directory,
    /// `manifest.json` ([`MAX_MANIFEST_BYTES`]).
    Manifest,
    /// One change part ([`MAX_CHANGE_PART_BYTES`]).
    ChangePart,
    /// One attachment ([`MAX_ATTACHMENT_PART_BYTES`]).
    Attachment,
}

impl Budget {
    /// The largest size (or count, for [`Budget::Parts`]) accepted.
    pub fn limit(self) -> u64 {
        match self {
            Budget::File => MAX_FILE_BYTES,
            Budget::Parts => MAX_PARTS,
            Budget::Directory => MAX_DIRECTORY_BYTES,
            Budget::Manifest => MAX_MANIFEST_BYTES,
            Budget::ChangePart => MAX_CHANGE_PART_BYTES,
            Budget::Attachment => MAX_ATTACHMENT_PART_BYTES,
        }
    }

    /// `Ok` when `size` is within this budget, else the error naming it.
    pub(super) fn check(self, size: u64) -> Result<(), super::BookFileError> {
        if size <= self.limit() {
            Ok(())
        } else {
            Err(super::BookFileError::TooLarge {
                what: self,
                size,
                limit: self.limit(),
            })
        }
    }
}
