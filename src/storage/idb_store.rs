//! [`IdbStore`]: one book's change log in its own IndexedDB database.

use std::cell::RefCell;
use std::collections::HashSet;

use indexed_db_futures::prelude::*;
use indexed_db_futures::primitive::TryFromJs;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use kura_core::ids::RecordId;
use kura_core::store::{AttachmentBytes, SetAside, Store, StoreError};
use kura_core::sync::ChangeSet;
use wasm_bindgen::JsValue;

use super::attachments::{erase_deleted, put_files};
use super::errors::{commit, from_idb};
use super::open::{open_db, stored_version, Connection, Purpose};
use super::revision::bump_revision;
use super::rows::{chunk_values, label_of, read_chunk_value, read_row_value, set_row};
use super::schema::{db_name, ATTACHMENTS, CHANGES, CHUNKS, LABEL_KEY, META, SCHEMA_VERSION};
use crate::platform;

/// An open book. Dropping it closes the database connection.
pub struct IdbStore {
    connection: Connection,
    book_id: RecordId,
    /// Ids of sets this tab knows to be packed in `chunks`, refreshed by
    /// [`Store::read_log`] (so by every load) and [`Store::compact`]. `commit`
    /// consults it instead of reading every chunk; see `commit` for why that is
    /// safe.
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
    pub(super) async fn all_values<T: TryFromJs>(
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

    /// Every key of `store` in `tx`, in the order `getAll` gives the values.
    async fn all_keys(tx: &Transaction<'_>, store: &str) -> Result<Vec<JsValue>, StoreError> {
        let store = tx.object_store(store).map_err(from_idb)?;
        let keys = store
            .get_all_keys::<JsValue>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        keys.map(|k| k.map_err(|e| StoreError::Corrupt(e.to_string())))
            .collect()
    }

    /// Every (key, value) of `store` in `tx`, values undecoded (still in
    /// JavaScript): one `getAllKeys` and one `getAll`, which list in key order.
    pub(super) async fn all_parts(
        tx: &Transaction<'_>,
        store: &str,
    ) -> Result<Vec<(JsValue, JsValue)>, StoreError> {
        let keys = Self::all_keys(tx, store).await?;
        let values = Self::all_values::<JsValue>(tx, store).await?;
        Ok(keys.into_iter().zip(values).collect())
    }

    /// Every chunk and every tail row, keys and values, in one read transaction.
    async fn read_parts(&self) -> Result<LogParts, StoreError> {
        let tx = self.transaction([CHUNKS, CHANGES], TransactionMode::Readonly)?;
        Self::read_parts_in(&tx).await
    }

    /// [`IdbStore::read_parts`] inside `tx`, which covers `chunks` and `changes`.
    pub(super) async fn read_parts_in(tx: &Transaction<'_>) -> Result<LogParts, StoreError> {
        let chunks = Self::all_parts(tx, CHUNKS).await?;
        let rows = Self::all_parts(tx, CHANGES).await?;
        Ok((chunks, rows))
    }
}

/// The stored chunks and rows of a log: (key, value) pairs.
pub(super) type LogParts = (Vec<(JsValue, JsValue)>, Vec<(JsValue, JsValue)>);

impl Store for IdbStore {
    /// Decodes each chunk's sets as it goes, a chunk at a time, so neither the
    /// whole log's bytes nor its decoded sets are in wasm memory at once (the
    /// open folds each set as it comes). A set both packed and in the tail (see
    /// `commit`) comes twice; readers keep one.
    async fn read_log(&self, each: &mut dyn FnMut(ChangeSet)) -> Result<Vec<SetAside>, StoreError> {
        let (chunks, rows) = self.read_parts().await?;
        let mut set_aside = Vec::new();
        let mut packed = HashSet::new();
        for (key, value) in &chunks {
            set_aside.extend(read_chunk_value(key, value, |set| {
                packed.insert(set.id);
                each(set);
            }));
        }
        for (key, value) in &rows {
            match read_row_value(key, value) {
                Ok(set) => each(set),
                Err(part) => set_aside.push(part),
            }
        }
        *self.packed.borrow_mut() = packed;
        Ok(set_aside)
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

    /// Moves the readable tail into new chunks in one read-write transaction over
    /// `changes` and `chunks`; each chunk is checked to read back before the
    /// transaction commits, and rows that cannot be read stay where they are.
    /// Two tabs compacting at once are serialised by the browser; the second
    /// finds no readable row and packs nothing.
    async fn compact(&self) -> Result<usize, StoreError> {
        let tx = self.transaction([CHANGES, CHUNKS], TransactionMode::Readwrite)?;
        let mut keys = Vec::new();
        let mut sets = Vec::new();
        for (key, value) in Self::all_parts(&tx, CHANGES).await? {
            if let Ok(set) = read_row_value(&key, &value) {
                keys.push(key);
                sets.push(set);
            }
        }
        if sets.is_empty() {
            return Ok(0);
        }
        sets.sort_by_key(ChangeSet::order);
        let chunks = tx.object_store(CHUNKS).map_err(from_idb)?;
        for (key, value) in chunk_values(&sets)? {
            // `add`, not `put`: a key collision must fail, never overwrite a chunk.
            chunks
                .add(value)
                .with_key(key)
                .primitive()
                .map_err(from_idb)?;
        }
        let changes = tx.object_store(CHANGES).map_err(from_idb)?;
        for key in keys {
            changes.delete(key).primitive().map_err(from_idb)?;
        }
        commit(tx).await?;
        self.packed.borrow_mut().extend(sets.iter().map(|s| s.id));
        Ok(sets.len())
    }

    /// [`Store::commit_many`] of the one set: the same transaction, over
    /// `changes`, `meta` and `attachments`. Unlike [`IdbStore::commit_action`]
    /// (the app's write path), the set is written whatever the book's revision.
    async fn commit_with_attachments(
        &self,
        set: &ChangeSet,
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError> {
        self.commit_many(std::slice::from_ref(set), files).await
    }

    /// One read-write transaction over `changes`, `meta` and `attachments`:
    /// the rows (each encoded and checked before any request goes out), the
    /// files' blobs, the erasure of the attachments the sets delete, the book's
    /// label (the last renaming set stored wins) and, if a set was added, the
    /// next revision. For imports and restores, where a transaction per set
    /// would cost about a millisecond each. As in [`Store::commit`], a set
    /// already in the tail, or known to this tab to be packed, is skipped.
    /// Any error before the commit drops the transaction, which aborts it whole.
    async fn commit_many(
        &self,
        sets: &[ChangeSet],
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError> {
        let rows = sets
            .iter()
            .map(|set| set_row(set).map(|row| (set, row)))
            .collect::<Result<Vec<_>, _>>()?;
        let tx = self.transaction([CHANGES, META, ATTACHMENTS], TransactionMode::Readwrite)?;
        put_files(&tx, sets, files)?;
        erase_deleted(&tx, sets)?;
        let changes = tx.object_store(CHANGES).map_err(from_idb)?;
        let mut stored = changes
            .get_all_keys::<String>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?
            .collect::<Result<HashSet<String>, _>>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let (mut label, mut added) = (None, false);
        for (set, (key, row)) in rows {
            if self.packed.borrow().contains(&set.id) || !stored.insert(key.clone()) {
                continue;
            }
            changes
                .put(row)
                .with_key(key)
                .primitive()
                .map_err(from_idb)?;
            label = label_of(set).or(label);
            added = true;
        }
        if let Some(label) = label {
            let meta = tx.object_store(META).map_err(from_idb)?;
            meta.put(label)
                .with_key(LABEL_KEY)
                .primitive()
                .map_err(from_idb)?;
        }
        if added {
            bump_revision(&tx).await?;
        }
        commit(tx).await
    }

    /// Reads the stored blob's bytes (see [`IdbStore::attachment_blob`] for
    /// the fast path that keeps them out of wasm memory).
    async fn read_attachment(&self, id: RecordId) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(blob) = self.attachment_blob(id).await? else {
            return Ok(None);
        };
        platform::blob_bytes(&blob)
            .await
            .map(Some)
            .ok_or_else(|| StoreError::Backend(format!("attachment {id} unreadable")))
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
