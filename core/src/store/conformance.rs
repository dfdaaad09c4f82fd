//! The one conformance suite every backend of [`Store`] and [`LocalState`]
//! passes: the in-memory store natively (`cargo test`), the IndexedDB store in
//! headless Chromium and Firefox (`tests/idb_store.rs`), one test per check
//! ([`store_conformance_checks`](crate::store_conformance_checks) lists them).
//! A backend that passes it keeps every committed change set, exactly once,
//! across compaction and reopening; keeps an attachment's bytes exactly, with
//! the set that records them and never without it; commits many sets all or
//! nothing; and keeps the device id and the held and refused sets.

use std::cell::Cell;
use std::collections::HashSet;

use super::{
    encode_chunk, AttachmentBytes, Budget, ChunkError, Decision, HeldChange, LocalState, SetAside,
    Store, StoreError, StoredPart,
};
use rust_decimal::Decimal;

use crate::book::{
    create_book, Attachment, Book, MediaType, Record, RecordKey, RecordKind, SettingsInput,
    WriteCtx,
};
use crate::ids::{DeviceId, RecordId};
use crate::ledger::{EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting};
use crate::sync::{Change, ChangeSet, Conflict, HeldSet, Hlc, MAX_WALL_MS};

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

/// A backend under test: how to get a fresh, empty store, how to open a
/// store again (a reload: a new connection to what it stored), and how to write
/// a raw part straight into it.
#[allow(async_fn_in_trait)]
pub trait Backend {
    type Store: Store + LocalState;
    /// A new, empty store of its own.
    async fn fresh(&self) -> Self::Store;
    /// `store` closed and opened again.
    async fn reopen(&self, store: Self::Store) -> Self::Store;
    /// Writes `part` into `store` unchecked.
    async fn put_raw(&self, store: &Self::Store, part: RawPart);
}

/// Calls `$check!(name)` for every check of the suite: a backend's tests
/// make one test of each (`#[test]` natively, `#[wasm_bindgen_test]` in a
/// browser), so a failure names its check and a new backend gets them all.
#[macro_export]
macro_rules! store_conformance_checks {
    ($check:ident) => {
        $check!(empty_store_loads_nothing);
        $check!(committed_sets_load_back);
        $check!(committing_twice_stores_once);
        $check!(changes_since_returns_only_later_sets);
        $check!(compaction_keeps_every_set);
        $check!(linked_sets_keep_their_links);
        $check!(committing_a_packed_set_again_changes_nothing);
        $check!(text_survives_exactly);
        $check!(a_book_with_entries_loads_as_folded);
        $check!(damaged_parts_are_set_aside_and_the_rest_opens);
        $check!(sets_that_would_not_read_back_are_refused);
        $check!(attachments_read_back_exactly_once_their_set_is_committed);
        $check!(a_refused_commit_keeps_neither_set_nor_bytes);
        $check!(commit_many_is_all_or_nothing);
        $check!(commit_many_stores_each_set_once);
        $check!(committing_a_set_with_attachments_again_changes_nothing);
        $check!(deleting_a_draft_attachment_erases_its_bytes);
        $check!(compaction_keeps_every_set_and_attachment);
        $check!(everything_stored_survives_a_reopen);
        $check!(the_device_id_is_kept_once_chosen);
        $check!(held_sets_round_trip_each_once);
        $check!(deciding_takes_a_set_out_of_the_held_ones);
    };
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
pub async fn damaged_parts_are_set_aside_and_the_rest_opens<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
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
        backend.put_raw(store, part).await;
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
pub async fn sets_that_would_not_read_back_are_refused<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
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

pub async fn empty_store_loads_nothing<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    assert_eq!(store.load().await.unwrap(), vec![], "a new store is empty");
    assert_eq!(store.tail_len().await.unwrap(), 0);
}

pub async fn committed_sets_load_back<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let sets = vec![sample_set(1, "One"), sample_set(2, "Two")];
    for set in &sets {
        store.commit(set).await.unwrap();
    }
    assert_eq!(sorted(store.load().await.unwrap()), sets);
    let book = Book::from_change_sets(&store.load().await.unwrap());
    assert_eq!(book.settings().unwrap().name, "Two", "the later set wins");
}

pub async fn committing_twice_stores_once<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let set = sample_set(1, "Once");
    store.commit(&set).await.unwrap();
    store.commit(&set).await.unwrap();
    assert_eq!(store.load().await.unwrap(), vec![set]);
}

pub async fn changes_since_returns_only_later_sets<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
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

pub async fn compaction_keeps_every_set<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
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
pub async fn linked_sets_keep_their_links<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
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

pub async fn committing_a_packed_set_again_changes_nothing<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let set = sample_set(1, "Packed");
    store.commit(&set).await.unwrap();
    store.compact().await.unwrap();
    store.commit(&set).await.unwrap();
    assert_eq!(store.load().await.unwrap(), vec![set]);
    assert_eq!(store.tail_len().await.unwrap(), 0);
}

pub async fn text_survives_exactly<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let name = "山田商店 🍵 \"quoted\" \\ <script>alert(1)</script>";
    let set = sample_set(1, name);
    store.commit(&set).await.unwrap();
    store.compact().await.unwrap();
    let book = Book::from_change_sets(&store.load().await.unwrap());
    assert_eq!(book.settings().unwrap().name, name);
}

/// A book with journal entries, part packed and part in the tail, opens as the
/// fold of its stored sets: what `load_book` streams equals what `load` returns.
pub async fn a_book_with_entries_loads_as_folded<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
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

/// An id for the `k`th sample attachment.
pub fn attachment_id(k: u128) -> RecordId {
    RecordId::from_parts(1_700_000_000_000, 900_000 + k)
}

/// The record of sample attachment `k` holding `bytes`, of `media_type`.
pub fn sample_attachment(k: u128, bytes: &[u8], media_type: MediaType) -> Attachment {
    Attachment {
        id: attachment_id(k),
        entry_id: RecordId::from_parts(1_700_000_000_000, 77),
        file_name: format!("領収書 {k}.bin"),
        media_type,
        size: bytes.len() as u64,
        sha256: String::new(),
        removed: false,
        date: None,
        amount: None,
        partner: None,
    }
}

/// A change set stamped at `n` seconds (told apart from [`sample_set`]'s by
/// its id) making `changes`.
pub fn set_of(n: u64, changes: Vec<Change>) -> ChangeSet {
    let ms = 1_700_000_000_000 + n * 1_000;
    ChangeSet {
        id: RecordId::from_parts(ms, 500_000 + u128::from(n)),
        stamp: Hlc {
            wall_ms: ms,
            counter: 0,
            device: DeviceId(RecordId::from_parts(1, 1)),
        },
        changes,
        link: None,
    }
}

/// A change set stamped at `n` seconds putting the attachment records `records`.
pub fn attachment_set(n: u64, records: Vec<Attachment>) -> ChangeSet {
    let changes = records
        .into_iter()
        .map(|a| Change::Put {
            record: Record::Attachment(a),
        })
        .collect();
    set_of(n, changes)
}

/// Bytes of every value, some of them NUL and none of them text, long
/// enough to cross any page or block size a backend might split on.
pub fn every_byte() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(70_000));
    bytes
}

fn file(k: u128, bytes: &[u8]) -> AttachmentBytes<'_> {
    AttachmentBytes {
        id: attachment_id(k),
        bytes,
    }
}

/// An attachment's bytes read back exactly as committed (every byte value, an
/// empty file, two files of one set), and only once their set is committed:
/// before, there are none.
pub async fn attachments_read_back_exactly_once_their_set_is_committed<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let pdf = every_byte();
    let empty: &[u8] = &[];
    let set = attachment_set(
        1,
        vec![
            sample_attachment(1, &pdf, MediaType::Pdf),
            sample_attachment(2, empty, MediaType::Text),
        ],
    );
    for k in [1, 2] {
        assert_eq!(
            store.read_attachment(attachment_id(k)).await.unwrap(),
            None,
            "no bytes before their set is committed"
        );
    }
    store
        .commit_with_attachments(&set, &[file(1, &pdf), file(2, empty)])
        .await
        .unwrap();
    assert_eq!(
        store.read_attachment(attachment_id(1)).await.unwrap(),
        Some(pdf),
        "byte-identical"
    );
    assert_eq!(
        store.read_attachment(attachment_id(2)).await.unwrap(),
        Some(vec![]),
        "an empty file is kept, empty"
    );
    assert_eq!(store.read_attachment(attachment_id(3)).await.unwrap(), None);
    assert_eq!(store.load().await.unwrap(), vec![set]);
}

/// A commit that is refused stores nothing, its files' bytes included: a set
/// that would not read back, and a file the set records no attachment for.
pub async fn a_refused_commit_keeps_neither_set_nor_bytes<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let bytes = every_byte();
    let mut far = attachment_set(1, vec![sample_attachment(1, &bytes, MediaType::Pdf)]);
    far.stamp.wall_ms = MAX_WALL_MS + 1;
    assert_eq!(
        store
            .commit_with_attachments(&far, &[file(1, &bytes)])
            .await,
        Err(StoreError::WouldNotReadBack(ChunkError::StampOutOfRange {
            wall_ms: u128::from(MAX_WALL_MS) + 1
        }))
    );
    // Attachment 3's bytes have no record in the set: the set and attachment
    // 2's bytes, which would be fine alone, are not kept either.
    let set = attachment_set(2, vec![sample_attachment(2, &bytes, MediaType::Pdf)]);
    let stray = store
        .commit_with_attachments(&set, &[file(2, &bytes), file(3, b"stray")])
        .await;
    assert!(stray.is_err(), "bytes the book would not show: {stray:?}");
    for k in 1..=3 {
        assert_eq!(
            store.read_attachment(attachment_id(k)).await.unwrap(),
            None,
            "no bytes of a refused commit (attachment {k})"
        );
    }
    assert_eq!(store.load().await.unwrap(), vec![], "no set either");
    assert_eq!(store.tail_len().await.unwrap(), 0);
}

/// `commit_many` stores all of its sets and files or nothing: one set that
/// would not read back, or one stray file, and not one of the others is kept.
pub async fn commit_many_is_all_or_nothing<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let bytes = every_byte();
    let mut sets: Vec<ChangeSet> = (1..=3).map(|n| sample_set(n, "Batch")).collect();
    sets.push(attachment_set(
        4,
        vec![sample_attachment(1, &bytes, MediaType::Pdf)],
    ));
    let files = [file(1, &bytes)];

    let mut far = sample_set(5, "Far");
    far.stamp.wall_ms = MAX_WALL_MS + 1;
    let with_far: Vec<ChangeSet> = sets.iter().cloned().chain([far]).collect();
    assert!(matches!(
        store.commit_many(&with_far, &files).await,
        Err(StoreError::WouldNotReadBack(_))
    ));
    let stray = store
        .commit_many(&sets, &[file(1, &bytes), file(2, b"stray")])
        .await;
    assert!(stray.is_err(), "a file no set records: {stray:?}");
    assert_eq!(
        store.load().await.unwrap(),
        vec![],
        "no set of either batch"
    );
    assert_eq!(store.tail_len().await.unwrap(), 0);
    for k in [1, 2] {
        assert_eq!(store.read_attachment(attachment_id(k)).await.unwrap(), None);
    }

    store.commit_many(&sets, &files).await.unwrap();
    assert_eq!(sorted(store.load().await.unwrap()), sets, "all of them");
    assert_eq!(
        store.read_attachment(attachment_id(1)).await.unwrap(),
        Some(bytes)
    );
}

/// `commit_many` skips the sets already stored (in the tail or packed) and a
/// set twice in one batch: each is stored once, and only new sets rename the
/// book.
pub async fn commit_many_stores_each_set_once<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let packed = sample_set(1, "Packed");
    let tail = sample_set(2, "Tail");
    store.commit(&packed).await.unwrap();
    store.compact().await.unwrap();
    store.commit(&tail).await.unwrap();
    let new: Vec<ChangeSet> = (3..=5).map(|n| sample_set(n, &format!("N{n}"))).collect();
    let mut batch = vec![packed.clone(), tail.clone()];
    batch.extend(new.iter().cloned());
    batch.push(new[0].clone());
    store.commit_many(&batch, &[]).await.unwrap();
    store.commit_many(&batch, &[]).await.unwrap();
    store.commit_many(&[], &[]).await.unwrap();

    let mut all = vec![packed, tail];
    all.extend(new.iter().cloned());
    assert_eq!(sorted(store.load().await.unwrap()), all, "each set once");
    assert_eq!(store.tail_len().await.unwrap(), 1 + new.len());
    let book = store.load_book().await.unwrap().book;
    assert_eq!(book.settings().unwrap().name, "N5");
    assert_eq!(book.change_set_count(), all.len());
}

/// A set with attachments committed again — from the tail, and once packed —
/// is stored once, and its bytes are still exactly the first ones.
pub async fn committing_a_set_with_attachments_again_changes_nothing<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let bytes = every_byte();
    let set = attachment_set(1, vec![sample_attachment(1, &bytes, MediaType::Pdf)]);
    let files = [file(1, &bytes)];
    store.commit_with_attachments(&set, &files).await.unwrap();
    store.commit_with_attachments(&set, &files).await.unwrap();
    assert_eq!(store.load().await.unwrap(), vec![set.clone()]);
    assert_eq!(store.tail_len().await.unwrap(), 1);
    assert_eq!(store.compact().await.unwrap(), 1);
    store.commit_with_attachments(&set, &files).await.unwrap();
    store
        .commit_many(std::slice::from_ref(&set), &files)
        .await
        .unwrap();
    assert_eq!(store.load().await.unwrap(), vec![set]);
    assert_eq!(
        store.tail_len().await.unwrap(),
        0,
        "nothing new in the tail"
    );
    assert_eq!(
        store.read_attachment(attachment_id(1)).await.unwrap(),
        Some(bytes)
    );
}

/// A set that deletes an attachment (a draft's file removed) erases its bytes
/// in the same commit, by `commit_with_attachments` and by `commit_many`; a
/// new version marked removed (a posted entry's evidence) keeps them.
pub async fn deleting_a_draft_attachment_erases_its_bytes<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let bytes = every_byte();
    let records: Vec<Attachment> = (1..=3)
        .map(|k| sample_attachment(k, &bytes, MediaType::Pdf))
        .collect();
    let files: Vec<AttachmentBytes> = (1..=3).map(|k| file(k, &bytes)).collect();
    store
        .commit_with_attachments(&attachment_set(1, records.clone()), &files)
        .await
        .unwrap();
    let delete = |k: u128| Change::Delete {
        key: RecordKey {
            kind: RecordKind::Attachment,
            id: attachment_id(k),
        },
    };
    store
        .commit_with_attachments(&set_of(2, vec![delete(1)]), &[])
        .await
        .unwrap();
    store
        .commit_many(&[set_of(3, vec![delete(2)])], &[])
        .await
        .unwrap();
    let mut removed = records[2].clone();
    removed.removed = true;
    store
        .commit_with_attachments(&attachment_set(4, vec![removed]), &[])
        .await
        .unwrap();
    assert_eq!(store.read_attachment(attachment_id(1)).await.unwrap(), None);
    assert_eq!(store.read_attachment(attachment_id(2)).await.unwrap(), None);
    assert_eq!(
        store.read_attachment(attachment_id(3)).await.unwrap(),
        Some(bytes),
        "removed evidence keeps its bytes"
    );
    assert_eq!(store.load().await.unwrap().len(), 4);
}

/// Packing the log keeps every set, whichever way it was committed, and every
/// attachment's bytes.
pub async fn compaction_keeps_every_set_and_attachment<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let (pdf, png) = (every_byte(), b"\x89PNG\r\n\x1a\n\0\0".to_vec());
    let one = attachment_set(1, vec![sample_attachment(1, &pdf, MediaType::Pdf)]);
    let many = vec![
        sample_set(2, "Many"),
        attachment_set(3, vec![sample_attachment(2, &png, MediaType::Png)]),
    ];
    let plain = sample_set(4, "Plain");
    store
        .commit_with_attachments(&one, &[file(1, &pdf)])
        .await
        .unwrap();
    store.commit_many(&many, &[file(2, &png)]).await.unwrap();
    store.commit(&plain).await.unwrap();
    assert_eq!(store.compact().await.unwrap(), 4);
    assert_eq!(store.tail_len().await.unwrap(), 0);
    let mut all = vec![one];
    all.extend(many);
    all.push(plain);
    assert_eq!(sorted(store.load().await.unwrap()), all);
    assert_eq!(
        store.read_attachment(attachment_id(1)).await.unwrap(),
        Some(pdf)
    );
    assert_eq!(
        store.read_attachment(attachment_id(2)).await.unwrap(),
        Some(png)
    );
}

fn device(n: u128) -> DeviceId {
    DeviceId(RecordId::from_parts(1_700_000_000_000, 700 + n))
}

/// A held change set whose set is stamped at `n` seconds.
pub fn sample_held(n: u64) -> HeldChange {
    let closed = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date");
    HeldChange {
        held: HeldSet {
            set: sample_set(n, &format!("Held {n}")),
            conflicts: vec![Conflict::ReopensPeriod {
                closed_through: closed,
                to: None,
            }],
        },
        seen: vec![Hlc {
            wall_ms: 1_700_000_000_000 + n,
            counter: 3,
            device: device(n.into()),
        }],
    }
}

/// Everything a store keeps is there again after a reopen (a reload): the
/// log, packed and in the tail, the attachments' bytes, the device id, the
/// held sets and the refused ones.
pub async fn everything_stored_survives_a_reopen<B: Backend>(backend: &B) {
    let store = backend.fresh().await;
    let bytes = every_byte();
    let packed = attachment_set(1, vec![sample_attachment(1, &bytes, MediaType::Pdf)]);
    store
        .commit_with_attachments(&packed, &[file(1, &bytes)])
        .await
        .unwrap();
    store.compact().await.unwrap();
    let tail = sample_set(2, "Tail");
    store.commit(&tail).await.unwrap();
    store.set_device(device(1)).await.unwrap();
    store
        .hold(vec![sample_held(10), sample_held(11)])
        .await
        .unwrap();
    store
        .decide(sample_held(10).held.set.id, Decision::Refused)
        .await
        .unwrap();

    let store = backend.reopen(store).await;
    assert_eq!(sorted(store.load().await.unwrap()), vec![packed, tail]);
    assert_eq!(store.tail_len().await.unwrap(), 1);
    assert_eq!(
        store.read_attachment(attachment_id(1)).await.unwrap(),
        Some(bytes)
    );
    assert_eq!(store.device(|| device(2)).await.unwrap(), device(1));
    assert_eq!(store.held_sets().await.unwrap(), vec![sample_held(11)]);
    let ids: HashSet<RecordId> = [10, 11].map(|n| sample_held(n).held.set.id).into();
    assert_eq!(store.decided_or_held().await.unwrap(), ids);
}

/// A book without a device id keeps the first one offered, and asks for it
/// only then; later offers do not change it, `set_device` does.
pub async fn the_device_id_is_kept_once_chosen<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    assert_eq!(store.device(|| device(1)).await.unwrap(), device(1));
    let asked = Cell::new(false);
    let offered = || {
        asked.set(true);
        device(2)
    };
    assert_eq!(store.device(offered).await.unwrap(), device(1), "kept");
    assert!(!asked.get(), "a kept id asks for no other");
    store.set_device(device(3)).await.unwrap();
    assert_eq!(store.device(|| device(4)).await.unwrap(), device(3));
    assert_eq!(store.load().await.unwrap(), vec![], "not part of the log");
}

/// Held sets read back exactly (set, conflicts, acknowledgements), in the
/// order first held, each once however often held; they are not in the log,
/// and their ids are among the decided-or-held.
pub async fn held_sets_round_trip_each_once<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    assert_eq!(store.held_sets().await.unwrap(), vec![]);
    assert!(store.decided_or_held().await.unwrap().is_empty());
    store
        .hold(vec![sample_held(1), sample_held(2)])
        .await
        .unwrap();
    store
        .hold(vec![sample_held(2), sample_held(3)])
        .await
        .unwrap();
    store.hold(vec![]).await.unwrap();
    let all: Vec<HeldChange> = (1..=3).map(sample_held).collect();
    assert_eq!(store.held_sets().await.unwrap(), all);
    let ids: HashSet<RecordId> = all.iter().map(|h| h.held.set.id).collect();
    assert_eq!(store.decided_or_held().await.unwrap(), ids);
    assert_eq!(
        store.load().await.unwrap(),
        vec![],
        "held sets are not in the log"
    );
}

/// Deciding takes a set out of the held ones: a refused one is then among
/// the decided (so it is not asked about again), an accepted one is not (the
/// caller commits it to the log, which answers for it); the others stay held.
pub async fn deciding_takes_a_set_out_of_the_held_ones<B: Backend>(backend: &B) {
    let store = &backend.fresh().await;
    let all: Vec<HeldChange> = (1..=3).map(sample_held).collect();
    let id = |n: usize| all[n].held.set.id;
    store.hold(all.clone()).await.unwrap();

    store.decide(id(0), Decision::Refused).await.unwrap();
    assert_eq!(store.held_sets().await.unwrap(), all[1..].to_vec());
    assert_eq!(
        store.decided_or_held().await.unwrap(),
        HashSet::from([id(0), id(1), id(2)]),
        "refused: decided"
    );

    store.decide(id(1), Decision::Accepted).await.unwrap();
    assert_eq!(store.held_sets().await.unwrap(), all[2..].to_vec());
    assert_eq!(
        store.decided_or_held().await.unwrap(),
        HashSet::from([id(0), id(2)]),
        "accepted: neither held nor refused"
    );

    // Deciding a set no longer held changes nothing else.
    store.decide(id(0), Decision::Refused).await.unwrap();
    assert_eq!(store.held_sets().await.unwrap(), all[2..].to_vec());
    assert_eq!(
        store.decided_or_held().await.unwrap(),
        HashSet::from([id(0), id(2)])
    );
}
