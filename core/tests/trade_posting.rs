//! The entries documents and payments post, in books made by `create_book`
//! with the Japanese sole-proprietor chart: tax-inclusive and tax-exclusive
//! books, the tax per code tied to the document's totals, unregistered
//! suppliers before and after the 2026-10-01 step, and payments with a bank
//! fee and withheld income tax. Expected figures are worked out in comments.

mod trade_common;

use kura_core::book::{save_account, set_closed_through, JournalError, Record, TaxAccounting};
use kura_core::ids::RecordId;
use kura_core::ledger::{
    AccountRole, EntryOrigin, EntryStatus, JournalEntry, TaxCode, TaxPart, TaxRules,
};
use kura_core::money::{Currency, Rounding};
use kura_core::trade::{
    document_entry, document_totals, payment_entry, Allocation, BusinessProfile, Document,
    DocumentKind, DocumentLine, DocumentStatus, Payment, PaymentDirection, PaymentStatus,
    PriceBasis, TradeError, WithholdingBooking, WithholdingRule,
};
use rust_decimal::Decimal;
use trade_common::{d, day, fixed, EntryRow, Shop, BOOK, SATO, SUZUKI, YAMADA};

fn customer() -> RecordId {
    fixed(YAMADA)
}
fn registered_supplier() -> RecordId {
    fixed(SATO)
}
fn unregistered_supplier() -> RecordId {
    fixed(SUZUKI)
}
fn entry_id() -> RecordId {
    RecordId::from_parts(9, 1)
}

fn line(quantity: &str, price: &str, code: TaxCode, account: Option<RecordId>) -> DocumentLine {
    DocumentLine {
        description: "品目".into(),
        quantity: d(quantity),
        unit: String::new(),
        unit_price: d(price),
        discount: Decimal::ZERO,
        tax_code: code,
        account,
        item: None,
        source: None,
        withheld: true,
        supply_date: None,
    }
}

fn issued(
    kind: DocumentKind,
    number: &str,
    partner: RecordId,
    on: &str,
    lines: Vec<DocumentLine>,
) -> Document {
    // The number's serial (and kind) make the id, so each test document has its own.
    let serial: u128 = number.rsplit('-').next().unwrap().parse().unwrap();
    let id = RecordId::from_parts(7 + kind as u64, serial);
    let mut doc = Document::draft(id, kind, partner, day(on));
    doc.status = DocumentStatus::Issued;
    doc.number = Some(number.into());
    doc.lines = lines;
    doc
}

/// Seven lines of ¥105 at 10% and five of ¥115 at 8%, on the Sales account.
fn small_lines() -> Vec<DocumentLine> {
    let mut lines = vec![line("1", "105", TaxCode::Sales10, None); 7];
    lines.extend(vec![line("1", "115", TaxCode::Sales8Reduced, None); 5]);
    lines
}

type Row = EntryRow;

fn row(code: &str, amount: &str, tax: TaxCode, part: Option<TaxPart>) -> Row {
    (code.into(), d(amount), Some(tax), part)
}

fn plain(code: &str, amount: &str) -> Row {
    (code.into(), d(amount), None, None)
}

const TAX: Option<TaxPart> = Some(TaxPart::Tax);
const COST: Option<TaxPart> = Some(TaxPart::NotCreditable);

/// The sum of an entry's lines marked as tax.
fn tax_booked(entry: &JournalEntry) -> Decimal {
    entry
        .lines()
        .iter()
        .filter(|p| p.tax_part == TAX)
        .map(|p| p.amount.abs())
        .sum()
}

#[test]
fn an_invoice_in_a_tax_inclusive_book_books_gross_sales_per_code() {
    let books = Shop::with(TaxAccounting::Inclusive);
    let invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0001",
        customer(),
        "2026-04-01",
        small_lines(),
    );
    let entry = document_entry(&books.book, &invoice, entry_id()).unwrap();
    // Tax once per code: 735 × 10% = 73.5 → 73, 575 × 8% = 46; gross 1,429.
    assert_eq!(
        books.lines(&entry),
        [
            plain("120", "1429"),
            row("400", "-808", TaxCode::Sales10, None),
            row("400", "-621", TaxCode::Sales8Reduced, None),
        ]
    );
    assert_eq!(entry.id(), entry_id());
    assert_eq!(entry.date(), day("2026-04-01"));
    assert_eq!(entry.status(), EntryStatus::Posted);
    assert_eq!(entry.origin(), EntryOrigin::Document);
    assert_eq!(entry.description(), "INV-2026-0001 山田商事");
    assert_eq!(entry.partner(), Some("山田商事"));
    let totals = document_totals(&invoice, Currency::JPY, Rounding::Down).unwrap();
    assert_eq!(entry.total(), totals.gross);
}

#[test]
fn an_invoice_in_a_tax_exclusive_book_books_the_documents_tax_per_code() {
    let books = Shop::with(TaxAccounting::Exclusive);
    let invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0002",
        customer(),
        "2026-04-01",
        small_lines(),
    );
    let entry = document_entry(&books.book, &invoice, entry_id()).unwrap();
    assert_eq!(
        books.lines(&entry),
        [
            plain("120", "1429"),
            row("400", "-735", TaxCode::Sales10, None),
            row("260", "-73", TaxCode::Sales10, TAX),
            row("400", "-575", TaxCode::Sales8Reduced, None),
            row("260", "-46", TaxCode::Sales8Reduced, TAX),
        ]
    );
    // Line by line it would have been 70 + 45 = 115; the books hold the
    // invoice's 119.
    let totals = document_totals(&invoice, Currency::JPY, Rounding::Down).unwrap();
    assert_eq!(tax_booked(&entry), totals.tax);
    assert_eq!(tax_booked(&entry), d("119"));
}

#[test]
fn the_business_profiles_rounding_rounds_documents_and_the_tax_split_alike() {
    let mut books = Shop::with(TaxAccounting::Exclusive);
    assert_eq!(TaxRules::for_book(&books.book).rounding, Rounding::Down);
    books.set_profile(Rounding::HalfUp, WithholdingBooking::OwnerDrawings);
    assert_eq!(TaxRules::for_book(&books.book).rounding, Rounding::HalfUp);
    assert_eq!(
        books.book.business_profile().unwrap().address,
        "東京都千代田区1-1",
        "saved trimmed"
    );
    assert_eq!(
        books.book.business_profile().unwrap().registration_number,
        None
    );
    let invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0003",
        customer(),
        "2026-04-01",
        small_lines(),
    );
    let entry = document_entry(&books.book, &invoice, entry_id()).unwrap();
    // 73.5 → 74 half up.
    assert_eq!(
        books.lines(&entry)[2],
        row("260", "-74", TaxCode::Sales10, TAX)
    );
    assert_eq!(books.lines(&entry)[0], plain("120", "1430"));
}

#[test]
fn one_codes_amount_is_shared_across_accounts_exactly() {
    let books = Shop::with(TaxAccounting::Exclusive);
    let misc = books.account("420");
    let household = books.account("410");
    // Tax-inclusive prices, three ¥1,000 lines at 10% on three accounts:
    // 3,000 contains 3,000 × 10/110 = 272.72… → 272 (line by line 90 × 3 = 270);
    // net 2,728 shared 1:1:1 → 909.33… → 909, 909, and the last takes the rest, 910.
    let mut invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0004",
        customer(),
        "2026-04-01",
        vec![
            line("1", "1000", TaxCode::Sales10, None),
            line("1", "1000", TaxCode::Sales10, Some(misc)),
            line("1", "1000", TaxCode::Sales10, Some(household)),
        ],
    );
    invoice.price_basis = PriceBasis::TaxInclusive;
    let entry = document_entry(&books.book, &invoice, entry_id()).unwrap();
    assert_eq!(
        books.lines(&entry),
        [
            plain("120", "3000"),
            row("400", "-909", TaxCode::Sales10, None),
            row("420", "-909", TaxCode::Sales10, None),
            row("410", "-910", TaxCode::Sales10, None),
            row("260", "-272", TaxCode::Sales10, TAX),
        ]
    );
    // In a tax-inclusive book each account simply keeps its gross.
    let inclusive = Shop::with(TaxAccounting::Inclusive);
    let mut invoice = invoice.clone();
    for l in &mut invoice.lines {
        l.account = l.account.map(|a| {
            let code = &books.book.account(a).unwrap().code;
            inclusive.account(code)
        });
    }
    let entry = document_entry(&inclusive.book, &invoice, entry_id()).unwrap();
    assert_eq!(
        inclusive.lines(&entry),
        [
            plain("120", "3000"),
            row("400", "-1000", TaxCode::Sales10, None),
            row("420", "-1000", TaxCode::Sales10, None),
            row("410", "-1000", TaxCode::Sales10, None),
        ]
    );
}

#[test]
fn a_credit_note_against_part_of_an_invoice_mirrors_it() {
    let books = Shop::with(TaxAccounting::Exclusive);
    let invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0005",
        customer(),
        "2026-04-01",
        vec![
            line("10", "1980", TaxCode::Sales10, None),
            line("3", "1296", TaxCode::Sales8Reduced, None),
        ],
    );
    let mut credit = issued(
        DocumentKind::CreditNote,
        "CN-2026-0001",
        customer(),
        "2026-04-20",
        vec![
            line("2", "1980", TaxCode::Sales10, None),
            line("1", "1296", TaxCode::Sales8Reduced, None),
        ],
    );
    credit.credit_for = Some(invoice.id);
    let sale = document_entry(&books.book, &invoice, entry_id()).unwrap();
    let back = document_entry(&books.book, &credit, RecordId::from_parts(9, 2)).unwrap();
    // 3,960 → 396 tax; 1,296 × 8% = 103.68 → 103; 5,755 off the receivable.
    assert_eq!(
        books.lines(&back),
        [
            row("400", "3960", TaxCode::Sales10, None),
            row("260", "396", TaxCode::Sales10, TAX),
            row("400", "1296", TaxCode::Sales8Reduced, None),
            row("260", "103", TaxCode::Sales8Reduced, TAX),
            plain("120", "-5755"),
        ]
    );
    assert_eq!(back.description(), "CN-2026-0001 山田商事");
    // The invoice put 25,979 on the receivable (19,800 + 1,980 + 3,888 + 311);
    // 20,224 stays owed, and 2,291 − 499 = 1,792 of output tax.
    let receivable = books.account("120");
    let output = books.account("260");
    let balance = |account| -> Decimal {
        [&sale, &back]
            .iter()
            .flat_map(|e| e.lines())
            .filter(|p| p.account == account)
            .map(|p| p.amount)
            .sum()
    };
    assert_eq!(balance(receivable), d("20224"));
    assert_eq!(balance(output), d("-1792"));
}

#[test]
fn a_small_purchase_is_fully_creditable_under_the_relief_until_2029_09_30() {
    // 少額特例: a bill under ¥10,000 with tax, from a supplier who is not
    // registered, is creditable in full in a book that uses the relief.
    let mut books = Shop::with(TaxAccounting::Exclusive);
    let mut profile: BusinessProfile =
        serde_json::from_value(serde_json::json!({ "book_id": fixed(BOOK) })).unwrap();
    profile.small_purchase_relief = true;
    books.put(Record::BusinessProfile(profile));
    let code_of = |price: &str, on: &str, number: &str| -> TaxCode {
        let bill = issued(
            DocumentKind::Bill,
            number,
            unregistered_supplier(),
            on,
            vec![line("1", price, TaxCode::Purchase10Unregistered, None)],
        );
        let entry = document_entry(&books.book, &bill, entry_id()).unwrap();
        entry.lines()[0].tax_code.unwrap()
    };
    // 9,090 + 909 tax = 9,999: under ¥10,000.
    assert_eq!(code_of("9090", "2026-10-01", "B-1"), TaxCode::Purchase10);
    // 9,091 + 909 = 10,000: not under it.
    assert_eq!(
        code_of("9091", "2026-10-01", "B-2"),
        TaxCode::Purchase10Unregistered
    );
    // The last day, and the day after the relief ends.
    assert_eq!(code_of("9090", "2029-09-30", "B-3"), TaxCode::Purchase10);
    assert_eq!(
        code_of("9090", "2029-10-01", "B-4"),
        TaxCode::Purchase10Unregistered
    );
    // Without the relief, the transitional share only.
    let plain = Shop::with(TaxAccounting::Exclusive);
    let bill = issued(
        DocumentKind::Bill,
        "B-5",
        unregistered_supplier(),
        "2026-10-01",
        vec![line("1", "9090", TaxCode::Purchase10, None)],
    );
    let entry = document_entry(&plain.book, &bill, entry_id()).unwrap();
    assert_eq!(
        entry.lines()[0].tax_code,
        Some(TaxCode::Purchase10Unregistered)
    );
}

#[test]
fn a_bill_is_qualified_by_the_registration_in_force_on_its_date() {
    // 佐藤物産 registered on 2026-07-01 and its registration ended on 2026-11-01:
    // a bill dated before, or on the end and after, is from an unregistered
    // supplier (80% then 70% creditable); one dated inside is fully creditable.
    let mut books = Shop::with(TaxAccounting::Exclusive);
    let mut sato = books.book.partner(registered_supplier()).unwrap().clone();
    sato.registered_from = Some(day("2026-07-01"));
    sato.registered_until = Some(day("2026-11-01"));
    books.put(Record::Partner(sato));
    let codes = |on: &str, number: &str| -> Vec<TaxCode> {
        let bill = supplies_bill(&books, registered_supplier(), on, number);
        let entry = document_entry(&books.book, &bill, entry_id()).unwrap();
        let mut codes: Vec<TaxCode> = entry.lines().iter().filter_map(|l| l.tax_code).collect();
        codes.dedup();
        codes
    };
    let registered = vec![TaxCode::Purchase10, TaxCode::Purchase8Reduced];
    let unregistered = vec![
        TaxCode::Purchase10Unregistered,
        TaxCode::Purchase8ReducedUnregistered,
    ];
    assert_eq!(codes("2026-06-30", "B-1"), unregistered);
    assert_eq!(codes("2026-07-01", "B-2"), registered);
    assert_eq!(codes("2026-10-31", "B-3"), registered);
    assert_eq!(codes("2026-11-01", "B-4"), unregistered);
}

fn supplies_bill(books: &Shop, partner: RecordId, on: &str, number: &str) -> Document {
    // ¥10,000 of supplies at 10% and ¥1,234 of food at 8% (to Purchases),
    // with the registered codes, as a form would propose them.
    issued(
        DocumentKind::Bill,
        number,
        partner,
        on,
        vec![
            line(
                "1",
                "10000",
                TaxCode::Purchase10,
                Some(books.account("609")),
            ),
            line("1", "1234", TaxCode::Purchase8Reduced, None),
        ],
    )
}

#[test]
fn a_bill_from_an_unregistered_supplier_credits_the_share_of_its_date() {
    let books = Shop::with(TaxAccounting::Exclusive);
    // Tax: 10,000 × 10% = 1,000; 1,234 × 8% = 98.72 → 98. Payable 12,332.
    // Until 2026-09-30 80% is creditable: 800 and 98 × 80% = 78.4 → 78,
    // the rest (200 and 20) is cost on the purchase's account.
    let before = supplies_bill(
        &books,
        unregistered_supplier(),
        "2026-09-30",
        "BILL-2026-0001",
    );
    let entry = document_entry(&books.book, &before, entry_id()).unwrap();
    let p10 = TaxCode::Purchase10Unregistered;
    let p8 = TaxCode::Purchase8ReducedUnregistered;
    assert_eq!(
        books.lines(&entry),
        [
            row("609", "10000", p10, None),
            row("160", "800", p10, TAX),
            row("609", "200", p10, COST),
            row("510", "1234", p8, None),
            row("160", "78", p8, TAX),
            row("510", "20", p8, COST),
            plain("210", "-12332"),
        ]
    );
    assert_eq!(entry.description(), "BILL-2026-0001 鈴木商店");
    // From 2026-10-01 70%: 700 and 98 × 70% = 68.6 → 68; cost 300 and 30.
    let after = supplies_bill(
        &books,
        unregistered_supplier(),
        "2026-10-01",
        "BILL-2026-0002",
    );
    let entry = document_entry(&books.book, &after, entry_id()).unwrap();
    assert_eq!(
        books.lines(&entry),
        [
            row("609", "10000", p10, None),
            row("160", "700", p10, TAX),
            row("609", "300", p10, COST),
            row("510", "1234", p8, None),
            row("160", "68", p8, TAX),
            row("510", "30", p8, COST),
            plain("210", "-12332"),
        ]
    );
    // The tax booked (creditable and not) is the bill's own tax.
    let totals = document_totals(&after, Currency::JPY, Rounding::Down).unwrap();
    let whole: Decimal = entry
        .lines()
        .iter()
        .filter(|p| p.tax_part.is_some())
        .map(|p| p.amount)
        .sum();
    assert_eq!(whole, totals.tax);
}

#[test]
fn a_bill_from_a_registered_supplier_credits_all_its_tax() {
    let books = Shop::with(TaxAccounting::Exclusive);
    let bill = supplies_bill(
        &books,
        registered_supplier(),
        "2026-10-01",
        "BILL-2026-0003",
    );
    let entry = document_entry(&books.book, &bill, entry_id()).unwrap();
    assert_eq!(
        books.lines(&entry),
        [
            row("609", "10000", TaxCode::Purchase10, None),
            row("160", "1000", TaxCode::Purchase10, TAX),
            row("510", "1234", TaxCode::Purchase8Reduced, None),
            row("160", "98", TaxCode::Purchase8Reduced, TAX),
            plain("210", "-12332"),
        ]
    );
    // A line the user marked as lacking a qualified invoice keeps its code
    // (and comes after the 8% code, in tax-code order).
    let mut marked = bill.clone();
    marked.lines[0].tax_code = TaxCode::Purchase10Unregistered;
    let entry = document_entry(&books.book, &marked, entry_id()).unwrap();
    assert_eq!(
        books.lines(&entry)[2..5],
        [
            row("609", "10000", TaxCode::Purchase10Unregistered, None),
            // Dated 2026-10-01: 70% of 1,000.
            row("160", "700", TaxCode::Purchase10Unregistered, TAX),
            row("609", "300", TaxCode::Purchase10Unregistered, COST),
        ]
    );
}

#[test]
fn a_bill_in_a_tax_inclusive_book_books_gross_costs_with_the_unregistered_codes() {
    let books = Shop::with(TaxAccounting::Inclusive);
    let bill = supplies_bill(
        &books,
        unregistered_supplier(),
        "2026-10-01",
        "BILL-2026-0004",
    );
    let entry = document_entry(&books.book, &bill, entry_id()).unwrap();
    assert_eq!(
        books.lines(&entry),
        [
            row("609", "11000", TaxCode::Purchase10Unregistered, None),
            row("510", "1332", TaxCode::Purchase8ReducedUnregistered, None),
            plain("210", "-12332"),
        ]
    );
}

fn fee_invoice() -> Document {
    let mut invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0007",
        customer(),
        "2026-05-31",
        vec![line("1", "100000", TaxCode::Sales10, None)],
    );
    invoice.withholding = WithholdingRule::IncomeTax;
    invoice
}

fn receipt(books: &Shop, invoice: &Document) -> Payment {
    // Invoice: 100,000 + 10,000 tax = 110,000, withholding 10,210, due 99,790.
    // The customer deducts a ¥440 transfer fee: 99,350 reaches the bank.
    Payment {
        id: RecordId::from_parts(8, 1),
        direction: PaymentDirection::Received,
        status: PaymentStatus::Posted,
        partner: customer(),
        date: day("2026-06-30"),
        account: books.account("111"),
        amount: d("99350"),
        fee: d("440"),
        withholding: d("10210"),
        allocations: vec![Allocation {
            document: invoice.id,
            amount: d("110000"),
        }],
        memo: String::new(),
        entry: RecordId::from_parts(9, 3),
        reversal: None,
    }
}

#[test]
fn a_payment_received_books_the_fee_and_the_withheld_tax() {
    let mut books = Shop::with(TaxAccounting::Inclusive);
    let invoice = fee_invoice();
    let totals = document_totals(&invoice, Currency::JPY, Rounding::Down).unwrap();
    assert_eq!((totals.gross, totals.amount_due), (d("110000"), d("99790")));
    books.put(Record::Document(invoice.clone()));
    let payment = receipt(&books, &invoice);
    assert_eq!(payment.settled(), totals.gross);
    let entry = payment_entry(&books.book, &payment).unwrap();
    assert_eq!(
        books.lines(&entry),
        [
            plain("111", "99350"),
            row("620", "440", TaxCode::Purchase10, None),
            plain("190", "10210"),
            plain("120", "-110000"),
        ]
    );
    assert_eq!(entry.id(), payment.entry);
    assert_eq!(entry.origin(), EntryOrigin::Document);
    assert_eq!(entry.status(), EntryStatus::Posted);
    assert_eq!(entry.description(), "山田商事 INV-2026-0007");
    // Booked to 仮払税金 when the profile says so.
    books.set_profile(Rounding::Down, WithholdingBooking::PrepaidTax);
    let entry = payment_entry(&books.book, &payment).unwrap();
    assert_eq!(books.lines(&entry)[2], plain("170", "10210"));
}

#[test]
fn a_payment_received_in_a_tax_exclusive_book_splits_the_fees_tax() {
    let mut books = Shop::with(TaxAccounting::Exclusive);
    let invoice = fee_invoice();
    books.put(Record::Document(invoice.clone()));
    let entry = payment_entry(&books.book, &receipt(&books, &invoice)).unwrap();
    // The fee of 440 contains 40 of tax.
    assert_eq!(
        books.lines(&entry),
        [
            plain("111", "99350"),
            row("620", "400", TaxCode::Purchase10, None),
            row("160", "40", TaxCode::Purchase10, TAX),
            plain("190", "10210"),
            plain("120", "-110000"),
        ]
    );
}

#[test]
fn a_payment_made_pays_the_payable_and_the_fee_on_top() {
    let mut books = Shop::with(TaxAccounting::Inclusive);
    let first = supplies_bill(
        &books,
        registered_supplier(),
        "2026-04-10",
        "BILL-2026-0005",
    );
    let second = supplies_bill(
        &books,
        registered_supplier(),
        "2026-04-20",
        "BILL-2026-0006",
    );
    books.put(Record::Document(first.clone()));
    books.put(Record::Document(second.clone()));
    let payment = Payment {
        id: RecordId::from_parts(8, 2),
        direction: PaymentDirection::Paid,
        status: PaymentStatus::Posted,
        partner: registered_supplier(),
        date: day("2026-05-31"),
        account: books.account("111"),
        amount: d("24664"),
        fee: d("660"),
        withholding: Decimal::ZERO,
        allocations: vec![
            Allocation {
                document: first.id,
                amount: d("12332"),
            },
            Allocation {
                document: second.id,
                amount: d("12332"),
            },
        ],
        memo: String::new(),
        entry: RecordId::from_parts(9, 4),
        reversal: None,
    };
    let entry = payment_entry(&books.book, &payment).unwrap();
    assert_eq!(
        books.lines(&entry),
        [
            plain("210", "24664"),
            row("620", "660", TaxCode::Purchase10, None),
            plain("111", "-25324"),
        ]
    );
    assert_eq!(
        entry.description(),
        "佐藤物産 BILL-2026-0005, BILL-2026-0006"
    );
}

#[test]
fn a_chart_without_a_sales_account_is_told_which_role_is_missing() {
    let mut books = Shop::with(TaxAccounting::Inclusive);
    let sales = books.account("400");
    let mut account = books.book.account(sales).unwrap().clone();
    account.role = None;
    let ctx = books.ctx();
    let set = save_account(&books.book, account, ctx).unwrap();
    books.apply(&set);
    let invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0008",
        customer(),
        "2026-04-01",
        small_lines(),
    );
    assert_eq!(
        document_entry(&books.book, &invoice, entry_id()),
        Err(TradeError::MissingRole(AccountRole::Sales))
    );
    // Lines that name their account do not need the role.
    let mut named = invoice.clone();
    for l in &mut named.lines {
        l.account = Some(sales);
    }
    assert!(document_entry(&books.book, &named, entry_id()).is_ok());
}

#[test]
fn a_document_in_a_closed_period_or_for_an_unknown_partner_is_refused() {
    let mut books = Shop::with(TaxAccounting::Inclusive);
    let ctx = books.ctx();
    let set = set_closed_through(&books.book, Some(day("2026-04-30")), ctx).unwrap();
    books.apply(&set);
    let invoice = issued(
        DocumentKind::Invoice,
        "INV-2026-0009",
        customer(),
        "2026-04-01",
        small_lines(),
    );
    assert_eq!(
        document_entry(&books.book, &invoice, entry_id()),
        Err(TradeError::Journal(JournalError::PeriodClosed {
            through: day("2026-04-30"),
            date: day("2026-04-01"),
        }))
    );
    let stranger = issued(
        DocumentKind::Invoice,
        "INV-2026-0010",
        RecordId::from_parts(5, 99),
        "2026-05-01",
        small_lines(),
    );
    assert_eq!(
        document_entry(&books.book, &stranger, entry_id()),
        Err(TradeError::PartnerNotFound)
    );
}
