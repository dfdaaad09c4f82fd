//! The persistence port. A book is stored as its change log: every committed
//! [`ChangeSet`], newest ones one per row, older ones packed into chunks. Opening a
//! book reads them all and folds them into a [`crate::book::Book`].
//!
//! [`Store`] is small on purpose: each backend (the in-memory [`MemoryStore`] here,
//! IndexedDB in the app) implements it, and one suite in [`conformance`] checks them
//! all the same way.
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

use crate::book::Book;
use crate::sync::{ChangeSet, Hlc};

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

/// A book's durable change log.
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
}
