//! Commands on documents: each checks the rules and returns the change set to
//! commit (or, for copy-forward and consolidation, the draft to show in the form).
//!
//! The rules: a draft may be edited or deleted; issuing assigns the number and
//! posts the entry in the same change set; an issued document is never edited —
//! it is cancelled (its entry reversed, both kept) and a new one issued.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, WriteCtx};
use crate::ids::RecordId;
use crate::sync::ChangeSet;

use super::{Document, DocumentKind, DocumentStatus, TradeError};

/// How a document in a chain relates to the one the chain is shown for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainRelation {
    /// It was made from this one (lines copied, consolidated, credited, re-issued).
    Earlier,
    /// The document itself.
    This,
    /// It was made from the document.
    Later,
}

/// One document or payment in a chain (見積 → 受注 → 納品 → 請求 → 入金).
#[derive(Clone, Debug, PartialEq)]
pub struct ChainLink {
    pub relation: ChainRelation,
    /// A document's id, or a payment's.
    pub id: RecordId,
    /// `None` for a payment.
    pub kind: Option<DocumentKind>,
    pub number: Option<String>,
    pub date: NaiveDate,
    pub status: DocumentStatus,
    pub amount: Decimal,
}

/// Saves a draft (new, or replacing a draft with the same id).
pub fn save_document_draft(
    book: &Book,
    doc: Document,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let _ = (book, doc, ctx);
    todo!()
}

/// Deletes a draft (a tombstone); issued documents are cancelled instead.
pub fn delete_document_draft(
    book: &Book,
    id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let _ = (book, id, ctx);
    todo!()
}

/// Issues a document as given (the form's content, saved or not): checks it,
/// assigns the number from the device's series (`ctx.stamp.device`), sets the
/// due date from the partner's terms if none is given, and — for the kinds that
/// post — posts its entry with id `entry_id`. One change set.
pub fn issue_document(
    book: &Book,
    doc: Document,
    entry_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let _ = (book, doc, entry_id, ctx);
    todo!()
}

/// Cancels an issued document: marks it cancelled and, if it posted, posts the
/// reversal of its entry with id `reversal_id`. Refused while payments or later
/// documents (not cancelled) depend on it.
pub fn cancel_document(
    book: &Book,
    id: RecordId,
    reversal_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let _ = (book, id, reversal_id, ctx);
    todo!()
}

/// A new draft copying a cancelled (or any) document's content, to fix and issue
/// again; it `replaces` the original.
pub fn reissue_draft(
    book: &Book,
    id: RecordId,
    new_id: RecordId,
    date: NaiveDate,
) -> Result<Document, TradeError> {
    let _ = (book, id, new_id, date);
    todo!()
}

/// What is left to copy forward of each line of a document into documents of
/// `to` (its quantity minus what drafts and issued documents of that kind
/// already took), in line order.
pub fn remaining_quantities(
    book: &Book,
    id: RecordId,
    to: DocumentKind,
) -> Result<Vec<Decimal>, TradeError> {
    let _ = (book, id, to);
    todo!()
}

/// A draft of kind `to` made from one or more documents of the same partner,
/// with the lines that are left to copy (each pointing at its source).
pub fn copy_forward(
    book: &Book,
    sources: &[RecordId],
    to: DocumentKind,
    new_id: RecordId,
    date: NaiveDate,
) -> Result<Document, TradeError> {
    let _ = (book, sources, to, new_id, date);
    todo!()
}

/// The monthly consolidated invoice (締め請求): a draft invoice for a customer
/// gathering the issued delivery notes dated up to `closing_date` that no
/// invoice has taken yet, dated `closing_date`, due by the customer's terms.
pub fn consolidated_invoice(
    book: &Book,
    partner: RecordId,
    closing_date: NaiveDate,
    new_id: RecordId,
) -> Result<Document, TradeError> {
    let _ = (book, partner, closing_date, new_id);
    todo!()
}

/// Every document and payment linked to a document, earlier ones first.
pub fn document_chain(book: &Book, id: RecordId) -> Vec<ChainLink> {
    let _ = (book, id);
    todo!()
}
