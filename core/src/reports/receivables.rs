//! Receivables and payables (売掛金・買掛金): the open items per partner, aging as
//! of a date, the customer statement (取引明細) and the cash forecast. All read
//! the documents and payments; an item's open amount is its total less the
//! payments allocated to it and the credit notes issued against it. A credit
//! note against an invoice settles what payments left open of it; the rest of
//! its credit (the invoice was already paid) stays open on the credit note,
//! negative: the customer's credit, owed back to it (返金予定) until a refund or
//! a receipt for another invoice uses it up. That rule lives here once
//! ([`document_open_amount`]); the payment and credit-note commands check
//! allocations and credits against it too.

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use super::accounts::IdMap;
use super::{balance_sheet, StatementRow};
use crate::book::Book;
use crate::ids::RecordId;
use crate::trade::{
    book_totals, Document, DocumentKind, DocumentStatus, PaymentDirection, PaymentStatus, TradeSide,
};

/// An invoice, credit note or bill with an amount still to settle.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenItem {
    pub document: RecordId,
    pub kind: DocumentKind,
    pub number: String,
    pub partner: RecordId,
    pub date: NaiveDate,
    /// The document's due date, or its date when it has none.
    pub due_date: NaiveDate,
    /// Its total with tax (negative for a credit note).
    pub total: Decimal,
    /// Settled by payments and credit notes up to the date asked.
    pub settled: Decimal,
    pub open: Decimal,
    /// Days past due on the date asked (0 when not yet due).
    pub days_overdue: i64,
}

/// The open items of a side on a date (documents issued on or before it, less
/// what was settled on or before it), by due date.
pub fn open_items(book: &Book, side: TradeSide, as_of: NaiveDate) -> Vec<OpenItem> {
    let settled = Settled::on(book, as_of);
    let mut items: Vec<OpenItem> = book
        .documents()
        .filter(|d| d.date <= as_of && is_item(d, side))
        .map(|d| settled.item(book, d))
        .filter(|i| !i.open.is_zero())
        .collect();
    items.sort_by(|a, b| {
        (a.due_date, a.date, &a.number, a.document)
            .cmp(&(b.due_date, b.date, &b.number, b.document))
    });
    items
}

/// The aging buckets: not yet due, 1–30, 31–60, 61–90 and over 90 days overdue.
pub const AGING_BUCKETS: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct AgingRow {
    pub partner: RecordId,
    pub buckets: [Decimal; AGING_BUCKETS],
    pub total: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Aging {
    pub as_of: NaiveDate,
    /// One row per partner with anything open, by partner reading.
    pub rows: Vec<AgingRow>,
    pub totals: [Decimal; AGING_BUCKETS],
    pub total: Decimal,
}

/// Receivables (Sales) or payables (Purchase) by partner and age on a date.
pub fn aging(book: &Book, side: TradeSide, as_of: NaiveDate) -> Aging {
    let mut rows: Vec<AgingRow> = Vec::new();
    let mut row_of: IdMap<usize> = IdMap::default();
    for item in open_items(book, side, as_of) {
        let i = *row_of.entry(item.partner).or_insert_with(|| {
            rows.push(AgingRow {
                partner: item.partner,
                buckets: [Decimal::ZERO; AGING_BUCKETS],
                total: Decimal::ZERO,
            });
            rows.len() - 1
        });
        rows[i].buckets[bucket(item.days_overdue)] += item.open;
        rows[i].total += item.open;
    }
    rows.sort_by_cached_key(|r| partner_order(book, r.partner));
    let mut totals = [Decimal::ZERO; AGING_BUCKETS];
    for row in &rows {
        for (total, amount) in totals.iter_mut().zip(row.buckets) {
            *total += amount;
        }
    }
    Aging {
        as_of,
        total: totals.iter().sum(),
        rows,
        totals,
    }
}

/// One line of a partner statement: a document or a payment.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerStatementRow {
    pub date: NaiveDate,
    /// The document or payment.
    pub id: RecordId,
    pub kind: Option<DocumentKind>,
    /// The document's number, or empty for a payment.
    pub number: String,
    pub description: String,
    /// What the partner was charged (invoices; negative for credit notes).
    pub charged: Decimal,
    /// What was paid (payments, with the fee and withholding they settled).
    pub paid: Decimal,
    pub balance: Decimal,
}

/// A customer statement (取引明細書) or a supplier's account for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerStatement {
    pub partner: RecordId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: Decimal,
    pub rows: Vec<PartnerStatementRow>,
    pub closing: Decimal,
}

/// The partner's issued documents (charged; a credit note negative) and
/// payments (paid, with the fee and withholding they settled; a refund to a
/// customer negative) of the side, in
/// date order, a day's documents first, with the running balance; the opening
/// balance is the same sum over everything before `from`.
pub fn partner_statement(
    book: &Book,
    partner: RecordId,
    side: TradeSide,
    from: NaiveDate,
    to: NaiveDate,
) -> PartnerStatement {
    let on_side = |direction: PaymentDirection| match side {
        TradeSide::Sales => direction.is_sales(),
        TradeSide::Purchase => !direction.is_sales(),
    };
    let charges = book
        .documents()
        .filter(|d| d.partner == partner && d.date <= to && charges(d, side))
        .map(|d| PartnerStatementRow {
            date: d.date,
            id: d.id,
            kind: Some(d.kind),
            number: d.number.clone().unwrap_or_default(),
            description: d.subject.clone(),
            charged: sign(d.kind) * book_totals(book, d).gross,
            paid: Decimal::ZERO,
            balance: Decimal::ZERO,
        });
    let payments = book
        .payments()
        .filter(|p| {
            p.partner == partner
                && p.date <= to
                && p.status == PaymentStatus::Posted
                && on_side(p.direction)
        })
        .map(|p| PartnerStatementRow {
            date: p.date,
            id: p.id,
            kind: None,
            number: String::new(),
            description: p.memo.clone(),
            charged: Decimal::ZERO,
            paid: p.settled(),
            balance: Decimal::ZERO,
        });
    let mut rows: Vec<PartnerStatementRow> = charges.chain(payments).collect();
    // A day's documents before its payments, so a bill paid on its date never
    // shows a credit balance in between.
    rows.sort_by(|a, b| {
        (a.date, a.kind.is_none(), &a.number, a.id).cmp(&(
            b.date,
            b.kind.is_none(),
            &b.number,
            b.id,
        ))
    });
    let earlier = rows.partition_point(|r| r.date < from);
    let opening: Decimal = rows[..earlier].iter().map(|r| r.charged - r.paid).sum();
    let mut balance = opening;
    let rows = rows
        .into_iter()
        .skip(earlier)
        .map(|mut row| {
            balance += row.charged - row.paid;
            row.balance = balance;
            row
        })
        .collect();
    PartnerStatement {
        partner,
        from,
        to,
        opening,
        rows,
        closing: balance,
    }
}

/// One week of the cash forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastWeek {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    pub incoming: Decimal,
    pub outgoing: Decimal,
    /// Cash and bank balance at the end of the week if everything is paid when due.
    pub balance: Decimal,
}

/// What is due in and out over the next weeks from `from` (already overdue
/// items count in the first week), starting from the cash and bank balance.
#[derive(Clone, Debug, PartialEq)]
pub struct CashForecast {
    pub opening_balance: Decimal,
    pub weeks: Vec<ForecastWeek>,
}

/// `weeks` weeks from the Monday of `from`'s week, opening with the cash and
/// bank balance at the end of `from` (so a payment recorded that day is in the
/// balance and no longer open); each open item's money falls in the week it is due.
pub fn cash_forecast(book: &Book, from: NaiveDate, weeks: u32) -> CashForecast {
    let opening_balance = cash_balances(book, from).total;
    let monday = from - Days::new(u64::from(from.weekday().num_days_from_monday()));
    let mut rows: Vec<ForecastWeek> = (0..weeks)
        .map(|w| ForecastWeek {
            week_start: monday + Days::new(7 * u64::from(w)),
            incoming: Decimal::ZERO,
            outgoing: Decimal::ZERO,
            balance: Decimal::ZERO,
        })
        .collect();
    for side in [TradeSide::Sales, TradeSide::Purchase] {
        for item in open_items(book, side, from) {
            let week = (item.due_date - monday).num_days().max(0) / 7;
            let Some(row) = usize::try_from(week).ok().and_then(|w| rows.get_mut(w)) else {
                continue;
            };
            let cash = expected_cash(book, &item);
            match side {
                TradeSide::Sales => row.incoming += cash,
                TradeSide::Purchase => row.outgoing += cash,
            }
        }
    }
    let mut balance = opening_balance;
    for row in &mut rows {
        balance += row.incoming - row.outgoing;
        row.balance = balance;
    }
    CashForecast {
        opening_balance,
        weeks: rows,
    }
}

/// A credit note lowers what the partner owes; everything else raises it.
fn sign(kind: DocumentKind) -> Decimal {
    if kind == DocumentKind::CreditNote {
        Decimal::NEGATIVE_ONE
    } else {
        Decimal::ONE
    }
}

/// Whether the document is a charge on the side's account: an issued invoice,
/// credit note or bill (drafts and cancelled ones charge nothing).
fn charges(doc: &Document, side: TradeSide) -> bool {
    doc.status == DocumentStatus::Issued && doc.kind.posts() && doc.kind.side() == side
}

/// Whether the document is an item: a charge. A credit note against an
/// invoice is one too, though mostly with nothing open: it settles the invoice,
/// and only the credit the invoice had no open amount left for stays open.
fn is_item(doc: &Document, side: TradeSide) -> bool {
    charges(doc, side)
}

/// What was settled of each document on or before a day: the allocations of
/// payments not cancelled (a customer's credit is used up by negative ones)
/// and the issued credit notes against an invoice. Those settle the invoice
/// up to what its payments left open, the earliest credit first; the credit
/// beyond that stays open on the latest credit notes (the customer's credit,
/// negative). The invoice is never open below zero, and the partner's total
/// is the same either way. The one place the open-amount rule lives, for
/// reports and commands alike.
struct Settled {
    as_of: NaiveDate,
    amounts: IdMap<Decimal>,
}

impl Settled {
    fn on(book: &Book, as_of: NaiveDate) -> Settled {
        let mut amounts: IdMap<Decimal> = IdMap::default();
        let payments = book
            .payments()
            .filter(|p| p.status == PaymentStatus::Posted && p.date <= as_of);
        for allocation in payments.flat_map(|p| &p.allocations) {
            *amounts.entry(allocation.document).or_default() += allocation.amount;
        }
        let mut credits: IdMap<Vec<&Document>> = IdMap::default();
        let notes = book.documents().filter(|d| {
            d.kind == DocumentKind::CreditNote
                && d.status == DocumentStatus::Issued
                && d.date <= as_of
        });
        for note in notes {
            if let Some(invoice) = note.credit_for {
                credits.entry(invoice).or_default().push(note);
            }
        }
        for (invoice, mut notes) in credits {
            // What the invoice's payments left open (nothing, if it is gone).
            let paid = amounts.get(&invoice).copied().unwrap_or_default();
            let mut room = book
                .document(invoice)
                .filter(|i| i.status == DocumentStatus::Issued)
                .map_or(Decimal::ZERO, |i| book_totals(book, i).gross - paid)
                .max(Decimal::ZERO);
            notes.sort_by(|a, b| (a.date, &a.number, a.id).cmp(&(b.date, &b.number, b.id)));
            for note in notes {
                let applied = book_totals(book, note).gross.min(room).max(Decimal::ZERO);
                room -= applied;
                *amounts.entry(invoice).or_default() += applied;
                // The credit note's total is negative: what it applied to
                // the invoice is settled of it, the rest stays open.
                *amounts.entry(note.id).or_default() -= applied;
            }
        }
        Settled { as_of, amounts }
    }

    /// The document as an item: its total, what was settled, what is open.
    fn item(&self, book: &Book, doc: &Document) -> OpenItem {
        let total = sign(doc.kind) * book_totals(book, doc).gross;
        let settled = self.amounts.get(&doc.id).copied().unwrap_or_default();
        let due_date = doc.due_date.unwrap_or(doc.date);
        OpenItem {
            document: doc.id,
            kind: doc.kind,
            number: doc.number.clone().unwrap_or_default(),
            partner: doc.partner,
            date: doc.date,
            due_date,
            total,
            settled,
            open: total - settled,
            days_overdue: (self.as_of - due_date).num_days().max(0),
        }
    }
}

/// What is left to settle of a document on `as_of` (`NaiveDate::MAX`: with
/// everything recorded), signed as it stands on the partner's account: an
/// issued invoice or bill is owed (positive), a credit note of its own is owed
/// back (negative), and so is the credit of a credit note against an invoice
/// that the invoice had nothing open left for (it was paid). A draft, a
/// cancelled document and the kinds that do not post have nothing open.
pub fn document_open_amount(book: &Book, doc: &Document, as_of: NaiveDate) -> Decimal {
    if !is_item(doc, doc.kind.side()) {
        return Decimal::ZERO;
    }
    Settled::on(book, as_of).item(book, doc).open
}

/// The aging bucket of an item so many days past due.
fn bucket(days_overdue: i64) -> usize {
    match days_overdue {
        ..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

/// Partners by reading, one the book no longer has last.
fn partner_order(book: &Book, id: RecordId) -> (bool, String, RecordId) {
    let partner = book.partner(id);
    (
        partner.is_none(),
        partner.map(|p| p.sort_key()).unwrap_or_default(),
        id,
    )
}

/// The money an open item will still bring in or take out: its open amount,
/// but no more than the amount due, since income tax withheld (源泉徴収) is
/// settled without money moving (a customer deducts it from its payment).
fn expected_cash(book: &Book, item: &OpenItem) -> Decimal {
    let due = book.document(item.document).map_or(item.open, |d| {
        sign(d.kind) * book_totals(book, d).amount_due
    });
    if item.open.is_sign_positive() {
        item.open.min(due)
    } else {
        item.open
    }
}

/// The cash and bank accounts with a balance at the end of a day (the
/// balance sheet's rows, sub-accounts under their parent), and the money in
/// them: each account counted once, a sub-account within its parent's row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CashBalances {
    pub rows: Vec<StatementRow>,
    pub total: Decimal,
}

/// The money in cash and bank at the end of `date` (the dashboard's card, the
/// cash forecast's start).
pub fn cash_balances(book: &Book, date: NaiveDate) -> CashBalances {
    let mut cash = CashBalances::default();
    let mut counted_depth: Option<u8> = None;
    for row in balance_sheet(book, date).assets {
        let is_cash = book.is_cash_account(row.account);
        // A sub-account follows its parent, deeper: its balance is in the
        // parent's row already.
        if counted_depth.is_none_or(|d| row.depth <= d) {
            counted_depth = None;
            if is_cash {
                // Within the limits of `money/limits.rs` a sum of balances fits.
                cash.total = cash.total.checked_add(row.amount).unwrap_or(cash.total);
                counted_depth = Some(row.depth);
            }
        }
        if is_cash {
            cash.rows.push(row);
        }
    }
    cash
}
