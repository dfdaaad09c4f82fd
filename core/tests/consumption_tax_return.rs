//! The consumption-tax return's boxes, worked out by hand in the comments from
//! the entries (the freelancer's and the shop's years are in
//! `worked_examples.rs`; here are the years that need a book of their own).

mod fixtures;

use fixtures::{d, period, Ledger};
use kura_core::book::Record;
use kura_core::ledger::{Account, BusinessClass, PurchaseUse};
use kura_core::money::Currency;
use kura_core::reports::tax_return::deemed::DeemedFormula;
use kura_core::reports::tax_return::rules::SpecialRule;
use kura_core::reports::{
    tax_return, tax_summary, AppliedMethod, Apportionment, ReturnBox, ReturnChoices, ReturnMethod,
    ReturnWarning, SalesTaxCalc, TaxReturn, TaxReturnError,
};
use rust_decimal::Decimal;

/// The boxes as (number, amount), to compare with the hand figures at a glance.
fn boxes(r: &TaxReturn) -> Vec<(u8, Decimal)> {
    r.boxes.iter().map(|(b, a)| (b.number(), *a)).collect()
}

fn expect(pairs: &[(u8, &str)]) -> Vec<(u8, Decimal)> {
    pairs.iter().map(|(n, a)| (*n, d(a))).collect()
}

fn figure(
    ledger: &str,
    from: &str,
    to: &str,
    choices: ReturnChoices,
) -> Result<TaxReturn, TaxReturnError> {
    let l = Ledger::parse(ledger);
    tax_return(
        &tax_summary(&l.book, period(from, to)),
        Currency::JPY,
        &choices,
    )
}

/// A designer's 2027, tax-inclusive, with tax per line rounded down as booked.
const DESIGNER_2027: &str = "
2027-01-31 * デザイン料 | A社
  普通預金  1234567
  売上高   -1234567 ; Sales10
2027-05-31 * デザイン料 | B社
  普通預金  765432
  売上高   -765432 ; Sales10
2027-06-10 * 焼菓子の販売 | 来場者
  現金     54321
  売上高  -54321 ; Sales8Reduced
2027-07-01 * 機材 | 家電店
  消耗品費   330000 ; Purchase10
  普通預金  -330000
";

#[test]
fn in_2027_the_special_rule_is_the_thirty_percent_one() {
    // Standard sales 1,234,567 + 765,432 = 1,999,999; ①-1 = 1,999,999 × 100/110
    // = 1,818,180.90 → 1,818,180; ① = 1,818,000; ② = × 7.8% = 141,804.
    // Reduced 54,321 × 100/108 = 50,297.22 → 50,297; ① = 50,000; ② = × 6.24% = 3,120.
    // ① 1,868,000; ② 144,924. 3割特例: ④ = 141,804 × 70% = 99,262.8 → 99,262 and
    // 3,120 × 70% = 2,184: 101,446. ⑨ = 43,478 → 43,400. ⑳ = 43,400 × 22/78 =
    // 12,241.02 → 12,200. ㉖ = 55,600.
    let choices = ReturnChoices {
        method: ReturnMethod::Special,
        ..ReturnChoices::default()
    };
    let r = figure(DESIGNER_2027, "2027-01-01", "2027-12-31", choices).unwrap();
    assert_eq!(r.method, AppliedMethod::Special(SpecialRule::ThirtyPercent));
    assert_eq!(
        (
            r.columns[0].consideration,
            r.columns[0].tax_base,
            r.columns[0].tax,
            r.columns[0].credit
        ),
        (d("50297"), d("50000"), d("3120"), d("2184"))
    );
    assert_eq!(
        (
            r.columns[1].consideration,
            r.columns[1].tax_base,
            r.columns[1].tax,
            r.columns[1].credit
        ),
        (d("1818180"), d("1818000"), d("141804"), d("99262"))
    );
    assert_eq!(
        boxes(&r),
        expect(&[
            (1, "1868000"),
            (2, "144924"),
            (3, "0"),
            (4, "101446"),
            (5, "0"),
            (6, "0"),
            (7, "101446"),
            (8, "0"),
            (9, "43400"),
            (10, "0"),
            (11, "43400"),
            (12, "0"),
            // ⑮ ⑯: 1,818,180 + 50,297.
            (15, "1868477"),
            (16, "1868477"),
            (17, "0"),
            (18, "43400"),
            (19, "0"),
            (20, "12200"),
            (21, "0"),
            (22, "12200"),
            (23, "0"),
            (26, "55600"),
        ])
    );
    // The summary's comparison names the same rule: 30% of the tax on sales.
    let l = Ledger::parse(DESIGNER_2027);
    let summary = tax_summary(&l.book, period("2027-01-01", "2027-12-31"));
    let special = summary.methods.special.unwrap();
    assert_eq!(special.rule, SpecialRule::ThirtyPercent);
    // Output tax 112,233 + 69,584 + 4,023 = 185,840; 70% = 130,088.
    assert_eq!((special.credit, special.payable), (d("130088"), d("55752")));
}

#[test]
fn tax_on_sales_from_the_invoices_differs_from_the_totals() {
    // 積上げ: booked tax 1,234,567/11 = 112,233.36 → 112,233; 765,432/11 =
    // 69,584.72 → 69,584; together 181,817 × 78/100 = 141,817.26 → 141,817.
    // Reduced: 54,321 × 8/108 = 4,023.77 → 4,023; × 78/100 = 3,137.94 → 3,137.
    // ② = 144,954. General: ④ = 30,000 × 78/100 = 23,400. ⑨ = 121,554 → 121,500;
    // ⑳ = 121,500 × 22/78 = 34,269.23 → 34,200; ㉖ = 155,700.
    let choices = ReturnChoices {
        sales_calc: SalesTaxCalc::FromInvoices,
        ..ReturnChoices::default()
    };
    let r = figure(DESIGNER_2027, "2027-01-01", "2027-12-31", choices).unwrap();
    assert_eq!(r.method, AppliedMethod::General);
    assert_eq!(
        (r.columns[0].tax, r.columns[1].tax),
        (d("3137"), d("141817"))
    );
    for (b, amount) in [
        (ReturnBox::TaxBase, "1868000"),
        (ReturnBox::Tax, "144954"),
        (ReturnBox::PurchaseCredit, "23400"),
        (ReturnBox::NetTax, "121500"),
        (ReturnBox::LocalTax, "34200"),
        (ReturnBox::Total, "155700"),
    ] {
        assert_eq!(r.amount(b), d(amount), "{b:?}");
    }
}

#[test]
fn no_special_rule_after_2028_and_none_before_the_current_rates() {
    let choices = ReturnChoices {
        method: ReturnMethod::Special,
        ..ReturnChoices::default()
    };
    let err = figure(DESIGNER_2027, "2029-01-01", "2029-12-31", choices).unwrap_err();
    assert!(matches!(err, TaxReturnError::NoSpecialRule { .. }), "{err}");
    let l = Ledger::parse(DESIGNER_2027);
    assert_eq!(
        tax_summary(&l.book, period("2029-01-01", "2029-12-31"))
            .methods
            .special,
        None
    );
    let err = figure(
        DESIGNER_2027,
        "2019-01-01",
        "2019-12-31",
        ReturnChoices::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, TaxReturnError::BeforeCurrentRates { .. }),
        "{err}"
    );
    let negative = ReturnChoices {
        interim_local: d("-1"),
        ..ReturnChoices::default()
    };
    let err = figure(DESIGNER_2027, "2027-01-01", "2027-12-31", negative).unwrap_err();
    assert_eq!(err, TaxReturnError::NegativeInterim);
}

/// A shop that stocked up in 2027 and sold little: a refund.
const STOCKING_UP: &str = "
2027-03-01 * 仕入 | 問屋
  仕入高   2200000 ; Purchase10
  普通預金 -2200000
2027-11-01 * 売上 | 客
  現金     110000
  売上高  -110000 ; Sales10
";

#[test]
fn more_credit_than_tax_is_refunded_national_and_local() {
    // ① = 110,000 × 100/110 = 100,000; ② = 7,800. ④ = 200,000 × 78/100 = 156,000.
    // ⑧ = 156,000 − 7,800 = 148,200; ⑨ = 0. ⑰ = 148,200; ⑲ = 148,200 × 22/78 =
    // 41,800. ㉖ = −(148,200 + 41,800) = −190,000.
    let r = figure(
        STOCKING_UP,
        "2027-01-01",
        "2027-12-31",
        ReturnChoices::default(),
    )
    .unwrap();
    assert_eq!(
        boxes(&r),
        expect(&[
            (1, "100000"),
            (2, "7800"),
            (3, "0"),
            (4, "156000"),
            (5, "0"),
            (6, "0"),
            (7, "156000"),
            (8, "148200"),
            (9, "0"),
            (10, "0"),
            (11, "0"),
            (12, "0"),
            (15, "100000"),
            (16, "100000"),
            (17, "148200"),
            (18, "0"),
            (19, "41800"),
            (20, "0"),
            (21, "0"),
            (22, "0"),
            (23, "0"),
            (26, "-190000"),
        ])
    );
}

/// A landlord: residential rent is exempt, the shop floor's is taxable.
const LANDLORD: &str = "
2027-01-31 * 住宅家賃 | 入居者
  普通預金  1000000
  雑収入   -1000000 ; SalesExempt
2027-01-31 * 店舗家賃 | テナント
  普通預金  110000
  売上高   -110000 ; Sales10
2027-02-01 * 修繕 | 工務店
  消耗品費   55000 ; Purchase10
  普通預金  -55000
";

/// The landlord's return by the general method, the repair's account used as
/// `repair_use`, apportioned by `apportionment`.
fn landlord(repair_use: Option<PurchaseUse>, apportionment: Apportionment) -> TaxReturn {
    let mut l = Ledger::parse(LANDLORD);
    classify(&mut l, "消耗品費", |a| a.purchase_use = repair_use);
    let choices = ReturnChoices {
        apportionment,
        ..ReturnChoices::default()
    };
    let summary = tax_summary(&l.book, period("2027-01-01", "2027-12-31"));
    tax_return(&summary, Currency::JPY, &choices).unwrap()
}

/// Sets what an account of the fixture chart is classified as.
fn classify(l: &mut Ledger, name: &str, set: impl FnOnce(&mut Account)) {
    let mut account = l.book.account(l.account(name)).unwrap().clone();
    set(&mut account);
    l.put(Record::Account(account));
}

#[test]
fn a_landlord_under_ninety_five_percent_apportions_the_credit_by_use() {
    // ⑮ = 100,000; ⑯ = 1,100,000: 課税売上割合 1/11 = 9.09%, under 95%.
    let r = landlord(None, Apportionment::Individual);
    assert_eq!(
        (
            r.amount(ReturnBox::TaxableSales),
            r.amount(ReturnBox::AllSales)
        ),
        (d("100000"), d("1100000"))
    );
    let ratio = r.taxable_sales_ratio.unwrap();
    assert!(ratio > d("0.0909") && ratio < d("0.0910"), "{ratio}");
    assert_eq!(
        r.warnings,
        vec![ReturnWarning::Apportioned {
            ratio: Some(ratio),
            method: Apportionment::Individual
        }]
    );
    // The repair's tax 55,000 × 10/110 = 5,000, national 3,900. Unclassified, it
    // is common: ④ = 3,900 × 1/11 = 354.5 → 354; ② = 7,800; ⑨ = 7,446 → 7,400;
    // ⑳ = 7,400 × 22/78 = 2,087.2 → 2,000; ㉖ = 9,400.
    let a = r.apportioned.as_ref().unwrap();
    assert_eq!(
        (a.taxable_only, a.exempt_only, a.common),
        (d("0"), d("0"), d("3900"))
    );
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("354"));
    assert_eq!(r.amount(ReturnBox::NetTax), d("7400"));
    assert_eq!(r.amount(ReturnBox::Total), d("9400"));
    // The 一括比例配分方式 gives the same for a common purchase.
    let r = landlord(None, Apportionment::Proportional);
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("354"));
    // A repair of the residential flats serves exempt sales only: no credit;
    // ⑨ = 7,800; ⑳ = 2,200; ㉖ = 10,000.
    let r = landlord(Some(PurchaseUse::ExemptSales), Apportionment::Individual);
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("0"));
    assert_eq!(r.amount(ReturnBox::Total), d("10000"));
    // A repair of the shop floor serves taxable sales only: credited whole;
    // ⑨ = 3,900; ⑳ = 1,100; ㉖ = 5,000. The 一括比例 ignores the use: 354.
    let r = landlord(Some(PurchaseUse::TaxableSales), Apportionment::Individual);
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("3900"));
    assert_eq!(r.amount(ReturnBox::Total), d("5000"));
    let r = landlord(Some(PurchaseUse::TaxableSales), Apportionment::Proportional);
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("354"));
}

#[test]
fn the_simplified_method_needs_no_apportionment() {
    let simplified = ReturnChoices {
        method: ReturnMethod::Simplified(BusinessClass::RealEstate),
        ..ReturnChoices::default()
    };
    let r = figure(LANDLORD, "2027-01-01", "2027-12-31", simplified).unwrap();
    assert!(r.warnings.is_empty());
    assert!(r.apportioned.is_none());
    assert!(r.simplified_form());
    assert!(r.boxes.iter().all(|(b, _)| *b != ReturnBox::AllSales));
    // ② = 7,800; ④ = 7,800 × 40% = 3,120; ⑨ = 4,680 → 4,600; ⑳ = 4,600 × 22/78 =
    // 1,297.4 → 1,200; ㉖ = 5,800.
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("3120"));
    assert_eq!(r.amount(ReturnBox::Total), d("5800"));
}

/// A shop that also repairs: goods on 売上高 (retail, 80%), repairs on 雑収入.
fn shop(goods: &str, repairs: &str) -> Ledger {
    let mut l = Ledger::parse(&format!(
        "
2027-03-31 * 商品の販売 | 来店客
  現金   {goods}
  売上高  -{goods} ; Sales10
2027-03-31 * 修理代 | 来店客
  現金   {repairs}
  雑収入  -{repairs} ; Sales10
"
    ));
    classify(&mut l, "売上高", |a| {
        a.business_class = Some(BusinessClass::Retail)
    });
    l
}

fn simplified_return(l: &Ledger, default: BusinessClass) -> TaxReturn {
    let choices = ReturnChoices {
        method: ReturnMethod::Simplified(default),
        ..ReturnChoices::default()
    };
    let summary = tax_summary(&l.book, period("2027-01-01", "2027-12-31"));
    tax_return(&summary, Currency::JPY, &choices).unwrap()
}

#[test]
fn two_business_classes_are_credited_each_at_its_ratio() {
    // Goods 7,700,000 → 7,000,000 (70%); repairs 3,300,000 → 3,000,000 (30%,
    // unclassified: the default, class 5 at 50%). No class reaches 75%.
    let l = shop("7700000", "3300000");
    let r = simplified_return(&l, BusinessClass::Services);
    // ① = 10,000,000; ② = 780,000. Each class's tax: 546,000 and 234,000; the
    // ratio (546,000 × 80% + 234,000 × 50%) / 780,000 = 553,800 / 780,000 = 71%:
    // ④ = 553,800; ⑨ = 226,200; ⑳ = 226,200 × 22/78 = 63,800; ㉖ = 290,000.
    assert_eq!(r.amount(ReturnBox::Tax), d("780000"));
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("553800"));
    assert_eq!(r.amount(ReturnBox::Total), d("290000"));
    assert_eq!(r.deemed.as_ref().unwrap().formula, DeemedFormula::Weighted);
    let shares: Vec<_> = r.classes.iter().map(|c| (c.class, c.share)).collect();
    assert_eq!(
        shares,
        [
            (BusinessClass::Retail, d("0.7")),
            (BusinessClass::Services, d("0.3"))
        ]
    );
    assert_eq!(r.classes[0].sales, [d("0"), d("7000000")]);
    // The summary's simplified column reads the same classes.
    let summary = tax_summary(&l.book, period("2027-01-01", "2027-12-31"));
    // Booked output tax 700,000 + 300,000 = 1,000,000 × 71% = 710,000.
    assert_eq!(summary.methods.simplified_credit, d("710000"));
}

#[test]
fn one_class_with_seventy_five_percent_sets_the_ratio_for_all() {
    // Goods 8,800,000 → 8,000,000 (80% ≥ 75%); repairs 2,200,000 → 2,000,000.
    // 原則: (624,000 × 80% + 156,000 × 50%) / 780,000 = 74% → 577,200.
    // 特例: 80% for all → 624,000, the larger: ⑨ = 156,000; ⑳ = 44,000;
    // ㉖ = 200,000.
    let l = shop("8800000", "2200000");
    let r = simplified_return(&l, BusinessClass::Services);
    assert_eq!(
        r.deemed.as_ref().unwrap().formula,
        DeemedFormula::OneClass {
            class: BusinessClass::Retail
        }
    );
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("624000"));
    assert_eq!(r.amount(ReturnBox::Total), d("200000"));
    // All of it one class (the default class chosen as retail too): 80%.
    let r = simplified_return(&l, BusinessClass::Retail);
    assert_eq!(
        r.deemed.as_ref().unwrap().formula,
        DeemedFormula::SingleClass {
            class: BusinessClass::Retail
        }
    );
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("624000"));
}

#[test]
fn the_return_is_in_yen_only() {
    let l = Ledger::parse(STOCKING_UP);
    let summary = tax_summary(&l.book, period("2027-01-01", "2027-12-31"));
    let err = tax_return(
        &summary,
        kura_core::money::CURRENCIES[1],
        &ReturnChoices::default(),
    )
    .unwrap_err();
    assert!(matches!(err, TaxReturnError::NotYen { .. }), "{err}");
}

/// A shop's 2027 with a bad debt written off and an older one collected.
const BAD_DEBTS: &str = "
2027-02-28 * 売上 | 得意先
  売掛金  2200000
  売上高 -2200000 ; Sales10
2027-03-10 * 仕入 | 問屋
  消耗品費   330000 ; Purchase10
  普通預金  -330000
2027-09-30 * 貸倒れ(破産手続終結) | C社
  雑費    110000 ; BadDebt10
  売掛金  -110000
2027-11-15 * 償却済み債権の回収 | D社
  現金    55000
  雑収入  -55000 ; BadDebtRecovered10
";

#[test]
fn a_bad_debt_takes_its_tax_back_and_a_recovery_puts_it_on_again() {
    let r = figure(
        BAD_DEBTS,
        "2027-01-01",
        "2027-12-31",
        ReturnChoices::default(),
    )
    .unwrap();
    // ① 2,200,000 × 100/110 = 2,000,000; ② × 7.8% = 156,000.
    // ③ the recovery 55,000 × 7.8/110 = 3,900.
    // ④ the purchase's 30,000 × 78/100 = 23,400.
    // ⑥ the write-off 110,000 × 7.8/110 = 7,800. ⑦ = 23,400 + 7,800 = 31,200.
    // ⑨ 156,000 + 3,900 − 31,200 = 128,700; ⑳ 128,700 × 22/78 = 36,300;
    // ㉖ 165,000.
    assert_eq!(
        boxes(&r)[..9],
        expect(&[
            (1, "2000000"),
            (2, "156000"),
            (3, "3900"),
            (4, "23400"),
            (5, "0"),
            (6, "7800"),
            (7, "31200"),
            (8, "0"),
            (9, "128700"),
        ])[..]
    );
    assert_eq!(r.amount(ReturnBox::LocalTax), d("36300"));
    assert_eq!(r.amount(ReturnBox::Total), d("165000"));
    // The summary's general figure from the tax as booked agrees: 200,000 +
    // 5,000 − 30,000 − 10,000 = 165,000.
    let l = Ledger::parse(BAD_DEBTS);
    let summary = tax_summary(&l.book, period("2027-01-01", "2027-12-31"));
    assert_eq!(
        (
            summary.methods.bad_debt_tax,
            summary.methods.recovered_tax,
            summary.methods.general
        ),
        (d("10000"), d("5000"), d("165000"))
    );
    // The simplified method (retail, 80%) credits a share of ② + ③:
    // (156,000 + 3,900) × 80% = 127,920; ⑦ 135,720; ⑨ 24,180 → 24,100;
    // ⑳ 24,100 × 22/78 = 6,797.4 → 6,700; ㉖ 30,800.
    let simplified = ReturnChoices {
        method: ReturnMethod::Simplified(BusinessClass::Retail),
        ..ReturnChoices::default()
    };
    let r = figure(BAD_DEBTS, "2027-01-01", "2027-12-31", simplified).unwrap();
    assert_eq!(r.amount(ReturnBox::PurchaseCredit), d("127920"));
    assert_eq!(r.amount(ReturnBox::CreditTotal), d("135720"));
    assert_eq!(r.amount(ReturnBox::NetTax), d("24100"));
    assert_eq!(r.amount(ReturnBox::Total), d("30800"));
}

/// Two large purchases from one supplier without registration, and a small
/// one from another, in `year`.
fn unregistered_purchases(year: i32) -> String {
    format!(
        "
{year}-03-01 * 仕入 | 山田商会
  仕入高   60000000 ; Purchase10Unregistered
  普通預金 -60000000
{year}-06-01 * 仕入 | 山田商会
  仕入高   55000000 ; Purchase10Unregistered
  普通預金 -55000000
{year}-06-02 * 仕入 | 佐藤工房
  仕入高   1100000 ; Purchase10Unregistered
  普通預金 -1100000
"
    )
}

#[test]
fn the_transitional_credit_stops_at_the_cap_per_supplier() {
    // 2027 (a period starting after 2026-10-01): the cap is ¥100,000,000.
    // 山田商会: 60,000,000 → tax 5,454,545, 70% = 3,818,181.5 → 3,818,181.
    // 55,000,000 → tax 5,000,000, 70% = 3,500,000, of which only the first
    // 40,000,000 of the purchase is under the cap: × 40/55 = 2,545,454.5 →
    // 2,545,454. 佐藤工房: 1,100,000 → 100,000 × 70% = 70,000.
    let l = Ledger::parse(&unregistered_purchases(2027));
    let s = tax_summary(&l.book, period("2027-01-01", "2027-12-31"));
    assert_eq!(s.methods.creditable_input_tax, d("6433635"));
    assert_eq!(s.over_cap, vec![("山田商会".to_string(), d("15000000"))]);
    let r = tax_return(&s, Currency::JPY, &ReturnChoices::default()).unwrap();
    assert!(r
        .warnings
        .contains(&ReturnWarning::TransitionalCapExceeded {
            suppliers: vec![("山田商会".to_string(), d("15000000"))]
        }));
    // 2026 (a period starting before 2026-10-01): the cap is ¥1,000,000,000, not
    // reached; 80% before October: 4,363,636 + 4,000,000 + 80,000.
    let l = Ledger::parse(&unregistered_purchases(2026));
    let s = tax_summary(&l.book, period("2026-01-01", "2026-12-31"));
    assert!(s.over_cap.is_empty());
    assert_eq!(s.methods.creditable_input_tax, d("8443636"));
}
