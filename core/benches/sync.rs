//! Merging another device's file of changes into a large book, natively: a demo
//! book of N journal entries (100,000 by default, over 4 fiscal years) receives a
//! file of 10,000 changes from a second device — 9,900 new entries (copies of
//! the book's own, with new ids) and 100 edits of accounts' names, 10 changes to
//! a set; the sender had seen the whole book, so nothing is a conflict. Timed: writing the file, reading and checking it, choosing the new sets,
//! judging them by the book's rules (nothing is held), and the merge (fold plus
//! the list of overwritten fields); and importing the same file again, which
//! must change nothing.
//!
//! `cargo bench -p kura-core --features testing --bench sync [-- N]`

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::demo::{changes_from_another_device, demo_book, sequential_ids};
use kura_core::files::backup::{
    read_book_file, write_book_file, BookFile, BookFileHeader, FileKind,
};
use kura_core::sync::{checksum, merge, new_sets, plan_merge, Decisions};

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
    let file_sets = changes_from_another_device(&book, CHANGES, EDITS, PER_SET);
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
    let (bytes, write) = timed(|| write_book_file(&file, None, &mut |_, _| {}).expect("writes"));
    // Read by a clock after every stamp of the file, as on the receiving device.
    let now = file.change_sets.last().expect("sets").stamp.wall_ms;
    let (read, read_time) =
        timed(|| read_book_file(&bytes, None, now, &mut |_, _| {}).expect("reads"));
    let seen = read.header.seen.clone();
    let (fresh, select) = timed(|| new_sets(&book, read.change_sets.clone()));
    let receiver = book.seen()[0].device;
    let (plan, judge) =
        timed(|| plan_merge(&book, receiver, fresh.clone(), &seen, &Decisions::default()));
    assert!(plan.held.is_empty(), "nothing breaks a rule");
    assert_eq!(plan.apply.len(), fresh.len());
    let (report, merge_time) = timed(|| merge(&mut book, &plan.apply, &plan.seen));
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
    println!("judge them          {:>8.1} ms", ms(judge));
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
