//! Fiscal year close (決算・繰越) and private-use splits (家事按分).
//!
//! # The year-close model
//!
//! Kura keeps one continuous journal, not a file per year, and its reports are
//! computed from postings: a profit-and-loss report sums the revenue and expense
//! lines dated inside its range; a balance sheet at a date sums every posted line
//! on or before it, and shows what the revenue and expense accounts add up to as
//! the profit not yet closed (当期利益). With that rule the balance sheet balances
//! at every date, whether or not any year was ever closed.
//!
//! Closing a year adds one posted entry, marked [`EntryOrigin::YearClose`] and
//! dated the **first day of the next year**, that
//! - zeroes every revenue and expense account (their cumulative balance through
//!   the year end, so a year left unclosed before is swept in as well),
//! - zeroes 事業主貸 and 事業主借 (and their sub-accounts), and
//! - puts the difference into equity: 元入金 (role `Capital`) for a sole
//!   proprietor, so next year's 元入金 = 元入金 + 事業主借 − 事業主貸 + profit. A book
//!   whose chart has a `RetainedEarnings` account (the generic chart) takes the
//!   profit there instead, while the owner's accounts still close into capital.
//!
//! Why the first day of the next year and not the year end: the blue-return
//! balance sheet shows, at the year end, 事業主貸 and 事業主借 with their balances,
//! 元入金 as it was at the start of the year, and the year's profit on its own line.
//! Dated the next day, the entry leaves the year-end balance sheet exactly like
//! that, and the next year opens with the new 元入金 and the owner's accounts at zero.
//!
//! The one thing reports must do: leave `YearClose` entries out of profit and
//! loss (and so of the P&L for the first day of a year); the balance sheet takes
//! every entry. A reversal of such an entry keeps its origin, so reopening a year
//! and reversing its close leaves the P&L untouched too.
//!
//! Closing also locks the year (the period lock moves to the year end) in the same
//! change set. It is refused if the books are already closed through that day, if
//! the year's close entry already stands, or while any draft is dated on or before
//! the year end (a draft in a locked period could never be posted).
//!
//! # Private-use splits
//!
//! A [`PrivateUseRule`] says what share of an expense account is private (rent
//! of a home office, 30% by floor area). Applying the rules to a period posts one
//! entry, marked [`EntryOrigin::PrivateUse`] and dated the period's last day, that
//! credits each expense with `round_down(spent × share)` and debits 事業主貸, the
//! basis in each line's memo. "Spent" is the account's net movement in the period
//! (refunds reduce it), leaving out earlier splits; what earlier splits in the
//! period already moved is subtracted, so applying the rules twice moves nothing
//! more, and after a change of share it moves only the difference. The expense line
//! keeps the account's default tax code, so the private share also leaves the
//! taxable purchases.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::journal::checked_entry;
use super::{Book, JournalError, PeriodLock, Record, RecordKey, RecordKind, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::{
    Account, AccountRole, AccountType, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting,
};
use crate::locale::Locale;
use crate::money::{round, Rounding};
use crate::sync::{Change, ChangeSet};

fn put(record: Record) -> Change {
    Change::Put { record }
}

/// The first and last day of the fiscal year that contains `containing`, by the
/// book's start month (January for a book without settings).
pub fn fiscal_year(book: &Book, containing: NaiveDate) -> (NaiveDate, NaiveDate) {
    let month = book.settings().map_or(1, |s| s.fiscal_year_start_month);
    fiscal_year_from(month.clamp(1, 12), containing)
}

fn fiscal_year_from(start_month: u32, containing: NaiveDate) -> (NaiveDate, NaiveDate) {
    let year = if containing.month() >= start_month {
        containing.year()
    } else {
        containing.year() - 1
    };
    let start = NaiveDate::from_ymd_opt(year, start_month, 1).unwrap_or(NaiveDate::MIN);
    let end = start
        .checked_add_months(Months::new(12))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX);
    (start, end)
}

/// Closes the fiscal year ending `year_end`: the opening entry of the next year
/// (see the module docs) and the period lock through `year_end`, in one change
/// set. `ids` gives the opening entry its id. A year with nothing to carry
/// forward is only locked.
pub fn close_fiscal_year(
    book: &Book,
    year_end: NaiveDate,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    let settings = book.settings().ok_or(JournalError::NoSettings)?;
    let opening_day = check_closable(book, year_end)?;
    let lines = closing_lines(book, year_end)?;
    let mut changes = Vec::new();
    if !lines.is_empty() {
        let header = EntryHeader {
            id: ids(),
            date: opening_day,
            description: close_description(settings.locale, book, year_end),
            partner: None,
            status: EntryStatus::Posted,
            corrects: None,
        };
        let entry = JournalEntry::new(header, lines, settings.currency)?;
        changes.push(put(Record::JournalEntry(
            entry.with_origin(EntryOrigin::YearClose),
        )));
    }
    changes.push(put(Record::PeriodLock(PeriodLock {
        book_id: settings.book_id,
        closed_through: Some(year_end),
    })));
    Ok(ctx.change_set(changes))
}

/// Checks the year can be closed; returns the first day of the next year.
fn check_closable(book: &Book, year_end: NaiveDate) -> Result<NaiveDate, JournalError> {
    let not_year_end = JournalError::NotFiscalYearEnd { date: year_end };
    let opening_day = year_end.succ_opt().ok_or(not_year_end.clone())?;
    if fiscal_year(book, year_end).1 != year_end {
        return Err(not_year_end);
    }
    if let Some(through) = book.closed_through().filter(|t| *t >= year_end) {
        return Err(JournalError::AlreadyClosed { through });
    }
    if standing_close(book, opening_day) {
        return Err(JournalError::AlreadyClosed { through: year_end });
    }
    let count = book
        .entries_between(NaiveDate::MIN, year_end)
        .filter(|e| !e.is_posted())
        .count();
    if count > 0 {
        return Err(JournalError::DraftsRemain {
            count,
            date: year_end,
        });
    }
    Ok(opening_day)
}

/// Whether a close entry dated `opening_day` stands (was not reversed).
fn standing_close(book: &Book, opening_day: NaiveDate) -> bool {
    let closes: Vec<RecordId> = book
        .entries_between(opening_day, opening_day)
        .filter(|e| e.origin() == EntryOrigin::YearClose && e.corrects().is_none())
        .map(JournalEntry::id)
        .collect();
    closes
        .iter()
        .any(|id| !book.entries().any(|e| e.corrects() == Some(*id)))
}

/// The lines that zero the P&L and owner's accounts into equity.
fn closing_lines(book: &Book, year_end: NaiveDate) -> Result<Vec<Posting>, JournalError> {
    let balances = posted_balances(book, NaiveDate::MIN, year_end, |_| true);
    let capital = role_account(book, AccountRole::Capital);
    let retained = role_account(book, AccountRole::RetainedEarnings);
    let profit_to = retained
        .or(capital)
        .ok_or(JournalError::MissingRole(AccountRole::Capital))?;
    let owner_to = capital.unwrap_or(profit_to);
    let mut lines = Vec::new();
    let mut into_equity: BTreeMap<RecordId, Decimal> = BTreeMap::new();
    for account in book.accounts() {
        let balance = balances.get(&account.id).copied().unwrap_or_default();
        let target = if !account.kind.is_balance_sheet() {
            profit_to
        } else if is_owner_account(book, account) {
            owner_to
        } else {
            continue;
        };
        if balance.is_zero() {
            continue;
        }
        lines.push(plain_line(account.id, -balance));
        *into_equity.entry(target).or_default() += balance;
    }
    let equity = into_equity
        .into_iter()
        .filter(|(_, amount)| !amount.is_zero());
    lines.extend(equity.map(|(account, amount)| plain_line(account, amount)));
    Ok(lines)
}

fn plain_line(account: RecordId, amount: Decimal) -> Posting {
    Posting {
        account,
        amount,
        tax_code: None,
        memo: String::new(),
    }
}

fn close_description(locale: Locale, book: &Book, year_end: NaiveDate) -> String {
    let (start, end) = fiscal_year(book, year_end);
    match locale {
        Locale::Ja => format!("決算振替({start}〜{end}の損益と事業主勘定を繰越)"),
        Locale::En => format!("Year-end close ({start} – {end}): profit and owner's accounts"),
    }
}

/// Net posted movement per account in `from..=to`, over the entries `keep` accepts.
fn posted_balances(
    book: &Book,
    from: NaiveDate,
    to: NaiveDate,
    keep: impl Fn(&JournalEntry) -> bool,
) -> BTreeMap<RecordId, Decimal> {
    let mut sums = BTreeMap::new();
    let entries = book.entries_between(from, to).filter(|e| e.is_posted());
    for entry in entries.filter(|e| keep(e)) {
        for posting in entry.lines() {
            *sums.entry(posting.account).or_default() += posting.amount;
        }
    }
    sums
}

/// The live, unarchived top-level account with this role.
fn role_account(book: &Book, role: AccountRole) -> Option<RecordId> {
    book.accounts()
        .into_iter()
        .find(|a| a.role == Some(role) && a.parent.is_none() && !a.archived)
        .map(|a| a.id)
}

/// Whether the account is 事業主貸 or 事業主借, or a sub-account of one.
fn is_owner_account(book: &Book, account: &Account) -> bool {
    let owner = [AccountRole::OwnerDrawings, AccountRole::OwnerContributions];
    // Bounded, so a corrupt parent cycle cannot loop forever.
    let mut current = Some(account);
    for _ in 0..16 {
        let Some(a) = current else { return false };
        if let Some(role) = a.role {
            return owner.contains(&role);
        }
        current = a.parent.and_then(|p| book.account(p));
    }
    false
}

/// The share of an expense that is private: more than 0, at most 1 (0.3 = 30%).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct PrivateShare(Decimal);

impl PrivateShare {
    pub fn new(share: Decimal) -> Result<PrivateShare, JournalError> {
        if share > Decimal::ZERO && share <= Decimal::ONE {
            Ok(PrivateShare(share))
        } else {
            Err(JournalError::InvalidPrivateShare)
        }
    }

    pub fn value(&self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for PrivateShare {
    type Error = JournalError;
    fn try_from(share: Decimal) -> Result<Self, JournalError> {
        PrivateShare::new(share)
    }
}

impl From<PrivateShare> for Decimal {
    fn from(share: PrivateShare) -> Decimal {
        share.0
    }
}

/// A private-use rule (家事按分): the private share of one expense account, and
/// the basis for it, kept as a note (a tax office may ask).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrivateUseRule {
    pub id: RecordId,
    pub account: RecordId,
    pub private_share: PrivateShare,
    /// Why this share, e.g. "floor area 30%".
    pub basis: String,
}

/// Adds or changes a rule: on an expense account, with a basis, one per account.
pub fn save_private_use_rule(
    book: &Book,
    rule: PrivateUseRule,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    let account = book
        .account(rule.account)
        .ok_or(JournalError::AccountNotFound)?;
    if account.kind != AccountType::Expense {
        return Err(JournalError::NotAnExpense);
    }
    let basis = rule.basis.trim().to_string();
    if basis.is_empty() {
        return Err(JournalError::BlankBasis);
    }
    let taken = book
        .private_use_rules()
        .iter()
        .any(|r| r.account == rule.account && r.id != rule.id);
    if taken {
        return Err(JournalError::DuplicateRule);
    }
    let rule = PrivateUseRule { basis, ..rule };
    Ok(ctx.change_set(vec![put(Record::PrivateUseRule(rule))]))
}

/// Applies the rules to `from..=to`: one posted entry dated `to` moving each
/// expense's private share to 事業主貸 (see the module docs).
pub fn private_use_entry(
    book: &Book,
    rule_ids: &[RecordId],
    from: NaiveDate,
    to: NaiveDate,
    entry_id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    let settings = book.settings().ok_or(JournalError::NoSettings)?;
    let drawings = role_account(book, AccountRole::OwnerDrawings)
        .ok_or(JournalError::MissingRole(AccountRole::OwnerDrawings))?;
    let mut lines = Vec::new();
    for id in rule_ids {
        let rule = rule(book, *id)?;
        let due = private_amount(book, rule, from, to, settings.currency);
        if !due.is_zero() {
            lines.extend(split_lines(book, rule, drawings, due));
        }
    }
    if lines.is_empty() {
        return Err(JournalError::NothingToSplit);
    }
    let description = match settings.locale {
        Locale::Ja => format!("家事按分({from}〜{to})"),
        Locale::En => format!("Private-use split ({from} – {to})"),
    };
    let header = EntryHeader {
        id: entry_id,
        date: to,
        description,
        partner: None,
        status: EntryStatus::Posted,
        corrects: None,
    };
    let entry = checked_entry(book, header, lines)?.with_origin(EntryOrigin::PrivateUse);
    Ok(ctx.change_set(vec![put(Record::JournalEntry(entry))]))
}

fn rule(book: &Book, id: RecordId) -> Result<&PrivateUseRule, JournalError> {
    let key = RecordKey {
        kind: RecordKind::PrivateUseRule,
        id,
    };
    match book.record(&key) {
        Some(Record::PrivateUseRule(rule)) => Ok(rule),
        _ => Err(JournalError::RuleNotFound),
    }
}

/// What still has to move for the rule in the period: the private share of the
/// spending, rounded down, less what earlier splits in the period moved.
fn private_amount(
    book: &Book,
    rule: &PrivateUseRule,
    from: NaiveDate,
    to: NaiveDate,
    currency: crate::money::Currency,
) -> Decimal {
    let spent = posted_balances(book, from, to, |e| e.origin() == EntryOrigin::Entered)
        .get(&rule.account)
        .copied()
        .unwrap_or_default();
    let moved = posted_balances(book, from, to, |e| e.origin() == EntryOrigin::PrivateUse)
        .get(&rule.account)
        .copied()
        .unwrap_or_default();
    let share = round(spent * rule.private_share.value(), currency, Rounding::Down);
    share + moved
}

/// Credit the expense, debit 事業主貸, both with the basis as memo.
fn split_lines(
    book: &Book,
    rule: &PrivateUseRule,
    drawings: RecordId,
    amount: Decimal,
) -> [Posting; 2] {
    let tax_code = book.account(rule.account).and_then(|a| a.default_tax);
    [
        Posting {
            account: rule.account,
            amount: -amount,
            tax_code,
            memo: rule.basis.clone(),
        },
        Posting {
            account: drawings,
            amount,
            tax_code: None,
            memo: rule.basis.clone(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_years_follow_the_start_month() {
        assert_eq!(
            fiscal_year_from(1, d(2026, 6, 15)),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(
            fiscal_year_from(4, d(2026, 3, 31)),
            (d(2025, 4, 1), d(2026, 3, 31))
        );
        assert_eq!(
            fiscal_year_from(4, d(2026, 4, 1)),
            (d(2026, 4, 1), d(2027, 3, 31))
        );
        assert_eq!(
            fiscal_year_from(3, d(2024, 2, 29)),
            (d(2023, 3, 1), d(2024, 2, 29))
        );
    }

    #[test]
    fn a_share_is_more_than_zero_and_at_most_one() {
        assert!(PrivateShare::new(Decimal::ZERO).is_err());
        assert!(PrivateShare::new(Decimal::new(-1, 1)).is_err());
        assert!(PrivateShare::new(Decimal::new(11, 1)).is_err());
        assert!(PrivateShare::new(Decimal::ONE).is_ok());
        let parsed: Result<PrivateShare, _> = serde_json::from_str("\"1.5\"");
        assert!(parsed.is_err(), "deserializing checks the share too");
        let share: PrivateShare = serde_json::from_str("\"0.3\"").unwrap();
        assert_eq!(share.value(), Decimal::new(3, 1));
    }
}
