//! Stocktake (棚卸): count what is on the shelves of a location at a date, see
//! the variance per item, and post it as one adjustment move with its entry.
//! A count in progress is saved as it is typed (over several sessions if need
//! be); posting it is a fact, after which it cannot change.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::InventoryError;
use crate::book::{Book, WriteCtx};
use crate::ids::RecordId;
use crate::sync::ChangeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StocktakeStatus {
    Counting,
    Posted,
}

/// One item counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountLine {
    pub item: RecordId,
    #[serde(with = "rust_decimal::serde::str")]
    pub counted: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stocktake {
    pub id: RecordId,
    /// The count is of the stock at the end of this day.
    pub date: NaiveDate,
    #[serde(default)]
    pub location: Option<RecordId>,
    pub counts: Vec<CountLine>,
    pub status: StocktakeStatus,
    /// The adjustment move posting made.
    #[serde(default)]
    pub stock_move: Option<RecordId>,
    /// The entry posting made (perpetual: the variance's value; periodic: the
    /// stock closing entry at the count's date).
    #[serde(default)]
    pub entry: Option<RecordId>,
    #[serde(default)]
    pub note: String,
}

/// One row of the count sheet or of the variance list. Items not counted
/// (`counted: None`) are left as they are when posting.
#[derive(Clone, Debug, PartialEq)]
pub struct Variance {
    pub item: RecordId,
    /// On hand by the moves, at the stocktake's date and location.
    pub expected: Decimal,
    pub counted: Option<Decimal>,
    /// counted − expected (zero when not counted).
    pub difference: Decimal,
    /// The unit cost valuation gives at that date.
    pub unit_cost: Decimal,
    /// difference × unit cost, rounded to the currency.
    pub value: Decimal,
}

/// The count sheet: every tracked, live item with what the moves say is on
/// hand at `location` on `date`, in code order.
pub fn count_sheet(book: &Book, location: Option<RecordId>, date: NaiveDate) -> Vec<Variance> {
    let _ = (book, location, date);
    todo!("inventory-moves helper C")
}

/// The count sheet of a stocktake with its counts filled in.
pub fn stocktake_variances(book: &Book, stocktake: &Stocktake) -> Vec<Variance> {
    let _ = (book, stocktake);
    todo!("inventory-moves helper C")
}

/// Saves a count in progress (refused once posted; counts must not be negative).
pub fn save_stocktake(
    book: &Book,
    stocktake: Stocktake,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let _ = (book, stocktake, ctx);
    todo!("inventory-moves helper C")
}

/// Posts a stocktake: the adjustment move of its variances, its entry, and the
/// stocktake marked posted — one change set. `ids` gives the move's id, then
/// the entry's.
pub fn post_stocktake(
    book: &Book,
    id: RecordId,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let _ = (book, id, ids, ctx);
    todo!("inventory-moves helper C")
}
