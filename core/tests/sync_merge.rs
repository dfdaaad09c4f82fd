//! Device sync by files: the laws of merging (property tests over random
//! creates, edits and deletes from three devices, through the same judging
//! and merge as the app), the field-wise merge, and numbering across devices
//! (restores issue at once, never a number twice).

mod merge_common;

use std::collections::HashMap;

use kura_core::book::{
    create_book, rename_book, Record, RecordKey, RecordKind, SettingsInput, WriteCtx,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::sync::{checksum, restore_field, Change, ChangeSet, HlcClock};
use kura_core::trade::Partner;
use proptest::prelude::*;
use serde_json::json;

use merge_common::{id, Device, BOOK};

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

/// Writes a partner field as the app does (creating the partner if absent).
fn put_partner(device: &mut Device, now: u64, n: u128, edit: impl FnOnce(&mut Partner)) {
    let mut partner = device
        .book
        .partner(partner_key(n).id)
        .cloned()
        .unwrap_or_else(|| new_partner(n, "新規"));
    edit(&mut partner);
    device.put(now, Record::Partner(partner));
}

fn set_of(ctx: WriteCtx, changes: Vec<Change>) -> ChangeSet {
    ChangeSet {
        id: ctx.set_id,
        stamp: ctx.stamp,
        changes,
        link: None,
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
    put_partner(&mut a, 2_000, 1, |p| p.name = "山田商事".into());
    b.import(&a.export(b.id));
    put_partner(&mut a, 3_000, 1, |p| p.name = "山田商事株式会社".into());
    put_partner(&mut b, 4_000, 1, |p| p.email = "info@yamada.example".into());
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
    put_partner(&mut a, 2_000, 1, |p| p.name = "山田".into());
    b.import(&a.export(b.id));
    put_partner(&mut a, 3_000, 1, |p| p.name = "A の名前".into());
    put_partner(&mut b, 4_000, 1, |p| p.name = "B の名前".into());
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
    put_partner(&mut a, 2_000, 1, |p| p.name = "旧名".into());
    b.import(&a.export(b.id));
    put_partner(&mut b, 3_000, 1, |p| p.name = "新名".into());
    let report = a.import(&b.export(a.id));
    assert_eq!(report.merged, 1);
    assert!(report.overwritten.is_empty(), "B had seen A's name");
    assert_eq!(name_of(&a, 1).unwrap().0, "新名");
}

#[test]
fn a_deletion_of_a_record_we_changed_is_listed() {
    let (mut a, mut b) = two_devices();
    put_partner(&mut a, 2_000, 1, |p| p.name = "山田".into());
    b.import(&a.export(b.id));
    put_partner(&mut a, 3_000, 1, |p| p.phone = "03-1234-5678".into());
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
    put_partner(&mut a, 100_000, 1, |p| p.name = "一".into());
    put_partner(&mut a, 500_000, 1, |p| p.name = "二".into());
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
            } => put_partner(
                &mut devices[device],
                now(device),
                partner,
                |p| match field {
                    0 => p.name = value,
                    1 => p.email = value,
                    _ => p.notes = value,
                },
            ),
            Step::Delete { device, partner } => {
                let key = partner_key(partner);
                devices[device].raw(now(device), vec![Change::Delete { key }]);
            }
            Step::Rename { device, name } => {
                devices[device].write(now(device), |book, ctx| {
                    rename_book(book, &name, ctx).unwrap()
                });
            }
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

// ---- numbering across devices ----

/// A laptop is replaced: the new one restores last night's backup and issues
/// at once, in the series the old one reserved for that backup; the old one
/// (still around) and the new one never make the same number.
#[test]
fn a_device_restored_from_a_backup_issues_at_once() {
    let mut old = Device::founder(1, 1_000);
    assert_eq!(
        old.issue_invoice(2_000, "2026-04-01").unwrap().1,
        "INV-2026-0001"
    );
    let backup = old.backup(3_000);
    let mut new = Device::restore(2, &backup, 4_000);
    assert_eq!(new.tag().as_deref(), Some("A"));
    assert_eq!(
        new.issue_invoice(5_000, "2026-04-02").unwrap().1,
        "INV-2026-A0001"
    );
    assert_eq!(
        old.issue_invoice(5_000, "2026-04-02").unwrap().1,
        "INV-2026-0002"
    );
    // A second backup reserves the next tag: restoring it elsewhere is safe too.
    let again = Device::restore(3, &old.backup(6_000), 7_000);
    assert_eq!(again.tag().as_deref(), Some("B"));
    // The files go round; every number stays where it was issued.
    let to_old = new.send(8_000, old.id);
    old.import(&to_old);
    let to_new = old.send(9_000, new.id);
    new.import(&to_new);
    assert_eq!(checksum(&old.book), checksum(&new.book));
    assert!(kura_core::trade::duplicate_numbers(&old.book).is_empty());
    assert_eq!(
        new.issue_invoice(10_000, "2026-04-03").unwrap().1,
        "INV-2026-A0002"
    );
}

/// A book restored from a backup made before reservations (no series
/// reserved for it) cannot issue, until a changes file that carries a
/// reservation is merged: then at once.
#[test]
fn a_device_without_a_series_takes_the_reservation_of_the_next_file() {
    let mut first = Device::founder(1, 1_000);
    first.issue_invoice(2_000, "2026-04-01").unwrap();
    let old_backup = merge_common::File {
        from: first.id,
        sets: first.log.clone(),
        seen: first.book.seen(),
    };
    let mut second = Device::restore(2, &old_backup, 3_000);
    assert_eq!(second.tag(), None);
    assert_eq!(
        second.issue_invoice(4_000, "2026-04-02"),
        Err(kura_core::trade::TradeError::NoNumberSeries)
    );
    let file = first.send(5_000, second.id);
    second.import(&file);
    assert_eq!(second.tag().as_deref(), Some("A"));
    assert_eq!(
        second.issue_invoice(6_000, "2026-04-02").unwrap().1,
        "INV-2026-A0001"
    );
}

#[test]
fn counters_at_their_maximum_refuse_instead_of_wrapping() {
    use kura_core::trade::{
        claim_series_before_sending, next_number, DeviceSeries, DocumentKind, TradeError,
        MAX_SEQUENCE,
    };
    let mut shop = Device::founder(1, 1_000);
    let (doc, _) = shop.issue_invoice(2_000, "2026-04-01").unwrap();
    let mut last = shop.book.document(doc).unwrap().clone();
    last.id = shop.new_id(3_000);
    last.number = Some(format!("INV-2026-{MAX_SEQUENCE}"));
    shop.put(4_000, Record::Document(last));
    let series = shop.book.device_series(shop.id).unwrap().clone();
    assert_eq!(
        next_number(&shop.book, DocumentKind::Invoice, &series, 2026),
        Err(TradeError::SeriesExhausted {
            series: "INV-2026-".into()
        })
    );
    assert_eq!(
        shop.issue_invoice(5_000, "2026-05-01"),
        Err(TradeError::SeriesExhausted {
            series: "INV-2026-".into()
        })
    );
    // Other years and kinds go on.
    assert_eq!(
        shop.issue_invoice(6_000, "2027-01-05").unwrap().1,
        "INV-2027-0001"
    );
    // A series that gave out every tag it can reserves nothing more: the file
    // goes without a reservation rather than repeat a tag.
    let full = DeviceSeries {
        granted: u32::MAX,
        reserved: Some("ZZZZZZYYYYYYX".into()),
        ..series
    };
    shop.put(7_000, Record::DeviceSeries(full));
    let ctx = shop.ctx(8_000);
    let cleared = claim_series_before_sending(&shop.book, shop.id, ctx).unwrap();
    shop.commit(cleared);
    let record = shop.book.device_series(shop.id).unwrap();
    assert_eq!(
        (record.granted, record.reserved.as_deref()),
        (u32::MAX, None)
    );
    let ctx = shop.ctx(9_000);
    assert_eq!(claim_series_before_sending(&shop.book, shop.id, ctx), None);
}

/// One step of a history of devices that back up, restore, exchange files
/// and issue.
#[derive(Clone, Debug)]
enum Life {
    Issue {
        device: usize,
        year: bool,
    },
    Backup {
        device: usize,
    },
    /// A new device restores one of the backups not restored yet.
    Restore {
        backup: usize,
    },
    Send {
        from: usize,
        to: usize,
    },
}

fn life() -> impl Strategy<Value = Life> {
    prop_oneof![
        4 => (0usize..8, any::<bool>()).prop_map(|(device, year)| Life::Issue { device, year }),
        2 => (0usize..8).prop_map(|device| Life::Backup { device }),
        2 => (0usize..8).prop_map(|backup| Life::Restore { backup }),
        3 => (0usize..8, 0usize..8).prop_map(|(from, to)| Life::Send { from, to }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Devices restoring different backups of one book (backups of backups
    /// included), issuing offline and exchanging files in any order: every
    /// device issues at once, no file is held, and no number is ever given
    /// to two documents.
    #[test]
    fn restores_and_merges_never_repeat_a_number(steps in proptest::collection::vec(life(), 1..40)) {
        let mut devices = vec![Device::founder(1, 1_000)];
        let mut backups: Vec<Option<merge_common::File>> = Vec::new();
        let mut issued: HashMap<String, RecordId> = HashMap::new();
        for (i, step) in steps.into_iter().enumerate() {
            let now = 10_000 + i as u64 * 1_000;
            match step {
                Life::Issue { device, year } => {
                    let d = device % devices.len();
                    let date = if year { "2027-01-10" } else { "2026-06-10" };
                    let (doc, number) = devices[d].issue_invoice(now, date).unwrap();
                    if let Some(other) = issued.insert(number.clone(), doc) {
                        prop_assert!(false, "{number} given to {other} and {doc}");
                    }
                }
                Life::Backup { device } => {
                    let d = device % devices.len();
                    backups.push(Some(devices[d].backup(now)));
                }
                Life::Restore { backup } => {
                    let count = backups.len();
                    if let Some(file) = backups.get_mut(backup % count.max(1)).and_then(Option::take) {
                        let n = devices.len() as u128 + 1;
                        devices.push(Device::restore(n, &file, now));
                    }
                }
                Life::Send { from, to } => {
                    let (from, to) = (from % devices.len(), to % devices.len());
                    if from != to {
                        let to_id = devices[to].id;
                        let file = devices[from].send(now, to_id);
                        let imported = devices[to].import_deciding(&file, |held| {
                            panic!("held: {:?}", held.conflicts)
                        });
                        prop_assert!(!imported.moved);
                    }
                }
            }
        }
        for device in &devices {
            prop_assert!(kura_core::trade::duplicate_numbers(&device.book).is_empty());
        }
    }
}
