//! The byte form of packed change sets, shared by every backend that packs them.
//!
//! A chunk is a JSON array of change sets. JSON because the log is the book's
//! durable truth for years: it must stay readable by later versions as records
//! gain fields (`serde(default)`), and it can be inspected by hand.

use crate::sync::ChangeSet;

/// A stored chunk that cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a packed part of the change log is damaged: {0}")]
pub struct ChunkError(pub String);

pub fn encode_chunk(sets: &[ChangeSet]) -> String {
    serde_json::to_string(sets).expect("change sets always serialize")
}

pub fn decode_chunk(text: &str) -> Result<Vec<ChangeSet>, ChunkError> {
    serde_json::from_str(text).map_err(|e| ChunkError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance::sample_set;

    #[test]
    fn chunks_round_trip() {
        let sets = vec![sample_set(1, "A"), sample_set(2, "B")];
        assert_eq!(decode_chunk(&encode_chunk(&sets)).unwrap(), sets);
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

    #[test]
    fn damaged_chunks_are_reported() {
        let text = encode_chunk(&[sample_set(1, "A")]);
        assert!(decode_chunk(&text[..text.len() / 2]).is_err());
        assert!(decode_chunk("[{\"garbage\":1}]").is_err());
    }
}
