//! The largest magnitudes Kura accepts, by kind of value.
//!
//! `rust_decimal` panics when a sum or a product leaves its range (about
//! 7.9 × 10²⁸). Kura keeps every value it accepts far inside that range, so
//! that no sum over a book and no product of a quantity and a price can reach
//! it: a value is refused where it is made (a form's parser, every import,
//! every file read) with the field, line and column named.
//!
//! The limits are generous for a small business and tiny beside `Decimal`:
//!
//! | what | largest accepted (absolute) | why this much room is safe |
//! |---|---|---|
//! | an amount (a line, an entry's or a document's total, a payment, a balance typed in, a move's value) | 999,999,999,999,999 (10¹⁵ − 1, about a quadrillion yen) | 10¹³ lines at the limit still sum inside `Decimal` |
//! | a quantity | 999,999,999.999 (10⁹ − 1, three decimals) | quantity × unit price ≤ 10²⁴ |
//! | a unit price (a document's, an item's price or cost, a move's unit cost) | 999,999,999,999,999 (as an amount) | |
//! | a rate or a percentage | 0 to 100 (%) | |
//!
//! ## Which arithmetic is checked, and why the rest cannot overflow
//!
//! - **Sums of stored amounts** (a report's totals, a ledger's running
//!   balance, a trial balance): every amount a report reads comes from a
//!   record that passed [`check_record`], so it is at most 10¹⁵. A sum of `n`
//!   of them is at most `n` × 10¹⁵, and `Decimal` holds 7.9 × 10²⁸: it would
//!   take 7.9 × 10¹³ lines, petabytes of memory, to overflow. These sums use
//!   plain `+`.
//! - **Rates times amounts** (consumption tax, withholding, a private-use
//!   share): a rate is at most 1 (100 %), so the product is no larger than
//!   the bounded sum it is taken of.
//! - **Where values are made** (an entry's lines and total, a document's line
//!   amounts and totals, a payment's parts, a move's value): checked with
//!   [`checked_sum`], [`sum_within`] and [`product_within`], and refused with a
//!   typed error beyond the limit. An entry's balance check sums with
//!   [`checked_sum`], so even an entry written by an earlier build without
//!   limits never panics when read.
//! - **Stock valuation** multiplies a quantity on hand (a sum of moves) by a
//!   unit cost and divides values by quantities: neither is bounded by the
//!   argument above, so it is checked throughout, and an item whose value
//!   leaves the range is named instead of valued (`inventory::value_stock`).
//!
//! A book written by an earlier build may hold a record beyond these limits.
//! It still opens: the record is kept (its history stays readable), left out
//! of every report, and named so that the user can repair it by the book's
//! normal rules (`Book::out_of_range`).

use std::fmt;

use rust_decimal::Decimal;

use crate::book::Record;
use crate::files::bank::{Fingerprint, StatementImport};
use crate::inventory::{Item, StockMove, Stocktake};
use crate::ledger::JournalEntry;
use crate::trade::{document_totals, Document, DocumentTotals, Payment};

/// The largest absolute amount: 10¹⁵ − 1 in the currency's major unit.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_7FFF, 0x0003_8D7E, 0, false, 0);
/// The largest absolute quantity: 10⁹ − 1 (quantities carry up to three decimals).
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(999_999_999, 0, 0, false, 0);
/// The largest absolute unit price: the same as an amount.
pub const MAX_UNIT_PRICE: Decimal = MAX_AMOUNT;
/// The largest rate or percentage, in percent.
pub const MAX_PERCENT: Decimal = Decimal::from_parts(100, 0, 0, false, 0);

/// What kind of value a limit applies to (the message names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Magnitude {
    Amount,
    Quantity,
    UnitPrice,
    Percent,
}

impl Magnitude {
    /// The largest absolute value accepted for this kind.
    pub fn limit(self) -> Decimal {
        match self {
            Magnitude::Amount => MAX_AMOUNT,
            Magnitude::Quantity => MAX_QUANTITY,
            Magnitude::UnitPrice => MAX_UNIT_PRICE,
            Magnitude::Percent => MAX_PERCENT,
        }
    }
}

impl fmt::Display for Magnitude {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Magnitude::Amount => "amount",
            Magnitude::Quantity => "quantity",
            Magnitude::UnitPrice => "unit price",
            Magnitude::Percent => "percentage",
        })
    }
}

/// A value beyond its kind's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the {what} is beyond the largest Kura accepts ({limit})")]
pub struct LimitError {
    pub what: Magnitude,
    pub limit: Decimal,
}

impl LimitError {
    /// The error for a value of kind `what`.
    pub fn of(what: Magnitude) -> LimitError {
        LimitError {
            what,
            limit: what.limit(),
        }
    }
}

/// `value` if its absolute value is within the limit of its kind.
pub fn within(value: Decimal, what: Magnitude) -> Result<Decimal, LimitError> {
    if value.abs() <= what.limit() {
        Ok(value)
    } else {
        Err(LimitError::of(what))
    }
}

/// The sum of `values`, or `None` if a partial sum leaves `Decimal`'s range.
/// For sums over values not known to be within their limits (an entry read
/// as stored), where a panic must not happen and the limit is not the question.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |sum, v| sum.checked_add(v))
}

/// The sum of `values` as a value of kind `what`: refused when it is beyond
/// the limit (or could not even be computed).
pub fn sum_within(
    values: impl IntoIterator<Item = Decimal>,
    what: Magnitude,
) -> Result<Decimal, LimitError> {
    checked_sum(values)
        .ok_or(LimitError::of(what))
        .and_then(|sum| within(sum, what))
}

/// `a × b` as a value of kind `what`: refused when it is beyond the limit.
pub fn product_within(a: Decimal, b: Decimal, what: Magnitude) -> Result<Decimal, LimitError> {
    a.checked_mul(b)
        .ok_or(LimitError::of(what))
        .and_then(|product| within(product, what))
}

/// Whether every amount, quantity, price and rate a record holds is within
/// its limit. Files (backups, changes files) refuse a record that is not;
/// a book that holds one keeps it out of its reports (see the module notes).
pub fn check_record(record: &Record) -> Result<(), LimitError> {
    match record {
        Record::JournalEntry(entry) => check_entry(entry),
        Record::Document(doc) => check_document(doc),
        Record::Payment(payment) => check_payment(payment),
        Record::Item(item) => check_item(item),
        Record::StockMove(mv) => check_move(mv),
        Record::Stocktake(stocktake) => check_stocktake(stocktake),
        Record::PrivateUseRule(rule) => {
            within(rule.private_share.percent(), Magnitude::Percent).map(drop)
        }
        Record::StatementImport(import) => check_statement_import(import),
        // A file's own amount (取引金額), when it has one.
        Record::Attachment(a) => a
            .amount
            .map_or(Ok(()), |amount| within(amount, Magnitude::Amount).map(drop)),
        // The other kinds hold no amounts, quantities, prices or rates.
        Record::BookSettings(_)
        | Record::Account(_)
        | Record::PeriodLock(_)
        | Record::Partner(_)
        | Record::DeviceSeries(_)
        | Record::BusinessProfile(_)
        | Record::Location(_)
        | Record::InventorySettings(_)
        | Record::StatementProfile(_)
        | Record::BankRule(_)
        | Record::ExportMapping(_) => Ok(()),
    }
}

/// Each line, and the entry's total (its debit side), within an amount: found
/// when the entry was read (`JournalEntry::beyond_limits`).
fn check_entry(entry: &JournalEntry) -> Result<(), LimitError> {
    entry.beyond_limits().map_or(Ok(()), Err)
}

/// Each line's quantity, unit price, discount and amount, and the totals (as
/// issued, or as a draft's lines make them).
fn check_document(doc: &Document) -> Result<(), LimitError> {
    for line in &doc.lines {
        within(line.quantity, Magnitude::Quantity)?;
        within(line.unit_price, Magnitude::UnitPrice)?;
        within(line.discount, Magnitude::Amount)?;
        // Both factors are within their limits, so the product is at most 10²⁴.
        within(
            line.quantity * line.unit_price - line.discount,
            Magnitude::Amount,
        )?;
    }
    for stated in &doc.stated_tax {
        within(stated.tax, Magnitude::Amount)?;
    }
    match &doc.issued_totals {
        Some(totals) => check_totals(totals),
        // Rounded up to whole units: no currency's rounding gives more.
        None => document_totals(doc, crate::money::Currency::JPY, crate::money::Rounding::Up)
            .map(drop)
            .map_err(|_| LimitError::of(Magnitude::Amount)),
    }
}

fn check_totals(totals: &DocumentTotals) -> Result<(), LimitError> {
    let figures = totals
        .line_amounts
        .iter()
        .chain(
            totals
                .by_code
                .iter()
                .flat_map(|c| [&c.net, &c.tax, &c.gross]),
        )
        .chain([
            &totals.net,
            &totals.tax,
            &totals.gross,
            &totals.withholding,
            &totals.amount_due,
        ]);
    for figure in figures {
        within(*figure, Magnitude::Amount)?;
    }
    Ok(())
}

fn check_payment(payment: &Payment) -> Result<(), LimitError> {
    let parts = [payment.amount, payment.fee, payment.withholding];
    for part in parts {
        within(part, Magnitude::Amount)?;
    }
    for allocation in &payment.allocations {
        within(allocation.amount, Magnitude::Amount)?;
    }
    sum_within(parts, Magnitude::Amount).map(drop)
}

fn check_item(item: &Item) -> Result<(), LimitError> {
    within(item.sale_price, Magnitude::UnitPrice)?;
    within(item.purchase_cost, Magnitude::UnitPrice)?;
    for quantity in [item.reorder_point, item.reorder_quantity]
        .into_iter()
        .flatten()
    {
        within(quantity, Magnitude::Quantity)?;
    }
    Ok(())
}

/// Each line's quantity and unit cost, and its value (quantity × cost).
fn check_move(mv: &StockMove) -> Result<(), LimitError> {
    for line in &mv.lines {
        within(line.quantity, Magnitude::Quantity)?;
        if let Some(cost) = line.unit_cost {
            within(cost, Magnitude::UnitPrice)?;
            within(line.quantity * cost, Magnitude::Amount)?;
        }
    }
    Ok(())
}

fn check_stocktake(stocktake: &Stocktake) -> Result<(), LimitError> {
    for count in &stocktake.counts {
        within(count.counted, Magnitude::Quantity)?;
    }
    Ok(())
}

fn check_statement_import(import: &StatementImport) -> Result<(), LimitError> {
    for line in &import.lines {
        let Fingerprint {
            amount, balance, ..
        } = &line.fingerprint;
        within(*amount, Magnitude::Amount)?;
        if let Some(balance) = balance {
            within(*balance, Magnitude::Amount)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_are_what_the_table_says() {
        assert_eq!(MAX_AMOUNT.to_string(), "999999999999999");
        assert_eq!(MAX_QUANTITY.to_string(), "999999999");
        assert_eq!(MAX_PERCENT.to_string(), "100");
        assert!(within(MAX_AMOUNT, Magnitude::Amount).is_ok());
        assert!(within(-MAX_AMOUNT, Magnitude::Amount).is_ok());
        assert!(within(MAX_AMOUNT + Decimal::ONE, Magnitude::Amount).is_err());
    }

    #[test]
    fn a_product_of_the_largest_quantity_and_price_fits_decimal() {
        // The argument of the module notes: both factors at their limits.
        let product = MAX_QUANTITY.checked_mul(MAX_UNIT_PRICE);
        assert!(product.is_some());
        assert_eq!(
            product_within(MAX_QUANTITY, MAX_UNIT_PRICE, Magnitude::Amount),
            Err(LimitError::of(Magnitude::Amount))
        );
        assert_eq!(
            product_within(Decimal::from(3), Decimal::from(7), Magnitude::Amount),
            Ok(Decimal::from(21))
        );
    }

    #[test]
    fn the_quick_check_of_an_entry_agrees_with_the_exact_one() {
        use crate::ids::RecordId;
        use crate::ledger::{EntryHeader, EntryOrigin, EntryStatus, Posting};
        use std::str::FromStr;
        let entry = |amounts: &[&str]| {
            let lines = amounts
                .iter()
                .map(|a| Posting {
                    account: RecordId::from_parts(1, 1),
                    amount: Decimal::from_str(a).unwrap(),
                    tax_code: None,
                    memo: String::new(),
                    tax_part: None,
                    business_class: None,
                    supply_date: None,
                })
                .collect();
            let header = EntryHeader {
                id: RecordId::from_parts(1, 2),
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                description: String::new(),
                partner: None,
                status: EntryStatus::Posted,
                corrects: None,
            };
            Record::JournalEntry(
                JournalEntry::from_stored(header, lines, EntryOrigin::Entered).unwrap(),
            )
        };
        let cases = [
            (&["999999999999999", "-999999999999999"][..], true),
            (&["999999999999999.0", "-999999999999999.0"], true),
            (&["999999999999999.5", "-999999999999999.5"], false),
            (&["1000000000000000", "-1000000000000000"], false),
            (
                &["500000000000000", "499999999999999", "-999999999999999"],
                true,
            ),
            (
                &["500000000000000", "500000000000000", "-1000000000000000"],
                false,
            ),
            (&["0.00001", "-0.00001"], true),
            (&["12.5", "-12.50"], true),
        ];
        for (amounts, ok) in cases {
            assert_eq!(check_record(&entry(amounts)).is_ok(), ok, "{amounts:?}");
        }
    }

    #[test]
    fn sums_that_leave_decimal_are_refused_not_panicking() {
        let huge = Decimal::from_parts(0, 0, 0xA000_0000, false, 0);
        assert_eq!(checked_sum([huge, huge]), None);
        assert_eq!(checked_sum([huge, -huge]), Some(Decimal::ZERO));
        assert_eq!(
            sum_within([huge, huge], Magnitude::Amount),
            Err(LimitError::of(Magnitude::Amount))
        );
        assert_eq!(
            sum_within([MAX_AMOUNT, Decimal::ONE], Magnitude::Amount),
            Err(LimitError::of(Magnitude::Amount))
        );
        assert_eq!(
            sum_within([MAX_AMOUNT, -Decimal::ONE], Magnitude::Amount),
            Ok(MAX_AMOUNT - Decimal::ONE)
        );
    }
}
