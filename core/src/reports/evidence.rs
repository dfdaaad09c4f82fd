//! Searching the evidence itself (証憑の検索): each attached file by its
//! transaction date, amount and counterparty, ranges on date and amount, the
//! criteria combined — the three keys the electronic bookkeeping law (電子帳簿
//! 保存法) asks records of electronic transactions to be found by.
//!
//! A file is searched by its own keys (`Attachment::date`, `amount`,
//! `partner`) and, for each it lacks, by its entry's: the entry's date, total
//! and partner. So a receipt attached without keys is found exactly as its
//! entry is, and one whose date or amount differs from the entry's (a receipt
//! dated the day before it was booked, one of several bills paid by one entry)
//! is found by what the file says.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::search::{contains, in_range, needle};
use crate::book::{Attachment, Book, MediaType};
use crate::ids::RecordId;

/// What to search evidence for. Every criterion given must hold (AND); an
/// empty search lists every kept file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceSearch {
    /// First transaction date, included.
    pub from: Option<NaiveDate>,
    /// Last transaction date, included.
    pub to: Option<NaiveDate>,
    /// Smallest transaction amount, included.
    pub min_amount: Option<Decimal>,
    /// Largest transaction amount, included.
    pub max_amount: Option<Decimal>,
    /// Part of the counterparty's name (ignoring case and full/half width, as
    /// the entry search compares partners).
    pub partner: Option<String>,
    /// Files removed from a posted entry too (still kept as evidence).
    #[serde(default)]
    pub include_removed: bool,
}

/// One file found, with the keys it was found by.
#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceRow {
    pub attachment_id: RecordId,
    pub entry_id: RecordId,
    pub file_name: String,
    pub media_type: MediaType,
    pub size: u64,
    /// The file's own date, else its entry's.
    pub date: NaiveDate,
    /// The file's own amount, else its entry's total.
    pub amount: Decimal,
    /// The file's own counterparty, else its entry's partner (if any).
    pub partner: Option<String>,
    /// Which of the three keys are the file's own (the rest are its entry's).
    pub own_date: bool,
    pub own_amount: bool,
    pub own_partner: bool,
    pub removed: bool,
}

/// The files matching every given criterion, by date, then the order they
/// were attached. A record whose entry is not in the book (a business
/// profile's logo, which belongs to the book) is not evidence and is not
/// listed.
pub fn search_evidence(book: &Book, query: &EvidenceSearch) -> Vec<EvidenceRow> {
    let partner = needle(&query.partner);
    let mut rows: Vec<EvidenceRow> = book
        .attachments()
        .filter(|a| query.include_removed || !a.removed)
        .filter_map(|a| row(book, a))
        .filter(|row| {
            in_range(row.date, query.from, query.to)
                && in_range(row.amount, query.min_amount, query.max_amount)
                && partner.as_ref().is_none_or(|needle| {
                    row.partner.as_deref().is_some_and(|p| contains(p, needle))
                })
        })
        .collect();
    rows.sort_by_key(|row| (row.date, row.attachment_id));
    rows
}

/// A file's row: its own keys, its entry's where it has none.
fn row(book: &Book, attachment: &Attachment) -> Option<EvidenceRow> {
    let entry = book.entry(attachment.entry_id)?;
    let partner = match &attachment.partner {
        Some(own) => Some(own.clone()),
        None => entry.partner().map(str::to_string),
    };
    Some(EvidenceRow {
        attachment_id: attachment.id,
        entry_id: attachment.entry_id,
        file_name: attachment.file_name.clone(),
        media_type: attachment.media_type,
        size: attachment.size,
        date: attachment.date.unwrap_or(entry.date()),
        amount: attachment.amount.unwrap_or(entry.total()),
        partner,
        own_date: attachment.date.is_some(),
        own_amount: attachment.amount.is_some(),
        own_partner: attachment.partner.is_some(),
        removed: attachment.removed,
    })
}
