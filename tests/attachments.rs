//! Attached files in IndexedDB, in headless Chromium: the bytes come back
//! byte-identical and typed, the record and the bytes commit together or not at
//! all, a draft's deleted attachment loses its bytes while a posted entry's
//! removed one keeps them, and a v2 book upgrades to v3 with its data.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kura::storage::schema::{
    db_name, ATTACHMENTS, CHANGES, CHUNKS, LABEL_KEY, META, SCHEMA_VERSION,
};
use kura::storage::{list_books, AttachmentBytes, IdbStore};
use kura_core::book::{Attachment, MediaType, Record, RecordKey, RecordKind};
use kura_core::ids::RecordId;
use kura_core::store::conformance::sample_set;
use kura_core::store::Store;
use kura_core::sync::{Change, ChangeSet, Hlc};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A real 1×1 PNG (a red pixel), and bytes of every value, so any re-encoding shows.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn every_byte() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(70_000));
    bytes
}

/// An id no other test uses.
fn unique_id() -> RecordId {
    let random = (js_sys::Math::random() * 1e15) as u128;
    RecordId::from_parts(js_sys::Date::now() as u64, random)
}

fn stamp(ms: u64) -> Hlc {
    Hlc {
        wall_ms: ms,
        counter: 0,
        device: kura_core::ids::DeviceId(RecordId::from_parts(1, 1)),
    }
}

fn attachment(id: RecordId, media_type: MediaType, bytes: &[u8], removed: bool) -> Attachment {
    Attachment {
        id,
        entry_id: RecordId::from_parts(1, 77),
        file_name: "領収書.png".into(),
        media_type,
        size: bytes.len() as u64,
        sha256: String::new(),
        removed,
        date: None,
        amount: None,
        partner: None,
    }
}

/// A change set of one change, as the core's attachment commands make them.
fn set_of(change: Change) -> ChangeSet {
    let id = unique_id();
    ChangeSet {
        id,
        stamp: stamp(id.unix_ms()),
        changes: vec![change],
        link: None,
    }
}

fn put(a: Attachment) -> ChangeSet {
    set_of(Change::Put {
        record: Record::Attachment(a),
    })
}

fn sorted(mut sets: Vec<ChangeSet>) -> Vec<ChangeSet> {
    sets.sort_by_key(ChangeSet::order);
    sets
}

async fn bytes_of(blob: &web_sys::Blob) -> Vec<u8> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .expect("the blob reads");
    js_sys::Uint8Array::new(&buffer).to_vec()
}

async fn stored(store: &IdbStore, id: RecordId) -> Option<Vec<u8>> {
    let blob = store.attachment_blob(id).await.expect("the store reads")?;
    Some(bytes_of(&blob).await)
}

#[wasm_bindgen_test]
async fn bytes_come_back_identical_and_typed_after_reopening() {
    let book = unique_id();
    let store = IdbStore::create_empty(book).await.unwrap();
    let (png, pdf) = (unique_id(), unique_id());
    let pdf_bytes = every_byte();
    let first = put(attachment(png, MediaType::Png, PNG, false));
    let second = put(attachment(pdf, MediaType::Pdf, &pdf_bytes, false));
    store
        .commit_with_attachments(
            &first,
            &[AttachmentBytes {
                id: png,
                bytes: PNG,
            }],
        )
        .await
        .unwrap();
    store
        .commit_with_attachments(
            &second,
            &[AttachmentBytes {
                id: pdf,
                bytes: &pdf_bytes,
            }],
        )
        .await
        .unwrap();
    drop(store);

    let store = IdbStore::open(book).await.unwrap();
    let blob = store.attachment_blob(pdf).await.unwrap().expect("kept");
    assert_eq!(blob.type_(), "application/pdf", "typed by the record");
    assert_eq!(bytes_of(&blob).await, pdf_bytes);
    assert_eq!(stored(&store, png).await.as_deref(), Some(PNG));
    assert_eq!(
        sorted(store.load().await.unwrap()),
        sorted(vec![first, second]),
        "the records are in the log"
    );
    assert_eq!(
        stored(&store, unique_id()).await,
        None,
        "nothing under an unknown id"
    );
}

#[wasm_bindgen_test]
async fn a_failed_commit_stores_neither_the_record_nor_the_bytes() {
    let store = IdbStore::create_empty(unique_id()).await.unwrap();
    let id = unique_id();
    let set = put(attachment(id, MediaType::Png, PNG, false));
    // The set is already in the log: the app's write path adds its row again,
    // which fails inside the transaction after the bytes were put, so the bytes
    // must be rolled back. (The port's `commit_with_attachments` skips a stored
    // set instead: the conformance suite checks that.)
    store.commit(&set).await.unwrap();
    let revision = store.revision().await.unwrap();
    let files = [AttachmentBytes { id, bytes: PNG }];
    let again = store
        .commit_action(revision, &files, (), |()| Ok::<_, ()>(set.clone()))
        .await;
    assert!(again.is_err(), "{again:?}");
    assert_eq!(stored(&store, id).await, None, "the bytes were rolled back");
    assert_eq!(store.tail_len().await.unwrap(), 1);

    // Bytes whose record is not in the set are refused before anything is written.
    let other = unique_id();
    let orphan = store
        .commit_with_attachments(
            &put(attachment(unique_id(), MediaType::Png, PNG, false)),
            &[AttachmentBytes {
                id: other,
                bytes: PNG,
            }],
        )
        .await;
    assert!(orphan.is_err());
    assert_eq!(stored(&store, other).await, None);
    assert_eq!(store.tail_len().await.unwrap(), 1, "no row either");
}

#[wasm_bindgen_test]
async fn deleting_erases_the_bytes_and_marking_removed_keeps_them() {
    let store = IdbStore::create_empty(unique_id()).await.unwrap();
    let (draft, posted) = (unique_id(), unique_id());
    for id in [draft, posted] {
        let set = put(attachment(id, MediaType::Png, PNG, false));
        store
            .commit_with_attachments(&set, &[AttachmentBytes { id, bytes: PNG }])
            .await
            .unwrap();
    }
    let key = RecordKey {
        kind: RecordKind::Attachment,
        id: draft,
    };
    store
        .commit_with_attachments(&set_of(Change::Delete { key }), &[])
        .await
        .unwrap();
    store
        .commit_with_attachments(&put(attachment(posted, MediaType::Png, PNG, true)), &[])
        .await
        .unwrap();
    assert_eq!(
        stored(&store, draft).await,
        None,
        "a draft's file is erased"
    );
    assert_eq!(
        stored(&store, posted).await.as_deref(),
        Some(PNG),
        "removed evidence is kept"
    );
    assert_eq!(
        store.load().await.unwrap().len(),
        4,
        "every step is in the log"
    );
}

/// Writes a book as schema v2 left it: `meta` with its label, `changes`, `chunks`.
async fn write_v2_fixture(name: &str, packed: &[ChangeSet], tail: &ChangeSet) {
    let db = Database::open(name)
        .with_version(2u32)
        .with_on_upgrade_needed(|_, db| {
            for store in [META, CHANGES, CHUNKS] {
                db.create_object_store(store).build()?;
            }
            Ok(())
        })
        .await
        .expect("v2 fixture opens");
    let tx = db
        .transaction([META, CHANGES, CHUNKS])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let chunks = tx.object_store(CHUNKS).unwrap();
    // v2 packed a chunk as a JSON array of sets.
    chunks
        .put(serde_json::to_string(packed).unwrap())
        .with_key("chunk-1")
        .primitive()
        .unwrap();
    let changes = tx.object_store(CHANGES).unwrap();
    changes
        .put(serde_json::to_string(tail).unwrap())
        .with_key(tail.id.to_string())
        .primitive()
        .unwrap();
    let meta = tx.object_store(META).unwrap();
    meta.put("Version two")
        .with_key(LABEL_KEY)
        .primitive()
        .unwrap();
    tx.commit().await.expect("v2 rows commit");
    db.close();
}

#[wasm_bindgen_test]
async fn a_v2_book_upgrades_to_v3_and_keeps_its_data() {
    let book = unique_id();
    let name = db_name(book);
    let packed = vec![sample_set(1, "Packed one"), sample_set(2, "Packed two")];
    let tail = sample_set(3, "Version two");
    write_v2_fixture(&name, &packed, &tail).await;

    let store = IdbStore::open(book).await.expect("a v2 book opens");
    let mut expected = packed.clone();
    expected.push(tail);
    assert_eq!(sorted(store.load().await.unwrap()), sorted(expected));
    let listed = list_books().await.unwrap();
    let listing = listed.iter().find(|b| b.book_id == book).expect("listed");
    assert_eq!(listing.name, "Version two");

    let id = unique_id();
    let set = put(attachment(id, MediaType::Png, PNG, false));
    store
        .commit_with_attachments(&set, &[AttachmentBytes { id, bytes: PNG }])
        .await
        .expect("the new store takes files");
    assert_eq!(stored(&store, id).await.as_deref(), Some(PNG));
    drop(store);

    let db = Database::open(name.as_str()).await.unwrap();
    assert_eq!(SCHEMA_VERSION, 3);
    assert_eq!(db.version(), 3.0);
    assert!(db.object_store_names().any(|n| n == ATTACHMENTS));
    db.close();
}
