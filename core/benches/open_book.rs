//! The chunk codec and the fold natively, on the change log of a generated demo
//! book: both chunk formats (binary, written today; JSON, Kura's first, still
//! read), their size, encode and decode times, and the fold into a `Book`.
//!
//! `cargo bench -p kura-core --features testing --bench open_book [-- N]` prints the
//! figures for N journal entries (100,000 by default) over 4 fiscal years, the log
//! packed 1,000 change sets to a chunk as the IndexedDB store packs it. Then what
//! the checks at write time cost: a row parsed back before it is stored
//! (`encode_row`), a chunk decoded and compared before it is stored
//! (`pack_chunks`), against writing them unchecked.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::store::{
    chunk_sets, decode_chunk, encode_chunk, encode_json_chunk, encode_row, pack_chunks,
};
use kura_core::sync::ChangeSet;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Packs `sets` with `encode`, then decodes every chunk; prints one row.
fn measure(name: &str, sets: &[ChangeSet], encode: impl Fn(&[ChangeSet]) -> Vec<u8>) {
    let started = Instant::now();
    let chunks: Vec<Vec<u8>> = sets.chunks(1_000).map(encode).collect();
    let encoded = started.elapsed();
    // Best of three: the first pass also pays for the memory it touches first.
    let decode = (0..3)
        .map(|_| {
            let started = Instant::now();
            let decoded: usize = chunks
                .iter()
                .map(|c| decode_chunk(c).expect("chunks decode").len())
                .sum();
            assert_eq!(decoded, sets.len());
            started.elapsed()
        })
        .min()
        .expect("three runs");
    let bytes: usize = chunks.iter().map(Vec::len).sum();
    println!(
        "{name:<7} {:>7.1} MB {:>9.1} ms {:>9.1} ms",
        bytes as f64 / 1e6,
        ms(encoded),
        ms(decode)
    );
}

fn main() {
    let entries: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
    let sets = demo_book(
        42,
        4,
        entries / 4,
        start,
        &mut sequential_ids(1_672_531_200_000),
    );
    println!(
        "entries {entries} in {} change sets, 1,000 sets a chunk",
        sets.len()
    );
    println!("format     packed      encode      decode (best of 3)");
    measure("binary", &sets, encode_chunk);
    measure("JSON", &sets, |s| encode_json_chunk(s).into_bytes());
    measure("checked", &sets, |s| {
        let mut chunks = pack_chunks(s).expect("the demo packs");
        assert_eq!(chunks.len(), 1, "a thousand demo sets fit one chunk");
        chunks.remove(0).0
    });
    let time = |write: &dyn Fn(&ChangeSet) -> String| {
        let started = Instant::now();
        let bytes: usize = sets.iter().map(|s| write(s).len()).sum();
        (started.elapsed(), bytes)
    };
    let (plain, bytes) = time(&|s| serde_json::to_string(s).expect("serializes"));
    let (checked, _) = time(&|s| encode_row(s).expect("reads back"));
    println!(
        "rows ({:.1} MB): written {:.1} ms, written and read back {:.1} ms",
        bytes as f64 / 1e6,
        ms(plain),
        ms(checked)
    );

    let chunks: Vec<Vec<u8>> = sets.chunks(1_000).map(encode_chunk).collect();
    let decoded = sets.clone();
    let started = Instant::now();
    let mut book = Book::default();
    for set in decoded {
        book.apply_owned(set);
    }
    let fold = started.elapsed();
    drop(book);

    let started = Instant::now();
    let mut book = Book::default();
    for chunk in &chunks {
        for set in chunk_sets(chunk).expect("a chunk") {
            book.apply_owned(set.expect("a set"));
        }
    }
    let open = started.elapsed();
    assert_eq!(book.entry_count(), entries / 4 * 4);
    println!(
        "fold into Book (of sets already decoded)               {:>8.1} ms",
        ms(fold)
    );
    println!(
        "open: binary chunks decoded and folded set by set      {:>8.1} ms",
        ms(open)
    );
}
