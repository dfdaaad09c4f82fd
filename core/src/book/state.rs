//! The in-memory book: every record's versions, folded from change sets, with
//! indexes the screens and reports read.
//!
//! Folding is a last-writer-wins merge keyed by record and, for edits, by field:
//! a record's current value is its versions replayed in stamp order (clock stamp,
//! then change-set id), each put or tombstone replacing the whole, each edit
//! setting only the fields it names. The result depends only on the set of
//! versions, so the fold is idempotent (a set applied twice changes nothing) and
//! order-independent (any order of the same sets gives the same book), which is
//! what lets two tabs and two devices exchange change sets freely. Older versions
//! are kept: they are the record's history (who changed what, when), which the
//! e-bookkeeping law requires.
//!
//! A record beyond the limits of `money::limits` (written by an earlier build)
//! is kept like any other — its versions, its history, readable by its key —
//! but left out of every list the screens and reports read (`entries`,
//! `documents`, `payments`, `items`, `stock_moves`…), so no report can meet
//! it; [`Book::out_of_range`] names those still to be repaired. Whether a
//! record is out of range depends on its current value only, so the fold
//! stays idempotent and order-independent.
//!
//! Nearly always the current value is the last version's record as written, so
//! only the few records where an edit merged fields of two writers keep their
//! current value apart (`merged`), and a record is replayed only when a version
//! arrives out of order before an edit.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use serde_json::Value;

use super::totals::PostedTotals;
use super::{
    BookSettings, PeriodLock, PrivateUseRule, Record, RecordKey, RecordKind, TaxAccounting,
};
use crate::ids::RecordId;
use crate::ids::{DeviceId, FastMap};
use crate::inventory::StocktakeStatus;
use crate::inventory::{InventorySettings, Item, Location, StockMove, Stocktake};
use crate::ledger::{Account, JournalEntry};
use crate::money::limits::{check_record, LimitError};
use crate::money::Currency;
use crate::sync::{ChainLink, Change, ChangeSet, Hlc, Stamp};
use crate::trade::{
    BusinessProfile, DeviceSeries, Document, DocumentStatus, Partner, Payment, PaymentStatus,
};

/// One version of a record: what was written at `stamp`. `None` is a tombstone.
/// The record is shared (`Arc`) with the book's indexes, so reading entries in
/// date order needs no lookup per entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub stamp: Stamp,
    pub record: Option<Arc<Record>>,
    /// For an edit, the fields it set (see [`Change::Edit`]); `None` for a put
    /// or a tombstone, which replace the whole record.
    pub fields: Option<Arc<[String]>>,
}

impl Version {
    /// The change this version was written as.
    pub fn change(&self, key: RecordKey) -> Change {
        match (&self.record, &self.fields) {
            (None, _) => Change::Delete { key },
            (Some(record), None) => Change::Put {
                record: Record::clone(record),
            },
            (Some(record), Some(fields)) => Change::Edit {
                record: Record::clone(record),
                fields: fields.to_vec(),
            },
        }
    }
}

/// A book in memory. Screens read from it; writes go through change sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Book {
    /// Every version of every record, oldest first.
    versions: FastMap<RecordKey, Vec<Version>>,
    /// Current values that differ from their record's last version (an edit
    /// merged onto an earlier value); usually empty.
    merged: FastMap<RecordKey, Option<Arc<Record>>>,
    applied: HashSet<RecordId>,
    latest: Option<Hlc>,
    /// Each device's latest stamp in the book: what this book has seen of it.
    seen: BTreeMap<DeviceId, Hlc>,
    /// Each device's latest linked set: where its history chain goes on.
    heads: BTreeMap<DeviceId, (Stamp, ChainLink)>,
    /// Live (not deleted) records by kind, except journal entries: there are
    /// many, and `entries_by_date` lists them already.
    live: HashMap<RecordKind, BTreeSet<RecordId>>,
    /// Live journal entries in date order (the record is always a `JournalEntry`).
    entries_by_date: BTreeMap<(NaiveDate, RecordId), Arc<Record>>,
    /// Live records beyond the limits, with what is beyond: in neither
    /// `live` nor `entries_by_date`, so no list returns them.
    out_of_range: BTreeMap<RecordKey, LimitError>,
    /// Posted totals per account and month of the entries in `entries_by_date`
    /// (see `totals.rs`): the reports' fast path.
    totals: PostedTotals,
}

/// A record the book holds beyond the limits of `money::limits`, still to be
/// repaired: what it is, and what is beyond its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    pub key: RecordKey,
    pub error: LimitError,
}

impl Book {
    /// Folds change sets, in any order, into a book.
    pub fn from_change_sets<'a>(sets: impl IntoIterator<Item = &'a ChangeSet>) -> Book {
        let mut book = Book::default();
        for set in sets {
            book.apply(set);
        }
        book
    }

    /// Folds one change set in. Returns false if it was already applied.
    pub fn apply(&mut self, set: &ChangeSet) -> bool {
        self.fold(
            set.order(),
            set.link,
            set.changes.iter().cloned().map(split),
        )
    }

    /// Like [`Book::apply`], but takes the set, so its records move into the book
    /// instead of being copied: how a book is opened.
    pub fn apply_owned(&mut self, set: ChangeSet) -> bool {
        let order = set.order();
        self.fold(order, set.link, set.changes.into_iter().map(split))
    }

    /// Adds the versions of one change set, unless it was applied already (the
    /// changes are then never read, so nothing is copied for nothing).
    fn fold(
        &mut self,
        (stamp, set_id): Stamp,
        link: Option<ChainLink>,
        changes: impl Iterator<Item = Written>,
    ) -> bool {
        if !self.applied.insert(set_id) {
            return false;
        }
        if let Some(link) = link {
            let order = (stamp, set_id);
            let head = self.heads.entry(stamp.device).or_insert((order, link));
            if head.0 < order {
                *head = (order, link);
            }
        }
        self.latest = self.latest.max(Some(stamp));
        let seen = self.seen.entry(stamp.device).or_insert(stamp);
        *seen = (*seen).max(stamp);
        for (key, record, fields) in changes {
            let stamp = (stamp, set_id);
            self.add_version(
                key,
                Version {
                    stamp,
                    record,
                    fields,
                },
            );
        }
        true
    }

    fn add_version(&mut self, key: RecordKey, version: Version) {
        // Most records never change: room for one version, not a growing Vec's four.
        let versions = self
            .versions
            .entry(key)
            .or_insert_with(|| Vec::with_capacity(1));
        let at = versions.partition_point(|v| v.stamp < version.stamp);
        if versions.get(at).is_some_and(|v| v.stamp == version.stamp) {
            return;
        }
        let appended = at == versions.len();
        if !appended && versions[at..].iter().any(|v| v.fields.is_none()) {
            // An older version arriving late before a put or a tombstone, which
            // replaced everything it wrote: history only, the current one stays.
            versions.insert(at, version);
            return;
        }
        let before = match self.merged.get(&key) {
            Some(merged) => merged.clone(),
            None => versions.last().and_then(|v| v.record.clone()),
        };
        let after = if appended {
            let after = next_value(before.as_ref(), &version);
            versions.push(version);
            after
        } else {
            versions.insert(at, version);
            current_value(versions)
        };
        let last = versions.last().and_then(|v| v.record.as_ref());
        if same(after.as_ref(), last) {
            // The common case, kept cheap: nothing merged anywhere.
            if !self.merged.is_empty() {
                self.merged.remove(&key);
            }
        } else {
            self.merged.insert(key, after.clone());
        }
        if !same(before.as_ref(), after.as_ref()) {
            self.unindex(key, before.as_deref());
            self.index(key, after);
        }
    }

    fn unindex(&mut self, key: RecordKey, record: Option<&Record>) {
        if !self.out_of_range.is_empty() && self.out_of_range.remove(&key).is_some() {
            return;
        }
        match record {
            None => {}
            Some(Record::JournalEntry(entry))
                if self
                    .entries_by_date
                    .remove(&(entry.date(), entry.id()))
                    .is_some() =>
            {
                self.totals.remove(entry);
            }
            Some(Record::JournalEntry(_)) => {}
            Some(_) => {
                if let Some(ids) = self.live.get_mut(&key.kind) {
                    ids.remove(&key.id);
                    // An empty set and no set mean the same; keep one form so that
                    // books folded in different orders compare equal.
                    if ids.is_empty() {
                        self.live.remove(&key.kind);
                    }
                }
            }
        }
    }

    fn index(&mut self, key: RecordKey, record: Option<Arc<Record>>) {
        let Some(record) = record else { return };
        if let Err(error) = check_record(&record) {
            self.out_of_range.insert(key, error);
            return;
        }
        match record.as_ref() {
            Record::JournalEntry(entry) => {
                let at = (entry.date(), entry.id());
                self.totals.add(entry);
                if let Some(Record::JournalEntry(replaced)) =
                    self.entries_by_date.insert(at, record).as_deref()
                {
                    // Never the case (the key is the record's, unindexed first),
                    // but the totals stay those of the index whatever happens.
                    self.totals.remove(replaced);
                }
            }
            _ => {
                self.live.entry(key.kind).or_default().insert(key.id);
            }
        }
    }

    /// Whether a change set has been folded in already.
    pub fn has_applied(&self, set_id: RecordId) -> bool {
        self.applied.contains(&set_id)
    }

    /// How many change sets make up the book.
    pub fn change_set_count(&self) -> usize {
        self.applied.len()
    }

    /// The link of `device`'s latest linked set: the next set it writes is
    /// linked after it (`sync::chain`).
    pub fn chain_head(&self, device: DeviceId) -> Option<&ChainLink> {
        self.heads.get(&device).map(|(_, link)| link)
    }

    /// The latest clock stamp in the book, which a device's clock must move past.
    pub fn latest_stamp(&self) -> Option<Hlc> {
        self.latest
    }

    /// The live (not deleted) record with this key: its current value.
    pub fn record(&self, key: &RecordKey) -> Option<&Record> {
        if !self.merged.is_empty() {
            if let Some(merged) = self.merged.get(key) {
                return merged.as_deref();
            }
        }
        self.versions
            .get(key)
            .and_then(|v| v.last())
            .and_then(|v| v.record.as_deref())
    }

    /// For each device, the latest stamp of its change sets in the book: what
    /// this book has seen of it (sync's acknowledgement), in device order.
    pub fn seen(&self) -> Vec<Hlc> {
        self.seen.values().copied().collect()
    }

    /// The ids of every change set folded in, in no order.
    pub fn applied_ids(&self) -> impl Iterator<Item = RecordId> + '_ {
        self.applied.iter().copied()
    }

    /// Every version of a record, oldest first: its history.
    pub fn history(&self, key: &RecordKey) -> &[Version] {
        self.versions.get(key).map_or(&[], Vec::as_slice)
    }

    /// Every record's history (oldest version first), records in no order.
    pub fn histories(&self) -> impl Iterator<Item = (&RecordKey, &[Version])> + '_ {
        self.versions.iter().map(|(k, v)| (k, v.as_slice()))
    }

    /// The ids of the live records of a kind: journal entries in date order, other
    /// records by id.
    pub(super) fn live_ids(&self, kind: RecordKind) -> impl Iterator<Item = RecordId> + '_ {
        let entries = (kind == RecordKind::JournalEntry)
            .then(|| self.entries_by_date.keys().map(|&(_, id)| id));
        self.live
            .get(&kind)
            .into_iter()
            .flatten()
            .copied()
            .chain(entries.into_iter().flatten())
    }

    /// How the book keeps consumption tax; one whose creation never completed
    /// (no settings) is tax-inclusive, the default.
    pub fn tax_accounting(&self) -> TaxAccounting {
        self.settings()
            .map_or(TaxAccounting::default(), |s| s.tax_accounting)
    }

    /// The book's currency: the one its settings name, yen before there are
    /// settings (a book whose creation never completed shows amounts in yen).
    pub fn currency(&self) -> Currency {
        self.settings().map_or(Currency::JPY, |s| s.currency)
    }

    /// The book's settings; `None` only for a book whose creation never completed.
    pub fn settings(&self) -> Option<&BookSettings> {
        self.live_ids(RecordKind::BookSettings).find_map(|id| {
            match self.record(&key(RecordKind::BookSettings, id)) {
                Some(Record::BookSettings(s)) => Some(s),
                _ => None,
            }
        })
    }

    /// The last day of the closed period, if any period is closed.
    pub fn closed_through(&self) -> Option<NaiveDate> {
        self.live_ids(RecordKind::PeriodLock).find_map(|id| {
            match self.record(&key(RecordKind::PeriodLock, id)) {
                Some(Record::PeriodLock(PeriodLock { closed_through, .. })) => *closed_through,
                _ => None,
            }
        })
    }

    pub fn account(&self, id: RecordId) -> Option<&Account> {
        match self.record(&key(RecordKind::Account, id)) {
            Some(Record::Account(a)) => Some(a),
            _ => None,
        }
    }

    /// The account and its parents, nearest first: what an account inherits
    /// (a role, a tax class) is the first one found up this line. Bounded by
    /// the number of accounts, so a corrupt parent cycle cannot loop forever.
    pub fn lineage(&self, id: RecordId) -> impl Iterator<Item = &Account> {
        let bound = self.live_ids(RecordKind::Account).count();
        std::iter::successors(self.account(id), |a| a.parent.and_then(|p| self.account(p)))
            .take(bound)
    }

    /// Every account, archived ones included, in code order.
    pub fn accounts(&self) -> Vec<&Account> {
        let mut accounts: Vec<&Account> = self
            .live_ids(RecordKind::Account)
            .filter_map(|id| self.account(id))
            .collect();
        accounts.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id)));
        accounts
    }

    /// The private-use (家事按分) rules, one per account at most.
    pub fn private_use_rules(&self) -> Vec<&PrivateUseRule> {
        self.live_ids(RecordKind::PrivateUseRule)
            .filter_map(
                |id| match self.record(&key(RecordKind::PrivateUseRule, id)) {
                    Some(Record::PrivateUseRule(r)) => Some(r),
                    _ => None,
                },
            )
            .collect()
    }

    pub fn entry(&self, id: RecordId) -> Option<&JournalEntry> {
        match self.record(&key(RecordKind::JournalEntry, id)) {
            Some(Record::JournalEntry(e)) => Some(e),
            _ => None,
        }
    }

    /// Live entries dated `from..=to`, drafts included, in date order.
    pub fn entries_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl DoubleEndedIterator<Item = &JournalEntry> + '_ {
        let lowest = RecordId::from_parts(0, 0);
        let highest = RecordId::from_parts(u64::MAX >> 16, u128::MAX);
        let range = (from <= to).then_some((from, lowest)..=(to, highest));
        range
            .into_iter()
            .flat_map(move |r| self.entries_by_date.range(r))
            .filter_map(|(_, record)| as_entry(record))
    }

    /// Every live entry in date order.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &JournalEntry> + '_ {
        self.entries_by_date.values().filter_map(|r| as_entry(r))
    }

    /// The posted totals per account and month the fold keeps (`totals.rs`).
    pub fn posted_totals(&self) -> &PostedTotals {
        &self.totals
    }

    /// How many live entries the book holds.
    pub fn entry_count(&self) -> usize {
        self.entries_by_date.len()
    }

    /// The live records of a kind, by id, read through `pick`.
    pub(crate) fn live_records<'a, T: 'a>(
        &'a self,
        kind: RecordKind,
        pick: impl Fn(&'a Record) -> Option<&'a T> + 'a,
    ) -> impl Iterator<Item = &'a T> + 'a {
        self.live_ids(kind)
            .filter_map(move |id| self.record(&key(kind, id)).and_then(&pick))
    }

    pub fn partner(&self, id: RecordId) -> Option<&Partner> {
        match self.record(&key(RecordKind::Partner, id)) {
            Some(Record::Partner(p)) => Some(p),
            _ => None,
        }
    }

    /// Every partner, archived ones included, in no particular order.
    pub fn partners(&self) -> impl Iterator<Item = &Partner> + '_ {
        self.live_records(RecordKind::Partner, |r| match r {
            Record::Partner(p) => Some(p),
            _ => None,
        })
    }

    pub fn document(&self, id: RecordId) -> Option<&Document> {
        match self.record(&key(RecordKind::Document, id)) {
            Some(Record::Document(d)) => Some(d),
            _ => None,
        }
    }

    /// Every sales and purchasing document, drafts and cancelled ones included,
    /// by id (so in the order they were created on each device).
    pub fn documents(&self) -> impl Iterator<Item = &Document> + '_ {
        self.live_records(RecordKind::Document, |r| match r {
            Record::Document(d) => Some(d),
            _ => None,
        })
    }

    pub fn payment(&self, id: RecordId) -> Option<&Payment> {
        match self.record(&key(RecordKind::Payment, id)) {
            Some(Record::Payment(p)) => Some(p),
            _ => None,
        }
    }

    /// Every payment received or made, cancelled ones included, by id.
    pub fn payments(&self) -> impl Iterator<Item = &Payment> + '_ {
        self.live_records(RecordKind::Payment, |r| match r {
            Record::Payment(p) => Some(p),
            _ => None,
        })
    }

    /// A device's document number series in this book.
    pub fn device_series(&self, device: DeviceId) -> Option<&DeviceSeries> {
        match self.record(&key(RecordKind::DeviceSeries, device.0)) {
            Some(Record::DeviceSeries(s)) => Some(s),
            _ => None,
        }
    }

    /// Every device's number series.
    pub fn all_device_series(&self) -> impl Iterator<Item = &DeviceSeries> + '_ {
        self.live_records(RecordKind::DeviceSeries, |r| match r {
            Record::DeviceSeries(s) => Some(s),
            _ => None,
        })
    }

    pub fn item(&self, id: RecordId) -> Option<&Item> {
        match self.record(&key(RecordKind::Item, id)) {
            Some(Record::Item(i)) => Some(i),
            _ => None,
        }
    }

    /// Every item, archived ones included, in no particular order.
    pub fn items(&self) -> impl Iterator<Item = &Item> + '_ {
        self.live_records(RecordKind::Item, |r| match r {
            Record::Item(i) => Some(i),
            _ => None,
        })
    }

    pub fn location(&self, id: RecordId) -> Option<&Location> {
        match self.record(&key(RecordKind::Location, id)) {
            Some(Record::Location(l)) => Some(l),
            _ => None,
        }
    }

    /// Every location, archived ones included, in no particular order.
    pub fn locations(&self) -> impl Iterator<Item = &Location> + '_ {
        self.live_records(RecordKind::Location, |r| match r {
            Record::Location(l) => Some(l),
            _ => None,
        })
    }

    pub fn stock_move(&self, id: RecordId) -> Option<&StockMove> {
        match self.record(&key(RecordKind::StockMove, id)) {
            Some(Record::StockMove(m)) => Some(m),
            _ => None,
        }
    }

    /// Every stock move, in no particular order (see `inventory::StockMoves`
    /// for them indexed by item in valuation order).
    pub fn stock_moves(&self) -> impl Iterator<Item = &StockMove> + '_ {
        self.live_records(RecordKind::StockMove, |r| match r {
            Record::StockMove(m) => Some(m),
            _ => None,
        })
    }

    pub fn stocktake(&self, id: RecordId) -> Option<&Stocktake> {
        match self.record(&key(RecordKind::Stocktake, id)) {
            Some(Record::Stocktake(s)) => Some(s),
            _ => None,
        }
    }

    /// Every stocktake, counting or posted, by id.
    pub fn stocktakes(&self) -> impl Iterator<Item = &Stocktake> + '_ {
        self.live_records(RecordKind::Stocktake, |r| match r {
            Record::Stocktake(s) => Some(s),
            _ => None,
        })
    }

    /// How the book values and posts stock: its settings record, or the
    /// defaults (last purchase cost, periodic, no negative stock) until saved.
    pub fn inventory_settings(&self) -> Cow<'_, InventorySettings> {
        let saved = self
            .live_records(RecordKind::InventorySettings, |r| match r {
                Record::InventorySettings(s) => Some(s),
                _ => None,
            })
            .next();
        match saved {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(InventorySettings::defaults(
                self.settings()
                    .map_or(RecordId::from_parts(0, 0), |s| s.book_id),
            )),
        }
    }

    /// How the business appears on its documents; `None` until it is filled in.
    pub fn business_profile(&self) -> Option<&BusinessProfile> {
        self.live_records(RecordKind::BusinessProfile, |r| match r {
            Record::BusinessProfile(p) => Some(p),
            _ => None,
        })
        .next()
    }

    /// Whether any live entry, out of range or not, has a line on the account
    /// (then it cannot be deleted).
    pub fn account_has_postings(&self, account: RecordId) -> bool {
        let beyond = self.beyond(RecordKind::JournalEntry, as_entry);
        self.entries()
            .chain(beyond)
            .any(|e| e.lines().iter().any(|p| p.account == account))
    }

    /// Whether the live record with this key is beyond the limits (and so in
    /// no list).
    pub fn is_out_of_range(&self, key: &RecordKey) -> bool {
        !self.out_of_range.is_empty() && self.out_of_range.contains_key(key)
    }

    /// The records beyond the limits still to be repaired, in key order. How
    /// each kind is repaired, by the book's normal rules:
    /// - an entry: a draft is deleted; a posted one reversed (the reversal is
    ///   its exact negation, beyond the limits too: the pair is repaired); one
    ///   a document, payment or stock move posted, by cancelling that;
    /// - a document: a draft is deleted, an issued one cancelled (its entry and
    ///   stock moves reversed);
    /// - a payment: cancelled (its entry reversed);
    /// - a stock move: reversed (`inventory::reverse_move`), or cancelled with
    ///   the document that made it; the move and its reversal are repaired;
    /// - an item: saved again with its prices and quantities in range;
    /// - a stocktake still counting: its counts typed again. A posted one is
    ///   history: its move is checked on its own;
    /// - a statement import only records which statement lines were imported:
    ///   its amounts count in no figure, so it needs no repair.
    pub fn out_of_range(&self) -> Vec<OutOfRange> {
        self.out_of_range
            .iter()
            .filter(|(key, _)| !self.is_repaired(key))
            .map(|(&key, &error)| OutOfRange { key, error })
            .collect()
    }

    /// Whether an out-of-range record needs nothing more (see `out_of_range`).
    fn is_repaired(&self, key: &RecordKey) -> bool {
        match self.record(key) {
            Some(Record::JournalEntry(entry)) => self.entry_reversal_pair(entry),
            Some(Record::Document(d)) => d.status == DocumentStatus::Cancelled,
            Some(Record::Payment(p)) => p.status == PaymentStatus::Cancelled,
            Some(Record::StockMove(mv)) => self.move_reversal_pair(mv),
            Some(Record::Stocktake(s)) => s.status == StocktakeStatus::Posted,
            Some(Record::StatementImport(_)) => true,
            _ => false,
        }
    }

    /// The out-of-range records of a kind, by the book's current value.
    fn beyond<'a, T: 'a>(
        &'a self,
        kind: RecordKind,
        pick: impl Fn(&'a Record) -> Option<&'a T> + 'a,
    ) -> impl Iterator<Item = &'a T> + 'a {
        self.out_of_range
            .keys()
            .filter(move |key| key.kind == kind)
            .filter_map(move |key| self.record(key).and_then(&pick))
    }

    /// Whether `entry` (out of range) is reversed exactly by another entry
    /// out of range, or is that exact reversal of one.
    fn entry_reversal_pair(&self, entry: &JournalEntry) -> bool {
        let exact = |original: &JournalEntry, reversal: &JournalEntry| {
            reversal.corrects() == Some(original.id())
                && reversal.lines() == original.reversed_lines().as_slice()
        };
        let reverses_another = entry.corrects().is_some_and(|original| {
            let key = key(RecordKind::JournalEntry, original);
            self.is_out_of_range(&key) && self.entry(original).is_some_and(|o| exact(o, entry))
        });
        reverses_another
            || self
                .beyond(RecordKind::JournalEntry, as_entry)
                .any(|other| exact(entry, other))
    }

    /// Whether the move `mv` (out of range) is reversed by another move out of
    /// range, or is that reversal of one.
    fn move_reversal_pair(&self, mv: &StockMove) -> bool {
        let exact = |original: &StockMove, reversal: &StockMove| {
            reversal.reverses == Some(original.id)
                && reversal.lines.len() == original.lines.len()
                && reversal
                    .lines
                    .iter()
                    .zip(&original.lines)
                    .all(|(r, o)| r.item == o.item && r.quantity == -o.quantity)
        };
        let reverses_another = mv.reverses.is_some_and(|original| {
            let key = key(RecordKind::StockMove, original);
            self.is_out_of_range(&key) && self.stock_move(original).is_some_and(|o| exact(o, mv))
        });
        reverses_another
            || self
                .beyond(RecordKind::StockMove, as_move)
                .any(|other| exact(mv, other))
    }

    /// The out-of-range entry that reverses `original` exactly, if any.
    pub fn reversal_beyond_limits(&self, original: RecordId) -> Option<&JournalEntry> {
        let original = self.entry(original)?;
        self.beyond(RecordKind::JournalEntry, as_entry).find(|e| {
            e.corrects() == Some(original.id()) && e.lines() == original.reversed_lines().as_slice()
        })
    }
}

/// What a change writes: its record's key, the record, an edit's fields.
type Written = (RecordKey, Option<Arc<Record>>, Option<Arc<[String]>>);

fn split(change: Change) -> Written {
    match change {
        Change::Put { record } => (record.key(), Some(Arc::new(record)), None),
        Change::Edit { record, fields } => {
            (record.key(), Some(Arc::new(record)), Some(fields.into()))
        }
        Change::Delete { key } => (key, None, None),
    }
}

/// Equal records (the same `Arc`, or equal values), or both deleted.
fn same(a: Option<&Arc<Record>>, b: Option<&Arc<Record>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// A record's current value: its versions replayed from the last one that
/// replaced the whole record.
pub(crate) fn current_value(versions: &[Version]) -> Option<Arc<Record>> {
    let start = versions
        .iter()
        .rposition(|v| v.fields.is_none())
        .unwrap_or(0);
    versions[start..]
        .iter()
        .fold(None, |value, v| next_value(value.as_ref(), v))
}

/// The value after `version`, given the value before it. An edit of a deleted
/// (or never seen) record brings back the record it wrote, as a put would.
fn next_value(before: Option<&Arc<Record>>, version: &Version) -> Option<Arc<Record>> {
    match (before, &version.record, &version.fields) {
        (Some(before), Some(written), Some(fields)) => Some(merge_fields(before, written, fields)),
        _ => version.record.clone(),
    }
}

/// `before` with `fields` set from `written`. If the result is not a valid record
/// of the same key (an invariant across fields fails), the edit's whole record.
fn merge_fields(before: &Arc<Record>, written: &Arc<Record>, fields: &[String]) -> Arc<Record> {
    let (Ok(Value::Object(mut merged)), Ok(Value::Object(edit))) = (
        serde_json::to_value(&**before),
        serde_json::to_value(&**written),
    ) else {
        return Arc::clone(written);
    };
    for field in fields {
        match edit.get(field) {
            Some(value) => merged.insert(field.clone(), value.clone()),
            None => merged.remove(field),
        };
    }
    match serde_json::from_value::<Record>(Value::Object(merged)) {
        Ok(record) if record == **written => Arc::clone(written),
        Ok(record) if record.key() == written.key() => Arc::new(record),
        _ => Arc::clone(written),
    }
}

fn as_entry(record: &Record) -> Option<&JournalEntry> {
    match record {
        Record::JournalEntry(entry) => Some(entry),
        _ => None,
    }
}

fn as_move(record: &Record) -> Option<&StockMove> {
    match record {
        Record::StockMove(mv) => Some(mv),
        _ => None,
    }
}

fn key(kind: RecordKind, id: RecordId) -> RecordKey {
    RecordKey { kind, id }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{create_book, rename_book, SettingsInput, WriteCtx};
    use crate::ids::DeviceId;
    use crate::sync::HlcClock;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn book_id() -> RecordId {
        RecordId::from_parts(1_000, 1)
    }

    fn ctx(clock: &mut HlcClock, now: u64, n: u128) -> WriteCtx {
        WriteCtx {
            set_id: RecordId::from_parts(now, n),
            stamp: clock.tick(now),
        }
    }

    /// Account ids for the chart a new book starts with: the same every call.
    fn ids() -> impl FnMut() -> RecordId {
        let mut n = 0;
        move || {
            n += 1;
            RecordId::from_parts(2_000, n)
        }
    }

    fn named(name: &str) -> SettingsInput {
        SettingsInput {
            name: name.into(),
            ..SettingsInput::default()
        }
    }

    #[test]
    fn a_new_book_has_its_settings() {
        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, 9)));
        let set = create_book(
            named("  山田商店 "),
            book_id(),
            &mut ids(),
            ctx(&mut clock, 10, 1),
        )
        .unwrap();
        let book = Book::from_change_sets([&set]);
        assert_eq!(book.settings().unwrap().name, "山田商店");
        assert_eq!(book.settings().unwrap().book_id, book_id());
    }

    #[test]
    fn blank_names_are_refused() {
        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, 9)));
        assert_eq!(
            create_book(named("   "), book_id(), &mut ids(), ctx(&mut clock, 10, 1)),
            Err(crate::book::SettingsError::BlankName)
        );
        let long = "x".repeat(crate::book::MAX_NAME_CHARS + 1);
        assert_eq!(
            create_book(named(&long), book_id(), &mut ids(), ctx(&mut clock, 10, 1)),
            Err(crate::book::SettingsError::NameTooLong)
        );
    }

    #[test]
    fn the_later_rename_wins_in_any_order_and_history_keeps_both() {
        let mut a = HlcClock::new(DeviceId(RecordId::from_parts(1, 1)));
        let mut b = HlcClock::new(DeviceId(RecordId::from_parts(1, 2)));
        let created =
            create_book(named("Start"), book_id(), &mut ids(), ctx(&mut a, 10, 1)).unwrap();
        let base = Book::from_change_sets([&created]);
        let first = rename_book(&base, "First", ctx(&mut a, 20, 2)).unwrap();
        let second = rename_book(&base, "Second", ctx(&mut b, 30, 3)).unwrap();
        let one = Book::from_change_sets([&created, &first, &second]);
        let two = Book::from_change_sets([&second, &created, &first]);
        assert_eq!(one.settings().unwrap().name, "Second");
        assert_eq!(one, two);
        let settings_key = created.changes[0].key();
        let names: Vec<String> = one
            .history(&settings_key)
            .iter()
            .filter_map(|v| match v.record.as_deref() {
                Some(Record::BookSettings(s)) => Some(s.name.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["Start", "First", "Second"]);
    }

    fn arbitrary_sets() -> impl Strategy<Value = Vec<ChangeSet>> {
        proptest::collection::vec((0u64..50, 0u128..4, "[a-z]{1,6}", 0u8..4), 1..30).prop_map(
            |specs| {
                specs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (now, device, name, op))| {
                        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, device)));
                        let ctx = ctx(&mut clock, now, i as u128);
                        let mut set =
                            create_book(named(&name), book_id(), &mut ids(), ctx).unwrap();
                        let key = set.changes[0].key();
                        let record = set.changes[0].record().unwrap().clone();
                        match op {
                            0 => set.changes = vec![Change::Delete { key }],
                            1 => set.changes.truncate(1),
                            2 => {
                                // An edit of the name only, and one of two fields.
                                let fields = if i % 2 == 0 {
                                    vec!["name".to_string()]
                                } else {
                                    vec!["name".to_string(), "fiscal_year_start_month".into()]
                                };
                                set.changes = vec![Change::Edit { record, fields }];
                            }
                            _ => {}
                        }
                        set
                    })
                    .collect()
            },
        )
    }

    /// Two devices edit different settings of one book: both changes are kept,
    /// in whichever order the edits arrive, and the history shows both as written.
    #[test]
    fn edits_of_different_fields_both_survive() {
        let mut a = HlcClock::new(DeviceId(RecordId::from_parts(1, 1)));
        let mut b = HlcClock::new(DeviceId(RecordId::from_parts(1, 2)));
        let created =
            create_book(named("Start"), book_id(), &mut ids(), ctx(&mut a, 10, 1)).unwrap();
        let base = Book::from_change_sets([&created]);
        let mut settings = base.settings().unwrap().clone();
        settings.name = "Renamed".into();
        let rename = ctx(&mut a, 20, 2).change_set(vec![Change::Edit {
            record: Record::BookSettings(settings),
            fields: vec!["name".into()],
        }]);
        let mut settings = base.settings().unwrap().clone();
        settings.fiscal_year_start_month = 4;
        let month = ctx(&mut b, 30, 3).change_set(vec![Change::Edit {
            record: Record::BookSettings(settings),
            fields: vec!["fiscal_year_start_month".into()],
        }]);
        let one = Book::from_change_sets([&created, &rename, &month]);
        let two = Book::from_change_sets([&month, &rename, &created]);
        assert_eq!(one, two);
        let merged = one.settings().unwrap();
        assert_eq!(
            (merged.name.as_str(), merged.fiscal_year_start_month),
            ("Renamed", 4)
        );
        let key = created.changes[0].key();
        let last = one.history(&key).last().unwrap().record.clone().unwrap();
        assert!(
            matches!(last.as_ref(), Record::BookSettings(s) if s.name == "Start"),
            "the history keeps the edit as written"
        );
        let put = rename_book(&one, "Whole", ctx(&mut a, 40, 4)).unwrap();
        let replaced = Book::from_change_sets([&created, &rename, &month, &put]);
        assert_eq!(replaced.settings().unwrap().name, "Whole");
        assert_eq!(
            replaced.settings().unwrap().fiscal_year_start_month,
            4,
            "a put replaces the whole record with what its writer saw"
        );
    }

    /// Entries of one book written by several devices, some beyond the limits
    /// (as a build without them wrote): puts of two ids, their deletions, and
    /// one entry's amount changed back and forth across the limit.
    fn sets_beyond_limits() -> impl Strategy<Value = Vec<ChangeSet>> {
        use crate::ledger::{EntryHeader, EntryOrigin, EntryStatus, Posting};
        let amount = prop_oneof![
            Just(Decimal::from(1_000)),
            Just(crate::money::limits::MAX_AMOUNT),
            Just(crate::money::limits::MAX_AMOUNT + Decimal::ONE),
            Just(Decimal::from_parts(0, 0, 0x8000_0000, false, 0)),
        ];
        proptest::collection::vec((0u64..50, 0u128..3, 0u128..2, amount, any::<bool>()), 1..30)
            .prop_map(|specs| {
                specs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (now, device, entry, amount, delete))| {
                        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, device)));
                        let ctx = ctx(&mut clock, now, 100 + i as u128);
                        let id = RecordId::from_parts(3_000, entry);
                        let line = |account, amount| Posting {
                            account: RecordId::from_parts(2_000, account),
                            amount,
                            tax_code: None,
                            memo: String::new(),
                            tax_part: None,
                            business_class: None,
                            supply_date: None,
                        };
                        let header = EntryHeader {
                            id,
                            date: NaiveDate::from_ymd_opt(2026, 1, 1 + entry as u32).unwrap(),
                            description: String::new(),
                            partner: None,
                            status: EntryStatus::Posted,
                            corrects: None,
                        };
                        let lines = vec![line(1, amount), line(2, -amount)];
                        let entry =
                            JournalEntry::from_stored(header, lines, EntryOrigin::Entered).unwrap();
                        let change = if delete {
                            Change::Delete {
                                key: key(RecordKind::JournalEntry, id),
                            }
                        } else {
                            Change::Put {
                                record: Record::JournalEntry(entry),
                            }
                        };
                        ctx.change_set(vec![change])
                    })
                    .collect()
            })
    }

    proptest! {
        /// With records beyond the limits too, the fold is idempotent and
        /// order-independent: the same entries listed, the same ones named.
        #[test]
        fn folding_records_beyond_limits_is_order_independent(
            sets in sets_beyond_limits(),
            seed: u64,
        ) {
            let forward = Book::from_change_sets(&sets);
            let mut shuffled = sets.clone();
            let len = shuffled.len();
            shuffled.rotate_left((seed as usize) % len);
            shuffled.reverse();
            let twice: Vec<&ChangeSet> = shuffled.iter().chain(sets.iter()).collect();
            let backward = Book::from_change_sets(twice);
            prop_assert_eq!(forward.out_of_range(), backward.out_of_range());
            for entry in forward.entries() {
                prop_assert!(check_record(&Record::JournalEntry(entry.clone())).is_ok());
            }
            let listed = forward.entries().count() + forward.out_of_range().len();
            let live = (0..2)
                .filter(|n| forward.entry(RecordId::from_parts(3_000, *n)).is_some())
                .count();
            prop_assert_eq!(listed, live, "every live entry is listed or named");
            prop_assert_eq!(forward, backward);
        }

        /// Applying the same sets in any order, any number of times, gives one book.
        #[test]
        fn folding_is_order_independent_and_idempotent(sets in arbitrary_sets(), seed: u64) {
            let forward = Book::from_change_sets(&sets);
            let mut shuffled = sets.clone();
            // A deterministic shuffle from the seed: rotate, then reverse.
            let len = shuffled.len();
            shuffled.rotate_left((seed as usize) % len);
            shuffled.reverse();
            let twice: Vec<&ChangeSet> = shuffled.iter().chain(sets.iter()).collect();
            let backward = Book::from_change_sets(twice);
            prop_assert_eq!(forward, backward);
        }
    }
}
