//! Stock reports: what is on hand where at a date, an item's movement history
//! with its running balance, and the stock ledger (受払帳) for export.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::ids::{FastMap, RecordId};
use crate::inventory::{
    standard_unit_cost, value_items, value_stock, Item, MoveKind, StockMove, StockMoves,
    StockValuation,
};

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
    let moves = StockMoves::of(book);
    let held = moves.held_through(date);
    let valuation = value_items(book, &moves, date, None);
    let locations = location_columns(book, &held);
    let mut rows: Vec<(&Item, StockOnHandRow)> = book
        .items()
        .filter(|i| i.tracked && moves.by_item.contains_key(&i.id))
        .map(|item| {
            let quantities: Vec<Decimal> = locations
                .iter()
                .map(|l| held.get(&(item.id, *l)).copied().unwrap_or_default())
                .collect();
            let (unit_cost, value) = valuation.items.get(&item.id).map_or_else(
                || (standard_unit_cost(book, item, date), Decimal::ZERO),
                |v| (v.unit_cost, v.value),
            );
            let row = StockOnHandRow {
                item: item.id,
                total: quantities.iter().sum(),
                quantities,
                unit_cost,
                value,
            };
            (item, row)
        })
        // An archived item stays only while it still holds stock.
        .filter(|(item, row)| !item.archived || !row.total.is_zero())
        .collect();
    rows.sort_by(|(a, _), (b, _)| (&a.code, a.id).cmp(&(&b.code, b.id)));
    StockOnHand {
        date,
        locations,
        rows: rows.into_iter().map(|(_, row)| row).collect(),
    }
}

/// The implicit location first, then live locations and any other location
/// holding stock (an archived one), by name.
fn location_columns(
    book: &Book,
    held: &FastMap<(RecordId, Option<RecordId>), Decimal>,
) -> Vec<Option<RecordId>> {
    let mut named: Vec<(String, RecordId)> = book
        .locations()
        .filter(|l| !l.archived)
        .map(|l| l.id)
        .chain(held.keys().filter_map(|(_, l)| *l))
        .map(|id| {
            let name = book.location(id).map_or("", |l| l.name.as_str());
            (name.to_string(), id)
        })
        .collect();
    named.sort();
    named.dedup();
    std::iter::once(None)
        .chain(named.into_iter().map(|(_, id)| Some(id)))
        .collect()
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
    let moves = StockMoves::of_items(book, &[item]);
    let lines = moves.by_item.get(&item).map_or(&[][..], Vec::as_slice);
    let rows = match lines.last() {
        Some((last, _)) => {
            let valuation = value_stock(book, &moves, last.date, None);
            history_rows(lines, &valuation, location, Decimal::ZERO, Decimal::ZERO)
        }
        None => Vec::new(),
    };
    ItemHistory { item, rows }
}

/// The rows of an item's move lines (in valuation order) with running
/// balances from an opening quantity and value. The value balance counts
/// every location, the quantity only those in `location`.
fn history_rows(
    lines: &[(&StockMove, usize)],
    valuation: &StockValuation,
    location: Option<Option<RecordId>>,
    mut balance: Decimal,
    mut value_balance: Decimal,
) -> Vec<ItemHistoryRow> {
    let mut rows = Vec::with_capacity(lines.len());
    for &(mv, n) in lines {
        let line = &mv.lines[n];
        let value = valuation
            .moves
            .get(&(mv.id, n))
            .map_or(Decimal::ZERO, |c| c.value);
        value_balance += value;
        if location.is_some_and(|l| l != line.location) {
            continue;
        }
        balance += line.quantity;
        rows.push(ItemHistoryRow {
            move_id: mv.id,
            date: mv.date,
            kind: mv.kind,
            document: mv.document,
            stocktake: mv.stocktake,
            reverses: mv.reverses,
            location: line.location,
            quantity: line.quantity,
            balance,
            value,
            value_balance,
        });
    }
    rows
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

/// Opening and closing values are the valuation's at the day before `from`
/// and at `to`; quantities are sums of moves. Tracked items with an opening
/// stock or moves in the period, in code order.
pub fn stock_ledger(book: &Book, from: NaiveDate, to: NaiveDate) -> StockLedger {
    let moves = StockMoves::of(book);
    let closing = value_stock(book, &moves, to, None);
    let opening = from
        .pred_opt()
        .map(|before| value_items(book, &moves, before, None))
        .unwrap_or_default();
    let mut items: Vec<&Item> = book
        .items()
        .filter(|i| i.tracked && moves.by_item.contains_key(&i.id))
        .collect();
    items.sort_by(|a, b| (&a.code, a.id).cmp(&(&b.code, b.id)));
    let items = items
        .into_iter()
        .map(|item| {
            ledger_item(
                item.id,
                &moves.by_item[&item.id],
                &opening,
                &closing,
                from,
                to,
            )
        })
        .filter(|l| {
            !l.rows.is_empty() || !l.opening_quantity.is_zero() || !l.opening_value.is_zero()
        })
        .collect();
    StockLedger { from, to, items }
}

fn ledger_item(
    item: RecordId,
    lines: &[(&StockMove, usize)],
    opening: &StockValuation,
    closing: &StockValuation,
    from: NaiveDate,
    to: NaiveDate,
) -> StockLedgerItem {
    let start = lines.partition_point(|(mv, _)| mv.date < from);
    let end = lines.partition_point(|(mv, _)| mv.date <= to);
    let opening_quantity: Decimal = lines[..start]
        .iter()
        .map(|&(mv, n)| mv.lines[n].quantity)
        .sum();
    let value_at = |v: &StockValuation| v.items.get(&item).map_or(Decimal::ZERO, |i| i.value);
    let opening_value = value_at(opening);
    let rows = history_rows(
        &lines[start..end.max(start)],
        closing,
        None,
        opening_quantity,
        opening_value,
    );
    StockLedgerItem {
        item,
        opening_quantity,
        opening_value,
        closing_quantity: rows.last().map_or(opening_quantity, |r| r.balance),
        closing_value: value_at(closing),
        rows,
    }
}
