//! Tax by the date of each supply (取引年月日), not the document's: a
//! consolidated invoice of delivery notes on both sides of the 2019-10-01 rate
//! change, its credit note, and a bill of an unregistered supplier's goods
//! received on both sides of the 2026-10-01 step of the transitional credit.
//! The paper (totals per code and rate), the entry it posts and the
//! consumption-tax summary must agree. Figures are worked out by hand in
//! comments.

mod trade_common;

use chrono::NaiveDate;
use kura_core::book::TaxAccounting;
use kura_core::ledger::{JournalEntry, TaxCode, TaxPart};
use kura_core::money::{Currency, Rounding};
use kura_core::reports::{tax_summary, Period};
use kura_core::trade::{
    consolidated_invoice, copy_forward, document_totals, Document, DocumentKind, DocumentTotals,
    PriceBasis,
};
use rust_decimal::Decimal;
use trade_common::{d, day, fixed, line, Shop, SUZUKI, YAMADA};

/// (code, rate, net, tax, gross) of each group.
type Group = (TaxCode, Decimal, Decimal, Decimal, Decimal);

fn groups(totals: &DocumentTotals) -> Vec<Group> {
    totals
        .by_code
        .iter()
        .map(|c| (c.tax_code, c.rate, c.net, c.tax, c.gross))
        .collect()
}

fn jpy(doc: &Document) -> DocumentTotals {
    document_totals(doc, Currency::JPY, Rounding::Down).unwrap()
}

fn entry_of(shop: &Shop, doc: &Document) -> JournalEntry {
    shop.book.entry(doc.entry.unwrap()).unwrap().clone()
}

/// (account code, amount, tax part, supply date) of each line.
fn rows(
    shop: &Shop,
    entry: &JournalEntry,
) -> Vec<(String, Decimal, Option<TaxPart>, Option<NaiveDate>)> {
    entry
        .lines()
        .iter()
        .map(|p| {
            let code = shop.book.account(p.account).unwrap().code.clone();
            (code, p.amount, p.tax_part, p.supply_date)
        })
        .collect()
}

fn period(from: &str, to: &str) -> Period {
    Period {
        from: day(from),
        to: day(to),
    }
}

/// Two delivery notes of ¥10,000 (tax excluded, standard rate) each, dated
/// 2019-09-30 (8%) and 2019-10-01 (10%), gathered into the invoice closing
/// on 2019-10-31 — issued.
fn consolidated(shop: &mut Shop) -> Document {
    for date in ["2019-09-30", "2019-10-01"] {
        let lines = vec![line("部品", "1", "10000", TaxCode::Sales10)];
        let note = shop.draft(DocumentKind::Delivery, YAMADA, date, lines);
        shop.issue(note);
    }
    let id = shop.id();
    let invoice = consolidated_invoice(&shop.book, fixed(YAMADA), day("2019-10-31"), id).unwrap();
    shop.issue(invoice)
}

#[test]
fn a_consolidated_invoice_taxes_each_delivery_at_its_date_s_rate() {
    let mut shop = Shop::new();
    let invoice = consolidated(&mut shop);
    // Each line is supplied on its delivery note's date.
    let dates: Vec<Option<NaiveDate>> = invoice.lines.iter().map(|l| l.supply_date).collect();
    assert_eq!(dates, [Some(day("2019-09-30")), Some(day("2019-10-01"))]);
    // 10,000 × 8% = 800 and 10,000 × 10% = 1,000, each rounded once on its
    // group; not 20,000 × 10% = 2,000.
    let totals = jpy(&invoice);
    assert_eq!(
        groups(&totals),
        [
            (
                TaxCode::Sales10,
                d("0.08"),
                d("10000"),
                d("800"),
                d("10800")
            ),
            (
                TaxCode::Sales10,
                d("0.10"),
                d("10000"),
                d("1000"),
                d("11000")
            ),
        ]
    );
    assert_eq!(
        (totals.net, totals.tax, totals.gross),
        (d("20000"), d("1800"), d("21800"))
    );
    // Issued figures are the same.
    assert_eq!(invoice.issued_totals.as_ref(), Some(&totals));
}

#[test]
fn a_tax_inclusive_book_posts_each_rate_and_the_summary_finds_its_tax() {
    let mut shop = Shop::new();
    let invoice = consolidated(&mut shop);
    let entry = entry_of(&shop, &invoice);
    // The 8% part is marked with its supply date; the 10% part's rate is the
    // entry date's, so it needs no mark.
    assert_eq!(
        rows(&shop, &entry),
        [
            ("120".into(), d("21800"), None, None),
            ("400".into(), d("-10800"), None, Some(day("2019-09-30"))),
            ("400".into(), d("-11000"), None, None),
        ]
    );
    // The summary reads the tax in each gross at its supply's rate:
    // 10,800 × 8/108 = 800 and 11,000 × 10/110 = 1,000: 1,800, as printed
    // (at the entry date's rate alone, 21,800 × 10/110 = 1,981).
    let summary = tax_summary(&shop.book, period("2019-10-01", "2019-10-31"));
    let sales = summary.line(TaxCode::Sales10).unwrap();
    assert_eq!(
        (sales.gross, sales.base, sales.tax),
        (d("21800"), d("20000"), d("1800"))
    );
    assert_eq!(summary.methods.output_tax, d("1800"));
}

#[test]
fn a_tax_exclusive_book_posts_each_rate_s_tax_as_printed() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let invoice = consolidated(&mut shop);
    let entry = entry_of(&shop, &invoice);
    let tax = Some(TaxPart::Tax);
    let sept = Some(day("2019-09-30"));
    assert_eq!(
        rows(&shop, &entry),
        [
            ("120".into(), d("21800"), None, None),
            ("400".into(), d("-10000"), None, sept),
            ("260".into(), d("-800"), tax, sept),
            ("400".into(), d("-10000"), None, None),
            ("260".into(), d("-1000"), tax, None),
        ]
    );
    let summary = tax_summary(&shop.book, period("2019-10-01", "2019-10-31"));
    assert_eq!(summary.line(TaxCode::Sales10).unwrap().tax, d("1800"));
    assert_eq!(summary.methods.output_tax, d("1800"));
}

#[test]
fn a_credit_note_returns_each_sale_at_its_original_rate() {
    let mut shop = Shop::new();
    let invoice = consolidated(&mut shop);
    let id = shop.id();
    let note = copy_forward(
        &shop.book,
        &[invoice.id],
        DocumentKind::CreditNote,
        id,
        day("2019-11-15"),
    )
    .unwrap();
    // Each line keeps the date its sale was supplied on.
    let dates: Vec<Option<NaiveDate>> = note.lines.iter().map(|l| l.supply_date).collect();
    assert_eq!(dates, [Some(day("2019-09-30")), Some(day("2019-10-01"))]);
    let note = shop.issue(note);
    // The same groups as the invoice: 800 at 8%, 1,000 at 10%.
    assert_eq!(groups(&jpy(&note)), groups(&jpy(&invoice)));
    let entry = entry_of(&shop, &note);
    assert_eq!(
        rows(&shop, &entry),
        [
            ("400".into(), d("10800"), None, Some(day("2019-09-30"))),
            ("400".into(), d("11000"), None, None),
            ("120".into(), d("-21800"), None, None),
        ]
    );
    // The return cancels the sale in the books: 1,800 − 1,800.
    let summary = tax_summary(&shop.book, period("2019-10-01", "2019-11-30"));
    assert_eq!(summary.methods.output_tax, Decimal::ZERO);
    assert_eq!(shop.balance("120"), Decimal::ZERO);
}

#[test]
fn a_credit_note_for_an_invoice_before_the_change_keeps_its_rate() {
    let mut shop = Shop::new();
    let lines = vec![line("部品", "1", "10000", TaxCode::Sales10)];
    let invoice = shop.draft(DocumentKind::Invoice, YAMADA, "2019-09-30", lines);
    let invoice = shop.issue(invoice);
    assert_eq!(jpy(&invoice).tax, d("800"));
    let id = shop.id();
    let note = copy_forward(
        &shop.book,
        &[invoice.id],
        DocumentKind::CreditNote,
        id,
        day("2019-10-10"),
    )
    .unwrap();
    // Returned after the change, sold before it: 10,000 × 8% = 800, not
    // 10,000 × 10% = 1,000.
    assert_eq!(
        groups(&jpy(&note)),
        [(
            TaxCode::Sales10,
            d("0.08"),
            d("10000"),
            d("800"),
            d("10800")
        )]
    );
}

#[test]
fn a_quote_s_date_is_not_a_supply_s() {
    let mut shop = Shop::new();
    let lines = vec![line("部品", "1", "10000", TaxCode::Sales10)];
    let quote = shop.draft(DocumentKind::Quote, YAMADA, "2019-09-20", lines);
    let quote = shop.issue(quote);
    let id = shop.id();
    let invoice = copy_forward(
        &shop.book,
        &[quote.id],
        DocumentKind::Invoice,
        id,
        day("2019-10-10"),
    )
    .unwrap();
    assert_eq!(invoice.lines[0].supply_date, None);
    assert_eq!(jpy(&invoice).tax, d("1000"));
}

/// An unregistered supplier's goods received on 2026-09-30 (80% creditable)
/// and 2026-10-01 (70%), each ¥10,000 before tax, billed together on
/// 2026-10-15 and issued.
fn bill_across_the_step(shop: &mut Shop) -> Document {
    let mut receipts = Vec::new();
    for date in ["2026-09-30", "2026-10-01"] {
        let lines = vec![line("材料", "1", "10000", TaxCode::Purchase10)];
        let receipt = shop.draft(DocumentKind::GoodsReceipt, SUZUKI, date, lines);
        receipts.push(shop.issue(receipt).id);
    }
    let id = shop.id();
    let bill = copy_forward(
        &shop.book,
        &receipts,
        DocumentKind::Bill,
        id,
        day("2026-10-15"),
    );
    shop.issue(bill.unwrap())
}

#[test]
fn an_unregistered_supplier_s_bill_credits_each_receipt_at_its_date_s_share() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let bill = bill_across_the_step(&mut shop);
    assert_eq!(bill.price_basis, PriceBasis::TaxExclusive);
    // One rate, so one group on paper: 20,000 × 10% = 2,000.
    assert_eq!(
        groups(&jpy(&bill)),
        [(
            TaxCode::Purchase10,
            d("0.10"),
            d("20000"),
            d("2000"),
            d("22000")
        )]
    );
    // The entry shares the 2,000 by the receipts' amounts, 1,000 each: of the
    // September one 80% (800) is credited and 200 stays with the cost, of the
    // October one 70% (700) and 300.
    let sept = Some(day("2026-09-30"));
    let (tax, cost) = (Some(TaxPart::Tax), Some(TaxPart::NotCreditable));
    let entry = entry_of(&shop, &bill);
    assert_eq!(
        rows(&shop, &entry),
        [
            ("510".into(), d("10000"), None, sept),
            ("160".into(), d("800"), tax, sept),
            ("510".into(), d("200"), cost, sept),
            ("510".into(), d("10000"), None, None),
            ("160".into(), d("700"), tax, None),
            ("510".into(), d("300"), cost, None),
            ("210".into(), d("-22000"), None, None),
        ]
    );
    // The summary credits what the entry booked: 800 + 700 = 1,500 (the
    // October share alone would give 2,000 × 70% = 1,400).
    let summary = tax_summary(&shop.book, period("2026-10-01", "2026-12-31"));
    let line = summary.line(TaxCode::Purchase10Unregistered).unwrap();
    assert_eq!((line.tax, line.creditable_tax), (d("2000"), d("1500")));
}

#[test]
fn a_tax_inclusive_book_credits_an_unregistered_bill_by_each_supply_date() {
    let mut shop = Shop::new();
    let bill = bill_across_the_step(&mut shop);
    let entry = entry_of(&shop, &bill);
    assert_eq!(
        rows(&shop, &entry),
        [
            ("510".into(), d("11000"), None, Some(day("2026-09-30"))),
            ("510".into(), d("11000"), None, None),
            ("210".into(), d("-22000"), None, None),
        ]
    );
    // 11,000 × 10/110 = 1,000 each; credited 800 and 700.
    let summary = tax_summary(&shop.book, period("2026-10-01", "2026-12-31"));
    let line = summary.line(TaxCode::Purchase10Unregistered).unwrap();
    assert_eq!((line.tax, line.creditable_tax), (d("2000"), d("1500")));
}
