//! What the book-file tests share: a demo book with attachments, writing and
//! reading it at a fixed clock, and the ZIP surgery a hostile file is made by
//! (entries read and rewritten, the manifest edited with its checksum — and,
//! where a case says so, its chain and counts — recomputed, as an attacker
//! who knows the format would).

#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use chrono::NaiveDate;
use kura_core::book::{attach_file, Book, WriteCtx};
use kura_core::demo::{demo_book, sequential_ids};
use kura_core::files::backup::{
    read_book_file, BookFile, BookFileError, BookFileHeader, BookFileReader, BookFileWriter,
    Encryption, FileKind, Secret,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::store::decode_chunk;
use kura_core::sync::{ChangeSet, Hlc};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const PASSPHRASE: &str = "correct horse battery staple";
/// Tests derive keys with few iterations; the default is checked once.
pub const TEST_ITERATIONS: u32 = 1_000;
/// The reader's clock in every test: just after the test books were written.
pub const NOW_MS: u64 = 1_800_000_200_000;

pub fn device() -> DeviceId {
    DeviceId(RecordId::from_parts(1_700_000_000_000, 77))
}

/// A PDF-like file of `len` bytes that differs per `seed`.
pub fn pdf(seed: u8, len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

/// A demo book of `entries` over two years, with `files` attachments on its
/// first entries (the bytes are returned with their ids). Its `seen` is what
/// its sets say, as a backup's must be.
pub fn book_with_attachments(entries: usize, files: usize) -> BookFile {
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
            seen: seen_of(&sets),
        },
        change_sets: sets,
        attachments,
    }
}

/// For each device, the latest stamp of its sets, by device.
pub fn seen_of(sets: &[ChangeSet]) -> Vec<Hlc> {
    let mut seen = Book::from_change_sets(sets).seen();
    seen.sort_by_key(|s| s.device);
    seen
}

/// The file, parts of 40 sets, optionally encrypted under [`PASSPHRASE`].
pub fn write(file: &BookFile, encrypted: bool) -> Vec<u8> {
    write_in_parts(file, encrypted, 40)
}

pub fn write_in_parts(file: &BookFile, encrypted: bool, sets_per_part: usize) -> Vec<u8> {
    let encryption = encrypted.then_some(Encryption {
        passphrase: PASSPHRASE.into(),
        random: [9u8; 32],
    });
    let mut writer = BookFileWriter::with_key_iterations(&file.header, encryption, TEST_ITERATIONS);
    let mut bytes = Vec::new();
    for part in file.change_sets.chunks(sets_per_part) {
        bytes.extend(writer.add_change_sets(part).unwrap());
    }
    for (id, attachment) in &file.attachments {
        bytes.extend(writer.add_attachment(*id, attachment).unwrap());
    }
    bytes.extend(writer.finish().unwrap());
    bytes
}

pub fn read(bytes: &[u8], passphrase: Option<&str>) -> Result<BookFile, BookFileError> {
    read_book_file(bytes, passphrase.map(Secret::from), NOW_MS, &mut |_, _| {})
}

/// A restore as the app does it, into a book of its own: a backup only, every
/// part read and checked before the book exists. `Err`: no book was made.
pub fn restore(bytes: &[u8], passphrase: Option<&str>) -> Result<Book, BookFileError> {
    futures_executor::block_on(async {
        let mut reader = BookFileReader::open(bytes, NOW_MS).await?;
        reader.require_backup()?;
        if let Some(passphrase) = passphrase {
            reader.unlock(Secret::from(passphrase))?;
        }
        let file = reader.read_all(&mut |_, _| {}).await?;
        Ok(Book::from_change_sets(&file.change_sets))
    })
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

// ---- ZIP surgery ----

/// Every entry of a ZIP, in order: (name, stored bytes).
pub fn entries_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let zip = rawzip::ZipArchive::from_slice(bytes).unwrap();
    let mut entries = zip.entries();
    let mut found = Vec::new();
    while let Some(entry) = entries.next_entry().unwrap() {
        let name = String::from_utf8(entry.file_path().as_ref().to_vec()).unwrap();
        let data = zip.get_entry(entry.wayfinder()).unwrap().data().to_vec();
        found.push((name, data));
    }
    found
}

/// The stored range of each ZIP entry, by name.
pub fn entry_ranges(bytes: &[u8]) -> Vec<(String, std::ops::Range<usize>)> {
    let zip = rawzip::ZipArchive::from_slice(bytes).unwrap();
    let mut entries = zip.entries();
    let mut ranges = Vec::new();
    while let Some(entry) = entries.next_entry().unwrap() {
        let name = String::from_utf8(entry.file_path().as_ref().to_vec()).unwrap();
        let (start, end) = zip
            .get_entry(entry.wayfinder())
            .unwrap()
            .compressed_data_range();
        ranges.push((name, start as usize..end as usize));
    }
    ranges
}

pub fn range_of(bytes: &[u8], name: &str) -> std::ops::Range<usize> {
    entry_ranges(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
        .1
}

/// A ZIP of these entries, in this order (a tool other than Kura's writer).
pub fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = rawzip::ZipArchiveWriter::new(Vec::new());
    for (name, data) in entries {
        let (mut entry, config) = out.new_file(name).start().unwrap();
        let mut writer = config.wrap(&mut entry);
        std::io::Write::write_all(&mut writer, data).unwrap();
        let (_, descriptor) = writer.finish().unwrap();
        entry.finish(descriptor).unwrap();
    }
    out.finish().unwrap()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn manifest_text(bytes: &[u8]) -> String {
    String::from_utf8(bytes[range_of(bytes, "manifest.json")].to_vec()).unwrap()
}

/// The file with its entries edited by `edit` (entries as (name, bytes), the
/// manifest as JSON), its manifest's checksum recomputed (the seal of an
/// encrypted file cannot be, and is kept).
pub fn rewritten(
    bytes: &[u8],
    edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>, &mut Value),
) -> Vec<u8> {
    let mut entries = entries_of(bytes);
    let at = entries
        .iter()
        .position(|(n, _)| n == "manifest.json")
        .unwrap();
    let mut manifest: Value = serde_json::from_slice(&entries[at].1).unwrap();
    entries.retain(|(n, _)| n != "manifest.json" && n != "manifest.sha256");
    edit(&mut entries, &mut manifest);
    let text = serde_json::to_vec_pretty(&manifest).unwrap();
    let checksum = sha256_hex(&text).into_bytes();
    entries.push(("manifest.json".into(), text));
    entries.push(("manifest.sha256".into(), checksum));
    zip_of(&entries)
}

/// Removes a part from the ZIP and from the manifest's list.
pub fn remove_part(entries: &mut Vec<(String, Vec<u8>)>, manifest: &mut Value, name: &str) {
    entries.retain(|(n, _)| n != name);
    parts(manifest).retain(|p| p["name"] != name);
}

pub fn parts(manifest: &mut Value) -> &mut Vec<Value> {
    manifest["parts"].as_array_mut().unwrap()
}

/// Recomputes the chain of parts as the format describes it.
pub fn rechain(manifest: &mut Value) {
    let mut link = [0u8; 32];
    for part in parts(manifest) {
        let mut hash = Sha256::new();
        hash.update(link);
        hash.update(part["name"].as_str().unwrap().as_bytes());
        hash.update([0]);
        hash.update(part["size"].as_u64().unwrap().to_be_bytes());
        hash.update(part["sha256"].as_str().unwrap().as_bytes());
        link = hash.finalize().into();
        part["chain"] = Value::from(hex(&link));
    }
    manifest["chain"] = Value::from(hex(&link));
}

/// Recomputes the counts from the parts left (change sets and records by kind
/// decoded from the plain change parts, attachments by name).
pub fn recount(entries: &[(String, Vec<u8>)], manifest: &mut Value) {
    let listed: Vec<String> = parts(manifest)
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    let mut sets = Vec::new();
    let mut attachments = 0;
    for (name, data) in entries.iter().filter(|(n, _)| listed.contains(n)) {
        if name.starts_with("changes/") {
            sets.extend(decode_chunk(data).unwrap());
        } else {
            attachments += 1;
        }
    }
    let mut records = std::collections::BTreeMap::<String, u64>::new();
    let mut keys = std::collections::HashSet::new();
    for record in sets
        .iter()
        .flat_map(|s| &s.changes)
        .filter_map(|c| c.record())
    {
        if keys.insert(record.key()) {
            let kind = serde_json::to_value(record.key().kind).unwrap();
            *records.entry(kind.as_str().unwrap().into()).or_default() += 1;
        }
    }
    manifest["counts"] = serde_json::json!({
        "change_sets": sets.len(),
        "records": records,
        "attachments": attachments,
    });
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The offset of each central directory record, by name (the ZIP's end record
/// has no comment in these files).
pub fn central_records(bytes: &[u8]) -> Vec<(String, usize)> {
    let end = bytes.len() - 22;
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
    let mut records = Vec::new();
    for _ in 0..count {
        let name_len = u16_at(at + 28);
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        records.push((name, at));
        at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
    }
    records
}

/// Where an entry's local header starts (its directory record says).
pub fn local_header_at(bytes: &[u8], name: &str) -> usize {
    let (_, record) = central_records(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap();
    u32::from_le_bytes(bytes[record + 42..record + 46].try_into().unwrap()) as usize
}
