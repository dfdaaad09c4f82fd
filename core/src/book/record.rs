//! The kinds of record a book holds. Each later capability (accounts, entries,
//! partners…) adds a variant here; the change log and the merge rules stay the same.

use serde::{Deserialize, Serialize};

use super::BookSettings;
use crate::ids::RecordId;

/// A record as stored in the change log, tagged by its kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    BookSettings(BookSettings),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    BookSettings,
}

/// What identifies a record across devices: its kind and its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordKey {
    pub kind: RecordKind,
    pub id: RecordId,
}

impl Record {
    pub fn key(&self) -> RecordKey {
        match self {
            Record::BookSettings(s) => RecordKey {
                kind: RecordKind::BookSettings,
                id: s.book_id,
            },
        }
    }
}
