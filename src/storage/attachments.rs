//! The bytes of attached files (receipts, PDFs), beside the change log, and the
//! writing of change sets with them (the port's `Store::commit_with_attachments`
//! and `Store::commit_many` in `idb_store.rs`, and the app's write path
//! `IdbStore::commit_action`).
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
use kura_core::ids::RecordId;
use kura_core::store::{
    attachment_media_type, check_files, deleted_attachments, AttachmentBytes, StoreError,
};
use kura_core::sync::ChangeSet;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use super::errors::{corrupt, from_idb, js_error};
use super::rows::{label_of, set_row};
use super::schema::{ATTACHMENTS, CHANGES, LABEL_KEY, META};
use super::IdbStore;

impl IdbStore {
    /// The kept bytes of an attachment as the stored `Blob` (of its media
    /// type), or `None` if there are none: the fast path of showing a file,
    /// whose bytes never enter wasm memory. The port's
    /// [`kura_core::store::Store::read_attachment`] reads them as bytes.
    pub async fn attachment_blob(&self, id: RecordId) -> Result<Option<Blob>, StoreError> {
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
pub(super) async fn put_action(
    tx: &Transaction<'_>,
    set: &ChangeSet,
    files: &[AttachmentBytes<'_>],
) -> Result<(), StoreError> {
    let (key, row) = set_row(set)?;
    let sets = std::slice::from_ref(set);
    put_files(tx, sets, files)?;
    erase_deleted(tx, sets)?;
    // Awaited: a row that cannot be added (its key is taken) fails here, and
    // the caller drops the transaction, which aborts it with the files' bytes.
    // Left to the commit, Firefox commits the other requests of a transaction
    // committed explicitly right after the failing one.
    tx.object_store(CHANGES)
        .map_err(from_idb)?
        .add(row)
        .with_key(key)
        .primitive()
        .map_err(from_idb)?
        .await
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

/// Erases, in `tx`, the bytes of the attachments `sets` delete.
pub(super) fn erase_deleted(tx: &Transaction<'_>, sets: &[ChangeSet]) -> Result<(), StoreError> {
    let mut deleted = sets.iter().flat_map(deleted_attachments).peekable();
    if deleted.peek().is_none() {
        return Ok(());
    }
    let attachments = tx.object_store(ATTACHMENTS).map_err(from_idb)?;
    for id in deleted {
        attachments
            .delete(id.to_string())
            .primitive()
            .map_err(from_idb)?;
    }
    Ok(())
}

/// Puts the bytes of `files` into the attachments store of `tx`, each a blob
/// of the media type its record (in one of `sets`) names. A file without its
/// record in `sets` is refused ([`check_files`]), before anything is put:
/// bytes the book does not show are never kept.
pub(super) fn put_files(
    tx: &Transaction<'_>,
    sets: &[ChangeSet],
    files: &[AttachmentBytes<'_>],
) -> Result<(), StoreError> {
    if files.is_empty() {
        return Ok(());
    }
    check_files(sets, files)?;
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
    let media_type = attachment_media_type(sets, file.id)
        .ok_or_else(|| StoreError::Backend(format!("no attachment record for {}", file.id)))?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type.stored_mime());
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(file.bytes));
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)
}
