//! The pages of the blue-return statement (青色申告決算書 一般用) that come from the
//! books: the profit-and-loss page, the monthly sales and purchases page and the
//! balance-sheet page, filled by grouping the fiscal year's trial balance by each
//! account's [`StatementLine`].
//!
//! An account without a statement line uses its parent's; one with none at all,
//! or with a line on the wrong page for its kind, is put on a catch-all line by
//! its kind (雑収入, 雑費, その他の資産, その他の負債, 元入金) and listed in
//! [`BlueReturn::unmapped`], so the pages still add up and the screen can ask the
//! user to choose a line.
//!
//! Posted entries only; the year's opening entry counts in the balance sheet's
//! opening column and never on the profit-and-loss page.
//!
//! Stock: a book posting it periodically (三分法) fills ② and ⑤ from the 期首
//! and 期末商品棚卸高 accounts; one posting it perpetually (継続記録) at the
//! year's end from 商品 as the year opens and at its end, so ② + ③ − ⑤ is the
//! cost of sales either way.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::accounts::Chart;
use super::trial_balance::sums;
use super::{add_months, first_of_month, is_opening, Period};
use crate::book::Book;
use crate::ids::RecordId;
use crate::inventory::perpetual_stock;
use crate::ledger::{AccountType, StatementLine, StatementSection};

/// One line of a page, with the accounts that make it (the statement's blank
/// lines, [`StatementLine::OtherExpense`] and the like, print each account
/// under its own name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlueReturnLine {
    pub line: StatementLine,
    /// As the statement shows it: positive for revenue, expenses, stock, assets,
    /// liabilities and capital in their usual balance.
    pub amount: Decimal,
    /// Each account's part of `amount`, in code order.
    pub accounts: Vec<(RecordId, Decimal)>,
}

/// The profit-and-loss page (損益計算書). The circled numbers are the
/// statement's line numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlueReturnProfitAndLoss {
    /// Every line with a figure, in the statement's order.
    pub lines: Vec<BlueReturnLine>,
    /// ① 売上(収入)金額: sales, household consumption and miscellaneous income.
    pub sales: Decimal,
    /// ② 期首商品棚卸高.
    pub opening_inventory: Decimal,
    /// ③ 仕入金額.
    pub purchases: Decimal,
    /// ⑤ 期末商品棚卸高.
    pub closing_inventory: Decimal,
    /// ⑥ 差引原価: ② + ③ − ⑤.
    pub cost_of_sales: Decimal,
    /// ⑦ 差引金額: ① − ⑥.
    pub gross_profit: Decimal,
    /// ㉜ 経費計 (専従者給与 not included).
    pub expenses: Decimal,
    /// ㉝ 差引金額: ⑦ − ㉜.
    pub net: Decimal,
    /// 専従者給与.
    pub family_employee_wages: Decimal,
    /// 青色申告特別控除前の所得金額: ㉝ − 専従者給与 (reserves are not kept in the
    /// books, so 繰戻額・繰入額 are zero).
    pub income_before_special_deduction: Decimal,
}

/// The monthly page (月別売上(収入)金額及び仕入金額).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlueReturnMonthly {
    pub months: Vec<Period>,
    /// 売上(収入)金額 per month (the [`StatementLine::Sales`] accounts).
    pub sales: [Decimal; 12],
    /// 仕入金額 per month (the [`StatementLine::Purchases`] accounts).
    pub purchases: [Decimal; 12],
    /// 家事消費等, for the year.
    pub household_consumption: Decimal,
    /// 雑収入, for the year.
    pub misc_income: Decimal,
    pub total_sales: Decimal,
    pub total_purchases: Decimal,
}

/// A balance-sheet line with its two columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlueReturnBalanceLine {
    pub line: StatementLine,
    /// 期首: after the year's opening entry.
    pub opening: Decimal,
    /// 期末.
    pub closing: Decimal,
    /// Each account's closing part, in code order.
    pub accounts: Vec<(RecordId, Decimal)>,
}

/// The balance-sheet page (貸借対照表).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlueReturnBalanceSheet {
    pub opening_date: NaiveDate,
    pub closing_date: NaiveDate,
    /// 資産の部, 事業主貸 included.
    pub assets: Vec<BlueReturnBalanceLine>,
    /// 負債・資本の部, 事業主借 and 元入金 included.
    pub liabilities_and_capital: Vec<BlueReturnBalanceLine>,
    /// 青色申告特別控除前の所得金額, in the closing column.
    pub income: Decimal,
    /// Profit of earlier years never closed into 元入金 (zero once the previous
    /// year is closed); counted in the liabilities-and-capital totals.
    pub earlier_years_profit: Decimal,
    pub total_assets_opening: Decimal,
    pub total_assets_closing: Decimal,
    pub total_liabilities_and_capital_opening: Decimal,
    /// Equal to `total_assets_closing`.
    pub total_liabilities_and_capital_closing: Decimal,
}

/// The statement's pages that come from the books, for one fiscal year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlueReturn {
    pub fiscal_year: Period,
    pub profit_and_loss: BlueReturnProfitAndLoss,
    pub monthly: BlueReturnMonthly,
    pub balance_sheet: BlueReturnBalanceSheet,
    /// Accounts with figures that had no usable statement line and were put on
    /// their kind's catch-all line.
    pub unmapped: Vec<RecordId>,
}

fn fits(section: StatementSection, kind: AccountType) -> bool {
    match section {
        StatementSection::Revenue => kind == AccountType::Revenue,
        StatementSection::CostOfSales | StatementSection::Expenses => kind == AccountType::Expense,
        StatementSection::Assets | StatementSection::LiabilitiesAndCapital => {
            kind.is_balance_sheet()
        }
    }
}

fn fallback(kind: AccountType) -> StatementLine {
    match kind {
        AccountType::Asset => StatementLine::OtherAssets,
        AccountType::Liability => StatementLine::OtherLiabilities,
        AccountType::Equity => StatementLine::Capital,
        AccountType::Revenue => StatementLine::MiscIncome,
        AccountType::Expense => StatementLine::Miscellaneous,
    }
}

/// How a line shows a debit-positive balance.
fn shown(line: StatementLine, signed: Decimal) -> Decimal {
    match line.section() {
        StatementSection::Revenue | StatementSection::LiabilitiesAndCapital => -signed,
        _ if line == StatementLine::ClosingInventory => -signed,
        _ => signed,
    }
}

fn line_index(line: StatementLine) -> usize {
    StatementLine::ALL
        .iter()
        .position(|l| *l == line)
        .unwrap_or(0)
}

/// The blue-return pages for the fiscal year starting on `fiscal_year_start`
/// (the 1st of a month; twelve months).
pub fn blue_return(book: &Book, fiscal_year_start: NaiveDate) -> BlueReturn {
    let start = first_of_month(fiscal_year_start);
    let year = Period {
        from: start,
        to: add_months(start, 12).pred_opt().unwrap_or(NaiveDate::MAX),
    };
    let mut chart = Chart::new(book);
    let (own, earlier_years_profit) = sums(book, &mut chart, year);

    // Each slot's statement line: its own, else the nearest ancestor's, else the
    // catch-all of its kind.
    let mut unmapped = Vec::new();
    let mut line_of = Vec::with_capacity(chart.slots.len());
    for (i, slot) in chart.slots.iter().enumerate() {
        let kind = slot.kind();
        let mut at = Some(i);
        let mut found = None;
        while let Some(s) = at {
            if let Some(line) = chart.slots[s].account.and_then(|a| a.statement_line) {
                found = Some(line);
                break;
            }
            at = chart.slots[s].parent;
        }
        let line = match found.filter(|l| fits(l.section(), kind)) {
            Some(line) => line,
            None => {
                if own.get(i).is_some_and(|s| !s.is_empty()) {
                    unmapped.push(slot.id);
                }
                fallback(kind)
            }
        };
        line_of.push(line);
    }

    // Group by line, accounts in code order.
    let order = chart.tree_order();
    let mut opening = vec![Decimal::ZERO; StatementLine::ALL.len()];
    let mut closing = vec![Decimal::ZERO; StatementLine::ALL.len()];
    let mut parts: Vec<Vec<(RecordId, Decimal)>> = vec![Vec::new(); StatementLine::ALL.len()];
    for &(i, _) in &order {
        let Some(s) = own.get(i) else { continue };
        if s.is_empty() {
            continue;
        }
        let line = line_of[i];
        let at = line_index(line);
        let amount = shown(line, s.closing());
        closing[at] += amount;
        opening[at] += shown(line, s.opening);
        parts[at].push((chart.slots[i].id, amount));
    }

    let mut pl = BlueReturnProfitAndLoss {
        lines: Vec::new(),
        sales: Decimal::ZERO,
        opening_inventory: Decimal::ZERO,
        purchases: Decimal::ZERO,
        closing_inventory: Decimal::ZERO,
        cost_of_sales: Decimal::ZERO,
        gross_profit: Decimal::ZERO,
        expenses: Decimal::ZERO,
        net: Decimal::ZERO,
        family_employee_wages: Decimal::ZERO,
        income_before_special_deduction: Decimal::ZERO,
    };
    let mut bs = BlueReturnBalanceSheet {
        opening_date: year.from,
        closing_date: year.to,
        assets: Vec::new(),
        liabilities_and_capital: Vec::new(),
        income: Decimal::ZERO,
        earlier_years_profit: -earlier_years_profit,
        total_assets_opening: Decimal::ZERO,
        total_assets_closing: Decimal::ZERO,
        total_liabilities_and_capital_opening: -earlier_years_profit,
        total_liabilities_and_capital_closing: -earlier_years_profit,
    };
    for (at, line) in StatementLine::ALL.into_iter().enumerate() {
        if parts[at].is_empty() {
            continue;
        }
        let amount = closing[at];
        let accounts = std::mem::take(&mut parts[at]);
        match line.section() {
            StatementSection::Revenue
            | StatementSection::CostOfSales
            | StatementSection::Expenses => {
                match line {
                    StatementLine::OpeningInventory => pl.opening_inventory += amount,
                    StatementLine::Purchases => pl.purchases += amount,
                    StatementLine::ClosingInventory => pl.closing_inventory += amount,
                    StatementLine::FamilyEmployeeWages => pl.family_employee_wages += amount,
                    _ if line.section() == StatementSection::Revenue => pl.sales += amount,
                    _ => pl.expenses += amount,
                }
                pl.lines.push(BlueReturnLine {
                    line,
                    amount,
                    accounts,
                });
            }
            StatementSection::Assets => {
                bs.total_assets_opening += opening[at];
                bs.total_assets_closing += amount;
                bs.assets.push(BlueReturnBalanceLine {
                    line,
                    opening: opening[at],
                    closing: amount,
                    accounts,
                });
            }
            StatementSection::LiabilitiesAndCapital => {
                bs.total_liabilities_and_capital_opening += opening[at];
                bs.total_liabilities_and_capital_closing += amount;
                bs.liabilities_and_capital.push(BlueReturnBalanceLine {
                    line,
                    opening: opening[at],
                    closing: amount,
                    accounts,
                });
            }
        }
    }
    if let Some(stock) = perpetual_stock(book, year.from, year.to) {
        perpetual_stock_lines(&mut pl, stock);
    }
    pl.cost_of_sales = pl.opening_inventory + pl.purchases - pl.closing_inventory;
    pl.gross_profit = pl.sales - pl.cost_of_sales;
    pl.net = pl.gross_profit - pl.expenses;
    pl.income_before_special_deduction = pl.net - pl.family_employee_wages;
    bs.income = pl.income_before_special_deduction;
    bs.total_liabilities_and_capital_closing += bs.income;

    let monthly = monthly_page(book, &mut chart, &line_of, year);
    BlueReturn {
        fiscal_year: year,
        profit_and_loss: pl,
        monthly,
        balance_sheet: bs,
        unmapped,
    }
}

/// A perpetual book keeps its stock in 商品 all year, each move's value posted
/// against 売上原価, so ② and ⑤ are 商品 as the year opens and at its end; the
/// 期首, 期末 and 売上原価 accounts' balances are exactly 商品's change and are
/// not counted again. ② + ③ − ⑤ is then the P&L's cost of sales.
fn perpetual_stock_lines(
    pl: &mut BlueReturnProfitAndLoss,
    (account, opening, closing): (RecordId, Decimal, Decimal),
) {
    pl.lines.retain(|l| {
        !matches!(
            l.line,
            StatementLine::OpeningInventory | StatementLine::ClosingInventory
        )
    });
    pl.opening_inventory = opening;
    pl.closing_inventory = closing;
    for (line, amount) in [
        (StatementLine::OpeningInventory, opening),
        (StatementLine::ClosingInventory, closing),
    ] {
        let at = pl
            .lines
            .partition_point(|l| line_index(l.line) < line_index(line));
        pl.lines.insert(
            at,
            BlueReturnLine {
                line,
                amount,
                accounts: vec![(account, amount)],
            },
        );
    }
}

fn monthly_page(
    book: &Book,
    chart: &mut Chart<'_>,
    line_of: &[StatementLine],
    year: Period,
) -> BlueReturnMonthly {
    let months: Vec<Period> = (0..12)
        .map(|i| Period::month_of(add_months(year.from, i)))
        .collect();
    let base = year.from.year() * 12 + year.from.month0() as i32;
    let mut page = BlueReturnMonthly {
        months,
        sales: [Decimal::ZERO; 12],
        purchases: [Decimal::ZERO; 12],
        household_consumption: Decimal::ZERO,
        misc_income: Decimal::ZERO,
        total_sales: Decimal::ZERO,
        total_purchases: Decimal::ZERO,
    };
    for entry in book.entries_between(year.from, year.to) {
        if !entry.is_posted() || is_opening(entry) {
            continue;
        }
        let date = entry.date();
        let month = (date.year() * 12 + date.month0() as i32 - base) as usize;
        for posting in entry.lines() {
            let slot = chart.slot(posting.account);
            let line = line_of
                .get(slot)
                .copied()
                .unwrap_or_else(|| fallback(chart.slots[slot].kind()));
            match line {
                StatementLine::Sales => page.sales[month] -= posting.amount,
                StatementLine::Purchases => page.purchases[month] += posting.amount,
                StatementLine::HouseholdConsumption => page.household_consumption -= posting.amount,
                StatementLine::MiscIncome => page.misc_income -= posting.amount,
                _ => {}
            }
        }
    }
    page.total_sales = page.sales.iter().sum();
    page.total_purchases = page.purchases.iter().sum();
    page
}
