//! Attachments (証憑): receipt images and PDFs kept with a journal entry.
//!
//! The record holds what the law asks to be searchable and provable: the file's
//! name, its type, its size and its SHA-256, so the kept bytes can be shown to be
//! the ones attached. The bytes themselves are not in the change log (they would
//! bloat every open of the book); the app stores them beside it, in the same
//! transaction as the change set that adds the record.
//!
//! The rules: a file is attached to an entry that exists, is one of the accepted
//! types (recognised by its first bytes, not by its name), is at most
//! [`MAX_ATTACHMENT_BYTES`], and is not already attached to that entry. Evidence
//! of a posted entry never vanishes: removing it records a new version marked
//! `removed`, so the file, its bytes and when it was removed stay readable. Only a
//! draft's attachment is truly deleted (a tombstone, whose bytes the app erases),
//! because a draft is not yet part of the books.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use super::{Book, Record, RecordKey, RecordKind, WriteCtx};
use crate::ids::RecordId;
use crate::sync::{Change, ChangeSet};

/// The largest file that can be attached: 10 MB (decimal, as browsers and
/// [`crate::locale::format_bytes`] count). A phone photo of a receipt is 2–5 MB.
pub const MAX_ATTACHMENT_BYTES: u64 = 10_000_000;

/// The longest file name kept, in characters (what file systems allow).
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// How far into a PDF its `%PDF-` header may start: the format allows a little
/// leading junk, and readers accept it within the first kilobyte.
const PDF_HEADER_WINDOW: usize = 1024;

/// The kinds of file accepted as evidence, recognised by their first bytes.
/// Stored as their media type (`"image/png"`), which is also how the app labels
/// the bytes it keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MediaType {
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/webp")]
    Webp,
    #[serde(rename = "image/gif")]
    Gif,
    #[serde(rename = "application/pdf")]
    Pdf,
}

impl MediaType {
    /// Every accepted type, in the order messages name them.
    pub const ALL: [MediaType; 5] = [
        MediaType::Jpeg,
        MediaType::Png,
        MediaType::Webp,
        MediaType::Gif,
        MediaType::Pdf,
    ];

    /// The media (MIME) type.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Webp => "image/webp",
            MediaType::Gif => "image/gif",
            MediaType::Pdf => "application/pdf",
        }
    }

    /// The name people know the format by.
    pub fn label(self) -> &'static str {
        match self {
            MediaType::Jpeg => "JPEG",
            MediaType::Png => "PNG",
            MediaType::Webp => "WebP",
            MediaType::Gif => "GIF",
            MediaType::Pdf => "PDF",
        }
    }

    /// Whether the browser can show it as a picture (a thumbnail).
    pub fn is_image(self) -> bool {
        !matches!(self, MediaType::Pdf)
    }

    /// The type of `bytes` by their signature, or `None` if it is not accepted.
    /// The name's extension is not trusted: a renamed file is what its bytes are.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        let riff_webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
        let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if riff_webp {
            Some(MediaType::Webp)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(MediaType::Gif)
        } else if head.windows(5).any(|w| w == b"%PDF-") {
            Some(MediaType::Pdf)
        } else {
            None
        }
    }
}

/// A file attached to a journal entry. Its id keys the bytes the app keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: RecordId,
    pub entry_id: RecordId,
    pub file_name: String,
    pub media_type: MediaType,
    /// In bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Removed from a posted entry: still kept, with its bytes, as evidence.
    #[serde(default)]
    pub removed: bool,
}

/// Why a file was not attached or removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    #[error("the entry was not found")]
    EntryNotFound,
    #[error("the file is empty")]
    Empty,
    #[error("the file has {size} bytes; at most {max} can be attached")]
    TooLarge { size: u64, max: u64 },
    #[error("the file is not one of the accepted types (JPEG, PNG, WebP, GIF, PDF)")]
    UnsupportedType,
    #[error("a logo or seal is a PNG or JPEG image")]
    NotPngOrJpeg,
    #[error("the file has no name")]
    BlankName,
    #[error("the file name is longer than {max} characters")]
    NameTooLong { max: usize },
    #[error("the same file is already attached to the entry as {file_name}")]
    AlreadyAttached { file_name: String },
    #[error("the attachment was not found")]
    NotFound,
    #[error("the attachment was already removed")]
    AlreadyRemoved,
    #[error(
        "the books are closed through {through}; reopen the period to remove evidence of {date}"
    )]
    PeriodClosed { through: NaiveDate, date: NaiveDate },
}

/// Refuses a file too large (or empty) before its bytes are even read, so the app
/// can check a chosen file's size first; [`attach_file`] applies the same rule.
pub fn check_attachment_size(size: u64) -> Result<(), AttachmentError> {
    match size {
        0 => Err(AttachmentError::Empty),
        size if size > MAX_ATTACHMENT_BYTES => Err(AttachmentError::TooLarge {
            size,
            max: MAX_ATTACHMENT_BYTES,
        }),
        _ => Ok(()),
    }
}

/// The name as kept: without any folder part a browser may pass, trimmed.
fn clean_file_name(file_name: &str) -> Result<String, AttachmentError> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let name = base.trim();
    if name.is_empty() {
        return Err(AttachmentError::BlankName);
    }
    if name.chars().count() > MAX_FILE_NAME_CHARS {
        return Err(AttachmentError::NameTooLong {
            max: MAX_FILE_NAME_CHARS,
        });
    }
    Ok(name.to_string())
}

fn sha256_hex(bytes: &[u8]) -> String {
    crate::hex::encode(&Sha256::digest(bytes))
}

/// Attaches a file to an entry, draft or posted (a receipt often arrives after
/// the entry is booked). `id` is the new attachment's id; the app stores `bytes`
/// under it in the same transaction as the returned change set.
pub fn attach_file(
    book: &Book,
    entry_id: RecordId,
    id: RecordId,
    file_name: &str,
    bytes: &[u8],
    ctx: WriteCtx,
) -> Result<ChangeSet, AttachmentError> {
    book.entry(entry_id).ok_or(AttachmentError::EntryNotFound)?;
    check_attachment_size(bytes.len() as u64)?;
    let media_type = MediaType::sniff(bytes).ok_or(AttachmentError::UnsupportedType)?;
    let file_name = clean_file_name(file_name)?;
    let sha256 = sha256_hex(bytes);
    let twin = book
        .attachments_of(entry_id)
        .into_iter()
        .find(|a| !a.removed && a.sha256 == sha256);
    if let Some(twin) = twin {
        return Err(AttachmentError::AlreadyAttached {
            file_name: twin.file_name.clone(),
        });
    }
    let attachment = Attachment {
        id,
        entry_id,
        file_name,
        media_type,
        size: bytes.len() as u64,
        sha256,
        removed: false,
    };
    let record = Record::Attachment(attachment);
    Ok(ctx.change_set(vec![Change::Put { record }]))
}

/// Removes an attachment. From a draft it is deleted (a tombstone; the app erases
/// its bytes). From a posted entry it is marked removed — a new version, so the
/// history shows when — and its bytes are kept; a closed period's evidence stays.
pub fn remove_attachment(
    book: &Book,
    id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, AttachmentError> {
    let attachment = book.attachment(id).ok_or(AttachmentError::NotFound)?;
    if attachment.removed {
        return Err(AttachmentError::AlreadyRemoved);
    }
    let Some(entry) = book.entry(attachment.entry_id).filter(|e| e.is_posted()) else {
        let key = RecordKey {
            kind: RecordKind::Attachment,
            id,
        };
        return Ok(ctx.change_set(vec![Change::Delete { key }]));
    };
    if let Some(through) = book.closed_through().filter(|t| entry.date() <= *t) {
        return Err(AttachmentError::PeriodClosed {
            through,
            date: entry.date(),
        });
    }
    let record = Record::Attachment(Attachment {
        removed: true,
        ..attachment.clone()
    });
    Ok(ctx.change_set(vec![Change::Put { record }]))
}

/// The largest logo or seal image: 1 MB. A printed logo needs far less, and the
/// image is read every time a document is shown.
pub const MAX_PROFILE_IMAGE_BYTES: u64 = 1_000_000;

/// Checks a logo or seal image for the business profile (PNG or JPEG, at most
/// [`MAX_PROFILE_IMAGE_BYTES`]) and makes its record. The image belongs to the
/// book, not to an entry, so its `entry_id` is the book's id. The app saves the
/// record and its bytes in the same change set as the profile that names it.
pub fn profile_image(
    book_id: RecordId,
    id: RecordId,
    file_name: &str,
    bytes: &[u8],
) -> Result<Attachment, AttachmentError> {
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(AttachmentError::Empty);
    }
    if size > MAX_PROFILE_IMAGE_BYTES {
        let max = MAX_PROFILE_IMAGE_BYTES;
        return Err(AttachmentError::TooLarge { size, max });
    }
    let media_type = MediaType::sniff(bytes)
        .filter(|t| matches!(t, MediaType::Png | MediaType::Jpeg))
        .ok_or(AttachmentError::NotPngOrJpeg)?;
    Ok(Attachment {
        id,
        entry_id: book_id,
        file_name: clean_file_name(file_name)?,
        media_type,
        size,
        sha256: sha256_hex(bytes),
        removed: false,
    })
}

impl Book {
    /// The attachment with this id, removed ones included (not deleted ones).
    pub fn attachment(&self, id: RecordId) -> Option<&Attachment> {
        let key = RecordKey {
            kind: RecordKind::Attachment,
            id,
        };
        match self.record(&key) {
            Some(Record::Attachment(a)) => Some(a),
            _ => None,
        }
    }

    /// An entry's attachments, removed ones included, oldest first (ids are
    /// time-ordered).
    pub fn attachments_of(&self, entry_id: RecordId) -> Vec<&Attachment> {
        self.live_ids(RecordKind::Attachment)
            .filter_map(|id| self.attachment(id))
            .filter(|a| a.entry_id == entry_id)
            .collect()
    }

    /// The attachments not removed, by entry: one pass for a whole list or search.
    pub fn kept_attachments_by_entry(&self) -> HashMap<RecordId, Vec<&Attachment>> {
        let mut by_entry: HashMap<RecordId, Vec<&Attachment>> = HashMap::new();
        let kept = self
            .live_ids(RecordKind::Attachment)
            .filter_map(|id| self.attachment(id))
            .filter(|a| !a.removed);
        for attachment in kept {
            by_entry
                .entry(attachment.entry_id)
                .or_default()
                .push(attachment);
        }
        by_entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{save_entry, set_closed_through, BookSettings};
    use crate::ids::DeviceId;
    use crate::ledger::{Account, AccountType, EntryHeader, EntryStatus, Posting};
    use crate::sync::HlcClock;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];

    fn id(n: u128) -> RecordId {
        RecordId::from_parts(1_700_000_000_000, n)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 4, d).unwrap()
    }

    /// A book with cash and an expense account, a posted entry (id 10) and a
    /// draft (id 11), and a deterministic clock.
    struct Fixture {
        book: Book,
        clock: HlcClock,
        next: u128,
    }

    impl Fixture {
        fn new() -> Fixture {
            let mut f = Fixture {
                book: Book::default(),
                clock: HlcClock::new(DeviceId(id(999))),
                next: 100,
            };
            let settings: BookSettings = serde_json::from_value(serde_json::json!({
                "book_id": id(1000), "name": "山田商店", "owner_name": "", "currency": "JPY",
                "fiscal_year_start_month": 1, "locale": "ja",
                "chart_template": "japan_sole_proprietor",
            }))
            .unwrap();
            let account = |n: u128, code: &str, kind: AccountType| -> Account {
                serde_json::from_value(serde_json::json!({
                    "id": id(n), "code": code, "name_ja": code, "name_en": "", "kind": kind,
                }))
                .unwrap()
            };
            let changes = vec![
                Record::BookSettings(settings),
                Record::Account(account(1, "100", AccountType::Asset)),
                Record::Account(account(2, "609", AccountType::Expense)),
            ];
            let ctx = f.ctx();
            let changes = changes
                .into_iter()
                .map(|record| Change::Put { record })
                .collect();
            f.apply(Ok::<_, AttachmentError>(ctx.change_set(changes)));
            f.entry(10, EntryStatus::Posted);
            f.entry(11, EntryStatus::Draft);
            f
        }

        fn ctx(&mut self) -> WriteCtx {
            self.next += 1;
            let now = 1_700_000_000_000 + self.next as u64;
            WriteCtx {
                set_id: RecordId::from_parts(now, self.next),
                stamp: self.clock.tick(now),
            }
        }

        fn apply<E: std::fmt::Debug>(&mut self, set: Result<ChangeSet, E>) -> ChangeSet {
            let set = set.expect("the command is accepted");
            self.book.apply(&set);
            set
        }

        fn entry(&mut self, n: u128, status: EntryStatus) {
            let header = EntryHeader {
                id: id(n),
                date: day(10),
                description: "文具".into(),
                partner: Some("文具店".into()),
                status,
                corrects: None,
            };
            // From JSON, so fields added to lines later with defaults need no change here.
            let line = |account: u128, amount: &str| -> Posting {
                serde_json::from_value(
                    serde_json::json!({ "account": id(account), "amount": amount }),
                )
                .unwrap()
            };
            let lines = vec![line(2, "1100"), line(1, "-1100")];
            let ctx = self.ctx();
            let set = save_entry(&self.book, header, lines, ctx);
            self.apply(set);
        }

        fn attach(
            &mut self,
            entry: u128,
            n: u128,
            name: &str,
            bytes: &[u8],
        ) -> Result<ChangeSet, AttachmentError> {
            let ctx = self.ctx();
            attach_file(&self.book, id(entry), id(n), name, bytes, ctx)
        }

        fn remove(&mut self, n: u128) -> Result<ChangeSet, AttachmentError> {
            let ctx = self.ctx();
            remove_attachment(&self.book, id(n), ctx)
        }
    }

    #[test]
    fn a_receipt_is_attached_with_its_type_size_and_fingerprint() {
        let mut f = Fixture::new();
        let set = f.attach(10, 50, "C:\\scans\\ 領収書.png ", PNG);
        f.apply(set);
        let kept = f.book.attachment(id(50)).unwrap();
        assert_eq!(kept.entry_id, id(10));
        assert_eq!(kept.file_name, "領収書.png", "no folder, no padding");
        assert_eq!(kept.media_type, MediaType::Png);
        assert_eq!(kept.size, PNG.len() as u64);
        assert_eq!(kept.sha256, sha256_hex(PNG));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "the standard SHA-256 test vector"
        );
        assert_eq!(f.book.attachments_of(id(10)), vec![kept]);
        assert!(f.book.attachments_of(id(11)).is_empty());
    }

    #[test]
    fn types_are_recognised_by_their_bytes_not_their_names() {
        let webp = b"RIFF\x24\0\0\0WEBPVP8 ";
        let mut pdf = b"\r\n".to_vec();
        pdf.extend_from_slice(b"%PDF-1.7\n");
        let cases: [(&[u8], Option<MediaType>); 8] = [
            (JPEG, Some(MediaType::Jpeg)),
            (PNG, Some(MediaType::Png)),
            (webp, Some(MediaType::Webp)),
            (b"GIF89a\x01\0", Some(MediaType::Gif)),
            (b"GIF87a\x01\0", Some(MediaType::Gif)),
            (&pdf, Some(MediaType::Pdf)),
            (b"RIFF\x24\0\0\0WAVEfmt ", None),
            (b"hello, this is a text file", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(MediaType::sniff(bytes), expected, "{bytes:?}");
        }
        let mut f = Fixture::new();
        assert_eq!(
            f.attach(10, 50, "receipt.png", b"just text, named like a picture"),
            Err(AttachmentError::UnsupportedType)
        );
        assert_eq!(f.attach(10, 50, "scan.txt", JPEG).map(|_| ()), Ok(()));
    }

    #[test]
    fn a_pdf_header_far_into_the_file_is_not_a_pdf() {
        let mut bytes = vec![b' '; PDF_HEADER_WINDOW];
        bytes.extend_from_slice(b"%PDF-1.4");
        assert_eq!(MediaType::sniff(&bytes), None);
    }

    #[test]
    fn empty_too_large_and_nameless_files_are_refused() {
        let mut f = Fixture::new();
        assert_eq!(f.attach(10, 50, "a.png", b""), Err(AttachmentError::Empty));
        let mut big = PNG.to_vec();
        big.resize(MAX_ATTACHMENT_BYTES as usize + 1, 0);
        assert_eq!(
            f.attach(10, 50, "big.png", &big),
            Err(AttachmentError::TooLarge {
                size: MAX_ATTACHMENT_BYTES + 1,
                max: MAX_ATTACHMENT_BYTES
            })
        );
        big.truncate(MAX_ATTACHMENT_BYTES as usize);
        assert!(
            f.attach(10, 50, "big.png", &big).is_ok(),
            "the limit itself is fine"
        );
        assert_eq!(check_attachment_size(0), Err(AttachmentError::Empty));
        assert_eq!(
            f.attach(10, 50, " / ", PNG),
            Err(AttachmentError::BlankName)
        );
        let long = format!("{}.png", "あ".repeat(MAX_FILE_NAME_CHARS));
        assert_eq!(
            f.attach(10, 50, &long, PNG),
            Err(AttachmentError::NameTooLong {
                max: MAX_FILE_NAME_CHARS
            })
        );
    }

    #[test]
    fn a_logo_is_a_small_png_or_jpeg_kept_with_the_book() {
        let logo = profile_image(id(1000), id(60), "logo.png", PNG).unwrap();
        assert_eq!(logo.entry_id, id(1000), "the book's own id, not an entry's");
        assert_eq!(
            (logo.media_type, logo.size),
            (MediaType::Png, PNG.len() as u64)
        );
        assert_eq!(logo.sha256, sha256_hex(PNG));
        let seal = profile_image(id(1000), id(61), "角印.jpg", JPEG).unwrap();
        assert_eq!(seal.media_type, MediaType::Jpeg);
        let pdf = b"%PDF-1.7\n";
        assert_eq!(
            profile_image(id(1000), id(62), "logo.pdf", pdf),
            Err(AttachmentError::NotPngOrJpeg)
        );
        assert_eq!(
            profile_image(id(1000), id(62), "logo.gif", b"GIF89a\x01\0"),
            Err(AttachmentError::NotPngOrJpeg)
        );
        let mut big = PNG.to_vec();
        big.resize(MAX_PROFILE_IMAGE_BYTES as usize + 1, 0);
        assert_eq!(
            profile_image(id(1000), id(62), "big.png", &big),
            Err(AttachmentError::TooLarge {
                size: MAX_PROFILE_IMAGE_BYTES + 1,
                max: MAX_PROFILE_IMAGE_BYTES
            })
        );
        assert_eq!(
            profile_image(id(1000), id(62), "e.png", b""),
            Err(AttachmentError::Empty)
        );
    }

    #[test]
    fn only_an_existing_entry_takes_attachments() {
        let mut f = Fixture::new();
        assert_eq!(
            f.attach(77, 50, "a.png", PNG),
            Err(AttachmentError::EntryNotFound)
        );
    }

    #[test]
    fn the_same_file_twice_on_one_entry_is_refused_naming_the_first() {
        let mut f = Fixture::new();
        let set = f.attach(10, 50, "first.png", PNG);
        f.apply(set);
        assert_eq!(
            f.attach(10, 51, "again.png", PNG),
            Err(AttachmentError::AlreadyAttached {
                file_name: "first.png".into()
            })
        );
        assert!(
            f.attach(11, 51, "again.png", PNG).is_ok(),
            "another entry may"
        );
    }

    #[test]
    fn removing_from_a_draft_deletes_it() {
        let mut f = Fixture::new();
        let set = f.attach(11, 50, "a.png", PNG);
        f.apply(set);
        let set = f.remove(50);
        let removal = f.apply(set);
        let key = RecordKey {
            kind: RecordKind::Attachment,
            id: id(50),
        };
        assert_eq!(removal.changes, vec![Change::Delete { key }]);
        assert_eq!(f.book.attachment(id(50)), None);
        assert!(f.book.attachments_of(id(11)).is_empty());
        assert_eq!(f.book.history(&key).len(), 2, "the deletion is in the log");
        assert_eq!(f.remove(50), Err(AttachmentError::NotFound));
    }

    #[test]
    fn deleting_a_draft_deletes_its_attachments_too() {
        let mut f = Fixture::new();
        let set = f.attach(11, 50, "a.png", PNG);
        f.apply(set);
        let ctx = f.ctx();
        let set = crate::book::delete_draft(&f.book, id(11), ctx);
        let deletion = f.apply(set);
        let attachment = RecordKey {
            kind: RecordKind::Attachment,
            id: id(50),
        };
        assert!(
            deletion
                .changes
                .contains(&Change::Delete { key: attachment }),
            "the file goes with the draft (its bytes are erased in the same transaction)"
        );
        assert_eq!(f.book.attachment(id(50)), None);
        assert!(f.book.entry(id(11)).is_none());
    }

    #[test]
    fn removing_from_a_posted_entry_keeps_the_evidence_and_its_history() {
        let mut f = Fixture::new();
        let set = f.attach(10, 50, "a.png", PNG);
        f.apply(set);
        let set = f.remove(50);
        let removal = f.apply(set);
        assert!(
            !removal
                .changes
                .iter()
                .any(|c| matches!(c, Change::Delete { .. })),
            "no tombstone, so the app keeps the bytes"
        );
        let kept = f.book.attachment(id(50)).expect("still readable");
        assert!(kept.removed);
        assert_eq!(kept.sha256, sha256_hex(PNG), "the same file");
        assert_eq!(f.book.attachments_of(id(10)), vec![kept]);
        assert!(f.book.kept_attachments_by_entry().is_empty());
        let key = RecordKey {
            kind: RecordKind::Attachment,
            id: id(50),
        };
        let versions: Vec<bool> = f
            .book
            .history(&key)
            .iter()
            .map(|v| matches!(v.record.as_deref(), Some(Record::Attachment(a)) if a.removed))
            .collect();
        assert_eq!(versions, [false, true], "attached, then removed, both kept");
        assert_eq!(f.remove(50), Err(AttachmentError::AlreadyRemoved));
        assert!(
            f.attach(10, 51, "a.png", PNG).is_ok(),
            "a removed file can be attached again"
        );
    }

    #[test]
    fn evidence_of_a_closed_period_cannot_be_removed() {
        let mut f = Fixture::new();
        let set = f.attach(10, 50, "a.png", PNG);
        f.apply(set);
        let ctx = f.ctx();
        let set = set_closed_through(&f.book, Some(day(30)), ctx);
        f.apply(set);
        assert_eq!(
            f.remove(50),
            Err(AttachmentError::PeriodClosed {
                through: day(30),
                date: day(10)
            })
        );
        assert!(
            f.attach(10, 51, "late.jpg", JPEG).is_ok(),
            "a late receipt can still be added"
        );
    }

    #[test]
    fn kept_attachments_are_grouped_by_entry() {
        let mut f = Fixture::new();
        for (entry, n, bytes) in [(10, 50, PNG), (10, 51, JPEG), (11, 52, PNG)] {
            let set = f.attach(entry, n, "x", bytes);
            f.apply(set);
        }
        let set = f.remove(51);
        f.apply(set);
        let by_entry = f.book.kept_attachments_by_entry();
        let ids =
            |entry: u128| -> Vec<RecordId> { by_entry[&id(entry)].iter().map(|a| a.id).collect() };
        assert_eq!(ids(10), [id(50)]);
        assert_eq!(ids(11), [id(52)]);
    }

    #[test]
    fn search_finds_entries_by_file_name_and_filters_to_entries_with_evidence() {
        use crate::reports::{search_entries, EntrySearch};
        let mut f = Fixture::new();
        let set = f.attach(10, 50, "Receipt-ＡＢＣ.png", PNG);
        f.apply(set);
        let set = f.attach(11, 51, "invoice.jpg", JPEG);
        f.apply(set);
        let set = f.remove(51);
        f.apply(set);
        let search = |text: &str, with_attachments: bool| {
            let query = EntrySearch {
                text: Some(text.to_string()).filter(|t| !t.is_empty()),
                with_attachments,
                ..EntrySearch::default()
            };
            search_entries(&f.book, &query)
        };
        assert_eq!(
            search("receipt-abc", false),
            [id(10)],
            "case and width folded"
        );
        assert_eq!(
            search("invoice", false),
            [],
            "a deleted draft attachment is not found"
        );
        assert_eq!(search("", true), [id(10)], "only the entry with evidence");
        assert_eq!(search("文具", false), [id(10), id(11)]);
        assert_eq!(search("文具", true), [id(10)], "criteria combine");
    }

    #[test]
    fn the_record_round_trips_through_json_with_its_media_type() {
        let mut f = Fixture::new();
        let set = f.attach(10, 50, "a.pdf", b"%PDF-1.4\n").unwrap();
        let json = serde_json::to_string(&set).unwrap();
        assert!(json.contains(r#""record":"attachment""#), "{json}");
        assert!(json.contains(r#""media_type":"application/pdf""#), "{json}");
        assert!(!json.contains("%PDF"), "the bytes are not in the log");
        let back: ChangeSet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, set);
        let older = json.replace(r#","removed":false"#, "");
        assert_eq!(
            serde_json::from_str::<ChangeSet>(&older).unwrap(),
            set,
            "a record without `removed` reads as kept"
        );
        let mimes: Vec<&str> = MediaType::ALL.iter().map(|m| m.mime()).collect();
        for (media, mime) in MediaType::ALL.iter().zip(mimes) {
            assert_eq!(serde_json::to_value(media).unwrap(), mime);
        }
    }
}
