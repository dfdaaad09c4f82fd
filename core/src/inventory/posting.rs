//! The journal entries stock posts.
//!
//! Perpetual books (継続記録): each move posts its change of stock value —
//! Dr 商品 / Cr 売上原価 for stock in, the reverse for stock out — so 商品 always
//! holds the valued stock and 仕入高 + 売上原価 is the cost of sales.
//!
//! Either mode: the stock closing entry at a date. With O the Inventory
//! account's balance at the fiscal year's start, P and Q what the Opening- and
//! ClosingInventory accounts already hold this fiscal year, and Y the valued
//! stock at the date, it posts Dr 期首商品棚卸高 (O − P), Cr 期末商品棚卸高
//! (Y − Q) and 商品 the difference — so at a year end 期首 holds the opening
//! stock, 期末 the closing one, and 商品 the valued stock, however many
//! month-end closings came before. In a perpetual book the difference between
//! the valued stock and 商品 (moves dated back) is posted against 売上原価
//! instead.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{InventoryError, StockMove};
use crate::book::{Book, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::JournalEntry;
use crate::sync::ChangeSet;

/// The entry a move posts in a perpetual book, valuing `mv` as if it were in
/// the book; `None` in a periodic book or when its value is zero.
pub fn stock_move_entry(
    book: &Book,
    mv: &StockMove,
    entry_id: RecordId,
) -> Result<Option<JournalEntry>, InventoryError> {
    let _ = (book, mv, entry_id);
    todo!("inventory-valuation helper B")
}

/// The figures of the stock closing entry at a date, shown before posting it
/// (the entry is made from exactly these).
#[derive(Clone, Debug, PartialEq)]
pub struct StockClosing {
    pub date: NaiveDate,
    /// Y: the stock valued by the method in force.
    pub valued_stock: Decimal,
    /// 商品's balance at the date, before the entry.
    pub ledger_stock: Decimal,
    /// O − P: to debit 期首商品棚卸高 (periodic books).
    pub to_opening: Decimal,
    /// Y − Q: to credit 期末商品棚卸高 (periodic books).
    pub to_closing: Decimal,
    /// Y − 商品: to post against 売上原価 (perpetual books).
    pub to_cost_of_sales: Decimal,
}

/// The stock closing at `date` (a preview; nothing is written), valuing the
/// book's moves and `pending` (a stocktake's move being posted with it).
pub fn stock_closing(
    book: &Book,
    date: NaiveDate,
    pending: &[StockMove],
) -> Result<StockClosing, InventoryError> {
    let _ = (book, date, pending);
    todo!("inventory-valuation helper B")
}

/// The stock closing entry itself, made from `closing`; refused when it would
/// post nothing (`NothingToPost`) or in a closed period.
pub fn stock_closing_entry(
    book: &Book,
    closing: &StockClosing,
    entry_id: RecordId,
) -> Result<JournalEntry, InventoryError> {
    let _ = (book, closing, entry_id);
    todo!("inventory-valuation helper B")
}

/// Posts the stock closing entry at `date`: one change set.
pub fn post_stock_closing(
    book: &Book,
    date: NaiveDate,
    entry_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let closing = stock_closing(book, date, &[])?;
    let entry = stock_closing_entry(book, &closing, entry_id)?;
    Ok(ctx.change_set(vec![crate::sync::Change::Put {
        record: crate::book::Record::JournalEntry(entry),
    }]))
}
