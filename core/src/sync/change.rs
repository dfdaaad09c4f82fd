//! Change sets: the unit of every write, of the change log and of device sync.

use serde::{Deserialize, Serialize};

use crate::book::{Record, RecordKey};
use crate::ids::RecordId;
use crate::sync::{ChainLink, Hlc};

/// The total order of writes: the clock stamp, then the change set's id as the
/// final tie-break (two tabs of one browser share a device id).
pub type Stamp = (Hlc, RecordId);

/// One user action's writes, committed together or not at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub id: RecordId,
    pub stamp: Hlc,
    pub changes: Vec<Change>,
    /// Its place in its device's history chain ([`crate::sync::chain`]).
    /// Absent from sets written before the chain existed, which read as
    /// unlinked; left out of the JSON when absent, so they are stored as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<ChainLink>,
}

impl ChangeSet {
    pub fn order(&self) -> Stamp {
        (self.stamp, self.id)
    }
}

/// One write to one record. Deleting leaves a tombstone so that the deletion
/// travels to other devices like any other change. An edit of a record that
/// exists already names the fields it changed, so that two devices editing
/// different fields of one record both keep their change when they merge.
// Nearly every change is a put, so boxing the record would add an allocation to
// almost every change for the sake of the rare tombstone.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    Put {
        record: Record,
    },
    Delete {
        key: RecordKey,
    },
    /// Sets only `fields` (top-level keys of the record's JSON form) from
    /// `record`, which is the whole record as its writer saw it (the history
    /// shows it; and it is the value taken if the merged one is not valid).
    Edit {
        record: Record,
        fields: Vec<String>,
    },
}

impl Change {
    pub fn key(&self) -> RecordKey {
        match self {
            Change::Put { record } | Change::Edit { record, .. } => record.key(),
            Change::Delete { key } => *key,
        }
    }

    /// The record written, whole: a put's or an edit's; `None` for a tombstone.
    pub fn record(&self) -> Option<&Record> {
        match self {
            Change::Put { record } | Change::Edit { record, .. } => Some(record),
            Change::Delete { .. } => None,
        }
    }
}
