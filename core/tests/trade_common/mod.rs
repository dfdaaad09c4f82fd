//! A shop's book for the sales and purchasing tests: made by `create_book`
//! with the Japanese sole-proprietor chart, three partners, and a device whose
//! ids and clock are deterministic (a copy can act as a second device).

#![allow(dead_code)] // each test file uses its own part of the fixture

use std::str::FromStr;

use chrono::NaiveDate;
use kura_core::book::{create_book, Book, Record, SettingsInput, TaxAccounting, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{JournalEntry, TaxCode, TaxPart};
use kura_core::money::Rounding;
use kura_core::reports::{trial_balance, Period};
use kura_core::sync::{Change, ChangeSet, HlcClock};
use kura_core::trade::{
    issue_document, save_business_profile, BusinessProfile, Document, DocumentKind, DocumentLine,
    Partner, TradeError, WithholdingBooking,
};
use rust_decimal::Decimal;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}

pub const BOOK: u128 = 1;
/// 山田商事: a customer (月末締め翌月末払い).
pub const YAMADA: u128 = 11;
/// 田中工務店: another customer.
pub const TANAKA: u128 = 12;
/// 佐藤物産: a supplier and registered issuer.
pub const SATO: u128 = 13;
/// 鈴木商店: a supplier who is not a registered issuer.
pub const SUZUKI: u128 = 14;

pub fn fixed(n: u128) -> RecordId {
    RecordId::from_parts(1_700_000_000_000, n)
}

/// Ids for a command that needs several: `first`, then others made from it.
pub fn ids_after(first: RecordId) -> impl FnMut() -> RecordId {
    let mut k: u128 = 0;
    move || {
        k += 1;
        match k {
            1 => first,
            _ => RecordId::from_parts(first.unix_ms(), (0x5EED_u128 << 96) | k),
        }
    }
}

fn partner(n: u128, name: &str, customer: bool, supplier: bool) -> Partner {
    serde_json::from_value(serde_json::json!({
        "id": fixed(n), "name": name, "is_customer": customer, "is_supplier": supplier,
        "registered_issuer": supplier,
    }))
    .unwrap()
}

/// A book and the device working on it.
#[derive(Clone)]
pub struct Shop {
    pub book: Book,
    clock: HlcClock,
    device: u128,
    n: u128,
}

impl Shop {
    /// A tax-inclusive book (the default for a new sole proprietor).
    pub fn new() -> Shop {
        Shop::with(TaxAccounting::Inclusive)
    }

    pub fn with(accounting: TaxAccounting) -> Shop {
        let mut shop = Shop {
            book: Book::default(),
            clock: HlcClock::new(DeviceId(fixed(901))),
            device: 1,
            n: 0,
        };
        let input = SettingsInput {
            name: "山田商店".into(),
            tax_accounting: accounting,
            ..SettingsInput::default()
        };
        let mut seq = 100;
        let mut ids = || {
            seq += 1;
            fixed(seq)
        };
        let ctx = shop.ctx();
        let set = create_book(input, fixed(BOOK), &mut ids, ctx).unwrap();
        shop.apply(&set);
        shop.put(Record::Partner(partner(YAMADA, "山田商事", true, false)));
        shop.put(Record::Partner(partner(TANAKA, "田中工務店", true, false)));
        shop.put(Record::Partner(partner(SATO, "佐藤物産", false, true)));
        let mut suzuki = partner(SUZUKI, "鈴木商店", false, true);
        suzuki.registered_issuer = false;
        shop.put(Record::Partner(suzuki));
        shop
    }

    /// The same book, worked on by another device from here on.
    pub fn as_device(&self, device: u128) -> Shop {
        Shop {
            book: self.book.clone(),
            clock: HlcClock::new(DeviceId(fixed(900 + device))),
            device,
            n: self.n,
        }
    }

    pub fn device_id(&self) -> DeviceId {
        DeviceId(fixed(900 + self.device))
    }

    /// A new id, distinct across devices.
    pub fn id(&mut self) -> RecordId {
        self.n += 1;
        RecordId::from_parts(
            1_760_000_000_000 + self.n as u64,
            (self.device << 64) | self.n,
        )
    }

    pub fn ctx(&mut self) -> WriteCtx {
        let set_id = self.id();
        WriteCtx {
            set_id,
            stamp: self.clock.tick(1_760_000_000_000 + self.n as u64),
        }
    }

    pub fn apply(&mut self, set: &ChangeSet) {
        assert!(self.book.apply(set));
    }

    pub fn put(&mut self, record: Record) {
        let ctx = self.ctx();
        self.apply(&ChangeSet {
            id: ctx.set_id,
            stamp: ctx.stamp,
            changes: vec![Change::Put { record }],
            link: None,
        });
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

    /// Sets the business profile's document rounding and withholding booking
    /// (and an address typed with spaces around it).
    pub fn set_profile(&mut self, rounding: Rounding, booking: WithholdingBooking) {
        let profile = BusinessProfile {
            address: " 東京都千代田区1-1 ".into(),
            tax_rounding: rounding,
            withholding_booking: booking,
            ..serde_json::from_value(serde_json::json!({ "book_id": fixed(BOOK) })).unwrap()
        };
        let ctx = self.ctx();
        let set = save_business_profile(&self.book, profile, "", false, ctx).unwrap();
        self.apply(&set);
    }

    /// (account code, amount, tax code, tax part) of each line of an entry.
    pub fn lines(&self, entry: &JournalEntry) -> Vec<EntryRow> {
        entry
            .lines()
            .iter()
            .map(|p| {
                let code = self.book.account(p.account).unwrap().code.clone();
                (code, p.amount, p.tax_code, p.tax_part)
            })
            .collect()
    }

    /// A draft of a kind for a partner (by its fixed number), with lines.
    pub fn draft(
        &mut self,
        kind: DocumentKind,
        partner: u128,
        date: &str,
        lines: Vec<DocumentLine>,
    ) -> Document {
        let id = self.id();
        Document {
            lines,
            ..Document::draft(id, kind, fixed(partner), day(date))
        }
    }

    /// Issues a document and folds the change set in; returns it as issued.
    pub fn issue(&mut self, doc: Document) -> Document {
        let set = self.try_issue(doc.clone()).unwrap();
        self.apply(&set);
        self.doc(doc.id)
    }

    pub fn try_issue(&mut self, doc: Document) -> Result<ChangeSet, TradeError> {
        let entry = self.id();
        let ctx = self.ctx();
        issue_document(&self.book, doc, &mut ids_after(entry), ctx)
    }

    pub fn doc(&self, id: RecordId) -> Document {
        self.book.document(id).expect("the document").clone()
    }

    /// The posted balance of an account (debit positive).
    pub fn balance(&self, code: &str) -> Decimal {
        let account = self.account(code);
        self.book
            .entries()
            .filter(|e| e.is_posted())
            .flat_map(|e| e.lines())
            .filter(|p| p.account == account)
            .map(|p| p.amount)
            .sum()
    }

    /// Whether every account's balance over the year is zero.
    pub fn trial_balance_is_zero(&self) -> bool {
        let year = Period {
            from: day("2026-01-01"),
            to: day("2026-12-31"),
        };
        trial_balance(&self.book, year)
            .rows
            .iter()
            .all(|r| r.closing.is_zero())
    }
}

/// An entry line as [`Shop::lines`] shows it.
pub type EntryRow = (String, Decimal, Option<TaxCode>, Option<TaxPart>);

/// A line of `quantity` at `price` with a tax code, no discount.
pub fn line(description: &str, quantity: &str, price: &str, tax_code: TaxCode) -> DocumentLine {
    DocumentLine {
        description: description.into(),
        quantity: d(quantity),
        unit: String::new(),
        unit_price: d(price),
        discount: Decimal::ZERO,
        tax_code,
        account: None,
        item: None,
        source: None,
        withheld: true,
        supply_date: None,
    }
}

// ---- inventory-core (helper A): items, locations and raw stock moves ----

/// A tracked item's form: code, name and standard purchase cost.
pub fn goods(code: &str, name: &str, cost: &str) -> kura_core::inventory::ItemInput {
    kura_core::inventory::ItemInput {
        code: code.into(),
        name: name.into(),
        purchase_cost: cost.into(),
        tracked: true,
        ..Default::default()
    }
}

impl Shop {
    /// Saves an item through `save_item`; returns its id.
    pub fn save_goods(&mut self, input: kura_core::inventory::ItemInput) -> RecordId {
        let id = self.id();
        let ctx = self.ctx();
        let set = kura_core::inventory::save_item(&self.book, id, input, ctx).unwrap();
        self.apply(&set);
        id
    }

    /// Puts a stock move straight into the book (no command, no entry): lines
    /// of (item, location, quantity, unit cost).
    pub fn put_move(
        &mut self,
        date: &str,
        kind: kura_core::inventory::MoveKind,
        lines: &[(RecordId, Option<RecordId>, &str, Option<&str>)],
    ) -> RecordId {
        let id = self.id();
        let lines = lines
            .iter()
            .map(
                |&(item, location, quantity, cost)| kura_core::inventory::MoveLine {
                    item,
                    location,
                    quantity: d(quantity),
                    unit_cost: cost.map(d),
                },
            )
            .collect();
        self.put(Record::StockMove(kura_core::inventory::StockMove {
            id,
            date: day(date),
            kind,
            lines,
            document: None,
            stocktake: None,
            reverses: None,
            entry: None,
            note: String::new(),
        }));
        id
    }
}

// ---- inventory-moves (helper C): items, locations and stock settings ----

impl Shop {
    /// Puts an item (goods when `tracked`, else a service) with a standard
    /// cost of 100 and a sale price of 150; returns its id.
    pub fn add_item(&mut self, code: &str, tracked: bool) -> RecordId {
        let id = self.id();
        self.put(Record::Item(kura_core::inventory::Item {
            id,
            code: code.into(),
            name: format!("品目 {code}"),
            reading: String::new(),
            unit: "個".into(),
            sale_price: d("150"),
            purchase_cost: d("100"),
            tax_code: TaxCode::Sales10,
            tracked,
            reorder_point: None,
            reorder_quantity: None,
            preferred_supplier: None,
            barcode: None,
            archived: false,
            business_class: None,
        }));
        id
    }

    /// Puts a location; returns its id.
    pub fn add_location(&mut self, name: &str) -> RecordId {
        let id = self.id();
        self.put(Record::Location(kura_core::inventory::Location {
            id,
            name: name.into(),
            archived: false,
        }));
        id
    }

    /// Puts the stock settings: one policy from the start, and whether stock
    /// may go negative.
    pub fn set_stock(
        &mut self,
        method: kura_core::inventory::ValuationMethod,
        posting: kura_core::inventory::StockPosting,
        allow_negative: bool,
    ) {
        let policy = kura_core::inventory::InventoryPolicy {
            from: day("2026-01-01"),
            method,
            posting,
        };
        self.put(Record::InventorySettings(
            kura_core::inventory::InventorySettings {
                book_id: fixed(BOOK),
                policies: vec![policy],
                allow_negative,
            },
        ));
    }
}

/// The stock moves in a change set.
pub fn moves_in(set: &ChangeSet) -> Vec<kura_core::inventory::StockMove> {
    set.changes
        .iter()
        .filter_map(|c| match c {
            Change::Put {
                record: Record::StockMove(m),
            } => Some(m.clone()),
            _ => None,
        })
        .collect()
}

/// A line of an item: `quantity` at `price` with a tax code.
pub fn item_line(item: RecordId, quantity: &str, price: &str, tax_code: TaxCode) -> DocumentLine {
    DocumentLine {
        item: Some(item),
        ..line("品目", quantity, price, tax_code)
    }
}
