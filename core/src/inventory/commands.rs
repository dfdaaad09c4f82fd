//! Commands that write stock moves: adjustments and transfers by hand, and the
//! moves a sales or purchasing document makes when it is issued or cancelled.
//!
//! Which documents move stock (only lines whose item is tracked):
//! - a goods receipt: a `Receipt` at what its lines cost as the purchase books
//!   them (see `receipt_unit_cost`);
//! - a bill: a `Receipt` at issue of its lines that did not come from a goods
//!   receipt (those came in with it);
//! - a delivery note: a `Delivery`;
//! - an invoice that does not consolidate delivery notes: a `Delivery` at issue
//!   of its lines that did not come from a delivery note — a freelancer selling
//!   services never sees any of this;
//! - a credit note with `returns_stock`: a `SalesReturn`.
//!
//! No move is dated in a closed period, and where the book refuses negative
//! stock none may leave a location short on its day or any later one.
//!
//! Cancelling such a document adds the reverse move (`reverses`), dated the
//! document's date, and in a perpetual book the reversal of its entry.
//! Stock leaves from and arrives at the document's `location`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{
    stock_move_entry, AdjustmentReason, InventoryError, Item, MoveKind, MoveLine, StockMove,
};
use crate::book::{reversal_of, Book, Record, RecordKey, RecordKind, WriteCtx};
use crate::ids::{FastMap, RecordId};
use crate::money::limits::{product_within, within, Magnitude};
use crate::sync::{Change, ChangeSet};
use crate::trade::{purchase_line_costs, Document, DocumentKind, DocumentLine};

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

/// Refuses a move dated in a closed period: it would change closed figures.
pub(crate) fn check_open_period(book: &Book, date: NaiveDate) -> Result<(), InventoryError> {
    match book.closed_through() {
        Some(through) if date <= through => Err(InventoryError::PeriodClosed(through)),
        _ => Ok(()),
    }
}

/// An item that exists and has its stock tracked.
pub(crate) fn tracked_item(book: &Book, id: RecordId) -> Result<&Item, InventoryError> {
    let item = book.item(id).ok_or(InventoryError::ItemNotFound)?;
    if !item.tracked {
        return Err(InventoryError::NotTracked);
    }
    Ok(item)
}

/// A location that exists, or the implicit one.
pub(crate) fn check_location(
    book: &Book,
    location: Option<RecordId>,
) -> Result<(), InventoryError> {
    match location {
        Some(id) if book.location(id).is_none() => Err(InventoryError::LocationNotFound),
        _ => Ok(()),
    }
}

/// An item at a location.
type Place = (RecordId, Option<RecordId>);

/// The lowest quantity on hand at the end of `from` or of any later day, from
/// the (date, quantity) lines of one item at one location.
fn lowest_from(mut lines: Vec<(NaiveDate, Decimal)>, from: NaiveDate) -> Decimal {
    // A day without lines still has its balance.
    lines.push((from, Decimal::ZERO));
    lines.sort_unstable_by_key(|(date, _)| *date);
    let mut balance = Decimal::ZERO;
    let mut lowest = None::<Decimal>;
    for (i, (date, quantity)) in lines.iter().enumerate() {
        balance += quantity;
        let day_ends = lines.get(i + 1).is_none_or(|(next, _)| next != date);
        if *date >= from && day_ends {
            lowest = Some(lowest.map_or(balance, |l| l.min(balance)));
        }
    }
    lowest.unwrap_or(balance)
}

/// Refuses `mv` when the book does not allow negative stock and, with it, an
/// item's stock at a location would be below zero at the end of its date or
/// of any later day (later moves already took what is there). Days, not
/// moves, are the unit: stock on hand is what is there at the end of a day.
fn check_stock(book: &Book, mv: &StockMove) -> Result<(), InventoryError> {
    if book.inventory_settings().allow_negative {
        return Ok(());
    }
    let mut taken: Vec<(Place, Decimal)> = Vec::new();
    for line in &mv.lines {
        let key = (line.item, line.location);
        match taken.iter_mut().find(|(k, _)| *k == key) {
            Some((_, q)) => *q += line.quantity,
            None => taken.push((key, line.quantity)),
        }
    }
    // Only what the move takes out can make stock negative.
    taken.retain(|(_, q)| *q < Decimal::ZERO);
    if taken.is_empty() {
        return Ok(());
    }
    let mut history: FastMap<Place, Vec<(NaiveDate, Decimal)>> =
        taken.iter().map(|(key, _)| (*key, Vec::new())).collect();
    for other in book.stock_moves() {
        for line in &other.lines {
            if let Some(lines) = history.get_mut(&(line.item, line.location)) {
                lines.push((other.date, line.quantity));
            }
        }
    }
    for (key, quantity) in taken {
        let available = lowest_from(history.remove(&key).unwrap_or_default(), mv.date);
        if available + quantity < Decimal::ZERO {
            let code = book.item(key.0).map(|i| i.code.clone()).unwrap_or_default();
            return Err(InventoryError::InsufficientStock { code, available });
        }
    }
    Ok(())
}

/// Refuses a move whose line has a quantity, a unit cost or a value beyond
/// its limit (what `money::limits::check_record` asks of every stored move).
pub(crate) fn check_move_limits(mv: &StockMove) -> Result<(), InventoryError> {
    for (i, line) in mv.lines.iter().enumerate() {
        let checked =
            within(line.quantity, Magnitude::Quantity).and_then(|quantity| match line.unit_cost {
                Some(cost) => within(cost, Magnitude::UnitPrice)
                    .and_then(|cost| product_within(quantity, cost, Magnitude::Amount))
                    .map(drop),
                None => Ok(()),
            });
        checked.map_err(|error| InventoryError::TooLarge { line: i + 1, error })?;
    }
    Ok(())
}

/// A move and, in a perpetual book, the entry posting its value (its id
/// `entry_id`). The move is checked against the limits first.
pub(crate) fn move_records(
    book: &Book,
    mut mv: StockMove,
    entry_id: RecordId,
) -> Result<Vec<Record>, InventoryError> {
    check_move_limits(&mv)?;
    let entry = stock_move_entry(book, &mv, entry_id)?;
    mv.entry = entry.as_ref().map(|_| entry_id);
    Ok(std::iter::once(Record::StockMove(mv))
        .chain(entry.map(Record::JournalEntry))
        .collect())
}

pub(crate) fn puts(records: Vec<Record>) -> Vec<Change> {
    records
        .into_iter()
        .map(|record| Change::Put { record })
        .collect()
}

/// A move of `kind` with nothing linked to it yet.
pub(crate) fn new_move(
    id: RecordId,
    date: NaiveDate,
    kind: MoveKind,
    lines: Vec<MoveLine>,
) -> StockMove {
    StockMove {
        id,
        date,
        kind,
        lines,
        document: None,
        stocktake: None,
        reverses: None,
        entry: None,
        note: String::new(),
    }
}

/// Records an adjustment: the move and, in a perpetual book, its entry. `ids`
/// gives the move's id first, then the entry's.
pub fn record_adjustment(
    book: &Book,
    input: AdjustmentInput,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    check_open_period(book, input.date)?;
    if input.lines.is_empty() {
        return Err(InventoryError::NoLines);
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, &(item, location, quantity, unit_cost)) in input.lines.iter().enumerate() {
        tracked_item(book, item)?;
        check_location(book, location)?;
        if quantity.is_zero() {
            return Err(InventoryError::ZeroQuantity { line: i + 1 });
        }
        lines.push(MoveLine {
            item,
            location,
            quantity,
            // Stock going out leaves at the valuation's cost, never a typed one.
            unit_cost: unit_cost.filter(|_| quantity > Decimal::ZERO),
        });
    }
    let kind = MoveKind::Adjustment {
        reason: input.reason,
    };
    let mv = StockMove {
        note: input.note.trim().to_string(),
        ..new_move(ids(), input.date, kind, lines)
    };
    check_move_limits(&mv)?;
    check_stock(book, &mv)?;
    Ok(ctx.change_set(puts(move_records(book, mv, ids())?)))
}

/// Records a transfer (value does not change, so it never posts).
pub fn record_transfer(
    book: &Book,
    input: TransferInput,
    move_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    check_open_period(book, input.date)?;
    if input.from == input.to {
        return Err(InventoryError::SameLocation);
    }
    check_location(book, input.from)?;
    check_location(book, input.to)?;
    if input.lines.is_empty() {
        return Err(InventoryError::NoLines);
    }
    let mut lines = Vec::with_capacity(input.lines.len() * 2);
    for (i, &(item, quantity)) in input.lines.iter().enumerate() {
        tracked_item(book, item)?;
        if quantity <= Decimal::ZERO {
            return Err(InventoryError::ZeroQuantity { line: i + 1 });
        }
        for (location, quantity) in [(input.from, -quantity), (input.to, quantity)] {
            lines.push(MoveLine {
                item,
                location,
                quantity,
                unit_cost: None,
            });
        }
    }
    let mv = StockMove {
        note: input.note.trim().to_string(),
        ..new_move(move_id, input.date, MoveKind::Transfer, lines)
    };
    check_move_limits(&mv)?;
    check_stock(book, &mv)?;
    Ok(ctx.change_set(puts(vec![Record::StockMove(mv)])))
}

/// The move an issued document of this kind makes, if any.
fn document_move_kind(doc: &Document) -> Option<MoveKind> {
    match doc.kind {
        DocumentKind::GoodsReceipt | DocumentKind::Bill => Some(MoveKind::Receipt),
        DocumentKind::Delivery => Some(MoveKind::Delivery),
        // A consolidated invoice bills delivery notes whose goods already left.
        DocumentKind::Invoice if doc.consolidates.is_empty() => Some(MoveKind::Delivery),
        DocumentKind::CreditNote if doc.returns_stock => Some(MoveKind::SalesReturn),
        _ => None,
    }
}

/// Whether a line's goods already moved with the document it was copied from:
/// an invoice's line from a delivery note, a bill's from a goods receipt.
fn moved_before(book: &Book, doc: &Document, line: &DocumentLine) -> bool {
    let mover = match doc.kind {
        DocumentKind::Invoice => DocumentKind::Delivery,
        DocumentKind::Bill => DocumentKind::GoodsReceipt,
        _ => return false,
    };
    line.source
        .and_then(|source| book.document(source.document))
        .is_some_and(|from| from.kind == mover)
}

/// A received line's cost per unit: the line's cost as the purchase's entry
/// books it (`trade::purchase_line_costs`: after the discount; with the tax in
/// a tax-inclusive book (税込経理); in a tax-exclusive one (税抜経理) without the
/// tax credited, so with the part of an unregistered supplier's tax that is
/// not) over its quantity. Unrounded, like every unit cost; `None` (the
/// standard cost) only for a line without a quantity, which no issued
/// document has.
///
/// The book's tax accounting is one current setting, not a dated one, so the
/// cost is fixed on the move when the document is issued, by the setting in
/// force then: the move and the purchase's entry are made together and so
/// always agree, and changing the setting later leaves history as it was
/// booked.
fn receipt_unit_cost(line_cost: Decimal, line: &DocumentLine) -> Option<Decimal> {
    line_cost
        .checked_div(line.quantity)
        .map(|cost| cost.normalize())
}

/// The lines of `doc` that move stock, as move lines of `kind`.
fn document_move_lines(
    book: &Book,
    doc: &Document,
    kind: MoveKind,
) -> Result<Vec<MoveLine>, InventoryError> {
    let costs = match kind {
        MoveKind::Receipt => purchase_line_costs(book, doc),
        _ => Vec::new(),
    };
    let mut lines = Vec::new();
    for (n, line) in doc.lines.iter().enumerate() {
        let Some(item) = line.item else { continue };
        let item = book.item(item).ok_or(InventoryError::ItemNotFound)?;
        if !item.tracked || moved_before(book, doc, line) {
            continue;
        }
        let (quantity, unit_cost) = match kind {
            MoveKind::Receipt => {
                let cost = costs.get(n).copied().unwrap_or_default();
                (line.quantity, receipt_unit_cost(cost, line))
            }
            MoveKind::Delivery => (-line.quantity, None),
            _ => (line.quantity, None),
        };
        lines.push(MoveLine {
            item: item.id,
            location: doc.location,
            quantity,
            unit_cost,
        });
    }
    Ok(lines)
}

/// The records issuing `doc` adds for stock (its move and, in a perpetual
/// book, the move's entry); empty when it moves nothing. Checks negative stock
/// when the book refuses it. `ids` gives the move's id, then the entry's.
pub fn document_moves(
    book: &Book,
    doc: &Document,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Vec<Record>, InventoryError> {
    let Some(kind) = document_move_kind(doc) else {
        return Ok(Vec::new());
    };
    let lines = document_move_lines(book, doc, kind)?;
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    check_open_period(book, doc.date)?;
    check_location(book, doc.location)?;
    let mv = StockMove {
        document: Some(doc.id),
        ..new_move(ids(), doc.date, kind, lines)
    };
    check_move_limits(&mv)?;
    check_stock(book, &mv)?;
    move_records(book, mv, ids())
}

/// The records cancelling `doc` adds: the reverse of each of its moves not yet
/// reversed, and of their entries. `ids` gives each reverse move's id, then
/// its entry's.
pub fn cancel_document_moves(
    book: &Book,
    doc: &Document,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Vec<Record>, InventoryError> {
    let mut own: Vec<&StockMove> = book
        .stock_moves()
        .filter(|m| m.document == Some(doc.id))
        .collect();
    own.sort_unstable_by_key(|m| m.id);
    let reversed: Vec<RecordId> = own.iter().filter_map(|m| m.reverses).collect();
    own.retain(|m| m.reverses.is_none() && !reversed.contains(&m.id));
    if !own.is_empty() {
        check_open_period(book, doc.date)?;
    }
    let mut records = Vec::new();
    for original in own {
        records.extend(reverse_records(book, original, doc.date, ids)?);
    }
    Ok(records)
}

/// The reverse of `original` dated `date` (its lines negated, linked to it,
/// made by the same document) and the reversal of its entry, if it posted one.
/// `ids` gives the move's id, then its entry's. A reverse move is exact, so it
/// is not checked against the limits: reversing a move beyond them is how it
/// is repaired.
fn reverse_records(
    book: &Book,
    original: &StockMove,
    date: NaiveDate,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Vec<Record>, InventoryError> {
    let lines = original
        .lines
        .iter()
        .map(|l| MoveLine {
            quantity: -l.quantity,
            ..l.clone()
        })
        .collect();
    let mut reverse = StockMove {
        document: original.document,
        reverses: Some(original.id),
        ..new_move(ids(), date, original.kind, lines)
    };
    let key = RecordKey {
        kind: RecordKind::StockMove,
        id: original.id,
    };
    // A move beyond the limits never counted in any quantity, so neither
    // does its reverse.
    if !book.is_out_of_range(&key) {
        check_stock(book, &reverse)?;
    }
    let entry_id = ids();
    let entry = original
        .entry
        .map(|entry| reversal_of(book, entry, entry_id, date))
        .transpose()?;
    reverse.entry = entry.as_ref().map(|_| entry_id);
    Ok(std::iter::once(Record::StockMove(reverse))
        .chain(entry.map(Record::JournalEntry))
        .collect())
}

/// Reverses a stock move beyond the limits (written by an earlier build), not
/// made by a document (that is cancelled instead): the reverse move, dated the
/// move's date, and the reversal of its entry. The book then counts the pair
/// as repaired. `ids` gives the move's id, then its entry's.
pub fn reverse_move(
    book: &Book,
    id: RecordId,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let original = book.stock_move(id).ok_or(InventoryError::MoveNotFound)?;
    let key = RecordKey {
        kind: RecordKind::StockMove,
        id,
    };
    if !book.is_out_of_range(&key) || original.document.is_some() {
        return Err(InventoryError::NotReversible);
    }
    if book.out_of_range().iter().all(|o| o.key != key) {
        return Err(InventoryError::AlreadyReversed);
    }
    check_open_period(book, original.date)?;
    Ok(ctx.change_set(puts(reverse_records(book, original, original.date, ids)?)))
}
