//! The valuation report (在庫評価表): every tracked item's quantity, unit cost
//! and value at a date by a method — the book's, or another to compare.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::ids::RecordId;
use crate::inventory::ValuationMethod;

#[derive(Clone, Debug, PartialEq)]
pub struct ValuationReport {
    pub date: NaiveDate,
    pub method: ValuationMethod,
    /// Tracked items with a quantity or value at the date, in code order.
    pub rows: Vec<ValuationRow>,
    pub total_value: Decimal,
    /// Items on hand below zero (the screen warns).
    pub negative_items: usize,
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
    let _ = (book, date, method);
    todo!("inventory-valuation helper B")
}
