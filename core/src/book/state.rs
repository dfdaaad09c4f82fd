//! The in-memory book: every record's latest version, folded from change sets.
//!
//! Folding is a last-writer-wins merge keyed by record: a version replaces another
//! only if its stamp (clock stamp, then change-set id) is greater. That makes the
//! fold idempotent (a set applied twice changes nothing) and order-independent (any
//! order of the same sets gives the same book), which is what lets two tabs and two
//! devices exchange change sets freely.

use std::collections::{HashMap, HashSet};

use super::{BookSettings, Record, RecordKey, RecordKind};
use crate::ids::RecordId;
use crate::sync::{Change, ChangeSet, Hlc, Stamp};

#[derive(Clone, Debug, PartialEq)]
struct Version {
    stamp: Stamp,
    /// `None` is a tombstone: the record was deleted at `stamp`.
    record: Option<Record>,
}

/// A book in memory. Screens read from it; writes go through change sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Book {
    versions: HashMap<RecordKey, Version>,
    applied: HashSet<RecordId>,
    latest: Option<Hlc>,
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
        if !self.applied.insert(set.id) {
            return false;
        }
        self.latest = self.latest.max(Some(set.stamp));
        for change in &set.changes {
            let incoming = Version {
                stamp: set.order(),
                record: match change {
                    Change::Put { record } => Some(record.clone()),
                    Change::Delete { .. } => None,
                },
            };
            let key = change.key();
            match self.versions.get(&key) {
                Some(current) if current.stamp >= incoming.stamp => {}
                _ => {
                    self.versions.insert(key, incoming);
                }
            }
        }
        true
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
        self.versions.get(key).and_then(|v| v.record.as_ref())
    }

    /// The book's settings; `None` only for a book whose creation never completed.
    pub fn settings(&self) -> Option<&BookSettings> {
        self.versions
            .iter()
            .filter(|(key, _)| key.kind == RecordKind::BookSettings)
            .find_map(|(_, v)| match &v.record {
                Some(Record::BookSettings(s)) => Some(s),
                None => None,
            })
    }
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

    fn named(name: &str) -> SettingsInput {
        SettingsInput {
            name: name.into(),
            ..SettingsInput::default()
        }
    }

    #[test]
    fn a_new_book_has_its_settings() {
        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, 9)));
        let set = create_book(named("  山田商店 "), book_id(), ctx(&mut clock, 10, 1)).unwrap();
        let book = Book::from_change_sets([&set]);
        assert_eq!(book.settings().unwrap().name, "山田商店");
        assert_eq!(book.settings().unwrap().book_id, book_id());
    }

    #[test]
    fn blank_names_are_refused() {
        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, 9)));
        assert_eq!(
            create_book(named("   "), book_id(), ctx(&mut clock, 10, 1)),
            Err(crate::book::SettingsError::BlankName)
        );
        let long = "x".repeat(crate::book::MAX_NAME_CHARS + 1);
        assert_eq!(
            create_book(named(&long), book_id(), ctx(&mut clock, 10, 1)),
            Err(crate::book::SettingsError::NameTooLong)
        );
    }

    #[test]
    fn the_later_rename_wins_in_any_order() {
        let mut a = HlcClock::new(DeviceId(RecordId::from_parts(1, 1)));
        let mut b = HlcClock::new(DeviceId(RecordId::from_parts(1, 2)));
        let created = create_book(named("Start"), book_id(), ctx(&mut a, 10, 1)).unwrap();
        let base = Book::from_change_sets([&created]);
        let first = rename_book(&base, "First", ctx(&mut a, 20, 2)).unwrap();
        let second = rename_book(&base, "Second", ctx(&mut b, 30, 3)).unwrap();
        let one = Book::from_change_sets([&created, &first, &second]);
        let two = Book::from_change_sets([&second, &created, &first]);
        assert_eq!(one.settings().unwrap().name, "Second");
        assert_eq!(one, two);
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
                        let mut set = create_book(named(&name), book_id(), ctx).unwrap();
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
