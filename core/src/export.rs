//! Export formats: the books written out for other programs to read.
//!
//! Each format is its own versioned type, independent of how Kura stores a book:
//! the stored records can grow fields and change shape while an export format
//! stays what its readers expect. A change a reader would notice is a new
//! version (a new function or module), never a silent edit of the old one.
//!
//! - [`hledger`]: "hledger journal v1", the plain-text accounting journal that
//!   hledger and ledger read, so anyone can check Kura's figures with an
//!   independent tool.
//! - [`yayoi`]: "Yayoi import v1", the journal in the Yayoi (弥生) import format
//!   (Shift_JIS, 25 columns) for the accountant, with the account-name mapping.
//! - [`moneyforward`]: "Money Forward import v1", Money Forward クラウド会計's
//!   27-column journal import CSV, from the same vouchers and mapping.
//!
//! The accountant's files ([`yayoi`], [`moneyforward`]) hold the entries the
//! accountant's program should book: [`accountant_entries`]. Kura's year close
//! (`EntryOrigin::YearClose`, dated the first day of the next year, moving the
//! closed year's profit, 事業主貸 and 事業主借 into 元入金) is left out, with its
//! reversal if the year was reopened: the accountant's program closes the year
//! itself, and the close inside its new year would count last year's profit
//! again. (hledger's journal keeps it: it is Kura's own books, checked whole.)

use crate::book::Book;
use crate::ledger::{EntryOrigin, JournalEntry};
use crate::reports::Period;

pub mod hledger;
pub mod moneyforward;
pub mod yayoi;

/// The posted entries of `period` an accountant's file holds, in date order:
/// all but Kura's year closes (and their reversals, which keep the origin).
pub fn accountant_entries(book: &Book, period: Period) -> impl Iterator<Item = &JournalEntry> {
    book.entries_between(period.from, period.to)
        .filter(|e| e.is_posted() && e.origin() != EntryOrigin::YearClose)
}

/// How many year closes (or their reversals) of `period` the accountant's
/// files leave out: the screen says so when there are any.
pub fn year_closes_left_out(book: &Book, period: Period) -> usize {
    book.entries_between(period.from, period.to)
        .filter(|e| e.is_posted() && e.origin() == EntryOrigin::YearClose)
        .count()
}
