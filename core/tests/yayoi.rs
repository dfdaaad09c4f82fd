//! The accountant's formats, checked column by column against their
//! specifications: the Yayoi import format (product.md 3.5: Shift_JIS, CRLF,
//! no header, 25 columns, flags 2000 / 2110-2100-2101, tax-included amounts
//! with the tax in its own column, Yayoi's tax-category words, a description of
//! at most 64 half-width characters) and Money Forward's 27-column journal CSV.

mod fixtures;

use encoding_rs::SHIFT_JIS;
use fixtures::{d, date, period, Ledger};
use kura_core::book::{Record, RecordKind, TaxAccounting, WriteCtx};
use kura_core::export::moneyforward::{moneyforward_journal, HEADER};
use kura_core::export::yayoi::{export_mapping, save_export_mapping, yayoi_journal, ExportMapping};
use kura_core::files::ProblemKind;
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{
    split_tax, tax_postings, EntryHeader, EntryStatus, JournalEntry, Posting, TaxCode, TaxRules,
};
use kura_core::locale::Locale;
use kura_core::money::Currency;
use kura_core::reports::{change_history, record_summary, HistoryQuery};
use kura_core::sync::HlcClock;

const YEAR: (&str, &str) = ("2026-01-01", "2026-12-31");

/// A book from the fixture's text, written indented here: a line starting with
/// a date heads an entry, the others are its lines.
fn book(text: &str) -> Ledger {
    let text: Vec<String> = text
        .lines()
        .map(str::trim)
        .map(|l| {
            if l.starts_with("20") {
                l.to_string()
            } else {
                format!("  {l}")
            }
        })
        .collect();
    Ledger::parse(&text.join("\n"))
}

/// The Yayoi file of 2026 with the book's mapping, checked as bytes: Shift_JIS,
/// every line ended by CRLF and no other line break; then its fields.
fn yayoi(l: &Ledger) -> Vec<Vec<String>> {
    let bytes = yayoi_journal(&l.book, period(YEAR.0, YEAR.1), &export_mapping(&l.book))
        .expect("a Yayoi file")
        .bytes;
    let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(&bytes);
    assert!(!had_errors, "the file is Shift_JIS");
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    assert!(text.ends_with("\r\n"), "the last line ends with CRLF");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line break is CRLF"
    );
    rows(&text, false)
}

fn rows(text: &str, header: bool) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(header)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

/// A Yayoi line as the specification lists its 25 columns.
#[allow(clippy::too_many_arguments)]
fn line(
    flag: &str,
    voucher: &str,
    date: &str,
    debit: [&str; 6],
    credit: [&str; 6],
    description: &str,
    memo: &str,
) -> Vec<String> {
    let mut out = vec![flag, voucher, "", date];
    out.extend(debit);
    out.extend(credit);
    out.extend([description, "", "", "0", "", memo, "0", "0", "no"]);
    assert_eq!(out.len(), 25);
    out.into_iter().map(str::to_string).collect()
}

/// No side: what a multi-line voucher's shorter side leaves blank.
const NONE: [&str; 6] = ["", "", "", "対象外", "0", "0"];

/// A tax-exclusive book (税抜経理) whose entries carry the tax lines the entry
/// form would add.
fn exclusive() -> Ledger {
    let mut l = Ledger::empty(1);
    let mut settings = l.book.settings().expect("settings").clone();
    settings.tax_accounting = TaxAccounting::Exclusive;
    l.put(Record::BookSettings(settings));
    l
}

fn posting(l: &Ledger, account: &str, amount: &str, code: Option<TaxCode>) -> Posting {
    Posting {
        account: l.account(account),
        amount: d(amount),
        tax_code: code,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    }
}

/// Posts typed lines with their tax split, as the entry form saves them.
fn post_split(l: &mut Ledger, n: u128, on: &str, description: &str, lines: Vec<Posting>) {
    let rules = TaxRules::for_book(&l.book);
    let chart = l.book.accounts();
    let tax = split_tax(&lines, date(on), &rules, &chart, &[]).expect("a split");
    let lines: Vec<Posting> = lines.into_iter().chain(tax_postings(&tax)).collect();
    let header = EntryHeader {
        id: RecordId::from_parts(1_990_000_000_000, n),
        date: date(on),
        description: description.into(),
        partner: None,
        status: EntryStatus::Posted,
        corrects: None,
    };
    let entry = JournalEntry::new(header, lines, Currency::JPY).expect("a balanced entry");
    l.put(Record::JournalEntry(entry));
}

#[test]
fn a_one_line_ten_percent_sale_in_a_tax_inclusive_book() {
    let l = book(
        "2026-07-01 * 売上 7月分 | ABC商事
           売掛金   110000
           売上高  -110000 ; Sales10",
    );
    assert_eq!(
        yayoi(&l),
        vec![line(
            "2000",
            "1",
            "2026/07/01",
            ["売掛金", "", "", "対象外", "110000", "0"],
            ["売上高", "", "", "課税売上込10%", "110000", "10000"],
            "売上 7月分",
            "ABC商事",
        )]
    );
}

#[test]
fn a_tax_exclusive_sale_folds_its_tax_line_back_into_one_line() {
    let mut l = exclusive();
    let lines = vec![
        posting(&l, "売掛金", "11000", None),
        posting(&l, "売上高", "-10000", Some(TaxCode::Sales10)),
    ];
    post_split(&mut l, 1, "2026-07-02", "売上", lines);
    let entry = l.book.entries().next().unwrap();
    assert_eq!(entry.lines().len(), 3, "the book holds a 仮受消費税 line");
    assert_eq!(
        yayoi(&l),
        vec![line(
            "2000",
            "1",
            "2026/07/02",
            ["売掛金", "", "", "対象外", "11000", "0"],
            ["売上高", "", "", "課税売上込10%", "11000", "1000"],
            "売上",
            "",
        )]
    );
}

#[test]
fn a_reduced_rate_sale_and_purchases_with_and_without_a_qualified_invoice() {
    let l = book(
        "2026-07-03 * 弁当
           現金     1080
           売上高  -1080 ; Sales8Reduced
         2026-07-04 * 仕入 | 山田商店
           仕入高   33000 ; Purchase10
           買掛金  -33000
         2026-07-05 * 文具
           消耗品費  1100 ; Purchase10Unregistered
           現金     -1100
         2026-07-06 * 食材
           仕入高    2160 ; Purchase8Reduced
           現金     -2160",
    );
    let rows = yayoi(&l);
    let debit = |r: &Vec<String>| r[4..10].to_vec();
    let credit = |r: &Vec<String>| r[10..16].to_vec();
    assert_eq!(
        credit(&rows[0]),
        ["売上高", "", "", "課税売上込軽減8%", "1080", "80"]
    );
    assert_eq!(
        debit(&rows[1]),
        ["仕入高", "", "", "課対仕入込10%適格", "33000", "3000"]
    );
    assert_eq!(credit(&rows[1]), ["買掛金", "", "", "対象外", "33000", "0"]);
    assert_eq!(
        debit(&rows[2]),
        ["消耗品費", "", "", "課対仕入込10%区分80%", "1100", "100"]
    );
    assert_eq!(
        debit(&rows[3]),
        ["仕入高", "", "", "課対仕入込軽減8%適格", "2160", "160"]
    );
    assert!(rows.iter().all(|r| r[0] == "2000"));
    let numbers: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4"], "one voucher number each");
}

#[test]
fn an_unregistered_purchase_in_a_tax_exclusive_book_keeps_its_whole_tax() {
    let mut l = exclusive();
    let lines = vec![
        posting(
            &l,
            "消耗品費",
            "1000",
            Some(TaxCode::Purchase10Unregistered),
        ),
        posting(&l, "現金", "-1100", None),
    ];
    post_split(&mut l, 1, "2026-07-05", "文具", lines);
    // 仮払消費税 80 and the non-creditable 20 on 消耗品費: one line of 1,100 again.
    assert_eq!(l.book.entries().next().unwrap().lines().len(), 4);
    let rows = yayoi(&l);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0][4..16],
        [
            "消耗品費",
            "",
            "",
            "課対仕入込10%区分80%",
            "1100",
            "100",
            "現金",
            "",
            "",
            "対象外",
            "1100",
            "0"
        ]
    );
}

#[test]
fn a_multi_line_voucher_is_flagged_first_middle_last() {
    let l = book(
        "2026-08-01 * 出張と備品
           仕入高      30000 ; Purchase10
           消耗品費     5500 ; Purchase10
           旅費交通費   2200 ; Purchase10
           現金       -37700
         2026-08-02 * 入金 振込手数料差引
           普通預金/みずほ 109340
           雑費              660 ; Purchase10
           売掛金        -110000",
    );
    let rows = yayoi(&l);
    let flags: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(flags, ["2110", "2100", "2101", "2110", "2101"]);
    assert_eq!(
        rows[0],
        line(
            "2110",
            "1",
            "2026/08/01",
            ["仕入高", "", "", "課対仕入込10%適格", "30000", "2727"],
            ["現金", "", "", "対象外", "37700", "0"],
            "出張と備品",
            "",
        )
    );
    assert_eq!(
        rows[1],
        line(
            "2100",
            "1",
            "2026/08/01",
            ["消耗品費", "", "", "課対仕入込10%適格", "5500", "500"],
            NONE,
            "出張と備品",
            "",
        )
    );
    assert_eq!(
        rows[2][4..10],
        ["旅費交通費", "", "", "課対仕入込10%適格", "2200", "200"]
    );
    assert_eq!(rows[2][10..16], NONE);
    // A sub-account goes under its parent.
    assert_eq!(
        rows[3][4..16],
        [
            "普通預金",
            "普通預金/みずほ",
            "",
            "対象外",
            "109340",
            "0",
            "売掛金",
            "",
            "",
            "対象外",
            "110000",
            "0"
        ]
    );
    assert_eq!(
        rows[4][4..10],
        ["雑費", "", "", "課対仕入込10%適格", "660", "60"]
    );
    assert!(rows[3..].iter().all(|r| r[1] == "2"));
    // Debits and credits of each voucher balance.
    let total = |range: std::ops::Range<usize>, col: usize| -> i64 {
        rows[range]
            .iter()
            .map(|r| r[col].parse::<i64>().unwrap())
            .sum()
    };
    assert_eq!(total(0..3, 8), total(0..3, 14));
    assert_eq!(total(3..5, 8), total(3..5, 14));
}

#[test]
fn non_taxable_exempt_and_export_lines_have_their_words_and_no_tax() {
    let l = book(
        "2026-09-01 * 印紙
           租税公課   200 ; NotTaxable
           現金      -200
         2026-09-02 * 受取利息
           普通預金    15
           雑収入     -15 ; SalesExempt
         2026-09-03 * 輸出
           売掛金   50000
           売上高  -50000 ; SalesExport",
    );
    let rows = yayoi(&l);
    assert_eq!(rows[0][4..10], ["租税公課", "", "", "対象外", "200", "0"]);
    assert_eq!(rows[1][10..16], ["雑収入", "", "", "非課売上", "15", "0"]);
    assert_eq!(
        rows[2][10..16],
        ["売上高", "", "", "輸出売上", "50000", "0"]
    );
}

#[test]
fn only_posted_entries_of_the_period_in_date_order() {
    let l = book(
        "2026-12-31 * 年末
           現金   100
           雑収入 -100 ; NotTaxable
         2025-12-31 * 前年
           現金   100
           雑収入 -100
         2026-03-01 ! 下書き
           現金   100
           雑収入 -100
         2026-01-01 * 年始
           現金   100
           雑収入 -100",
    );
    let rows = yayoi(&l);
    let dates: Vec<&str> = rows.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(dates, ["2026/01/01", "2026/12/31"]);
}

#[test]
fn the_description_is_cut_to_64_half_width_characters_at_a_character() {
    let long = "あ".repeat(40);
    let mixed = format!("A{}", "い".repeat(40));
    let kana = "ｱ".repeat(70);
    let l = book(&format!(
        "2026-10-01 * {long}
           現金   100
           雑収入 -100
         2026-10-02 * {mixed}
           現金   100
           雑収入 -100
         2026-10-03 * {kana}
           現金   100
           雑収入 -100
         2026-10-04 * 改行, \"引用\"
           現金   100
           雑収入 -100"
    ));
    let rows = yayoi(&l);
    assert_eq!(rows[0][16], "あ".repeat(32));
    assert_eq!(
        rows[1][16],
        format!("A{}", "い".repeat(31)),
        "63: one more would be 65"
    );
    assert_eq!(rows[2][16], "ｱ".repeat(64), "half-width kana count one");
    assert_eq!(
        rows[3][16], "改行, \"引用\"",
        "commas and quotes survive quoting"
    );
    assert!(rows.iter().all(|r| r.len() == 25));
}

fn ctx(n: u64) -> WriteCtx {
    WriteCtx {
        set_id: RecordId::from_parts(2_000_000_000_000 + n, 5),
        stamp: HlcClock::new(DeviceId(RecordId::from_parts(5, 5))).tick(2_000_000_000_000 + n),
    }
}

#[test]
fn accounts_are_named_as_the_user_mapped_them() {
    let mut l = book(
        "2026-07-01 * 売上
           売掛金   110000
           売上高  -110000 ; Sales10",
    );
    let names = vec![
        (l.account("売上高"), "  売上高(一般)  ".to_string()),
        (l.account("売掛金"), "売掛金".to_string()),
        (l.account("現金"), "   ".to_string()),
    ];
    let set = save_export_mapping(&l.book, &names, ctx(1));
    assert_eq!(set.changes.len(), 1, "one write");
    l.book.apply(&set);
    let mapping = export_mapping(&l.book);
    assert_eq!(
        mapping.names.len(),
        1,
        "blank and unchanged names map nothing"
    );
    assert_eq!(mapping.name_of(l.account("売上高")), Some("売上高(一般)"));
    let rows = yayoi(&l);
    assert_eq!(rows[0][4], "売掛金");
    assert_eq!(rows[0][10], "売上高(一般)");
    let record = Record::ExportMapping(mapping);
    assert_eq!(
        record_summary(&l.book, &record, Locale::Ja),
        "売上高 → 売上高(一般)"
    );
    // The change history finds the save by the mapped name.
    let query = HistoryQuery {
        period: None,
        text: Some("(一般)".into()),
    };
    let found = change_history(&l.book, &query, |ms| {
        chrono::DateTime::from_timestamp_millis(ms as i64)
            .unwrap()
            .naive_utc()
    });
    let kinds: Vec<RecordKind> = found.rows.iter().map(|r| r.record.kind).collect();
    assert_eq!(kinds, [RecordKind::ExportMapping]);
}

/// A name the user can change (here the mapping's) that Shift_JIS cannot hold
/// is a problem at its line and column, and no file is made: the user fixes the
/// name. A posted entry's description, which cannot be changed, is not.
#[test]
fn a_name_shift_jis_cannot_hold_is_a_problem_at_its_line_and_column() {
    let l = book(
        "2026-07-01 * 売上
           売掛金   110000
           売上高  -110000 ; Sales10
         2026-07-02 * 寿司🍣
           現金     1000
           雑収入  -1000",
    );
    let mapping = ExportMapping {
        names: vec![kura_core::export::yayoi::MappedName {
            account: l.account("売掛金"),
            name: "𠮷野売掛".into(),
        }],
        ..export_mapping(&l.book)
    };
    let problems = yayoi_journal(&l.book, period(YEAR.0, YEAR.1), &mapping).unwrap_err();
    let found: Vec<(Option<usize>, Option<usize>, ProblemKind)> = problems
        .into_iter()
        .map(|p| (p.line, p.column, p.kind))
        .collect();
    assert_eq!(
        found,
        vec![(
            Some(1),
            Some(5),
            ProblemKind::NotInShiftJis { character: '𠮷' }
        )]
    );
}

/// One emoji or direction mark in a posted entry (which cannot be edited) does
/// not keep the year from the accountant: it becomes 〓 in the file, and each
/// replacement is listed with its line, column, entry and characters.
#[test]
fn a_posted_entrys_text_shift_jis_cannot_hold_is_replaced_and_listed() {
    let l = book(
        "2026-07-01 * 売上
           売掛金   110000
           売上高  -110000 ; Sales10
         2026-07-02 * 寿司🍣と\u{200f}お茶 | 𠮷田商店
           現金     1000
           雑収入  -1000",
    );
    let file = yayoi_journal(&l.book, period(YEAR.0, YEAR.1), &export_mapping(&l.book))
        .expect("the file is made");
    let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(&file.bytes);
    assert!(!had_errors);
    let lines = rows(&text, false);
    assert_eq!(
        lines[1][16], "寿司〓と〓お茶",
        "the description, each character replaced"
    );
    assert_eq!(lines[1][21], "〓田商店", "the partner in the memo");
    let sushi = l
        .book
        .entries()
        .find(|e| e.description().starts_with("寿司"))
        .unwrap();
    let listed: Vec<(usize, usize, RecordId, Vec<char>)> = file
        .replaced
        .iter()
        .map(|r| (r.line, r.column, r.entry, r.characters.clone()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (2, 17, sushi.id(), vec!['🍣', '\u{200f}']),
            (2, 22, sushi.id(), vec!['𠮷']),
        ]
    );
    assert_eq!(file.replaced[0].date, date("2026-07-02"));
    assert_eq!(lines[0][16], "売上", "the other entry as it is");
}

#[test]
fn a_book_not_in_yen_is_refused() {
    let mut l = Ledger::empty(1);
    let mut settings = l.book.settings().unwrap().clone();
    settings.currency = "USD".parse().unwrap();
    l.put(Record::BookSettings(settings));
    let mapping = export_mapping(&l.book);
    let problems = yayoi_journal(&l.book, period(YEAR.0, YEAR.1), &mapping).unwrap_err();
    assert_eq!(
        problems[0].kind,
        ProblemKind::NotYen {
            currency: "USD".into()
        }
    );
    assert!(moneyforward_journal(&l.book, period(YEAR.0, YEAR.1), &mapping).is_err());
}

#[test]
fn money_forward_has_its_header_and_one_line_per_debit_credit_pair() {
    let mut l = book(
        "2026-07-01 * 売上 7月分 | ABC商事
           売掛金   110000
           売上高  -110000 ; Sales10
         2026-07-05 * 文具
           消耗品費  1100 ; Purchase10Unregistered
           仕入高    3300 ; Purchase10
           現金     -4400",
    );
    let set = save_export_mapping(&l.book, &[(l.account("売上高"), "売上".into())], ctx(2));
    l.book.apply(&set);
    let bytes =
        moneyforward_journal(&l.book, period(YEAR.0, YEAR.1), &export_mapping(&l.book)).unwrap();
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let all = rows(text, false);
    assert_eq!(all[0], HEADER);
    assert_eq!(all[0].len(), 27);
    assert!(all.iter().all(|r| r.len() == 27));
    let expected: Vec<&str> = vec![
        "1",
        "2026/07/01",
        "売掛金",
        "",
        "",
        "ABC商事",
        "対象外",
        "",
        "110000",
        "0",
        "売上",
        "",
        "",
        "ABC商事",
        "課税売上 10%",
        "",
        "110000",
        "10000",
        "売上 7月分",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ];
    assert_eq!(all[1], expected);
    assert_eq!(
        all[2][..10],
        [
            "2",
            "2026/07/05",
            "消耗品費",
            "",
            "",
            "",
            "課税仕入 10%",
            "80%控除",
            "1100",
            "100"
        ]
    );
    assert_eq!(
        all[3][..10],
        [
            "2",
            "2026/07/05",
            "仕入高",
            "",
            "",
            "",
            "課税仕入 10%",
            "適格",
            "3300",
            "300"
        ]
    );
    assert_eq!(
        all[3][10..18],
        ["", "", "", "", "", "", "", ""],
        "no credit side"
    );
}

#[test]
fn a_shared_tax_line_is_divided_among_its_lines_without_losing_a_yen() {
    let mut l = exclusive();
    let lines = vec![
        posting(&l, "仕入高", "333", Some(TaxCode::Purchase10)),
        posting(&l, "消耗品費", "333", Some(TaxCode::Purchase10)),
        posting(&l, "雑費", "334", Some(TaxCode::Purchase10)),
        posting(&l, "現金", "-1100", None),
    ];
    post_split(&mut l, 1, "2026-07-07", "まとめ買い", lines);
    let rows = yayoi(&l);
    let debits: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[4].as_str(), r[8].as_str(), r[9].as_str()))
        .collect();
    // 100 of tax: 33 + 33 + 33 toward zero, the yen left to the largest line.
    assert_eq!(
        debits,
        [
            ("仕入高", "366", "33"),
            ("消耗品費", "366", "33"),
            ("雑費", "368", "34")
        ]
    );
    assert_eq!(rows[0][10..16], ["現金", "", "", "対象外", "1100", "0"]);
}
