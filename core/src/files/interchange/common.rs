//! What the three layouts share: reading a file up to its guessed mapping,
//! reading a row's cells with their problems, the cell formats (dates, amounts,
//! yes/no, tax codes), and writing rows in an encoding.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, Record, WriteCtx};
use crate::files::table::{guess_mapping, read_table, ColumnMapping, Field, Row, Table};
use crate::files::text::{decode_text, encode_text, TextEncoding};
use crate::files::{Problem, ProblemKind, Problems};
use crate::ids::{DeviceId, RecordId};
use crate::ledger::TaxCode;
use crate::locale::Locale;
use crate::money::{parse_amount, Currency};
use crate::reports::csv::field;
use crate::reports::fold_text;
use crate::sync::{Change, ChangeSet, Hlc};

/// A file read for import: its rows, its encoding, and the mapping guessed from
/// its header, for the user to check and correct before the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspected<F> {
    pub table: Table,
    pub encoding: TextEncoding,
    pub mapping: ColumnMapping<F>,
}

/// Decodes and reads a file, and guesses which column holds which field.
pub fn inspect<F: Field>(bytes: &[u8], fields: &[F]) -> Result<Inspected<F>, Problems> {
    let decoded = decode_text(bytes).map_err(|p| vec![p])?;
    let table = read_table(&decoded.text).map_err(|p| vec![p])?;
    let mapping = guess_mapping(&table, fields);
    Ok(Inspected {
        table,
        encoding: decoded.encoding,
        mapping,
    })
}

/// What an import would write, as the user is told before writing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    /// Entries, partners or items.
    pub records: usize,
    /// Rows of the file that became them.
    pub lines: usize,
    /// The debit total of the entries (zero for partners and items).
    pub total: Decimal,
}

/// An import that found no problem: every record it adds, checked against the
/// book it was checked on.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub records: Vec<Record>,
    pub summary: Summary,
}

impl Import {
    /// Everything as one change set: one user action, one transaction.
    pub fn change_set(self, ctx: WriteCtx) -> ChangeSet {
        ctx.change_set(
            self.records
                .into_iter()
                .map(|record| Change::Put { record })
                .collect(),
        )
    }
}

/// The records a domain command would write. The commands make change sets;
/// an import gathers their records into its own one, so they are called with a
/// context whose id and stamp are thrown away.
pub(super) fn records_of(set: ChangeSet) -> impl Iterator<Item = Record> {
    set.changes.into_iter().filter_map(|change| match change {
        Change::Put { record } | Change::Edit { record, .. } => Some(record),
        Change::Delete { .. } => None,
    })
}

pub(super) fn scratch_ctx() -> WriteCtx {
    let zero = RecordId::from_parts(0, 0);
    WriteCtx {
        set_id: zero,
        stamp: Hlc {
            wall_ms: 0,
            counter: 0,
            device: DeviceId(zero),
        },
    }
}

/// The mapping checked, and the rows to import, each with as many cells as
/// the header (a missing or extra column is a problem of its line).
pub(super) fn data_rows<'t, F: Field>(
    table: &'t Table,
    mapping: &ColumnMapping<F>,
    fields: &[F],
) -> Result<&'t [Row], Problems> {
    mapping.check(fields)?;
    let rows = mapping.data_rows(table);
    if rows.is_empty() {
        return Err(vec![Problem::file(ProblemKind::NoRows)]);
    }
    let expected = table.rows[0].cells.len();
    let problems: Problems = rows
        .iter()
        .filter(|row| row.cells.len() != expected)
        .map(|row| {
            Problem::line(
                row.line,
                ProblemKind::WrongColumnCount {
                    expected,
                    found: row.cells.len(),
                },
            )
        })
        .collect();
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Imports every row as a new record through its form's own command: `read`
/// turns a row into the form's input (or notes its problems), a `key` already
/// in `seen` (the book's, then each earlier row's) is a duplicate of its line,
/// and `save` runs the command. All rows are read; the import is all or nothing.
pub(super) fn import_rows<F: Field, I, E: Into<ProblemKind>>(
    (table, mapping, fields): (&Table, &ColumnMapping<F>, &[F]),
    mut seen: HashSet<String>,
    key: (F, fn(&I) -> &str),
    mut read: impl FnMut(&mut Cells<'_, F>) -> Option<I>,
    mut save: impl FnMut(I, WriteCtx) -> Result<ChangeSet, E>,
) -> Result<Import, Problems> {
    let rows = data_rows(table, mapping, fields)?;
    let mut problems = Problems::new();
    let mut records = Vec::new();
    for row in rows {
        let mut cells = Cells {
            mapping,
            row,
            problems: &mut problems,
        };
        let Some(input) = read(&mut cells) else {
            continue;
        };
        let text = key.1(&input).trim().to_string();
        if !seen.insert(fold_text(&text)) {
            cells.problem(key.0, ProblemKind::Duplicate { text });
            continue;
        }
        match save(input, scratch_ctx()) {
            Ok(set) => records.extend(records_of(set)),
            Err(error) => problems.push(Problem::line(row.line, error.into())),
        }
    }
    let summary = Summary {
        records: records.len(),
        lines: rows.len(),
        total: Decimal::ZERO,
    };
    if problems.is_empty() {
        Ok(Import { records, summary })
    } else {
        Err(problems)
    }
}

/// One row's cells by field, collecting the problems of its cells.
pub(super) struct Cells<'a, F> {
    pub mapping: &'a ColumnMapping<F>,
    pub row: &'a Row,
    pub problems: &'a mut Problems,
}

impl<F: Field> Cells<'_, F> {
    /// The cell's text, empty when the field is not mapped.
    pub fn text(&self, field: F) -> &str {
        self.mapping.cell(self.row, field).unwrap_or("")
    }

    /// Notes a problem of the field's cell (or of the line, if it is not mapped).
    pub fn problem(&mut self, field: F, kind: ProblemKind) {
        let problem = match self.mapping.column(field) {
            Some(column) => Problem::cell(self.row.line, column + 1, kind),
            None => Problem::line(self.row.line, kind),
        };
        self.problems.push(problem);
    }

    /// A cell that must not be empty.
    pub fn required(&mut self, field: F) -> Option<String> {
        let text = self.text(field).to_string();
        if text.is_empty() {
            self.problem(field, ProblemKind::Required);
            return None;
        }
        Some(text)
    }

    /// A yes/no cell; `default` when it is empty or not mapped.
    pub fn flag(&mut self, field: F, default: bool) -> bool {
        self.optional(field, parse_flag)
            .ok()
            .flatten()
            .unwrap_or(default)
    }

    /// A cell read by `parse`; empty is `None` without a problem.
    pub fn optional<T>(
        &mut self,
        field: F,
        parse: impl FnOnce(&str) -> Result<T, ProblemKind>,
    ) -> Result<Option<T>, ()> {
        let text = self.text(field);
        if text.is_empty() {
            return Ok(None);
        }
        match parse(text) {
            Ok(value) => Ok(Some(value)),
            Err(kind) => {
                self.problem(field, kind);
                Err(())
            }
        }
    }
}

/// The years an imported date may fall in: anything else is a typo (20266) or
/// a spreadsheet's serial number, not a business date.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A date as spreadsheets and other programs write it: `2026-01-31`,
/// `2026/1/31`, `2026.01.31` or `20260131`, full-width digits too.
pub(super) fn parse_date(text: &str) -> Result<NaiveDate, ProblemKind> {
    let plain = fold_text(text.trim());
    let bad = || ProblemKind::BadDate {
        text: text.to_string(),
    };
    let parts: Vec<&str> = if plain.len() == 8 && plain.bytes().all(|b| b.is_ascii_digit()) {
        vec![&plain[..4], &plain[4..6], &plain[6..]]
    } else {
        plain.split(['-', '/', '.']).collect()
    };
    let numbers: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>().ok().filter(|_| p.len() <= 4))
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    let [year, month, day] = numbers[..] else {
        return Err(bad());
    };
    if !YEARS.contains(&(year as i32)) {
        return Err(ProblemKind::DateOutOfRange {
            text: text.to_string(),
        });
    }
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(bad)
}

/// An amount as people type it (the form's own parser): `1,2,3` and `¥-` are
/// not, nor is one beyond the largest amount (`BeyondLimit`).
pub(super) fn parse_money(text: &str, currency: Currency) -> Result<Decimal, ProblemKind> {
    parse_amount(text, currency).map_err(|e| ProblemKind::of_amount(e, text))
}

/// Yes or no, as Kura writes it (`1`, `0`) or people type it.
fn parse_flag(text: &str) -> Result<bool, ProblemKind> {
    const YES: [&str; 7] = ["1", "yes", "y", "true", "はい", "○", "〇"];
    const NO: [&str; 6] = ["0", "no", "n", "false", "いいえ", "×"];
    let folded = fold_text(text.trim());
    let is = |words: &[&str]| words.iter().any(|w| fold_text(w) == folded);
    if is(&YES) {
        Ok(true)
    } else if is(&NO) {
        Ok(false)
    } else {
        Err(ProblemKind::UnknownValue {
            text: text.to_string(),
        })
    }
}

pub(super) fn flag(value: bool) -> String {
    if value { "1" } else { "0" }.to_string()
}

/// Tax codes in the file: Kura's own name (what it writes) or the Japanese word.
const TAX_CODES: [(TaxCode, &str, &str); 14] = [
    (TaxCode::Sales10, "sales10", "課税売上10%"),
    (TaxCode::Sales8Reduced, "sales8_reduced", "課税売上8%(軽減)"),
    (TaxCode::SalesExempt, "sales_exempt", "非課税売上"),
    (TaxCode::SalesExport, "sales_export", "免税売上"),
    (TaxCode::Purchase10, "purchase10", "課税仕入10%"),
    (
        TaxCode::Purchase8Reduced,
        "purchase8_reduced",
        "課税仕入8%(軽減)",
    ),
    (
        TaxCode::Purchase10Unregistered,
        "purchase10_unregistered",
        "課税仕入10%(適格請求書なし)",
    ),
    (
        TaxCode::Purchase8ReducedUnregistered,
        "purchase8_reduced_unregistered",
        "課税仕入8%(軽減・適格請求書なし)",
    ),
    (TaxCode::PurchaseExempt, "purchase_exempt", "非課税仕入"),
    (TaxCode::NotTaxable, "not_taxable", "対象外"),
    (TaxCode::BadDebt10, "bad_debt10", "貸倒れ10%"),
    (
        TaxCode::BadDebt8Reduced,
        "bad_debt8_reduced",
        "貸倒れ8%(軽減)",
    ),
    (
        TaxCode::BadDebtRecovered10,
        "bad_debt_recovered10",
        "貸倒回収10%",
    ),
    (
        TaxCode::BadDebtRecovered8Reduced,
        "bad_debt_recovered8_reduced",
        "貸倒回収8%(軽減)",
    ),
];

pub(super) fn tax_code_text(code: TaxCode) -> String {
    TAX_CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("", |(_, name, _)| name)
        .to_string()
}

pub(super) fn parse_tax_code(text: &str) -> Result<TaxCode, ProblemKind> {
    let folded = fold_text(text.trim());
    TAX_CODES
        .iter()
        .find(|(_, name, word)| folded == *name || folded == fold_text(word))
        .map(|(code, _, _)| *code)
        .ok_or_else(|| ProblemKind::UnknownTaxCode {
            text: text.to_string(),
        })
}

/// The book's currency (yen for a book without settings).
pub(super) fn currency(book: &Book) -> Currency {
    book.settings().map_or(Currency::JPY, |s| s.currency)
}

/// A field's header in a locale: each layout lists its Japanese name first and
/// its English one second.
pub(super) fn header<F: Field>(fields: &[F], locale: Locale) -> Vec<String> {
    let index = match locale {
        Locale::Ja => 0,
        Locale::En => 1,
    };
    fields
        .iter()
        .map(|f| f.header_names()[index].to_string())
        .collect()
}

/// Rows as CSV bytes in the encoding asked for (CRLF, quoted only where needed).
pub(super) fn write(rows: &[Vec<String>], encoding: TextEncoding) -> Result<Vec<u8>, Problem> {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    encode_text(&text, encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_usual_spellings_and_out_of_range() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        for text in [
            "2026-01-31",
            "2026/1/31",
            "2026.01.31",
            "20260131",
            "２０２６/０１/３１",
        ] {
            assert_eq!(parse_date(text), Ok(d), "{text}");
        }
        assert!(matches!(
            parse_date("2201-01-01"),
            Err(ProblemKind::DateOutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("1899/12/31"),
            Err(ProblemKind::DateOutOfRange { .. })
        ));
        for text in [
            "2026-02-30",
            "yesterday",
            "2026-01",
            "46023",
            "2026-01-31-1",
        ] {
            assert!(
                matches!(parse_date(text), Err(ProblemKind::BadDate { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn amounts_people_mistype_are_refused() {
        for text in ["1,2,3", "¥-", "12a", "--5"] {
            assert!(parse_money(text, Currency::JPY).is_err(), "{text}");
        }
        assert_eq!(
            parse_money("¥1,234", Currency::JPY),
            Ok(Decimal::from(1234))
        );
    }

    #[test]
    fn tax_codes_by_name_or_japanese_word() {
        for (code, _, word) in TAX_CODES {
            assert_eq!(parse_tax_code(&tax_code_text(code)), Ok(code));
            assert_eq!(parse_tax_code(word), Ok(code));
        }
        assert!(parse_tax_code("消費税").is_err());
    }
}
