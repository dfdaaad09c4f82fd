//! Turning IndexedDB failures into [`StoreError`]s the UI can explain.
//!
//! A full disk reaches Kura in three shapes, and each becomes
//! [`StoreError::QuotaExceeded`], so every page shows the one message (what
//! happened, that nothing was saved, what to do):
//! - a request refused with a `QuotaExceededError`;
//! - a transaction the browser aborts when it commits, because the data would
//!   not fit: the commit (or the open, for the transaction that creates or
//!   restores a book) then only says `AbortError` ("aborted"), and the reason
//!   is the transaction's own `error`, which [`commit`], [`failed_in`] and
//!   [`upgrade_failed`] read;
//! - a raw call throwing a `QuotaExceededError` ([`js_error`]).

use indexed_db_futures::error::{Error, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::transaction::Transaction;
use kura_core::store::StoreError;
use wasm_bindgen::{JsCast, JsValue};

const QUOTA_EXCEEDED: &str = "QuotaExceededError";

fn is_quota(dom: &web_sys::DomException) -> bool {
    dom.name() == QUOTA_EXCEEDED
}

/// Maps a failed request or transaction: a full disk becomes
/// [`StoreError::QuotaExceeded`], anything else [`StoreError::Backend`].
pub(crate) fn from_idb(error: Error) -> StoreError {
    if let Error::DomException(dom) = &error {
        if is_quota(dom.as_sys()) {
            return StoreError::QuotaExceeded;
        }
    }
    StoreError::Backend(error.to_string())
}

/// Maps a failure inside transaction `tx`: when the browser aborted the
/// transaction because the disk is full, its own error says so, whatever the
/// failed request or commit reported.
fn failed_in(tx: &web_sys::IdbTransaction, error: Error) -> StoreError {
    match tx.error() {
        Some(reason) if is_quota(&reason) => StoreError::QuotaExceeded,
        _ => from_idb(error),
    }
}

/// Commits `tx`; if the browser aborts it instead, says why (see [`failed_in`]).
pub(crate) async fn commit(tx: Transaction<'_>) -> Result<(), StoreError> {
    let sys: web_sys::IdbTransaction = tx.as_sys().clone().into();
    tx.commit().await.map_err(|error| failed_in(&sys, error))
}

/// Maps a failure to open a database.
pub(crate) fn from_open(error: OpenDbError) -> StoreError {
    match error {
        OpenDbError::Base(inner) => from_idb(inner),
        other => StoreError::Backend(other.to_string()),
    }
}

/// Maps a failure to open a database whose version-change transaction
/// (`upgrade`, creating, upgrading or restoring it) ran: aborted for a full
/// disk, the open only reports `AbortError`, and the transaction says why.
pub(crate) fn upgrade_failed(
    upgrade: Option<&web_sys::IdbTransaction>,
    error: OpenDbError,
) -> StoreError {
    match upgrade.and_then(web_sys::IdbTransaction::error) {
        Some(reason) if is_quota(&reason) => StoreError::QuotaExceeded,
        _ => from_open(error),
    }
}

/// A stored value that does not decode.
pub(crate) fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

/// An exception thrown by a raw IndexedDB call.
pub(crate) fn js_error(error: JsValue) -> StoreError {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(dom) if is_quota(dom) => StoreError::QuotaExceeded,
        Some(dom) => StoreError::Backend(format!("{}: {}", dom.name(), dom.message())),
        None => StoreError::Backend(format!("{error:?}")),
    }
}
