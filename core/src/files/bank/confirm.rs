//! Confirmed statement lines to one change set, and the user's rules.
//!
//! A line matched to a document becomes a receipt or payment through the trade
//! payment command (so the invoice or bill is settled exactly as if the payment
//! form had been used); any other line a posted entry, the bank account against
//! the chosen account, through the journal command (so period locks and archived
//! accounts are refused the same way). Both commands check against the book as
//! it is; a change set holding several lines stays valid because each document is
//! settled by one line at most and entries do not depend on one another.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::{
    BankRule, ImportedLine, LineOutcome, StatementColumn, StatementImport, StatementLine,
    StatementProfile,
};
use crate::book::{save_entry, Book, JournalError, Record, RecordKey, RecordKind, WriteCtx};
use crate::files::table::ColumnMapping;
use crate::ids::RecordId;
use crate::ledger::{
    split_gross, tax_postings, EntryHeader, EntryStatus, Posting, TaxCode, TaxRules, TaxSplitError,
    MAX_DESCRIPTION_CHARS,
};
use crate::sync::{Change, ChangeSet};
use crate::trade::{
    record_payment, Allocation, DocumentKind, PaymentDirection, PaymentInput, TradeError,
};

/// What the user confirmed a line as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assignment {
    /// A receipt (money in) or payment (money out) settling this document.
    Document { document: RecordId },
    /// An entry: the bank account against `account`.
    Account {
        account: RecordId,
        tax_code: Option<TaxCode>,
        partner: Option<RecordId>,
    },
}

/// A line and what it is confirmed as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    pub line: StatementLine,
    pub assignment: Assignment,
}

/// Why confirming lines or saving a rule was refused. `line` is the line of the
/// statement file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BankError {
    #[error("the account is not a cash or bank account")]
    NotABankAccount,
    #[error("no line was chosen")]
    NothingToConfirm,
    #[error("line {line} was imported before")]
    AlreadyImported { line: usize },
    #[error("line {line} settles a document another chosen line settles")]
    DocumentTwice { line: usize },
    #[error("line {line}: {error}")]
    Payment { line: usize, error: TradeError },
    #[error("line {line}: {error}")]
    Entry { line: usize, error: JournalError },
    #[error("line {line}: {error}")]
    Tax { line: usize, error: TaxSplitError },
    #[error("a rule needs the text to look for")]
    BlankRule,
    #[error("the rule's account does not exist or is archived")]
    RuleAccount,
}

/// The change set of confirmed lines of a statement of `bank_account`: each
/// line's payment or entry, the import record that marks them imported, and the
/// statement's column mapping remembered for the account. Ids come from `ids`.
pub fn confirm_lines(
    book: &Book,
    bank_account: RecordId,
    mapping: ColumnMapping<StatementColumn>,
    confirmations: &[Confirmation],
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, BankError> {
    if !book.is_cash_account(bank_account) {
        return Err(BankError::NotABankAccount);
    }
    if confirmations.is_empty() {
        return Err(BankError::NothingToConfirm);
    }
    check_new_and_distinct(book, bank_account, confirmations)?;
    let mut changes = Vec::new();
    let mut lines = Vec::new();
    for confirmation in confirmations {
        let (outcome, mut made) = confirm_one(book, bank_account, confirmation, ids, ctx)?;
        changes.append(&mut made);
        lines.push(ImportedLine {
            fingerprint: confirmation.line.fingerprint(),
            outcome,
        });
    }
    let import = StatementImport {
        id: ids(),
        account: bank_account,
        lines,
    };
    let profile = StatementProfile {
        account: bank_account,
        mapping,
    };
    changes.push(Change::Put {
        record: Record::StatementImport(import),
    });
    changes.push(Change::Put {
        record: Record::StatementProfile(profile),
    });
    Ok(ctx.change_set(changes))
}

/// No line was imported before (another tab may have confirmed it since the
/// proposals were made), and no document is settled by two lines.
fn check_new_and_distinct(
    book: &Book,
    bank_account: RecordId,
    confirmations: &[Confirmation],
) -> Result<(), BankError> {
    let imported: HashSet<_> = book
        .statement_imports()
        .filter(|i| i.account == bank_account)
        .flat_map(|i| i.lines.iter().map(|l| &l.fingerprint))
        .collect();
    let mut documents = HashSet::new();
    for c in confirmations {
        let line = c.line.line;
        if imported.contains(&c.line.fingerprint()) {
            return Err(BankError::AlreadyImported { line });
        }
        if let Assignment::Document { document } = c.assignment {
            if !documents.insert(document) {
                return Err(BankError::DocumentTwice { line });
            }
        }
    }
    Ok(())
}

/// One line's outcome and the changes that make it.
fn confirm_one(
    book: &Book,
    bank_account: RecordId,
    confirmation: &Confirmation,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<(LineOutcome, Vec<Change>), BankError> {
    let line = &confirmation.line;
    match confirmation.assignment {
        Assignment::Document { document } => {
            let (payment, set) =
                settle(book, bank_account, line, document, ids, ctx).map_err(|error| {
                    BankError::Payment {
                        line: line.line,
                        error,
                    }
                })?;
            Ok((LineOutcome::Payment { payment, document }, set.changes))
        }
        Assignment::Account {
            account,
            tax_code,
            partner,
        } => {
            let entry = ids();
            let set = post(
                book,
                bank_account,
                line,
                entry,
                (account, tax_code, partner),
                ctx,
            )?;
            let outcome = LineOutcome::Entry {
                entry,
                account,
                tax_code,
                partner,
            };
            Ok((outcome, set.changes))
        }
    }
}

/// A receipt or payment of the line's amount, allocated to the document whole;
/// money out to a customer's credit note is a refund (its allocation negative).
fn settle(
    book: &Book,
    bank_account: RecordId,
    line: &StatementLine,
    document: RecordId,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<(RecordId, ChangeSet), TradeError> {
    let doc = book
        .document(document)
        .ok_or(TradeError::DocumentNotFound)?;
    let amount = line.amount.abs();
    let (direction, allocated) = if line.amount > Decimal::ZERO {
        (PaymentDirection::Received, amount)
    } else if doc.kind == DocumentKind::CreditNote {
        (PaymentDirection::Refunded, -amount)
    } else {
        (PaymentDirection::Paid, amount)
    };
    let input = PaymentInput {
        direction,
        partner: doc.partner,
        date: line.date,
        account: bank_account,
        amount,
        fee: Decimal::ZERO,
        withholding: Decimal::ZERO,
        allocations: vec![Allocation {
            document,
            amount: allocated,
        }],
        memo: line.description.clone(),
    };
    let (payment, entry) = (ids(), ids());
    Ok((payment, record_payment(book, input, payment, entry, ctx)?))
}

/// A posted entry: the bank account for the line's amount, the chosen account
/// against it (its tax split out in a tax-exclusive book).
fn post(
    book: &Book,
    bank_account: RecordId,
    line: &StatementLine,
    entry: RecordId,
    (account, tax_code, partner): (RecordId, Option<TaxCode>, Option<RecordId>),
    ctx: WriteCtx,
) -> Result<ChangeSet, BankError> {
    let at = line.line;
    let bank = Posting {
        account: bank_account,
        amount: line.amount,
        tax_code: None,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    };
    let other = Posting {
        account,
        amount: -line.amount,
        tax_code,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    };
    let chart = book.accounts();
    let (other, tax) = split_gross(&other, line.date, &TaxRules::for_book(book), &chart)
        .map_err(|error| BankError::Tax { line: at, error })?;
    let mut lines = vec![bank, other];
    lines.extend(tax_postings(&tax));
    let header = EntryHeader {
        id: entry,
        date: line.date,
        description: line
            .description
            .chars()
            .take(MAX_DESCRIPTION_CHARS)
            .collect(),
        partner: partner
            .and_then(|p| book.partner(p))
            .map(|p| p.name.clone()),
        status: EntryStatus::Posted,
        corrects: None,
    };
    save_entry(book, header, lines, ctx).map_err(|error| BankError::Entry { line: at, error })
}

/// Adds a rule or changes one.
pub fn save_rule(book: &Book, rule: BankRule, ctx: WriteCtx) -> Result<ChangeSet, BankError> {
    if super::normalize_name(&rule.contains).is_empty() {
        return Err(BankError::BlankRule);
    }
    if book.account(rule.account).is_none_or(|a| a.archived) {
        return Err(BankError::RuleAccount);
    }
    let rule = BankRule {
        contains: rule.contains.trim().to_string(),
        ..rule
    };
    Ok(ctx.change_set(vec![Change::Put {
        record: Record::BankRule(rule),
    }]))
}

/// Removes a rule (a tombstone, so its history keeps it).
pub fn delete_rule(id: RecordId, ctx: WriteCtx) -> ChangeSet {
    let key = RecordKey {
        kind: RecordKind::BankRule,
        id,
    };
    ctx.change_set(vec![Change::Delete { key }])
}
