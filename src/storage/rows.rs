//! How change sets become stored values and back. Rows are JSON strings (not
//! structured-clone objects) so the stored form is exactly the core's serde form.
//! Chunks are the core's binary chunks, stored as `Uint8Array`s; chunks packed by
//! Kura's first version are JSON strings, and still read.

use std::collections::HashSet;

use js_sys::Uint8Array;
use kura_core::book::{Book, Record};
use kura_core::ids::RecordId;
use kura_core::store::{chunk_sets, encode_chunk, ChunkError, StoreError};
use kura_core::sync::{Change, ChangeSet};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::corrupt;

/// The `changes` row of a set: its key and its value.
pub(crate) fn set_row(set: &ChangeSet) -> Result<(String, String), StoreError> {
    let text = serde_json::to_string(set).map_err(|e| StoreError::Backend(e.to_string()))?;
    Ok((set.id.to_string(), text))
}

/// The book name a set writes, if it writes the book's settings.
pub(crate) fn label_of(set: &ChangeSet) -> Option<&str> {
    set.changes.iter().rev().find_map(|change| match change {
        Change::Put {
            record: Record::BookSettings(settings),
        }
        | Change::Edit {
            record: Record::BookSettings(settings),
            ..
        } => Some(settings.name.as_str()),
        _ => None,
    })
}

/// Decodes `changes` rows (JSON strings).
pub(crate) fn decode_rows(
    rows: impl IntoIterator<Item = String>,
) -> Result<Vec<ChangeSet>, StoreError> {
    rows.into_iter()
        .map(|row| serde_json::from_str(&row).map_err(|e| corrupt("a change row", e)))
        .collect()
}

/// The `chunks` value of packed sets: their binary chunk, as a `Uint8Array`.
pub(crate) fn chunk_value(sets: &[ChangeSet]) -> JsValue {
    Uint8Array::from(encode_chunk(sets).as_slice()).into()
}

/// Calls `each` with every set of the `chunks` values, decoded one at a time.
/// Only one chunk's bytes are copied into wasm memory at once.
pub(crate) fn for_each_packed_set(
    chunks: impl IntoIterator<Item = JsValue>,
    mut each: impl FnMut(ChangeSet),
) -> Result<(), StoreError> {
    let damaged = |e: ChunkError| StoreError::Corrupt(e.0);
    for chunk in chunks {
        let bytes = chunk_bytes(&chunk)?;
        for set in chunk_sets(&bytes).map_err(damaged)? {
            each(set.map_err(damaged)?);
        }
    }
    Ok(())
}

/// Folds the `chunks` values into `book`, set by set; returns the ids it packs.
pub(crate) fn fold_chunks(
    chunks: impl IntoIterator<Item = JsValue>,
    book: &mut Book,
) -> Result<HashSet<RecordId>, StoreError> {
    let mut ids = HashSet::new();
    for_each_packed_set(chunks, |set| {
        ids.insert(set.id);
        book.apply_owned(set);
    })?;
    Ok(ids)
}

/// The bytes of a stored chunk: a binary chunk (a `Uint8Array`), or a JSON chunk
/// as the first version stored it (a string).
pub(crate) fn chunk_bytes(value: &JsValue) -> Result<Vec<u8>, StoreError> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    value
        .as_string()
        .map(String::into_bytes)
        .ok_or_else(|| corrupt("a chunk", "neither bytes nor text"))
}

/// Keeps the first copy of each set id. A set can be stored twice only in one
/// rare cross-tab case (see [`super::IdbStore`]'s `commit`); readers never see it.
pub(crate) fn dedup(sets: Vec<ChangeSet>) -> Vec<ChangeSet> {
    let mut seen = HashSet::new();
    sets.into_iter().filter(|s| seen.insert(s.id)).collect()
}

/// The `chunks` key of a packed run of sets: its latest stamp and that set's id.
/// The stamp's text form is fixed-width, so keys sort by time.
pub(crate) fn chunk_key(sets: &[ChangeSet]) -> Option<String> {
    let last = sets.iter().max_by_key(|s| s.order())?;
    Some(format!("{}-{}", last.stamp, last.id))
}
