//! Reading a stored change log the way an open does: part by part, each part
//! (a chunk, or a row of the tail) read on its own, so that one that cannot be
//! read is named and set aside while the rest of the book opens.
//!
//! A part set aside is left exactly where it is: nothing rewrites or deletes it.
//! The book opens without it, and stays writable: every change set is one whole
//! user action that folds in independently of the others (the log is a set of
//! sets, folded in any order), so what is written next neither depends on the
//! part nor hides it, and if a later Kura can read the part, folding it in then
//! is like merging a device's changes. Refusing writes instead would have left
//! the user unable even to take the backup that repairs the book (a backup
//! first writes the device's number series), for no gain in safety.

use super::chunk::{chunk_sets, decode_row, ChunkError};
use crate::book::Book;
use crate::sync::ChangeSet;

/// Which kind of stored part was set aside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredPart {
    /// One change set in the tail of the log (a JSON row).
    Row,
    /// A packed chunk of many change sets.
    Chunk,
}

/// A stored part of the log that could not be read: where it is and why. It is
/// left where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub part: StoredPart,
    /// Its key in the store (a row's is its change set's id).
    pub key: String,
    pub reason: ChunkError,
    /// The change sets of a chunk read before its damage: they are whole and
    /// checked, and were folded in like any other. Always 0 for a row.
    pub sets_read: usize,
}

/// A book as opened: folded from every stored change set that could be read,
/// and the stored parts that could not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadedBook {
    pub book: Book,
    pub set_aside: Vec<SetAside>,
}

/// Reads one stored chunk as an open does: `each` gets every set before any
/// damage; the damage, if there is some, is returned as the part set aside.
pub fn read_chunk(key: &str, bytes: &[u8], mut each: impl FnMut(ChangeSet)) -> Option<SetAside> {
    let mut sets_read = 0;
    let damage = match chunk_sets(bytes) {
        Err(error) => Some(error),
        Ok(mut sets) => sets.find_map(|set| match set {
            Ok(set) => {
                sets_read += 1;
                each(set);
                None
            }
            Err(error) => Some(error),
        }),
    };
    damage.map(|reason| SetAside {
        part: StoredPart::Chunk,
        key: key.to_string(),
        reason,
        sets_read,
    })
}

/// Reads one stored row: its change set, or the row set aside.
pub fn read_row(key: &str, text: &str) -> Result<ChangeSet, SetAside> {
    decode_row(text).map_err(|reason| set_aside(StoredPart::Row, key, reason))
}

/// A part set aside before any set of it could be read (a stored value of the
/// wrong type, for instance).
pub fn set_aside(part: StoredPart, key: &str, reason: ChunkError) -> SetAside {
    SetAside {
        part,
        key: key.to_string(),
        reason,
        sets_read: 0,
    }
}

/// The key of a packed run of sets: its latest stamp and that set's id. The
/// stamp's text form is fixed-width, so keys sort by time.
pub fn chunk_key(sets: &[ChangeSet]) -> Option<String> {
    let last = sets.iter().max_by_key(|s| s.order())?;
    Some(format!("{}-{}", last.stamp, last.id))
}
