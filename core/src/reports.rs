//! Reports as data: every report is a pure function of a [`Book`] and a period
//! that returns a plain struct (rows and totals). Nothing here formats a number or
//! a date: the screens, the CSV export and the print layout all render the same
//! value.
//!
//! Rules shared by every report:
//! - Only **posted** entries count. Drafts are left out of every figure; only
//!   [`search_entries`] returns them (the journal screen lists drafts too).
//! - Every figure is traceable: a row names its account (and [`Drill`] gives the
//!   account and date range that [`general_ledger`] opens), or lists the entries
//!   behind it.
//! - Sub-accounts (補助科目, [`Account::parent`]) roll up into their parent: the
//!   parent's row includes its sub-accounts, which follow it indented (`depth` 1,
//!   2…). Totals count top-level rows only, so nothing is counted twice. A
//!   sub-account of a different kind than its parent (a chart error) is reported
//!   as a top-level account of its own kind, so no statement can go out of balance.
//! - Amounts are signed debit-positive where a row says "signed"; statement rows
//!   ([`StatementRow`]) show amounts on the account's normal side (a revenue of
//!   100 is `100`).
//! - Profit-and-loss accounts start each fiscal year at zero (the year starts on
//!   the 1st of the book's `fiscal_year_start_month`); balance-sheet accounts
//!   accumulate from the first entry of the book. A year's opening entry (made by
//!   closing the year before, `EntryOrigin::YearClose`) counts in the opening
//!   balances; its profit-and-loss lines belong to the closed year, so P&L reports
//!   leave it out.
//!
//! [`change_history`] is the one report over the book's *changes* rather than
//! its entries: every version of every record, posted or not, is its source.
//!
//! Each report makes one pass over the entries it needs, in date order, adding
//! into per-account slots; nothing clones an entry.
//!
//! [`Account::parent`]: crate::ledger::Account::parent

mod accounts;
mod blue_return;
pub mod csv;
mod evidence;
mod fast;
mod history;
mod ledger;
mod receivables;
mod retention;
mod search;
mod statement_lines;
mod statements;
mod stock;
mod tax;
pub mod tax_return;
mod trial_balance;
mod valuation;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::{EntryOrigin, JournalEntry};
use crate::money::Currency;

pub use blue_return::{
    blue_return, BlueReturn, BlueReturnBalanceLine, BlueReturnBalanceSheet, BlueReturnLine,
    BlueReturnMonthly, BlueReturnProfitAndLoss,
};
pub use evidence::{search_evidence, EvidenceRow, EvidenceSearch};
pub use history::{
    change_history, entry_link, record_summary, ChangeHistory, ChangeKind, EntryLink, Field,
    HistoryQuery, HistoryRow,
};
pub use ledger::{
    general_ledger, general_ledger_page, journal, journal_page, GeneralLedger, GeneralLedgerPage,
    Journal, JournalLine, JournalPage, JournalRow, LedgerRow,
};
pub use receivables::{
    aging, cash_balances, cash_forecast, document_open_amount, open_items, partner_statement,
    Aging, AgingRow, CashBalances, CashForecast, ForecastWeek, OpenItem, PartnerStatement,
    PartnerStatementRow, AGING_BUCKETS,
};
pub use retention::{
    kept_until, late_entries, recorded_on, LateEntry, RETENTION_YEARS, USUAL_PERIOD_MONTHS,
};
pub(crate) use search::fold_text;
pub use search::{search_entries, EntrySearch};
pub use statement_lines::{
    balance_sheet_lines, profit_and_loss_lines, ReportLine, StatementLabel, Weight,
};
pub use statements::{
    balance_sheet, monthly_profit_and_loss, profit_and_loss, BalanceSheet, MonthlyProfitAndLoss,
    MonthlyRow, ProfitAndLoss, StatementRow,
};
pub use stock::{
    item_history, stock_ledger, stock_on_hand, ItemHistory, ItemHistoryRow, StockLedger,
    StockLedgerItem, StockOnHand, StockOnHandRow,
};
pub use tax::{
    entries_with_tax_code, tax_summary, tax_summary_for, ClassSales, SpecialFigures, TaxCodeLine,
    TaxMethods, TaxSummary, UseCredit,
};
pub use tax_return::{
    tax_return, AppliedMethod, ApportionedCredit, Apportionment, RateFigures, ReturnBox,
    ReturnChoices, ReturnMethod, ReturnWarning, SalesTaxCalc, TaxReturn, TaxReturnError,
};
pub use trial_balance::{trial_balance, Sided, TrialBalance, TrialBalanceRow, TrialBalanceTotals};
pub use valuation::{valuation_report, ValuationReport, ValuationRow};

/// An inclusive date range: `from` and `to` both belong to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A period whose end comes before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the period ends ({to}) before it starts ({from})")]
pub struct InvalidPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A period from `from` to `to`, both included; refused if `from > to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, InvalidPeriod> {
        if from > to {
            Err(InvalidPeriod { from, to })
        } else {
            Ok(Period { from, to })
        }
    }

    /// Whether the day lies in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// One calendar month: the month containing `date`.
    pub fn month_of(date: NaiveDate) -> Period {
        let from = first_of_month(date);
        Period {
            from,
            to: add_months(from, 1).pred_opt().unwrap_or(NaiveDate::MAX),
        }
    }

    /// The fiscal year that contains `date`, for a year starting on the 1st of
    /// `start_month` (1–12; anything else is taken as January).
    pub fn fiscal_year_of(date: NaiveDate, start_month: u32) -> Period {
        let from = fiscal_year_start(date, start_month);
        Period {
            from,
            to: add_months(from, 12).pred_opt().unwrap_or(NaiveDate::MAX),
        }
    }

    /// The book's fiscal year containing `date` (by its settings; January if none).
    pub fn book_fiscal_year(book: &Book, date: NaiveDate) -> Period {
        Period::fiscal_year_of(date, fiscal_start_month(book))
    }
}

/// Where a figure comes from: an account (with its sub-accounts) over a date
/// range. The UI opens it as [`general_ledger`]`(book, account, period)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Drill {
    pub account: RecordId,
    pub period: Period,
}

/// The first day of the fiscal year containing `date`.
pub fn fiscal_year_start(date: NaiveDate, start_month: u32) -> NaiveDate {
    let month = if (1..=12).contains(&start_month) {
        start_month
    } else {
        1
    };
    let year = if date.month() >= month {
        date.year()
    } else {
        date.year() - 1
    };
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

fn fiscal_start_month(book: &Book) -> u32 {
    book.settings().map_or(1, |s| s.fiscal_year_start_month)
}

fn currency(book: &Book) -> Currency {
    book.settings().map_or(Currency::JPY, |s| s.currency)
}

pub(crate) fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

pub(crate) fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether the entry is a fiscal year's opening entry (made by closing the year
/// before, [`EntryOrigin::YearClose`]). Such an entry counts in the opening
/// balances of a report starting on its date; its lines on profit-and-loss accounts
/// close the earlier year's profit, so they never count as the new year's
/// revenue or expenses, and the profit-and-loss reports leave the entry out.
fn is_opening(entry: &JournalEntry) -> bool {
    entry.origin() == EntryOrigin::YearClose
}

/// The date of the book's first entry (posted or not), where balance-sheet
/// drills start; `fallback` for an empty book.
fn books_begin(book: &Book, fallback: NaiveDate) -> NaiveDate {
    book.entries()
        .next()
        .map_or(fallback, |e| e.date().min(fallback))
}
