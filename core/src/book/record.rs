//! The kinds of record a book holds. Each capability (accounts, entries,
//! partners…) adds a variant here; the change log and the merge rules stay the same.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Attachment, BookSettings, PrivateUseRule};
use crate::export::yayoi::ExportMapping;
use crate::files::bank::{BankRule, StatementImport, StatementProfile};
use crate::ids::RecordId;
use crate::inventory::{InventorySettings, Item, Location, StockMove, Stocktake};
use crate::ledger::{Account, JournalEntry};
use crate::trade::{BusinessProfile, DeviceSeries, Document, Partner, Payment};

/// A record as stored in the change log, tagged by its kind. The tag is named
/// `record` because records have fields of their own called `kind` (accounts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    BookSettings(BookSettings),
    Account(Account),
    JournalEntry(JournalEntry),
    PeriodLock(PeriodLock),
    PrivateUseRule(PrivateUseRule),
    Attachment(Attachment),
    Partner(Partner),
    Document(Document),
    Payment(Payment),
    DeviceSeries(DeviceSeries),
    BusinessProfile(BusinessProfile),
    Item(Item),
    Location(Location),
    StockMove(StockMove),
    Stocktake(Stocktake),
    InventorySettings(InventorySettings),
    StatementProfile(StatementProfile),
    BankRule(BankRule),
    StatementImport(StatementImport),
    ExportMapping(ExportMapping),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    BookSettings,
    Account,
    JournalEntry,
    PeriodLock,
    PrivateUseRule,
    Attachment,
    Partner,
    Document,
    Payment,
    DeviceSeries,
    BusinessProfile,
    Item,
    Location,
    StockMove,
    Stocktake,
    InventorySettings,
    StatementProfile,
    BankRule,
    StatementImport,
    ExportMapping,
}

/// What identifies a record across devices: its kind and its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordKey {
    pub kind: RecordKind,
    pub id: RecordId,
}

/// How far the books are closed (締め). One per book, its id the book's id; every
/// closing and reopening is a version of it, so the history shows who closed what when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodLock {
    pub book_id: RecordId,
    /// No posting may be dated on or before this day.
    pub closed_through: Option<NaiveDate>,
}

impl Record {
    pub fn key(&self) -> RecordKey {
        let (kind, id) = match self {
            Record::BookSettings(s) => (RecordKind::BookSettings, s.book_id),
            Record::Account(a) => (RecordKind::Account, a.id),
            Record::JournalEntry(e) => (RecordKind::JournalEntry, e.id()),
            Record::PeriodLock(l) => (RecordKind::PeriodLock, l.book_id),
            Record::PrivateUseRule(r) => (RecordKind::PrivateUseRule, r.id),
            Record::Attachment(a) => (RecordKind::Attachment, a.id),
            Record::Partner(p) => (RecordKind::Partner, p.id),
            Record::Document(d) => (RecordKind::Document, d.id),
            Record::Payment(p) => (RecordKind::Payment, p.id),
            Record::DeviceSeries(s) => (RecordKind::DeviceSeries, s.device.0),
            Record::BusinessProfile(p) => (RecordKind::BusinessProfile, p.book_id),
            Record::Item(i) => (RecordKind::Item, i.id),
            Record::Location(l) => (RecordKind::Location, l.id),
            Record::StockMove(m) => (RecordKind::StockMove, m.id),
            Record::Stocktake(s) => (RecordKind::Stocktake, s.id),
            Record::InventorySettings(s) => (RecordKind::InventorySettings, s.book_id),
            Record::StatementProfile(p) => (RecordKind::StatementProfile, p.account),
            Record::BankRule(r) => (RecordKind::BankRule, r.id),
            Record::StatementImport(i) => (RecordKind::StatementImport, i.id),
            Record::ExportMapping(m) => (RecordKind::ExportMapping, m.book_id),
        };
        RecordKey { kind, id }
    }
}
