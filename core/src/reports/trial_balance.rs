//! The trial balance (合計残高試算表): per account, the balance brought forward,
//! the period's debits and credits, and the balance carried forward; and the
//! same figures in the classic layout, each on its side: 借方残高 | 借方合計 |
//! 勘定科目 | 貸方合計 | 貸方残高.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::accounts::Chart;
use super::{fiscal_start_month, fiscal_year_start, is_opening, Drill, Period};
use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::AccountType;

/// An amount on the side it lies on: a signed (debit positive) amount split
/// into a debit and a credit column, one of them zero. The classic trial
/// balance shows every figure this way, without signs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sided {
    pub debit: Decimal,
    pub credit: Decimal,
}

impl Sided {
    /// `100` as a debit of 100, `-100` as a credit of 100.
    pub fn of(signed: Decimal) -> Sided {
        if signed.is_sign_negative() {
            Sided {
                debit: Decimal::ZERO,
                credit: -signed,
            }
        } else {
            Sided {
                debit: signed,
                credit: Decimal::ZERO,
            }
        }
    }

    fn add(&mut self, other: Sided) {
        self.debit += other.debit;
        self.credit += other.credit;
    }
}

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
    /// 借方合計 and 貸方合計: the period's debits and credits, the balance
    /// brought forward counted on its side (as the ledger's 前期繰越 line is),
    /// so that `balance` is their difference.
    pub sum: Sided,
    /// 借方残高 or 貸方残高: the closing balance on its side.
    pub balance: Sided,
}

impl TrialBalanceRow {
    fn new(account: RecordId, code: String, kind: AccountType, depth: u8, s: &Sums) -> Self {
        let mut sum = Sided::of(s.opening);
        sum.add(Sided {
            debit: s.debit,
            credit: s.credit,
        });
        TrialBalanceRow {
            account,
            code,
            kind,
            depth,
            opening: s.opening,
            debit: s.debit,
            credit: s.credit,
            closing: s.closing(),
            sum,
            balance: Sided::of(s.closing()),
        }
    }
}

/// The sums of the top-level rows. `debit == credit` always (every posted entry
/// balances). `sum` and `balance` are the classic layout's totals and, unlike
/// the signed figures, include the line of earlier years' profit, so they tie
/// out on their own: `sum.debit == sum.credit` and `balance.debit ==
/// balance.credit`, the check a bookkeeper makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrialBalanceTotals {
    pub opening: Decimal,
    pub debit: Decimal,
    pub credit: Decimal,
    pub closing: Decimal,
    pub sum: Sided,
    pub balance: Sided,
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
    /// Earlier years' unclosed profit as a line of the classic layout (its
    /// balance brought forward is both its sum and its balance), if any.
    pub fn earlier_years(&self) -> Option<Sided> {
        let e = self.earlier_years_profit;
        (!e.is_zero()).then(|| Sided::of(e))
    }

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
/// Through the totals the fold keeps where the book allows it
/// (`fast::trial_balance_sums`), else entry by entry: the same figures.
pub(crate) fn sums(book: &Book, chart: &mut Chart<'_>, period: Period) -> (Vec<Sums>, Decimal) {
    super::fast::trial_balance_sums(book, chart, period)
        .unwrap_or_else(|| sums_by_entry(book, chart, period))
}

fn sums_by_entry(book: &Book, chart: &mut Chart<'_>, period: Period) -> (Vec<Sums>, Decimal) {
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
        let row = TrialBalanceRow::new(slot.id, slot.code().to_string(), slot.kind(), depth, s);
        if depth == 0 {
            totals.opening += row.opening;
            totals.debit += row.debit;
            totals.credit += row.credit;
            totals.closing += row.closing;
            totals.sum.add(row.sum);
            totals.balance.add(row.balance);
        }
        rows.push(row);
    }
    let mut report = TrialBalance {
        period,
        rows,
        totals,
        earlier_years_profit,
    };
    if let Some(earlier) = report.earlier_years() {
        report.totals.sum.add(earlier);
        report.totals.balance.add(earlier);
    }
    report
}
