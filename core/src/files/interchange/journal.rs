//! "Kura journal CSV v1": one row per line of an entry, the rows of one entry
//! sharing its voucher number (伝票番号). Columns, in this order: voucher no.,
//! date, account code, account name, debit, credit, tax code, partner,
//! description (摘要, the entry's; repeated on each of its rows), memo (the line's).

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::common::{
    currency, data_rows, header, parse_date, parse_money, parse_tax_code, tax_code_text, write,
    Cells, Import, Summary,
};
use crate::book::{checked_entry, Book, JournalError, Record};
use crate::files::table::{ColumnMapping, Field, Table};
use crate::files::text::TextEncoding;
use crate::files::{Problem, ProblemKind, Problems};
use crate::ids::RecordId;
use crate::ledger::{EntryError, EntryHeader, EntryStatus, JournalEntry, PostingInput};
use crate::locale::Locale;
use crate::reports::csv::plain_amount;
use crate::reports::{fold_text, Period};

/// A column of the journal layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JournalField {
    Voucher,
    Date,
    AccountCode,
    AccountName,
    Debit,
    Credit,
    TaxCode,
    Partner,
    Description,
    Memo,
}

/// Every column, in the layout's order.
pub const JOURNAL_FIELDS: [JournalField; 10] = [
    JournalField::Voucher,
    JournalField::Date,
    JournalField::AccountCode,
    JournalField::AccountName,
    JournalField::Debit,
    JournalField::Credit,
    JournalField::TaxCode,
    JournalField::Partner,
    JournalField::Description,
    JournalField::Memo,
];

impl Field for JournalField {
    fn header_names(self) -> &'static [&'static str] {
        use JournalField::*;
        match self {
            Voucher => &["伝票番号", "Voucher no.", "伝票No.", "伝票no", "voucher"],
            Date => &["日付", "Date", "取引日", "伝票日付"],
            AccountCode => &["勘定科目コード", "Account code", "科目コード", "code"],
            AccountName => &["勘定科目", "Account", "科目", "account name"],
            Debit => &["借方金額", "Debit", "借方"],
            Credit => &["貸方金額", "Credit", "貸方"],
            TaxCode => &["税区分", "Tax code", "tax"],
            Partner => &["取引先", "Partner"],
            Description => &["摘要", "Description"],
            Memo => &["メモ", "Memo", "備考"],
        }
    }

    fn required(self) -> bool {
        use JournalField::*;
        matches!(self, Voucher | Date | Debit | Credit)
    }

    fn name(self) -> &'static str {
        use JournalField::*;
        match self {
            Voucher => "voucher",
            Date => "date",
            AccountCode => "account_code",
            AccountName => "account_name",
            Debit => "debit",
            Credit => "credit",
            TaxCode => "tax_code",
            Partner => "partner",
            Description => "description",
            Memo => "memo",
        }
    }
}

/// The posted entries of a period, numbered 1, 2, … in date order. Drafts are
/// not books yet and stay out. Headers in `locale`, account names too.
pub fn export_journal(
    book: &Book,
    period: Period,
    locale: Locale,
    encoding: TextEncoding,
) -> Result<Vec<u8>, Problem> {
    let cur = currency(book);
    let mut rows = vec![header(&JOURNAL_FIELDS, locale)];
    let posted = book
        .entries_between(period.from, period.to)
        .filter(|e| e.is_posted());
    for (number, entry) in posted.enumerate() {
        for line in entry.lines() {
            let account = book.account(line.account);
            let amount = plain_amount(line.amount.abs(), cur);
            let (debit, credit) = if line.amount.is_sign_positive() {
                (amount, String::new())
            } else {
                (String::new(), amount)
            };
            rows.push(vec![
                (number + 1).to_string(),
                entry.date().to_string(),
                account.map_or(String::new(), |a| a.code.clone()),
                account.map_or(String::new(), |a| a.name(locale).to_string()),
                debit,
                credit,
                line.tax_code.map_or(String::new(), tax_code_text),
                entry.partner().unwrap_or("").to_string(),
                entry.description().to_string(),
                line.memo.clone(),
            ]);
        }
    }
    write(&rows, encoding)
}

/// One row as read: a line of the voucher it names.
struct Line {
    row: usize,
    date: NaiveDate,
    input: PostingInput,
    partner: String,
    description: String,
}

/// Reads every row, groups the rows by voucher number and checks each voucher
/// as the entry form checks an entry; posted entries if nothing is wrong.
pub fn import_journal(
    book: &Book,
    table: &Table,
    mapping: &ColumnMapping<JournalField>,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Import, Problems> {
    let rows = data_rows(table, mapping, &JOURNAL_FIELDS)?;
    if mapping.column(JournalField::AccountCode).is_none()
        && mapping.column(JournalField::AccountName).is_none()
    {
        return Err(vec![Problem::file(ProblemKind::MissingColumn {
            field: JournalField::AccountName.name().to_string(),
        })]);
    }
    let accounts = Accounts::of(book);
    let mut problems = Problems::new();
    let mut vouchers: Vec<(String, Vec<Option<Line>>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let mut cells = Cells {
            mapping,
            row,
            problems: &mut problems,
        };
        let Some(voucher) = cells.required(JournalField::Voucher) else {
            continue;
        };
        let line = read_line(&mut cells, &accounts, book);
        let at = *index.entry(voucher.clone()).or_insert_with(|| {
            vouchers.push((voucher, Vec::new()));
            vouchers.len() - 1
        });
        vouchers[at].1.push(line);
    }
    let mut records = Vec::new();
    let mut summary = Summary::default();
    for (voucher, lines) in vouchers {
        // A voucher with an unreadable row is not checked further: its balance
        // would only repeat the row's problem.
        let Some(lines) = lines.into_iter().collect::<Option<Vec<Line>>>() else {
            continue;
        };
        match entry_of(book, &voucher, &lines, ids()) {
            Ok(entry) => {
                summary.records += 1;
                summary.lines += lines.len();
                // Each entry's total is within the largest amount: bounded.
                summary.total += entry.total();
                records.push(Record::JournalEntry(entry));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(Import { records, summary })
    } else {
        Err(problems)
    }
}

/// A row's cells, or `None` after noting their problems.
fn read_line(
    cells: &mut Cells<'_, JournalField>,
    accounts: &Accounts,
    book: &Book,
) -> Option<Line> {
    use JournalField::*;
    let before = cells.problems.len();
    let date = cells
        .required(Date)
        .and_then(|text| cells.optional(Date, |_| parse_date(&text)).ok().flatten());
    let account = accounts.read(cells);
    let cur = currency(book);
    let debit = cells.optional(Debit, |t| parse_money(t, cur));
    let credit = cells.optional(Credit, |t| parse_money(t, cur));
    let tax_code = cells.optional(TaxCode, parse_tax_code);
    if cells.problems.len() > before {
        return None;
    }
    Some(Line {
        row: cells.row.line,
        date: date?,
        input: PostingInput {
            account,
            debit: debit.ok()?.unwrap_or_default(),
            credit: credit.ok()?.unwrap_or_default(),
            tax_code: tax_code.ok()?,
            memo: cells.text(Memo).to_string(),
        },
        partner: cells.text(Partner).to_string(),
        description: cells.text(Description).to_string(),
    })
}

/// The book's accounts by code and by name (either language, folded), live
/// ones winning a name they share with an archived one.
struct Accounts {
    by_code: HashMap<String, RecordId>,
    by_name: HashMap<String, RecordId>,
}

impl Accounts {
    fn of(book: &Book) -> Accounts {
        let mut accounts = book.accounts();
        accounts.sort_by_key(|a| !a.archived);
        let mut by_code = HashMap::new();
        let mut by_name = HashMap::new();
        for a in accounts {
            by_code.insert(fold_text(&a.code), a.id);
            for name in [&a.name_ja, &a.name_en] {
                if !name.is_empty() {
                    by_name.insert(fold_text(name), a.id);
                }
            }
        }
        Accounts { by_code, by_name }
    }

    /// The row's account: by its code if it has one, else by its name.
    fn read(&self, cells: &mut Cells<'_, JournalField>) -> Option<RecordId> {
        use JournalField::{AccountCode, AccountName};
        let code = cells.text(AccountCode).to_string();
        let name = cells.text(AccountName).to_string();
        let (field, text, map) = match (code.is_empty(), name.is_empty()) {
            (false, _) => (AccountCode, code, &self.by_code),
            (true, false) => (AccountName, name, &self.by_name),
            (true, true) => {
                let field = if cells.mapping.column(AccountName).is_some() {
                    AccountName
                } else {
                    AccountCode
                };
                cells.problem(field, ProblemKind::Required);
                return None;
            }
        };
        let found = map.get(&fold_text(&text)).copied();
        if found.is_none() {
            cells.problem(field, ProblemKind::UnknownAccount { name: text });
        }
        found
    }
}

/// The posted entry of one voucher, checked like the form's, or its problem
/// placed on the row it concerns.
fn entry_of(
    book: &Book,
    voucher: &str,
    lines: &[Line],
    id: RecordId,
) -> Result<JournalEntry, Problem> {
    let first = &lines[0];
    if let Some(other) = lines.iter().find(|l| l.date != first.date) {
        return Err(Problem::line(
            other.row,
            ProblemKind::VoucherDates {
                voucher: voucher.to_string(),
            },
        ));
    }
    // Every cell was read within the largest amount, so these sums cannot
    // overflow; a total beyond it is refused by the entry's own check.
    let debit: Decimal = lines.iter().map(|l| l.input.debit).sum();
    let credit: Decimal = lines.iter().map(|l| l.input.credit).sum();
    if debit != credit {
        return Err(Problem::line(
            first.row,
            ProblemKind::Unbalanced { debit, credit },
        ));
    }
    let first_text = |text: fn(&Line) -> &str| {
        lines
            .iter()
            .map(text)
            .find(|t| !t.is_empty())
            .unwrap_or("")
            .to_string()
    };
    let header = EntryHeader {
        id,
        date: first.date,
        description: first_text(|l| &l.description),
        partner: Some(first_text(|l| &l.partner)),
        status: EntryStatus::Posted,
        corrects: None,
    };
    let inputs: Vec<PostingInput> = lines.iter().map(|l| l.input.clone()).collect();
    let at = |error: &JournalError| {
        error_line(error)
            .and_then(|n| lines.get(n - 1))
            .map_or(first.row, |l| l.row)
    };
    let postings = JournalEntry::postings_from_input(&inputs).map_err(|e| {
        let error = JournalError::Entry(e);
        Problem::line(at(&error), problem_kind(error))
    })?;
    checked_entry(book, header, postings)
        .map_err(|error| Problem::line(at(&error), problem_kind(error)))
}

/// The line of the entry (from 1) a journal error names, if it names one.
fn error_line(error: &JournalError) -> Option<usize> {
    use EntryError::*;
    match error {
        JournalError::Entry(
            MissingAccount { line }
            | EmptyLine { line }
            | BothSides { line }
            | NegativeAmount { line }
            | TooManyDecimals { line }
            | AmountTooLarge { line, .. },
        )
        | JournalError::UnknownAccount { line }
        | JournalError::ArchivedAccount { line } => Some(*line),
        _ => None,
    }
}

fn problem_kind(error: JournalError) -> ProblemKind {
    match error {
        JournalError::Entry(e) => ProblemKind::Entry(e),
        other => ProblemKind::Journal(other),
    }
}
