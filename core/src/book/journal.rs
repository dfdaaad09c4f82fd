//! Commands on the journal and the chart: each checks the book's rules and
//! returns the change set to commit, or says why not.
//!
//! The rules: an entry's accounts must exist and not be archived; nothing is
//! dated inside a closed period; a draft may be edited or deleted, a posted entry
//! never is — it is corrected by a reversal plus a new entry, both linked to it,
//! and the original stays readable.

use chrono::NaiveDate;

use super::{Book, PeriodLock, Record, RecordKey, RecordKind, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::{
    Account, AccountRole, EntryError, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting,
};
use crate::money::Currency;
use crate::sync::{Change, ChangeSet};

/// Why a journal or chart command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    Entry(#[from] EntryError),
    #[error("line {line} uses an account that does not exist")]
    UnknownAccount { line: usize },
    #[error("line {line} uses an archived account")]
    ArchivedAccount { line: usize },
    #[error("the books are closed through {through}; reopen the period to post on {date}")]
    PeriodClosed { through: NaiveDate, date: NaiveDate },
    #[error("the entry was not found")]
    EntryNotFound,
    #[error("a posted entry cannot be changed; correct or reverse it instead")]
    AlreadyPosted,
    #[error("only a posted entry can be corrected or reversed")]
    NotPosted,
    #[error("the account was not found")]
    AccountNotFound,
    #[error("an account needs a code and a name")]
    IncompleteAccount,
    #[error("another account already has the code {0}")]
    DuplicateCode(String),
    #[error("the account has postings; archive it instead of deleting it")]
    AccountInUse,
    #[error("the book has no settings record")]
    NoSettings,
    #[error("{date} is not the last day of a fiscal year")]
    NotFiscalYearEnd { date: NaiveDate },
    #[error("the books are already closed through {through}")]
    AlreadyClosed { through: NaiveDate },
    #[error("{count} draft entries are dated on or before {date}; post or delete them first")]
    DraftsRemain { count: usize, date: NaiveDate },
    #[error("the chart has no {0:?} account")]
    MissingRole(AccountRole),
    #[error("the private share must be more than 0 and at most 1")]
    InvalidPrivateShare,
    #[error("a private-use rule needs a note of its basis")]
    BlankBasis,
    #[error("a private-use split applies to an expense account only")]
    NotAnExpense,
    #[error("the account already has a private-use rule")]
    DuplicateRule,
    #[error("the private-use rule was not found")]
    RuleNotFound,
    #[error("there is nothing to split in the period")]
    NothingToSplit,
    #[error("the private-use split of the period is already posted")]
    AlreadySplit,
    #[error("'{0}' is not a percentage")]
    ShareNotANumber(String),
    #[error("the entry was posted by a document or payment; cancel that instead")]
    PostedByDocument,
    #[error("the entry is already reversed")]
    AlreadyReversed,
}

fn put(record: Record) -> Change {
    Change::Put { record }
}

fn set(ctx: WriteCtx, changes: Vec<Change>) -> ChangeSet {
    ChangeSet {
        id: ctx.set_id,
        stamp: ctx.stamp,
        changes,
        link: None,
    }
}

fn currency(book: &Book) -> Result<Currency, JournalError> {
    book.settings()
        .map(|s| s.currency)
        .ok_or(JournalError::NoSettings)
}

fn check_open_period(book: &Book, date: NaiveDate) -> Result<(), JournalError> {
    match book.closed_through() {
        Some(through) if date <= through => Err(JournalError::PeriodClosed { through, date }),
        _ => Ok(()),
    }
}

fn check_accounts(book: &Book, lines: &[Posting]) -> Result<(), JournalError> {
    for (i, posting) in lines.iter().enumerate() {
        let line = i + 1;
        match book.account(posting.account) {
            None => return Err(JournalError::UnknownAccount { line }),
            Some(a) if a.archived => return Err(JournalError::ArchivedAccount { line }),
            Some(_) => {}
        }
    }
    Ok(())
}

/// Builds an entry after checking it against the book.
pub(crate) fn checked_entry(
    book: &Book,
    header: EntryHeader,
    lines: Vec<Posting>,
) -> Result<JournalEntry, JournalError> {
    check_open_period(book, header.date)?;
    check_accounts(book, &lines)?;
    Ok(JournalEntry::new(header, lines, currency(book)?)?)
}

/// Refuses to touch an existing posted entry under the same id.
fn check_not_posted(book: &Book, id: RecordId) -> Result<(), JournalError> {
    match book.entry(id) {
        Some(existing) if existing.is_posted() => Err(JournalError::AlreadyPosted),
        Some(existing) => check_open_period(book, existing.date()),
        None => Ok(()),
    }
}

/// Saves a new entry or replaces a draft, as a draft or posted (by `header.status`).
/// Posting a draft is saving it with status `Posted`.
pub fn save_entry(
    book: &Book,
    header: EntryHeader,
    lines: Vec<Posting>,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    check_not_posted(book, header.id)?;
    let entry = checked_entry(book, header, lines)?;
    Ok(set(ctx, vec![put(Record::JournalEntry(entry))]))
}

/// Deletes a draft (a tombstone, so the deletion is in its history), and the
/// files attached to it: a draft is not evidence yet, and a file left behind
/// would be kept but shown nowhere.
pub fn delete_draft(book: &Book, id: RecordId, ctx: WriteCtx) -> Result<ChangeSet, JournalError> {
    book.entry(id).ok_or(JournalError::EntryNotFound)?;
    check_not_posted(book, id)?;
    let attachments = book.attachments_of(id).into_iter().map(|a| RecordKey {
        kind: RecordKind::Attachment,
        id: a.id,
    });
    let entry = RecordKey {
        kind: RecordKind::JournalEntry,
        id,
    };
    let changes = attachments
        .chain([entry])
        .map(|key| Change::Delete { key })
        .collect();
    Ok(set(ctx, changes))
}

/// Reverses a posted entry on `date`: a new posted entry with every line's sign
/// flipped, linked to the original.
pub fn reverse_entry(
    book: &Book,
    original: RecordId,
    reversal_id: RecordId,
    date: NaiveDate,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    check_entered_here(book, original)?;
    let reversal = reversal_of(book, original, reversal_id, date)?;
    Ok(set(ctx, vec![put(Record::JournalEntry(reversal))]))
}

/// An entry a document or payment posted is undone by cancelling that (which
/// keeps the document and its entry in step), never from the journal.
fn check_entered_here(book: &Book, original: RecordId) -> Result<(), JournalError> {
    match book.entry(original) {
        Some(entry) if matches!(entry.origin(), EntryOrigin::Document | EntryOrigin::Stock) => {
            Err(JournalError::PostedByDocument)
        }
        _ => Ok(()),
    }
}

/// The posted reversal of a posted entry, dated `date`, linked to it.
pub(crate) fn reversal_of(
    book: &Book,
    original: RecordId,
    reversal_id: RecordId,
    date: NaiveDate,
) -> Result<JournalEntry, JournalError> {
    let entry = book.entry(original).ok_or(JournalError::EntryNotFound)?;
    if !entry.is_posted() {
        return Err(JournalError::NotPosted);
    }
    let header = EntryHeader {
        id: reversal_id,
        date,
        description: entry.description().to_string(),
        partner: entry.partner().map(str::to_string),
        status: EntryStatus::Posted,
        corrects: Some(original),
    };
    let key = RecordKey {
        kind: RecordKind::JournalEntry,
        id: original,
    };
    if book.is_out_of_range(&key) {
        return reversal_beyond_limits(book, entry, header);
    }
    // A reversal keeps the origin, so reports treat it like what it undoes.
    Ok(checked_entry(book, header, entry.reversed_lines())?.with_origin(entry.origin()))
}

/// The repair of a posted entry beyond the limits (written by an earlier
/// build): its exact negation, itself beyond the limits, so the book keeps
/// both out of its reports and counts the pair as repaired. Once only.
fn reversal_beyond_limits(
    book: &Book,
    entry: &JournalEntry,
    header: EntryHeader,
) -> Result<JournalEntry, JournalError> {
    if book.reversal_beyond_limits(entry.id()).is_some() {
        return Err(JournalError::AlreadyReversed);
    }
    check_open_period(book, header.date)?;
    Ok(entry.reversal_beyond_limits(header)?)
}

/// Corrects a posted entry: reverses it and posts the corrected version, both in
/// one change set, both linked to the original. `corrected.id` is the new entry's id.
pub fn correct_entry(
    book: &Book,
    original: RecordId,
    reversal_id: RecordId,
    corrected: EntryHeader,
    lines: Vec<Posting>,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    check_entered_here(book, original)?;
    let reversal = reversal_of(book, original, reversal_id, corrected.date)?;
    let header = EntryHeader {
        status: EntryStatus::Posted,
        corrects: Some(original),
        ..corrected
    };
    let replacement = checked_entry(book, header, lines)?;
    Ok(set(
        ctx,
        vec![
            put(Record::JournalEntry(reversal)),
            put(Record::JournalEntry(replacement)),
        ],
    ))
}

/// Closes the books through `through`, or reopens them (`None`). Each closing and
/// reopening is a version of the book's period lock, so both stay in its history.
pub fn set_closed_through(
    book: &Book,
    through: Option<NaiveDate>,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    let book_id = book.settings().ok_or(JournalError::NoSettings)?.book_id;
    let lock = PeriodLock {
        book_id,
        closed_through: through,
    };
    Ok(set(ctx, vec![put(Record::PeriodLock(lock))]))
}

/// Adds an account or changes one (its code must stay unique among live accounts).
pub fn save_account(
    book: &Book,
    account: Account,
    ctx: WriteCtx,
) -> Result<ChangeSet, JournalError> {
    if account.code.trim().is_empty()
        || (account.name_ja.trim().is_empty() && account.name_en.trim().is_empty())
    {
        return Err(JournalError::IncompleteAccount);
    }
    let clash = book
        .accounts()
        .into_iter()
        .any(|a| a.code == account.code && a.id != account.id);
    if clash {
        return Err(JournalError::DuplicateCode(account.code));
    }
    Ok(set(ctx, vec![put(Record::Account(account))]))
}

/// Deletes an account that has never been posted to; others are archived.
pub fn delete_account(book: &Book, id: RecordId, ctx: WriteCtx) -> Result<ChangeSet, JournalError> {
    book.account(id).ok_or(JournalError::AccountNotFound)?;
    if book.account_has_postings(id) {
        return Err(JournalError::AccountInUse);
    }
    let key = RecordKey {
        kind: RecordKind::Account,
        id,
    };
    Ok(set(ctx, vec![Change::Delete { key }]))
}
