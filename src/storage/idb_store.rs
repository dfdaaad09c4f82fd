//! [`IdbStore`]: one book's change log in its own IndexedDB database.

use std::cell::RefCell;
use std::collections::HashSet;

use indexed_db_futures::prelude::*;
use indexed_db_futures::primitive::TryFromJs;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::store::{Store, StoreError};
use kura_core::sync::{ChangeSet, Hlc};
use wasm_bindgen::JsValue;

use super::attachments::put_files;
use super::errors::{commit, from_idb};
use super::open::{open_db, stored_version, Connection, Purpose};
use super::revision::bump_revision;
use super::rows::{
    chunk_key, chunk_value, decode_rows, dedup, fold_chunks, for_each_packed_set, label_of, set_row,
};
use super::schema::{db_name, ATTACHMENTS, CHANGES, CHUNKS, LABEL_KEY, META, SCHEMA_VERSION};
use super::AttachmentBytes;

/// An open book. Dropping it closes the database connection.
pub struct IdbStore {
    connection: Connection,
    book_id: RecordId,
    /// Ids of sets this tab knows to be packed in `chunks`, refreshed by
    /// [`Store::load`] and [`Store::compact`]. `commit` consults it instead of
    /// reading every chunk; see `commit` for why that is safe.
    packed: RefCell<HashSet<RecordId>>,
}

impl IdbStore {
    /// Creates the database for a new book and commits its first change set
    /// atomically: both are written in the transaction that creates the database,
    /// so if anything fails no half-created book remains.
    pub async fn create(book_id: RecordId, first: &ChangeSet) -> Result<IdbStore, StoreError> {
        Self::create_with(book_id, Some(first.clone())).await
    }

    /// Creates the database for a new book with an empty log (only its creation
    /// time). For tests and tools; the app creates books with [`IdbStore::create`].
    pub async fn create_empty(book_id: RecordId) -> Result<IdbStore, StoreError> {
        Self::create_with(book_id, None).await
    }

    async fn create_with(
        book_id: RecordId,
        first: Option<ChangeSet>,
    ) -> Result<IdbStore, StoreError> {
        let purpose = Purpose::Create {
            created_ms: js_sys::Date::now(),
            first,
        };
        let connection = open_db(&db_name(book_id), Some(SCHEMA_VERSION), purpose).await?;
        Ok(Self::wrap(connection, book_id))
    }

    /// Opens an existing book, upgrading an older schema step by step; refuses a
    /// newer one with [`StoreError::NewerSchema`] and leaves it untouched.
    pub async fn open(book_id: RecordId) -> Result<IdbStore, StoreError> {
        let name = db_name(book_id);
        let found = stored_version(&name).await?.ok_or(StoreError::NotFound)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let connection = open_db(&name, Some(SCHEMA_VERSION), Purpose::Existing).await?;
        Ok(Self::wrap(connection, book_id))
    }

    /// Commits many change sets in one read-write transaction: all of them are
    /// stored or none. For imports and restores, where a transaction per set would
    /// cost about a millisecond each. Same rules as [`Store::commit`]: a set
    /// already in the tail, or known to this tab to be packed, is skipped, and a
    /// set that renames the book updates its label (the last such set wins).
    /// The sets stay in the tail; [`Store::compact`] packs them.
    ///
    /// `files` are the bytes of attachments the sets write (a sync file's), put
    /// in the same transaction, so closing the tab mid-import leaves the book as
    /// it was.
    pub async fn commit_many(
        &self,
        sets: &[ChangeSet],
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError> {
        let tx = self.transaction([CHANGES, META, ATTACHMENTS], TransactionMode::Readwrite)?;
        put_files(&tx, sets, files)?;
        let changes = tx.object_store(CHANGES).map_err(from_idb)?;
        let mut stored = changes
            .get_all_keys::<String>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?
            .collect::<Result<HashSet<String>, _>>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut label = None;
        for set in sets {
            if self.packed.borrow().contains(&set.id) {
                continue;
            }
            let (key, row) = set_row(set)?;
            if !stored.insert(key.clone()) {
                continue;
            }
            changes
                .put(row)
                .with_key(key)
                .primitive()
                .map_err(from_idb)?;
            label = label_of(set).or(label);
        }
        if let Some(label) = label {
            let meta = tx.object_store(META).map_err(from_idb)?;
            meta.put(label)
                .with_key(LABEL_KEY)
                .primitive()
                .map_err(from_idb)?;
        }
        bump_revision(&tx).await?;
        commit(tx).await
    }

    pub fn book_id(&self) -> RecordId {
        self.book_id
    }

    fn wrap(connection: Connection, book_id: RecordId) -> IdbStore {
        IdbStore {
            connection,
            book_id,
            packed: RefCell::default(),
        }
    }

    pub(super) fn transaction<const N: usize>(
        &self,
        stores: [&str; N],
        mode: TransactionMode,
    ) -> Result<Transaction<'_>, StoreError> {
        self.connection
            .db()
            .transaction(stores)
            .with_mode(mode)
            .build()
            .map_err(from_idb)
    }

    /// Every value of `store` in `tx`.
    async fn all_values<T: TryFromJs>(
        tx: &Transaction<'_>,
        store: &str,
    ) -> Result<Vec<T>, StoreError> {
        let store = tx.object_store(store).map_err(from_idb)?;
        let values = store
            .get_all::<T>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        values
            .map(|v| v.map_err(|e| StoreError::Corrupt(e.to_string())))
            .collect()
    }

    /// Every chunk value (undecoded, still in JavaScript) and every tail row, in
    /// one read transaction, one `getAll` per store.
    async fn read_log(&self) -> Result<(Vec<JsValue>, Vec<String>), StoreError> {
        let tx = self.transaction([CHUNKS, CHANGES], TransactionMode::Readonly)?;
        Self::read_log_in(&tx).await
    }

    /// [`IdbStore::read_log`] inside `tx`, which covers `chunks` and `changes`.
    pub(super) async fn read_log_in(
        tx: &Transaction<'_>,
    ) -> Result<(Vec<JsValue>, Vec<String>), StoreError> {
        let chunks = Self::all_values(tx, CHUNKS).await?;
        let tail = Self::all_values(tx, CHANGES).await?;
        Ok((chunks, tail))
    }
}

impl Store for IdbStore {
    async fn load(&self) -> Result<Vec<ChangeSet>, StoreError> {
        let (chunks, tail) = self.read_log().await?;
        let mut packed = Vec::new();
        for_each_packed_set(chunks, |set| packed.push(set))?;
        let tail = decode_rows(tail)?;
        *self.packed.borrow_mut() = packed.iter().map(|s| s.id).collect();
        Ok(dedup(packed.into_iter().chain(tail).collect()))
    }

    /// Folds each chunk's sets as they are decoded, a chunk at a time, so neither
    /// the whole log's bytes nor its decoded sets are in wasm memory at once. A
    /// set both packed and in the tail (see `commit`) is folded once: folding is
    /// idempotent.
    async fn load_book(&self) -> Result<Book, StoreError> {
        let (chunks, tail) = self.read_log().await?;
        let mut book = Book::default();
        let packed = fold_chunks(chunks, &mut book)?;
        for set in decode_rows(tail)? {
            book.apply_owned(set);
        }
        *self.packed.borrow_mut() = packed;
        Ok(book)
    }

    /// One read-write transaction over `changes` and `meta`: the row, and the
    /// book's label when the set renames the book.
    ///
    /// A set already in the tail is skipped inside the transaction, so two tabs
    /// committing the same set store it once. A set already packed is skipped if
    /// this tab knows it is packed (`packed`). If another tab packed it since our
    /// last `load`, it is stored a second time in the tail; [`Store::load`] keeps
    /// one copy, so readers still see every set exactly once. The alternative,
    /// reading every chunk on every save, would make each save as slow as opening
    /// the book.
    async fn commit(&self, set: &ChangeSet) -> Result<(), StoreError> {
        if self.packed.borrow().contains(&set.id) {
            return Ok(());
        }
        let (key, row) = set_row(set)?;
        let tx = self.transaction([CHANGES, META], TransactionMode::Readwrite)?;
        let changes = tx.object_store(CHANGES).map_err(from_idb)?;
        let existing: Option<String> = changes
            .get_key(key.as_str())
            .with_key_type::<String>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        if existing.is_some() {
            return Ok(());
        }
        changes
            .put(row)
            .with_key(key)
            .primitive()
            .map_err(from_idb)?;
        if let Some(label) = label_of(set) {
            let meta = tx.object_store(META).map_err(from_idb)?;
            meta.put(label)
                .with_key(LABEL_KEY)
                .primitive()
                .map_err(from_idb)?;
        }
        bump_revision(&tx).await?;
        commit(tx).await
    }

    async fn changes_since(&self, after: Option<Hlc>) -> Result<Vec<ChangeSet>, StoreError> {
        let mut sets = self.load().await?;
        sets.retain(|s| after.is_none_or(|a| s.stamp > a));
        Ok(sets)
    }

    /// Moves the whole tail into one new chunk in one read-write transaction over
    /// `changes` and `chunks`. Two tabs compacting at once are serialised by the
    /// browser; the second finds an empty tail and packs nothing.
    async fn compact(&self) -> Result<usize, StoreError> {
        let tx = self.transaction([CHANGES, CHUNKS], TransactionMode::Readwrite)?;
        let mut sets = decode_rows(Self::all_values(&tx, CHANGES).await?)?;
        sets.sort_by_key(ChangeSet::order);
        let Some(key) = chunk_key(&sets) else {
            return Ok(0);
        };
        let chunks = tx.object_store(CHUNKS).map_err(from_idb)?;
        // `add`, not `put`: a key collision must fail, never overwrite a chunk.
        chunks
            .add(chunk_value(&sets))
            .with_key(key)
            .primitive()
            .map_err(from_idb)?;
        tx.object_store(CHANGES)
            .map_err(from_idb)?
            .clear()
            .map_err(from_idb)?;
        commit(tx).await?;
        self.packed.borrow_mut().extend(sets.iter().map(|s| s.id));
        Ok(sets.len())
    }

    async fn tail_len(&self) -> Result<usize, StoreError> {
        let tx = self.transaction([CHANGES], TransactionMode::Readonly)?;
        let changes = tx.object_store(CHANGES).map_err(from_idb)?;
        let count = changes
            .count()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        Ok(count as usize)
    }
}
