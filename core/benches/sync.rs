//! Merging another device's file of changes into a large book, natively: a demo
//! book of N journal entries (100,000 by default, over 4 fiscal years) receives a
//! file of 10,000 changes from a second device — 9,900 new entries (copies of
//! the book's own, with new ids) and 100 edits of accounts' names, 10 changes to
//! a set; the sender had seen the whole book, so nothing is a conflict. Timed: writing the file, reading and checking it, choosing the new sets,
//! and the merge (fold plus the list of overwritten fields); and importing the
//! same file again, which must change nothing.
//!
//! `cargo bench -p kura-core --features testing --bench sync [-- N]`

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kura_core::book::{Book, Record};
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::files::backup::{
    read_book_file, write_book_file, BookFile, BookFileHeader, FileKind,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::sync::{checksum, merge, new_sets, Change, ChangeSet, HlcClock};

const CHANGES: usize = 10_000;
const EDITS: usize = 100;
const PER_SET: usize = 10;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `f`'s result and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed())
}

/// The other device's changes: new entries copied from the book's, and edits of
/// account names, stamped by its own clock after everything in the book.
fn incoming(book: &Book) -> Vec<ChangeSet> {
    let device = DeviceId(RecordId::from_parts(1, 0xB));
    let mut clock = HlcClock::new(device);
    let start = book.latest_stamp().expect("a book").wall_ms + 1;
    let mut ids = sequential_ids(start);
    let entries = book.entries().take(CHANGES - EDITS).map(|entry| {
        let mut value = serde_json::to_value(Record::JournalEntry(entry.clone())).unwrap();
        value["id"] = serde_json::to_value(ids()).unwrap();
        Change::Put {
            record: serde_json::from_value(value).unwrap(),
        }
    });
    let edits = book
        .accounts()
        .into_iter()
        .cycle()
        .take(EDITS)
        .map(|account| {
            let mut account = account.clone();
            account.name_ja.push_str(" (B)");
            Change::Edit {
                record: Record::Account(account),
                fields: vec!["name_ja".into()],
            }
        });
    let changes: Vec<Change> = entries.chain(edits).collect();
    changes
        .chunks(PER_SET)
        .enumerate()
        .map(|(i, chunk)| ChangeSet {
            id: ids(),
            stamp: clock.tick(start + i as u64),
            changes: chunk.to_vec(),
        })
        .collect()
}

fn main() {
    let entries: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).expect("a date");
    let sets = demo_book(
        7,
        4,
        entries / 4,
        start,
        &mut sequential_ids(1_640_000_000_000),
    );
    let mut book = Book::default();
    for set in sets {
        book.apply_owned(set);
    }
    let file_sets = incoming(&book);
    let changes: usize = file_sets.iter().map(|s| s.changes.len()).sum();
    let file = BookFile {
        header: BookFileHeader {
            kind: FileKind::Changes,
            book_id: book.settings().expect("settings").book_id,
            book_name: "bench".into(),
            device: file_sets[0].stamp.device,
            created_ms: 0,
            app_version: "bench".into(),
            // The sender had seen the whole book, and its own last set.
            seen: book
                .seen()
                .into_iter()
                .chain([file_sets.last().expect("sets").stamp])
                .collect(),
        },
        change_sets: file_sets,
        attachments: Vec::new(),
    };
    let (bytes, write) = timed(|| write_book_file(&file, None, &mut |_, _| {}));
    let (read, read_time) = timed(|| read_book_file(&bytes, None, &mut |_, _| {}).expect("reads"));
    let seen = read.header.seen.clone();
    let (fresh, select) = timed(|| new_sets(&book, read.change_sets.clone()));
    let (report, merge_time) = timed(|| merge(&mut book, &fresh, &seen));
    assert_eq!(report.merged, fresh.len());
    assert!(
        report.overwritten.is_empty(),
        "plain updates of what the sender had seen"
    );
    assert_eq!(book.entry_count(), entries + CHANGES - EDITS);
    let before = checksum(&book);
    let (again, again_time) = timed(|| {
        let fresh = new_sets(&book, read.change_sets.clone());
        merge(&mut book, &fresh, &seen)
    });
    assert_eq!((again.merged, checksum(&book)), (0, before));
    println!(
        "book of {} entries; file of {changes} changes in {} sets, {:.1} MB",
        entries,
        fresh.len(),
        bytes.len() as f64 / 1e6
    );
    println!("write the file      {:>8.1} ms", ms(write));
    println!("read and check it   {:>8.1} ms", ms(read_time));
    println!("choose the new sets {:>8.1} ms", ms(select));
    println!(
        "merge               {:>8.1} ms ({} overwritten)",
        ms(merge_time),
        report.overwritten.len()
    );
    println!(
        "import it again     {:>8.1} ms (nothing new)",
        ms(again_time)
    );
}
