//! How long the books take natively on a generated demo book: generating it,
//! packing and unpacking its change log, folding it into a `Book`, and the
//! reports over it (trial balance, the last fiscal year's P&L, the balance
//! sheet, the monthly P&L, the tax summary, the general ledger of the busiest
//! account whole and its first page, the last year's journal whole and its
//! first page), plus the hledger export. Each report is timed on its first call
//! after the open and at its best of five.
//!
//! `cargo bench -p kura-core --features testing --bench reports [-- N] [--years Y] [--journal PATH]`
//!
//! - `N`: journal entries (100,000 by default: about 260,000 lines), over `Y`
//!   fiscal years (4 by default, so N / Y entries a year), from 2023-01-01.
//! - `--journal PATH`: also writes the book's hledger journal there, for
//!   `ledger -f PATH bal` and `hledger -f PATH bal` to compare against.
//! - `--log PATH`: also writes the packed change log there (each chunk as a
//!   4-byte little-endian length and its bytes), for `--open`.
//! - `--open PATH`: does nothing but what opening a book and showing its trial
//!   balance does, from the log written by `--log`: read it, decode and fold it,
//!   compute the trial balance of all years. `scripts/bench.sh` runs it under
//!   `/usr/bin/time` next to `ledger -f … bal`: the same work on the same entries,
//!   wall time and peak memory of a whole process each.
//!
//! The change log is packed 1,000 change sets to a chunk in the binary format, as
//! the IndexedDB store packs it, and opened as the store opens it: each chunk's sets
//! folded into the book as they are decoded. *decode* alone is timed apart; *fold*
//! is the open less the decode. The demo generator writes one change set per day for the day's
//! ordinary entries (plus one per correction, draft and correctable purchase), so
//! a chunk holds far more entries than a user's one-action-per-set log would; the
//! bytes and the decode work are the same either way.
//!
//! Peak memory is the process's high-water mark (`VmHWM` in /proc/self/status,
//! Linux only), read after each stage: it includes everything still alive.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::export::hledger::to_hledger_journal;
use kura_core::ids::RecordId;
use kura_core::money::Currency;
use kura_core::reports::{
    balance_sheet, general_ledger, general_ledger_page, journal, journal_page,
    monthly_profit_and_loss, profit_and_loss, tax_return, tax_summary, trial_balance, Period,
    ReturnChoices,
};
use kura_core::store::{chunk_sets, decode_chunk, encode_chunk};

struct Args {
    entries: usize,
    years: u32,
    journal: Option<String>,
    log: Option<String>,
    open: Option<String>,
}

fn args() -> Args {
    let mut parsed = Args {
        entries: 100_000,
        years: 4,
        journal: None,
        log: None,
        open: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--journal" => parsed.journal = args.next(),
            "--log" => parsed.log = args.next(),
            "--open" => parsed.open = args.next(),
            "--years" => {
                parsed.years = args.next().and_then(|y| y.parse().ok()).unwrap_or(4).max(1)
            }
            other => {
                if let Ok(n) = other.replace('_', "").parse() {
                    parsed.entries = n;
                }
            }
        }
    }
    parsed
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The process's peak resident memory so far, in MB (Linux), if readable.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn peak() -> String {
    peak_mb().map_or_else(|| "n/a".to_string(), |mb| format!("{mb:.0} MB"))
}

/// Opens the packed log as the store does: every set folded in as it is decoded.
fn open(chunks: &[Vec<u8>]) -> Book {
    let mut book = Book::default();
    for chunk in chunks {
        for set in chunk_sets(chunk).expect("a chunk") {
            book.apply_owned(set.expect("a set"));
        }
    }
    book
}

fn write_log(path: &str, chunks: &[Vec<u8>]) {
    let mut bytes = Vec::new();
    for chunk in chunks {
        bytes.extend_from_slice(&(chunk.len() as u32).to_le_bytes());
        bytes.extend_from_slice(chunk);
    }
    std::fs::write(path, bytes).expect("the log path is writable");
}

fn read_log(path: &str) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).expect("a log written by --log");
    let mut chunks = Vec::new();
    let mut rest = bytes.as_slice();
    while let Some((len, tail)) = rest.split_first_chunk::<4>() {
        let (chunk, tail) = tail.split_at(u32::from_le_bytes(*len) as usize);
        chunks.push(chunk.to_vec());
        rest = tail;
    }
    chunks
}

/// Every day from `start` to the book's last entry.
fn all_years(book: &Book, start: NaiveDate) -> Period {
    let last = book.entries().next_back().map_or(start, |e| e.date());
    Period::new(start, last).expect("a period")
}

/// `--open`: read the log, open the book, show its trial balance; nothing else.
fn open_and_show(path: &str, start: NaiveDate) {
    let started = Instant::now();
    let chunks = read_log(path);
    let read = started.elapsed();
    let book = open(&chunks);
    drop(chunks);
    let opened = started.elapsed();
    let tb = trial_balance(&book, all_years(&book, start));
    let done = started.elapsed();
    println!(
        "kura open + trial balance: {:.1} ms (read {:.1}, decode and fold {:.1}, trial balance {:.1}); {} entries, {} rows, peak memory {}",
        ms(done),
        ms(read),
        ms(opened - read),
        ms(done - opened),
        book.entry_count(),
        tb.rows.len(),
        peak()
    );
    // The process ends here: freeing the book piece by piece would only add to the
    // wall time measured around it, which is meant to be the wait for the report.
    std::mem::forget(book);
}

/// Runs `f` five times; the first run's time, the best time, and the last result.
fn timed<T>(mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let started = Instant::now();
    let mut result = f();
    let first = started.elapsed();
    let mut best = first;
    for _ in 0..4 {
        let started = Instant::now();
        result = f();
        best = best.min(started.elapsed());
    }
    (first, best, result)
}

fn main() {
    let args = args();
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
    if let Some(path) = &args.open {
        return open_and_show(path, start);
    }
    let per_year = args.entries / args.years as usize;

    let started = Instant::now();
    let sets = demo_book(
        42,
        args.years,
        per_year,
        start,
        &mut sequential_ids(1_672_531_200_000),
    );
    let generate = started.elapsed();
    let peak_generated = peak();

    let set_count = sets.len();

    let started = Instant::now();
    let chunks: Vec<Vec<u8>> = sets.chunks(1_000).map(encode_chunk).collect();
    let encode = started.elapsed();
    let bytes: usize = chunks.iter().map(Vec::len).sum();
    let largest = chunks.iter().map(Vec::len).max().unwrap_or(0);
    drop(sets);

    let started = Instant::now();
    for chunk in &chunks {
        drop(decode_chunk(chunk).expect("chunks decode"));
    }
    let decode = started.elapsed();

    let started = Instant::now();
    let book = open(&chunks);
    let opened = started.elapsed();
    let peak_opened = peak();
    if let Some(path) = &args.log {
        write_log(path, &chunks);
    }
    drop(chunks);

    let entries = book.entry_count();
    let lines: usize = book.entries().map(|e| e.lines().len()).sum();
    let everything = all_years(&book, start);

    let (tb_first, tb_best, tb) = timed(|| trial_balance(&book, everything));
    let year = Period::book_fiscal_year(&book, everything.to);
    let (pl_first, pl_best, pl) = timed(|| profit_and_loss(&book, year));
    let (bs_first, bs_best, bs) = timed(|| balance_sheet(&book, everything.to));
    let (mpl_first, mpl_best, mpl) = timed(|| monthly_profit_and_loss(&book, year.from));
    // The consumption-tax page: the year's summary and the return from it.
    let (tax_first, tax_best, tax) = timed(|| {
        let summary = tax_summary(&book, year);
        let figures = tax_return(&summary, Currency::JPY, &ReturnChoices::default());
        (summary.lines.len(), figures.map(|r| r.boxes.len()))
    });

    // The busiest account: the one with the most posted lines.
    let mut counts: std::collections::HashMap<RecordId, usize> = Default::default();
    for entry in book.entries().filter(|e| e.is_posted()) {
        for line in entry.lines() {
            *counts.entry(line.account).or_default() += 1;
        }
    }
    let (busiest, busiest_lines) = counts
        .into_iter()
        .max_by_key(|(id, n)| (*n, *id))
        .expect("a posted line");
    let busiest_name = book.account(busiest).map_or_else(
        || busiest.to_string(),
        |a| format!("{} {}", a.code, a.name_ja),
    );
    let (gl_first, gl_best, gl) = timed(|| general_ledger(&book, busiest, everything));
    // The first page (100 rows) of that ledger over all years, with its totals.
    let (glp_first, glp_best, glp) =
        timed(|| general_ledger_page(&book, busiest, everything, 0, 100));
    // The journal (仕訳帳) of the last year: whole, and its first page.
    let (jn_first, jn_best, jn) = timed(|| journal(&book, year));
    let (jnp_first, jnp_best, jnp) = timed(|| journal_page(&book, year, 0, 100));

    let started = Instant::now();
    let journal = to_hledger_journal(&book);
    let export = started.elapsed();
    if let Some(path) = &args.journal {
        std::fs::write(path, &journal).expect("the journal path is writable");
    }

    println!(
        "entries            {entries} ({per_year} a year × {} years, {lines} lines)",
        args.years
    );
    println!(
        "change sets        {set_count}, packed {:.1} MB in {} chunks of 1,000 sets (largest {:.1} MB)",
        bytes as f64 / 1e6,
        set_count.div_ceil(1_000),
        largest as f64 / 1e6
    );
    println!("generate           {:>8.1} ms", ms(generate));
    println!("encode             {:>8.1} ms", ms(encode));
    println!("decode alone       {:>8.1} ms", ms(decode));
    println!(
        "fold into Book     {:>8.1} ms (open less decode)",
        ms(opened.saturating_sub(decode))
    );
    println!("open (decode+fold) {:>8.1} ms", ms(opened));
    println!(
        "trial balance      {:>8.2} ms first, {:.2} ms best of 5 ({} rows, {} to {})",
        ms(tb_first),
        ms(tb_best),
        tb.rows.len(),
        everything.from,
        everything.to
    );
    println!(
        "P&L last year      {:>8.2} ms first, {:.2} ms best of 5 ({} to {}, net income {})",
        ms(pl_first),
        ms(pl_best),
        year.from,
        year.to,
        pl.net_income
    );
    println!(
        "balance sheet      {:>8.2} ms first, {:.2} ms best of 5 (as of {}, total assets {})",
        ms(bs_first),
        ms(bs_best),
        bs.as_of,
        bs.total_assets
    );
    println!(
        "monthly P&L        {:>8.2} ms first, {:.2} ms best of 5 ({} rows, net income {})",
        ms(mpl_first),
        ms(mpl_best),
        mpl.revenue.len() + mpl.expenses.len(),
        mpl.year_net_income
    );
    println!(
        "tax summary+return {:>8.2} ms first, {:.2} ms best of 5 ({} tax codes, {:?} boxes)",
        ms(tax_first),
        ms(tax_best),
        tax.0,
        tax.1.ok()
    );
    println!(
        "general ledger     {:>8.2} ms first, {:.2} ms best of 5 ({busiest_name}: {busiest_lines} lines, {} rows)",
        ms(gl_first),
        ms(gl_best),
        gl.rows.len()
    );
    println!(
        "ledger first page  {:>8.2} ms first, {:.2} ms best of 5 ({} of {} rows, closing {})",
        ms(glp_first),
        ms(glp_best),
        glp.rows.len(),
        glp.total_rows,
        glp.closing
    );
    println!(
        "journal first page {:>8.2} ms first, {:.2} ms best of 5 ({} of {} entries, debits {})",
        ms(jnp_first),
        ms(jnp_best),
        jnp.rows.len(),
        jnp.total_rows,
        jnp.debit
    );
    println!(
        "journal last year  {:>8.2} ms first, {:.2} ms best of 5 ({} entries, debits {})",
        ms(jn_first),
        ms(jn_best),
        jn.rows.len(),
        jn.debit
    );
    println!(
        "hledger export     {:>8.1} ms ({:.1} MB{})",
        ms(export),
        journal.len() as f64 / 1e6,
        args.journal
            .as_ref()
            .map_or(String::new(), |p| format!(", written to {p}"))
    );
    println!(
        "peak memory        {peak_generated} after generating, {peak_opened} after opening, {} at the end",
        peak()
    );
}
