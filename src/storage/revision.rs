//! The book's revision, and the commit of one user action that checks it.
//!
//! Two tabs of one browser can have one book open. Each holds the book in memory
//! and makes an action's change set from it: the next invoice number is one more
//! than the highest *its* book holds. A set made from a book that lacks another
//! tab's latest commit must never be written, or two tabs issue one number.
//!
//! So [`META`] keeps the book's **revision** ([`REVISION_KEY`]): how many
//! transactions have added change sets to it since it was created (absent: 0).
//! Every transaction that adds sets adds one — [`IdbStore::commit_action`],
//! `commit_with_attachments`, `Store::commit` and `commit_many` — and a tab
//! remembers the revision its book has folded everything up to.
//!
//! [`IdbStore::commit_action`] reads the revision inside the read-write
//! transaction that writes the set, and has the set made only when the revision
//! is the one the tab has folded. IndexedDB runs read-write transactions over the
//! same stores one at a time, so nothing is committed between that check and the
//! commit, in this tab or another: a stale set is never written, whether or not
//! the browser has Web Locks. When the store is ahead, nothing is made or
//! written; the caller folds in what it lacks ([`IdbStore::read_log_at_revision`]) and
//! tries again.

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use kura_core::book::Book;
use kura_core::store::StoreError;
use kura_core::sync::ChangeSet;
use wasm_bindgen::JsValue;

use super::attachments::put_action;
use super::errors::{commit, corrupt, from_idb};
use super::idb_store::LogParts;
use super::rows::{read_chunk_value, read_row_value};
use super::schema::{ATTACHMENTS, CHANGES, CHUNKS, META, REVISION_KEY};
use super::{AttachmentBytes, IdbStore};

/// What became of an action offered to [`IdbStore::commit_action`].
#[derive(Debug)]
pub enum Attempt<F, E> {
    /// Stored: the set made, and the book's revision with it.
    Committed(ChangeSet, u64),
    /// The core refused the action; nothing was written.
    Refused(E),
    /// The store holds changes the tab has not folded in. Nothing was made or
    /// written; the action comes back, to be made again from the book once
    /// they are folded in.
    Stale(F),
}

/// The whole stored log, read in one transaction with the revision it is at.
pub struct StoredLog {
    pub revision: u64,
    parts: LogParts,
}

impl StoredLog {
    /// Folds every stored set into `book`, chunk by chunk as they are decoded;
    /// the sets `book` already holds are skipped (folding is idempotent). A
    /// part that cannot be read is passed over, as at the open that named it
    /// (`Store::read_log`): the rest of the log still folds in.
    pub fn fold_into(self, book: &mut Book) {
        let (chunks, rows) = self.parts;
        for (key, value) in &chunks {
            let _set_aside = read_chunk_value(key, value, |set| {
                book.apply_owned(set);
            });
        }
        for (key, value) in &rows {
            if let Ok(set) = read_row_value(key, value) {
                book.apply_owned(set);
            }
        }
    }
}

impl IdbStore {
    /// The book's revision now.
    pub async fn revision(&self) -> Result<u64, StoreError> {
        let tx = self.transaction([META], TransactionMode::Readonly)?;
        read_revision(&tx.object_store(META).map_err(from_idb)?).await
    }

    /// Every stored change set (chunks undecoded) and the revision they make,
    /// in one read transaction: what a tab reads to catch up with the store.
    pub async fn read_log_at_revision(&self) -> Result<StoredLog, StoreError> {
        let tx = self.transaction([META, CHUNKS, CHANGES], TransactionMode::Readonly)?;
        let revision = read_revision(&tx.object_store(META).map_err(from_idb)?).await?;
        let parts = Self::read_parts_in(&tx).await?;
        Ok(StoredLog { revision, parts })
    }

    /// Commits one user action in one read-write transaction, if the book is
    /// still at revision `folded`: then `make(action)` makes the change set
    /// (from the tab's book, which holds everything stored), and the set, the
    /// bytes of the files it adds (`files`), the erasure of the attachments it
    /// deletes and the next revision are written together. Otherwise `action`
    /// comes back unused ([`Attempt::Stale`]).
    pub async fn commit_action<F, E>(
        &self,
        folded: u64,
        files: &[AttachmentBytes<'_>],
        action: F,
        make: impl FnOnce(F) -> Result<ChangeSet, E>,
    ) -> Result<Attempt<F, E>, StoreError> {
        let tx = self.transaction([CHANGES, META, ATTACHMENTS], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        let stored = read_revision(&meta).await?;
        if stored != folded {
            // Dropping `tx` aborts it: nothing was written.
            return Ok(Attempt::Stale(action));
        }
        // Made between the check and the writes, with no await in between, so
        // the transaction is still active and no other can run meanwhile.
        let set = match make(action) {
            Ok(set) => set,
            Err(refused) => return Ok(Attempt::Refused(refused)),
        };
        put_action(&tx, &set, files).await?;
        put_revision(&meta, stored + 1)?;
        commit(tx).await?;
        Ok(Attempt::Committed(set, stored + 1))
    }
}

/// Adds one to the revision in `tx`, which must cover [`META`] read-write:
/// every transaction that adds change sets calls it once.
pub(super) async fn bump_revision(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let meta = tx.object_store(META).map_err(from_idb)?;
    let revision = read_revision(&meta).await?;
    put_revision(&meta, revision + 1)
}

async fn read_revision(meta: &ObjectStore<'_>) -> Result<u64, StoreError> {
    let value: Option<JsValue> = meta
        .get(REVISION_KEY)
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    match value.map(|v| v.as_f64()) {
        None => Ok(0),
        Some(Some(n)) if n >= 0.0 && n.fract() == 0.0 => Ok(n as u64),
        Some(_) => Err(corrupt("the book's revision", "not a count")),
    }
}

fn put_revision(meta: &ObjectStore<'_>, revision: u64) -> Result<(), StoreError> {
    meta.put(JsValue::from_f64(revision as f64))
        .with_key(REVISION_KEY)
        .primitive()
        .map_err(from_idb)?;
    Ok(())
}
