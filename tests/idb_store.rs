//! The IndexedDB store in headless Chromium and Firefox: the shared conformance
//! suite (one test per check, as `MemoryStore` runs it natively), the v1→v2
//! migration, refusal of newer schemas, the book list, atomic creation,
//! `commit_many` renaming, and stored values that cannot be read set aside while
//! the rest of the book opens.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kura::storage::schema::{db_name, CHANGES, CHUNKS, SCHEMA_VERSION};
use kura::storage::{delete_book, list_books, BookListing, IdbStore};
use kura_core::ids::RecordId;
use kura_core::store::conformance::{self, sample_set, Backend, RawPart};
use kura_core::store::{ChunkError, SetAside, Store, StoreError, StoredPart};
use kura_core::sync::ChangeSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static COUNTER: Cell<u128> = const { Cell::new(0) };
}

/// A book id no other test uses.
fn unique_id() -> RecordId {
    let n = COUNTER.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let random = (js_sys::Math::random() * 1e12) as u128;
    RecordId::from_parts(js_sys::Date::now() as u64, random * 1_000_000 + n)
}

fn sorted(mut sets: Vec<ChangeSet>) -> Vec<ChangeSet> {
    sets.sort_by_key(ChangeSet::order);
    sets
}

async fn listing(book_id: RecordId) -> Option<BookListing> {
    let books = list_books().await.expect("the book list reads");
    books.into_iter().find(|b| b.book_id == book_id)
}

/// Opens a database as it is, without upgrading it.
async fn open_raw(name: &str) -> Database {
    Database::open(name).await.expect("raw open")
}

/// Writes a value straight into a book's database, unchecked: what an earlier
/// build or a damaged disk may have left there.
async fn put_raw(store: &IdbStore, part: RawPart) {
    let (name, key, value): (&str, String, wasm_bindgen::JsValue) = match part {
        RawPart::Row { key, text } => (CHANGES, key, text.into()),
        RawPart::Chunk { key, bytes } => (CHUNKS, key, js_sys::Uint8Array::from(&bytes[..]).into()),
    };
    put_value(store.book_id(), name, &key, value).await;
}

async fn put_value(book: RecordId, store: &str, key: &str, value: wasm_bindgen::JsValue) {
    let db = open_raw(&db_name(book)).await;
    let tx = db
        .transaction(store)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store(store)
        .unwrap()
        .put(value)
        .with_key(key)
        .primitive()
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
}

/// Each store a book database of its own; a reopen is a new connection to it
/// (a reload).
struct Idb;

impl Backend for Idb {
    type Store = IdbStore;

    async fn fresh(&self) -> IdbStore {
        IdbStore::create_empty(unique_id())
            .await
            .expect("a fresh book db")
    }

    async fn reopen(&self, store: IdbStore) -> IdbStore {
        let id = store.book_id();
        drop(store);
        IdbStore::open(id).await.expect("the book reopens")
    }

    async fn put_raw(&self, store: &IdbStore, part: RawPart) {
        put_raw(store, part).await
    }
}

/// One `wasm_bindgen_test` per check of the conformance suite.
macro_rules! browser_check {
    ($name:ident) => {
        #[wasm_bindgen_test]
        async fn $name() {
            conformance::$name(&Idb).await;
        }
    };
}

kura_core::store_conformance_checks!(browser_check);

/// Writes a book as schema v1 wrote it: stores `meta` and `changes` only, the
/// name only inside the settings record.
async fn write_v1_fixture(name: &str, sets: &[ChangeSet]) {
    let db = Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("meta").build()?;
            db.create_object_store("changes").build()?;
            Ok(())
        })
        .await
        .expect("v1 fixture opens");
    let tx = db
        .transaction("changes")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let changes = tx.object_store("changes").unwrap();
    for set in sets {
        let row = serde_json::to_string(set).unwrap();
        changes
            .put(row)
            .with_key(set.id.to_string())
            .primitive()
            .unwrap();
    }
    tx.commit().await.expect("v1 rows commit");
    db.close();
}

#[wasm_bindgen_test]
async fn a_v1_book_is_upgraded_to_v2() {
    let id = unique_id();
    let name = db_name(id);
    let sets = vec![sample_set(1, "Old name"), sample_set(2, "Migrated name")];
    write_v1_fixture(&name, &sets).await;

    let store = IdbStore::open(id).await.expect("v1 book opens");
    assert_eq!(sorted(store.load().await.unwrap()), sets);
    assert_eq!(listing(id).await.unwrap().name, "Migrated name");
    assert_eq!(
        store.compact().await.unwrap(),
        2,
        "the new chunks store works"
    );
    drop(store);

    let db = open_raw(&name).await;
    assert_eq!(db.version(), f64::from(SCHEMA_VERSION));
    assert!(db.object_store_names().any(|n| n == CHUNKS));
    db.close();
    let reopened = IdbStore::open(id).await.expect("v2 book reopens");
    assert_eq!(sorted(reopened.load().await.unwrap()), sets);
}

#[wasm_bindgen_test]
async fn a_newer_book_is_refused_and_left_untouched() {
    let id = unique_id();
    let name = db_name(id);
    let db = Database::open(name.as_str())
        .with_version(99u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("future").build()?;
            Ok(())
        })
        .await
        .unwrap();
    let tx = db
        .transaction("future")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let future = tx.object_store("future").unwrap();
    future.put("kept").with_key("row").primitive().unwrap();
    tx.commit().await.unwrap();
    db.close();

    let refused = IdbStore::open(id).await.err();
    assert_eq!(
        refused,
        Some(StoreError::NewerSchema {
            found: 99,
            supported: SCHEMA_VERSION
        })
    );
    let listed = listing(id).await.expect("a newer book is still listed");
    assert_eq!(listed.name, id.to_string());

    let db = open_raw(&name).await;
    assert_eq!(db.version(), 99.0);
    let tx = db.transaction("future").build().unwrap();
    let future = tx.object_store("future").unwrap();
    let row: Option<String> = future.get("row").primitive().unwrap().await.unwrap();
    assert_eq!(row.as_deref(), Some("kept"));
}

#[wasm_bindgen_test]
async fn books_are_created_listed_opened_and_deleted() {
    let (id_b, id_a) = (unique_id(), unique_id());
    let first = sample_set(1, "Zeta books");
    let store = IdbStore::create(id_b, &first).await.expect("create");
    assert_eq!(store.book_id(), id_b);
    drop(store);
    IdbStore::create(id_a, &sample_set(1, "Alpha books"))
        .await
        .expect("create");

    let books = list_books().await.unwrap();
    let names: Vec<&str> = books.iter().map(|b| b.name.as_str()).collect();
    let (a, b) = (
        names.iter().position(|n| *n == "Alpha books").unwrap(),
        names.iter().position(|n| *n == "Zeta books").unwrap(),
    );
    assert!(a < b, "sorted by name: {names:?}");
    assert!(listing(id_b).await.unwrap().created_ms > 0.0);

    let store = IdbStore::open(id_b).await.expect("open");
    assert_eq!(store.load().await.unwrap(), vec![first.clone()]);

    // Deleting while the book is open: the open connection closes itself.
    delete_book(id_b).await.expect("delete is not blocked");
    assert_eq!(listing(id_b).await, None);
    assert!(
        store.commit(&sample_set(2, "Late")).await.is_err(),
        "a deleted book takes no writes"
    );
    assert_eq!(IdbStore::open(id_b).await.err(), Some(StoreError::NotFound));
    assert_eq!(listing(id_b).await, None, "a failed open creates nothing");
}

#[wasm_bindgen_test]
async fn renaming_updates_the_listing() {
    let id = unique_id();
    let store = IdbStore::create(id, &sample_set(1, "Before"))
        .await
        .unwrap();
    store.commit(&sample_set(2, "After")).await.unwrap();
    assert_eq!(listing(id).await.unwrap().name, "After");
}

#[wasm_bindgen_test]
async fn creating_over_an_existing_book_fails_and_changes_nothing() {
    let id = unique_id();
    let first = sample_set(1, "Original");
    drop(IdbStore::create(id, &first).await.unwrap());

    let again = IdbStore::create(id, &sample_set(2, "Intruder")).await;
    assert!(again.is_err());
    let store = IdbStore::open(id).await.unwrap();
    assert_eq!(store.load().await.unwrap(), vec![first]);
    assert_eq!(listing(id).await.unwrap().name, "Original");
}

/// A v1 book with a row that cannot be read still upgrades (the row names no
/// label) and opens, the row set aside and left where it is.
#[wasm_bindgen_test]
async fn a_v1_book_with_a_damaged_row_upgrades_and_opens_without_it() {
    let id = unique_id();
    let name = db_name(id);
    write_v1_fixture(&name, &[sample_set(1, "Fine")]).await;
    let db = open_raw(&name).await;
    let tx = db
        .transaction("changes")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let changes = tx.object_store("changes").unwrap();
    changes
        .put("{not json")
        .with_key("damaged")
        .primitive()
        .unwrap();
    tx.commit().await.unwrap();
    db.close();

    let store = IdbStore::open(id).await.expect("the v1 book upgrades");
    let loaded = store.load_book().await.unwrap();
    assert_eq!(loaded.book.settings().unwrap().name, "Fine");
    assert_eq!(loaded.set_aside.len(), 1);
    assert_eq!(
        (loaded.set_aside[0].part, loaded.set_aside[0].key.as_str()),
        (StoredPart::Row, "damaged")
    );
    assert_eq!(listing(id).await.unwrap().name, "Fine");
    drop(store);
    let db = open_raw(&name).await;
    assert_eq!(db.version(), f64::from(SCHEMA_VERSION));
}

#[wasm_bindgen_test]
async fn commit_many_stores_each_new_set_once_and_renames() {
    let id = unique_id();
    let first = sample_set(1, "First");
    let store = IdbStore::create(id, &first).await.unwrap();
    let packed = sample_set(2, "Packed");
    store.commit(&packed).await.unwrap();
    assert_eq!(store.compact().await.unwrap(), 2);

    let new: Vec<ChangeSet> = (3..=6)
        .map(|n| sample_set(n, &format!("Name {n}")))
        .collect();
    let mut batch = vec![packed.clone()];
    batch.extend(new.iter().cloned());
    batch.push(new[0].clone());
    store.commit_many(&batch, &[]).await.unwrap();
    // Already in the tail: skipped, so it does not rename the book back.
    store.commit_many(&new[..1], &[]).await.unwrap();

    assert_eq!(store.tail_len().await.unwrap(), new.len(), "no set twice");
    let mut all = vec![first, packed];
    all.extend(new);
    assert_eq!(sorted(store.load().await.unwrap()), all);
    assert_eq!(
        listing(id).await.unwrap().name,
        "Name 6",
        "the last stored rename wins; skipped sets rename nothing"
    );
}

/// Polls two futures to completion together, so their transactions interleave.
async fn both<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::task::Poll;
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

#[wasm_bindgen_test]
async fn two_tabs_keep_every_set_exactly_once() {
    let id = unique_id();
    let first = sample_set(1, "Shared");
    let tab_a = IdbStore::create(id, &first).await.unwrap();
    let tab_b = IdbStore::open(id).await.unwrap();
    let sets: Vec<ChangeSet> = (2..=5).map(|n| sample_set(n, "N")).collect();
    for set in &sets {
        tab_a.commit(set).await.unwrap();
    }

    let (packed_a, packed_b) = both(tab_a.compact(), tab_b.compact()).await;
    assert_eq!(
        packed_a.unwrap() + packed_b.unwrap(),
        5,
        "each set packed once"
    );

    // Tab B never loaded, so it does not know `first` is packed: the duplicate
    // row it writes is invisible to readers.
    tab_b.commit(&first).await.unwrap();
    let mut all = vec![first];
    all.extend(sets);
    assert_eq!(sorted(tab_a.load().await.unwrap()), all);
    assert_eq!(sorted(tab_b.load().await.unwrap()), all);
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_an_old_tab_reports_blocked_then_completes() {
    let id = unique_id();
    let name = db_name(id);
    let sets = vec![sample_set(1, "Waiting")];
    write_v1_fixture(&name, &sets).await;
    // An old tab: a v1 connection that does not close on `versionchange`.
    let old_tab = open_raw(&name).await;

    assert_eq!(IdbStore::open(id).await.err(), Some(StoreError::Blocked));
    old_tab.close();

    let store = IdbStore::open(id)
        .await
        .expect("opens once the old tab let go");
    assert_eq!(store.load().await.unwrap(), sets);
    assert_eq!(listing(id).await.unwrap().name, "Waiting");
}

/// A chunk exactly as Kura's first version packed it (a JSON string) still loads,
/// next to the binary chunks packed since, by `load` and by `load_book` alike.
#[wasm_bindgen_test]
async fn a_json_chunk_of_the_first_version_still_loads() {
    let id = unique_id();
    let store = IdbStore::create_empty(id).await.unwrap();
    let later = sample_set(2_000_000, "Later");
    store.commit(&later).await.unwrap();
    assert_eq!(store.compact().await.unwrap(), 1);
    let db = open_raw(&db_name(id)).await;
    let tx = db
        .transaction(CHUNKS)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let chunks = tx.object_store(CHUNKS).unwrap();
    let packed: Vec<wasm_bindgen::JsValue> = chunks
        .get_all()
        .primitive()
        .unwrap()
        .await
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(packed.len(), 1);
    assert!(
        packed[0].is_instance_of::<js_sys::Uint8Array>(),
        "packed as bytes"
    );
    let first_version = include_str!("../core/src/store/chunk/first_version_chunk.json");
    chunks
        .put(first_version)
        .with_key("000001700000100000-first-version")
        .primitive()
        .unwrap();
    tx.commit().await.unwrap();
    db.close();

    let reopened = IdbStore::open(id).await.unwrap();
    let sets = reopened.load().await.unwrap();
    assert_eq!(
        sets.len(),
        3,
        "two sets in the JSON chunk, one in the binary one"
    );
    let loaded = reopened.load_book().await.unwrap();
    assert!(loaded.set_aside.is_empty());
    let book = loaded.book;
    assert_eq!(book, kura_core::book::Book::from_change_sets(&sets));
    assert_eq!(book.settings().unwrap().name, "Later");
    assert_eq!(
        book.entries().next().unwrap().description(),
        "現金売上 (レジ)"
    );
}

/// A damaged chunk, and values of the wrong type in either store, written
/// straight into IndexedDB: `load_book` opens the rest of the book and names
/// each of them, and a fresh connection (a reload) does the same.
#[wasm_bindgen_test]
async fn a_damaged_chunk_is_set_aside_and_the_rest_opens() {
    let id = unique_id();
    let store = IdbStore::create_empty(id).await.unwrap();
    let whole = sample_set(1, "Whole");
    store.commit(&whole).await.unwrap();
    store.compact().await.unwrap();
    let cut_off = js_sys::Uint8Array::from(&b"\x89KCH\x01\x05"[..]);
    put_value(id, CHUNKS, "999999999999999999-damaged", cut_off.into()).await;
    put_value(id, CHUNKS, "999999999999999999-number", 7.into()).await;
    put_value(id, CHANGES, "an-object", js_sys::Object::new().into()).await;

    let reopened = IdbStore::open(id).await.unwrap();
    for store in [&store, &reopened] {
        let loaded = store.load_book().await.unwrap();
        assert_eq!(
            loaded.book,
            kura_core::book::Book::from_change_sets([&whole])
        );
        let named: Vec<(StoredPart, &str, bool)> = loaded
            .set_aside
            .iter()
            .map(|s: &SetAside| {
                let damaged = matches!(s.reason, ChunkError::Damaged(_));
                (s.part, s.key.as_str(), damaged)
            })
            .collect();
        assert_eq!(
            named,
            [
                (StoredPart::Chunk, "999999999999999999-damaged", true),
                (StoredPart::Chunk, "999999999999999999-number", true),
                (StoredPart::Row, "an-object", true),
            ]
        );
        assert_eq!(store.load().await.unwrap(), vec![whole.clone()]);
    }
}
