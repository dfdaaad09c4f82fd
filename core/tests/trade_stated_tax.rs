//! A bill carrying the tax printed on the supplier's qualified invoice
//! (積上げ計算, 消費税法施行令46条1項): it replaces the computed tax of its
//! (code, rate) group on paper, in the entry (on 仮払消費税 in a tax-exclusive
//! book) and so in the tax summary and the return; a figure more than rounding
//! away from the computed tax is refused. Figures are worked out by hand in
//! comments.

mod trade_common;

use kura_core::book::TaxAccounting;
use kura_core::ledger::{TaxCode, TaxPart};
use kura_core::money::limits::{LimitError, Magnitude};
use kura_core::money::Currency;
use kura_core::reports::{tax_return, tax_summary, Period, ReturnChoices};
use kura_core::trade::{
    book_totals, Document, DocumentKind, PriceBasis, StatedTax, StatedTaxProblem, TradeError,
};
use trade_common::{d, day, line, Shop, SATO, YAMADA};

/// A registered supplier's bill of 2026-11-10: three lines of `price` at 10%.
fn bill(shop: &mut Shop, price: &str, basis: PriceBasis) -> Document {
    let lines = vec![line("部材", "1", price, TaxCode::Purchase10); 3];
    Document {
        price_basis: basis,
        ..shop.draft(DocumentKind::Bill, SATO, "2026-11-10", lines)
    }
}

fn stated(tax: &str) -> Vec<StatedTax> {
    vec![StatedTax {
        tax_code: TaxCode::Purchase10,
        rate: d("0.10"),
        tax: d(tax),
    }]
}

fn year() -> Period {
    Period {
        from: day("2026-01-01"),
        to: day("2026-12-31"),
    }
}

#[test]
fn the_supplier_s_tax_is_what_the_bill_shows_and_posts() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let plain = bill(&mut shop, "1001", PriceBasis::TaxExclusive);
    // Computed: 3,003 × 10% = 300.3 → 300.
    let computed = book_totals(&shop.book, &plain).into_owned();
    assert_eq!(
        (computed.net, computed.tax, computed.gross),
        (d("3003"), d("300"), d("3303"))
    );
    // The supplier printed 301 (it rounds up): net 3,003, tax 301, gross 3,304.
    let with_stated = Document {
        stated_tax: stated("301"),
        ..plain
    };
    let issued = shop.issue(with_stated);
    let totals = issued.issued_totals.clone().unwrap();
    assert_eq!(
        (totals.net, totals.tax, totals.gross),
        (d("3003"), d("301"), d("3304"))
    );
    assert_eq!(totals.by_code[0].tax, d("301"));
    // The entry books the supplier's 301 on 仮払消費税.
    let entry = shop.book.entry(issued.entry.unwrap()).unwrap().clone();
    assert_eq!(
        shop.lines(&entry),
        [
            ("510".into(), d("3003"), Some(TaxCode::Purchase10), None),
            (
                "160".into(),
                d("301"),
                Some(TaxCode::Purchase10),
                Some(TaxPart::Tax)
            ),
            ("210".into(), d("-3304"), None, None),
        ]
    );
    // The summary credits 301, as booked.
    let summary = tax_summary(&shop.book, year());
    let line = summary.line(TaxCode::Purchase10).unwrap();
    assert_eq!(
        (line.base, line.tax, line.creditable_tax),
        (d("3003"), d("301"), d("301"))
    );
    assert_eq!(summary.methods.creditable_input_tax, d("301"));
}

#[test]
fn the_return_s_credit_is_the_stated_tax() {
    // Three lines of 1,004: 3,012 × 10% = 301.2 → 301 computed; the supplier
    // printed 302. ④ (national, standard rate) = 302 × 78/100 = 235.56 → 235;
    // from the computed 301 it would be 234.78 → 234.
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let doc = Document {
        stated_tax: stated("302"),
        ..bill(&mut shop, "1004", PriceBasis::TaxExclusive)
    };
    shop.issue(doc);
    let summary = tax_summary(&shop.book, year());
    assert_eq!(summary.methods.creditable_input_tax, d("302"));
    let r = tax_return(&summary, Currency::JPY, &ReturnChoices::default()).unwrap();
    // Reduced column first, then standard.
    assert_eq!(r.columns[1].credit, d("235"));
}

#[test]
fn a_tax_inclusive_bill_takes_the_net_as_the_gross_less_the_stated_tax() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    // Three lines of 1,101 with tax: 3,303 × 10/110 = 300.27 → 300 computed;
    // the supplier printed 301, so the net is 3,303 − 301 = 3,002.
    let doc = Document {
        stated_tax: stated("301"),
        ..bill(&mut shop, "1101", PriceBasis::TaxInclusive)
    };
    let issued = shop.issue(doc);
    let totals = issued.issued_totals.clone().unwrap();
    assert_eq!(
        (totals.net, totals.tax, totals.gross),
        (d("3002"), d("301"), d("3303"))
    );
    let entry = shop.book.entry(issued.entry.unwrap()).unwrap().clone();
    assert_eq!(
        shop.lines(&entry),
        [
            ("510".into(), d("3002"), Some(TaxCode::Purchase10), None),
            (
                "160".into(),
                d("301"),
                Some(TaxCode::Purchase10),
                Some(TaxPart::Tax)
            ),
            ("210".into(), d("-3303"), None, None),
        ]
    );
}

fn refused(shop: &mut Shop, doc: Document) -> StatedTaxProblem {
    match shop.try_issue(doc) {
        Err(TradeError::StatedTax { problem, .. }) => problem,
        other => panic!("refused for its stated tax, not {other:?}"),
    }
}

#[test]
fn a_stated_tax_beyond_rounding_is_refused_naming_the_computed_tax() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let with = |shop: &mut Shop, tax: &str| Document {
        stated_tax: stated(tax),
        ..bill(shop, "1001", PriceBasis::TaxExclusive)
    };
    // Typed ten times too large: 3,000 for 300. Three lines allow ¥3.
    let doc = with(&mut shop, "3000");
    assert_eq!(
        shop.try_issue(doc).unwrap_err(),
        TradeError::StatedTax {
            tax_code: TaxCode::Purchase10,
            rate: d("0.10"),
            stated: d("3000"),
            problem: StatedTaxProblem::FarFromComputed {
                computed: d("300"),
                allowed: d("3"),
            },
        }
    );
    // 300 + 4 is beyond; 300 + 3 and 300 − 3 are rounding.
    let doc = with(&mut shop, "304");
    assert!(matches!(
        refused(&mut shop, doc),
        StatedTaxProblem::FarFromComputed { .. }
    ));
    let doc = with(&mut shop, "303");
    assert!(shop.try_issue(doc).is_ok());
    let doc = with(&mut shop, "297");
    assert!(shop.try_issue(doc).is_ok());
}

#[test]
fn a_stated_tax_must_be_a_bill_s_own_sensible_figure() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let base = bill(&mut shop, "1001", PriceBasis::TaxExclusive);
    let with = |taxes: Vec<StatedTax>| Document {
        stated_tax: taxes,
        ..base.clone()
    };
    assert_eq!(
        refused(&mut shop, with(stated("-1"))),
        StatedTaxProblem::Negative
    );
    assert_eq!(
        refused(&mut shop, with(stated("300.5"))),
        StatedTaxProblem::TooManyDecimals
    );
    assert_eq!(
        refused(&mut shop, with(stated("10000000000000000"))),
        StatedTaxProblem::TooLarge(LimitError::of(Magnitude::Amount))
    );
    let reduced = vec![StatedTax {
        tax_code: TaxCode::Purchase8Reduced,
        rate: d("0.08"),
        tax: d("240"),
    }];
    assert_eq!(refused(&mut shop, with(reduced)), StatedTaxProblem::NoLines);
    let twice = [stated("300"), stated("301")].concat();
    assert_eq!(refused(&mut shop, with(twice)), StatedTaxProblem::Twice);
    // Only a bill: an invoice states its own tax.
    let lines = vec![line("作業", "1", "1001", TaxCode::Sales10)];
    let invoice = Document {
        stated_tax: vec![StatedTax {
            tax_code: TaxCode::Sales10,
            rate: d("0.10"),
            tax: d("100"),
        }],
        ..shop.draft(DocumentKind::Invoice, YAMADA, "2026-11-10", lines)
    };
    assert_eq!(refused(&mut shop, invoice), StatedTaxProblem::NotABill);
    // Nothing stated: the computed tax, as before.
    assert_eq!(book_totals(&shop.book, &base).tax, d("300"));
}
