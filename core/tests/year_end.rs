//! Fiscal year close and private-use splits, on worked examples computed by hand.

use chrono::NaiveDate;
use kura_core::book::{
    close_fiscal_year, create_book, fiscal_year, private_use_entry, reverse_entry, save_entry,
    save_private_use_rule, set_closed_through, Book, ChartTemplate, JournalError, PrivateShare,
    PrivateUseRule, SettingsInput, WriteCtx,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting};
use kura_core::sync::{ChangeSet, HlcClock};
use rust_decimal::Decimal;

struct Fixture {
    book: Book,
    clock: HlcClock,
    next: u128,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn yen(n: i64) -> Decimal {
    Decimal::from(n)
}

impl Fixture {
    fn new(template: ChartTemplate, start_month: u32) -> Fixture {
        Fixture::with(SettingsInput {
            name: "山田商店".into(),
            chart_template: template,
            fiscal_year_start_month: start_month,
            ..SettingsInput::default()
        })
    }

    fn with(input: SettingsInput) -> Fixture {
        let mut fixture = Fixture {
            book: Book::default(),
            clock: HlcClock::new(DeviceId(RecordId::from_parts(1, 1))),
            next: 0,
        };
        let ctx = fixture.ctx();
        let mut next = 1_000;
        let mut ids = || {
            next += 1;
            RecordId::from_parts(5, next)
        };
        let set = create_book(input, RecordId::from_parts(5, 1), &mut ids, ctx).unwrap();
        fixture.apply(set);
        fixture
    }

    fn id(&mut self) -> RecordId {
        self.next += 1;
        RecordId::from_parts(1_700_000_000_000, self.next)
    }

    fn ctx(&mut self) -> WriteCtx {
        let set_id = self.id();
        WriteCtx {
            set_id,
            stamp: self.clock.tick(self.next as u64),
        }
    }

    fn apply(&mut self, set: ChangeSet) {
        assert!(self.book.apply(&set));
    }

    fn account(&self, code: &str) -> RecordId {
        self.book
            .accounts()
            .into_iter()
            .find(|a| a.code == code)
            .unwrap_or_else(|| panic!("no account {code}"))
            .id
    }

    /// Saves `amount` from `credit` to `debit` on `on`.
    fn save(&mut self, on: NaiveDate, debit: &str, credit: &str, amount: i64, status: EntryStatus) {
        let header = EntryHeader {
            id: self.id(),
            date: on,
            description: format!("{debit} / {credit}"),
            partner: None,
            status,
            corrects: None,
        };
        let lines = vec![
            line(self.account(debit), yen(amount)),
            line(self.account(credit), -yen(amount)),
        ];
        let ctx = self.ctx();
        let set = save_entry(&self.book, header, lines, ctx).unwrap();
        self.apply(set);
    }

    fn post(&mut self, on: NaiveDate, debit: &str, credit: &str, amount: i64) {
        self.save(on, debit, credit, amount, EntryStatus::Posted);
    }

    fn close(&mut self, year_end: NaiveDate) -> Result<ChangeSet, JournalError> {
        let ctx = self.ctx();
        let mut next = self.next + 500;
        let mut ids = || {
            next += 1;
            RecordId::from_parts(1_700_000_000_000, next)
        };
        close_fiscal_year(&self.book, year_end, &mut ids, ctx)
    }

    /// The account's balance (debit positive) over every posted line on or before `on`:
    /// how a balance sheet reads the books.
    fn balance(&self, code: &str, on: NaiveDate) -> Decimal {
        let account = self.account(code);
        self.book
            .entries_between(NaiveDate::MIN, on)
            .filter(|e| e.is_posted())
            .flat_map(|e| e.lines())
            .filter(|p| p.account == account)
            .map(|p| p.amount)
            .sum()
    }

    /// The account's movement in a period, leaving out year-close entries: how a
    /// profit-and-loss report reads the books.
    fn movement(&self, code: &str, from: NaiveDate, to: NaiveDate) -> Decimal {
        let account = self.account(code);
        self.book
            .entries_between(from, to)
            .filter(|e| e.is_posted() && e.origin() != EntryOrigin::YearClose)
            .flat_map(|e| e.lines())
            .filter(|p| p.account == account)
            .map(|p| p.amount)
            .sum()
    }

    fn close_entry(&self, on: NaiveDate) -> &JournalEntry {
        self.book
            .entries_between(on, on)
            .find(|e| e.origin() == EntryOrigin::YearClose)
            .expect("a year-close entry")
    }
}

fn line(account: RecordId, amount: Decimal) -> Posting {
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

/// A freelancer's year: 元入金 1,000,000; sales 3,000,000 and rent 600,000 (profit
/// 2,400,000); the owner took 600,000 out (事業主貸) and put 50,000 in (事業主借).
fn sole_proprietor_year() -> Fixture {
    let mut f = Fixture::new(ChartTemplate::JapanSoleProprietor, 1);
    f.post(date(2026, 1, 1), "111", "300", 1_000_000);
    f.post(date(2026, 3, 31), "111", "400", 3_000_000);
    f.post(date(2026, 6, 30), "615", "111", 600_000);
    f.post(date(2026, 8, 10), "190", "111", 600_000);
    f.post(date(2026, 9, 1), "100", "310", 50_000);
    f
}

#[test]
fn a_sole_proprietors_year_rolls_into_capital() {
    let mut f = sole_proprietor_year();
    let year_end = date(2026, 12, 31);
    let next_day = date(2027, 1, 1);
    let set = f.close(year_end).unwrap();
    f.apply(set);

    // By hand: 1,000,000 + 50,000 − 600,000 + 2,400,000 = 2,850,000.
    assert_eq!(f.balance("300", next_day), -yen(2_850_000));
    assert_eq!(f.balance("190", next_day), Decimal::ZERO);
    assert_eq!(f.balance("310", next_day), Decimal::ZERO);
    assert_eq!(f.balance("400", next_day), Decimal::ZERO);
    assert_eq!(f.balance("615", next_day), Decimal::ZERO);
    // Assets 2,800,000 in the bank and 50,000 in cash equal the new capital.
    assert_eq!(f.balance("111", next_day), yen(2_800_000));
    assert_eq!(f.balance("100", next_day), yen(50_000));

    // The year-end balance sheet is as the blue return shows it.
    assert_eq!(f.balance("300", year_end), -yen(1_000_000));
    assert_eq!(f.balance("190", year_end), yen(600_000));
    assert_eq!(f.balance("310", year_end), -yen(50_000));

    // The year's P&L is intact and the next year's starts at zero.
    assert_eq!(
        f.movement("400", date(2026, 1, 1), year_end),
        -yen(3_000_000)
    );
    assert_eq!(
        f.movement("400", next_day, date(2027, 12, 31)),
        Decimal::ZERO
    );

    let entry = f.close_entry(next_day);
    assert!(entry.is_posted());
    assert_eq!(entry.corrects(), None);
    assert_eq!(entry.total(), yen(3_050_000));
    assert_eq!(f.book.closed_through(), Some(year_end));
}

#[test]
fn a_generic_books_profit_goes_to_retained_earnings() {
    let mut f = Fixture::new(ChartTemplate::GenericSmallBusiness, 1);
    f.post(date(2026, 1, 5), "110", "300", 1_000_000);
    f.post(date(2026, 2, 1), "120", "400", 500_000);
    f.post(date(2026, 3, 1), "606", "110", 200_000);
    f.post(date(2026, 4, 1), "310", "110", 100_000);
    let set = f.close(date(2026, 12, 31)).unwrap();
    f.apply(set);
    let next_day = date(2027, 1, 1);
    assert_eq!(f.balance("320", next_day), -yen(300_000));
    assert_eq!(f.balance("300", next_day), -yen(900_000));
    assert_eq!(f.balance("310", next_day), Decimal::ZERO);
    assert_eq!(f.balance("400", next_day), Decimal::ZERO);
    assert_eq!(f.balance("606", next_day), Decimal::ZERO);
}

#[test]
fn a_year_follows_the_books_start_month() {
    let mut f = Fixture::new(ChartTemplate::JapanSoleProprietor, 4);
    assert_eq!(
        fiscal_year(&f.book, date(2026, 2, 1)),
        (date(2025, 4, 1), date(2026, 3, 31))
    );
    f.post(date(2026, 2, 1), "111", "400", 10_000);
    assert_eq!(
        f.close(date(2026, 12, 31)),
        Err(JournalError::NotFiscalYearEnd {
            date: date(2026, 12, 31)
        })
    );
    let set = f.close(date(2026, 3, 31)).unwrap();
    f.apply(set);
    assert_eq!(f.balance("300", date(2026, 4, 1)), -yen(10_000));
}

#[test]
fn drafts_in_the_year_block_the_close() {
    let mut f = sole_proprietor_year();
    f.save(date(2026, 11, 1), "609", "100", 3_000, EntryStatus::Draft);
    assert_eq!(
        f.close(date(2026, 12, 31)),
        Err(JournalError::DraftsRemain {
            count: 1,
            date: date(2026, 12, 31)
        })
    );
    // A draft in the next year does not.
    let mut g = sole_proprietor_year();
    g.save(date(2027, 1, 5), "609", "100", 3_000, EntryStatus::Draft);
    assert!(g.close(date(2026, 12, 31)).is_ok());
}

#[test]
fn a_year_is_closed_once() {
    let mut f = sole_proprietor_year();
    let year_end = date(2026, 12, 31);
    let set = f.close(year_end).unwrap();
    f.apply(set);
    assert_eq!(
        f.close(year_end),
        Err(JournalError::AlreadyClosed { through: year_end })
    );
    // Reopened, the close entry still stands: closing again would double it.
    let ctx = f.ctx();
    let reopen = set_closed_through(&f.book, None, ctx).unwrap();
    f.apply(reopen);
    assert_eq!(
        f.close(year_end),
        Err(JournalError::AlreadyClosed { through: year_end })
    );
    // Reverse it, fix the year, and close again.
    let close_id = f.close_entry(date(2027, 1, 1)).id();
    let (reversal_id, ctx) = (f.id(), f.ctx());
    let reversal = reverse_entry(&f.book, close_id, reversal_id, date(2027, 1, 1), ctx).unwrap();
    f.apply(reversal);
    assert_eq!(
        f.book.entry(reversal_id).unwrap().origin(),
        EntryOrigin::YearClose,
        "a reversal stays out of the P&L like what it undoes"
    );
    f.post(date(2026, 12, 20), "609", "111", 100_000);
    let set = f.close(year_end).unwrap();
    f.apply(set);
    assert_eq!(f.balance("300", date(2027, 1, 1)), -yen(2_750_000));
    assert_eq!(f.balance("609", date(2027, 1, 1)), Decimal::ZERO);
}

#[test]
fn an_empty_year_is_only_locked() {
    let mut f = Fixture::new(ChartTemplate::JapanSoleProprietor, 1);
    let set = f.close(date(2026, 12, 31)).unwrap();
    assert_eq!(set.changes.len(), 1);
    f.apply(set);
    assert_eq!(f.book.closed_through(), Some(date(2026, 12, 31)));
}

fn rent_rule(f: &mut Fixture, share: Decimal) -> RecordId {
    let rule = PrivateUseRule {
        id: f.id(),
        account: f.account("615"),
        private_share: PrivateShare::new(share).unwrap(),
        basis: " floor area 30% ".into(),
    };
    let id = rule.id;
    let ctx = f.ctx();
    let set = save_private_use_rule(&f.book, rule, ctx).unwrap();
    f.apply(set);
    id
}

fn split(f: &mut Fixture, rule: RecordId) -> Result<ChangeSet, JournalError> {
    let (entry_id, ctx) = (f.id(), f.ctx());
    private_use_entry(
        &f.book,
        &[rule],
        date(2026, 1, 1),
        date(2026, 12, 31),
        entry_id,
        ctx,
    )
}

#[test]
fn the_private_share_of_rent_moves_to_owners_drawings() {
    let mut f = Fixture::new(ChartTemplate::JapanSoleProprietor, 1);
    for month in 1..=12 {
        f.post(date(2026, month, 25), "615", "111", 10_000);
    }
    let rule = rent_rule(&mut f, Decimal::new(3, 1));
    assert_eq!(f.book.private_use_rules().len(), 1);
    assert_eq!(f.book.private_use_rules()[0].basis, "floor area 30%");
    let set = split(&mut f, rule).unwrap();
    f.apply(set);
    // 120,000 × 30% = 36,000.
    let year_end = date(2026, 12, 31);
    assert_eq!(f.balance("190", year_end), yen(36_000));
    assert_eq!(f.balance("615", year_end), yen(84_000));
    let entry = f
        .book
        .entries_between(year_end, year_end)
        .find(|e| e.origin() == EntryOrigin::PrivateUse)
        .unwrap();
    assert!(entry.lines().iter().all(|p| p.memo == "floor area 30%"));
    // Applying the rules again moves nothing more.
    assert_eq!(split(&mut f, rule), Err(JournalError::AlreadySplit));
}

#[test]
fn the_private_share_is_rounded_down() {
    let mut f = Fixture::new(ChartTemplate::JapanSoleProprietor, 1);
    f.post(date(2026, 5, 1), "615", "111", 100_001);
    let rule = rent_rule(&mut f, Decimal::new(3, 1));
    let set = split(&mut f, rule).unwrap();
    f.apply(set);
    // 100,001 × 0.3 = 30,000.3 → 30,000.
    assert_eq!(f.balance("190", date(2026, 12, 31)), yen(30_000));
}

#[test]
fn private_use_rules_are_checked() {
    let mut f = Fixture::new(ChartTemplate::JapanSoleProprietor, 1);
    assert_eq!(
        PrivateShare::new(Decimal::ZERO),
        Err(JournalError::InvalidPrivateShare)
    );
    let share = PrivateShare::new(Decimal::new(5, 1)).unwrap();
    let attempt = |f: &mut Fixture, code: &str, basis: &str| {
        let rule = PrivateUseRule {
            id: f.id(),
            account: f.account(code),
            private_share: share,
            basis: basis.into(),
        };
        let ctx = f.ctx();
        save_private_use_rule(&f.book, rule, ctx)
    };
    assert_eq!(
        attempt(&mut f, "111", "half"),
        Err(JournalError::NotAnExpense)
    );
    assert_eq!(attempt(&mut f, "602", "  "), Err(JournalError::BlankBasis));
    let set = attempt(&mut f, "602", "half the rooms").unwrap();
    f.apply(set);
    assert_eq!(
        attempt(&mut f, "602", "again"),
        Err(JournalError::DuplicateRule)
    );
}

/// The lines of an accountant's Yayoi file, decoded.
fn yayoi_lines(book: &Book, from: NaiveDate, to: NaiveDate) -> Vec<Vec<String>> {
    use kura_core::export::yayoi::{export_mapping, yayoi_journal};
    let period = kura_core::reports::Period { from, to };
    let file = yayoi_journal(book, period, &export_mapping(book)).expect("a Yayoi file");
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&file.bytes);
    assert!(!had_errors);
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// A two-year book exported for the accountant: the year close, dated the
/// first day of the second year, moves the first year's profit into 元入金
/// inside the second year. The accountant's program closes the year itself, so
/// neither file holds the close (nor its reversal when the year is reopened),
/// and the second year's file has that year's movements only; the screen's
/// count agrees with the file.
#[test]
fn the_accountants_files_leave_the_year_close_out() {
    let mut f = sole_proprietor_year();
    let close = f.close(date(2026, 12, 31)).unwrap();
    f.apply(close);
    f.post(date(2027, 1, 15), "111", "400", 200_000);
    f.post(date(2027, 2, 1), "615", "100", 3_000);
    let second = (date(2027, 1, 1), date(2027, 12, 31));
    let period = kura_core::reports::Period {
        from: second.0,
        to: second.1,
    };
    assert_eq!(kura_core::export::year_closes_left_out(&f.book, period), 1);
    assert_eq!(
        kura_core::export::accountant_entries(&f.book, period).count(),
        2
    );

    let lines = yayoi_lines(&f.book, second.0, second.1);
    let vouchers: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l[1].as_str(), l[3].as_str()))
        .collect();
    assert_eq!(
        vouchers,
        [("1", "2027/01/15"), ("2", "2027/02/01")],
        "this year's two entries only"
    );
    assert!(
        lines.iter().all(|l| l[4] != "元入金" && l[10] != "元入金"),
        "no line moves last year's profit into 元入金"
    );
    // Both years in one file: the first year's entries and the second's, still no close.
    let both = yayoi_lines(&f.book, date(2026, 1, 1), second.1);
    assert!(
        both.iter().all(|l| l[3] != "2027/01/01"),
        "nothing dated the close's day"
    );
    assert_eq!(both.iter().filter(|l| l[3].starts_with("2026/")).count(), 5);
    // Money Forward's file is made from the same vouchers.
    let mf = kura_core::export::moneyforward::moneyforward_journal(
        &f.book,
        period,
        &kura_core::export::yayoi::export_mapping(&f.book),
    )
    .unwrap();
    let mf = String::from_utf8(mf).unwrap();
    assert_eq!(
        mf.lines().count(),
        3,
        "the header and this year's two entries"
    );
    assert!(!mf.contains("2027/01/01"));

    // Reopened and reversed: the close and its reversal both stay out.
    let ctx = f.ctx();
    let reopen = set_closed_through(&f.book, None, ctx).unwrap();
    f.apply(reopen);
    let close_id = f.close_entry(date(2027, 1, 1)).id();
    let (reversal_id, ctx) = (f.id(), f.ctx());
    let reversal = reverse_entry(&f.book, close_id, reversal_id, date(2027, 1, 1), ctx).unwrap();
    f.apply(reversal);
    assert_eq!(kura_core::export::year_closes_left_out(&f.book, period), 2);
    assert_eq!(yayoi_lines(&f.book, second.0, second.1).len(), 2);
}

/// 家事按分 in a tax-exclusive book (税抜経理), computed by hand: rent 100,000
/// with 10,000 input tax, paid 110,000; 30% private. The private share is
/// 30,000 of rent and its 3,000 of tax: 事業主貸 33,000, 仮払消費税 left 7,000,
/// rent 70,000. (Before, the share was taken as a tax-included amount under the
/// account's code: 2,727 of tax left 仮払消費税 as a tax line of 30,000 × 10/110,
/// or none at all, and 仮払消費税 kept the private share's tax.)
#[test]
fn the_private_share_takes_its_input_tax_in_a_tax_exclusive_book() {
    use kura_core::book::TaxAccounting;
    use kura_core::ledger::{TaxCode, TaxPart};
    let mut f = Fixture::with(SettingsInput {
        name: "山田デザイン".into(),
        chart_template: ChartTemplate::JapanSoleProprietor,
        fiscal_year_start_month: 1,
        tax_accounting: TaxAccounting::Exclusive,
        ..SettingsInput::default()
    });
    let header = EntryHeader {
        id: f.id(),
        date: date(2026, 4, 25),
        description: "4月分家賃".into(),
        partner: None,
        status: EntryStatus::Posted,
        corrects: None,
    };
    let rent = Posting {
        tax_code: Some(TaxCode::Purchase10),
        ..line(f.account("615"), yen(100_000))
    };
    let tax = Posting {
        tax_code: Some(TaxCode::Purchase10),
        tax_part: Some(TaxPart::Tax),
        ..line(f.account("160"), yen(10_000))
    };
    let bank = line(f.account("111"), -yen(110_000));
    let ctx = f.ctx();
    let set = save_entry(&f.book, header, vec![rent, tax, bank], ctx).unwrap();
    f.apply(set);
    let rule = rent_rule(&mut f, Decimal::new(3, 1));
    let set = split(&mut f, rule).unwrap();
    f.apply(set);
    let year_end = date(2026, 12, 31);
    assert_eq!(
        f.balance("190", year_end),
        yen(33_000),
        "事業主貸: the share with its tax"
    );
    assert_eq!(
        f.balance("160", year_end),
        yen(7_000),
        "仮払消費税: the business share's tax only"
    );
    assert_eq!(
        f.balance("615", year_end),
        yen(70_000),
        "rent: the business share"
    );
    let entry = f
        .book
        .entries_between(year_end, year_end)
        .find(|e| e.origin() == EntryOrigin::PrivateUse)
        .unwrap();
    let tax_line = entry.lines().iter().find(|p| p.tax_part.is_some()).unwrap();
    assert_eq!(
        (tax_line.amount, tax_line.tax_code),
        (-yen(3_000), Some(TaxCode::Purchase10)),
        "the tax leaves as a tax line of the code it came in with"
    );
    assert_eq!(split(&mut f, rule), Err(JournalError::AlreadySplit));
}

/// An account spent under two codes (a taxable rent and a non-taxable fee on
/// the same account) is split per code: each code's share leaves under its own
/// code, rounded down per code.
#[test]
fn the_private_share_is_split_per_tax_code() {
    use kura_core::ledger::TaxCode;
    let mut f = Fixture::new(ChartTemplate::JapanSoleProprietor, 1);
    for (amount, code) in [(110_000, Some(TaxCode::Purchase10)), (20_001, None)] {
        let header = EntryHeader {
            id: f.id(),
            date: date(2026, 4, 25),
            description: "家賃と更新料".into(),
            partner: None,
            status: EntryStatus::Posted,
            corrects: None,
        };
        let lines = vec![
            Posting {
                tax_code: code,
                ..line(f.account("615"), yen(amount))
            },
            line(f.account("111"), -yen(amount)),
        ];
        let ctx = f.ctx();
        let set = save_entry(&f.book, header, lines, ctx).unwrap();
        f.apply(set);
    }
    let rule = rent_rule(&mut f, Decimal::new(3, 1));
    let set = split(&mut f, rule).unwrap();
    f.apply(set);
    let entry = f
        .book
        .entries_between(date(2026, 12, 31), date(2026, 12, 31))
        .find(|e| e.origin() == EntryOrigin::PrivateUse)
        .unwrap();
    let rent_lines: Vec<(Decimal, Option<TaxCode>)> = entry
        .lines()
        .iter()
        .filter(|p| p.account == f.account("615"))
        .map(|p| (p.amount, p.tax_code))
        .collect();
    // 110,000 × 30% = 33,000 (taxable, tax-included book); 20,001 × 30% = 6,000.3 → 6,000.
    assert_eq!(
        rent_lines,
        [
            (-yen(6_000), None),
            (-yen(33_000), Some(TaxCode::Purchase10))
        ]
    );
    assert_eq!(f.balance("190", date(2026, 12, 31)), yen(39_000));
}
