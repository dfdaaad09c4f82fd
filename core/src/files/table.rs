//! CSV text to numbered rows, and the header mapping step every CSV import shares:
//! which column holds which field. A mapping is guessed from the header names
//! ([`guess_mapping`]), shown to the user to correct, and can be stored (a bank
//! account remembers its statement's columns).
//!
//! Every CSV import reads its file through [`read_table`], so the rules for a
//! file's shape and for what a cell may hold are here, once: a file is refused
//! at the first row, column or cell beyond its limit (named with why below),
//! and every cell is checked for hidden characters
//! ([`super::text::check_visible`]) and read back from its formula-safe form
//! ([`crate::reports::csv::formula_text`]).

use serde::{Deserialize, Serialize};

use super::text::{check_visible, MAX_TEXT_BYTES};
use super::{Problem, ProblemKind, Problems};
use crate::reports::csv::formula_text;

/// The most rows (blank lines not counted) a CSV file may have: a journal of
/// two busy years, a line a row. Rows are held in memory for the mapping step;
/// more is split into files by year.
pub const MAX_ROWS: usize = 200_000;

/// The most columns a row may have. Kura's layouts have 10 to 13, a bank
/// statement rarely 20, Yayoi's 25; a row of a million empty cells (a file of
/// commas) would cost 24 bytes each before anything is checked.
pub const MAX_COLUMNS: usize = 64;

/// The most cells a file may have in all: 200,000 rows of 15 columns. Each
/// cell costs memory even empty, so rows and columns are also capped together.
pub const MAX_CELLS: usize = 3_000_000;

/// The most characters a cell may hold: a long note. A longer one is almost
/// always a quote left open, which swallowed the lines after it into one cell.
pub const MAX_CELL_CHARS: usize = 10_000;

/// One line of a CSV file: its 1-based line number in the file (a quoted cell
/// may span lines, so this is where the row starts) and its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Every row of a CSV file, the header row (if any) included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
}

/// Reads CSV text (comma-separated, quotes doubled, any line ends). Rows may have
/// different widths here; the importer checks them against its mapping. Blank
/// lines are skipped; cells are trimmed. The first shape limit passed, or the
/// first cell with a hidden character, is the problem: the rest is not read.
pub fn read_table(text: &str) -> Result<Table, Problem> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Problem::file(ProblemKind::TooLarge {
            limit: MAX_TEXT_BYTES,
        }));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells_read = 0usize;
    let mut record = csv::StringRecord::new();
    // Lines are counted as the reader moves on, not from the start each time.
    let (mut counted_to, mut line) = (0, 1);
    loop {
        let before = reader.position().byte() as usize;
        let more = reader.read_record(&mut record).map_err(|error| {
            let line = error.position().map(|p| p.line() as usize);
            Problem {
                line,
                column: None,
                kind: ProblemKind::NotCsv {
                    detail: error.to_string(),
                },
            }
        })?;
        if !more {
            break;
        }
        // The record starts after the empty lines the reader skipped.
        let bytes = text.as_bytes();
        let skipped = bytes[before..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let start = before + skipped;
        line += bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = start;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        cells_read += record.len();
        check_shape(line, rows.len() + 1, record.len(), cells_read)?;
        let cells = record
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                read_cell(cell).map_err(|kind| Problem::cell(line, column + 1, kind))
            })
            .collect::<Result<Vec<String>, Problem>>()?;
        rows.push(Row { line, cells });
    }
    if rows.is_empty() {
        return Err(Problem::file(ProblemKind::NoRows));
    }
    Ok(Table { rows })
}

/// The row at `line` (the `rows`-th) with `columns` cells, `cells` in all so
/// far, within the limits.
fn check_shape(line: usize, rows: usize, columns: usize, cells: usize) -> Result<(), Problem> {
    let too_many = if rows > MAX_ROWS {
        ProblemKind::TooManyRows { limit: MAX_ROWS }
    } else if columns > MAX_COLUMNS {
        ProblemKind::TooManyColumns {
            limit: MAX_COLUMNS,
            found: columns,
        }
    } else if cells > MAX_CELLS {
        ProblemKind::TooManyCells { limit: MAX_CELLS }
    } else {
        return Ok(());
    };
    Err(Problem::line(line, too_many))
}

/// A cell's text as an import takes it: trimmed, within [`MAX_CELL_CHARS`],
/// without hidden characters, and read back from its formula-safe form.
fn read_cell(cell: &str) -> Result<String, ProblemKind> {
    let cell = cell.trim();
    // Bytes are at least as many as characters: count only when it may matter.
    if cell.len() > MAX_CELL_CHARS && cell.chars().count() > MAX_CELL_CHARS {
        return Err(ProblemKind::CellTooLong {
            limit: MAX_CELL_CHARS,
        });
    }
    check_visible(cell)?;
    Ok(formula_text(cell).to_string())
}

/// A field an importer reads, with the header names that usually hold it.
pub trait Field: Copy + Eq + std::fmt::Debug {
    /// Header names (Japanese and English, lower case for ASCII) that mean this field.
    fn header_names(self) -> &'static [&'static str];
    /// Whether an import cannot go on without it.
    fn required(self) -> bool;
    /// The field's name in problems ("no column is mapped to …").
    fn name(self) -> &'static str;
}

/// Which column (0-based) holds which field, and how many rows at the top are
/// headers (skipped on import).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping<F> {
    pub columns: Vec<(F, usize)>,
    pub header_rows: usize,
}

impl<F: Field> ColumnMapping<F> {
    /// The column mapped to a field.
    pub fn column(&self, field: F) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, c)| c)
    }

    /// Maps a field to a column (or unmaps it with `None`), replacing what it had.
    pub fn set(&mut self, field: F, column: Option<usize>) {
        self.columns.retain(|(f, _)| *f != field);
        if let Some(column) = column {
            self.columns.push((field, column));
        }
    }

    /// The cell of a row for a field: `None` when the field is not mapped or the
    /// row is too short; empty cells are `Some("")`.
    pub fn cell<'a>(&self, row: &'a Row, field: F) -> Option<&'a str> {
        self.column(field)
            .and_then(|c| row.cells.get(c))
            .map(String::as_str)
    }

    /// A problem for every required field left unmapped.
    pub fn check(&self, fields: &[F]) -> Result<(), Problems> {
        let missing: Problems = fields
            .iter()
            .filter(|f| f.required() && self.column(**f).is_none())
            .map(|f| {
                Problem::file(ProblemKind::MissingColumn {
                    field: f.name().to_string(),
                })
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing)
        }
    }

    /// The rows after the header rows: what gets imported.
    pub fn data_rows<'a>(&self, table: &'a Table) -> &'a [Row] {
        table.rows.get(self.header_rows..).unwrap_or(&[])
    }
}

/// Guesses a mapping from the first row: a field goes to the first column whose
/// header names it (compared without spaces, ASCII case ignored). If no field is
/// recognised, the first row is taken as data, not a header.
pub fn guess_mapping<F: Field>(table: &Table, fields: &[F]) -> ColumnMapping<F> {
    let header = table.rows.first().map_or(&[][..], |r| r.cells.as_slice());
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let mut columns = Vec::new();
    for &field in fields {
        let found = normalized.iter().enumerate().find(|(column, name)| {
            !columns.iter().any(|(_, c)| c == column)
                && field
                    .header_names()
                    .iter()
                    .any(|known| normalize_header(known) == **name)
        });
        if let Some((column, _)) = found {
            columns.push((field, column));
        }
    }
    let header_rows = usize::from(!columns.is_empty());
    ColumnMapping {
        columns,
        header_rows,
    }
}

fn normalize_header(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Col {
        Date,
        Amount,
        Memo,
    }

    impl Field for Col {
        fn header_names(self) -> &'static [&'static str] {
            match self {
                Col::Date => &["日付", "Date"],
                Col::Amount => &["金額", "Amount"],
                Col::Memo => &["摘要", "Memo"],
            }
        }
        fn required(self) -> bool {
            self != Col::Memo
        }
        fn name(self) -> &'static str {
            match self {
                Col::Date => "date",
                Col::Amount => "amount",
                Col::Memo => "memo",
            }
        }
    }

    const ALL: [Col; 3] = [Col::Date, Col::Amount, Col::Memo];

    #[test]
    fn rows_keep_their_line_numbers_and_quoted_line_breaks() {
        let table =
            read_table("日付,摘要,金額\r\n\r\n2026-01-05,\"two\nlines\",\"1,000\"\r\n").unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].line, 3);
        assert_eq!(
            table.rows[1].cells,
            vec!["2026-01-05", "two\nlines", "1,000"]
        );
    }

    #[test]
    fn a_mapping_is_guessed_from_the_header_and_checked() {
        let table = read_table(" DATE ,金 額,other\n2026-01-05,100,x\n").unwrap();
        let mapping = guess_mapping(&table, &ALL);
        assert_eq!(mapping.column(Col::Date), Some(0));
        assert_eq!(mapping.column(Col::Amount), Some(1));
        assert_eq!(mapping.column(Col::Memo), None);
        assert_eq!(mapping.header_rows, 1);
        assert!(mapping.check(&ALL).is_ok());
        let row = &mapping.data_rows(&table)[0];
        assert_eq!(mapping.cell(row, Col::Amount), Some("100"));
    }

    #[test]
    fn without_a_known_header_every_row_is_data_and_required_fields_are_missing() {
        let table = read_table("2026-01-05,100\n").unwrap();
        let mapping = guess_mapping(&table, &ALL);
        assert_eq!(mapping.header_rows, 0);
        let problems = mapping.check(&ALL).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0].kind,
            ProblemKind::MissingColumn {
                field: "date".into()
            }
        );
    }

    /// Kura's files mark formula text with a `'` (`reports::csv::formula_safe`):
    /// read back, a cell holds the text again; other cells are left alone.
    #[test]
    fn marked_cells_read_back_to_their_text() {
        let table = read_table("'=1+2,''=x,'-500,-500,'plain,\"'@a, b\"\n").unwrap();
        assert_eq!(
            table.rows[0].cells,
            vec!["=1+2", "'=x", "'-500", "-500", "'plain", "@a, b"]
        );
    }

    #[test]
    fn a_file_of_blank_lines_has_no_rows() {
        assert_eq!(
            read_table("\n , \r\n").unwrap_err().kind,
            ProblemKind::NoRows
        );
    }
}
