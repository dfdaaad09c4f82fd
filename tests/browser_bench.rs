//! How long saving and opening a book take in the browser: IndexedDB, the wasm
//! decoder and the fold together, in headless Chromium, on fresh book databases.
//! The native bench (`core/benches/open_book.rs`) measures the pure-Rust part alone;
//! this one shows what a user waits for.
//!
//! Not part of `cargo test` (`test = false` in Cargo.toml): `scripts/bench.sh` runs
//! it with `--release` (the shipped profile) and `-- --nocapture`, without which the
//! runner prints the console output of failing tests only. The book size N is read
//! at compile time from `KURA_BENCH_SETS` (100,000 by default).
//!
//! Figures, in the order printed:
//! - **commit**: 1,000 change sets, one [`Store::commit`] transaction each (the save
//!   path): mean, median, 95th percentile and worst ms per commit.
//! - **build**: writing N sets as an import would, 1,000 per
//!   [`IdbStore::commit_many`] transaction, each batch then packed by
//!   [`Store::compact`] into one chunk (1,000 sets a chunk, as the native bench).
//! - **open**, what `app::session` does: [`IdbStore::open`], [`Store::load`] (read
//!   every chunk and the tail, decode them) and [`Book::from_change_sets`] (fold),
//!   and their sum. Then, to split `load`: reading the chunks alone (IndexedDB
//!   `getAll` into Rust strings) and decoding them alone.
//! - **memory** after the open: the JS heap (`performance.memory.usedJSHeapSize`,
//!   Chromium only and coarse) and the wasm linear memory, which never shrinks, so
//!   it is the high-water mark of everything before it.
//! - **compact**: packing a full tail (`TAIL_LIMIT` rows) into a chunk.
//!
//! Until the books capability adds journal entries, each change set renames the
//! book (`sample_set`), as in the native bench: the figures measure storage, the
//! codec and the fold, not a report.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use kura::storage::schema::{db_name, CHUNKS};
use kura::storage::{delete_book, IdbStore};
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::store::conformance::sample_set;
use kura_core::store::{decode_chunk, Store, TAIL_LIMIT};
use kura_core::sync::ChangeSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Sets per `commit_many` batch and per chunk while building the book.
const BATCH: u64 = 1_000;
/// Single commits timed on the save path.
const COMMITS: usize = 1_000;

/// N, the size of the book that is opened.
fn book_sets() -> u64 {
    option_env!("KURA_BENCH_SETS").map_or(100_000, |n| {
        n.parse()
            .expect("KURA_BENCH_SETS is a number of change sets")
    })
}

/// Milliseconds since the page loaded, to a few microseconds.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("a page with performance.now()")
        .now()
}

/// A book id no other run uses.
fn fresh_id() -> RecordId {
    let random = (js_sys::Math::random() * 1e15) as u128;
    RecordId::from_parts(js_sys::Date::now() as u64, random)
}

/// `performance.memory.usedJSHeapSize` in MB, where the browser exposes it.
fn js_heap_mb() -> Option<f64> {
    let performance = web_sys::window()?.performance()?;
    let memory = js_sys::Reflect::get(&performance, &"memory".into()).ok()?;
    let used = js_sys::Reflect::get(&memory, &"usedJSHeapSize".into()).ok()?;
    used.as_f64().map(|bytes| bytes / 1e6)
}

/// The wasm linear memory in MB.
fn wasm_memory_mb() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    f64::from(buffer.byte_length()) / 1e6
}

fn sets(range: std::ops::Range<u64>) -> Vec<ChangeSet> {
    range.map(|n| sample_set(n, "山田商店")).collect()
}

#[wasm_bindgen_test]
async fn bench_committing_one_set_per_transaction() {
    let id = fresh_id();
    let store = IdbStore::create_empty(id).await.expect("a fresh book db");
    let mut times = Vec::with_capacity(COMMITS);
    for set in sets(0..COMMITS as u64) {
        let started = now();
        store.commit(&set).await.expect("commit");
        times.push(now() - started);
    }
    assert_eq!(store.tail_len().await.unwrap(), COMMITS);
    let total: f64 = times.iter().sum();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    console_log!(
        "commit {COMMITS} sets, 1 tx each  {:>8.3} ms/commit mean, {:.3} median, {:.3} p95, {:.3} max ({:.0} ms total)",
        total / COMMITS as f64,
        at(0.5),
        at(0.95),
        at(1.0),
        total
    );
    drop(store);
    delete_book(id).await.expect("the bench book is deleted");
}

#[wasm_bindgen_test]
async fn bench_opening_a_packed_book() {
    let count = book_sets();
    let id = fresh_id();
    console_log!("change sets                      {count}");

    let started = now();
    let store = IdbStore::create_empty(id).await.expect("a fresh book db");
    for first in (0..count).step_by(BATCH as usize) {
        let batch = sets(first..(first + BATCH).min(count));
        store.commit_many(&batch).await.expect("commit_many");
        assert_eq!(store.compact().await.expect("compact"), batch.len());
    }
    drop(store);
    let build = now() - started;
    console_log!(
        "build (commit_many + compact)    {build:>8.1} ms, {:.0} sets/s",
        count as f64 / (build / 1e3)
    );

    let started = now();
    let store = IdbStore::open(id).await.expect("the book opens");
    let opened = now();
    let loaded = store.load().await.expect("the book loads");
    let read = now();
    let book = Book::from_change_sets(&loaded);
    let folded = now();
    assert_eq!(
        book.change_set_count() as u64,
        count,
        "every set is in the book"
    );
    console_log!(
        "IdbStore::open                   {:>8.1} ms",
        opened - started
    );
    console_log!("load (read + decode)             {:>8.1} ms", read - opened);
    console_log!("fold into Book                   {:>8.1} ms", folded - read);
    console_log!(
        "open (open + load + fold)        {:>8.1} ms",
        folded - started
    );
    match js_heap_mb() {
        Some(mb) => console_log!("JS heap used after open          {mb:>8.1} MB"),
        None => console_log!("JS heap used after open               n/a (no performance.memory)"),
    }
    console_log!(
        "wasm memory after open           {:>8.1} MB",
        wasm_memory_mb()
    );
    drop((book, loaded));

    let db = Database::open(db_name(id).as_str())
        .await
        .expect("raw open");
    let started = now();
    let tx = db.transaction(CHUNKS).build().expect("read tx");
    let chunks: Vec<String> = tx
        .object_store(CHUNKS)
        .expect("chunks store")
        .get_all::<String>()
        .primitive()
        .expect("getAll")
        .await
        .expect("chunks read")
        .collect::<Result<_, _>>()
        .expect("chunks are strings");
    let read = now();
    let decoded: usize = chunks
        .iter()
        .map(|c| decode_chunk(c).expect("chunks decode").len())
        .sum();
    let decode = now() - read;
    assert_eq!(decoded as u64, count);
    let bytes: usize = chunks.iter().map(String::len).sum();
    console_log!(
        "  of which chunk read alone      {:>8.1} ms ({:.1} MB in {} chunks)",
        read - started,
        bytes as f64 / 1e6,
        chunks.len()
    );
    console_log!("  of which decode alone          {decode:>8.1} ms");
    drop(tx);
    db.close();

    store
        .commit_many(&sets(count..count + TAIL_LIMIT as u64))
        .await
        .expect("a full tail");
    let started = now();
    assert_eq!(store.compact().await.expect("compact"), TAIL_LIMIT);
    console_log!(
        "compact a {TAIL_LIMIT}-row tail           {:>8.1} ms",
        now() - started
    );
    drop(store);
    delete_book(id).await.expect("the bench book is deleted");
}
