//! CSV export of a report over a small book: header, rows, totals, plain amounts,
//! quoting of a partner with a comma, BOM and CRLF.

mod fixtures;

use fixtures::{period, Ledger};
use kura_core::locale::Locale;
use kura_core::reports::csv::{general_ledger_csv, trial_balance_csv};
use kura_core::reports::{general_ledger, trial_balance};

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
        &["コード", "勘定科目", "前期繰越", "借方", "貸方", "残高"],
        "前期以前の未振替利益",
        "合計",
    );
    assert!(text.starts_with("\u{feff}コード,勘定科目,前期繰越,借方,貸方,残高\r\n"));
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines.last(), Some(&""), "every row ends with CRLF");
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with(",売上高,0,0,110000,-110000")),
        "{text}"
    );
    assert_eq!(lines[lines.len() - 2], ",合計,0,220440,220440,0");
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
