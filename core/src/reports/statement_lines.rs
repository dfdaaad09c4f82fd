//! The profit and loss and the balance sheet as they are read, line by line:
//! section headings, accounts, totals and the profit lines, in order, each
//! column of the statement a list. The screen, the print and the CSV all render
//! these lines, so none of them can show a figure the others leave out.

use rust_decimal::Decimal;

use super::{BalanceSheet, Period, ProfitAndLoss, StatementRow};

/// What a heading or a figure of a statement is; each renderer names it in the
/// reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementLabel {
    Revenue,
    Expenses,
    Assets,
    Liabilities,
    Equity,
    TotalRevenue,
    TotalExpenses,
    NetIncome,
    TotalAssets,
    TotalLiabilities,
    /// The profit of the fiscal year up to the balance sheet's date.
    ProfitThisYear,
    /// Profit of earlier years no closing entry has moved into capital.
    ProfitEarlierYears,
    TotalEquity,
    TotalLiabilitiesAndEquity,
}

/// How much a figure stands out: a section's total, or the statement's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Plain,
    Total,
    Grand,
}

/// One line of a statement.
#[derive(Clone, Debug, PartialEq)]
pub enum ReportLine<'a> {
    /// A section's heading (収益の部).
    Heading(StatementLabel),
    /// An account of `section` and its figure, which drills to its ledger.
    Account {
        section: StatementLabel,
        row: &'a StatementRow,
    },
    /// A figure of the statement's own: a total or a profit line; the
    /// profit of the year drills to the P&L over `profit_period`.
    Figure {
        label: StatementLabel,
        amount: Decimal,
        weight: Weight,
        profit_period: Option<Period>,
    },
}

impl ReportLine<'_> {
    fn figure(label: StatementLabel, amount: Decimal, weight: Weight) -> Self {
        ReportLine::Figure {
            label,
            amount,
            weight,
            profit_period: None,
        }
    }
}

/// A section: its heading and one line per account.
fn section(label: StatementLabel, rows: &[StatementRow]) -> Vec<ReportLine<'_>> {
    let mut lines = vec![ReportLine::Heading(label)];
    lines.extend(rows.iter().map(|row| ReportLine::Account {
        section: label,
        row,
    }));
    lines
}

/// The P&L in one column: revenue and its total, expenses and theirs, and
/// the net income.
pub fn profit_and_loss_lines(pl: &ProfitAndLoss) -> Vec<Vec<ReportLine<'_>>> {
    use StatementLabel::*;
    let mut lines = section(Revenue, &pl.revenue);
    lines.push(ReportLine::figure(
        TotalRevenue,
        pl.total_revenue,
        Weight::Total,
    ));
    lines.extend(section(Expenses, &pl.expenses));
    lines.push(ReportLine::figure(
        TotalExpenses,
        pl.total_expenses,
        Weight::Total,
    ));
    lines.push(ReportLine::figure(NetIncome, pl.net_income, Weight::Grand));
    vec![lines]
}

/// The balance sheet in two columns: the assets and their total; the
/// liabilities with theirs, the equity with the profit lines and its total,
/// and the total of liabilities and equity (which equals the assets').
pub fn balance_sheet_lines(bs: &BalanceSheet) -> Vec<Vec<ReportLine<'_>>> {
    use StatementLabel::*;
    let mut assets = section(Assets, &bs.assets);
    assets.push(ReportLine::figure(
        TotalAssets,
        bs.total_assets,
        Weight::Grand,
    ));
    let mut claims = section(Liabilities, &bs.liabilities);
    claims.push(ReportLine::figure(
        TotalLiabilities,
        bs.total_liabilities,
        Weight::Total,
    ));
    claims.extend(section(Equity, &bs.equity));
    claims.push(ReportLine::Figure {
        label: ProfitThisYear,
        amount: bs.profit_this_year,
        weight: Weight::Plain,
        profit_period: Some(bs.profit_period),
    });
    if !bs.profit_earlier_years.is_zero() {
        claims.push(ReportLine::figure(
            ProfitEarlierYears,
            bs.profit_earlier_years,
            Weight::Plain,
        ));
    }
    claims.push(ReportLine::figure(
        TotalEquity,
        bs.total_equity,
        Weight::Total,
    ));
    // Liabilities + equity = assets by construction (see `BalanceSheet`); the
    // sum is checked all the same, and the assets' total is what it equals.
    let claims_total = bs
        .total_liabilities
        .checked_add(bs.total_equity)
        .unwrap_or(bs.total_assets);
    claims.push(ReportLine::figure(
        TotalLiabilitiesAndEquity,
        claims_total,
        Weight::Grand,
    ));
    vec![assets, claims]
}
