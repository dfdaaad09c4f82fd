//! Device sync by files: the laws of merging (property tests over random
//! creates, edits and deletes from three devices) and the field-wise merge.

use std::collections::HashMap;

use kura_core::book::{
    create_book, rename_book, Book, Record, RecordKey, RecordKind, SettingsInput, WriteCtx,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::sync::{
    checksum, mark_edits, merge, new_sets, restore_field, unacknowledged, Change, ChangeSet, Hlc,
    HlcClock, MergeReport,
};
use kura_core::trade::Partner;
use proptest::prelude::*;
use serde_json::json;

const BOOK: u128 = 1;

fn id(n: u128) -> RecordId {
    RecordId::from_parts(1_700_000_000_000, n)
}

fn partner_key(n: u128) -> RecordKey {
    RecordKey {
        kind: RecordKind::Partner,
        id: id(1_000 + n),
    }
}

fn new_partner(n: u128, name: &str) -> Partner {
    serde_json::from_value(json!({
        "id": id(1_000 + n), "name": name, "is_customer": true, "is_supplier": false,
    }))
    .unwrap()
}

/// A file one device sends another: its sets and what the sender had seen.
#[derive(Clone)]
struct File {
    from: DeviceId,
    sets: Vec<ChangeSet>,
    seen: Vec<Hlc>,
}

/// One device: its book, its log (the store), and what each peer acknowledged.
#[derive(Clone)]
struct Device {
    n: u128,
    id: DeviceId,
    clock: HlcClock,
    book: Book,
    log: Vec<ChangeSet>,
    peer_seen: HashMap<DeviceId, Vec<Hlc>>,
    writes: u128,
}

impl Device {
    fn new(n: u128, first: &ChangeSet) -> Device {
        let id = DeviceId(RecordId::from_parts(1, n));
        Device {
            n,
            id,
            clock: HlcClock::new(id),
            book: Book::from_change_sets([first]),
            log: vec![first.clone()],
            peer_seen: HashMap::new(),
            writes: 0,
        }
    }

    /// A write as the app makes it: the clock past the book, the set marked
    /// with the fields it edits, applied after "commit".
    fn write(&mut self, now: u64, make: impl FnOnce(&Book, WriteCtx) -> ChangeSet) {
        if let Some(latest) = self.book.latest_stamp() {
            self.clock.observe(&latest);
        }
        self.writes += 1;
        let ctx = WriteCtx {
            set_id: RecordId::from_parts(now, self.n << 64 | self.writes),
            stamp: self.clock.tick(now),
        };
        let set = mark_edits(make(&self.book, ctx), &self.book);
        self.book.apply(&set);
        self.log.push(set);
    }

    fn put_partner(&mut self, now: u64, n: u128, edit: impl FnOnce(&mut Partner)) {
        let mut partner = self
            .book
            .partner(partner_key(n).id)
            .cloned()
            .unwrap_or_else(|| new_partner(n, "新規"));
        edit(&mut partner);
        self.write(now, |_, ctx| {
            set_of(
                ctx,
                vec![Change::Put {
                    record: Record::Partner(partner),
                }],
            )
        });
    }

    fn export(&self, to: DeviceId) -> File {
        let acknowledged = self.peer_seen.get(&to).cloned().unwrap_or_default();
        File {
            from: self.id,
            sets: unacknowledged(self.log.clone(), &acknowledged),
            seen: self.book.seen(),
        }
    }

    fn import(&mut self, file: &File) -> MergeReport {
        let fresh = new_sets(&self.book, file.sets.clone());
        let report = merge(&mut self.book, &fresh, &file.seen);
        self.log.extend(fresh);
        self.peer_seen.insert(file.from, file.seen.clone());
        report
    }
}

fn set_of(ctx: WriteCtx, changes: Vec<Change>) -> ChangeSet {
    ChangeSet {
        id: ctx.set_id,
        stamp: ctx.stamp,
        changes,
    }
}

fn created() -> ChangeSet {
    let mut n = 0;
    let mut ids = move || {
        n += 1;
        RecordId::from_parts(2_000, n)
    };
    let input = SettingsInput {
        name: "山田商店".into(),
        ..SettingsInput::default()
    };
    let ctx = WriteCtx {
        set_id: id(BOOK),
        stamp: HlcClock::new(DeviceId(RecordId::from_parts(1, 0))).tick(1_000),
    };
    create_book(input, id(BOOK), &mut ids, ctx).unwrap()
}

fn two_devices() -> (Device, Device) {
    let first = created();
    (Device::new(1, &first), Device::new(2, &first))
}

fn name_of(device: &Device, n: u128) -> Option<(String, String)> {
    device
        .book
        .partner(partner_key(n).id)
        .map(|p| (p.name.clone(), p.email.clone()))
}

#[test]
fn edits_of_different_fields_of_one_partner_are_both_kept() {
    let (mut a, mut b) = two_devices();
    a.put_partner(2_000, 1, |p| p.name = "山田商事".into());
    b.import(&a.export(b.id));
    a.put_partner(3_000, 1, |p| p.name = "山田商事株式会社".into());
    b.put_partner(4_000, 1, |p| p.email = "info@yamada.example".into());
    let to_b = b.import(&a.export(b.id));
    let to_a = a.import(&b.export(a.id));
    let both = Some((
        "山田商事株式会社".to_string(),
        "info@yamada.example".to_string(),
    ));
    assert_eq!(name_of(&a, 1), both);
    assert_eq!(name_of(&b, 1), both);
    assert!(
        to_a.overwritten.is_empty() && to_b.overwritten.is_empty(),
        "no field was lost"
    );
    assert_eq!(checksum(&a.book), checksum(&b.book));
    assert_eq!(a.book, b.book);
}

#[test]
fn the_later_edit_of_one_field_wins_and_the_loser_sees_it_listed() {
    let (mut a, mut b) = two_devices();
    a.put_partner(2_000, 1, |p| p.name = "山田".into());
    b.import(&a.export(b.id));
    a.put_partner(3_000, 1, |p| p.name = "A の名前".into());
    b.put_partner(4_000, 1, |p| p.name = "B の名前".into());
    let on_a = a.import(&b.export(a.id));
    let on_b = b.import(&a.export(b.id));
    assert_eq!(name_of(&a, 1).unwrap().0, "B の名前");
    assert_eq!(a.book, b.book);
    assert!(
        on_b.overwritten.is_empty(),
        "B's value stayed: nothing to review"
    );
    let [conflict] = on_a.overwritten.as_slice() else {
        panic!("one conflict: {:?}", on_a.overwritten)
    };
    assert_eq!(conflict.key, partner_key(1));
    assert_eq!(conflict.field.as_deref(), Some("name"));
    assert_eq!(conflict.ours, Some(json!("A の名前")));
    assert_eq!(conflict.theirs, Some(json!("B の名前")));
    assert_eq!(conflict.by.0.device, b.id);

    // "Restore ours": a normal write, which then travels back to B.
    let (key, field, ours) = (conflict.key, "name", conflict.ours.clone());
    a.write(5_000, |book, ctx| {
        restore_field(book, key, field, ours, ctx).unwrap()
    });
    assert_eq!(name_of(&a, 1).unwrap().0, "A の名前");
    b.import(&a.export(b.id));
    assert_eq!(name_of(&b, 1).unwrap().0, "A の名前");
}

#[test]
fn a_plain_update_the_sender_had_seen_is_not_a_conflict() {
    let (mut a, mut b) = two_devices();
    a.put_partner(2_000, 1, |p| p.name = "旧名".into());
    b.import(&a.export(b.id));
    b.put_partner(3_000, 1, |p| p.name = "新名".into());
    let report = a.import(&b.export(a.id));
    assert_eq!(report.merged, 1);
    assert!(report.overwritten.is_empty(), "B had seen A's name");
    assert_eq!(name_of(&a, 1).unwrap().0, "新名");
}

#[test]
fn a_deletion_of_a_record_we_changed_is_listed() {
    let (mut a, mut b) = two_devices();
    a.put_partner(2_000, 1, |p| p.name = "山田".into());
    b.import(&a.export(b.id));
    a.put_partner(3_000, 1, |p| p.phone = "03-1234-5678".into());
    b.write(4_000, |_, ctx| {
        set_of(
            ctx,
            vec![Change::Delete {
                key: partner_key(1),
            }],
        )
    });
    let report = a.import(&b.export(a.id));
    assert_eq!(a.book.partner(partner_key(1).id), None);
    let [deleted] = report.overwritten.as_slice() else {
        panic!("{:?}", report.overwritten)
    };
    assert_eq!(deleted.field, None);
    assert!(matches!(&deleted.our_record, Record::Partner(p) if p.phone == "03-1234-5678"));
}

#[test]
fn only_unacknowledged_sets_are_exported_and_a_rename_travels() {
    let (mut a, mut b) = two_devices();
    a.put_partner(100_000, 1, |p| p.name = "一".into());
    a.put_partner(500_000, 1, |p| p.name = "二".into());
    let old = a.log[1].id;
    b.import(&a.export(b.id));
    a.import(&b.export(a.id));
    // An hour later only the new set goes, with what B acknowledged less than
    // the safety margin before it.
    a.write(4_000_000, |book, ctx| {
        rename_book(book, "新しい名前", ctx).unwrap()
    });
    let file = a.export(b.id);
    assert!(
        file.sets.iter().all(|s| s.id != old),
        "B has acknowledged it"
    );
    assert_eq!(
        file.sets.len(),
        3,
        "the book's creation, the last put, the rename"
    );
    let rename = &file.sets.last().unwrap().changes[0];
    assert!(matches!(rename, Change::Edit { fields, .. } if fields == &["name"]));
    b.import(&file);
    assert_eq!(b.book.settings().unwrap().name, "新しい名前");
    assert_eq!(a.book, b.book);
}

/// One step of a random history.
#[derive(Clone, Debug)]
enum Step {
    /// A device writes a partner field (creating the partner if it lacks it).
    Edit {
        device: usize,
        partner: u128,
        field: u8,
        value: String,
    },
    Delete {
        device: usize,
        partner: u128,
    },
    Rename {
        device: usize,
        name: String,
    },
    /// `to` imports what `from` sends it.
    Send {
        from: usize,
        to: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3, 0u128..3, 0u8..3, "[a-zあ-お]{1,4}")
            .prop_map(|(device, partner, field, value)| Step::Edit { device, partner, field, value }),
        1 => (0usize..3, 0u128..3).prop_map(|(device, partner)| Step::Delete { device, partner }),
        1 => (0usize..3, "[a-z]{1,5}").prop_map(|(device, name)| Step::Rename { device, name }),
        2 => (0usize..3, 0usize..3).prop_map(|(from, to)| Step::Send { from, to }),
    ]
}

fn run(steps: &[Step]) -> Vec<Device> {
    let first = created();
    let mut devices: Vec<Device> = (1..=3).map(|n| Device::new(n, &first)).collect();
    for (i, step) in steps.iter().enumerate() {
        // Wall clocks that drift apart: device d runs d seconds ahead.
        let now = |d: usize| 10_000 + i as u64 * 1_000 + d as u64 * 1_000;
        match step.clone() {
            Step::Edit {
                device,
                partner,
                field,
                value,
            } => devices[device].put_partner(now(device), partner, |p| match field {
                0 => p.name = value,
                1 => p.email = value,
                _ => p.notes = value,
            }),
            Step::Delete { device, partner } => {
                let key = partner_key(partner);
                devices[device].write(now(device), |_, ctx| {
                    set_of(ctx, vec![Change::Delete { key }])
                })
            }
            Step::Rename { device, name } => devices[device].write(now(device), |book, ctx| {
                rename_book(book, &name, ctx).unwrap()
            }),
            Step::Send { from, to } if from != to => {
                let file = devices[from].export(devices[to].id);
                devices[to].import(&file);
            }
            Step::Send { .. } => {}
        }
    }
    devices
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Importing the same file twice is importing it once.
    #[test]
    fn importing_twice_is_importing_once(steps in proptest::collection::vec(step(), 1..25)) {
        let devices = run(&steps);
        let file = devices[0].export(devices[1].id);
        let mut once = devices[1].clone();
        once.import(&file);
        let mut twice = once.clone();
        let again = twice.import(&file);
        prop_assert_eq!(again.merged, 0);
        prop_assert!(again.overwritten.is_empty());
        prop_assert_eq!(&once.book, &twice.book);
    }

    /// A's file then B's equals B's then A's.
    #[test]
    fn the_order_of_imports_does_not_matter(steps in proptest::collection::vec(step(), 1..25)) {
        let devices = run(&steps);
        let (from_a, from_b) = (devices[0].export(devices[2].id), devices[1].export(devices[2].id));
        let mut ab = devices[2].clone();
        ab.import(&from_a);
        ab.import(&from_b);
        let mut ba = devices[2].clone();
        ba.import(&from_b);
        ba.import(&from_a);
        prop_assert_eq!(checksum(&ab.book), checksum(&ba.book));
        prop_assert_eq!(&ab.book, &ba.book);
    }

    /// After files go both ways, both devices hold the same book.
    #[test]
    fn exchanging_both_ways_makes_identical_books(steps in proptest::collection::vec(step(), 1..25)) {
        let mut devices = run(&steps);
        let to_b = devices[0].export(devices[1].id);
        devices[1].import(&to_b);
        let to_a = devices[1].export(devices[0].id);
        devices[0].import(&to_a);
        prop_assert_eq!(checksum(&devices[0].book), checksum(&devices[1].book));
        prop_assert_eq!(&devices[0].book, &devices[1].book);
        let partners = |d: &Device| {
            let mut all: Vec<Partner> = d.book.partners().cloned().collect();
            all.sort_by_key(|p| p.id);
            all
        };
        prop_assert_eq!(partners(&devices[0]), partners(&devices[1]));
    }
}
