//! The in-memory book: every record's versions, folded from change sets, with
//! indexes the screens and reports read.
//!
//! Folding is a last-writer-wins merge keyed by record: the version with the
//! greatest stamp (clock stamp, then change-set id) is the current one. That makes
//! the fold idempotent (a set applied twice changes nothing) and order-independent
//! (any order of the same sets gives the same book), which is what lets two tabs and
//! two devices exchange change sets freely. Older versions are kept: they are the
//! record's history (who changed what, when), which the e-bookkeeping law requires.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::{BookSettings, PeriodLock, PrivateUseRule, Record, RecordKey, RecordKind};
use crate::ids::RecordId;
use crate::ids::{DeviceId, FastMap};
use crate::inventory::{InventorySettings, Item, Location, StockMove, Stocktake};
use crate::ledger::{Account, JournalEntry};
use crate::sync::{Change, ChangeSet, Hlc, Stamp};
use crate::trade::{BusinessProfile, DeviceSeries, Document, Partner, Payment};

/// One version of a record: what it was from `stamp` on. `None` is a tombstone.
/// The record is shared (`Arc`) with the book's indexes, so reading entries in
/// date order needs no lookup per entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub stamp: Stamp,
    pub record: Option<Arc<Record>>,
}

/// A book in memory. Screens read from it; writes go through change sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Book {
    /// Every version of every record, oldest first.
    versions: FastMap<RecordKey, Vec<Version>>,
    applied: HashSet<RecordId>,
    latest: Option<Hlc>,
    /// Live (not deleted) records by kind, except journal entries: there are
    /// many, and `entries_by_date` lists them already.
    live: HashMap<RecordKind, BTreeSet<RecordId>>,
    /// Live journal entries in date order (the record is always a `JournalEntry`).
    entries_by_date: BTreeMap<(NaiveDate, RecordId), Arc<Record>>,
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
        let changes = set.changes.iter().map(|change| match change {
            Change::Put { record } => (record.key(), Some(Arc::new(record.clone()))),
            Change::Delete { key } => (*key, None),
        });
        self.fold(set.order(), changes)
    }

    /// Like [`Book::apply`], but takes the set, so its records move into the book
    /// instead of being copied: how a book is opened.
    pub fn apply_owned(&mut self, set: ChangeSet) -> bool {
        let order = set.order();
        let changes = set.changes.into_iter().map(|change| match change {
            Change::Put { record } => (record.key(), Some(Arc::new(record))),
            Change::Delete { key } => (key, None),
        });
        self.fold(order, changes)
    }

    /// Adds the versions of one change set, unless it was applied already (the
    /// changes are then never read, so nothing is copied for nothing).
    fn fold(
        &mut self,
        (stamp, set_id): Stamp,
        changes: impl Iterator<Item = (RecordKey, Option<Arc<Record>>)>,
    ) -> bool {
        if !self.applied.insert(set_id) {
            return false;
        }
        self.latest = self.latest.max(Some(stamp));
        for (key, record) in changes {
            self.add_version(
                key,
                Version {
                    stamp: (stamp, set_id),
                    record,
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
        if at < versions.len() {
            // An older version arriving late: history only, the current one stays.
            versions.insert(at, version);
            return;
        }
        let previous = versions.last().and_then(|v| v.record.clone());
        let current = version.record.clone();
        versions.push(version);
        self.unindex(key, previous.as_deref());
        self.index(key, current);
    }

    fn unindex(&mut self, key: RecordKey, record: Option<&Record>) {
        match record {
            None => {}
            Some(Record::JournalEntry(entry)) => {
                self.entries_by_date.remove(&(entry.date(), entry.id()));
            }
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
        match record.as_ref() {
            Record::JournalEntry(entry) => {
                let at = (entry.date(), entry.id());
                self.entries_by_date.insert(at, record);
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

    /// The latest clock stamp in the book, which a device's clock must move past.
    pub fn latest_stamp(&self) -> Option<Hlc> {
        self.latest
    }

    /// The live (not deleted) record with this key.
    pub fn record(&self, key: &RecordKey) -> Option<&Record> {
        self.versions
            .get(key)
            .and_then(|v| v.last())
            .and_then(|v| v.record.as_deref())
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

    /// Whether any live entry has a line on the account (then it cannot be deleted).
    pub fn account_has_postings(&self, account: RecordId) -> bool {
        self.entries()
            .any(|e| e.lines().iter().any(|p| p.account == account))
    }
}

fn as_entry(record: &Record) -> Option<&JournalEntry> {
    match record {
        Record::JournalEntry(entry) => Some(entry),
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
        proptest::collection::vec((0u64..50, 0u128..4, "[a-z]{1,6}", any::<bool>()), 1..30)
            .prop_map(|specs| {
                specs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (now, device, name, delete))| {
                        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, device)));
                        let ctx = ctx(&mut clock, now, i as u128);
                        let mut set =
                            create_book(named(&name), book_id(), &mut ids(), ctx).unwrap();
                        if delete {
                            let key = set.changes[0].key();
                            set.changes = vec![Change::Delete { key }];
                        }
                        set
                    })
                    .collect()
            })
    }

    proptest! {
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
