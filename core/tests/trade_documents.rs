//! Sales and purchasing documents as a user meets them: drafts are checked,
//! issuing numbers them per kind, year and device (and two devices issuing
//! offline never share a number), lines are copied forward partially, an issued
//! document is cancelled by a reversal and re-issued, delivery notes are
//! gathered into a monthly invoice with the tax on the total per rate.

mod trade_common;

use kura_core::book::{set_closed_through, JournalError, Record};
use kura_core::ledger::TaxCode;
use kura_core::money::{Currency, Rounding};
use kura_core::sync::ChangeSet;
use kura_core::trade::{
    book_totals, cancel_document, claim_series_before_sending, claim_series_on_arrival,
    consolidated_invoice, copy_forward, delete_document_draft, document_totals, reissue_draft,
    remaining_quantities, save_document_draft, Document, DocumentKind, DocumentStatus, LineProblem,
    LineRef, TradeError,
};
use rust_decimal::Decimal;
use trade_common::{d, day, fixed, ids_after, line, Shop, SATO, TANAKA, YAMADA};

use DocumentKind::{CreditNote, Delivery, Invoice, Quote, SalesOrder};

fn invoice(shop: &mut Shop, date: &str) -> Document {
    let lines = vec![line("デザイン制作", "1", "100000", TaxCode::Sales10)];
    shop.draft(Invoice, YAMADA, date, lines)
}

fn number(doc: &Document) -> &str {
    doc.number.as_deref().unwrap()
}

#[test]
fn numbers_count_per_kind_and_year_and_the_first_issue_claims_the_series() {
    let mut shop = Shop::new();
    let device = shop.device_id();
    assert!(shop.book.device_series(device).is_none());
    let first = invoice(&mut shop, "2026-04-01");
    let set = shop.try_issue(first.clone()).unwrap();
    let series = set.changes.iter().filter(|c| {
        matches!(
            c,
            kura_core::sync::Change::Put {
                record: Record::DeviceSeries(_)
            }
        )
    });
    assert_eq!(
        series.count(),
        1,
        "the first issue writes the device's series"
    );
    shop.apply(&set);
    assert_eq!(shop.book.device_series(device).unwrap().tag, "");
    assert_eq!(number(&shop.doc(first.id)), "INV-2026-0001");

    let second = invoice(&mut shop, "2026-04-02");
    let set = shop.try_issue(second).unwrap();
    assert_eq!(
        set.changes.len(),
        2,
        "the document and its entry, no series again"
    );
    shop.apply(&set);

    let quote = Document {
        kind: Quote,
        ..invoice(&mut shop, "2026-04-03")
    };
    let next_year = invoice(&mut shop, "2027-01-05");
    let numbers: Vec<String> = [invoice(&mut shop, "2026-12-31"), quote, next_year]
        .into_iter()
        .map(|doc| number(&shop.issue(doc)).to_string())
        .collect();
    assert_eq!(numbers, ["INV-2026-0003", "QT-2026-0001", "INV-2027-0001"]);
    let issued = shop.doc(first.id);
    assert_eq!(issued.status, DocumentStatus::Issued);
    // 月末締め翌月末払い: April's invoice is due at the end of May.
    assert_eq!(issued.due_date, Some(day("2026-05-31")));
    assert!(issued.entry.is_some());
}

/// The numbering protocol: device 1 sends the book before anyone has issued
/// (it claims the empty series as it sends, and reserves a tag for the file),
/// device 2 arrives by that file and takes the reservation, so it can issue
/// at once; then both issue offline and merge without a shared number.
#[test]
fn two_devices_issuing_offline_never_share_a_number() {
    let mut one = Shop::new();
    let ctx = one.ctx();
    let claim = claim_series_before_sending(&one.book, one.device_id(), ctx).unwrap();
    one.apply(&claim);
    let series = one.book.device_series(one.device_id()).unwrap();
    assert_eq!(
        (series.tag.as_str(), series.reserved.as_deref()),
        ("", Some("A"))
    );
    let mut two = one.as_device(2);
    let stranger = one.as_device(3);
    let ctx = two.ctx();
    let arrival =
        claim_series_on_arrival(&two.book, two.device_id(), one.device_id(), ctx).unwrap();
    two.apply(&arrival);
    assert_eq!(two.book.device_series(two.device_id()).unwrap().tag, "A");
    let mut after_two = stranger.clone();
    after_two.book.apply(&arrival);
    let ctx = after_two.ctx();
    assert!(
        claim_series_on_arrival(&after_two.book, stranger.device_id(), one.device_id(), ctx)
            .is_none(),
        "a reservation taken is taken"
    );
    let first = invoice(&mut one, "2026-04-01");
    one.issue(first);

    let mut sets: Vec<ChangeSet> = Vec::new();
    for shop in [&mut one, &mut two] {
        for date in ["2026-05-01", "2026-05-02", "2026-05-03"] {
            let doc = invoice(shop, date);
            let set = shop.try_issue(doc).unwrap();
            shop.apply(&set);
            sets.push(set);
        }
    }
    let mut merged = one.book.clone();
    for set in std::iter::once(&arrival).chain(&sets) {
        merged.apply(set);
    }
    let mut numbers: Vec<&str> = merged.documents().map(number).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        [
            "INV-2026-0001",
            "INV-2026-0002",
            "INV-2026-0003",
            "INV-2026-0004",
            "INV-2026-A0001",
            "INV-2026-A0002",
            "INV-2026-A0003",
        ]
    );
    // After the merge each device carries on past its own numbers only.
    let mut after = two.as_device(2);
    after.book = merged;
    let next = invoice(&mut after, "2026-06-01");
    assert_eq!(number(&after.issue(next)), "INV-2026-A0004");
}

#[test]
fn a_device_without_a_series_in_a_shared_book_cannot_issue() {
    let mut shop = Shop::new();
    let first = invoice(&mut shop, "2026-04-01");
    shop.issue(first);
    let mut stranger = shop.as_device(3);
    let doc = invoice(&mut stranger, "2026-04-02");
    assert_eq!(
        stranger.try_issue(doc.clone()),
        Err(TradeError::NoNumberSeries)
    );
    // It can still keep drafts.
    let ctx = stranger.ctx();
    assert!(save_document_draft(&stranger.book, doc, ctx).is_ok());
}

fn draft_error(shop: &mut Shop, doc: Document) -> TradeError {
    let ctx = shop.ctx();
    let before = shop.book.clone();
    let error = save_document_draft(&shop.book, doc, ctx).unwrap_err();
    assert_eq!(shop.book, before);
    error
}

#[test]
fn a_draft_with_bad_input_is_refused() {
    let mut shop = Shop::new();
    let good = invoice(&mut shop, "2026-04-01");
    let line_error = |line, problem| TradeError::Line { line, problem };
    let mut cases: Vec<(Document, TradeError)> = Vec::new();
    let mut with_line = |edit: &dyn Fn(&mut kura_core::trade::DocumentLine), expected| {
        let mut doc = good.clone();
        doc.lines.push(doc.lines[0].clone());
        edit(&mut doc.lines[1]);
        cases.push((doc, expected));
    };
    with_line(
        &|l| l.description = "  ".into(),
        line_error(2, LineProblem::BlankDescription),
    );
    with_line(
        &|l| l.quantity = Decimal::ZERO,
        line_error(2, LineProblem::ZeroQuantity),
    );
    with_line(
        &|l| l.quantity = d("-1"),
        line_error(2, LineProblem::ZeroQuantity),
    );
    with_line(
        &|l| l.unit_price = d("-5"),
        line_error(2, LineProblem::Negative),
    );
    with_line(
        &|l| l.discount = d("-5"),
        line_error(2, LineProblem::Negative),
    );
    with_line(
        &|l| l.tax_code = TaxCode::Purchase10,
        line_error(2, LineProblem::WrongSideTaxCode),
    );
    with_line(
        &|l| l.account = Some(fixed(4242)),
        line_error(2, LineProblem::BadAccount),
    );
    with_line(&|l| l.unit_price = d("100.5"), TradeError::TooManyDecimals);
    cases.push((
        Document {
            lines: vec![],
            ..good.clone()
        },
        TradeError::NoLines,
    ));
    cases.push((
        Document {
            partner: fixed(4242),
            ..good.clone()
        },
        TradeError::PartnerNotFound,
    ));
    cases.push((
        Document {
            partner: fixed(SATO),
            ..good.clone()
        },
        TradeError::NotACustomer,
    ));
    let bill = Document {
        kind: DocumentKind::Bill,
        ..good.clone()
    };
    cases.push((bill, TradeError::NotASupplier));
    for (doc, expected) in cases {
        assert_eq!(draft_error(&mut shop, doc), expected);
    }
    // Not taxable (不課税) fits either side; a fraction of a unit is a quantity.
    let mut fine = good.clone();
    fine.lines[0].tax_code = TaxCode::NotTaxable;
    fine.lines[0].quantity = d("1.5");
    let ctx = shop.ctx();
    assert!(save_document_draft(&shop.book, fine, ctx).is_ok());
}

#[test]
fn an_archived_account_is_refused_on_a_line() {
    let mut shop = Shop::new();
    let mut archived = shop.book.account(shop.account("420")).unwrap().clone();
    archived.archived = true;
    shop.put(Record::Account(archived.clone()));
    let mut doc = invoice(&mut shop, "2026-04-01");
    doc.lines[0].account = Some(archived.id);
    let expected = TradeError::Line {
        line: 1,
        problem: LineProblem::BadAccount,
    };
    assert_eq!(draft_error(&mut shop, doc), expected);
}

#[test]
fn a_draft_is_saved_and_deleted_and_an_issued_one_is_neither() {
    let mut shop = Shop::new();
    let doc = invoice(&mut shop, "2026-04-01");
    let ctx = shop.ctx();
    let set = save_document_draft(&shop.book, doc.clone(), ctx).unwrap();
    shop.apply(&set);
    assert_eq!(shop.doc(doc.id).status, DocumentStatus::Draft);
    assert_eq!(shop.doc(doc.id).number, None);
    let ctx = shop.ctx();
    let set = delete_document_draft(&shop.book, doc.id, ctx).unwrap();
    shop.apply(&set);
    assert!(shop.book.document(doc.id).is_none());

    let issued = invoice(&mut shop, "2026-04-01");
    let issued = shop.issue(issued);
    let ctx = shop.ctx();
    assert_eq!(
        delete_document_draft(&shop.book, issued.id, ctx),
        Err(TradeError::NotADraft)
    );
    assert_eq!(
        draft_error(&mut shop, issued.clone()),
        TradeError::NotADraft
    );
    assert_eq!(shop.try_issue(issued), Err(TradeError::NotADraft));
}

/// An order for 5, issued.
fn order_of_five(shop: &mut Shop) -> Document {
    let lines = vec![line("りんご箱", "5", "2000", TaxCode::Sales8Reduced)];
    let order = shop.draft(SalesOrder, YAMADA, "2026-04-01", lines);
    shop.issue(order)
}

#[test]
fn an_order_for_5_is_delivered_3_then_2_then_nothing_is_left() {
    let mut shop = Shop::new();
    let mut order = order_of_five(&mut shop);
    order.lines[0].discount = Decimal::ZERO;
    let delivery_id = shop.id();
    let mut first = copy_forward(
        &shop.book,
        &[order.id],
        Delivery,
        delivery_id,
        day("2026-04-10"),
    )
    .unwrap();
    assert_eq!(first.kind, Delivery);
    assert_eq!(first.lines[0].quantity, d("5"));
    assert_eq!(
        first.lines[0].source,
        Some(LineRef {
            document: order.id,
            line: 0
        })
    );
    first.lines[0].quantity = d("3");
    shop.issue(first);
    assert_eq!(
        remaining_quantities(&shop.book, order.id, Delivery).unwrap(),
        [d("2")]
    );
    // Invoicing is counted on its own: nothing has been invoiced yet.
    assert_eq!(
        remaining_quantities(&shop.book, order.id, Invoice).unwrap(),
        [d("5")]
    );

    let second_id = shop.id();
    let second = copy_forward(
        &shop.book,
        &[order.id],
        Delivery,
        second_id,
        day("2026-04-20"),
    )
    .unwrap();
    assert_eq!(second.lines[0].quantity, d("2"));
    shop.issue(second);
    assert_eq!(
        remaining_quantities(&shop.book, order.id, Delivery).unwrap(),
        [d("0")]
    );
    let third = shop.id();
    assert_eq!(
        copy_forward(&shop.book, &[order.id], Delivery, third, day("2026-04-30")),
        Err(TradeError::NothingLeft)
    );
}

#[test]
fn a_partial_copy_takes_its_share_of_the_line_discount() {
    let mut shop = Shop::new();
    let mut lines = vec![line("りんご箱", "5", "2000", TaxCode::Sales8Reduced)];
    lines[0].discount = d("500");
    let order = shop.draft(SalesOrder, YAMADA, "2026-04-01", lines);
    let order = shop.issue(order);
    let id = shop.id();
    let mut part = copy_forward(&shop.book, &[order.id], Delivery, id, day("2026-04-10")).unwrap();
    assert_eq!(
        part.lines[0].discount,
        d("500"),
        "all of the line: all of its discount"
    );
    part.lines[0].quantity = d("3");
    part.lines[0].discount = d("300");
    shop.issue(part);
    let id = shop.id();
    let rest = copy_forward(&shop.book, &[order.id], Delivery, id, day("2026-04-20")).unwrap();
    assert_eq!(rest.lines[0].discount, d("200"));
}

#[test]
fn taking_more_than_is_left_is_refused_counting_drafts() {
    let mut shop = Shop::new();
    let order = order_of_five(&mut shop);
    let id = shop.id();
    let mut too_many =
        copy_forward(&shop.book, &[order.id], Delivery, id, day("2026-04-10")).unwrap();
    too_many.lines[0].quantity = d("6");
    let refused = |remaining| TradeError::Line {
        line: 1,
        problem: LineProblem::ExceedsRemaining { remaining },
    };
    assert_eq!(shop.try_issue(too_many.clone()), Err(refused(d("5"))));
    // Two lines from one source line count together.
    let mut split = too_many.clone();
    split.lines[0].quantity = d("3");
    split.lines.push(split.lines[0].clone());
    let second_line = TradeError::Line {
        line: 2,
        problem: LineProblem::ExceedsRemaining { remaining: d("2") },
    };
    assert_eq!(shop.try_issue(split), Err(second_line));

    let mut three = too_many.clone();
    three.lines[0].quantity = d("3");
    let ctx = shop.ctx();
    let set = save_document_draft(&shop.book, three.clone(), ctx).unwrap();
    shop.apply(&set);
    // The draft takes 3 from anyone else, but not from itself.
    let other_id = shop.id();
    let mut other = Document {
        id: other_id,
        ..three.clone()
    };
    assert_eq!(shop.try_issue(other.clone()), Err(refused(d("2"))));
    other.lines[0].quantity = d("2");
    shop.issue(other);
    shop.issue(three);
    assert_eq!(
        remaining_quantities(&shop.book, order.id, Delivery).unwrap(),
        [d("0")]
    );
}

#[test]
fn copy_forward_keeps_to_the_flow_and_one_partner() {
    let mut shop = Shop::new();
    let order = order_of_five(&mut shop);
    let lines = vec![line("工事", "1", "50000", TaxCode::Sales10)];
    let other = shop.draft(SalesOrder, TANAKA, "2026-04-02", lines.clone());
    let other = shop.issue(other);
    let draft = shop.draft(SalesOrder, YAMADA, "2026-04-02", lines);
    let ctx = shop.ctx();
    shop.apply(&save_document_draft(&shop.book, draft.clone(), ctx).unwrap());
    let id = shop.id();
    let date = day("2026-04-10");
    assert_eq!(
        copy_forward(&shop.book, &[order.id, other.id], Delivery, id, date),
        Err(TradeError::MixedPartners)
    );
    assert_eq!(
        copy_forward(&shop.book, &[order.id], Quote, id, date),
        Err(TradeError::CannotFollow {
            from: SalesOrder,
            to: Quote
        })
    );
    assert_eq!(
        copy_forward(&shop.book, &[draft.id], Delivery, id, date),
        Err(TradeError::NotIssued)
    );
    assert_eq!(
        copy_forward(&shop.book, &[], Delivery, id, date),
        Err(TradeError::DocumentNotFound)
    );

    // Two orders of one customer make one delivery note with both their lines.
    let mut second = shop.draft(SalesOrder, YAMADA, "2026-04-03", other.lines.clone());
    second.subject = "4月分".into();
    let second = shop.issue(second);
    let both = copy_forward(&shop.book, &[second.id, order.id], Delivery, id, date).unwrap();
    assert_eq!(both.lines.len(), 2);
    assert_eq!(both.subject, "4月分", "the first source's subject");
    assert_eq!(both.partner, fixed(YAMADA));
    assert_eq!(both.status, DocumentStatus::Draft);
}

#[test]
fn cancelling_posts_a_reversal_keeps_both_and_frees_the_lines() {
    let mut shop = Shop::new();
    let order = order_of_five(&mut shop);
    let id = shop.id();
    let inv = copy_forward(&shop.book, &[order.id], Invoice, id, day("2026-04-15")).unwrap();
    let inv = shop.issue(inv);
    assert_eq!(shop.balance("120"), d("10800"));
    assert!(!shop.trial_balance_is_zero());
    let ctx = shop.ctx();
    assert_eq!(
        cancel_document(&shop.book, order.id, &mut ids_after(fixed(5000)), ctx),
        Err(TradeError::HasFollowers),
        "the order has an invoice made from it"
    );

    let reversal = shop.id();
    let ctx = shop.ctx();
    shop.apply(&cancel_document(&shop.book, inv.id, &mut ids_after(reversal), ctx).unwrap());
    let cancelled = shop.doc(inv.id);
    assert_eq!(cancelled.status, DocumentStatus::Cancelled);
    assert_eq!(cancelled.reversal, Some(reversal));
    assert_eq!(cancelled.number, inv.number, "it keeps its number");
    let entry = shop.book.entry(inv.entry.unwrap()).unwrap();
    assert!(entry.is_posted(), "the original entry stays");
    let undone = shop.book.entry(reversal).unwrap();
    assert_eq!(undone.date(), inv.date);
    assert!(shop.trial_balance_is_zero());
    assert_eq!(
        remaining_quantities(&shop.book, order.id, Invoice).unwrap(),
        [d("5")]
    );
    let ctx = shop.ctx();
    assert_eq!(
        cancel_document(&shop.book, inv.id, &mut ids_after(fixed(5001)), ctx),
        Err(TradeError::NotIssued)
    );
    // Now nothing depends on the order: it can be cancelled (it posted nothing).
    let ctx = shop.ctx();
    let set = cancel_document(&shop.book, order.id, &mut ids_after(fixed(5002)), ctx).unwrap();
    assert_eq!(set.changes.len(), 1);
}

#[test]
fn cancelling_in_a_closed_period_is_refused() {
    let mut shop = Shop::new();
    let inv = invoice(&mut shop, "2026-03-31");
    let inv = shop.issue(inv);
    let ctx = shop.ctx();
    shop.apply(&set_closed_through(&shop.book, Some(day("2026-03-31")), ctx).unwrap());
    let ctx = shop.ctx();
    assert_eq!(
        cancel_document(&shop.book, inv.id, &mut ids_after(fixed(5000)), ctx),
        Err(TradeError::Journal(JournalError::PeriodClosed {
            through: day("2026-03-31"),
            date: day("2026-03-31"),
        }))
    );
    assert_eq!(shop.doc(inv.id).status, DocumentStatus::Issued);
}

#[test]
fn a_cancelled_invoice_is_reissued_under_a_new_number() {
    let mut shop = Shop::new();
    let mut first = invoice(&mut shop, "2026-04-01");
    first.due_date = Some(day("2026-04-30"));
    let first = shop.issue(first);
    let ctx = shop.ctx();
    shop.apply(&cancel_document(&shop.book, first.id, &mut ids_after(fixed(5000)), ctx).unwrap());
    let id = shop.id();
    let mut again = reissue_draft(&shop.book, first.id, id, day("2026-04-05")).unwrap();
    assert_eq!(again.replaces, Some(first.id));
    assert_eq!(again.status, DocumentStatus::Draft);
    assert_eq!(
        (again.number.clone(), again.entry, again.due_date),
        (None, None, None)
    );
    assert_eq!(again.lines, first.lines);
    again.lines[0].unit_price = d("90000");
    let again = shop.issue(again);
    assert_eq!(
        number(&again),
        "INV-2026-0002",
        "a cancelled number is never reused"
    );
    assert_eq!(again.due_date, Some(day("2026-05-31")));
    assert_eq!(shop.balance("120"), d("99000"));
    assert_eq!(shop.doc(first.id).status, DocumentStatus::Cancelled);
}

fn delivery(shop: &mut Shop, partner: u128, date: &str) -> Document {
    let lines = vec![
        line("事務用品", "1", "1005", TaxCode::Sales10),
        line("お茶", "1", "1010", TaxCode::Sales8Reduced),
    ];
    let doc = shop.draft(Delivery, partner, date, lines);
    shop.issue(doc)
}

/// Three delivery notes, each 1,005 at 10% and 1,010 at 8%, tax rounded down:
/// each note alone would carry 100 + 80 tax (300 + 240 for the three); the
/// month's invoice computes the tax on the totals, 3,015 × 10% = 301 and
/// 3,030 × 8% = 242.
#[test]
fn the_monthly_invoice_gathers_delivery_notes_and_taxes_the_total_per_rate() {
    let mut shop = Shop::new();
    let notes: Vec<Document> = ["2026-05-02", "2026-05-12", "2026-05-25"]
        .into_iter()
        .map(|date| delivery(&mut shop, YAMADA, date))
        .collect();
    let june = delivery(&mut shop, YAMADA, "2026-06-01");
    delivery(&mut shop, TANAKA, "2026-05-20");
    let jpy = |doc: &Document| document_totals(doc, Currency::JPY, Rounding::Down).unwrap();
    let per_note: Decimal = notes.iter().map(|n| jpy(n).tax).sum();
    assert_eq!(per_note, d("540"));

    let id = shop.id();
    let monthly = consolidated_invoice(&shop.book, fixed(YAMADA), day("2026-05-31"), id).unwrap();
    assert_eq!(
        monthly.consolidates,
        notes.iter().map(|n| n.id).collect::<Vec<_>>()
    );
    assert!(!monthly.consolidates.contains(&june.id));
    assert_eq!(monthly.date, day("2026-05-31"));
    assert_eq!(monthly.due_date, Some(day("2026-06-30")));
    assert_eq!(monthly.lines.len(), 6);
    let totals = jpy(&monthly);
    let taxes: Vec<(TaxCode, Decimal)> =
        totals.by_code.iter().map(|c| (c.tax_code, c.tax)).collect();
    assert_eq!(
        taxes,
        [
            (TaxCode::Sales10, d("301")),
            (TaxCode::Sales8Reduced, d("242"))
        ]
    );
    assert_eq!(totals.gross, d("6588"));

    let monthly = shop.issue(monthly);
    assert_eq!(shop.balance("120"), d("6588"));
    let id = shop.id();
    assert_eq!(
        consolidated_invoice(&shop.book, fixed(YAMADA), day("2026-05-31"), id),
        Err(TradeError::NothingToConsolidate)
    );
    let ctx = shop.ctx();
    assert_eq!(
        cancel_document(&shop.book, notes[0].id, &mut ids_after(fixed(5000)), ctx),
        Err(TradeError::HasFollowers)
    );
    // June's note waits for June's invoice.
    let id = shop.id();
    let next = consolidated_invoice(&shop.book, fixed(YAMADA), day("2026-06-30"), id).unwrap();
    assert_eq!(next.consolidates, [june.id]);
    let id = shop.id();
    assert_eq!(
        consolidated_invoice(&shop.book, fixed(SATO), day("2026-05-31"), id),
        Err(TradeError::NotACustomer)
    );
    assert!(monthly.entry.is_some());
}

#[test]
fn a_credit_note_is_made_from_an_invoice_and_bounded_by_what_is_open() {
    let mut shop = Shop::new();
    let lines = vec![
        line("りんご箱", "10", "1000", TaxCode::Sales8Reduced),
        line("配送料", "1", "1000", TaxCode::Sales10),
    ];
    let inv = shop.draft(Invoice, YAMADA, "2026-04-01", lines);
    let inv = shop.issue(inv); // 10,800 + 1,100 = 11,900
    let id = shop.id();
    let mut credit =
        copy_forward(&shop.book, &[inv.id], CreditNote, id, day("2026-04-10")).unwrap();
    assert_eq!(credit.credit_for, Some(inv.id));
    assert_eq!(
        credit.lines.len(),
        2,
        "all the invoice's lines, to cut down"
    );
    credit.lines.truncate(1);
    credit.lines[0].quantity = d("3"); // 3,240 returned
    let credit = shop.issue(credit);
    assert_eq!(number(&credit), "CN-2026-0001");
    assert_eq!(shop.balance("120"), d("8660"));

    let id = shop.id();
    let too_much = copy_forward(&shop.book, &[inv.id], CreditNote, id, day("2026-04-11")).unwrap();
    assert_eq!(
        shop.try_issue(too_much.clone()),
        Err(TradeError::CreditExceedsInvoice {
            uncredited: d("8660")
        })
    );
    let mut rest = too_much;
    rest.lines[0].quantity = d("7");
    shop.issue(rest); // 7,560 + 1,100 = 8,660: the invoice is settled
    assert_eq!(shop.balance("120"), Decimal::ZERO);
    let ctx = shop.ctx();
    assert_eq!(
        cancel_document(&shop.book, inv.id, &mut ids_after(fixed(5000)), ctx),
        Err(TradeError::HasFollowers)
    );
    // A credit note is for an issued invoice of the same customer.
    let mut stray = shop.draft(CreditNote, TANAKA, "2026-04-12", inv.lines.clone());
    stray.credit_for = Some(inv.id);
    assert_eq!(shop.try_issue(stray), Err(TradeError::MixedPartners));
}

#[test]
fn an_issued_document_keeps_its_figures_when_the_rounding_setting_changes() {
    let mut shop = Shop::new();
    // 1,005 × 10% = 100.5: 100 rounded down (the default), 101 half up.
    let lines = vec![line("部品", "1", "1005", TaxCode::Sales10)];
    let draft = shop.draft(Invoice, YAMADA, "2026-05-01", lines);
    let issued = shop.issue(draft.clone());
    assert_eq!(book_totals(&shop.book, &issued).tax, d("100"));
    let profile: kura_core::trade::BusinessProfile = serde_json::from_value(serde_json::json!({
        "book_id": fixed(trade_common::BOOK), "tax_rounding": "half_up",
    }))
    .unwrap();
    shop.put(Record::BusinessProfile(profile));
    let issued = shop.doc(issued.id);
    assert_eq!(book_totals(&shop.book, &issued).tax, d("100"), "as issued");
    assert_eq!(
        book_totals(&shop.book, &draft).tax,
        d("101"),
        "a draft follows the setting"
    );
    // A re-issue of it, once cancelled, is a draft again: its figures follow
    // its (changed) lines, not the ones the original was issued with.
    let (reversal, ctx) = (shop.id(), shop.ctx());
    let set = cancel_document(&shop.book, issued.id, &mut ids_after(reversal), ctx).unwrap();
    shop.apply(&set);
    let new_id = shop.id();
    let mut again = reissue_draft(&shop.book, issued.id, new_id, day("2026-05-02")).unwrap();
    again.lines[0].quantity = d("2");
    // 2 × 1,005 = 2,010; 201 tax (half up, the setting now).
    assert_eq!(book_totals(&shop.book, &again).gross, d("2211"));
}

/// A business without a registration number must not issue papers that could be
/// mistaken for qualified invoices (消費税法57条の5): its simplified invoice and
/// credit note lose 「適格」; with a number they keep it; other kinds are titled
/// by their kind either way.
#[test]
fn only_a_registered_business_titles_its_papers_qualified() {
    use kura_core::trade::{
        paper_title, BusinessProfile, InvoiceForm, PaperTitle, RegistrationNumber,
    };
    let mut shop = Shop::new();
    let simplified = Document {
        form: InvoiceForm::Simplified,
        ..shop.draft(DocumentKind::Invoice, SATO, "2026-07-01", vec![])
    };
    let credit = shop.draft(DocumentKind::CreditNote, SATO, "2026-07-02", vec![]);
    let invoice = shop.draft(DocumentKind::Invoice, SATO, "2026-07-01", vec![]);
    let unregistered: BusinessProfile =
        serde_json::from_value(serde_json::json!({ "book_id": fixed(1) })).unwrap();
    let registered = BusinessProfile {
        registration_number: Some(RegistrationNumber::parse("T7000012050002").unwrap()),
        ..unregistered.clone()
    };
    for (profile, qualified) in [
        (None, false),
        (Some(&unregistered), false),
        (Some(&registered), true),
    ] {
        assert_eq!(
            paper_title(&simplified, profile),
            PaperTitle::Simplified { qualified }
        );
        assert_eq!(
            paper_title(&credit, profile),
            PaperTitle::CreditNote { qualified }
        );
        assert_eq!(
            paper_title(&invoice, profile),
            PaperTitle::Kind(DocumentKind::Invoice)
        );
    }
}
