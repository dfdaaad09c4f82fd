//! Stock moves (入出庫): the only truth about quantities. A move is a fact:
//! once written it is never edited or deleted; a mistake is corrected by a new
//! move (an adjustment, or the reverse move a cancelled document adds).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::ids::{FastMap, RecordId};

/// Why stock was adjusted by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentReason {
    /// 破損
    Damage,
    /// 紛失
    Loss,
    /// 見本
    Sample,
    /// 発見 (found stock that was not on the books)
    Found,
    /// 自家消費 (taken for the owner's own use)
    OwnUse,
    /// 期首在庫 (stock on hand when the book started), at a given cost
    Opening,
}

/// What made a move. The kind decides how valuation treats its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "move", rename_all = "snake_case")]
pub enum MoveKind {
    /// Goods came in from a supplier (a goods receipt, or a bill issued without
    /// one): incoming lines carry their unit cost.
    Receipt,
    /// Goods went out to a customer (a delivery note, or an invoice issued
    /// without one): lines are negative, costed by valuation.
    Delivery,
    /// Goods a customer sent back (a credit note that returns stock): positive
    /// lines, valued at the item's unit cost at that moment.
    SalesReturn,
    /// Between locations: lines sum to zero per item; value does not change.
    Transfer,
    /// Corrected by hand, with a reason. Positive lines of `Found` and
    /// `Opening` carry a unit cost (or take the item's standard cost).
    Adjustment { reason: AdjustmentReason },
    /// The variances a posted stocktake found.
    Stocktake,
}

/// One item's quantity change at one location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveLine {
    pub item: RecordId,
    /// `None`: the book's implicit location.
    #[serde(default)]
    pub location: Option<RecordId>,
    /// Signed: positive into stock, negative out of it.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    /// Tax-exclusive cost per unit, on incoming lines of receipts and of
    /// adjustments that bring stock in at a known cost; `None` elsewhere.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub unit_cost: Option<Decimal>,
}

/// A stock move: one event (a delivery note's lines, a transfer, a count).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockMove {
    pub id: RecordId,
    pub date: NaiveDate,
    pub kind: MoveKind,
    pub lines: Vec<MoveLine>,
    /// The document that made it (delivery note, goods receipt, invoice, bill,
    /// credit note).
    #[serde(default)]
    pub document: Option<RecordId>,
    /// The stocktake that made it.
    #[serde(default)]
    pub stocktake: Option<RecordId>,
    /// The move this one reverses (a cancelled document's).
    #[serde(default)]
    pub reverses: Option<RecordId>,
    /// The entry it posted (perpetual books).
    #[serde(default)]
    pub entry: Option<RecordId>,
    #[serde(default)]
    pub note: String,
}

/// Every move of a book, indexed for the questions screens ask: an item's
/// moves in valuation order (date, then id). Built once per book version
/// (`StockMoves::of`), so reports over 200,000 moves need not re-sort them.
#[derive(Clone, Debug, Default)]
pub struct StockMoves<'a> {
    /// Per item, its (move, line index) pairs in order of (date, move id).
    pub by_item: FastMap<RecordId, Vec<(&'a StockMove, usize)>>,
}

impl<'a> StockMoves<'a> {
    pub fn of(book: &'a Book) -> StockMoves<'a> {
        let _ = book;
        todo!("inventory-moves helper C")
    }

    /// Adds a move not yet in the book (one being written), in its place.
    pub fn add(&mut self, mv: &'a StockMove) {
        let _ = mv;
        todo!("inventory-moves helper C")
    }
}

/// Quantity of an item on hand at the end of `date`, in every location (or in
/// one, `Some(location)`; the implicit location is `Some(None)`).
pub fn on_hand(
    book: &Book,
    item: RecordId,
    location: Option<Option<RecordId>>,
    date: NaiveDate,
) -> Decimal {
    let _ = (book, item, location, date);
    todo!("inventory-moves helper C")
}

/// Quantity on hand at the end of `date` per (item, location), zero rows left
/// out.
pub fn on_hand_by_location(
    book: &Book,
    date: NaiveDate,
) -> FastMap<(RecordId, Option<RecordId>), Decimal> {
    let _ = (book, date);
    todo!("inventory-moves helper C")
}
