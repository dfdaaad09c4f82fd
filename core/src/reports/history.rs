//! The change history (変更履歴, the audit trail): every change to the book's
//! posted entries, accounts, settings, period lock and private-use rules, in the
//! order it was made, with what the record was before and after.
//!
//! It is read from the versions the [`Book`] keeps of every record (nothing is
//! logged separately, so nothing can be left out): a version becomes a row when
//! it changes something a bookkeeper must be able to account for.
//! - Entries count from the moment they are posted. Drafts come and go freely,
//!   so their versions are left out; posting one is a row. A posted entry that
//!   undoes another (`corrects`) is a reversal (取消) or a correction (訂正),
//!   and its row's `before` is the entry it undoes. A posted entry changed in
//!   place or deleted is a row too: Kura's commands never do that, so such a
//!   version can only have come from outside, and it must not pass unseen.
//! - The accounts a new book starts with (its template) are part of creating
//!   the book and are not listed one by one; every account added, changed or
//!   deleted later is.
//! - A file attached to a posted entry, and its removal (the record is kept,
//!   marked removed), are rows; a draft's files are not.
//! - Closing the period and reopening it are rows of their own, so a reopened
//!   period shows that it was closed and when it was opened again.
//! - Sales and purchasing documents count from the moment they are issued, as
//!   entries from posting: a draft's versions are left out, issuing and
//!   cancelling are rows, and so is any other change to an issued document
//!   (which, as for entries, the commands never make). Recording a payment and
//!   cancelling it are rows; partners and the business profile are listed like
//!   accounts. A device's number series is bookkeeping of the numbering only and
//!   is not listed (the numbers show on the documents).
//!
//! When a change was made is the wall time of its stamp; the core never reads
//! a clock or a time zone, so the caller turns it into local time
//! (`local_time`), and the query's dates are local days.

use std::sync::Arc;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::search::{contains, needle};
use super::{currency, Period};
use crate::book::{
    Attachment, Book, BookSettings, PeriodLock, PrivateUseRule, Record, RecordKey, RecordKind,
};
use crate::ids::RecordId;
use crate::inventory::{Item, StockMove};
use crate::ledger::{Account, JournalEntry};
use crate::locale::{
    format_bytes, format_date, format_money, format_month_day, format_number, Locale,
};
use crate::sync::Stamp;
use crate::trade::{
    book_totals, BusinessProfile, Document, DocumentStatus, Partner, Payment, PaymentStatus,
};

/// Which changes to list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryQuery {
    /// The local days the changes were made on (not the entries' dates).
    pub period: Option<Period>,
    /// Part of a description, partner, memo, account code or name, book name,
    /// rule basis or record id (ignoring case and full/half width); blank lists
    /// every change.
    pub text: Option<String>,
}

/// How a posted entry relates to the posted entry it undoes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryLink {
    /// It reverses `original` line for line (取消).
    Reversal { original: RecordId },
    /// It replaces `original` (訂正); a reversal made with it undoes the original.
    Correction { original: RecordId },
}

impl EntryLink {
    pub fn original(&self) -> RecordId {
        match *self {
            EntryLink::Reversal { original } | EntryLink::Correction { original } => original,
        }
    }
}

/// Whether `entry` undoes a posted entry, and how: a reversal has exactly the
/// original's lines with the sides swapped; any other entry linked to an
/// original (or linked to one no longer in the book) is a correction.
pub fn entry_link(book: &Book, entry: &JournalEntry) -> Option<EntryLink> {
    let original = entry.corrects()?;
    let reverses = book
        .entry(original)
        .is_some_and(|o| o.reversed_lines() == entry.lines());
    Some(if reverses {
        EntryLink::Reversal { original }
    } else {
        EntryLink::Correction { original }
    })
}

/// A field whose change a row names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    // A journal entry's.
    Status,
    Date,
    Description,
    Partner,
    Lines,
    Corrects,
    // An account's.
    Code,
    Name,
    Kind,
    Parent,
    Role,
    DefaultTax,
    /// An account's business class or purchase use (consumption tax).
    TaxClass,
    Archived,
    StatementLine,
    // The book's settings.
    BookName,
    OwnerName,
    Currency,
    FiscalYearStart,
    Language,
    ChartTemplate,
    TaxAccounting,
    // A private-use rule's (and a payment's cash or bank account).
    Account,
    Share,
    Basis,
    // A partner's (and, where they apply, the business profile's).
    PartnerName,
    Roles,
    Address,
    Contact,
    Terms,
    PriceBasis,
    Registration,
    Bank,
    Notes,
    // A document's (with Status, Date, Partner, Lines and Notes).
    Number,
    DueDate,
    Subject,
    /// The documents it was made from, credits or consolidates.
    Links,
    // A payment's (with Status, Date, Partner, Account and Description).
    Amount,
    Allocations,
    // The business profile's.
    TaxRounding,
    WithholdingBooking,
    Images,
}

/// What a change did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// An entry was posted (entered as posted, or a draft posted).
    Posted,
    /// A posted entry reversing `original` was posted.
    Reversal { original: RecordId },
    /// A posted entry replacing `original` was posted (with its reversal).
    Correction { original: RecordId },
    /// The book was created (with the accounts of its template).
    BookCreated,
    /// A record was added: an account, a private-use rule, an attachment.
    Added,
    /// A record changed: these fields differ from its version before.
    Changed { fields: Vec<Field> },
    /// A record was deleted (for an entry: a posted one, see the module notes;
    /// for an attachment: removed from its entry).
    Deleted,
    /// The books were closed through this day (or further than before).
    PeriodClosed { through: chrono::NaiveDate },
    /// The books were reopened: now closed through `through`, or not at all.
    PeriodReopened { through: Option<chrono::NaiveDate> },
    /// A document was issued (numbered and, if it posts, posted).
    Issued,
    /// An issued document or a recorded payment was cancelled (its entry reversed).
    Cancelled,
}

/// One change to one record.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// When, in local time.
    pub at: NaiveDateTime,
    /// The change set's stamp: the order of the rows.
    pub stamp: Stamp,
    pub record: RecordKey,
    pub change: ChangeKind,
    /// The record before the change: its previous version, or for a reversal
    /// or a correction the entry it undoes; `None` for a new record.
    pub before: Option<Arc<Record>>,
    /// The record after the change; `None` once deleted.
    pub after: Option<Arc<Record>>,
}

/// The change history for a query, oldest change first.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeHistory {
    pub query: HistoryQuery,
    pub rows: Vec<HistoryRow>,
}

/// The changes the query asks for, oldest first (changes of one action, such as
/// a correction's reversal and replacement, keep their order: reversal first).
/// `local_time` turns a stamp's wall time (Unix milliseconds) into local time.
pub fn change_history(
    book: &Book,
    query: &HistoryQuery,
    local_time: impl Fn(u64) -> NaiveDateTime,
) -> ChangeHistory {
    let text = needle(&query.text);
    let created = book_created(book);
    let mut rows = Vec::new();
    for (key, versions) in book.histories() {
        let mut before: Option<&Arc<Record>> = None;
        for version in versions {
            let after = version.record.as_ref();
            let change = classify(
                book,
                key.kind,
                before,
                after,
                Some(version.stamp) == created,
            );
            if let Some((change, shown_before)) = change {
                let at = local_time(version.stamp.0.wall_ms);
                let in_period = query.period.is_none_or(|p| p.contains(at.date()));
                let row = HistoryRow {
                    at,
                    stamp: version.stamp,
                    record: *key,
                    change,
                    before: shown_before.cloned(),
                    after: after.cloned(),
                };
                if in_period && text.as_ref().is_none_or(|t| row_matches(book, &row, t)) {
                    rows.push(row);
                }
            }
            before = after;
        }
    }
    rows.sort_by_key(|r| (r.stamp, rank(&r.change), r.record));
    ChangeHistory {
        query: query.clone(),
        rows,
    }
}

/// A reversal comes before the correction made with it.
fn rank(change: &ChangeKind) -> u8 {
    match change {
        ChangeKind::Correction { .. } => 1,
        _ => 0,
    }
}

/// The stamp of the book's creation (its settings' first version).
fn book_created(book: &Book) -> Option<Stamp> {
    let id = book.settings()?.book_id;
    let key = RecordKey {
        kind: RecordKind::BookSettings,
        id,
    };
    book.history(&key).first().map(|v| v.stamp)
}

type Shown<'a> = Option<&'a Arc<Record>>;

/// What a version changed, and which record to show as "before"; `None` when
/// the version is not a change the history lists.
fn classify<'a>(
    book: &'a Book,
    kind: RecordKind,
    before: Shown<'a>,
    after: Shown<'a>,
    with_the_book: bool,
) -> Option<(ChangeKind, Shown<'a>)> {
    match kind {
        RecordKind::JournalEntry => entry_change(book, before, after),
        RecordKind::PeriodLock => lock_change(before, after).map(|c| (c, before)),
        RecordKind::BookSettings if before.is_none() => Some((ChangeKind::BookCreated, None)),
        RecordKind::Account if before.is_none() && with_the_book => None,
        RecordKind::Document => document_change(before, after),
        RecordKind::Payment => payment_change(before, after).map(|c| (c, before)),
        RecordKind::DeviceSeries => None,
        RecordKind::BookSettings
        | RecordKind::Account
        | RecordKind::PrivateUseRule
        | RecordKind::Partner
        | RecordKind::BusinessProfile
        | RecordKind::Item
        | RecordKind::Location
        | RecordKind::StockMove
        | RecordKind::Stocktake
        | RecordKind::InventorySettings
        | RecordKind::StatementProfile
        | RecordKind::BankRule
        | RecordKind::StatementImport
        | RecordKind::ExportMapping => record_change(before, after).map(|c| (c, before)),
        RecordKind::Attachment => attachment_change(book, before, after).map(|c| (c, before)),
    }
}

fn as_attachment(record: Shown<'_>) -> Option<&Attachment> {
    match record.map(Arc::as_ref) {
        Some(Record::Attachment(a)) => Some(a),
        _ => None,
    }
}

/// A file attached to or removed from an entry that is posted now. Removing
/// one from a posted entry keeps the record (marked `removed`); that version is
/// the deletion. A draft's files are not part of the books yet.
fn attachment_change(book: &Book, before: Shown<'_>, after: Shown<'_>) -> Option<ChangeKind> {
    let (was, is) = (as_attachment(before), as_attachment(after));
    let entry = is.or(was).map(|a| a.entry_id)?;
    if !book.entry(entry).is_some_and(JournalEntry::is_posted) {
        return None;
    }
    let kept = |a: Option<&Attachment>| a.is_some_and(|a| !a.removed);
    match (kept(was), kept(is)) {
        (false, true) => Some(ChangeKind::Added),
        (true, false) => Some(ChangeKind::Deleted),
        _ => None,
    }
}

fn as_entry(record: Shown<'_>) -> Option<&JournalEntry> {
    match record.map(Arc::as_ref) {
        Some(Record::JournalEntry(e)) => Some(e),
        _ => None,
    }
}

fn entry_change<'a>(
    book: &'a Book,
    before: Shown<'a>,
    after: Shown<'a>,
) -> Option<(ChangeKind, Shown<'a>)> {
    let posted_before = as_entry(before).is_some_and(JournalEntry::is_posted);
    if posted_before {
        return record_change(before, after).map(|c| (c, before));
    }
    let entry = as_entry(after).filter(|e| e.is_posted())?;
    Some(match entry_link(book, entry) {
        None => (ChangeKind::Posted, None),
        Some(link) => {
            let original = book.history(&RecordKey {
                kind: RecordKind::JournalEntry,
                id: link.original(),
            });
            let shown = original.iter().rev().find_map(|v| v.record.as_ref());
            let change = match link {
                EntryLink::Reversal { original } => ChangeKind::Reversal { original },
                EntryLink::Correction { original } => ChangeKind::Correction { original },
            };
            (change, shown)
        }
    })
}

fn as_document(record: Shown<'_>) -> Option<&Document> {
    match record.map(Arc::as_ref) {
        Some(Record::Document(d)) => Some(d),
        _ => None,
    }
}

/// A document counts from its issue: until then (a draft, or none) only
/// issuing is a row, shown without a "before"; after it, cancelling is a row,
/// and any other change lists its fields.
fn document_change<'a>(before: Shown<'a>, after: Shown<'a>) -> Option<(ChangeKind, Shown<'a>)> {
    let was = as_document(before).filter(|d| !d.is_draft());
    let is = as_document(after).map(|d| d.status);
    match (was.map(|d| d.status), is) {
        (None, Some(DocumentStatus::Issued)) => Some((ChangeKind::Issued, None)),
        (None, Some(DocumentStatus::Cancelled)) => Some((ChangeKind::Cancelled, None)),
        (None, _) => None,
        (Some(DocumentStatus::Issued), Some(DocumentStatus::Cancelled)) => {
            Some((ChangeKind::Cancelled, before))
        }
        _ => record_change(before, after).map(|c| (c, before)),
    }
}

fn payment_status(record: Shown<'_>) -> Option<PaymentStatus> {
    match record.map(Arc::as_ref) {
        Some(Record::Payment(p)) => Some(p.status),
        _ => None,
    }
}

/// Recording a payment posts it; cancelling it is a row of its own.
fn payment_change(before: Shown<'_>, after: Shown<'_>) -> Option<ChangeKind> {
    match (payment_status(before), payment_status(after)) {
        (None, Some(_)) => Some(ChangeKind::Posted),
        (Some(PaymentStatus::Posted), Some(PaymentStatus::Cancelled)) => {
            Some(ChangeKind::Cancelled)
        }
        _ => record_change(before, after),
    }
}

fn closed_through(record: Shown<'_>) -> Option<chrono::NaiveDate> {
    match record.map(Arc::as_ref) {
        Some(Record::PeriodLock(PeriodLock { closed_through, .. })) => *closed_through,
        _ => None,
    }
}

fn lock_change(before: Shown<'_>, after: Shown<'_>) -> Option<ChangeKind> {
    let (was, is) = (closed_through(before), closed_through(after));
    match is {
        _ if is == was => None,
        Some(through) if is > was => Some(ChangeKind::PeriodClosed { through }),
        _ => Some(ChangeKind::PeriodReopened { through: is }),
    }
}

/// Added, deleted, or changed in the listed fields (`None` if nothing changed).
fn record_change(before: Shown<'_>, after: Shown<'_>) -> Option<ChangeKind> {
    match (before.map(Arc::as_ref), after.map(Arc::as_ref)) {
        (None, None) => None,
        (None, Some(_)) => Some(ChangeKind::Added),
        (Some(_), None) => Some(ChangeKind::Deleted),
        (Some(b), Some(a)) => {
            let fields = changed_fields(b, a);
            (!fields.is_empty()).then_some(ChangeKind::Changed { fields })
        }
    }
}

/// The fields that differ between two versions of a record, in form order.
fn changed_fields(before: &Record, after: &Record) -> Vec<Field> {
    let checks: Vec<(bool, Field)> = match (before, after) {
        (Record::JournalEntry(b), Record::JournalEntry(a)) => vec![
            (b.status() != a.status(), Field::Status),
            (b.date() != a.date(), Field::Date),
            (b.description() != a.description(), Field::Description),
            (b.partner() != a.partner(), Field::Partner),
            (b.lines() != a.lines(), Field::Lines),
            (b.corrects() != a.corrects(), Field::Corrects),
        ],
        (Record::Account(b), Record::Account(a)) => account_fields(b, a),
        (Record::BookSettings(b), Record::BookSettings(a)) => settings_fields(b, a),
        (Record::PrivateUseRule(b), Record::PrivateUseRule(a)) => vec![
            (b.account != a.account, Field::Account),
            (b.private_share != a.private_share, Field::Share),
            (b.basis != a.basis, Field::Basis),
        ],
        (Record::Partner(b), Record::Partner(a)) => partner_fields(b, a),
        (Record::Document(b), Record::Document(a)) => document_fields(b, a),
        (Record::Payment(b), Record::Payment(a)) => payment_fields(b, a),
        (Record::BusinessProfile(b), Record::BusinessProfile(a)) => profile_fields(b, a),
        _ => Vec::new(),
    };
    checks
        .into_iter()
        .filter_map(|(changed, field)| changed.then_some(field))
        .collect()
}

fn account_fields(b: &Account, a: &Account) -> Vec<(bool, Field)> {
    vec![
        (b.code != a.code, Field::Code),
        (
            b.name_ja != a.name_ja || b.name_en != a.name_en || b.reading != a.reading,
            Field::Name,
        ),
        (b.kind != a.kind, Field::Kind),
        (b.parent != a.parent, Field::Parent),
        (b.role != a.role, Field::Role),
        (b.default_tax != a.default_tax, Field::DefaultTax),
        (
            b.business_class != a.business_class || b.purchase_use != a.purchase_use,
            Field::TaxClass,
        ),
        (b.archived != a.archived, Field::Archived),
        (b.statement_line != a.statement_line, Field::StatementLine),
    ]
}

fn partner_fields(b: &Partner, a: &Partner) -> Vec<(bool, Field)> {
    vec![
        (
            b.name != a.name || b.reading != a.reading || b.honorific != a.honorific,
            Field::PartnerName,
        ),
        (
            b.is_customer != a.is_customer || b.is_supplier != a.is_supplier,
            Field::Roles,
        ),
        (
            b.postal_code != a.postal_code || b.address != a.address,
            Field::Address,
        ),
        (
            b.contact != a.contact || b.email != a.email || b.phone != a.phone,
            Field::Contact,
        ),
        (b.payment_terms != a.payment_terms, Field::Terms),
        (b.price_basis != a.price_basis, Field::PriceBasis),
        (
            b.registration_number != a.registration_number
                || b.registered_issuer != a.registered_issuer
                || b.registered_from != a.registered_from
                || b.registered_until != a.registered_until,
            Field::Registration,
        ),
        (b.bank != a.bank, Field::Bank),
        (b.notes != a.notes, Field::Notes),
        (b.archived != a.archived, Field::Archived),
    ]
}

/// An issued document's fields; its entry and reversal change with its status.
fn document_fields(b: &Document, a: &Document) -> Vec<(bool, Field)> {
    vec![
        (
            b.status != a.status || b.entry != a.entry || b.reversal != a.reversal,
            Field::Status,
        ),
        (
            b.number != a.number || b.partner_reference != a.partner_reference,
            Field::Number,
        ),
        (b.date != a.date, Field::Date),
        (b.due_date != a.due_date, Field::DueDate),
        (b.partner != a.partner, Field::Partner),
        (b.subject != a.subject, Field::Subject),
        (
            b.lines != a.lines
                || b.price_basis != a.price_basis
                || b.form != a.form
                || b.withholding != a.withholding,
            Field::Lines,
        ),
        (b.notes != a.notes, Field::Notes),
        (
            b.credit_for != a.credit_for
                || b.replaces != a.replaces
                || b.consolidates != a.consolidates,
            Field::Links,
        ),
    ]
}

fn payment_fields(b: &Payment, a: &Payment) -> Vec<(bool, Field)> {
    vec![
        (
            b.status != a.status || b.entry != a.entry || b.reversal != a.reversal,
            Field::Status,
        ),
        (b.date != a.date, Field::Date),
        (
            b.partner != a.partner || b.direction != a.direction,
            Field::Partner,
        ),
        (b.account != a.account, Field::Account),
        (
            b.amount != a.amount || b.fee != a.fee || b.withholding != a.withholding,
            Field::Amount,
        ),
        (b.allocations != a.allocations, Field::Allocations),
        (b.memo != a.memo, Field::Description),
    ]
}

fn profile_fields(b: &BusinessProfile, a: &BusinessProfile) -> Vec<(bool, Field)> {
    vec![
        (
            b.postal_code != a.postal_code || b.address != a.address,
            Field::Address,
        ),
        (b.phone != a.phone || b.email != a.email, Field::Contact),
        (
            b.registration_number != a.registration_number,
            Field::Registration,
        ),
        (b.bank != a.bank, Field::Bank),
        (b.tax_rounding != a.tax_rounding, Field::TaxRounding),
        (
            b.withholding_booking != a.withholding_booking,
            Field::WithholdingBooking,
        ),
        (b.logo != a.logo || b.seal != a.seal, Field::Images),
        (b.invoice_note != a.invoice_note, Field::Notes),
    ]
}

fn settings_fields(b: &BookSettings, a: &BookSettings) -> Vec<(bool, Field)> {
    vec![
        (b.name != a.name, Field::BookName),
        (b.owner_name != a.owner_name, Field::OwnerName),
        (b.currency != a.currency, Field::Currency),
        (
            b.fiscal_year_start_month != a.fiscal_year_start_month,
            Field::FiscalYearStart,
        ),
        (b.locale != a.locale, Field::Language),
        (b.chart_template != a.chart_template, Field::ChartTemplate),
        (b.tax_accounting != a.tax_accounting, Field::TaxAccounting),
    ]
}

/// Whether the row's record (before or after) or the entry it undoes mentions
/// the folded text.
fn row_matches(book: &Book, row: &HistoryRow, text: &[char]) -> bool {
    let undone = match row.change {
        ChangeKind::Reversal { original } | ChangeKind::Correction { original } => {
            contains(&original.to_string(), text)
        }
        _ => false,
    };
    undone
        || [&row.before, &row.after]
            .into_iter()
            .flatten()
            .any(|r| record_matches(book, r, text))
}

fn record_matches(book: &Book, record: &Record, text: &[char]) -> bool {
    let id = record.key().id.to_string();
    let account = |id: RecordId| book.account(id).is_some_and(|a| account_matches(a, text));
    let partner = |id: RecordId| book.partner(id).is_some_and(|p| partner_matches(p, text));
    contains(&id, text)
        || match record {
            Record::JournalEntry(e) => {
                contains(e.description(), text)
                    || e.partner().is_some_and(|p| contains(p, text))
                    || e.lines()
                        .iter()
                        .any(|l| contains(&l.memo, text) || account(l.account))
            }
            Record::Account(a) => account_matches(a, text),
            Record::BookSettings(s) => contains(&s.name, text) || contains(&s.owner_name, text),
            Record::PeriodLock(l) => l
                .closed_through
                .is_some_and(|d| contains(&d.to_string(), text)),
            Record::PrivateUseRule(r) => contains(&r.basis, text) || account(r.account),
            Record::Attachment(a) => {
                contains(&a.file_name, text)
                    || contains(&a.sha256, text)
                    || contains(&a.entry_id.to_string(), text)
            }
            Record::Partner(p) => partner_matches(p, text),
            Record::StatementProfile(p) => account(p.account),
            Record::BankRule(r) => contains(&r.contains, text) || account(r.account),
            Record::StatementImport(i) => {
                account(i.account)
                    || i.lines
                        .iter()
                        .any(|l| contains(&l.fingerprint.description, text))
            }
            Record::ExportMapping(m) => m
                .names
                .iter()
                .any(|n| contains(&n.name, text) || account(n.account)),
            Record::Document(d) => {
                d.number.as_deref().is_some_and(|n| contains(n, text))
                    || contains(&d.subject, text)
                    || partner(d.partner)
            }
            Record::Payment(p) => contains(&p.memo, text) || partner(p.partner),
            Record::DeviceSeries(s) => contains(&s.tag, text),
            Record::Item(i) => item_matches(i, text),
            Record::Location(l) => contains(&l.name, text),
            Record::StockMove(m) => {
                contains(&m.note, text)
                    || m.lines
                        .iter()
                        .any(|l| book.item(l.item).is_some_and(|i| item_matches(i, text)))
                    || contains(document_number(book, m.document), text)
            }
            Record::Stocktake(s) => contains(&s.note, text),
            Record::InventorySettings(_) => false,
            Record::BusinessProfile(p) => {
                contains(&p.address, text)
                    || p.registration_number
                        .as_ref()
                        .is_some_and(|n| contains(n.as_str(), text))
            }
        }
}

fn partner_matches(p: &Partner, text: &[char]) -> bool {
    let number = p.registration_number.as_ref().map_or("", |n| n.as_str());
    [p.name.as_str(), &p.reading, number]
        .into_iter()
        .any(|s| contains(s, text))
}

fn item_matches(i: &Item, text: &[char]) -> bool {
    let barcode = i.barcode.as_ref().map_or("", |b| b.as_str());
    [i.code.as_str(), &i.name, &i.reading, barcode]
        .into_iter()
        .any(|s| contains(s, text))
}

fn account_matches(a: &Account, text: &[char]) -> bool {
    [&a.code, &a.name_ja, &a.name_en, &a.reading]
        .into_iter()
        .any(|s| contains(s, text))
}

/// A record in one line, as the history shows it before and after a change:
/// an entry as `date description (partner): debits / credits`, an account as
/// `code name`, the settings as `name · owner · currency · fiscal year start`,
/// the period lock as the last closed day (`—` when open), a private-use rule
/// as `account share% basis`, an attachment as `name (type, size)` and its own
/// date, amount and partner, a partner by name, a document as `number partner
/// total`, a payment as `date partner amount`, the business profile as
/// `registration number · address`, an item as `code name`, a stock move as
/// `date document-number code quantity… note`, a stocktake as `date location
/// note`, the accountant's account names as `売上高 → 売上, …`. Amounts and
/// dates in `locale`.
pub fn record_summary(book: &Book, record: &Record, locale: Locale) -> String {
    let name = |id: RecordId| {
        book.account(id)
            .map(|a| a.name(locale).to_string())
            .unwrap_or_default()
    };
    match record {
        Record::JournalEntry(e) => entry_summary(e, locale, currency(book), name),
        Record::Account(a) => format!("{} {}", a.code, a.name(locale)),
        Record::BookSettings(s) => settings_summary(s, locale),
        Record::PeriodLock(l) => l
            .closed_through
            .map_or_else(|| "—".to_string(), |d| format_date(d, locale)),
        Record::PrivateUseRule(r) => rule_summary(r, &name(r.account)),
        Record::Attachment(a) => {
            // The file's own keys, when it has them: each version shows what
            // it said, so a changed amount reads in the history.
            let keys = [
                a.date.map(|d| format_date(d, locale)),
                a.amount.map(|m| format_money(m, currency(book), locale)),
                a.partner.clone(),
            ];
            let mut summary = format!(
                "{} ({}, {})",
                a.file_name,
                a.media_type.label(),
                format_bytes(a.size)
            );
            for key in keys.into_iter().flatten() {
                summary.push(' ');
                summary.push_str(&key);
            }
            summary
        }
        Record::Partner(p) => p.name.clone(),
        Record::StatementProfile(p) => name(p.account),
        Record::BankRule(r) => format!("{} → {}", r.contains, name(r.account)),
        Record::StatementImport(i) => {
            let dates = i.lines.iter().map(|l| l.fingerprint.date);
            let span = dates
                .clone()
                .min()
                .zip(dates.max())
                .map(|(from, to)| {
                    format!("{}–{}", format_date(from, locale), format_date(to, locale))
                })
                .unwrap_or_default();
            format!("{} {span} ×{}", name(i.account), i.lines.len())
        }
        Record::ExportMapping(m) => m
            .names
            .iter()
            .map(|n| format!("{} → {}", name(n.account), n.name))
            .collect::<Vec<_>>()
            .join(", "),
        Record::Document(d) => {
            let total = format_money(book_totals(book, d).gross, currency(book), locale);
            join(
                &[
                    d.number.as_deref().unwrap_or_default(),
                    partner_name(book, d.partner),
                    &total,
                ],
                " ",
            )
        }
        Record::Payment(p) => join(
            &[
                &format_date(p.date, locale),
                partner_name(book, p.partner),
                &format_money(p.amount, currency(book), locale),
            ],
            " ",
        ),
        Record::DeviceSeries(s) => s.tag.clone(),
        Record::Item(i) => format!("{} {}", i.code, i.name),
        Record::Location(l) => l.name.clone(),
        Record::StockMove(m) => move_summary(book, m, locale),
        Record::Stocktake(s) => join(
            &[
                &format_date(s.date, locale),
                s.location
                    .and_then(|l| book.location(l))
                    .map_or("", |l| l.name.as_str()),
                &s.note,
            ],
            " ",
        ),
        Record::InventorySettings(s) => s
            .policies
            .iter()
            .map(|p| {
                format!(
                    "{} {:?} {:?}",
                    format_date(p.from, locale),
                    p.method,
                    p.posting
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
        Record::BusinessProfile(p) => join(
            &[
                p.registration_number.as_ref().map_or("", |n| n.as_str()),
                &p.address,
            ],
            " · ",
        ),
    }
}

/// A stock move as `date number code quantity, code quantity… note` (the
/// number of the document that made it, if one did).
fn move_summary(book: &Book, m: &StockMove, locale: Locale) -> String {
    let lines: Vec<String> = m
        .lines
        .iter()
        .map(|l| {
            let code = book.item(l.item).map_or("", |i| i.code.as_str());
            let quantity = format_number(l.quantity, l.quantity.normalize().scale());
            join(&[code, &quantity], " ")
        })
        .collect();
    join(
        &[
            &format_date(m.date, locale),
            document_number(book, m.document),
            &lines.join(", "),
            &m.note,
        ],
        " ",
    )
}

fn document_number(book: &Book, id: Option<RecordId>) -> &str {
    id.and_then(|d| book.document(d))
        .and_then(|d| d.number.as_deref())
        .unwrap_or_default()
}

fn partner_name(book: &Book, id: RecordId) -> &str {
    book.partner(id).map_or("", |p| p.name.as_str())
}

/// The non-empty parts, separated.
fn join(parts: &[&str], separator: &str) -> String {
    parts
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(separator)
}

fn entry_summary(
    e: &JournalEntry,
    locale: Locale,
    cur: crate::money::Currency,
    name: impl Fn(RecordId) -> String,
) -> String {
    let side = |debit: bool| {
        e.lines()
            .iter()
            .filter(|l| l.amount.is_sign_positive() == debit)
            .map(|l| {
                let amount = format_money(l.amount.abs(), cur, locale);
                format!("{} {amount}", name(l.account))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let partner = e.partner().map(|p| format!(" ({p})")).unwrap_or_default();
    format!(
        "{} {}{partner}: {} / {}",
        format_date(e.date(), locale),
        e.description(),
        side(true),
        side(false)
    )
}

fn settings_summary(s: &BookSettings, locale: Locale) -> String {
    let start = format_month_day(s.fiscal_year_start_month, 1, locale);
    join(&[&s.name, &s.owner_name, s.currency.code(), &start], " · ")
}

fn rule_summary(r: &PrivateUseRule, account: &str) -> String {
    let percent: Decimal = r.private_share.percent().normalize();
    format!("{account} {percent}% {}", r.basis)
        .trim_end()
        .to_string()
}
