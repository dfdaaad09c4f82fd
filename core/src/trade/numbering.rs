//! Document numbers: `INV-2026-0042`. Two laptops may issue offline and merge
//! later, so each device numbers within a series of its own, told apart by a
//! tag in the number: `INV-2026-0042` from the first device, `INV-2026-A0007`
//! from a device that joined from it (see ARCHITECTURE.md, *Numbering across
//! devices*).
//!
//! Why two devices can never produce the same number: a number is
//! `{prefix}-{year}-{tag}{seq}`, where the tag is letters and the sequence
//! digits, so a number names exactly one (kind, year, tag, seq).
//! - A tag belongs to one device. The empty tag is taken only by the first
//!   device to issue in a book that holds no series record at all — a book no
//!   other device has yet, because a device claims the empty tag before any
//!   copy of a book without series leaves it ([`claim_series_before_sending`]).
//!   Every other tag is granted by a device that has a tag: its own tag plus
//!   the next letter of its own `granted` counter ([`grant_tag`]), and only
//!   that device writes its counter. So tags form a tree in which a tag's
//!   length is its depth and each letter picks one child: two devices have the
//!   same tag only if they are the same node, that is, the same device. A device
//!   without a record in a book that has series is refused
//!   ([`TradeError::NoNumberSeries`]) rather than guessing one.
//! - Within its tag a device counts on from the highest sequence its own book
//!   holds for the kind, year and tag, and its book always holds every number it
//!   issued itself, so it never repeats one; no other device issues with its tag.
//!
//! Two tabs of one browser share a device id, and so a tag. They see each
//! other's issues through the tab channel within moments, but two issues in the
//! very same moment in two tabs could still compute one number: the app's write
//! path must let one tab issue at a time (the core cannot see the other tab).

use serde::{Deserialize, Serialize};

use super::{DocumentKind, TradeError};
use crate::book::{Book, Record, WriteCtx};
use crate::ids::DeviceId;
use crate::sync::{Change, ChangeSet};

/// A device's number series in a book: its tag ("" for the first device, then
/// tags given out by a device that already has one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSeries {
    pub device: DeviceId,
    pub tag: String,
    /// How many tags this device has given out to devices joining from it.
    #[serde(default)]
    pub granted: u32,
}

/// The letters a device hands out to devices joining from it, in order.
const TAG_LETTERS: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The device's series in the book: its record, or — in a book where no device
/// has issued yet — a new record with the empty tag (to be written with the
/// first issue).
pub fn device_series(book: &Book, device: DeviceId) -> Result<DeviceSeries, TradeError> {
    if let Some(series) = book.device_series(device) {
        return Ok(series.clone());
    }
    if book.all_device_series().next().is_some() {
        return Err(TradeError::NoNumberSeries);
    }
    Ok(DeviceSeries {
        device,
        tag: String::new(),
        granted: 0,
    })
}

/// The tag `parent` gives the next device joining from it: its own tag and
/// the next letter, or `None` once it has given out all 26. The caller writes
/// `parent` with `granted + 1` and the child's record in one change set.
pub fn grant_tag(parent: &DeviceSeries) -> Option<String> {
    let letter = TAG_LETTERS.get(usize::try_from(parent.granted).ok()?)?;
    Some(format!("{}{}", parent.tag, char::from(*letter)))
}

/// Before a copy of the book leaves this device (a backup, a changes file): in
/// a book where no device has a series yet, this device takes the empty tag
/// now, so the copy holds a series and the device receiving it can never take
/// the empty tag too. `None` when the book already has a series.
pub fn claim_series_before_sending(
    book: &Book,
    device: DeviceId,
    ctx: WriteCtx,
) -> Option<ChangeSet> {
    if book.all_device_series().next().is_some() {
        return None;
    }
    let series = DeviceSeries {
        device,
        tag: String::new(),
        granted: 0,
    };
    Some(ctx.change_set(vec![put_series(series)]))
}

/// After merging a changes file from `peer`: a peer without a series in the
/// book gets a tag from this device ([`grant_tag`]), written with this
/// device's counter in one change set; the next file this device sends carries
/// it, and the peer can issue documents. `None` when the peer has a series,
/// this device has none to grant from, or it has granted all its letters.
pub fn grant_series_to_peer(
    book: &Book,
    device: DeviceId,
    peer: DeviceId,
    ctx: WriteCtx,
) -> Option<ChangeSet> {
    if peer == device || book.device_series(peer).is_some() {
        return None;
    }
    let parent = book.device_series(device)?.clone();
    let tag = grant_tag(&parent)?;
    let child = DeviceSeries {
        device: peer,
        tag,
        granted: 0,
    };
    let parent = DeviceSeries {
        granted: parent.granted + 1,
        ..parent
    };
    Some(ctx.change_set(vec![put_series(parent), put_series(child)]))
}

/// When a book arrives on this device from a file another device wrote (a
/// restored backup, or a changes file merged by a device that has no series):
/// the change set that gives this device a series at once, from the
/// reservation the writer made for the file; `None` when the device has a
/// series already or nothing can be taken. (Device continuity: filled in by
/// the numbering work; see ARCHITECTURE.md, *Numbering across devices*.)
pub fn claim_series_on_arrival(
    book: &Book,
    device: DeviceId,
    writer: DeviceId,
    ctx: WriteCtx,
) -> Option<ChangeSet> {
    let _ = (book, device, writer, ctx);
    None
}

fn put_series(series: DeviceSeries) -> Change {
    Change::Put {
        record: Record::DeviceSeries(series),
    }
}

/// The next number of a kind in the device's series for a year.
pub fn next_number(book: &Book, kind: DocumentKind, series: &DeviceSeries, year: i32) -> String {
    let head = format!("{}-{year}-{}", kind.series_prefix(), series.tag);
    let highest = book
        .documents()
        .filter(|d| d.kind == kind)
        .filter_map(|d| sequence_in(d.number.as_deref()?, &head))
        .max()
        .unwrap_or(0);
    format!("{head}{:04}", highest + 1)
}

/// The sequence of a number of the series starting `head`. A number with a
/// longer tag (a device granted from this one) has a letter where the digits
/// should start, so it is not counted.
fn sequence_in(number: &str, head: &str) -> Option<u32> {
    let digits = number.strip_prefix(head)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RecordId;
    use std::collections::HashSet;

    fn series(n: u128, tag: &str) -> DeviceSeries {
        DeviceSeries {
            device: DeviceId(RecordId::from_parts(1, n)),
            tag: tag.into(),
            granted: 0,
        }
    }

    /// Grows a tree of devices, each granting to as many children as it can,
    /// down a few levels: every tag is different.
    #[test]
    fn granted_tags_stay_unique_across_a_tree() {
        let mut seen = HashSet::from([String::new()]);
        let mut level = vec![series(0, "")];
        for _ in 0..3 {
            let mut next = Vec::new();
            for parent in &mut level {
                while let Some(tag) = grant_tag(parent) {
                    parent.granted += 1;
                    assert!(seen.insert(tag.clone()), "{tag} given twice");
                    next.push(series(next.len() as u128, &tag));
                }
                assert_eq!(parent.granted, 26);
            }
            level = next;
        }
        assert_eq!(seen.len(), 1 + 26 + 26 * 26 + 26 * 26 * 26);
    }

    #[test]
    fn a_device_grants_its_tag_and_a_letter_and_stops_after_26() {
        let mut parent = series(1, "B");
        assert_eq!(grant_tag(&parent).as_deref(), Some("BA"));
        parent.granted = 25;
        assert_eq!(grant_tag(&parent).as_deref(), Some("BZ"));
        parent.granted = 26;
        assert_eq!(grant_tag(&parent), None);
    }

    #[test]
    fn a_number_is_read_back_only_in_its_own_series() {
        assert_eq!(sequence_in("INV-2026-0042", "INV-2026-"), Some(42));
        assert_eq!(sequence_in("INV-2026-A0007", "INV-2026-"), None);
        assert_eq!(sequence_in("INV-2026-A0007", "INV-2026-A"), Some(7));
        assert_eq!(sequence_in("INV-2026-AB0007", "INV-2026-A"), None);
        assert_eq!(sequence_in("INV-2025-0042", "INV-2026-"), None);
        assert_eq!(sequence_in("INV-2026-", "INV-2026-"), None);
    }
}
