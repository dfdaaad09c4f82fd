//! The trial balance (合計残高試算表): per account, the balance brought forward,
//! the period's debits and credits, and the balance carried forward.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::accounts::Chart;
use super::{fiscal_start_month, fiscal_year_start, is_opening, Drill, Period};
use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::AccountType;

/// One account's line. `opening` and `closing` are signed (debit positive);
/// `debit` and `credit` are the period's totals on each side, both positive.
/// A parent's figures include its sub-accounts, which follow it with a greater
/// `depth`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialBalanceRow {
    pub account: RecordId,
    pub code: String,
    pub kind: AccountType,
    pub depth: u8,
    pub opening: Decimal,
    pub debit: Decimal,
    pub credit: Decimal,
    pub closing: Decimal,
}

/// The sums of the top-level rows. `debit == credit` always (every posted entry
/// balances).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrialBalanceTotals {
    pub opening: Decimal,
    pub debit: Decimal,
    pub credit: Decimal,
    pub closing: Decimal,
}

/// The trial balance over a period, posted entries only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrialBalance {
    pub period: Period,
    /// Every account with a balance or any activity, top-level accounts by code,
    /// each followed by its sub-accounts.
    pub rows: Vec<TrialBalanceRow>,
    pub totals: TrialBalanceTotals,
    /// The signed (debit positive) sum of profit-and-loss postings of fiscal years
    /// before the one containing `period.from` that no closing entry has moved into
    /// capital yet: zero once earlier years are closed. With it the balances tie
    /// out: `totals.opening + earlier_years_profit == 0`, and the same for
    /// `totals.closing`.
    pub earlier_years_profit: Decimal,
}

impl TrialBalance {
    /// The row of an account, if it appears.
    pub fn row(&self, account: RecordId) -> Option<&TrialBalanceRow> {
        self.rows.iter().find(|r| r.account == account)
    }

    /// Where a row's period figures come from (its general ledger over the period).
    pub fn drill(&self, row: &TrialBalanceRow) -> Drill {
        Drill {
            account: row.account,
            period: self.period,
        }
    }
}

/// Per-account sums, before roll-up.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sums {
    pub opening: Decimal,
    pub debit: Decimal,
    pub credit: Decimal,
}

impl Sums {
    pub fn add(&mut self, other: &Sums) {
        self.opening += other.opening;
        self.debit += other.debit;
        self.credit += other.credit;
    }
    pub fn closing(&self) -> Decimal {
        self.opening + self.debit - self.credit
    }
    pub fn is_empty(&self) -> bool {
        self.opening.is_zero() && self.debit.is_zero() && self.credit.is_zero()
    }
}

/// One pass over posted entries through `period.to`: each slot's opening
/// (balance-sheet accounts from the start of the books, P&L accounts from the
/// start of the fiscal year containing `period.from`) and the period's debits
/// and credits. Also returns the unclosed P&L of earlier fiscal years (the P&L
/// lines of opening entries count there, cancelling the year they close).
pub(crate) fn sums(book: &Book, chart: &mut Chart<'_>, period: Period) -> (Vec<Sums>, Decimal) {
    let year_start = fiscal_year_start(period.from, fiscal_start_month(book));
    let mut sums = vec![Sums::default(); chart.slots.len()];
    let mut earlier = Decimal::ZERO;
    if period.from > period.to {
        return (sums, earlier);
    }
    for entry in book.entries_between(NaiveDate::MIN, period.to) {
        if !entry.is_posted() {
            continue;
        }
        let date = entry.date();
        let opening_entry = is_opening(entry);
        let before = date < period.from || (opening_entry && date == period.from);
        let earlier_year = date < year_start || opening_entry;
        for line in entry.lines() {
            let slot = chart.slot(line.account);
            if slot >= sums.len() {
                sums.resize(slot + 1, Sums::default());
            }
            let amount = line.amount;
            if before {
                if earlier_year && !chart.slots[slot].kind().is_balance_sheet() {
                    earlier += amount;
                } else {
                    sums[slot].opening += amount;
                }
            } else if amount.is_sign_positive() {
                sums[slot].debit += amount;
            } else {
                sums[slot].credit -= amount;
            }
        }
    }
    (sums, earlier)
}

/// The trial balance (合計残高試算表) over `period`: posted entries only.
/// Profit-and-loss accounts open at their balance since the start of the fiscal
/// year containing `period.from` (so a mid-year trial balance is right);
/// balance-sheet accounts open at their balance since the start of the books.
pub fn trial_balance(book: &Book, period: Period) -> TrialBalance {
    let mut chart = Chart::new(book);
    let (mut sums, earlier_years_profit) = sums(book, &mut chart, period);
    let order = chart.tree_order();
    let shown = chart.shown(&order, &sums, |s| !s.is_empty());
    chart.roll_up(&order, &mut sums, Sums::add);
    let mut rows = Vec::new();
    let mut totals = TrialBalanceTotals::default();
    for &(i, depth) in &order {
        if !shown[i] {
            continue;
        }
        let s = &sums[i];
        let slot = &chart.slots[i];
        if depth == 0 {
            totals.opening += s.opening;
            totals.debit += s.debit;
            totals.credit += s.credit;
            totals.closing += s.closing();
        }
        rows.push(TrialBalanceRow {
            account: slot.id,
            code: slot.code().to_string(),
            kind: slot.kind(),
            depth,
            opening: s.opening,
            debit: s.debit,
            credit: s.credit,
            closing: s.closing(),
        });
    }
    TrialBalance {
        period,
        rows,
        totals,
        earlier_years_profit,
    }
}
