//! A document's totals: the tax once per document per rate (never line by
//! line), tax-inclusive prices, a credit note's own figures, and the income-tax
//! withholding on a fee. Expected figures are worked out by hand in comments.

use std::str::FromStr;

use chrono::NaiveDate;
use kura_core::ids::RecordId;
use kura_core::ledger::TaxCode;
use kura_core::money::{Currency, Rounding};
use kura_core::trade::{
    document_totals, withholding_tax, CodeTotal, Document, DocumentKind, DocumentLine,
    DocumentTotals, PriceBasis, WithholdingRule,
};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn line(quantity: &str, unit_price: &str, tax_code: TaxCode) -> DocumentLine {
    DocumentLine {
        description: "品目".into(),
        quantity: d(quantity),
        unit: String::new(),
        unit_price: d(unit_price),
        discount: Decimal::ZERO,
        tax_code,
        account: None,
        item: None,
        source: None,
        withheld: true,
        supply_date: None,
    }
}

fn doc(kind: DocumentKind, basis: PriceBasis, lines: Vec<DocumentLine>) -> Document {
    let date = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let mut doc = Document::draft(
        RecordId::from_parts(1, 1),
        kind,
        RecordId::from_parts(1, 2),
        date,
    );
    doc.price_basis = basis;
    doc.lines = lines;
    doc
}

fn totals(doc: &Document) -> DocumentTotals {
    document_totals(doc, Currency::JPY, Rounding::Down).unwrap()
}

/// (code, net, tax, gross) per code.
fn codes(totals: &DocumentTotals) -> Vec<(TaxCode, Decimal, Decimal, Decimal)> {
    totals
        .by_code
        .iter()
        .map(|c| (c.tax_code, c.net, c.tax, c.gross))
        .collect()
}

/// Seven lines of ¥105 at 10% and five of ¥115 at the reduced 8%, mixed.
fn small_lines() -> Vec<DocumentLine> {
    let mut lines = Vec::new();
    for i in 0..12 {
        lines.push(if i % 2 == 0 || i > 9 {
            line("1", "105", TaxCode::Sales10)
        } else {
            line("1", "115", TaxCode::Sales8Reduced)
        });
    }
    lines
}

#[test]
fn many_small_lines_are_taxed_once_per_rate_not_line_by_line() {
    let invoice = doc(
        DocumentKind::Invoice,
        PriceBasis::TaxExclusive,
        small_lines(),
    );
    assert_eq!(
        invoice
            .lines
            .iter()
            .filter(|l| l.tax_code == TaxCode::Sales10)
            .count(),
        7
    );
    let t = totals(&invoice);
    // Line by line, rounded down: 105 × 10% = 10.5 → 10, seven times = 70;
    // 115 × 8% = 9.2 → 9, five times = 45; 115 in all.
    let per_line: Decimal = invoice
        .lines
        .iter()
        .map(|l| {
            l.tax_code
                .tax_on_net(l.unit_price, invoice.date, Currency::JPY, Rounding::Down)
        })
        .sum();
    assert_eq!(per_line, d("115"));
    // Once per rate: 735 × 10% = 73.5 → 73; 575 × 8% = 46.
    assert_eq!(
        codes(&t),
        [
            (TaxCode::Sales10, d("735"), d("73"), d("808")),
            (TaxCode::Sales8Reduced, d("575"), d("46"), d("621")),
        ]
    );
    assert_eq!((t.net, t.tax, t.gross), (d("1310"), d("119"), d("1429")));
    assert_eq!(t.line_amounts.len(), 12);
    assert_eq!((t.withholding, t.amount_due), (Decimal::ZERO, d("1429")));
    assert_eq!(t.by_code[0].rate, d("0.10"));
    assert_eq!(t.by_code[1].rate, d("0.08"));
}

#[test]
fn the_rounding_rule_is_the_one_passed_in() {
    let invoice = doc(
        DocumentKind::Invoice,
        PriceBasis::TaxExclusive,
        small_lines(),
    );
    // 73.5 → 74 half up (四捨五入), and up (切り上げ); 46 stays 46.
    for rule in [Rounding::HalfUp, Rounding::Up] {
        let t = document_totals(&invoice, Currency::JPY, rule).unwrap();
        assert_eq!((t.by_code[0].tax, t.by_code[1].tax), (d("74"), d("46")));
    }
    // A line's amount is rounded by the same rule: 0.5 × 199 = 99.5, minus a
    // discount of 0.25 = 99.25 → 99 down, 100 up; cents stay in dollars.
    let mut half = line("0.5", "199", TaxCode::Sales10);
    half.discount = d("0.25");
    let one = doc(DocumentKind::Invoice, PriceBasis::TaxExclusive, vec![half]);
    assert_eq!(totals(&one).line_amounts, [d("99")]);
    let up = document_totals(&one, Currency::JPY, Rounding::Up).unwrap();
    assert_eq!(up.line_amounts, [d("100")]);
    let usd = Currency::from_str("USD").unwrap();
    assert_eq!(
        document_totals(&one, usd, Rounding::Down)
            .unwrap()
            .line_amounts,
        [d("99.25")]
    );
}

#[test]
fn a_discount_comes_off_the_line_before_tax() {
    let mut discounted = line("3", "1000", TaxCode::Sales10);
    discounted.discount = d("500");
    let t = totals(&doc(
        DocumentKind::Invoice,
        PriceBasis::TaxExclusive,
        vec![discounted],
    ));
    // 3 × 1,000 − 500 = 2,500; tax 250.
    assert_eq!(
        codes(&t),
        [(TaxCode::Sales10, d("2500"), d("250"), d("2750"))]
    );
}

#[test]
fn tax_inclusive_prices_show_the_tax_they_contain_once_per_rate() {
    let lines = vec![
        line("1", "1234", TaxCode::Sales10),
        line("2", "540", TaxCode::Sales8Reduced),
        line("1", "109", TaxCode::Sales10),
    ];
    let t = totals(&doc(DocumentKind::Invoice, PriceBasis::TaxInclusive, lines));
    // 10%: 1,234 + 109 = 1,343 contains 1,343 × 10/110 = 122.09… → 122 (line by
    // line it would be 112 + 9 = 121); net 1,221.
    // 8%: 1,080 contains 1,080 × 8/108 = 80; net 1,000.
    assert_eq!(t.line_amounts, [d("1234"), d("1080"), d("109")]);
    assert_eq!(
        codes(&t),
        [
            (TaxCode::Sales10, d("1221"), d("122"), d("1343")),
            (TaxCode::Sales8Reduced, d("1000"), d("80"), d("1080")),
        ]
    );
    assert_eq!((t.net, t.tax, t.gross), (d("2221"), d("202"), d("2423")));
}

#[test]
fn codes_come_in_tax_code_order_and_untaxed_ones_carry_no_tax() {
    let lines = vec![
        line("1", "5000", TaxCode::SalesExempt),
        line("1", "3000", TaxCode::NotTaxable),
        line("1", "1000", TaxCode::Sales8Reduced),
        line("1", "2000", TaxCode::SalesExport),
    ];
    let t = totals(&doc(DocumentKind::Invoice, PriceBasis::TaxExclusive, lines));
    assert_eq!(
        t.by_code,
        [
            CodeTotal {
                tax_code: TaxCode::Sales8Reduced,
                rate: d("0.08"),
                net: d("1000"),
                tax: d("80"),
                gross: d("1080"),
            },
            CodeTotal {
                tax_code: TaxCode::SalesExempt,
                rate: Decimal::ZERO,
                net: d("5000"),
                tax: Decimal::ZERO,
                gross: d("5000"),
            },
            CodeTotal {
                tax_code: TaxCode::SalesExport,
                rate: Decimal::ZERO,
                net: d("2000"),
                tax: Decimal::ZERO,
                gross: d("2000"),
            },
            CodeTotal {
                tax_code: TaxCode::NotTaxable,
                rate: Decimal::ZERO,
                net: d("3000"),
                tax: Decimal::ZERO,
                gross: d("3000"),
            },
        ]
    );
    assert_eq!(t.gross, d("11080"));
}

#[test]
fn a_credit_note_against_part_of_an_invoice_has_its_own_positive_totals() {
    let invoice = doc(
        DocumentKind::Invoice,
        PriceBasis::TaxExclusive,
        vec![
            line("10", "1980", TaxCode::Sales10),
            line("3", "1296", TaxCode::Sales8Reduced),
        ],
    );
    // 19,800 → 1,980 tax; 3,888 × 8% = 311.04 → 311. Gross 25,979.
    let i = totals(&invoice);
    assert_eq!((i.tax, i.gross), (d("2291"), d("25979")));
    // Two of the ten and one of the three come back: 3,960 → 396;
    // 1,296 × 8% = 103.68 → 103. The credit note is positive like any document.
    let credit = doc(
        DocumentKind::CreditNote,
        PriceBasis::TaxExclusive,
        vec![
            line("2", "1980", TaxCode::Sales10),
            line("1", "1296", TaxCode::Sales8Reduced),
        ],
    );
    let c = totals(&credit);
    assert_eq!(
        codes(&c),
        [
            (TaxCode::Sales10, d("3960"), d("396"), d("4356")),
            (TaxCode::Sales8Reduced, d("1296"), d("103"), d("1399")),
        ]
    );
    assert_eq!((c.net, c.tax, c.gross), (d("5256"), d("499"), d("5755")));
    // What stays owed: 25,979 − 5,755 = 20,224.
    assert_eq!(i.gross - c.gross, d("20224"));
}

#[test]
fn withholding_is_10_21_percent_up_to_a_million_and_20_42_above() {
    let jpy = Currency::JPY;
    // 100,000 × 10.21% = 10,210.
    assert_eq!(withholding_tax(d("100000"), jpy), d("10210"));
    // 33,333 × 10.21% = 3,403.2993 → 3,403 (rounded down).
    assert_eq!(withholding_tax(d("33333"), jpy), d("3403"));
    // Exactly 1,000,000: 102,100.
    assert_eq!(withholding_tax(d("1000000"), jpy), d("102100"));
    // 1,000,001: 102,100 + 1 × 20.42% = 102,100.2042 → 102,100.
    assert_eq!(withholding_tax(d("1000001"), jpy), d("102100"));
    // 1,500,000: 102,100 + 500,000 × 20.42% = 102,100 + 102,100 = 204,200.
    assert_eq!(withholding_tax(d("1500000"), jpy), d("204200"));
    assert_eq!(withholding_tax(Decimal::ZERO, jpy), Decimal::ZERO);
}

fn fee_invoice(basis: PriceBasis, fee: &str) -> DocumentTotals {
    let mut invoice = doc(
        DocumentKind::Invoice,
        basis,
        vec![line("1", fee, TaxCode::Sales10)],
    );
    invoice.withholding = WithholdingRule::IncomeTax;
    totals(&invoice)
}

#[test]
fn an_invoice_that_withholds_is_due_net_of_it_on_the_fee_without_tax() {
    // Below a million: fee 100,000 + tax 10,000 = 110,000; withheld on the fee
    // only, 10,210; due 99,790.
    let t = fee_invoice(PriceBasis::TaxExclusive, "100000");
    assert_eq!(
        (t.gross, t.withholding, t.amount_due),
        (d("110000"), d("10210"), d("99790"))
    );
    // Above: fee 1,500,000 + 150,000 = 1,650,000; withheld 204,200; due 1,445,800.
    let t = fee_invoice(PriceBasis::TaxExclusive, "1500000");
    assert_eq!(
        (t.gross, t.withholding, t.amount_due),
        (d("1650000"), d("204200"), d("1445800"))
    );
    // Tax-inclusive 110,000 is a fee of 100,000: the same 10,210.
    let t = fee_invoice(PriceBasis::TaxInclusive, "110000");
    assert_eq!(
        (t.net, t.withholding, t.amount_due),
        (d("100000"), d("10210"), d("99790"))
    );
    // Without the rule nothing is withheld.
    let plain = doc(
        DocumentKind::Invoice,
        PriceBasis::TaxExclusive,
        vec![line("1", "100000", TaxCode::Sales10)],
    );
    assert_eq!(totals(&plain).withholding, Decimal::ZERO);
}

#[test]
fn only_the_fee_lines_are_withheld_on() {
    // A design fee of 100,000 and sweets of 3,000 (8%) on one invoice: the fee
    // alone is withheld on, 100,000 × 10.21% = 10,210 (the whole 103,000 would
    // give 10,516). Gross 110,000 + 3,240 = 113,240; due 103,030.
    let sweets = DocumentLine {
        withheld: false,
        ..line("1", "3000", TaxCode::Sales8Reduced)
    };
    let mut invoice = doc(
        DocumentKind::Invoice,
        PriceBasis::TaxExclusive,
        vec![line("1", "100000", TaxCode::Sales10), sweets.clone()],
    );
    invoice.withholding = WithholdingRule::IncomeTax;
    let t = totals(&invoice);
    assert_eq!(
        (t.gross, t.withholding, t.amount_due),
        (d("113240"), d("10210"), d("103030"))
    );
    // Tax-inclusive, with a fee of 55,000 and an unwithheld 11,000 on the same
    // code: 66,000 × 10/110 = 6,000 tax, net 60,000; the fee's share 60,000 ×
    // 55/66 = 50,000; withheld 5,105.
    let mut inclusive = doc(
        DocumentKind::Invoice,
        PriceBasis::TaxInclusive,
        vec![
            line("1", "55000", TaxCode::Sales10),
            DocumentLine {
                withheld: false,
                ..line("1", "11000", TaxCode::Sales10)
            },
        ],
    );
    inclusive.withholding = WithholdingRule::IncomeTax;
    assert_eq!(totals(&inclusive).withholding, d("5105"));
    // No line withheld: nothing withheld.
    invoice.lines = vec![sweets];
    assert_eq!(totals(&invoice).withholding, Decimal::ZERO);
}

#[test]
fn a_scriveners_fee_is_withheld_on_the_part_above_ten_thousand_yen() {
    // 司法書士: (50,000 − 10,000) × 10.21% = 4,084. A fee of 8,000: nothing.
    let mut invoice = doc(
        DocumentKind::Invoice,
        PriceBasis::TaxExclusive,
        vec![line("1", "50000", TaxCode::Sales10)],
    );
    invoice.withholding = WithholdingRule::ScrivenerFee;
    let t = totals(&invoice);
    assert_eq!((t.withholding, t.amount_due), (d("4084"), d("50916")));
    invoice.lines = vec![line("1", "8000", TaxCode::Sales10)];
    assert_eq!(totals(&invoice).withholding, Decimal::ZERO);
}

#[test]
fn a_line_stored_before_the_withheld_mark_counts_as_withheld() {
    let stored: DocumentLine = serde_json::from_value(serde_json::json!({
        "description": "デザイン料", "quantity": "1", "unit_price": "100000",
        "tax_code": "sales10"
    }))
    .unwrap();
    assert!(stored.withheld);
}
