//! The byte form of packed change sets, shared by every backend that packs them.
//!
//! Two formats are read; the newest is written:
//!
//! - **binary** (written): a compact format of its own wire layout, versioned by
//!   its header (see [`binary`]). It exists because parsing JSON took most of an
//!   open: the demo book of 100,000 entries is 50.9 MB of JSON, decoded natively in
//!   ~400 ms; in binary it is 4.2 MB, decoded in ~60 ms (`benches/open_book.rs`).
//!   Entries have their own layout; every other change (settings, the chart,
//!   locks, rules, attachments, deletions: few per book) is carried as its
//!   change-log JSON, the form of the `changes` rows, so it evolves the same way
//!   (`serde(default)`) and a new kind of record needs no codec change.
//! - **JSON** (read only): an array of change sets, as Kura's first version
//!   packed them. A chunk is never rewritten, so books packed then stay readable.
//!
//! [`chunk_sets`] yields the sets of a chunk one at a time, so a book can be folded
//! while it is read, without its whole decoded log in memory.
//!
//! Both formats are read within the same budgets ([`Budget`]), and every set
//! must pass [`check_set`] (its stamp within [`MAX_WALL_MS`]), whichever form
//! holds it: a chunk, or a row of the tail ([`decode_row`]). Writing checks the
//! same way, so nothing is stored that would not read back ([`encode_row`],
//! [`pack_chunks`]).

mod binary;

use crate::ledger::JournalEntry;
use crate::sync::{Change, ChangeSet, MAX_WALL_MS};

/// The most changes one change set may hold. The largest set Kura makes is an
/// import, one set for a whole file of at most [`crate::files::table::MAX_ROWS`]
/// rows, each at most one record; this is twice that. A chunk that
/// declares more is damaged or crafted, and is refused before anything is
/// allocated for it.
pub const MAX_CHANGES_PER_SET: usize = 400_000;

/// The most lines one journal entry may have. The longest entries Kura makes
/// (a month's consolidated invoice, a payroll) have a few dozen.
pub const MAX_LINES_PER_ENTRY: usize = 10_000;

/// The most distinct texts one chunk's table may list: each costs a reference
/// (16 bytes) while the chunk is read, and a chunk of 2,000 sets (a book file's
/// part, the largest chunk Kura writes) of a busy book lists some tens of thousands.
pub const MAX_STRINGS_PER_CHUNK: usize = 4_000_000;

/// The most bytes of text the entries of one chunk may take from its table.
/// Each entry owns a copy of its texts, so one long text referred to by many
/// lines would otherwise decode to far more memory than the chunk's size (a
/// megabyte read a million times is a terabyte). A whole book of a million
/// entries holds about 430 MB, texts and all: no real chunk comes near this.
pub const MAX_TEXT_BYTES_PER_CHUNK: usize = 256 << 20;

const _: () = assert!(MAX_CHANGES_PER_SET >= crate::files::table::MAX_ROWS);

/// Which budget a chunk or a change set went beyond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// [`MAX_CHANGES_PER_SET`].
    ChangesPerSet,
    /// [`MAX_LINES_PER_ENTRY`].
    LinesPerEntry,
    /// [`MAX_STRINGS_PER_CHUNK`].
    StringsPerChunk,
    /// [`MAX_TEXT_BYTES_PER_CHUNK`].
    TextBytesPerChunk,
}

impl Budget {
    /// The budget's limit.
    pub fn limit(self) -> usize {
        match self {
            Budget::ChangesPerSet => MAX_CHANGES_PER_SET,
            Budget::LinesPerEntry => MAX_LINES_PER_ENTRY,
            Budget::StringsPerChunk => MAX_STRINGS_PER_CHUNK,
            Budget::TextBytesPerChunk => MAX_TEXT_BYTES_PER_CHUNK,
        }
    }
}

/// A stored part of the change log (a chunk, or a row of the tail) that cannot
/// be read back, and why. The UI names the reason (`src/i18n/errors.rs`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    /// The bytes are not what the format says: cut off, changed, or not a chunk.
    #[error("a stored part of the change log is damaged: {0}")]
    Damaged(String),
    /// A count or a size beyond what Kura reads (see [`Budget`]).
    #[error("a stored part of the change log goes beyond {what:?} ({limit})")]
    OverBudget { what: Budget, limit: usize },
    /// A change set stamped after [`MAX_WALL_MS`] (9999-12-31): a broken clock
    /// or a crafted file.
    #[error("a change set is stamped after the year 9999 ({wall_ms} ms)")]
    StampOutOfRange { wall_ms: u128 },
    /// Packed by a newer Kura.
    #[error("a stored part of the change log comes from a newer Kura (format {found}; this one reads up to {supported})")]
    NewerFormat { found: u8, supported: u8 },
}

impl ChunkError {
    fn over(what: Budget) -> ChunkError {
        ChunkError::OverBudget {
            what,
            limit: what.limit(),
        }
    }
}

/// Packs change sets in the current (binary) format, as they are: see
/// [`pack_chunks`] for chunks checked to read back.
pub fn encode_chunk(sets: &[ChangeSet]) -> Vec<u8> {
    binary::encode(sets)
}

/// Every set of a stored chunk, whichever format it is in.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<ChangeSet>, ChunkError> {
    chunk_sets(bytes)?.collect()
}

/// The sets of a stored chunk, decoded one at a time as the iterator is advanced.
/// A damaged chunk yields an error (first, or where the damage is) and then ends:
/// the sets before the damage are whole and checked.
pub fn chunk_sets(bytes: &[u8]) -> Result<ChunkSets<'_>, ChunkError> {
    if binary::is_binary(bytes) {
        return binary::Reader::new(bytes).map(|r| ChunkSets(Sets::Binary(r)));
    }
    if bytes.trim_ascii_start().first() == Some(&b'[') {
        let sets: Vec<ChangeSet> =
            serde_json::from_slice(bytes).map_err(|e| json_damage(bytes, &e))?;
        return Ok(ChunkSets(Sets::Json(sets.into_iter())));
    }
    Err(ChunkError::Damaged("not a chunk of change sets".into()))
}

/// Checks what every stored change set must satisfy, whichever form holds it:
/// its stamp within [`MAX_WALL_MS`] (the text form holds 18 digits), and the
/// budgets of a chunk, so that any set stored as a row can also be packed.
pub fn check_set(set: &ChangeSet) -> Result<(), ChunkError> {
    if !set.stamp.is_in_range() {
        return Err(ChunkError::StampOutOfRange {
            wall_ms: u128::from(set.stamp.wall_ms),
        });
    }
    if set.changes.len() > MAX_CHANGES_PER_SET {
        return Err(ChunkError::over(Budget::ChangesPerSet));
    }
    let mut text = 0usize;
    for entry in set.changes.iter().filter_map(entry_put) {
        if entry.lines().len() > MAX_LINES_PER_ENTRY {
            return Err(ChunkError::over(Budget::LinesPerEntry));
        }
        text = text.saturating_add(entry_text_bytes(entry));
    }
    if text > MAX_TEXT_BYTES_PER_CHUNK {
        return Err(ChunkError::over(Budget::TextBytesPerChunk));
    }
    Ok(())
}

/// The entry a change puts, when the binary format packs it field by field.
fn entry_put(change: &Change) -> Option<&JournalEntry> {
    match change {
        Change::Put {
            record: crate::book::Record::JournalEntry(entry),
        } => Some(entry),
        _ => None,
    }
}

/// The bytes of text an entry takes from a chunk's table when decoded.
fn entry_text_bytes(entry: &JournalEntry) -> usize {
    let memos: usize = entry.lines().iter().map(|l| l.memo.len()).sum();
    entry.description().len() + entry.partner().map_or(0, str::len) + memos
}

/// Packs sets into chunks that read back: the sets are split into runs that
/// fit one chunk's budgets ([`runs`]), and each chunk is decoded and compared
/// with its run before it is returned. Returns each chunk with the sets it
/// holds, in order; an error when a set cannot be packed to read back (it is
/// then left where it is).
pub fn pack_chunks(sets: &[ChangeSet]) -> Result<Vec<Packed<'_>>, ChunkError> {
    runs(sets, MAX_TEXT_BYTES_PER_CHUNK, MAX_STRINGS_PER_CHUNK)
        .into_iter()
        .map(|run| {
            let bytes = encode_chunk(run);
            reads_back(&bytes, run)?;
            Ok((bytes, run))
        })
        .collect()
}

/// A packed chunk's bytes and the run of sets it holds.
pub type Packed<'a> = (Vec<u8>, &'a [ChangeSet]);

/// `sets` split, in order, into runs whose entries hold at most `text_budget`
/// bytes of text and at most `strings_budget` texts (counted per use: more
/// than the distinct ones a chunk's table lists). A set alone beyond them is
/// a run of its own (and then refused when it is read back).
fn runs(sets: &[ChangeSet], text_budget: usize, strings_budget: usize) -> Vec<&[ChangeSet]> {
    let mut runs = Vec::new();
    let (mut start, mut text, mut strings) = (0, 0usize, 0usize);
    for (i, set) in sets.iter().enumerate() {
        let (set_text, set_strings) = set
            .changes
            .iter()
            .filter_map(entry_put)
            .map(|e| (entry_text_bytes(e), 2 + e.lines().len()))
            .fold((0usize, 0usize), |(t, n), (et, en)| {
                (t.saturating_add(et), n.saturating_add(en))
            });
        let full = text.saturating_add(set_text) > text_budget
            || strings.saturating_add(set_strings) > strings_budget;
        if i > start && full {
            runs.push(&sets[start..i]);
            (start, text, strings) = (i, 0, 0);
        }
        text = text.saturating_add(set_text);
        strings = strings.saturating_add(set_strings);
    }
    if start < sets.len() {
        runs.push(&sets[start..]);
    }
    runs
}

/// Whether `bytes` decode to exactly `sets`.
fn reads_back(bytes: &[u8], sets: &[ChangeSet]) -> Result<(), ChunkError> {
    let mut expected = sets.iter();
    for set in chunk_sets(bytes)? {
        if expected.next() != Some(&set?) {
            return Err(ChunkError::Damaged(
                "a packed set reads back differently".into(),
            ));
        }
    }
    match expected.next() {
        None => Ok(()),
        Some(_) => Err(ChunkError::Damaged("a packed set is missing".into())),
    }
}

/// The stored text of a change set in the log's tail (its JSON), checked to
/// read back as the same set: a set that would not is refused, never stored.
pub fn encode_row(set: &ChangeSet) -> Result<String, ChunkError> {
    check_set(set)?;
    let text = serde_json::to_string(set).expect("change sets always serialize");
    if decode_row(&text)? != *set {
        return Err(ChunkError::Damaged("the set reads back differently".into()));
    }
    Ok(text)
}

/// A change set from its stored text, checked like a packed one.
pub fn decode_row(text: &str) -> Result<ChangeSet, ChunkError> {
    let set: ChangeSet =
        serde_json::from_str(text).map_err(|e| json_damage(text.as_bytes(), &e))?;
    check_set(&set)?;
    Ok(set)
}

/// Why JSON did not parse as change sets. A stamp beyond [`MAX_WALL_MS`] is the
/// damage an earlier build could store (its binary chunks took any stamp, its
/// text form only 18 digits): it is named as such, the rest by the parser.
fn json_damage(text: &[u8], error: &serde_json::Error) -> ChunkError {
    let far_stamp = |set: &serde_json::Value| {
        let wall = set.get("stamp")?.as_str()?.split('-').next()?;
        wall.parse::<u128>()
            .ok()
            .filter(|&ms| ms > u128::from(MAX_WALL_MS))
    };
    let value: Option<serde_json::Value> = serde_json::from_slice(text).ok();
    let far = match &value {
        Some(serde_json::Value::Array(sets)) => sets.iter().find_map(far_stamp),
        Some(set) => far_stamp(set),
        None => None,
    };
    match far {
        Some(wall_ms) => ChunkError::StampOutOfRange { wall_ms },
        None => ChunkError::Damaged(error.to_string()),
    }
}

/// Packs change sets as the first format did: a JSON array. Kura no longer writes
/// it; tests use it for old books, and the benchmarks to compare.
#[cfg(any(test, feature = "testing"))]
pub fn encode_json_chunk(sets: &[ChangeSet]) -> String {
    serde_json::to_string(sets).expect("change sets always serialize")
}

/// The sets of one chunk, in stored order. See [`chunk_sets`].
pub struct ChunkSets<'a>(Sets<'a>);

enum Sets<'a> {
    Binary(binary::Reader<'a>),
    Json(std::vec::IntoIter<ChangeSet>),
}

impl Iterator for ChunkSets<'_> {
    type Item = Result<ChangeSet, ChunkError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Sets::Binary(reader) => reader.next(),
            Sets::Json(sets) => {
                let set = sets.next()?;
                let checked = check_set(&set).map(|()| set);
                if checked.is_err() {
                    // As in a binary chunk: nothing after damage is read.
                    *sets = Vec::new().into_iter();
                }
                Some(checked)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Book;
    use crate::demo::{demo_book, sequential_ids};
    use crate::store::conformance::sample_set;
    use chrono::NaiveDate;

    fn demo(entries_per_year: usize) -> Vec<ChangeSet> {
        let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        demo_book(
            5,
            2,
            entries_per_year,
            start,
            &mut sequential_ids(1_700_000_000_000),
        )
    }

    #[test]
    fn chunks_round_trip() {
        let mut sets = vec![sample_set(1, "A"), sample_set(2, "B"), sample_set(3, "C")];
        crate::sync::chain::link(&mut sets[1], None);
        let after = sets[1].link;
        crate::sync::chain::link(&mut sets[2], after.as_ref());
        assert_eq!(decode_chunk(&encode_chunk(&sets)).unwrap(), sets);
        assert_eq!(
            decode_chunk(encode_json_chunk(&sets).as_bytes()).unwrap(),
            sets
        );
        for set in &sets {
            assert_eq!(decode_row(&encode_row(set).unwrap()).unwrap(), *set);
        }
        assert_eq!(decode_chunk(&encode_chunk(&[])).unwrap(), vec![]);
    }

    /// Every kind of record a new book holds (settings and the whole chart) must
    /// survive packing: a record whose fields clash with the enum's tag would not.
    #[test]
    fn a_whole_new_book_round_trips() {
        use crate::book::{create_book, ChartTemplate, SettingsInput};
        for template in ChartTemplate::ALL {
            let mut n = 0u128;
            let mut ids = || {
                n += 1;
                crate::ids::RecordId::from_parts(1, n)
            };
            let input = SettingsInput {
                name: "山田商店".into(),
                chart_template: template,
                ..SettingsInput::default()
            };
            let ctx = sample_set(1, "x");
            let ctx = crate::book::WriteCtx {
                set_id: ctx.id,
                stamp: ctx.stamp,
            };
            let book_id = crate::ids::RecordId::from_parts(2, 2);
            let set = create_book(input, book_id, &mut ids, ctx).unwrap();
            assert!(set.changes.len() > 20, "the chart is in the set");
            let sets = vec![set];
            assert_eq!(decode_chunk(&encode_chunk(&sets)).unwrap(), sets);
        }
    }

    /// A demo book has entries of every shape the app makes (drafts, corrections,
    /// several tax codes, partners or none): packed in either format, it decodes
    /// to the same sets, and the binary chunk is much smaller.
    #[test]
    fn a_demo_book_round_trips_in_both_formats() {
        let sets = demo(3_000);
        let binary = encode_chunk(&sets);
        let json = encode_json_chunk(&sets);
        assert_eq!(decode_chunk(&binary).unwrap(), sets);
        assert_eq!(decode_chunk(json.as_bytes()).unwrap(), sets);
        assert!(
            binary.len() * 5 < json.len(),
            "binary {} bytes, JSON {}",
            binary.len(),
            json.len()
        );
    }

    /// A chunk exactly as Kura's first version wrote it (JSON text, records
    /// without the fields added since) still loads.
    #[test]
    fn a_json_chunk_of_the_first_version_still_loads() {
        let stored = include_str!("chunk/first_version_chunk.json");
        let sets = decode_chunk(stored.as_bytes()).unwrap();
        assert_eq!(sets.len(), 2);
        let book = Book::from_change_sets(&sets);
        assert_eq!(book.settings().unwrap().name, "山田商店");
        let entry = book.entries().next().unwrap();
        assert_eq!(entry.description(), "現金売上 (レジ)");
        assert_eq!(entry.lines().len(), 3);
        assert_eq!(entry.total().to_string(), "1480");
        // Packed again, it is binary and reads back the same.
        assert_eq!(decode_chunk(&encode_chunk(&sets)).unwrap(), sets);
    }

    #[test]
    fn damaged_chunks_are_reported() {
        let text = encode_json_chunk(&[sample_set(1, "A")]);
        assert!(decode_chunk(&text.as_bytes()[..text.len() / 2]).is_err());
        assert!(decode_chunk(b"[{\"garbage\":1}]").is_err());
        assert!(decode_chunk(b"").is_err());
        assert!(decode_chunk(b"\x00\x01\x02").is_err());
    }

    /// Every truncation of a binary chunk, and every one-byte change to it, is
    /// either refused or decodes to valid sets: never a panic.
    #[test]
    fn damaged_binary_chunks_are_refused_without_panicking() {
        // Some days of entries, and a set with settings and accounts (JSON inside).
        let sets = demo(200);
        let mut some = sets[2..8].to_vec();
        some[0].changes.extend(sets[0].changes[..3].iter().cloned());
        let bytes = encode_chunk(&some);
        for len in 0..bytes.len() {
            assert!(decode_chunk(&bytes[..len]).is_err(), "truncated at {len}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5a;
            let _ = decode_chunk(&damaged);
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_chunk(&longer).is_err(), "trailing bytes");
    }

    proptest::proptest! {
        /// Any bytes, as a binary chunk, a JSON one or neither, give an error or
        /// valid sets: each within the stamp range and the budgets, and packed
        /// again they read back the same.
        #[test]
        fn any_bytes_give_an_error_or_valid_sets(
            head in proptest::sample::select(vec![&b"\x89KCH\x01"[..], b"\x89KCH\x02", b"[", b""]),
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let mut bytes = head.to_vec();
            bytes.extend(body);
            if let Ok(sets) = decode_chunk(&bytes) {
                for set in &sets {
                    proptest::prop_assert_eq!(check_set(set), Ok(()));
                }
                proptest::prop_assert_eq!(decode_chunk(&encode_chunk(&sets)), Ok(sets));
            }
        }
    }

    /// Runs end where the next set's texts would go beyond a budget; a set
    /// alone beyond it still gets a run.
    #[test]
    fn sets_are_split_into_runs_that_fit_a_chunk() {
        use crate::store::conformance::entry_put;
        let set = |n: u64, memo: &str, lines: usize| {
            let mut set = sample_set(n, "x");
            set.changes = vec![entry_put(lines, memo)];
            set
        };
        // Entry texts: "budget" (6 bytes) and the memo on each line.
        let sets = vec![
            set(1, "ab", 2),
            set(2, "ab", 2),
            set(3, "ab", 2),
            set(4, &"z".repeat(40), 2),
        ];
        let lengths = |runs: Vec<&[ChangeSet]>| runs.iter().map(|r| r.len()).collect::<Vec<_>>();
        assert_eq!(lengths(runs(&sets, 1_000, 1_000)), [4]);
        assert_eq!(
            lengths(runs(&sets, 20, 1_000)),
            [2, 1, 1],
            "10 bytes each, then 86"
        );
        assert_eq!(lengths(runs(&sets, 1_000, 8)), [2, 2], "4 texts each");
        assert_eq!(lengths(runs(&[], 1, 1)), Vec::<usize>::new());
        let packed = pack_chunks(&sets).unwrap();
        assert_eq!(packed.len(), 1);
        assert_eq!(decode_chunk(&packed[0].0).unwrap(), sets);
    }

    #[test]
    fn sets_can_be_taken_one_at_a_time() {
        let sets = demo(200);
        let bytes = encode_chunk(&sets);
        let mut book = Book::default();
        for set in chunk_sets(&bytes).unwrap() {
            book.apply_owned(set.unwrap());
        }
        assert_eq!(book, Book::from_change_sets(&sets));
    }
}
