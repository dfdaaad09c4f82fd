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

pub mod hledger;
pub mod moneyforward;
pub mod yayoi;
