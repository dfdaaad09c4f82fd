//! What an incoming change would do to the book that its rules forbid: the
//! conflicts a merge lists for the user to accept or refuse, each with the
//! facts the page needs to say it in words ("deletes posted entry 2026-03-01
//! 家賃 ¥100,000", "reopens the books closed through 2025-12-31").

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::Record;
use crate::ids::{DeviceId, RecordId};
use crate::inventory::{MoveKind, StockMove};
use crate::ledger::JournalEntry;
use crate::trade::{Document, DocumentKind, Payment, PaymentDirection};

/// A journal entry as a conflict names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryFacts {
    pub id: RecordId,
    pub date: NaiveDate,
    pub description: String,
    /// The debit total; `None` if it is beyond `Decimal` (a crafted entry:
    /// the sum is checked, so naming it never panics).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
}

impl From<&JournalEntry> for EntryFacts {
    fn from(entry: &JournalEntry) -> Self {
        let mut debits = entry
            .lines()
            .iter()
            .map(|p| p.amount)
            .filter(|a| *a > Decimal::ZERO);
        EntryFacts {
            id: entry.id(),
            date: entry.date(),
            description: entry.description().to_string(),
            amount: debits.try_fold(Decimal::ZERO, Decimal::checked_add),
        }
    }
}

/// A sales or purchasing document as a conflict names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentFacts {
    pub id: RecordId,
    pub kind: DocumentKind,
    pub number: Option<String>,
    pub date: NaiveDate,
}

impl From<&Document> for DocumentFacts {
    fn from(doc: &Document) -> Self {
        DocumentFacts {
            id: doc.id,
            kind: doc.kind,
            number: doc.number.clone(),
            date: doc.date,
        }
    }
}

/// A payment as a conflict names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentFacts {
    pub id: RecordId,
    pub direction: PaymentDirection,
    pub date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

impl From<&Payment> for PaymentFacts {
    fn from(payment: &Payment) -> Self {
        PaymentFacts {
            id: payment.id,
            direction: payment.direction,
            date: payment.date,
            amount: payment.amount,
        }
    }
}

/// A stock move as a conflict names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveFacts {
    pub id: RecordId,
    pub kind: MoveKind,
    pub date: NaiveDate,
}

impl From<&StockMove> for MoveFacts {
    fn from(stock_move: &StockMove) -> Self {
        MoveFacts {
            id: stock_move.id,
            kind: stock_move.kind,
            date: stock_move.date,
        }
    }
}

/// One change of a held change set that breaks a rule of the book, and what
/// it would do if accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "conflict", rename_all = "snake_case")]
pub enum Conflict {
    /// Deletes a posted journal entry.
    DeletesPostedEntry(EntryFacts),
    /// Changes a posted journal entry (the fields it changes, by name).
    EditsPostedEntry {
        entry: EntryFacts,
        fields: Vec<String>,
    },
    /// Posts an entry dated in the closed period that this book has not seen.
    PostsInClosedPeriod {
        entry: EntryFacts,
        closed_through: NaiveDate,
    },
    /// Reopens the books closed through `closed_through`, back to `to`
    /// (`None`: no period closed at all).
    ReopensPeriod {
        closed_through: NaiveDate,
        to: Option<NaiveDate>,
    },
    /// Deletes an issued (or cancelled) document.
    DeletesIssuedDocument(DocumentFacts),
    /// Changes an issued or cancelled document other than by cancelling it
    /// with the reversal of its entry (the fields it changes, by name).
    EditsIssuedDocument {
        document: DocumentFacts,
        fields: Vec<String>,
    },
    /// Issues a document under a number another document of the book has.
    DuplicateNumber {
        document: DocumentFacts,
        other: RecordId,
    },
    /// Deletes a posted (or cancelled) payment.
    DeletesPayment(PaymentFacts),
    /// Changes a payment other than by cancelling it with its reversal.
    EditsPayment {
        payment: PaymentFacts,
        fields: Vec<String>,
    },
    /// Deletes a stock move (moves are facts: a correction is a new move).
    DeletesStockMove(MoveFacts),
    /// Changes a stock move.
    EditsStockMove {
        stock_move: MoveFacts,
        fields: Vec<String>,
    },
    /// Deletes an attached file of a posted entry: its evidence, which is
    /// kept (marked removed) when a user takes it off.
    DeletesEvidence {
        file_name: String,
        entry: EntryFacts,
    },
    /// Changes an attached file of a posted entry other than marking it
    /// removed (its bytes, name or entry).
    EditsEvidence {
        file_name: String,
        entry: EntryFacts,
        fields: Vec<String>,
    },
    /// Another device writes this device's number series (only this device
    /// writes its own).
    WritesOurSeries { tag: String },
    /// A device writes the number series of another device, which neither is
    /// that device nor granted it the tag.
    TakesSeries { device: DeviceId, tag: String },
    /// A device takes a tag no device reserved or granted for it, or changes
    /// its tag or turns its counter back.
    UngrantedTag { device: DeviceId, tag: String },
    /// A device takes a tag another device holds (one backup restored on two
    /// devices, or a forged record): both would issue the same numbers.
    SharedTag {
        device: DeviceId,
        holder: DeviceId,
        tag: String,
    },
    /// Deletes a device's number series (its tag could then be taken again).
    DeletesSeries { device: DeviceId, tag: String },
    /// Stamped with this device's id, which this device never wrote: another
    /// installation uses this device's id (a copied browser profile).
    WrittenWithOurId,
    /// Overwrites a value this book wrote that the file claims its sender had
    /// seen, a claim this book cannot confirm (it is beyond what this book and
    /// the file hold of `device`). `field` is `None` for a deletion.
    HiddenOverwrite {
        record: Box<Record>,
        field: Option<String>,
        device: DeviceId,
    },
}
