//! The books of account (帳簿): the chart of accounts, the journal and its
//! entry form, quick entry, and the year end.
//!
//! Each module is a page; what two pages share is in `crate::components`.

mod accounts;
mod closing;
mod journal;
mod quick_entry;

pub use accounts::AccountsPage;
pub use closing::ClosingPage;
pub use journal::{CorrectEntryPage, EntryPage, JournalPage, NewEntryPage};
pub use quick_entry::QuickEntryPage;
