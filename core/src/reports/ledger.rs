//! The journal (仕訳帳) and the general ledger (総勘定元帳).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::accounts::Chart;
use super::fast::{line_bucket, Reader};
use super::history::{entry_link, EntryLink};
use super::{fiscal_start_month, fiscal_year_start, is_opening, Period};
use crate::book::{month_index, Acc, Book};
use crate::ids::RecordId;
use crate::ledger::{JournalEntry, Side, TaxCode};

/// One posting to the account (or one of its sub-accounts) in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub date: NaiveDate,
    pub entry: RecordId,
    /// The account the line is posted to: the ledger's account or one of its
    /// sub-accounts.
    pub account: RecordId,
    pub description: String,
    pub partner: Option<String>,
    pub memo: String,
    pub tax_code: Option<TaxCode>,
    /// The entry's other accounts (相手科目), in line order, each once. A ledger of
    /// a parent leaves out its own sub-accounts.
    pub counter_accounts: Vec<RecordId>,
    pub debit: Decimal,
    pub credit: Decimal,
    /// The running balance after this row, on the account's normal side
    /// (positive when an asset or expense has a debit balance, or a liability,
    /// equity or revenue account a credit balance).
    pub balance: Decimal,
}

/// The general ledger of one account and its sub-accounts over a period,
/// posted entries only. `opening`, `closing` and each row's `balance` are on the
/// account's normal side (see [`LedgerRow::balance`]); P&L accounts open at their
/// balance since the start of the fiscal year containing `period.from`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneralLedger {
    pub account: RecordId,
    pub period: Period,
    pub opening: Decimal,
    pub rows: Vec<LedgerRow>,
    pub debit: Decimal,
    pub credit: Decimal,
    pub closing: Decimal,
}

/// The account's general ledger (総勘定元帳) over `period`: one row per posting
/// to it or to one of its sub-accounts, with the running balance.
pub fn general_ledger(book: &Book, account: RecordId, period: Period) -> GeneralLedger {
    let mut chart = Chart::new(book);
    let root = chart.slot(account);
    let members = chart.subtree_ids(root);
    let kind = chart.slots[root].kind();
    let sign = match kind.normal_side() {
        Side::Debit => Decimal::ONE,
        Side::Credit => Decimal::NEGATIVE_ONE,
    };
    let year_start = fiscal_year_start(period.from, fiscal_start_month(book));
    let carries = kind.is_balance_sheet();
    let mut opening = Decimal::ZERO;
    let mut rows = Vec::new();
    let (mut debit, mut credit) = (Decimal::ZERO, Decimal::ZERO);
    let entries = if period.from <= period.to {
        Some(book.entries_between(NaiveDate::MIN, period.to))
    } else {
        None
    };
    for entry in entries.into_iter().flatten() {
        if !entry.is_posted() {
            continue;
        }
        let date = entry.date();
        let opening_entry = is_opening(entry);
        if date < period.from || (opening_entry && date == period.from) {
            if carries || (date >= year_start && !opening_entry) {
                for line in entry.lines() {
                    if members.contains(&line.account) {
                        opening += line.amount;
                    }
                }
            }
            continue;
        }
        for row in entry_rows(entry, &members) {
            debit += row.debit;
            credit += row.credit;
            rows.push(row);
        }
    }
    let opening = opening * sign;
    let mut balance = opening;
    for row in &mut rows {
        balance += (row.debit - row.credit) * sign;
        row.balance = balance;
    }
    GeneralLedger {
        account,
        period,
        opening,
        rows,
        debit,
        credit,
        closing: balance,
    }
}

/// The ledger rows of one entry for an account and its sub-accounts
/// (`members`): one per line on them, their balance still zero.
fn entry_rows(entry: &JournalEntry, members: &[RecordId]) -> Vec<LedgerRow> {
    let lines = entry.lines();
    if !lines.iter().any(|l| members.contains(&l.account)) {
        return Vec::new();
    }
    let mut counter: Vec<RecordId> = Vec::new();
    for line in lines {
        if !members.contains(&line.account) && !counter.contains(&line.account) {
            counter.push(line.account);
        }
    }
    lines
        .iter()
        .filter(|l| members.contains(&l.account))
        .map(|line| {
            let (d, c) = if line.amount.is_sign_positive() {
                (line.amount, Decimal::ZERO)
            } else {
                (Decimal::ZERO, -line.amount)
            };
            LedgerRow {
                date: entry.date(),
                entry: entry.id(),
                account: line.account,
                description: entry.description().to_string(),
                partner: entry.partner().map(str::to_string),
                memo: line.memo.clone(),
                tax_code: line.tax_code,
                counter_accounts: counter.clone(),
                debit: d,
                credit: c,
                balance: Decimal::ZERO,
            }
        })
        .collect()
}

/// One page of an account's general ledger: what a screen shows first,
/// without building every row. The figures are those of the whole ledger
/// ([`general_ledger`] over the same period); `rows` are its rows
/// `start..start + limit` (fewer at its end), with their running balances.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneralLedgerPage {
    pub account: RecordId,
    pub period: Period,
    pub opening: Decimal,
    /// The index of the first row of `rows` in the whole ledger.
    pub start: usize,
    pub rows: Vec<LedgerRow>,
    /// How many rows the whole ledger has.
    pub total_rows: usize,
    pub debit: Decimal,
    pub credit: Decimal,
    pub closing: Decimal,
}

/// Rows `start..start + limit` of [`general_ledger`]`(book, account, period)`
/// with the whole ledger's opening, totals and closing: the opening and
/// totals from the posted totals the fold keeps, the rows read from
/// `period.from` until the page is full. The same figures as the whole
/// report, to the scale.
pub fn general_ledger_page(
    book: &Book,
    account: RecordId,
    period: Period,
    start: usize,
    limit: usize,
) -> GeneralLedgerPage {
    general_ledger_page_fast(book, account, period, start, limit).unwrap_or_else(|| {
        let whole = general_ledger(book, account, period);
        GeneralLedgerPage {
            account,
            period,
            opening: whole.opening,
            start,
            total_rows: whole.rows.len(),
            rows: whole.rows.into_iter().skip(start).take(limit).collect(),
            debit: whole.debit,
            credit: whole.credit,
            closing: whole.closing,
        }
    })
}

fn general_ledger_page_fast(
    book: &Book,
    account: RecordId,
    period: Period,
    start: usize,
    limit: usize,
) -> Option<GeneralLedgerPage> {
    let reader = Reader::new(book)?;
    if period.from > period.to {
        return None;
    }
    let mut chart = Chart::new(book);
    let root = chart.slot(account);
    let members = chart.subtree_ids(root);
    let kind = chart.slots.get(root)?.kind();
    let negative = kind.normal_side() == Side::Credit;
    let sign = if negative {
        Decimal::NEGATIVE_ONE
    } else {
        Decimal::ONE
    };
    let year_start = month_index(fiscal_year_start(period.from, fiscal_start_month(book)));
    let carries = kind.is_balance_sheet();
    let mut opening = Acc::default();
    if let Some(day_before) = period.from.pred_opt() {
        reader.visit(NaiveDate::MIN, day_before, |account, month, bucket| {
            if (carries || month >= year_start) && members.contains(&account) {
                opening.add(bucket.net());
            }
        })?;
    }
    let (mut debit, mut credit) = (Acc::default(), Acc::default());
    reader.visit(period.from, period.to, |account, _, bucket| {
        if members.contains(&account) {
            debit.add(bucket.debit);
            credit.add(bucket.credit.negated());
        }
    })?;
    for entry in reader.openings(period.to) {
        let before = entry.date() <= period.from;
        for line in entry
            .lines()
            .iter()
            .filter(|l| members.contains(&l.account))
        {
            let bucket = line_bucket(line.amount)?;
            if !before {
                debit.add(bucket.debit);
                credit.add(bucket.credit.negated());
            } else if carries {
                opening.add(bucket.net());
            }
        }
    }
    let total_rows = usize::try_from(debit.count.checked_add(credit.count)?).ok()?;
    let opening_amount = reader.dec(opening)? * sign;
    let closing = if total_rows == 0 {
        opening_amount
    } else {
        let mut total = opening;
        total.add(debit);
        total.sub(credit);
        total.count = total_rows as u64;
        reader.dec(if negative { total.negated() } else { total })?
    };
    let mut rows = Vec::new();
    let mut balance = opening_amount;
    let mut seen = 0usize;
    let end = start.saturating_add(limit);
    if limit > 0 {
        for entry in book.entries_between(period.from, period.to) {
            if !entry.is_posted() || (is_opening(entry) && entry.date() == period.from) {
                continue;
            }
            for mut row in entry_rows(entry, &members) {
                balance += (row.debit - row.credit) * sign;
                if seen >= start {
                    row.balance = balance;
                    rows.push(row);
                }
                seen += 1;
                if seen >= end {
                    break;
                }
            }
            if seen >= end {
                break;
            }
        }
    }
    Some(GeneralLedgerPage {
        account,
        period,
        opening: opening_amount,
        start,
        rows,
        total_rows,
        debit: reader.dec(debit)?,
        credit: reader.dec(credit)?,
        closing,
    })
}

/// One line of a journal entry, as the journal prints it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalLine {
    pub account: RecordId,
    pub debit: Decimal,
    pub credit: Decimal,
    pub tax_code: Option<TaxCode>,
    pub memo: String,
}

/// One entry of the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalRow {
    pub entry: RecordId,
    pub date: NaiveDate,
    pub description: String,
    pub partner: Option<String>,
    /// The posted entry this one reverses or corrects, and which of the two.
    pub link: Option<EntryLink>,
    pub lines: Vec<JournalLine>,
}

/// The journal (仕訳帳) over a period: posted entries in date order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    pub period: Period,
    pub rows: Vec<JournalRow>,
    /// Total debits (equal to total credits).
    pub debit: Decimal,
    pub credit: Decimal,
}

/// The journal (仕訳帳) over `period`: posted entries in date order with their
/// lines; drafts are left out (the journal screen finds them with
/// [`super::search_entries`]).
pub fn journal(book: &Book, period: Period) -> Journal {
    let mut rows = Vec::new();
    let (mut debit, mut credit) = (Decimal::ZERO, Decimal::ZERO);
    for entry in book.entries_between(period.from, period.to) {
        if !entry.is_posted() {
            continue;
        }
        let row = journal_row(book, entry);
        for line in &row.lines {
            debit += line.debit;
            credit += line.credit;
        }
        rows.push(row);
    }
    Journal {
        period,
        rows,
        debit,
        credit,
    }
}

/// One entry as the journal shows it.
fn journal_row(book: &Book, entry: &JournalEntry) -> JournalRow {
    let lines = entry
        .lines()
        .iter()
        .map(|line| {
            let (d, c) = if line.amount.is_sign_positive() {
                (line.amount, Decimal::ZERO)
            } else {
                (Decimal::ZERO, -line.amount)
            };
            JournalLine {
                account: line.account,
                debit: d,
                credit: c,
                tax_code: line.tax_code,
                memo: line.memo.clone(),
            }
        })
        .collect();
    JournalRow {
        entry: entry.id(),
        date: entry.date(),
        description: entry.description().to_string(),
        partner: entry.partner().map(str::to_string),
        link: entry_link(book, entry),
        lines,
    }
}

/// One page of the journal: its entries `start..start + limit` (fewer at its
/// end), with the figures of the whole journal over the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalPage {
    pub period: Period,
    /// The index of the first row of `rows` in the whole journal.
    pub start: usize,
    pub rows: Vec<JournalRow>,
    /// How many entries the whole journal has.
    pub total_rows: usize,
    pub debit: Decimal,
    pub credit: Decimal,
}

/// Rows `start..start + limit` of [`journal`]`(book, period)` with its totals:
/// the totals and the count from the posted totals the fold keeps, only the
/// page's entries read. The same figures as the whole report, to the scale.
pub fn journal_page(book: &Book, period: Period, start: usize, limit: usize) -> JournalPage {
    journal_page_fast(book, period, start, limit).unwrap_or_else(|| {
        let whole = journal(book, period);
        JournalPage {
            period,
            start,
            total_rows: whole.rows.len(),
            rows: whole.rows.into_iter().skip(start).take(limit).collect(),
            debit: whole.debit,
            credit: whole.credit,
        }
    })
}

fn journal_page_fast(
    book: &Book,
    period: Period,
    start: usize,
    limit: usize,
) -> Option<JournalPage> {
    let reader = Reader::new(book)?;
    let (mut debit, mut credit) = (Acc::default(), Acc::default());
    reader.visit(period.from, period.to, |_, _, bucket| {
        debit.add(bucket.debit);
        credit.add(bucket.credit.negated());
    })?;
    for entry in reader.openings(period.to) {
        if entry.date() < period.from {
            continue;
        }
        for line in entry.lines() {
            let bucket = line_bucket(line.amount)?;
            debit.add(bucket.debit);
            credit.add(bucket.credit.negated());
        }
    }
    let total_rows = usize::try_from(reader.posted_entries(period.from, period.to)).ok()?;
    let rows = book
        .entries_between(period.from, period.to)
        .filter(|e| e.is_posted())
        .skip(start)
        .take(limit)
        .map(|entry| journal_row(book, entry))
        .collect();
    Some(JournalPage {
        period,
        start,
        rows,
        total_rows,
        debit: reader.dec(debit)?,
        credit: reader.dec(credit)?,
    })
}
