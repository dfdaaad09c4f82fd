//! What each new statement line should become, and whether the statement's
//! closing balance agrees with the books.
//!
//! In order: a match to an open invoice (money in) or bill (money out) of the
//! same amount whose partner's name or reading is in the description; else the
//! first of the user's rules whose text the description contains (the longest
//! text first: the most specific rule wins); else what the user chose the last
//! time a line with the same description came in; else nothing, and the user
//! picks.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{normalize_name, Fingerprint, LineOutcome, StatementLine};
use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::TaxCode;
use crate::reports::open_items;
use crate::trade::TradeSide;

/// Where an account proposal came from (the screen says which).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalSource {
    Rule,
    Learned,
}

/// What a line is proposed to become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proposal {
    /// A receipt or payment settling this document of this partner.
    Document {
        document: RecordId,
        partner: RecordId,
    },
    /// An entry against this account.
    Account {
        account: RecordId,
        tax_code: Option<TaxCode>,
        partner: Option<RecordId>,
        source: ProposalSource,
    },
    /// Nothing found: the user must choose.
    Unassigned,
}

/// A new line and its proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposedLine {
    pub line: StatementLine,
    pub proposal: Proposal,
}

/// The proposals for a statement: its new lines, and how many were skipped
/// because an earlier import of the account has them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposals {
    pub lines: Vec<ProposedLine>,
    pub already_imported: usize,
}

/// The proposals for the lines of a statement of `bank_account`.
pub fn propose(book: &Book, bank_account: RecordId, lines: &[StatementLine]) -> Proposals {
    let imported = imported_fingerprints(book, bank_account);
    let learned = learned_choices(book);
    let open = OpenDocuments::of(book);
    let mut used_documents = HashSet::new();
    let mut proposed = Vec::new();
    for line in lines
        .iter()
        .filter(|l| !imported.contains(&l.fingerprint()))
    {
        let description = normalize_name(&line.description);
        let proposal = open
            .matching(line, &description, &used_documents)
            .or_else(|| rule_for(book, &description))
            .or_else(|| learned.get(&description).cloned())
            .unwrap_or(Proposal::Unassigned);
        if let Proposal::Document { document, .. } = proposal {
            // One line settles a document; a second equal transfer is not matched to it too.
            used_documents.insert(document);
        }
        proposed.push(ProposedLine {
            line: line.clone(),
            proposal,
        });
    }
    Proposals {
        already_imported: lines.len() - proposed.len(),
        lines: proposed,
    }
}

fn imported_fingerprints(book: &Book, bank_account: RecordId) -> HashSet<Fingerprint> {
    book.statement_imports()
        .filter(|i| i.account == bank_account)
        .flat_map(|i| i.lines.iter().map(|l| l.fingerprint.clone()))
        .collect()
}

/// The open invoices, bills and customers' credits, each with its partner's names normalized: read
/// once per statement, not once per line.
struct OpenDocuments {
    /// (side, open amount, document, partner, the partner's normalized names)
    items: Vec<(TradeSide, Decimal, RecordId, RecordId, Vec<String>)>,
}

impl OpenDocuments {
    fn of(book: &Book) -> OpenDocuments {
        let mut names: HashMap<RecordId, Vec<String>> = HashMap::new();
        let mut items = Vec::new();
        for side in [TradeSide::Sales, TradeSide::Purchase] {
            for item in open_items(book, side, NaiveDate::MAX) {
                let partner = item.partner;
                let known = names
                    .entry(partner)
                    .or_insert_with(|| partner_names(book, partner));
                items.push((side, item.open, item.document, partner, known.clone()));
            }
        }
        OpenDocuments { items }
    }

    /// The open document of the line's amount and direction whose partner
    /// the description names, when exactly one does (money out to a customer
    /// matches its credit, to refund).
    fn matching(
        &self,
        line: &StatementLine,
        description: &str,
        used: &HashSet<RecordId>,
    ) -> Option<Proposal> {
        // The money the item brings in (a receivable) or takes out (a
        // payable, or a customer's credit to refund), signed as the line is.
        let cash = |side: &TradeSide, open: Decimal| match side {
            TradeSide::Sales => open,
            TradeSide::Purchase => -open,
        };
        let mut found = self.items.iter().filter(|(s, open, document, _, names)| {
            cash(s, *open) == line.amount
                && !used.contains(document)
                && names.iter().any(|n| description.contains(n.as_str()))
        });
        let (_, _, document, partner, _) = found.next()?;
        // Two candidates is a guess, and a wrong match would close the wrong invoice.
        found.next().is_none().then_some(Proposal::Document {
            document: *document,
            partner: *partner,
        })
    }
}

/// A partner's name and reading, normalized; one letter is too little to match on.
fn partner_names(book: &Book, partner: RecordId) -> Vec<String> {
    book.partner(partner)
        .map(|p| {
            [&p.name, &p.reading]
                .into_iter()
                .map(|n| normalize_name(n))
                .filter(|n| n.chars().count() >= 2)
                .collect()
        })
        .unwrap_or_default()
}

/// The most specific rule whose text the description contains.
fn rule_for(book: &Book, description: &str) -> Option<Proposal> {
    book.bank_rules()
        .map(|r| (normalize_name(&r.contains), r))
        .filter(|(text, _)| !text.is_empty() && description.contains(text.as_str()))
        .max_by(|(a, ra), (b, rb)| (a.chars().count(), rb.id).cmp(&(b.chars().count(), ra.id)))
        .map(|(_, r)| Proposal::Account {
            account: r.account,
            tax_code: r.tax_code,
            partner: r.partner,
            source: ProposalSource::Rule,
        })
}

/// What the user chose for each normalized description, the latest line (by
/// date) winning, from every import of every account.
fn learned_choices(book: &Book) -> HashMap<String, Proposal> {
    let mut latest: HashMap<String, (NaiveDate, Proposal)> = HashMap::new();
    for line in book.statement_imports().flat_map(|i| &i.lines) {
        let LineOutcome::Entry {
            account,
            tax_code,
            partner,
            ..
        } = line.outcome
        else {
            continue;
        };
        let key = normalize_name(&line.fingerprint.description);
        let date = line.fingerprint.date;
        if latest.get(&key).is_some_and(|(d, _)| *d > date) {
            continue;
        }
        let proposal = Proposal::Account {
            account,
            tax_code,
            partner,
            source: ProposalSource::Learned,
        };
        latest.insert(key, (date, proposal));
    }
    latest.into_iter().map(|(k, (_, p))| (k, p)).collect()
}

/// The statement's closing balance against the books' balance of the account
/// on the same day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BalanceCheck {
    pub date: NaiveDate,
    pub statement: Decimal,
    pub book: Decimal,
    /// Statement less book: zero when they agree.
    pub difference: Decimal,
}

/// The check on the statement's last balance (the last line of a statement in
/// date order, the first of one listed newest first), or `None` when the
/// statement has no balance column.
pub fn balance_check(
    book: &Book,
    bank_account: RecordId,
    lines: &[StatementLine],
) -> Option<BalanceCheck> {
    let newest_first = match (lines.first(), lines.last()) {
        (Some(first), Some(last)) => first.date > last.date,
        _ => return None,
    };
    let mut with_balance = lines.iter().filter(|l| l.balance.is_some());
    let closing = if newest_first {
        with_balance.next()
    } else {
        with_balance.next_back()
    }?;
    let statement = closing.balance?;
    let in_book = book_balance(book, bank_account, closing.date);
    Some(BalanceCheck {
        date: closing.date,
        statement,
        book: in_book,
        difference: statement - in_book,
    })
}

/// The posted balance (debit positive) of an account at the end of a day.
pub fn book_balance(book: &Book, account: RecordId, on: NaiveDate) -> Decimal {
    book.entries()
        .take_while(|e| e.date() <= on)
        .filter(|e| e.is_posted())
        .flat_map(|e| e.lines())
        .filter(|p| p.account == account)
        .map(|p| p.amount)
        .sum()
}
