//! The journal (仕訳帳) and the general ledger (総勘定元帳).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::accounts::Chart;
use super::history::{entry_link, EntryLink};
use super::{fiscal_start_month, fiscal_year_start, is_opening, Period};
use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::{Side, TaxCode};

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
    let mask = chart.subtree(root);
    let members: Vec<RecordId> = chart
        .slots
        .iter()
        .zip(&mask)
        .filter(|(_, &m)| m)
        .map(|(s, _)| s.id)
        .collect();
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
        let lines = entry.lines();
        if !lines.iter().any(|l| members.contains(&l.account)) {
            continue;
        }
        let mut counter: Vec<RecordId> = Vec::new();
        for line in lines {
            if !members.contains(&line.account) && !counter.contains(&line.account) {
                counter.push(line.account);
            }
        }
        for line in lines.iter().filter(|l| members.contains(&l.account)) {
            let (d, c) = if line.amount.is_sign_positive() {
                (line.amount, Decimal::ZERO)
            } else {
                (Decimal::ZERO, -line.amount)
            };
            debit += d;
            credit += c;
            rows.push(LedgerRow {
                date,
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
            });
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
        let lines = entry
            .lines()
            .iter()
            .map(|line| {
                let (d, c) = if line.amount.is_sign_positive() {
                    (line.amount, Decimal::ZERO)
                } else {
                    (Decimal::ZERO, -line.amount)
                };
                debit += d;
                credit += c;
                JournalLine {
                    account: line.account,
                    debit: d,
                    credit: c,
                    tax_code: line.tax_code,
                    memo: line.memo.clone(),
                }
            })
            .collect();
        rows.push(JournalRow {
            entry: entry.id(),
            date: entry.date(),
            description: entry.description().to_string(),
            partner: entry.partner().map(str::to_string),
            link: entry_link(book, entry),
            lines,
        });
    }
    Journal {
        period,
        rows,
        debit,
        credit,
    }
}
