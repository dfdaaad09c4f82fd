//! Backing a whole book up as a book file (`kura_core::files::backup`), part by
//! part: wasm memory holds one part at a time, each piece handed at once to a
//! [`FileSink`] that keeps it outside (the parts of a `Blob`, or a file the
//! browser writes), so a book with hundreds of MB of receipts backs up within
//! wasm32's 4 GB.
//!
//! The log (chunks and tail) and the attachments' handles are read in one read
//! transaction; the attachments' bytes then one at a time. Each stored chunk is
//! decoded before it goes in (cheap, and the sets are re-packed into parts of
//! [`SETS_PER_PART`], each set once): a chunk or row that does not decode, a
//! set a reader would refuse, or an attachment that cannot be read or does not
//! match its record is left out and counted, so a damaged book can still be
//! backed up, and its backup restores. The sets' history chains are checked
//! as they go in (`BackupReport::history`), never to refuse a backup.

use std::collections::HashSet;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kura_core::book::Record;
use kura_core::files::backup::{
    is_acceptable, BookFileError, BookFileHeader, BookFileWriter, Encryption, SETS_PER_PART,
};
use kura_core::ids::RecordId;
use kura_core::store::StoreError;
use kura_core::sync::{ChainReport, ChangeSet};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use super::errors::{corrupt, from_idb};
use super::idb_store::LogParts;
use super::rows::{read_chunk_value, read_row_value};
use super::schema::{ATTACHMENTS, CHANGES, CHUNKS, META};
use super::IdbStore;
use crate::platform::{self, FileSink};

/// Progress of a long job: (steps done, of).
pub type Progress<'a> = &'a dyn Fn(usize, usize);

/// A backup written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupReport {
    /// Stored parts of the book that could not be read (a damaged chunk or
    /// row, an unreadable or altered attachment, a set a reader would refuse)
    /// and were left out: the user is told.
    pub left_out: usize,
    /// The history chains of the sets the backup holds, checked as they went
    /// in: a problem is shown, and the backup is written all the same.
    pub history: ChainReport,
}

/// Why a backup was not written.
#[derive(Debug, Clone, PartialEq)]
pub enum BackupError {
    /// The book's storage could not be read, or the file not written.
    Store(StoreError),
    /// The book is beyond what a book file holds (see its budgets).
    File(BookFileError),
}

impl From<StoreError> for BackupError {
    fn from(error: StoreError) -> Self {
        BackupError::Store(error)
    }
}

impl From<BookFileError> for BackupError {
    fn from(error: BookFileError) -> Self {
        BackupError::File(error)
    }
}

impl IdbStore {
    /// The whole book as a book file of kind backup, written into `sink`:
    /// every change set (packed and tail, each once) and the bytes of every
    /// attachment its records keep. `progress` counts stored chunks, the tail
    /// and attachments.
    pub async fn write_backup(
        &self,
        header: &BookFileHeader,
        encryption: Option<Encryption<'_>>,
        sink: &mut FileSink,
        progress: Progress<'_>,
    ) -> Result<BackupReport, BackupError> {
        let ((chunks, tail), attachments) = self.read_everything().await?;
        let steps = chunks.len() + 1 + attachments.len();
        let mut writer = BookFileWriter::new(header, encryption);
        let mut gathered = Gathered::default();
        // Stored parts that cannot be read are left out, as the open sets them
        // aside (the sets of a chunk before its damage are kept).
        for (done, (key, chunk)) in chunks.iter().enumerate() {
            if read_chunk_value(key, chunk, |set| gathered.push(set)).is_some() {
                gathered.left_out += 1;
            }
            while let Some(part) = gathered.take_part() {
                put(sink, writer.add_change_sets(&part)).await?;
            }
            progress(done + 1, steps);
            platform::next_tick().await;
        }
        for (key, row) in &tail {
            match read_row_value(key, row) {
                Ok(set) => gathered.push(set),
                Err(_) => gathered.left_out += 1,
            }
        }
        while let Some(part) = gathered.take_part() {
            put(sink, writer.add_change_sets(&part)).await?;
        }
        let rest = std::mem::take(&mut gathered.pending);
        if !rest.is_empty() {
            put(sink, writer.add_change_sets(&rest)).await?;
        }
        progress(chunks.len() + 1, steps);
        for (n, (id, blob)) in attachments.into_iter().enumerate() {
            if gathered.attachment_ids.contains(&id) {
                match attachment_piece(&mut writer, id, &blob).await {
                    Ok(piece) => put(sink, Ok(piece)).await?,
                    Err(error) if is_this_attachment(&error) => gathered.left_out += 1,
                    Err(error) => return Err(error.into()),
                }
            }
            progress(chunks.len() + 2 + n, steps);
            platform::next_tick().await;
        }
        let history = writer.history();
        put(sink, writer.finish()).await?;
        Ok(BackupReport {
            left_out: gathered.left_out,
            history,
        })
    }

    /// The log's chunks and rows (key, value) and (attachment id, blob), in
    /// one read transaction.
    async fn read_everything(&self) -> Result<(LogParts, Vec<(RecordId, Blob)>), StoreError> {
        let tx = self.transaction([CHUNKS, CHANGES, ATTACHMENTS], TransactionMode::Readonly)?;
        let log = Self::read_parts_in(&tx).await?;
        let store = tx.object_store(ATTACHMENTS).map_err(from_idb)?;
        let keys = store
            .get_all_keys::<String>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| corrupt("an attachment key", e))?;
        let blobs = Self::all_values::<JsValue>(&tx, ATTACHMENTS).await?;
        // A key or value that is not what Kura stores is left out with the
        // attachment (its record then names it missing in the file).
        let attachments = keys
            .into_iter()
            .zip(blobs)
            .filter_map(|(key, value)| Some((key.parse().ok()?, value.dyn_into::<Blob>().ok()?)))
            .collect();
        Ok((log, attachments))
    }
}

/// The piece of one attachment: its bytes read from its Blob (one at a time),
/// then checked and sealed by the writer.
async fn attachment_piece(
    writer: &mut BookFileWriter,
    id: RecordId,
    blob: &Blob,
) -> Result<Vec<u8>, BookFileError> {
    let part = || BookFileError::MissingPart {
        part: format!("attachments/{id}"),
    };
    let bytes = platform::blob_bytes(blob).await.ok_or_else(part)?;
    writer.add_attachment(id, &bytes)
}

/// Whether the writer refused only this attachment (unreadable, not matching
/// its record, too large): it is left out and the backup goes on.
fn is_this_attachment(error: &BookFileError) -> bool {
    use kura_core::files::backup::Budget;
    matches!(
        error,
        BookFileError::MissingPart { .. }
            | BookFileError::AttachmentMismatch { .. }
            | BookFileError::TooLarge {
                what: Budget::Attachment,
                ..
            }
    )
}

/// Appends a piece the writer made to the file.
async fn put(
    sink: &mut FileSink,
    piece: Result<Vec<u8>, BookFileError>,
) -> Result<(), BackupError> {
    sink.write(&piece?)
        .await
        .map_err(|e| BackupError::Store(StoreError::Backend(format!("{e:?}"))))
}

/// Change sets gathered into parts of [`SETS_PER_PART`], each set once, and
/// what was left out.
#[derive(Default)]
struct Gathered {
    pending: Vec<ChangeSet>,
    seen: HashSet<RecordId>,
    /// Attachments the log has records of: only their bytes go in the file.
    attachment_ids: HashSet<RecordId>,
    left_out: usize,
}

impl Gathered {
    fn push(&mut self, set: ChangeSet) {
        if !self.seen.insert(set.id) {
            return;
        }
        if !is_acceptable(&set) {
            self.left_out += 1;
            return;
        }
        for change in &set.changes {
            if let Some(Record::Attachment(a)) = change.record() {
                self.attachment_ids.insert(a.id);
            }
        }
        self.pending.push(set);
    }

    /// The first [`SETS_PER_PART`] sets gathered, once there are that many.
    fn take_part(&mut self) -> Option<Vec<ChangeSet>> {
        (self.pending.len() >= SETS_PER_PART).then(|| self.pending.drain(..SETS_PER_PART).collect())
    }
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
