//! The book file (backup and device-sync container): round trips, encryption,
//! damage, the golden files of each released format version, and random
//! mutations. The corpus of hostile files is `hostile_book_files.rs`.
//!
//! `cargo test -p kura-core --test book_file -- --ignored write_golden_files`
//! writes the golden files of the current format; a released golden file must
//! never change (format 1's are kept as they were written).

mod book_file_common;

use book_file_common::*;
use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::files::backup::{
    derive_key, read_book_file, read_book_file_header, write_book_file, BookFile, BookFileError,
    BookFileReader, BookFileWriter, Encryption, FileKind, KeyParams, Secret, FORMAT_VERSION,
};
use kura_core::reports::{
    balance_sheet, journal, profit_and_loss, tax_summary, trial_balance, Period,
};
use kura_core::sync::{verify_chains, ChangeSet};
use proptest::prelude::*;

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
fn an_xml_e_invoice_with_its_own_keys_round_trips_with_every_version() {
    use kura_core::book::{attach_evidence, set_evidence_keys, EvidenceKeys, MediaType, WriteCtx};
    use kura_core::sync::{mark_edits, Hlc};
    let mut file = book_with_attachments(40, 0);
    let xml = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice><cbc:IssueDate>2024-01-05</cbc:IssueDate></Invoice>\n";
    let id = kura_core::ids::RecordId::from_parts(1_800_000_000_000, 1);
    let ctx = |n: u64| WriteCtx {
        set_id: kura_core::ids::RecordId::from_parts(1_800_000_000_000 + n, 2),
        stamp: Hlc {
            wall_ms: 1_800_000_000_000 + n,
            counter: 0,
            device: device(),
        },
    };
    let book = Book::from_change_sets(&file.change_sets);
    let entry = book.entries().next().unwrap().id();
    let keys = EvidenceKeys {
        date: NaiveDate::from_ymd_opt(2024, 1, 5),
        amount: Some(rust_decimal::Decimal::new(12_345, 0)),
        partner: Some("株式会社ペポル商事".into()),
    };
    let set = attach_evidence(
        &book,
        entry,
        id,
        "invoice.xml",
        xml.as_bytes(),
        keys.clone(),
        ctx(1),
    )
    .unwrap();
    file.change_sets.push(set);
    file.attachments.push((id, xml.as_bytes().to_vec()));
    let book = Book::from_change_sets(&file.change_sets);
    let changed = EvidenceKeys {
        amount: Some(rust_decimal::Decimal::new(12_000, 0)),
        ..keys.clone()
    };
    let edit = mark_edits(
        set_evidence_keys(&book, id, changed, ctx(2)).unwrap(),
        &book,
    );
    file.change_sets.push(edit);
    file.header.seen = seen_of(&file.change_sets);
    for encrypted in [false, true] {
        let bytes = write(&file, encrypted);
        let back = read(&bytes, encrypted.then_some(PASSPHRASE)).unwrap();
        assert_eq!(back.attachments, file.attachments, "byte-identical");
        let book = restore(&bytes, encrypted.then_some(PASSPHRASE)).unwrap();
        assert_eq!(book, Book::from_change_sets(&file.change_sets));
        let kept = book.attachment(id).unwrap();
        assert_eq!(kept.media_type, MediaType::Xml);
        assert_eq!(kept.date, keys.date);
        assert_eq!(kept.amount, Some(rust_decimal::Decimal::new(12_000, 0)));
        assert_eq!(kept.partner, keys.partner);
        let key = kura_core::book::RecordKey {
            kind: kura_core::book::RecordKind::Attachment,
            id,
        };
        assert_eq!(
            book.history(&key).len(),
            2,
            "the first amount stays readable"
        );
    }
}

/// The file is the concatenation of the pieces the writer returns, so the app
/// can put each where it goes (a Blob part, a file being written) and hold one
/// part at a time.
#[test]
fn the_pieces_a_writer_returns_make_the_file_and_each_holds_one_part() {
    let original = book_with_attachments(600, 2);
    let mut writer = BookFileWriter::new(&original.header, None);
    let mut pieces = Vec::new();
    for part in original.change_sets.chunks(100) {
        pieces.push(writer.add_change_sets(part).unwrap());
    }
    for (id, bytes) in &original.attachments {
        pieces.push(writer.add_attachment(*id, bytes).unwrap());
    }
    pieces.push(writer.finish().unwrap());
    let largest_part = entry_ranges(&pieces.concat())
        .into_iter()
        .filter(|(n, _)| n.starts_with("changes/") || n.starts_with("attachments/"))
        .map(|(_, r)| r.len())
        .max()
        .unwrap();
    for piece in &pieces[..pieces.len() - 1] {
        assert!(piece.len() <= largest_part + 100, "{} bytes", piece.len());
    }
    assert_eq!(read(&pieces.concat(), None).unwrap(), original);
    assert_eq!(
        pieces.concat(),
        write_in_parts(&original, false, 100),
        "same input, same bytes"
    );
}

/// A writer refuses what would make a file it cannot read back: bytes that
/// are not those of the attachment's record, or of no record.
#[test]
fn the_writer_refuses_attachments_that_do_not_match_their_record() {
    let original = book_with_attachments(20, 1);
    let (id, _) = original.attachments[0];
    let mut writer = BookFileWriter::new(&original.header, None);
    writer.add_change_sets(&original.change_sets).unwrap();
    let part = format!("attachments/{id}");
    assert_eq!(
        writer.add_attachment(id, &pdf(99, 300)),
        Err(BookFileError::AttachmentMismatch { part: part.clone() })
    );
    let stranger = kura_core::ids::RecordId::from_parts(1, 2);
    assert!(writer.add_attachment(stranger, &pdf(0, 300)).is_err());
    // Left out, it is named in the manifest, and the backup still restores.
    let mut writer = BookFileWriter::new(&original.header, None);
    let mut file = writer.add_change_sets(&original.change_sets).unwrap();
    file.extend(writer.finish().unwrap());
    assert!(manifest_text(&file).contains(&id.to_string()));
    let back = restore(&file, None).unwrap();
    assert_eq!(back, Book::from_change_sets(&original.change_sets));
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
    })
    .unwrap();
    assert_eq!(progress, vec![(1, 2), (2, 2)]);
    let text = manifest_text(&bytes);
    assert!(text.contains("\"iterations\": 600000"), "{text}");
    let (header, encrypted) = read_book_file_header(&bytes, NOW_MS).unwrap();
    assert!(encrypted);
    assert_eq!(header, original.header);
    let mut progress = Vec::new();
    let back = read_book_file(&bytes, Some(PASSPHRASE.into()), NOW_MS, &mut |d, of| {
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
        "\"format_version\": 3",
        "\"kind\": \"backup\"",
        "\"journal_entry\": 60",
        "\"attachment\": 1",
        "changes/0001.bin",
        "\"key_check\"",
        "\"chain\"",
        "\"missing_attachments\": []",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains(PASSPHRASE));
    assert!(entries_of(&bytes).iter().any(|(n, _)| n == "manifest.hmac"));
    let reader = futures_executor::block_on(BookFileReader::open(&bytes[..], NOW_MS)).unwrap();
    let summary = reader.summary();
    assert!(summary.encrypted);
    assert_eq!(summary.format_version, FORMAT_VERSION);
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
    let reader = futures_executor::block_on(BookFileReader::open(&bytes[..], NOW_MS)).unwrap();
    let params = reader.key_params().unwrap().expect("encrypted");
    assert_eq!(
        params,
        KeyParams {
            salt: [9; 16],
            iterations: TEST_ITERATIONS
        }
    );
    let key = derive_key(PASSPHRASE, &params);
    let by_key = read_book_file(&bytes, Some(Secret::Key(&key)), NOW_MS, &mut |_, _| {});
    assert_eq!(by_key, read(&bytes, Some(PASSPHRASE)));
    let wrong = derive_key("wrong", &params);
    assert_eq!(
        read_book_file(&bytes, Some(Secret::Key(&wrong)), NOW_MS, &mut |_, _| {}),
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
    let mut written = writer.add_change_sets(&file.change_sets).unwrap();
    for (id, bytes) in &file.attachments {
        written.extend(writer.add_attachment(*id, bytes).unwrap());
    }
    written.extend(writer.finish().unwrap());
    assert_eq!(read(&written, Some(PASSPHRASE)), Ok(file));
    let plain = write(&book_with_attachments(10, 0), false);
    let reader = futures_executor::block_on(BookFileReader::open(&plain[..], NOW_MS)).unwrap();
    assert_eq!(reader.key_params(), Ok(None));
}

/// A changes file (sync) can carry a passphrase as a backup does.
#[test]
fn a_changes_file_can_be_encrypted_like_a_backup() {
    let mut file = book_with_attachments(40, 1);
    file.header.kind = FileKind::Changes;
    file.change_sets.drain(..10);
    let bytes = write(&file, true);
    assert_eq!(read(&bytes, None), Err(BookFileError::PassphraseRequired));
    assert_eq!(read(&bytes, Some(PASSPHRASE)), Ok(file));
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
            let error = read(&damaged, encrypted.then_some(PASSPHRASE)).err();
            let error =
                error.unwrap_or_else(|| panic!("{name} flipped, encrypted: {encrypted}: read"));
            let expected = match name.as_str() {
                // The seal cannot tell damage from forgery: either way the
                // manifest is not the one sealed.
                "manifest.hmac" => BookFileError::ManifestAltered,
                _ => BookFileError::DamagedPart { part: name.clone() },
            };
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
    zip_of(&[("readme.txt".into(), b"hello".to_vec())])
}

#[test]
fn a_newer_format_is_refused_before_anything_else() {
    let bytes = write(&book_with_attachments(60, 1), true);
    let newer = rewritten(&bytes, |_, m| {
        m["format_version"] = (FORMAT_VERSION + 1).into();
        m["new_field"] = true.into();
    });
    let expected = BookFileError::NewerFormat {
        found: FORMAT_VERSION + 1,
        supported: FORMAT_VERSION,
    };
    assert_eq!(read(&newer, Some("any")), Err(expected.clone()));
    assert_eq!(read_book_file_header(&newer, NOW_MS), Err(expected));
}

#[test]
fn missing_parts_and_mismatched_attachments_are_named() {
    let original = book_with_attachments(60, 1);
    let bytes = write(&original, false);
    let entries: Vec<_> = entries_of(&bytes)
        .into_iter()
        .filter(|(n, _)| n != "changes/0002.bin")
        .collect();
    assert_eq!(
        read(&zip_of(&entries), None),
        Err(BookFileError::MissingPart {
            part: "changes/0002.bin".into()
        })
    );
    let (id, _) = original.attachments[0];
    let part = format!("attachments/{id}");
    let wrong = rewritten(&bytes, |entries, m| {
        let bytes = pdf(99, 300);
        for (_, data) in entries.iter_mut().filter(|(n, _)| *n == part) {
            *data = bytes.clone();
        }
        for p in parts(m).iter_mut().filter(|p| p["name"] == part.as_str()) {
            p["size"] = bytes.len().into();
            p["sha256"] = sha256_hex(&bytes).into();
        }
        rechain(m);
    });
    assert_eq!(
        read(&wrong, None),
        Err(BookFileError::AttachmentMismatch { part })
    );
}

#[test]
fn an_intact_part_that_does_not_decode_is_unreadable() {
    let mut writer = BookFileWriter::new(&book_with_attachments(2, 0).header, None);
    let mut bytes = writer.add_change_sets(&[]).unwrap();
    bytes.extend(writer.finish().unwrap());
    // Replace the part's bytes and its checksum in the manifest consistently.
    let bad = rewritten(&bytes, |entries, m| {
        entries[0].1[0] ^= 0xff;
        let sha = sha256_hex(&entries[0].1);
        parts(m)[0]["sha256"] = sha.into();
        rechain(m);
    });
    assert!(matches!(
        read(&bad, None),
        Err(BookFileError::UnreadablePart { part, .. }) if part == "changes/0001.bin"
    ));
}

/// Format 1 files are read with the checks they allow: damage is named.
#[test]
fn a_damaged_part_is_named_whichever_version_wrote_the_file() {
    let dir = fixtures().join("book-files");
    let plain = std::fs::read(dir.join("v1-plain.kura")).unwrap();
    let mut damaged = plain.clone();
    damaged[range_of(&plain, "changes/0001.bin").start + 5] ^= 1;
    assert_eq!(
        read(&damaged, None),
        Err(BookFileError::DamagedPart {
            part: "changes/0001.bin".into()
        })
    );
}

// ---- golden files ----

const GOLDEN_PASSPHRASE: &str = "くら kura 1";

/// The book of the golden files: small and deterministic.
/// The golden book, each set linked in its device's history chain (as the
/// app writes them from format 3 on; the same sets, unlinked, in formats 1 and 2).
fn golden_book() -> BookFile {
    let mut book = book_with_attachments(24, 1);
    kura_core::sync::chain::link_all(&mut book.change_sets);
    book
}

/// Writes the golden files of the current format (plain, and encrypted under
/// [`GOLDEN_PASSPHRASE`] with the random bytes 42 and 1,000 iterations), from
/// [`golden_book`]. Run once when a format is released; never again for it.
#[test]
#[ignore = "rewrites the golden files; released golden files must never change"]
fn write_golden_files() {
    let golden = fixtures().join("book-files");
    let book = golden_book();
    let version = FORMAT_VERSION;
    std::fs::write(
        golden.join(format!("v{version}-plain.kura")),
        write(&book, false),
    )
    .unwrap();
    let mut writer = BookFileWriter::with_key_iterations(
        &book.header,
        Some(Encryption {
            passphrase: GOLDEN_PASSPHRASE.into(),
            random: [42; 32],
        }),
        TEST_ITERATIONS,
    );
    let mut bytes = writer.add_change_sets(&book.change_sets).unwrap();
    bytes.extend(
        writer
            .add_attachment(book.attachments[0].0, &book.attachments[0].1)
            .unwrap(),
    );
    bytes.extend(writer.finish().unwrap());
    std::fs::write(golden.join(format!("v{version}-encrypted.kura")), bytes).unwrap();
}

/// What the golden book holds, written down once: if the reading of a format
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

fn check_golden_pair(version: u32) {
    let dir = fixtures().join("book-files");
    let plain = std::fs::read(dir.join(format!("v{version}-plain.kura"))).unwrap();
    let file = read(&plain, None).unwrap();
    check_golden(&file);
    let history = verify_chains(&file.change_sets);
    assert!(history.is_intact(), "{history:?}");
    match version {
        1 | 2 => assert_eq!(history.unlinked(), GOLDEN_SETS, "before the chain"),
        _ => assert_eq!(history.linked(), GOLDEN_SETS),
    }
    assert_eq!(
        restore(&plain, None),
        Ok(Book::from_change_sets(&file.change_sets))
    );
    let encrypted = std::fs::read(dir.join(format!("v{version}-encrypted.kura"))).unwrap();
    assert_eq!(
        read(&encrypted, Some("kura")),
        Err(BookFileError::WrongPassphrase)
    );
    check_golden(&read(&encrypted, Some(GOLDEN_PASSPHRASE)).unwrap());
    let summary = futures_executor::block_on(BookFileReader::open(&encrypted[..], NOW_MS))
        .unwrap()
        .summary();
    assert_eq!(summary.format_version, version);
}

#[test]
fn golden_files_of_format_1_still_read() {
    check_golden_pair(1);
}

#[test]
fn golden_files_of_format_2_still_read() {
    check_golden_pair(2);
}

#[test]
fn golden_files_of_format_3_still_read() {
    check_golden_pair(3);
    // Format 3 is what this Kura writes: the same book gives the same bytes.
    let plain = std::fs::read(fixtures().join("book-files/v3-plain.kura")).unwrap();
    assert_eq!(write(&golden_book(), false), plain);
}

/// The bad files made by format 1 (kept as they were written): each still
/// gives its error.
#[test]
fn every_bad_file_of_format_1_gives_its_error() {
    let dir = fixtures().join("bad-files/book-file");
    let attachment = format!("attachments/{}", golden_book().attachments[0].0);
    let cases = [
        ("truncated.kura", BookFileError::Truncated),
        (
            "flipped-byte.kura",
            BookFileError::DamagedPart {
                part: "changes/0001.bin".into(),
            },
        ),
        (
            "newer-format.kura",
            BookFileError::NewerFormat {
                found: 9,
                supported: FORMAT_VERSION,
            },
        ),
        (
            "missing-part.kura",
            BookFileError::MissingPart {
                part: "changes/0404.bin".into(),
            },
        ),
        (
            "attachment-mismatch.kura",
            BookFileError::AttachmentMismatch { part: attachment },
        ),
        ("foreign.zip", BookFileError::NotABookFile),
        ("text.kura", BookFileError::NotABookFile),
    ];
    for (name, expected) in cases {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(read(&bytes, None), Err(expected), "{name}");
    }
}

// ---- random mutations ----

/// Built once: the proptest mutates a copy per case.
fn small_files() -> &'static (BookFile, Vec<u8>, Vec<u8>) {
    static FILES: std::sync::OnceLock<(BookFile, Vec<u8>, Vec<u8>)> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let book = book_with_attachments(20, 1);
        let plain = write(&book, false);
        let encrypted = write(&book, true);
        (book, plain, encrypted)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Flipped bytes, a cut, or inserted bytes, in a plain or an encrypted
    /// file: the file is refused with a typed error or (damage in ZIP
    /// bookkeeping that holds no data) reads back as exactly the same book.
    /// Never a panic, never another book.
    #[test]
    fn mutations_never_panic_nor_read_as_another_book(
        encrypted in any::<bool>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 0..4),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        insert in proptest::option::of((any::<prop::sample::Index>(), any::<u8>())),
    ) {
        let (book, plain, sealed) = small_files();
        let mut bytes = if encrypted { sealed.clone() } else { plain.clone() };
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
        if let Ok(back) = read(&bytes, encrypted.then_some(PASSPHRASE)) {
            prop_assert_eq!(&back, book);
        }
    }

    /// Any bytes at all (and any bytes after a ZIP's signature, or before a
    /// valid file's end): a typed error, never a panic.
    #[test]
    fn any_bytes_give_a_typed_error(
        noise in proptest::collection::vec(any::<u8>(), 0..4096),
        prefix_zip in any::<bool>(),
        keep_end in any::<bool>(),
    ) {
        let (_, plain, _) = small_files();
        let mut bytes = Vec::new();
        if prefix_zip {
            bytes.extend_from_slice(b"PK\x03\x04");
        }
        bytes.extend(noise);
        if keep_end {
            bytes.extend_from_slice(&plain[plain.len() - 22..]);
        }
        prop_assert!(read(&bytes, None).is_err());
    }
}

/// A file rewritten by someone who knows the container (checksums, chain of
/// parts and counts recomputed) but changed a set after it was linked: the
/// file reads, and its history names the set and the record changed. A
/// changes file, which starts where the receiver left off, verifies on its own.
#[test]
fn the_history_chain_names_a_set_changed_in_a_rewritten_file() {
    let book = golden_book();
    let mut writer = BookFileWriter::new(&book.header, None);
    writer.add_change_sets(&book.change_sets).unwrap();
    let history = writer.history();
    assert!(history.is_intact(), "{history:?}");
    assert_eq!(history.linked(), GOLDEN_SETS);

    let mut altered = book.clone();
    let at = altered
        .change_sets
        .iter()
        .position(|s| s.changes.len() == 1)
        .unwrap();
    let set = &mut altered.change_sets[at];
    let mut value = serde_json::to_value(&set.changes[0]).unwrap();
    let record = value["record"].as_object_mut().unwrap();
    let (field, text) = record
        .iter_mut()
        .find(|(_, v)| v.is_string() && v.as_str().is_some_and(|t| !t.is_empty()))
        .map(|(k, v)| (k.clone(), v))
        .unwrap();
    *text = format!("{}!", text.as_str().unwrap()).into();
    set.changes[0] = serde_json::from_value(value).unwrap_or_else(|e| panic!("{field}: {e}"));
    let key = set.changes[0].key();
    let bytes = write(&altered, false);
    let mut reader = futures_executor::block_on(BookFileReader::open(&bytes[..], NOW_MS)).unwrap();
    reader.check_history();
    while futures_executor::block_on(reader.read_next())
        .unwrap()
        .is_some()
    {}
    let history = reader.history().expect("asked for");
    assert_eq!(history.problem_count(), 1, "{history:?}");
    assert_eq!(history.problems[0].set().id, altered.change_sets[at].id);
    assert_eq!(history.problems[0].set().records, vec![key]);

    let mut changes = book.clone();
    changes.header.kind = FileKind::Changes;
    changes.change_sets.drain(..10);
    let mut writer = BookFileWriter::new(&changes.header, None);
    writer.add_change_sets(&changes.change_sets).unwrap();
    assert!(writer.history().is_intact());
}
