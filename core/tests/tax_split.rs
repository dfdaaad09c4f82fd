//! The tax split in a tax-exclusive book (税抜経理), end to end in the core: the
//! split lines are saved as lines of the entry, the trial balance holds them,
//! and the tax summary counts each entry's tax once and reconciles with the
//! 仮払消費税 and 仮受消費税 balances.

mod fixtures;

use fixtures::{d, date, period, Ledger};
use kura_core::book::{reverse_entry, save_entry, Record, TaxAccounting, WriteCtx};
use kura_core::export::hledger::to_hledger_journal;
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{
    saved_overrides, split_tax, tax_postings, EntryHeader, EntryStatus, Posting, TaxCode,
    TaxOverride, TaxPart, TaxRules,
};
use kura_core::reports::{tax_summary, trial_balance};
use kura_core::sync::HlcClock;
use rust_decimal::Decimal;

/// A fixture book switched to tax-exclusive, with its own clock for writes.
struct Books {
    l: Ledger,
    clock: HlcClock,
    now: u64,
}

impl Books {
    fn exclusive() -> Books {
        let l = Ledger::empty(1);
        let mut settings = l.book.settings().expect("settings").clone();
        settings.tax_accounting = TaxAccounting::Exclusive;
        let mut books = Books {
            l,
            clock: HlcClock::new(DeviceId(RecordId::from_parts(2, 9))),
            now: 1_760_000_000_000,
        };
        books.l.put(Record::BookSettings(settings));
        books
    }

    fn ctx(&mut self) -> WriteCtx {
        self.now += 1;
        WriteCtx {
            set_id: RecordId::from_parts(self.now, 2),
            stamp: self.clock.tick(self.now),
        }
    }

    fn line(&self, account: &str, amount: &str, code: Option<TaxCode>) -> Posting {
        Posting {
            account: self.l.account(account),
            amount: d(amount),
            tax_code: code,
            memo: String::new(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        }
    }

    /// The typed lines with their tax lines, as the entry form saves them.
    fn split(&self, on: &str, lines: Vec<Posting>, overrides: &[TaxOverride]) -> Vec<Posting> {
        let rules = TaxRules::for_book(&self.l.book);
        let chart = self.l.book.accounts();
        let tax = split_tax(&lines, date(on), &rules, &chart, overrides).expect("a split");
        lines.into_iter().chain(tax_postings(&tax)).collect()
    }

    /// Posts an entry; returns its id.
    fn post(&mut self, on: &str, lines: Vec<Posting>) -> RecordId {
        let id = RecordId::from_parts(self.now + 10_000, 3);
        let header = EntryHeader {
            id,
            date: date(on),
            description: "仕訳".into(),
            partner: None,
            status: EntryStatus::Posted,
            corrects: None,
        };
        let ctx = self.ctx();
        let set = save_entry(&self.l.book, header, lines, ctx).expect("the entry is saved");
        self.l.book.apply(&set);
        id
    }

    /// The closing balance of an account over 2026, debit positive.
    fn balance(&self, account: &str) -> Decimal {
        let tb = trial_balance(&self.l.book, period("2026-01-01", "2026-12-31"));
        tb.row(self.l.account(account))
            .map_or(Decimal::ZERO, |r| r.closing)
    }
}

fn year_summary(b: &Books) -> kura_core::reports::TaxSummary {
    tax_summary(&b.l.book, period("2026-01-01", "2026-12-31"))
}

#[test]
fn a_split_expense_is_saved_with_its_input_tax_and_counted_once() {
    let mut b = Books::exclusive();
    let lines = b.split(
        "2026-04-01",
        vec![
            b.line("消耗品費", "10000", Some(TaxCode::Purchase10)),
            b.line("現金", "-11000", None),
        ],
        &[],
    );
    let id = b.post("2026-04-01", lines);
    let entry = b.l.book.entry(id).unwrap();
    let tax_line = entry.lines().iter().find(|l| l.tax_part.is_some()).unwrap();
    assert_eq!(tax_line.account, b.l.account("仮払消費税"));
    assert_eq!(tax_line.amount, d("1000"));
    assert_eq!(b.balance("仮払消費税"), d("1000"));
    assert_eq!(b.balance("消耗品費"), d("10000"));

    let tax = year_summary(&b);
    let p10 = tax.line(TaxCode::Purchase10).unwrap();
    assert_eq!(
        (p10.base, p10.tax, p10.gross, p10.creditable_tax, p10.lines),
        (d("10000"), d("1000"), d("11000"), d("1000"), 1)
    );
    assert_eq!(tax.methods.input_tax, b.balance("仮払消費税"));
    assert_eq!((tax.tax_exclusive_entries, tax.unassigned.len()), (1, 0));

    // The export carries the tax line like any other, with its code.
    let journal = to_hledger_journal(&b.l.book);
    assert!(
        journal.contains("仮払消費税    1000 JPY  ; tax:purchase10"),
        "{journal}"
    );
}

#[test]
fn sales_at_both_rates_in_one_entry_reconcile_with_output_tax() {
    let mut b = Books::exclusive();
    let lines = b.split(
        "2026-05-01",
        vec![
            b.line("売掛金", "16400", None),
            b.line("売上高", "-10000", Some(TaxCode::Sales10)),
            b.line("売上高", "-5000", Some(TaxCode::Sales8Reduced)),
        ],
        &[],
    );
    b.post("2026-05-01", lines);
    assert_eq!(b.balance("仮受消費税"), d("-1400"));
    let tax = year_summary(&b);
    assert_eq!(tax.line(TaxCode::Sales10).unwrap().tax, d("1000"));
    assert_eq!(tax.line(TaxCode::Sales8Reduced).unwrap().tax, d("400"));
    assert_eq!(tax.methods.output_tax, -b.balance("仮受消費税"));
    assert_eq!(tax.methods.creditable_input_tax, Decimal::ZERO);
}

#[test]
fn unregistered_purchases_credit_only_the_share_on_input_tax() {
    let mut b = Books::exclusive();
    let mut ids = Vec::new();
    for on in ["2026-09-30", "2026-10-01"] {
        let lines = b.split(
            on,
            vec![
                b.line("外注工賃", "10000", Some(TaxCode::Purchase10Unregistered)),
                b.line("現金", "-11000", None),
            ],
            &[],
        );
        ids.push(b.post(on, lines));
    }
    // 800 (80%) and 700 (70%) creditable; 200 and 300 stay in the expense.
    assert_eq!(b.balance("仮払消費税"), d("1500"));
    assert_eq!(b.balance("外注工賃"), d("20500"));
    let tax = year_summary(&b);
    let line = tax.line(TaxCode::Purchase10Unregistered).unwrap();
    assert_eq!(
        (line.base, line.tax, line.creditable_tax, line.lines),
        (d("20000"), d("2000"), d("1500"), 2)
    );
    assert_eq!(tax.methods.creditable_input_tax, b.balance("仮払消費税"));

    // A reversal keeps the marks, so it takes back exactly what it undoes.
    let ctx = b.ctx();
    let reversal = RecordId::from_parts(1_770_000_000_000, 1);
    let set = reverse_entry(&b.l.book, ids[1], reversal, date("2026-10-02"), ctx).unwrap();
    b.l.book.apply(&set);
    let tax = year_summary(&b);
    let line = tax.line(TaxCode::Purchase10Unregistered).unwrap();
    assert_eq!(
        (line.base, line.tax, line.creditable_tax),
        (d("10000"), d("1000"), d("800"))
    );
    assert_eq!(tax.methods.creditable_input_tax, b.balance("仮払消費税"));
}

#[test]
fn an_overridden_tax_is_saved_as_typed_and_comes_back_as_an_override() {
    let mut b = Books::exclusive();
    let fix = TaxOverride {
        code: TaxCode::Purchase10,
        part: TaxPart::Tax,
        amount: d("999"),
    };
    let lines = b.split(
        "2026-04-01",
        vec![
            b.line("消耗品費", "10000", Some(TaxCode::Purchase10)),
            b.line("現金", "-10999", None),
        ],
        &[fix],
    );
    let id = b.post("2026-04-01", lines);
    assert_eq!(b.balance("仮払消費税"), d("999"));
    let entry = b.l.book.entry(id).unwrap();
    let rules = TaxRules::for_book(&b.l.book);
    let chart = b.l.book.accounts();
    let again = saved_overrides(entry.lines(), entry.date(), &rules, &chart).unwrap();
    assert_eq!(again, [fix]);
    let p10 = year_summary(&b).line(TaxCode::Purchase10).cloned().unwrap();
    assert_eq!((p10.base, p10.tax), (d("10000"), d("999")));
}

#[test]
fn a_tax_inclusive_book_gets_no_tax_lines() {
    let l = Ledger::empty(1);
    let rules = TaxRules::for_book(&l.book);
    assert!(!rules.exclusive);
    let lines = [Posting {
        account: l.account("消耗品費"),
        amount: d("11000"),
        tax_code: Some(TaxCode::Purchase10),
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    }];
    let chart = l.book.accounts();
    assert!(split_tax(&lines, date("2026-04-01"), &rules, &chart, &[])
        .unwrap()
        .is_empty());
}
