//! Stock reports: what is on hand where at a date, an item's movement history
//! with its running balance, and the stock ledger (受払帳) for export.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::ids::RecordId;
use crate::inventory::MoveKind;

/// Stock on hand at a date, per location.
#[derive(Clone, Debug, PartialEq)]
pub struct StockOnHand {
    pub date: NaiveDate,
    /// The columns: `None` is the implicit location; live locations by name.
    pub locations: Vec<Option<RecordId>>,
    pub rows: Vec<StockOnHandRow>,
}

/// One tracked item (with stock, or with moves ever), in code order.
#[derive(Clone, Debug, PartialEq)]
pub struct StockOnHandRow {
    pub item: RecordId,
    /// In the order of `StockOnHand::locations`.
    pub quantities: Vec<Decimal>,
    pub total: Decimal,
    /// The unit cost and value by the book's method at the date.
    pub unit_cost: Decimal,
    pub value: Decimal,
}

pub fn stock_on_hand(book: &Book, date: NaiveDate) -> StockOnHand {
    let _ = (book, date);
    todo!("inventory-core helper A")
}

/// One move line of an item, with the balances after it.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemHistoryRow {
    pub move_id: RecordId,
    pub date: NaiveDate,
    pub kind: MoveKind,
    pub document: Option<RecordId>,
    pub stocktake: Option<RecordId>,
    pub reverses: Option<RecordId>,
    pub location: Option<RecordId>,
    pub quantity: Decimal,
    /// Quantity on hand after this line (in the history's location filter).
    pub balance: Decimal,
    /// The change of stock value valuation gives this line.
    pub value: Decimal,
    /// Stock value after this line (all locations).
    pub value_balance: Decimal,
}

/// An item's moves in valuation order, optionally in one location
/// (`Some(None)` is the implicit one).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemHistory {
    pub item: RecordId,
    pub rows: Vec<ItemHistoryRow>,
}

pub fn item_history(
    book: &Book,
    item: RecordId,
    location: Option<Option<RecordId>>,
) -> ItemHistory {
    let _ = (book, item, location);
    todo!("inventory-core helper A")
}

/// The stock ledger (商品有高帳) for a period: every item's opening, each move
/// with quantity in/out and value, and its closing, for the CSV export.
#[derive(Clone, Debug, PartialEq)]
pub struct StockLedger {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub items: Vec<StockLedgerItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StockLedgerItem {
    pub item: RecordId,
    pub opening_quantity: Decimal,
    pub opening_value: Decimal,
    pub rows: Vec<ItemHistoryRow>,
    pub closing_quantity: Decimal,
    pub closing_value: Decimal,
}

pub fn stock_ledger(book: &Book, from: NaiveDate, to: NaiveDate) -> StockLedger {
    let _ = (book, from, to);
    todo!("inventory-core helper A")
}
