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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::str_option"
    )]
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

/// Where a move's line sorts among an item's lines: date, then move id (ids
/// are time-ordered, so a reversal follows what it reverses), then line.
fn order_key(mv: &StockMove, line: usize) -> (NaiveDate, RecordId, usize) {
    (mv.date, mv.id, line)
}

impl<'a> StockMoves<'a> {
    pub fn of(book: &'a Book) -> StockMoves<'a> {
        let mut moves = StockMoves::default();
        for mv in book.stock_moves() {
            moves.push(mv);
        }
        moves.sort();
        moves
    }

    /// One sort per item, once everything is in: cheaper than inserting
    /// 200,000 moves each in its place.
    fn sort(&mut self) {
        for lines in self.by_item.values_mut() {
            lines.sort_unstable_by_key(|(mv, line)| order_key(mv, *line));
        }
    }

    /// The moves of some items only (an item's page, a move being posted):
    /// the others are neither kept nor sorted.
    pub fn of_items(book: &'a Book, items: &[RecordId]) -> StockMoves<'a> {
        let mut moves = StockMoves::default();
        for mv in book.stock_moves() {
            for (line, l) in mv.lines.iter().enumerate() {
                if items.contains(&l.item) {
                    moves.by_item.entry(l.item).or_default().push((mv, line));
                }
            }
        }
        moves.sort();
        moves
    }

    /// Quantity on hand at the end of `date` per (item, location), zero rows
    /// left out: [`on_hand_by_location`] from an index already built.
    pub fn held_through(&self, date: NaiveDate) -> FastMap<(RecordId, Option<RecordId>), Decimal> {
        let mut totals: FastMap<(RecordId, Option<RecordId>), Decimal> = FastMap::default();
        for (&item, lines) in &self.by_item {
            let end = lines.partition_point(|(mv, _)| mv.date <= date);
            for &(mv, n) in &lines[..end] {
                let line = &mv.lines[n];
                *totals.entry((item, line.location)).or_default() += line.quantity;
            }
        }
        totals.retain(|_, quantity| !quantity.is_zero());
        totals
    }

    /// Adds a move not yet in the book (one being written), in its place.
    pub fn add(&mut self, mv: &'a StockMove) {
        for (line, l) in mv.lines.iter().enumerate() {
            let lines = self.by_item.entry(l.item).or_default();
            let key = order_key(mv, line);
            let at = lines.partition_point(|(m, n)| order_key(m, *n) < key);
            lines.insert(at, (mv, line));
        }
    }

    /// Appends a move's lines to their items' lists, unsorted.
    fn push(&mut self, mv: &'a StockMove) {
        for (line, l) in mv.lines.iter().enumerate() {
            self.by_item.entry(l.item).or_default().push((mv, line));
        }
    }
}

/// Every line of the book's moves dated up to `date`.
fn lines_through(book: &Book, date: NaiveDate) -> impl Iterator<Item = &MoveLine> + '_ {
    book.stock_moves()
        .filter(move |mv| mv.date <= date)
        .flat_map(|mv| &mv.lines)
}

/// Quantity of an item on hand at the end of `date`, in every location (or in
/// one, `Some(location)`; the implicit location is `Some(None)`).
pub fn on_hand(
    book: &Book,
    item: RecordId,
    location: Option<Option<RecordId>>,
    date: NaiveDate,
) -> Decimal {
    lines_through(book, date)
        .filter(|l| l.item == item && location.is_none_or(|at| l.location == at))
        .map(|l| l.quantity)
        .sum()
}

/// Quantity on hand at the end of `date` per (item, location), zero rows left
/// out.
pub fn on_hand_by_location(
    book: &Book,
    date: NaiveDate,
) -> FastMap<(RecordId, Option<RecordId>), Decimal> {
    let mut totals: FastMap<(RecordId, Option<RecordId>), Decimal> = FastMap::default();
    for l in lines_through(book, date) {
        *totals.entry((l.item, l.location)).or_default() += l.quantity;
    }
    totals.retain(|_, quantity| !quantity.is_zero());
    totals
}
