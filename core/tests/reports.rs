//! Report rules one at a time: periods, fiscal years, roll-up, drafts, drills,
//! the year's opening entry, tax details, and a property over random books.

mod fixtures;

use chrono::Datelike;
use fixtures::{d, date, period, Ledger, CHART};
use kura_core::book::Record;
use kura_core::ids::RecordId;
use kura_core::ledger::{
    BusinessClass, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting, TaxCode,
};
use kura_core::money::Currency;
use kura_core::reports::{
    balance_sheet, blue_return, entries_with_tax_code, fiscal_year_start, general_ledger, journal,
    profit_and_loss, tax_summary, trial_balance, Drill, Period,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[test]
fn a_period_cannot_end_before_it_starts() {
    assert!(Period::new(date("2026-02-01"), date("2026-01-31")).is_err());
    let day = Period::new(date("2026-02-01"), date("2026-02-01")).unwrap();
    assert!(day.contains(date("2026-02-01")));
    assert_eq!(
        Period::month_of(date("2028-02-10")),
        period("2028-02-01", "2028-02-29")
    );
    assert_eq!(
        Period::fiscal_year_of(date("2026-03-31"), 4),
        period("2025-04-01", "2026-03-31")
    );
    assert_eq!(fiscal_year_start(date("2026-04-01"), 4), date("2026-04-01"));
    assert_eq!(fiscal_year_start(date("2026-12-31"), 1), date("2026-01-01"));
}

const SMALL: &str = "
2026-01-05 * 売上 | ABC商事
  売掛金   110000
  売上高  -110000 ; Sales10
2026-01-06 ! 下書きの売上 | ABC商事
  売掛金   999999
  売上高  -999999 ; Sales10
2026-01-07 * 入金 | ABC商事
  普通預金/みずほ  110000
  売掛金          -110000
2026-01-08 * 振込手数料
  雑費       440 ; Purchase10
  普通預金   -440
";

#[test]
fn drafts_count_nowhere_but_in_search() {
    let l = Ledger::parse(SMALL);
    let jan = period("2026-01-01", "2026-01-31");
    let tb = trial_balance(&l.book, jan);
    assert_eq!(tb.row(l.account("売上高")).unwrap().closing, d("-110000"));
    assert_eq!(tb.totals.debit, d("220440"));
    let j = journal(&l.book, jan);
    let ids: Vec<RecordId> = j.rows.iter().map(|r| r.entry).collect();
    assert_eq!(ids, [1, 3, 4].map(|n| l.entry(n)));
    assert_eq!((j.debit, j.credit), (d("220440"), d("220440")));
    assert_eq!(j.rows[0].lines[1].credit, d("110000"));
    assert_eq!(j.rows[0].lines[1].tax_code, Some(TaxCode::Sales10));
    assert_eq!(profit_and_loss(&l.book, jan).total_revenue, d("110000"));
    let tax = tax_summary(&l.book, jan);
    assert_eq!(tax.line(TaxCode::Sales10).unwrap().lines, 1);
    assert_eq!(
        entries_with_tax_code(&l.book, jan, TaxCode::Sales10),
        [l.entry(1)]
    );
}

#[test]
fn a_parent_with_its_own_postings_rolls_up_its_sub_accounts() {
    let l = Ledger::parse(SMALL);
    let tb = trial_balance(&l.book, period("2026-01-01", "2026-01-31"));
    let bank = tb.row(l.account("普通預金")).unwrap();
    // 110,000 into みずほ, 440 out of the parent itself.
    assert_eq!(
        (bank.debit, bank.credit, bank.closing),
        (d("110000"), d("440"), d("109560"))
    );
    let mizuho = tb.row(l.account("普通預金/みずほ")).unwrap();
    assert_eq!((mizuho.depth, mizuho.closing), (1, d("110000")));
    // ゆうちょ has nothing: no row.
    assert!(tb.row(l.account("普通預金/ゆうちょ")).is_none());
    // Totals count the parent once.
    let top: Decimal = tb
        .rows
        .iter()
        .filter(|r| r.depth == 0)
        .map(|r| r.debit)
        .sum();
    assert_eq!(top, tb.totals.debit);
    assert_eq!(tb.totals.debit, tb.totals.credit);
    // Rows are top-level accounts by code, sub-accounts right after their parent.
    let codes: Vec<&str> = tb.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["112", "1121", "113", "411", "629"]);
    // The drill of a row is its ledger, sub-accounts included.
    let drill = tb.drill(bank);
    assert_eq!(
        drill,
        Drill {
            account: l.account("普通預金"),
            period: tb.period
        }
    );
    let gl = general_ledger(&l.book, drill.account, drill.period);
    assert_eq!(gl.rows.len(), 2);
    assert_eq!(gl.closing, bank.closing);
    // The balance sheet shows the same roll-up.
    let bs = balance_sheet(&l.book, date("2026-01-31"));
    let row = bs
        .assets
        .iter()
        .find(|r| r.account == l.account("普通預金"))
        .unwrap();
    assert_eq!(row.amount, d("109560"));
    assert_eq!(row.drill.period, period("2026-01-05", "2026-01-31"));
}

#[test]
fn the_tax_of_a_line_is_rounded_down_line_by_line() {
    let l = Ledger::parse(
        "
2026-02-01 * 文具 | 文具店
  消耗品費   1234 ; Purchase10
  現金      -1234
2026-02-02 * 文具 | 文具店
  消耗品費   1234 ; Purchase10
  現金      -1234
",
    );
    let tax = tax_summary(&l.book, period("2026-02-01", "2026-02-28"));
    // 1,234 × 10/110 = 112.18… → 112, twice.
    let line = tax.line(TaxCode::Purchase10).unwrap();
    assert_eq!((line.tax, line.base, line.lines), (d("224"), d("2244"), 2));
}

#[test]
fn a_tax_line_that_no_taxable_line_explains_is_listed() {
    let l = Ledger::parse(
        "
2026-02-01 * 消費税の振替
  仮払消費税   500
  現金        -500
",
    );
    let tax = tax_summary(&l.book, period("2026-02-01", "2026-02-28"));
    assert_eq!(tax.unassigned, [l.entry(1)]);
    assert_eq!(tax.methods.input_tax, d("0"));
}

#[test]
fn business_classes_carry_their_deemed_ratio() {
    let ratios: Vec<Decimal> = BusinessClass::ALL
        .iter()
        .map(|c| c.deemed_purchase_ratio())
        .collect();
    assert_eq!(ratios, ["0.9", "0.8", "0.7", "0.6", "0.5", "0.4"].map(d));
    assert_eq!(BusinessClass::from_number(2), Some(BusinessClass::Retail));
    assert_eq!(BusinessClass::from_number(7), None);
    assert_eq!(BusinessClass::RealEstate.number(), 6);
}

#[test]
fn the_classic_trial_balance_puts_each_figure_on_its_side() {
    use kura_core::reports::Sided;
    let l = Ledger::with_fiscal_start(4, APRIL_YEAR);
    let tb = trial_balance(&l.book, period("2026-05-01", "2026-05-31"));
    let row = |name: &str| tb.row(l.account(name)).unwrap();
    let sided = |debit: &str, credit: &str| Sided {
        debit: d(debit),
        credit: d(credit),
    };
    // Cash: 160,000 brought forward counts in the debit total, 5,000 paid out.
    let cash = row("現金");
    assert_eq!(cash.sum, sided("160000", "5000"));
    assert_eq!(cash.balance, sided("155000", "0"));
    // Sales: a credit balance, shown without a sign in the credit column.
    let sales = row("売上高");
    assert_eq!(sales.sum, sided("0", "30000"));
    assert_eq!(sales.balance, sided("0", "30000"));
    // Earlier years' unclosed profit (30,000, a credit) is a line of its own,
    // so the totals tie out: 160,000 + 5,000 = 100,000 + 30,000 + 5,000 + 30,000.
    assert_eq!(tb.earlier_years(), Some(sided("0", "30000")));
    assert_eq!(tb.totals.sum, sided("165000", "165000"));
    assert_eq!(tb.totals.balance, sided("160000", "160000"));
    assert_eq!(Sided::of(d("0")), sided("0", "0"));
}

/// A book whose fiscal year starts in April.
const APRIL_YEAR: &str = "
2025-04-01 * 開業
  現金     100000
  元入金  -100000
2025-06-01 * 売上
  現金     50000
  売上高  -50000
2026-02-01 * 経費
  雑費    20000
  現金   -20000
2026-04-10 * 売上
  現金     30000
  売上高  -30000
2026-05-10 * 経費
  雑費    5000
  現金   -5000
";

#[test]
fn profit_and_loss_accounts_start_each_fiscal_year_at_zero() {
    let l = Ledger::with_fiscal_start(4, APRIL_YEAR);
    let may = period("2026-05-01", "2026-05-31");
    let tb = trial_balance(&l.book, may);
    assert_eq!(tb.row(l.account("売上高")).unwrap().opening, d("-30000"));
    let misc = tb.row(l.account("雑費")).unwrap();
    assert_eq!((misc.opening, misc.debit), (d("0"), d("5000")));
    // Cash carries: 100,000 + 50,000 − 20,000 + 30,000.
    assert_eq!(tb.row(l.account("現金")).unwrap().opening, d("160000"));
    // The year to March 2026 made 30,000 and is not closed yet.
    assert_eq!(tb.earlier_years_profit, d("-30000"));
    assert_eq!(tb.totals.opening + tb.earlier_years_profit, d("0"));
    assert_eq!(tb.totals.closing + tb.earlier_years_profit, d("0"));
    let gl = general_ledger(&l.book, l.account("売上高"), may);
    assert_eq!((gl.opening, gl.closing), (d("30000"), d("30000")));

    let bs = balance_sheet(&l.book, date("2026-05-31"));
    assert_eq!(bs.profit_this_year, d("25000"));
    assert_eq!(bs.profit_period, period("2026-04-01", "2026-05-31"));
    assert_eq!(bs.profit_earlier_years, d("30000"));
    assert_eq!(bs.total_assets, d("155000"));
    assert_eq!(bs.total_assets, bs.total_liabilities + bs.total_equity);
}

#[test]
fn the_opening_entry_of_a_year_closes_the_year_before() {
    let mut l = Ledger::with_fiscal_start(4, APRIL_YEAR);
    // What closing FY2025 makes: its profit (50,000 − 20,000) into 元入金, dated
    // the first day of the new year.
    let line = |account: RecordId, amount: &str| Posting {
        account,
        amount: d(amount),
        tax_code: None,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    };
    let header = EntryHeader {
        id: RecordId::from_parts(1_990_000_000_000, 1),
        date: date("2026-04-01"),
        description: "期首振替".into(),
        partner: None,
        status: EntryStatus::Posted,
        corrects: None,
    };
    let lines = vec![
        line(l.account("売上高"), "50000"),
        line(l.account("雑費"), "-20000"),
        line(l.account("元入金"), "-30000"),
    ];
    let opening = JournalEntry::new(header, lines, Currency::JPY)
        .unwrap()
        .with_origin(EntryOrigin::YearClose);
    l.put(Record::JournalEntry(opening));

    let may = period("2026-05-01", "2026-05-31");
    let tb = trial_balance(&l.book, may);
    assert_eq!(tb.earlier_years_profit, d("0"));
    assert_eq!(tb.totals.opening, d("0"));
    assert_eq!(tb.row(l.account("売上高")).unwrap().opening, d("-30000"));
    assert_eq!(tb.row(l.account("元入金")).unwrap().opening, d("-130000"));
    // A trial balance starting on the opening entry's day shows it as opening.
    let year = period("2026-04-01", "2027-03-31");
    let tb = trial_balance(&l.book, year);
    let capital = tb.row(l.account("元入金")).unwrap();
    assert_eq!((capital.opening, capital.credit), (d("-130000"), d("0")));
    assert_eq!(tb.totals.closing, d("0"));
    let gl = general_ledger(&l.book, l.account("元入金"), year);
    assert_eq!((gl.opening, gl.rows.len()), (d("130000"), 0));
    let gl = general_ledger(&l.book, l.account("売上高"), may);
    assert_eq!(gl.opening, d("30000"));
    // The P&L of the new year leaves it out.
    let pl = profit_and_loss(&l.book, year);
    assert_eq!(
        (pl.total_revenue, pl.total_expenses),
        (d("30000"), d("5000"))
    );
    let bs = balance_sheet(&l.book, date("2026-05-31"));
    assert_eq!(bs.profit_earlier_years, d("0"));
    assert_eq!(bs.profit_this_year, d("25000"));
    assert_eq!(bs.total_assets, bs.total_liabilities + bs.total_equity);
    // The closed year's balance sheet does not see it.
    let bs = balance_sheet(&l.book, date("2026-03-31"));
    assert_eq!(bs.profit_this_year, d("30000"));
}

/// Random posted entries over two calendar years, as fixture text.
fn random_ledger() -> impl Strategy<Value = String> {
    let line = (0..CHART.len(), -500_000i64..500_000).prop_filter("non-zero", |(_, a)| *a != 0);
    let entry = (
        0u64..730,
        proptest::collection::vec(line, 1..5),
        0..CHART.len(),
    );
    proptest::collection::vec(entry, 1..40).prop_map(|entries| {
        let mut text = String::new();
        for (day, lines, balancing) in entries {
            let on = date("2025-01-01") + chrono::Days::new(day);
            text.push_str(&format!("{on} * random\n"));
            let mut sum = 0i64;
            for (account, amount) in lines {
                text.push_str(&format!("  {} {amount}\n", CHART[account].1));
                sum += amount;
            }
            if sum != 0 {
                text.push_str(&format!("  {} {}\n", CHART[balancing].1, -sum));
            }
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Every trial balance balances, and its balances tie out with the unclosed
    /// profit of earlier years; the balance sheet always balances and its profit
    /// is the P&L's.
    #[test]
    fn trial_balance_and_balance_sheet_always_balance(text in random_ledger(), from in 0u64..400, len in 0u64..400) {
        let l = Ledger::parse(&text);
        let from = date("2025-01-01") + chrono::Days::new(from);
        let p = Period::new(from, from + chrono::Days::new(len)).unwrap();
        let tb = trial_balance(&l.book, p);
        prop_assert_eq!(tb.totals.debit, tb.totals.credit);
        // The classic layout ties out on its own: debit and credit totals, and
        // debit and credit balances; each row's balance is its totals' difference.
        prop_assert_eq!(tb.totals.sum.debit, tb.totals.sum.credit);
        prop_assert_eq!(tb.totals.balance.debit, tb.totals.balance.credit);
        for r in &tb.rows {
            prop_assert_eq!(r.balance.debit - r.balance.credit, r.sum.debit - r.sum.credit);
            prop_assert!(r.balance.debit.is_zero() || r.balance.credit.is_zero());
        }
        prop_assert_eq!(tb.totals.opening + tb.earlier_years_profit, Decimal::ZERO);
        prop_assert_eq!(tb.totals.closing + tb.earlier_years_profit, Decimal::ZERO);
        let mut debit = Decimal::ZERO;
        for entry in l.book.entries_between(p.from, p.to) {
            debit += entry.total();
        }
        prop_assert_eq!(tb.totals.debit, debit);
        // Within one calendar year the closings sum to zero outright.
        let year = period("2026-01-01", "2026-12-31");
        let tb = trial_balance(&l.book, year);
        let only_2026 = l.book.entries().all(|e| e.date().year() == 2026);
        if only_2026 {
            prop_assert_eq!(tb.totals.closing, Decimal::ZERO);
        }
        let bs = balance_sheet(&l.book, p.to);
        prop_assert_eq!(bs.total_assets, bs.total_liabilities + bs.total_equity);
        let pl = profit_and_loss(&l.book, bs.profit_period);
        prop_assert_eq!(pl.net_income, bs.profit_this_year);
        // The blue-return pages add up the same way.
        let blue = blue_return(&l.book, date("2026-01-01"));
        let page = &blue.balance_sheet;
        prop_assert_eq!(page.total_assets_closing, page.total_liabilities_and_capital_closing);
        prop_assert_eq!(page.total_assets_opening, page.total_liabilities_and_capital_opening);
        prop_assert_eq!(
            blue.profit_and_loss.income_before_special_deduction,
            profit_and_loss(&l.book, year).net_income
        );
    }
}

#[test]
fn accounts_without_a_statement_line_go_on_their_kinds_catch_all_line() {
    use kura_core::ledger::StatementLine;
    let l = Ledger::parse(
        "
2026-03-01 * 講習会 | 研修センター
  研修費   10000
  雑費      2000
  現金    -12000
2026-03-25 * 源泉所得税の預り
  現金     5000
  預り金  -5000
",
    );
    let blue = blue_return(&l.book, date("2026-01-01"));
    assert_eq!(blue.unmapped, [l.account("預り金"), l.account("研修費")]);
    let misc = blue
        .profit_and_loss
        .lines
        .iter()
        .find(|x| x.line == StatementLine::Miscellaneous)
        .unwrap();
    assert_eq!(misc.amount, d("12000"));
    assert_eq!(
        misc.accounts,
        vec![
            (l.account("雑費"), d("2000")),
            (l.account("研修費"), d("10000"))
        ]
    );
    let other = &blue.balance_sheet.liabilities_and_capital[0];
    assert_eq!(
        (other.line, other.closing),
        (StatementLine::OtherLiabilities, d("5000"))
    );
    assert_eq!(blue.profit_and_loss.net, d("-12000"));
}

#[test]
fn search_ignores_case_and_full_width() {
    use kura_core::reports::{search_entries, EntrySearch};
    let l = Ledger::parse(
        "
2026-03-01 * ＡＢＣ商事へ納品 | ＡＢＣ商事
  売掛金   1000
  売上高  -1000
2026-03-02 * Abc shop
  現金     500
  売上高  -500 # Ｍｅｍｏ
",
    );
    let find = |text: &str| {
        search_entries(
            &l.book,
            &EntrySearch {
                text: Some(text.into()),
                ..EntrySearch::default()
            },
        )
    };
    assert_eq!(find("abc"), [l.entry(1), l.entry(2)]);
    assert_eq!(find("ＡＢＣ商事"), [l.entry(1)]);
    assert_eq!(find("memo"), [l.entry(2)]);
    assert!(find("abd").is_empty());
    let by_partner = search_entries(
        &l.book,
        &EntrySearch {
            partner: Some("abc".into()),
            min_amount: Some(d("1000")),
            max_amount: Some(d("1000")),
            ..EntrySearch::default()
        },
    );
    assert_eq!(by_partner, [l.entry(1)]);
}

#[test]
fn unregistered_purchases_are_credited_at_the_ratio_of_their_date() {
    let l = Ledger::parse(
        "
2026-09-30 * 外注 | 個人A
  外注工賃   11000 ; Purchase10Unregistered
  現金      -11000
2026-10-01 * 外注 | 個人A
  外注工賃   11000 ; Purchase10Unregistered
  現金      -11000
",
    );
    let tax = tax_summary(&l.book, period("2026-01-01", "2026-12-31"));
    let line = tax.line(TaxCode::Purchase10Unregistered).unwrap();
    // 1,000 tax each: 80% until 2026-09-30, 70% from 2026-10-01.
    assert_eq!((line.tax, line.creditable_tax), (d("2000"), d("1500")));
    assert_eq!(tax.methods.general, d("-1500"));
}

#[test]
fn entries_recorded_more_than_two_months_after_their_date_are_listed_as_late() {
    // The fixture writes every entry on 2027-01-15 (its ids' time).
    let l = Ledger::parse(
        "
2026-10-01 * 秋の売上 | A社
  現金    1000
  売上高 -1000 ; Sales10
2026-11-15 * ちょうど二か月前
  現金    1000
  売上高 -1000 ; Sales10
2026-12-20 * 年末の売上
  現金    1000
  売上高 -1000 ; Sales10
",
    );
    let late = kura_core::reports::late_entries(&l.book, period("2026-01-01", "2026-12-31"));
    // 2026-10-01 + 2 months = 2026-12-01 < 2027-01-15: late. 2026-11-15 + 2
    // months = 2027-01-15: on the last usual day, not late. 2026-12-20: not late.
    assert_eq!(late.len(), 1);
    assert_eq!(
        (late[0].entry, late[0].date),
        (l.entry(1), date("2026-10-01"))
    );
    assert_eq!(late[0].recorded, date("2027-01-15"));
}
