//! The book file (backup and device-sync container): round trips, encryption,
//! every kind of damage, the golden files of each released format version, the
//! corpus of bad files, and random mutations.
//!
//! `cargo test -p kura-core --test book_file -- --ignored write_fixtures` rewrites
//! the golden files and the corpus; a released golden file must never change.

use std::path::PathBuf;

use chrono::NaiveDate;
use kura_core::book::{attach_file, Book, WriteCtx};
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::files::backup::{
    derive_key, read_book_file, read_book_file_header, write_book_file, BookFile, BookFileError,
    BookFileHeader, BookFileReader, BookFileWriter, Encryption, FileKind, KeyParams, Secret,
    FORMAT_VERSION,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::reports::{
    balance_sheet, journal, profit_and_loss, tax_summary, trial_balance, Period,
};
use kura_core::sync::{ChangeSet, Hlc};
use proptest::prelude::*;

const PASSPHRASE: &str = "correct horse battery staple";
/// Tests derive keys with few iterations; the default is checked once.
const TEST_ITERATIONS: u32 = 1_000;

fn device() -> DeviceId {
    DeviceId(RecordId::from_parts(1_700_000_000_000, 77))
}

/// A PDF-like file of `len` bytes that differs per `seed`.
fn pdf(seed: u8, len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

/// A demo book of `entries` over two years, with `files` attachments on its
/// first entries (the bytes are returned with their ids).
fn book_with_attachments(entries: usize, files: usize) -> BookFile {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut ids = sequential_ids(1_704_067_200_000);
    let mut sets = demo_book(7, 2, entries / 2, start, &mut ids);
    let mut attachments = Vec::new();
    for n in 0..files {
        let book = Book::from_change_sets(&sets);
        let entry = book.entries().nth(n).unwrap().id();
        let id = ids();
        let bytes = pdf(n as u8, 300 + n * 50);
        let ctx = WriteCtx {
            set_id: ids(),
            stamp: Hlc {
                wall_ms: 1_800_000_000_000 + n as u64,
                counter: 0,
                device: device(),
            },
        };
        let set = attach_file(&book, entry, id, &format!("receipt-{n}.pdf"), &bytes, ctx).unwrap();
        sets.push(set);
        attachments.push((id, bytes));
    }
    let book = Book::from_change_sets(&sets);
    BookFile {
        header: BookFileHeader {
            kind: FileKind::Backup,
            book_id: book.settings().unwrap().book_id,
            book_name: book.settings().unwrap().name.clone(),
            device: device(),
            created_ms: 1_800_000_100_000,
            app_version: "0.1.0".into(),
            seen: vec![sets.last().unwrap().stamp],
        },
        change_sets: sets,
        attachments,
    }
}

fn write(file: &BookFile, encrypted: bool) -> Vec<u8> {
    let random = [9u8; 32];
    let encryption = encrypted.then_some(Encryption {
        passphrase: PASSPHRASE.into(),
        random,
    });
    let mut writer = BookFileWriter::with_key_iterations(&file.header, encryption, TEST_ITERATIONS);
    for part in file.change_sets.chunks(40) {
        writer.add_change_sets(part);
    }
    for (id, bytes) in &file.attachments {
        writer.add_attachment(*id, bytes);
    }
    writer.finish()
}

fn read(bytes: &[u8], passphrase: Option<&str>) -> Result<BookFile, BookFileError> {
    read_book_file(bytes, passphrase.map(Secret::from), &mut |_, _| {})
}

/// Every report a user would compare, as text: equal books print equally.
fn reports_of(sets: &[ChangeSet]) -> String {
    let book = Book::from_change_sets(sets);
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let period = Period::new(from, to).unwrap();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        trial_balance(&book, period),
        journal(&book, period),
        profit_and_loss(&book, period),
        balance_sheet(&book, to),
        tax_summary(&book, period),
    )
}

#[test]
fn a_book_with_attachments_round_trips_plain_and_encrypted() {
    let original = book_with_attachments(600, 3);
    for encrypted in [false, true] {
        let bytes = write(&original, encrypted);
        let back = read(&bytes, encrypted.then_some(PASSPHRASE)).unwrap();
        assert_eq!(back.header, original.header);
        assert_eq!(back.attachments, original.attachments, "byte-identical");
        let book = Book::from_change_sets(&back.change_sets);
        assert_eq!(book, Book::from_change_sets(&original.change_sets));
        assert_eq!(book.entry_count(), 600);
        assert_eq!(
            reports_of(&back.change_sets),
            reports_of(&original.change_sets)
        );
    }
}

#[test]
fn the_whole_file_functions_report_progress_and_use_the_default_key_strength() {
    let original = book_with_attachments(60, 1);
    let encryption = Encryption {
        passphrase: PASSPHRASE.into(),
        random: [3; 32],
    };
    let mut progress = Vec::new();
    let bytes = write_book_file(&original, Some(encryption), &mut |d, of| {
        progress.push((d, of))
    });
    assert_eq!(progress, vec![(1, 2), (2, 2)]);
    let text = manifest_text(&bytes);
    assert!(text.contains("\"iterations\": 600000"), "{text}");
    let (header, encrypted) = read_book_file_header(&bytes).unwrap();
    assert!(encrypted);
    assert_eq!(header, original.header);
    let mut progress = Vec::new();
    let back = read_book_file(&bytes, Some(PASSPHRASE.into()), &mut |d, of| {
        progress.push((d, of))
    });
    assert_eq!(back.unwrap(), original);
    assert_eq!(progress, vec![(1, 2), (2, 2)]);
}

#[test]
fn the_manifest_is_readable_and_holds_no_secret() {
    let original = book_with_attachments(60, 1);
    let bytes = write(&original, true);
    let text = manifest_text(&bytes);
    for expected in [
        "\"format\": \"kura-book-file\"",
        "\"format_version\": 1",
        "\"kind\": \"backup\"",
        "\"journal_entry\": 60",
        "\"attachment\": 1",
        "changes/0001.bin",
        "\"key_check\"",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains(PASSPHRASE));
    let reader = BookFileReader::open(&bytes, None).unwrap();
    let summary = reader.summary();
    assert!(summary.encrypted);
    assert_eq!(summary.change_sets, original.change_sets.len() as u64);
    assert_eq!(summary.attachments, 1);
    // Without the passphrase, nothing but the manifest is readable.
    assert_eq!(read(&bytes, None), Err(BookFileError::PassphraseRequired));
}

#[test]
fn a_wrong_passphrase_is_told_apart_from_damage() {
    let bytes = write(&book_with_attachments(60, 1), true);
    assert_eq!(
        read(&bytes, Some("wrong")),
        Err(BookFileError::WrongPassphrase)
    );
    assert_eq!(read(&bytes, Some("")), Err(BookFileError::WrongPassphrase));
    assert!(read(&bytes, Some(PASSPHRASE)).is_ok());
}

/// The app derives the key itself (WebCrypto) from the parameters the file
/// names: that key opens the file as the passphrase does, a wrong key is a
/// wrong passphrase, and a file written with a derived key reads back with
/// its passphrase.
#[test]
fn a_key_derived_outside_the_core_opens_the_file_like_its_passphrase() {
    let file = book_with_attachments(60, 1);
    let bytes = write(&file, true);
    let reader = BookFileReader::open(&bytes, None).unwrap();
    let params = reader.key_params().unwrap().expect("encrypted");
    assert_eq!(
        params,
        KeyParams {
            salt: [9; 16],
            iterations: TEST_ITERATIONS
        }
    );
    let key = derive_key(PASSPHRASE, &params);
    let by_key = read_book_file(&bytes, Some(Secret::Key(&key)), &mut |_, _| {});
    assert_eq!(by_key, read(&bytes, Some(PASSPHRASE)));
    let wrong = derive_key("wrong", &params);
    assert_eq!(
        read_book_file(&bytes, Some(Secret::Key(&wrong)), &mut |_, _| {}),
        Err(BookFileError::WrongPassphrase)
    );

    let random = [7u8; 32];
    let params = KeyParams {
        iterations: TEST_ITERATIONS,
        ..KeyParams::for_new_file(&random)
    };
    let key = derive_key(PASSPHRASE, &params);
    let encryption = Encryption {
        passphrase: Secret::Key(&key),
        random,
    };
    let mut writer =
        BookFileWriter::with_key_iterations(&file.header, Some(encryption), TEST_ITERATIONS);
    writer.add_change_sets(&file.change_sets);
    for (id, bytes) in &file.attachments {
        writer.add_attachment(*id, bytes);
    }
    assert_eq!(read(&writer.finish(), Some(PASSPHRASE)), Ok(file));
    let plain = write(&book_with_attachments(10, 0), false);
    assert_eq!(
        BookFileReader::open(&plain, None).unwrap().key_params(),
        Ok(None)
    );
}

/// The stored range of each ZIP entry, by name.
fn entry_ranges(bytes: &[u8]) -> Vec<(String, std::ops::Range<usize>)> {
    let zip = rawzip::ZipArchive::from_slice(bytes).unwrap();
    let mut entries = zip.entries();
    let mut ranges = Vec::new();
    while let Some(entry) = entries.next_entry().unwrap() {
        let path = entry.file_path();
        let name = String::from_utf8(path.as_ref().to_vec()).unwrap();
        let (start, end) = zip
            .get_entry(entry.wayfinder())
            .unwrap()
            .compressed_data_range();
        ranges.push((name, start as usize..end as usize));
    }
    ranges
}

fn manifest_text(bytes: &[u8]) -> String {
    let (_, range) = entry_ranges(bytes)
        .into_iter()
        .find(|(n, _)| n == "manifest.json")
        .unwrap();
    String::from_utf8(bytes[range].to_vec()).unwrap()
}

#[test]
fn a_flipped_byte_in_any_part_names_that_part() {
    let original = book_with_attachments(200, 2);
    for encrypted in [false, true] {
        let bytes = write(&original, encrypted);
        let ranges = entry_ranges(&bytes);
        assert!(ranges.len() >= 6, "{ranges:?}");
        for (name, range) in ranges {
            if name == "manifest.sha256" {
                continue;
            }
            let mut damaged = bytes.clone();
            damaged[range.start + (range.end - range.start) / 2] ^= 0x20;
            let error = read(&damaged, encrypted.then_some(PASSPHRASE)).unwrap_err();
            let expected = BookFileError::DamagedPart { part: name.clone() };
            assert_eq!(error, expected, "{name}, encrypted: {encrypted}");
        }
    }
}

#[test]
fn truncated_garbage_and_foreign_files_are_refused() {
    let bytes = write(&book_with_attachments(60, 1), false);
    for len in [bytes.len() - 1, bytes.len() / 2, 30, 4] {
        assert_eq!(
            read(&bytes[..len], None),
            Err(BookFileError::Truncated),
            "{len}"
        );
    }
    assert_eq!(read(&[], None), Err(BookFileError::NotABookFile));
    let mut garbage = vec![0u8; 50 * 1024 * 1024];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for byte in &mut garbage {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    assert_eq!(read(&garbage, None), Err(BookFileError::NotABookFile));
    assert_eq!(read(&foreign_zip(), None), Err(BookFileError::NotABookFile));
}

/// A ZIP of someone else's: a text file and no manifest.
fn foreign_zip() -> Vec<u8> {
    let mut zip = rawzip::ZipArchiveWriter::new(Vec::new());
    let (mut entry, config) = zip.new_file("readme.txt").start().unwrap();
    let mut writer = config.wrap(&mut entry);
    std::io::Write::write_all(&mut writer, b"hello").unwrap();
    let (_, descriptor) = writer.finish().unwrap();
    entry.finish(descriptor).unwrap();
    zip.finish().unwrap()
}

/// The file with its manifest replaced by `edit(manifest)` (and its checksum
/// recomputed, as a newer Kura would write it): a consistent file of another
/// shape.
fn with_manifest(bytes: &[u8], edit: impl Fn(String) -> String) -> Vec<u8> {
    use sha2::Digest;
    let zip = rawzip::ZipArchive::from_slice(bytes).unwrap();
    let mut out = rawzip::ZipArchiveWriter::new(Vec::new());
    let mut entries = zip.entries();
    let mut manifest = None;
    while let Some(entry) = entries.next_entry().unwrap() {
        let path = entry.file_path();
        let name = String::from_utf8(path.as_ref().to_vec()).unwrap();
        let data = zip.get_entry(entry.wayfinder()).unwrap().data().to_vec();
        let data = match name.as_str() {
            "manifest.json" => {
                let text = edit(String::from_utf8(data).unwrap());
                manifest = Some(text.clone());
                text.into_bytes()
            }
            "manifest.sha256" => {
                let digest = sha2::Sha256::digest(manifest.as_ref().unwrap().as_bytes());
                digest
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
                    .into_bytes()
            }
            _ => data,
        };
        let (mut entry, config) = out.new_file(&name).start().unwrap();
        let mut writer = config.wrap(&mut entry);
        std::io::Write::write_all(&mut writer, &data).unwrap();
        let (_, descriptor) = writer.finish().unwrap();
        entry.finish(descriptor).unwrap();
    }
    out.finish().unwrap()
}

#[test]
fn a_newer_format_is_refused_before_anything_else() {
    let bytes = write(&book_with_attachments(60, 1), true);
    let newer = with_manifest(&bytes, |m| {
        m.replace("\"format_version\": 1", "\"format_version\": 2")
            .replace("\"counts\"", "\"new_field\": true, \"counts\"")
    });
    let expected = BookFileError::NewerFormat {
        found: 2,
        supported: FORMAT_VERSION,
    };
    assert_eq!(read(&newer, Some("any")), Err(expected.clone()));
    assert_eq!(read_book_file_header(&newer), Err(expected));
}

#[test]
fn missing_parts_and_mismatched_attachments_are_named() {
    let original = book_with_attachments(60, 1);
    let bytes = write(&original, false);
    let renamed = with_manifest(&bytes, |m| {
        m.replace("changes/0001.bin", "changes/9999.bin")
    });
    assert_eq!(
        read(&renamed, None),
        Err(BookFileError::MissingPart {
            part: "changes/9999.bin".into()
        })
    );
    let (id, _) = original.attachments[0];
    let mut wrong = original.clone();
    wrong.attachments[0].1 = pdf(99, 300);
    assert_eq!(
        read(&write(&wrong, false), None),
        Err(BookFileError::AttachmentMismatch {
            part: format!("attachments/{id}")
        })
    );
}

#[test]
fn an_intact_part_that_does_not_decode_is_unreadable() {
    let mut writer = BookFileWriter::new(&book_with_attachments(2, 0).header, None);
    writer.add_change_sets(&[]);
    let bytes = writer.finish();
    // Replace the part's bytes and its checksum in the manifest consistently.
    let good_sha = {
        let text = manifest_text(&bytes);
        let at = text.find("\"sha256\": \"").unwrap() + 11;
        text[at..at + 64].to_string()
    };
    let zip_part = entry_ranges(&bytes)
        .into_iter()
        .find(|(n, _)| n == "changes/0001.bin")
        .unwrap()
        .1;
    let mut bad = bytes.clone();
    bad[zip_part.start] ^= 0xff;
    let new_sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&bad[zip_part.clone()])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let bad = with_manifest(&bad, |m| m.replace(&good_sha, &new_sha));
    assert!(matches!(
        read(&bad, None),
        Err(BookFileError::UnreadablePart { part, .. }) if part == "changes/0001.bin"
    ));
}

// ---- golden files and the corpus of bad files ----

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

const GOLDEN_PASSPHRASE: &str = "くら kura 1";

/// The book of the golden files: small and deterministic.
fn golden_book() -> BookFile {
    book_with_attachments(24, 1)
}

/// Each bad file of the corpus and the error it must give.
fn bad_files() -> Vec<(&'static str, Vec<u8>, BookFileError)> {
    let book = golden_book();
    let plain = write(&book, false);
    let part = entry_ranges(&plain)
        .into_iter()
        .find(|(n, _)| n == "changes/0001.bin")
        .unwrap()
        .1;
    let mut flipped = plain.clone();
    flipped[part.start + 10] ^= 1;
    let mut wrong = book.clone();
    wrong.attachments[0].1 = pdf(1, 10);
    let attachment = format!("attachments/{}", book.attachments[0].0);
    vec![
        (
            "truncated.kura",
            plain[..plain.len() * 2 / 3].to_vec(),
            BookFileError::Truncated,
        ),
        (
            "flipped-byte.kura",
            flipped,
            BookFileError::DamagedPart {
                part: "changes/0001.bin".into(),
            },
        ),
        (
            "newer-format.kura",
            with_manifest(&plain, |m| {
                m.replace("\"format_version\": 1", "\"format_version\": 9")
            }),
            BookFileError::NewerFormat {
                found: 9,
                supported: FORMAT_VERSION,
            },
        ),
        (
            "missing-part.kura",
            with_manifest(&plain, |m| {
                m.replace("changes/0001.bin", "changes/0404.bin")
            }),
            BookFileError::MissingPart {
                part: "changes/0404.bin".into(),
            },
        ),
        (
            "attachment-mismatch.kura",
            write(&wrong, false),
            BookFileError::AttachmentMismatch { part: attachment },
        ),
        ("foreign.zip", foreign_zip(), BookFileError::NotABookFile),
        (
            "text.kura",
            b"date,amount\n2026-01-01,100\n".to_vec(),
            BookFileError::NotABookFile,
        ),
    ]
}

#[test]
#[ignore = "rewrites the fixtures; released golden files must never change"]
fn write_fixtures() {
    let golden = fixtures().join("book-files");
    std::fs::create_dir_all(&golden).unwrap();
    let book = golden_book();
    std::fs::write(golden.join("v1-plain.kura"), write(&book, false)).unwrap();
    let mut writer = BookFileWriter::with_key_iterations(
        &book.header,
        Some(Encryption {
            passphrase: GOLDEN_PASSPHRASE.into(),
            random: [42; 32],
        }),
        TEST_ITERATIONS,
    );
    writer.add_change_sets(&book.change_sets);
    writer.add_attachment(book.attachments[0].0, &book.attachments[0].1);
    std::fs::write(golden.join("v1-encrypted.kura"), writer.finish()).unwrap();
    let bad = fixtures().join("bad-files/book-file");
    std::fs::create_dir_all(&bad).unwrap();
    for (name, bytes, _) in bad_files() {
        std::fs::write(bad.join(name), bytes).unwrap();
    }
}

/// What the golden book holds, written down once: if the reading of format 1
/// ever changes, these fail (a fresh build of the demo would change with it).
fn check_golden(file: &BookFile) {
    assert_eq!(file.header.kind, FileKind::Backup);
    assert_eq!(file.header.created_ms, 1_800_000_100_000);
    assert_eq!(file.header.app_version, "0.1.0");
    let book = Book::from_change_sets(&file.change_sets);
    assert_eq!(book.settings().unwrap().name, file.header.book_name);
    assert_eq!(book.entry_count(), 24);
    assert_eq!(file.change_sets.len(), GOLDEN_SETS);
    assert_eq!(file.attachments.len(), 1);
    assert_eq!(file.attachments[0].1, pdf(0, 300));
    let period = Period::new(
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    )
    .unwrap();
    let totals = trial_balance(&book, period).totals;
    assert_eq!(totals.debit.to_string(), "7542498");
    assert_eq!(totals.credit.to_string(), "7542498");
    assert_eq!(totals.balance.debit.to_string(), "4839792");
}

const GOLDEN_SETS: usize = 28;

#[test]
fn golden_files_of_format_1_still_read() {
    let dir = fixtures().join("book-files");
    let plain = std::fs::read(dir.join("v1-plain.kura")).unwrap();
    check_golden(&read(&plain, None).unwrap());
    let encrypted = std::fs::read(dir.join("v1-encrypted.kura")).unwrap();
    assert_eq!(
        read(&encrypted, Some("kura")),
        Err(BookFileError::WrongPassphrase)
    );
    let file = read(&encrypted, Some(GOLDEN_PASSPHRASE)).unwrap();
    check_golden(&file);
}

#[test]
fn every_bad_file_of_the_corpus_gives_its_error() {
    let dir = fixtures().join("bad-files/book-file");
    for (name, _, expected) in bad_files() {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(read(&bytes, None), Err(expected), "{name}");
    }
}

// ---- random mutations ----

/// Built once: the proptest mutates a copy per case.
fn small_file() -> &'static (BookFile, Vec<u8>) {
    static FILE: std::sync::OnceLock<(BookFile, Vec<u8>)> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let book = book_with_attachments(20, 1);
        let bytes = write(&book, false);
        (book, bytes)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Flipped bytes, a cut, or inserted bytes: the file is refused with a typed
    /// error or (damage in ZIP bookkeeping that holds no data) reads back as
    /// exactly the same book. Never a panic, never another book.
    #[test]
    fn mutations_never_panic_nor_read_as_another_book(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 0..4),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        insert in proptest::option::of((any::<prop::sample::Index>(), any::<u8>())),
    ) {
        let (book, bytes) = small_file();
        let mut bytes = bytes.clone();
        for (at, mask) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        if let Some((at, byte)) = insert {
            let i = at.index(bytes.len());
            bytes.insert(i, byte);
        }
        if let Some(at) = cut {
            let len = at.index(bytes.len());
            bytes.truncate(len);
        }
        if let Ok(back) = read(&bytes, None) {
            prop_assert_eq!(&back, book);
        }
    }
}
