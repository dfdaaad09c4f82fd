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
//! | an amount (a line, a total, a payment, a balance typed in) | 999,999,999,999,999 (10¹⁵ − 1, about a quadrillion yen) | 10¹³ lines at the limit still sum inside `Decimal` |
//! | a quantity | 999,999,999.999 (10⁹ − 1, three decimals) | quantity × unit price ≤ 10²⁴ |
//! | a unit price | 999,999,999,999,999 (as an amount) | |
//! | a rate or a percentage | 0 to 100 (%) | |
//!
//! A book written by an earlier build may hold a record beyond these limits.
//! It still opens: the record is kept (its history stays readable), left out
//! of every report, and named so that the user can repair it by the book's
//! normal rules (reverse a posted entry, delete a draft).

use rust_decimal::Decimal;

use crate::book::Record;

/// The largest absolute amount: 10¹⁵ − 1 in the currency's major unit.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_7FFF, 0x0003_8D7E, 0, false, 0);
/// The largest absolute quantity: 10⁹ − 1 (quantities carry up to three decimals).
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(999_999_999, 0, 0, false, 0);
/// The largest absolute unit price: the same as an amount.
pub const MAX_UNIT_PRICE: Decimal = MAX_AMOUNT;
/// The largest rate or percentage, in percent.
pub const MAX_PERCENT: Decimal = Decimal::from_parts(100, 0, 0, false, 0);

/// What kind of value a limit applies to (the message names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// A value beyond its kind's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the value is beyond the largest {what:?} Kura accepts ({limit})")]
pub struct LimitError {
    pub what: Magnitude,
    pub limit: Decimal,
}

/// `value` if its absolute value is within the limit of its kind.
pub fn within(value: Decimal, what: Magnitude) -> Result<Decimal, LimitError> {
    if value.abs() <= what.limit() {
        Ok(value)
    } else {
        Err(LimitError {
            what,
            limit: what.limit(),
        })
    }
}

/// Whether every amount, quantity, price and rate a record holds is within
/// its limit. Files (backups, changes files) refuse a record that is not;
/// a book that holds one keeps it out of its reports (see the module notes).
pub fn check_record(record: &Record) -> Result<(), LimitError> {
    // Filled in by the magnitude-limits work: each record kind lists its values.
    let _ = record;
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
}
