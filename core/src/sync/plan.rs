//! Deciding, before anything is written, what of another device's file a
//! merge applies: the change sets that keep the book's rules go in; a set
//! holding a change the rules forbid (`rules.rs`) is held whole for the user
//! to accept or refuse, each forbidden change listed with what it would do.
//!
//! The sets are judged one by one in stamp order, each against the book as
//! it would be with the file's earlier sets that are going in (a set may
//! rely on an earlier one of the same file), by the value each record would
//! have after it — so a late edit that would merge into a record posted
//! meanwhile is seen for what it does. Sets the user accepted are not judged
//! again; sets the user refused are skipped.
//!
//! Where held sets wait is the app's: it keeps them beside the book (its
//! `meta`), with their conflicts and the file's confirmed acknowledgements,
//! and commits the rest of the file at once — so one disputed change does not
//! stop the others, a decision can wait for another day, and a refusal leaves
//! the book exactly as the import left it. A held set is not in the log, so
//! this device never passes it on while it is undecided; once accepted it is
//! committed as it came (folding is order-independent, so accepting it later
//! gives the book accepting it at once would have given).
//!
//! The sender's acknowledgements (`seen`) are believed only where this book
//! can confirm them (see [`confirmed_seen`]); a change that an unconfirmed
//! claim would have kept out of the list of overwritten values is held.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::conflict::Conflict;
use super::edit::differing_fields;
use super::exchange::seen_of;
use super::merge::{new_sets, sets_field};
use super::rules;
use crate::book::{current_value, Book, Record, RecordKey, RecordKind, Version};
use crate::ids::{DeviceId, FastMap, RecordId};
use crate::sync::{Change, ChangeSet, Hlc};
use crate::trade::{reservation, DeviceSeries, DocumentStatus};

/// What the user decided about held sets: accepted (not judged again) and
/// refused (skipped; the app keeps these ids, so a refused set that comes
/// again is not asked about again).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decisions {
    pub accepted: HashSet<RecordId>,
    pub refused: HashSet<RecordId>,
}

/// A change set held back whole, and every rule its changes break.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldSet {
    pub set: ChangeSet,
    pub conflicts: Vec<Conflict>,
}

/// Why this device must number in a fresh series after this import: another
/// installation writes with its id, or another device holds its tag. The app
/// gives the book a new device id here and takes the reservation of the file
/// (`trade::claim_series_on_arrival`); the numbers already issued twice are
/// listed (`trade::duplicate_numbers`).
#[derive(Clone, Debug, PartialEq)]
pub enum SeriesMove {
    /// The file holds change sets stamped with this device's id that this
    /// device never wrote.
    WrittenWithOurId,
    /// The file claims to have seen this device's changes beyond the latest
    /// this device holds: another installation wrote them.
    SeenBeyondOurs { claimed: Hlc },
    /// A device with a smaller id holds this device's tag; of two holders of
    /// one tag the smaller id keeps it, so only one of them moves.
    SharedTag { tag: String, holder: DeviceId },
}

/// What to do with a file's change sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MergePlan {
    /// The new sets to commit and fold in, in stamp order: those that keep
    /// the book's rules, and those the user accepted.
    pub apply: Vec<ChangeSet>,
    /// The new sets held for the user to decide, in stamp order.
    pub held: Vec<HeldSet>,
    /// The new sets the user refused (now or earlier): not applied.
    pub refused: Vec<RecordId>,
    /// The sender's acknowledgements this book can confirm: what the merge
    /// and the next export go by.
    pub seen: Vec<Hlc>,
    /// Set when this device must move to a fresh number series.
    pub move_series: Option<SeriesMove>,
}

/// Judges the sets of a file (`sets`, from a device whose acknowledgements
/// are `sender_seen`) for this device's book: see the module's text.
pub fn plan_merge(
    book: &Book,
    device: DeviceId,
    sets: Vec<ChangeSet>,
    sender_seen: &[Hlc],
    decisions: &Decisions,
) -> MergePlan {
    let fresh = new_sets(book, sets);
    let (seen, unconfirmed) = confirmed_seen(book, &fresh, sender_seen);
    let move_series = ours_written(&fresh, device).or_else(|| {
        seen_of(&unconfirmed, device).map(|claimed| SeriesMove::SeenBeyondOurs { claimed })
    });
    let mut plan = MergePlan {
        seen,
        move_series,
        ..MergePlan::default()
    };
    let mut view = View::new(book);
    let judge = Judge {
        device,
        unconfirmed: &unconfirmed,
    };
    for set in fresh {
        // A refused set is judged all the same: a device holding this
        // device's tag holds it whatever the user does with its record.
        let judged = judge.set(&view, &set);
        if plan.move_series.is_none() {
            plan.move_series = judged.move_series.clone();
        }
        if decisions.refused.contains(&set.id) {
            plan.refused.push(set.id);
        } else if judged.conflicts.is_empty() || decisions.accepted.contains(&set.id) {
            view.add(&set, judged.after);
            plan.apply.push(set);
        } else {
            plan.held.push(HeldSet {
                set,
                conflicts: judged.conflicts,
            });
        }
    }
    plan
}

/// The sender's claims this book can confirm, and the ones it cannot. A claim
/// of having seen `device` up to a stamp is confirmed when this book or the
/// file holds a change set of `device` at least that late: an honest sender
/// sends every set the receiver lacks, so it cannot have seen more than the
/// two together hold. An unconfirmed claim is treated as unseen, so what it
/// would have hidden is listed rather than lost.
pub fn confirmed_seen(
    book: &Book,
    file_sets: &[ChangeSet],
    sender_seen: &[Hlc],
) -> (Vec<Hlc>, Vec<Hlc>) {
    let mut known: BTreeMap<DeviceId, Hlc> =
        book.seen().into_iter().map(|s| (s.device, s)).collect();
    for set in file_sets {
        let latest = known.entry(set.stamp.device).or_insert(set.stamp);
        *latest = (*latest).max(set.stamp);
    }
    sender_seen
        .iter()
        .partition(|claim| known.get(&claim.device).is_some_and(|k| *claim <= k))
}

/// [`SeriesMove::WrittenWithOurId`] when a new set carries this device's id.
fn ours_written(fresh: &[ChangeSet], device: DeviceId) -> Option<SeriesMove> {
    fresh
        .iter()
        .any(|s| s.stamp.device == device)
        .then_some(SeriesMove::WrittenWithOurId)
}

/// The book as it would be with the file's accepted sets so far: their
/// versions beside the book's, and the few facts the rules look up.
pub(super) struct View<'a> {
    book: &'a Book,
    /// Versions of the file's accepted sets, by record.
    extra: FastMap<RecordKey, Vec<Version>>,
    closed: Option<NaiveDate>,
    series: BTreeMap<DeviceId, DeviceSeries>,
    /// Every tag any version of any device's record reserved.
    reserved: HashSet<String>,
    /// The number of each issued or cancelled document, to the document.
    numbers: HashMap<String, RecordId>,
}

impl<'a> View<'a> {
    fn new(book: &'a Book) -> View<'a> {
        let series: BTreeMap<DeviceId, DeviceSeries> = book
            .all_device_series()
            .map(|s| (s.device, s.clone()))
            .collect();
        let reserved = series
            .keys()
            .flat_map(|device| book.history(&series_key(*device)))
            .filter_map(|v| match v.record.as_deref() {
                Some(Record::DeviceSeries(s)) => reservation(s).map(str::to_string),
                _ => None,
            })
            .collect();
        let numbers = book
            .documents()
            .filter(|d| d.status != DocumentStatus::Draft)
            .filter_map(|d| Some((d.number.clone()?, d.id)))
            .collect();
        View {
            book,
            extra: FastMap::default(),
            closed: book.closed_through(),
            series,
            reserved,
            numbers,
        }
    }

    /// A record's value now (the book's, or with the file's accepted sets).
    pub(super) fn value(&self, key: &RecordKey) -> Option<Cow<'_, Record>> {
        if !self.extra.contains_key(key) {
            return self.book.record(key).map(Cow::Borrowed);
        }
        let value = current_value(&self.versions(key, None))?;
        Some(Cow::Owned(Record::clone(&value)))
    }

    /// A record's value once `version` is added: what the fold would make it.
    fn after(&self, key: &RecordKey, version: Version) -> Option<Arc<Record>> {
        current_value(&self.versions(key, Some(version)))
    }

    /// The record's versions in stamp order, with one more. A version whose
    /// stamp is there already is left out, as the fold leaves it out.
    fn versions(&self, key: &RecordKey, added: Option<Version>) -> Vec<Version> {
        let mut all: Vec<Version> = self.book.history(key).to_vec();
        all.extend(self.extra.get(key).into_iter().flatten().cloned());
        all.extend(added);
        all.sort_by_key(|v| v.stamp);
        all.dedup_by_key(|v| v.stamp);
        all
    }

    /// Takes in an accepted set, with the values it leaves its records at.
    fn add(&mut self, set: &ChangeSet, after: Vec<(RecordKey, Option<Arc<Record>>)>) {
        for (key, version) in versions_of(set) {
            self.extra.entry(key).or_default().push(version);
        }
        for (_, record) in after {
            match record.as_deref() {
                Some(Record::PeriodLock(lock)) => self.closed = lock.closed_through,
                Some(Record::DeviceSeries(series)) => {
                    if let Some(tag) = reservation(series) {
                        self.reserved.insert(tag.to_string());
                    }
                    self.series.insert(series.device, series.clone());
                }
                Some(Record::Document(doc)) if doc.status != DocumentStatus::Draft => {
                    if let Some(number) = &doc.number {
                        self.numbers.entry(number.clone()).or_insert(doc.id);
                    }
                }
                _ => {}
            }
        }
    }

    /// The last day of the closed period.
    pub(super) fn closed_through(&self) -> Option<NaiveDate> {
        self.closed
    }

    /// A device's number series.
    pub(super) fn series(&self, device: DeviceId) -> Option<&DeviceSeries> {
        self.series.get(&device)
    }

    /// Every device's number series.
    pub(super) fn all_series(&self) -> impl Iterator<Item = &DeviceSeries> + '_ {
        self.series.values()
    }

    /// Whether some device reserved `tag` for a file it wrote.
    pub(super) fn is_reserved(&self, tag: &str) -> bool {
        self.reserved.contains(tag)
    }

    /// The issued document with this number, if any.
    pub(super) fn numbered(&self, number: &str) -> Option<RecordId> {
        self.numbers.get(number).copied()
    }
}

fn series_key(device: DeviceId) -> RecordKey {
    RecordKey {
        kind: RecordKind::DeviceSeries,
        id: device.0,
    }
}

/// The versions a set adds, one per record: as in the fold, where a set
/// writes one record twice only its first change counts.
fn versions_of(set: &ChangeSet) -> Vec<(RecordKey, Version)> {
    let mut keys = HashSet::new();
    set.changes
        .iter()
        .filter(|change| keys.insert(change.key()))
        .map(|change| {
            let (record, fields) = match change {
                Change::Put { record } => (Some(record), None),
                Change::Edit { record, fields } => (Some(record), Some(fields.as_slice())),
                Change::Delete { .. } => (None, None),
            };
            let version = Version {
                stamp: set.order(),
                record: record.cloned().map(Arc::new),
                fields: fields.map(Into::into),
            };
            (change.key(), version)
        })
        .collect()
}

/// What judging one set found.
struct Judged {
    conflicts: Vec<Conflict>,
    /// The value each record it writes would have after it.
    after: Vec<(RecordKey, Option<Arc<Record>>)>,
    move_series: Option<SeriesMove>,
}

/// Judges sets for one device, given the sender's unconfirmed claims.
struct Judge<'a> {
    device: DeviceId,
    unconfirmed: &'a [Hlc],
}

impl Judge<'_> {
    fn set(&self, view: &View, set: &ChangeSet) -> Judged {
        let mut judged = Judged {
            conflicts: Vec::new(),
            after: Vec::new(),
            move_series: None,
        };
        if set.stamp.device == self.device {
            judged.conflicts.push(Conflict::WrittenWithOurId);
        }
        for (key, version) in versions_of(set) {
            let before = view.value(&key);
            let after = view.after(&key, version);
            let (before, after_ref) = (before.as_deref(), after.as_deref());
            if before != after_ref {
                let found = rules::check(view, set, self.device, key, before, after_ref);
                for conflict in &found {
                    judged.move_series = judged.move_series.take().or(self.yields(conflict));
                }
                judged.conflicts.extend(found);
                judged
                    .conflicts
                    .extend(self.hidden_overwrites(view, key, before, after_ref));
            }
            judged.after.push((key, after));
        }
        judged
    }

    /// This device yields its tag when a device with a smaller id holds it too.
    fn yields(&self, conflict: &Conflict) -> Option<SeriesMove> {
        let Conflict::SharedTag {
            device,
            holder,
            tag,
        } = conflict
        else {
            return None;
        };
        let other = match self.device {
            me if me == *holder => *device,
            me if me == *device => *holder,
            _ => return None,
        };
        (other < self.device).then(|| SeriesMove::SharedTag {
            tag: tag.clone(),
            holder: other,
        })
    }

    /// The values of this book the change overwrites whose last writer the
    /// sender claims to have seen only by an unconfirmed claim: without the
    /// claim they are listed as overwritten, so with it they would be hidden.
    fn hidden_overwrites(
        &self,
        view: &View,
        key: RecordKey,
        before: Option<&Record>,
        after: Option<&Record>,
    ) -> Vec<Conflict> {
        let Some(ours) = before.filter(|_| !self.unconfirmed.is_empty()) else {
            return Vec::new();
        };
        let fields: Vec<Option<String>> = match after {
            Some(after) => differing_fields(ours, after)
                .into_iter()
                .map(Some)
                .collect(),
            None => vec![None],
        };
        let history = view.book.history(&key);
        fields
            .into_iter()
            .filter_map(|field| {
                // A deletion overwrites whatever was written last.
                let last = match field.as_deref() {
                    Some(field) => history.iter().rfind(|v| sets_field(v, Some(field)))?,
                    None => history.last()?,
                };
                let writer = last.stamp.0.device;
                let claim = seen_of(self.unconfirmed, writer)?;
                (claim >= last.stamp.0).then(|| Conflict::HiddenOverwrite {
                    record: Box::new(ours.clone()),
                    field,
                    device: writer,
                })
            })
            .collect()
    }
}
