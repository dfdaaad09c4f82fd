//! The persistence port. A book is stored as its change log: every committed
//! [`ChangeSet`], newest ones one per row, older ones packed into chunks. Opening a
//! book reads them all and folds them into a [`crate::book::Book`].
//!
//! Two ports cover everything a backend keeps of a book that can be said in
//! pure Rust:
//! - [`Store`]: the book itself — its change log, and the bytes of its attached
//!   files, written in the same transaction as the change set that records
//!   them (one set, or many at once, all or nothing). This is what a backup or
//!   a changes file carries.
//! - [`LocalState`]: what one device keeps *beside* the log and never sends —
//!   the device id it writes the book as, and the change sets a merge held for
//!   the user ([`HeldChange`]) and those the user refused.
//!
//! Each backend (the in-memory [`MemoryStore`] here, IndexedDB in the app)
//! implements both, and one suite in [`conformance`] checks them all the same
//! way, one test per check.
//!
//! Every stored part is hostile until read: the chunk codec reads within named
//! budgets ([`Budget`]), a part that cannot be read is set aside and named
//! while the rest of the book opens ([`log`]), and nothing is stored that would
//! not read back ([`encode_row`], [`pack_chunks`]).

mod chunk;
#[cfg(any(test, feature = "testing"))]
pub mod conformance;
mod log;
mod memory;

#[cfg(any(test, feature = "testing"))]
pub use chunk::encode_json_chunk;
pub use chunk::{
    check_set, chunk_sets, decode_chunk, decode_row, encode_chunk, encode_row, pack_chunks, Budget,
    ChunkError, ChunkSets, Packed, MAX_CHANGES_PER_SET, MAX_LINES_PER_ENTRY, MAX_STRINGS_PER_CHUNK,
    MAX_TEXT_BYTES_PER_CHUNK,
};
pub use log::{chunk_key, read_chunk, read_row, set_aside, LoadedBook, SetAside, StoredPart};
pub use memory::MemoryStore;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::book::{Book, MediaType, Record, RecordKind};
use crate::ids::{DeviceId, RecordId};
use crate::sync::{Change, ChangeSet, HeldSet, Hlc};

/// How many change sets the log keeps one per row before they are packed.
pub const TAIL_LIMIT: usize = 500;

/// Why the store could not do what was asked. The UI turns each into a message
/// in the user's language; the data carried is what the message needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The book was written by a newer Kura; it is left untouched.
    #[error("this book was saved by a newer version of Kura (format {found}); this version reads up to {supported}")]
    NewerSchema { found: u32, supported: u32 },
    /// The browser's storage is full; nothing of the write was kept.
    #[error("the browser's storage for Kura is full")]
    QuotaExceeded,
    /// Another tab holds an old version of the book open and blocks an upgrade.
    #[error("another tab with an older Kura has this book open")]
    Blocked,
    /// Other tabs kept committing while this one tried to write; nothing of
    /// the write was kept.
    #[error("the book kept changing in another tab")]
    Busy,
    /// Stored data could not be read back.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// A change set that would not read back as it is (a stamp after the year
    /// 9999, a set beyond a budget) was refused; nothing was stored.
    #[error("nothing was saved: the change would not read back ({0})")]
    WouldNotReadBack(ChunkError),
    /// The book does not exist (deleted in another tab, for instance).
    #[error("the book was not found")]
    NotFound,
    /// The storage itself failed (unavailable, private mode, an internal error).
    #[error("the browser's storage failed: {0}")]
    Backend(String),
}

/// The bytes of one attached file that a change set adds: `id` is its
/// attachment record's id, which keys the bytes.
#[derive(Clone, Copy, Debug)]
pub struct AttachmentBytes<'a> {
    pub id: RecordId,
    pub bytes: &'a [u8],
}

/// The media type the attachment record `id` has in `sets` (the last set that
/// puts it wins), or `None` when no set puts it: bytes the book would not show
/// are never kept, so a backend refuses such a file (and its whole commit).
pub fn attachment_media_type(sets: &[ChangeSet], id: RecordId) -> Option<MediaType> {
    sets.iter()
        .flat_map(|set| &set.changes)
        .filter_map(|change| match change.record() {
            Some(Record::Attachment(a)) if a.id == id => Some(a.media_type),
            _ => None,
        })
        .next_back()
}

/// Checks that every file of `files` is an attachment one of `sets` puts
/// ([`attachment_media_type`]); the error names the first that is not.
pub fn check_files(sets: &[ChangeSet], files: &[AttachmentBytes<'_>]) -> Result<(), StoreError> {
    match files
        .iter()
        .find(|f| attachment_media_type(sets, f.id).is_none())
    {
        Some(file) => Err(StoreError::Backend(format!(
            "no attachment record for {}",
            file.id
        ))),
        None => Ok(()),
    }
}

/// The ids of the attachments `set` deletes (tombstones: a draft's file
/// removed). Their bytes are erased with the set; a posted entry's removed
/// evidence is a new version, not a deletion, so its bytes stay.
pub fn deleted_attachments(set: &ChangeSet) -> impl Iterator<Item = RecordId> + '_ {
    set.changes.iter().filter_map(|change| match change {
        Change::Delete { key } if key.kind == RecordKind::Attachment => Some(key.id),
        _ => None,
    })
}

/// A book's durable change log, and the bytes of its attached files.
///
/// Every method is atomic: it happens completely or not at all. Futures are not
/// `Send`, because browser storage lives on one thread.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Reads the whole log, part by part: `each` gets every stored change set
    /// that can be read (in no particular order; a set stored twice may come
    /// twice), and the parts that cannot be read are returned, left where they
    /// are. Only the store itself failing is an error.
    async fn read_log(&self, each: &mut dyn FnMut(ChangeSet)) -> Result<Vec<SetAside>, StoreError>;

    /// Every stored change set that can be read, each once, in no particular
    /// order ([`Store::load_book`] names what cannot be read).
    async fn load(&self) -> Result<Vec<ChangeSet>, StoreError> {
        let (mut sets, mut ids) = (Vec::new(), HashSet::new());
        self.read_log(&mut |set| {
            if ids.insert(set.id) {
                sets.push(set);
            }
        })
        .await?;
        Ok(sets)
    }

    /// What opening a book reads: the book folded from every stored change set
    /// that can be read, and the parts set aside. Sets are folded as they are
    /// decoded, so the whole decoded log is never held; a set stored twice is
    /// folded once (folding is idempotent).
    async fn load_book(&self) -> Result<LoadedBook, StoreError> {
        let mut book = Book::default();
        let set_aside = self
            .read_log(&mut |set| {
                book.apply_owned(set);
            })
            .await?;
        Ok(LoadedBook { book, set_aside })
    }

    /// Appends one change set in one transaction. Committing a set whose id is
    /// already stored changes nothing; a set that would not read back is refused
    /// with [`StoreError::WouldNotReadBack`].
    async fn commit(&self, set: &ChangeSet) -> Result<(), StoreError>;

    /// The change sets stamped after `after` (all of them for `None`): what another
    /// tab or device has not seen yet.
    async fn changes_since(&self, after: Option<Hlc>) -> Result<Vec<ChangeSet>, StoreError> {
        let mut sets = self.load().await?;
        sets.retain(|s| after.is_none_or(|a| s.stamp > a));
        Ok(sets)
    }

    /// Packs the one-per-row tail of the log into chunks ([`pack_chunks`]: each
    /// checked to read back before it is stored), in one transaction, so the
    /// next open reads fewer, larger values. Rows that cannot be read stay where
    /// they are. Returns how many sets were packed.
    async fn compact(&self) -> Result<usize, StoreError>;

    /// How many rows wait unpacked in the tail (those set aside included).
    async fn tail_len(&self) -> Result<usize, StoreError>;

    /// Commits `set` with the bytes of the attachments it adds (`files`), and
    /// erases the bytes of those it deletes ([`deleted_attachments`]), in one
    /// transaction: all of it is stored or none. Each file must be an attachment
    /// the set puts ([`check_files`]), else nothing is stored. Committing a set
    /// already stored adds no second copy of it; its files are put again (a
    /// later changes file may bring bytes an earlier one lacked).
    async fn commit_with_attachments(
        &self,
        set: &ChangeSet,
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError>;

    /// Commits many change sets, and the bytes of the attachments they add, in
    /// one transaction: all of them are stored or none (an import, a merge, a
    /// restore's bulk). Sets already stored are skipped, as by
    /// [`Store::commit`]; every file must be an attachment one of `sets` puts.
    /// The sets stay in the tail; [`Store::compact`] packs them.
    async fn commit_many(
        &self,
        sets: &[ChangeSet],
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError>;

    /// The kept bytes of an attachment, exactly as committed, or `None` if
    /// there are none (never committed, erased with a deleted draft attachment,
    /// or a file another device has not sent).
    async fn read_attachment(&self, id: RecordId) -> Result<Option<Vec<u8>>, StoreError>;
}

/// A change set a merge held, as kept beside the log until the user decides:
/// the set and what it would do, and the acknowledgements of the file it came
/// in (what the merge goes by when it is accepted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldChange {
    pub held: HeldSet,
    pub seen: Vec<Hlc>,
}

/// What the user decided about a held change set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Accepted: the caller commits the set to the log (first), so it is no
    /// longer asked about because the book holds it.
    Accepted,
    /// Refused: remembered, so a file that brings it again changes nothing.
    Refused,
}

/// What one device keeps about a book beside its log: never part of the book,
/// never sent to another device nor backed up, forgotten with the book.
///
/// Every method is atomic, like [`Store`]'s.
#[allow(async_fn_in_trait)]
pub trait LocalState {
    /// The device id this device writes the book as. A book that has none yet
    /// (new, or from before ids were kept per book) keeps `first()` from now
    /// on, read and written in one transaction, so two tabs keep one id.
    async fn device(&self, first: impl FnOnce() -> DeviceId) -> Result<DeviceId, StoreError>;

    /// Gives the book another device id on this device.
    async fn set_device(&self, device: DeviceId) -> Result<(), StoreError>;

    /// Keeps `held` until decided; a set held already is kept once. Read and
    /// written in one transaction, so two tabs importing at once keep both.
    async fn hold(&self, held: Vec<HeldChange>) -> Result<(), StoreError>;

    /// The held change sets, in the order they were first held.
    async fn held_sets(&self) -> Result<Vec<HeldChange>, StoreError>;

    /// Takes `set` out of the held ones; a refused one is remembered as
    /// refused, in the same transaction. Deciding a set not held changes
    /// nothing but the refusal's record.
    async fn decide(&self, set: RecordId, decision: Decision) -> Result<(), StoreError>;

    /// The ids of the sets refused and of those held: a set that comes again
    /// in a later file is not judged (nor asked about) again.
    async fn decided_or_held(&self) -> Result<HashSet<RecordId>, StoreError>;
}
