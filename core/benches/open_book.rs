//! How long opening a book takes natively, for the part that is pure Rust:
//! decoding the packed change log and folding it into memory.
//!
//! `cargo bench -p kura-core --features testing --bench open_book [-- N]` prints the figures
//! for N change sets (100,000 by default), packed 1,000 to a chunk like the IndexedDB store
//! packs them. Until the books capability adds journal entries, each change set renames
//! the book: the figures measure the codec and the fold, not a report.

use std::time::Instant;

use kura_core::book::Book;
use kura_core::store::conformance::sample_set;
use kura_core::store::{decode_chunk, encode_chunk};
use kura_core::sync::ChangeSet;

fn main() {
    let count: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let sets: Vec<ChangeSet> = (0..count).map(|n| sample_set(n, "山田商店")).collect();

    let started = Instant::now();
    let chunks: Vec<String> = sets.chunks(1_000).map(encode_chunk).collect();
    let encoded = started.elapsed();
    let bytes: usize = chunks.iter().map(String::len).sum();

    let started = Instant::now();
    let decoded: Vec<ChangeSet> = chunks
        .iter()
        .flat_map(|c| decode_chunk(c).expect("chunks decode"))
        .collect();
    let decode = started.elapsed();

    let started = Instant::now();
    let book = Book::from_change_sets(&decoded);
    let fold = started.elapsed();
    assert_eq!(book.change_set_count() as u64, count);

    println!("change sets        {count}");
    println!(
        "packed size        {:.1} MB in {} chunks",
        bytes as f64 / 1e6,
        chunks.len()
    );
    println!("encode             {:>8.1} ms", encoded.as_secs_f64() * 1e3);
    println!("decode             {:>8.1} ms", decode.as_secs_f64() * 1e3);
    println!("fold into Book     {:>8.1} ms", fold.as_secs_f64() * 1e3);
    println!(
        "open (decode+fold) {:>8.1} ms",
        (decode + fold).as_secs_f64() * 1e3
    );
}
