//! How sales and purchasing answer at a busy micro business's size: a book with
//! `N` issued invoices (20,000 by default: five years of a shop invoicing 16 a
//! working day), half as many supplier bills, 200 partners, and payments settling
//! nine in ten of them, each document and payment with its posted entry.
//!
//! `cargo bench -p kura-core --features testing --bench trade [-- N]`
//!
//! The book is generated record by record with the same posting functions the
//! commands use (issuing through the commands would also time the generator);
//! then the figures a user waits for are timed on it: the open items, the aging
//! of receivables and payables, the statement of the busiest customer, the cash
//! forecast, a document's chain, and issuing one more invoice and recording one
//! more payment through the real commands (which look across the whole book for
//! the next number and the open amounts).

use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use kura_core::book::{create_book, Book, Record, SettingsInput, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::{AccountRole, TaxCode};
use kura_core::reports::{aging, cash_forecast, open_items, partner_statement};
use kura_core::sync::{Change, ChangeSet, HlcClock};
use kura_core::trade::{
    book_totals, document_chain, document_entry, issue_document, payment_entry, record_payment,
    Allocation, Document, DocumentKind, DocumentLine, DocumentStatus, Partner, Payment,
    PaymentDirection, PaymentInput, PaymentStatus, TradeSide,
};
use rust_decimal::Decimal;

const PARTNERS: u128 = 200;

struct Gen {
    book: Book,
    clock: HlcClock,
    n: u128,
}

impl Gen {
    fn id(&mut self) -> RecordId {
        self.n += 1;
        RecordId::from_parts(1_760_000_000_000 + self.n as u64, self.n)
    }

    fn ctx(&mut self) -> WriteCtx {
        let set_id = self.id();
        WriteCtx {
            set_id,
            stamp: self.clock.tick(1_760_000_000_000 + self.n as u64),
        }
    }

    fn put(&mut self, records: Vec<Record>) {
        let ctx = self.ctx();
        let changes = records
            .into_iter()
            .map(|record| Change::Put { record })
            .collect();
        self.book.apply_owned(ChangeSet {
            id: ctx.set_id,
            stamp: ctx.stamp,
            changes,
            link: None,
        });
    }

    fn account(&self, role: AccountRole) -> RecordId {
        self.book
            .accounts()
            .into_iter()
            .find(|a| a.role == Some(role))
            .expect("the template has the role")
            .id
    }
}

fn partner_id(n: u128) -> RecordId {
    RecordId::from_parts(1_700_000_000_000, 10_000 + n)
}

fn partner(n: u128) -> Partner {
    serde_json::from_value(serde_json::json!({
        "id": partner_id(n), "name": format!("取引先{n:03}"), "reading": format!("とりひきさき{n:03}"),
        "is_customer": !n.is_multiple_of(4), "is_supplier": n.is_multiple_of(4), "registered_issuer": n.is_multiple_of(8),
    }))
    .expect("a valid partner")
}

fn line(i: usize, code: TaxCode) -> DocumentLine {
    DocumentLine {
        description: format!("品目 {i}"),
        quantity: Decimal::from(1 + i % 5),
        unit: "個".into(),
        unit_price: Decimal::from(1_000 + (i * 37) % 9_000),
        discount: Decimal::ZERO,
        tax_code: code,
        account: None,
        item: None,
        source: None,
        withheld: true,
        supply_date: None,
    }
}

/// An issued document of a kind with its entry, `i`-th of its series.
fn issue(gen: &mut Gen, kind: DocumentKind, i: usize, date: NaiveDate, partner: u128) -> Document {
    let (ten, eight) = match kind.side() {
        TradeSide::Sales => (TaxCode::Sales10, TaxCode::Sales8Reduced),
        TradeSide::Purchase => (TaxCode::Purchase10, TaxCode::Purchase8Reduced),
    };
    let id = gen.id();
    let mut doc = Document::draft(id, kind, partner_id(partner), date);
    doc.status = DocumentStatus::Issued;
    doc.number = Some(format!(
        "{}-{}-{:05}",
        kind.series_prefix(),
        date.year(),
        i + 1
    ));
    doc.due_date = Some(date + Days::new(30));
    doc.lines = vec![line(i, ten), line(i + 1, eight), line(i + 2, ten)];
    doc.issued_totals = Some(book_totals(&gen.book, &doc).into_owned());
    let entry_id = gen.id();
    let entry = document_entry(&gen.book, &doc, entry_id).expect("the document posts");
    doc.entry = Some(entry_id);
    gen.put(vec![
        Record::Document(doc.clone()),
        Record::JournalEntry(entry),
    ]);
    doc
}

fn pay(gen: &mut Gen, doc: &Document, date: NaiveDate, bank: RecordId) {
    let totals = book_totals(&gen.book, doc);
    let direction = match doc.kind.side() {
        TradeSide::Sales => PaymentDirection::Received,
        TradeSide::Purchase => PaymentDirection::Paid,
    };
    let (id, entry) = (gen.id(), gen.id());
    let payment = Payment {
        id,
        direction,
        status: PaymentStatus::Posted,
        partner: doc.partner,
        date,
        account: bank,
        amount: totals.gross,
        fee: Decimal::ZERO,
        withholding: Decimal::ZERO,
        allocations: vec![Allocation {
            document: doc.id,
            amount: totals.gross,
        }],
        memo: String::new(),
        entry,
        reversal: None,
    };
    let posted = payment_entry(&gen.book, &payment).expect("the payment posts");
    gen.put(vec![Record::Payment(payment), Record::JournalEntry(posted)]);
}

fn generate(invoices: usize) -> Gen {
    let mut gen = Gen {
        book: Book::default(),
        clock: HlcClock::new(DeviceId(RecordId::from_parts(1, 77))),
        n: 0,
    };
    let mut seq = 0;
    let mut ids = || {
        seq += 1;
        RecordId::from_parts(1_650_000_000_000, seq)
    };
    let input = SettingsInput {
        name: "ベンチ商店".into(),
        ..SettingsInput::default()
    };
    let ctx = gen.ctx();
    let created = create_book(input, RecordId::from_parts(1, 1), &mut ids, ctx).expect("a book");
    gen.book.apply_owned(created);
    gen.put((0..PARTNERS).map(|n| Record::Partner(partner(n))).collect());
    let bank = gen.account(AccountRole::Bank);
    let customers: Vec<u128> = (0..PARTNERS).filter(|n| !n.is_multiple_of(4)).collect();
    let suppliers: Vec<u128> = (0..PARTNERS).filter(|n| n.is_multiple_of(4)).collect();
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).expect("a date");
    let span = 5 * 365;
    for i in 0..invoices {
        let date = start + Days::new((i * span / invoices) as u64);
        let customer = customers[(i * 7) % customers.len()];
        let doc = issue(&mut gen, DocumentKind::Invoice, i, date, customer);
        if !i.is_multiple_of(10) {
            pay(&mut gen, &doc, date + Days::new(30), bank);
        }
        if i.is_multiple_of(2) {
            let supplier = suppliers[(i / 2) % suppliers.len()];
            let bill = issue(&mut gen, DocumentKind::Bill, i / 2, date, supplier);
            if !i.is_multiple_of(20) {
                pay(&mut gen, &bill, date + Days::new(30), bank);
            }
        }
    }
    gen
}

fn time<T>(label: &str, f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = f();
    let took = started.elapsed();
    println!("{label:<44} {:>9.2} ms", took.as_secs_f64() * 1e3);
    (value, took)
}

fn main() {
    let invoices: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20_000);
    let (mut gen, _) = time("generate (documents, payments, entries)", || {
        generate(invoices)
    });
    let as_of = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    println!(
        "book: {} documents, {} payments, {} entries",
        gen.book.documents().count(),
        gen.book.payments().count(),
        gen.book.entry_count()
    );
    let (items, _) = time("open items, receivables", || {
        open_items(&gen.book, TradeSide::Sales, as_of)
    });
    println!("  {} open invoices", items.len());
    time("aging, receivables", || {
        aging(&gen.book, TradeSide::Sales, as_of)
    });
    time("aging, payables", || {
        aging(&gen.book, TradeSide::Purchase, as_of)
    });
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    let (statement, _) = time("statement of one customer, one year", || {
        partner_statement(&gen.book, partner_id(1), TradeSide::Sales, from, as_of)
    });
    println!("  {} rows", statement.rows.len());
    time("cash forecast, 8 weeks", || {
        cash_forecast(&gen.book, as_of, 8)
    });
    let last = items.last().map(|i| i.document).expect("an open invoice");
    time("chain of an invoice", || document_chain(&gen.book, last));
    let draft = {
        let id = gen.id();
        let mut doc = Document::draft(id, DocumentKind::Invoice, partner_id(1), as_of);
        doc.lines = vec![line(1, TaxCode::Sales10)];
        doc
    };
    let entry_id = gen.id();
    let ctx = gen.ctx();
    let (issued, _) = time("issue one more invoice (command)", || {
        issue_document(&gen.book, draft, &mut || entry_id, ctx).expect("it issues")
    });
    gen.book.apply_owned(issued);
    let open = open_items(&gen.book, TradeSide::Sales, as_of);
    let item = open
        .iter()
        .find(|i| i.partner == partner_id(1))
        .expect("open");
    let input = PaymentInput {
        direction: PaymentDirection::Received,
        partner: partner_id(1),
        date: as_of,
        account: gen.account(AccountRole::Bank),
        amount: item.open,
        fee: Decimal::ZERO,
        withholding: Decimal::ZERO,
        allocations: vec![Allocation {
            document: item.document,
            amount: item.open,
        }],
        memo: String::new(),
    };
    let (payment_id, entry_id, ctx) = (gen.id(), gen.id(), gen.ctx());
    time("record one more payment (command)", || {
        record_payment(&gen.book, input, payment_id, entry_id, ctx).expect("it records")
    });
}
