//! Hostile merges: files of changes that would break the book's rules —
//! delete or edit its facts, reopen or post into a closed period, take
//! another device's number series, forge acknowledgements, or come from a
//! copy of this device. Each case asserts the typed conflict the merge lists
//! and that the book is unchanged until the user accepts (its sync checksum),
//! that a refusal is remembered, and that accepting applies the set whole.
//!
//! The cases are built in code rather than kept as files: a merge judges a
//! file against the book it arrives in, so a case is a book and a file, and
//! both are made here by the same commands the app runs (a stored file of
//! sets would be a copy of what this code writes, to regenerate at every
//! format change). A property test then runs random sequences of valid and
//! hostile change sets.

mod merge_common;

use chrono::NaiveDate;
use kura_core::book::{
    set_closed_through, Attachment, Book, MediaType, Record, RecordKey, RecordKind,
};
use kura_core::files::backup::{
    read_book_file, write_book_file, BookFile, BookFileHeader, FileKind,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::inventory::{
    record_adjustment, save_item, AdjustmentInput, AdjustmentReason, ItemInput,
};
use kura_core::ledger::JournalEntry;
use kura_core::money::Currency;
use kura_core::reports::{profit_and_loss, trial_balance, Period};
use kura_core::sync::{
    checksum, plan_merge, Change, Conflict, Decisions, HeldSet, Hlc, SeriesMove,
};
use kura_core::trade::{
    cancel_document, cancel_payment, duplicate_numbers, record_payment, Allocation, DeviceSeries,
    DocumentStatus, PaymentDirection, PaymentInput,
};
use merge_common::{day, device_id, id, yen, Device, File, YAMADA};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

/// The receipt attached to the rent entry.
const RECEIPT: &[u8] = b"%PDF-1.4 receipt";

/// This device (A) and a second one (B) that arrived by A's backup, both
/// holding the shop's book: the year 2025 closed, rent posted on
/// 2026-03-01 with its receipt, two invoices (the second paid), a stock
/// adjustment.
struct Shop {
    a: Device,
    b: Device,
    t: u64,
    rent: RecordId,
    receipt: RecordId,
    invoice: RecordId,
    paid: RecordId,
    payment: RecordId,
    stock_move: RecordId,
}

impl Shop {
    fn new() -> Shop {
        let mut a = Device::founder(1, 1_000_000);
        let mut t = 1_000_000;
        let mut tick = || {
            t += 1_000;
            t
        };
        a.try_write(tick(), |book, ctx| {
            set_closed_through(book, Some(day("2025-12-31")), ctx)
        })
        .unwrap();
        let rent = a.post_entry(tick(), "2026-03-01", "家賃", ("615", "100"), 100_000);
        let receipt = a.new_id(tick());
        a.put(
            tick(),
            Record::Attachment(Attachment {
                id: receipt,
                entry_id: rent,
                file_name: "receipt.pdf".into(),
                media_type: MediaType::Pdf,
                size: RECEIPT.len() as u64,
                sha256: hex(&Sha256::digest(RECEIPT)),
                removed: false,
                date: None,
                amount: None,
                partner: None,
            }),
        );
        let (invoice, number) = a.issue_invoice(tick(), "2026-04-01").unwrap();
        assert_eq!(number, "INV-2026-0001");
        let (paid, _) = a.issue_invoice(tick(), "2026-04-02").unwrap();
        let (payment, entry) = (a.new_id(tick()), a.new_id(tick()));
        let input = PaymentInput {
            direction: PaymentDirection::Received,
            partner: id(YAMADA),
            date: day("2026-05-31"),
            account: a.account("100"),
            amount: yen(110_000),
            fee: yen(0),
            withholding: yen(0),
            allocations: vec![Allocation {
                document: paid,
                amount: yen(110_000),
            }],
            memo: String::new(),
        };
        a.try_write(tick(), |book, ctx| {
            record_payment(book, input, payment, entry, ctx)
        })
        .unwrap();
        let item = a.new_id(tick());
        let goods = ItemInput {
            code: "G-1".into(),
            name: "陶器".into(),
            purchase_cost: "100".into(),
            tracked: true,
            ..ItemInput::default()
        };
        a.try_write(tick(), |book, ctx| save_item(book, item, goods, ctx))
            .unwrap();
        let adjustment = AdjustmentInput {
            date: day("2026-02-01"),
            reason: AdjustmentReason::Found,
            lines: vec![(item, None, yen(5), Some(yen(100)))],
            note: String::new(),
        };
        let (stock_move, move_entry) = (a.new_id(tick()), a.new_id(tick()));
        let mut ids = [stock_move, move_entry].into_iter();
        a.try_write(tick(), |book, ctx| {
            record_adjustment(book, adjustment, &mut || ids.next().unwrap(), ctx)
        })
        .unwrap();
        let backup = a.backup(tick());
        let mut b = Device::restore(2, &backup, tick());
        assert_eq!(b.tag().as_deref(), Some("A"), "B took A's reservation");
        let to_a = b.send(tick(), a.id);
        a.import(&to_a);
        let to_b = a.send(tick(), b.id);
        b.import(&to_b);
        assert_eq!(checksum(&a.book), checksum(&b.book));
        Shop {
            a,
            b,
            t,
            rent,
            receipt,
            invoice,
            paid,
            payment,
            stock_move,
        }
    }

    fn tick(&mut self) -> u64 {
        self.t += 1_000;
        self.t
    }

    /// B writes a set as it is (no command checks it) and sends what A lacks
    /// without a reservation, so the file holds that set only.
    fn sent_by_b(&mut self, changes: Vec<Change>) -> (File, RecordId) {
        let now = self.tick();
        let set = self.b.raw(now, changes);
        (self.b.export(self.a.id), set.id)
    }

    fn entry(&self, id: RecordId) -> JournalEntry {
        self.a.book.entry(id).unwrap().clone()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key(kind: RecordKind, id: RecordId) -> RecordKey {
    RecordKey { kind, id }
}

/// A record changed through its JSON form (as a crafted file would).
fn altered<T: serde::Serialize + serde::de::DeserializeOwned>(
    value: &T,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> T {
    let serde_json::Value::Object(mut fields) = serde_json::to_value(value).unwrap() else {
        unreachable!()
    };
    edit(&mut fields);
    serde_json::from_value(serde_json::Value::Object(fields)).unwrap()
}

/// Asserts what a hostile file does to A: the set is held with a conflict
/// `expected` accepts and A's book is unchanged; refused, it stays out and is
/// not asked about again; accepted, it is applied whole. Returns A after
/// accepting.
fn assert_held(
    a: &Device,
    file: &File,
    hostile: RecordId,
    expected: impl Fn(&Conflict) -> bool,
) -> Device {
    let before = checksum(&a.book);
    let plan = plan_merge(
        &a.book,
        a.id,
        file.sets.clone(),
        &file.seen,
        &Decisions::default(),
    );
    let held = plan
        .held
        .iter()
        .find(|h| h.set.id == hostile)
        .unwrap_or_else(|| panic!("not held: {plan:?}"));
    assert!(
        held.conflicts.iter().any(&expected),
        "listed: {:?}",
        held.conflicts
    );
    // The app keeps held sets beside the book as JSON until decided.
    let kept = serde_json::to_string(held).unwrap();
    assert_eq!(&serde_json::from_str::<HeldSet>(&kept).unwrap(), held);
    assert!(plan.apply.iter().all(|s| s.id != hostile));

    let mut refusing = a.clone();
    let imported = refusing.import_deciding(file, |_| false);
    assert_eq!(imported.asked.len(), plan.held.len());
    assert!(!refusing.book.has_applied(hostile));
    assert_eq!(
        checksum(&refusing.book),
        before,
        "a refusal changes nothing"
    );
    let again = refusing.import_deciding(file, |h| panic!("asked again: {:?}", h.conflicts));
    assert!(
        again.plan.refused.contains(&hostile),
        "the refusal is remembered"
    );
    assert_eq!(checksum(&refusing.book), before);

    let mut accepting = a.clone();
    let imported = accepting.import_deciding(file, |_| true);
    assert!(!imported.asked.is_empty());
    assert!(accepting.book.has_applied(hostile), "accepted: applied");
    assert_ne!(checksum(&accepting.book), before);
    accepting
}

#[test]
fn deleting_a_posted_entry_is_held() {
    let mut shop = Shop::new();
    let rent = key(RecordKind::JournalEntry, shop.rent);
    let (file, hostile) = shop.sent_by_b(vec![Change::Delete { key: rent }]);
    let accepted = assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::DeletesPostedEntry(e)
            if e.date == day("2026-03-01") && e.description == "家賃" && e.amount == Some(yen(100_000)))
    });
    assert!(accepted.book.entry(shop.rent).is_none());
}

#[test]
fn editing_a_posted_entry_is_held() {
    let mut shop = Shop::new();
    let edited = altered(&shop.entry(shop.rent), |f| {
        f.insert("description".into(), "家賃（二重）".into());
    });
    let (file, hostile) = shop.sent_by_b(vec![Change::Put {
        record: Record::JournalEntry(edited),
    }]);
    assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::EditsPostedEntry { entry, fields }
            if entry.description == "家賃" && fields == &["description"])
    });
}

#[test]
fn reopening_a_closed_period_is_held() {
    let mut shop = Shop::new();
    let now = shop.tick();
    let set = shop
        .b
        .try_write(now, |book, ctx| set_closed_through(book, None, ctx))
        .unwrap();
    let file = shop.b.export(shop.a.id);
    let accepted = assert_held(&shop.a, &file, set.id, |c| {
        *c == Conflict::ReopensPeriod {
            closed_through: day("2025-12-31"),
            to: None,
        }
    });
    assert_eq!(accepted.book.closed_through(), None);
}

/// B posts a January entry while A, offline, closes January: A has not seen
/// the entry, and it lands in A's closed period.
#[test]
fn an_entry_dated_in_the_closed_period_is_held() {
    let mut shop = Shop::new();
    let now = shop.tick();
    let entry = shop
        .b
        .post_entry(now, "2026-01-15", "交通費", ("603", "100"), 1_200);
    let now = shop.tick();
    shop.a
        .try_write(now, |book, ctx| {
            set_closed_through(book, Some(day("2026-01-31")), ctx)
        })
        .unwrap();
    let file = shop.b.export(shop.a.id);
    let hostile = file.sets.last().unwrap().id;
    assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::PostsInClosedPeriod { entry: e, closed_through }
            if e.id == entry && *closed_through == day("2026-01-31"))
    });
}

#[test]
fn cancelling_an_issued_document_by_an_edit_is_held() {
    let mut shop = Shop::new();
    let mut doc = shop.a.book.document(shop.invoice).unwrap().clone();
    doc.status = DocumentStatus::Cancelled;
    let (file, hostile) = shop.sent_by_b(vec![Change::Put {
        record: Record::Document(doc),
    }]);
    assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::EditsIssuedDocument { document, fields }
            if document.number.as_deref() == Some("INV-2026-0001") && fields == &["status"])
    });
}

/// The control: a cancellation as `cancel_document` makes it, with the
/// reversal of its entry, is merged like any change.
#[test]
fn a_cancellation_with_its_reversal_merges() {
    let mut shop = Shop::new();
    let (now, invoice) = (shop.tick(), shop.invoice);
    let reversal = shop.b.new_id(now);
    let mut ids = std::iter::once(reversal).chain((1..).map(|k| RecordId::from_parts(now, k)));
    shop.b
        .try_write(now, |book, ctx| {
            cancel_document(book, invoice, &mut || ids.next().unwrap(), ctx)
        })
        .unwrap();
    let (now, payment) = (shop.tick(), shop.payment);
    let reversal = shop.b.new_id(now);
    shop.b
        .try_write(now, |book, ctx| {
            cancel_payment(book, payment, reversal, ctx)
        })
        .unwrap();
    let file = shop.b.export(shop.a.id);
    shop.a.import(&file);
    let cancelled = shop.a.book.document(shop.invoice).unwrap();
    assert_eq!(cancelled.status, DocumentStatus::Cancelled);
}

#[test]
fn deleting_a_posted_payment_is_held() {
    let mut shop = Shop::new();
    let payment = key(RecordKind::Payment, shop.payment);
    let (file, hostile) = shop.sent_by_b(vec![Change::Delete { key: payment }]);
    assert_held(
        &shop.a,
        &file,
        hostile,
        |c| matches!(c, Conflict::DeletesPayment(p) if p.amount == yen(110_000)),
    );
}

#[test]
fn changing_or_deleting_a_stock_move_is_held() {
    let mut shop = Shop::new();
    let original = shop.a.book.stock_move(shop.stock_move).unwrap().clone();
    let doubled = altered(&original, |f| {
        f["lines"][0]["quantity"] = "50".into();
    });
    let (file, hostile) = shop.sent_by_b(vec![Change::Put {
        record: Record::StockMove(doubled),
    }]);
    assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::EditsStockMove { stock_move, fields }
            if stock_move.date == day("2026-02-01") && fields == &["lines"])
    });
    let moved = key(RecordKind::StockMove, shop.stock_move);
    let mut shop = Shop::new();
    let (file, hostile) = shop.sent_by_b(vec![Change::Delete { key: moved }]);
    assert_held(
        &shop.a,
        &file,
        hostile,
        |c| matches!(c, Conflict::DeletesStockMove(m) if m.id == original.id),
    );
}

#[test]
fn deleting_a_posted_entrys_evidence_is_held() {
    let mut shop = Shop::new();
    let receipt = key(RecordKind::Attachment, shop.receipt);
    let (file, hostile) = shop.sent_by_b(vec![Change::Delete { key: receipt }]);
    assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::DeletesEvidence { file_name, entry }
            if file_name == "receipt.pdf" && entry.description == "家賃")
    });
}

#[test]
fn renaming_a_posted_entrys_evidence_is_held_but_setting_its_search_keys_merges() {
    let mut shop = Shop::new();
    let receipt = shop.a.book.attachment(shop.receipt).unwrap().clone();
    let renamed = altered(&receipt, |f| {
        f.insert("file_name".into(), "other.pdf".into());
    });
    let (file, hostile) = shop.sent_by_b(vec![Change::Put {
        record: Record::Attachment(renamed),
    }]);
    assert_held(
        &shop.a,
        &file,
        hostile,
        |c| matches!(c, Conflict::EditsEvidence { fields, .. } if fields == &["file_name"]),
    );
    let mut shop = Shop::new();
    let keyed = altered(&receipt, |f| {
        f.insert("date".into(), "2026-02-27".into());
        f.insert("amount".into(), "99000".into());
        f.insert("partner".into(), "ヤマダ不動産".into());
    });
    let (file, set) = shop.sent_by_b(vec![Change::Put {
        record: Record::Attachment(keyed),
    }]);
    let plan = plan_merge(
        &shop.a.book,
        shop.a.id,
        file.sets.clone(),
        &file.seen,
        &Decisions::default(),
    );
    assert!(
        plan.held.iter().all(|h| h.set.id != set),
        "a file's own date, amount and partner are not a change to the books: {plan:?}"
    );
}

#[test]
fn a_document_under_a_number_already_used_is_held() {
    let mut shop = Shop::new();
    let copy = altered(shop.a.book.document(shop.paid).unwrap(), |f| {
        f.insert(
            "id".into(),
            serde_json::to_value(RecordId::from_parts(5, 5)).unwrap(),
        );
        f.insert("number".into(), "INV-2026-0001".into());
    });
    let (file, hostile) = shop.sent_by_b(vec![Change::Put {
        record: Record::Document(copy),
    }]);
    assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::DuplicateNumber { document, other }
            if document.number.as_deref() == Some("INV-2026-0001") && *other == shop.invoice)
    });
}

#[test]
fn writing_this_devices_series_is_held() {
    let mut shop = Shop::new();
    let ours = shop.a.book.device_series(shop.a.id).unwrap().clone();
    let rewound = DeviceSeries {
        granted: 0,
        reserved: None,
        ..ours
    };
    let (file, hostile) = shop.sent_by_b(vec![Change::Put {
        record: Record::DeviceSeries(rewound),
    }]);
    assert_held(
        &shop.a,
        &file,
        hostile,
        |c| matches!(c, Conflict::WritesOurSeries { tag } if tag.is_empty()),
    );
}

/// B writes a series for a device C with the tag A would give next: B is
/// not C, nor the device whose child tag it is, nor does it count it.
#[test]
fn granting_a_series_from_a_device_that_is_not_the_parent_is_held() {
    let mut shop = Shop::new();
    let c = device_id(3);
    let (file, hostile) = shop.sent_by_b(vec![Change::Put {
        record: Record::DeviceSeries(DeviceSeries {
            device: c,
            tag: "B".into(),
            granted: 0,
            reserved: None,
        }),
    }]);
    assert_held(&shop.a, &file, hostile, |c_| {
        *c_ == Conflict::TakesSeries {
            device: c,
            tag: "B".into(),
        }
    });
}

/// B claims a tag nobody reserved for it.
#[test]
fn a_device_taking_a_tag_nobody_reserved_is_held() {
    let mut shop = Shop::new();
    let d = device_id(4);
    let mut rogue = Device::new(4, &shop.a.log[0]);
    rogue.book = shop.b.book.clone();
    rogue.log = shop.b.log.clone();
    let now = shop.tick();
    let set = rogue.put(
        now,
        Record::DeviceSeries(DeviceSeries {
            device: d,
            tag: "Q".into(),
            granted: 0,
            reserved: None,
        }),
    );
    let file = rogue.export(shop.a.id);
    assert_held(&shop.a, &file, set.id, |c| {
        *c == Conflict::UngrantedTag {
            device: d,
            tag: "Q".into(),
        }
    });
}

/// A's last change to a partner's address, then B's, which had not seen it;
/// B's file claims to have seen A far beyond A's latest stamp. The claim is
/// not believed, and the overwrite it would have hidden is held.
#[test]
fn a_forged_seen_for_this_device_is_held() {
    let mut shop = Shop::new();
    let (a_now, b_now) = (shop.tick(), shop.tick());
    set_address(&mut shop.a, a_now, "A の住所");
    set_address(&mut shop.b, b_now, "B の住所");
    let mut file = shop.b.export(shop.a.id);
    let honest = plan_merge(
        &shop.a.book,
        shop.a.id,
        file.sets.clone(),
        &file.seen,
        &Decisions::default(),
    );
    assert!(
        honest.held.is_empty(),
        "without the forgery: an ordinary overwrite"
    );
    let a_latest = shop.a.book.latest_stamp().unwrap();
    file.seen.retain(|s| s.device != shop.a.id);
    file.seen.push(Hlc {
        wall_ms: a_latest.wall_ms + 86_400_000,
        ..a_latest
    });
    let hostile = file.sets.last().unwrap().id;
    let accepted = assert_held(&shop.a, &file, hostile, |c| {
        matches!(c, Conflict::HiddenOverwrite { field: Some(f), device, .. }
            if f == "address" && *device == shop.a.id)
    });
    let plan = plan_merge(
        &shop.a.book,
        shop.a.id,
        file.sets.clone(),
        &file.seen,
        &Decisions::default(),
    );
    assert!(
        plan.seen.iter().all(|s| s.device != shop.a.id),
        "the claim is dropped"
    );
    assert!(matches!(
        plan.move_series,
        Some(SeriesMove::SeenBeyondOurs { .. })
    ));
    assert_eq!(address(&accepted), "B の住所");
}

/// The same with a third device C: A holds C's change, B overwrites it
/// without having seen it and claims to have seen C beyond what A and the
/// file hold of C.
#[test]
fn a_forged_seen_for_a_third_device_is_held() {
    let mut shop = Shop::new();
    let backup = shop.a.backup(shop.t + 500);
    let mut c = Device::restore(3, &backup, shop.tick());
    let now = shop.tick();
    set_address(&mut c, now, "C の住所");
    let from_c = c.send(shop.tick(), shop.a.id);
    shop.a.import(&from_c);
    let now = shop.tick();
    set_address(&mut shop.b, now, "B の住所");
    let mut file = shop.b.export(shop.a.id);
    let c_latest = shop
        .a
        .book
        .seen()
        .into_iter()
        .find(|s| s.device == c.id)
        .unwrap();
    file.seen.push(Hlc {
        wall_ms: c_latest.wall_ms + 60_000,
        ..c_latest
    });
    let hostile = file.sets.last().unwrap().id;
    assert_held(&shop.a, &file, hostile, |conflict| {
        matches!(conflict, Conflict::HiddenOverwrite { field: Some(f), device, .. }
            if f == "address" && *device == c.id)
    });
}

/// A copied browser profile: a twin of A (same device id) issues an
/// invoice, and its sets reach A through B. A lists them as written with its
/// id, moves to a fresh device id and series, and the number both issued
/// is listed as used twice.
#[test]
fn sets_written_with_this_devices_id_by_another_copy_are_held_and_this_device_moves() {
    let mut shop = Shop::new();
    let mut twin = shop.a.clone();
    twin.n = 99;
    let (now, later) = (shop.tick(), shop.tick());
    let (_, ours) = shop.a.issue_invoice(now, "2026-06-01").unwrap();
    let (_, theirs) = twin.issue_invoice(later, "2026-06-02").unwrap();
    assert_eq!(ours, theirs, "one id, one series: the same number");
    let to_b = twin.send(shop.tick(), shop.b.id);
    shop.b.import(&to_b);
    let file = shop.b.export(shop.a.id);
    let hostile = to_b
        .sets
        .iter()
        .find(|s| !shop.a.book.has_applied(s.id))
        .unwrap()
        .id;
    let plan = plan_merge(
        &shop.a.book,
        shop.a.id,
        file.sets.clone(),
        &file.seen,
        &Decisions::default(),
    );
    assert_eq!(plan.move_series, Some(SeriesMove::WrittenWithOurId));
    let accepted = assert_held(&shop.a, &file, hostile, |c| {
        *c == Conflict::WrittenWithOurId
    });
    // The Sync page's file carries B's reservation: A moves into it.
    let now = shop.tick();
    let file = shop.b.send(now, shop.a.id);
    let mut a = shop.a.clone();
    let imported = a.import_deciding(&file, |_| true);
    assert!(imported.moved && a.id != shop.a.id, "a fresh device id");
    let tag = a.tag().expect("a fresh series from B's reservation");
    assert_eq!(
        tag, "AB",
        "B reserved AA for its first file, AB for this one"
    );
    let (_, next) = a.issue_invoice(shop.t + 10_000, "2026-06-03").unwrap();
    assert_eq!(next, "INV-2026-AB0001");
    let twice = duplicate_numbers(&accepted.book);
    assert_eq!(twice.len(), 1);
    assert_eq!(twice[0].0, ours);
}

/// One backup restored on two devices C and D: both take its reservation.
/// C's series reaches A first; D's is then held as a shared tag. D, the
/// larger id, moves to a fresh series when it learns of C.
#[test]
fn two_devices_with_one_tag_are_held_and_one_moves() {
    let mut shop = Shop::new();
    let now = shop.tick();
    let backup = shop.a.backup(now);
    let mut c = Device::restore(3, &backup, shop.tick());
    let mut d = Device::restore(4, &backup, shop.tick());
    assert_eq!((c.tag(), d.tag()), (Some("C".into()), Some("C".into())));
    let (now, later) = (shop.tick(), shop.tick());
    let (_, from_c) = c.issue_invoice(now, "2026-07-01").unwrap();
    let (_, from_d) = d.issue_invoice(later, "2026-07-01").unwrap();
    assert_eq!(from_c, from_d, "the same tag: the same number");
    let file = c.send(shop.tick(), shop.a.id);
    shop.a.import(&file);
    let file = d.send(shop.tick(), shop.a.id);
    let claim = file
        .sets
        .iter()
        .find(|s| s.changes.iter().any(|ch| matches!(ch.record(), Some(Record::DeviceSeries(s)) if s.device == d.id && s.granted == 0)))
        .unwrap()
        .id;
    assert_held(&shop.a, &file, claim, |conflict| {
        *conflict
            == Conflict::SharedTag {
                device: d.id,
                holder: c.id,
                tag: "C".into(),
            }
    });
    let mut a = shop.a.clone();
    a.import_deciding(&file, |_| true);
    assert_eq!(duplicate_numbers(&a.book).len(), 1, "listed for the user");
    // D learns of C from A's next file and yields its tag.
    let to_d = a.send(shop.tick(), d.id);
    let imported = d.import_deciding(&to_d, |_| true);
    assert!(imported.moved);
    let tag = d.tag().unwrap();
    assert_ne!(tag, "C");
    let (_, next) = d.issue_invoice(shop.tick(), "2026-07-02").unwrap();
    assert!(next.starts_with(&format!("INV-2026-{tag}")), "{next}");
    // C, the smaller id, keeps its tag.
    let to_c = a.send(shop.tick(), c.id);
    assert!(!c.import_deciding(&to_c, |_| true).moved);
    assert_eq!(c.tag().as_deref(), Some("C"));
}

fn set_address(device: &mut Device, now: u64, address: &str) {
    let mut partner = device.book.partner(id(YAMADA)).unwrap().clone();
    partner.address = address.into();
    device.put(now, Record::Partner(partner));
}

fn address(device: &Device) -> String {
    device.book.partner(id(YAMADA)).unwrap().address.clone()
}

// ---- random sequences of valid and hostile change sets ----

/// One step of a history between A (this device) and B.
#[derive(Clone, Debug)]
enum Step {
    /// A valid action on A (`on_b` false) or B.
    Valid { on_b: bool, what: u8, k: u8 },
    /// A change set B writes as it is, breaking a rule.
    Hostile { what: u8, k: u8 },
    /// B sends its changes to A, which decides each held set by `accept`;
    /// `forge` adds a claim of having seen A beyond A's latest stamp.
    ToA { accept: bool, forge: bool },
    /// A sends its changes to B, which accepts whatever is held.
    ToB,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (any::<bool>(), 0u8..5, any::<u8>()).prop_map(|(on_b, what, k)| Step::Valid { on_b, what, k }),
        3 => (0u8..9, any::<u8>()).prop_map(|(what, k)| Step::Hostile { what, k }),
        3 => (any::<bool>(), any::<bool>()).prop_map(|(accept, forge)| Step::ToA { accept, forge }),
        1 => Just(Step::ToB),
    ]
}

fn pick<T: Clone>(items: Vec<T>, k: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[usize::from(k) % items.len()].clone())
}

fn valid(device: &mut Device, now: u64, what: u8, k: u8) {
    let date = format!("2026-{:02}-{:02}", 2 + k % 10, 1 + k % 28);
    match what {
        0 => {
            device.post_entry(now, &date, "消耗品", ("609", "100"), 1_000 + i64::from(k));
        }
        1 => {
            let _ = device.issue_invoice(now, &date);
        }
        2 => set_address(device, now, &format!("住所 {k}")),
        3 => {
            let through = device
                .book
                .closed_through()
                .map_or(day("2025-12-31"), |d| d);
            let later = through.succ_opt().unwrap_or(through);
            let _ = device.try_write(now, |book, ctx| set_closed_through(book, Some(later), ctx));
        }
        _ => {
            let issued: Vec<RecordId> = device
                .book
                .documents()
                .filter(|d| d.status == DocumentStatus::Issued)
                .map(|d| d.id)
                .collect();
            if let Some(doc) = pick(issued, k) {
                let reversal = device.new_id(now);
                let mut ids =
                    std::iter::once(reversal).chain((1..).map(|n| RecordId::from_parts(now, n)));
                let _ = device.try_write(now, |book, ctx| {
                    cancel_document(book, doc, &mut || ids.next().unwrap(), ctx)
                });
            }
        }
    }
}

/// B writes a set that breaks a rule, as a crafted file would.
fn hostile(b: &mut Device, a_id: DeviceId, now: u64, what: u8, k: u8) {
    let posted: Vec<JournalEntry> = b
        .book
        .entries()
        .filter(|e| e.is_posted())
        .cloned()
        .collect();
    let issued: Vec<_> = b
        .book
        .documents()
        .filter(|d| !d.is_draft())
        .cloned()
        .collect();
    let change = match what {
        0 => pick(posted, k).map(|e| Change::Delete {
            key: key(RecordKind::JournalEntry, e.id()),
        }),
        1 => pick(posted, k).map(|e| Change::Put {
            record: Record::JournalEntry(altered(&e, |f| {
                f.insert("date".into(), "2026-12-31".into());
            })),
        }),
        2 => b.book.settings().map(|s| Change::Put {
            record: Record::PeriodLock(kura_core::book::PeriodLock {
                book_id: s.book_id,
                closed_through: None,
            }),
        }),
        3 => {
            let entry = JournalEntry::new(
                kura_core::ledger::EntryHeader {
                    id: b.new_id(now),
                    date: day("2025-06-30"),
                    description: "締め後".into(),
                    partner: None,
                    status: kura_core::ledger::EntryStatus::Posted,
                    corrects: None,
                },
                vec![
                    merge_common::posting(b.account("609"), yen(500)),
                    merge_common::posting(b.account("100"), yen(-500)),
                ],
                Currency::JPY,
            )
            .ok();
            entry.map(|record| Change::Put {
                record: Record::JournalEntry(record),
            })
        }
        4 => pick(issued.clone(), k).map(|d| Change::Delete {
            key: key(RecordKind::Document, d.id),
        }),
        5 => pick(issued, k).map(|mut d| {
            d.status = DocumentStatus::Cancelled;
            Change::Put {
                record: Record::Document(d),
            }
        }),
        6 => b.book.device_series(a_id).map(|s| Change::Put {
            record: Record::DeviceSeries(DeviceSeries {
                tag: "ZZQ".into(),
                ..s.clone()
            }),
        }),
        7 => Some(Change::Put {
            record: Record::DeviceSeries(DeviceSeries {
                device: device_id(50 + u128::from(k % 3)),
                tag: String::new(),
                granted: 0,
                reserved: None,
            }),
        }),
        _ => b.book.stock_moves().next().map(|m| Change::Delete {
            key: key(RecordKind::StockMove, m.id),
        }),
    };
    if let Some(change) = change {
        b.raw(now, vec![change]);
    }
}

/// The book reports and round-trips through a book file.
fn assert_sound(device: &Device) -> Result<(), TestCaseError> {
    let year = Period {
        from: day("2025-01-01"),
        to: day("2026-12-31"),
    };
    let balance = trial_balance(&device.book, year);
    let _ = profit_and_loss(&device.book, year);
    prop_assert_eq!(balance.totals.debit, balance.totals.credit, "it balances");
    let file = BookFile {
        header: BookFileHeader {
            kind: FileKind::Changes,
            book_id: id(merge_common::BOOK),
            book_name: "山田商店".into(),
            device: device.id,
            created_ms: 0,
            app_version: "test".into(),
            seen: device.book.seen(),
        },
        change_sets: device.log.clone(),
        attachments: Vec::new(),
    };
    let bytes = write_book_file(&file, None, &mut |_, _| {}).expect("writes");
    // A reader whose clock is past every stamp the devices made.
    let now_ms = kura_core::sync::MAX_WALL_MS;
    let read = read_book_file(&bytes, None, now_ms, &mut |_, _| {}).expect("reads back");
    prop_assert_eq!(&Book::from_change_sets(&read.change_sets), &device.book);
    prop_assert_eq!(&Book::from_change_sets(&device.log), &device.book);
    Ok(())
}

/// What refusing must keep: A's posted entries, its closed period, its own
/// series.
struct Kept {
    posted: Vec<JournalEntry>,
    closed: Option<NaiveDate>,
    series: Option<DeviceSeries>,
}

fn kept(a: &Device) -> Kept {
    Kept {
        posted: a
            .book
            .entries()
            .filter(|e| e.is_posted())
            .cloned()
            .collect(),
        closed: a.book.closed_through(),
        series: a.book.device_series(a.id).cloned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any sequence of valid and hostile change sets gives held sets or a
    /// book that reports without panicking and round-trips through a book
    /// file; refusing every held set keeps A's facts, its closed period and
    /// its series.
    #[test]
    fn any_mix_of_valid_and_hostile_sets_keeps_the_book_sound(
        steps in proptest::collection::vec(step(), 1..16)
    ) {
        let mut shop = Shop::new();
        for step in steps {
            let now = shop.tick();
            match step {
                Step::Valid { on_b, what, k } => {
                    let device = if on_b { &mut shop.b } else { &mut shop.a };
                    valid(device, now, what, k);
                }
                Step::Hostile { what, k } => {
                    let a_id = shop.a.id;
                    hostile(&mut shop.b, a_id, now, what, k);
                }
                Step::ToA { accept, forge } => {
                    let mut file = shop.b.export(shop.a.id);
                    if forge {
                        let latest = shop.a.book.latest_stamp().unwrap();
                        file.seen.push(Hlc { wall_ms: latest.wall_ms + 1, ..latest });
                    }
                    let before = kept(&shop.a);
                    let imported = shop.a.import_deciding(&file, |_| accept);
                    if !accept && !imported.moved {
                        let after = kept(&shop.a);
                        for entry in &before.posted {
                            prop_assert_eq!(shop.a.book.entry(entry.id()), Some(entry));
                        }
                        prop_assert!(after.closed >= before.closed);
                        prop_assert_eq!(after.series.map(|s| s.tag), before.series.map(|s| s.tag));
                    }
                    assert_sound(&shop.a)?;
                }
                Step::ToB => {
                    let file = shop.a.export(shop.b.id);
                    shop.b.import_deciding(&file, |_| true);
                    assert_sound(&shop.b)?;
                }
            }
        }
        assert_sound(&shop.a)?;
    }
}
