//! How change sets become stored values and back. Rows are JSON strings (not
//! structured-clone objects) so the stored form is exactly the core's serde form,
//! the same one chunks use.

use std::collections::HashSet;

use kura_core::book::Record;
use kura_core::store::{decode_chunk, StoreError};
use kura_core::sync::{Change, ChangeSet};

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

/// Decodes `chunks` values.
pub(crate) fn decode_chunks(
    chunks: impl IntoIterator<Item = String>,
) -> Result<Vec<ChangeSet>, StoreError> {
    let mut sets = Vec::new();
    for chunk in chunks {
        sets.extend(decode_chunk(&chunk).map_err(|e| StoreError::Corrupt(e.0))?);
    }
    Ok(sets)
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
