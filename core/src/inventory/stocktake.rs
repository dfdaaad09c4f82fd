//! Stocktake (棚卸): count what is on the shelves of a location at a date, see
//! the variance per item, and post it as one adjustment move with its entry.
//! A count in progress is saved as it is typed (over several sessions if need
//! be); posting it is a fact, after which it cannot change.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::commands::{
    check_location, check_move_limits, check_open_period, move_records, new_move, puts,
    tracked_item,
};
use super::{
    standard_unit_cost, stock_closing, stock_closing_entry, value_items, value_stock,
    InventoryError, Item, MoveKind, MoveLine, StockMove, StockMoves, StockPosting,
};
use crate::book::{Book, Record, WriteCtx};
use crate::ids::{FastMap, RecordId};
use crate::ledger::JournalEntry;
use crate::money::limits::{product_within, within, Magnitude};
use crate::money::{round, Currency, Rounding};
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

/// The sheet's rows for `items` at `location` at the end of `date`, in code
/// order. A posted stocktake's own move (`posted`) is left out of what was
/// expected, and its rows take the value that move was given.
fn sheet(
    book: &Book,
    mut items: Vec<&Item>,
    location: Option<RecordId>,
    date: NaiveDate,
    posted: Option<RecordId>,
) -> Vec<Variance> {
    items.sort_by(|a, b| (&a.code, a.id).cmp(&(&b.code, b.id)));
    let mut expected: FastMap<RecordId, Decimal> = FastMap::default();
    let mut posted_value: FastMap<RecordId, Decimal> = FastMap::default();
    // A posted count needs its own move's costs; a count in progress only
    // the items' unit costs (the quicker replay).
    let moves = StockMoves::of(book);
    let valuation = match posted {
        Some(_) => value_stock(book, &moves, date, None),
        None => value_items(book, &moves, date, None),
    };
    let moves = book.stock_moves().filter(|m| m.date <= date);
    for mv in moves {
        let own = Some(mv.id) == posted;
        for (i, line) in mv.lines.iter().enumerate() {
            if line.location != location {
                continue;
            }
            if own {
                let cost = valuation.moves.get(&(mv.id, i)).map(|c| c.value);
                *posted_value.entry(line.item).or_default() += cost.unwrap_or_default();
            } else {
                *expected.entry(line.item).or_default() += line.quantity;
            }
        }
    }
    items
        .into_iter()
        .map(|item| Variance {
            item: item.id,
            expected: expected.get(&item.id).copied().unwrap_or_default(),
            counted: None,
            difference: Decimal::ZERO,
            unit_cost: valuation
                .items
                .get(&item.id)
                .map_or_else(|| standard_unit_cost(book, item, date), |v| v.unit_cost),
            value: posted_value.get(&item.id).copied().unwrap_or_default(),
        })
        .collect()
}

/// Tracked, live items.
fn countable(book: &Book) -> impl Iterator<Item = &Item> + '_ {
    book.items().filter(|i| i.tracked && !i.archived)
}

/// The count sheet: every tracked, live item with what the moves say is on
/// hand at `location` on `date`, in code order.
pub fn count_sheet(book: &Book, location: Option<RecordId>, date: NaiveDate) -> Vec<Variance> {
    sheet(book, countable(book).collect(), location, date, None)
}

/// Each counted item's total count (an item counted on two lines, say scanned
/// twice, counts both). A count beyond the largest quantity (a stocktake an
/// earlier build saved) counts as not counted, so that nothing is computed
/// from it: saving the stocktake again with its counts typed is its repair.
fn counted(stocktake: &Stocktake) -> FastMap<RecordId, Decimal> {
    let mut counted: FastMap<RecordId, Decimal> = FastMap::default();
    let readable = stocktake
        .counts
        .iter()
        .filter(|l| within(l.counted, Magnitude::Quantity).is_ok());
    for line in readable {
        // Each count is within 10⁹: the sum cannot overflow.
        *counted.entry(line.item).or_default() += line.counted;
    }
    counted
}

/// The count sheet of a stocktake with its counts filled in (counted items
/// the sheet would leave out, an archived one say, included).
pub fn stocktake_variances(book: &Book, stocktake: &Stocktake) -> Vec<Variance> {
    let counted = counted(stocktake);
    let mut items: Vec<&Item> = countable(book).collect();
    let extra = counted
        .keys()
        .filter_map(|&id| book.item(id))
        .filter(|i| i.tracked && i.archived);
    items.extend(extra);
    let posted = stocktake
        .stock_move
        .filter(|_| stocktake.status == StocktakeStatus::Posted);
    let currency = book.settings().map_or(Currency::JPY, |s| s.currency);
    let mut rows = sheet(book, items, stocktake.location, stocktake.date, posted);
    for row in &mut rows {
        let Some(&count) = counted.get(&row.item) else {
            continue;
        };
        row.counted = Some(count);
        row.difference = count - row.expected;
        if posted.is_none() {
            // Half up, like every value valuation gives a move. A value beyond
            // the largest amount is shown as none; posting refuses it.
            row.value = product_within(row.difference, row.unit_cost, Magnitude::Amount)
                .map_or(Decimal::ZERO, |v| round(v, currency, Rounding::HalfUp));
        }
    }
    rows
}

/// Saves a count in progress (refused once posted; counts must not be negative).
pub fn save_stocktake(
    book: &Book,
    stocktake: Stocktake,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    if book
        .stocktake(stocktake.id)
        .is_some_and(|s| s.status == StocktakeStatus::Posted)
    {
        return Err(InventoryError::AlreadyPosted);
    }
    check_open_period(book, stocktake.date)?;
    check_location(book, stocktake.location)?;
    for (i, line) in stocktake.counts.iter().enumerate() {
        if line.counted < Decimal::ZERO {
            return Err(InventoryError::NegativeCount);
        }
        within(line.counted, Magnitude::Quantity)
            .map_err(|error| InventoryError::TooLarge { line: i + 1, error })?;
        tracked_item(book, line.item)?;
    }
    let counting = Stocktake {
        status: StocktakeStatus::Counting,
        stock_move: None,
        entry: None,
        note: stocktake.note.trim().to_string(),
        ..stocktake
    };
    Ok(ctx.change_set(puts(vec![Record::Stocktake(counting)])))
}

/// The stock closing entry at `date` with `pending` valued, or none when the
/// stock is already valued at what 商品 holds.
fn closing_entry(
    book: &Book,
    date: NaiveDate,
    pending: &[StockMove],
    entry_id: RecordId,
) -> Result<Option<JournalEntry>, InventoryError> {
    let closing = stock_closing(book, date, pending)?;
    match stock_closing_entry(book, &closing, entry_id) {
        Ok(entry) => Ok(Some(entry)),
        Err(InventoryError::NothingToPost) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Posts a stocktake: the adjustment move of its variances, its entry, and the
/// stocktake marked posted — one change set. `ids` gives the move's id, then
/// the entry's.
///
/// Negative stock is not checked: a count is what is on the shelves, and
/// refusing it would leave the books knowingly wrong.
pub fn post_stocktake(
    book: &Book,
    id: RecordId,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let stocktake = book
        .stocktake(id)
        .ok_or(InventoryError::StocktakeNotFound)?;
    if stocktake.status == StocktakeStatus::Posted {
        return Err(InventoryError::AlreadyPosted);
    }
    check_open_period(book, stocktake.date)?;
    // Uncounted items stay as the moves say.
    let lines: Vec<MoveLine> = stocktake_variances(book, stocktake)
        .into_iter()
        .filter(|v| v.counted.is_some() && !v.difference.is_zero())
        .map(|v| MoveLine {
            item: v.item,
            location: stocktake.location,
            quantity: v.difference,
            unit_cost: None,
        })
        .collect();
    let (move_id, entry_id) = (ids(), ids());
    let mv = (!lines.is_empty()).then(|| StockMove {
        stocktake: Some(id),
        ..new_move(move_id, stocktake.date, MoveKind::Stocktake, lines)
    });
    if let Some(mv) = &mv {
        check_move_limits(mv)?;
    }
    let mut records = match (
        book.inventory_settings().policy_at(stocktake.date).posting,
        mv,
    ) {
        (StockPosting::Perpetual, Some(mv)) => move_records(book, mv, entry_id)?,
        (StockPosting::Perpetual, None) => Vec::new(),
        (StockPosting::Periodic, mv) => {
            let entry = closing_entry(book, stocktake.date, mv.as_slice(), entry_id)?;
            mv.map(Record::StockMove)
                .into_iter()
                .chain(entry.map(Record::JournalEntry))
                .collect()
        }
    };
    let has = |wanted: fn(&Record) -> bool| records.iter().any(wanted);
    let posted = Stocktake {
        status: StocktakeStatus::Posted,
        stock_move: has(|r| matches!(r, Record::StockMove(_))).then_some(move_id),
        entry: has(|r| matches!(r, Record::JournalEntry(_))).then_some(entry_id),
        ..stocktake.clone()
    };
    records.insert(0, Record::Stocktake(posted));
    Ok(ctx.change_set(puts(records)))
}
