//! How long saving and opening a real book take in the browser: IndexedDB, the
//! wasm chunk decoder, the fold and the reports together, in headless Chromium.
//! The native benches (`core/benches/`) measure the pure-Rust part alone; this one
//! shows what a user waits for.
//!
//! Not part of `cargo test` (`test = false` in Cargo.toml): `scripts/bench.sh` runs
//! it with `--release` (the shipped profile) and `-- --nocapture`, without which the
//! runner prints the console output of failing tests only. The book is the demo
//! book of N journal entries over 4 years (`kura_core::demo`, the generator of the
//! native benches and of "Create a demo book"); N is read at compile time from
//! `KURA_BENCH_ENTRIES` (100,000 by default).
//!
//! Three tests, which `scripts/bench.sh` runs one per page load, in a Chromium
//! profile kept between them, so the book written by one is opened by a fresh
//! page (and a fresh wasm memory) in the next:
//! - `save_one_set_per_transaction`: 1,000 [`Store::commit`]s, the path of every
//!   user action: mean, median, 95th percentile and worst ms per commit; then
//!   [`Store::compact`] of that 1,000-row tail.
//! - `save_through_the_write_path`: 1,000 saves of a small change through the
//!   app's write path ([`OpenBook::write`]: the Web Lock, the revision check in
//!   the commit's transaction, the fold, the message to other tabs), every
//!   other one with `navigator.locks` hidden, so the lock's cost shows beside
//!   the same path without it.
//! - `store_the_demo_book`: generates the book and writes it as an import would,
//!   1,000 sets per [`IdbStore::commit_many`], each batch then packed by
//!   [`Store::compact`] into one chunk.
//! - `open_the_demo_book`, what `app::session` does and the first screen after it:
//!   [`IdbStore::open`], [`Store::load_book`] (read every chunk and the tail,
//!   decode and fold them chunk by chunk) and the trial balance of all years, then
//!   the memory, the other reports, the split of `load_book` into reading the
//!   chunks and decoding them (the rest is the fold), and the open once more in
//!   the same page. It leaves the book as it found it, so it can run again in
//!   another fresh page. Run alone, it first writes the book itself (its memory
//!   figures then include that).
//!
//! Memory: *wasm memory* is the linear memory, which never shrinks (the page's
//! high-water mark); *heap* counts what Rust has allocated (a counting allocator
//! in this test binary): live after the open, and the peak while opening. The JS
//! heap (`performance.memory`, Chromium only) is coarse and lags collection.
#![cfg(target_arch = "wasm32")]

mod counting_alloc;

use chrono::NaiveDate;
use counting_alloc::{heap_mb, take_peak_mb};
use indexed_db_futures::database::Database;
use indexed_db_futures::factory::DBFactory;
use indexed_db_futures::prelude::*;
use kura::app::OpenBook;
use kura::storage::schema::{db_name, CHUNKS};
use kura::storage::{delete_book, IdbStore};
use kura_core::book::Book;
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::ids::RecordId;
use kura_core::money::Currency;
use kura_core::reports::{
    balance_sheet, general_ledger, general_ledger_page, journal, journal_page,
    monthly_profit_and_loss, profit_and_loss, tax_return, tax_summary, trial_balance, Period,
    ReturnChoices,
};
use kura_core::store::conformance::sample_set;
use kura_core::store::{decode_chunk, Store};
use kura_core::sync::ChangeSet;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Change sets per `commit_many` batch and per chunk while writing the book.
const BATCH: usize = 1_000;
/// Single commits timed on the save path.
const COMMITS: usize = 1_000;
/// Fiscal years of the demo book, from 2023.
const YEARS: u32 = 4;

/// N, the journal entries of the book that is opened.
fn book_entries() -> usize {
    option_env!("KURA_BENCH_ENTRIES").map_or(100_000, |n| {
        n.replace('_', "")
            .parse()
            .expect("KURA_BENCH_ENTRIES is a number of entries")
    })
}

/// The bench book's id: the same in every page load, one book per size.
fn book_id() -> RecordId {
    RecordId::from_parts(1_700_000_000_000, book_entries() as u128)
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date")
}

/// Milliseconds since the page loaded, to a few microseconds.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("a page with performance.now()")
        .now()
}

/// `performance.memory.usedJSHeapSize` in MB, where the browser exposes it.
fn js_heap() -> String {
    let used = (|| {
        let performance = web_sys::window()?.performance()?;
        let memory = js_sys::Reflect::get(&performance, &"memory".into()).ok()?;
        js_sys::Reflect::get(&memory, &"usedJSHeapSize".into())
            .ok()?
            .as_f64()
    })();
    used.map_or_else(|| "n/a".into(), |bytes| format!("{:.1} MB", bytes / 1e6))
}

/// The wasm linear memory in MB.
fn wasm_memory_mb() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    f64::from(buffer.byte_length()) / 1e6
}

/// Runs `f` five times: the first run's ms, the best, and the last result.
fn timed<T>(mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let started = now();
    let mut result = f();
    let first = now() - started;
    let mut best = first;
    for _ in 0..4 {
        let started = now();
        result = f();
        best = best.min(now() - started);
    }
    (first, best, result)
}

#[wasm_bindgen_test]
async fn save_one_set_per_transaction() {
    let id = RecordId::from_parts(js_sys::Date::now() as u64, 1);
    let store = IdbStore::create_empty(id).await.expect("a fresh book db");
    let mut times = Vec::with_capacity(COMMITS);
    for set in (0..COMMITS as u64).map(|n| sample_set(n, "山田商店")) {
        let started = now();
        store.commit(&set).await.expect("commit");
        times.push(now() - started);
    }
    assert_eq!(store.tail_len().await.unwrap(), COMMITS);
    let started = now();
    assert_eq!(store.compact().await.expect("compact"), COMMITS);
    let compact = now() - started;
    console_log!("commit {COMMITS} sets, 1 tx each  {}", spread(times));
    console_log!("compact the {COMMITS}-row tail         {compact:>8.1} ms");
    drop(store);
    delete_book(id).await.expect("the bench book is deleted");
}

/// Mean, median, 95th percentile and worst of some ms figures.
fn spread(mut times: Vec<f64>) -> String {
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    format!(
        "{mean:>8.3} ms each, mean; {:.3} median, {:.3} p95, {:.3} max",
        at(0.5),
        at(0.95),
        at(1.0)
    )
}

/// Hides `navigator.locks` (as in a browser without Web Locks) or shows it again.
fn hide_web_locks(hide: bool) {
    let navigator: js_sys::Object = web_sys::window().unwrap().navigator().unchecked_into();
    if hide {
        let hidden = js_sys::Object::new();
        js_sys::Reflect::set(&hidden, &"value".into(), &JsValue::UNDEFINED).unwrap();
        js_sys::Reflect::set(&hidden, &"configurable".into(), &JsValue::TRUE).unwrap();
        js_sys::Object::define_property(&navigator, &"locks".into(), &hidden);
    } else {
        js_sys::Reflect::delete_property(&navigator, &"locks".into()).unwrap();
    }
}

#[wasm_bindgen_test]
async fn save_through_the_write_path() {
    let id = RecordId::from_parts(js_sys::Date::now() as u64, 2);
    IdbStore::create(id, &sample_set(0, "山田商店"))
        .await
        .expect("a fresh book db");
    let (open, _) = OpenBook::open(id).await.expect("the book opens");
    let (mut locked, mut unlocked) = (Vec::new(), Vec::new());
    for n in 1..=COMMITS as u64 {
        let without_lock = n % 2 == 0;
        hide_web_locks(without_lock);
        let started = now();
        open.write(|_, ctx| {
            let changes = sample_set(n, &format!("山田商店 {n}")).changes;
            Ok::<_, ()>(ChangeSet {
                id: ctx.set_id,
                stamp: ctx.stamp,
                changes,
                link: None,
            })
        })
        .await
        .expect("saved");
        let took = now() - started;
        hide_web_locks(false);
        if without_lock {
            unlocked.push(took);
        } else {
            locked.push(took);
        }
    }
    console_log!("save, write path, Web Lock   {}", spread(locked));
    console_log!("save, write path, no lock    {}", spread(unlocked));
    open.close();
    delete_book(id).await.expect("the bench book is deleted");
}

/// Generates the demo book and writes it in batches, each packed into a chunk.
async fn store_book() {
    let entries = book_entries();
    delete_book(book_id()).await.expect("no old bench book");
    let started = now();
    let sets = demo_book(
        42,
        YEARS,
        entries / YEARS as usize,
        start(),
        &mut sequential_ids(1_672_531_200_000),
    );
    let generated = now();
    let store = IdbStore::create_empty(book_id())
        .await
        .expect("a fresh book db");
    for batch in sets.chunks(BATCH) {
        store.commit_many(batch, &[]).await.expect("commit_many");
        assert_eq!(store.compact().await.expect("compact"), batch.len());
    }
    let stored = now();
    console_log!(
        "entries                          {entries} in {} change sets",
        sets.len()
    );
    console_log!(
        "generate                         {:>8.1} ms",
        generated - started
    );
    console_log!(
        "store (commit_many + compact)    {:>8.1} ms, {:.0} sets/s, {:.0} entries/s",
        stored - generated,
        sets.len() as f64 / ((stored - generated) / 1e3),
        entries as f64 / ((stored - generated) / 1e3)
    );
    console_log!(
        "wasm memory after storing        {:>8.1} MB",
        wasm_memory_mb()
    );
}

#[wasm_bindgen_test]
async fn store_the_demo_book() {
    store_book().await;
}

/// Whether an earlier page load stored the book (looked up without opening it, so
/// the timed open is the first).
async fn book_is_stored() -> bool {
    let factory = DBFactory::new().expect("IndexedDB");
    let name = db_name(book_id());
    let mut databases = factory
        .databases()
        .expect("databases()")
        .await
        .expect("the database list");
    databases.any(|d| d.is_ok_and(|d| d.name() == name))
}

#[wasm_bindgen_test]
async fn open_the_demo_book() {
    if !book_is_stored().await {
        console_log!("(no stored book: writing it first, in this page)");
        store_book().await;
    }
    take_peak_mb();
    let heap_before = heap_mb();
    let started = now();
    let store = IdbStore::open(book_id()).await.expect("the book opens");
    let opened = now();
    let book = store.load_book().await.expect("the book loads").book;
    let loaded = now();
    let peak_loading = take_peak_mb();
    let last = book.entries().next_back().expect("entries").date();
    let everything = Period::new(start(), last).expect("a period");
    let tb = trial_balance(&book, everything);
    let shown = now();
    assert_eq!(
        book.entry_count(),
        book_entries() / YEARS as usize * YEARS as usize
    );
    assert!(tb.totals.debit > rust_decimal::Decimal::ZERO);

    console_log!(
        "entries                          {} ({} change sets)",
        book.entry_count(),
        book.change_set_count()
    );
    console_log!(
        "IdbStore::open                   {:>8.1} ms",
        opened - started
    );
    console_log!(
        "load_book (read, decode, fold)   {:>8.1} ms",
        loaded - opened
    );
    console_log!(
        "trial balance, first             {:>8.1} ms ({} rows)",
        shown - loaded,
        tb.rows.len()
    );
    console_log!(
        "open + trial balance             {:>8.1} ms",
        shown - started
    );
    console_log!(
        "wasm memory after open           {:>8.1} MB (high-water mark of this page)",
        wasm_memory_mb()
    );
    console_log!(
        "heap: the book                   {:>8.1} MB live; {:.1} MB peak while loading",
        heap_mb() - heap_before,
        peak_loading - heap_before
    );
    console_log!("JS heap used after open          {:>8}", js_heap());

    reports(&book, everything);
    split_load(&book).await;
    drop(book);
    open_again(&store, everything).await;
}

/// The reports over the loaded book, each timed five times: the first call (the
/// first after the open, the trial balance's apart) and the best. The screens'
/// reports: the trial balance, the last year's P&L, the balance sheet, the
/// monthly P&L, the tax summary with the return, the first page (100 rows) of
/// the busiest account's general ledger and of the last year's journal; then
/// the whole ledger and journal (CSV and print).
fn reports(book: &Book, everything: Period) {
    let line = |name: &str, (first, best): (f64, f64)| {
        console_log!("{name:<33}{first:>8.2} ms first, {best:.2} ms best of 5");
    };
    let (first, best, _) = timed(|| trial_balance(book, everything));
    line("trial balance (again)", (first, best));
    let year = Period::book_fiscal_year(book, everything.to);
    let (first, best, _) = timed(|| profit_and_loss(book, year));
    line("P&L of the last year", (first, best));
    let (first, best, _) = timed(|| balance_sheet(book, everything.to));
    line("balance sheet", (first, best));
    let (first, best, _) = timed(|| monthly_profit_and_loss(book, year.from));
    line("monthly P&L of the last year", (first, best));
    let (first, best, _) = timed(|| {
        let summary = tax_summary(book, year);
        tax_return(&summary, Currency::JPY, &ReturnChoices::default()).is_ok()
    });
    line("tax summary + return", (first, best));
    let mut counts = std::collections::HashMap::<RecordId, usize>::new();
    for line in book
        .entries()
        .filter(|e| e.is_posted())
        .flat_map(|e| e.lines())
    {
        *counts.entry(line.account).or_default() += 1;
    }
    let (busiest, lines) = counts
        .into_iter()
        .max_by_key(|(id, n)| (*n, *id))
        .expect("a posted line");
    let (first, best, _) = timed(|| general_ledger_page(book, busiest, everything, 0, 100));
    line("general ledger, first 100 rows", (first, best));
    let (first, best, _) = timed(|| journal_page(book, year, 0, 100));
    line("journal, first 100 entries", (first, best));
    let (first, best, _) = timed(|| general_ledger(book, busiest, everything));
    line(
        &format!("general ledger whole ({lines} lines)"),
        (first, best),
    );
    let (first, best, _) = timed(|| journal(book, year));
    line("journal of the last year, whole", (first, best));
}

/// `load_book` in parts: reading every chunk from IndexedDB (`getAll`), copying
/// and decoding them alone; the rest of `load_book` is the fold.
async fn split_load(book: &Book) {
    let db = Database::open(db_name(book_id()).as_str())
        .await
        .expect("raw open");
    let started = now();
    let tx = db.transaction(CHUNKS).build().expect("read tx");
    let chunks: Vec<JsValue> = tx
        .object_store(CHUNKS)
        .expect("chunks store")
        .get_all::<JsValue>()
        .primitive()
        .expect("getAll")
        .await
        .expect("chunks read")
        .collect::<Result<_, _>>()
        .expect("chunk values");
    let read = now();
    let mut bytes = 0;
    let mut sets = 0;
    for chunk in &chunks {
        let chunk = chunk
            .dyn_ref::<js_sys::Uint8Array>()
            .expect("binary chunks")
            .to_vec();
        bytes += chunk.len();
        sets += decode_chunk(&chunk).expect("chunks decode").len();
    }
    let decoded = now();
    assert_eq!(sets, book.change_set_count());
    console_log!(
        "  of which chunk read alone      {:>8.1} ms ({:.1} MB in {} chunks)",
        read - started,
        bytes as f64 / 1e6,
        chunks.len()
    );
    console_log!(
        "  of which copy + decode alone   {:>8.1} ms",
        decoded - read
    );
    drop(tx);
    db.close();
}

/// The open once more in the same page: the code is compiled and optimised by now
/// and the memory is reused, where the first open paid for both (fresh wasm
/// memory is slow to touch the first time on some machines, this one included).
async fn open_again(store: &IdbStore, everything: Period) {
    let started = now();
    let book = store.load_book().await.expect("the book loads").book;
    let loaded = now();
    trial_balance(&book, everything);
    console_log!(
        "again, same page: load_book {:.1} ms + trial balance {:.1} ms = {:.1} ms",
        loaded - started,
        now() - loaded,
        now() - started
    );
}
