//! What is wrong with an imported file, and where. The UI turns each
//! [`ProblemKind`] into a sentence in the user's language
//! (`src/i18n/file_errors.rs`); the line and column say where to look.

use rust_decimal::Decimal;

use crate::money::limits::LimitError;
use crate::money::AmountError;

/// One problem of a file: where (1-based line and column, when they apply) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem of the file as a whole (its encoding, its size, its version).
    pub fn file(kind: ProblemKind) -> Problem {
        Problem {
            line: None,
            column: None,
            kind,
        }
    }

    /// A problem of a whole line.
    pub fn line(line: usize, kind: ProblemKind) -> Problem {
        Problem {
            line: Some(line),
            column: None,
            kind,
        }
    }

    /// A problem of one cell.
    pub fn cell(line: usize, column: usize, kind: ProblemKind) -> Problem {
        Problem {
            line: Some(line),
            column: Some(column),
            kind,
        }
    }
}

impl ProblemKind {
    /// Why the text of a cell is not an amount (or a quantity, or a price):
    /// beyond its limit, or not a number at all.
    pub fn of_amount(error: AmountError, text: &str) -> ProblemKind {
        match error {
            AmountError::TooLarge(limit) => ProblemKind::BeyondLimit(limit),
            _ => ProblemKind::BadAmount {
                text: text.to_string(),
            },
        }
    }
}

/// Every problem found in one file. An import that returns this wrote nothing.
pub type Problems = Vec<Problem>;

/// The most problems a list shows. A user fixes the first ones, and the rest
/// are usually the same mistake; a file of 100,000 bad lines would otherwise
/// fill the screen (and the page's memory) with 100,000 sentences.
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// The problems as a list shows them: the first [`MAX_LISTED_PROBLEMS`], then,
/// when there are more, one problem saying how many more
/// ([`ProblemKind::MoreProblems`]).
pub fn capped(mut problems: Problems) -> Problems {
    if problems.len() > MAX_LISTED_PROBLEMS {
        let count = problems.len() - MAX_LISTED_PROBLEMS;
        problems.truncate(MAX_LISTED_PROBLEMS);
        problems.push(Problem::file(ProblemKind::MoreProblems { count }));
    }
    problems
}

/// What is wrong. Variants carry what the message needs to say.
///
/// Shared by every importer; an importer that needs a new kind adds it here (and
/// its sentence in both languages), so the UI's match stays exhaustive.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    // ---- the file as a whole ----
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the file is not text in UTF-8 or Shift_JIS")]
    NotText,
    #[error("the file is not a CSV file: {detail}")]
    NotCsv { detail: String },
    #[error("the file has no rows")]
    NoRows,
    #[error("this character cannot be written in Shift_JIS: {character}")]
    NotInShiftJis { character: char },
    #[error("the file has more than {limit} rows")]
    TooManyRows { limit: usize },
    #[error("the line has {found} columns; at most {limit} are read")]
    TooManyColumns { limit: usize, found: usize },
    #[error("the file has more than {limit} cells")]
    TooManyCells { limit: usize },
    /// The problems after the first [`MAX_LISTED_PROBLEMS`], counted ([`capped`]).
    #[error("… and {count} more problems")]
    MoreProblems { count: usize },

    // ---- columns ----
    #[error("no column is mapped to {field}")]
    MissingColumn { field: String },
    #[error("the line has {found} columns; the header has {expected}")]
    WrongColumnCount { expected: usize, found: usize },

    // ---- cells ----
    #[error("a value is required here")]
    Required,
    #[error("the cell is longer than {limit} characters")]
    CellTooLong { limit: usize },
    /// A character that changes the order text is shown in ([`super::text::check_visible`]).
    #[error("an invisible direction control (U+{:04X})", u32::from(*character))]
    DirectionControl { character: char },
    /// A zero-width character ([`super::text::check_visible`]).
    #[error("an invisible character (U+{:04X})", u32::from(*character))]
    InvisibleCharacter { character: char },
    #[error("not a date: {text}")]
    BadDate { text: String },
    #[error("the date {text} is outside the years Kura accepts")]
    DateOutOfRange { text: String },
    #[error("not an amount: {text}")]
    BadAmount { text: String },
    #[error("not a number: {text}")]
    BadNumber { text: String },
    #[error("no account named {name}")]
    UnknownAccount { name: String },
    #[error("no tax code {text}")]
    UnknownTaxCode { text: String },
    #[error("no partner {text}")]
    UnknownPartner { text: String },
    #[error("not one of the accepted values: {text}")]
    UnknownValue { text: String },
    #[error("{text} is already used")]
    Duplicate { text: String },
    #[error("debits {debit} and credits {credit} differ")]
    Unbalanced { debit: Decimal, credit: Decimal },
    /// The domain refused the record the line describes, for its own reason (the
    /// same sentence the form would show).
    #[error(transparent)]
    Entry(#[from] crate::ledger::EntryError),
    #[error(transparent)]
    Partner(#[from] crate::trade::PartnerError),
    #[error(transparent)]
    Item(#[from] crate::inventory::ItemError),
    // ---- backup files (helper: backup) ----
    // ---- sync files (helper: sync) ----
    // ---- bank statements (helper: bank) ----
    #[error("the line has both a deposit and a withdrawal")]
    DepositAndWithdrawal,
    #[error("the line moves no money")]
    NoAmount,
    // ---- interchange (helper: interchange) ----
    /// A journal command refused the entry a voucher describes (a closed
    /// period, an archived account): the sentence the journal screen shows.
    #[error(transparent)]
    Journal(#[from] crate::book::JournalError),
    #[error("the lines of voucher {voucher} have different dates")]
    VoucherDates { voucher: String },
    // ---- magnitude limits (trust-limits) ----
    /// A cell's amount, quantity or price is beyond the largest Kura accepts.
    #[error(transparent)]
    BeyondLimit(#[from] LimitError),
    // ---- accountant's formats (helper: accountant) ----
    #[error("the book is kept in {currency}; the accountant's formats take yen only")]
    NotYen { currency: String },
}
