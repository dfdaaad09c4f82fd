//! Bank and card statements (helper: bank fills this module; see the issue).
//!
//! A statement CSV is decoded ([`super::text`]), its columns mapped once per bank
//! account ([`StatementProfile`], remembered), and each line not imported before
//! becomes a proposed entry: matched to an open invoice or bill, or given an
//! account and tax code by a [`BankRule`] or by what the user chose before.
//! Nothing is posted until the user confirms; a confirmed import is a
//! [`StatementImport`] record, which is how lines already imported are skipped.

use serde::{Deserialize, Serialize};

use crate::ids::RecordId;

/// How one bank account's statements are read. Keyed by the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementProfile {
    /// The bank (or card) account of the chart this statement belongs to.
    pub account: RecordId,
}

/// A rule the user made: statement lines like this go to that account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankRule {
    pub id: RecordId,
}

/// The lines of a statement that were imported, with what each became.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementImport {
    pub id: RecordId,
}
