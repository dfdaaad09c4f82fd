//! Backup and restore of a whole book through the book file
//! (`kura_core::files::backup`).
//!
//! A backup reads the log (chunks and tail, one read transaction) and the bytes
//! of the attachments its records name, and writes them a part at a time,
//! yielding to the page between parts so it stays responsive.
//!
//! A restore checks the whole file first, part by part (yielding between parts),
//! keeping each change part as the binary chunk it already is. Only then is the
//! book's database created, and everything — chunks, attachment bytes, creation
//! time and label — written inside the transaction that creates it. Closing the
//! tab mid-restore aborts that transaction, and a database whose first upgrade
//! aborted does not exist: there is never half a book in the list.

use std::collections::{HashMap, HashSet};

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use js_sys::Uint8Array;
use kura_core::book::{MediaType, Record};
use kura_core::files::backup::{
    BookFileError, BookFileHeader, BookFilePart, BookFileReader, BookFileWriter, Encryption,
    Secret, SETS_PER_PART,
};
use kura_core::ids::RecordId;
use kura_core::store::StoreError;
use kura_core::sync::ChangeSet;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, IdbTransaction};

use super::errors::{corrupt, from_idb, js_error};
use super::open::{open_db, stored_version, Purpose};
use super::rows::{chunk_key, read_chunk_value, read_row_value};
use super::schema::{
    db_name, ATTACHMENTS, CHANGES, CHUNKS, DEVICE_KEY, LABEL_KEY, META, SCHEMA_VERSION,
};
use super::IdbStore;
use crate::platform;

/// Progress of a long job: (steps done, of).
pub type Progress<'a> = &'a dyn Fn(usize, usize);

/// Why a restore did not happen. Nothing was written in any case.
#[derive(Debug, Clone, PartialEq)]
pub enum RestoreError {
    /// The file cannot be read (wrong passphrase, damaged, not a backup…).
    File(BookFileError),
    /// This browser already has a book with the file's id.
    AlreadyExists { name: String },
    /// The browser's storage failed (full disk…).
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

impl IdbStore {
    /// The whole book as a book file of kind backup: every change set (packed and
    /// tail, each once) and the bytes of every attachment its records name.
    /// `progress` counts stored chunks, the tail and attachments.
    pub async fn write_backup(
        &self,
        header: &BookFileHeader,
        encryption: Option<Encryption<'_>>,
        progress: Progress<'_>,
    ) -> Result<Vec<u8>, StoreError> {
        let (chunks, tail, attachments) = self.read_everything().await?;
        let steps = chunks.len() + 1 + attachments.len();
        let mut parts = Parts::new(BookFileWriter::new(header, encryption));
        // Stored parts that cannot be read are left out, as the open leaves them.
        for (done, (key, chunk)) in chunks.iter().enumerate() {
            let _set_aside = read_chunk_value(key, chunk, |set| parts.push(set));
            progress(done + 1, steps);
            platform::next_tick().await;
        }
        for (key, row) in &tail {
            if let Ok(set) = read_row_value(key, row) {
                parts.push(set);
            }
        }
        parts.flush();
        progress(chunks.len() + 1, steps);
        let Parts {
            mut writer,
            attachment_ids,
            ..
        } = parts;
        for (n, (id, blob)) in attachments.into_iter().enumerate() {
            if attachment_ids.contains(&id) {
                writer.add_attachment(id, &blob_bytes(&blob).await?);
            }
            progress(chunks.len() + 2 + n, steps);
            platform::next_tick().await;
        }
        Ok(writer.finish())
    }

    /// Chunks and tail rows (key, value), and (attachment id, blob), in one read
    /// transaction.
    async fn read_everything(&self) -> Result<Everything, StoreError> {
        let tx = self.transaction([CHUNKS, CHANGES, ATTACHMENTS], TransactionMode::Readonly)?;
        let chunks = Self::all_parts(&tx, CHUNKS).await?;
        let tail = Self::all_parts(&tx, CHANGES).await?;
        let store = tx.object_store(ATTACHMENTS).map_err(from_idb)?;
        let keys = store
            .get_all_keys::<String>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| corrupt("an attachment key", e))?;
        let blobs = values::<JsValue>(&tx, ATTACHMENTS).await?;
        let attachments = keys
            .into_iter()
            .zip(blobs)
            .map(|(key, value)| {
                let id = key
                    .parse()
                    .map_err(|_| corrupt("an attachment key", &key))?;
                let blob = value
                    .dyn_into::<Blob>()
                    .map_err(|_| corrupt("an attachment", "not a file"))?;
                Ok((id, blob))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((chunks, tail, attachments))
    }
}

/// A log's chunks and rows as (key, value), and its attachments.
type Everything = (
    Vec<(JsValue, JsValue)>,
    Vec<(JsValue, JsValue)>,
    Vec<(RecordId, Blob)>,
);

/// Change sets gathered into parts of [`SETS_PER_PART`], each set once.
struct Parts {
    writer: BookFileWriter,
    pending: Vec<ChangeSet>,
    seen: HashSet<RecordId>,
    /// Attachments the log has records of: only their bytes go in the file.
    attachment_ids: HashSet<RecordId>,
}

impl Parts {
    fn new(writer: BookFileWriter) -> Parts {
        Parts {
            writer,
            pending: Vec::new(),
            seen: HashSet::new(),
            attachment_ids: HashSet::new(),
        }
    }

    fn push(&mut self, set: ChangeSet) {
        if !self.seen.insert(set.id) {
            return;
        }
        for change in &set.changes {
            if let Some(Record::Attachment(a)) = change.record() {
                self.attachment_ids.insert(a.id);
            }
        }
        self.pending.push(set);
        if self.pending.len() >= SETS_PER_PART {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.writer.add_change_sets(&self.pending);
            self.pending.clear();
        }
    }
}

/// Every value of `store` in `tx`.
async fn values<T: indexed_db_futures::primitive::TryFromJs>(
    tx: &Transaction<'_>,
    store: &str,
) -> Result<Vec<T>, StoreError> {
    let store = tx.object_store(store).map_err(from_idb)?;
    let found = store
        .get_all::<T>()
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    found
        .map(|v| v.map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect()
}

async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>, StoreError> {
    platform::blob_bytes(blob)
        .await
        .ok_or_else(|| StoreError::Backend("an attachment could not be read".into()))
}

/// What a checked file becomes in the new database.
struct Restored {
    label: String,
    chunks: Vec<(String, JsValue)>,
    attachments: Vec<(String, JsValue)>,
}

/// The key that opens the file `reader` read (without a secret) with
/// `passphrase`, derived by WebCrypto from the salt and iteration count the file
/// names (see [`platform::derive_key`]). `None` for a plain file or without a
/// passphrase (reading its parts is then refused as it should be).
pub async fn file_key(
    reader: &BookFileReader<'_>,
    passphrase: Option<&str>,
) -> Result<Option<[u8; 32]>, BookFileError> {
    let (Some(passphrase), Some(params)) = (passphrase, reader.key_params()?) else {
        return Ok(None);
    };
    Ok(Some(platform::derive_key(passphrase, &params).await))
}

/// Restores a backup as a new book in this browser and returns its id. The whole
/// file is checked before anything is written; then the database is created
/// and filled in one transaction. `progress` counts the file's parts, plus one
/// for the write.
pub async fn restore_backup(
    bytes: &[u8],
    passphrase: Option<&str>,
    progress: Progress<'_>,
) -> Result<RecordId, RestoreError> {
    // The header first (cheap): a book already here is refused before the key
    // is derived and any part is read.
    let unlocked = BookFileReader::open(bytes, None)?;
    let header = unlocked.header().clone();
    if book_exists(header.book_id).await? {
        return Err(RestoreError::AlreadyExists {
            name: header.book_name,
        });
    }
    let key = file_key(&unlocked, passphrase).await?;
    let mut reader = BookFileReader::open(bytes, key.as_ref().map(Secret::Key))?;
    if reader.is_encrypted() && key.is_none() {
        return Err(BookFileError::PassphraseRequired.into());
    }
    let restored = read_parts(&mut reader, &header, progress).await?;
    let steps = reader.part_count() + 1;
    let fill = Box::new(move |tx: &IdbTransaction| fill(tx, &restored));
    let purpose = Purpose::Restore {
        created_ms: js_sys::Date::now(),
        fill,
    };
    drop(open_db(&db_name(header.book_id), Some(SCHEMA_VERSION), purpose).await?);
    progress(steps, steps);
    Ok(header.book_id)
}

/// Reads and checks every part, yielding between parts.
async fn read_parts(
    reader: &mut BookFileReader<'_>,
    header: &BookFileHeader,
    progress: Progress<'_>,
) -> Result<Restored, RestoreError> {
    let steps = reader.part_count() + 1;
    let mut restored = Restored {
        label: header.book_name.clone(),
        chunks: Vec::new(),
        attachments: Vec::new(),
    };
    let mut media_types = HashMap::new();
    for index in 0..reader.part_count() {
        match reader.read_part(index)? {
            BookFilePart::ChangeSets { sets, chunk } => {
                note_media_types(&sets, &mut media_types);
                if let Some(key) = chunk_key(&sets) {
                    let value = Uint8Array::from(chunk.as_slice()).into();
                    restored.chunks.push((key, value));
                }
            }
            BookFilePart::Attachment { id, bytes } => {
                let media_type = media_types.get(&id).copied().unwrap_or(MediaType::Pdf);
                let blob = blob_of(&bytes, media_type).map_err(RestoreError::Store)?;
                restored.attachments.push((id.to_string(), blob.into()));
            }
        }
        progress(index + 1, steps);
        platform::next_tick().await;
    }
    Ok(restored)
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
    options.set_type(media_type.mime());
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)
}

/// Writes a restored book into the transaction that creates its database; the
/// label last (the book list shows a book by it).
fn fill(tx: &IdbTransaction, restored: &Restored) -> Result<(), StoreError> {
    let put = |store: &str, key: &str, value: &JsValue| {
        tx.object_store(store)
            .and_then(|s| s.put_with_key(value, &JsValue::from_str(key)))
            .map(drop)
            .map_err(js_error)
    };
    for (key, value) in &restored.chunks {
        put(CHUNKS, key, value)?;
    }
    for (key, value) in &restored.attachments {
        put(ATTACHMENTS, key, value)?;
    }
    put(META, DEVICE_KEY, &super::local::restored_device_value())?;
    put(META, LABEL_KEY, &JsValue::from_str(&restored.label))
}

/// `meta` key of the folder chosen for automatic backups: a
/// `FileSystemDirectoryHandle` (structured-cloneable), kept on this device only.
const BACKUP_FOLDER_KEY: &str = "backup-folder";

impl IdbStore {
    /// The folder chosen for automatic backups of this book, if any.
    pub async fn backup_folder(&self) -> Result<Option<JsValue>, StoreError> {
        let tx = self.transaction([META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        let found: Option<JsValue> = meta
            .get(BACKUP_FOLDER_KEY)
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        Ok(found.filter(|v| !v.is_undefined() && !v.is_null()))
    }

    /// Keeps (or, with `None`, forgets) the folder for automatic backups.
    pub async fn set_backup_folder(&self, folder: Option<&JsValue>) -> Result<(), StoreError> {
        let tx = self.transaction([META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META).map_err(from_idb)?;
        match folder {
            Some(handle) => drop(
                meta.put(handle.clone())
                    .with_key(BACKUP_FOLDER_KEY)
                    .primitive()
                    .map_err(from_idb)?,
            ),
            None => drop(
                meta.delete(BACKUP_FOLDER_KEY)
                    .primitive()
                    .map_err(from_idb)?,
            ),
        }
        tx.commit().await.map_err(from_idb)
    }
}
