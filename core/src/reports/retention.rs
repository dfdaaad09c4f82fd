//! What the e-bookkeeping law (電子帳簿保存法) asks of the books beyond their
//! figures, as data the 電子帳簿保存 page shows: how long they are kept, and
//! which entries were recorded late.
//!
//! - **Retention**: a blue-return filer keeps the books and the papers of the
//!   year for seven years from the return's due date (所得税法施行規則63条,
//!   102条; some papers five). Kura keeps everything forever; the rule is what
//!   deleting a book, or taking a file of evidence off a posted entry, warns
//!   about ([`kept_until`]).
//! - **Late entries**: a 優良 book must show that an entry was recorded after
//!   the usual period of the business's processing (電子帳簿保存法施行規則5条5項1号イ(2));
//!   the National Tax Agency's circular takes the usual period as up to about
//!   two months (取扱通達 8-8, read in its Q&A summaries, December 2026). Each
//!   entry's id carries the moment it was first written (a UUIDv7), which no
//!   edit changes, so an entry recorded more than two months after its date is
//!   listed with both dates.

use chrono::{DateTime, Datelike, Months, NaiveDate};

use super::Period;
use crate::book::{fiscal_year, Book};
use crate::ids::RecordId;

/// How many years the books and papers are kept (所得税法施行規則63条).
pub const RETENTION_YEARS: u32 = 7;

/// An entry recorded after the usual period is considered late.
pub const USUAL_PERIOD_MONTHS: u32 = 2;

/// The last day the books and papers of a record dated `date` must be kept:
/// [`RETENTION_YEARS`] from the day after the return's due date for its fiscal
/// year. For a year ending in December (a sole proprietor's calendar year) the
/// return is due on 15 March of the next year (所得税法120条), so a record of
/// 2026 is kept to 2034-03-15 (所得税法施行規則63条: 翌年3月15日の翌日から7年間).
/// A fiscal year ending in another month is a company's: its return is due two
/// months after the year's end (法人税法74条1項; 法人税法施行規則59条 counts the
/// seven years from the day after). A year with a loss carried forward is kept
/// ten years by a company; that is not decided here.
pub fn kept_until(book: &Book, date: NaiveDate) -> NaiveDate {
    let (_, year_end) = fiscal_year(book, date);
    let due = if year_end.month() == 12 {
        NaiveDate::from_ymd_opt(year_end.year() + 1, 3, 15)
    } else {
        year_end.checked_add_months(Months::new(2))
    };
    due.and_then(|d| d.checked_add_months(Months::new(12 * RETENTION_YEARS)))
        .unwrap_or(NaiveDate::MAX)
}

/// An entry recorded after the usual period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LateEntry {
    pub entry: RecordId,
    /// The entry's date (the transaction's).
    pub date: NaiveDate,
    /// The day it was first written (UTC).
    pub recorded: NaiveDate,
}

/// The day an id was made (UTC), if its time is a real date.
pub fn recorded_on(id: RecordId) -> Option<NaiveDate> {
    let ms = i64::try_from(id.unix_ms()).ok()?;
    DateTime::from_timestamp_millis(ms).map(|t| t.date_naive())
}

/// The entries dated in `period`, drafts included (a draft is recorded too),
/// written more than [`USUAL_PERIOD_MONTHS`] after their date, in date order.
pub fn late_entries(book: &Book, period: Period) -> Vec<LateEntry> {
    book.entries_between(period.from, period.to)
        .filter_map(|e| {
            let recorded = recorded_on(e.id())?;
            let usual_end = e
                .date()
                .checked_add_months(Months::new(USUAL_PERIOD_MONTHS))?;
            (recorded > usual_end).then(|| LateEntry {
                entry: e.id(),
                date: e.date(),
                recorded,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{create_book, SettingsInput, WriteCtx};
    use crate::ids::DeviceId;
    use crate::sync::HlcClock;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn book_starting(month: u32) -> Book {
        let input = SettingsInput {
            name: "Kept".into(),
            fiscal_year_start_month: month,
            ..SettingsInput::default()
        };
        let mut n = 0;
        let mut ids = move || {
            n += 1;
            RecordId::from_parts(2_000, n)
        };
        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, 9)));
        let ctx = WriteCtx {
            set_id: RecordId::from_parts(10, 1),
            stamp: clock.tick(10),
        };
        let set = create_book(input, RecordId::from_parts(1_000, 1), &mut ids, ctx).unwrap();
        Book::from_change_sets([&set])
    }

    #[test]
    fn a_sole_proprietors_records_are_kept_seven_years_from_the_march_due_date() {
        let book = book_starting(1);
        // 2026's return is due 2027-03-15; seven years from the 16th: to 2034-03-15.
        assert_eq!(kept_until(&book, day(2026, 1, 1)), day(2034, 3, 15));
        assert_eq!(kept_until(&book, day(2026, 12, 31)), day(2034, 3, 15));
        assert_eq!(kept_until(&book, day(2027, 1, 1)), day(2035, 3, 15));
    }

    #[test]
    fn a_company_year_is_kept_seven_years_from_two_months_after_its_end() {
        // April to March: the year to 2027-03-31 is due 2027-05-31, kept to 2034-05-31.
        let book = book_starting(4);
        assert_eq!(kept_until(&book, day(2026, 4, 1)), day(2034, 5, 31));
        assert_eq!(kept_until(&book, day(2027, 3, 31)), day(2034, 5, 31));
    }
}
