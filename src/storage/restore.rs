//! Restoring a backup as a new book, streamed: the chosen file is read part by
//! part (`Blob.slice`), each part checked, and written into the new database in
//! several transactions of a few MB, so a book larger than wasm memory restores.
//!
//! Nothing half-written is ever a book: the database is created with an
//! *unfinished* mark in its `meta` store, and only the last transaction — after
//! every part and the whole content have been checked — writes the book's label
//! and clears the mark. A database still marked is never listed, and is deleted
//! on the next start (`remove_unfinished_restores`); a failed restore deletes
//! it at once. The tab restoring holds a Web Lock on the book meanwhile, so
//! another tab starting never takes a restore in progress for one cut short.

use std::collections::HashMap;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use js_sys::Uint8Array;
use kura_core::book::{MediaType, Record};
use kura_core::files::backup::{BookFileError, BookFileHeader, BookFilePart};
use kura_core::ids::RecordId;
use kura_core::store::StoreError;
use kura_core::sync::ChangeSet;
use wasm_bindgen::JsValue;
use web_sys::{Blob, IdbTransaction};

use super::backup::Progress;
use super::book_file::{open_book_file, unlock, BlobBookFile};
use super::book_list::{delete_book, delete_if_unfinished, restore_lock};
use super::errors::{commit, from_idb, js_error};
use super::local::restored_device_value;
use super::open::{open_db, stored_version, Purpose};
use super::rows::chunk_key;
use super::schema::{
    db_name, ATTACHMENTS, CHUNKS, DEVICE_KEY, LABEL_KEY, META, SCHEMA_VERSION, UNFINISHED_KEY,
};
use crate::platform;

/// How much a restore writes per transaction: a few MB, so a book of hundreds
/// of MB takes some hundred commits, not thousands, and no transaction holds
/// more than a few parts' values (they live in the browser's memory, not wasm's).
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Why a restore did not happen. Nothing was kept in any case.
#[derive(Debug, Clone, PartialEq)]
pub enum RestoreError {
    /// The file cannot be read (wrong passphrase, damaged, not a backup…).
    File(BookFileError),
    /// This browser already has a book with the file's id (or is restoring it
    /// in another tab).
    AlreadyExists { name: String },
    /// The browser's storage failed (full: [`StoreError::QuotaExceeded`]).
    Store(StoreError),
}

impl From<BookFileError> for RestoreError {
    fn from(error: BookFileError) -> Self {
        RestoreError::File(error)
    }
}

impl From<StoreError> for RestoreError {
    fn from(error: StoreError) -> Self {
        RestoreError::Store(error)
    }
}

/// Whether this browser holds a book with this id.
pub async fn book_exists(book_id: RecordId) -> Result<bool, StoreError> {
    Ok(stored_version(&db_name(book_id)).await?.is_some())
}

/// A restored book: its id, and the device that wrote the backup.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Restored {
    pub book_id: RecordId,
    pub written_by: kura_core::ids::DeviceId,
}

/// Restores the backup `file` as a new book in this browser. The file's
/// manifest is checked, and its passphrase, before the database is created;
/// every part is checked as it is written; the book exists only once all of it
/// has been. `progress` counts the file's parts, plus one for the last write.
pub async fn restore_backup(
    file: &Blob,
    passphrase: Option<&str>,
    progress: Progress<'_>,
) -> Result<Restored, RestoreError> {
    let mut reader = open_book_file(file).await?;
    reader.require_backup()?;
    let header = reader.header().clone();
    let already = || RestoreError::AlreadyExists {
        name: header.book_name.clone(),
    };
    let Some(_restoring) = platform::hold_lock(&restore_lock(header.book_id)).await else {
        return Err(already()); // another tab is restoring it right now
    };
    delete_if_unfinished(header.book_id).await?;
    if book_exists(header.book_id).await? {
        return Err(already());
    }
    unlock(&mut reader, passphrase).await?;
    if reader.is_encrypted() && passphrase.is_none() {
        return Err(BookFileError::PassphraseRequired.into());
    }
    let purpose = Purpose::Restore {
        created_ms: js_sys::Date::now(),
        fill: Box::new(mark_unfinished),
    };
    let connection = open_db(&db_name(header.book_id), Some(SCHEMA_VERSION), purpose).await?;
    let written = write_parts(connection.db(), &mut reader, &header, progress).await;
    drop(connection);
    match written {
        Ok(()) => Ok(Restored {
            book_id: header.book_id,
            written_by: header.device,
        }),
        Err(error) => {
            // Best effort: if even this fails, the next start removes it.
            let _ = delete_book(header.book_id).await;
            Err(error)
        }
    }
}

/// The mark a restore's database is created with (in its `versionchange`
/// transaction): the book is not whole until the last write clears it.
fn mark_unfinished(tx: &IdbTransaction) -> Result<(), StoreError> {
    tx.object_store(META)
        .and_then(|meta| meta.put_with_key(&JsValue::TRUE, &JsValue::from_str(UNFINISHED_KEY)))
        .map(drop)
        .map_err(js_error)
}

/// Reads, checks and writes every part, in batches; then, the whole file
/// checked, the label and the end of the mark in one last transaction.
async fn write_parts(
    db: &Database,
    reader: &mut BlobBookFile,
    header: &BookFileHeader,
    progress: Progress<'_>,
) -> Result<(), RestoreError> {
    let steps = reader.part_count() + 1;
    let mut batch = Batch::default();
    let mut media_types = HashMap::new();
    let mut done = 0;
    while let Some(part) = reader.read_next().await? {
        match part {
            BookFilePart::ChangeSets { sets, chunk } => {
                note_media_types(&sets, &mut media_types);
                if let Some(key) = chunk_key(&sets) {
                    let value = Uint8Array::from(chunk.as_slice()).into();
                    batch.add(CHUNKS, key, value, chunk.len());
                }
            }
            BookFilePart::Attachment { id, bytes } => {
                let media_type = media_types.get(&id).copied().unwrap_or(MediaType::Pdf);
                let value = blob_of(&bytes, media_type)?.into();
                batch.add(ATTACHMENTS, id.to_string(), value, bytes.len());
            }
        }
        if batch.bytes >= BATCH_BYTES {
            batch.write(db).await?;
        }
        done += 1;
        progress(done, steps);
        platform::next_tick().await;
    }
    batch.write(db).await?;
    finish(db, &header.book_name).await?;
    progress(steps, steps);
    Ok(())
}

/// Values waiting for their transaction: (store, key, value).
#[derive(Default)]
struct Batch {
    items: Vec<(&'static str, String, JsValue)>,
    bytes: usize,
}

impl Batch {
    fn add(&mut self, store: &'static str, key: String, value: JsValue, bytes: usize) {
        self.items.push((store, key, value));
        self.bytes += bytes;
    }

    async fn write(&mut self, db: &Database) -> Result<(), StoreError> {
        if self.items.is_empty() {
            return Ok(());
        }
        let tx = db
            .transaction([CHUNKS, ATTACHMENTS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(from_idb)?;
        for (store, key, value) in std::mem::take(&mut self.items) {
            tx.object_store(store)
                .map_err(from_idb)?
                .put(value)
                .with_key(key)
                .primitive()
                .map_err(from_idb)?;
        }
        self.bytes = 0;
        commit(tx).await
    }
}

/// The last write: the label the book list shows, and the mark cleared.
async fn finish(db: &Database, label: &str) -> Result<(), StoreError> {
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    meta.put(label.to_string())
        .with_key(LABEL_KEY)
        .primitive()
        .map_err(from_idb)?;
    // A restored book is written as a new device: the one it was backed up
    // from may still write it (see `local.rs`).
    meta.put(restored_device_value())
        .with_key(DEVICE_KEY)
        .primitive()
        .map_err(from_idb)?;
    meta.delete(UNFINISHED_KEY).primitive().map_err(from_idb)?;
    commit(tx).await
}

fn note_media_types(sets: &[ChangeSet], media_types: &mut HashMap<RecordId, MediaType>) {
    for change in sets.iter().flat_map(|s| &s.changes) {
        if let Some(Record::Attachment(a)) = change.record() {
            media_types.insert(a.id, a.media_type);
        }
    }
}

fn blob_of(bytes: &[u8], media_type: MediaType) -> Result<Blob, StoreError> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type.stored_mime());
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)
}
