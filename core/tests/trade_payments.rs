//! Receipts and payments as a user meets them: a freelancer's invoice paid in
//! part, then in full less the bank fee and the withheld income tax; one
//! payment for several documents; allocations that do not add up or exceed
//! what is open are refused; cancelling a payment opens its invoice again; and
//! the chain from a quote to the payment of its invoice.

mod trade_common;

use chrono::NaiveDate;
use kura_core::book::Record;
use kura_core::book::TaxAccounting;
use kura_core::ids::RecordId;
use kura_core::ledger::{Account, AccountType, TaxCode};
use kura_core::reports::{document_open_amount, open_items, partner_statement, Period};
use kura_core::sync::ChangeSet;
use kura_core::trade::{
    cancel_document, cancel_payment, copy_forward, document_chain, record_payment,
    save_document_draft, Allocation, ChainRelation, Document, DocumentKind, DocumentStatus,
    PaymentDirection, PaymentInput, PaymentStatus, TradeError, TradeSide, WithholdingRule,
};
use rust_decimal::Decimal;
use trade_common::{d, day, fixed, ids_after, line, Shop, SATO, TANAKA, YAMADA};

const BANK: &str = "111";
const RECEIVABLE: &str = "120";

/// Money received from a customer into the bank, allocated as given.
fn received(
    shop: &Shop,
    partner: u128,
    amount: &str,
    allocations: &[(&Document, &str)],
) -> PaymentInput {
    PaymentInput {
        direction: PaymentDirection::Received,
        partner: fixed(partner),
        date: day("2026-05-31"),
        account: shop.account(BANK),
        amount: d(amount),
        fee: Decimal::ZERO,
        withholding: Decimal::ZERO,
        allocations: allocations
            .iter()
            .map(|(doc, amount)| Allocation {
                document: doc.id,
                amount: d(amount),
            })
            .collect(),
        memo: String::new(),
    }
}

fn try_pay(input: PaymentInput, shop: &mut Shop) -> Result<ChangeSet, TradeError> {
    let payment = shop.id();
    let entry = shop.id();
    let ctx = shop.ctx();
    record_payment(&shop.book, input, payment, entry, ctx)
}

/// Records a payment; returns its id.
fn pay(input: PaymentInput, shop: &mut Shop) -> RecordId {
    let set = try_pay(input, shop).unwrap();
    shop.apply(&set);
    set.changes[0].key().id
}

fn open(shop: &Shop, doc: &Document) -> Decimal {
    document_open_amount(&shop.book, &shop.doc(doc.id), NaiveDate::MAX)
}

/// An invoice of `price` at 10% (tax-exclusive) to 山田商事.
fn invoice(shop: &mut Shop, price: &str) -> Document {
    let lines = vec![line("デザイン制作", "1", price, TaxCode::Sales10)];
    let doc = shop.draft(DocumentKind::Invoice, YAMADA, "2026-04-30", lines);
    shop.issue(doc)
}

/// A fee of 100,000 + 10% tax = 110,000, less 10.21% withheld (10,210): 99,790
/// due. The customer pays 40,000 first, then the rest less a 440 bank fee:
/// 99,790 − 40,000 − 440 = 59,350, which settles 59,350 + 440 + 10,210 = 70,000.
#[test]
fn a_partial_then_a_final_payment_with_fee_and_withholding_settle_the_invoice() {
    let mut shop = Shop::new();
    let lines = vec![line("デザイン制作", "1", "100000", TaxCode::Sales10)];
    let mut fee = shop.draft(DocumentKind::Invoice, YAMADA, "2026-04-30", lines);
    fee.withholding = WithholdingRule::IncomeTax;
    let fee = shop.issue(fee);
    assert_eq!(open(&shop, &fee), d("110000"));

    let first = pay(
        received(&shop, YAMADA, "40000", &[(&fee, "40000")]),
        &mut shop,
    );
    assert_eq!(open(&shop, &fee), d("70000"));
    let payment = shop.book.payment(first).unwrap();
    assert_eq!(
        (payment.status, payment.settled()),
        (PaymentStatus::Posted, d("40000"))
    );

    let mut last = received(&shop, YAMADA, "59350", &[(&fee, "70000")]);
    last.fee = d("440");
    last.withholding = d("10210");
    pay(last, &mut shop);
    assert_eq!(open(&shop, &fee), Decimal::ZERO);
    assert_eq!(shop.balance(BANK), d("99350"));
    assert_eq!(shop.balance("620"), d("440"), "the bank fee is an expense");
    assert_eq!(shop.balance("190"), d("10210"), "withheld tax to 事業主貸");
    assert_eq!(shop.balance(RECEIVABLE), Decimal::ZERO);
}

#[test]
fn allocations_must_add_up_to_what_the_payment_settles_and_stay_within_open() {
    let mut shop = Shop::new();
    let inv = invoice(&mut shop, "100000"); // 110,000
    let before = shop.book.clone();
    assert_eq!(
        try_pay(
            received(&shop, YAMADA, "40000", &[(&inv, "30000")]),
            &mut shop
        ),
        Err(TradeError::AllocationMismatch {
            allocated: d("30000"),
            settled: d("40000"),
        })
    );
    let mut with_fee = received(&shop, YAMADA, "40000", &[(&inv, "40000")]);
    with_fee.fee = d("440");
    assert_eq!(
        try_pay(with_fee, &mut shop),
        Err(TradeError::AllocationMismatch {
            allocated: d("40000"),
            settled: d("40440"),
        }),
        "a fee the customer deducted is settled too"
    );
    let over_open = TradeError::AllocationExceedsOpen {
        number: "INV-2026-0001".into(),
        open: d("110000"),
    };
    assert_eq!(
        try_pay(
            received(&shop, YAMADA, "120000", &[(&inv, "120000")]),
            &mut shop
        ),
        Err(over_open)
    );
    let twice = received(
        &shop,
        YAMADA,
        "120000",
        &[(&inv, "100000"), (&inv, "20000")],
    );
    assert_eq!(
        try_pay(twice, &mut shop),
        Err(TradeError::AllocationExceedsOpen {
            number: "INV-2026-0001".into(),
            open: d("10000"),
        }),
        "two allocations to one invoice count together"
    );
    assert_eq!(
        try_pay(
            received(&shop, YAMADA, "1000", &[(&inv, "-1000")]),
            &mut shop
        ),
        Err(TradeError::AllocationExceedsOpen {
            number: "INV-2026-0001".into(),
            open: d("110000"),
        })
    );
    assert_eq!(shop.book, before);
    assert_eq!(open(&shop, &inv), d("110000"));
}

#[test]
fn a_payment_settles_only_its_partners_documents_of_its_side() {
    let mut shop = Shop::new();
    let inv = invoice(&mut shop, "10000");
    let lines = vec![line("工事", "1", "10000", TaxCode::Sales10)];
    let tanaka = shop.draft(DocumentKind::Invoice, TANAKA, "2026-04-30", lines.clone());
    let tanaka = shop.issue(tanaka);
    let quote = shop.draft(DocumentKind::Quote, YAMADA, "2026-04-30", lines);
    let quote = shop.issue(quote);
    let bill_lines = vec![line("材料", "1", "10000", TaxCode::Purchase10)];
    let bill = shop.draft(DocumentKind::Bill, SATO, "2026-04-30", bill_lines);
    let bill = shop.issue(bill);
    let draft = shop.draft(
        DocumentKind::Invoice,
        YAMADA,
        "2026-04-30",
        inv.lines.clone(),
    );
    let ctx = shop.ctx();
    shop.apply(&save_document_draft(&shop.book, draft.clone(), ctx).unwrap());
    let not_settleable = Err(TradeError::AllocationNotSettleable);
    for doc in [&tanaka, &quote, &draft] {
        let input = received(&shop, YAMADA, "11000", &[(doc, "11000")]);
        assert_eq!(try_pay(input, &mut shop), not_settleable);
    }
    // Paying a supplier settles its bills, never a customer's invoice.
    let mut paid = received(&shop, SATO, "11000", &[(&inv, "11000")]);
    paid.direction = PaymentDirection::Paid;
    assert_eq!(try_pay(paid.clone(), &mut shop), not_settleable);
    paid.allocations[0].document = bill.id;
    assert!(try_pay(paid, &mut shop).is_ok());
    let missing = Document {
        id: fixed(4242),
        ..inv.clone()
    };
    let input = received(&shop, YAMADA, "11000", &[(&missing, "11000")]);
    assert_eq!(try_pay(input, &mut shop), Err(TradeError::DocumentNotFound));
}

#[test]
fn a_payment_needs_an_amount_a_partner_and_a_cash_or_bank_account() {
    let mut shop = Shop::new();
    let inv = invoice(&mut shop, "10000");
    let good = received(&shop, YAMADA, "11000", &[(&inv, "11000")]);
    let cases = [
        (
            PaymentInput {
                amount: Decimal::ZERO,
                ..good.clone()
            },
            TradeError::ZeroPayment,
        ),
        (
            PaymentInput {
                amount: d("-11000"),
                ..good.clone()
            },
            TradeError::ZeroPayment,
        ),
        (
            PaymentInput {
                fee: d("-440"),
                ..good.clone()
            },
            TradeError::InvalidDeduction,
        ),
        (
            PaymentInput {
                direction: PaymentDirection::Paid,
                withholding: d("1021"),
                ..good.clone()
            },
            TradeError::InvalidDeduction,
        ),
        (
            PaymentInput {
                amount: d("11000.5"),
                ..good.clone()
            },
            TradeError::TooManyDecimals,
        ),
        (
            PaymentInput {
                partner: fixed(4242),
                ..good.clone()
            },
            TradeError::PartnerNotFound,
        ),
        (
            PaymentInput {
                account: shop.account("400"),
                ..good.clone()
            },
            TradeError::NotACashAccount,
        ),
        (
            PaymentInput {
                account: fixed(4242),
                ..good.clone()
            },
            TradeError::NotACashAccount,
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(try_pay(input, &mut shop), Err(expected));
    }
    // A sub-account of the bank (one per bank) holds money too.
    let sub = Account {
        code: "1111".into(),
        name_ja: "みずほ銀行".into(),
        parent: Some(shop.account(BANK)),
        ..Account::new(fixed(700), AccountType::Asset)
    };
    shop.put(Record::Account(sub));
    let id = pay(
        PaymentInput {
            account: fixed(700),
            ..good
        },
        &mut shop,
    );
    assert_eq!(shop.book.payment(id).unwrap().account, fixed(700));
    assert_eq!(open(&shop, &inv), Decimal::ZERO);
}

/// 11,000 and 5,500 invoiced, 1,100 credited on its own: one transfer of 15,400.
#[test]
fn one_payment_settles_two_invoices_less_a_credit_note() {
    let mut shop = Shop::new();
    let a = invoice(&mut shop, "10000");
    let b = invoice(&mut shop, "5000");
    let lines = vec![line("値引", "1", "1000", TaxCode::Sales10)];
    let mut credit = shop.draft(DocumentKind::CreditNote, YAMADA, "2026-05-10", lines);
    // Not made from one invoice: it names the period of the sales it discounts.
    credit.supply_period = Some(Period::new(day("2026-04-01"), day("2026-04-30")).unwrap());
    let credit = shop.issue(credit);
    assert_eq!(
        open(&shop, &credit),
        d("-1100"),
        "owed back to the customer"
    );
    assert_eq!(shop.balance(RECEIVABLE), d("15400"));
    let input = received(
        &shop,
        YAMADA,
        "15400",
        &[(&a, "11000"), (&b, "5500"), (&credit, "-1100")],
    );
    pay(input, &mut shop);
    for doc in [&a, &b, &credit] {
        assert_eq!(open(&shop, doc), Decimal::ZERO);
    }
    assert_eq!(shop.balance(RECEIVABLE), Decimal::ZERO);
}

#[test]
fn a_supplier_bill_is_paid_with_the_bank_fee_on_top() {
    let mut shop = Shop::new();
    let lines = vec![line("材料", "3", "10000", TaxCode::Purchase10)];
    let bill = shop.draft(DocumentKind::Bill, SATO, "2026-04-30", lines);
    let bill = shop.issue(bill);
    assert_eq!(bill.number.as_deref(), Some("BILL-2026-0001"));
    assert_eq!(open(&shop, &bill), d("33000"));
    let mut input = received(&shop, SATO, "33000", &[(&bill, "33000")]);
    input.direction = PaymentDirection::Paid;
    input.fee = d("440");
    pay(input, &mut shop);
    assert_eq!(open(&shop, &bill), Decimal::ZERO);
    assert_eq!(shop.balance("210"), Decimal::ZERO, "the payable is settled");
    assert_eq!(shop.balance(BANK), d("-33440"));
    assert_eq!(shop.balance("620"), d("440"));
}

#[test]
fn cancelling_a_payment_opens_its_invoice_again() {
    let mut shop = Shop::new();
    let inv = invoice(&mut shop, "10000");
    let payment = pay(
        received(&shop, YAMADA, "11000", &[(&inv, "11000")]),
        &mut shop,
    );
    let ctx = shop.ctx();
    assert_eq!(
        cancel_document(&shop.book, inv.id, &mut ids_after(fixed(5000)), ctx),
        Err(TradeError::HasPayments)
    );
    let reversal = shop.id();
    let ctx = shop.ctx();
    shop.apply(&cancel_payment(&shop.book, payment, reversal, ctx).unwrap());
    let cancelled = shop.book.payment(payment).unwrap();
    assert_eq!(
        (cancelled.status, cancelled.reversal),
        (PaymentStatus::Cancelled, Some(reversal))
    );
    assert!(
        shop.book.entry(cancelled.entry).unwrap().is_posted(),
        "both entries stay"
    );
    assert_eq!(open(&shop, &inv), d("11000"));
    assert_eq!(shop.balance(BANK), Decimal::ZERO);
    let ctx = shop.ctx();
    assert_eq!(
        cancel_payment(&shop.book, payment, fixed(5001), ctx),
        Err(TradeError::AlreadyCancelled)
    );
    let ctx = shop.ctx();
    assert_eq!(
        cancel_payment(&shop.book, fixed(4242), fixed(5001), ctx),
        Err(TradeError::PaymentNotFound)
    );
    let ctx = shop.ctx();
    shop.apply(&cancel_document(&shop.book, inv.id, &mut ids_after(fixed(5002)), ctx).unwrap());
    assert!(shop.trial_balance_is_zero());
}

/// Whether the posted entries add up to zero (debits equal credits).
fn entries_balance(shop: &Shop) -> bool {
    let lines = shop.book.entries().filter(|e| e.is_posted());
    lines
        .flat_map(|e| e.lines())
        .map(|p| p.amount)
        .sum::<Decimal>()
        == Decimal::ZERO
}

/// A credit note for `price` (+10%) against the invoice, dated 2026-06-10.
fn try_credit(shop: &mut Shop, inv: &Document, price: &str) -> Result<Document, TradeError> {
    let id = shop.id();
    let mut credit = copy_forward(
        &shop.book,
        &[inv.id],
        DocumentKind::CreditNote,
        id,
        day("2026-06-10"),
    )
    .unwrap();
    credit.lines[0].unit_price = d(price);
    shop.try_issue(credit.clone())?;
    Ok(shop.issue(credit))
}

/// Money paid back from the bank to 山田商事, allocated as given (negative:
/// a refund uses up the customer's credit).
fn refund(shop: &Shop, amount: &str, allocations: &[(&Document, &str)]) -> PaymentInput {
    PaymentInput {
        direction: PaymentDirection::Refunded,
        date: day("2026-06-15"),
        ..received(shop, YAMADA, amount, allocations)
    }
}

/// An invoice of 11,000 paid 5,000: a credit note of 6,600 settles the 6,000
/// left open and leaves 600 owed back to the customer, on the credit note.
#[test]
fn a_credit_note_beyond_what_payments_left_open_is_owed_back() {
    let mut shop = Shop::new();
    let inv = invoice(&mut shop, "10000"); // 11,000
    pay(
        received(&shop, YAMADA, "5000", &[(&inv, "5000")]),
        &mut shop,
    );
    let credit = try_credit(&mut shop, &inv, "6000").unwrap(); // 6,600
    assert_eq!(open(&shop, &inv), Decimal::ZERO);
    assert_eq!(open(&shop, &credit), d("-600"));
    let over = received(&shop, YAMADA, "100", &[(&inv, "100")]);
    let refused = TradeError::AllocationExceedsOpen {
        number: "INV-2026-0001".into(),
        open: Decimal::ZERO,
    };
    assert_eq!(try_pay(over, &mut shop), Err(refused));
    assert_eq!(
        try_credit(&mut shop, &inv, "4001").map(|c| c.id),
        Err(TradeError::CreditExceedsInvoice {
            uncredited: d("4400")
        }),
        "11,000 − 6,600 is left to credit, paid or not"
    );
}

/// The worked example of issue 17: an invoice of 110,000 (100,000 + 10%) paid
/// in full; then a discount of 10,000 + 1,000 tax (a credit note of 11,000).
/// The customer is owed 11,000 (its open balance −11,000) until it is paid
/// back from the bank. In a tax-exclusive book: 売掛金 110,000 − 110,000 −
/// 11,000 + 11,000 = 0; bank 110,000 − 11,000 = 99,000 (−11,000 net of the
/// receipt); sales 100,000 − 10,000 = 90,000; 仮受消費税 10,000 − 1,000 = 9,000.
#[test]
fn a_discount_after_the_invoice_is_paid_is_refunded() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let inv = invoice(&mut shop, "100000");
    pay(
        received(&shop, YAMADA, "110000", &[(&inv, "110000")]),
        &mut shop,
    );
    assert_eq!(open(&shop, &inv), Decimal::ZERO);

    let credit = try_credit(&mut shop, &inv, "10000").unwrap();
    assert_eq!(open(&shop, &inv), Decimal::ZERO);
    assert_eq!(open(&shop, &credit), d("-11000"), "owed to the customer");
    let items = open_items(&shop.book, TradeSide::Sales, NaiveDate::MAX);
    assert_eq!(
        items
            .iter()
            .map(|i| (i.number.as_str(), i.total, i.open))
            .collect::<Vec<_>>(),
        [("CN-2026-0001", d("-11000"), d("-11000"))]
    );
    assert_eq!(
        shop.balance(RECEIVABLE),
        d("-11000"),
        "売掛金 net of the credit"
    );

    let back = pay(refund(&shop, "11000", &[(&credit, "-11000")]), &mut shop);
    let payment = shop.book.payment(back).unwrap();
    assert_eq!(payment.settled(), d("-11000"));
    assert_eq!(open(&shop, &credit), Decimal::ZERO);
    assert!(open_items(&shop.book, TradeSide::Sales, NaiveDate::MAX).is_empty());
    assert_eq!(shop.balance(RECEIVABLE), Decimal::ZERO);
    assert_eq!(shop.balance(BANK), d("99000"));
    assert_eq!(shop.balance("400"), d("-90000"), "sales");
    assert_eq!(shop.balance("260"), d("-9000"), "仮受消費税");
    assert!(entries_balance(&shop));

    let statement = partner_statement(
        &shop.book,
        fixed(YAMADA),
        TradeSide::Sales,
        day("2026-04-01"),
        day("2026-06-30"),
    );
    let rows: Vec<_> = statement
        .rows
        .iter()
        .map(|r| (r.charged, r.paid, r.balance))
        .collect();
    assert_eq!(
        rows,
        [
            (d("110000"), Decimal::ZERO, d("110000")),
            (Decimal::ZERO, d("110000"), Decimal::ZERO),
            (d("-11000"), Decimal::ZERO, d("-11000")),
            (Decimal::ZERO, d("-11000"), Decimal::ZERO),
        ]
    );
}

#[test]
fn a_refund_is_within_the_customers_credit_and_cancelling_it_reopens_the_credit() {
    let mut shop = Shop::new();
    let inv = invoice(&mut shop, "100000");
    pay(
        received(&shop, YAMADA, "110000", &[(&inv, "110000")]),
        &mut shop,
    );
    let credit = try_credit(&mut shop, &inv, "10000").unwrap();
    assert_eq!(
        try_credit(&mut shop, &inv, "90001").map(|c| c.id),
        Err(TradeError::CreditExceedsInvoice {
            uncredited: d("99000")
        })
    );
    let before = shop.book.clone();
    assert_eq!(
        try_pay(refund(&shop, "12000", &[(&credit, "-12000")]), &mut shop),
        Err(TradeError::AllocationExceedsOpen {
            number: "CN-2026-0001".into(),
            open: d("-11000"),
        })
    );
    assert_eq!(
        try_pay(refund(&shop, "11000", &[(&credit, "11000")]), &mut shop),
        Err(TradeError::AllocationExceedsOpen {
            number: "CN-2026-0001".into(),
            open: d("-11000"),
        }),
        "a refund's allocation is negative, as the credit is"
    );
    assert_eq!(
        try_pay(refund(&shop, "11000", &[(&inv, "-11000")]), &mut shop),
        Err(TradeError::AllocationExceedsOpen {
            number: "INV-2026-0001".into(),
            open: Decimal::ZERO,
        }),
        "the paid invoice has nothing open"
    );
    let mut withheld = refund(&shop, "11000", &[(&credit, "-11000")]);
    withheld.withholding = d("100");
    assert_eq!(
        try_pay(withheld, &mut shop),
        Err(TradeError::InvalidDeduction)
    );
    assert_eq!(shop.book, before);

    // Paid back with a 440 transfer fee on top: the fee is our expense.
    let mut with_fee = refund(&shop, "11000", &[(&credit, "-11000")]);
    with_fee.fee = d("440");
    let back = pay(with_fee, &mut shop);
    assert_eq!(open(&shop, &credit), Decimal::ZERO);
    assert_eq!(shop.balance(BANK), d("98560"));
    assert_eq!(shop.balance("620"), d("440"));
    assert_eq!(shop.balance(RECEIVABLE), Decimal::ZERO);
    let ctx = shop.ctx();
    assert_eq!(
        cancel_document(&shop.book, credit.id, &mut ids_after(fixed(5000)), ctx),
        Err(TradeError::HasPayments),
        "a refunded credit note stays until its refund is cancelled"
    );

    let ctx = shop.ctx();
    shop.apply(&cancel_payment(&shop.book, back, fixed(5001), ctx).unwrap());
    assert_eq!(open(&shop, &credit), d("-11000"), "owed back again");
    assert_eq!(shop.balance(BANK), d("110000"));
    assert_eq!(shop.balance(RECEIVABLE), d("-11000"));
    assert!(entries_balance(&shop));
}

/// The customer's credit can pay its next invoice instead of being refunded:
/// a receipt for the new invoice takes it as a negative allocation.
#[test]
fn a_customers_credit_can_settle_its_next_invoice() {
    let mut shop = Shop::new();
    let first = invoice(&mut shop, "100000");
    pay(
        received(&shop, YAMADA, "110000", &[(&first, "110000")]),
        &mut shop,
    );
    let credit = try_credit(&mut shop, &first, "10000").unwrap();
    let next = invoice(&mut shop, "50000"); // 55,000
    pay(
        received(
            &shop,
            YAMADA,
            "44000",
            &[(&next, "55000"), (&credit, "-11000")],
        ),
        &mut shop,
    );
    assert_eq!((open(&shop, &next), open(&shop, &credit)), (d("0"), d("0")));
    assert_eq!(shop.balance(RECEIVABLE), Decimal::ZERO);
}

/// 見積 → 受注 → 納品 → 請求 → 入金, seen from the order and from the invoice.
#[test]
fn the_chain_runs_from_the_quote_to_the_payment() {
    let mut shop = Shop::new();
    let lines = vec![line("棚", "2", "15000", TaxCode::Sales10)];
    let quote = shop.draft(DocumentKind::Quote, YAMADA, "2026-04-01", lines);
    let quote = shop.issue(quote);
    let mut steps = vec![quote];
    let flow = [
        (DocumentKind::SalesOrder, "2026-04-05"),
        (DocumentKind::Delivery, "2026-04-10"),
        (DocumentKind::Invoice, "2026-04-30"),
    ];
    for (kind, date) in flow {
        let id = shop.id();
        let from = steps.last().unwrap().id;
        let next = copy_forward(&shop.book, &[from], kind, id, day(date)).unwrap();
        steps.push(shop.issue(next));
    }
    let invoice = steps[3].clone();
    let payment = pay(
        received(&shop, YAMADA, "33000", &[(&invoice, "33000")]),
        &mut shop,
    );
    // An unrelated invoice stays out of the chain.
    invoice_unrelated(&mut shop);

    let chain = document_chain(&shop.book, steps[1].id);
    let seen: Vec<(ChainRelation, Option<DocumentKind>)> =
        chain.iter().map(|l| (l.relation, l.kind)).collect();
    assert_eq!(
        seen,
        [
            (ChainRelation::Earlier, Some(DocumentKind::Quote)),
            (ChainRelation::This, Some(DocumentKind::SalesOrder)),
            (ChainRelation::Later, Some(DocumentKind::Delivery)),
            (ChainRelation::Later, Some(DocumentKind::Invoice)),
            (ChainRelation::Later, None),
        ]
    );
    let paid = chain.last().unwrap();
    assert_eq!(
        (paid.id, paid.amount, paid.status),
        (payment, d("33000"), DocumentStatus::Issued)
    );
    assert_eq!(chain[3].number.as_deref(), Some("INV-2026-0001"));
    assert_eq!(chain[3].amount, d("33000"));

    let from_invoice = document_chain(&shop.book, invoice.id);
    let relations: Vec<ChainRelation> = from_invoice.iter().map(|l| l.relation).collect();
    use ChainRelation::{Earlier, Later, This};
    assert_eq!(relations, [Earlier, Earlier, Earlier, This, Later]);
    let ids: Vec<RecordId> = from_invoice.iter().map(|l| l.id).collect();
    let expected: Vec<RecordId> = steps.iter().map(|s| s.id).chain([payment]).collect();
    assert_eq!(ids, expected);
}

fn invoice_unrelated(shop: &mut Shop) {
    let other = invoice(shop, "500");
    pay(received(shop, YAMADA, "550", &[(&other, "550")]), shop);
}

#[test]
fn a_credit_note_without_its_invoice_names_the_period_of_the_sales() {
    // The original sale's date is a required item of a 適格返還請求書: without
    // the invoice it credits, the credit note needs a 対象取引期間 ending by its date.
    let mut shop = Shop::new();
    let lines = vec![line("値引", "1", "1000", TaxCode::Sales10)];
    let mut credit = shop.draft(DocumentKind::CreditNote, YAMADA, "2026-05-10", lines);
    assert_eq!(
        shop.try_issue(credit.clone()),
        Err(TradeError::CreditNoteWithoutSale)
    );
    credit.supply_period = Some(Period::new(day("2026-05-01"), day("2026-05-31")).unwrap());
    assert_eq!(
        shop.try_issue(credit.clone()),
        Err(TradeError::SupplyPeriodAfterNote {
            to: day("2026-05-31"),
            date: day("2026-05-10")
        })
    );
    credit.supply_period = Some(Period::new(day("2026-04-01"), day("2026-04-30")).unwrap());
    let issued = shop.issue(credit);
    assert_eq!(
        issued.supply_period.map(|p| (p.from, p.to)),
        Some((day("2026-04-01"), day("2026-04-30")))
    );
}
