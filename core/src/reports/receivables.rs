//! Receivables and payables (売掛金・買掛金): the open items per partner, aging as
//! of a date, the customer statement (取引明細) and the cash forecast. All read
//! the documents and payments; an item's open amount is its total less the
//! payments allocated to it and the credit notes issued against it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::ids::RecordId;
use crate::trade::{DocumentKind, TradeSide};

/// An invoice, credit note or bill with an amount still to settle.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenItem {
    pub document: RecordId,
    pub kind: DocumentKind,
    pub number: String,
    pub partner: RecordId,
    pub date: NaiveDate,
    /// The document's due date, or its date when it has none.
    pub due_date: NaiveDate,
    /// Its total with tax (negative for a credit note not set against an invoice).
    pub total: Decimal,
    /// Settled by payments and credit notes up to the date asked.
    pub settled: Decimal,
    pub open: Decimal,
    /// Days past due on the date asked (0 when not yet due).
    pub days_overdue: i64,
}

/// The open items of a side on a date (documents issued on or before it, less
/// what was settled on or before it), by due date.
pub fn open_items(book: &Book, side: TradeSide, as_of: NaiveDate) -> Vec<OpenItem> {
    let _ = (book, side, as_of);
    todo!()
}

/// The aging buckets: not yet due, 1–30, 31–60, 61–90 and over 90 days overdue.
pub const AGING_BUCKETS: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct AgingRow {
    pub partner: RecordId,
    pub buckets: [Decimal; AGING_BUCKETS],
    pub total: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Aging {
    pub as_of: NaiveDate,
    /// One row per partner with anything open, by partner reading.
    pub rows: Vec<AgingRow>,
    pub totals: [Decimal; AGING_BUCKETS],
    pub total: Decimal,
}

/// Receivables (Sales) or payables (Purchase) by partner and age on a date.
pub fn aging(book: &Book, side: TradeSide, as_of: NaiveDate) -> Aging {
    let _ = (book, side, as_of);
    todo!()
}

/// One line of a partner statement: a document or a payment.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerStatementRow {
    pub date: NaiveDate,
    /// The document or payment.
    pub id: RecordId,
    pub kind: Option<DocumentKind>,
    /// The document's number, or empty for a payment.
    pub number: String,
    pub description: String,
    /// What the partner was charged (invoices; negative for credit notes).
    pub charged: Decimal,
    /// What was paid (payments, with the fee and withholding they settled).
    pub paid: Decimal,
    pub balance: Decimal,
}

/// A customer statement (取引明細書) or a supplier's account for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerStatement {
    pub partner: RecordId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: Decimal,
    pub rows: Vec<PartnerStatementRow>,
    pub closing: Decimal,
}

pub fn partner_statement(
    book: &Book,
    partner: RecordId,
    side: TradeSide,
    from: NaiveDate,
    to: NaiveDate,
) -> PartnerStatement {
    let _ = (book, partner, side, from, to);
    todo!()
}

/// One week of the cash forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastWeek {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    pub incoming: Decimal,
    pub outgoing: Decimal,
    /// Cash and bank balance at the end of the week if everything is paid when due.
    pub balance: Decimal,
}

/// What is due in and out over the next weeks from `from` (already overdue
/// items count in the first week), starting from the cash and bank balance.
#[derive(Clone, Debug, PartialEq)]
pub struct CashForecast {
    pub opening_balance: Decimal,
    pub weeks: Vec<ForecastWeek>,
}

pub fn cash_forecast(book: &Book, from: NaiveDate, weeks: u32) -> CashForecast {
    let _ = (book, from, weeks);
    todo!()
}
