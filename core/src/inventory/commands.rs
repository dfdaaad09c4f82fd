//! Commands that write stock moves: adjustments and transfers by hand, and the
//! moves a sales or purchasing document makes when it is issued or cancelled.
//!
//! Which documents move stock (only lines whose item is tracked):
//! - a goods receipt: a `Receipt` at its lines' tax-exclusive net unit price;
//! - a bill none of whose lines came from a goods receipt: a `Receipt` at issue;
//! - a delivery note: a `Delivery`;
//! - an invoice whose lines did not come from a delivery note (and that does not
//!   consolidate delivery notes): a `Delivery` at issue — a freelancer selling
//!   services never sees any of this;
//! - a credit note with `returns_stock`: a `SalesReturn`.
//! Cancelling such a document adds the reverse move (`reverses`), dated the
//! document's date, and in a perpetual book the reversal of its entry.
//! Stock leaves from and arrives at the document's `location`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{AdjustmentReason, InventoryError};
use crate::book::{Book, Record, WriteCtx};
use crate::ids::RecordId;
use crate::sync::ChangeSet;
use crate::trade::Document;

/// A hand adjustment as the form gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct AdjustmentInput {
    pub date: NaiveDate,
    pub reason: AdjustmentReason,
    /// (item, location, signed quantity, unit cost for stock coming in at a
    /// known cost).
    pub lines: Vec<(RecordId, Option<RecordId>, Decimal, Option<Decimal>)>,
    pub note: String,
}

/// A transfer between two locations as the form gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferInput {
    pub date: NaiveDate,
    pub from: Option<RecordId>,
    pub to: Option<RecordId>,
    /// (item, quantity moved, positive).
    pub lines: Vec<(RecordId, Decimal)>,
    pub note: String,
}

/// Records an adjustment: the move and, in a perpetual book, its entry. `ids`
/// gives the move's id first, then the entry's.
pub fn record_adjustment(
    book: &Book,
    input: AdjustmentInput,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let _ = (book, input, ids, ctx);
    todo!("inventory-moves helper C")
}

/// Records a transfer (value does not change, so it never posts).
pub fn record_transfer(
    book: &Book,
    input: TransferInput,
    move_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let _ = (book, input, move_id, ctx);
    todo!("inventory-moves helper C")
}

/// The records issuing `doc` adds for stock (its move and, in a perpetual
/// book, the move's entry); empty when it moves nothing. Checks negative stock
/// when the book refuses it.
pub fn document_moves(
    book: &Book,
    doc: &Document,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Vec<Record>, InventoryError> {
    let _ = (book, doc, ids);
    todo!("inventory-moves helper C")
}

/// The records cancelling `doc` adds: the reverse of each of its moves not yet
/// reversed, and of their entries.
pub fn cancel_document_moves(
    book: &Book,
    doc: &Document,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Vec<Record>, InventoryError> {
    let _ = (book, doc, ids);
    todo!("inventory-moves helper C")
}
