//! CSV export of the reports: the same report structs the screens render, as
//! spreadsheet-ready text.
//!
//! The format is what Japanese spreadsheets open without asking: UTF-8 with a
//! byte-order mark, CRLF line ends, fields quoted only when they must be (a comma,
//! a quote, a line break, or leading/trailing spaces), quotes doubled. Amounts are
//! plain numbers with exactly the currency's decimals and no separators or symbol
//! (`-1234`, `12.50`), dates are ISO (`2026-01-31`), so a spreadsheet reads them
//! as numbers and dates.
//!
//! The core holds no UI texts, so the header row and the labels of total lines
//! come in from the caller, in the user's language; account names are taken from
//! the book in the given [`Locale`].
//!
//! Every CSV Kura writes (these reports, the interchange files, customer
//! statements, the Yayoi and Money Forward exports) writes each cell through
//! [`field`], which also keeps a spreadsheet from running text as a formula:
//! see [`formula_safe`].

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::tax_return::rules::SpecialRule;
use super::{
    currency, record_summary, BlueReturn, ChangeHistory, GeneralLedger, HistoryRow, Journal,
    MonthlyProfitAndLoss, PartnerStatement, PartnerStatementRow, RateFigures, ReportLine,
    ReturnBox, Sided, StatementLabel, StockLedger, TaxReturn, TaxSummary, TrialBalance,
};
use crate::book::{Book, Record};
use crate::ids::RecordId;
use crate::inventory::MoveKind;
use crate::ledger::TaxCode;
use crate::locale::Locale;
use crate::money::Currency;

/// The byte-order mark that tells spreadsheets the file is UTF-8.
pub const BOM: char = '\u{feff}';

/// One field: made formula-safe ([`formula_safe`]), then quoted if it must be.
pub fn field(text: &str) -> String {
    let text = formula_safe(text);
    let needs_quotes =
        text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// What makes a spreadsheet take a cell as a formula when it starts the cell
/// (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`, a tab and a carriage return.
/// The full-width `＝＋－＠` are here too: Japanese Excel turns them into their
/// ASCII forms as it reads what is typed, and the sources disagree on whether it
/// does so when it opens a file, so they are treated alike (a `'` on a rare
/// name costs nothing; a formula run from a partner's name could send the
/// sheet's data away).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// The mark that tells a spreadsheet a cell is text (OWASP's advice).
const TEXT_MARK: char = '\'';

/// A cell's text as written: text a spreadsheet would run as a formula gets a
/// leading `'`, so it shows as the text it is.
///
/// Cells are told apart by their type, as a spreadsheet sees it: a number in
/// the plain form every writer here uses for amounts, quantities and counts
/// (`-500`, `12.50`, [`plain_amount`]) is a number, a constant that runs
/// nothing, and is written as it is; every other cell is text. Text that
/// starts with one of the formula characters, after any `'`s of its own, is
/// marked, so that [`formula_text`] can give back exactly the text it was
/// (`'=x` is written `''=x`).
pub fn formula_safe(text: &str) -> Cow<'_, str> {
    if runs_as_formula(text) {
        Cow::Owned(format!("{TEXT_MARK}{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether [`formula_safe`] marks this text.
pub fn runs_as_formula(text: &str) -> bool {
    let start = text.trim_start_matches(TEXT_MARK);
    start.starts_with(FORMULA_STARTS) && !is_plain_number(text)
}

/// The text a cell written by [`formula_safe`] holds: its `'` taken off when
/// what follows it is text the mark was put on. How every import reads a cell,
/// so Kura's own files read back to the same text.
pub fn formula_text(cell: &str) -> &str {
    match cell.strip_prefix(TEXT_MARK) {
        Some(rest) if runs_as_formula(rest) => rest,
        _ => cell,
    }
}

/// A number as Kura writes one: an optional minus, digits, and optionally a
/// point and more digits.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// Rows as CSV text: BOM first, every row ended by CRLF.
pub fn write_rows<R: AsRef<[String]>>(rows: &[R]) -> String {
    let mut out = String::new();
    out.push(BOM);
    for row in rows {
        let fields: Vec<String> = row.as_ref().iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// An amount as a plain number: the currency's decimals, no separators, a
/// leading minus (`-1234`, `12.50`).
pub fn plain_amount(amount: Decimal, currency: Currency) -> String {
    let decimals = currency.minor_units();
    let rounded = amount.round_dp(decimals);
    let text = format!("{:.*}", decimals as usize, rounded);
    if rounded.is_zero() {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

fn strings(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|s| s.to_string()).collect()
}

fn account_name(book: &Book, id: RecordId, locale: Locale) -> String {
    book.account(id)
        .map(|a| a.name(locale).to_string())
        .unwrap_or_default()
}

/// The trial balance in the classic layout: `headers` are the six column titles
/// (debit balance, debit total, code, account, credit total, credit balance);
/// `earlier` labels the line of earlier years' profit not yet closed into
/// capital (only when there is some), `total` the totals row, in which debit
/// and credit totals, and debit and credit balances, are equal.
pub fn trial_balance_csv(
    report: &TrialBalance,
    book: &Book,
    locale: Locale,
    headers: &[&str; 6],
    earlier: &str,
    total: &str,
) -> String {
    let cur = currency(book);
    let line = |code: &str, name: String, sum: Sided, balance: Sided| {
        vec![
            plain_amount(balance.debit, cur),
            plain_amount(sum.debit, cur),
            code.to_string(),
            name,
            plain_amount(sum.credit, cur),
            plain_amount(balance.credit, cur),
        ]
    };
    let mut rows = vec![strings(headers)];
    for r in &report.rows {
        let name = account_name(book, r.account, locale);
        rows.push(line(&r.code, name, r.sum, r.balance));
    }
    if let Some(e) = report.earlier_years() {
        rows.push(line("", earlier.to_string(), e, e));
    }
    let t = &report.totals;
    rows.push(line("", total.to_string(), t.sum, t.balance));
    write_rows(&rows)
}

/// The general ledger of one account: `headers` are the eight column titles
/// (date, description, partner, counter accounts, debit, credit, balance, entry
/// id); `opening` and `closing` label the balance brought and carried forward.
/// Counter accounts are joined with ` / `.
pub fn general_ledger_csv(
    report: &GeneralLedger,
    book: &Book,
    locale: Locale,
    headers: &[&str; 8],
    opening: &str,
    closing: &str,
) -> String {
    let cur = currency(book);
    let money = |d: Decimal| plain_amount(d, cur);
    let mut rows = vec![strings(headers)];
    rows.push(vec![
        report.period.from.to_string(),
        opening.to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        money(report.opening),
        String::new(),
    ]);
    for r in &report.rows {
        let counter: Vec<String> = r
            .counter_accounts
            .iter()
            .map(|&a| account_name(book, a, locale))
            .collect();
        rows.push(vec![
            r.date.to_string(),
            r.description.clone(),
            r.partner.clone().unwrap_or_default(),
            counter.join(" / "),
            money(r.debit),
            money(r.credit),
            money(r.balance),
            r.entry.to_string(),
        ]);
    }
    rows.push(vec![
        report.period.to.to_string(),
        closing.to_string(),
        String::new(),
        String::new(),
        money(report.debit),
        money(report.credit),
        money(report.closing),
        String::new(),
    ]);
    write_rows(&rows)
}

/// The journal (仕訳帳), one row per line: `headers` are the ten column titles
/// (number, date, description, partner, account, debit, credit, tax code, memo,
/// entry id). Every line repeats its entry's number (its place in the report,
/// from 1), date, description and partner, so a spreadsheet can filter lines;
/// `code_name` names a tax code, `total` labels the closing row of the period's
/// debits and credits.
pub fn journal_csv(
    report: &Journal,
    book: &Book,
    locale: Locale,
    code_name: impl Fn(TaxCode) -> String,
    headers: &[&str; 10],
    total: &str,
) -> String {
    let cur = currency(book);
    let mut rows = vec![strings(headers)];
    for (n, entry) in report.rows.iter().enumerate() {
        for line in &entry.lines {
            rows.push(vec![
                (n + 1).to_string(),
                entry.date.to_string(),
                entry.description.clone(),
                entry.partner.clone().unwrap_or_default(),
                account_name(book, line.account, locale),
                plain_amount(line.debit, cur),
                plain_amount(line.credit, cur),
                line.tax_code.map(&code_name).unwrap_or_default(),
                line.memo.clone(),
                entry.entry.to_string(),
            ]);
        }
    }
    let mut last = vec![String::new(); 10];
    last[2] = total.to_string();
    last[5] = plain_amount(report.debit, cur);
    last[6] = plain_amount(report.credit, cur);
    rows.push(last);
    write_rows(&rows)
}

/// The change history: `headers` are the six column titles (when, record,
/// change, before, after, record id). `describe` gives a row's record and
/// change in the user's language; before and after are [`record_summary`]s.
/// Times are local, `2026-04-01 09:30:15`.
pub fn change_history_csv(
    report: &ChangeHistory,
    book: &Book,
    locale: Locale,
    headers: &[&str; 6],
    describe: impl Fn(&HistoryRow) -> [String; 2],
) -> String {
    let summary = |r: &Option<std::sync::Arc<Record>>| {
        r.as_deref()
            .map(|r| record_summary(book, r, locale))
            .unwrap_or_default()
    };
    let mut rows = vec![strings(headers)];
    for row in &report.rows {
        let [record, change] = describe(row);
        rows.push(vec![
            row.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            record,
            change,
            summary(&row.before),
            summary(&row.after),
            row.record.id.to_string(),
        ]);
    }
    write_rows(&rows)
}

/// A statement (the P&L, the balance sheet) from its lines, the columns one
/// after the other: `headers` are (section, code, account, amount); an account
/// is written under its section's name, a total or profit line under its own,
/// and a heading only names the accounts under it. `label` names each.
pub fn statement_csv(
    columns: &[Vec<ReportLine<'_>>],
    book: &Book,
    locale: Locale,
    headers: &[&str; 4],
    label: impl Fn(StatementLabel) -> String,
) -> String {
    let cur = currency(book);
    let mut rows = vec![strings(headers)];
    for line in columns.iter().flatten() {
        match line {
            ReportLine::Heading(_) => {}
            ReportLine::Account { section, row } => rows.push(vec![
                label(*section),
                row.code.clone(),
                account_name(book, row.account, locale),
                plain_amount(row.amount, cur),
            ]),
            ReportLine::Figure {
                label: l, amount, ..
            } => rows.push(vec![
                label(*l),
                String::new(),
                String::new(),
                plain_amount(*amount, cur),
            ]),
        }
    }
    write_rows(&rows)
}

/// The monthly P&L: `headers` are (code, account, total); the twelve month
/// columns are titled by ISO month (`2026-01`) between account and total.
/// `labels` are (total revenue, total expenses, net income).
pub fn monthly_profit_and_loss_csv(
    report: &MonthlyProfitAndLoss,
    book: &Book,
    locale: Locale,
    headers: &[&str; 3],
    labels: &[&str; 3],
) -> String {
    let cur = currency(book);
    let mut head = vec![headers[0].to_string(), headers[1].to_string()];
    head.extend(
        report
            .months
            .iter()
            .map(|m| m.from.format("%Y-%m").to_string()),
    );
    head.push(headers[2].to_string());
    let mut rows = vec![head];
    let line = |code: &str, name: String, months: &[Decimal; 12], total: Decimal| {
        let mut row = vec![code.to_string(), name];
        row.extend(months.iter().map(|&m| plain_amount(m, cur)));
        row.push(plain_amount(total, cur));
        row
    };
    for r in &report.revenue {
        rows.push(line(
            &r.code,
            account_name(book, r.account, locale),
            &r.months,
            r.total,
        ));
    }
    rows.push(line(
        "",
        labels[0].to_string(),
        &report.total_revenue,
        report.year_revenue,
    ));
    for r in &report.expenses {
        rows.push(line(
            &r.code,
            account_name(book, r.account, locale),
            &r.months,
            r.total,
        ));
    }
    rows.push(line(
        "",
        labels[1].to_string(),
        &report.total_expenses,
        report.year_expenses,
    ));
    rows.push(line(
        "",
        labels[2].to_string(),
        &report.net_income,
        report.year_net_income,
    ));
    write_rows(&rows)
}

/// The consumption-tax summary: `headers` are (tax code, lines, gross, base, tax,
/// creditable tax) with `code_name` naming each code; then one (label, amount)
/// row per method figure, `labels` being (output tax, input tax, creditable input
/// tax, general, simplified credit, simplified), and the payable under the special
/// rule that covers the period, if one does, labelled by `special_name`.
pub fn tax_summary_csv(
    report: &TaxSummary,
    book: &Book,
    code_name: impl Fn(crate::ledger::TaxCode) -> String,
    special_name: impl Fn(SpecialRule) -> String,
    headers: &[&str; 6],
    labels: &[&str; 6],
) -> String {
    let cur = currency(book);
    let money = |d: Decimal| plain_amount(d, cur);
    let mut rows = vec![strings(headers)];
    for l in &report.lines {
        rows.push(vec![
            code_name(l.code),
            l.lines.to_string(),
            money(l.gross),
            money(l.base),
            money(l.tax),
            money(l.creditable_tax),
        ]);
    }
    rows.push(Vec::new());
    let m = &report.methods;
    let figures = [
        m.output_tax,
        m.input_tax,
        m.creditable_input_tax,
        m.general,
        m.simplified_credit,
        m.simplified,
    ];
    for (label, amount) in labels.iter().zip(figures) {
        rows.push(vec![label.to_string(), money(amount)]);
    }
    if let Some(special) = &m.special {
        rows.push(vec![special_name(special.rule), money(special.payable)]);
    }
    write_rows(&rows)
}

/// The consumption-tax return: one (number, box, amount) row per box in the
/// form's order, `box_name` naming each; then the rate columns of the 付表 with
/// `column_labels` = (item, ①-1, ①, ②, ④) and `headers` = (number, box,
/// amount, total). Amounts are whole yen.
pub fn tax_return_csv(
    report: &TaxReturn,
    box_name: impl Fn(ReturnBox) -> String,
    headers: &[&str; 4],
    column_labels: &[&str; 7],
    details: &[(String, String)],
) -> String {
    let money = |d: Decimal| plain_amount(d, Currency::JPY);
    let mut rows = vec![strings(&headers[..3])];
    for (b, amount) in &report.boxes {
        rows.push(vec![b.number().to_string(), box_name(*b), money(*amount)]);
    }
    rows.push(Vec::new());
    let mut head = vec![column_labels[0].to_string()];
    head.extend(
        report
            .columns
            .iter()
            .map(|c| format!("{}%", c.national_percent())),
    );
    head.push(headers[3].to_string());
    rows.push(head);
    for (label, figure) in column_labels[1..].iter().zip(RateFigures::ROWS) {
        let mut row = vec![label.to_string()];
        row.extend(report.columns.iter().map(|c| money(figure(c))));
        row.push(money(report.columns.iter().map(figure).sum()));
        rows.push(row);
    }
    if !details.is_empty() {
        rows.push(Vec::new());
        rows.extend(details.iter().map(|(l, v)| vec![l.clone(), v.clone()]));
    }
    write_rows(&rows)
}

/// The blue-return pages: profit-and-loss lines (line, amount), then the
/// balance-sheet lines (line, opening, closing). Line names are the
/// statement's, in `locale`. `headers` are (line, amount, opening, closing).
pub fn blue_return_csv(
    report: &BlueReturn,
    book: &Book,
    locale: Locale,
    headers: &[&str; 4],
) -> String {
    let cur = currency(book);
    let money = |d: Decimal| plain_amount(d, cur);
    let label = |l: crate::ledger::StatementLine| match locale {
        Locale::Ja => l.label_ja().to_string(),
        Locale::En => l.label_en().to_string(),
    };
    let mut rows = vec![vec![headers[0].to_string(), headers[1].to_string()]];
    for l in &report.profit_and_loss.lines {
        rows.push(vec![label(l.line), money(l.amount)]);
    }
    rows.push(Vec::new());
    rows.push(vec![
        headers[0].to_string(),
        headers[2].to_string(),
        headers[3].to_string(),
    ]);
    let bs = &report.balance_sheet;
    for l in bs.assets.iter().chain(&bs.liabilities_and_capital) {
        rows.push(vec![label(l.line), money(l.opening), money(l.closing)]);
    }
    write_rows(&rows)
}

/// The stock ledger (商品有高帳): `headers` are the eleven column titles (item
/// code, item name, date, kind, document, location, in, out, quantity on
/// hand, value, stock value). Per item, a row of its opening stock (labelled
/// `opening`, dated the period's first day), its moves, and a closing row
/// (`closing`, the last day) with the period's quantities in and out.
/// `kind_name` names a kind of move, `main_location` the implicit location.
/// Quantities are plain numbers with as many decimals as they have; a move
/// fills either its in or its out column.
pub fn stock_ledger_csv(
    report: &StockLedger,
    book: &Book,
    kind_name: impl Fn(MoveKind) -> String,
    main_location: &str,
    headers: &[&str; 11],
    [opening, closing]: [&str; 2],
) -> String {
    let cur = currency(book);
    let money = |d: Decimal| plain_amount(d, cur);
    let quantity = |q: Decimal| q.normalize().to_string();
    let none = String::new;
    let mut rows = vec![strings(headers)];
    for ledger in &report.items {
        let item = book.item(ledger.item);
        let code = item.map_or("", |i| i.code.as_str());
        let name = item.map_or("", |i| i.name.as_str());
        let row = |date: chrono::NaiveDate, label: &str, rest: [String; 7]| -> Vec<String> {
            [code, name, &date.to_string(), label]
                .map(str::to_string)
                .into_iter()
                .chain(rest)
                .collect()
        };
        let (opening_quantity, opening_value) = (ledger.opening_quantity, ledger.opening_value);
        rows.push(row(
            report.from,
            opening,
            [
                none(),
                none(),
                none(),
                none(),
                quantity(opening_quantity),
                none(),
                money(opening_value),
            ],
        ));
        let (mut total_in, mut total_out) = (Decimal::ZERO, Decimal::ZERO);
        for r in &ledger.rows {
            // A move goes one way: the other column stays empty.
            let (into, out) = if r.quantity.is_sign_negative() {
                total_out -= r.quantity;
                (none(), quantity(-r.quantity))
            } else {
                total_in += r.quantity;
                (quantity(r.quantity), none())
            };
            let number = r.document.and_then(|d| book.document(d)?.number.clone());
            let location = r.location.and_then(|l| book.location(l));
            let location = location.map_or(main_location, |l| l.name.as_str());
            rows.push(row(
                r.date,
                &kind_name(r.kind),
                [
                    number.unwrap_or_default(),
                    location.to_string(),
                    into,
                    out,
                    quantity(r.balance),
                    money(r.value),
                    money(r.value_balance),
                ],
            ));
        }
        let (closing_quantity, closing_value) = (ledger.closing_quantity, ledger.closing_value);
        rows.push(row(
            report.to,
            closing,
            [
                none(),
                none(),
                quantity(total_in),
                quantity(total_out),
                quantity(closing_quantity),
                none(),
                money(closing_value),
            ],
        ));
    }
    write_rows(&rows)
}

/// A partner's statement (取引明細書): `headers` are (date, number,
/// description, charged, paid, balance); `labels` are (opening balance,
/// closing balance); `describe` says what each row is (a document's kind or a
/// payment's direction, then its description). Opens and closes with the
/// balances, on the period's first and last day, as on screen.
pub fn partner_statement_csv(
    statement: &PartnerStatement,
    book: &Book,
    headers: &[&str; 6],
    labels: &[&str; 2],
    describe: impl Fn(&PartnerStatementRow) -> String,
) -> String {
    let cur = currency(book);
    let balance_row = |date: chrono::NaiveDate, label: &str, amount: Decimal| {
        vec![
            date.to_string(),
            String::new(),
            label.to_string(),
            String::new(),
            String::new(),
            plain_amount(amount, cur),
        ]
    };
    let mut rows = vec![
        strings(headers),
        balance_row(statement.from, labels[0], statement.opening),
    ];
    rows.extend(statement.rows.iter().map(|r| {
        vec![
            r.date.to_string(),
            r.number.clone(),
            describe(r),
            plain_amount(r.charged, cur),
            plain_amount(r.paid, cur),
            plain_amount(r.balance, cur),
        ]
    }));
    rows.push(balance_row(statement.to, labels[1], statement.closing));
    write_rows(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn row(fields: &[&str]) -> Vec<String> {
        strings(fields)
    }

    #[test]
    fn plain_fields_are_left_alone() {
        assert_eq!(field("現金"), "現金");
        assert_eq!(field("1234"), "1234");
        assert_eq!(field(""), "");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rlf"), "\"cr\rlf\"");
        assert_eq!(field(" padded "), "\" padded \"");
        assert_eq!(
            field("株式会社「山田」, 東京"),
            "\"株式会社「山田」, 東京\""
        );
    }

    #[test]
    fn rows_start_with_a_bom_and_end_with_crlf() {
        let text = write_rows(&[row(&["勘定科目", "金額"]), row(&["売上高", "1000"])]);
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text, "\u{feff}勘定科目,金額\r\n売上高,1000\r\n");
        let empty: [Vec<String>; 0] = [];
        assert_eq!(write_rows(&empty), "\u{feff}");
    }

    #[test]
    fn formula_text_is_marked_and_numbers_are_not() {
        for (text, written) in [
            ("=1+2", "'=1+2"),
            ("+81 3", "'+81 3"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("＝式", "'＝式"),
            ("＋", "'＋"),
            ("－x", "'－x"),
            ("＠x", "'＠x"),
            ("'=x", "''=x"),
            ("-", "'-"),
            ("-500", "-500"),
            ("-1234.50", "-1234.50"),
            ("12.5", "12.5"),
            ("2026-01-31", "2026-01-31"),
            ("'quoted'", "'quoted'"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(field(text), written, "{text:?}");
        }
    }

    #[test]
    fn an_import_reads_a_marked_cell_back_to_its_text() {
        for (cell, text) in [
            ("'=1+2", "=1+2"),
            ("''=x", "'=x"),
            ("'-500", "'-500"),
            ("'abc", "'abc"),
            ("'", "'"),
            ("=1+2", "=1+2"),
        ] {
            assert_eq!(formula_text(cell), text, "{cell:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the text, what is written never starts a formula (unless it
        /// is a plain number) and reads back as the text.
        #[test]
        fn any_text_round_trips_through_its_formula_safe_form(text in "['=+@\\-＝]{0,3}\\PC{0,8}") {
            let written = formula_safe(&text);
            proptest::prop_assert_eq!(formula_text(&written), text.as_str());
            let starts_formula = written.starts_with(FORMULA_STARTS);
            proptest::prop_assert!(!starts_formula || is_plain_number(&written));
        }
    }

    #[test]
    fn amounts_are_plain_numbers_with_the_currency_decimals() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(plain_amount(d("1234567"), Currency::JPY), "1234567");
        assert_eq!(plain_amount(d("-500"), Currency::JPY), "-500");
        assert_eq!(plain_amount(d("0"), Currency::JPY), "0");
        assert_eq!(plain_amount(d("-0.00"), Currency::JPY), "0");
        assert_eq!(
            plain_amount(d("12.5"), "USD".parse::<Currency>().unwrap()),
            "12.50"
        );
        assert_eq!(
            plain_amount(d("-1234.5"), "USD".parse::<Currency>().unwrap()),
            "-1234.50"
        );
    }
}
