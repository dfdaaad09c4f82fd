//! The ZIP container of a book file, both ways: written as pieces (each entry's
//! local header and bytes, then the central directory and its end record), and
//! read from its end: the end record, the directory, then each entry as needed.
//!
//! Only what Kura needs: stored entries (method 0), no ZIP64, no encryption of
//! ZIP's own. A reader trusts nothing: the directory's size and entry count are
//! checked against budgets before it is read, entries may not overlap nor lie
//! outside the file, a name may not appear twice, and each entry's local header
//! must agree with its directory record. That is what refuses the classic
//! hostile ZIPs (overlapping entries that multiply one range of bytes, two
//! entries of one name that different tools read differently, a local header
//! that says something else than the directory).

use std::collections::HashMap;
use std::ops::Range;

use super::budgets::Budget;
use super::{BookFileError, StructureProblem};

const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const END_SIGNATURE: u32 = 0x0605_4b50;
const LOCAL_HEADER_LEN: u64 = 30;
const CENTRAL_HEADER_LEN: usize = 46;
const END_LEN: u64 = 22;
/// The longest comment an end record can carry: it is searched for this far.
const MAX_COMMENT_LEN: u64 = u16::MAX as u64;
/// Bit 3 of the flags: sizes and CRC follow the data (a data descriptor), the
/// local header's are zero. Format 1 files (written by rawzip) have it.
const FLAG_DATA_DESCRIPTOR: u16 = 0x0008;
/// "Version needed to extract": 2.0, the version of stored entries.
const VERSION: u16 = 20;

/// The first bytes of every book file (its first local header).
pub(super) const ZIP_START: &[u8] = b"PK\x03\x04";

/// One entry as the central directory describes it.
#[derive(Clone, Debug)]
pub(super) struct Entry {
    /// The name (UTF-8; a name that is not is kept lossily, and so never
    /// matches a part's name).
    pub name: String,
    name_bytes: Vec<u8>,
    method: u16,
    crc: u32,
    /// The stored size (the same as the original size: stored entries only).
    pub size: u64,
    header_at: u64,
    /// Where the next entry (or the directory) starts: this entry must end there.
    end_limit: u64,
}

impl Entry {
    /// Whether the entry is stored as it is (not compressed).
    pub fn is_stored(&self) -> bool {
        self.method == 0
    }
}

/// Every entry of a file, by name.
pub(super) struct Directory {
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
}

impl Directory {
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.by_name.get(name).map(|&i| &self.entries[i])
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }
}

/// The bytes at the end of a file of `file_len` bytes in which its end record
/// must be: the record and the longest comment it may carry.
pub(super) fn end_window(file_len: u64) -> Range<u64> {
    file_len.saturating_sub(END_LEN + MAX_COMMENT_LEN)..file_len
}

/// Where the central directory is and how many entries it declares, from the
/// end window's bytes; `None` when there is no end record (not a ZIP, or cut
/// short). The declared count and size are checked against their budgets here,
/// before the directory is read.
pub(super) fn locate_directory(
    file_len: u64,
    tail: &[u8],
) -> Result<Option<(Range<u64>, usize)>, BookFileError> {
    let tail_at = file_len - tail.len() as u64;
    let Some(at) = (0..tail.len().saturating_sub(END_LEN as usize - 1))
        .rev()
        .find(|&i| is_end_record(&tail[i..]))
    else {
        return Ok(None);
    };
    let end = &tail[at..];
    let entries = u64::from(u16_at(end, 10));
    let directory_len = u64::from(u32_at(end, 12));
    let directory_at = u64::from(u32_at(end, 16));
    let one_disk = u16_at(end, 4) == 0 && u16_at(end, 6) == 0 && u16_at(end, 8) == u16_at(end, 10);
    if !one_disk || directory_at == u64::from(u32::MAX) || entries == u64::from(u16::MAX) {
        return Err(broken("(end of the file)", StructureProblem::NotSupported));
    }
    Budget::Parts.check(entries.saturating_sub(3))?;
    Budget::Directory.check(directory_len)?;
    let end_at = tail_at + at as u64;
    let room_for_entries = entries * CENTRAL_HEADER_LEN as u64 <= directory_len;
    if directory_at + directory_len != end_at || !room_for_entries {
        return Ok(None);
    }
    Ok(Some((directory_at..end_at, entries as usize)))
}

/// Whether `bytes` start with an end record whose comment runs exactly to the
/// end of the file (a signature inside a comment or data does not).
fn is_end_record(bytes: &[u8]) -> bool {
    bytes.len() >= END_LEN as usize
        && u32_at(bytes, 0) == END_SIGNATURE
        && END_LEN as usize + usize::from(u16_at(bytes, 20)) == bytes.len()
}

/// Parses the central directory (`bytes`, read from `range`) of `count`
/// entries, and checks that entries neither repeat a name nor overlap nor lie
/// outside the file before the directory.
pub(super) fn read_directory(
    bytes: &[u8],
    range: Range<u64>,
    count: usize,
) -> Result<Directory, BookFileError> {
    let mut entries = Vec::with_capacity(count);
    let mut at = 0;
    for _ in 0..count {
        let (entry, next) = central_record(bytes, at, range.start)?;
        entries.push(entry);
        at = next;
    }
    if at != bytes.len() {
        return Err(BookFileError::Truncated);
    }
    place_entries(&mut entries, range.start)?;
    let mut by_name = HashMap::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        if by_name.insert(entry.name.clone(), i).is_some() {
            return Err(broken(&entry.name, StructureProblem::DuplicateName));
        }
    }
    Ok(Directory { entries, by_name })
}

/// One central directory record at `at`; the entry and where the next starts.
fn central_record(
    bytes: &[u8],
    at: usize,
    directory_at: u64,
) -> Result<(Entry, usize), BookFileError> {
    let record = bytes
        .get(at..at + CENTRAL_HEADER_LEN)
        .ok_or(BookFileError::Truncated)?;
    if u32_at(record, 0) != CENTRAL_SIGNATURE {
        return Err(BookFileError::Truncated);
    }
    let name_len = usize::from(u16_at(record, 28));
    let variable = name_len + usize::from(u16_at(record, 30)) + usize::from(u16_at(record, 32));
    let name_at = at + CENTRAL_HEADER_LEN;
    let name_bytes = bytes
        .get(name_at..name_at + name_len)
        .ok_or(BookFileError::Truncated)?
        .to_vec();
    let entry = Entry {
        name: String::from_utf8_lossy(&name_bytes).into_owned(),
        name_bytes,
        method: u16_at(record, 10),
        crc: u32_at(record, 16),
        size: u64::from(u32_at(record, 20)),
        header_at: u64::from(u32_at(record, 42)),
        end_limit: directory_at,
    };
    if entry.is_stored() && entry.size != u64::from(u32_at(record, 24)) {
        return Err(broken(&entry.name, StructureProblem::SizesDisagree));
    }
    if bytes.len() < name_at + variable {
        return Err(BookFileError::Truncated);
    }
    Ok((entry, name_at + variable))
}

/// Orders the entries by where they start and gives each the start of the next
/// as its limit: an entry that reaches into the next (or into the directory)
/// is refused, so no byte of the file belongs to two entries.
fn place_entries(entries: &mut [Entry], directory_at: u64) -> Result<(), BookFileError> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| entries[i].header_at);
    for (k, &i) in order.iter().enumerate() {
        let limit = order
            .get(k + 1)
            .map_or(directory_at, |&next| entries[next].header_at);
        let entry = &mut entries[i];
        entry.end_limit = limit;
        if entry.header_at + LOCAL_HEADER_LEN + entry.name_bytes.len() as u64 + entry.size > limit {
            let problem = match order.get(k + 1) {
                Some(&next) => StructureProblem::Overlaps {
                    other: entries[next].name.clone(),
                },
                None => StructureProblem::OutsideFile,
            };
            return Err(broken(&entries[i].name, problem));
        }
    }
    Ok(())
}

/// The range of an entry's local header (fixed part and name), read first.
pub(super) fn local_header_range(entry: &Entry) -> Range<u64> {
    entry.header_at..entry.header_at + LOCAL_HEADER_LEN + entry.name_bytes.len() as u64
}

/// Checks an entry's local header against its directory record and returns
/// the range of its bytes.
pub(super) fn data_range(entry: &Entry, header: &[u8]) -> Result<Range<u64>, BookFileError> {
    let disagrees = || broken(&entry.name, StructureProblem::LocalHeaderDisagrees);
    if header.len() < LOCAL_HEADER_LEN as usize || u32_at(header, 0) != LOCAL_SIGNATURE {
        return Err(disagrees());
    }
    let flags = u16_at(header, 6);
    let (crc, size, original) = (
        u32_at(header, 14),
        u64::from(u32_at(header, 18)),
        u64::from(u32_at(header, 22)),
    );
    let deferred = flags & FLAG_DATA_DESCRIPTOR != 0 && crc == 0 && size == 0 && original == 0;
    let sizes_agree =
        deferred || (crc == entry.crc && size == entry.size && original == entry.size);
    let name_len = usize::from(u16_at(header, 26));
    let same_name = header.get(30..30 + name_len) == Some(entry.name_bytes.as_slice());
    if u16_at(header, 8) != entry.method || !sizes_agree || !same_name {
        return Err(disagrees());
    }
    let data_at =
        entry.header_at + LOCAL_HEADER_LEN + name_len as u64 + u64::from(u16_at(header, 28));
    if data_at + entry.size > entry.end_limit {
        return Err(broken(&entry.name, StructureProblem::LocalHeaderDisagrees));
    }
    Ok(data_at..data_at + entry.size)
}

fn broken(entry: &str, problem: StructureProblem) -> BookFileError {
    BookFileError::BrokenStructure {
        entry: entry.into(),
        problem,
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// A ZIP written as pieces: [`ZipWriter::entry`] gives an entry's local header
/// and bytes, [`ZipWriter::finish`] the central directory and its end. Stored
/// entries without timestamps or extra fields: the same input always gives the
/// same bytes.
#[derive(Default)]
pub(super) struct ZipWriter {
    written: u64,
    directory: Vec<u8>,
    entries: u64,
}

impl ZipWriter {
    /// The piece of one entry. Refused when the file would exceed its budgets.
    pub fn entry(&mut self, name: &str, data: &[u8]) -> Result<Vec<u8>, BookFileError> {
        let piece_len = LOCAL_HEADER_LEN + name.len() as u64 + data.len() as u64;
        let record_len = (CENTRAL_HEADER_LEN + name.len()) as u64;
        Budget::Parts.check((self.entries + 1).saturating_sub(3))?;
        let directory_len = self.directory.len() as u64 + record_len;
        Budget::File.check(self.written + piece_len + directory_len + END_LEN)?;
        let crc = rawzip::crc32(data);
        let size = data.len() as u32;
        let mut piece = Vec::with_capacity(piece_len as usize);
        put32(&mut piece, LOCAL_SIGNATURE);
        for field in [VERSION, 0, 0, 0, 0] {
            put16(&mut piece, field); // version, flags, method, time, date
        }
        for field in [crc, size, size] {
            put32(&mut piece, field);
        }
        put16(&mut piece, name.len() as u16);
        put16(&mut piece, 0); // extra
        piece.extend_from_slice(name.as_bytes());
        piece.extend_from_slice(data);

        let d = &mut self.directory;
        put32(d, CENTRAL_SIGNATURE);
        for field in [VERSION, VERSION, 0, 0, 0, 0] {
            put16(d, field); // made by, needed, flags, method, time, date
        }
        for field in [crc, size, size] {
            put32(d, field);
        }
        for field in [name.len() as u16, 0, 0, 0, 0] {
            put16(d, field); // name, extra, comment, disk, internal attributes
        }
        put32(d, 0); // external attributes
        put32(d, self.written as u32);
        d.extend_from_slice(name.as_bytes());
        self.written += piece_len;
        self.entries += 1;
        Ok(piece)
    }

    /// The central directory and its end record: the file's last piece.
    pub fn finish(self) -> Vec<u8> {
        let mut piece = self.directory;
        let directory_len = piece.len() as u32;
        put32(&mut piece, END_SIGNATURE);
        for field in [0, 0, self.entries as u16, self.entries as u16] {
            put16(&mut piece, field);
        }
        put32(&mut piece, directory_len);
        put32(&mut piece, self.written as u32);
        put16(&mut piece, 0); // comment
        piece
    }
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}
