//! What the change sets of a file hold, counted the same way by the writer
//! (for the manifest) and the reader (to compare with the manifest): a plain
//! manifest can be rewritten, so the reader believes only what it counts.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasherDefault;

use super::manifest::{Counts, Kind};
use crate::book::{Record, RecordKey, RecordKind};
use crate::ids::{DeviceId, IdHasher, RecordId};
use crate::sync::chain::{ChainReport, ChainVerifier, Scope};
use crate::sync::{Change, ChangeSet, Hlc};

#[derive(Default)]
pub(super) struct Tally {
    change_sets: u64,
    /// Every record the sets write (puts and edits), once: a million at a
    /// million entries, so hashed as the book hashes its keys.
    records: HashSet<RecordKey, BuildHasherDefault<IdHasher>>,
    /// The SHA-256 of each attachment record (its latest in the file), by id.
    attachment_hashes: HashMap<RecordId, String>,
    /// Attachments whose record a set deletes (a draft's: its bytes are erased).
    deleted_attachments: HashSet<RecordId>,
    /// The latest stamp of each device's sets.
    latest: HashMap<DeviceId, Hlc>,
    /// Each device's history chain, checked as the sets go by when asked
    /// (hashing every set is most of the cost of reading a file: a restore or
    /// a merge that does not show the result does not pay for it).
    chain: Option<ChainVerifier>,
}

impl Tally {
    /// A tally that also checks the history chains (a writer's: every backup
    /// tells the user whether its history is whole).
    pub fn checking_history() -> Tally {
        let mut tally = Tally::default();
        tally.check_history();
        tally
    }

    pub fn add(&mut self, sets: &[ChangeSet]) {
        for set in sets {
            self.change_sets += 1;
            if let Some(chain) = &mut self.chain {
                chain.add(set);
            }
            let latest = self.latest.entry(set.stamp.device).or_insert(set.stamp);
            *latest = (*latest).max(set.stamp);
            for change in &set.changes {
                self.add_change(change);
            }
        }
    }

    fn add_change(&mut self, change: &Change) {
        match change {
            Change::Delete { key } if key.kind == RecordKind::Attachment => {
                self.deleted_attachments.insert(key.id);
            }
            Change::Delete { .. } => {}
            Change::Put { record } | Change::Edit { record, .. } => {
                self.records.insert(record.key());
                if let Record::Attachment(a) = record {
                    self.attachment_hashes.insert(a.id, a.sha256.clone());
                }
            }
        }
    }

    /// The history chains of the sets added: a backup holds whole chains, a
    /// changes file each device's sets from where the receiver left off.
    pub fn history(&self, kind: Kind) -> Option<ChainReport> {
        let scope = match kind {
            Kind::Backup => Scope::Whole,
            Kind::Changes => Scope::Part,
        };
        self.chain.as_ref().map(|chain| chain.report(scope))
    }

    /// Checks the history chains of the sets added from now on.
    pub fn check_history(&mut self) {
        self.chain.get_or_insert_with(ChainVerifier::default);
    }

    /// The manifest's counts of what was added, with `attachments` parts.
    pub fn counts(&self, attachments: u64) -> Counts {
        let mut records = BTreeMap::new();
        for key in &self.records {
            *records.entry(kind_name(key.kind)).or_insert(0) += 1;
        }
        Counts {
            change_sets: self.change_sets,
            records,
            attachments,
        }
    }

    /// For each device, the latest stamp of its sets, by device.
    pub fn seen(&self) -> Vec<Hlc> {
        let mut seen: Vec<Hlc> = self.latest.values().copied().collect();
        seen.sort_by_key(|s| s.device);
        seen
    }

    /// The SHA-256 the record of attachment `id` gives its bytes.
    pub fn attachment_hash(&self, id: RecordId) -> Option<&str> {
        self.attachment_hashes.get(&id).map(String::as_str)
    }

    /// The attachments whose records are in the file and not deleted: a
    /// backup holds the bytes of each (or says it could not).
    pub fn kept_attachments(&self) -> impl Iterator<Item = RecordId> + '_ {
        self.attachment_hashes
            .keys()
            .copied()
            .filter(|id| !self.deleted_attachments.contains(id))
    }
}

/// A record kind by its snake_case name (the manifest's own words for it).
pub(super) fn kind_name(kind: RecordKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => unreachable!("a record kind serializes as its name"),
    }
}
