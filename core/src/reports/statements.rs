//! The financial statements: profit and loss (損益計算書), balance sheet
//! (貸借対照表) and the monthly profit and loss (月次損益).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::accounts::Chart;
use super::{
    add_months, books_begin, first_of_month, fiscal_start_month, fiscal_year_start, is_opening,
};
use super::{Drill, Period};
use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::{AccountType, Side};

/// One account on a statement. `amount` is on the account's normal side: a
/// revenue of 100 is `100`, a refund that exceeds it is negative. A parent's
/// amount includes its sub-accounts, which follow it with a greater `depth`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementRow {
    pub account: RecordId,
    pub code: String,
    pub kind: AccountType,
    pub depth: u8,
    pub amount: Decimal,
    /// The ledger behind the figure.
    pub drill: Drill,
}

/// Profit and loss over a period, posted entries only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfitAndLoss {
    pub period: Period,
    pub revenue: Vec<StatementRow>,
    pub expenses: Vec<StatementRow>,
    pub total_revenue: Decimal,
    pub total_expenses: Decimal,
    /// `total_revenue - total_expenses`: positive is a profit.
    pub net_income: Decimal,
}

/// The balance sheet on a day, posted entries only.
///
/// `total_assets == total_liabilities + total_equity` exactly: the equity side
/// includes the profit of the fiscal year to `as_of` and any profit of earlier
/// years not yet closed into capital, each as its own line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BalanceSheet {
    pub as_of: NaiveDate,
    pub assets: Vec<StatementRow>,
    pub liabilities: Vec<StatementRow>,
    pub equity: Vec<StatementRow>,
    /// The profit (positive) or loss of the fiscal year up to `as_of`
    /// (青色申告特別控除前の所得): the P&L over `profit_period`.
    pub profit_this_year: Decimal,
    pub profit_period: Period,
    /// Profit of earlier fiscal years that no closing entry has moved into
    /// capital; zero once the earlier years are closed.
    pub profit_earlier_years: Decimal,
    pub total_assets: Decimal,
    pub total_liabilities: Decimal,
    /// The equity rows plus both profit lines.
    pub total_equity: Decimal,
}

fn normal_sign(kind: AccountType) -> Decimal {
    match kind.normal_side() {
        Side::Debit => Decimal::ONE,
        Side::Credit => Decimal::NEGATIVE_ONE,
    }
}

/// Signed (debit positive) per-slot sums of posted lines dated `from..=to`,
/// openings left out: through the totals the fold keeps where the book allows
/// it, else entry by entry.
pub(crate) fn net_sums(
    book: &Book,
    chart: &mut Chart<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Decimal> {
    super::fast::net_sums(book, chart, from, to)
        .unwrap_or_else(|| net_sums_by_entry(book, chart, from, to))
}

fn net_sums_by_entry(
    book: &Book,
    chart: &mut Chart<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Decimal> {
    let mut sums = vec![Decimal::ZERO; chart.slots.len()];
    if from > to {
        return sums;
    }
    for entry in book.entries_between(from, to) {
        if !entry.is_posted() || is_opening(entry) {
            continue;
        }
        for line in entry.lines() {
            let slot = chart.slot(line.account);
            if slot >= sums.len() {
                sums.resize(slot + 1, Decimal::ZERO);
            }
            sums[slot] += line.amount;
        }
    }
    sums
}

/// The rows of one statement in tree order: the shown accounts of the balance sheet
/// (`balance_sheet`) or of the profit and loss, on their normal side, each drilling
/// into `drill_period`.
fn statement_rows(
    chart: &Chart,
    order: &[(usize, u8)],
    shown: &[bool],
    sums: &[Decimal],
    drill_period: Period,
    balance_sheet: bool,
) -> Vec<StatementRow> {
    order
        .iter()
        .filter_map(|&(i, depth)| {
            let slot = &chart.slots[i];
            let kind = slot.kind();
            if kind.is_balance_sheet() != balance_sheet || !shown[i] {
                return None;
            }
            Some(StatementRow {
                account: slot.id,
                code: slot.code().to_string(),
                kind,
                depth,
                amount: sums[i] * normal_sign(kind),
                drill: Drill {
                    account: slot.id,
                    period: drill_period,
                },
            })
        })
        .collect()
}

/// Profit and loss (損益計算書) over `period`: revenue and expense accounts with
/// any posting in it, sub-accounts rolled into their parents. Opening entries
/// (year close) are left out.
pub fn profit_and_loss(book: &Book, period: Period) -> ProfitAndLoss {
    let mut chart = Chart::new(book);
    let mut sums = net_sums(book, &mut chart, period.from, period.to);
    let order = chart.tree_order();
    let shown = chart.shown(&order, &sums, |s| !s.is_zero());
    chart.roll_up(&order, &mut sums, |a, b| *a += *b);
    let mut pl = ProfitAndLoss {
        period,
        revenue: Vec::new(),
        expenses: Vec::new(),
        total_revenue: Decimal::ZERO,
        total_expenses: Decimal::ZERO,
        net_income: Decimal::ZERO,
    };
    for row in statement_rows(&chart, &order, &shown, &sums, period, false) {
        let (amount, depth) = (row.amount, row.depth);
        if row.kind == AccountType::Revenue {
            if depth == 0 {
                pl.total_revenue += amount;
            }
            pl.revenue.push(row);
        } else {
            if depth == 0 {
                pl.total_expenses += amount;
            }
            pl.expenses.push(row);
        }
    }
    pl.net_income = pl.total_revenue - pl.total_expenses;
    pl
}

/// The balance sheet (貸借対照表) at the end of `as_of`: balance-sheet accounts with
/// a balance, sub-accounts rolled into their parents, and the year's profit.
pub fn balance_sheet(book: &Book, as_of: NaiveDate) -> BalanceSheet {
    let year_start = fiscal_year_start(as_of, fiscal_start_month(book));
    let mut chart = Chart::new(book);
    let (mut sums, this_year, earlier) =
        super::fast::balance_sheet_sums(book, &mut chart, as_of, year_start)
            .unwrap_or_else(|| balance_sheet_by_entry(book, &mut chart, as_of, year_start));
    let order = chart.tree_order();
    let shown = chart.shown(&order, &sums, |s| !s.is_zero());
    chart.roll_up(&order, &mut sums, |a, b| *a += *b);
    let drill_period = Period {
        from: books_begin(book, as_of),
        to: as_of,
    };
    let mut bs = BalanceSheet {
        as_of,
        assets: Vec::new(),
        liabilities: Vec::new(),
        equity: Vec::new(),
        profit_this_year: this_year,
        profit_period: Period {
            from: year_start,
            to: as_of,
        },
        profit_earlier_years: earlier,
        total_assets: Decimal::ZERO,
        total_liabilities: Decimal::ZERO,
        total_equity: this_year + earlier,
    };
    for row in statement_rows(&chart, &order, &shown, &sums, drill_period, true) {
        let (amount, depth) = (row.amount, row.depth);
        let (rows, total) = match row.kind {
            AccountType::Asset => (&mut bs.assets, &mut bs.total_assets),
            AccountType::Liability => (&mut bs.liabilities, &mut bs.total_liabilities),
            _ => (&mut bs.equity, &mut bs.total_equity),
        };
        if depth == 0 {
            *total += amount;
        }
        rows.push(row);
    }
    bs
}

/// The balance sheet's pass over the entries through `as_of`: per slot the
/// signed sums of balance-sheet accounts, the profit of the year from
/// `year_start` and that of earlier years.
fn balance_sheet_by_entry(
    book: &Book,
    chart: &mut Chart<'_>,
    as_of: NaiveDate,
    year_start: NaiveDate,
) -> (Vec<Decimal>, Decimal, Decimal) {
    let mut sums = vec![Decimal::ZERO; chart.slots.len()];
    let (mut this_year, mut earlier) = (Decimal::ZERO, Decimal::ZERO);
    for entry in book.entries_between(NaiveDate::MIN, as_of) {
        if !entry.is_posted() {
            continue;
        }
        let current = entry.date() >= year_start && !is_opening(entry);
        for line in entry.lines() {
            let slot = chart.slot(line.account);
            if slot >= sums.len() {
                sums.resize(slot + 1, Decimal::ZERO);
            }
            if chart.slots[slot].kind().is_balance_sheet() {
                sums[slot] += line.amount;
            } else if current {
                this_year -= line.amount;
            } else {
                earlier -= line.amount;
            }
        }
    }
    (sums, this_year, earlier)
}

/// One account across the twelve months of a fiscal year, on its normal side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyRow {
    pub account: RecordId,
    pub code: String,
    pub kind: AccountType,
    pub depth: u8,
    pub months: [Decimal; 12],
    pub total: Decimal,
}

/// Profit and loss month by month over one fiscal year (12 columns).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyProfitAndLoss {
    /// The twelve months, in order; column `i` of every row is `months[i]`.
    pub months: Vec<Period>,
    pub revenue: Vec<MonthlyRow>,
    pub expenses: Vec<MonthlyRow>,
    pub total_revenue: [Decimal; 12],
    pub total_expenses: [Decimal; 12],
    /// Revenue less expenses per month: positive is a profit.
    pub net_income: [Decimal; 12],
    pub year_revenue: Decimal,
    pub year_expenses: Decimal,
    pub year_net_income: Decimal,
}

impl MonthlyProfitAndLoss {
    /// Where one cell comes from: the account's ledger over that month.
    pub fn drill(&self, row: &MonthlyRow, month: usize) -> Option<Drill> {
        self.months.get(month).map(|&period| Drill {
            account: row.account,
            period,
        })
    }
}

/// The monthly P&L's pass over the entries of the twelve months `start..=end`.
fn monthly_by_entry(
    book: &Book,
    chart: &mut Chart<'_>,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<[Decimal; 12]> {
    let base = start.year() * 12 + start.month0() as i32;
    let mut sums = vec![[Decimal::ZERO; 12]; chart.slots.len()];
    for entry in book.entries_between(start, end) {
        if !entry.is_posted() || is_opening(entry) {
            continue;
        }
        let date = entry.date();
        let month = (date.year() * 12 + date.month0() as i32 - base) as usize;
        for line in entry.lines() {
            let slot = chart.slot(line.account);
            if slot >= sums.len() {
                sums.resize(slot + 1, [Decimal::ZERO; 12]);
            }
            sums[slot][month] += line.amount;
        }
    }
    sums
}

/// The monthly P&L for the twelve months starting with the month of
/// `fiscal_year_start` (normally the 1st of the book's first fiscal month).
pub fn monthly_profit_and_loss(book: &Book, fiscal_year_start: NaiveDate) -> MonthlyProfitAndLoss {
    let start = first_of_month(fiscal_year_start);
    let months: Vec<Period> = (0..12)
        .map(|i| Period::month_of(add_months(start, i)))
        .collect();
    let end = months[11].to;
    let mut chart = Chart::new(book);
    let mut sums = super::fast::monthly_sums(book, &mut chart, start, end)
        .unwrap_or_else(|| monthly_by_entry(book, &mut chart, start, end));
    let order = chart.tree_order();
    let shown = chart.shown(&order, &sums, |s| s.iter().any(|m| !m.is_zero()));
    chart.roll_up(&order, &mut sums, |a, b| {
        for (x, y) in a.iter_mut().zip(b) {
            *x += *y;
        }
    });
    let mut report = MonthlyProfitAndLoss {
        months,
        revenue: Vec::new(),
        expenses: Vec::new(),
        total_revenue: [Decimal::ZERO; 12],
        total_expenses: [Decimal::ZERO; 12],
        net_income: [Decimal::ZERO; 12],
        year_revenue: Decimal::ZERO,
        year_expenses: Decimal::ZERO,
        year_net_income: Decimal::ZERO,
    };
    for &(i, depth) in &order {
        let slot = &chart.slots[i];
        let kind = slot.kind();
        if kind.is_balance_sheet() || !shown[i] {
            continue;
        }
        let sign = normal_sign(kind);
        let months = sums[i].map(|m| m * sign);
        let total: Decimal = months.iter().sum();
        let (rows, totals, year) = if kind == AccountType::Revenue {
            (
                &mut report.revenue,
                &mut report.total_revenue,
                &mut report.year_revenue,
            )
        } else {
            (
                &mut report.expenses,
                &mut report.total_expenses,
                &mut report.year_expenses,
            )
        };
        if depth == 0 {
            for (t, m) in totals.iter_mut().zip(&months) {
                *t += *m;
            }
            *year += total;
        }
        rows.push(MonthlyRow {
            account: slot.id,
            code: slot.code().to_string(),
            kind,
            depth,
            months,
            total,
        });
    }
    for m in 0..12 {
        report.net_income[m] = report.total_revenue[m] - report.total_expenses[m];
    }
    report.year_net_income = report.year_revenue - report.year_expenses;
    report
}
