//! The business class (事業区分, 簡易課税) a sale carries from its item or its
//! partner into the books, and the simplified return that reads it: the item
//! first, then the partner, then the account, then the class chosen on the
//! return. Figures are worked out by hand in the comments.

mod trade_common;

use kura_core::book::Record;
use kura_core::inventory::ItemInput;
use kura_core::ledger::{BusinessClass, TaxCode};
use kura_core::money::Currency;
use kura_core::reports::tax_return::deemed::DeemedFormula;
use kura_core::reports::{tax_return, tax_summary, Period, ReturnBox, ReturnChoices, ReturnMethod};
use kura_core::trade::DocumentKind;
use trade_common::{d, day, fixed, goods, item_line, line, Shop, SATO, TANAKA, YAMADA};

/// A service item (not kept in stock) of a class.
fn service(shop: &mut Shop, code: &str, class: BusinessClass) -> kura_core::ids::RecordId {
    shop.save_goods(ItemInput {
        tracked: false,
        business_class: Some(class),
        ..goods(code, code, "0")
    })
}

/// The (amount, class) of an entry's lines that carry a class.
fn classes(
    shop: &Shop,
    entry: kura_core::ids::RecordId,
) -> Vec<(rust_decimal::Decimal, BusinessClass)> {
    let entry = shop.book.entry(entry).unwrap();
    entry
        .lines()
        .iter()
        .filter_map(|l| Some((l.amount, l.business_class?)))
        .collect()
}

#[test]
fn a_sale_books_its_items_class_else_its_partners_and_the_return_reads_them() {
    let mut shop = Shop::new(); // tax-inclusive: sales booked with their tax
    let resold = service(&mut shop, "G-1", BusinessClass::Retail);
    let repair = service(&mut shop, "S-1", BusinessClass::Services);
    // 田中工務店 is a business: goods resold to it are wholesale.
    let mut tanaka = shop.book.partner(fixed(TANAKA)).unwrap().clone();
    tanaka.business_class = Some(BusinessClass::Wholesale);
    shop.put(Record::Partner(tanaka));

    // To 山田商事 (no class): goods 7,000,000 and a repair 3,000,000, both on
    // 売上高 at 10%: 11,000,000 with tax, shared 7,700,000 / 3,300,000.
    let lines = vec![
        item_line(resold, "1", "7000000", TaxCode::Sales10),
        item_line(repair, "1", "3000000", TaxCode::Sales10),
    ];
    let doc = shop.draft(DocumentKind::Invoice, YAMADA, "2027-03-31", lines);
    let invoice = shop.issue(doc);
    assert_eq!(
        classes(&shop, invoice.entry.unwrap()),
        [
            (d("-7700000"), BusinessClass::Retail),
            (d("-3300000"), BusinessClass::Services)
        ]
    );
    // To 田中工務店: a line without an item takes the partner's class; the
    // repair item keeps its own.
    let lines = vec![
        line("資材", "1", "1000000", TaxCode::Sales10),
        item_line(repair, "1", "1000000", TaxCode::Sales10),
    ];
    let doc = shop.draft(DocumentKind::Invoice, TANAKA, "2027-03-31", lines);
    let invoice = shop.issue(doc);
    assert_eq!(
        classes(&shop, invoice.entry.unwrap()),
        [
            (d("-1100000"), BusinessClass::Wholesale),
            (d("-1100000"), BusinessClass::Services)
        ]
    );

    // The return, class 4 (60%) chosen for what nothing classes — nothing here.
    // ① = 12,000,000; ② = 936,000. Class tax (7.8% of each class's net):
    // wholesale 1,000,000 → 78,000; retail 7,000,000 → 546,000; services
    // 4,000,000 → 312,000. Shares 8.3%, 58.3%, 33.3%: no class reaches 75%;
    // retail + services (91.7%) do: 546,000 × 80% + (78,000 + 312,000) × 50% =
    // 631,800. 原則: 78,000 × 90% + 546,000 × 80% + 312,000 × 50% = 70,200 +
    // 436,800 + 156,000 = 663,000, the larger. (All at class 4 it would be
    // 936,000 × 60% = 561,600.)
    let period = Period {
        from: day("2027-01-01"),
        to: day("2027-12-31"),
    };
    let summary = tax_summary(&shop.book, period);
    let choices = ReturnChoices {
        method: ReturnMethod::Simplified(BusinessClass::Other),
        ..ReturnChoices::default()
    };
    let r = tax_return(&summary, Currency::JPY, &choices).unwrap();
    assert_eq!(r.amount(ReturnBox::Tax), d("936000"));
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("663000"));
    assert_eq!(r.deemed.as_ref().unwrap().formula, DeemedFormula::Weighted);
}

#[test]
fn a_sale_nothing_classes_and_a_purchase_book_no_class() {
    let mut shop = Shop::new();
    let resold = service(&mut shop, "G-1", BusinessClass::Retail);
    // The account's class (or the return's) applies: the line carries none.
    let doc = shop.draft(
        DocumentKind::Invoice,
        YAMADA,
        "2027-03-31",
        vec![line("作業", "1", "10000", TaxCode::Sales10)],
    );
    let invoice = shop.issue(doc);
    assert!(classes(&shop, invoice.entry.unwrap()).is_empty());
    // A bill for the same item: classes are of sales only.
    let doc = shop.draft(
        DocumentKind::Bill,
        SATO,
        "2027-03-31",
        vec![item_line(resold, "1", "5000", TaxCode::Purchase10)],
    );
    let bill = shop.issue(doc);
    assert!(classes(&shop, bill.entry.unwrap()).is_empty());
}
