//! The book's rules an incoming change must keep, judged on what it does: a
//! record's value before the change and after it (see `plan.rs`). The
//! commands keep these rules on the device that writes; a file from another
//! device may break them (an older version, a bug, a crafted file), so a merge
//! checks them again:
//!
//! - facts stay as they are: a posted entry, an issued document, a posted
//!   payment, a stock move, a posted entry's evidence — the only changes a
//!   fact takes are a document's or a payment's cancellation together with
//!   the posted reversal of its entry, and an attachment marked removed;
//! - a closed period stays closed, and no posted entry appears in it;
//! - a number is on one document only;
//! - a device's number series is written by that device only (or, in books
//!   from before reservations, by the device that granted it in the same set
//!   as its own counter), with a tag reserved or granted for it, which no
//!   other device holds.

use super::conflict::{Conflict, DocumentFacts, EntryFacts};
use super::edit::differing_fields;
use super::plan::View;
use crate::book::{Attachment, Record, RecordKey, RecordKind};
use crate::ids::{DeviceId, RecordId};
use crate::inventory::StockMove;
use crate::ledger::JournalEntry;
use crate::sync::ChangeSet;
use crate::trade::{child_tag, DeviceSeries, Document, DocumentStatus, Payment, PaymentStatus};

/// The fields of an attachment record that are its own search keys (date,
/// amount, partner: `book::set_evidence_keys`).
const EVIDENCE_KEY_FIELDS: [&str; 3] = ["amount", "date", "partner"];

/// The rules `set`'s change of record `key` (from `before` to `after`, which
/// differ) breaks, judged for this `device`.
pub(super) fn check(
    view: &View,
    set: &ChangeSet,
    device: DeviceId,
    key: RecordKey,
    before: Option<&Record>,
    after: Option<&Record>,
) -> Vec<Conflict> {
    let change = Change {
        view,
        set,
        before,
        after,
    };
    match key.kind {
        RecordKind::JournalEntry => change.of_entry(),
        RecordKind::PeriodLock => change.of_period_lock(),
        RecordKind::Document => change.of_document(),
        RecordKind::Payment => change.of_payment(),
        RecordKind::StockMove => change.of_stock_move(),
        RecordKind::Attachment => change.of_attachment(),
        RecordKind::DeviceSeries => change.of_series(device, DeviceId(key.id)),
        _ => Vec::new(),
    }
}

/// One record's change, with what the rules look up.
struct Change<'a> {
    view: &'a View<'a>,
    set: &'a ChangeSet,
    before: Option<&'a Record>,
    after: Option<&'a Record>,
}

impl Change<'_> {
    /// The fields the change sets, by name.
    fn fields(&self) -> Vec<String> {
        match (self.before, self.after) {
            (Some(before), Some(after)) => differing_fields(before, after),
            _ => Vec::new(),
        }
    }

    fn of_entry(&self) -> Vec<Conflict> {
        let (before, after) = (self.before.and_then(entry), self.after.and_then(entry));
        if let Some(posted) = before.filter(|e| e.is_posted()) {
            let facts = EntryFacts::from(posted);
            return match after {
                None => vec![Conflict::DeletesPostedEntry(facts)],
                Some(_) => vec![Conflict::EditsPostedEntry {
                    entry: facts,
                    fields: self.fields(),
                }],
            };
        }
        match (after, self.view.closed_through()) {
            (Some(posted), Some(closed_through))
                if posted.is_posted() && posted.date() <= closed_through =>
            {
                vec![Conflict::PostsInClosedPeriod {
                    entry: posted.into(),
                    closed_through,
                }]
            }
            _ => Vec::new(),
        }
    }

    fn of_period_lock(&self) -> Vec<Conflict> {
        let closed = |record: Option<&Record>| match record {
            Some(Record::PeriodLock(lock)) => lock.closed_through,
            _ => None,
        };
        match (closed(self.before), closed(self.after)) {
            (Some(closed_through), to) if to < Some(closed_through) => {
                vec![Conflict::ReopensPeriod { closed_through, to }]
            }
            _ => Vec::new(),
        }
    }

    fn of_document(&self) -> Vec<Conflict> {
        let (before, after) = (
            self.before.and_then(document),
            self.after.and_then(document),
        );
        let issued = before.filter(|d| !d.is_draft());
        let mut found = Vec::new();
        if let Some(issued) = issued {
            match after {
                None => found.push(Conflict::DeletesIssuedDocument(issued.into())),
                Some(now) if !self.cancels(issued, now) => {
                    found.push(Conflict::EditsIssuedDocument {
                        document: issued.into(),
                        fields: self.fields(),
                    })
                }
                Some(_) => {}
            }
        }
        let numbered = after
            .filter(|d| !d.is_draft())
            .and_then(|d| Some((d, d.number.as_deref()?)));
        if let Some((doc, number)) = numbered {
            let new_number = issued.and_then(|d| d.number.as_deref()) != Some(number);
            match self.view.numbered(number) {
                Some(other) if new_number && other != doc.id => {
                    found.push(Conflict::DuplicateNumber {
                        document: DocumentFacts::from(doc),
                        other,
                    })
                }
                _ => {}
            }
        }
        found
    }

    /// Whether an issued document's change is its cancellation: only its
    /// status and reversal change, and the reversal (when it posted) is a
    /// posted entry that corrects its entry.
    fn cancels(&self, issued: &Document, now: &Document) -> bool {
        issued.status == DocumentStatus::Issued
            && now.status == DocumentStatus::Cancelled
            && self.only(&["status", "reversal"])
            && match issued.entry {
                None => now.reversal.is_none(),
                Some(entry) => now.reversal.is_some_and(|r| self.reverses(r, entry)),
            }
    }

    fn of_payment(&self) -> Vec<Conflict> {
        let (Some(before), after) = (self.before.and_then(payment), self.after.and_then(payment))
        else {
            return Vec::new();
        };
        match after {
            None => vec![Conflict::DeletesPayment(before.into())],
            Some(now)
                if before.status == PaymentStatus::Posted
                    && now.status == PaymentStatus::Cancelled
                    && self.only(&["status", "reversal"])
                    && now.reversal.is_some_and(|r| self.reverses(r, before.entry)) =>
            {
                Vec::new()
            }
            Some(_) => vec![Conflict::EditsPayment {
                payment: before.into(),
                fields: self.fields(),
            }],
        }
    }

    fn of_stock_move(&self) -> Vec<Conflict> {
        let Some(before) = self.before.and_then(stock_move) else {
            return Vec::new();
        };
        match self.after {
            None => vec![Conflict::DeletesStockMove(before.into())],
            Some(_) => vec![Conflict::EditsStockMove {
                stock_move: before.into(),
                fields: self.fields(),
            }],
        }
    }

    fn of_attachment(&self) -> Vec<Conflict> {
        let Some(before) = self.before.and_then(attachment) else {
            return Vec::new();
        };
        let Some(entry) = self.posted_entry(before.entry_id) else {
            return Vec::new();
        };
        let file_name = before.file_name.clone();
        match self.after.and_then(attachment) {
            None => vec![Conflict::DeletesEvidence { file_name, entry }],
            Some(now) if !before.removed && now.removed && self.only(&["removed"]) => Vec::new(),
            // The file's own search keys find it and change no figure, and the
            // history keeps their every value: a device may set them.
            Some(_) if self.only(&EVIDENCE_KEY_FIELDS) => Vec::new(),
            Some(_) => vec![Conflict::EditsEvidence {
                file_name,
                entry,
                fields: self.fields(),
            }],
        }
    }

    /// The rules of number series, for the record of device `owner`.
    fn of_series(&self, device: DeviceId, owner: DeviceId) -> Vec<Conflict> {
        let before = self.before.and_then(series);
        let Some(after) = self.after.and_then(series) else {
            return before
                .map(|s| Conflict::DeletesSeries {
                    device: owner,
                    tag: s.tag.clone(),
                })
                .into_iter()
                .collect();
        };
        let writer = self.set.stamp.device;
        let tag = after.tag.clone();
        let mut found = Vec::new();
        if owner == device && writer != device {
            found.push(Conflict::WritesOurSeries { tag: tag.clone() });
        } else if writer != owner {
            if !(before.is_none() && self.grants(writer, after)) {
                found.push(Conflict::TakesSeries {
                    device: owner,
                    tag: tag.clone(),
                });
            }
        } else if !self.own_series_kept(before, after) {
            found.push(Conflict::UngrantedTag {
                device: owner,
                tag: tag.clone(),
            });
        }
        let takes_tag = before.map(|b| &b.tag) != Some(&after.tag);
        let holder = self
            .view
            .all_series()
            .find(|s| takes_tag && s.tag == tag && s.device != owner);
        if let Some(holder) = holder {
            found.push(Conflict::SharedTag {
                device: owner,
                holder: holder.device,
                tag,
            });
        }
        found
    }

    /// Whether a device's write of its own record keeps its series: a first
    /// record takes the empty tag in a book without series, or a tag some
    /// device reserved; later versions keep the tag and never turn the
    /// counter back.
    fn own_series_kept(&self, before: Option<&DeviceSeries>, after: &DeviceSeries) -> bool {
        match before {
            Some(before) => before.tag == after.tag && after.granted >= before.granted,
            None if after.tag.is_empty() => {
                self.view.all_series().all(|s| s.device == after.device)
            }
            None => self.view.is_reserved(&after.tag),
        }
    }

    /// Whether `after` is a grant by `writer` as books before reservations
    /// made them: in the same set, the writer's own record with its counter
    /// one higher, and the child's tag the one that counter gave out.
    fn grants(&self, writer: DeviceId, child: &DeviceSeries) -> bool {
        let Some(parent) = self.view.series(writer) else {
            return false;
        };
        let counted = self.set.changes.iter().any(|c| {
            matches!(c.record(), Some(Record::DeviceSeries(s))
                if s.device == writer && s.tag == parent.tag
                    && Some(s.granted) == parent.granted.checked_add(1))
        });
        counted && child.granted == 0 && child.tag == child_tag(&parent.tag, parent.granted)
    }

    /// Whether the change leaves every field but `allowed` as it was.
    fn only(&self, allowed: &[&str]) -> bool {
        self.fields().iter().all(|f| allowed.contains(&f.as_str()))
    }

    /// Whether entry `reversal` (written by the set, or in the book) is
    /// posted and corrects `original`.
    fn reverses(&self, reversal: RecordId, original: RecordId) -> bool {
        self.entry_now(reversal)
            .is_some_and(|e| e.is_posted() && e.corrects() == Some(original))
    }

    /// A posted entry as it is before this set, named for a conflict.
    fn posted_entry(&self, id: RecordId) -> Option<EntryFacts> {
        let key = entry_key(id);
        let value = self.view.value(&key)?;
        entry(&value)
            .filter(|e| e.is_posted())
            .map(EntryFacts::from)
    }

    /// An entry as this set leaves it: its own write, else the book's.
    fn entry_now(&self, id: RecordId) -> Option<JournalEntry> {
        let written = self.set.changes.iter().find_map(|c| match c.record() {
            Some(Record::JournalEntry(e)) if e.id() == id => Some(e.clone()),
            _ => None,
        });
        written.or_else(|| {
            let value = self.view.value(&entry_key(id))?;
            entry(&value).cloned()
        })
    }
}

fn entry_key(id: RecordId) -> RecordKey {
    RecordKey {
        kind: RecordKind::JournalEntry,
        id,
    }
}

fn entry(record: &Record) -> Option<&JournalEntry> {
    match record {
        Record::JournalEntry(e) => Some(e),
        _ => None,
    }
}

fn document(record: &Record) -> Option<&Document> {
    match record {
        Record::Document(d) => Some(d),
        _ => None,
    }
}

fn payment(record: &Record) -> Option<&Payment> {
    match record {
        Record::Payment(p) => Some(p),
        _ => None,
    }
}

fn stock_move(record: &Record) -> Option<&StockMove> {
    match record {
        Record::StockMove(m) => Some(m),
        _ => None,
    }
}

fn attachment(record: &Record) -> Option<&Attachment> {
    match record {
        Record::Attachment(a) => Some(a),
        _ => None,
    }
}

fn series(record: &Record) -> Option<&DeviceSeries> {
    match record {
        Record::DeviceSeries(s) => Some(s),
        _ => None,
    }
}
