//! The one conformance suite every [`Store`] backend passes: the in-memory store
//! natively (`cargo test`), the IndexedDB store in headless Chromium. A backend
//! that passes it keeps every committed change set, exactly once, across compaction.

use std::future::Future;

use super::Store;
use crate::book::{create_book, Book, RecordKind, SettingsInput, WriteCtx};
use crate::ids::{DeviceId, RecordId};
use crate::sync::{ChangeSet, Hlc};

/// The book every sample change set belongs to.
pub fn sample_book_id() -> RecordId {
    RecordId::from_parts(1_700_000_000_000, 7)
}

/// A change set that names the sample book `name`, stamped at `n` seconds: the
/// settings part of creating a book.
pub fn sample_set(n: u64, name: &str) -> ChangeSet {
    let ms = 1_700_000_000_000 + n * 1_000;
    let ctx = WriteCtx {
        set_id: RecordId::from_parts(ms, n as u128),
        stamp: Hlc {
            wall_ms: ms,
            counter: 0,
            device: DeviceId(RecordId::from_parts(1, 1)),
        },
    };
    let input = SettingsInput {
        name: name.to_string(),
        ..SettingsInput::default()
    };
    let mut n = 0;
    let mut ids = || {
        n += 1;
        RecordId::from_parts(ms, 1_000 + n)
    };
    let mut set =
        create_book(input, sample_book_id(), &mut ids, ctx).expect("sample settings are valid");
    // Only the settings: each sample set renames the book, and stays small.
    set.changes
        .retain(|c| c.key().kind == RecordKind::BookSettings);
    set
}

fn sorted(mut sets: Vec<ChangeSet>) -> Vec<ChangeSet> {
    sets.sort_by_key(ChangeSet::order);
    sets
}

/// Runs every check, each on a fresh, empty store from `fresh`.
pub async fn run_all<S, F, Fut>(fresh: F)
where
    S: Store,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    empty_store_loads_nothing(&fresh().await).await;
    committed_sets_load_back(&fresh().await).await;
    committing_twice_stores_once(&fresh().await).await;
    changes_since_returns_only_later_sets(&fresh().await).await;
    compaction_keeps_every_set(&fresh().await).await;
    committing_a_packed_set_again_changes_nothing(&fresh().await).await;
    text_survives_exactly(&fresh().await).await;
    a_book_with_entries_loads_as_folded(&fresh().await).await;
}

pub async fn empty_store_loads_nothing(store: &impl Store) {
    assert_eq!(store.load().await.unwrap(), vec![], "a new store is empty");
    assert_eq!(store.tail_len().await.unwrap(), 0);
}

pub async fn committed_sets_load_back(store: &impl Store) {
    let sets = vec![sample_set(1, "One"), sample_set(2, "Two")];
    for set in &sets {
        store.commit(set).await.unwrap();
    }
    assert_eq!(sorted(store.load().await.unwrap()), sets);
    let book = Book::from_change_sets(&store.load().await.unwrap());
    assert_eq!(book.settings().unwrap().name, "Two", "the later set wins");
}

pub async fn committing_twice_stores_once(store: &impl Store) {
    let set = sample_set(1, "Once");
    store.commit(&set).await.unwrap();
    store.commit(&set).await.unwrap();
    assert_eq!(store.load().await.unwrap(), vec![set]);
}

pub async fn changes_since_returns_only_later_sets(store: &impl Store) {
    let sets: Vec<ChangeSet> = (1..=4).map(|n| sample_set(n, "N")).collect();
    for set in &sets {
        store.commit(set).await.unwrap();
    }
    assert_eq!(sorted(store.changes_since(None).await.unwrap()), sets);
    let after_second = store.changes_since(Some(sets[1].stamp)).await.unwrap();
    assert_eq!(sorted(after_second), sets[2..].to_vec());
    let after_last = store.changes_since(Some(sets[3].stamp)).await.unwrap();
    assert!(after_last.is_empty());
}

pub async fn compaction_keeps_every_set(store: &impl Store) {
    let first: Vec<ChangeSet> = (1..=3).map(|n| sample_set(n, "A")).collect();
    for set in &first {
        store.commit(set).await.unwrap();
    }
    assert_eq!(store.tail_len().await.unwrap(), 3);
    assert_eq!(store.compact().await.unwrap(), 3);
    assert_eq!(store.tail_len().await.unwrap(), 0);
    assert_eq!(store.compact().await.unwrap(), 0, "nothing left to pack");
    let later = sample_set(4, "B");
    store.commit(&later).await.unwrap();
    let mut all = first.clone();
    all.push(later.clone());
    assert_eq!(sorted(store.load().await.unwrap()), all);
    assert_eq!(
        store.changes_since(Some(first[2].stamp)).await.unwrap(),
        vec![later],
        "changes_since reads packed and unpacked sets alike"
    );
}

pub async fn committing_a_packed_set_again_changes_nothing(store: &impl Store) {
    let set = sample_set(1, "Packed");
    store.commit(&set).await.unwrap();
    store.compact().await.unwrap();
    store.commit(&set).await.unwrap();
    assert_eq!(store.load().await.unwrap(), vec![set]);
    assert_eq!(store.tail_len().await.unwrap(), 0);
}

pub async fn text_survives_exactly(store: &impl Store) {
    let name = "山田商店 🍵 \"quoted\" \\ <script>alert(1)</script>";
    let set = sample_set(1, name);
    store.commit(&set).await.unwrap();
    store.compact().await.unwrap();
    let book = Book::from_change_sets(&store.load().await.unwrap());
    assert_eq!(book.settings().unwrap().name, name);
}

/// A book with journal entries, part packed and part in the tail, opens as the
/// fold of its stored sets: what `load_book` streams equals what `load` returns.
pub async fn a_book_with_entries_loads_as_folded(store: &impl Store) {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    let sets = crate::demo::demo_book(9, 1, 150, start, &mut crate::demo::sequential_ids(1_000));
    let (packed, tail) = sets.split_at(sets.len() * 2 / 3);
    for set in packed {
        store.commit(set).await.unwrap();
    }
    store.compact().await.unwrap();
    for set in tail.iter().chain(&packed[..3]) {
        store.commit(set).await.unwrap();
    }
    let book = store.load_book().await.unwrap();
    assert_eq!(book.entry_count(), 150);
    assert_eq!(book.change_set_count(), sets.len());
    assert_eq!(book, Book::from_change_sets(&sets));
    assert_eq!(book, Book::from_change_sets(&store.load().await.unwrap()));
}
