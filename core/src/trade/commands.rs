//! Commands on documents: each checks the rules and returns the change set to
//! commit (or, for copy-forward and consolidation, the draft to show in the form).
//!
//! The rules: a draft may be edited or deleted; issuing assigns the number and
//! posts the entry in the same change set; an issued document is never edited —
//! it is cancelled (its entry reversed, both kept) and a new one issued.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::book::{reversal_of, Book, JournalError, Record, RecordKey, RecordKind, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::{TaxCode, TaxKind, TaxRules};
use crate::money::limits::{sum_within, within, Magnitude};
use crate::money::{round, Currency, Rounding};
use crate::sync::{Change, ChangeSet};

use super::numbering::{device_series, next_number};
use super::posting::document_entry;
use super::totals::{check_stated_tax, document_totals, DocumentTotals};
use super::{
    Document, DocumentKind, DocumentLine, DocumentStatus, LineProblem, LineRef, Partner, Payment,
    PaymentStatus, TradeError, TradeSide,
};

/// How a document in a chain relates to the one the chain is shown for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChainRelation {
    /// The document was made from it (lines copied, consolidated, credited,
    /// re-issued), directly or through others; or it is a payment of such a one.
    Earlier,
    /// The document itself.
    This,
    /// It was made from the document, directly or through others; or it is a
    /// payment of the document or of such a one.
    Later,
}

/// One document or payment in a chain (見積 → 受注 → 納品 → 請求 → 入金).
#[derive(Clone, Debug, PartialEq)]
pub struct ChainLink {
    pub relation: ChainRelation,
    /// A document's id, or a payment's.
    pub id: RecordId,
    /// `None` for a payment.
    pub kind: Option<DocumentKind>,
    pub number: Option<String>,
    pub date: NaiveDate,
    pub status: DocumentStatus,
    /// A document's total with tax; the money a payment moved.
    pub amount: Decimal,
}

/// The book's currency.
pub(crate) fn book_currency(book: &Book) -> Result<Currency, TradeError> {
    Ok(book
        .settings()
        .map(|s| s.currency)
        .ok_or(JournalError::NoSettings)?)
}

/// A document's totals: as issued for an issued one; otherwise in the book's
/// currency with the tax rounded by the business profile's rule — the figures
/// issuing it now would print and post. Every screen and report reads this.
///
/// Every document the book lists is within the limits, so its totals are
/// (`money::limits::check_record` computes them). A document beyond them,
/// reached by its id only (`Book::out_of_range` names it), shows no figures:
/// [`DocumentTotals::none`].
pub fn book_totals<'a>(book: &Book, doc: &'a Document) -> Cow<'a, DocumentTotals> {
    match &doc.issued_totals {
        // A draft is being edited: its figures follow its lines (a draft made
        // from an issued document must not inherit that document's figures).
        Some(totals) if !doc.is_draft() => Cow::Borrowed(totals),
        _ => Cow::Owned(totals_now(book, doc).unwrap_or_else(|_| DocumentTotals::none(doc))),
    }
}

/// The totals issuing `doc` now would print and post: in the book's currency,
/// the tax rounded by the business profile's rule. Refused when a line or a
/// total is beyond the largest amount (what a form shows as it is typed).
pub fn totals_now(book: &Book, doc: &Document) -> Result<DocumentTotals, TradeError> {
    let rules = TaxRules::for_book(book);
    document_totals(doc, rules.currency, rules.rounding)
}

/// Whether an amount has no more decimals than the currency's minor units.
pub(crate) fn fits_currency(amount: Decimal, currency: Currency) -> bool {
    amount.normalize().scale() <= currency.minor_units()
}

fn put(record: Record) -> Change {
    Change::Put { record }
}

/// The partner of a document of `side`: it must exist and play that part.
fn trading_partner(
    book: &Book,
    partner: RecordId,
    side: TradeSide,
) -> Result<&Partner, TradeError> {
    let found = book.partner(partner).ok_or(TradeError::PartnerNotFound)?;
    match side {
        TradeSide::Sales if !found.is_customer => Err(TradeError::NotACustomer),
        TradeSide::Purchase if !found.is_supplier => Err(TradeError::NotASupplier),
        _ => Ok(found),
    }
}

/// Whether a document of `side` may use the tax code: sales codes on sales,
/// purchase codes on purchases, 不課税 on either; a bad debt or its recovery
/// is booked by a journal entry, never by a document.
pub fn code_fits_side(code: TaxCode, side: TradeSide) -> bool {
    match code.kind() {
        TaxKind::TaxableSale | TaxKind::ExemptSale | TaxKind::ExportSale => {
            side == TradeSide::Sales
        }
        TaxKind::TaxablePurchase | TaxKind::ExemptPurchase => side == TradeSide::Purchase,
        TaxKind::NotTaxable => true,
        TaxKind::BadDebt | TaxKind::BadDebtRecovery => false,
    }
}

fn line_problem(book: &Book, side: TradeSide, line: &DocumentLine) -> Option<LineProblem> {
    let usable = |id| book.account(id).is_some_and(|a| !a.archived);
    let beyond = within(line.quantity, Magnitude::Quantity)
        .and(within(line.unit_price, Magnitude::UnitPrice))
        .and(within(line.discount, Magnitude::Amount))
        .err();
    if let Some(error) = beyond {
        Some(LineProblem::TooLarge(error))
    } else if line.description.trim().is_empty() {
        Some(LineProblem::BlankDescription)
    } else if line.quantity <= Decimal::ZERO {
        Some(LineProblem::ZeroQuantity)
    } else if line.unit_price < Decimal::ZERO || line.discount < Decimal::ZERO {
        Some(LineProblem::Negative)
    } else if !code_fits_side(line.tax_code, side) {
        Some(LineProblem::WrongSideTaxCode)
    } else if !line.account.is_none_or(usable) {
        Some(LineProblem::BadAccount)
    } else {
        None
    }
}

/// Checks what every saved or issued document must satisfy; returns its partner.
fn check_document<'a>(book: &'a Book, doc: &Document) -> Result<&'a Partner, TradeError> {
    let side = doc.kind.side();
    let partner = trading_partner(book, doc.partner, side)?;
    if doc.lines.is_empty() {
        return Err(TradeError::NoLines);
    }
    let currency = book_currency(book)?;
    for (i, line) in doc.lines.iter().enumerate() {
        if let Some(problem) = line_problem(book, side, line) {
            return Err(TradeError::Line {
                line: i + 1,
                problem,
            });
        }
        if !fits_currency(line.unit_price, currency) || !fits_currency(line.discount, currency) {
            return Err(TradeError::TooManyDecimals);
        }
    }
    check_sources(book, doc)?;
    let rules = TaxRules::for_book(book);
    check_stated_tax(doc, rules.currency, rules.rounding)?;
    totals_now(book, doc)?;
    Ok(partner)
}

/// An issued document of `partner` that a document of kind `to` may be made from.
fn source_document(
    book: &Book,
    id: RecordId,
    to: DocumentKind,
    partner: RecordId,
) -> Result<&Document, TradeError> {
    let from = book.document(id).ok_or(TradeError::DocumentNotFound)?;
    check_within_limits(book, id)?;
    if from.status != DocumentStatus::Issued {
        return Err(TradeError::NotIssued);
    }
    if from.partner != partner {
        return Err(TradeError::MixedPartners);
    }
    if !from.kind.next_kinds().contains(&to) {
        return Err(TradeError::CannotFollow {
            from: from.kind,
            to,
        });
    }
    Ok(from)
}

/// Refuses to build on a document beyond the limits (written by an earlier
/// build): it can only be deleted, if a draft, or cancelled.
pub(crate) fn check_within_limits(book: &Book, id: RecordId) -> Result<(), TradeError> {
    let key = RecordKey {
        kind: RecordKind::Document,
        id,
    };
    if book.is_out_of_range(&key) {
        return Err(TradeError::BeyondLimits);
    }
    Ok(())
}

/// Lines copied from earlier documents take no more than is left of their
/// source line (two lines from one source line count together).
fn check_sources(book: &Book, doc: &Document) -> Result<(), TradeError> {
    let mut left: HashMap<RecordId, Vec<Decimal>> = HashMap::new();
    for (i, line) in doc.lines.iter().enumerate() {
        let Some(source) = line.source else { continue };
        if let Entry::Vacant(slot) = left.entry(source.document) {
            let from = source_document(book, source.document, doc.kind, doc.partner)?;
            slot.insert(remaining_except(book, from, doc.kind, Some(doc.id)));
        }
        let remaining = left
            .get_mut(&source.document)
            .and_then(|r| r.get_mut(source.line as usize))
            .ok_or(TradeError::DocumentNotFound)?;
        if line.quantity > *remaining {
            let remaining = (*remaining).max(Decimal::ZERO);
            return Err(TradeError::Line {
                line: i + 1,
                problem: LineProblem::ExceedsRemaining { remaining },
            });
        }
        *remaining -= line.quantity;
    }
    Ok(())
}

/// A credit note against an invoice must be for that partner's issued invoice
/// and for no more than is not yet credited of it (its total less the credit
/// notes issued against it), paid or not: credit beyond what payments left
/// open is owed back to the customer (`crate::reports::document_open_amount`). One
/// without an invoice names the period of the sales it returns, which ends by
/// its date.
fn check_credit(book: &Book, doc: &Document) -> Result<(), TradeError> {
    if doc.kind != DocumentKind::CreditNote {
        return Ok(());
    }
    let Some(invoice) = doc.credit_for else {
        return match doc.supply_period {
            None => Err(TradeError::CreditNoteWithoutSale),
            Some(period) if period.to > doc.date => Err(TradeError::SupplyPeriodAfterNote {
                to: period.to,
                date: doc.date,
            }),
            Some(_) => Ok(()),
        };
    };
    let invoice = source_document(book, invoice, doc.kind, doc.partner)?;
    let credited = book
        .documents()
        .filter(|d| {
            d.kind == DocumentKind::CreditNote
                && d.status == DocumentStatus::Issued
                && d.credit_for == Some(invoice.id)
                && d.id != doc.id
        })
        .map(|d| book_totals(book, d).gross);
    // Credits beyond the largest amount (merged from several devices) leave
    // nothing to credit.
    let uncredited = sum_within(credited, Magnitude::Amount).map_or(Decimal::ZERO, |c| {
        (book_totals(book, invoice).gross - c).max(Decimal::ZERO)
    });
    if book_totals(book, doc).gross > uncredited {
        return Err(TradeError::CreditExceedsInvoice { uncredited });
    }
    Ok(())
}

/// Refuses to overwrite an issued or cancelled document.
fn check_editable(book: &Book, id: RecordId) -> Result<(), TradeError> {
    match book.document(id) {
        Some(existing) if !existing.is_draft() => Err(TradeError::NotADraft),
        _ => Ok(()),
    }
}

/// Saves a draft (new, or replacing a draft with the same id).
pub fn save_document_draft(
    book: &Book,
    doc: Document,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    check_editable(book, doc.id)?;
    check_document(book, &doc)?;
    let draft = Document {
        status: DocumentStatus::Draft,
        number: None,
        entry: None,
        reversal: None,
        issued_totals: None,
        ..doc
    };
    Ok(ctx.change_set(vec![put(Record::Document(draft))]))
}

/// Deletes a draft (a tombstone); issued documents are cancelled instead.
pub fn delete_document_draft(
    book: &Book,
    id: RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let doc = book.document(id).ok_or(TradeError::DocumentNotFound)?;
    if !doc.is_draft() {
        return Err(TradeError::NotADraft);
    }
    let key = RecordKey {
        kind: RecordKind::Document,
        id,
    };
    Ok(ctx.change_set(vec![Change::Delete { key }]))
}

/// Issues a document as given (the form's content, saved or not): checks it,
/// assigns the number from the device's series (`ctx.stamp.device`), sets the
/// due date from the partner's terms if none is given, posts its entry (the
/// kinds that post) and writes its stock moves (`inventory::document_moves`).
/// One change set. `ids` gives the entry's id first, then the moves' records'.
pub fn issue_document(
    book: &Book,
    doc: Document,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let entry_id = ids();
    check_editable(book, doc.id)?;
    let partner = check_document(book, &doc)?;
    check_credit(book, &doc)?;
    let series = device_series(book, ctx.stamp.device)?;
    let payable = matches!(doc.kind, DocumentKind::Invoice | DocumentKind::Bill);
    let terms_due = payable.then(|| partner.payment_terms.due_date(doc.date));
    let totals = totals_now(book, &doc)?;
    let issued = Document {
        status: DocumentStatus::Issued,
        issued_totals: Some(totals),
        number: Some(next_number(book, doc.kind, &series, doc.date.year())?),
        due_date: doc.due_date.or(terms_due),
        entry: doc.kind.posts().then_some(entry_id),
        reversal: None,
        ..doc
    };
    let mut changes = Vec::new();
    if let Some(entry) = issued.entry {
        changes.push(put(Record::JournalEntry(document_entry(
            book, &issued, entry,
        )?)));
    }
    let stock = crate::inventory::document_moves(book, &issued, ids)?;
    changes.extend(stock.into_iter().map(put));
    // The first issue on a device claims its series in the same change set, so
    // no number exists in any book without the series it was taken from.
    if book.device_series(series.device).is_none() {
        changes.push(put(Record::DeviceSeries(series)));
    }
    changes.insert(0, put(Record::Document(issued)));
    Ok(ctx.change_set(changes))
}

/// The documents `doc` takes something from: its lines' sources, the invoice it
/// credits and the delivery notes it consolidates. (A re-issue only replaces a
/// cancelled document, so it does not hold the original up.)
fn taken_from(doc: &Document) -> impl Iterator<Item = RecordId> + '_ {
    doc.lines
        .iter()
        .filter_map(|l| l.source.map(|s| s.document))
        .chain(doc.credit_for)
        .chain(doc.consolidates.iter().copied())
}

fn pays(payment: &Payment, doc: RecordId) -> bool {
    payment.allocations.iter().any(|a| a.document == doc)
}

/// Cancels an issued document: marks it cancelled and, if it posted, posts the
/// reversal of its entry (its id the first of `ids`), and reverses its stock
/// moves (`inventory::cancel_document_moves`). Refused while payments or later
/// documents (not cancelled) depend on it.
///
/// The reversal is dated the document's date, so the document and its entry
/// cancel out in every period and every report. In a closed period that is
/// refused (`PeriodClosed`): reopen the period, or — the usual correction once
/// the books are closed — issue a credit note dated today.
pub fn cancel_document(
    book: &Book,
    id: RecordId,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, TradeError> {
    let reversal_id = ids();
    let doc = book.document(id).ok_or(TradeError::DocumentNotFound)?;
    if doc.status != DocumentStatus::Issued {
        return Err(TradeError::NotIssued);
    }
    if book
        .payments()
        .any(|p| p.status == PaymentStatus::Posted && pays(p, id))
    {
        return Err(TradeError::HasPayments);
    }
    if book
        .documents()
        .any(|d| d.status != DocumentStatus::Cancelled && taken_from(d).any(|t| t == id))
    {
        return Err(TradeError::HasFollowers);
    }
    let reversal = doc
        .entry
        .map(|entry| reversal_of(book, entry, reversal_id, doc.date))
        .transpose()?;
    let cancelled = Document {
        status: DocumentStatus::Cancelled,
        reversal: reversal.as_ref().map(|_| reversal_id),
        ..doc.clone()
    };
    let stock = crate::inventory::cancel_document_moves(book, doc, ids)?;
    let changes = std::iter::once(Record::Document(cancelled))
        .chain(reversal.map(Record::JournalEntry))
        .chain(stock)
        .map(put)
        .collect();
    Ok(ctx.change_set(changes))
}

/// A new draft copying a cancelled (or any) document's content, to fix and issue
/// again; it `replaces` the original. The due date is left to the partner's
/// terms from the new date.
pub fn reissue_draft(
    book: &Book,
    id: RecordId,
    new_id: RecordId,
    date: NaiveDate,
) -> Result<Document, TradeError> {
    let original = book.document(id).ok_or(TradeError::DocumentNotFound)?;
    Ok(Document {
        id: new_id,
        status: DocumentStatus::Draft,
        number: None,
        date,
        due_date: None,
        replaces: Some(id),
        entry: None,
        reversal: None,
        issued_totals: None,
        ..original.clone()
    })
}

/// What is left of each line of `from` to copy into documents of kind `to`,
/// not counting the document `except` (the one being checked).
fn remaining_except(
    book: &Book,
    from: &Document,
    to: DocumentKind,
    except: Option<RecordId>,
) -> Vec<Decimal> {
    let mut left: Vec<Decimal> = from.lines.iter().map(|l| l.quantity).collect();
    let takers = book
        .documents()
        .filter(|d| d.kind == to && d.status != DocumentStatus::Cancelled && Some(d.id) != except);
    for line in takers.flat_map(|d| &d.lines) {
        let Some(LineRef { document, line: n }) = line.source else {
            continue;
        };
        if let Some(q) = left.get_mut(n as usize).filter(|_| document == from.id) {
            *q -= line.quantity;
        }
    }
    left
}

/// What is left to copy forward of each line of a document into documents of
/// `to` (its quantity minus what drafts and issued documents of that kind
/// already took), in line order.
pub fn remaining_quantities(
    book: &Book,
    id: RecordId,
    to: DocumentKind,
) -> Result<Vec<Decimal>, TradeError> {
    let from = book.document(id).ok_or(TradeError::DocumentNotFound)?;
    check_within_limits(book, id)?;
    Ok(remaining_except(book, from, to, None)
        .into_iter()
        .map(|q| q.max(Decimal::ZERO))
        .collect())
}

/// The lines of `from` with something left to copy into a `to`, each for what is
/// left and pointing at its source. A line's discount is an amount off the whole
/// line, so a part of the line takes its share of it (rounded down). Each keeps
/// the date it was supplied on ([`supply_date_from`]).
fn lines_left(
    book: &Book,
    from: &Document,
    to: DocumentKind,
    currency: Currency,
) -> Vec<DocumentLine> {
    let left = remaining_except(book, from, to, None);
    (0u32..)
        .zip(from.lines.iter().zip(left))
        .filter(|(_, (_, quantity))| *quantity > Decimal::ZERO)
        .map(|(n, (line, quantity))| DocumentLine {
            quantity,
            discount: round(
                line.discount * quantity / line.quantity,
                currency,
                Rounding::Down,
            ),
            source: Some(LineRef {
                document: from.id,
                line: n,
            }),
            supply_date: supply_date_from(from, line),
            ..line.clone()
        })
        .collect()
}

/// The supply date of a line copied from `from`: the line's own, else the
/// source's date when that is the date of a supply (a delivery note's goods
/// were supplied on its date, a credit note returns sales of its invoice's
/// date, at that date's rate); a quote's or an order's date is not, and its
/// lines follow the new document's date.
fn supply_date_from(from: &Document, line: &DocumentLine) -> Option<NaiveDate> {
    line.supply_date
        .or_else(|| from.kind.dates_supply().then_some(from.date))
}

/// A draft of kind `to` made from one or more documents of the same partner,
/// with the lines that are left to copy (each pointing at its source).
///
/// A credit note is made from one invoice: it credits that invoice
/// (`credit_for`) and starts with all its lines, to be cut down to what is
/// returned or discounted; what bounds it is the invoice's open amount, not
/// quantities, since a discount (値引) credits a price, not units.
pub fn copy_forward(
    book: &Book,
    sources: &[RecordId],
    to: DocumentKind,
    new_id: RecordId,
    date: NaiveDate,
) -> Result<Document, TradeError> {
    let first = sources.first().ok_or(TradeError::DocumentNotFound)?;
    let head = book.document(*first).ok_or(TradeError::DocumentNotFound)?;
    let froms = sources
        .iter()
        .map(|&id| source_document(book, id, to, head.partner))
        .collect::<Result<Vec<_>, _>>()?;
    let mut draft = Document {
        subject: head.subject.clone(),
        price_basis: head.price_basis,
        withholding: head.withholding,
        ..Document::draft(new_id, to, head.partner, date)
    };
    if to == DocumentKind::CreditNote {
        let [invoice] = froms.as_slice() else {
            return Err(TradeError::CannotFollow {
                from: head.kind,
                to,
            });
        };
        draft.credit_for = Some(invoice.id);
        draft.lines = invoice
            .lines
            .iter()
            .map(|l| DocumentLine {
                source: None,
                supply_date: supply_date_from(invoice, l),
                ..l.clone()
            })
            .collect();
    } else {
        let currency = book_currency(book)?;
        draft.lines = froms
            .iter()
            .flat_map(|from| lines_left(book, from, to, currency))
            .collect();
    }
    if draft.lines.is_empty() {
        return Err(TradeError::NothingLeft);
    }
    Ok(draft)
}

/// The monthly consolidated invoice (締め請求): a draft invoice for a customer
/// gathering the issued delivery notes dated up to `closing_date` that no
/// invoice has taken yet, dated `closing_date`, due by the customer's terms.
///
/// An invoice has one price basis, so it gathers the delivery notes quoted like
/// the earliest waiting one; any quoted the other way wait for an invoice of
/// their own.
pub fn consolidated_invoice(
    book: &Book,
    partner: RecordId,
    closing_date: NaiveDate,
    new_id: RecordId,
) -> Result<Document, TradeError> {
    let customer = trading_partner(book, partner, TradeSide::Sales)?;
    let currency = book_currency(book)?;
    let mut deliveries: Vec<&Document> = book
        .documents()
        .filter(|d| {
            d.kind == DocumentKind::Delivery
                && d.status == DocumentStatus::Issued
                && d.partner == partner
                && d.date <= closing_date
        })
        .collect();
    deliveries.sort_by(|a, b| (a.date, &a.number).cmp(&(b.date, &b.number)));
    let waiting: Vec<(&Document, Vec<DocumentLine>)> = deliveries
        .into_iter()
        .map(|d| (d, lines_left(book, d, DocumentKind::Invoice, currency)))
        .filter(|(_, lines)| !lines.is_empty())
        .collect();
    let (earliest, _) = waiting.first().ok_or(TradeError::NothingToConsolidate)?;
    let mut invoice = Document {
        due_date: Some(customer.payment_terms.due_date(closing_date)),
        price_basis: earliest.price_basis,
        ..Document::draft(new_id, DocumentKind::Invoice, partner, closing_date)
    };
    let basis = invoice.price_basis;
    for (delivery, lines) in waiting.into_iter().filter(|(d, _)| d.price_basis == basis) {
        invoice.consolidates.push(delivery.id);
        invoice.lines.extend(lines);
    }
    Ok(invoice)
}

/// The documents `doc` was made from, directly.
fn made_from<'a>(book: &'a Book, doc: &'a Document) -> Vec<&'a Document> {
    taken_from(doc)
        .chain(doc.replaces)
        .filter_map(|id| book.document(id))
        .collect()
}

/// The documents made from `doc`, directly.
fn made_into<'a>(book: &'a Book, doc: &Document) -> Vec<&'a Document> {
    book.documents()
        .filter(|d| taken_from(d).chain(d.replaces).any(|id| id == doc.id))
        .collect()
}

/// Every document reachable from `start` by `step`, not counting those in `seen`.
fn reach<'a>(
    start: &'a Document,
    seen: &mut HashSet<RecordId>,
    step: impl Fn(&'a Document) -> Vec<&'a Document>,
) -> Vec<&'a Document> {
    let mut found = Vec::new();
    let mut queue = vec![start];
    while let Some(doc) = queue.pop() {
        for next in step(doc) {
            if seen.insert(next.id) {
                found.push(next);
                queue.push(next);
            }
        }
    }
    found
}

fn document_link(book: &Book, doc: &Document, relation: ChainRelation) -> ChainLink {
    ChainLink {
        relation,
        id: doc.id,
        kind: Some(doc.kind),
        number: doc.number.clone(),
        date: doc.date,
        status: doc.status,
        amount: book_totals(book, doc).gross,
    }
}

fn payment_link(payment: &Payment, relation: ChainRelation) -> ChainLink {
    let status = match payment.status {
        PaymentStatus::Posted => DocumentStatus::Issued,
        PaymentStatus::Cancelled => DocumentStatus::Cancelled,
    };
    ChainLink {
        relation,
        id: payment.id,
        kind: None,
        number: None,
        date: payment.date,
        status,
        amount: payment.amount,
    }
}

/// Every document and payment linked to a document, earlier ones first.
pub fn document_chain(book: &Book, id: RecordId) -> Vec<ChainLink> {
    let Some(this) = book.document(id) else {
        return Vec::new();
    };
    let mut seen = HashSet::from([id]);
    let earlier = reach(this, &mut seen, |d| made_from(book, d));
    let later = reach(this, &mut seen, |d| made_into(book, d));
    let this_or_later: HashSet<RecordId> = later.iter().map(|d| d.id).chain([id]).collect();
    let payments = book.payments().filter_map(|p| {
        let relation = if this_or_later.iter().any(|&d| pays(p, d)) {
            ChainRelation::Later
        } else if earlier.iter().any(|d| pays(p, d.id)) {
            ChainRelation::Earlier
        } else {
            return None;
        };
        Some(payment_link(p, relation))
    });
    let mut links: Vec<ChainLink> = earlier
        .iter()
        .map(|d| document_link(book, d, ChainRelation::Earlier))
        .chain([document_link(book, this, ChainRelation::This)])
        .chain(
            later
                .iter()
                .map(|d| document_link(book, d, ChainRelation::Later)),
        )
        .chain(payments)
        .collect();
    links.sort_by(|a, b| {
        (a.relation, a.date, a.kind.is_none(), a.id).cmp(&(
            b.relation,
            b.date,
            b.kind.is_none(),
            b.id,
        ))
    });
    links
}
