//! Document numbers: `INV-2026-0042`. Two laptops may issue offline and merge
//! later, and a book may be restored on a new laptop at any time, so each
//! device numbers within a series of its own, told apart by a tag in the
//! number: `INV-2026-0042` from the first device, `INV-2026-A0007` from a
//! device that arrived by a file the first one wrote. `docs/numbering.md` is
//! the full argument; in short:
//!
//! - A number is `{prefix}-{year}-{tag}{seq}`: the tag is letters and the
//!   sequence digits, so a number names exactly one (kind, year, tag, seq).
//! - Tags form a tree. The first device to issue (or to send the book
//!   anywhere) takes the empty tag, in a book that has no series yet. Every
//!   other tag is a child of an existing one: its parent's tag followed by
//!   [`child_code`]`(n)`, where `n` counts the children the parent gave out
//!   (`granted`), and only the parent writes its own counter. The child codes
//!   are prefix-free, so two different paths down the tree never spell the
//!   same tag.
//! - Before a device writes a book file (a backup or a changes file) it
//!   reserves the next child tag for whoever arrives by that file
//!   ([`claim_series_before_sending`]): a version of its own record with the
//!   counter one higher and `reserved` naming the tag. A device that arrives
//!   by the file — a restore on a new laptop, or a changes file merged by a
//!   device that has no series — takes that reservation
//!   ([`claim_series_on_arrival`]) and can issue at once.
//! - Within its tag a device counts on from the highest sequence its own book
//!   holds for the kind, year and tag; its book holds every number it issued.
//!
//! The guarantee rests on two assumptions, both checked at every merge (see
//! `sync::plan_merge`): a file's reservation is taken by one device only (one
//! backup is not restored on two laptops), and no two installations share a
//! device id (a browser profile is not copied). Two tabs of one browser share
//! the device id and so the series: the app's write path lets one tab issue at
//! a time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{DocumentKind, DocumentStatus, TradeError};
use crate::book::{Book, Record, WriteCtx};
use crate::ids::{DeviceId, RecordId};
use crate::sync::{Change, ChangeSet};

/// A device's number series in a book: its tag ("" for the first device, then
/// tags given out by a device that already has one), and its own counter of
/// the tags it gave out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSeries {
    pub device: DeviceId,
    pub tag: String,
    /// How many child tags this device has given out: one reserved for each
    /// book file it wrote (and, in books from before reservations, one granted
    /// to each peer it merged a file from).
    #[serde(default)]
    pub granted: u32,
    /// The child tag reserved, in this version, for the book file the device
    /// was about to write: the device that arrives by that file numbers with
    /// it. `None` in versions that reserved nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved: Option<String>,
}

/// The highest sequence number of one series (a kind, a year, a tag):
/// 4,294,967,295. Issuing past it is refused ([`TradeError::SeriesExhausted`]).
pub const MAX_SEQUENCE: u32 = u32::MAX;

/// The letters that end a child code; `Z` only ever starts a longer one.
const CODE_LETTERS: &[u8; 25] = b"ABCDEFGHIJKLMNOPQRSTUVWXY";

/// The code of a device's `n`-th child (from 0): `A`…`Y` for the first 25,
/// then `Z` and two letters (`ZAA`…`ZYY`, 625 codes), then `ZZ` and three,
/// and so on — `k − 1` times `Z`, then `k` letters of `A`…`Y`. Short codes
/// come first, and no code is a prefix of another (a reader counts the `Z`s
/// and then knows how many letters follow), so the tags of a tree are all
/// different however many children each device has.
pub fn child_code(n: u32) -> String {
    let base = CODE_LETTERS.len() as u64;
    let (mut rest, mut letters) = (u64::from(n), 1u32);
    // A group of k letters holds 25^k codes; u32 reaches k = 7 at most.
    while rest >= base.pow(letters) {
        rest -= base.pow(letters);
        letters += 1;
    }
    let mut code = "Z".repeat(letters as usize - 1);
    let digits: Vec<char> = (0..letters)
        .map(|_| {
            let letter = char::from(CODE_LETTERS[(rest % base) as usize]);
            rest /= base;
            letter
        })
        .collect();
    code.extend(digits.into_iter().rev());
    code
}

/// The tag of the `n`-th child of a device tagged `parent`.
pub fn child_tag(parent: &str, n: u32) -> String {
    format!("{parent}{}", child_code(n))
}

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
    Ok(root_series(device))
}

fn root_series(device: DeviceId) -> DeviceSeries {
    DeviceSeries {
        device,
        tag: String::new(),
        granted: 0,
        reserved: None,
    }
}

/// The next child tag `parent` can give out, or `None` when it can give no
/// more: its counter is at `u32::MAX`, or it once gave the letter `Z` as a
/// whole code (the 26th grant of the scheme before reservations, whose codes
/// were the 26 single letters), which every longer code of it would extend.
fn next_child(book: &Book, parent: &DeviceSeries) -> Option<String> {
    parent.granted.checked_add(1)?;
    let legacy_z = format!("{}Z", parent.tag);
    if book.all_device_series().any(|s| s.tag == legacy_z) {
        return None;
    }
    Some(child_tag(&parent.tag, parent.granted))
}

/// Before a copy of the book leaves this device (a backup, a changes file):
/// the change set that reserves the next child tag of this device's series
/// for whoever arrives by that file. In a book where no device has a series
/// yet, this device takes the empty tag in the same set, so the copy holds a
/// series and the receiver can never take the empty tag too. A series that
/// can give out no more tags reserves nothing: its record then says so, so
/// the file does not carry the reservation an earlier file was given. `None`
/// when this device has no series in a book that has some (it has nothing to
/// reserve from), or nothing needs writing.
pub fn claim_series_before_sending(
    book: &Book,
    device: DeviceId,
    ctx: WriteCtx,
) -> Option<ChangeSet> {
    let series = device_series(book, device).ok()?;
    let next = match next_child(book, &series) {
        Some(reserved) => DeviceSeries {
            granted: series.granted.checked_add(1)?,
            reserved: Some(reserved),
            ..series
        },
        None if series.reserved.is_some() => DeviceSeries {
            reserved: None,
            ..series
        },
        None => return None,
    };
    Some(ctx.change_set(vec![put_series(next)]))
}

/// The tag a version of a device's record reserved, if it is a true
/// reservation: the child its counter gave out last. Anything else in
/// `reserved` (a crafted record) reserves nothing.
pub fn reservation(series: &DeviceSeries) -> Option<&str> {
    let reserved = series.reserved.as_deref()?;
    let last = series.granted.checked_sub(1)?;
    (reserved == child_tag(&series.tag, last)).then_some(reserved)
}

/// When this device arrives in a book by a file `writer` wrote (a restored
/// backup, or a changes file merged by a device that has no series): the
/// change set that gives this device the series `writer` reserved for the
/// file, so it can issue at once. `book` holds the file's sets, and the
/// writer's last version in it is the reservation made for that file (a
/// restored book is the file; a merged one has just folded it in). `None`
/// when this device has a series already, the writer reserved nothing (a file
/// from a version before reservations, or a writer without a series), or the
/// tag is held by a device already.
pub fn claim_series_on_arrival(
    book: &Book,
    device: DeviceId,
    writer: DeviceId,
    ctx: WriteCtx,
) -> Option<ChangeSet> {
    if device == writer || book.device_series(device).is_some() {
        return None;
    }
    let tag = reservation(book.device_series(writer)?)?;
    if book.all_device_series().any(|s| s.tag == tag) {
        return None;
    }
    let series = DeviceSeries {
        tag: tag.to_string(),
        ..root_series(device)
    };
    Some(ctx.change_set(vec![put_series(series)]))
}

/// After merging a file `writer` wrote: the change set that gives this
/// device the series the writer reserved for that file, as
/// [`claim_series_on_arrival`] does. `merged` are the sets the merge applied,
/// and only a reservation among them is taken: the writer's latest of them
/// must be the one reserving (the Sync page writes it just before the file),
/// and still the writer's record in the book. An older reservation that a
/// file carries again (a file resends its last minute's sets) was new to
/// this book when its own file came, not now; a later file of the writer,
/// merged first, reserved another tag for another arrival.
pub fn claim_series_from_file(
    book: &Book,
    device: DeviceId,
    merged: &[ChangeSet],
    writer: DeviceId,
    ctx: WriteCtx,
) -> Option<ChangeSet> {
    let latest = merged
        .iter()
        .filter(|set| set.stamp.device == writer)
        .max_by_key(|set| set.order())?;
    let reserving = latest
        .changes
        .iter()
        .find_map(|change| match change.record() {
            Some(Record::DeviceSeries(s)) if s.device == writer => reservation(s).map(|_| s),
            _ => None,
        })?;
    if book.device_series(writer) != Some(reserving) {
        return None;
    }
    claim_series_on_arrival(book, device, writer, ctx)
}

fn put_series(series: DeviceSeries) -> Change {
    Change::Put {
        record: Record::DeviceSeries(series),
    }
}

/// The start every number of a kind, year and tag shares: `INV-2026-A`.
pub fn series_head(kind: DocumentKind, year: i32, tag: &str) -> String {
    format!("{}-{year}-{tag}", kind.series_prefix())
}

/// The next number of a kind in the device's series for a year; refused once
/// the series has reached [`MAX_SEQUENCE`].
pub fn next_number(
    book: &Book,
    kind: DocumentKind,
    series: &DeviceSeries,
    year: i32,
) -> Result<String, TradeError> {
    let head = series_head(kind, year, &series.tag);
    let highest = book
        .documents()
        .filter(|d| d.kind == kind)
        .filter_map(|d| sequence_in(d.number.as_deref()?, &head))
        .max()
        .unwrap_or(0);
    match highest.checked_add(1) {
        Some(next) => Ok(format!("{head}{next:04}")),
        None => Err(TradeError::SeriesExhausted { series: head }),
    }
}

/// A device's tag in the book and the next invoice number it would issue in
/// `year` (in a book without series yet: the empty tag it would take); `None`
/// when it has no series to issue from.
pub fn next_invoice_of(book: &Book, device: DeviceId, year: i32) -> Option<(String, String)> {
    let series = device_series(book, device).ok()?;
    let next = next_number(book, DocumentKind::Invoice, &series, year).ok()?;
    Some((series.tag, next))
}

/// The sequence of a number of the series starting `head`. A number with a
/// longer tag (a device given a tag by this one) has a letter where the digits
/// should start, so it is not counted; nor is one beyond [`MAX_SEQUENCE`].
fn sequence_in(number: &str, head: &str) -> Option<u32> {
    let digits = number.strip_prefix(head)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Numbers that more than one issued (or cancelled) document carries, each
/// with those documents' ids, in number order. Empty unless the assumptions
/// of `docs/numbering.md` were broken (one backup restored on two devices, a
/// copied browser profile) and the merge that revealed it was accepted.
pub fn duplicate_numbers(book: &Book) -> Vec<(String, Vec<RecordId>)> {
    let mut by_number: BTreeMap<&str, Vec<RecordId>> = BTreeMap::new();
    for doc in book
        .documents()
        .filter(|d| d.status != DocumentStatus::Draft)
    {
        if let Some(number) = doc.number.as_deref() {
            by_number.entry(number).or_default().push(doc.id);
        }
    }
    by_number
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(number, mut ids)| {
            ids.sort_unstable();
            (number.to_string(), ids)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every tag of a tree three levels deep with 700 children per device
    /// (so codes of one and of three letters) is different.
    #[test]
    fn child_tags_stay_unique_across_a_tree() {
        let children = 700;
        let mut seen = HashSet::from([String::new()]);
        let mut level = vec![String::new()];
        for depth in 0..2 {
            let mut next = Vec::new();
            for parent in &level {
                for n in 0..children {
                    let tag = child_tag(parent, n);
                    assert!(seen.insert(tag.clone()), "{tag} given twice");
                    // Down to the third level for a few parents only.
                    if depth == 0 && (n < 3 || n > children - 3) {
                        next.push(tag);
                    }
                }
            }
            level = next;
        }
        assert_eq!(seen.len(), 1 + 700 + 5 * 700);
    }

    #[test]
    fn codes_are_short_first_and_unbounded() {
        assert_eq!(child_code(0), "A");
        assert_eq!(child_code(24), "Y");
        assert_eq!(child_code(25), "ZAA");
        assert_eq!(child_code(26), "ZAB");
        assert_eq!(child_code(25 + 624), "ZYY");
        assert_eq!(child_code(25 + 625), "ZZAAA");
        let last = child_code(u32::MAX);
        assert!(last.len() <= 13 && last.starts_with("ZZZZZZ"), "{last}");
        assert!(last.bytes().all(|b| b.is_ascii_uppercase()));
    }

    /// No code is a prefix of another, over the first three groups and the
    /// top of the range.
    #[test]
    fn codes_are_prefix_free() {
        let codes: Vec<String> = (0..16_500)
            .chain(u32::MAX - 100..=u32::MAX)
            .map(child_code)
            .collect();
        let all: HashSet<&str> = codes.iter().map(String::as_str).collect();
        assert_eq!(all.len(), codes.len());
        for code in &codes {
            for end in 1..code.len() {
                assert!(
                    !all.contains(&code[..end]),
                    "{} starts {code}",
                    &code[..end]
                );
            }
        }
    }

    #[test]
    fn a_number_is_read_back_only_in_its_own_series() {
        assert_eq!(sequence_in("INV-2026-0042", "INV-2026-"), Some(42));
        assert_eq!(sequence_in("INV-2026-A0007", "INV-2026-"), None);
        assert_eq!(sequence_in("INV-2026-A0007", "INV-2026-A"), Some(7));
        assert_eq!(sequence_in("INV-2026-AB0007", "INV-2026-A"), None);
        assert_eq!(sequence_in("INV-2025-0042", "INV-2026-"), None);
        assert_eq!(sequence_in("INV-2026-", "INV-2026-"), None);
        assert_eq!(sequence_in("INV-2026-4294967296", "INV-2026-"), None);
    }

    #[test]
    fn only_the_last_child_given_out_is_a_reservation() {
        let series = |granted, reserved: &str| DeviceSeries {
            device: DeviceId(RecordId::from_parts(1, 1)),
            tag: "B".into(),
            granted,
            reserved: Some(reserved.into()),
        };
        assert_eq!(reservation(&series(1, "BA")), Some("BA"));
        assert_eq!(reservation(&series(26, "BZAA")), Some("BZAA"));
        assert_eq!(reservation(&series(2, "BA")), None, "not the last");
        assert_eq!(reservation(&series(0, "BA")), None, "nothing given out");
        assert_eq!(reservation(&series(1, "")), None);
    }
}
