//! A statement file to [`StatementLine`]s: its columns (named as Japanese banks
//! name them), its dates (as banks write them, era years included) and its
//! amounts (separators and ¥ as people write them, read by [`parse_amount`]).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::StatementLine;
use crate::book::Book;
use crate::files::table::{guess_mapping, read_table, ColumnMapping, Field, Row, Table};
use crate::files::text::decode_text;
use crate::files::{Problem, ProblemKind, Problems};
use crate::ids::RecordId;
use crate::money::{parse_amount, Currency};

/// A column of a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementColumn {
    Date,
    Description,
    /// Money in (お預り金額), when the statement has a column for each side.
    Deposit,
    /// Money out (お引出金額).
    Withdrawal,
    /// One signed amount (a card statement, some net banks): money in positive.
    Amount,
    /// The balance after the line (残高).
    Balance,
}

/// Every column, in the order the mapping step shows them.
pub const STATEMENT_COLUMNS: [StatementColumn; 6] = [
    StatementColumn::Date,
    StatementColumn::Description,
    StatementColumn::Deposit,
    StatementColumn::Withdrawal,
    StatementColumn::Amount,
    StatementColumn::Balance,
];

impl Field for StatementColumn {
    fn header_names(self) -> &'static [&'static str] {
        match self {
            StatementColumn::Date => &[
                "日付",
                "取引日",
                "お取引日",
                "年月日",
                "取扱日",
                "ご利用日",
                "利用日",
                "date",
            ],
            StatementColumn::Description => &[
                "摘要",
                "お取引内容",
                "取引内容",
                "内容",
                "お取引先",
                "ご利用店名",
                "利用店名",
                "description",
                "memo",
            ],
            StatementColumn::Deposit => &[
                "お預り金額",
                "お預入れ",
                "お預入金額",
                "預入金額",
                "入金",
                "入金金額",
                "入金額",
                "deposit",
                "deposits",
            ],
            StatementColumn::Withdrawal => &[
                "お引出金額",
                "お引出し",
                "お支払",
                "お支払金額",
                "引出金額",
                "出金",
                "出金金額",
                "出金額",
                "支払金額",
                "withdrawal",
                "withdrawals",
            ],
            StatementColumn::Amount => &["金額", "取引金額", "ご利用金額", "利用金額", "amount"],
            StatementColumn::Balance => &["残高", "差引残高", "お預り残高", "balance"],
        }
    }

    fn required(self) -> bool {
        matches!(self, StatementColumn::Date | StatementColumn::Description)
    }

    fn name(self) -> &'static str {
        match self {
            StatementColumn::Date => "date",
            StatementColumn::Description => "description",
            StatementColumn::Deposit => "deposit",
            StatementColumn::Withdrawal => "withdrawal",
            StatementColumn::Amount => "amount",
            StatementColumn::Balance => "balance",
        }
    }
}

/// The years a statement line may be dated in: the years Kura accepts anywhere
/// (the sentence of [`ProblemKind::DateOutOfRange`] names them).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A bad file can have a problem on every line; the list stops here, since a
/// user fixes the first few and the rest are usually the same.
const MAX_PROBLEMS: usize = 100;

/// Reads a statement file's bytes into rows (UTF-8 with or without BOM, or
/// Shift_JIS as most banks write it).
pub fn load_statement(bytes: &[u8]) -> Result<Table, Problems> {
    let text = decode_text(bytes).map_err(|p| vec![p])?;
    read_table(&text.text).map_err(|p| vec![p])
}

/// The mapping to start from: what the account remembers, when the file has
/// every column it maps (a bank that changed its format, or another file of the
/// account, does not), else a guess from the header row.
pub fn statement_mapping(
    book: &Book,
    account: RecordId,
    table: &Table,
) -> ColumnMapping<StatementColumn> {
    let width = table.rows.first().map_or(0, |r| r.cells.len());
    book.statement_profile(account)
        .map(|p| &p.mapping)
        .filter(|m| m.columns.iter().all(|&(_, c)| c < width))
        .cloned()
        .unwrap_or_else(|| guess_mapping(table, &STATEMENT_COLUMNS))
}

/// The statement's lines, or every problem (at most [`MAX_PROBLEMS`]) found.
pub fn parse_statement(
    table: &Table,
    mapping: &ColumnMapping<StatementColumn>,
    currency: Currency,
) -> Result<Vec<StatementLine>, Problems> {
    check_mapping(mapping)?;
    let mut lines = Vec::new();
    let mut problems = Problems::new();
    let mut seen: HashMap<(NaiveDate, Decimal, String, Option<Decimal>), u32> = HashMap::new();
    for row in mapping.data_rows(table) {
        match parse_row(row, mapping, currency) {
            Ok(mut line) => {
                let key = (
                    line.date,
                    line.amount,
                    line.description.clone(),
                    line.balance,
                );
                let count = seen.entry(key).or_default();
                line.occurrence = *count;
                *count += 1;
                lines.push(line);
            }
            Err(mut found) => problems.append(&mut found),
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if !problems.is_empty() {
        problems.truncate(MAX_PROBLEMS);
        return Err(problems);
    }
    if lines.is_empty() {
        return Err(vec![Problem::file(ProblemKind::NoRows)]);
    }
    Ok(lines)
}

/// Date and description must be mapped, and the money either as one signed
/// amount or as deposit and/or withdrawal columns.
fn check_mapping(mapping: &ColumnMapping<StatementColumn>) -> Result<(), Problems> {
    let mut problems = mapping.check(&STATEMENT_COLUMNS).err().unwrap_or_default();
    let has_money = [
        StatementColumn::Amount,
        StatementColumn::Deposit,
        StatementColumn::Withdrawal,
    ]
    .into_iter()
    .any(|f| mapping.column(f).is_some());
    if !has_money {
        problems.push(Problem::file(ProblemKind::MissingColumn {
            field: StatementColumn::Amount.name().to_string(),
        }));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// One data row, or its problems (one per bad cell).
fn parse_row(
    row: &Row,
    mapping: &ColumnMapping<StatementColumn>,
    currency: Currency,
) -> Result<StatementLine, Problems> {
    let widest = mapping
        .columns
        .iter()
        .map(|&(_, c)| c + 1)
        .max()
        .unwrap_or(0);
    if row.cells.len() < widest {
        return Err(vec![Problem::line(
            row.line,
            ProblemKind::WrongColumnCount {
                expected: widest,
                found: row.cells.len(),
            },
        )]);
    }
    let at = |field| Cell::of(row, mapping, field);
    let date = at(StatementColumn::Date).map(|c| c.date());
    let amount = money(row, mapping, currency);
    let balance = at(StatementColumn::Balance).map(|c| c.optional_amount(currency));
    let description = at(StatementColumn::Description).map_or("", |c| c.text);
    let mut problems = Problems::new();
    let date = keep(date.transpose(), &mut problems);
    let amount = keep(amount, &mut problems);
    let balance = keep(balance.transpose(), &mut problems);
    match (date, amount, balance) {
        (Some(Some(date)), Some(amount), Some(balance)) if problems.is_empty() => {
            Ok(StatementLine {
                line: row.line,
                date,
                description: description.to_string(),
                amount,
                balance: balance.flatten(),
                occurrence: 0,
            })
        }
        _ => Err(problems),
    }
}

/// The value of a check, or `None` with its problem added to `problems`.
fn keep<T>(result: Result<T, Problem>, problems: &mut Problems) -> Option<T> {
    result.map_err(|p| problems.push(p)).ok()
}

/// A mapped cell of a row, with where it is for problems.
#[derive(Clone, Copy)]
struct Cell<'a> {
    line: usize,
    column: usize,
    text: &'a str,
}

impl<'a> Cell<'a> {
    fn of(
        row: &'a Row,
        mapping: &ColumnMapping<StatementColumn>,
        field: StatementColumn,
    ) -> Option<Cell<'a>> {
        let column = mapping.column(field)?;
        let text = row.cells.get(column)?;
        Some(Cell {
            line: row.line,
            column: column + 1,
            text,
        })
    }

    fn problem(self, kind: ProblemKind) -> Problem {
        Problem::cell(self.line, self.column, kind)
    }

    fn date(self) -> Result<NaiveDate, Problem> {
        if self.text.is_empty() {
            return Err(self.problem(ProblemKind::Required));
        }
        parse_date(self.text).map_err(|kind| self.problem(kind))
    }

    /// An amount, `None` when the cell is empty (the other side's column has it).
    fn optional_amount(self, currency: Currency) -> Result<Option<Decimal>, Problem> {
        let text = self.text.trim().trim_end_matches('円').trim();
        if text.is_empty() {
            return Ok(None);
        }
        parse_amount(text, currency)
            .map(Some)
            .map_err(|e| self.problem(ProblemKind::of_amount(e, self.text)))
    }
}

/// The signed money of a row: its amount column, or deposit less withdrawal.
fn money(
    row: &Row,
    mapping: &ColumnMapping<StatementColumn>,
    currency: Currency,
) -> Result<Decimal, Problem> {
    let at = |field| Cell::of(row, mapping, field);
    let read = |field| {
        at(field)
            .map(|c| c.optional_amount(currency))
            .transpose()
            .map(Option::flatten)
    };
    let first = [
        StatementColumn::Amount,
        StatementColumn::Deposit,
        StatementColumn::Withdrawal,
    ]
    .into_iter()
    .find_map(at);
    let problem_at = |kind| match first {
        Some(cell) => cell.problem(kind),
        None => Problem::line(row.line, kind),
    };
    let amount = if mapping.column(StatementColumn::Amount).is_some() {
        read(StatementColumn::Amount)?
    } else {
        let deposit = read(StatementColumn::Deposit)?;
        let withdrawal = read(StatementColumn::Withdrawal)?;
        match (deposit, withdrawal) {
            (Some(d), Some(w)) if !d.is_zero() && !w.is_zero() => {
                return Err(problem_at(ProblemKind::DepositAndWithdrawal))
            }
            (None, None) => None,
            (d, w) => Some(d.unwrap_or_default() - w.unwrap_or_default()),
        }
    };
    match amount {
        Some(amount) if !amount.is_zero() => Ok(amount),
        _ => Err(problem_at(ProblemKind::NoAmount)),
    }
}

/// A date as banks write it: `2026/07/01`, `2026-7-1`, `2026.07.01`, `20260701`,
/// `2026年7月1日`, or in the Japanese era: `R8.7.1`, `令和8年7月1日`, `H31/4/30`.
/// A time after the date (`2026/07/01 10:15`) is ignored.
pub fn parse_date(text: &str) -> Result<NaiveDate, ProblemKind> {
    let bad = || ProblemKind::BadDate {
        text: text.to_string(),
    };
    let plain: String = text
        .trim()
        .chars()
        .map(half_width_digit)
        .collect::<String>();
    let plain = plain.split_whitespace().next().ok_or_else(bad)?;
    let (era_start, rest) = era(plain);
    let parts = date_parts(rest).ok_or_else(bad)?;
    let year = match era_start {
        Some(start) if (1..=99).contains(&parts[0]) => start + parts[0] - 1,
        Some(_) => return Err(bad()),
        None => parts[0],
    };
    if !YEARS.contains(&year) {
        return Err(ProblemKind::DateOutOfRange {
            text: text.to_string(),
        });
    }
    let month = u32::try_from(parts[1]).map_err(|_| bad())?;
    let day = u32::try_from(parts[2]).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, month, day)
        .filter(|d| d.year() == year)
        .ok_or_else(bad)
}

fn half_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '／' => '/',
        '－' => '-',
        '．' => '.',
        _ => c,
    }
}

/// The first year (as a Gregorian year) of the era a date starts with, and the rest.
fn era(text: &str) -> (Option<i32>, &str) {
    const ERAS: [(&str, i32); 6] = [
        ("令和", 2019),
        ("平成", 1989),
        ("R", 2019),
        ("r", 2019),
        ("H", 1989),
        ("h", 1989),
    ];
    ERAS.iter()
        .find_map(|(mark, start)| text.strip_prefix(mark).map(|rest| (Some(*start), rest)))
        .unwrap_or((None, text))
}

/// Year, month and day from `y/m/d`, `y-m-d`, `y.m.d`, `y年m月d日` or `yyyymmdd`.
fn date_parts(text: &str) -> Option<[i32; 3]> {
    let text = text.strip_suffix('日').unwrap_or(text);
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let number = |range: std::ops::Range<usize>| text[range].parse().ok();
        return Some([number(0..4)?, number(4..6)?, number(6..8)?]);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.', '年', '月']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    Some([number(year)?, number(month)?, number(day)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_as_banks_write_them() {
        for text in [
            "2026/07/01",
            "2026-7-1",
            "2026.07.01",
            "20260701",
            "2026年7月1日",
            "R8.7.1",
            "R08/07/01",
            "令和8年7月1日",
            "２０２６／０７／０１",
            "2026/07/01 10:15",
        ] {
            assert_eq!(parse_date(text), Ok(day(2026, 7, 1)), "{text}");
        }
        assert_eq!(parse_date("H31.4.30"), Ok(day(2019, 4, 30)));
    }

    #[test]
    fn impossible_and_far_dates_are_refused() {
        for text in [
            "2026/02/30",
            "7/1",
            "yesterday",
            "2026/07",
            "R0.1.1",
            "202607011",
        ] {
            assert!(
                matches!(parse_date(text), Err(ProblemKind::BadDate { .. })),
                "{text}"
            );
        }
        for text in ["2201/01/01", "1899-12-31", "00010101"] {
            assert!(
                matches!(parse_date(text), Err(ProblemKind::DateOutOfRange { .. })),
                "{text}"
            );
        }
    }
}
