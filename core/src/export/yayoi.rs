//! The journal in the Yayoi (弥生) import format ("Yayoi import v1"), the
//! de-facto way to hand a journal to a Japanese tax accountant, and what it
//! shares with Money Forward's import ([`super::moneyforward`]): the vouchers,
//! the accountant's account names ([`ExportMapping`]) and the tax amounts.
//!
//! The format, version 1 (product.md 3.5):
//! - Shift_JIS (CP932), CRLF line ends, no header row, 25 columns, fields quoted
//!   only when they must be (`reports::csv::field`).
//! - Posted entries dated in the period, in date order, but for Kura's year
//!   close ([`super::accountant_entries`]); one voucher (伝票) each, numbered
//!   1, 2, … in the file (column 2).
//! - A voucher's lines: the i-th debit and the i-th credit of the entry share a
//!   line, so a line carries a debit side, a credit side or both. One line is
//!   flag `2000`; more are `2110` (first), `2100` (middle), `2101` (last). An
//!   empty side is a blank account, `対象外`, amounts `0`.
//! - Amounts are tax-included yen integers (Yayoi reads yen only: a book in
//!   another currency is refused), with the tax they contain in its own column.
//!   In a tax-exclusive book (税抜経理) an entry's tax lines (`TaxPart`) are
//!   folded back into the lines they were computed from: the tax of a code is
//!   shared among that code's lines in proportion to their amounts, rounded
//!   toward zero, the remainder on the largest line, so the voucher still
//!   balances and the tax column adds up to the tax booked. A purchase without a
//!   qualified invoice gets its whole tax in the column, creditable share and
//!   the rest (`NotCreditable`) together: its category (`区分80%`) tells Yayoi
//!   how much of it to credit. An entry without tax lines (a tax-inclusive
//!   book's) has in the tax column the tax each line's amount contains, rounded
//!   by the book's rule.
//! - Tax categories are Yayoi's words ([`tax_category`]); 込 marks the
//!   tax-included amounts this format writes.
//! - Accounts are named by their Japanese name (the English one if that is
//!   blank), or by the name the user gave it in the [`ExportMapping`]; a
//!   sub-account (補助科目) goes in the sub-account column under its parent.
//! - The description (摘要) is the entry's, on one line, cut to 64 half-width
//!   characters (a full-width character counts two) at a character boundary.
//!   The memo column holds the entry's partner. Columns 3 (closing), 7/13
//!   (department), 18 (number), 19 (due date) and 21 (source) are blank;
//!   type `0`, sticky flags `0`, adjustment `no`.
//! - A character Shift_JIS cannot hold in a posted entry's text (the
//!   description, the partner in the memo), which the user cannot change any
//!   more, is replaced by [`REPLACEMENT`] (〓) and listed in
//!   [`YayoiFile::replaced`] with its line, column and entry, so one emoji
//!   never keeps a whole year from the accountant. In a name the user can
//!   change (an account's, the mapping's) it is a [`Problem`] at its line and
//!   column, and no file is made.
//! - Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//!   `@`…) gets a leading `'`, as in every CSV Kura writes
//!   ([`crate::reports::csv::formula_safe`]); amounts, never negative here, are
//!   numbers and stay as they are. Yayoi's importer takes its text columns
//!   (型「文字」: accounts, the description, the memo) as they are, cut at their
//!   width (弥生取り込み形式, <https://support.yayoi-kk.co.jp/subcontents.html?page_id=18545>),
//!   so in Yayoi the mark shows as a `'` on the rare description that begins
//!   that way. It is kept all the same: the format is laid out as spreadsheet
//!   columns A to Y, and these files are made and checked in Excel before they
//!   are imported (Yayoi's own table, and guides such as
//!   <https://support.emerada-cash-manager.com/hc/ja/articles/4943641561615>),
//!   where an unmarked formula would run. An account name with the mark does
//!   not match Yayoi's, so Yayoi asks for it in its matching list
//!   (マッチングリスト, the same page) instead of filing it anywhere silently.
//!   The mark counts toward the description's 64 half-width characters.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::hledger::one_line;
use crate::book::{Book, Record, RecordKey, RecordKind, WriteCtx};
use crate::files::text::{encode_text, fit_shift_jis, TextEncoding};
use crate::files::{Problem, ProblemKind, Problems};
use crate::ids::RecordId;
use crate::ledger::{Account, JournalEntry, Posting, TaxCode, TaxRules};
use crate::locale::Locale;
use crate::money::Currency;
use crate::reports::csv::{field, plain_amount, runs_as_formula};
use crate::reports::Period;
use crate::sync::{Change, ChangeSet};

/// The name and version of this format.
pub const FORMAT: &str = "Yayoi import v1";

/// Columns per line.
pub const COLUMNS: usize = 25;

/// The longest description Yayoi takes, in half-width characters.
pub const MAX_DESCRIPTION_WIDTH: usize = 64;

/// Which name each account has in the accountant's program. One per book (its
/// id the book's id); accounts it does not list keep Kura's Japanese name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportMapping {
    pub book_id: RecordId,
    /// In account order (by id), each account at most once, no blank names.
    #[serde(default)]
    pub names: Vec<MappedName>,
}

/// One account's name in the accountant's program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedName {
    pub account: RecordId,
    pub name: String,
}

impl ExportMapping {
    /// The name the user gave the account, if any.
    pub fn name_of(&self, account: RecordId) -> Option<&str> {
        self.names
            .iter()
            .find(|m| m.account == account)
            .map(|m| m.name.as_str())
    }
}

/// The book's mapping: the saved one, or an empty one until the user saves.
pub fn export_mapping(book: &Book) -> ExportMapping {
    let book_id = book
        .settings()
        .map_or(RecordId::from_parts(0, 0), |s| s.book_id);
    let key = RecordKey {
        kind: RecordKind::ExportMapping,
        id: book_id,
    };
    match book.record(&key) {
        Some(Record::ExportMapping(m)) => m.clone(),
        _ => ExportMapping {
            book_id,
            names: Vec::new(),
        },
    }
}

/// Kura's own name for an account in the accountant's files: the Japanese name,
/// the English one if that is blank.
pub fn kura_name(account: &Account) -> &str {
    account.name(Locale::Ja)
}

/// The mapping a table of names makes, as the screen holds it: a name left
/// blank or equal to Kura's own is no mapping; accounts the book does not have
/// are dropped; names are trimmed onto one line.
pub fn mapping_from_table(book: &Book, names: &[(RecordId, String)]) -> ExportMapping {
    let mut kept: Vec<MappedName> = names
        .iter()
        .filter_map(|(id, name)| {
            let account = book.account(*id)?;
            let name = one_line(name);
            (!name.is_empty() && name != kura_name(account))
                .then_some(MappedName { account: *id, name })
        })
        .collect();
    kept.sort_by_key(|m| m.account);
    kept.dedup_by_key(|m| m.account);
    ExportMapping {
        names: kept,
        ..export_mapping(book)
    }
}

/// Saves the whole mapping table ([`mapping_from_table`]) as one change set.
pub fn save_export_mapping(book: &Book, names: &[(RecordId, String)], ctx: WriteCtx) -> ChangeSet {
    ctx.change_set(vec![Change::Put {
        record: Record::ExportMapping(mapping_from_table(book, names)),
    }])
}

/// Yayoi's tax category (税区分) for a line's tax code on a date: the rate in
/// force then, 軽減 for the reduced rate, and for purchases since the
/// qualified-invoice system (2023-10-01) whether an invoice backs it (適格) or
/// which transitional share of the tax is creditable (区分80%, … 控不 when none).
pub fn tax_category(code: Option<TaxCode>, on: NaiveDate) -> String {
    let Some(code) = code else {
        return "対象外".to_string();
    };
    let rate = percent(code.rate_on(on));
    match code {
        TaxCode::Sales10 => format!("課税売上込{rate}%"),
        TaxCode::Sales8Reduced => format!("課税売上込軽減{rate}%"),
        TaxCode::SalesExempt => "非課売上".to_string(),
        TaxCode::SalesExport => "輸出売上".to_string(),
        TaxCode::Purchase10 | TaxCode::Purchase10Unregistered => {
            format!("課対仕入込{rate}%{}", invoice_suffix(code, on))
        }
        TaxCode::Purchase8Reduced | TaxCode::Purchase8ReducedUnregistered => {
            format!("課対仕入込軽減{rate}%{}", invoice_suffix(code, on))
        }
        TaxCode::PurchaseExempt => "非課仕入".to_string(),
        TaxCode::NotTaxable => "対象外".to_string(),
        // Yayoi's short names for 課税売上貸倒 and 課税売上貸倒回収, as other
        // converters write them; not confirmed against Yayoi's own published
        // list, which could not be read from here (December 2026).
        TaxCode::BadDebt10 => format!("課税売倒{rate}%"),
        TaxCode::BadDebt8Reduced => format!("課税売倒軽減{rate}%"),
        TaxCode::BadDebtRecovered10 => format!("課税売回{rate}%"),
        TaxCode::BadDebtRecovered8Reduced => format!("課税売回軽減{rate}%"),
    }
}

/// The first day of the qualified-invoice system (適格請求書等保存方式).
pub(crate) const INVOICE_SYSTEM: NaiveDate = match NaiveDate::from_ymd_opt(2023, 10, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

fn invoice_suffix(code: TaxCode, on: NaiveDate) -> String {
    if on < INVOICE_SYSTEM {
        return String::new();
    }
    let ratio = code.credit_ratio_on(on);
    if ratio == Decimal::ONE {
        "適格".to_string()
    } else if ratio.is_zero() {
        "控不".to_string()
    } else {
        format!("区分{}%", percent(ratio))
    }
}

/// A rate or ratio as whole percent (`0.10` → `10`).
pub(crate) fn percent(ratio: Decimal) -> Decimal {
    (ratio * Decimal::ONE_HUNDRED).normalize()
}

/// One side of a voucher line: an account and its tax-included amount, with
/// the tax that amount contains (both positive; signed like postings, debit +,
/// until the lines are paired).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Side {
    pub account: RecordId,
    pub tax_code: Option<TaxCode>,
    pub amount: Decimal,
    pub tax: Decimal,
    /// The line's supply date when not the entry's ([`Posting::supply_date`]):
    /// its tax category is the one on that date.
    pub supply_date: Option<NaiveDate>,
}

impl Side {
    /// The date its tax category is read on: its supply date, else `entry_date`.
    pub fn supplied_on(&self, entry_date: NaiveDate) -> NaiveDate {
        self.supply_date.unwrap_or(entry_date)
    }
}

/// A voucher line: a debit side, a credit side, or both.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct VoucherLine {
    pub debit: Option<Side>,
    pub credit: Option<Side>,
}

/// One entry as a voucher of tax-included lines.
pub(crate) struct Voucher<'a> {
    pub entry: &'a JournalEntry,
    pub lines: Vec<VoucherLine>,
}

/// The entries of the period the accountant's files hold
/// ([`super::accountant_entries`]: no year close) as vouchers, in date order.
pub(crate) fn vouchers(book: &Book, period: Period) -> Vec<Voucher<'_>> {
    let rules = TaxRules::for_book(book);
    super::accountant_entries(book, period)
        .map(|entry| Voucher {
            entry,
            lines: pair_sides(gross_lines(entry, &rules)),
        })
        .collect()
}

/// The i-th debit beside the i-th credit.
fn pair_sides(lines: Vec<Side>) -> Vec<VoucherLine> {
    let side = |g: &Side| Side {
        amount: g.amount.abs(),
        tax: g.tax.abs(),
        ..g.clone()
    };
    let debits: Vec<Side> = lines
        .iter()
        .filter(|g| g.amount > Decimal::ZERO)
        .map(side)
        .collect();
    let credits: Vec<Side> = lines
        .iter()
        .filter(|g| g.amount < Decimal::ZERO)
        .map(side)
        .collect();
    (0..debits.len().max(credits.len()))
        .map(|i| VoucherLine {
            debit: debits.get(i).cloned(),
            credit: credits.get(i).cloned(),
        })
        .collect()
}

/// An entry's lines with tax included. An entry with tax lines (a
/// tax-exclusive book's) has them folded into the lines of their code; a tax
/// line with no such line left (the user deleted it) stays a line of its own,
/// out of scope. An entry without (a tax-inclusive book's) has in its tax
/// column the tax each line's amount contains.
fn gross_lines(entry: &JournalEntry, rules: &TaxRules) -> Vec<Side> {
    let is_base = |p: &&Posting| p.tax_part.is_none();
    let folded = entry.lines().iter().any(|p| !is_base(&p));
    let contained = |p: &Posting| match p.tax_code.filter(|_| !folded) {
        Some(code) => code.tax_in_gross(
            p.amount,
            p.supplied_on(entry.date()),
            rules.currency,
            rules.rounding,
        ),
        None => Decimal::ZERO,
    };
    let mut out: Vec<Side> = entry
        .lines()
        .iter()
        .filter(is_base)
        .map(|p| Side {
            account: p.account,
            tax_code: p.tax_code,
            amount: p.amount,
            tax: contained(p),
            supply_date: p.supply_date,
        })
        .collect();
    for tax_line in entry.lines().iter().filter(|p| !is_base(p)) {
        let of_code: Vec<usize> = (0..out.len())
            .filter(|&i| {
                tax_line.tax_code.is_some()
                    && out[i].tax_code == tax_line.tax_code
                    && out[i].supply_date == tax_line.supply_date
            })
            .collect();
        if of_code.is_empty() {
            out.push(Side {
                account: tax_line.account,
                tax_code: None,
                amount: tax_line.amount,
                tax: Decimal::ZERO,
                supply_date: tax_line.supply_date,
            });
        } else {
            share_tax(&mut out, &of_code, tax_line.amount, rules.currency);
        }
    }
    out
}

/// Adds `tax` to the lines `of_code` in proportion to their amounts (toward
/// zero), the remainder to the largest, so nothing is lost to rounding.
fn share_tax(lines: &mut [Side], of_code: &[usize], tax: Decimal, currency: Currency) {
    let base: Decimal = of_code.iter().map(|&i| lines[i].amount).sum();
    let mut left = tax;
    if !base.is_zero() {
        for &i in of_code {
            let share = (tax * lines[i].amount / base)
                .round_dp_with_strategy(currency.minor_units(), RoundingStrategy::ToZero);
            lines[i].amount += share;
            lines[i].tax += share;
            left -= share;
        }
    }
    if let Some(&largest) = of_code.iter().max_by_key(|&&i| lines[i].amount.abs()) {
        lines[largest].amount += left;
        lines[largest].tax += left;
    }
}

/// The (account, sub-account) names of an account in the accountant's files:
/// a sub-account sits under its parent.
pub(crate) fn account_columns(book: &Book, mapping: &ExportMapping, id: RecordId) -> [String; 2] {
    let name = |a: &Account| {
        mapping
            .name_of(a.id)
            .map_or_else(|| one_line(kura_name(a)), str::to_string)
    };
    let Some(account) = book.account(id) else {
        return [String::new(), String::new()];
    };
    match account.parent.and_then(|p| book.account(p)) {
        Some(parent) => [name(parent), name(account)],
        None => [name(account), String::new()],
    }
}

/// Refuses a book not kept in yen: both programs read yen amounts only.
pub(crate) fn require_yen(book: &Book) -> Result<Currency, Problems> {
    let currency = book.settings().map_or(Currency::JPY, |s| s.currency);
    if currency == Currency::JPY {
        Ok(currency)
    } else {
        Err(vec![Problem::file(ProblemKind::NotYen {
            currency: currency.code().to_string(),
        })])
    }
}

/// A date as both programs write it: `2026/07/01`.
pub(crate) fn slash_date(date: NaiveDate) -> String {
    date.format("%Y/%m/%d").to_string()
}

/// A character's width in Yayoi's count: ASCII and half-width kana are one.
fn half_width(c: char) -> usize {
    if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        1
    } else {
        2
    }
}

/// The text on one line, cut to at most `max` half-width characters.
pub fn fit_width(text: &str, max: usize) -> String {
    let mut width = 0;
    one_line(text)
        .chars()
        .take_while(|&c| {
            width += half_width(c);
            width <= max
        })
        .collect()
}

/// An entry's description as Yayoi takes it: one line of at most
/// [`MAX_DESCRIPTION_WIDTH`], the formula mark `field` adds included.
fn description(text: &str) -> String {
    let fitted = fit_width(text, MAX_DESCRIPTION_WIDTH);
    if runs_as_formula(&fitted) {
        fit_width(&fitted, MAX_DESCRIPTION_WIDTH - 1)
    } else {
        fitted
    }
}

/// What stands in the file for a character Shift_JIS cannot hold: 〓 (ゲタ,
/// U+3013), the mark Japanese typesetting and JIS X 0208 use for a character
/// that cannot be set.
pub const REPLACEMENT: char = '〓';

/// Characters of a posted entry's text that the file holds as [`REPLACEMENT`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replaced {
    /// The file's line and column (from 1), as a spreadsheet shows them.
    pub line: usize,
    pub column: usize,
    /// The entry the text is from.
    pub entry: RecordId,
    pub date: NaiveDate,
    /// The characters replaced, in order.
    pub characters: Vec<char>,
}

/// A Yayoi file: its bytes, and every character it had to replace (the user
/// is told each, with its entry).
#[derive(Clone, Debug, PartialEq)]
pub struct YayoiFile {
    pub bytes: Vec<u8>,
    pub replaced: Vec<Replaced>,
}

/// The journal of `period` in the Yayoi import format.
pub fn yayoi_journal(
    book: &Book,
    period: Period,
    mapping: &ExportMapping,
) -> Result<YayoiFile, Problems> {
    let currency = require_yen(book)?;
    let mut rows = Vec::new();
    let mut replaced = Vec::new();
    for (number, voucher) in vouchers(book, period).iter().enumerate() {
        let count = voucher.lines.len();
        for (i, line) in voucher.lines.iter().enumerate() {
            let flag = match (count, i) {
                (1, _) => "2000",
                (_, 0) => "2110",
                (_, i) if i + 1 == count => "2101",
                _ => "2100",
            };
            let (row, fitted) = yayoi_row(book, mapping, voucher, line, flag, number + 1, currency);
            rows.push(row);
            replaced.extend(fitted.into_iter().map(|(column, characters)| Replaced {
                line: rows.len(),
                column,
                entry: voucher.entry.id(),
                date: voucher.entry.date(),
                characters,
            }));
        }
    }
    Ok(YayoiFile {
        bytes: encode_rows(&rows)?,
        replaced,
    })
}

/// The description column (17) and the memo column (22), from 1.
const DESCRIPTION_COLUMN: usize = 17;
const MEMO_COLUMN: usize = 22;

/// A posted entry's text as the file can hold it, and (its column, the
/// characters replaced) when some had to be.
fn entry_text(text: &str, column: usize, fitted: &mut Vec<(usize, Vec<char>)>) -> String {
    let (text, replaced) = fit_shift_jis(text, REPLACEMENT);
    if !replaced.is_empty() {
        fitted.push((column, replaced));
    }
    text
}

/// One line of the file, and the characters of the entry's text it replaced
/// (by column).
fn yayoi_row(
    book: &Book,
    mapping: &ExportMapping,
    voucher: &Voucher<'_>,
    line: &VoucherLine,
    flag: &str,
    number: usize,
    currency: Currency,
) -> (Vec<String>, Vec<(usize, Vec<char>)>) {
    let date = voucher.entry.date();
    let side = |side: &Option<Side>| -> [String; 6] {
        match side {
            Some(s) => {
                let [account, sub] = account_columns(book, mapping, s.account);
                [
                    account,
                    sub,
                    String::new(),
                    tax_category(s.tax_code, s.supplied_on(date)),
                    plain_amount(s.amount, currency),
                    plain_amount(s.tax, currency),
                ]
            }
            None => [
                String::new(),
                String::new(),
                String::new(),
                tax_category(None, date),
                "0".to_string(),
                "0".to_string(),
            ],
        }
    };
    let mut row = vec![
        flag.to_string(),
        number.to_string(),
        String::new(),
        slash_date(date),
    ];
    row.extend(side(&line.debit));
    row.extend(side(&line.credit));
    let mut fitted = Vec::new();
    let entry = voucher.entry;
    let described = entry_text(entry.description(), DESCRIPTION_COLUMN, &mut fitted);
    let partner = one_line(entry.partner().unwrap_or_default());
    row.extend([
        description(&described),
        String::new(),
        String::new(),
        "0".to_string(),
        String::new(),
        entry_text(&partner, MEMO_COLUMN, &mut fitted),
        "0".to_string(),
        "0".to_string(),
        "no".to_string(),
    ]);
    debug_assert_eq!(row.len(), COLUMNS);
    (row, fitted)
}

/// The rows in Shift_JIS, CRLF after each; every field that Shift_JIS cannot
/// hold is a problem at its line and column, and then there are no bytes.
fn encode_rows(rows: &[Vec<String>]) -> Result<Vec<u8>, Problems> {
    let mut bytes = Vec::new();
    let mut problems = Problems::new();
    for (l, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if c > 0 {
                bytes.push(b',');
            }
            match encode_text(&field(text), TextEncoding::ShiftJis) {
                Ok(encoded) => bytes.extend(encoded),
                Err(problem) => problems.push(Problem::cell(l + 1, c + 1, problem.kind)),
            }
        }
        bytes.extend_from_slice(b"\r\n");
    }
    if problems.is_empty() {
        Ok(bytes)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_full_width_twice_and_cut_at_a_character() {
        assert_eq!(fit_width("abc", 64), "abc");
        assert_eq!(fit_width("あいう", 5), "あい");
        assert_eq!(fit_width("ｱｲｳｴｵ", 4), "ｱｲｳｴ");
        assert_eq!(fit_width("a\nb", 64), "a b");
    }

    #[test]
    fn tax_categories_follow_the_date() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            tax_category(Some(TaxCode::Sales10), d(2019, 9, 30)),
            "課税売上込8%"
        );
        assert_eq!(
            tax_category(Some(TaxCode::Purchase10), d(2023, 9, 30)),
            "課対仕入込10%"
        );
        assert_eq!(
            tax_category(Some(TaxCode::Purchase10Unregistered), d(2026, 10, 1)),
            "課対仕入込10%区分70%"
        );
        assert_eq!(
            tax_category(Some(TaxCode::Purchase8ReducedUnregistered), d(2031, 10, 1)),
            "課対仕入込軽減8%控不"
        );
    }
}
