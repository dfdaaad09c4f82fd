//! Devices that keep one book and exchange files as the app does: each write
//! with the clock moved past the book and marked with the fields it edits;
//! a file of changes holds the sets the peer has not acknowledged and the
//! sender's `seen`; an import judges the file's sets (`plan_merge`), lets a
//! decision function accept or refuse each held set (the app keeps held sets
//! until the user decides; deciding at once gives the same book, the fold
//! being order-independent), commits the rest, folds them in, and then does
//! the numbering steps the Sync page does (a fresh
//! device id when the plan says so, and the reservation of the file when the
//! device has no series). A backup is the whole log after a reservation; a
//! restore is a new device whose book is the backup, taking its reservation.

#![allow(dead_code)] // each test file uses its own part of the fixture

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use chrono::NaiveDate;
use kura_core::book::{create_book, save_entry, Book, Record, SettingsInput, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::TaxCode;
use kura_core::ledger::{EntryHeader, EntryStatus, Posting};
use kura_core::sync::{
    mark_edits, merge, plan_merge, unacknowledged, ChangeSet, Decisions, HeldSet, Hlc, HlcClock,
    MergePlan, MergeReport,
};
use kura_core::trade::{
    claim_series_before_sending, claim_series_from_file, claim_series_on_arrival, issue_document,
    Document, DocumentKind, DocumentLine, Partner, TradeError,
};
use rust_decimal::Decimal;

pub const BOOK: u128 = 1;
/// The customer every founder's book has.
pub const YAMADA: u128 = 11;

pub fn id(n: u128) -> RecordId {
    RecordId::from_parts(1_700_000_000_000, n)
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}

pub fn yen(n: i64) -> Decimal {
    Decimal::from(n)
}

pub fn device_id(n: u128) -> DeviceId {
    DeviceId(RecordId::from_parts(1, n))
}

/// A file one device wrote: a backup (every set) or changes (what the peer
/// lacks), and what the writer had seen.
#[derive(Clone, Debug)]
pub struct File {
    pub from: DeviceId,
    pub sets: Vec<ChangeSet>,
    pub seen: Vec<Hlc>,
}

/// What an import did: the plan as last judged, and the merge.
#[derive(Clone, Debug)]
pub struct Imported {
    pub plan: MergePlan,
    /// Every held set the decision function was shown, in order.
    pub asked: Vec<HeldSet>,
    pub report: MergeReport,
    /// Whether this device moved to a fresh device id and series.
    pub moved: bool,
}

/// One device: its book, its log (the store), what each peer acknowledged,
/// and the sets it refused. `n` makes its ids (a copy of a device given
/// another `n` is a copied browser profile: one device id, two writers).
#[derive(Clone)]
pub struct Device {
    pub n: u128,
    pub id: DeviceId,
    pub clock: HlcClock,
    pub book: Book,
    pub log: Vec<ChangeSet>,
    pub peer_seen: HashMap<DeviceId, Vec<Hlc>>,
    pub refused: HashSet<RecordId>,
    writes: u128,
    moves: u128,
}

impl Device {
    /// A device holding a book made of `first`.
    pub fn new(n: u128, first: &ChangeSet) -> Device {
        let mut device = Device::empty(n);
        device.book = Book::from_change_sets([first]);
        device.log = vec![first.clone()];
        device
    }

    fn empty(n: u128) -> Device {
        let id = device_id(n);
        Device {
            n,
            id,
            clock: HlcClock::new(id),
            book: Book::default(),
            log: Vec::new(),
            peer_seen: HashMap::new(),
            refused: HashSet::new(),
            writes: 0,
            moves: 0,
        }
    }

    /// The first device of a shop's book: the Japanese chart and a customer.
    pub fn founder(n: u128, now: u64) -> Device {
        let mut device = Device::empty(n);
        device.write(now, |_, ctx| {
            let mut k = 100;
            let mut ids = || {
                k += 1;
                id(k)
            };
            let input = SettingsInput {
                name: "山田商店".into(),
                ..SettingsInput::default()
            };
            create_book(input, id(BOOK), &mut ids, ctx).unwrap()
        });
        let yamada: Partner = serde_json::from_value(serde_json::json!({
            "id": id(YAMADA), "name": "山田商事", "is_customer": true, "is_supplier": false,
        }))
        .unwrap();
        device.put(now + 1, Record::Partner(yamada));
        device
    }

    /// A new device that restored `backup`: the book is the file, and it
    /// takes the reservation the writer made for it.
    pub fn restore(n: u128, backup: &File, now: u64) -> Device {
        let mut device = Device::empty(n);
        for set in &backup.sets {
            device.book.apply(set);
        }
        device.log = backup.sets.clone();
        device.claim_on_arrival(now, backup.from);
        device
    }

    /// The id and stamp of the next write, the clock moved past the book.
    pub fn ctx(&mut self, now: u64) -> WriteCtx {
        if let Some(latest) = self.book.latest_stamp() {
            self.clock.observe(&latest);
        }
        self.writes += 1;
        WriteCtx {
            set_id: RecordId::from_parts(now, self.n << 64 | self.moves << 56 | self.writes),
            stamp: self.clock.tick(now),
        }
    }

    /// A fresh record id.
    pub fn new_id(&mut self, now: u64) -> RecordId {
        self.ctx(now).set_id
    }

    /// Commits and folds in one write, as the app does.
    pub fn commit(&mut self, set: ChangeSet) -> ChangeSet {
        let set = mark_edits(set, &self.book);
        self.book.apply(&set);
        self.log.push(set.clone());
        set
    }

    pub fn write(
        &mut self,
        now: u64,
        make: impl FnOnce(&Book, WriteCtx) -> ChangeSet,
    ) -> ChangeSet {
        let ctx = self.ctx(now);
        let set = make(&self.book, ctx);
        self.commit(set)
    }

    pub fn try_write<E>(
        &mut self,
        now: u64,
        make: impl FnOnce(&Book, WriteCtx) -> Result<ChangeSet, E>,
    ) -> Result<ChangeSet, E> {
        let ctx = self.ctx(now);
        let set = make(&self.book, ctx)?;
        Ok(self.commit(set))
    }

    /// Writes a set made of `changes`, as it is (no command checks it).
    pub fn raw(&mut self, now: u64, changes: Vec<kura_core::sync::Change>) -> ChangeSet {
        self.write(now, |_, ctx| ChangeSet {
            id: ctx.set_id,
            stamp: ctx.stamp,
            changes,
            link: None,
        })
    }

    pub fn put(&mut self, now: u64, record: Record) -> ChangeSet {
        self.raw(now, vec![kura_core::sync::Change::Put { record }])
    }

    /// An account's id by its code in the template.
    pub fn account(&self, code: &str) -> RecordId {
        self.book
            .accounts()
            .into_iter()
            .find(|a| a.code == code)
            .unwrap_or_else(|| panic!("no account {code}"))
            .id
    }

    /// Posts `debit` against `credit` (account codes) for `amount`.
    pub fn post_entry(
        &mut self,
        now: u64,
        date: &str,
        description: &str,
        (debit, credit): (&str, &str),
        amount: i64,
    ) -> RecordId {
        let entry = self.new_id(now);
        let lines = vec![
            posting(self.account(debit), yen(amount)),
            posting(self.account(credit), yen(-amount)),
        ];
        let header = EntryHeader {
            id: entry,
            date: day(date),
            description: description.into(),
            partner: None,
            status: EntryStatus::Posted,
            corrects: None,
        };
        self.try_write(now, |book, ctx| save_entry(book, header, lines, ctx))
            .unwrap();
        entry
    }

    /// Issues an invoice to 山田商事 dated `date`; returns its id and number.
    pub fn issue_invoice(
        &mut self,
        now: u64,
        date: &str,
    ) -> Result<(RecordId, String), TradeError> {
        let doc_id = self.new_id(now);
        let entry = self.new_id(now);
        let doc = Document {
            lines: vec![DocumentLine {
                description: "デザイン制作".into(),
                quantity: yen(1),
                unit: String::new(),
                unit_price: yen(100_000),
                discount: Decimal::ZERO,
                tax_code: TaxCode::Sales10,
                account: None,
                item: None,
                source: None,
                withheld: true,
                supply_date: None,
            }],
            ..Document::draft(doc_id, DocumentKind::Invoice, id(YAMADA), day(date))
        };
        let mut ids = std::iter::once(entry).chain((1..).map(|k| RecordId::from_parts(now, k)));
        self.try_write(now, |book, ctx| {
            issue_document(book, doc, &mut || ids.next().unwrap(), ctx)
        })?;
        let number = self.book.document(doc_id).unwrap().number.clone().unwrap();
        Ok((doc_id, number))
    }

    /// Before a file leaves: the reservation (and the empty tag in a book
    /// without series), as `claim_series_before_sending` makes it.
    fn claim_before_sending(&mut self, now: u64) {
        let device = self.id;
        let ctx = self.ctx(now);
        if let Some(set) = claim_series_before_sending(&self.book, device, ctx) {
            self.commit(set);
        }
    }

    /// After a restore: the writer's reservation.
    fn claim_on_arrival(&mut self, now: u64, writer: DeviceId) {
        let device = self.id;
        let ctx = self.ctx(now);
        if let Some(set) = claim_series_on_arrival(&self.book, device, writer, ctx) {
            self.commit(set);
        }
    }

    /// After a merge: the reservation the file carried, if this device has
    /// no series.
    fn claim_from_file(&mut self, now: u64, merged: &[ChangeSet], writer: DeviceId) {
        let device = self.id;
        let ctx = self.ctx(now);
        if let Some(set) = claim_series_from_file(&self.book, device, merged, writer, ctx) {
            self.commit(set);
        }
    }

    /// A backup: every set, after a reservation for whoever restores it.
    pub fn backup(&mut self, now: u64) -> File {
        self.claim_before_sending(now);
        File {
            from: self.id,
            sets: self.log.clone(),
            seen: self.book.seen(),
        }
    }

    /// The changes `to` lacks, as they are (no reservation).
    pub fn export(&self, to: DeviceId) -> File {
        let acknowledged = self.peer_seen.get(&to).cloned().unwrap_or_default();
        File {
            from: self.id,
            sets: unacknowledged(self.log.clone(), &acknowledged),
            seen: self.book.seen(),
        }
    }

    /// The changes `to` lacks after a reservation, as the Sync page sends.
    pub fn send(&mut self, now: u64, to: DeviceId) -> File {
        self.claim_before_sending(now);
        self.export(to)
    }

    /// Imports a file accepting every held set; for files that break no rule.
    pub fn import(&mut self, file: &File) -> MergeReport {
        let imported = self.import_deciding(file, |held| {
            panic!("held: {:?}", held.conflicts);
        });
        imported.report
    }

    /// Imports a file, asking `decide` (true: accept) about each held set.
    pub fn import_deciding(
        &mut self,
        file: &File,
        mut decide: impl FnMut(&HeldSet) -> bool,
    ) -> Imported {
        let mut decisions = Decisions {
            refused: self.refused.clone(),
            ..Decisions::default()
        };
        let mut asked = Vec::new();
        let plan = loop {
            let plan = plan_merge(
                &self.book,
                self.id,
                file.sets.clone(),
                &file.seen,
                &decisions,
            );
            let Some(held) = plan.held.first() else {
                break plan;
            };
            if decide(held) {
                decisions.accepted.insert(held.set.id);
            } else {
                decisions.refused.insert(held.set.id);
            }
            asked.push(held.clone());
        };
        self.refused.extend(plan.refused.iter().copied());
        let report = merge(&mut self.book, &plan.apply, &plan.seen);
        self.log.extend(plan.apply.iter().cloned());
        self.peer_seen.insert(file.from, plan.seen.clone());
        let now = self.clock.last().wall_ms + 1;
        let moved = plan.move_series.is_some();
        if moved {
            self.move_to_fresh_id();
        }
        self.claim_from_file(now, &plan.apply, file.from);
        Imported {
            plan,
            asked,
            report,
            moved,
        }
    }

    /// Another device id for this book, as the app gives it when the plan
    /// says this device must move to a fresh series.
    fn move_to_fresh_id(&mut self) {
        self.moves += 1;
        self.id = DeviceId(RecordId::from_parts(2, self.n << 32 | self.moves));
        self.clock = HlcClock::new(self.id);
    }

    /// The tag of this device's series, if it has one.
    pub fn tag(&self) -> Option<String> {
        self.book.device_series(self.id).map(|s| s.tag.clone())
    }
}

pub fn posting(account: RecordId, amount: Decimal) -> Posting {
    Posting {
        account,
        amount,
        tax_code: None,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    }
}
