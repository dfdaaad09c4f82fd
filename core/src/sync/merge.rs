//! Merging another device's change sets, and what the merge overwrote.
//!
//! A file from another device carries change sets and the sender's `seen` (for
//! each device, the latest stamp the sender held). The receiver commits the sets
//! it lacks, folds them in, and lists every local value the merge replaced that
//! the sender had not seen: a real conflict, which the user may undo, as opposed
//! to a plain update of a value the sender knew.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::edit::fields_of;
use super::exchange::seen_of;
use crate::book::{Book, Record, RecordKey, Version};
use crate::ids::RecordId;
use crate::sync::{ChangeSet, Hlc, Stamp};

/// The sets of `sets` that the book does not hold yet, each once, in stamp order.
pub fn new_sets(book: &Book, sets: Vec<ChangeSet>) -> Vec<ChangeSet> {
    let mut ids = HashSet::new();
    let mut fresh: Vec<ChangeSet> = sets
        .into_iter()
        .filter(|s| !book.has_applied(s.id) && ids.insert(s.id))
        .collect();
    fresh.sort_by_key(ChangeSet::order);
    fresh
}

/// One local value a merge replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Overwritten {
    pub key: RecordKey,
    /// The field; `None` when the merge deleted the whole record.
    pub field: Option<String>,
    /// Our value before the merge (`None`: the field was absent).
    pub ours: Option<Value>,
    /// The value now (`None`: absent, or the record deleted).
    pub theirs: Option<Value>,
    /// The incoming version that wrote it: who and when.
    pub by: Stamp,
    /// Our record before the merge (what "restore" brings back if deleted).
    pub our_record: Record,
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MergeReport {
    /// How many change sets were new.
    pub merged: usize,
    pub overwritten: Vec<Overwritten>,
}

/// Folds `sets` (already committed, or about to be) into the book and lists the
/// local values they overwrote that the sender, whose `seen` is `sender_seen`,
/// had not seen.
pub fn merge(book: &mut Book, sets: &[ChangeSet], sender_seen: &[Hlc]) -> MergeReport {
    let incoming: HashSet<RecordId> = sets
        .iter()
        .filter(|s| !book.has_applied(s.id))
        .map(|s| s.id)
        .collect();
    let mut before: BTreeMap<RecordKey, Record> = BTreeMap::new();
    for set in sets.iter().filter(|s| incoming.contains(&s.id)) {
        for change in &set.changes {
            let key = change.key();
            if let Some(record) = book.record(&key) {
                before.entry(key).or_insert_with(|| record.clone());
            }
        }
    }
    for set in sets {
        book.apply(set);
    }
    let overwritten = before
        .into_iter()
        .flat_map(|(key, ours)| overwritten_in(book, key, ours, &incoming, sender_seen))
        .collect();
    MergeReport {
        merged: incoming.len(),
        overwritten,
    }
}

/// The overwritten fields of one record, given our value before the merge.
fn overwritten_in(
    book: &Book,
    key: RecordKey,
    ours: Record,
    incoming: &HashSet<RecordId>,
    sender_seen: &[Hlc],
) -> Vec<Overwritten> {
    let history = book.history(&key);
    let is_local = |v: &&Version| !incoming.contains(&v.stamp.1);
    let unseen =
        |v: &Version| seen_of(sender_seen, v.stamp.0.device).is_none_or(|seen| v.stamp.0 > seen);
    let last_incoming = |field: Option<&str>| {
        history
            .iter()
            .rev()
            .filter(|v| incoming.contains(&v.stamp.1))
            .find(|v| sets_field(v, field))
            .map(|v| v.stamp)
    };
    let Some(after) = book.record(&key) else {
        // Deleted by the merge: a conflict if our last version was unseen.
        let ours_unseen = history.iter().rfind(|v| is_local(v)).is_some_and(unseen);
        let by = last_incoming(None);
        return match by.filter(|_| ours_unseen) {
            Some(by) => vec![Overwritten {
                key,
                field: None,
                ours: None,
                theirs: None,
                by,
                our_record: ours,
            }],
            None => Vec::new(),
        };
    };
    let (before, now) = (fields_of(&ours), fields_of(after));
    let mut names: Vec<&String> = before.keys().chain(now.keys()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter(|f| before.get(*f) != now.get(*f))
        .filter(|f| {
            history
                .iter()
                .filter(is_local)
                .rfind(|v| sets_field(v, Some(f.as_str())))
                .is_some_and(unseen)
        })
        .filter_map(|f| {
            Some(Overwritten {
                key,
                field: Some(f.clone()),
                ours: before.get(f).cloned(),
                theirs: now.get(f).cloned(),
                by: last_incoming(Some(f.as_str()))?,
                our_record: ours.clone(),
            })
        })
        .collect()
}

/// Whether a version wrote `field` (`None`: the whole record): a put or a
/// tombstone writes every field, an edit only those it names.
pub(super) fn sets_field(version: &Version, field: Option<&str>) -> bool {
    match (&version.fields, field) {
        (Some(fields), Some(field)) => fields.iter().any(|f| f == field),
        (Some(_), None) => false,
        (None, _) => true,
    }
}
