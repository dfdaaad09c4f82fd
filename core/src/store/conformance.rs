//! The one conformance suite every [`Store`] backend passes: the in-memory store
//! natively (`cargo test`), the IndexedDB store in headless Chromium. A backend
//! that passes it keeps every committed change set, exactly once, across compaction.

use std::future::Future;

use super::{encode_chunk, Budget, ChunkError, SetAside, Store, StoreError, StoredPart};
use rust_decimal::Decimal;

use crate::book::{create_book, Book, Record, RecordKind, SettingsInput, WriteCtx};
use crate::ids::{DeviceId, RecordId};
use crate::ledger::{EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting};
use crate::sync::{Change, ChangeSet, Hlc, MAX_WALL_MS};

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

/// The put of a balanced journal entry of `lines` lines (at least 2), every
/// line's memo `memo`: for budgets.
pub fn entry_put(lines: usize, memo: &str) -> Change {
    let account = |n: u128| RecordId::from_parts(1_700_000_000_000, 500 + n);
    let mut postings: Vec<Posting> = (1..lines)
        .map(|n| Posting {
            account: account(n as u128 % 2),
            amount: Decimal::ONE,
            tax_code: None,
            memo: memo.to_string(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        })
        .collect();
    postings.push(Posting {
        account: account(9),
        amount: -Decimal::from(lines - 1),
        tax_code: None,
        memo: memo.to_string(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    });
    let header = EntryHeader {
        id: RecordId::from_parts(1_700_000_000_000, 77),
        date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("a date"),
        description: "budget".into(),
        partner: None,
        status: EntryStatus::Posted,
        corrects: None,
    };
    let entry = JournalEntry::from_stored(header, postings, EntryOrigin::Entered)
        .expect("the lines balance");
    Change::Put {
        record: Record::JournalEntry(entry),
    }
}

fn sorted(mut sets: Vec<ChangeSet>) -> Vec<ChangeSet> {
    sets.sort_by_key(ChangeSet::order);
    sets
}

/// A stored part written as it is, bypassing every check: what an earlier
/// build, a crafted file or a damaged disk may have left in a store.
#[derive(Clone, Debug)]
pub enum RawPart {
    /// A row of the tail under `key`, holding `text`.
    Row { key: String, text: String },
    /// A chunk under `key`, holding `bytes`.
    Chunk { key: String, bytes: Vec<u8> },
}

/// Runs every check, each on a fresh, empty store from `fresh`; `put_raw`
/// writes a part straight into a store, unchecked.
pub async fn run_all<S, F, Fut, R>(fresh: F, put_raw: R)
where
    S: Store,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
    R: AsyncFn(&S, RawPart),
{
    empty_store_loads_nothing(&fresh().await).await;
    committed_sets_load_back(&fresh().await).await;
    committing_twice_stores_once(&fresh().await).await;
    changes_since_returns_only_later_sets(&fresh().await).await;
    compaction_keeps_every_set(&fresh().await).await;
    linked_sets_keep_their_links(&fresh().await).await;
    committing_a_packed_set_again_changes_nothing(&fresh().await).await;
    text_survives_exactly(&fresh().await).await;
    a_book_with_entries_loads_as_folded(&fresh().await).await;
    damaged_parts_are_set_aside_and_the_rest_opens(&fresh().await, &put_raw).await;
    sets_that_would_not_read_back_are_refused(&fresh().await).await;
}

/// `set` as a stored row whose stamp is `wall_ms`, however far: what an
/// earlier build stored from a broken clock or a crafted changes file.
pub fn row_stamped(set: &ChangeSet, wall_ms: u128) -> String {
    let stamp = format!(
        "{wall_ms:018}-{:010}-{}",
        set.stamp.counter, set.stamp.device
    );
    serde_json::to_string(set)
        .expect("change sets always serialize")
        .replace(&set.stamp.to_string(), &stamp)
}

/// Far in the future: 10¹⁸ ms, a 19-digit stamp the text form cannot hold.
pub const FAR_FUTURE_MS: u128 = 1_000_000_000_000_000_000;

/// Parts that cannot be read (a row that is not JSON, a row and a chunk
/// stamped after the year 9999, the chunk's first sets whole) are named with
/// their key and reason; the book opens with everything else, including the
/// chunk's sets before its damage; writing and packing go on around them,
/// which stay where they are.
pub async fn damaged_parts_are_set_aside_and_the_rest_opens<S: Store>(
    store: &S,
    put_raw: &impl AsyncFn(&S, RawPart),
) {
    let sets: Vec<ChangeSet> = (1..=8).map(|n| sample_set(n, &format!("N{n}"))).collect();
    for set in &sets[..3] {
        store.commit(set).await.unwrap();
    }
    store.compact().await.unwrap();
    store.commit(&sets[3]).await.unwrap();
    let mut far = sets[6].clone();
    far.stamp.wall_ms = MAX_WALL_MS + 1;
    let raw = [
        RawPart::Row {
            key: "garbage".into(),
            text: "{not json".into(),
        },
        RawPart::Row {
            key: sets[7].id.to_string(),
            text: row_stamped(&sets[7], FAR_FUTURE_MS),
        },
        RawPart::Chunk {
            key: "999999999999999999-partly".into(),
            bytes: encode_chunk(&[sets[4].clone(), sets[5].clone(), far]),
        },
    ];
    for part in raw {
        put_raw(store, part).await;
    }
    let expected = |loaded: &[SetAside]| {
        let mut named: Vec<(StoredPart, String, usize)> = loaded
            .iter()
            .map(|s| (s.part, s.key.clone(), s.sets_read))
            .collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        let mut want = vec![
            (StoredPart::Row, sets[7].id.to_string(), 0),
            (
                StoredPart::Chunk,
                "999999999999999999-partly".to_string(),
                2,
            ),
            (StoredPart::Row, "garbage".to_string(), 0),
        ];
        want.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(named, want, "each part named where it is");
    };
    let loaded = store.load_book().await.unwrap();
    expected(&loaded.set_aside);
    for part in &loaded.set_aside {
        let far_away = ChunkError::StampOutOfRange {
            wall_ms: if part.part == StoredPart::Row {
                FAR_FUTURE_MS
            } else {
                u128::from(MAX_WALL_MS) + 1
            },
        };
        match part.key.as_str() {
            "garbage" => assert!(matches!(part.reason, ChunkError::Damaged(_))),
            _ => assert_eq!(part.reason, far_away, "{}", part.key),
        }
    }
    let readable = &sets[..6];
    assert_eq!(loaded.book, Book::from_change_sets(readable));
    assert_eq!(sorted(store.load().await.unwrap()), readable.to_vec());

    // Writing and packing go on; the parts set aside stay, untouched.
    store.commit(&sample_set(9, "After")).await.unwrap();
    assert_eq!(
        store.compact().await.unwrap(),
        2,
        "the readable tail is packed"
    );
    assert_eq!(
        store.tail_len().await.unwrap(),
        2,
        "the unreadable rows stay"
    );
    let again = store.load_book().await.unwrap();
    expected(&again.set_aside);
    assert_eq!(again.book.settings().unwrap().name, "After");
    assert_eq!(again.book.change_set_count(), 7);
}

/// A set that would not read back (stamped after the year 9999, or beyond a
/// budget) is refused with a typed error, and nothing is stored.
pub async fn sets_that_would_not_read_back_are_refused(store: &impl Store) {
    let mut far = sample_set(1, "Far");
    far.stamp.wall_ms = MAX_WALL_MS + 1;
    assert_eq!(
        store.commit(&far).await,
        Err(StoreError::WouldNotReadBack(ChunkError::StampOutOfRange {
            wall_ms: u128::from(MAX_WALL_MS) + 1
        }))
    );
    let mut long = sample_set(2, "Long");
    long.changes = vec![entry_put(Budget::LinesPerEntry.limit() + 1, "x")];
    assert_eq!(
        store.commit(&long).await,
        Err(StoreError::WouldNotReadBack(ChunkError::OverBudget {
            what: Budget::LinesPerEntry,
            limit: Budget::LinesPerEntry.limit()
        }))
    );
    assert_eq!(store.load().await.unwrap(), vec![], "nothing was stored");
    assert_eq!(store.tail_len().await.unwrap(), 0);
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

/// A linked set reads back with its link, from a row and from a chunk, and
/// the chain it makes still verifies; an unlinked one stays unlinked.
pub async fn linked_sets_keep_their_links(store: &impl Store) {
    let mut sets: Vec<ChangeSet> = (1..=4).map(|n| sample_set(n, "L")).collect();
    let mut head = None;
    for set in &mut sets[1..] {
        crate::sync::chain::link(set, head.as_ref());
        head = set.link;
    }
    for set in &sets[..2] {
        store.commit(set).await.unwrap();
    }
    store.compact().await.unwrap();
    for set in &sets[2..] {
        store.commit(set).await.unwrap();
    }
    let loaded = sorted(store.load().await.unwrap());
    assert_eq!(loaded, sets, "links read back from chunks and rows");
    let report = crate::sync::verify_chains(&loaded);
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.linked(), report.unlinked()), (3, 1));
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
    let loaded = store.load_book().await.unwrap();
    assert!(loaded.set_aside.is_empty(), "nothing set aside");
    let book = loaded.book;
    assert_eq!(book.entry_count(), 150);
    assert_eq!(book.change_set_count(), sets.len());
    assert_eq!(book, Book::from_change_sets(&sets));
    assert_eq!(book, Book::from_change_sets(&store.load().await.unwrap()));
}
