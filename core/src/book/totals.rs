//! Posted totals per account and month, kept by the fold: what lets the
//! reports over whole months (trial balance, statements, the monthly P&L, the
//! totals of a ledger or the journal) add a few thousand month buckets instead
//! of reading every entry.
//!
//! The book adds an entry's lines when the entry enters its date index (live,
//! in range) and takes them out when it leaves it (edited, corrected, deleted,
//! replaced by a newer version, folded in any order): the totals are a function
//! of the live entries alone, so the fold stays idempotent and order-independent
//! and two books with the same entries compare equal.
//!
//! Sums are kept exactly, as integers in ten-thousandths (`i128`, wrapping: a
//! subtraction always undoes its addition, and the sum of live lines, each at
//! most 10¹⁵, is far inside the range), with how many lines each holds. A
//! report turns a sum back into a `Decimal` only when every posted line of the
//! book has the same scale (at most four decimals, see [`PostedTotals::scale`]):
//! then the sum `Decimal` would have reached by adding the same lines one by
//! one, in any order, is that exact value at that scale, or `Decimal::ZERO`
//! (scale 0) when no line was added. Any other book (mixed scales, which only
//! a hand-made file or mixed typing in a currency with decimals gives) is read
//! entry by entry as before, so every figure is the same to the last digit and
//! scale.
//!
//! Entries of a year's opening (`EntryOrigin::YearClose`) are not in the
//! buckets: the reports treat them apart, so they are listed on their own.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::ids::{FastMap, RecordId};
use crate::ledger::{EntryOrigin, JournalEntry};

/// The largest scale the buckets keep exactly.
pub(crate) const BUCKET_SCALE: u32 = 4;

/// A month as a number: `year * 12 + month0`.
pub fn month_index(date: NaiveDate) -> i32 {
    date.year()
        .wrapping_mul(12)
        .wrapping_add(date.month0() as i32)
}

/// An exact sum of lines: in ten-thousandths, and how many lines it holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Acc {
    pub sum: i128,
    pub count: u64,
}

impl Acc {
    /// One amount of at most [`BUCKET_SCALE`] decimals; `None` for more.
    pub fn of(amount: Decimal) -> Option<Acc> {
        let scale = amount.scale();
        let factor = 10i128.checked_pow(BUCKET_SCALE.checked_sub(scale)?)?;
        Some(Acc {
            sum: amount.mantissa().checked_mul(factor)?,
            count: 1,
        })
    }

    pub fn add(&mut self, other: Acc) {
        self.sum = self.sum.wrapping_add(other.sum);
        self.count = self.count.wrapping_add(other.count);
    }

    pub fn sub(&mut self, other: Acc) {
        self.sum = self.sum.wrapping_sub(other.sum);
        self.count = self.count.wrapping_sub(other.count);
    }

    /// The sum with its sign flipped (the count unchanged).
    pub fn negated(self) -> Acc {
        Acc {
            sum: self.sum.wrapping_neg(),
            count: self.count,
        }
    }

    /// The sum as `Decimal` would have added its lines (all of `scale`)
    /// starting from `Decimal::ZERO`: zero at scale 0 if it holds none, else
    /// the exact sum at `scale`. `None` if that is not representable.
    pub fn decimal(self, scale: u32) -> Option<Decimal> {
        if self.count == 0 {
            return (self.sum == 0).then_some(Decimal::ZERO);
        }
        let factor = 10i128.checked_pow(BUCKET_SCALE.checked_sub(scale)?)?;
        if self.sum.checked_rem(factor)? != 0 {
            return None;
        }
        Decimal::try_from_i128_with_scale(self.sum.checked_div(factor)?, scale).ok()
    }
}

/// One account's posted lines in one month: debits and credits apart (a
/// credit's sum is of the negative amounts, so negative).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    pub debit: Acc,
    pub credit: Acc,
}

impl Bucket {
    /// Debits and credits together, signed.
    pub fn net(&self) -> Acc {
        let mut net = self.debit;
        net.add(self.credit);
        net
    }

    fn is_empty(&self) -> bool {
        self.debit == Acc::default() && self.credit == Acc::default()
    }
}

/// The totals the fold keeps (see the module's notes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostedTotals {
    /// Posted lines of entries other than openings, by (account, month).
    buckets: FastMap<(RecordId, i32), Bucket>,
    /// Posted entries, openings included, by month.
    entries: BTreeMap<i32, u64>,
    /// Posted lines (openings included) by their amount's scale.
    scales: [u64; 29],
    /// Posted opening entries (year close), by date.
    openings: BTreeSet<(NaiveDate, RecordId)>,
}

impl PostedTotals {
    /// Counts a live entry in.
    pub(crate) fn add(&mut self, entry: &JournalEntry) {
        self.change(entry, true);
    }

    /// Takes a live entry out (it was counted in by `add`).
    pub(crate) fn remove(&mut self, entry: &JournalEntry) {
        self.change(entry, false);
    }

    fn change(&mut self, entry: &JournalEntry, add: bool) {
        if !entry.is_posted() {
            return;
        }
        let month = month_index(entry.date());
        let count = self.entries.entry(month).or_default();
        *count = if add {
            count.wrapping_add(1)
        } else {
            count.wrapping_sub(1)
        };
        if *count == 0 {
            self.entries.remove(&month);
        }
        for line in entry.lines() {
            if let Some(n) = self.scales.get_mut(line.amount.scale() as usize) {
                *n = if add {
                    n.wrapping_add(1)
                } else {
                    n.wrapping_sub(1)
                };
            }
        }
        if entry.origin() == EntryOrigin::YearClose {
            let at = (entry.date(), entry.id());
            if add {
                self.openings.insert(at);
            } else {
                self.openings.remove(&at);
            }
            return;
        }
        for line in entry.lines() {
            // A line of more decimals stays out: its scale alone turns the fast
            // reading off (`scale`).
            let Some(acc) = Acc::of(line.amount) else {
                continue;
            };
            let key = (line.account, month);
            let bucket = self.buckets.entry(key).or_default();
            let side = if line.amount.is_sign_positive() {
                &mut bucket.debit
            } else {
                &mut bucket.credit
            };
            if add {
                side.add(acc);
            } else {
                side.sub(acc);
            }
            if bucket.is_empty() {
                self.buckets.remove(&key);
            }
        }
    }

    /// The one scale of every posted line's amount, if there is one and it is
    /// at most [`BUCKET_SCALE`] (0 for a book without posted lines): only then
    /// do the sums read as the entry-by-entry sums would.
    pub fn scale(&self) -> Option<u32> {
        let mut used = self
            .scales
            .iter()
            .enumerate()
            .filter(|(_, &n)| n != 0)
            .map(|(scale, _)| scale as u32);
        let scale = used.next().unwrap_or(0);
        (used.next().is_none() && scale <= BUCKET_SCALE).then_some(scale)
    }

    /// Every bucket: (account, month) and its sums, in no order.
    pub fn buckets(&self) -> impl Iterator<Item = (RecordId, i32, &Bucket)> + '_ {
        self.buckets.iter().map(|(&(a, m), b)| (a, m, b))
    }

    /// How many posted entries (openings included) are dated in the months
    /// `from..=to`.
    pub fn entries_in_months(&self, from: i32, to: i32) -> u64 {
        if from > to {
            return 0;
        }
        self.entries
            .range(from..=to)
            .fold(0u64, |n, (_, &c)| n.wrapping_add(c))
    }

    /// The posted opening entries (year close) dated `..=to`, by date.
    pub fn openings_through(&self, to: NaiveDate) -> impl Iterator<Item = RecordId> + '_ {
        self.openings
            .iter()
            .take_while(move |(date, _)| *date <= to)
            .map(|&(_, id)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The sum read back is what adding the amounts one by one gives, to the
    /// scale, when they share one scale.
    #[test]
    fn sums_read_back_as_decimal_adds() {
        for amounts in [
            vec![],
            vec!["1"],
            vec!["1.50", "-1.50"],
            vec!["100", "-100", "7"],
            vec!["0.0001", "999999999999999.9999"],
        ] {
            let amounts: Vec<Decimal> = amounts.into_iter().map(d).collect();
            let scale = amounts.first().map_or(0, |a| a.scale());
            let mut acc = Acc::default();
            let mut sum = Decimal::ZERO;
            for a in &amounts {
                acc.add(Acc::of(*a).unwrap());
                sum += *a;
            }
            let read = acc.decimal(scale).unwrap();
            assert_eq!(read, sum);
            assert_eq!(read.to_string(), sum.to_string());
            assert_eq!(read.is_sign_negative(), sum.is_sign_negative());
        }
        assert_eq!(Acc::of(d("0.00001")), None);
    }
}
