//! What the e-bookkeeping law (電子帳簿保存法) asks of the books beyond their
//! figures, as data the 電子帳簿保存 page shows: how long they are kept, and
//! which entries were recorded late.
//!
//! - **Retention**: a blue-return filer keeps the books and the papers of the
//!   year for seven years from the return's due date (所得税法施行規則63条,
//!   102条; some papers five). Kura keeps everything forever; the rule is what
//!   deleting a book warns about.
//! - **Late entries**: a 優良 book must show that an entry was recorded after
//!   the usual period of the business's processing (電子帳簿保存法施行規則5条5項1号イ(2));
//!   the National Tax Agency's circular takes the usual period as up to about
//!   two months (取扱通達 8-8, read in its Q&A summaries, December 2026). Each
//!   entry's id carries the moment it was first written (a UUIDv7), which no
//!   edit changes, so an entry recorded more than two months after its date is
//!   listed with both dates.

use chrono::{DateTime, Months, NaiveDate};

use super::Period;
use crate::book::Book;
use crate::ids::RecordId;

/// How many years the books and papers are kept (所得税法施行規則63条).
pub const RETENTION_YEARS: u32 = 7;

/// An entry recorded after the usual period is considered late.
pub const USUAL_PERIOD_MONTHS: u32 = 2;

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
