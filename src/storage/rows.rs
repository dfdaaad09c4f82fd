//! How change sets become stored values and back. Rows are JSON strings (not
//! structured-clone objects) so the stored form is exactly the core's serde form.
//! Chunks are the core's binary chunks, stored as `Uint8Array`s; chunks packed by
//! Kura's first version are JSON strings, and still read.
//!
//! Writing checks that what is stored reads back ([`set_row`], [`chunk_values`]);
//! reading takes each stored value on its own ([`read_chunk_value`],
//! [`read_row_value`]), so a value that cannot be read is set aside and named
//! while the others are read.

pub(crate) use kura_core::store::chunk_key;

use js_sys::Uint8Array;
use kura_core::book::Record;
use kura_core::store::{
    encode_row, pack_chunks, read_chunk, read_row, set_aside, ChunkError, SetAside, StoreError,
    StoredPart,
};
use kura_core::sync::{Change, ChangeSet};
use wasm_bindgen::{JsCast, JsValue};

/// The `changes` row of a set: its key and its value, checked to read back as
/// the same set (a set that would not is refused, and nothing is stored).
pub(crate) fn set_row(set: &ChangeSet) -> Result<(String, String), StoreError> {
    let text = encode_row(set).map_err(StoreError::WouldNotReadBack)?;
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

/// The `chunks` values of packed sets, each with its key: binary chunks as
/// `Uint8Array`s, each decoded and compared with its sets before it is
/// returned ([`pack_chunks`]).
pub(crate) fn chunk_values(sets: &[ChangeSet]) -> Result<Vec<(String, JsValue)>, StoreError> {
    let packed = pack_chunks(sets).map_err(StoreError::WouldNotReadBack)?;
    Ok(packed
        .into_iter()
        .map(|(bytes, run)| {
            let key = chunk_key(run).expect("a packed run is not empty");
            (key, Uint8Array::from(bytes.as_slice()).into())
        })
        .collect())
}

/// Reads one stored chunk: `each` gets its sets up to any damage, which is
/// returned as the part set aside. Only this chunk's bytes are copied into wasm
/// memory.
pub(crate) fn read_chunk_value(
    key: &JsValue,
    value: &JsValue,
    each: impl FnMut(ChangeSet),
) -> Option<SetAside> {
    let key = key_text(key);
    match chunk_bytes(value) {
        Some(bytes) => read_chunk(&key, &bytes, each),
        None => Some(set_aside(StoredPart::Chunk, &key, not("bytes or text"))),
    }
}

/// Reads one stored row: its set, or the row set aside.
pub(crate) fn read_row_value(key: &JsValue, value: &JsValue) -> Result<ChangeSet, SetAside> {
    let key = key_text(key);
    match value.as_string() {
        Some(text) => read_row(&key, &text),
        None => Err(set_aside(StoredPart::Row, &key, not("text"))),
    }
}

fn not(what: &str) -> ChunkError {
    ChunkError::Damaged(format!("the stored value is not {what}"))
}

/// A stored key as text: Kura's keys are strings; anything else is shown as
/// the browser would.
fn key_text(key: &JsValue) -> String {
    key.as_string().unwrap_or_else(|| format!("{key:?}"))
}

/// The bytes of a stored chunk: a binary chunk (a `Uint8Array`), or a JSON chunk
/// as the first version stored it (a string).
fn chunk_bytes(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Some(bytes.to_vec());
    }
    value.as_string().map(String::into_bytes)
}
