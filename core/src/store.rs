//! The persistence port. A book is stored as its change log: every committed
//! [`ChangeSet`], newest ones one per row, older ones packed into chunks. Opening a
//! book reads them all and folds them into a [`crate::book::Book`].
//!
//! [`Store`] is small on purpose: each backend (the in-memory [`MemoryStore`] here,
//! IndexedDB in the app) implements it, and one suite in [`conformance`] checks them
//! all the same way.

mod chunk;
#[cfg(any(test, feature = "testing"))]
pub mod conformance;
mod memory;

#[cfg(any(test, feature = "testing"))]
pub use chunk::encode_json_chunk;
pub use chunk::{chunk_sets, decode_chunk, encode_chunk, ChunkError, ChunkSets};
pub use memory::MemoryStore;

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
    /// Every stored change set, in no particular order.
    async fn load(&self) -> Result<Vec<ChangeSet>, StoreError>;

    /// The book folded from every stored change set: what opening a book reads. A
    /// backend may fold while it decodes, so the whole decoded log is never held.
    async fn load_book(&self) -> Result<Book, StoreError> {
        let mut book = Book::default();
        for set in self.load().await? {
            book.apply_owned(set);
        }
        Ok(book)
    }

    /// Appends one change set in one transaction. Committing a set whose id is
    /// already stored changes nothing.
    async fn commit(&self, set: &ChangeSet) -> Result<(), StoreError>;

    /// The change sets stamped after `after` (all of them for `None`): what another
    /// tab or device has not seen yet.
    async fn changes_since(&self, after: Option<Hlc>) -> Result<Vec<ChangeSet>, StoreError>;

    /// Packs the one-per-row tail of the log into a chunk, in one transaction, so the
    /// next open reads fewer, larger values. Returns how many sets were packed.
    async fn compact(&self) -> Result<usize, StoreError>;

    /// How many change sets wait unpacked in the tail.
    async fn tail_len(&self) -> Result<usize, StoreError>;
}
