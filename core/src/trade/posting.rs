//! The journal entries documents and payments post.

use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::JournalEntry;

use super::{Document, Payment, TradeError};

/// The posted entry an issued invoice, credit note or bill makes, with id
/// `entry_id`, dated the document's date, origin `EntryOrigin::Document`.
pub fn document_entry(
    book: &Book,
    doc: &Document,
    entry_id: RecordId,
) -> Result<JournalEntry, TradeError> {
    let _ = (book, doc, entry_id);
    todo!()
}

/// The posted entry a payment makes, with id `payment.entry`.
pub fn payment_entry(book: &Book, payment: &Payment) -> Result<JournalEntry, TradeError> {
    let _ = (book, payment);
    todo!()
}
