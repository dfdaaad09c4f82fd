//! The book file natively: writing and reading a backup of the demo book with
//! 100,000 journal entries and 50 MB of attachments, plain and encrypted
//! (AES-256-GCM under a PBKDF2 key of `KEY_ITERATIONS`), with the file's size.
//!
//! `cargo bench -p kura-core --features testing --bench backup [-- N]` for N
//! entries (100,000 by default). Its sets are linked in their history chain
//! first (timed too), so writing and reading check every link.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::files::backup::{
    read_book_file, write_book_file, BookFile, BookFileHeader, Encryption, FileKind, Secret,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::sync::chain::link_all;
use kura_core::sync::verify_chains;

const ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;
/// The reader's clock: after every stamp of the book (the attachments are
/// stamped in 2030), as it would be on a device reading the file.
const READ_AT_MS: u64 = 2_000_000_000_000;
const ATTACHMENT_COUNT: usize = 100;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The demo book of `entries` journal entries over four years.
fn book(entries: usize) -> BookFile {
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
    let sets = demo_book(
        42,
        4,
        entries / 4,
        start,
        &mut sequential_ids(1_672_531_200_000),
    );
    let book = Book::from_change_sets(&sets);
    let settings = book.settings().expect("the demo has settings");
    BookFile {
        header: BookFileHeader {
            kind: FileKind::Backup,
            book_id: settings.book_id,
            book_name: settings.name.clone(),
            device: DeviceId(RecordId::from_parts(1, 1)),
            created_ms: 1_800_000_000_000,
            app_version: env!("CARGO_PKG_VERSION").into(),
            seen: Vec::new(),
        },
        change_sets: sets,
        attachments: Vec::new(),
    }
}

/// 100 files of 0.5 MB, attached by the real command (a file's bytes are read
/// back only if its record is in the file).
fn with_attachments(mut file: BookFile) -> BookFile {
    use kura_core::book::{attach_file, WriteCtx};
    use kura_core::sync::Hlc;
    let each = ATTACHMENT_BYTES / ATTACHMENT_COUNT;
    let book = Book::from_change_sets(&file.change_sets);
    let entries: Vec<RecordId> = book
        .entries()
        .take(ATTACHMENT_COUNT)
        .map(|e| e.id())
        .collect();
    for (n, entry) in entries.into_iter().enumerate() {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.extend((0..each).map(|i| ((i as u64 * 2_654_435_761) >> 13) as u8 ^ n as u8));
        let id = RecordId::from_parts(1_900_000_000_000, n as u128);
        let ctx = WriteCtx {
            set_id: RecordId::from_parts(1_900_000_000_001, n as u128),
            stamp: Hlc {
                wall_ms: 1_900_000_000_000 + n as u64,
                counter: 0,
                device: file.header.device,
            },
        };
        let set = attach_file(&book, entry, id, "scan.pdf", &bytes, ctx).expect("attaches");
        file.change_sets.push(set);
        file.attachments.push((id, bytes));
    }
    file
}

fn measure(name: &str, file: &BookFile, passphrase: Option<&str>) {
    let started = Instant::now();
    let encryption = passphrase.map(|passphrase| Encryption {
        passphrase: passphrase.into(),
        random: [7; 32],
    });
    let bytes = write_book_file(file, encryption, &mut |_, _| {}).expect("writes");
    let written = started.elapsed();
    let started = Instant::now();
    let secret = passphrase.map(Secret::from);
    let back = read_book_file(&bytes, secret, READ_AT_MS, &mut |_, _| {}).expect("reads back");
    let read = started.elapsed();
    assert_eq!(back.change_sets.len(), file.change_sets.len());
    assert_eq!(back.attachments.len(), file.attachments.len());
    println!(
        "{name:<10} {:>7.1} MB {:>9.1} ms {:>9.1} ms",
        bytes.len() as f64 / 1e6,
        ms(written),
        ms(read)
    );
}

fn main() {
    let entries: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let mut file = with_attachments(book(entries));
    // Every set linked in its device's history chain, as the app writes them:
    // the file's writer and reader then check every link.
    let started = Instant::now();
    link_all(&mut file.change_sets);
    let linked = started.elapsed();
    let started = Instant::now();
    let history = verify_chains(&file.change_sets);
    assert!(history.is_intact());
    println!(
        "history chain: {} sets linked in {:.1} ms, verified in {:.1} ms",
        history.linked(),
        ms(linked),
        ms(started.elapsed())
    );
    println!(
        "{entries} entries, {} change sets, {} attachments of {:.1} MB",
        file.change_sets.len(),
        file.attachments.len(),
        ATTACHMENT_BYTES as f64 / 1e6
    );
    println!("{:<10} {:>10} {:>12} {:>12}", "", "size", "write", "read");
    measure("plain", &file, None);
    measure("encrypted", &file, Some("correct horse battery staple"));
    // An empty encrypted file costs one key derivation: the passphrase's share.
    let empty = BookFile {
        change_sets: Vec::new(),
        attachments: Vec::new(),
        ..file
    };
    let started = Instant::now();
    let encryption = Encryption {
        passphrase: "p".into(),
        random: [1; 32],
    };
    write_book_file(&empty, Some(encryption), &mut |_, _| {}).expect("writes");
    println!(
        "of which one key derivation: {:.1} ms",
        ms(started.elapsed())
    );
}
