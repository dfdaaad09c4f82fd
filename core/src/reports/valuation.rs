//! The valuation report (在庫評価表): every tracked item's quantity, unit cost
//! and value at a date by a method — the book's, or another to compare.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::ids::RecordId;
use crate::inventory::{value_items, Item, StockMoves, ValuationMethod};

#[derive(Clone, Debug, PartialEq)]
pub struct ValuationReport {
    pub date: NaiveDate,
    pub method: ValuationMethod,
    /// Tracked items with a quantity or value at the date, in code order.
    pub rows: Vec<ValuationRow>,
    pub total_value: Decimal,
    /// Items on hand below zero (the screen warns).
    pub negative_items: usize,
    /// Items whose value would leave the largest amount: not valued, not in
    /// the total (see `inventory::StockValuation::beyond_limits`).
    pub beyond_limits: Vec<RecordId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValuationRow {
    pub item: RecordId,
    pub quantity: Decimal,
    pub unit_cost: Decimal,
    pub value: Decimal,
}

/// `method`: `None` uses the method in force at `date`.
pub fn valuation_report(
    book: &Book,
    date: NaiveDate,
    method: Option<ValuationMethod>,
) -> ValuationReport {
    let moves = StockMoves::of(book);
    let valuation = value_items(book, &moves, date, method);
    let mut items: Vec<&Item> = book
        .items()
        .filter(|i| valuation.items.contains_key(&i.id))
        .collect();
    items.sort_by(|a, b| (&a.code, a.id).cmp(&(&b.code, b.id)));
    let rows: Vec<ValuationRow> = items
        .into_iter()
        .map(|item| &valuation.items[&item.id])
        .filter(|v| !v.quantity.is_zero() || !v.value.is_zero())
        .map(|v| ValuationRow {
            item: v.item,
            quantity: v.quantity,
            unit_cost: v.unit_cost,
            value: v.value,
        })
        .collect();
    ValuationReport {
        date,
        method: method.unwrap_or_else(|| book.inventory_settings().policy_at(date).method),
        negative_items: rows.iter().filter(|r| r.quantity < Decimal::ZERO).count(),
        total_value: valuation.total,
        beyond_limits: valuation.beyond_limits,
        rows,
    }
}
