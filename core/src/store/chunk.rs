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

mod binary;

use crate::sync::ChangeSet;

/// A stored chunk that cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a packed part of the change log is damaged: {0}")]
pub struct ChunkError(pub String);

/// Packs change sets in the current (binary) format.
pub fn encode_chunk(sets: &[ChangeSet]) -> Vec<u8> {
    binary::encode(sets)
}

/// Every set of a stored chunk, whichever format it is in.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<ChangeSet>, ChunkError> {
    chunk_sets(bytes)?.collect()
}

/// The sets of a stored chunk, decoded one at a time as the iterator is advanced.
/// A damaged chunk yields an error (first, or where the damage is) and then ends.
pub fn chunk_sets(bytes: &[u8]) -> Result<ChunkSets<'_>, ChunkError> {
    if binary::is_binary(bytes) {
        return binary::Reader::new(bytes).map(|r| ChunkSets(Sets::Binary(r)));
    }
    if bytes.trim_ascii_start().first() == Some(&b'[') {
        let sets: Vec<ChangeSet> =
            serde_json::from_slice(bytes).map_err(|e| ChunkError(e.to_string()))?;
        return Ok(ChunkSets(Sets::Json(sets.into_iter())));
    }
    Err(ChunkError("not a chunk of change sets".into()))
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
            Sets::Json(sets) => sets.next().map(Ok),
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
        let sets = vec![sample_set(1, "A"), sample_set(2, "B")];
        assert_eq!(decode_chunk(&encode_chunk(&sets)).unwrap(), sets);
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
