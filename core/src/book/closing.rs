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
//! [`year_end_summary`] shows, before or after the close, what it carries: the
//! profit, the owner's accounts, 元入金 before and after, and the next year's
//! opening balances, computed from the same lines the close posts.
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
//! more, and after a change of share it moves only the difference; when nothing is
//! left to move because a split already stands, the refusal says so
//! ([`JournalError::AlreadySplit`]). A split dated in a year whose close entry
//! stands is refused: the close already carried that year's expenses into 元入金.
//! [`private_use_preview`] shows the same figures before posting.
//!
//! The split is made per (account, tax code) the period's lines actually carry,
//! so the private share leaves the taxable purchases at the rate it came in
//! with. In a tax-exclusive book (税抜経理) the expense lines are tax-excluded,
//! so the entry also credits the input tax of the private share (仮払消費税,
//! split by `ledger::split_tax` as any entry's tax is) and 事業主貸 takes the
//! share with its tax: rent 100,000 + tax 10,000, 30% private, moves 30,000
//! from the rent, 3,000 from 仮払消費税 and debits 33,000. In a tax-inclusive
//! book the lines hold their tax, and the share of them is moved as it is.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::journal::checked_entry;
use super::{Book, JournalError, PeriodLock, Record, RecordKey, RecordKind, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::{
    split_tax, tax_postings, Account, AccountRole, AccountType, EntryError, EntryHeader,
    EntryOrigin, EntryStatus, JournalEntry, Posting, Side, TaxCode, TaxRules, TaxSplitError,
};
use crate::locale::Locale;
use crate::money::{normalize_digits, round, Currency, Rounding};
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
        tax_part: None,
        business_class: None,
        supply_date: None,
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
    owner_role(book, account).is_some()
}

/// `OwnerDrawings` or `OwnerContributions` if the account is 事業主貸 or 事業主借
/// or a sub-account of one: the nearest role up its parents decides.
fn owner_role(book: &Book, account: &Account) -> Option<AccountRole> {
    book.inherited_role(account.id).filter(|role| {
        matches!(
            role,
            AccountRole::OwnerDrawings | AccountRole::OwnerContributions
        )
    })
}

/// Where a fiscal year stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearStatus {
    /// Entries may still be dated in it; it can be closed.
    Open,
    /// Locked through its end by hand (the journal's period close) while its
    /// profit and owner's accounts were never carried forward: reopen, then close.
    LockedNotClosed,
    /// Closed: its close entry stands, or it had nothing to carry and is locked.
    Closed,
}

/// One balance the next fiscal year opens with, on the account's normal side
/// (an asset's debit balance and a liability's credit balance are both positive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpeningBalance {
    pub account: RecordId,
    pub amount: Decimal,
}

/// A fiscal year at its end and what closing it carries into the next year
/// (posted or, while the year is open, as the close would post it).
#[derive(Clone, Debug, PartialEq)]
pub struct YearEndSummary {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: YearStatus,
    /// The profit (positive) or loss the close moves into equity: the year's,
    /// plus that of any earlier year that was never closed.
    pub profit: Decimal,
    /// 事業主貸 with its sub-accounts at the year end (a debit balance).
    pub drawings: Decimal,
    /// 事業主借 with its sub-accounts at the year end (a credit balance).
    pub contributions: Decimal,
    /// Whether the profit goes into 元入金 (a sole proprietor's chart) or to
    /// retained earnings (a chart that has them); the owner's accounts always
    /// go into 元入金.
    pub profit_into_capital: bool,
    /// 元入金 at the year end, and at the start of the next year.
    pub capital_before: Decimal,
    pub capital_after: Decimal,
    /// The next year's opening balances: every balance-sheet account with a
    /// balance, in code order.
    pub opening: Vec<OpeningBalance>,
}

/// The figures of the fiscal year ending `year_end` and of its close.
pub fn year_end_summary(book: &Book, year_end: NaiveDate) -> Result<YearEndSummary, JournalError> {
    let not_year_end = JournalError::NotFiscalYearEnd { date: year_end };
    let (start, end) = fiscal_year(book, year_end);
    let opening_day = year_end.succ_opt().ok_or(not_year_end.clone())?;
    if end != year_end {
        return Err(not_year_end);
    }
    let at_end = posted_balances(book, NaiveDate::MIN, year_end, |_| true);
    let standing = standing_close(book, opening_day);
    let pending = if standing {
        Vec::new()
    } else {
        closing_lines(book, year_end)?
    };
    let after = after_close(book, &at_end, opening_day, &pending);
    let locked = book.closed_through().is_some_and(|t| t >= year_end);
    let status = match (standing, locked, pending.is_empty()) {
        (true, _, _) | (false, true, true) => YearStatus::Closed,
        (false, true, false) => YearStatus::LockedNotClosed,
        (false, false, _) => YearStatus::Open,
    };
    let owner = |role| move |a: &Account| owner_role(book, a) == Some(role);
    let capital = role_account(book, AccountRole::Capital);
    Ok(YearEndSummary {
        start,
        end,
        status,
        profit: -sum_of(book, &at_end, |a| !a.kind.is_balance_sheet()),
        drawings: sum_of(book, &at_end, owner(AccountRole::OwnerDrawings)),
        contributions: -sum_of(book, &at_end, owner(AccountRole::OwnerContributions)),
        profit_into_capital: role_account(book, AccountRole::RetainedEarnings).is_none(),
        capital_before: credit_balance(&at_end, capital),
        capital_after: credit_balance(&after, capital),
        opening: opening_balances(book, &after),
    })
}

/// The balances at the year end with the close added: the close entries dated
/// `opening_day` that stand (a reversed close cancels out with its reversal), or
/// `pending`, the lines the close would post.
fn after_close(
    book: &Book,
    at_end: &BTreeMap<RecordId, Decimal>,
    opening_day: NaiveDate,
    pending: &[Posting],
) -> BTreeMap<RecordId, Decimal> {
    let posted = posted_balances(book, opening_day, opening_day, |e| {
        e.origin() == EntryOrigin::YearClose
    });
    let pending = pending.iter().map(|p| (p.account, p.amount));
    let mut after = at_end.clone();
    for (account, amount) in posted.into_iter().chain(pending) {
        *after.entry(account).or_default() += amount;
    }
    after
}

/// The sum of the balances of the chart's accounts that `keep` accepts.
fn sum_of(
    book: &Book,
    balances: &BTreeMap<RecordId, Decimal>,
    keep: impl Fn(&Account) -> bool,
) -> Decimal {
    let accounts = book.accounts().into_iter().filter(|a| keep(a));
    accounts.filter_map(|a| balances.get(&a.id)).sum()
}

/// An account's credit balance (zero without the account).
fn credit_balance(balances: &BTreeMap<RecordId, Decimal>, account: Option<RecordId>) -> Decimal {
    account
        .and_then(|a| balances.get(&a))
        .map_or(Decimal::ZERO, |b| -*b)
}

fn opening_balances(book: &Book, balances: &BTreeMap<RecordId, Decimal>) -> Vec<OpeningBalance> {
    let sheet = book
        .accounts()
        .into_iter()
        .filter(|a| a.kind.is_balance_sheet());
    sheet
        .filter_map(|a| {
            let balance = balances.get(&a.id).filter(|b| !b.is_zero())?;
            let amount = match a.kind.normal_side() {
                Side::Debit => *balance,
                Side::Credit => -*balance,
            };
            Some(OpeningBalance {
                account: a.id,
                amount,
            })
        })
        .collect()
}

/// The fiscal years that hold entries, drafts included, oldest first. A
/// year-close entry belongs to the year it closes, so it does not make the
/// year it is dated in count.
pub fn fiscal_years(book: &Book) -> Vec<(NaiveDate, NaiveDate)> {
    let first_from = |from: NaiveDate| {
        book.entries_between(from, NaiveDate::MAX)
            .find(|e| e.origin() != EntryOrigin::YearClose)
            .map(JournalEntry::date)
    };
    let mut years = Vec::new();
    let mut next = first_from(NaiveDate::MIN);
    while let Some(day) = next {
        let (start, end) = fiscal_year(book, day);
        years.push((start, end));
        next = end.succ_opt().and_then(first_from);
    }
    years
}

/// The year the closing screen offers first: the oldest year with entries that
/// is neither closed nor locked (years are closed in order, and the newest year
/// is often the one still running), else the newest year.
pub fn year_to_close(book: &Book) -> Option<(NaiveDate, NaiveDate)> {
    let years = fiscal_years(book);
    let open = |end: NaiveDate| {
        let locked = book.closed_through().is_some_and(|t| t >= end);
        let closed = end
            .succ_opt()
            .is_some_and(|next| standing_close(book, next));
        !locked && !closed
    };
    years
        .iter()
        .find(|(_, end)| open(*end))
        .or(years.last())
        .copied()
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

    /// A share typed as a percentage, as people write it: `30`, `30%`, `12.5`,
    /// `３０％`. Text that is not a number is refused, as is a share outside
    /// (0%, 100%].
    pub fn parse_percent(input: &str) -> Result<PrivateShare, JournalError> {
        let text = normalize_digits(input);
        let text = text.trim();
        let number = text.strip_suffix(['%', '％']).unwrap_or(text).trim_end();
        let percent = Decimal::from_str(number)
            .map_err(|_| JournalError::ShareNotANumber(input.trim().to_string()))?;
        PrivateShare::new(percent / Decimal::ONE_HUNDRED)
    }

    /// The share as a percentage without trailing zeros: `30`, `12.5`.
    pub fn percent(&self) -> Decimal {
        (self.0 * Decimal::ONE_HUNDRED).normalize()
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

/// Removes a rule. A tombstone, so the rule stays in the book's history; splits
/// already posted from it stay posted.
pub fn delete_private_use_rule(
    book: &Book,
    id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    rule(book, id)?;
    let key = RecordKey {
        kind: RecordKind::PrivateUseRule,
        id,
    };
    Ok(ctx.change_set(vec![Change::Delete { key }]))
}

/// What one rule moves in a period (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct PrivateUseLine {
    pub rule: RecordId,
    pub account: RecordId,
    pub share: PrivateShare,
    pub basis: String,
    /// The account's net spending in the period, earlier splits left out.
    pub spent: Decimal,
    /// The private share of it, rounded down.
    pub private: Decimal,
    /// What splits already posted in the period moved.
    pub moved: Decimal,
    /// What is still to move: `private - moved` (negative after a share was lowered).
    pub due: Decimal,
}

/// Every rule's figures for `from..=to`, in account code order: what
/// [`private_use_entry`] would post for the same period.
pub fn private_use_preview(book: &Book, from: NaiveDate, to: NaiveDate) -> Vec<PrivateUseLine> {
    let currency = book.settings().map_or(Currency::JPY, |s| s.currency);
    let sums = SplitSums::new(book, from, to);
    let mut lines: Vec<PrivateUseLine> = book
        .private_use_rules()
        .into_iter()
        .map(|rule| sums.line(rule, currency))
        .collect();
    let code = |l: &PrivateUseLine| book.account(l.account).map(|a| a.code.clone());
    lines.sort_by_cached_key(code);
    lines
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
    check_year_not_closed(book, to)?;
    let sums = SplitSums::new(book, from, to);
    let mut lines = Vec::new();
    let mut split_before = false;
    for id in rule_ids {
        let rule = rule(book, *id)?;
        split_before |= !sums.line(rule, settings.currency).moved.is_zero();
        let expense_lines: Vec<Posting> = sums
            .due_by_code(rule, settings.currency)
            .into_iter()
            .map(|(code, due)| expense_line(rule, code, due))
            .collect();
        if !expense_lines.is_empty() {
            lines.extend(with_tax_and_drawings(
                book,
                rule,
                expense_lines,
                drawings,
                to,
            )?);
        }
    }
    if lines.is_empty() && split_before {
        return Err(JournalError::AlreadySplit);
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

/// Refuses a split dated in a fiscal year whose close entry stands: the close
/// has carried that year's expenses into capital already.
fn check_year_not_closed(book: &Book, day: NaiveDate) -> Result<(), JournalError> {
    let (_, end) = fiscal_year(book, day);
    match end.succ_opt() {
        Some(next) if standing_close(book, next) => {
            Err(JournalError::AlreadyClosed { through: end })
        }
        _ => Ok(()),
    }
}

/// Per (account, tax code) over a period, the expense lines only (not the tax
/// lines): the spending (entered entries) and what earlier splits moved (their
/// credits, so negative).
struct SplitSums {
    spent: BTreeMap<(RecordId, Option<TaxCode>), Decimal>,
    split: BTreeMap<(RecordId, Option<TaxCode>), Decimal>,
}

impl SplitSums {
    fn new(book: &Book, from: NaiveDate, to: NaiveDate) -> SplitSums {
        let sums = |origin: EntryOrigin| {
            let mut sums = BTreeMap::new();
            let entries = book.entries_between(from, to);
            for entry in entries.filter(|e| e.is_posted() && e.origin() == origin) {
                for p in entry.lines().iter().filter(|p| p.tax_part.is_none()) {
                    *sums.entry((p.account, p.tax_code)).or_insert(Decimal::ZERO) += p.amount;
                }
            }
            sums
        };
        SplitSums {
            spent: sums(EntryOrigin::Entered),
            split: sums(EntryOrigin::PrivateUse),
        }
    }

    /// The tax codes the rule's account was spent or split under.
    fn codes(&self, account: RecordId) -> std::collections::BTreeSet<Option<TaxCode>> {
        let of = |sums: &BTreeMap<(RecordId, Option<TaxCode>), Decimal>| {
            sums.keys()
                .filter(|(a, _)| *a == account)
                .map(|(_, code)| *code)
                .collect::<Vec<_>>()
        };
        of(&self.spent).into_iter().chain(of(&self.split)).collect()
    }

    /// One code's (spent, private, moved).
    fn figures(
        &self,
        rule: &PrivateUseRule,
        code: Option<TaxCode>,
        currency: Currency,
    ) -> (Decimal, Decimal, Decimal) {
        let key = (rule.account, code);
        let spent = self.spent.get(&key).copied().unwrap_or_default();
        let private = round(spent * rule.private_share.value(), currency, Rounding::Down);
        let moved = -self.split.get(&key).copied().unwrap_or_default();
        (spent, private, moved)
    }

    /// What is still to move, by tax code (codes with nothing due left out).
    fn due_by_code(
        &self,
        rule: &PrivateUseRule,
        currency: Currency,
    ) -> Vec<(Option<TaxCode>, Decimal)> {
        self.codes(rule.account)
            .into_iter()
            .map(|code| {
                let (_, private, moved) = self.figures(rule, code, currency);
                (code, private - moved)
            })
            .filter(|(_, due)| !due.is_zero())
            .collect()
    }

    /// The rule's figures over all its codes: the private share of the
    /// spending (rounded down per code), less what earlier splits moved.
    fn line(&self, rule: &PrivateUseRule, currency: Currency) -> PrivateUseLine {
        let (mut spent, mut private, mut moved) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for code in self.codes(rule.account) {
            let (s, p, m) = self.figures(rule, code, currency);
            spent += s;
            private += p;
            moved += m;
        }
        PrivateUseLine {
            rule: rule.id,
            account: rule.account,
            share: rule.private_share,
            basis: rule.basis.clone(),
            spent,
            private,
            moved,
            due: private - moved,
        }
    }
}

/// Credits the expense with the private share of its lines of one tax code,
/// the basis as memo.
fn expense_line(rule: &PrivateUseRule, code: Option<TaxCode>, due: Decimal) -> Posting {
    Posting {
        account: rule.account,
        amount: -due,
        tax_code: code,
        memo: rule.basis.clone(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    }
}

/// One rule's expense lines with, in a tax-exclusive book, the tax of the
/// private share split out as any entry's (so it leaves 仮払消費税), and 事業主貸
/// debited with what they all credit, the rule's basis as its memo.
fn with_tax_and_drawings(
    book: &Book,
    rule: &PrivateUseRule,
    expense_lines: Vec<Posting>,
    drawings: RecordId,
    on: NaiveDate,
) -> Result<Vec<Posting>, JournalError> {
    let chart = book.accounts();
    let tax =
        split_tax(&expense_lines, on, &TaxRules::for_book(book), &chart, &[]).map_err(tax_error)?;
    let mut lines = expense_lines;
    lines.extend(tax_postings(&tax));
    let credited: Decimal = lines.iter().map(|p| p.amount).sum();
    lines.push(Posting {
        account: drawings,
        amount: -credited,
        tax_code: None,
        memo: rule.basis.clone(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    });
    Ok(lines)
}

fn tax_error(error: TaxSplitError) -> JournalError {
    match error {
        TaxSplitError::NoTaxAccount { role } => JournalError::MissingRole(role),
        TaxSplitError::TooLarge { error, .. } => EntryError::TotalTooLarge(error).into(),
        // The private-use split passes no overrides, so this does not arise;
        // were it to, the share's tax is what would be wrong, and the core
        // refuses rather than panics.
        TaxSplitError::InvalidOverride { .. } => JournalError::InvalidPrivateShare,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{create_book, save_entry, set_closed_through, SettingsInput};
    use crate::ids::DeviceId;
    use crate::sync::HlcClock;

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

    fn yen(n: i64) -> Decimal {
        Decimal::from(n)
    }

    /// A Japanese sole proprietor's book (calendar year), written to the way the
    /// app writes: each command's change set folded in.
    struct Books {
        book: Book,
        clock: HlcClock,
        n: u128,
    }

    impl Books {
        fn new() -> Books {
            let mut b = Books {
                book: Book::default(),
                clock: HlcClock::new(DeviceId(RecordId::from_parts(1, 1))),
                n: 0,
            };
            let input = SettingsInput {
                name: "山田商店".into(),
                ..SettingsInput::default()
            };
            let (book_id, ctx) = (b.id(), b.ctx());
            let mut account = 10_000;
            let mut ids = || {
                account += 1;
                RecordId::from_parts(2, account)
            };
            let set = create_book(input, book_id, &mut ids, ctx).unwrap();
            b.apply(Ok(set));
            b
        }

        fn id(&mut self) -> RecordId {
            self.n += 1;
            RecordId::from_parts(1_700_000_000_000, self.n)
        }

        fn ctx(&mut self) -> WriteCtx {
            let set_id = self.id();
            let stamp = self.clock.tick(self.n as u64);
            WriteCtx { set_id, stamp }
        }

        fn apply(&mut self, set: Result<ChangeSet, JournalError>) {
            assert!(self.book.apply(&set.unwrap()));
        }

        fn account(&self, code: &str) -> RecordId {
            let accounts = self.book.accounts();
            accounts.iter().find(|a| a.code == code).unwrap().id
        }

        /// Posts `amount` from `credit` to `debit`.
        fn post(&mut self, on: NaiveDate, debit: &str, credit: &str, amount: i64) {
            let header = EntryHeader {
                id: self.id(),
                date: on,
                description: format!("{debit} / {credit}"),
                partner: None,
                status: EntryStatus::Posted,
                corrects: None,
            };
            let lines = vec![
                plain_line(self.account(debit), yen(amount)),
                plain_line(self.account(credit), -yen(amount)),
            ];
            let ctx = self.ctx();
            let set = save_entry(&self.book, header, lines, ctx);
            self.apply(set);
        }

        fn rule(&mut self, id: RecordId, code: &str, percent: &str) {
            let rule = PrivateUseRule {
                id,
                account: self.account(code),
                private_share: PrivateShare::parse_percent(percent).unwrap(),
                basis: "床面積 30%".into(),
            };
            let ctx = self.ctx();
            let set = save_private_use_rule(&self.book, rule, ctx);
            self.apply(set);
        }

        fn split(&mut self, year: i32) -> Result<ChangeSet, JournalError> {
            let rules: Vec<RecordId> = self.book.private_use_rules().iter().map(|r| r.id).collect();
            let (entry, ctx) = (self.id(), self.ctx());
            let (from, to) = (d(year, 1, 1), d(year, 12, 31));
            private_use_entry(&self.book, &rules, from, to, entry, ctx)
        }

        fn close(&mut self, year: i32) -> Result<ChangeSet, JournalError> {
            let ctx = self.ctx();
            let mut next = 1_000_000;
            let mut ids = || {
                next += 1;
                RecordId::from_parts(3, next)
            };
            close_fiscal_year(&self.book, d(year, 12, 31), &mut ids, ctx)
        }

        fn lock(&mut self, through: Option<NaiveDate>) {
            let ctx = self.ctx();
            let set = set_closed_through(&self.book, through, ctx);
            self.apply(set);
        }

        fn balance(&self, code: &str) -> Decimal {
            let account = self.account(code);
            let lines = self.book.entries().flat_map(|e| e.lines());
            lines
                .filter(|p| p.account == account)
                .map(|p| p.amount)
                .sum()
        }

        fn opening(&self, summary: &YearEndSummary) -> Vec<(String, Decimal)> {
            let code = |id| self.book.account(id).unwrap().code.clone();
            let rows = summary.opening.iter();
            rows.map(|o| (code(o.account), o.amount)).collect()
        }
    }

    /// 元入金 1,000,000 into the bank; a sale of 500,000; rent of 100,000 from
    /// the bank; the owner took 50,000 out; 30% of the rent is private.
    fn freelancer_2026() -> Books {
        let mut b = Books::new();
        b.post(d(2026, 1, 1), "111", "300", 1_000_000);
        b.post(d(2026, 3, 31), "111", "400", 500_000);
        b.post(d(2026, 4, 25), "615", "111", 100_000);
        b.post(d(2026, 8, 10), "190", "111", 50_000);
        let rule = b.id();
        b.rule(rule, "615", "30");
        b
    }

    #[test]
    fn a_share_is_typed_as_a_percentage() {
        let parsed = |s: &str| PrivateShare::parse_percent(s).map(|p| p.value());
        assert_eq!(parsed("30"), Ok(Decimal::new(3, 1)));
        assert_eq!(parsed(" ３０％ "), Ok(Decimal::new(3, 1)));
        assert_eq!(parsed("12.5 %"), Ok(Decimal::new(125, 3)));
        assert_eq!(parsed("100"), Ok(Decimal::ONE));
        assert_eq!(parsed("120"), Err(JournalError::InvalidPrivateShare));
        assert_eq!(parsed("0"), Err(JournalError::InvalidPrivateShare));
        assert_eq!(parsed("-30"), Err(JournalError::InvalidPrivateShare));
        let not_a_number = |s: &str| Err(JournalError::ShareNotANumber(s.into()));
        assert_eq!(parsed(" thirty "), not_a_number("thirty"));
        assert_eq!(parsed("30%%"), not_a_number("30%%"));
        assert_eq!(parsed(""), not_a_number(""));
        let share = PrivateShare::parse_percent("12.50").unwrap();
        assert_eq!(share.percent().to_string(), "12.5");
    }

    #[test]
    fn the_preview_shows_what_the_split_posts_and_a_second_split_is_refused() {
        let mut b = freelancer_2026();
        let preview = private_use_preview(&b.book, d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(preview.len(), 1);
        let line = &preview[0];
        assert_eq!(line.account, b.account("615"));
        assert_eq!((line.spent, line.private), (yen(100_000), yen(30_000)));
        assert_eq!((line.moved, line.due), (yen(0), yen(30_000)));
        assert_eq!(line.basis, "床面積 30%");

        let set = b.split(2026);
        b.apply(set);
        assert_eq!(
            b.balance("190"),
            yen(80_000),
            "30,000 private rent + 50,000 taken out"
        );
        assert_eq!(b.balance("615"), yen(70_000));
        let after = private_use_preview(&b.book, d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!((after[0].moved, after[0].due), (yen(30_000), yen(0)));
        assert_eq!(b.split(2026), Err(JournalError::AlreadySplit));

        // A higher share moves only the difference.
        let rule = after[0].rule;
        b.rule(rule, "615", "40");
        let set = b.split(2026);
        b.apply(set);
        assert_eq!(b.balance("615"), yen(60_000));
    }

    #[test]
    fn a_year_with_nothing_spent_has_nothing_to_split() {
        let mut b = freelancer_2026();
        assert_eq!(b.split(2025), Err(JournalError::NothingToSplit));
    }

    #[test]
    fn a_rule_can_be_removed() {
        let mut b = freelancer_2026();
        let id = b.book.private_use_rules()[0].id;
        let ctx = b.ctx();
        let set = delete_private_use_rule(&b.book, id, ctx);
        b.apply(set);
        assert!(b.book.private_use_rules().is_empty());
        let ctx = b.ctx();
        assert_eq!(
            delete_private_use_rule(&b.book, id, ctx),
            Err(JournalError::RuleNotFound)
        );
    }

    #[test]
    fn the_summary_shows_what_the_close_carries_before_and_after_it() {
        let mut b = freelancer_2026();
        let set = b.split(2026);
        b.apply(set);
        let before = year_end_summary(&b.book, d(2026, 12, 31)).unwrap();
        assert_eq!(before.status, YearStatus::Open);
        assert_eq!((before.start, before.end), (d(2026, 1, 1), d(2026, 12, 31)));
        // By hand: profit 500,000 − 70,000 = 430,000; drawings 30,000 + 50,000;
        // 元入金 1,000,000 + 430,000 − 80,000 = 1,350,000 = the bank's balance.
        assert_eq!(before.profit, yen(430_000));
        assert_eq!(before.drawings, yen(80_000));
        assert_eq!(before.contributions, yen(0));
        assert!(before.profit_into_capital);
        assert_eq!(before.capital_before, yen(1_000_000));
        assert_eq!(before.capital_after, yen(1_350_000));
        let opening = vec![
            ("111".to_string(), yen(1_350_000)),
            ("300".to_string(), yen(1_350_000)),
        ];
        assert_eq!(b.opening(&before), opening);

        let set = b.close(2026);
        b.apply(set);
        let after = year_end_summary(&b.book, d(2026, 12, 31)).unwrap();
        assert_eq!(after.status, YearStatus::Closed);
        assert_eq!(
            YearEndSummary {
                status: YearStatus::Open,
                ..after
            },
            before
        );
        assert_eq!(
            b.balance("300"),
            -yen(1_350_000),
            "the books agree with the summary"
        );
        assert_eq!(
            year_end_summary(&b.book, d(2026, 6, 30)),
            Err(JournalError::NotFiscalYearEnd {
                date: d(2026, 6, 30)
            })
        );
    }

    #[test]
    fn a_year_locked_by_hand_is_closed_only_if_nothing_is_left_to_carry() {
        let mut b = freelancer_2026();
        b.lock(Some(d(2026, 12, 31)));
        let summary = year_end_summary(&b.book, d(2026, 12, 31)).unwrap();
        assert_eq!(summary.status, YearStatus::LockedNotClosed);

        let mut only_capital = Books::new();
        only_capital.post(d(2026, 1, 1), "111", "300", 1_000_000);
        only_capital.lock(Some(d(2026, 12, 31)));
        let summary = year_end_summary(&only_capital.book, d(2026, 12, 31)).unwrap();
        assert_eq!(summary.status, YearStatus::Closed);
    }

    #[test]
    fn a_split_in_a_closed_year_is_refused_even_after_reopening() {
        let mut b = freelancer_2026();
        let set = b.close(2026);
        b.apply(set);
        assert!(matches!(
            b.split(2026),
            Err(JournalError::AlreadyClosed { .. })
        ));
        b.lock(None);
        assert_eq!(
            b.split(2026),
            Err(JournalError::AlreadyClosed {
                through: d(2026, 12, 31)
            })
        );
    }

    #[test]
    fn years_are_offered_oldest_open_first() {
        let mut b = Books::new();
        assert_eq!(year_to_close(&b.book), None);
        b.post(d(2025, 5, 1), "111", "400", 10_000);
        b.post(d(2026, 2, 1), "111", "400", 20_000);
        let (y2025, y2026) = (
            (d(2025, 1, 1), d(2025, 12, 31)),
            (d(2026, 1, 1), d(2026, 12, 31)),
        );
        assert_eq!(fiscal_years(&b.book), vec![y2025, y2026]);
        assert_eq!(year_to_close(&b.book), Some(y2025));
        let set = b.close(2025);
        b.apply(set);
        assert_eq!(year_to_close(&b.book), Some(y2026));
        let set = b.close(2026);
        b.apply(set);
        // The 2027 opening entry does not make 2027 a year with entries.
        assert_eq!(fiscal_years(&b.book), vec![y2025, y2026]);
        assert_eq!(
            year_to_close(&b.book),
            Some(y2026),
            "all closed: the newest"
        );
    }
}
