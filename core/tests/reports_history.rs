//! The change history (変更履歴): a correction shows the original, its reversal
//! and the correction; closing and reopening the period are both there; drafts
//! are not; accounts, settings and in-place changes are; the range is by when
//! the change was made, and text finds the records it mentions.

mod fixtures;

use chrono::{DateTime, NaiveDateTime};
use fixtures::{date, period, Ledger};
use kura_core::book::{
    rename_book, save_account, save_entry, set_closed_through, Book, Record, RecordKind, WriteCtx,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{EntryHeader, EntryStatus, JournalEntry};
use kura_core::locale::Locale;
use kura_core::money::Currency;
use kura_core::reports::csv::change_history_csv;
use kura_core::reports::{
    change_history, record_summary, ChangeHistory, ChangeKind, Field, HistoryQuery, HistoryRow,
};
use kura_core::sync::{ChangeSet, HlcClock};

const BOOK: &str = "
2026-01-05 * 売上 | ABC商事
  売掛金   110000
  売上高  -110000 ; Sales10
2026-01-06 ! 下書き
  雑費   100
  現金  -100
2026-01-05 *fix=1 売上(単価訂正) | ABC商事
  売掛金   121000
  売上高  -121000 ; Sales10
";

/// 2025-10-09 08:53:20 UTC: well after the fixture's own changes (June 2025).
const LATER: u64 = 1_760_000_000_000;
const DAY: u64 = 86_400_000;

/// Local time as UTC, so the test does not depend on the machine's zone.
fn utc(ms: u64) -> NaiveDateTime {
    DateTime::from_timestamp_millis(ms as i64)
        .unwrap()
        .naive_utc()
}

/// A write made at `ms`.
fn at(ms: u64) -> WriteCtx {
    WriteCtx {
        set_id: RecordId::from_parts(ms, 77),
        stamp: HlcClock::new(DeviceId(RecordId::from_parts(2, 2))).tick(ms),
    }
}

/// Makes a change set from the book as it is, and folds it in.
fn apply(l: &mut Ledger, make: impl FnOnce(&Book) -> ChangeSet) {
    let set = make(&l.book);
    l.book.apply(&set);
}

fn everything(l: &Ledger) -> ChangeHistory {
    change_history(&l.book, &HistoryQuery::default(), utc)
}

fn of_kind(h: &ChangeHistory, kind: RecordKind) -> Vec<&HistoryRow> {
    h.rows.iter().filter(|r| r.record.kind == kind).collect()
}

fn id_of(record: &Option<std::sync::Arc<Record>>) -> Option<RecordId> {
    record.as_ref().map(|r| r.key().id)
}

#[test]
fn a_correction_shows_the_original_its_reversal_and_the_correction() {
    let l = Ledger::parse(BOOK);
    let h = everything(&l);
    let entries = of_kind(&h, RecordKind::JournalEntry);
    let (original, replacement) = (l.entry(1), l.entry(3));
    let reversal = l.reversals[&3];
    let changes: Vec<(&ChangeKind, RecordId)> =
        entries.iter().map(|r| (&r.change, r.record.id)).collect();
    // The draft is not there; the reversal comes before the correction made with it.
    assert_eq!(
        changes,
        [
            (&ChangeKind::Posted, original),
            (&ChangeKind::Reversal { original }, reversal),
            (&ChangeKind::Correction { original }, replacement),
        ]
    );
    // Posting: nothing before. Reversal and correction: the original before.
    assert_eq!(id_of(&entries[0].before), None);
    assert_eq!(id_of(&entries[0].after), Some(original));
    assert_eq!(id_of(&entries[1].before), Some(original));
    assert_eq!(id_of(&entries[2].before), Some(original));
    assert_eq!(
        entries[1].stamp, entries[2].stamp,
        "one action, one change set"
    );
    assert!(entries[0].at < entries[1].at);
    // What the screen and the CSV show before and after the correction.
    let summary = |r: &Option<std::sync::Arc<Record>>| {
        record_summary(&l.book, r.as_deref().unwrap(), Locale::Ja)
    };
    assert_eq!(
        summary(&entries[2].before),
        "2026/01/05 売上 (ABC商事): 売掛金 ¥110,000 / 売上高 ¥110,000"
    );
    assert_eq!(
        summary(&entries[2].after),
        "2026/01/05 売上(単価訂正) (ABC商事): 売掛金 ¥121,000 / 売上高 ¥121,000"
    );
    assert_eq!(
        summary(&entries[1].after),
        "2026/01/05 売上 (ABC商事): 売上高 ¥110,000 / 売掛金 ¥110,000"
    );
}

#[test]
fn closing_and_reopening_the_period_are_both_recorded() {
    let mut l = Ledger::parse(BOOK);
    let steps = [
        Some("2026-01-31"),
        Some("2026-02-28"),
        Some("2026-01-31"),
        None,
    ];
    for (n, through) in steps.into_iter().enumerate() {
        let ms = LATER + n as u64 * DAY;
        apply(&mut l, |b| {
            set_closed_through(b, through.map(date), at(ms)).unwrap()
        });
    }
    let h = everything(&l);
    let locks: Vec<&ChangeKind> = of_kind(&h, RecordKind::PeriodLock)
        .iter()
        .map(|r| &r.change)
        .collect();
    assert_eq!(
        locks,
        [
            &ChangeKind::PeriodClosed {
                through: date("2026-01-31")
            },
            &ChangeKind::PeriodClosed {
                through: date("2026-02-28")
            },
            &ChangeKind::PeriodReopened {
                through: Some(date("2026-01-31"))
            },
            &ChangeKind::PeriodReopened { through: None },
        ]
    );
    let last = of_kind(&h, RecordKind::PeriodLock)[3];
    assert_eq!(
        record_summary(&l.book, last.before.as_deref().unwrap(), Locale::En),
        "31 Jan 2026"
    );
    assert_eq!(
        record_summary(&l.book, last.after.as_deref().unwrap(), Locale::En),
        "—"
    );
    assert_eq!(last.at, utc(LATER + 3 * DAY));

    // The range is the day the change was made, not the entries' dates.
    let query = HistoryQuery {
        period: Some(period("2025-10-10", "2025-10-11")),
        text: None,
    };
    let days = change_history(&l.book, &query, utc);
    let kinds: Vec<&ChangeKind> = days.rows.iter().map(|r| &r.change).collect();
    assert_eq!(
        kinds,
        [
            &ChangeKind::PeriodClosed {
                through: date("2026-02-28")
            },
            &ChangeKind::PeriodReopened {
                through: Some(date("2026-01-31"))
            },
        ]
    );
}

#[test]
fn accounts_settings_and_changes_in_place_are_listed_with_their_fields() {
    let mut l = Ledger::parse(BOOK);
    let training = l.account("研修費");
    let mut account = l.book.account(training).unwrap().clone();
    account.name_ja = "研修・セミナー費".into();
    let renamed = account.clone();
    apply(&mut l, |b| save_account(b, renamed, at(LATER)).unwrap());
    account.archived = true;
    apply(&mut l, |b| save_account(b, account, at(LATER + 1)).unwrap());
    apply(&mut l, |b| {
        rename_book(b, "山田商店", at(LATER + 2)).unwrap()
    });
    // A version that changes a posted entry in place (no command does that; an
    // import or another program could) is listed, not hidden.
    let entry = l.book.entry(l.entry(1)).unwrap();
    let altered = JournalEntry::new(
        EntryHeader {
            description: "書き換え".into(),
            ..entry.header()
        },
        entry.lines().to_vec(),
        Currency::JPY,
    )
    .unwrap();
    l.put(Record::JournalEntry(altered));
    // Posting a draft is one row; its draft versions are none.
    let draft = l.entry(2);
    apply(&mut l, |b| {
        let draft = b.entry(draft).unwrap();
        let header = EntryHeader {
            status: EntryStatus::Posted,
            ..draft.header()
        };
        save_entry(b, header, draft.lines().to_vec(), at(LATER + 3)).unwrap()
    });

    let h = everything(&l);
    let accounts: Vec<&ChangeKind> = of_kind(&h, RecordKind::Account)
        .into_iter()
        .filter(|r| r.record.id == training)
        .map(|r| &r.change)
        .collect();
    assert_eq!(
        accounts,
        [
            &ChangeKind::Added,
            &ChangeKind::Changed {
                fields: vec![Field::Name]
            },
            &ChangeKind::Changed {
                fields: vec![Field::Archived]
            },
        ]
    );
    let settings: Vec<&ChangeKind> = of_kind(&h, RecordKind::BookSettings)
        .iter()
        .map(|r| &r.change)
        .collect();
    assert_eq!(
        settings,
        [
            &ChangeKind::BookCreated,
            &ChangeKind::Changed {
                fields: vec![Field::BookName]
            }
        ]
    );
    let entries: Vec<(&ChangeKind, RecordId)> = of_kind(&h, RecordKind::JournalEntry)
        .iter()
        .map(|r| (&r.change, r.record.id))
        .collect();
    assert!(entries.contains(&(
        &ChangeKind::Changed {
            fields: vec![Field::Description]
        },
        l.entry(1)
    )));
    assert!(entries.contains(&(&ChangeKind::Posted, l.entry(2))));
    assert_eq!(
        entries.iter().filter(|(_, id)| *id == l.entry(2)).count(),
        1
    );
}

#[test]
fn text_finds_the_changes_of_the_records_it_mentions() {
    let l = Ledger::parse(BOOK);
    let find = |text: &str| {
        let query = HistoryQuery {
            period: None,
            text: Some(text.into()),
        };
        change_history(&l.book, &query, utc)
    };
    // Partner, ignoring case and full/half width: the three entry changes.
    let abc = find("ａｂｃ商事");
    assert_eq!(abc.rows.len(), 3);
    assert!(abc
        .rows
        .iter()
        .all(|r| r.record.kind == RecordKind::JournalEntry));
    // An account name finds the account and the entries posted to it.
    let sales = find("売上高");
    assert_eq!(of_kind(&sales, RecordKind::Account).len(), 1);
    assert_eq!(of_kind(&sales, RecordKind::JournalEntry).len(), 3);
    // The original's id finds its posting, reversal and correction.
    assert_eq!(find(&l.entry(1).to_string()).rows.len(), 3);
    assert!(find("該当なし").rows.is_empty());
}

#[test]
fn the_history_as_csv() {
    let l = Ledger::parse(BOOK);
    let query = HistoryQuery {
        period: None,
        text: Some("ABC".into()),
    };
    let h = change_history(&l.book, &query, utc);
    let text = change_history_csv(
        &h,
        &l.book,
        Locale::Ja,
        &["日時", "対象", "内容", "変更前", "変更後", "ID"],
        |row| {
            let what = match row.change {
                ChangeKind::Posted => "記帳",
                ChangeKind::Reversal { .. } => "取消",
                ChangeKind::Correction { .. } => "訂正",
                _ => "その他",
            };
            ["仕訳".to_string(), what.to_string()]
        },
    );
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], "日時,対象,内容,変更前,変更後,ID");
    assert_eq!(lines.len(), 5, "{text}");
    let original = "\"2026/01/05 売上 (ABC商事): 売掛金 ¥110,000 / 売上高 ¥110,000\"";
    assert_eq!(
        lines[1],
        format!("2025-06-15 15:06:40,仕訳,記帳,,{original},{}", l.entry(1))
    );
    assert!(
        lines[3].contains(&format!(",訂正,{original},\"2026/01/05 売上(単価訂正)")),
        "{}",
        lines[3]
    );
    assert!(lines[3].ends_with(&l.entry(3).to_string()));
}
