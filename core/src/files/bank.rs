//! Bank and card statements.
//!
//! A statement CSV is decoded ([`super::text`]), its columns mapped once per bank
//! account ([`StatementProfile`], remembered), and each line not imported before
//! becomes a proposed entry: matched to an open invoice or bill, or given an
//! account and tax code by a [`BankRule`] or by what the user chose before.
//! Nothing is posted until the user confirms; a confirmed import is a
//! [`StatementImport`] record, which is how lines already imported are skipped.
//!
//! - [`read`]: the statement's columns, dates and amounts, to [`StatementLine`]s.
//! - [`names`]: transfer names (half-width kana) made comparable with partners'.
//! - [`propose`]: what each new line should become, and the closing-balance check.
//! - [`confirm`]: confirmed lines to one change set; the user's rules.

mod confirm;
mod names;
mod propose;
mod read;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::table::ColumnMapping;
use crate::ids::RecordId;
use crate::ledger::TaxCode;

pub use confirm::{confirm_lines, delete_rule, save_rule, Assignment, BankError, Confirmation};
pub use names::normalize_name;
pub use propose::{
    balance_check, book_balance, propose, BalanceCheck, Proposal, ProposalSource, Proposals,
    ProposedLine,
};
pub use read::{
    load_statement, parse_date, parse_statement, statement_mapping, StatementColumn,
    STATEMENT_COLUMNS,
};

/// How one bank account's statements are read. Keyed by the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementProfile {
    /// The bank (or card) account of the chart this statement belongs to.
    pub account: RecordId,
    /// Which column holds what, as the user last confirmed it.
    pub mapping: ColumnMapping<StatementColumn>,
}

/// A rule the user made: statement lines whose description contains `contains`
/// (compared as [`normalize_name`] makes it) go to `account` with `tax_code`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankRule {
    pub id: RecordId,
    pub contains: String,
    pub account: RecordId,
    #[serde(default)]
    pub tax_code: Option<TaxCode>,
    #[serde(default)]
    pub partner: Option<RecordId>,
}

/// The lines of a statement that were imported, with what each became.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementImport {
    pub id: RecordId,
    /// The bank account the statement is of.
    pub account: RecordId,
    pub lines: Vec<ImportedLine>,
}

/// One imported line: what identifies it, and what it became.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedLine {
    pub fingerprint: Fingerprint,
    pub outcome: LineOutcome,
}

/// What tells a statement line from every other: a bank repeats none of these
/// together except for truly identical lines (two equal transfers on one day
/// with no balance column), which the occurrence number tells apart.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    pub date: NaiveDate,
    /// Signed: money in is positive.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub description: String,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub balance: Option<Decimal>,
    /// 0 for the first such line of the file, 1 for the next identical one…
    #[serde(default)]
    pub occurrence: u32,
}

/// What a confirmed line became.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum LineOutcome {
    /// A receipt or payment settling a document.
    Payment {
        payment: RecordId,
        document: RecordId,
    },
    /// A posted entry, bank account against `account`.
    Entry {
        entry: RecordId,
        account: RecordId,
        #[serde(default)]
        tax_code: Option<TaxCode>,
        #[serde(default)]
        partner: Option<RecordId>,
    },
}

/// One line of a statement as read: its line in the file, and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    pub line: usize,
    pub date: NaiveDate,
    pub description: String,
    /// Signed: a deposit is positive, a withdrawal negative.
    pub amount: Decimal,
    pub balance: Option<Decimal>,
    /// How many identical lines (date, amount, description, balance) came before.
    pub occurrence: u32,
}

impl StatementLine {
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            date: self.date,
            amount: self.amount,
            description: self.description.clone(),
            balance: self.balance,
            occurrence: self.occurrence,
        }
    }
}

/// The statement records of a book, read once per use.
impl crate::book::Book {
    /// The remembered statement columns of a bank account.
    pub fn statement_profile(&self, account: RecordId) -> Option<&StatementProfile> {
        use crate::book::{Record, RecordKey, RecordKind};
        let key = RecordKey {
            kind: RecordKind::StatementProfile,
            id: account,
        };
        match self.record(&key) {
            Some(Record::StatementProfile(p)) => Some(p),
            _ => None,
        }
    }

    /// Every bank rule, in no particular order.
    pub fn bank_rules(&self) -> impl Iterator<Item = &BankRule> + '_ {
        use crate::book::{Record, RecordKind};
        self.live_records(RecordKind::BankRule, |r| match r {
            Record::BankRule(rule) => Some(rule),
            _ => None,
        })
    }

    /// Every statement import, of every bank account.
    pub fn statement_imports(&self) -> impl Iterator<Item = &StatementImport> + '_ {
        use crate::book::{Record, RecordKind};
        self.live_records(RecordKind::StatementImport, |r| match r {
            Record::StatementImport(i) => Some(i),
            _ => None,
        })
    }
}
