//! Backup and restore in headless Chromium, streamed: a book with packed and
//! unpacked change sets and attachments, written part by part into a Blob and
//! restored from it (read by slices) under its own id after its deletion, comes
//! back as the same book with byte-identical attachments. A wrong passphrase, a
//! book already present, a restore cut short or one that fails at its last
//! part leave no book and no database; a damaged book still backs up.
#![cfg(target_arch = "wasm32")]

mod counting_alloc;

use std::cell::Cell;
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use chrono::NaiveDate;
use counting_alloc::{heap_mb, take_peak_mb};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kura::platform::{call_method, FileSink};
use kura::storage::schema::{db_name, CHANGES, CHUNKS};
use kura::storage::{
    book_exists, delete_book, list_books, open_book_file, read_whole_file,
    remove_unfinished_restores, restore_backup, AttachmentBytes, BackupReport, IdbStore,
    NewFileKey, RestoreError,
};
use kura_core::book::{attach_file, Book, WriteCtx};
use kura_core::demo::{changes_from_another_device, demo_book, sequential_ids};
use kura_core::files::backup::{
    derive_key, BookFile, BookFileError, BookFileHeader, Encryption, FileKind, KeyParams,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::store::Store;
use kura_core::sync::{merge, new_sets, ChangeSet, Hlc};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Blob;

wasm_bindgen_test_configure!(run_in_browser);

/// A PDF-like file whose bytes take every value.
fn pdf(seed: u8, len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..len).map(|i| (i as u8).wrapping_add(seed)));
    bytes
}

/// A demo book stored as the app stores it (some sets packed, the rest in the
/// tail), with two attachments; its id, a fresh one per call.
async fn stored_book(entries: usize) -> (IdbStore, Vec<(RecordId, Vec<u8>)>) {
    let now = js_sys::Date::now() as u64;
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut ids = sequential_ids(now + (js_sys::Math::random() * 1e6) as u64);
    let sets = demo_book(3, 2, entries / 2, start, &mut ids);
    let book_id = Book::from_change_sets(&sets[..1])
        .settings()
        .unwrap()
        .book_id;
    let store = IdbStore::create(book_id, &sets[0]).await.unwrap();
    let half = sets.len() / 2;
    store.commit_many(&sets[1..half], &[]).await.unwrap();
    store.compact().await.unwrap();
    store.commit_many(&sets[half..], &[]).await.unwrap();
    let mut files = Vec::new();
    for n in 0..2u8 {
        let book = store.load_book().await.unwrap().book;
        let entry = book.entries().nth(n as usize).unwrap().id();
        let bytes = pdf(n, 40_000);
        let at = now - 1_000 + n as u64;
        let (id, _) = attach(&store, &book, entry, ("receipt.pdf", &bytes), &mut ids, at).await;
        files.push((id, bytes));
    }
    (store, files)
}

/// Attaches a file to `entry` as the app does (the change set and the bytes in
/// one transaction), stamped at `wall_ms`; its attachment id and change set.
async fn attach(
    store: &IdbStore,
    book: &Book,
    entry: RecordId,
    (name, bytes): (&str, &[u8]),
    ids: &mut impl FnMut() -> RecordId,
    wall_ms: u64,
) -> (RecordId, ChangeSet) {
    let id = ids();
    let ctx = WriteCtx {
        set_id: ids(),
        stamp: Hlc {
            wall_ms,
            counter: 0,
            device: DeviceId(RecordId::from_parts(1, 1)),
        },
    };
    let set = attach_file(book, entry, id, name, bytes, ctx).unwrap();
    let file = AttachmentBytes { id, bytes };
    store.commit_with_attachments(&set, &[file]).await.unwrap();
    (id, set)
}

fn header_of(book: &Book) -> BookFileHeader {
    let settings = book.settings().unwrap();
    BookFileHeader {
        kind: FileKind::Backup,
        book_id: settings.book_id,
        book_name: settings.name.clone(),
        device: DeviceId(RecordId::from_parts(1, 1)),
        created_ms: js_sys::Date::now() as u64,
        app_version: env!("CARGO_PKG_VERSION").into(),
        seen: Vec::new(),
    }
}

/// The backup of `store`'s book as a Blob, written part by part.
async fn backup_blob(
    store: &IdbStore,
    header: &BookFileHeader,
    encryption: Option<Encryption<'_>>,
) -> (Blob, BackupReport) {
    let mut sink = FileSink::blob();
    let report = store
        .write_backup(header, encryption, &mut sink, &|_, _| {})
        .await
        .unwrap();
    let blob = sink.close("application/octet-stream").await.unwrap();
    (blob.expect("a Blob"), report)
}

async fn blob_bytes(store: &IdbStore, id: RecordId) -> Vec<u8> {
    let blob = store
        .attachment_blob(id)
        .await
        .unwrap()
        .expect("bytes kept");
    kura::platform::blob_bytes(&blob).await.unwrap()
}

fn blob_of(bytes: &[u8]) -> Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).unwrap()
}

#[wasm_bindgen_test]
async fn a_deleted_book_restores_from_its_streamed_backup_exactly() {
    let (store, files) = stored_book(400).await;
    let book = store.load_book().await.unwrap().book;
    let book_id = store.book_id();
    let steps = std::cell::RefCell::new(Vec::new());
    let mut sink = FileSink::blob();
    let report = store
        .write_backup(&header_of(&book), None, &mut sink, &|d, of| {
            steps.borrow_mut().push((d, of))
        })
        .await
        .unwrap();
    assert_eq!(report.left_out, 0);
    assert!(steps.borrow().len() >= 4, "{:?}", steps.borrow());
    let blob = sink
        .close("application/octet-stream")
        .await
        .unwrap()
        .unwrap();
    drop(store);

    // Restoring over the existing book is refused, and changes nothing.
    let refused = restore_backup(&blob, None, &|_, _| {}).await;
    assert!(matches!(refused, Err(RestoreError::AlreadyExists { .. })));

    delete_book(book_id).await.unwrap();
    assert!(!book_exists(book_id).await.unwrap());
    let restored = restore_backup(&blob, None, &|_, _| {}).await.unwrap();
    assert_eq!(restored.book_id, book_id);
    assert_eq!(restored.written_by, DeviceId(RecordId::from_parts(1, 1)));

    let store = IdbStore::open(book_id).await.unwrap();
    assert_eq!(store.load_book().await.unwrap().book, book);
    assert_eq!(store.tail_len().await.unwrap(), 0, "restored as chunks");
    for (id, expected) in &files {
        assert_eq!(&blob_bytes(&store, *id).await, expected);
    }
    let listed = list_books().await.unwrap();
    let name = &book.settings().unwrap().name;
    assert!(listed
        .iter()
        .any(|b| b.book_id == book_id && &b.name == name));
    drop(store);
    delete_book(book_id).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_encrypted_backup_needs_its_passphrase_and_a_wrong_one_writes_nothing() {
    let (store, files) = stored_book(40).await;
    let book = store.load_book().await.unwrap().book;
    let book_id = store.book_id();
    let key = NewFileKey::derive("山田 2026").await.unwrap();
    let started = js_sys::Date::now();
    let (blob, _) = backup_blob(&store, &header_of(&book), Some(key.encryption())).await;
    console_log!(
        "encrypted backup written in {} ms",
        js_sys::Date::now() - started
    );
    drop(store);
    delete_book(book_id).await.unwrap();

    let wrong = restore_backup(&blob, Some("yamada"), &|_, _| {}).await;
    assert_eq!(
        wrong,
        Err(RestoreError::File(BookFileError::WrongPassphrase))
    );
    let missing = restore_backup(&blob, None, &|_, _| {}).await;
    assert_eq!(
        missing,
        Err(RestoreError::File(BookFileError::PassphraseRequired))
    );
    assert!(!book_exists(book_id).await.unwrap(), "nothing written");

    let started = js_sys::Date::now();
    restore_backup(&blob, Some("山田 2026"), &|_, _| {})
        .await
        .unwrap();
    console_log!(
        "encrypted backup restored in {} ms",
        js_sys::Date::now() - started
    );
    let store = IdbStore::open(book_id).await.unwrap();
    assert_eq!(store.load_book().await.unwrap().book, book);
    assert_eq!(blob_bytes(&store, files[1].0).await, files[1].1);
    drop(store);
    delete_book(book_id).await.unwrap();
}

/// Polls `future` until `stop` is set (by the restore's progress), then drops
/// it mid-way, as closing the tab would: the rest never runs.
async fn run_until<F: Future>(future: F, stop: &Cell<bool>) -> Option<F::Output> {
    let mut future = pin!(future);
    poll_fn(|cx| match future.as_mut().poll(cx) {
        Poll::Ready(output) => Poll::Ready(Some(output)),
        Poll::Pending if stop.get() => Poll::Ready(None),
        Poll::Pending => Poll::Pending,
    })
    .await
}

/// A restore cut short after some parts were written (the tab closed): the
/// half-written database is never listed, and the next start deletes it.
#[wasm_bindgen_test]
async fn a_restore_cut_short_leaves_no_book_and_no_database_after_the_next_start() {
    let (store, _) = stored_book(4_000).await;
    let book_id = store.book_id();
    let book = store.load_book().await.unwrap().book;
    let (blob, _) = backup_blob(&store, &header_of(&book), None).await;
    drop(store);
    delete_book(book_id).await.unwrap();

    let stop = Cell::new(false);
    let parts = Cell::new(0);
    let on_step = |done: usize, of: usize| {
        parts.set(of);
        stop.set(done >= 2);
    };
    let cut = run_until(restore_backup(&blob, None, &on_step), &stop).await;
    assert!(
        cut.is_none(),
        "cut short after two parts of {}",
        parts.get()
    );
    assert!(parts.get() > 3);
    assert!(book_exists(book_id).await.unwrap(), "half written");
    kura::platform::next_tick().await; // the restore's lock released
    let listed = list_books().await.unwrap();
    assert!(listed.iter().all(|b| b.book_id != book_id), "not listed");

    remove_unfinished_restores().await.unwrap();
    assert!(
        !book_exists(book_id).await.unwrap(),
        "deleted at the next start"
    );
    // And the same file then restores.
    let restored = restore_backup(&blob, None, &|_, _| {}).await.unwrap();
    let store = IdbStore::open(restored.book_id).await.unwrap();
    assert_eq!(store.load_book().await.unwrap().book, book);
    drop(store);
    delete_book(book_id).await.unwrap();
}

/// A restore that fails at its last part (after the others were written)
/// deletes what it wrote: no book, no database.
#[wasm_bindgen_test]
async fn a_restore_that_fails_at_its_last_part_leaves_no_database() {
    let (store, _) = stored_book(400).await;
    let book_id = store.book_id();
    let book = store.load_book().await.unwrap().book;
    let (blob, _) = backup_blob(&store, &header_of(&book), None).await;
    drop(store);
    delete_book(book_id).await.unwrap();
    let mut bytes = kura::platform::blob_bytes(&blob).await.unwrap();
    // The last attachment's bytes end just before the manifest's local header.
    let manifest = find(
        &bytes,
        b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    )
    .into_iter()
    .rev()
    .find(|&at| bytes[at + 30..].starts_with(b"manifest.json"))
    .unwrap();
    bytes[manifest - 10] ^= 1;
    let failed = restore_backup(&blob_of(&bytes), None, &|_, _| {}).await;
    assert!(
        matches!(failed, Err(RestoreError::File(BookFileError::DamagedPart { ref part })) if part.starts_with("attachments/")),
        "{failed:?}"
    );
    assert!(!book_exists(book_id).await.unwrap(), "nothing kept");
}

fn find(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// Writes `value` under `key` into `store` of the book's database, behind the
/// store's back: damage as a failing disk or an old bug would leave it.
async fn put_raw(book_id: RecordId, store: &str, key: &str, value: JsValue) {
    let db = Database::open(db_name(book_id).as_str()).await.unwrap();
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

/// A stored chunk and a tail row that do not decode: the backup leaves them
/// out, says how many, and restores as the book without them.
#[wasm_bindgen_test]
async fn a_damaged_book_still_backs_up_and_says_what_it_left_out() {
    let (store, files) = stored_book(400).await;
    let book_id = store.book_id();
    let book = store.load_book().await.unwrap().book;
    let garbage = js_sys::Uint8Array::from(&b"KCH\x01 not a chunk"[..]);
    put_raw(
        book_id,
        CHUNKS,
        "000000000000000001-damaged",
        garbage.into(),
    )
    .await;
    put_raw(
        book_id,
        CHANGES,
        "not-a-set",
        JsValue::from_str("{\"id\": 1}"),
    )
    .await;
    let (blob, report) = backup_blob(&store, &header_of(&book), None).await;
    assert_eq!(report.left_out, 2);
    assert!(report.history.is_intact(), "{:?}", report.history);
    drop(store);
    delete_book(book_id).await.unwrap();
    restore_backup(&blob, None, &|_, _| {}).await.unwrap();
    let store = IdbStore::open(book_id).await.unwrap();
    assert_eq!(store.load_book().await.unwrap().book, book);
    assert_eq!(blob_bytes(&store, files[0].0).await, files[0].1);
    drop(store);
    delete_book(book_id).await.unwrap();
}

/// A stored set altered behind the app's back, its link kept (an edit of the
/// database with the browser's tools): the backup is still written, and its
/// history check names the set and the record changed; the other sets verify.
#[wasm_bindgen_test]
async fn a_backup_names_a_stored_set_altered_after_it_was_linked() {
    let now = js_sys::Date::now() as u64;
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut ids = sequential_ids(now + (js_sys::Math::random() * 1e6) as u64);
    let mut sets = demo_book(5, 1, 20, start, &mut ids);
    kura_core::sync::chain::link_all(&mut sets);
    let book = Book::from_change_sets(&sets);
    let book_id = book.settings().unwrap().book_id;
    let store = IdbStore::create(book_id, &sets[0]).await.unwrap();
    store.commit_many(&sets[1..], &[]).await.unwrap();
    let (_, before) = backup_blob(&store, &header_of(&book), None).await;
    assert!(before.history.is_intact(), "{:?}", before.history);
    assert_eq!(before.history.linked(), sets.len());
    let at = sets.len() / 2;
    let row = serde_json::to_string(&sets[at]).unwrap();
    let altered = row.replacen("\"2024-", "\"2023-", 1);
    assert_ne!(row, altered, "the set holds a date to alter");
    put_raw(
        book_id,
        CHANGES,
        &sets[at].id.to_string(),
        JsValue::from_str(&altered),
    )
    .await;
    let (_, report) = backup_blob(&store, &header_of(&book), None).await;
    assert_eq!(report.left_out, 0, "the backup is written whole");
    let history = report.history;
    assert_eq!(history.problem_count(), 1, "{history:?}");
    assert_eq!(history.problems[0].set().id, sets[at].id);
    assert_eq!(
        history.problems[0].set().records[0],
        sets[at].changes[0].key()
    );
    assert_eq!(history.linked(), sets.len());
    drop(store);
    delete_book(book_id).await.unwrap();
}

/// The key the app derives with WebCrypto is the core's PBKDF2 to the byte,
/// so files written in the browser open natively and the other way round.
#[wasm_bindgen_test]
async fn webcrypto_derives_the_same_key_as_the_core() {
    for (passphrase, salt, iterations) in [("山田 2026", [3u8; 16], 1_000), ("p", [0u8; 16], 1)] {
        let params = KeyParams { salt, iterations };
        let by_browser = kura::platform::webcrypto_derive_key(passphrase, &params).await;
        assert_eq!(by_browser.ok(), Some(derive_key(passphrase, &params)));
    }
}

/// A file of changes (sync) with a passphrase, as the Sync page writes and
/// reads it: read from the chosen file by slices, unlocked by WebCrypto.
#[wasm_bindgen_test]
async fn an_encrypted_file_of_changes_reads_back_with_its_passphrase() {
    let (store, files) = stored_book(40).await;
    let book_id = store.book_id();
    let sets = store.load().await.unwrap();
    let book = Book::from_change_sets(&sets);
    let file = BookFile {
        header: BookFileHeader {
            kind: FileKind::Changes,
            seen: book.seen(),
            ..header_of(&book)
        },
        change_sets: sets,
        attachments: files,
    };
    let key = NewFileKey::derive("合言葉").await.unwrap();
    let bytes =
        kura_core::files::backup::write_book_file(&file, Some(key.encryption()), &mut |_, _| {})
            .unwrap();
    let chosen = blob_of(&bytes);
    let reader = open_book_file(&chosen).await.unwrap();
    assert!(reader.is_encrypted());
    assert_eq!(
        reader.require_backup(),
        Err(BookFileError::ChangesNotABackup)
    );
    let wrong = read_whole_file(open_book_file(&chosen).await.unwrap(), Some("x")).await;
    assert_eq!(wrong, Err(BookFileError::WrongPassphrase));
    let back = read_whole_file(reader, Some("合言葉")).await.unwrap();
    assert_eq!(back.change_sets.len(), file.change_sets.len());
    assert_eq!(back.attachments, file.attachments);
    drop(store);
    delete_book(book_id).await.unwrap();
}

/// The benchmark of the issue: backup and restore of the demo book of
/// `KURA_BENCH_ENTRIES` entries (100,000 by default) with
/// `KURA_BENCH_ATTACHMENTS_MB` of attachments in files of 0.5 MB (50 by
/// default), both at compile time, in headless Chromium: the times, the wasm
/// memory (the page's high-water mark) and the peak of what Rust held during
/// each. The backup is written to a file of the origin's private file system
/// (the stream the automatic backup folder uses) and restored from it.
/// Ignored in the suite; run with
/// `cargo test --release --target wasm32-unknown-unknown -p kura --test backup -- --include-ignored --nocapture benchmark`.
#[wasm_bindgen_test]
#[ignore]
async fn benchmark_backup_and_restore_of_a_large_book() {
    let entries: usize = option_env!("KURA_BENCH_ENTRIES")
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let attachments_mb: usize = option_env!("KURA_BENCH_ATTACHMENTS_MB")
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    // Four years that end before today: a reader refuses stamps from its future.
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let now = js_sys::Date::now() as u64;
    let mut ids = sequential_ids(now);
    let book_id = {
        let sets = demo_book(42, 4, entries / 4, start, &mut ids);
        let book_id = Book::from_change_sets(&sets[..1])
            .settings()
            .unwrap()
            .book_id;
        let store = IdbStore::create(book_id, &sets[0]).await.unwrap();
        for batch in sets[1..].chunks(1_000) {
            store.commit_many(batch, &[]).await.unwrap();
            store.compact().await.unwrap();
        }
        book_id
    };
    let store = IdbStore::open(book_id).await.unwrap();
    let mut book = store.load_book().await.unwrap().book;
    let files = attachments_mb * 2;
    let entry_ids: Vec<RecordId> = book.entries().take(files).map(|e| e.id()).collect();
    for (n, entry) in entry_ids.into_iter().enumerate() {
        let bytes = pdf(n as u8, 512 * 1024);
        let at = now - 100_000 + n as u64;
        let (_, set) = attach(&store, &book, entry, ("scan.pdf", &bytes), &mut ids, at).await;
        book.apply(&set);
    }
    drop(store);
    let memory = || {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as f64
            / 1e6
    };
    console_log!(
        "{entries} entries + {files} attachments of 0.5 MB stored; wasm memory {:.0} MB, heap {:.0} MB (the book open)",
        memory(),
        heap_mb()
    );
    for passphrase in [None, Some("correct horse battery staple")] {
        // As the app does: the key by WebCrypto, handed to the core.
        let key = match passphrase {
            Some(passphrase) => NewFileKey::derive(passphrase).await,
            None => None,
        };
        // Each round's restore deleted and recreated the database.
        let store = IdbStore::open(book_id).await.unwrap();
        take_peak_mb();
        let heap_before = heap_mb();
        let started = js_sys::Date::now();
        let (mut sink, file) = private_file("benchmark.kura").await;
        let encryption = key.as_ref().map(NewFileKey::encryption);
        let report = store
            .write_backup(&header_of(&book), encryption, &mut sink, &|_, _| {})
            .await
            .unwrap();
        sink.close("application/octet-stream").await.unwrap();
        let written = js_sys::Date::now() - started;
        let blob: Blob = call_method(&file, "getFile", &[])
            .await
            .unwrap()
            .unchecked_into();
        let backup_peak = take_peak_mb() - heap_before;
        assert_eq!(report.left_out, 0);
        drop(store);
        delete_book(book_id).await.unwrap();
        let heap_before = heap_mb();
        let started = js_sys::Date::now();
        restore_backup(&blob, passphrase, &|_, _| {}).await.unwrap();
        let restored = js_sys::Date::now() - started;
        let restore_peak = take_peak_mb() - heap_before;
        console_log!(
            "{}: file {:.1} MB, backup {:.0} ms (heap peak +{:.0} MB), restore {:.0} ms (heap peak +{:.0} MB), wasm memory {:.0} MB",
            if passphrase.is_some() { "encrypted" } else { "plain" },
            blob.size() / 1e6,
            written,
            backup_peak,
            restored,
            restore_peak,
            memory()
        );
    }
    let restored = IdbStore::open(book_id).await.unwrap();
    assert_eq!(restored.load_book().await.unwrap().book, book);
    merge_a_file_of_changes(&restored, book).await;
    drop(restored);
    delete_book(book_id).await.unwrap();
}

/// A file of the origin's private file system opened for writing, and its
/// handle: the benchmark writes its backups there, as the app writes to the
/// automatic backup folder. (In the test runner's Chromium a Blob of more
/// than about 600 MB cannot be read back; a file on disk can.)
async fn private_file(name: &str) -> (FileSink, JsValue) {
    let storage: JsValue = web_sys::window().unwrap().navigator().storage().into();
    let root = call_method(&storage, "getDirectory", &[]).await.unwrap();
    let create = js_sys::Object::new();
    js_sys::Reflect::set(&create, &"create".into(), &JsValue::TRUE).unwrap();
    let args = [JsValue::from_str(name), create.into()];
    let file = call_method(&root, "getFileHandle", &args).await.unwrap();
    let writable = call_method(&file, "createWritable", &[]).await.unwrap();
    (FileSink::stream(writable), file)
}

/// A file of 10,000 changes from another device merged into the stored book
/// the way the Sync page does it: read and check the file, choose the sets the
/// book lacks, commit them in one transaction, fold them in.
async fn merge_a_file_of_changes(store: &IdbStore, mut book: Book) {
    let sets = changes_from_another_device(&book, 10_000, 100, 10);
    let seen = book
        .seen()
        .into_iter()
        .chain(sets.last().map(|set| set.stamp))
        .collect();
    let file = BookFile {
        header: BookFileHeader {
            kind: FileKind::Changes,
            seen,
            ..header_of(&book)
        },
        change_sets: sets,
        attachments: Vec::new(),
    };
    let bytes = kura_core::files::backup::write_book_file(&file, None, &mut |_, _| {}).unwrap();
    let chosen = blob_of(&bytes);
    let started = js_sys::Date::now();
    let read = read_whole_file(open_book_file(&chosen).await.unwrap(), None)
        .await
        .unwrap();
    let fresh = new_sets(&book, read.change_sets);
    let checked = js_sys::Date::now();
    store.commit_many(&fresh, &[]).await.unwrap();
    let committed = js_sys::Date::now();
    let report = merge(&mut book, &fresh, &read.header.seen);
    let merged = js_sys::Date::now();
    assert_eq!(report.merged, fresh.len());
    console_log!(
        "merge of 10,000 changes ({:.1} MB file): read and choose {:.0} ms, commit {:.0} ms, fold {:.0} ms",
        bytes.len() as f64 / 1e6,
        checked - started,
        committed - checked,
        merged - committed
    );
    assert_eq!(store.load_book().await.unwrap().book, book);
}
