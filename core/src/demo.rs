//! The demo book: a small bakery-café's plausible activity, generated from a seed.
//!
//! "Create a demo book" in the app and the benchmarks both call [`demo_book`]. The
//! same seed, length and start give the same change sets, byte for byte: the
//! generator has its own tiny PRNG (splitmix64), a fake clock with a fixed device
//! id whose wall time advances with every change set, and takes ids from the
//! caller (like every other command, it never makes one itself).
//!
//! Everything goes through the real commands ([`create_book`], [`save_account`],
//! [`save_entry`], [`correct_entry`]): each entry is a checked, balanced
//! [`JournalEntry`]. For speed, one day's ordinary entries share one change set (a
//! real user would save them one by one; the fold treats both the same). Entries
//! that a later command needs to find in the book — drafts posted later, entries
//! corrected later — get a change set of their own, folded into the working book.
//!
//! The shop ("ベーカリーくら", tax-inclusive books, calendar fiscal year): cash and
//! card sales of bread to take away (8%, reduced rate) and café eat-in (10%);
//! purchases of flour, butter and vegetables from suppliers (some farmers are not
//! registered invoice issuers), supplies, monthly rent (30% private use, to
//! 事業主貸), utilities and the phone, travel, the owner's drawings, card-company
//! settlements into the bank (less the fee), cash deposits, occasional corrections
//! (a reversal and a replacement) and a few drafts.
//!
//! [`JournalEntry`]: crate::ledger::JournalEntry

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::book::{
    correct_entry, create_book, save_account, save_entry, Book, SettingsInput, WriteCtx,
};
use crate::ids::{DeviceId, RecordId};
use crate::ledger::{
    Account, AccountRole, AccountType, EntryHeader, EntryStatus, Posting, TaxCode,
};
use crate::sync::{ChangeSet, HlcClock};

/// The demo book's name, so the UI can tell a demo from a real book.
pub const DEMO_BOOK_NAME: &str = "ベーカリーくら (デモ)";

/// The change sets of a demo book: `years` fiscal years from `start`, each with
/// exactly `entries_per_year` journal entries (drafts, reversals and replacements
/// included; [`Book::entry_count`] of the folded sets is `years × entries_per_year`).
///
/// The first set creates the book (settings and the Japanese sole-proprietor
/// chart), the second adds the two bank sub-accounts (補助科目) the demo uses; the
/// rest are the entries. `ids` gives every id (book, accounts, change sets,
/// entries), in a fixed order.
pub fn demo_book(
    seed: u64,
    years: u32,
    entries_per_year: usize,
    start: NaiveDate,
    ids: &mut impl FnMut() -> RecordId,
) -> Vec<ChangeSet> {
    Generator::new(seed, start, ids).run(years, entries_per_year)
}

/// A deterministic id source for tests and benchmarks: ids made at `unix_ms`
/// with a counter as their random bits.
pub fn sequential_ids(unix_ms: u64) -> impl FnMut() -> RecordId {
    let mut n: u128 = 0;
    move || {
        n += 1;
        RecordId::from_parts(unix_ms, n)
    }
}

/// splitmix64: small, fast, and good enough for plausible figures.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The accounts the demo posts to.
#[derive(Clone, Copy, Debug)]
struct Chart {
    cash: RecordId,
    /// 補助科目 of the bank account (ゆうちょ): card settlements in; utilities,
    /// the phone and the owner's drawings out.
    bank_card: RecordId,
    /// 補助科目 of the bank account (さくら): cash deposits and transfers in; rent
    /// and suppliers out.
    bank_main: RecordId,
    receivable: RecordId,
    drawings: RecordId,
    payable: RecordId,
    capital: RecordId,
    contributions: RecordId,
    sales: RecordId,
    purchases: RecordId,
    utilities: RecordId,
    travel: RecordId,
    communication: RecordId,
    advertising: RecordId,
    supplies: RecordId,
    rent: RecordId,
    fees: RecordId,
    misc: RecordId,
}

/// What the chart must hold: found by role, then by Japanese name, else created.
struct Need {
    code: &'static str,
    name_ja: &'static str,
    name_en: &'static str,
    reading: &'static str,
    kind: AccountType,
    role: Option<AccountRole>,
    tax: Option<TaxCode>,
}

const fn need(
    code: &'static str,
    name_ja: &'static str,
    name_en: &'static str,
    reading: &'static str,
    kind: AccountType,
    role: Option<AccountRole>,
    tax: Option<TaxCode>,
) -> Need {
    Need {
        code,
        name_ja,
        name_en,
        reading,
        kind,
        role,
        tax,
    }
}

use AccountType::{Asset, Equity, Expense, Liability, Revenue};

/// In [`Chart`] field order (less the two sub-accounts).
#[rustfmt::skip]
const NEEDS: [Need; 17] = [
    need("100", "現金", "Cash", "げんきん", Asset, Some(AccountRole::Cash), None),
    need("111", "普通預金", "Bank account", "ふつうよきん", Asset, Some(AccountRole::Bank), None),
    need("120", "売掛金", "Accounts receivable", "うりかけきん", Asset, Some(AccountRole::Receivable), None),
    need("190", "事業主貸", "Owner's drawings", "じぎょうぬしかし", Asset, Some(AccountRole::OwnerDrawings), None),
    need("210", "買掛金", "Accounts payable", "かいかけきん", Liability, Some(AccountRole::Payable), None),
    need("300", "元入金", "Capital", "もといれきん", Equity, Some(AccountRole::Capital), None),
    need("310", "事業主借", "Owner's contributions", "じぎょうぬしかり", Equity, Some(AccountRole::OwnerContributions), None),
    need("400", "売上高", "Sales", "うりあげだか", Revenue, None, Some(TaxCode::Sales10)),
    need("510", "仕入高", "Purchases", "しいれだか", Expense, None, Some(TaxCode::Purchase10)),
    need("602", "水道光熱費", "Utilities", "すいどうこうねつひ", Expense, None, Some(TaxCode::Purchase10)),
    need("603", "旅費交通費", "Travel and transport", "りょひこうつうひ", Expense, None, Some(TaxCode::Purchase10)),
    need("604", "通信費", "Communication", "つうしんひ", Expense, None, Some(TaxCode::Purchase10)),
    need("605", "広告宣伝費", "Advertising", "こうこくせんでんひ", Expense, None, Some(TaxCode::Purchase10)),
    need("609", "消耗品費", "Supplies", "しょうもうひんひ", Expense, None, Some(TaxCode::Purchase10)),
    need("615", "地代家賃", "Rent", "ちだいやちん", Expense, None, Some(TaxCode::Purchase10)),
    need("620", "支払手数料", "Fees and charges", "しはらいてすうりょう", Expense, None, Some(TaxCode::Purchase10)),
    need("690", "雑費", "Miscellaneous expenses", "ざっぴ", Expense, None, Some(TaxCode::Purchase10)),
];

/// An account built from JSON, so fields added to [`Account`] later (with
/// `serde(default)`) need no change here.
fn account_from(
    id: RecordId,
    need: &Need,
    code: &str,
    parent: Option<RecordId>,
    name_ja: &str,
    name_en: &str,
) -> Account {
    serde_json::from_value(serde_json::json!({
        "id": id, "code": code, "name_ja": name_ja, "name_en": name_en,
        "reading": need.reading, "kind": need.kind, "role": need.role,
        "default_tax": need.tax, "parent": parent, "archived": false,
    }))
    .expect("a demo account is a valid account")
}

/// A later command on an entry of the day's set.
#[derive(Clone, Debug)]
enum Pending {
    /// A draft to post on a later day (saving it again as posted).
    PostDraft {
        header: EntryHeader,
        lines: Vec<Posting>,
    },
}

/// A supplies purchase in its own change set, possibly corrected later.
#[derive(Clone, Debug)]
struct Correctable {
    id: RecordId,
    partner: &'static str,
    amount: i64,
    account: RecordId,
    description: String,
}

/// The day's recurring commitments, done on the first day with room for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Task {
    Opening,
    CashFloat,
    Rent,
    Electricity,
    Water,
    Phone,
    CardSettlement,
    PaySuppliers,
    Drawings,
    Contribution,
    Deposit,
    Transfer,
}

struct Generator<'a, F: FnMut() -> RecordId> {
    rng: Rng,
    ids: &'a mut F,
    clock: HlcClock,
    start: NaiveDate,
    /// Settings, chart, and the entries later commands must find.
    book: Book,
    chart: Option<Chart>,
    sets: Vec<ChangeSet>,
    /// Balances the generator keeps to make plausible choices (yen).
    cash: i64,
    bank_main: i64,
    bank_card: i64,
    receivable: i64,
    payable: i64,
    /// Recurring tasks due, oldest first.
    due: Vec<Task>,
    pending: Vec<(NaiveDate, Pending)>,
    correctable: Vec<Correctable>,
    /// Today's writes: the set's context and its changes.
    day: Option<(WriteCtx, Vec<crate::sync::Change>)>,
    /// Change sets today so far, for the fake wall time.
    sets_today: u64,
    today: NaiveDate,
    /// Typical amount of one sale or purchase, scaled so daily totals stay plausible.
    ticket: i64,
    supply_ticket: i64,
    /// Per mille: how much smaller other random expenses are than at ~1,500
    /// entries a year, so yearly totals stay plausible in dense benchmark books.
    thin: i64,
}

const SUPPLIERS_FOOD: &[(&str, bool)] = &[
    ("丸山製粉株式会社", true),
    ("北海道バター販売", true),
    ("青果の八百正", true),
    ("田中農園 (田中さん)", false),
    ("養鶏場 こだま", false),
];
const SUPPLIERS_GOODS: &[&str] = &["包装資材のミドリ", "ホームセンター大栄", "アマゾン"];
const TRAVEL: &[&str] = &[
    "JR 新宿-横浜",
    "地下鉄 回数券",
    "タクシー (配達)",
    "バス 市場往復",
];
const CARD_BRANDS: &[&str] = &["Visa", "JCB", "Mastercard", "交通系IC"];

fn yen(n: i64) -> Decimal {
    Decimal::from(n)
}

fn posting(account: RecordId, amount: i64, tax_code: Option<TaxCode>) -> Posting {
    Posting {
        account,
        amount: yen(amount),
        tax_code,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    }
}

fn midnight_ms(date: NaiveDate) -> u64 {
    date.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp_millis().max(0) as u64)
}

impl<'a, F: FnMut() -> RecordId> Generator<'a, F> {
    fn new(seed: u64, start: NaiveDate, ids: &'a mut F) -> Self {
        let device = DeviceId(RecordId::from_parts(midnight_ms(start), 0x6b75_7261));
        Generator {
            rng: Rng(seed ^ 0x4b55_5241_4445_4d4f),
            ids,
            clock: HlcClock::new(device),
            start,
            book: Book::default(),
            chart: None,
            sets: Vec::new(),
            cash: 0,
            bank_main: 0,
            bank_card: 0,
            receivable: 0,
            payable: 0,
            due: vec![Task::Opening, Task::CashFloat],
            pending: Vec::new(),
            correctable: Vec::new(),
            day: None,
            sets_today: 0,
            today: start,
            ticket: 3_000,
            supply_ticket: 5_000,
            thin: 1_000,
        }
    }

    fn chart(&self) -> Chart {
        self.chart.expect("the chart is set up first")
    }

    /// A write context at the fake wall time: 09:00 JST on `today`, plus a second
    /// per change set.
    fn ctx(&mut self) -> WriteCtx {
        let wall = midnight_ms(self.today) + self.sets_today * 1_000;
        self.sets_today += 1;
        WriteCtx {
            set_id: (self.ids)(),
            stamp: self.clock.tick(wall),
        }
    }

    fn commit(&mut self, set: ChangeSet, fold: bool) {
        if fold {
            self.book.apply(&set);
        }
        self.sets.push(set);
    }

    fn run(mut self, years: u32, entries_per_year: usize) -> Vec<ChangeSet> {
        self.set_up();
        // About ¥30 million of sales a year (an entry averages about one ticket of
        // sales), whatever the entry density.
        self.ticket = (31_500_000 / entries_per_year.max(1) as i64).clamp(300, 200_000);
        self.supply_ticket = (self.ticket * 2).clamp(500, 30_000);
        self.thin = (1_500_000 / entries_per_year.max(1) as i64).clamp(1, 1_000);
        for year in 0..years {
            let from = self.start + chrono::Months::new(12 * year);
            let to = self.start + chrono::Months::new(12 * (year + 1));
            let days = (to - from).num_days() as usize;
            for i in 0..days {
                let quota = (i + 1) * entries_per_year / days - i * entries_per_year / days;
                self.run_day(from + chrono::Days::new(i as u64), quota);
            }
        }
        self.sets
    }

    fn set_up(&mut self) {
        let book_id = (self.ids)();
        let input = SettingsInput {
            name: DEMO_BOOK_NAME.to_string(),
            owner_name: "倉田 花子".to_string(),
            ..SettingsInput::default()
        };
        let ctx = self.ctx();
        let created =
            create_book(input, book_id, &mut *self.ids, ctx).expect("demo settings are valid");
        self.commit(created, true);

        // Find what the template gave; add what it lacks, and the sub-accounts.
        let mut found = Vec::with_capacity(NEEDS.len());
        let mut added = Vec::new();
        for need in &NEEDS {
            let existing = self.book.accounts().into_iter().find(|a| {
                !a.archived
                    && a.kind == need.kind
                    && match need.role {
                        Some(role) => a.role == Some(role),
                        None => a.name_ja == need.name_ja,
                    }
            });
            let id = match existing {
                Some(a) => a.id,
                None => {
                    let id = (self.ids)();
                    let code = self.free_code(need.code, &added);
                    added.push(account_from(
                        id,
                        need,
                        &code,
                        None,
                        need.name_ja,
                        need.name_en,
                    ));
                    id
                }
            };
            found.push(id);
        }
        let bank = found[1];
        let bank_code = self
            .book
            .account(bank)
            .map(|a| a.code.clone())
            .or_else(|| added.iter().find(|a| a.id == bank).map(|a| a.code.clone()))
            .unwrap_or_else(|| "111".to_string());
        let bank_need = &NEEDS[1];
        let bank_main = (self.ids)();
        let bank_card = (self.ids)();
        let main_code = self.free_code(&format!("{bank_code}-1"), &added);
        added.push(account_from(
            bank_main,
            bank_need,
            &main_code,
            Some(bank),
            "普通預金 さくら銀行",
            "Bank: Sakura Bank",
        ));
        let card_code = self.free_code(&format!("{bank_code}-2"), &added);
        added.push(account_from(
            bank_card,
            bank_need,
            &card_code,
            Some(bank),
            "普通預金 ゆうちょ銀行",
            "Bank: Japan Post Bank",
        ));
        for mut account in added {
            // Only the parent keeps the bank role.
            if account.parent.is_some() {
                account.role = None;
            }
            let ctx = self.ctx();
            let set = save_account(&self.book, account, ctx).expect("demo accounts are valid");
            self.commit(set, true);
        }
        self.chart = Some(Chart {
            cash: found[0],
            bank_card,
            bank_main,
            receivable: found[2],
            drawings: found[3],
            payable: found[4],
            capital: found[5],
            contributions: found[6],
            sales: found[7],
            purchases: found[8],
            utilities: found[9],
            travel: found[10],
            communication: found[11],
            advertising: found[12],
            supplies: found[13],
            rent: found[14],
            fees: found[15],
            misc: found[16],
        });
    }

    fn free_code(&self, wanted: &str, added: &[Account]) -> String {
        let taken = |code: &str| {
            self.book.accounts().iter().any(|a| a.code == code)
                || added.iter().any(|a| a.code == code)
        };
        let mut code = wanted.to_string();
        while taken(&code) {
            code.push('9');
        }
        code
    }

    fn run_day(&mut self, date: NaiveDate, quota: usize) {
        self.today = date;
        self.sets_today = 0;
        self.schedule(date);
        let mut left = quota;

        // Drafts from earlier days, posted now (the same entries: no new count).
        while let Some(at) = self.pending.iter().position(|(on, _)| *on <= date) {
            let (_, Pending::PostDraft { header, lines }) = self.pending.remove(at);
            let header = EntryHeader {
                status: EntryStatus::Posted,
                ..header
            };
            let ctx = self.ctx();
            let set = save_entry(&self.book, header, lines, ctx).expect("posting a demo draft");
            self.commit(set, false);
        }

        while left > 0 && !self.due.is_empty() {
            let task = self.due.remove(0);
            self.task(task);
            left -= 1;
        }
        while left > 0 {
            left -= self.random_entry(left);
        }
        self.flush_day();
    }

    fn schedule(&mut self, date: NaiveDate) {
        let last_of_month = date.succ_opt().is_none_or(|d| d.month() != date.month());
        let add = |task: Task, due: &mut Vec<Task>| {
            if !due.contains(&task) {
                due.push(task);
            }
        };
        match date.day() {
            15 => add(Task::CardSettlement, &mut self.due),
            20 => add(Task::Electricity, &mut self.due),
            25 => add(Task::Drawings, &mut self.due),
            26 => add(Task::Phone, &mut self.due),
            27 => add(Task::Rent, &mut self.due),
            _ => {}
        }
        if date.day() == 10 && date.month().is_multiple_of(2) {
            add(Task::Water, &mut self.due);
        }
        if last_of_month {
            add(Task::CardSettlement, &mut self.due);
            add(Task::PaySuppliers, &mut self.due);
        }
        if self.cash > 250_000 {
            add(Task::Deposit, &mut self.due);
        }
        if date.day() == 5 && self.bank_card > 800_000 {
            add(Task::Transfer, &mut self.due);
        }
        if self.bank_main < 150_000 {
            add(Task::Contribution, &mut self.due);
        }
    }

    /// Adds a posted entry to today's shared change set.
    fn post(&mut self, description: String, partner: Option<&str>, lines: Vec<Posting>) {
        if self.day.is_none() {
            let ctx = self.ctx();
            self.day = Some((ctx, Vec::new()));
        }
        let header = EntryHeader {
            id: (self.ids)(),
            date: self.today,
            description,
            partner: partner.map(str::to_string),
            status: EntryStatus::Posted,
            corrects: None,
        };
        let (ctx, changes) = self.day.as_mut().expect("today's set");
        let set = save_entry(&self.book, header, lines, *ctx).expect("a demo entry is valid");
        changes.extend(set.changes);
    }

    fn flush_day(&mut self) {
        if let Some((ctx, changes)) = self.day.take() {
            self.commit(
                ChangeSet {
                    id: ctx.set_id,
                    stamp: ctx.stamp,
                    changes,
                    link: None,
                },
                false,
            );
        }
    }

    fn month_label(&self) -> String {
        format!("{}月分", self.today.month())
    }

    fn task(&mut self, task: Task) {
        let c = self.chart();
        let nt = Some(TaxCode::NotTaxable);
        match task {
            Task::Opening => {
                let amount = 3_000_000;
                self.bank_main += amount;
                self.post(
                    "開業資金の預入".into(),
                    None,
                    vec![
                        posting(c.bank_main, amount, nt),
                        posting(c.capital, -amount, nt),
                    ],
                );
            }
            Task::CashFloat => {
                let amount = 100_000;
                self.bank_main -= amount;
                self.cash += amount;
                self.post(
                    "レジ釣銭の引出".into(),
                    Some("さくら銀行"),
                    vec![
                        posting(c.cash, amount, nt),
                        posting(c.bank_main, -amount, nt),
                    ],
                );
            }
            Task::Rent => {
                // ¥165,000 a month; 30% is the owner's flat upstairs (家事按分).
                let (total, private) = (165_000, 49_500);
                self.bank_main -= total;
                self.post(
                    format!("家賃 {}", self.month_label()),
                    Some("くら不動産"),
                    vec![
                        posting(c.rent, total - private, Some(TaxCode::Purchase10)),
                        posting(c.drawings, private, nt),
                        posting(c.bank_main, -total, nt),
                    ],
                );
            }
            Task::Electricity => {
                let amount = self.rng.between(28_000, 62_000);
                self.bank_card -= amount;
                self.post(
                    format!("電気代 {}", self.month_label()),
                    Some("東京電力エナジーパートナー"),
                    vec![
                        posting(c.utilities, amount, Some(TaxCode::Purchase10)),
                        posting(c.bank_card, -amount, nt),
                    ],
                );
            }
            Task::Water => {
                let amount = self.rng.between(9_000, 16_000);
                self.bank_card -= amount;
                self.post(
                    "水道代 (2か月分)".into(),
                    Some("東京都水道局"),
                    vec![
                        posting(c.utilities, amount, Some(TaxCode::Purchase10)),
                        posting(c.bank_card, -amount, nt),
                    ],
                );
            }
            Task::Phone => {
                let amount = self.rng.between(6_800, 9_800);
                let private = amount / 2;
                self.bank_card -= amount;
                self.post(
                    format!("携帯電話料金 {}", self.month_label()),
                    Some("NTTドコモ"),
                    vec![
                        posting(c.communication, amount - private, Some(TaxCode::Purchase10)),
                        posting(c.drawings, private, nt),
                        posting(c.bank_card, -amount, nt),
                    ],
                );
            }
            Task::CardSettlement => {
                if self.receivable <= 0 {
                    return self.filler();
                }
                let gross = self.receivable;
                // A 3.24% fee; card merchant fees are exempt (非課税).
                let fee = gross * 324 / 10_000;
                self.receivable = 0;
                self.bank_card += gross - fee;
                self.post(
                    "カード売上 入金".into(),
                    Some("カード決済代行 KP"),
                    vec![
                        posting(c.bank_card, gross - fee, nt),
                        posting(c.fees, fee, Some(TaxCode::PurchaseExempt)),
                        posting(c.receivable, -gross, nt),
                    ],
                );
            }
            Task::PaySuppliers => {
                if self.payable <= 0 {
                    return self.filler();
                }
                let amount = self.payable;
                self.payable = 0;
                self.bank_main -= amount;
                self.post(
                    format!("買掛金支払 {}", self.month_label()),
                    Some("丸山製粉株式会社"),
                    vec![
                        posting(c.payable, amount, nt),
                        posting(c.bank_main, -amount, nt),
                    ],
                );
            }
            Task::Drawings => {
                let amount = 250_000;
                self.bank_card -= amount;
                self.post(
                    "生活費の引出".into(),
                    None,
                    vec![
                        posting(c.drawings, amount, nt),
                        posting(c.bank_card, -amount, nt),
                    ],
                );
            }
            Task::Contribution => {
                let amount = 500_000;
                self.bank_main += amount;
                self.post(
                    "事業資金の補填 (個人口座から)".into(),
                    None,
                    vec![
                        posting(c.bank_main, amount, nt),
                        posting(c.contributions, -amount, nt),
                    ],
                );
            }
            Task::Deposit => {
                let amount = (self.cash - 60_000) / 10_000 * 10_000;
                if amount <= 0 {
                    return self.filler();
                }
                self.cash -= amount;
                self.bank_main += amount;
                self.post(
                    "売上金の預入".into(),
                    Some("さくら銀行"),
                    vec![
                        posting(c.bank_main, amount, nt),
                        posting(c.cash, -amount, nt),
                    ],
                );
            }
            Task::Transfer => {
                let amount = (self.bank_card - 300_000) / 10_000 * 10_000;
                if amount <= 0 {
                    return self.filler();
                }
                self.bank_card -= amount;
                self.bank_main += amount;
                self.post(
                    "口座間振替 ゆうちょ→さくら".into(),
                    None,
                    vec![
                        posting(c.bank_main, amount, nt),
                        posting(c.bank_card, -amount, nt),
                    ],
                );
            }
        }
    }

    /// A random expense scaled down in dense books (at least ¥100).
    fn thinned(&self, amount: i64) -> i64 {
        (amount * self.thin / 1_000).max(100)
    }

    /// An ordinary sale, when a task turned out to have nothing to do.
    fn filler(&mut self) {
        self.cash_sale();
    }

    /// One entry of the day's random business; returns how many entries it made.
    fn random_entry(&mut self, room: usize) -> usize {
        let roll = self.rng.below(1000);
        match roll {
            0..=449 => self.cash_sale(),
            450..=649 => self.card_sale(),
            650..=779 => self.purchase_on_account(),
            780..=849 => self.cash_purchase(),
            850..=899 => self.supplies(),
            900..=939 => self.travel(),
            940..=969 => self.small_expense(),
            970..=984 => {
                if room >= 2 {
                    if let Some(n) = self.correction() {
                        return n;
                    }
                }
                self.cash_sale()
            }
            985..=995 => return self.correctable_purchase(),
            _ => return self.draft(),
        }
        1
    }

    fn cash_sale(&mut self) {
        let c = self.chart();
        let takeaway = self
            .rng
            .between(self.ticket / 3, self.ticket * 3 / 2)
            .max(100);
        let eat_in = if self.rng.chance(600) {
            self.rng.between(self.ticket / 5, self.ticket).max(100)
        } else {
            0
        };
        self.cash += takeaway + eat_in;
        let mut lines = vec![posting(c.cash, takeaway + eat_in, None)];
        lines.push(posting(c.sales, -takeaway, Some(TaxCode::Sales8Reduced)));
        if eat_in > 0 {
            lines.push(posting(c.sales, -eat_in, Some(TaxCode::Sales10)));
        }
        self.post("現金売上 (レジ)".into(), None, lines);
    }

    fn card_sale(&mut self) {
        let c = self.chart();
        let takeaway = self.rng.between(self.ticket / 2, self.ticket * 2).max(100);
        let eat_in = self.rng.between(self.ticket / 5, self.ticket).max(100);
        let brand = *self.rng.pick(CARD_BRANDS);
        self.receivable += takeaway + eat_in;
        self.post(
            format!("カード売上 ({brand})"),
            Some("カード決済代行 KP"),
            vec![
                posting(c.receivable, takeaway + eat_in, None),
                posting(c.sales, -takeaway, Some(TaxCode::Sales8Reduced)),
                posting(c.sales, -eat_in, Some(TaxCode::Sales10)),
            ],
        );
    }

    fn food_supplier(&mut self) -> (&'static str, TaxCode) {
        let (name, registered) = *self.rng.pick(SUPPLIERS_FOOD);
        let code = if registered {
            TaxCode::Purchase8Reduced
        } else {
            TaxCode::Purchase8ReducedUnregistered
        };
        (name, code)
    }

    fn purchase_on_account(&mut self) {
        let c = self.chart();
        let (supplier, code) = self.food_supplier();
        let food = self.rng.between(self.ticket / 2, self.ticket * 3);
        let packaging = self.rng.between(self.ticket / 10, self.ticket / 2).max(100);
        self.payable += food + packaging;
        self.post(
            format!("仕入 {supplier}"),
            Some(supplier),
            vec![
                posting(c.purchases, food, Some(code)),
                posting(c.purchases, packaging, Some(TaxCode::Purchase10)),
                posting(c.payable, -(food + packaging), None),
            ],
        );
    }

    fn cash_purchase(&mut self) {
        let c = self.chart();
        let (supplier, code) = self.food_supplier();
        let amount = self.rng.between(self.ticket / 2, self.ticket * 2).max(200);
        self.cash -= amount;
        self.post(
            format!("現金仕入 {supplier}"),
            Some(supplier),
            vec![
                posting(c.purchases, amount, Some(code)),
                posting(c.cash, -amount, None),
            ],
        );
    }

    fn supplies(&mut self) {
        let c = self.chart();
        let shop = *self.rng.pick(SUPPLIERS_GOODS);
        let amount = self.rng.between(self.supply_ticket / 4, self.supply_ticket);
        self.cash -= amount;
        self.post(
            format!("消耗品 {shop}"),
            Some(shop),
            vec![
                posting(c.supplies, amount, Some(TaxCode::Purchase10)),
                posting(c.cash, -amount, None),
            ],
        );
    }

    fn travel(&mut self) {
        let c = self.chart();
        let route = *self.rng.pick(TRAVEL);
        let raw = self.rng.between(170, 3_200);
        let amount = self.thinned(raw);
        self.cash -= amount;
        self.post(
            format!("交通費 {route}"),
            None,
            vec![
                posting(c.travel, amount, Some(TaxCode::Purchase10)),
                posting(c.cash, -amount, None),
            ],
        );
    }

    fn small_expense(&mut self) {
        let c = self.chart();
        let (account, description, partner) = match self.rng.below(3) {
            0 => (c.advertising, "チラシ印刷", Some("ラクスル")),
            1 => (c.misc, "ゴミ処理券", None),
            _ => (c.communication, "切手・はがき", Some("日本郵便")),
        };
        let raw = self.rng.between(500, 12_000);
        let amount = self.thinned(raw);
        self.cash -= amount;
        self.post(
            description.to_string(),
            partner,
            vec![
                posting(account, amount, Some(TaxCode::Purchase10)),
                posting(c.cash, -amount, None),
            ],
        );
    }

    /// A supplies purchase saved as its own action, so a later day can correct it.
    fn correctable_purchase(&mut self) -> usize {
        let c = self.chart();
        let shop = *self.rng.pick(SUPPLIERS_GOODS);
        let amount = self
            .rng
            .between(self.supply_ticket / 2, self.supply_ticket * 2);
        let description = format!("備品 {shop}");
        let id = (self.ids)();
        let header = EntryHeader {
            id,
            date: self.today,
            description: description.clone(),
            partner: Some(shop.to_string()),
            status: EntryStatus::Posted,
            corrects: None,
        };
        self.cash -= amount;
        let lines = vec![
            posting(c.supplies, amount, Some(TaxCode::Purchase10)),
            posting(c.cash, -amount, None),
        ];
        let ctx = self.ctx();
        let set = save_entry(&self.book, header, lines, ctx).expect("a demo entry is valid");
        self.commit(set, true);
        if self.correctable.len() < 64 {
            self.correctable.push(Correctable {
                id,
                partner: shop,
                amount,
                account: c.supplies,
                description,
            });
        }
        1
    }

    /// Corrects an earlier purchase: the amount was mistyped (two digits swapped),
    /// or it was booked to supplies but was a repair of the oven (to 雑費).
    fn correction(&mut self) -> Option<usize> {
        if self.correctable.is_empty() {
            return None;
        }
        let c = self.chart();
        let at = self.rng.below(self.correctable.len() as u64) as usize;
        let original = self.correctable.swap_remove(at);
        let (amount, account, why) = if self.rng.chance(500) {
            let mut amount = original.amount * 9 / 10;
            if amount == original.amount || amount == 0 {
                amount = original.amount + 100;
            }
            (amount, original.account, "金額訂正")
        } else {
            (original.amount, c.misc, "科目訂正")
        };
        self.cash += original.amount - amount;
        let header = EntryHeader {
            id: (self.ids)(),
            date: self.today,
            description: format!("{} ({why})", original.description),
            partner: Some(original.partner.to_string()),
            status: EntryStatus::Posted,
            corrects: Some(original.id),
        };
        let lines = vec![
            posting(account, amount, Some(TaxCode::Purchase10)),
            posting(c.cash, -amount, None),
        ];
        let reversal = (self.ids)();
        let ctx = self.ctx();
        let set = correct_entry(&self.book, original.id, reversal, header, lines, ctx)
            .expect("a demo correction is valid");
        self.commit(set, false);
        Some(2)
    }

    /// A draft: an estimate of a repair, posted a few days later (or left a draft
    /// if the book ends first; most of the time it is posted).
    fn draft(&mut self) -> usize {
        let c = self.chart();
        let raw = self.rng.between(8_000, 45_000);
        let amount = self.thinned(raw);
        let header = EntryHeader {
            id: (self.ids)(),
            date: self.today,
            description: "オーブン修理 (見積・未確定)".into(),
            partner: Some("厨房機器サービス".into()),
            status: EntryStatus::Draft,
            corrects: None,
        };
        let lines = vec![
            posting(c.misc, amount, Some(TaxCode::Purchase10)),
            posting(c.payable, -amount, None),
        ];
        let ctx = self.ctx();
        let set = save_entry(&self.book, header.clone(), lines.clone(), ctx)
            .expect("a demo draft is valid");
        self.commit(set, true);
        if self.rng.chance(700) {
            self.payable += amount;
            let on = self.today + chrono::Days::new(1 + self.rng.below(7));
            self.pending
                .push((on, Pending::PostDraft { header, lines }));
        }
        1
    }
}

/// Another device's changes to `book`, for the sync benchmarks (native and in
/// the browser): `changes - edits` new entries copied from the book's with new
/// ids, and `edits` edits of account names, `per_set` changes to a set, stamped
/// by the other device's clock after everything in the book.
#[cfg(feature = "testing")]
pub fn changes_from_another_device(
    book: &crate::book::Book,
    changes: usize,
    edits: usize,
    per_set: usize,
) -> Vec<ChangeSet> {
    use crate::book::Record;
    use crate::sync::Change;

    let device = DeviceId(RecordId::from_parts(1, 0xB));
    let mut clock = HlcClock::new(device);
    let start = book.latest_stamp().map_or(0, |s| s.wall_ms) + 1;
    let mut ids = sequential_ids(start);
    let entries: Vec<Change> = book
        .entries()
        .take(changes - edits)
        .map(|entry| {
            let mut entry = serde_json::to_value(Record::JournalEntry(entry.clone()))
                .expect("an entry serializes");
            entry["id"] = serde_json::to_value(ids()).expect("an id serializes");
            Change::Put {
                record: serde_json::from_value(entry).expect("the same entry, another id"),
            }
        })
        .collect();
    let renames = book
        .accounts()
        .into_iter()
        .cycle()
        .take(edits)
        .map(|account| {
            let mut account = account.clone();
            account.name_ja.push_str(" (B)");
            Change::Edit {
                record: Record::Account(account),
                fields: vec!["name_ja".into()],
            }
        });
    let all: Vec<Change> = entries.into_iter().chain(renames).collect();
    all.chunks(per_set)
        .enumerate()
        .map(|(i, chunk)| ChangeSet {
            id: ids(),
            stamp: clock.tick(start + i as u64),
            changes: chunk.to_vec(),
            link: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::EntryStatus;

    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
    }

    fn demo(seed: u64, years: u32, per_year: usize) -> Vec<ChangeSet> {
        demo_book(
            seed,
            years,
            per_year,
            start(),
            &mut sequential_ids(1_700_000_000_000),
        )
    }

    #[test]
    fn entry_count_is_exact() {
        for (years, per_year) in [(1, 0), (1, 1), (1, 10), (2, 365), (3, 1_000), (1, 5_000)] {
            let book = Book::from_change_sets(&demo(7, years, per_year));
            assert_eq!(
                book.entry_count(),
                years as usize * per_year,
                "{years}×{per_year}"
            );
        }
    }

    #[test]
    fn same_seed_same_book_other_seed_other_book() {
        assert_eq!(demo(1, 1, 800), demo(1, 1, 800));
        assert_ne!(demo(1, 1, 800), demo(2, 1, 800));
    }

    #[test]
    fn the_book_has_every_kind_of_activity() {
        let book = Book::from_change_sets(&demo(3, 3, 2_000));
        let entries: Vec<_> = book.entries().collect();
        assert!(entries.iter().any(|e| e.corrects().is_some()));
        assert!(entries.iter().any(|e| e.status() == EntryStatus::Draft));
        let drafts = entries.iter().filter(|e| !e.is_posted()).count();
        assert!(drafts < entries.len() / 100, "only a few drafts: {drafts}");
        let codes: std::collections::HashSet<_> = entries
            .iter()
            .flat_map(|e| e.lines())
            .filter_map(|l| l.tax_code)
            .collect();
        for code in [
            TaxCode::Sales10,
            TaxCode::Sales8Reduced,
            TaxCode::Purchase10,
            TaxCode::Purchase8Reduced,
            TaxCode::Purchase8ReducedUnregistered,
        ] {
            assert!(codes.contains(&code), "{code:?}");
        }
        let rent = book
            .accounts()
            .into_iter()
            .find(|a| a.name_ja == "地代家賃")
            .unwrap();
        let rents = entries
            .iter()
            .filter(|e| e.lines().iter().any(|l| l.account == rent.id))
            .count();
        assert_eq!(rents, 36, "rent every month");
        // Two bank sub-accounts under the bank account.
        let bank = book
            .accounts()
            .into_iter()
            .find(|a| a.role == Some(AccountRole::Bank))
            .unwrap()
            .id;
        assert_eq!(
            book.accounts()
                .iter()
                .filter(|a| a.parent == Some(bank))
                .count(),
            2
        );
    }
}
