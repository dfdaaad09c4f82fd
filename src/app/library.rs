//! The books of this browser as the pages see them: listed, created (empty by
//! the new-book form, or written whole, as the demo book is), restored from a
//! backup and deleted. With
//! the open book's session (`session.rs`) it is the app's one door to storage:
//! pages call these and never name `crate::storage`.

use kura_core::ids::RecordId;
use kura_core::store::{Store, StoreError};
use kura_core::sync::ChangeSet;

use crate::storage::IdbStore;
pub use crate::storage::{delete_book, list_books, BookListing};
/// A backup restored into a new book of this browser (`storage/restore.rs`),
/// and why a backup could not be written or restored.
pub use crate::storage::{restore_backup, BackupError, RestoreError};

/// Creates a book's database with its first change set (`create_book`'s), in
/// the transaction that creates it: a book exists only with its settings.
pub async fn create(book_id: RecordId, first: &ChangeSet) -> Result<(), StoreError> {
    IdbStore::create(book_id, first).await.map(|_| ())
}

/// Creates a book written whole: the first set with the database, the rest in
/// one transaction, then packed into chunks, so it opens as fast as any other.
pub async fn create_whole(book_id: RecordId, sets: &[ChangeSet]) -> Result<(), StoreError> {
    let (first, rest) = sets.split_first().ok_or(StoreError::NotFound)?;
    let store = IdbStore::create(book_id, first).await?;
    store.commit_many(rest, &[]).await?;
    store.compact().await?;
    Ok(())
}
