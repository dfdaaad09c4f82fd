//! Turning IndexedDB failures into [`StoreError`]s the UI can explain.

use indexed_db_futures::error::{Error, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use kura_core::store::StoreError;
use wasm_bindgen::{JsCast, JsValue};

/// Maps a failed request or transaction: a full disk becomes
/// [`StoreError::QuotaExceeded`], anything else [`StoreError::Backend`].
pub(crate) fn from_idb(error: Error) -> StoreError {
    if let Error::DomException(dom) = &error {
        if dom.as_sys().name() == "QuotaExceededError" {
            return StoreError::QuotaExceeded;
        }
    }
    StoreError::Backend(error.to_string())
}

/// Maps a failure to open a database.
pub(crate) fn from_open(error: OpenDbError) -> StoreError {
    match error {
        OpenDbError::Base(inner) => from_idb(inner),
        other => StoreError::Backend(other.to_string()),
    }
}

/// A stored value that does not decode.
pub(crate) fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

/// An exception thrown by a raw IndexedDB call.
pub(crate) fn js_error(error: JsValue) -> StoreError {
    let text = error
        .dyn_ref::<web_sys::DomException>()
        .map(|dom| format!("{}: {}", dom.name(), dom.message()))
        .unwrap_or_else(|| format!("{error:?}"));
    if text.starts_with("QuotaExceededError") {
        StoreError::QuotaExceeded
    } else {
        StoreError::Backend(text)
    }
}
