//! Two years of books computed by hand: a freelancer's (tax-inclusive) and a
//! shop's (tax-exclusive). Every expected figure below is worked out in the
//! comments from the entries, not copied from Kura's output.

mod fixtures;

use fixtures::{d, date, period, Ledger};
use kura_core::ledger::{BusinessClass, TaxCode};
use kura_core::reports::tax_return::rules::SpecialRule;
use kura_core::reports::{
    balance_sheet, general_ledger, monthly_profit_and_loss, profit_and_loss, search_entries,
    tax_summary, tax_summary_for, trial_balance, EntrySearch, StatementRow,
};
use rust_decimal::Decimal;

/// A web designer's first year (calendar 2026), kept tax-inclusive (税込経理).
const FREELANCER: &str = "
2026-01-01 * 開業資金の預入
  普通預金/みずほ  500000
  元入金          -500000
2026-01-31 * Webサイト制作 1月分 | ABC商事
  売掛金   330000
  売上高  -330000 ; Sales10
2026-02-10 * 焼菓子の販売 | イベント来場者
  現金     21600
  売上高  -21600 ; Sales8Reduced
2026-02-28 * 入金 | ABC商事
  普通預金/みずほ  330000
  売掛金          -330000
2026-03-01 * 個人口座から補填
  普通預金/ゆうちょ  60000
  事業主借          -60000
2026-03-05 * 携帯電話料金 | NTTドコモ
  通信費            8800 ; Purchase10
  普通預金/みずほ  -8800
2026-03-20 * デザイン補助 | 佐藤デザイン
  外注工賃            55000 ; Purchase10Unregistered # 適格請求書なし
  普通預金/ゆうちょ  -55000
2026-04-01 * 事務所家賃 4月分 | 大家不動産
  地代家賃          110000 ; Purchase10
  普通預金/みずほ  -110000
2026-04-15 * 生活費の引出
  事業主貸          100000
  普通預金/みずほ  -100000
2026-05-10 * 打合せ用コーヒー豆 | 珈琲店
  消耗品費   3240 ; Purchase8Reduced
  現金      -3240
2026-06-30 * ロゴ制作 | XYZ株式会社
  売掛金   220000
  売上高  -220000 ; Sales10
;; The logo was invoiced at 165,000: reversal plus replacement.
2026-07-05 *fix=11 ロゴ制作(金額訂正) | XYZ株式会社
  売掛金   165000
  売上高  -165000 ; Sales10
2026-07-31 * 入金 | XYZ株式会社
  普通預金/みずほ  165000
  売掛金          -165000
;; A draft: it must not count anywhere.
2026-08-01 ! 出張旅費(未確定) | JR東日本
  旅費交通費   50000 ; Purchase10
  現金        -50000
2026-10-01 * 接待 | 料亭
  接待交際費   11000 ; Purchase10
  現金        -11000
2026-12-25 * 保守契約 12月分 | ABC商事
  売掛金   110000
  売上高  -110000 ; Sales10
";

fn amount(rows: &[StatementRow], ledger: &Ledger, name: &str) -> Decimal {
    let id = ledger.account(name);
    rows.iter()
        .find(|r| r.account == id)
        .map(|r| r.amount)
        .unwrap_or_else(|| panic!("no row for {name}"))
}

#[test]
fn freelancer_profit_and_loss() {
    let l = Ledger::parse(FREELANCER);
    let pl = profit_and_loss(&l.book, period("2026-01-01", "2026-12-31"));
    // 売上高: 330,000 + 21,600 + 220,000 − 220,000 (reversal) + 165,000 + 110,000
    assert_eq!(amount(&pl.revenue, &l, "売上高"), d("626600"));
    assert_eq!(pl.total_revenue, d("626600"));
    assert_eq!(amount(&pl.expenses, &l, "通信費"), d("8800"));
    assert_eq!(amount(&pl.expenses, &l, "外注工賃"), d("55000"));
    assert_eq!(amount(&pl.expenses, &l, "地代家賃"), d("110000"));
    assert_eq!(amount(&pl.expenses, &l, "消耗品費"), d("3240"));
    assert_eq!(amount(&pl.expenses, &l, "接待交際費"), d("11000"));
    // The draft's 旅費交通費 is not there.
    let travel = l.account("旅費交通費");
    assert!(pl.expenses.iter().all(|r| r.account != travel));
    // 8,800 + 55,000 + 110,000 + 3,240 + 11,000
    assert_eq!(pl.total_expenses, d("188040"));
    assert_eq!(pl.net_income, d("438560"));
}

#[test]
fn freelancer_balance_sheet() {
    let l = Ledger::parse(FREELANCER);
    let bs = balance_sheet(&l.book, date("2026-12-31"));
    // 現金: 21,600 − 3,240 − 11,000
    assert_eq!(amount(&bs.assets, &l, "現金"), d("7360"));
    // みずほ: 500,000 + 330,000 − 8,800 − 110,000 − 100,000 + 165,000
    assert_eq!(amount(&bs.assets, &l, "普通預金/みずほ"), d("776200"));
    // ゆうちょ: 60,000 − 55,000
    assert_eq!(amount(&bs.assets, &l, "普通預金/ゆうちょ"), d("5000"));
    // The parent rolls both up.
    assert_eq!(amount(&bs.assets, &l, "普通預金"), d("781200"));
    assert_eq!(amount(&bs.assets, &l, "売掛金"), d("110000"));
    assert_eq!(amount(&bs.assets, &l, "事業主貸"), d("100000"));
    // 7,360 + 781,200 + 110,000 + 100,000 (the sub-accounts are not counted twice)
    assert_eq!(bs.total_assets, d("998560"));
    assert!(bs.liabilities.is_empty());
    assert_eq!(bs.total_liabilities, d("0"));
    assert_eq!(amount(&bs.equity, &l, "元入金"), d("500000"));
    assert_eq!(amount(&bs.equity, &l, "事業主借"), d("60000"));
    assert_eq!(bs.profit_this_year, d("438560"));
    assert_eq!(bs.profit_earlier_years, d("0"));
    // 500,000 + 60,000 + 438,560
    assert_eq!(bs.total_equity, d("998560"));
    assert_eq!(bs.total_assets, bs.total_liabilities + bs.total_equity);
}

#[test]
fn freelancer_trial_balance() {
    let l = Ledger::parse(FREELANCER);
    let tb = trial_balance(&l.book, period("2026-01-01", "2026-12-31"));
    // The debit side of every posted entry, the correction's reversal included
    // and the draft left out:
    // 500,000 + 330,000 + 21,600 + 330,000 + 60,000 + 8,800 + 55,000 + 110,000
    // + 100,000 + 3,240 + 220,000 + 220,000 + 165,000 + 165,000 + 11,000 + 110,000
    assert_eq!(tb.totals.debit, d("2409640"));
    assert_eq!(tb.totals.credit, d("2409640"));
    assert_eq!(tb.totals.opening, d("0"));
    assert_eq!(tb.totals.closing, d("0"));
    let bank = tb.row(l.account("普通預金")).unwrap();
    assert_eq!(bank.depth, 0);
    // 500,000 + 330,000 + 60,000 + 165,000 in; 8,800 + 55,000 + 110,000 + 100,000 out
    assert_eq!(
        (bank.debit, bank.credit, bank.closing),
        (d("1055000"), d("273800"), d("781200"))
    );
    let mizuho = tb.row(l.account("普通預金/みずほ")).unwrap();
    assert_eq!(mizuho.depth, 1);
    assert_eq!(
        (mizuho.debit, mizuho.credit, mizuho.closing),
        (d("995000"), d("218800"), d("776200"))
    );
    // Sub-accounts follow their parent.
    let at = tb
        .rows
        .iter()
        .position(|r| r.account == bank.account)
        .unwrap();
    assert_eq!(tb.rows[at + 1].account, l.account("普通預金/みずほ"));
    assert_eq!(tb.rows[at + 2].account, l.account("普通預金/ゆうちょ"));
    // Signed closing of 売上高 (a credit balance).
    assert_eq!(tb.row(l.account("売上高")).unwrap().closing, d("-626600"));
    assert!(tb.row(l.account("旅費交通費")).is_none());
}

#[test]
fn freelancer_mid_year_trial_balance_opens_pl_accounts_at_the_year_start() {
    let l = Ledger::parse(FREELANCER);
    let tb = trial_balance(&l.book, period("2026-07-01", "2026-07-31"));
    let sales = tb.row(l.account("売上高")).unwrap();
    // Opening: 330,000 + 21,600 + 220,000 credited before July.
    assert_eq!(sales.opening, d("-571600"));
    // July: the reversal (debit 220,000) and the replacement (credit 165,000).
    assert_eq!((sales.debit, sales.credit), (d("220000"), d("165000")));
    assert_eq!(sales.closing, d("-516600"));
    assert_eq!(tb.totals.debit, tb.totals.credit);
    assert_eq!(tb.totals.opening, d("0"));
    assert_eq!(tb.totals.closing, d("0"));
}

#[test]
fn freelancer_general_ledger_runs_the_balance() {
    let l = Ledger::parse(FREELANCER);
    let gl = general_ledger(
        &l.book,
        l.account("普通預金"),
        period("2026-01-01", "2026-12-31"),
    );
    assert_eq!(gl.opening, d("0"));
    let balances: Vec<Decimal> = gl.rows.iter().map(|r| r.balance).collect();
    // Both sub-accounts' postings, in date order.
    let expected = [
        "500000", "830000", "890000", "881200", "826200", "716200", "616200", "781200",
    ];
    assert_eq!(balances, expected.map(d));
    assert_eq!(gl.closing, d("781200"));
    assert_eq!(gl.rows[2].account, l.account("普通預金/ゆうちょ"));
    assert_eq!(gl.rows[2].counter_accounts, vec![l.account("事業主借")]);
    assert_eq!(gl.rows[1].partner.as_deref(), Some("ABC商事"));

    // 売上高 over the third quarter, on its normal (credit) side.
    let gl = general_ledger(
        &l.book,
        l.account("売上高"),
        period("2026-07-01", "2026-09-30"),
    );
    assert_eq!(gl.opening, d("571600"));
    assert_eq!(gl.rows.len(), 2);
    assert_eq!((gl.debit, gl.credit), (d("220000"), d("165000")));
    assert_eq!(gl.closing, d("516600"));
    assert!(gl
        .rows
        .iter()
        .all(|r| r.counter_accounts == vec![l.account("売掛金")]));
}

#[test]
fn freelancer_tax_summary_by_the_three_methods() {
    let l = Ledger::parse(FREELANCER);
    let tax = tax_summary(&l.book, period("2026-01-01", "2026-12-31"));
    // Sales10, per line rounded down: 30,000 + 20,000 − 20,000 + 15,000 + 10,000.
    let s10 = tax.line(TaxCode::Sales10).unwrap();
    assert_eq!(
        (s10.gross, s10.base, s10.tax, s10.lines),
        (d("605000"), d("550000"), d("55000"), 5)
    );
    // 21,600 × 8/108 = 1,600.
    let s8 = tax.line(TaxCode::Sales8Reduced).unwrap();
    assert_eq!((s8.base, s8.tax), (d("20000"), d("1600")));
    // 8,800 → 800; 110,000 → 10,000; 11,000 → 1,000 (the draft's 50,000 is out).
    let p10 = tax.line(TaxCode::Purchase10).unwrap();
    assert_eq!((p10.gross, p10.tax), (d("129800"), d("11800")));
    assert_eq!(p10.creditable_tax, d("11800"));
    // 55,000 → 5,000, of which 80% creditable in March 2026.
    let unreg = tax.line(TaxCode::Purchase10Unregistered).unwrap();
    assert_eq!((unreg.tax, unreg.creditable_tax), (d("5000"), d("4000")));
    // 3,240 × 8/108 = 240.
    let p8 = tax.line(TaxCode::Purchase8Reduced).unwrap();
    assert_eq!((p8.tax, p8.creditable_tax), (d("240"), d("240")));

    let m = &tax.methods;
    assert_eq!(m.output_tax, d("56600"));
    assert_eq!(m.input_tax, d("17040"));
    assert_eq!(m.creditable_input_tax, d("16040"));
    // General: 56,600 − 16,040.
    assert_eq!(m.general, d("40560"));
    // Simplified, services (50%): 56,600 − 28,300.
    assert_eq!(m.business_class, BusinessClass::Services);
    assert_eq!(
        (m.simplified_credit, m.simplified),
        (d("28300"), d("28300"))
    );
    // 2026 is covered by the 2割特例: 56,600 − 45,280.
    let special = m.special.as_ref().unwrap();
    assert_eq!(special.rule, SpecialRule::TwentyPercent);
    assert_eq!((special.credit, special.payable), (d("45280"), d("11320")));
    assert_eq!(tax.tax_exclusive_entries, 0);
}

#[test]
fn freelancer_search_combines_criteria() {
    let l = Ledger::parse(FREELANCER);
    let search = |q: EntrySearch| search_entries(&l.book, &q);
    // March to June, totals from 50,000 to 200,000.
    let found = search(EntrySearch {
        from: Some(date("2026-03-01")),
        to: Some(date("2026-06-30")),
        min_amount: Some(d("50000")),
        max_amount: Some(d("200000")),
        ..EntrySearch::default()
    });
    assert_eq!(found, [5, 7, 8, 9].map(|n| l.entry(n)));
    // Partner, case-insensitive.
    let found = search(EntrySearch {
        partner: Some("abc".into()),
        ..EntrySearch::default()
    });
    assert_eq!(found, [2, 4, 16].map(|n| l.entry(n)));
    // Text in a line memo.
    let found = search(EntrySearch {
        text: Some("適格請求書なし".into()),
        ..EntrySearch::default()
    });
    assert_eq!(found, [l.entry(7)]);
    // Text in the description finds the original, its replacement and reversal
    // (same day: by id, the replacement first).
    let found = search(EntrySearch {
        text: Some("ロゴ".into()),
        ..EntrySearch::default()
    });
    assert_eq!(found, [l.entry(11), l.entry(12), l.reversals[&12]]);
    // Drafts are found.
    let found = search(EntrySearch {
        text: Some("出張".into()),
        ..EntrySearch::default()
    });
    assert_eq!(found, [l.entry(14)]);
    // All four criteria at once.
    let found = search(EntrySearch {
        from: Some(date("2026-07-01")),
        to: Some(date("2026-12-31")),
        min_amount: Some(d("200000")),
        max_amount: None,
        partner: Some("XYZ".into()),
        text: Some("ロゴ".into()),
        with_attachments: false,
    });
    assert_eq!(found, [l.reversals[&12]]);
    assert!(search(EntrySearch {
        partner: Some("xyz".into()),
        text: Some("保守".into()),
        ..EntrySearch::default()
    })
    .is_empty());
}

/// A small food and goods shop's year (calendar 2026), kept tax-exclusive
/// (税抜経理) with 仮払消費税 / 仮受消費税, stock by the three-part method.
const SHOP: &str = "
2026-01-01 * 開業
  現金              200000
  普通預金/みずほ  1000000
  商品              300000
  元入金          -1500000
2026-01-10 * 商品仕入 食品 | 丸一食品
  仕入高       400000 ; Purchase8Reduced
  仮払消費税    32000 ; Purchase8Reduced
  買掛金      -432000
2026-01-20 * 商品仕入 雑貨 | 雑貨問屋
  仕入高       200000 ; Purchase10
  仮払消費税    20000 ; Purchase10
  買掛金      -220000
2026-02-28 * 買掛金支払 | 丸一食品
  買掛金            432000
  普通預金/みずほ  -432000
2026-03-31 * 第1四半期 店頭売上 食品
  現金          648000
  売上高       -600000 ; Sales8Reduced
  仮受消費税    -48000 ; Sales8Reduced
2026-03-31 * 第1四半期 店頭売上 雑貨
  現金          396000
  売上高       -360000 ; Sales10
  仮受消費税    -36000 ; Sales10
2026-04-05 * 現金預入
  普通預金/みずほ   900000
  現金             -900000
;; The tax line has no code: it counts for the entry's taxable purchase.
2026-04-30 * 電気代 | 東京電力
  水道光熱費         15000 ; Purchase10
  仮払消費税          1500
  普通預金/みずほ   -16500
2026-05-15 * 配達手伝い | 鈴木(免税事業者)
  外注工賃     30000 ; Purchase10Unregistered
  仮払消費税    3000 ; Purchase10Unregistered
  現金        -33000
2026-06-30 * 店舗家賃 上期 | 大家不動産
  地代家賃          600000 ; Purchase10
  仮払消費税         60000 ; Purchase10
  普通預金/みずほ  -660000
2026-07-10 * 店主の生活費
  事業主貸   150000
  現金      -150000
2026-09-30 * 売上返品 雑貨 | 顧客A
  売上高        10000 ; Sales10
  仮受消費税     1000 ; Sales10
  現金         -11000
2026-10-31 * 店頭売上 食品
  現金          540000
  売上高       -500000 ; Sales8Reduced
  仮受消費税    -40000 ; Sales8Reduced
2026-11-05 *fix=13 店頭売上 食品(訂正)
  現金          486000
  売上高       -450000 ; Sales8Reduced
  仮受消費税    -36000 ; Sales8Reduced
2026-12-10 ! 仕入(未確定)
  仕入高       100000 ; Purchase10
  仮払消費税    10000 ; Purchase10
  買掛金      -110000
2026-12-31 * 期首商品棚卸高の振替
  期首商品棚卸高   300000
  商品            -300000
2026-12-31 * 期末商品棚卸高
  商品             250000
  期末商品棚卸高  -250000
";

#[test]
fn shop_profit_and_loss() {
    let l = Ledger::parse(SHOP);
    let pl = profit_and_loss(&l.book, period("2026-01-01", "2026-12-31"));
    // 600,000 + 360,000 − 10,000 + 500,000 − 500,000 + 450,000
    assert_eq!(amount(&pl.revenue, &l, "売上高"), d("1400000"));
    assert_eq!(amount(&pl.expenses, &l, "期首商品棚卸高"), d("300000"));
    assert_eq!(amount(&pl.expenses, &l, "仕入高"), d("600000"));
    assert_eq!(amount(&pl.expenses, &l, "期末商品棚卸高"), d("-250000"));
    assert_eq!(amount(&pl.expenses, &l, "水道光熱費"), d("15000"));
    assert_eq!(amount(&pl.expenses, &l, "外注工賃"), d("30000"));
    assert_eq!(amount(&pl.expenses, &l, "地代家賃"), d("600000"));
    // 300,000 + 600,000 − 250,000 + 15,000 + 30,000 + 600,000
    assert_eq!(pl.total_expenses, d("1295000"));
    assert_eq!(pl.net_income, d("105000"));
}

#[test]
fn shop_balance_sheet() {
    let l = Ledger::parse(SHOP);
    let bs = balance_sheet(&l.book, date("2026-12-31"));
    // 200,000 + 648,000 + 396,000 − 900,000 − 33,000 − 150,000 − 11,000 + 486,000
    assert_eq!(amount(&bs.assets, &l, "現金"), d("636000"));
    // 1,000,000 − 432,000 + 900,000 − 16,500 − 660,000
    assert_eq!(amount(&bs.assets, &l, "普通預金"), d("791500"));
    assert_eq!(amount(&bs.assets, &l, "商品"), d("250000"));
    // 32,000 + 20,000 + 1,500 + 3,000 + 60,000
    assert_eq!(amount(&bs.assets, &l, "仮払消費税"), d("116500"));
    assert_eq!(amount(&bs.assets, &l, "事業主貸"), d("150000"));
    assert_eq!(bs.total_assets, d("1944000"));
    assert_eq!(amount(&bs.liabilities, &l, "買掛金"), d("220000"));
    // 48,000 + 36,000 − 1,000 + 40,000 − 40,000 + 36,000
    assert_eq!(amount(&bs.liabilities, &l, "仮受消費税"), d("119000"));
    assert_eq!(bs.total_liabilities, d("339000"));
    assert_eq!(amount(&bs.equity, &l, "元入金"), d("1500000"));
    assert_eq!(bs.profit_this_year, d("105000"));
    assert_eq!(bs.total_equity, d("1605000"));
    assert_eq!(bs.total_assets, bs.total_liabilities + bs.total_equity);
    // Mid-year too.
    let bs = balance_sheet(&l.book, date("2026-06-30"));
    assert_eq!(bs.total_assets, bs.total_liabilities + bs.total_equity);
}

#[test]
fn shop_trial_balance_and_monthly_profit() {
    let l = Ledger::parse(SHOP);
    let tb = trial_balance(&l.book, period("2026-01-01", "2026-12-31"));
    // The debit sides: 1,500,000 + 432,000 + 220,000 + 432,000 + 648,000 + 396,000
    // + 900,000 + 16,500 + 33,000 + 660,000 + 150,000 + 11,000 + 540,000
    // + 540,000 (reversal) + 486,000 + 300,000 + 250,000
    assert_eq!(tb.totals.debit, d("7514500"));
    assert_eq!(tb.totals.credit, d("7514500"));
    assert_eq!(tb.totals.closing, d("0"));

    let monthly = monthly_profit_and_loss(&l.book, date("2026-01-01"));
    assert_eq!(monthly.months[0], period("2026-01-01", "2026-01-31"));
    assert_eq!(monthly.months[11], period("2026-12-01", "2026-12-31"));
    let sales = &monthly.revenue[0];
    assert_eq!(sales.account, l.account("売上高"));
    let by_month = [
        "0", "0", "960000", "0", "0", "0", "0", "0", "-10000", "500000", "-50000", "0",
    ];
    assert_eq!(sales.months, by_month.map(d));
    assert_eq!(sales.total, d("1400000"));
    let expenses = [
        "600000", "0", "0", "15000", "30000", "600000", "0", "0", "0", "0", "0", "50000",
    ];
    assert_eq!(monthly.total_expenses, expenses.map(d));
    assert_eq!(monthly.year_net_income, d("105000"));
    assert_eq!(monthly.net_income[2], d("960000"));
    assert_eq!(monthly.net_income[0], d("-600000"));
}

#[test]
fn shop_tax_summary_from_the_tax_lines() {
    let l = Ledger::parse(SHOP);
    let p = period("2026-01-01", "2026-12-31");
    let tax = tax_summary_for(&l.book, p, BusinessClass::Retail);
    // Sales8Reduced: 600,000 + 500,000 − 500,000 + 450,000 on 48,000 + 40,000 − 40,000 + 36,000.
    let s8 = tax.line(TaxCode::Sales8Reduced).unwrap();
    assert_eq!((s8.base, s8.tax, s8.lines), (d("1050000"), d("84000"), 4));
    // Sales10: 360,000 − 10,000 on 36,000 − 1,000.
    let s10 = tax.line(TaxCode::Sales10).unwrap();
    assert_eq!((s10.base, s10.tax), (d("350000"), d("35000")));
    let p10 = tax.line(TaxCode::Purchase10).unwrap();
    // 200,000 + 15,000 + 600,000 on 20,000 + 1,500 + 60,000.
    assert_eq!((p10.base, p10.tax), (d("815000"), d("81500")));
    let unreg = tax.line(TaxCode::Purchase10Unregistered).unwrap();
    assert_eq!(
        (unreg.base, unreg.tax, unreg.creditable_tax),
        (d("30000"), d("3000"), d("2400"))
    );

    let m = &tax.methods;
    // Equal to the 仮受消費税 and 仮払消費税 balances.
    assert_eq!(m.output_tax, d("119000"));
    assert_eq!(m.input_tax, d("116500"));
    // 32,000 + 81,500 + 2,400
    assert_eq!(m.creditable_input_tax, d("115900"));
    assert_eq!(m.general, d("3100"));
    // Retail (80%): 119,000 − 95,200.
    assert_eq!(
        (m.simplified_credit, m.simplified),
        (d("95200"), d("23800"))
    );
    assert_eq!(m.special.as_ref().unwrap().payable, d("23800"));
    // Services from the same summary: 119,000 × 50%.
    let (credit, due) =
        tax.simplified_for(BusinessClass::Services, kura_core::money::Currency::JPY);
    assert_eq!((credit, due), (d("59500"), d("59500")));
    // Entries 2, 3, 5, 6, 8, 9, 10, 12, 13, its reversal and replacement.
    assert_eq!(tax.tax_exclusive_entries, 11);
    assert!(tax.unassigned.is_empty());
}

#[test]
fn shop_blue_return_pages() {
    use kura_core::ledger::StatementLine;
    use kura_core::reports::blue_return;
    let l = Ledger::parse(SHOP);
    let blue = blue_return(&l.book, date("2026-01-01"));
    assert_eq!(blue.fiscal_year, period("2026-01-01", "2026-12-31"));
    assert!(blue.unmapped.is_empty());
    let pl = &blue.profit_and_loss;
    assert_eq!(pl.sales, d("1400000"));
    assert_eq!(
        (pl.opening_inventory, pl.purchases, pl.closing_inventory),
        (d("300000"), d("600000"), d("250000"))
    );
    // ② + ③ − ⑤
    assert_eq!(pl.cost_of_sales, d("650000"));
    assert_eq!(pl.gross_profit, d("750000"));
    // 水道光熱費 15,000 + 外注工賃 30,000 + 地代家賃 600,000
    assert_eq!(pl.expenses, d("645000"));
    assert_eq!(pl.net, d("105000"));
    assert_eq!(pl.income_before_special_deduction, d("105000"));
    let rent = pl
        .lines
        .iter()
        .find(|x| x.line == StatementLine::Rent)
        .unwrap();
    assert_eq!(rent.accounts, vec![(l.account("地代家賃"), d("600000"))]);

    let monthly = &blue.monthly;
    assert_eq!(monthly.sales[2], d("960000"));
    assert_eq!(monthly.sales[10], d("-50000"));
    assert_eq!(monthly.total_sales, d("1400000"));
    assert_eq!(monthly.purchases[0], d("600000"));
    assert_eq!(monthly.total_purchases, d("600000"));

    let bs = &blue.balance_sheet;
    let closing = |line: StatementLine| {
        bs.assets
            .iter()
            .chain(&bs.liabilities_and_capital)
            .find(|x| x.line == line)
            .map(|x| (x.opening, x.closing))
            .unwrap()
    };
    // The business opened on 1 January with an ordinary entry: nothing before it.
    assert_eq!(closing(StatementLine::Cash), (d("0"), d("636000")));
    assert_eq!(closing(StatementLine::OtherDeposits).1, d("791500"));
    assert_eq!(closing(StatementLine::Inventory).1, d("250000"));
    assert_eq!(closing(StatementLine::OwnerDrawings).1, d("150000"));
    assert_eq!(closing(StatementLine::AccountsPayable).1, d("220000"));
    assert_eq!(closing(StatementLine::Capital).1, d("1500000"));
    assert_eq!(bs.income, d("105000"));
    assert_eq!(bs.total_assets_closing, d("1944000"));
    assert_eq!(bs.total_liabilities_and_capital_closing, d("1944000"));
    assert_eq!(
        bs.total_assets_opening,
        bs.total_liabilities_and_capital_opening
    );
}

#[test]
fn freelancer_next_year_opens_from_the_closed_year() {
    use kura_core::ledger::StatementLine;
    use kura_core::reports::blue_return;
    let mut l = Ledger::parse(FREELANCER);
    l.delete_draft(14);
    l.close_year("2026-12-31");
    l.add(
        "
2027-01-10 * 保守契約 1月分 | ABC商事
  売掛金   55000
  売上高  -55000 ; Sales10
",
    );
    // 元入金 500,000 + 事業主借 60,000 − 事業主貸 100,000 + profit 438,560.
    let tb = trial_balance(&l.book, period("2027-01-01", "2027-01-31"));
    let capital = tb.row(l.account("元入金")).unwrap();
    assert_eq!((capital.opening, capital.credit), (d("-898560"), d("0")));
    assert!(tb.row(l.account("事業主貸")).is_none());
    assert!(tb.row(l.account("事業主借")).is_none());
    assert_eq!(tb.row(l.account("売上高")).unwrap().opening, d("0"));
    assert_eq!(tb.earlier_years_profit, d("0"));
    assert_eq!(tb.totals.opening, d("0"));
    assert_eq!(tb.totals.closing, d("0"));

    let bs = balance_sheet(&l.book, date("2027-01-31"));
    // 998,560 at the year end, less 事業主貸 100,000 closed into 元入金, plus the
    // 55,000 receivable.
    assert_eq!(bs.total_assets, d("953560"));
    assert_eq!(amount(&bs.equity, &l, "元入金"), d("898560"));
    assert_eq!(bs.profit_this_year, d("55000"));
    assert_eq!(bs.profit_earlier_years, d("0"));
    assert_eq!(bs.total_assets, bs.total_liabilities + bs.total_equity);
    let pl = profit_and_loss(&l.book, period("2027-01-01", "2027-12-31"));
    assert_eq!((pl.total_revenue, pl.total_expenses), (d("55000"), d("0")));

    // The closed year's statement: the owner's accounts and the year's income on
    // their own lines, 元入金 as it was.
    let closed = blue_return(&l.book, date("2026-01-01"));
    let page = &closed.balance_sheet;
    let line = |line: StatementLine| {
        page.assets
            .iter()
            .chain(&page.liabilities_and_capital)
            .find(|x| x.line == line)
            .map(|x| (x.opening, x.closing))
    };
    assert_eq!(
        line(StatementLine::OwnerDrawings),
        Some((d("0"), d("100000")))
    );
    assert_eq!(
        line(StatementLine::OwnerContributions),
        Some((d("0"), d("60000")))
    );
    assert_eq!(line(StatementLine::Capital), Some((d("0"), d("500000"))));
    assert_eq!(page.income, d("438560"));
    assert_eq!(page.total_assets_closing, d("998560"));
    assert_eq!(page.total_liabilities_and_capital_closing, d("998560"));
    // The new year opens with the new 元入金 and the owner's accounts at zero.
    let next = blue_return(&l.book, date("2027-01-01"));
    let page = &next.balance_sheet;
    let capital = page
        .liabilities_and_capital
        .iter()
        .find(|x| x.line == StatementLine::Capital)
        .unwrap();
    assert_eq!(
        (capital.opening, capital.closing),
        (d("898560"), d("898560"))
    );
    assert!(page
        .assets
        .iter()
        .all(|x| x.line != StatementLine::OwnerDrawings));
    assert_eq!(page.total_assets_opening, d("898560"));
    assert_eq!(page.total_liabilities_and_capital_opening, d("898560"));
    assert_eq!(
        page.total_assets_closing,
        page.total_liabilities_and_capital_closing
    );
    assert_eq!(next.profit_and_loss.sales, d("55000"));
}

#[test]
fn freelancer_return_by_the_general_method_and_the_2026_special_rule() {
    use kura_core::reports::{
        tax_return, AppliedMethod, ReturnBox::*, ReturnChoices, ReturnMethod,
    };
    let l = Ledger::parse(FREELANCER);
    let tax = tax_summary(&l.book, period("2026-01-01", "2026-12-31"));
    let jpy = kura_core::money::Currency::JPY;
    let general = tax_return(&tax, jpy, &ReturnChoices::default()).unwrap();
    // Standard: 605,000 × 100/110 = 550,000 → ② 550,000 × 7.8% = 42,900.
    // Reduced: 21,600 × 100/108 = 20,000 → ② 20,000 × 6.24% = 1,248.
    // ④: (11,800 + 4,000 creditable of the unregistered 5,000) × 78/100 = 12,324,
    // and 240 × 78/100 = 187.2 → 187: 12,511. ⑨ = 44,148 − 12,511 = 31,637 →
    // 31,600; ⑳ = 31,600 × 22/78 = 8,912.8 → 8,900; ㉖ = 40,500.
    let amounts = |r: &kura_core::reports::TaxReturn, boxes: &[kura_core::reports::ReturnBox]| {
        boxes.iter().map(|b| r.amount(*b)).collect::<Vec<_>>()
    };
    let shown = [TaxBase, Tax, PurchaseCredit, NetTax, LocalTax, Total];
    assert_eq!(
        amounts(&general, &shown),
        ["570000", "44148", "12511", "31600", "8900", "40500"].map(d)
    );
    assert!(general.warnings.is_empty());
    // With interim payments of 5,000 and 1,400: ⑪ 26,600, ㉒ 7,500, ㉖ 34,100.
    let interim = ReturnChoices {
        interim_national: d("5000"),
        interim_local: d("1400"),
        ..ReturnChoices::default()
    };
    let r = tax_return(&tax, jpy, &interim).unwrap();
    assert_eq!(
        amounts(&r, &[TaxPayable, LocalPayable, Total]),
        ["26600", "7500", "34100"].map(d)
    );
    // 2割特例: ④ = 42,900 × 80% = 34,320 and 1,248 × 80% = 998.4 → 998: 35,318.
    // ⑨ = 8,830 → 8,800; ⑳ = 8,800 × 22/78 = 2,482.05 → 2,400; ㉖ = 11,200.
    let special = ReturnChoices {
        method: ReturnMethod::Special,
        ..ReturnChoices::default()
    };
    let r = tax_return(&tax, jpy, &special).unwrap();
    assert_eq!(r.method, AppliedMethod::Special(SpecialRule::TwentyPercent));
    assert_eq!(
        amounts(&r, &shown),
        ["570000", "44148", "35318", "8800", "2400", "11200"].map(d)
    );
}

#[test]
fn shop_return_by_the_general_and_the_simplified_method() {
    use kura_core::reports::{tax_return, ReturnBox::*, ReturnChoices, ReturnMethod};
    let l = Ledger::parse(SHOP);
    let tax = tax_summary(&l.book, period("2026-01-01", "2026-12-31"));
    let jpy = kura_core::money::Currency::JPY;
    let general = tax_return(&tax, jpy, &ReturnChoices::default()).unwrap();
    // Reduced: (1,050,000 + 84,000) × 100/108 = 1,050,000 → ② × 6.24% = 65,520.
    // Standard: (350,000 + 35,000) × 100/110 = 350,000 → ② × 7.8% = 27,300.
    // ④: 32,000 × 78/100 = 24,960 and (81,500 + 2,400) × 78/100 = 65,442: 90,402.
    // ⑨ = 92,820 − 90,402 = 2,418 → 2,400; ⑳ = 2,400 × 22/78 = 676.9 → 600.
    let figures = |r: &kura_core::reports::TaxReturn| {
        [TaxBase, Tax, PurchaseCredit, NetTax, LocalTax, Total].map(|b| r.amount(b))
    };
    assert_eq!(
        figures(&general),
        ["1400000", "92820", "90402", "2400", "600", "3000"].map(d)
    );
    // Retail (80%): ④ = 65,520 × 80% = 52,416 and 27,300 × 80% = 21,840: 74,256.
    // ⑨ = 18,564 → 18,500; ⑳ = 18,500 × 22/78 = 5,217.9 → 5,200; ㉖ = 23,700.
    let retail = ReturnChoices {
        method: ReturnMethod::Simplified(BusinessClass::Retail),
        ..ReturnChoices::default()
    };
    let r = tax_return(&tax, jpy, &retail).unwrap();
    assert_eq!(
        figures(&r),
        ["1400000", "92820", "74256", "18500", "5200", "23700"].map(d)
    );
}
