//! Magnitude limits (`kura_core::money::limits`), by hostile input: every form's
//! parser, every command and every import refuses a value beyond its limit
//! with a typed error naming the field, line and column, and leaves the book
//! as it was (the sync checksum and the book itself compared). A book written
//! by an earlier build, holding records beyond the limits, opens, keeps them
//! out of every report, names them, and is repaired by the normal rules. And
//! random records at and beyond the limits never make a report panic.
//!
//! The CSV cases are files under `tests/fixtures/hostile/limits/`; the rest
//! are built in code (a form's input, or a record as an earlier build stored it).

mod trade_common;

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use kura_core::book::{
    delete_draft, reverse_entry, save_entry, Book, JournalError, PrivateShare, Record, RecordKey,
    RecordKind,
};
use kura_core::files::bank::{load_statement, parse_statement, statement_mapping};
use kura_core::files::interchange::{
    import_items, import_journal, import_partners, inspect, Import, ITEM_FIELDS, JOURNAL_FIELDS,
    PARTNER_FIELDS,
};
use kura_core::files::{Problem, ProblemKind, Problems};
use kura_core::ids::RecordId;
use kura_core::inventory::{
    below_reorder_point, record_adjustment, reverse_move, save_item, save_stocktake,
    AdjustmentInput, AdjustmentReason, CountLine, InventoryError, ItemError, ItemInput, MoveKind,
    StockPosting, Stocktake, StocktakeStatus, ValuationMethod,
};
use kura_core::ledger::{
    EntryError, EntryHeader, EntryOrigin, EntryStatus, JournalEntry, Posting, TaxCode,
};
use kura_core::money::limits::{check_record, LimitError, Magnitude, MAX_AMOUNT};
use kura_core::money::{parse_amount, parse_quantity, parse_unit_price, AmountError, Currency};
use kura_core::reports::{
    aging, balance_sheet, blue_return, cash_forecast, general_ledger, item_history, journal,
    monthly_profit_and_loss, open_items, partner_statement, profit_and_loss, record_summary,
    stock_ledger, stock_on_hand, tax_summary, trial_balance, valuation_report, Period,
};
use kura_core::sync::{checksum, ChangeSet};
use kura_core::trade::{
    cancel_document, delete_document_draft, record_payment, save_document_draft, Allocation,
    Document, DocumentKind, DocumentStatus, LineProblem, Payment, PaymentDirection, PaymentInput,
    PaymentStatus, TradeError, TradeSide,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use trade_common::{d, day, fixed, ids_after, item_line, line, Shop, SATO, YAMADA};

const CASH: &str = "100";
const BANK: &str = "111";
const SALES: &str = "400";

fn limit(what: Magnitude) -> LimitError {
    LimitError::of(what)
}

/// 5 × 10²⁸: what crashed the entry form at main (two of them overflow).
fn huge() -> Decimal {
    d("50000000000000000000000000000")
}

/// Asserts a command's refusal and that nothing it was given changed: the
/// book still has the checksum and the value it had.
fn refused<E: std::fmt::Debug + PartialEq>(
    shop: &Shop,
    result: Result<ChangeSet, E>,
    expected: E,
    before: &Book,
) {
    assert_eq!(result.err(), Some(expected));
    assert_eq!(checksum(&shop.book), checksum(before));
    assert_eq!(&shop.book, before);
}

fn fixture(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/limits");
    std::fs::read(dir.join(name)).unwrap()
}

/// How a file is imported: the book, the file's bytes, the ids it may take.
type Importer = fn(&Book, &[u8], &mut dyn FnMut() -> RecordId) -> Result<Import, Problems>;

/// An import's problems; the book it was checked against is unchanged.
fn import_problems(shop: &mut Shop, name: &str, import: Importer) -> Problems {
    let before = shop.book.clone();
    let first = shop.id();
    let problems = import(&shop.book, &fixture(name), &mut ids_after(first)).expect_err(name);
    assert_eq!(checksum(&shop.book), checksum(&before));
    assert_eq!(shop.book, before);
    problems
}

fn journal_file(
    book: &Book,
    bytes: &[u8],
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Import, Problems> {
    let file = inspect(bytes, &JOURNAL_FIELDS)?;
    import_journal(book, &file.table, &file.mapping, ids)
}

fn items_file(
    book: &Book,
    bytes: &[u8],
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Import, Problems> {
    let file = inspect(bytes, &ITEM_FIELDS)?;
    import_items(book, &file.table, &file.mapping, ids)
}

fn partners_file(
    book: &Book,
    bytes: &[u8],
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Import, Problems> {
    let file = inspect(bytes, &PARTNER_FIELDS)?;
    import_partners(book, &file.table, &file.mapping, ids)
}

/// A statement's problems, read as the bank import reads it.
fn statement_problems(shop: &Shop, name: &str) -> Problems {
    let bytes = fixture(name);
    let table = load_statement(&bytes).unwrap();
    let mapping = statement_mapping(&shop.book, shop.account(BANK), &table);
    parse_statement(&table, &mapping, Currency::JPY).expect_err(name)
}

fn cell(line: usize, column: usize, kind: ProblemKind) -> Problem {
    Problem::cell(line, column, kind)
}

// ---- imports ----

#[test]
fn a_journal_csv_beyond_decimal_gives_problems_not_a_panic() {
    let mut shop = Shop::new();
    let problems = import_problems(&mut shop, "journal-beyond-decimal.csv", journal_file);
    let beyond = ProblemKind::BeyondLimit(limit(Magnitude::Amount));
    assert_eq!(
        problems,
        vec![
            cell(2, 5, beyond.clone()),
            cell(3, 5, beyond.clone()),
            cell(4, 6, beyond)
        ]
    );
}

#[test]
fn a_journal_csv_line_one_past_the_limit_names_its_cell() {
    let mut shop = Shop::new();
    let problems = import_problems(&mut shop, "journal-line-beyond-limit.csv", journal_file);
    let beyond = ProblemKind::BeyondLimit(limit(Magnitude::Amount));
    assert_eq!(
        problems,
        vec![cell(2, 5, beyond.clone()), cell(3, 6, beyond)]
    );
}

#[test]
fn a_journal_csv_whose_voucher_sums_past_the_limit_is_refused_whole() {
    let mut shop = Shop::new();
    let problems = import_problems(
        &mut shop,
        "journal-voucher-sum-past-limit.csv",
        journal_file,
    );
    assert_eq!(
        problems,
        vec![Problem::line(
            2,
            ProblemKind::Entry(EntryError::TotalTooLarge(limit(Magnitude::Amount)))
        )],
        "the good voucher 2 is not imported either"
    );
}

#[test]
fn an_items_csv_price_beyond_the_limit_names_its_cell() {
    let mut shop = Shop::new();
    let problems = import_problems(&mut shop, "items-price-beyond-limit.csv", items_file);
    assert_eq!(
        problems,
        vec![cell(
            2,
            3,
            ProblemKind::BeyondLimit(limit(Magnitude::UnitPrice))
        )]
    );
}

#[test]
fn an_items_csv_reorder_quantity_beyond_the_limit_names_its_cell() {
    let mut shop = Shop::new();
    let problems = import_problems(&mut shop, "items-reorder-beyond-limit.csv", items_file);
    assert_eq!(
        problems,
        vec![cell(
            2,
            6,
            ProblemKind::BeyondLimit(limit(Magnitude::Quantity))
        )]
    );
}

/// Partners hold no amounts; their one magnitude is the length of a name.
#[test]
fn a_partners_csv_name_beyond_its_length_is_refused() {
    let mut shop = Shop::new();
    let problems = import_problems(&mut shop, "partners-name-too-long.csv", partners_file);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(2));
    assert!(
        matches!(
            problems[0].kind,
            ProblemKind::Partner(kura_core::trade::PartnerError::NameTooLong { .. })
        ),
        "{problems:?}"
    );
}

#[test]
fn a_bank_statement_amount_beyond_the_limit_names_its_cell() {
    let shop = Shop::new();
    assert_eq!(
        statement_problems(&shop, "bank-amount-beyond-limit.csv"),
        vec![cell(
            2,
            3,
            ProblemKind::BeyondLimit(limit(Magnitude::Amount))
        )]
    );
}

#[test]
fn a_bank_statement_balance_beyond_the_limit_names_its_cell() {
    let shop = Shop::new();
    assert_eq!(
        statement_problems(&shop, "bank-balance-beyond-limit.csv"),
        vec![cell(
            2,
            5,
            ProblemKind::BeyondLimit(limit(Magnitude::Amount))
        )]
    );
}

// ---- forms' parsers and the commands they feed ----

fn posting(account: RecordId, amount: Decimal) -> Posting {
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

fn header(id: RecordId, status: EntryStatus) -> EntryHeader {
    EntryHeader {
        id,
        date: day("2026-03-01"),
        description: "大きすぎる売上".into(),
        partner: None,
        status,
        corrects: None,
    }
}

#[test]
fn the_entry_form_refuses_two_debit_lines_of_5e28() {
    let mut shop = Shop::new();
    // What the form's cells read: each is refused, naming the limit.
    assert_eq!(
        parse_amount("50000000000000000000000000000", Currency::JPY),
        Err(AmountError::TooLarge(limit(Magnitude::Amount)))
    );
    // And the command, given the lines anyway (a hostile caller), refuses
    // them by line, without ever adding them up past `Decimal`.
    let (cash, sales) = (shop.account(CASH), shop.account(SALES));
    let lines = vec![
        posting(cash, huge()),
        posting(cash, huge()),
        posting(sales, -huge()),
        posting(sales, -huge()),
    ];
    let before = shop.book.clone();
    let id = shop.id();
    let ctx = shop.ctx();
    let result = save_entry(&shop.book, header(id, EntryStatus::Posted), lines, ctx);
    let expected = JournalError::Entry(EntryError::AmountTooLarge {
        line: 1,
        error: limit(Magnitude::Amount),
    });
    refused(&shop, result, expected, &before);
}

#[test]
fn an_entry_whose_total_is_past_the_limit_is_refused() {
    let mut shop = Shop::new();
    let (cash, bank, sales) = (shop.account(CASH), shop.account(BANK), shop.account(SALES));
    let six = d("600000000000000");
    let lines = vec![
        posting(cash, six),
        posting(bank, six),
        posting(sales, -six),
        posting(sales, -six),
    ];
    let before = shop.book.clone();
    let id = shop.id();
    let ctx = shop.ctx();
    let result = save_entry(&shop.book, header(id, EntryStatus::Posted), lines, ctx);
    let expected = JournalError::Entry(EntryError::TotalTooLarge(limit(Magnitude::Amount)));
    refused(&shop, result, expected, &before);
}

#[test]
fn the_document_form_refuses_a_quantity_of_1e16() {
    let mut shop = Shop::new();
    assert_eq!(
        parse_quantity("10000000000000000"),
        Err(AmountError::TooLarge(limit(Magnitude::Quantity)))
    );
    let lines = vec![line(
        "部品",
        "10000000000000000",
        "10000000000000",
        TaxCode::Sales10,
    )];
    let doc = shop.draft(DocumentKind::Invoice, YAMADA, "2026-04-01", lines);
    let before = shop.book.clone();
    let ctx = shop.ctx();
    let result = save_document_draft(&shop.book, doc, ctx);
    let expected = TradeError::Line {
        line: 1,
        problem: LineProblem::TooLarge(limit(Magnitude::Quantity)),
    };
    refused(&shop, result, expected, &before);
}

#[test]
fn a_document_line_whose_quantity_times_price_is_past_the_limit_is_refused() {
    let mut shop = Shop::new();
    let lines = vec![
        line("部品", "2", "500", TaxCode::Sales10),
        line("部品", "999999999", "10000000000000", TaxCode::Sales10),
    ];
    let doc = shop.draft(DocumentKind::Invoice, YAMADA, "2026-04-01", lines);
    let before = shop.book.clone();
    let result = shop.try_issue(doc);
    let expected = TradeError::Line {
        line: 2,
        problem: LineProblem::TooLarge(limit(Magnitude::Amount)),
    };
    refused(&shop, result, expected, &before);
}

#[test]
fn a_document_whose_total_is_past_the_limit_is_refused() {
    let mut shop = Shop::new();
    assert_eq!(
        parse_unit_price("1,000,000,000,000,000", Currency::JPY),
        Err(AmountError::TooLarge(limit(Magnitude::UnitPrice)))
    );
    let lines = vec![
        line("工事一式", "1", "900000000000000", TaxCode::Sales10),
        line("工事一式", "1", "900000000000000", TaxCode::Sales10),
    ];
    let doc = shop.draft(DocumentKind::Invoice, YAMADA, "2026-04-01", lines);
    let before = shop.book.clone();
    let result = shop.try_issue(doc);
    refused(
        &shop,
        result,
        TradeError::TotalTooLarge(limit(Magnitude::Amount)),
        &before,
    );
}

fn payment_of(shop: &Shop, amount: &str, fee: &str, doc: &Document) -> PaymentInput {
    PaymentInput {
        direction: PaymentDirection::Received,
        partner: fixed(YAMADA),
        date: day("2026-05-31"),
        account: shop.account(BANK),
        amount: d(amount),
        fee: d(fee),
        withholding: Decimal::ZERO,
        allocations: vec![Allocation {
            document: doc.id,
            amount: d(amount) + d(fee),
        }],
        memo: String::new(),
    }
}

fn invoice(shop: &mut Shop) -> Document {
    let lines = vec![line("デザイン", "1", "100000", TaxCode::Sales10)];
    let doc = shop.draft(DocumentKind::Invoice, YAMADA, "2026-04-30", lines);
    shop.issue(doc)
}

#[test]
fn a_payment_beyond_the_limit_is_refused() {
    let mut shop = Shop::new();
    let doc = invoice(&mut shop);
    let input = payment_of(&shop, "10000000000000000", "0", &doc);
    let before = shop.book.clone();
    let (payment, entry, ctx) = (shop.id(), shop.id(), shop.ctx());
    let result = record_payment(&shop.book, input, payment, entry, ctx);
    refused(
        &shop,
        result,
        TradeError::PaymentTooLarge(limit(Magnitude::Amount)),
        &before,
    );
}

#[test]
fn a_payment_whose_parts_settle_past_the_limit_is_refused() {
    let mut shop = Shop::new();
    let doc = invoice(&mut shop);
    let input = payment_of(&shop, "900000000000000", "200000000000000", &doc);
    let before = shop.book.clone();
    let (payment, entry, ctx) = (shop.id(), shop.id(), shop.ctx());
    let result = record_payment(&shop.book, input, payment, entry, ctx);
    refused(
        &shop,
        result,
        TradeError::PaymentTooLarge(limit(Magnitude::Amount)),
        &before,
    );
}

fn adjustment(
    shop: &mut Shop,
    item: RecordId,
    quantity: &str,
    cost: Option<&str>,
) -> Result<ChangeSet, InventoryError> {
    let input = AdjustmentInput {
        date: day("2026-02-01"),
        reason: AdjustmentReason::Found,
        lines: vec![(item, None, d(quantity), cost.map(d))],
        note: String::new(),
    };
    let first = shop.id();
    let ctx = shop.ctx();
    record_adjustment(&shop.book, input, &mut ids_after(first), ctx)
}

#[test]
fn a_stock_adjustment_beyond_the_largest_quantity_is_refused() {
    let mut shop = Shop::new();
    let item = shop.add_item("B-1", true);
    let before = shop.book.clone();
    let result = adjustment(&mut shop, item, "10000000000", None);
    let expected = InventoryError::TooLarge {
        line: 1,
        error: limit(Magnitude::Quantity),
    };
    refused(&shop, result, expected, &before);
}

#[test]
fn a_stock_adjustment_whose_value_is_past_the_limit_is_refused() {
    let mut shop = Shop::new();
    let item = shop.add_item("B-1", true);
    let before = shop.book.clone();
    let result = adjustment(&mut shop, item, "999999999", Some("10000000000000"));
    let expected = InventoryError::TooLarge {
        line: 1,
        error: limit(Magnitude::Amount),
    };
    refused(&shop, result, expected, &before);
}

#[test]
fn a_stocktake_count_beyond_the_largest_quantity_is_refused() {
    let mut shop = Shop::new();
    let item = shop.add_item("B-1", true);
    assert_eq!(
        parse_quantity("1,000,000,000,000"),
        Err(AmountError::TooLarge(limit(Magnitude::Quantity)))
    );
    let stocktake = Stocktake {
        id: shop.id(),
        date: day("2026-03-31"),
        location: None,
        counts: vec![
            CountLine {
                item,
                counted: d("12"),
            },
            CountLine {
                item,
                counted: d("1000000000000"),
            },
        ],
        status: StocktakeStatus::Counting,
        stock_move: None,
        entry: None,
        note: String::new(),
    };
    let before = shop.book.clone();
    let ctx = shop.ctx();
    let result = save_stocktake(&shop.book, stocktake, ctx);
    let expected = InventoryError::TooLarge {
        line: 2,
        error: limit(Magnitude::Quantity),
    };
    refused(&shop, result, expected, &before);
}

#[test]
fn the_item_form_refuses_a_price_and_a_reorder_quantity_beyond_their_limits() {
    let mut shop = Shop::new();
    let before = shop.book.clone();
    let cases = [
        (
            ItemInput {
                sale_price: "１０,０００,０００,０００,０００,０００".into(),
                ..trade_common::goods("B-1", "バゲット", "100")
            },
            limit(Magnitude::UnitPrice),
        ),
        (
            ItemInput {
                reorder_quantity: "10000000000".into(),
                ..trade_common::goods("B-1", "バゲット", "100")
            },
            limit(Magnitude::Quantity),
        ),
    ];
    for (input, error) in cases {
        let (id, ctx) = (shop.id(), shop.ctx());
        let result = save_item(&shop.book, id, input, ctx);
        refused(&shop, result, ItemError::TooLarge(error), &before);
    }
}

#[test]
fn a_private_use_share_beyond_100_percent_is_refused() {
    for typed in ["150", "100.01%", "99999999999999999999999999999999"] {
        assert!(
            matches!(
                PrivateShare::parse_percent(typed),
                Err(JournalError::InvalidPrivateShare | JournalError::ShareNotANumber(_))
            ),
            "{typed}"
        );
    }
    assert!(PrivateShare::parse_percent("100%").is_ok());
}

// ---- a book an earlier build wrote beyond the limits ----

/// An entry as a build without limits stored it (read back as storage reads it).
fn stored_entry(id: RecordId, date: &str, status: EntryStatus, lines: Vec<Posting>) -> Record {
    let header = EntryHeader {
        date: day(date),
        ..header(id, status)
    };
    Record::JournalEntry(JournalEntry::from_stored(header, lines, EntryOrigin::Entered).unwrap())
}

fn key(kind: RecordKind, id: RecordId) -> RecordKey {
    RecordKey { kind, id }
}

fn named(book: &Book) -> Vec<RecordKey> {
    book.out_of_range().iter().map(|o| o.key).collect()
}

fn year() -> Period {
    Period::new(day("2026-01-01"), day("2026-12-31")).unwrap()
}

/// Every report a user opens, computed (they must not panic).
fn every_report(book: &Book) {
    let period = year();
    let to = period.to;
    trial_balance(book, period);
    profit_and_loss(book, period);
    balance_sheet(book, to);
    monthly_profit_and_loss(book, period.from);
    journal(book, period);
    for account in book.accounts() {
        general_ledger(book, account.id, period);
    }
    tax_summary(book, period);
    blue_return(book, period.from);
    for side in [TradeSide::Sales, TradeSide::Purchase] {
        open_items(book, side, to);
        aging(book, side, to);
    }
    partner_statement(book, fixed(YAMADA), TradeSide::Sales, period.from, to);
    cash_forecast(book, period.from, 12);
    // The dashboard's own figure from the core (the rest are the reports above).
    below_reorder_point(book, to);
    stock_on_hand(book, to);
    stock_ledger(book, period.from, to);
    for item in book.items() {
        item_history(book, item.id, None);
    }
    for (key, _) in book.histories() {
        if let Some(record) = book.record(key) {
            record_summary(book, record, kura_core::locale::Locale::Ja);
        }
    }
    for method in [
        None,
        Some(ValuationMethod::Fifo),
        Some(ValuationMethod::MovingAverage),
        Some(ValuationMethod::LastPurchaseCost),
    ] {
        valuation_report(book, to, method);
    }
}

#[test]
fn two_saved_entries_of_6e28_open_are_named_and_repaired_by_reversal() {
    let mut shop = Shop::new();
    let (cash, sales) = (shop.account(CASH), shop.account(SALES));
    let six = d("60000000000000000000000000000");
    let (first, second) = (shop.id(), shop.id());
    for id in [first, second] {
        shop.put(stored_entry(
            id,
            "2026-02-01",
            EntryStatus::Posted,
            vec![posting(cash, six), posting(sales, -six)],
        ));
    }
    // The book opens and every report computes, without the two entries.
    every_report(&shop.book);
    assert!(shop.trial_balance_is_zero());
    assert_eq!(shop.book.entries().count(), 0);
    assert_eq!(
        named(&shop.book),
        vec![
            key(RecordKind::JournalEntry, first),
            key(RecordKind::JournalEntry, second)
        ]
    );
    assert_eq!(
        shop.book.out_of_range()[0].error,
        limit(Magnitude::Amount),
        "what is out of range is named"
    );
    // Reversing one: its exact negation, itself kept out of the reports.
    let reversal = shop.id();
    let ctx = shop.ctx();
    let set = reverse_entry(&shop.book, first, reversal, day("2026-02-02"), ctx).unwrap();
    shop.apply(&set);
    let reversed = shop.book.entry(reversal).unwrap();
    assert_eq!(reversed.lines()[0].amount, -six);
    assert_eq!(reversed.corrects(), Some(first));
    assert_eq!(
        named(&shop.book),
        vec![key(RecordKind::JournalEntry, second)]
    );
    every_report(&shop.book);
    assert!(shop.trial_balance_is_zero());
    // Once only.
    let before = shop.book.clone();
    let (again, ctx) = (shop.id(), shop.ctx());
    let result = reverse_entry(&shop.book, first, again, day("2026-02-03"), ctx);
    refused(&shop, result, JournalError::AlreadyReversed, &before);
}

#[test]
fn a_draft_beyond_the_limits_is_deleted() {
    let mut shop = Shop::new();
    let (cash, sales) = (shop.account(CASH), shop.account(SALES));
    let draft = shop.id();
    shop.put(stored_entry(
        draft,
        "2026-02-01",
        EntryStatus::Draft,
        vec![posting(cash, huge()), posting(sales, -huge())],
    ));
    assert_eq!(
        named(&shop.book),
        vec![key(RecordKind::JournalEntry, draft)]
    );
    let ctx = shop.ctx();
    let set = delete_draft(&shop.book, draft, ctx).unwrap();
    shop.apply(&set);
    assert!(named(&shop.book).is_empty());
    assert!(shop.book.entry(draft).is_none());
}

#[test]
fn an_issued_document_beyond_the_limits_is_cancelled_and_a_draft_deleted() {
    let mut shop = Shop::new();
    // Issued by an earlier build: 10¹⁰ × 10¹⁰, and the entry it posted.
    let doc = invoice(&mut shop);
    let mut wrong = shop.doc(doc.id);
    wrong.lines[0].quantity = d("10000000000");
    wrong.lines[0].unit_price = d("10000000000");
    let mut totals = wrong.issued_totals.clone().unwrap();
    totals.gross = d("110000000000000000000");
    wrong.issued_totals = Some(totals);
    shop.put(Record::Document(wrong));
    let entry = shop.book.entry(doc.entry.unwrap()).unwrap().clone();
    let lines = entry
        .lines()
        .iter()
        .map(|p| Posting {
            amount: p.amount * d("1000000000000000"),
            ..p.clone()
        })
        .collect();
    shop.put(Record::JournalEntry(
        JournalEntry::from_stored(entry.header(), lines, entry.origin()).unwrap(),
    ));
    assert_eq!(
        named(&shop.book),
        vec![
            key(RecordKind::JournalEntry, entry.id()),
            key(RecordKind::Document, doc.id)
        ]
    );
    assert_eq!(shop.book.documents().count(), 0, "in no list");
    every_report(&shop.book);
    // Nothing builds on it.
    let input = payment_of(&shop, "1000", "0", &doc);
    let (payment, entry_id, ctx) = (shop.id(), shop.id(), shop.ctx());
    let before = shop.book.clone();
    let result = record_payment(&shop.book, input, payment, entry_id, ctx);
    refused(&shop, result, TradeError::BeyondLimits, &before);
    // Cancelling reverses its entry exactly: both are repaired.
    let first = shop.id();
    let ctx = shop.ctx();
    let set = cancel_document(&shop.book, doc.id, &mut ids_after(first), ctx).unwrap();
    shop.apply(&set);
    assert_eq!(shop.doc(doc.id).status, DocumentStatus::Cancelled);
    assert!(named(&shop.book).is_empty(), "{:?}", named(&shop.book));
    // A draft beyond the limits is deleted.
    let mut draft = shop.draft(
        DocumentKind::Quote,
        YAMADA,
        "2026-05-01",
        vec![line("部品", "1", "1", TaxCode::Sales10)],
    );
    draft.lines[0].quantity = huge();
    shop.put(Record::Document(draft.clone()));
    assert_eq!(named(&shop.book), vec![key(RecordKind::Document, draft.id)]);
    let ctx = shop.ctx();
    let set = delete_document_draft(&shop.book, draft.id, ctx).unwrap();
    shop.apply(&set);
    assert!(named(&shop.book).is_empty());
}

#[test]
fn a_stock_move_beyond_the_limits_is_reversed_once_and_an_item_saved_again() {
    let mut shop = Shop::new();
    shop.set_stock(
        ValuationMethod::MovingAverage,
        StockPosting::Periodic,
        false,
    );
    let item = shop.add_item("B-1", true);
    let good = shop.put_move(
        "2026-01-10",
        MoveKind::Receipt,
        &[(item, None, "10", Some("100"))],
    );
    let bad = shop.put_move(
        "2026-01-11",
        MoveKind::Adjustment {
            reason: AdjustmentReason::Found,
        },
        &[(item, None, "50000000000000000000", Some("100"))],
    );
    assert_eq!(named(&shop.book), vec![key(RecordKind::StockMove, bad)]);
    every_report(&shop.book);
    let on_hand = stock_on_hand(&shop.book, day("2026-12-31"));
    assert_eq!(on_hand.rows.len(), 1);
    assert_eq!(
        on_hand.rows[0].total,
        d("10"),
        "the bad move counts nowhere"
    );
    // A move within the limits is not reversed this way.
    let before = shop.book.clone();
    let (first, ctx) = (shop.id(), shop.ctx());
    let result = reverse_move(&shop.book, good, &mut ids_after(first), ctx);
    refused(&shop, result, InventoryError::NotReversible, &before);
    let (first, ctx) = (shop.id(), shop.ctx());
    let set = reverse_move(&shop.book, bad, &mut ids_after(first), ctx).unwrap();
    shop.apply(&set);
    assert!(named(&shop.book).is_empty());
    let before = shop.book.clone();
    let (first, ctx) = (shop.id(), shop.ctx());
    let result = reverse_move(&shop.book, bad, &mut ids_after(first), ctx);
    refused(&shop, result, InventoryError::AlreadyReversed, &before);
    // An item whose price an earlier build let past the limit: saved again.
    let mut price = shop.book.item(item).unwrap().clone();
    price.sale_price = huge();
    shop.put(Record::Item(price));
    assert_eq!(named(&shop.book), vec![key(RecordKind::Item, item)]);
    assert_eq!(shop.book.items().count(), 0);
    let ctx = shop.ctx();
    let set = save_item(
        &shop.book,
        item,
        trade_common::goods("B-1", "品目 B-1", "100"),
        ctx,
    )
    .unwrap();
    shop.apply(&set);
    assert!(named(&shop.book).is_empty());
    assert_eq!(shop.book.items().count(), 1);
}

#[test]
fn a_payment_beyond_the_limits_is_named_until_cancelled() {
    let mut shop = Shop::new();
    let doc = invoice(&mut shop);
    let input = payment_of(&shop, "110000", "0", &doc);
    let (payment, entry, ctx) = (shop.id(), shop.id(), shop.ctx());
    let set = record_payment(&shop.book, input, payment, entry, ctx).unwrap();
    shop.apply(&set);
    let mut wrong = shop.book.payment(payment).unwrap().clone();
    wrong.fee = huge();
    shop.put(Record::Payment(wrong));
    assert_eq!(named(&shop.book), vec![key(RecordKind::Payment, payment)]);
    every_report(&shop.book);
    let (reversal, ctx) = (shop.id(), shop.ctx());
    let set = kura_core::trade::cancel_payment(&shop.book, payment, reversal, ctx).unwrap();
    shop.apply(&set);
    assert_eq!(
        shop.book.payment(payment).unwrap().status,
        PaymentStatus::Cancelled
    );
    assert!(named(&shop.book).is_empty());
}

/// Moves each within the limits whose stock, held together, would be valued
/// beyond the largest amount: the item is named instead of valued, and no
/// stock entry is posted from it.
#[test]
fn stock_valued_beyond_the_largest_amount_is_named_and_not_posted() {
    let mut shop = Shop::new();
    shop.set_stock(
        ValuationMethod::LastPurchaseCost,
        StockPosting::Periodic,
        false,
    );
    let item = shop.add_item("B-1", true);
    let small = shop.add_item("B-2", true);
    shop.put_move(
        "2026-01-05",
        MoveKind::Receipt,
        &[(small, None, "3", Some("100"))],
    );
    for date in ["2026-01-10", "2026-01-11", "2026-01-12"] {
        shop.put_move(
            date,
            MoveKind::Receipt,
            &[(item, None, "999999999", Some("1000000"))],
        );
    }
    assert!(
        named(&shop.book).is_empty(),
        "each move is within the limits"
    );
    every_report(&shop.book);
    let report = valuation_report(&shop.book, day("2026-12-31"), None);
    assert_eq!(report.beyond_limits, vec![item]);
    assert_eq!(report.total_value, d("300"), "the other item is valued");
    let before = shop.book.clone();
    let (entry, ctx) = (shop.id(), shop.ctx());
    let result =
        kura_core::inventory::post_stock_closing(&shop.book, day("2026-12-31"), entry, ctx);
    let expected = InventoryError::ValueTooLarge { code: "B-1".into() };
    refused(&shop, result, expected, &before);
}

// ---- check_record, kind by kind ----

#[test]
fn check_record_names_what_is_beyond_in_every_kind_that_holds_values() {
    let mut shop = Shop::new();
    let item = shop.add_item("B-1", true);
    let (cash, sales) = (shop.account(CASH), shop.account(SALES));
    let amount = Err(limit(Magnitude::Amount));
    let quantity = Err(limit(Magnitude::Quantity));
    let price = Err(limit(Magnitude::UnitPrice));
    let entry = |a: &str| {
        stored_entry(
            fixed(1),
            "2026-01-01",
            EntryStatus::Posted,
            vec![posting(cash, d(a)), posting(sales, -d(a))],
        )
    };
    assert_eq!(check_record(&entry("999999999999999")), Ok(()));
    assert_eq!(check_record(&entry("1000000000000000")), amount);
    let mut doc = Document {
        lines: vec![item_line(item, "1", "100", TaxCode::Sales10)],
        ..Document::draft(
            fixed(2),
            DocumentKind::Invoice,
            fixed(YAMADA),
            day("2026-01-01"),
        )
    };
    assert_eq!(check_record(&Record::Document(doc.clone())), Ok(()));
    doc.lines[0].quantity = d("1000000000");
    assert_eq!(check_record(&Record::Document(doc.clone())), quantity);
    doc.lines[0].quantity = d("1");
    doc.lines[0].unit_price = d("1000000000000000");
    assert_eq!(check_record(&Record::Document(doc.clone())), price);
    doc.lines[0].unit_price = d("950000000000000");
    assert_eq!(
        check_record(&Record::Document(doc)),
        amount,
        "with 10% tax the draft's total is beyond the largest amount"
    );
    let payment = Payment {
        id: fixed(3),
        direction: PaymentDirection::Paid,
        status: PaymentStatus::Posted,
        partner: fixed(SATO),
        date: day("2026-01-01"),
        account: cash,
        amount: d("1000"),
        fee: Decimal::ZERO,
        withholding: Decimal::ZERO,
        allocations: vec![Allocation {
            document: fixed(2),
            amount: d("10000000000000000"),
        }],
        memo: String::new(),
        entry: fixed(4),
        reversal: None,
    };
    assert_eq!(check_record(&Record::Payment(payment)), amount);
    let mut goods = shop.book.item(item).unwrap().clone();
    goods.reorder_point = Some(d("1000000000.5"));
    assert_eq!(check_record(&Record::Item(goods)), quantity);
    let stocktake = Stocktake {
        id: fixed(5),
        date: day("2026-01-01"),
        location: None,
        counts: vec![CountLine {
            item,
            counted: huge(),
        }],
        status: StocktakeStatus::Posted,
        stock_move: None,
        entry: None,
        note: String::new(),
    };
    assert_eq!(check_record(&Record::Stocktake(stocktake)), quantity);
    let within = shop.put_move(
        "2026-01-10",
        MoveKind::Receipt,
        &[(item, None, "999999999", Some("1000000"))],
    );
    assert_eq!(
        check_record(&Record::StockMove(
            shop.book.stock_move(within).unwrap().clone()
        )),
        Ok(())
    );
    let beyond = shop.put_move(
        "2026-01-10",
        MoveKind::Receipt,
        &[(item, None, "999999999", Some("1000001"))],
    );
    let record = shop
        .book
        .record(&key(RecordKind::StockMove, beyond))
        .unwrap();
    assert_eq!(check_record(record), amount, "999,999,999 × 1,000,001");
    assert_eq!(MAX_AMOUNT, d("999999999999999"));
}

// ---- reports never panic ----

/// A value at, just past, or far beyond a limit, or an ordinary one.
fn magnitude() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (1i64..100_000).prop_map(Decimal::from),
        Just(MAX_AMOUNT),
        Just(MAX_AMOUNT + Decimal::ONE),
        Just(d("999999999")),
        Just(d("1000000000")),
        Just(d("0.001")),
        Just(huge()),
        Just(d("79228162514264337593543950335")),
    ]
}

/// What one random record is: an entry, a document, a payment, an item's
/// price, or a stock move, with a value from [`magnitude`].
#[derive(Clone, Debug)]
enum Written {
    Entry(Decimal, bool),
    Document(Decimal, Decimal, bool),
    Payment(Decimal),
    ItemCost(Decimal),
    Move(Decimal, Option<Decimal>, bool),
}

fn written() -> impl Strategy<Value = Written> {
    prop_oneof![
        (magnitude(), any::<bool>()).prop_map(|(a, posted)| Written::Entry(a, posted)),
        (magnitude(), magnitude(), any::<bool>()).prop_map(|(q, p, i)| Written::Document(q, p, i)),
        magnitude().prop_map(Written::Payment),
        magnitude().prop_map(Written::ItemCost),
        (
            magnitude(),
            proptest::option::of(magnitude()),
            any::<bool>()
        )
            .prop_map(|(q, c, out)| Written::Move(q, c, out)),
    ]
}

/// Puts each record into the book as a build without limits could have
/// written it, in the order given.
fn write_all(shop: &mut Shop, records: &[Written], item: RecordId) {
    let (cash, sales) = (shop.account(CASH), shop.account(SALES));
    for (n, w) in records.iter().enumerate() {
        let date = format!("2026-{:02}-{:02}", n % 12 + 1, n % 28 + 1);
        match w {
            Written::Entry(a, posted) => {
                let status = if *posted {
                    EntryStatus::Posted
                } else {
                    EntryStatus::Draft
                };
                let id = shop.id();
                shop.put(stored_entry(
                    id,
                    &date,
                    status,
                    vec![posting(cash, *a), posting(sales, -*a)],
                ));
            }
            Written::Document(q, p, issued) => {
                let mut doc = shop.draft(
                    DocumentKind::Invoice,
                    YAMADA,
                    &date,
                    vec![item_line(item, "1", "1", TaxCode::Sales10)],
                );
                doc.lines[0].quantity = *q;
                doc.lines[0].unit_price = *p;
                if *issued {
                    doc.status = DocumentStatus::Issued;
                    doc.number = Some(format!("INV-2026-{n:04}"));
                }
                shop.put(Record::Document(doc));
            }
            Written::Payment(a) => {
                let id = shop.id();
                shop.put(Record::Payment(Payment {
                    id,
                    direction: PaymentDirection::Received,
                    status: PaymentStatus::Posted,
                    partner: fixed(YAMADA),
                    date: day(&date),
                    account: cash,
                    amount: *a,
                    fee: *a,
                    withholding: *a,
                    allocations: Vec::new(),
                    memo: String::new(),
                    entry: fixed(9_999),
                    reversal: None,
                }));
            }
            Written::ItemCost(c) => {
                let mut goods = shop.book.item(item).unwrap().clone();
                goods.purchase_cost = *c;
                goods.sale_price = *c;
                shop.put(Record::Item(goods));
            }
            Written::Move(q, cost, out) => {
                let quantity = if *out { -*q } else { *q };
                let kind = if *out {
                    MoveKind::Delivery
                } else {
                    MoveKind::Receipt
                };
                let id = shop.put_move(&date, kind, &[(item, None, "1", None)]);
                let mut mv = shop.book.stock_move(id).cloned().unwrap();
                mv.lines[0].quantity = quantity;
                mv.lines[0].unit_cost = *cost;
                shop.put(Record::StockMove(mv));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Records at and beyond the limits, written as an earlier build could,
    /// never make a report panic, under every valuation method and posting
    /// mode; those beyond the limits are in no list and all named.
    #[test]
    fn reports_never_panic_on_records_at_and_beyond_the_limits(
        records in proptest::collection::vec(written(), 1..24),
        method in prop_oneof![
            Just(ValuationMethod::Fifo),
            Just(ValuationMethod::MovingAverage),
            Just(ValuationMethod::LastPurchaseCost),
        ],
        perpetual: bool,
    ) {
        let mut shop = Shop::new();
        let posting_mode = if perpetual { StockPosting::Perpetual } else { StockPosting::Periodic };
        shop.set_stock(method, posting_mode, true);
        let item = shop.add_item("B-1", true);
        write_all(&mut shop, &records, item);
        every_report(&shop.book);
        for entry in shop.book.entries() {
            prop_assert!(check_record(&Record::JournalEntry(entry.clone())).is_ok());
        }
        for doc in shop.book.documents() {
            prop_assert!(check_record(&Record::Document(doc.clone())).is_ok());
        }
        let beyond = shop.book.out_of_range();
        for named in &beyond {
            let record = shop.book.record(&named.key).unwrap();
            prop_assert_eq!(check_record(record), Err(named.error));
        }
    }
}

/// A book holding nothing but records beyond the limits: every report of it
/// is empty, and all three are named.
#[test]
fn a_book_of_nothing_but_records_beyond_the_limits_still_reports() {
    let mut shop = Shop::new();
    let item = shop.add_item("B-1", true);
    write_all(
        &mut shop,
        &[
            Written::Entry(huge(), true),
            Written::Move(huge(), Some(huge()), false),
            Written::Document(huge(), huge(), true),
        ],
        item,
    );
    assert_eq!(shop.book.out_of_range().len(), 3);
    every_report(&shop.book);
    assert!(shop.trial_balance_is_zero());
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    assert!(stock_on_hand(&shop.book, start.with_month(12).unwrap())
        .rows
        .is_empty());
}
