//! The bytes of attached files (receipts, PDFs), beside the change log, and the
//! writing of one action's change set with them.
//!
//! An attachment's metadata is a record in a change set; its bytes are a `Blob` in
//! the [`ATTACHMENTS`] store under the record's id, labelled with the media type
//! the core recognised (`MediaType::stored_mime`: markup and e-mail as opaque
//! bytes, never a type a browser would render). The set and the bytes are written in one read-write
//! transaction, so the book never shows a file it has not kept, nor keeps one it
//! does not show. The same transaction erases the bytes of attachments the set
//! deletes (a draft's); a posted entry's removed evidence is not deleted, so its
//! bytes stay. A full disk aborts that transaction whole: neither the set nor
//! any byte is kept.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use kura_core::book::{Record, RecordKind};
use kura_core::ids::RecordId;
use kura_core::store::StoreError;
use kura_core::sync::{Change, ChangeSet};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use super::errors::{commit, corrupt, from_idb, js_error};
use super::revision::bump_revision;
use super::rows::{label_of, set_row};
use super::schema::{ATTACHMENTS, CHANGES, LABEL_KEY, META};
use super::IdbStore;

/// The bytes of one attachment that a change set adds.
#[derive(Clone, Copy, Debug)]
pub struct AttachmentBytes<'a> {
    pub id: RecordId,
    pub bytes: &'a [u8],
}

impl IdbStore {
    /// Commits `set` with the bytes of the attachments it adds (`files`), and erases
    /// the bytes of those it deletes, in one read-write transaction: all of it is
    /// stored or none. Each file must be an attachment the set puts; its blob gets
    /// that record's media type. Unlike [`IdbStore::commit_action`] (the app's write
    /// path), the set is written whatever the book's revision.
    pub async fn commit_with_attachments(
        &self,
        set: &ChangeSet,
        files: &[AttachmentBytes<'_>],
    ) -> Result<(), StoreError> {
        let tx = self.transaction([CHANGES, META, ATTACHMENTS], TransactionMode::Readwrite)?;
        put_action(&tx, set, files)?;
        bump_revision(&tx).await?;
        commit(tx).await
    }

    /// The kept bytes of an attachment, or `None` if there are none (a deleted
    /// draft attachment, or a file another device has not sent yet).
    pub async fn read_attachment(&self, id: RecordId) -> Result<Option<Blob>, StoreError> {
        let tx = self.transaction([ATTACHMENTS], TransactionMode::Readonly)?;
        let attachments = tx.object_store(ATTACHMENTS).map_err(from_idb)?;
        let value: Option<JsValue> = attachments
            .get(id.to_string())
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        value
            .map(|v| {
                v.dyn_into::<Blob>()
                    .map_err(|_| corrupt("an attachment", "not a file"))
            })
            .transpose()
    }
}

/// Writes one action's change set into `tx` (over `changes`, `meta` and
/// `attachments`): the bytes of the files it adds, the erasure of the bytes of
/// the attachments it deletes, its row, and the book's label if it renames it.
///
/// The row is added, never overwritten: an action's set is fresh from the
/// core, so an existing row means something is wrong, and the whole
/// transaction (bytes included) is rolled back.
pub(super) fn put_action(
    tx: &Transaction<'_>,
    set: &ChangeSet,
    files: &[AttachmentBytes<'_>],
) -> Result<(), StoreError> {
    let (key, row) = set_row(set)?;
    put_files(tx, std::slice::from_ref(set), files)?;
    let attachments = tx.object_store(ATTACHMENTS).map_err(from_idb)?;
    for id in deleted_attachments(set) {
        attachments
            .delete(id.to_string())
            .primitive()
            .map_err(from_idb)?;
    }
    tx.object_store(CHANGES)
        .map_err(from_idb)?
        .add(row)
        .with_key(key)
        .primitive()
        .map_err(from_idb)?;
    if let Some(label) = label_of(set) {
        tx.object_store(META)
            .map_err(from_idb)?
            .put(label)
            .with_key(LABEL_KEY)
            .primitive()
            .map_err(from_idb)?;
    }
    Ok(())
}

/// Puts the bytes of `files` into the attachments store of `tx`, each a blob
/// of the media type its record (in one of `sets`) names. A file without its
/// record in `sets` is refused: bytes the book does not show are never kept.
pub(super) fn put_files(
    tx: &Transaction<'_>,
    sets: &[ChangeSet],
    files: &[AttachmentBytes<'_>],
) -> Result<(), StoreError> {
    if files.is_empty() {
        return Ok(());
    }
    let attachments = tx.object_store(ATTACHMENTS).map_err(from_idb)?;
    for file in files {
        attachments
            .put(JsValue::from(blob_of(sets, file)?))
            .with_key(file.id.to_string())
            .primitive()
            .map_err(from_idb)?;
    }
    Ok(())
}

/// The bytes of `file` as a blob of the media type its record names.
fn blob_of(sets: &[ChangeSet], file: &AttachmentBytes) -> Result<Blob, StoreError> {
    let media_type = sets
        .iter()
        .flat_map(|set| &set.changes)
        .find_map(|change| match change.record() {
            Some(Record::Attachment(a)) if a.id == file.id => Some(a.media_type),
            _ => None,
        })
        .ok_or_else(|| StoreError::Backend(format!("no attachment record for {}", file.id)))?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type.stored_mime());
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(file.bytes));
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)
}

/// The ids of the attachments `set` deletes (tombstones).
fn deleted_attachments(set: &ChangeSet) -> impl Iterator<Item = RecordId> + '_ {
    set.changes.iter().filter_map(|change| match change {
        Change::Delete { key } if key.kind == RecordKind::Attachment => Some(key.id),
        _ => None,
    })
}
