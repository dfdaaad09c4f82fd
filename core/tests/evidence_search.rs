//! The evidence search (証憑の検索): each file by its own date, amount and
//! partner, else its entry's; ranges on date and amount; the keys ANDed — a
//! property against a brute-force filter written from the rule's words.

mod fixtures;

use chrono::NaiveDate;
use fixtures::{d, date, Ledger};
use kura_core::book::{attach_evidence, Book, EvidenceKeys, MediaType, Record, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::reports::{search_evidence, EvidenceSearch};
use kura_core::sync::HlcClock;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Three entries: different days, totals and partners (one with none).
const ENTRIES: &str = "
2026-03-01 * 文具 | 文具店
  消耗品費  1100
  現金     -1100
2026-03-15 * 家賃 | ヤマダ不動産
  地代家賃  80000
  普通預金 -80000
2026-04-02 * 雑費
  雑費      330
  現金     -330
";

struct Books {
    ledger: Ledger,
    clock: HlcClock,
    now: u64,
    next: u128,
}

impl Books {
    fn new() -> Books {
        Books {
            ledger: Ledger::parse(ENTRIES),
            clock: HlcClock::new(DeviceId(RecordId::from_parts(1, 8))),
            now: 1_760_000_000_000,
            next: 0,
        }
    }

    fn book(&self) -> &Book {
        &self.ledger.book
    }

    /// Attaches a distinct small XML file to entry `n` (from 1) with `keys`.
    fn attach(&mut self, n: usize, keys: EvidenceKeys) -> RecordId {
        self.now += 1;
        self.next += 1;
        let id = RecordId::from_parts(self.now, self.next);
        let ctx = WriteCtx {
            set_id: RecordId::from_parts(self.now, 1_000_000 + self.next),
            stamp: self.clock.tick(self.now),
        };
        let bytes = format!(
            "<?xml version=\"1.0\"?><Invoice><ID>{}</ID></Invoice>",
            self.next
        );
        let entry = self.ledger.entry(n);
        let set = attach_evidence(
            self.book(),
            entry,
            id,
            "inv.xml",
            bytes.as_bytes(),
            keys,
            ctx,
        )
        .expect("attached");
        for change in set.changes {
            if let Some(record) = change.record() {
                self.ledger.put(record.clone());
            }
        }
        id
    }
}

fn keys(date_: Option<&str>, amount: Option<&str>, partner: Option<&str>) -> EvidenceKeys {
    EvidenceKeys {
        date: date_.map(date),
        amount: amount.map(d),
        partner: partner.map(str::to_string),
    }
}

#[test]
fn a_file_is_found_by_its_own_keys_else_by_its_entrys() {
    let mut b = Books::new();
    let plain = b.attach(1, EvidenceKeys::default());
    let own = b.attach(
        2,
        keys(Some("2026-02-28"), Some("40000"), Some("ＡＢＣ管理")),
    );
    let partly = b.attach(3, keys(None, Some("300"), None));
    let find = |b: &Books, q: EvidenceSearch| -> Vec<RecordId> {
        search_evidence(b.book(), &q)
            .iter()
            .map(|r| r.attachment_id)
            .collect()
    };
    assert_eq!(
        find(&b, EvidenceSearch::default()),
        [own, plain, partly],
        "by date"
    );
    let march = EvidenceSearch {
        from: Some(date("2026-03-01")),
        to: Some(date("2026-03-31")),
        ..EvidenceSearch::default()
    };
    assert_eq!(
        find(&b, march),
        [plain],
        "the rent's file is dated February"
    );
    let amounts = EvidenceSearch {
        min_amount: Some(d("300")),
        max_amount: Some(d("1100")),
        ..EvidenceSearch::default()
    };
    assert_eq!(find(&b, amounts), [plain, partly]);
    let by_partner = |p: &str| EvidenceSearch {
        partner: Some(p.into()),
        ..EvidenceSearch::default()
    };
    assert_eq!(
        find(&b, by_partner("abc")),
        [own],
        "folded like the entry search"
    );
    assert_eq!(
        find(&b, by_partner("ヤマダ")),
        [],
        "its own partner replaces the entry's"
    );
    assert_eq!(find(&b, by_partner("文具")), [plain]);
    let rows = search_evidence(b.book(), &EvidenceSearch::default());
    let row = rows.iter().find(|r| r.attachment_id == partly).unwrap();
    assert_eq!(
        (row.date, row.amount, row.partner.as_deref()),
        (date("2026-04-02"), d("300"), None)
    );
    assert!(!row.own_date && row.own_amount && !row.own_partner);
    assert_eq!(row.media_type, MediaType::Xml);
    assert_eq!(row.entry_id, b.ledger.entry(3));
}

#[test]
fn removed_files_are_listed_only_when_asked_and_a_logo_never() {
    let mut b = Books::new();
    let kept = b.attach(1, EvidenceKeys::default());
    let removed = b.attach(1, EvidenceKeys::default());
    let mut record = b.book().attachment(removed).unwrap().clone();
    record.removed = true;
    b.ledger.put(Record::Attachment(record));
    let logo = kura_core::book::profile_image(
        RecordId::from_parts(1_000, 1),
        RecordId::from_parts(1_900_000_000_000, 1),
        "logo.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    b.ledger.put(Record::Attachment(logo));
    let ids = |include_removed| -> Vec<RecordId> {
        let q = EvidenceSearch {
            include_removed,
            ..EvidenceSearch::default()
        };
        search_evidence(b.book(), &q)
            .iter()
            .map(|r| r.attachment_id)
            .collect()
    };
    assert_eq!(ids(false), [kept]);
    assert_eq!(ids(true), [kept, removed]);
}

/// One optional bound of a few values around the fixture's.
fn opt<T: Clone + std::fmt::Debug + 'static>(values: Vec<T>) -> impl Strategy<Value = Option<T>> {
    prop_oneof![Just(None), proptest::sample::select(values).prop_map(Some)]
}

fn dates() -> Vec<NaiveDate> {
    [
        "2026-02-28",
        "2026-03-01",
        "2026-03-10",
        "2026-03-15",
        "2026-04-02",
        "2026-05-01",
    ]
    .map(date)
    .to_vec()
}

fn amounts() -> Vec<Decimal> {
    ["0", "300", "330", "1100", "40000", "80000", "99999"]
        .map(d)
        .to_vec()
}

fn partners() -> Vec<String> {
    ["文具", "ヤマダ", "ｙａｍａ", "yama", "店", "不動産"]
        .map(str::to_string)
        .to_vec()
}

fn file_keys() -> impl Strategy<Value = (usize, EvidenceKeys)> {
    let partner = opt(vec![
        "Yamada 不動産".to_string(),
        "文具店".to_string(),
        "ＡＢＣ".to_string(),
    ]);
    (1..=3usize, opt(dates()), opt(amounts()), partner).prop_map(|(n, date, amount, partner)| {
        (
            n,
            EvidenceKeys {
                date,
                amount,
                partner,
            },
        )
    })
}

fn query() -> impl Strategy<Value = EvidenceSearch> {
    (
        opt(dates()),
        opt(dates()),
        opt(amounts()),
        opt(amounts()),
        opt(partners()),
    )
        .prop_map(
            |(from, to, min_amount, max_amount, partner)| EvidenceSearch {
                from,
                to,
                min_amount,
                max_amount,
                partner,
                include_removed: false,
            },
        )
}

/// Folding as the rule says: full-width ASCII as half-width, then lower case.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The search finds exactly the files a filter written from the rule's
    /// words keeps, and that is the intersection of the single-key searches.
    #[test]
    fn the_keys_are_anded_as_a_brute_force_filter_finds(
        files in proptest::collection::vec(file_keys(), 0..8),
        q in query(),
    ) {
        let mut b = Books::new();
        let mut attached = Vec::new();
        for (n, keys) in files {
            let id = b.attach(n, keys.clone());
            attached.push((id, n, keys));
        }
        let mut expected: Vec<(NaiveDate, RecordId)> = Vec::new();
        for (id, n, keys) in &attached {
            let entry = b.book().entry(b.ledger.entry(*n)).unwrap();
            let day = keys.date.unwrap_or(entry.date());
            let amount = keys.amount.unwrap_or(entry.total());
            let partner = keys.partner.clone().or(entry.partner().map(str::to_string));
            let ok = q.from.is_none_or(|f| day >= f)
                && q.to.is_none_or(|t| day <= t)
                && q.min_amount.is_none_or(|m| amount >= m)
                && q.max_amount.is_none_or(|m| amount <= m)
                && q.partner.as_ref().is_none_or(|p| {
                    partner.as_ref().is_some_and(|name| fold(name).contains(&fold(p)))
                });
            if ok {
                expected.push((day, *id));
            }
        }
        expected.sort();
        let found: Vec<RecordId> = search_evidence(b.book(), &q).iter().map(|r| r.attachment_id).collect();
        let expected: Vec<RecordId> = expected.into_iter().map(|(_, id)| id).collect();
        prop_assert_eq!(&found, &expected);

        let single = [
            EvidenceSearch { from: q.from, to: q.to, ..EvidenceSearch::default() },
            EvidenceSearch { min_amount: q.min_amount, max_amount: q.max_amount, ..EvidenceSearch::default() },
            EvidenceSearch { partner: q.partner.clone(), ..EvidenceSearch::default() },
        ];
        let each: Vec<Vec<RecordId>> = single
            .iter()
            .map(|s| search_evidence(b.book(), s).iter().map(|r| r.attachment_id).collect())
            .collect();
        let intersection: Vec<RecordId> = each[0]
            .iter()
            .filter(|id| each[1].contains(id) && each[2].contains(id))
            .copied()
            .collect();
        prop_assert_eq!(found, intersection);
    }
}
