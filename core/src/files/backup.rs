//! The book file: one container format for a whole-book **backup** and for the
//! **changes** one device sends another. Its manifest and parts are types of
//! their own, versioned by `FORMAT_VERSION`; every released version keeps
//! reading (golden files in the tests).
//!
//! The format (a ZIP of stored entries: `manifest.json`, its checksum, change-set
//! parts in the store's chunk format, attachment bytes; optionally each part
//! sealed with AES-256-GCM under a PBKDF2 key, and the manifest with it) is
//! described in `docs/book-file-format.md`.
//!
//! Both ways work a part at a time, so a book larger than memory can be backed
//! up and restored: [`BookFileWriter`] returns each part as a piece of the file
//! for the caller to append (to a `Blob`, or a file the browser writes), and
//! [`BookFileReader`] reads a [`FileSource`] by ranges (a `Blob.slice` in the
//! browser), checking every size against its budget ([`budgets`]) before it
//! reads it. The whole-file functions below are the shorthand for files held
//! in memory.

pub mod budgets;
mod crypto;
mod manifest;
mod read;
mod source;
mod tally;
mod write;
mod zip;

pub use budgets::Budget;
pub use crypto::{derive_key, KEY_ITERATIONS};
pub use read::{is_acceptable, BookFilePart, BookFileReader, BookFileSummary};
pub use source::FileSource;
pub use write::BookFileWriter;

use crate::book::RecordKey;
use crate::ids::{DeviceId, RecordId};
use crate::money::limits::LimitError;
use crate::sync::{ChangeSet, Hlc};

/// The newest format this Kura writes (and the newest it reads). Format 2
/// proves a file whole (the chain of parts, the manifest sealed under the key
/// of an encrypted file, the content counted against the manifest); format 1
/// files are read with the checks they allow. Format 3 is format 2 whose
/// change parts are chunks of the binary version that carries each set's
/// history link (`sync::chain`): an older Kura then says the file is newer
/// instead of failing on a part it cannot decode.
pub const FORMAT_VERSION: u32 = 3;

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
    /// the writer had seen (sync's acknowledgement). In a backup it is what its
    /// sets say, and the writer computes it (this field is not used then); a
    /// backup made by format 1 may have it empty.
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

/// Why a book file cannot be read (or, for the writer's few refusals, written).
/// Nothing is written when this is returned.
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
    /// A size or count beyond what a reader accepts (see [`budgets`]).
    #[error("the file declares {size} for {what:?}, more than the {limit} Kura accepts")]
    TooLarge { what: Budget, size: u64, limit: u64 },
    /// The ZIP's own structure is inconsistent (damaged, or made to mislead).
    #[error("the file's structure is damaged at {entry}: {problem:?}")]
    BrokenStructure {
        entry: String,
        problem: StructureProblem,
    },
    /// The file is encrypted and no passphrase was given.
    #[error("the file is encrypted: a passphrase is needed")]
    PassphraseRequired,
    /// The file is encrypted and the passphrase is wrong.
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// The passphrase is right but the manifest is not the one sealed with it:
    /// edited (parts removed, added, …) or damaged after it was written.
    #[error("the file's manifest was altered after it was written")]
    ManifestAltered,
    /// A part's bytes do not match the manifest's checksum (or do not decrypt).
    #[error("the part {part} of the file is damaged")]
    DamagedPart { part: String },
    /// The manifest lists a part the file does not hold, or a backup lacks the
    /// bytes of an attachment it keeps.
    #[error("the part {part} is missing from the file")]
    MissingPart { part: String },
    /// The file holds a part its manifest does not list.
    #[error("the part {part} is not in the file's list of parts")]
    UnlistedPart { part: String },
    /// Change parts are not listed in their order.
    #[error("the part {part} is out of order")]
    PartOutOfOrder { part: String },
    /// The chain of parts breaks at `at`: a part was removed, added, moved or
    /// replaced in the list (`manifest.json`: at its end).
    #[error("the list of parts was altered at {at}")]
    PartListAltered { at: String },
    /// A part is intact (its checksum matches) but cannot be decoded.
    #[error("the part {part} cannot be read: {detail}")]
    UnreadablePart { part: String, detail: String },
    /// An attachment's bytes do not match its record's SHA-256, or it has no record.
    #[error("the attachment {part} does not match its record")]
    AttachmentMismatch { part: String },
    /// What the parts hold is not what the manifest counts.
    #[error("the manifest counts {listed} {what:?}, the file holds {found}")]
    CountMismatch {
        what: Counted,
        listed: u64,
        found: u64,
    },
    /// A backup's `seen` is not the latest stamp of this device's sets: sets
    /// were removed (or the manifest edited).
    #[error("the file's sets of device {device} are not those its manifest names")]
    SeenMismatch { device: DeviceId },
    /// A clock stamp beyond [`crate::sync::MAX_WALL_MS`] or more than
    /// [`budgets::MAX_CLOCK_AHEAD_MS`] ahead of this device's clock.
    #[error("the clock of device {device} was {ahead_ms} ms ahead when it wrote this")]
    ClockAhead { device: DeviceId, ahead_ms: u64 },
    /// A record beyond Kura's magnitude limits (`money::limits`).
    #[error("the part {part} holds a record beyond Kura's limits ({record:?}): {limit}")]
    RecordBeyondLimits {
        part: String,
        record: RecordKey,
        limit: LimitError,
    },
    /// A file of changes given where a whole book is needed (a restore).
    #[error("this is a file of changes, not a backup")]
    ChangesNotABackup,
}

/// How a ZIP's structure is inconsistent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructureProblem {
    /// Two entries share bytes (a way to make a small file decode huge).
    Overlaps { other: String },
    /// Two entries have one name (which would be the part?).
    DuplicateName,
    /// The entry's local header says something else than the directory.
    LocalHeaderDisagrees,
    /// The entry reaches past the start of the directory.
    OutsideFile,
    /// A stored entry whose two sizes differ.
    SizesDisagree,
    /// ZIP64, or a ZIP split over several disks: Kura writes neither.
    NotSupported,
}

/// What a [`BookFileError::CountMismatch`] counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Counted {
    ChangeSets,
    /// Distinct records of this kind (its snake_case name).
    Records {
        kind: String,
    },
    Attachments,
}

/// How many change sets go into one part: small enough that progress moves and
/// damage is local, large enough that a 100,000-entry book is ~50 parts.
pub const SETS_PER_PART: usize = 2_000;

/// Writes a book file held in memory (a file of changes; tests). Large books
/// are written part by part with [`BookFileWriter`], each piece appended where
/// it goes. `on_part`: parts done, of.
pub fn write_book_file(
    file: &BookFile,
    encryption: Option<Encryption<'_>>,
    on_part: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, BookFileError> {
    let mut writer = BookFileWriter::new(&file.header, encryption);
    let parts = file.change_sets.len().div_ceil(SETS_PER_PART) + file.attachments.len();
    let mut bytes = Vec::new();
    let mut done = 0;
    for sets in file.change_sets.chunks(SETS_PER_PART) {
        bytes.extend(writer.add_change_sets(sets)?);
        done += 1;
        on_part(done, parts);
    }
    for (id, attachment) in &file.attachments {
        bytes.extend(writer.add_attachment(*id, attachment)?);
        done += 1;
        on_part(done, parts);
    }
    bytes.extend(writer.finish()?);
    Ok(bytes)
}

/// Reads only the header (and whether the file is encrypted), cheaply: what the
/// app shows before asking for a passphrase or refusing another book's file.
/// `now_ms`: this device's clock (a file from a clock far ahead is refused).
pub fn read_book_file_header(
    bytes: &[u8],
    now_ms: u64,
) -> Result<(BookFileHeader, bool), BookFileError> {
    let reader = source::at_once(BookFileReader::open(bytes, now_ms))?;
    Ok((reader.header().clone(), reader.is_encrypted()))
}

/// Reads and checks a whole book file held in memory: everything
/// [`BookFileReader`] checks.
pub fn read_book_file(
    bytes: &[u8],
    secret: Option<Secret<'_>>,
    now_ms: u64,
    on_part: &mut dyn FnMut(usize, usize),
) -> Result<BookFile, BookFileError> {
    source::at_once(async {
        let mut reader = BookFileReader::open(bytes, now_ms).await?;
        if let Some(secret) = secret {
            reader.unlock(secret)?;
        }
        reader.read_all(on_part).await
    })
}
