//! Files: the only way data enters or leaves Kura (besides the keyboard).
//!
//! Every import here follows one rule: the whole file is parsed and checked
//! first, and only a file without problems becomes a change set (one IndexedDB
//! transaction in the app). A bad file gets a list of [`Problem`]s, each with its
//! line and column, and the book is left exactly as it was.
//!
//! - [`text`]: bytes to text (UTF-8 with or without BOM, Shift_JIS/CP932 as most
//!   Japanese banks and Yayoi write it) and text to Shift_JIS, with encoding_rs.
//! - [`table`]: CSV text to numbered rows (the csv crate), and the header mapping
//!   step every CSV import shares.
//! - [`problem`]: what is wrong with a file, where.
//! - [`backup`]: the whole-book backup file (a versioned ZIP, optionally encrypted).
//! - [`bank`]: bank and card statements turned into proposed entries.
//! - [`interchange`]: CSV import and export of journal entries, partners and items.
//!
//! Exports for other programs (Yayoi, Money Forward, hledger) are in
//! [`crate::export`]; the device sync file is in [`crate::sync`].

pub mod backup;
pub mod bank;
pub mod interchange;
pub mod problem;
pub mod table;
pub mod text;

pub use problem::{capped, Problem, ProblemKind, Problems, MAX_LISTED_PROBLEMS};
