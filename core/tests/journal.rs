//! The journal's rules, as a user meets them: entries balance or do not exist,
//! drafts can change and posted entries cannot, corrections keep the original,
//! closed periods refuse postings.

use chrono::NaiveDate;
use kura_core::book::{
    correct_entry, delete_account, delete_draft, reverse_entry, save_account, save_entry,
    set_closed_through, Book, BookSettings, JournalError, Record, RecordKey, RecordKind, WriteCtx,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{
    Account, AccountType, EntryError, EntryHeader, EntryStatus, JournalEntry, Posting,
};
use kura_core::sync::{Change, ChangeSet, HlcClock};
use rust_decimal::Decimal;

/// A book with a few accounts, and a deterministic clock and id source.
struct Fixture {
    book: Book,
    clock: HlcClock,
    next: u128,
}

const CASH: u128 = 1;
const SALES: u128 = 2;
const RENT: u128 = 3;
const OLD: u128 = 4;

fn id(n: u128) -> RecordId {
    RecordId::from_parts(1_700_000_000_000, n)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn yen(n: i64) -> Decimal {
    Decimal::from(n)
}

/// Built from JSON so that fields added later with `serde(default)` need no change here.
fn account(n: u128, code: &str, name: &str, kind: AccountType, archived: bool) -> Account {
    serde_json::from_value(serde_json::json!({
        "id": id(n), "code": code, "name_ja": name, "name_en": "",
        "kind": kind, "archived": archived,
    }))
    .unwrap()
}

impl Fixture {
    fn new() -> Fixture {
        let mut fixture = Fixture {
            book: Book::default(),
            clock: HlcClock::new(DeviceId(id(999))),
            next: 100,
        };
        let settings: BookSettings = serde_json::from_value(serde_json::json!({
            "book_id": id(1000), "name": "山田商店", "owner_name": "", "currency": "JPY",
            "fiscal_year_start_month": 1, "locale": "ja", "chart_template": "japan_sole_proprietor",
        }))
        .unwrap();
        let accounts = [
            account(CASH, "100", "現金", AccountType::Asset, false),
            account(SALES, "400", "売上高", AccountType::Revenue, false),
            account(RENT, "520", "地代家賃", AccountType::Expense, false),
            account(OLD, "599", "旧科目", AccountType::Expense, true),
        ];
        let mut changes = vec![Change::Put {
            record: Record::BookSettings(settings),
        }];
        changes.extend(accounts.into_iter().map(|a| Change::Put {
            record: Record::Account(a),
        }));
        let ctx = fixture.ctx();
        fixture.apply(ChangeSet {
            id: ctx.set_id,
            stamp: ctx.stamp,
            changes,
            link: None,
        });
        fixture
    }

    fn ctx(&mut self) -> WriteCtx {
        self.next += 1;
        WriteCtx {
            set_id: id(self.next),
            stamp: self.clock.tick(self.next as u64),
        }
    }

    fn fresh_id(&mut self) -> RecordId {
        self.next += 1;
        id(self.next)
    }

    fn apply(&mut self, set: ChangeSet) {
        assert!(self.book.apply(&set));
    }

    fn header(&mut self, on: NaiveDate, status: EntryStatus) -> EntryHeader {
        EntryHeader {
            id: self.fresh_id(),
            date: on,
            description: "売上".into(),
            partner: Some("ABC商事".into()),
            status,
            corrects: None,
        }
    }

    /// Posts (or drafts) `amount` of cash sales on a date; returns the entry id.
    fn sale(
        &mut self,
        on: NaiveDate,
        amount: i64,
        status: EntryStatus,
    ) -> Result<RecordId, JournalError> {
        let header = self.header(on, status);
        let entry_id = header.id;
        let ctx = self.ctx();
        let set = save_entry(&self.book, header, lines(CASH, SALES, amount), ctx)?;
        self.apply(set);
        Ok(entry_id)
    }

    fn balance(&self, account: u128) -> Decimal {
        self.book
            .entries()
            .filter(|e| e.is_posted())
            .flat_map(|e| e.lines())
            .filter(|p| p.account == id(account))
            .map(|p| p.amount)
            .sum()
    }
}

fn lines(debit: u128, credit: u128, amount: i64) -> Vec<Posting> {
    vec![
        Posting {
            account: id(debit),
            amount: yen(amount),
            tax_code: None,
            memo: String::new(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        },
        Posting {
            account: id(credit),
            amount: yen(-amount),
            tax_code: None,
            memo: String::new(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        },
    ]
}

#[test]
fn a_posted_sale_is_in_the_books() {
    let mut f = Fixture::new();
    let entry = f
        .sale(date(2026, 4, 1), 110_000, EntryStatus::Posted)
        .unwrap();
    assert!(f.book.entry(entry).unwrap().is_posted());
    assert_eq!(f.balance(CASH), yen(110_000));
    assert_eq!(f.balance(SALES), yen(-110_000));
}

#[test]
fn an_unbalanced_entry_cannot_exist() {
    let mut f = Fixture::new();
    let header = f.header(date(2026, 4, 1), EntryStatus::Posted);
    let mut unbalanced = lines(CASH, SALES, 1000);
    unbalanced[1].amount = yen(-999);
    let ctx = f.ctx();
    assert_eq!(
        save_entry(&f.book, header, unbalanced, ctx),
        Err(JournalError::Entry(EntryError::Unbalanced {
            difference: yen(1)
        }))
    );
    // Nor can one be read back from storage.
    let stored = r#"{"id":"00000000-0000-7000-8000-000000000001","date":"2026-04-01","description":"x","lines":[
        {"account":"00000000-0000-7000-8000-000000000001","amount":"100"},
        {"account":"00000000-0000-7000-8000-000000000002","amount":"-99"}],"status":"posted"}"#;
    assert!(serde_json::from_str::<JournalEntry>(stored).is_err());
}

#[test]
fn yen_amounts_have_no_decimals_and_lines_need_known_live_accounts() {
    let mut f = Fixture::new();
    let header = f.header(date(2026, 4, 1), EntryStatus::Posted);
    let mut fractional = lines(CASH, SALES, 0);
    fractional[0].amount = Decimal::new(105, 1);
    fractional[1].amount = Decimal::new(-105, 1);
    let ctx = f.ctx();
    assert_eq!(
        save_entry(&f.book, header.clone(), fractional, ctx),
        Err(JournalError::Entry(EntryError::TooManyDecimals { line: 1 }))
    );
    let ctx = f.ctx();
    assert_eq!(
        save_entry(&f.book, header.clone(), lines(42, SALES, 100), ctx),
        Err(JournalError::UnknownAccount { line: 1 })
    );
    let ctx = f.ctx();
    assert_eq!(
        save_entry(&f.book, header, lines(OLD, CASH, 100), ctx),
        Err(JournalError::ArchivedAccount { line: 1 })
    );
}

#[test]
fn a_draft_can_change_and_be_deleted_but_a_posted_entry_cannot() {
    let mut f = Fixture::new();
    let draft = f.sale(date(2026, 4, 1), 5_000, EntryStatus::Draft).unwrap();
    assert_eq!(
        f.balance(CASH),
        Decimal::ZERO,
        "drafts are not in the books"
    );

    let mut header = f.book.entry(draft).unwrap().header();
    header.status = EntryStatus::Posted;
    let ctx = f.ctx();
    let posted = save_entry(&f.book, header.clone(), lines(CASH, SALES, 5_500), ctx).unwrap();
    f.apply(posted);
    assert_eq!(f.balance(CASH), yen(5_500));

    let ctx = f.ctx();
    assert_eq!(
        save_entry(&f.book, header, lines(CASH, SALES, 1), ctx),
        Err(JournalError::AlreadyPosted)
    );
    let ctx = f.ctx();
    assert_eq!(
        delete_draft(&f.book, draft, ctx),
        Err(JournalError::AlreadyPosted)
    );

    let other = f.sale(date(2026, 4, 2), 700, EntryStatus::Draft).unwrap();
    let ctx = f.ctx();
    let deleted = delete_draft(&f.book, other, ctx).unwrap();
    f.apply(deleted);
    assert!(f.book.entry(other).is_none());
    let key = RecordKey {
        kind: RecordKind::JournalEntry,
        id: other,
    };
    assert_eq!(
        f.book.history(&key).len(),
        2,
        "the deletion is in the history"
    );
}

#[test]
fn a_correction_keeps_the_original_and_nets_to_the_new_amount() {
    let mut f = Fixture::new();
    let original = f
        .sale(date(2026, 4, 1), 110_000, EntryStatus::Posted)
        .unwrap();
    let reversal_id = f.fresh_id();
    let corrected = f.header(date(2026, 4, 3), EntryStatus::Posted);
    let corrected_id = corrected.id;
    let ctx = f.ctx();
    let set = correct_entry(
        &f.book,
        original,
        reversal_id,
        corrected,
        lines(CASH, SALES, 121_000),
        ctx,
    )
    .unwrap();
    f.apply(set);

    assert!(
        f.book.entry(original).unwrap().is_posted(),
        "the original stays"
    );
    assert_eq!(
        f.book.entry(reversal_id).unwrap().corrects(),
        Some(original)
    );
    assert_eq!(
        f.book.entry(corrected_id).unwrap().corrects(),
        Some(original)
    );
    assert_eq!(f.balance(CASH), yen(121_000));
    assert_eq!(f.book.entry_count(), 3);
}

#[test]
fn only_posted_entries_are_reversed() {
    let mut f = Fixture::new();
    let draft = f.sale(date(2026, 4, 1), 100, EntryStatus::Draft).unwrap();
    let reversal = f.fresh_id();
    let ctx = f.ctx();
    assert_eq!(
        reverse_entry(&f.book, draft, reversal, date(2026, 4, 2), ctx),
        Err(JournalError::NotPosted)
    );
    let posted = f.sale(date(2026, 4, 1), 100, EntryStatus::Posted).unwrap();
    let ctx = f.ctx();
    let set = reverse_entry(&f.book, posted, reversal, date(2026, 4, 2), ctx).unwrap();
    f.apply(set);
    assert_eq!(f.balance(CASH), Decimal::ZERO);
}

#[test]
fn a_closed_period_refuses_postings_until_reopened() {
    let mut f = Fixture::new();
    let ctx = f.ctx();
    let close = set_closed_through(&f.book, Some(date(2026, 3, 31)), ctx).unwrap();
    f.apply(close);
    assert_eq!(
        f.sale(date(2026, 3, 31), 100, EntryStatus::Posted),
        Err(JournalError::PeriodClosed {
            through: date(2026, 3, 31),
            date: date(2026, 3, 31)
        })
    );
    assert!(f.sale(date(2026, 4, 1), 100, EntryStatus::Posted).is_ok());

    let ctx = f.ctx();
    let reopen = set_closed_through(&f.book, None, ctx).unwrap();
    f.apply(reopen);
    assert!(f.sale(date(2026, 3, 31), 100, EntryStatus::Posted).is_ok());
    let lock = RecordKey {
        kind: RecordKind::PeriodLock,
        id: id(1000),
    };
    assert_eq!(
        f.book.history(&lock).len(),
        2,
        "closing and reopening are both recorded"
    );
}

#[test]
fn account_codes_are_unique_and_used_accounts_are_not_deleted() {
    let mut f = Fixture::new();
    let ctx = f.ctx();
    assert_eq!(
        save_account(
            &f.book,
            account(50, "100", "重複", AccountType::Asset, false),
            ctx
        ),
        Err(JournalError::DuplicateCode("100".into()))
    );
    f.sale(date(2026, 4, 1), 100, EntryStatus::Posted).unwrap();
    let ctx = f.ctx();
    assert_eq!(
        delete_account(&f.book, id(CASH), ctx),
        Err(JournalError::AccountInUse)
    );
    let ctx = f.ctx();
    let set = delete_account(&f.book, id(RENT), ctx).unwrap();
    f.apply(set);
    assert!(f.book.account(id(RENT)).is_none());
}
