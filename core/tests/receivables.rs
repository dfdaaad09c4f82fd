//! Receivables and payables: what is open per document on a day (payments and
//! credit notes up to that day taken off, drafts, cancelled documents and
//! cancelled payments left out), aging by days past due, the customer
//! statement's running balance, and the weekly cash forecast.
//!
//! The documents and payments are written as records (the commands that issue
//! them are tested elsewhere); amounts are tax-exclusive at 10%.

mod fixtures;

use chrono::NaiveDate;
use fixtures::{d, date, Ledger};
use kura_core::book::Record;
use kura_core::ids::RecordId;
use kura_core::ledger::TaxCode;
use kura_core::reports::{
    aging, cash_forecast, document_open_amount, open_items, partner_statement, OpenItem,
};
use kura_core::trade::{
    Allocation, Document, DocumentKind, DocumentLine, DocumentStatus, Partner, Payment,
    PaymentDirection, PaymentStatus, TradeSide, WithholdingRule,
};
use rust_decimal::Decimal;

const CASH: &str = "
2026-01-05 * 開業資金
  現金              50000
  普通預金/みずほ   200000
  普通預金/ゆうちょ 100000
  元入金           -350000
2026-01-06 * 売掛金の振替(現金ではない)
  売掛金   20000
  元入金  -20000
";

fn id(n: u128) -> RecordId {
    RecordId::from_parts(7_000, n)
}

fn partner(l: &mut Ledger, n: u128, name: &str, reading: &str) -> RecordId {
    let json = serde_json::json!({
        "id": id(n), "name": name, "reading": reading,
        "is_customer": true, "is_supplier": true,
    });
    let p: Partner = serde_json::from_value(json).expect("a partner");
    l.put(Record::Partner(p));
    id(n)
}

/// An issued document of one line of `net` at 10% (tax-exclusive).
fn doc(kind: DocumentKind, n: u128, partner: RecordId, dated: &str, due: &str) -> Document {
    let mut doc = Document::draft(id(n), kind, partner, date(dated));
    doc.status = DocumentStatus::Issued;
    doc.number = Some(format!("{}-{n:04}", kind.series_prefix()));
    doc.due_date = (!due.is_empty()).then(|| date(due));
    doc
}

fn with_net(mut doc: Document, net: &str) -> Document {
    let tax_code = match doc.kind.side() {
        TradeSide::Sales => TaxCode::Sales10,
        TradeSide::Purchase => TaxCode::Purchase10,
    };
    doc.lines.push(DocumentLine {
        description: "作業".into(),
        quantity: Decimal::ONE,
        unit: String::new(),
        unit_price: d(net),
        discount: Decimal::ZERO,
        tax_code,
        account: None,
        item: None,
        source: None,
        withheld: true,
        supply_date: None,
    });
    doc
}

fn put_doc(l: &mut Ledger, doc: Document) {
    l.put(Record::Document(doc));
}

/// A payment received (or made, for a bill) on `dated`, settling the
/// allocations; `fee` was deducted by the customer.
fn pay(l: &mut Ledger, n: u128, partner: RecordId, dated: &str, fee: &str, to: &[(u128, &str)]) {
    let allocations: Vec<Allocation> = to
        .iter()
        .map(|(doc, amount)| Allocation {
            document: id(*doc),
            amount: d(amount),
        })
        .collect();
    let settled: Decimal = allocations.iter().map(|a| a.amount).sum();
    let direction = match l.book.document(id(to[0].0)).map(|d| d.kind.side()) {
        Some(TradeSide::Purchase) => PaymentDirection::Paid,
        _ => PaymentDirection::Received,
    };
    let payment = Payment {
        id: id(n),
        direction,
        status: PaymentStatus::Posted,
        partner,
        date: date(dated),
        account: l.account("普通預金/みずほ"),
        amount: settled - d(fee),
        fee: d(fee),
        withholding: Decimal::ZERO,
        allocations,
        memo: format!("振込 {n}"),
        entry: id(n + 10_000),
        reversal: None,
    };
    l.put(Record::Payment(payment));
}

fn cancel_payment(l: &mut Ledger, n: u128) {
    let mut p = l.book.payment(id(n)).expect("the payment").clone();
    p.status = PaymentStatus::Cancelled;
    l.put(Record::Payment(p));
}

struct Books {
    l: Ledger,
    yamada: RecordId,
    aoki: RecordId,
    supplier: RecordId,
}

/// The aging scenario, as of 2026-06-30 (numbers are document ids):
/// - やまだ: 1 invoice 110,000 due 04-30, 50,000 received 05-10 (fee 440
///   deducted) → 60,000 open, 61 days late; 2 invoice 22,000 due 06-30 (paid
///   07-05, after the day); 6 invoice 44,000 paid in full.
/// - あおき: 3 invoice 33,000 due 05-31, 30 days late (its payment cancelled);
///   4 invoice 11,000 due 03-31, 91 days late; 5 invoice 5,500 due 05-01,
///   60 days late, less credit note 7 of 1,100 → 4,400; credit note 8 of
///   2,200 on its own, 06-10 (20 days) → −2,200.
/// - Left out: a draft, a cancelled invoice, an invoice dated after the day,
///   a bill (payables).
fn scenario() -> Books {
    use DocumentKind::*;
    let mut l = Ledger::parse(CASH);
    let yamada = partner(&mut l, 100, "山田商事", "やまだしょうじ");
    let aoki = partner(&mut l, 101, "青木工務店", "アオキコウムテン");
    let supplier = partner(&mut l, 102, "仕入先", "しいれさき");
    let docs = [
        with_net(
            doc(Invoice, 1, yamada, "2026-03-10", "2026-04-30"),
            "100000",
        ),
        with_net(doc(Invoice, 2, yamada, "2026-05-15", "2026-06-30"), "20000"),
        with_net(doc(Invoice, 6, yamada, "2026-03-20", "2026-04-30"), "40000"),
        with_net(doc(Invoice, 3, aoki, "2026-04-01", "2026-05-31"), "30000"),
        with_net(doc(Invoice, 4, aoki, "2026-02-01", "2026-03-31"), "10000"),
        with_net(doc(Invoice, 5, aoki, "2026-03-01", "2026-05-01"), "5000"),
        Document {
            credit_for: Some(id(5)),
            ..with_net(doc(CreditNote, 7, aoki, "2026-06-01", ""), "1000")
        },
        with_net(doc(CreditNote, 8, aoki, "2026-06-10", ""), "2000"),
        Document {
            status: DocumentStatus::Draft,
            ..with_net(doc(Invoice, 20, aoki, "2026-04-01", "2026-04-30"), "90000")
        },
        Document {
            status: DocumentStatus::Cancelled,
            ..with_net(doc(Invoice, 21, aoki, "2026-04-01", "2026-04-30"), "80000")
        },
        with_net(doc(Invoice, 22, aoki, "2026-07-01", "2026-07-31"), "70000"),
        with_net(doc(Bill, 30, supplier, "2026-05-20", "2026-06-30"), "60000"),
    ];
    for doc in docs {
        put_doc(&mut l, doc);
    }
    pay(&mut l, 50, yamada, "2026-05-10", "440", &[(1, "50000")]);
    pay(&mut l, 51, yamada, "2026-07-05", "0", &[(2, "22000")]);
    pay(&mut l, 52, yamada, "2026-04-20", "0", &[(6, "44000")]);
    pay(&mut l, 53, aoki, "2026-06-15", "0", &[(3, "33000")]);
    cancel_payment(&mut l, 53);
    Books {
        l,
        yamada,
        aoki,
        supplier,
    }
}

fn open_of(items: &[OpenItem]) -> Vec<(String, Decimal, i64)> {
    items
        .iter()
        .map(|i| (i.number.clone(), i.open, i.days_overdue))
        .collect()
}

fn row(number: &str, open: &str, days: i64) -> (String, Decimal, i64) {
    (number.to_string(), d(open), days)
}

#[test]
fn open_items_take_off_payments_and_credit_notes_up_to_the_day() {
    let b = scenario();
    let items = open_items(&b.l.book, TradeSide::Sales, date("2026-06-30"));
    // By due date (a credit note on its own is due on its date).
    assert_eq!(
        open_of(&items),
        [
            row("INV-0004", "11000", 91),
            row("INV-0001", "60000", 61),
            row("INV-0005", "4400", 60),
            row("INV-0003", "33000", 30),
            row("CN-0008", "-2200", 20),
            row("INV-0002", "22000", 0),
        ]
    );
    let first = items.iter().find(|i| i.number == "INV-0001").unwrap();
    assert_eq!((first.total, first.settled), (d("110000"), d("50000")));
    // A month later the payment of 07-05 has come in, and invoice 22 is out.
    let later = open_items(&b.l.book, TradeSide::Sales, date("2026-07-31"));
    assert!(later.iter().all(|i| i.number != "INV-0002"));
    assert!(later.iter().any(|i| i.number == "INV-0022"));
    // Before the payment and the credit note, the invoices were open in full.
    let earlier = open_items(&b.l.book, TradeSide::Sales, date("2026-05-09"));
    let open = |n: &str| earlier.iter().find(|i| i.number == n).map(|i| i.open);
    assert_eq!(open("INV-0001"), Some(d("110000")));
    assert_eq!(open("INV-0005"), Some(d("5500")));
    assert_eq!(open("INV-0006"), None, "paid on 04-20");
}

#[test]
fn a_payment_net_of_a_credit_note_settles_both() {
    let mut b = scenario();
    // あおき pays invoice 3 less its own credit note 8: 33,000 − 2,200.
    pay(
        &mut b.l,
        54,
        b.aoki,
        "2026-07-01",
        "0",
        &[(3, "33000"), (8, "-2200")],
    );
    let items = open_items(&b.l.book, TradeSide::Sales, date("2026-07-01"));
    assert!(items
        .iter()
        .all(|i| i.number != "INV-0003" && i.number != "CN-0008"));
    let s = partner_statement(
        &b.l.book,
        b.aoki,
        TradeSide::Sales,
        date("2026-07-01"),
        date("2026-07-01"),
    );
    // That day also brought invoice 22 (77,000), listed before the payment.
    let rows: Vec<(&str, Decimal, Decimal)> = s
        .rows
        .iter()
        .map(|r| (r.number.as_str(), r.charged, r.paid))
        .collect();
    assert_eq!(
        rows,
        [("INV-0022", d("77000"), d("0")), ("", d("0"), d("30800"))]
    );
    assert_eq!((s.opening, s.closing), (d("46200"), d("92400")));
}

#[test]
fn the_open_amount_of_one_document_follows_the_same_rule() {
    let b = scenario();
    let book = &b.l.book;
    let invoice = book.document(id(5)).unwrap();
    assert_eq!(
        document_open_amount(book, invoice, date("2026-05-31")),
        d("5500")
    );
    assert_eq!(
        document_open_amount(book, invoice, NaiveDate::MAX),
        d("4400")
    );
    let paid = book.document(id(6)).unwrap();
    assert_eq!(document_open_amount(book, paid, NaiveDate::MAX), d("0"));
}

#[test]
fn aging_puts_each_partner_in_buckets_by_days_past_due() {
    let b = scenario();
    let report = aging(&b.l.book, TradeSide::Sales, date("2026-06-30"));
    let rows: Vec<(RecordId, Vec<Decimal>, Decimal)> = report
        .rows
        .iter()
        .map(|r| (r.partner, r.buckets.to_vec(), r.total))
        .collect();
    let amounts = |a: [&str; 5]| a.map(d).to_vec();
    // By reading: あおき before やまだ.
    assert_eq!(
        rows,
        [
            (
                b.aoki,
                amounts(["0", "30800", "4400", "0", "11000"]),
                d("46200")
            ),
            (
                b.yamada,
                amounts(["22000", "0", "0", "60000", "0"]),
                d("82000")
            ),
        ]
    );
    assert_eq!(
        report.totals.to_vec(),
        amounts(["22000", "30800", "4400", "60000", "11000"])
    );
    assert_eq!(report.total, d("128200"));
    // Payables: the bill, due today.
    let payables = aging(&b.l.book, TradeSide::Purchase, date("2026-06-30"));
    assert_eq!(payables.rows.len(), 1);
    assert_eq!(payables.rows[0].partner, b.supplier);
    assert_eq!(payables.rows[0].buckets[0], d("66000"));
}

#[test]
fn a_statement_runs_a_balance_from_the_position_before_it() {
    let b = scenario();
    let s = partner_statement(
        &b.l.book,
        b.yamada,
        TradeSide::Sales,
        date("2026-05-01"),
        date("2026-06-30"),
    );
    // Before May: invoices 1 and 6 (154,000) less the payment of 44,000.
    assert_eq!(s.opening, d("110000"));
    let rows: Vec<(NaiveDate, &str, Decimal, Decimal, Decimal)> = s
        .rows
        .iter()
        .map(|r| (r.date, r.number.as_str(), r.charged, r.paid, r.balance))
        .collect();
    assert_eq!(
        rows,
        [
            // Received 49,560 with a 440 fee deducted: 50,000 settled.
            (date("2026-05-10"), "", d("0"), d("50000"), d("60000")),
            (
                date("2026-05-15"),
                "INV-0002",
                d("22000"),
                d("0"),
                d("82000")
            ),
        ]
    );
    assert_eq!(s.rows[0].description, "振込 50");
    assert_eq!(s.closing, d("82000"));
    // The closing balance is what aging shows open for the partner that day.
    let aged = aging(&b.l.book, TradeSide::Sales, date("2026-06-30"));
    let yamada = aged.rows.iter().find(|r| r.partner == b.yamada).unwrap();
    assert_eq!(yamada.total, s.closing);
}

#[test]
fn a_statement_counts_credit_notes_and_leaves_out_cancelled_payments() {
    let b = scenario();
    let s = partner_statement(
        &b.l.book,
        b.aoki,
        TradeSide::Sales,
        date("2026-06-01"),
        date("2026-06-30"),
    );
    assert_eq!(s.opening, d("49500"));
    let rows: Vec<(&str, Decimal, Decimal)> = s
        .rows
        .iter()
        .map(|r| (r.number.as_str(), r.charged, r.balance))
        .collect();
    assert_eq!(
        rows,
        [
            ("CN-0007", d("-1100"), d("48400")),
            ("CN-0008", d("-2200"), d("46200")),
        ]
    );
}

#[test]
fn the_cash_forecast_spreads_what_is_due_over_weeks_from_the_cash_balance() {
    use DocumentKind::*;
    let mut l = Ledger::parse(CASH);
    let c = partner(&mut l, 100, "顧客", "こきゃく");
    let s = partner(&mut l, 101, "仕入先", "しいれさき");
    let fee = Document {
        withholding: WithholdingRule::IncomeTax,
        ..with_net(doc(Invoice, 4, c, "2026-06-20", "2026-07-20"), "100000")
    };
    for doc in [
        // Overdue: the first week.
        with_net(doc(Invoice, 1, c, "2026-05-01", "2026-06-15"), "10000"),
        with_net(doc(Invoice, 2, c, "2026-06-01", "2026-07-13"), "20000"),
        with_net(doc(Bill, 3, s, "2026-06-01", "2026-07-10"), "50000"),
        // 110,000 less 10,210 withheld: 99,790 comes in.
        fee,
        // After the four weeks.
        with_net(doc(Invoice, 5, c, "2026-06-01", "2026-08-31"), "90000"),
    ] {
        put_doc(&mut l, doc);
    }
    let forecast = cash_forecast(&l.book, date("2026-07-01"), 4);
    // 現金 and 普通預金 with its sub-accounts, each once; not 売掛金.
    assert_eq!(forecast.opening_balance, d("350000"));
    let weeks: Vec<(NaiveDate, Decimal, Decimal, Decimal)> = forecast
        .weeks
        .iter()
        .map(|w| (w.week_start, w.incoming, w.outgoing, w.balance))
        .collect();
    assert_eq!(
        weeks,
        [
            (date("2026-06-29"), d("11000"), d("0"), d("361000")),
            (date("2026-07-06"), d("0"), d("55000"), d("306000")),
            (date("2026-07-13"), d("22000"), d("0"), d("328000")),
            (date("2026-07-20"), d("99790"), d("0"), d("427790")),
        ]
    );
}

/// Local time as UTC, so the test does not depend on the machine's zone.
fn utc(ms: u64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .unwrap()
        .naive_utc()
}

#[test]
fn the_history_lists_issues_cancellations_payments_and_partner_changes() {
    use kura_core::book::RecordKind;
    use kura_core::reports::{change_history, record_summary, ChangeKind, Field, HistoryQuery};
    use kura_core::trade::{DeviceSeries, PaymentTerms};
    let mut l = Ledger::parse(CASH);
    let before = change_history(&l.book, &HistoryQuery::default(), utc)
        .rows
        .len();
    let c = partner(&mut l, 100, "山田商事", "やまだしょうじ");
    let mut changed = l.book.partner(c).unwrap().clone();
    changed.address = "東京都千代田区1-1".into();
    changed.payment_terms = PaymentTerms::NetDays { days: 30 };
    l.put(Record::Partner(changed));
    // A draft, edited twice, then issued and cancelled.
    let mut invoice = with_net(
        doc(DocumentKind::Invoice, 1, c, "2026-06-01", "2026-06-30"),
        "100000",
    );
    invoice.status = DocumentStatus::Draft;
    invoice.number = None;
    l.put(Record::Document(invoice.clone()));
    invoice.subject = "6月分".into();
    l.put(Record::Document(invoice.clone()));
    invoice.status = DocumentStatus::Issued;
    invoice.number = Some("INV-2026-0001".into());
    l.put(Record::Document(invoice.clone()));
    l.put(Record::DeviceSeries(DeviceSeries {
        device: kura_core::ids::DeviceId(id(900)),
        tag: String::new(),
        granted: 0,
        reserved: None,
    }));
    invoice.status = DocumentStatus::Cancelled;
    l.put(Record::Document(invoice));
    // A payment against another invoice, recorded and cancelled.
    put_doc(
        &mut l,
        with_net(
            doc(DocumentKind::Invoice, 2, c, "2026-06-02", "2026-06-30"),
            "20000",
        ),
    );
    pay(&mut l, 50, c, "2026-06-10", "440", &[(2, "22000")]);
    cancel_payment(&mut l, 50);

    let history = change_history(&l.book, &HistoryQuery::default(), utc);
    let rows: Vec<(RecordKind, ChangeKind)> = history.rows[before..]
        .iter()
        .map(|r| (r.record.kind, r.change.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (RecordKind::Partner, ChangeKind::Added),
            (
                RecordKind::Partner,
                ChangeKind::Changed {
                    fields: vec![Field::Address, Field::Terms]
                }
            ),
            (RecordKind::Document, ChangeKind::Issued),
            (RecordKind::Document, ChangeKind::Cancelled),
            (RecordKind::Document, ChangeKind::Issued),
            (RecordKind::Payment, ChangeKind::Posted),
            (RecordKind::Payment, ChangeKind::Cancelled),
        ]
    );
    let summary = |n: usize, after: bool| {
        let row = &history.rows[before + n];
        let record = if after { &row.after } else { &row.before };
        record_summary(
            &l.book,
            record.as_deref().unwrap(),
            kura_core::locale::Locale::Ja,
        )
    };
    assert_eq!(summary(2, true), "INV-2026-0001 山田商事 ¥110,000");
    // Cancelling shows the issued document as it was.
    assert!(history.rows[before + 2].before.is_none());
    assert_eq!(summary(3, false), "INV-2026-0001 山田商事 ¥110,000");
    // The money that came in (the fee was deducted by the customer).
    assert_eq!(summary(5, true), "2026/06/10 山田商事 ¥21,560");
    assert_eq!(summary(0, true), "山田商事");
    // Text search finds a document and a payment by their partner's name.
    let query = HistoryQuery {
        text: Some("山田".into()),
        ..HistoryQuery::default()
    };
    assert_eq!(change_history(&l.book, &query, utc).rows.len(), 7);
}
