//! Journal entries (仕訳) and their lines. An entry that does not balance cannot
//! be constructed, by any path: the constructor and deserialization both check.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{BusinessClass, TaxCode, TaxPart};
use crate::ids::RecordId;
use crate::money::limits::{checked_sum, within, LimitError, Magnitude, MAX_AMOUNT};
use crate::money::Currency;

/// One line of an entry. The amount is signed: debit positive, credit negative;
/// the Dr/Cr columns exist only on screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Posting {
    pub account: RecordId,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    #[serde(default)]
    pub tax_code: Option<TaxCode>,
    #[serde(default)]
    pub memo: String,
    /// Set on the lines Kura's tax split made (税抜経理), so reports can tell the
    /// tax apart from the amounts it was computed on. Lines a person typed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_part: Option<TaxPart>,
    /// The business class (簡易課税) of a sale, when the line knows it better
    /// than its account does: a document's line of an item or for a partner
    /// that has one. `None`: the account's class, else the return's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_class: Option<BusinessClass>,
    /// The date of the supply the line books, when its tax rate or its
    /// transitional credit share is not the entry date's: set by a document
    /// whose lines were supplied on another date (a consolidated invoice's
    /// deliveries, a credit note's original sale). Tax reports and exports
    /// take the rate and the credit share on this date; `None`: the entry's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_date: Option<NaiveDate>,
}

impl Posting {
    /// The date whose tax rate and credit share apply to the line: its supply
    /// date, else the entry's date `entry_date`.
    pub fn supplied_on(&self, entry_date: NaiveDate) -> NaiveDate {
        self.supply_date.unwrap_or(entry_date)
    }
}

/// A line as a form gives it: a debit or a credit, as entered.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PostingInput {
    pub account: Option<RecordId>,
    pub debit: Decimal,
    pub credit: Decimal,
    pub tax_code: Option<TaxCode>,
    pub memo: String,
}

/// Draft entries may be edited and deleted; posted ones are facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Draft,
    Posted,
}

/// Who made an entry. Kura's own entries are marked so reports can tell them
/// apart: a profit-and-loss report leaves out [`EntryOrigin::YearClose`] entries
/// (they move a closed year's profit into equity, see `book::close_fiscal_year`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryOrigin {
    /// Entered (or imported) by a person.
    #[default]
    Entered,
    /// The opening entry of a fiscal year, made by closing the year before.
    YearClose,
    /// A private-use split (家事按分), made from the book's rules.
    PrivateUse,
    /// Posted by a sales or purchasing document or a payment (`trade`), which
    /// names the entry; it is undone by cancelling that, not from the journal.
    Document,
    /// Posted by a stock move in a perpetual book (`inventory`); undone by
    /// cancelling the document or correcting the stock, not from the journal.
    Stock,
}

/// Why an entry cannot exist as given. `line` numbers count from 1, as on screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("an entry needs at least two lines")]
    TooFewLines,
    #[error("line {line} has no account")]
    MissingAccount { line: usize },
    #[error("line {line} has no amount")]
    EmptyLine { line: usize },
    #[error("line {line} has both a debit and a credit")]
    BothSides { line: usize },
    #[error("line {line} has a negative amount")]
    NegativeAmount { line: usize },
    #[error("line {line} has more decimals than the currency allows")]
    TooManyDecimals { line: usize },
    #[error("debits and credits differ by {difference}")]
    Unbalanced { difference: Decimal },
    #[error("line {line}: {error}")]
    AmountTooLarge { line: usize, error: LimitError },
    /// The debit side's total is beyond the largest amount, though each line is not.
    #[error("the entry's total: {0}")]
    TotalTooLarge(LimitError),
    /// The lines as stored cannot even be added up (written by a build without
    /// limits): the entry cannot be read.
    #[error("the lines add up beyond any amount Kura can hold")]
    Unsummable,
    #[error("the description is longer than {max} characters")]
    DescriptionTooLong { max: usize },
}

/// The longest description (摘要) accepted.
pub const MAX_DESCRIPTION_CHARS: usize = 200;

/// A balanced journal entry. Fields are private so no code can unbalance one;
/// read them through the accessors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EntryData", into = "EntryData")]
pub struct JournalEntry {
    data: EntryData,
    /// Whether every line and the debit total are within the largest amount,
    /// found while the lines are read (when they are in the processor's cache:
    /// a book of 100,000 entries asks this of each one as it opens).
    within_limits: bool,
}

/// The stored shape of an entry. Deserializing checks that it balances, like the
/// constructor, but not the limits of `money::limits`: an entry an earlier build
/// wrote beyond them must still be read (the book keeps it out of its reports).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct EntryData {
    id: RecordId,
    date: NaiveDate,
    description: String,
    #[serde(default)]
    partner: Option<String>,
    lines: Vec<Posting>,
    status: EntryStatus,
    /// The posted entry this one reverses or corrects, if any.
    #[serde(default)]
    corrects: Option<RecordId>,
    #[serde(default)]
    origin: EntryOrigin,
}

impl TryFrom<EntryData> for JournalEntry {
    type Error = EntryError;
    fn try_from(data: EntryData) -> Result<Self, EntryError> {
        check_lines(&data.lines, None)?;
        let within_limits = check_limits(&data.lines).is_ok();
        Ok(JournalEntry {
            data,
            within_limits,
        })
    }
}

impl From<JournalEntry> for EntryData {
    fn from(entry: JournalEntry) -> Self {
        entry.data
    }
}

/// The fields of an entry other than its lines, as a command receives them.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryHeader {
    pub id: RecordId,
    pub date: NaiveDate,
    pub description: String,
    pub partner: Option<String>,
    pub status: EntryStatus,
    pub corrects: Option<RecordId>,
}

impl JournalEntry {
    /// Builds an entry from signed postings, refusing anything that does not balance
    /// or does not fit the book's currency.
    pub fn new(
        header: EntryHeader,
        lines: Vec<Posting>,
        currency: Currency,
    ) -> Result<JournalEntry, EntryError> {
        let description = header.description.trim().to_string();
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(EntryError::DescriptionTooLong {
                max: MAX_DESCRIPTION_CHARS,
            });
        }
        check_lines(&lines, Some(currency))?;
        check_limits(&lines)?;
        Ok(JournalEntry {
            data: EntryData {
                id: header.id,
                date: header.date,
                description,
                partner: header.partner.filter(|p| !p.trim().is_empty()),
                lines,
                status: header.status,
                corrects: header.corrects,
                origin: EntryOrigin::Entered,
            },
            within_limits: true,
        })
    }

    /// Turns form lines (debit or credit per line) into signed postings.
    /// Lines left completely blank are dropped.
    pub fn postings_from_input(inputs: &[PostingInput]) -> Result<Vec<Posting>, EntryError> {
        let mut postings = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let line = i + 1;
            let blank = input.debit.is_zero() && input.credit.is_zero();
            if blank && input.account.is_none() {
                continue;
            }
            let account = input.account.ok_or(EntryError::MissingAccount { line })?;
            if input.debit.is_sign_negative() || input.credit.is_sign_negative() {
                return Err(EntryError::NegativeAmount { line });
            }
            if !input.debit.is_zero() && !input.credit.is_zero() {
                return Err(EntryError::BothSides { line });
            }
            if blank {
                return Err(EntryError::EmptyLine { line });
            }
            postings.push(Posting {
                account,
                amount: input.debit - input.credit,
                tax_code: input.tax_code,
                memo: input.memo.trim().to_string(),
                tax_part: None,
                business_class: None,
                supply_date: None,
            });
        }
        Ok(postings)
    }

    pub fn id(&self) -> RecordId {
        self.data.id
    }
    pub fn date(&self) -> NaiveDate {
        self.data.date
    }
    pub fn description(&self) -> &str {
        &self.data.description
    }
    pub fn partner(&self) -> Option<&str> {
        self.data.partner.as_deref()
    }
    pub fn lines(&self) -> &[Posting] {
        &self.data.lines
    }
    pub fn status(&self) -> EntryStatus {
        self.data.status
    }
    pub fn corrects(&self) -> Option<RecordId> {
        self.data.corrects
    }
    pub fn origin(&self) -> EntryOrigin {
        self.data.origin
    }

    /// An entry exactly as stored, checked as deserializing checks it (the lines
    /// must balance; nothing is trimmed): how the binary chunk codec reads one back.
    pub fn from_stored(
        header: EntryHeader,
        lines: Vec<Posting>,
        origin: EntryOrigin,
    ) -> Result<JournalEntry, EntryError> {
        let EntryHeader {
            id,
            date,
            description,
            partner,
            status,
            corrects,
        } = header;
        JournalEntry::try_from(EntryData {
            id,
            date,
            description,
            partner,
            lines,
            status,
            corrects,
            origin,
        })
    }

    /// What is beyond its limit in this entry (one an earlier build wrote), if
    /// anything: a line's amount or the debit total.
    pub fn beyond_limits(&self) -> Option<LimitError> {
        if self.within_limits {
            return None;
        }
        match check_limits(&self.data.lines) {
            Err(EntryError::AmountTooLarge { error, .. } | EntryError::TotalTooLarge(error)) => {
                Some(error)
            }
            _ => None,
        }
    }

    /// The exact reversal of an entry beyond the limits (one an earlier build
    /// wrote): every line negated, nothing else checked but the balance, which
    /// negation keeps. The only way such an entry is repaired; `JournalEntry::new`
    /// refuses its lines.
    pub fn reversal_beyond_limits(&self, header: EntryHeader) -> Result<JournalEntry, EntryError> {
        JournalEntry::from_stored(header, self.reversed_lines(), self.origin())
    }

    /// The same entry marked as made by `origin` (the origin does not touch the lines).
    pub fn with_origin(mut self, origin: EntryOrigin) -> JournalEntry {
        self.data.origin = origin;
        self
    }

    pub fn is_posted(&self) -> bool {
        self.data.status == EntryStatus::Posted
    }

    /// The total of the debit side (equal to the credit side). Within
    /// `MAX_AMOUNT` for every entry a report reads; for one beyond the limits
    /// (kept out of reports), `Decimal::MAX` when it cannot be added up.
    pub fn total(&self) -> Decimal {
        let debits = self.data.lines.iter().map(|p| p.amount);
        checked_sum(debits.filter(|a| a.is_sign_positive())).unwrap_or(Decimal::MAX)
    }

    /// The same entry with every line's sign flipped: what undoes it in the books.
    pub fn reversed_lines(&self) -> Vec<Posting> {
        self.data
            .lines
            .iter()
            .map(|p| Posting {
                amount: -p.amount,
                ..p.clone()
            })
            .collect()
    }

    /// This entry as posted (a draft becoming a fact).
    pub fn posted(&self) -> JournalEntry {
        let mut entry = self.clone();
        entry.data.status = EntryStatus::Posted;
        entry
    }

    /// The header, for building a changed copy through [`JournalEntry::new`].
    pub fn header(&self) -> EntryHeader {
        EntryHeader {
            id: self.data.id,
            date: self.data.date,
            description: self.data.description.clone(),
            partner: self.data.partner.clone(),
            status: self.data.status,
            corrects: self.data.corrects,
        }
    }
}

fn check_lines(lines: &[Posting], currency: Option<Currency>) -> Result<(), EntryError> {
    if lines.len() < 2 {
        return Err(EntryError::TooFewLines);
    }
    for (i, posting) in lines.iter().enumerate() {
        if posting.amount.is_zero() {
            return Err(EntryError::EmptyLine { line: i + 1 });
        }
        if let Some(currency) = currency {
            if posting.amount.normalize().scale() > currency.minor_units() {
                return Err(EntryError::TooManyDecimals { line: i + 1 });
            }
        }
    }
    let difference = balance(lines).ok_or(EntryError::Unsummable)?;
    if !difference.is_zero() {
        return Err(EntryError::Unbalanced { difference });
    }
    Ok(())
}

/// The sum of the lines' amounts, or `None` if it is beyond `Decimal`.
///
/// In line order, as always (at 28 decimals `Decimal` rounds, so the order
/// matters); only when that overflows are debits and credits added
/// alternately — a credit while the running sum is positive, a debit
/// otherwise — so the running sum stays between the largest credit and the
/// largest debit until one side runs out. A balanced entry therefore never
/// overflows, whatever order its lines are in and however large they are (an
/// earlier build wrote entries without limits, and the book must still open).
fn balance(lines: &[Posting]) -> Option<Decimal> {
    checked_sum(lines.iter().map(|p| p.amount)).or_else(|| alternating_sum(lines))
}

fn alternating_sum(lines: &[Posting]) -> Option<Decimal> {
    let mut debits = lines
        .iter()
        .map(|p| p.amount)
        .filter(|a| a.is_sign_positive());
    let mut credits = lines
        .iter()
        .map(|p| p.amount)
        .filter(|a| a.is_sign_negative());
    let mut sum = Decimal::ZERO;
    loop {
        let next = if sum.is_sign_positive() {
            credits.next().or_else(|| debits.next())
        } else {
            debits.next().or_else(|| credits.next())
        };
        match next {
            Some(amount) => sum = sum.checked_add(amount)?,
            None => return Some(sum),
        }
    }
}

/// Each line, and the debit total, within the largest amount.
fn check_limits(lines: &[Posting]) -> Result<(), EntryError> {
    if within_by_mantissas(lines) {
        return Ok(());
    }
    for (i, posting) in lines.iter().enumerate() {
        within(posting.amount, Magnitude::Amount)
            .map_err(|error| EntryError::AmountTooLarge { line: i + 1, error })?;
    }
    // Each line is within 10¹⁵, so this sum cannot overflow.
    let debits: Decimal = lines
        .iter()
        .map(|p| p.amount)
        .filter(|a| a.is_sign_positive())
        .sum();
    within(debits, Magnitude::Amount).map_err(EntryError::TotalTooLarge)?;
    Ok(())
}

/// Whether the lines all have one scale and their mantissas show them, and
/// their debit total, within the largest amount (false when unsure: the exact
/// check decides). A value is `mantissa / 10^scale`, so with one scale the test
/// is on the integers `Decimal` is made of, against `MAX_AMOUNT × 10^scale`,
/// without its arithmetic: the usual case, done for every entry read.
fn within_by_mantissas(lines: &[Posting]) -> bool {
    let Some(scale) = lines.first().map(|p| p.amount.scale()) else {
        return true;
    };
    // 10¹⁵ × 10⁴ summed over any number of lines memory holds is far inside
    // an i128; more decimals than four take the exact way.
    if scale > 4 {
        return false;
    }
    let limit = MAX_AMOUNT.mantissa() * 10i128.pow(scale);
    let mut debits = 0i128;
    for posting in lines {
        let mantissa = posting.amount.mantissa();
        if posting.amount.scale() != scale || mantissa.abs() > limit {
            return false;
        }
        if mantissa > 0 {
            debits += mantissa;
        }
    }
    debits <= limit
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn line(account: u128, amount: Decimal) -> Posting {
        Posting {
            account: RecordId::from_parts(1, account),
            amount,
            tax_code: None,
            memo: String::new(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        }
    }

    fn header() -> EntryHeader {
        EntryHeader {
            id: RecordId::from_parts(2, 1),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            description: String::new(),
            partner: None,
            status: EntryStatus::Posted,
            corrects: None,
        }
    }

    fn stored(lines: Vec<Posting>) -> Result<JournalEntry, EntryError> {
        JournalEntry::from_stored(header(), lines, EntryOrigin::Entered)
    }

    const HUGE: &str = "50000000000000000000000000000";

    #[test]
    fn the_constructor_refuses_a_line_and_a_total_beyond_the_largest_amount() {
        let at =
            |a: Decimal| JournalEntry::new(header(), vec![line(1, a), line(2, -a)], Currency::JPY);
        assert!(at(MAX_AMOUNT).is_ok());
        assert_eq!(
            at(MAX_AMOUNT + Decimal::ONE).unwrap_err(),
            EntryError::AmountTooLarge {
                line: 1,
                error: LimitError::of(Magnitude::Amount)
            }
        );
        let half = d("500000000000000");
        let total = JournalEntry::new(
            header(),
            vec![line(1, half), line(1, half), line(2, -half), line(2, -half)],
            Currency::JPY,
        );
        assert_eq!(
            total.unwrap_err(),
            EntryError::TotalTooLarge(LimitError::of(Magnitude::Amount))
        );
        let usd = Currency::from_str("USD").unwrap();
        let cents = d("999999999999999.01");
        assert!(
            JournalEntry::new(header(), vec![line(1, cents), line(2, -cents)], usd).is_err(),
            "a cent past the limit"
        );
    }

    #[test]
    fn an_entry_beyond_the_limits_as_stored_is_still_read() {
        let huge = d(HUGE);
        // Two debits of 5 × 10²⁸ first would overflow a sum in line order.
        let entry = stored(vec![
            line(1, huge),
            line(1, huge),
            line(2, -huge),
            line(2, -huge),
        ])
        .unwrap();
        assert_eq!(entry.total(), Decimal::MAX, "a total it cannot hold");
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(serde_json::from_str::<JournalEntry>(&json).unwrap(), entry);
        assert_eq!(
            stored(vec![line(1, huge), line(1, huge), line(2, -huge)]).unwrap_err(),
            EntryError::Unbalanced { difference: huge }
        );
        assert_eq!(
            stored(vec![line(1, huge), line(1, huge)]).unwrap_err(),
            EntryError::Unsummable
        );
        let reversal = entry.reversal_beyond_limits(header()).unwrap();
        assert_eq!(reversal.lines()[0].amount, -huge);
    }

    proptest! {
        /// Reading stored lines never panics, whatever their size and order;
        /// what is read balances.
        #[test]
        fn reading_stored_lines_never_panics(
            amounts in proptest::collection::vec(
                prop_oneof![
                    (-1_000i64..1_000).prop_map(Decimal::from),
                    Just(Decimal::MAX),
                    Just(Decimal::MIN),
                    Just(d(HUGE)),
                    Just(-d(HUGE)),
                ],
                0..8,
            )
        ) {
            let lines: Vec<Posting> = amounts.iter().map(|a| line(1, *a)).collect();
            if let Ok(entry) = stored(lines) {
                prop_assert_eq!(balance(entry.lines()), Some(Decimal::ZERO));
                let _ = entry.total();
            }
        }
    }
}
