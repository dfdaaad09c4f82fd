//! Attachments (証憑): the evidence kept with a journal entry — receipt images
//! and PDFs, and the files of electronic transactions as they arrived: the XML
//! of an e-invoice (UBL, JP PINT), an HTML receipt from a web shop, a CSV or
//! text statement, an e-mail saved as `.eml`.
//!
//! The record holds what the law asks to be searchable and provable: the file's
//! name, its type, its size and its SHA-256, so the kept bytes can be shown to be
//! the ones attached. The bytes themselves are not in the change log (they would
//! bloat every open of the book); the app stores them beside it, in the same
//! transaction as the change set that adds the record.
//!
//! Each file may carry its own transaction date, amount and counterparty
//! (取引年月日・取引金額・取引先, [`EvidenceKeys`]), the three keys the electronic
//! bookkeeping law (電子帳簿保存法) searches evidence by; a file without them is
//! found by its entry's (`reports::search_evidence`). Changing them later is a
//! new version of the record, so every earlier value stays in its history.
//!
//! The rules: a file is attached to an entry that exists, is one of the accepted
//! types (recognised by its content, not by its name: see [`MediaType::sniff`]),
//! is at most
//! [`MAX_ATTACHMENT_BYTES`], and is not already attached to that entry. Evidence
//! of a posted entry never vanishes: removing it records a new version marked
//! `removed`, so the file, its bytes and when it was removed stay readable. Only a
//! draft's attachment is truly deleted (a tombstone, whose bytes the app erases),
//! because a draft is not yet part of the books.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use super::{Book, Record, RecordKey, RecordKind, WriteCtx};
use crate::ids::RecordId;
use crate::money::limits::{within, Magnitude, MAX_AMOUNT};
use crate::sync::{Change, ChangeSet};
use crate::trade::MAX_PARTNER_NAME_CHARS;

/// The largest file that can be attached: 20 MB (decimal, as browsers and
/// [`crate::locale::format_bytes`] count). A phone photo of a receipt is 2–5 MB,
/// but a multi-page PDF scan at 300 dpi or an `.eml` carrying its PDF invoice
/// (base64 makes it a third larger) often passes 10 MB; mail services cap a
/// message at 20–25 MB, so every e-mail a user could receive fits. A backup
/// holds each file as one part ([`crate::files::backup::MAX_ATTACHMENT_PART_BYTES`]
/// follows this limit), read whole into memory one at a time, so 20 MB is also
/// what a reader allocates at most for one part; the whole file stays within
/// the ZIP's 4 GiB ([`crate::files::backup::MAX_FILE_BYTES`]), two hundred files
/// at this limit, far beyond the few hundred MB of a real book's receipts.
pub const MAX_ATTACHMENT_BYTES: u64 = 20_000_000;

/// The longest file name kept, in characters (what file systems allow).
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// How far into a PDF its `%PDF-` header may start: the format allows a little
/// leading junk, and readers accept it within the first kilobyte.
const PDF_HEADER_WINDOW: usize = 1024;

/// The kinds of file accepted as evidence, recognised by their content.
/// Stored as their media type (`"image/png"`), which is also how the app labels
/// the bytes it keeps; a variant's name is never changed (stored records name
/// it), new kinds are added.
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
    /// An XML document: an e-invoice (UBL, JP PINT) or any other XML, in UTF-8.
    #[serde(rename = "application/xml")]
    Xml,
    /// An HTML page (a web shop's receipt), in UTF-8 or Shift_JIS.
    #[serde(rename = "text/html")]
    Html,
    /// Comma- or tab-separated values, in UTF-8 or Shift_JIS.
    #[serde(rename = "text/csv")]
    Csv,
    /// Plain text, in UTF-8 or Shift_JIS.
    #[serde(rename = "text/plain")]
    Text,
    /// An e-mail message as saved by a mail program (`.eml`, RFC 5322).
    #[serde(rename = "message/rfc822")]
    Email,
}

/// The control characters a text may hold: tab, line feed, form feed, carriage
/// return, escape (ISO-2022-JP, the usual encoding of Japanese e-mail, switches
/// character sets with it) and the SUB some old Shift_JIS tools end a file
/// with. Any other byte below 0x20 (NUL above all) marks binary content; in
/// Shift_JIS as in UTF-8 such a byte is never part of a multi-byte character.
fn is_text_byte(b: u8) -> bool {
    b >= 0x20 || matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | 0x1A | 0x1B)
}

/// The UTF-8 byte order mark, which Windows tools put before a text.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a text's bytes encode it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextEncoding {
    Utf8,
    ShiftJis,
}

/// The encoding of `bytes` if they are text: no control character other than
/// [`is_text_byte`]'s, and valid UTF-8 (a BOM allowed) or else valid Shift_JIS
/// (Windows' CP932, what Japanese banks and spreadsheets write). Checked over
/// the whole file, without copying it.
fn text_encoding(bytes: &[u8]) -> Option<TextEncoding> {
    if !bytes.iter().all(|&b| is_text_byte(b)) {
        return None;
    }
    if std::str::from_utf8(bytes.strip_prefix(BOM).unwrap_or(bytes)).is_ok() {
        return Some(TextEncoding::Utf8);
    }
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = [0u8; 4096];
    let mut rest = bytes;
    loop {
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Some(TextEncoding::ShiftJis),
            encoding_rs::DecoderResult::OutputFull => continue,
            encoding_rs::DecoderResult::Malformed(..) => return None,
        }
    }
}

/// The text of a text kind's bytes, decoded as [`MediaType::sniff`] found them
/// (UTF-8 without its BOM, or Shift_JIS), for showing as plain text; `None`
/// for bytes that are not text.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    match text_encoding(bytes)? {
        TextEncoding::Utf8 => {
            let text = std::str::from_utf8(bytes.strip_prefix(BOM).unwrap_or(bytes)).ok()?;
            Some(text.to_string())
        }
        TextEncoding::ShiftJis => encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|text| text.into_owned()),
    }
}

/// How many bytes of a text [`MediaType::sniff`] looks at to decide its kind:
/// a header, a declaration or a first line is at its start.
const TEXT_HEAD_WINDOW: usize = 4096;

/// The start of a text with the BOM and leading white space skipped, for the
/// markers of XML and HTML (a byte slice: the head window may cut a character).
fn text_head(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(TEXT_HEAD_WINDOW)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    &head[start..]
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Whether a text starting at `head` is an HTML page: `<!DOCTYPE html` or
/// `<html`, in any case.
fn is_html_start(head: &[u8]) -> bool {
    starts_with_ignore_case(head, b"<!doctype html") || starts_with_ignore_case(head, b"<html")
}

/// Whether a text is an e-mail message (RFC 5322): it starts with a header
/// section — lines `Name: value`, a name of printable ASCII, or a folded line
/// starting with white space — ended by an empty line (or the file's end), of
/// at least two fields, one of them a field every delivered or saved message
/// has (`From`, `Received`, `Return-Path`, `MIME-Version`, `Message-ID`; not
/// `Date` alone, which a note may start with too). Only the header section must be ASCII: a body may be in any
/// 8-bit character set (checked only for control bytes).
fn is_email(bytes: &[u8]) -> bool {
    const KNOWN: [&str; 5] = [
        "from",
        "received",
        "return-path",
        "mime-version",
        "message-id",
    ];
    let mut fields = 0;
    let mut known = false;
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if !line
            .iter()
            .all(|&b| b == b'\t' || (0x20..0x7F).contains(&b))
        {
            return false;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            // A folded continuation of the field above: never the first line.
            if n == 0 {
                return false;
            }
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|&b| (0x21..0x7F).contains(&b)) {
            return false;
        }
        fields += 1;
        known |= KNOWN
            .iter()
            .any(|k| name.eq_ignore_ascii_case(k.as_bytes()));
        if fields > 1000 {
            // No real header section is this long; stop reading a hostile one.
            break;
        }
    }
    fields >= 2 && known
}

/// Whether a text reads as a table: its first lines (at most five, of the head
/// window) each have the same number, at least one, of commas — or of tabs —
/// outside double quotes.
fn looks_like_csv(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(TEXT_HEAD_WINDOW)];
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(5)
        .collect();
    // The last line may be cut by the window: judge it only if it is the only one.
    let lines = if lines.len() > 2 && head.len() == TEXT_HEAD_WINDOW {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    let count = |line: &[u8], sep: u8| -> usize {
        let mut quoted = false;
        let mut n = 0;
        for &b in line {
            if b == b'"' {
                quoted = !quoted;
            } else if b == sep && !quoted {
                n += 1;
            }
        }
        n
    };
    [b',', b'\t'].iter().any(|&sep| {
        let first = lines.first().map(|l| count(l, sep)).unwrap_or(0);
        first > 0 && lines.iter().all(|l| count(l, sep) == first)
    })
}

/// The extension of a file name, lower-cased (`"csv"`).
fn extension(file_name: &str) -> Option<String> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

impl MediaType {
    /// Every accepted type, in the order messages name them.
    pub const ALL: [MediaType; 10] = [
        MediaType::Jpeg,
        MediaType::Png,
        MediaType::Webp,
        MediaType::Gif,
        MediaType::Pdf,
        MediaType::Xml,
        MediaType::Html,
        MediaType::Csv,
        MediaType::Text,
        MediaType::Email,
    ];

    /// The media (MIME) type.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Webp => "image/webp",
            MediaType::Gif => "image/gif",
            MediaType::Pdf => "application/pdf",
            MediaType::Xml => "application/xml",
            MediaType::Html => "text/html",
            MediaType::Csv => "text/csv",
            MediaType::Text => "text/plain",
            MediaType::Email => "message/rfc822",
        }
    }

    /// The type the app labels the kept bytes with. Markup and e-mail are kept
    /// as opaque bytes (`application/octet-stream`): a browser given their own
    /// type would render them — run a hostile page's script, load its images
    /// from anywhere — if they were ever opened in the app's origin. They are
    /// offered as downloads, and shown, if at all, as escaped text.
    pub fn stored_mime(self) -> &'static str {
        if self.is_viewable() {
            self.mime()
        } else {
            "application/octet-stream"
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
            MediaType::Xml => "XML",
            MediaType::Html => "HTML",
            MediaType::Csv => "CSV",
            MediaType::Text => "TXT",
            MediaType::Email => "EML",
        }
    }

    /// The extensions a file chooser offers for this type (with the dot).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            MediaType::Jpeg => &[".jpg", ".jpeg"],
            MediaType::Png => &[".png"],
            MediaType::Webp => &[".webp"],
            MediaType::Gif => &[".gif"],
            MediaType::Pdf => &[".pdf"],
            MediaType::Xml => &[".xml"],
            MediaType::Html => &[".html", ".htm"],
            MediaType::Csv => &[".csv", ".tsv"],
            MediaType::Text => &[".txt"],
            MediaType::Email => &[".eml"],
        }
    }

    /// Whether the browser can show it as a picture (a thumbnail).
    pub fn is_image(self) -> bool {
        matches!(
            self,
            MediaType::Jpeg | MediaType::Png | MediaType::Webp | MediaType::Gif
        )
    }

    /// Whether the app may open it in the browser (pictures and PDFs, which
    /// run no script of theirs in the page); the others are only downloaded.
    pub fn is_viewable(self) -> bool {
        self.is_image() || self == MediaType::Pdf
    }

    /// Whether it is text ([`decode_text`] reads it).
    pub fn is_text(self) -> bool {
        !self.is_viewable()
    }

    /// The type of `bytes` by their content alone, or `None` if it is not
    /// accepted: [`MediaType::sniff_named`] without a name to break ties.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        MediaType::sniff_named(bytes, "")
    }

    /// The type of `bytes`, or `None` if it is not accepted. The content
    /// decides; the name's extension only chooses between text kinds that the
    /// content leaves open. In order:
    ///
    /// 1. Binary signatures, as before text kinds existed (so every file
    ///    accepted then is what it was): JPEG, PNG, WebP, GIF at the start,
    ///    `%PDF-` within the first kilobyte. A PNG named `.xml` is a PNG.
    /// 2. Anything else must be text: no NUL or other control byte (tab, line
    ///    ends, form feed, ESC and SUB allowed), valid UTF-8 (a BOM allowed) or
    ///    valid Shift_JIS. Anything else is refused (UTF-16, binary junk).
    /// 3. A header section of `Name: value` lines with a `From`, `Received`…
    ///    field is an e-mail (`.eml`).
    /// 4. After the BOM and white space: `<!DOCTYPE html` or `<html` (any case),
    ///    also after an `<?xml …?>` declaration, is HTML; `<?xml` is XML; any
    ///    other `<` is XML unless the name ends `.csv`/`.tsv` (CSV) or `.txt`
    ///    (text). XML must be UTF-8 (as UBL and JP PINT are); a Shift_JIS
    ///    text that looks like XML is kept as plain text.
    /// 5. Other text is CSV if named `.csv`/`.tsv`, plain text if named
    ///    `.txt`, else CSV when its first lines have the same number of commas
    ///    (or tabs), else plain text.
    pub fn sniff_named(bytes: &[u8], file_name: &str) -> Option<MediaType> {
        let riff_webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
        let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(MediaType::Jpeg);
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(MediaType::Png);
        } else if riff_webp {
            return Some(MediaType::Webp);
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            return Some(MediaType::Gif);
        } else if head.windows(5).any(|w| w == b"%PDF-") {
            return Some(MediaType::Pdf);
        }
        let encoding = text_encoding(bytes)?;
        if is_email(bytes.strip_prefix(BOM).unwrap_or(bytes)) {
            return Some(MediaType::Email);
        }
        let ext = extension(file_name);
        let ext = ext.as_deref();
        let start = text_head(bytes);
        let after_declaration = start
            .strip_prefix(b"<?xml")
            .and_then(|rest| {
                rest.windows(2)
                    .position(|w| w == b"?>")
                    .map(|at| &rest[at + 2..])
            })
            .map(|rest| {
                let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
                &rest[skip..]
            });
        let markup = if is_html_start(start) || after_declaration.is_some_and(is_html_start) {
            Some(MediaType::Html)
        } else if start.starts_with(b"<?xml") {
            Some(MediaType::Xml)
        } else if start.starts_with(b"<") {
            match ext {
                Some("csv" | "tsv") => Some(MediaType::Csv),
                Some("txt") => Some(MediaType::Text),
                _ => Some(MediaType::Xml),
            }
        } else {
            None
        };
        match markup {
            Some(MediaType::Xml) if encoding != TextEncoding::Utf8 => Some(MediaType::Text),
            Some(kind) => Some(kind),
            None => Some(match ext {
                Some("csv" | "tsv") => MediaType::Csv,
                Some("txt") => MediaType::Text,
                _ if looks_like_csv(bytes) => MediaType::Csv,
                _ => MediaType::Text,
            }),
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
    /// The file's own transaction date (取引年月日), when it is not the entry's
    /// (a receipt dated the day before the entry books it). Absent fields are
    /// not written, so records kept before these fields existed keep their
    /// bytes, and a file without them reads as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The file's own transaction amount (取引金額), tax included, as on the
    /// document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// The counterparty named on the file (取引先), as text: the law searches by
    /// the name on the evidence, and an e-invoice's issuer or a web shop is
    /// often not a partner of the book; it is matched like an entry's partner
    /// (which is text too), so the two searches agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
}

impl Attachment {
    /// The file's own search keys.
    pub fn keys(&self) -> EvidenceKeys {
        EvidenceKeys {
            date: self.date,
            amount: self.amount,
            partner: self.partner.clone(),
        }
    }
}

/// The three keys a piece of evidence is searched by (取引年月日・取引金額・
/// 取引先), each optional: what is not given is taken from the entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvidenceKeys {
    pub date: Option<NaiveDate>,
    pub amount: Option<Decimal>,
    pub partner: Option<String>,
}

impl EvidenceKeys {
    /// The keys as kept: the amount within the book's limit, the partner
    /// trimmed (blank is none) and at most [`MAX_PARTNER_NAME_CHARS`].
    fn checked(self) -> Result<EvidenceKeys, AttachmentError> {
        let amount = self
            .amount
            .map(|a| within(a, Magnitude::Amount))
            .transpose()
            .map_err(|_| AttachmentError::AmountTooLarge { max: MAX_AMOUNT })?
            .map(|a| a.normalize());
        let partner = self
            .partner
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        if partner
            .as_ref()
            .is_some_and(|p| p.chars().count() > MAX_PARTNER_NAME_CHARS)
        {
            return Err(AttachmentError::PartnerTooLong {
                max: MAX_PARTNER_NAME_CHARS,
            });
        }
        Ok(EvidenceKeys {
            date: self.date,
            amount,
            partner,
        })
    }
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
    #[error(
        "the file is not one of the accepted types (JPEG, PNG, WebP, GIF, PDF, or XML, HTML, CSV, text or e-mail in UTF-8 or Shift_JIS)"
    )]
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
    #[error("the amount is beyond the largest Kura accepts ({max})")]
    AmountTooLarge { max: Decimal },
    #[error("the partner's name is longer than {max} characters")]
    PartnerTooLong { max: usize },
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
/// the entry is booked), without keys of its own: [`attach_evidence`] with none.
pub fn attach_file(
    book: &Book,
    entry_id: RecordId,
    id: RecordId,
    file_name: &str,
    bytes: &[u8],
    ctx: WriteCtx,
) -> Result<ChangeSet, AttachmentError> {
    let keys = EvidenceKeys::default();
    attach_evidence(book, entry_id, id, file_name, bytes, keys, ctx)
}

/// Attaches a file to an entry, draft or posted, with its own date, amount and
/// partner where given. `id` is the new attachment's id; the app stores `bytes`
/// under it in the same transaction as the returned change set. The type is
/// the content's ([`MediaType::sniff_named`]; the name only breaks ties between
/// text kinds).
pub fn attach_evidence(
    book: &Book,
    entry_id: RecordId,
    id: RecordId,
    file_name: &str,
    bytes: &[u8],
    keys: EvidenceKeys,
    ctx: WriteCtx,
) -> Result<ChangeSet, AttachmentError> {
    book.entry(entry_id).ok_or(AttachmentError::EntryNotFound)?;
    check_attachment_size(bytes.len() as u64)?;
    let file_name = clean_file_name(file_name)?;
    let media_type =
        MediaType::sniff_named(bytes, &file_name).ok_or(AttachmentError::UnsupportedType)?;
    let keys = keys.checked()?;
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
        date: keys.date,
        amount: keys.amount,
        partner: keys.partner,
    };
    let record = Record::Attachment(attachment);
    Ok(ctx.change_set(vec![Change::Put { record }]))
}

/// Sets a kept file's own date, amount and partner (none given: the entry's
/// apply). A new version of the record, so the history keeps every earlier
/// value and when it changed; allowed in a closed period too, since the keys
/// find the evidence and change no figure of the books.
pub fn set_evidence_keys(
    book: &Book,
    id: RecordId,
    keys: EvidenceKeys,
    ctx: WriteCtx,
) -> Result<ChangeSet, AttachmentError> {
    let attachment = book.attachment(id).ok_or(AttachmentError::NotFound)?;
    book.entry(attachment.entry_id)
        .ok_or(AttachmentError::EntryNotFound)?;
    if attachment.removed {
        return Err(AttachmentError::AlreadyRemoved);
    }
    let keys = keys.checked()?;
    let record = Record::Attachment(Attachment {
        date: keys.date,
        amount: keys.amount,
        partner: keys.partner,
        ..attachment.clone()
    });
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
        date: None,
        amount: None,
        partner: None,
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

    /// Every attachment, removed ones included (not deleted ones), oldest
    /// first; a business profile's images are among them (their entry is the
    /// book).
    pub fn attachments(&self) -> impl Iterator<Item = &Attachment> + '_ {
        self.live_ids(RecordKind::Attachment)
            .filter_map(|id| self.attachment(id))
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
            (b"\x7fELF\x02\x01\x01\0\0\0", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(MediaType::sniff(bytes), expected, "{bytes:?}");
        }
        let mut f = Fixture::new();
        assert_eq!(
            f.attach(
                10,
                50,
                "receipt.png",
                b"\0\x01\x02 binary, named like a picture"
            ),
            Err(AttachmentError::UnsupportedType)
        );
        let set = f.attach(10, 50, "scan.txt", JPEG);
        f.apply(set);
        assert_eq!(
            f.book.attachment(id(50)).unwrap().media_type,
            MediaType::Jpeg
        );
    }

    /// What `sniff_named` makes of `bytes` named `name`.
    fn kind(bytes: &[u8], name: &str) -> Option<MediaType> {
        MediaType::sniff_named(bytes, name)
    }

    const UBL: &str = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">\n<cbc:CustomizationID>urn:peppol:pint:billing-1@jp-1</cbc:CustomizationID>\n<cbc:IssueDate>2025-04-09</cbc:IssueDate>\n<cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>株式会社文具店</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>\n</Invoice>\n";

    const EML: &str = "Return-Path: <shop@example.jp>\r\nReceived: from mx.example.jp by mail.example.jp;\r\n\tWed, 9 Apr 2025 10:00:00 +0900\r\nFrom: =?ISO-2022-JP?B?GyRCSjg2cUU5GyhC?= <shop@example.jp>\r\nDate: Wed, 9 Apr 2025 10:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n\x1b$B$*GcB>\x1b(B 1,100\r\n";

    #[test]
    fn e_invoices_receipts_and_mail_are_recognised_by_their_content() {
        assert_eq!(kind(UBL.as_bytes(), "invoice.xml"), Some(MediaType::Xml));
        assert_eq!(
            kind(UBL.as_bytes(), "invoice.txt"),
            Some(MediaType::Xml),
            "declared XML"
        );
        assert_eq!(kind(UBL.as_bytes(), ""), Some(MediaType::Xml));
        let bare = b"  \n<Invoice><ID>1</ID></Invoice>";
        assert_eq!(kind(bare, "x.xml"), Some(MediaType::Xml));
        assert_eq!(kind(bare, "x"), Some(MediaType::Xml));
        assert_eq!(
            kind(b"<not even closed", "a.xml"),
            Some(MediaType::Xml),
            "well-formedness is not asked"
        );
        let html = b"\n<!doctype HTML>\n<html lang=\"ja\"><body>\xe9\xa0\x98\xe5\x8f\x8e\xe6\x9b\xb8</body></html>";
        assert_eq!(
            kind(html, "receipt.xml"),
            Some(MediaType::Html),
            "content wins over the name"
        );
        assert_eq!(
            kind(b"<HTML><body>x</body></HTML>", ""),
            Some(MediaType::Html)
        );
        let xhtml = b"<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"></html>";
        assert_eq!(kind(xhtml, "r.xhtml"), Some(MediaType::Html));
        assert_eq!(kind(EML.as_bytes(), "mail.eml"), Some(MediaType::Email));
        assert_eq!(kind(EML.as_bytes(), "mail.txt"), Some(MediaType::Email));
        let csv = "日付,金額,摘要\n2025/04/09,1100,文具\n2025/04/10,\"2,200\",紙\n";
        assert_eq!(kind(csv.as_bytes(), "明細.csv"), Some(MediaType::Csv));
        assert_eq!(
            kind(csv.as_bytes(), "明細"),
            Some(MediaType::Csv),
            "by its columns"
        );
        assert_eq!(
            kind(csv.as_bytes(), "明細.txt"),
            Some(MediaType::Text),
            "the name breaks the tie"
        );
        assert_eq!(
            kind(b"a\tb\n1\t2\n", ""),
            Some(MediaType::Csv),
            "tab-separated"
        );
        let note = "領収書の控え\n合計 1,100円, 現金\n";
        assert_eq!(kind(note.as_bytes(), "note"), Some(MediaType::Text));
        assert_eq!(kind(note.as_bytes(), "note.csv"), Some(MediaType::Csv));
        assert_eq!(
            kind(b"Date: 2025-04-09\nTotal: 1100\n", "n"),
            Some(MediaType::Text),
            "no mail field"
        );
        assert_eq!(
            kind(b"<a,b>\n<c,d>\n", "t.csv"),
            Some(MediaType::Csv),
            "a `<` left open by the name"
        );
    }

    #[test]
    fn shift_jis_text_is_accepted_but_xml_must_be_utf_8() {
        let (csv, _, _) = encoding_rs::SHIFT_JIS.encode("日付,金額\n2025/04/09,1100\n");
        assert!(std::str::from_utf8(&csv).is_err(), "really Shift_JIS");
        assert_eq!(kind(&csv, "bank.csv"), Some(MediaType::Csv));
        assert_eq!(
            decode_text(&csv).as_deref(),
            Some("日付,金額\n2025/04/09,1100\n")
        );
        let (html, _, _) = encoding_rs::SHIFT_JIS.encode("<html><body>領収書</body></html>");
        assert_eq!(kind(&html, "r.html"), Some(MediaType::Html));
        let (xml, _, _) = encoding_rs::SHIFT_JIS
            .encode("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>領収書</a>");
        assert_eq!(
            kind(&xml, "a.xml"),
            Some(MediaType::Text),
            "kept, as plain text"
        );
        assert_eq!(
            decode_text(UBL.as_bytes()).unwrap().chars().next(),
            Some('<'),
            "no BOM"
        );
    }

    #[test]
    fn binary_junk_nul_and_invalid_text_are_refused() {
        assert_eq!(
            kind(b"<?xml version=\"1.0\"?>\0<a/>", "a.xml"),
            None,
            "a NUL"
        );
        assert_eq!(kind(b"plain text\0", "a.txt"), None);
        assert_eq!(kind(b"\x01\x02\x03\x04", "a.csv"), None, "control bytes");
        assert_eq!(
            kind(b"<a>\xff\xfe\xfd</a>", "a.xml"),
            None,
            "neither UTF-8 nor Shift_JIS"
        );
        assert_eq!(kind(b"\xff\xfe<\0a\0>\0", "a.xml"), None, "UTF-16 has NULs");
        let mut png_named_xml = PNG.to_vec();
        png_named_xml.extend_from_slice(b"<?xml version=\"1.0\"?>");
        assert_eq!(kind(&png_named_xml, "invoice.xml"), Some(MediaType::Png));
        // Pseudo-random junk, as a damaged or hostile file would be.
        let mut x: u32 = 0x2545_F491;
        let junk: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect();
        for name in ["a.xml", "a.csv", "a.txt", "a.eml", "a.html", "a"] {
            assert_eq!(kind(&junk, name), None, "{name}");
        }
        assert_eq!(decode_text(&junk), None);
    }

    #[test]
    fn a_file_keeps_its_own_date_amount_and_partner_and_they_can_change() {
        let mut f = Fixture::new();
        let keys = EvidenceKeys {
            date: Some(day(9)),
            amount: Some(Decimal::new(1100, 0)),
            partner: Some("  株式会社文具店 ".into()),
        };
        let ctx = f.ctx();
        let set = attach_evidence(
            &f.book,
            id(10),
            id(50),
            "invoice.xml",
            UBL.as_bytes(),
            keys,
            ctx,
        );
        f.apply(set);
        let kept = f.book.attachment(id(50)).unwrap();
        assert_eq!(kept.media_type, MediaType::Xml);
        assert_eq!(kept.date, Some(day(9)));
        assert_eq!(kept.amount, Some(Decimal::new(1100, 0)));
        assert_eq!(kept.partner.as_deref(), Some("株式会社文具店"), "trimmed");
        let changed = EvidenceKeys {
            amount: Some(Decimal::new(1200, 0)),
            ..kept.keys()
        };
        let ctx = f.ctx();
        let set = set_evidence_keys(&f.book, id(50), changed, ctx);
        let edit = crate::sync::mark_edits(set.unwrap(), &f.book);
        assert!(
            matches!(&edit.changes[0], Change::Edit { fields, .. } if fields == &["amount"]),
            "an edit of the one field changed"
        );
        f.apply(Ok::<_, AttachmentError>(edit));
        let key = RecordKey {
            kind: RecordKind::Attachment,
            id: id(50),
        };
        let amounts: Vec<Option<Decimal>> = f
            .book
            .history(&key)
            .iter()
            .map(|v| match v.record.as_deref() {
                Some(Record::Attachment(a)) => a.amount,
                _ => None,
            })
            .collect();
        assert_eq!(
            amounts,
            [Some(Decimal::new(1100, 0)), Some(Decimal::new(1200, 0))],
            "both versions stay readable"
        );
        let too_much = EvidenceKeys {
            amount: Some(MAX_AMOUNT + Decimal::ONE),
            ..EvidenceKeys::default()
        };
        let ctx = f.ctx();
        assert_eq!(
            set_evidence_keys(&f.book, id(50), too_much, ctx),
            Err(AttachmentError::AmountTooLarge { max: MAX_AMOUNT })
        );
        let long = EvidenceKeys {
            partner: Some("あ".repeat(MAX_PARTNER_NAME_CHARS + 1)),
            ..EvidenceKeys::default()
        };
        let ctx = f.ctx();
        assert_eq!(
            set_evidence_keys(&f.book, id(50), long, ctx),
            Err(AttachmentError::PartnerTooLong {
                max: MAX_PARTNER_NAME_CHARS
            })
        );
        let set = f.remove(50);
        f.apply(set);
        let ctx = f.ctx();
        assert_eq!(
            set_evidence_keys(&f.book, id(50), EvidenceKeys::default(), ctx),
            Err(AttachmentError::AlreadyRemoved)
        );
    }

    #[test]
    fn a_record_without_keys_keeps_its_bytes_and_one_with_keys_reads_back() {
        let mut f = Fixture::new();
        let set = f.attach(10, 50, "a.png", PNG).unwrap();
        let json = serde_json::to_string(&set).unwrap();
        for field in ["\"date\"", "\"amount\"", "\"partner\""] {
            assert!(!json.contains(field), "{field} absent: {json}");
        }
        let keys = EvidenceKeys {
            date: Some(day(9)),
            amount: Some(Decimal::new(110050, 2)),
            partner: Some("文具店".into()),
        };
        let ctx = f.ctx();
        let set =
            attach_evidence(&f.book, id(10), id(51), "r.csv", b"a,b\n1,2\n", keys, ctx).unwrap();
        let json = serde_json::to_string(&set).unwrap();
        assert!(json.contains(r#""media_type":"text/csv""#), "{json}");
        assert!(json.contains(r#""amount":"1100.5""#), "{json}");
        assert!(json.contains(r#""date":"2025-04-09""#), "{json}");
        assert_eq!(serde_json::from_str::<ChangeSet>(&json).unwrap(), set);
    }

    #[test]
    fn a_pdf_header_far_into_the_file_is_not_a_pdf() {
        let mut bytes = vec![0x01; PDF_HEADER_WINDOW];
        bytes.extend_from_slice(b"%PDF-1.4");
        assert_eq!(MediaType::sniff(&bytes), None);
        bytes.fill(b' ');
        bytes.truncate(PDF_HEADER_WINDOW);
        bytes.extend_from_slice(b"%PDF-1.4");
        assert_eq!(
            MediaType::sniff(&bytes),
            Some(MediaType::Text),
            "text that names it"
        );
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
