//! CSV export of a report over a small book: header, rows, totals, plain amounts,
//! quoting of a partner with a comma, BOM and CRLF.

mod fixtures;

use fixtures::{period, Ledger};
use kura_core::locale::Locale;
use kura_core::reports::csv::{general_ledger_csv, journal_csv, trial_balance_csv};
use kura_core::reports::{general_ledger, journal, trial_balance};

const BOOK: &str = "
2026-01-05 * 売上 | ABC商事, 東京
  売掛金   110000
  売上高  -110000 ; Sales10
2026-01-07 * 入金 | ABC商事, 東京
  普通預金/みずほ  110000
  売掛金          -110000
2026-01-08 * 振込手数料
  雑費       440 ; Purchase10
  普通預金   -440
";

#[test]
fn the_trial_balance_as_csv() {
    let l = Ledger::parse(BOOK);
    let tb = trial_balance(&l.book, period("2026-01-01", "2026-01-31"));
    let text = trial_balance_csv(
        &tb,
        &l.book,
        Locale::Ja,
        &[
            "借方残高",
            "借方合計",
            "コード",
            "勘定科目",
            "貸方合計",
            "貸方残高",
        ],
        "前期以前の未振替利益",
        "合計",
    );
    assert!(text.starts_with("\u{feff}借方残高,借方合計,コード,勘定科目,貸方合計,貸方残高\r\n"));
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines.last(), Some(&""), "every row ends with CRLF");
    // Each balance in the column of its side, without a sign.
    assert!(lines.contains(&"0,0,411,売上高,110000,110000"), "{text}");
    assert!(
        lines.contains(&"109560,110000,112,普通預金,440,0"),
        "{text}"
    );
    assert!(lines.contains(&"0,110000,113,売掛金,110000,0"), "{text}");
    // Debit totals equal credit totals, debit balances equal credit balances.
    assert_eq!(lines[lines.len() - 2], "110000,220440,,合計,220440,110000");
}

#[test]
fn the_journal_as_csv_one_row_per_line() {
    let l = Ledger::parse(BOOK);
    let j = journal(&l.book, period("2026-01-01", "2026-01-31"));
    let text = journal_csv(
        &j,
        &l.book,
        Locale::Ja,
        |c| format!("{c:?}"),
        &[
            "No.",
            "日付",
            "摘要",
            "取引先",
            "勘定科目",
            "借方",
            "貸方",
            "税区分",
            "メモ",
            "仕訳",
        ],
        "合計",
    );
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "No.,日付,摘要,取引先,勘定科目,借方,貸方,税区分,メモ,仕訳"
    );
    let entry = l.entry(1).to_string();
    assert_eq!(
        lines[1],
        format!("1,2026-01-05,売上,\"ABC商事, 東京\",売掛金,110000,0,,,{entry}")
    );
    assert_eq!(
        lines[2],
        format!("1,2026-01-05,売上,\"ABC商事, 東京\",売上高,0,110000,Sales10,,{entry}")
    );
    assert!(
        lines[5].starts_with("3,2026-01-08,振込手数料,,雑費,440,0,Purchase10,,"),
        "{}",
        lines[5]
    );
    assert_eq!(lines[lines.len() - 2], ",,合計,,,220440,220440,,,");
}

#[test]
fn the_general_ledger_as_csv_quotes_a_partner_with_a_comma() {
    let l = Ledger::parse(BOOK);
    let gl = general_ledger(
        &l.book,
        l.account("売掛金"),
        period("2026-01-01", "2026-01-31"),
    );
    let text = general_ledger_csv(
        &gl,
        &l.book,
        Locale::Ja,
        &[
            "日付",
            "摘要",
            "取引先",
            "相手科目",
            "借方",
            "貸方",
            "残高",
            "仕訳",
        ],
        "前期繰越",
        "次期繰越",
    );
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[1], "2026-01-01,前期繰越,,,,,0,");
    assert!(
        lines[2].starts_with("2026-01-05,売上,\"ABC商事, 東京\",売上高,110000,0,110000,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("2026-01-07,入金,\"ABC商事, 東京\",普通預金/みずほ,0,110000,0,"),
        "{}",
        lines[3]
    );
    assert_eq!(lines[4], "2026-01-31,次期繰越,,,110000,110000,0,");
}
