//! Schema upgrades, one function per step, run inside IndexedDB's `versionchange`
//! transaction.
//!
//! Why inside that transaction, data steps included: the browser commits the
//! version number together with everything the transaction wrote, or nothing at
//! all. A step that fails (or a tab closed half-way) leaves the database at its old
//! version with its old contents, and the next open simply runs the step again.
//! So every step is safe to re-run without any bookkeeping of ours.
//!
//! The transaction only stays alive while requests are pending, so a data step
//! cannot `await`; it issues a request and continues in the request's `onsuccess`
//! callback, which may issue more requests in the same transaction.

use std::cell::RefCell;
use std::rc::Rc;

use kura_core::book::Book;
use kura_core::store::{decode_row, StoreError};
use kura_core::sync::ChangeSet;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction};

use super::errors::{corrupt, js_error};
use super::schema::{ATTACHMENTS, CHANGES, CHUNKS, LABEL_KEY, META};

/// Carries a failure out of an upgrade callback. The open request itself only
/// reports "aborted"; this says why.
#[derive(Clone, Default)]
pub(crate) struct UpgradeReport(Rc<RefCell<Option<StoreError>>>);

impl UpgradeReport {
    /// Records why the upgrade failed and aborts it.
    pub(crate) fn fail(&self, tx: &IdbTransaction, error: StoreError) {
        self.0.borrow_mut().get_or_insert(error);
        // Aborting an already-aborted transaction throws; there is nothing more to undo.
        let _ = tx.abort();
    }

    pub(crate) fn take(&self) -> Option<StoreError> {
        self.0.borrow_mut().take()
    }
}

/// Runs every step from `old_version` up to [`super::schema::SCHEMA_VERSION`].
pub(crate) fn upgrade(
    db: &IdbDatabase,
    tx: &IdbTransaction,
    old_version: u32,
    report: &UpgradeReport,
) -> Result<(), StoreError> {
    if old_version < 1 {
        v0_to_v1(db)?;
    }
    if old_version < 2 {
        v1_to_v2(db, tx, report)?;
    }
    if old_version < 3 {
        v2_to_v3(db)?;
    }
    Ok(())
}

/// v1: `meta` and `changes`, both with out-of-line keys.
fn v0_to_v1(db: &IdbDatabase) -> Result<(), StoreError> {
    db.create_object_store(META).map_err(js_error)?;
    db.create_object_store(CHANGES).map_err(js_error)?;
    Ok(())
}

/// v2: the `chunks` store, and `meta["label"]` filled from the settings in the log.
fn v1_to_v2(
    db: &IdbDatabase,
    tx: &IdbTransaction,
    report: &UpgradeReport,
) -> Result<(), StoreError> {
    db.create_object_store(CHUNKS).map_err(js_error)?;
    let rows = tx
        .object_store(CHANGES)
        .map_err(js_error)?
        .get_all()
        .map_err(js_error)?;
    let meta = tx.object_store(META).map_err(js_error)?;
    let (tx, report) = (tx.clone(), report.clone());
    let request = rows.clone();
    let on_rows = Closure::once_into_js(move || {
        if let Err(error) = write_label_from_rows(&request, &meta) {
            report.fail(&tx, error);
        }
    });
    rows.set_onsuccess(Some(on_rows.unchecked_ref()));
    Ok(())
}

/// v3: the `attachments` store (out-of-line keys). No data moves: books before
/// v3 had no attachments.
fn v2_to_v3(db: &IdbDatabase) -> Result<(), StoreError> {
    db.create_object_store(ATTACHMENTS).map_err(js_error)?;
    Ok(())
}

/// Folds the v1 change rows and stores the book's name, if the log names it.
fn write_label_from_rows(rows: &IdbRequest, meta: &IdbObjectStore) -> Result<(), StoreError> {
    let array: js_sys::Array = rows
        .result()
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| corrupt("the change rows", "not an array"))?;
    // A row that cannot be read names nothing: it stays, and the open sets it aside.
    let sets: Vec<ChangeSet> = array
        .iter()
        .filter_map(|row| decode_row(&row.as_string()?).ok())
        .collect();
    let book = Book::from_change_sets(&sets);
    if let Some(settings) = book.settings() {
        let (name, key) = (
            JsValue::from_str(&settings.name),
            JsValue::from_str(LABEL_KEY),
        );
        meta.put_with_key(&name, &key).map_err(js_error)?;
    }
    Ok(())
}
