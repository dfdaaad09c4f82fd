//! Stock moves as a shop meets them: receipts, deliveries, invoices without a
//! delivery note, returns, cancellations, adjustments and transfers each leave
//! their move, the quantity on hand is always the sum of the moves, negative
//! stock is refused unless the book allows it, and a freelancer invoicing
//! services never meets any of it.

mod trade_common;

use chrono::{Duration, NaiveDate};
use kura_core::book::{set_closed_through, TaxAccounting};
use kura_core::ids::RecordId;
use kura_core::inventory::{
    on_hand, on_hand_by_location, record_adjustment, record_transfer, AdjustmentInput,
    AdjustmentReason, InventoryError, MoveKind, StockMove, StockMoves, StockPosting, TransferInput,
    ValuationMethod,
};
use kura_core::ledger::TaxCode;
use kura_core::sync::ChangeSet;
use kura_core::trade::{
    cancel_document, consolidated_invoice, copy_forward, Document, DocumentKind, DocumentStatus,
    PriceBasis, TradeError, TradeSide,
};
use proptest::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use trade_common::{d, day, ids_after, item_line, line, moves_in, Shop, SATO, YAMADA};

use DocumentKind::{Bill, CreditNote, Delivery, GoodsReceipt, Invoice};

fn cancel(shop: &mut Shop, id: RecordId) -> Result<ChangeSet, TradeError> {
    let first = shop.id();
    let ctx = shop.ctx();
    cancel_document(&shop.book, id, &mut ids_after(first), ctx)
}

/// A draft of kind `to` copied forward from `from`.
fn copy(shop: &mut Shop, from: RecordId, to: DocumentKind, date: &str) -> Document {
    let id = shop.id();
    copy_forward(&shop.book, &[from], to, id, day(date)).unwrap()
}

fn adjust(
    shop: &mut Shop,
    date: &str,
    lines: Vec<(RecordId, Option<RecordId>, Decimal, Option<Decimal>)>,
) -> Result<ChangeSet, InventoryError> {
    let input = AdjustmentInput {
        date: day(date),
        reason: AdjustmentReason::Found,
        lines,
        note: " 棚の奥 ".into(),
    };
    let first = shop.id();
    let ctx = shop.ctx();
    record_adjustment(&shop.book, input, &mut ids_after(first), ctx)
}

fn transfer(
    shop: &mut Shop,
    date: &str,
    from: Option<RecordId>,
    to: Option<RecordId>,
    lines: Vec<(RecordId, Decimal)>,
) -> Result<ChangeSet, InventoryError> {
    let input = TransferInput {
        date: day(date),
        from,
        to,
        lines,
        note: String::new(),
    };
    let id = shop.id();
    let ctx = shop.ctx();
    record_transfer(&shop.book, input, id, ctx)
}

/// A document of `kind` with one line of `item`, at the shop's usual price for
/// its side, issued.
fn issue_one(
    shop: &mut Shop,
    kind: DocumentKind,
    date: &str,
    item: RecordId,
    qty: &str,
) -> Document {
    let doc = one_line(shop, kind, date, item, qty);
    shop.issue(doc)
}

fn one_line(
    shop: &mut Shop,
    kind: DocumentKind,
    date: &str,
    item: RecordId,
    qty: &str,
) -> Document {
    let (partner, price, code) = usual_terms(kind);
    shop.draft(kind, partner, date, vec![item_line(item, qty, price, code)])
}

/// The partner, unit price and tax code the shop uses on a document of `kind`:
/// it sells at ¥150 and buys at ¥100.
fn usual_terms(kind: DocumentKind) -> (u128, &'static str, TaxCode) {
    match kind.side() {
        TradeSide::Sales => (YAMADA, "150", TaxCode::Sales10),
        TradeSide::Purchase => (SATO, "100", TaxCode::Purchase10),
    }
}

/// Whether a command was refused for want of stock.
fn short(e: &InventoryError) -> bool {
    matches!(e, InventoryError::InsufficientStock { .. })
}

fn short_for_trade(e: &TradeError) -> bool {
    matches!(e, TradeError::Inventory(e) if short(e))
}

fn stock(shop: &Shop, item: RecordId, date: &str) -> Decimal {
    on_hand(&shop.book, item, None, day(date))
}

fn end() -> &'static str {
    "2026-12-31"
}

/// In a tax-exclusive book (税抜経理) a registered supplier's tax is all
/// credited, so stock comes in at its net cost; a tax-inclusive book carries
/// the tax (see `valuation.rs` for what that does to the stock's value).
#[test]
fn a_goods_receipt_adds_stock_at_its_net_cost_without_tax() {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let pen = shop.add_item("PEN", true);
    // 3 at ¥1,100 with tax, ¥330 off the line: ¥990 a unit with tax, ¥900 without.
    let mut receipt = shop.draft(
        GoodsReceipt,
        SATO,
        "2026-04-01",
        vec![item_line(pen, "3", "1100", TaxCode::Purchase10)],
    );
    receipt.price_basis = PriceBasis::TaxInclusive;
    receipt.lines[0].discount = d("330");
    let set = shop.try_issue(receipt.clone()).unwrap();
    let moves = moves_in(&set);
    assert_eq!(moves.len(), 1);
    let mv = &moves[0];
    assert_eq!(mv.kind, MoveKind::Receipt);
    assert_eq!(mv.document, Some(receipt.id));
    assert_eq!(mv.date, day("2026-04-01"));
    assert_eq!(mv.lines[0].quantity, d("3"));
    assert_eq!(mv.lines[0].unit_cost, Some(d("900")));
    // A periodic book (the default) posts nothing for the move.
    assert_eq!(mv.entry, None);
    shop.apply(&set);
    assert_eq!(stock(&shop, pen, "2026-03-31"), d("0"));
    assert_eq!(stock(&shop, pen, "2026-04-01"), d("3"));

    // Tax-exclusive: the price less its share of the discount.
    let mut exclusive = one_line(&mut shop, GoodsReceipt, "2026-04-02", pen, "4");
    exclusive.lines[0].discount = d("40");
    let set = shop.try_issue(exclusive.clone()).unwrap();
    assert_eq!(moves_in(&set)[0].lines[0].unit_cost, Some(d("90")));

    // The same two receipts in a tax-inclusive book (税込経理) come in with
    // their tax: 2,970 with tax / 3 = 990; (400 − 40) × 1.10 / 4 = 99.
    let mut inclusive = Shop::new();
    let pen = inclusive.add_item("PEN", true);
    for (mut doc, cost) in [(receipt, "990"), (exclusive, "99")] {
        doc.lines[0].item = Some(pen);
        let set = inclusive.try_issue(doc).unwrap();
        assert_eq!(moves_in(&set)[0].lines[0].unit_cost, Some(d(cost)));
    }
}

#[test]
fn a_delivery_note_takes_stock_and_the_invoice_made_from_it_does_not_take_it_again() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    let note = issue_one(&mut shop, Delivery, "2026-04-05", pen, "4");
    assert_eq!(stock(&shop, pen, "2026-04-04"), d("10"));
    assert_eq!(stock(&shop, pen, "2026-04-05"), d("6"));
    let delivered: Vec<&StockMove> = shop
        .book
        .stock_moves()
        .filter(|m| m.document == Some(note.id))
        .collect();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].kind, MoveKind::Delivery);
    assert_eq!(delivered[0].lines[0].quantity, d("-4"));
    assert_eq!(delivered[0].lines[0].unit_cost, None);

    let invoice = copy(&mut shop, note.id, Invoice, "2026-04-30");
    assert_eq!(invoice.lines[0].item, Some(pen));
    let set = shop.try_issue(invoice).unwrap();
    assert!(
        moves_in(&set).is_empty(),
        "the goods left with the delivery note"
    );
    shop.apply(&set);
    assert_eq!(stock(&shop, pen, end()), d("6"));
}

#[test]
fn a_consolidated_invoice_moves_nothing() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    issue_one(&mut shop, Delivery, "2026-04-05", pen, "2");
    issue_one(&mut shop, Delivery, "2026-04-12", pen, "3");
    let new_id = shop.id();
    let invoice = consolidated_invoice(
        &shop.book,
        trade_common::fixed(YAMADA),
        day("2026-04-30"),
        new_id,
    )
    .unwrap();
    assert_eq!(invoice.consolidates.len(), 2);
    let set = shop.try_issue(invoice).unwrap();
    assert!(moves_in(&set).is_empty());
    shop.apply(&set);
    assert_eq!(stock(&shop, pen, end()), d("5"));
}

#[test]
fn an_invoice_without_a_delivery_note_delivers_its_goods_lines_only() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    let wrapping = shop.add_item("WRAP", false);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    let lines = vec![
        item_line(pen, "2", "150", TaxCode::Sales10),
        item_line(wrapping, "1", "300", TaxCode::Sales10),
        line("送料", "1", "500", TaxCode::Sales10),
        item_line(pen, "1", "150", TaxCode::Sales10),
    ];
    let invoice = shop.draft(Invoice, YAMADA, "2026-04-03", lines);
    let set = shop.try_issue(invoice).unwrap();
    let moves = moves_in(&set);
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].kind, MoveKind::Delivery);
    let quantities: Vec<_> = moves[0]
        .lines
        .iter()
        .map(|l| (l.item, l.quantity))
        .collect();
    assert_eq!(quantities, vec![(pen, d("-2")), (pen, d("-1"))]);
    shop.apply(&set);
    assert_eq!(stock(&shop, pen, end()), d("7"));
    assert_eq!(stock(&shop, wrapping, end()), d("0"));
}

#[test]
fn a_freelancers_service_invoice_moves_nothing_and_posts_as_before() {
    let mut shop = Shop::new();
    let design = shop.add_item("DESIGN", false);
    let lines = vec![
        item_line(design, "1", "100000", TaxCode::Sales10),
        line("打ち合わせ", "2", "5000", TaxCode::Sales10),
    ];
    let invoice = shop.draft(Invoice, YAMADA, "2026-04-03", lines);
    let set = shop.try_issue(invoice.clone()).unwrap();
    assert!(moves_in(&set).is_empty());
    // The document, its entry and the device's series: nothing else.
    assert_eq!(set.changes.len(), 3);
    shop.apply(&set);
    assert_eq!(shop.book.stock_moves().count(), 0);
    let set = cancel(&mut shop, invoice.id).unwrap();
    assert!(moves_in(&set).is_empty());
    assert_eq!(
        set.changes.len(),
        2,
        "the cancelled document and its reversal"
    );
}

#[test]
fn a_bill_moves_only_what_no_goods_receipt_brought_in() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    let ink = shop.add_item("INK", true);
    let order = shop.draft(
        DocumentKind::PurchaseOrder,
        SATO,
        "2026-04-01",
        vec![
            item_line(pen, "10", "100", TaxCode::Purchase10),
            item_line(ink, "5", "80", TaxCode::Purchase10),
        ],
    );
    let order = shop.issue(order);
    assert_eq!(shop.book.stock_moves().count(), 0, "an order moves nothing");
    let mut receipt = copy(&mut shop, order.id, GoodsReceipt, "2026-04-03");
    receipt.lines.truncate(1);
    let receipt = shop.issue(receipt);
    assert_eq!(stock(&shop, pen, end()), d("10"));
    // The bill takes the received pens from the receipt and the ink straight
    // from the order: only the ink comes in with it.
    let mut bill = copy(&mut shop, receipt.id, Bill, "2026-04-10");
    let rest = copy(&mut shop, order.id, Bill, "2026-04-10");
    bill.lines
        .extend(rest.lines.into_iter().filter(|l| l.item == Some(ink)));
    let set = shop.try_issue(bill).unwrap();
    let moves = moves_in(&set);
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].lines.len(), 1);
    assert_eq!(moves[0].lines[0].item, ink);
    // 80 and its 10% tax, as this tax-inclusive book carries it: the code's
    // 1,400 + 140 tax shared by line, the ink's 400 × 1,540 / 1,400 = 440 / 5.
    assert_eq!(moves[0].lines[0].unit_cost, Some(d("88")));
    shop.apply(&set);
    assert_eq!(stock(&shop, pen, end()), d("10"));
    assert_eq!(stock(&shop, ink, end()), d("5"));
}

#[test]
fn a_credit_note_returns_stock_only_when_goods_came_back() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    let invoice = issue_one(&mut shop, Invoice, "2026-04-02", pen, "4");
    assert_eq!(stock(&shop, pen, end()), d("6"));

    let mut discount = copy(&mut shop, invoice.id, CreditNote, "2026-04-05");
    discount.lines[0].quantity = d("1");
    let set = shop.try_issue(discount).unwrap();
    assert!(
        moves_in(&set).is_empty(),
        "a price reduction returns no goods"
    );
    shop.apply(&set);

    let mut returned = copy(&mut shop, invoice.id, CreditNote, "2026-04-06");
    returned.lines[0].quantity = d("2");
    returned.returns_stock = true;
    let set = shop.try_issue(returned).unwrap();
    let moves = moves_in(&set);
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].kind, MoveKind::SalesReturn);
    assert_eq!(moves[0].lines[0].quantity, d("2"));
    shop.apply(&set);
    assert_eq!(stock(&shop, pen, "2026-04-05"), d("6"));
    assert_eq!(stock(&shop, pen, "2026-04-06"), d("8"));
}

#[test]
fn cancelling_adds_the_reverse_move_and_restores_the_stock() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    let note = issue_one(&mut shop, Delivery, "2026-04-05", pen, "4");
    let original = shop
        .book
        .stock_moves()
        .find(|m| m.document == Some(note.id))
        .unwrap()
        .clone();
    let set = cancel(&mut shop, note.id).unwrap();
    let moves = moves_in(&set);
    assert_eq!(moves.len(), 1);
    let reverse = &moves[0];
    assert_eq!(reverse.reverses, Some(original.id));
    assert_eq!(reverse.document, Some(note.id));
    assert_eq!(reverse.date, note.date);
    assert_eq!(reverse.kind, MoveKind::Delivery);
    assert_eq!(reverse.lines[0].quantity, d("4"));
    assert!(
        reverse.id > original.id,
        "the reverse follows what it reverses"
    );
    shop.apply(&set);
    assert_eq!(shop.doc(note.id).status, DocumentStatus::Cancelled);
    // The original is still there: moves are never edited or deleted.
    assert_eq!(shop.book.stock_move(original.id), Some(&original));
    assert_eq!(stock(&shop, pen, "2026-04-05"), d("10"));
    assert_eq!(stock(&shop, pen, end()), d("10"));
    assert!(matches!(
        cancel(&mut shop, note.id),
        Err(TradeError::NotIssued)
    ));
}

#[test]
fn a_receipt_whose_goods_were_sold_cannot_be_cancelled_unless_stock_may_go_negative() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    let receipt = issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    issue_one(&mut shop, Delivery, "2026-04-05", pen, "7");
    let before = shop.book.clone();
    let refused = cancel(&mut shop, receipt.id);
    assert_eq!(
        refused,
        Err(TradeError::Inventory(InventoryError::InsufficientStock {
            code: "PEN".into(),
            available: d("3"),
        }))
    );
    assert_eq!(shop.book, before);

    shop.set_stock(ValuationMethod::MovingAverage, StockPosting::Periodic, true);
    let set = cancel(&mut shop, receipt.id).unwrap();
    shop.apply(&set);
    assert_eq!(stock(&shop, pen, end()), d("-7"));
}

#[test]
fn negative_stock_is_refused_unless_the_book_allows_it() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "2");
    let too_many = one_line(&mut shop, Delivery, "2026-04-02", pen, "3");
    assert_eq!(
        shop.try_issue(too_many.clone()),
        Err(TradeError::Inventory(InventoryError::InsufficientStock {
            code: "PEN".into(),
            available: d("2"),
        }))
    );
    assert!(
        shop.book.document(too_many.id).is_none(),
        "nothing was written"
    );
    // Before the goods arrived there was nothing to deliver.
    let early = one_line(&mut shop, Invoice, "2026-03-31", pen, "1");
    assert!(matches!(
        shop.try_issue(early),
        Err(TradeError::Inventory(
            InventoryError::InsufficientStock { .. }
        ))
    ));

    shop.set_stock(
        ValuationMethod::LastPurchaseCost,
        StockPosting::Periodic,
        true,
    );
    shop.issue(too_many);
    assert_eq!(stock(&shop, pen, end()), d("-1"));
}

#[test]
fn stock_a_later_move_already_took_cannot_be_taken_earlier() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "5");
    issue_one(&mut shop, Delivery, "2026-04-10", pen, "4");
    // On 4/5 five are on the shelf, but four of them leave on 4/10.
    let backdated = one_line(&mut shop, Delivery, "2026-04-05", pen, "2");
    assert_eq!(
        shop.try_issue(backdated),
        Err(TradeError::Inventory(InventoryError::InsufficientStock {
            code: "PEN".into(),
            available: d("1"),
        }))
    );
    issue_one(&mut shop, Delivery, "2026-04-05", pen, "1");
    assert_eq!(stock(&shop, pen, "2026-04-05"), d("4"));
    assert_eq!(stock(&shop, pen, end()), d("0"));
}

#[test]
fn adjustments_are_checked_and_recorded_with_their_reason() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    let design = shop.add_item("DESIGN", false);
    let shelf = shop.add_location("倉庫");
    let q = |s: &str| d(s);
    assert_eq!(
        adjust(&mut shop, "2026-04-01", vec![]),
        Err(InventoryError::NoLines)
    );
    assert_eq!(
        adjust(
            &mut shop,
            "2026-04-01",
            vec![(pen, None, q("1"), None), (pen, None, q("0"), None)]
        ),
        Err(InventoryError::ZeroQuantity { line: 2 })
    );
    let unknown = shop.id();
    assert_eq!(
        adjust(&mut shop, "2026-04-01", vec![(unknown, None, q("1"), None)]),
        Err(InventoryError::ItemNotFound)
    );
    assert_eq!(
        adjust(&mut shop, "2026-04-01", vec![(design, None, q("1"), None)]),
        Err(InventoryError::NotTracked)
    );
    assert_eq!(
        adjust(
            &mut shop,
            "2026-04-01",
            vec![(pen, Some(unknown), q("1"), None)]
        ),
        Err(InventoryError::LocationNotFound)
    );
    assert_eq!(
        adjust(&mut shop, "2026-04-01", vec![(pen, None, q("-1"), None)]),
        Err(InventoryError::InsufficientStock {
            code: "PEN".into(),
            available: q("0"),
        })
    );

    let set = adjust(
        &mut shop,
        "2026-04-01",
        vec![
            (pen, Some(shelf), q("5"), Some(q("120"))),
            (pen, None, q("2"), None),
        ],
    )
    .unwrap();
    let mv = &moves_in(&set)[0];
    assert_eq!(
        mv.kind,
        MoveKind::Adjustment {
            reason: AdjustmentReason::Found
        }
    );
    assert_eq!(mv.note, "棚の奥");
    assert_eq!(mv.lines[0].unit_cost, Some(q("120")));
    shop.apply(&set);
    assert_eq!(
        on_hand(&shop.book, pen, Some(Some(shelf)), day(end())),
        q("5")
    );
    assert_eq!(on_hand(&shop.book, pen, Some(None), day(end())), q("2"));
    assert_eq!(stock(&shop, pen, end()), q("7"));

    // Stock going out never carries a typed cost.
    let set = adjust(
        &mut shop,
        "2026-04-02",
        vec![(pen, Some(shelf), q("-1"), Some(q("999")))],
    )
    .unwrap();
    assert_eq!(moves_in(&set)[0].lines[0].unit_cost, None);

    let ctx = shop.ctx();
    let set = set_closed_through(&shop.book, Some(day("2026-04-30")), ctx).unwrap();
    shop.apply(&set);
    assert_eq!(
        adjust(&mut shop, "2026-04-30", vec![(pen, None, q("1"), None)]),
        Err(InventoryError::PeriodClosed(day("2026-04-30")))
    );
    let note = one_line(&mut shop, Delivery, "2026-04-15", pen, "1");
    assert_eq!(
        shop.try_issue(note),
        Err(TradeError::Inventory(InventoryError::PeriodClosed(day(
            "2026-04-30"
        ))))
    );
    assert!(adjust(&mut shop, "2026-05-01", vec![(pen, None, q("1"), None)]).is_ok());
}

#[test]
fn a_transfer_moves_stock_between_locations_and_keeps_the_total() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    let car = shop.add_location("車");
    let mut receipt = one_line(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    receipt.location = None;
    shop.issue(receipt);
    assert_eq!(
        transfer(
            &mut shop,
            "2026-04-02",
            Some(car),
            Some(car),
            vec![(pen, d("1"))]
        ),
        Err(InventoryError::SameLocation)
    );
    assert_eq!(
        transfer(&mut shop, "2026-04-02", None, Some(car), vec![]),
        Err(InventoryError::NoLines)
    );
    assert_eq!(
        transfer(
            &mut shop,
            "2026-04-02",
            None,
            Some(car),
            vec![(pen, d("0"))]
        ),
        Err(InventoryError::ZeroQuantity { line: 1 })
    );
    assert_eq!(
        transfer(
            &mut shop,
            "2026-04-02",
            Some(car),
            None,
            vec![(pen, d("1"))]
        ),
        Err(InventoryError::InsufficientStock {
            code: "PEN".into(),
            available: d("0"),
        })
    );
    let set = transfer(
        &mut shop,
        "2026-04-02",
        None,
        Some(car),
        vec![(pen, d("3"))],
    )
    .unwrap();
    let mv = &moves_in(&set)[0];
    assert_eq!(mv.kind, MoveKind::Transfer);
    assert_eq!(mv.entry, None);
    assert_eq!(set.changes.len(), 1, "a transfer never posts");
    shop.apply(&set);
    assert_eq!(on_hand(&shop.book, pen, Some(None), day(end())), d("7"));
    assert_eq!(
        on_hand(&shop.book, pen, Some(Some(car)), day(end())),
        d("3")
    );
    assert_eq!(stock(&shop, pen, end()), d("10"));
    let by_location = on_hand_by_location(&shop.book, day(end()));
    assert_eq!(by_location.len(), 2);
    assert_eq!(by_location[&(pen, Some(car))], d("3"));
    // Delivered from the car.
    let mut sale = one_line(&mut shop, Delivery, "2026-04-03", pen, "3");
    sale.location = Some(car);
    shop.issue(sale);
    let by_location = on_hand_by_location(&shop.book, day(end()));
    assert_eq!(by_location.len(), 1, "zero rows are left out");
}

#[test]
fn a_perpetual_book_posts_each_move_and_a_cancellation_reverses_its_entry() {
    let mut shop = Shop::new();
    shop.set_stock(
        ValuationMethod::MovingAverage,
        StockPosting::Perpetual,
        false,
    );
    let pen = shop.add_item("PEN", true);
    issue_one(&mut shop, GoodsReceipt, "2026-04-01", pen, "10");
    let note = issue_one(&mut shop, Delivery, "2026-04-05", pen, "4");
    let delivered = shop
        .book
        .stock_moves()
        .find(|m| m.document == Some(note.id))
        .unwrap()
        .clone();
    let entry = delivered.entry.expect("the delivery's cost of goods sold");
    assert!(shop.book.entry(entry).is_some());
    let set = cancel(&mut shop, note.id).unwrap();
    shop.apply(&set);
    let reverse = shop
        .book
        .stock_moves()
        .find(|m| m.reverses == Some(delivered.id))
        .unwrap();
    let reversal = shop.book.entry(reverse.entry.unwrap()).unwrap();
    assert_eq!(reversal.corrects(), Some(entry));
    assert_eq!(reversal.date(), note.date);
    let (original, reversal) = (shop.book.entry(entry).unwrap(), reversal);
    let amounts = |e: &kura_core::ledger::JournalEntry| -> Vec<Decimal> {
        e.lines().iter().map(|p| p.amount).collect()
    };
    let negated: Vec<Decimal> = amounts(original).into_iter().map(|a| -a).collect();
    assert_eq!(amounts(reversal), negated);
}

#[test]
fn stock_moves_are_indexed_per_item_in_date_then_id_order() {
    let mut shop = Shop::new();
    let pen = shop.add_item("PEN", true);
    let ink = shop.add_item("INK", true);
    shop.set_stock(ValuationMethod::Fifo, StockPosting::Periodic, true);
    issue_one(&mut shop, Delivery, "2026-04-09", pen, "1");
    issue_one(&mut shop, GoodsReceipt, "2026-04-03", pen, "5");
    issue_one(&mut shop, GoodsReceipt, "2026-04-09", ink, "2");
    issue_one(&mut shop, Delivery, "2026-04-01", pen, "1");
    let index = StockMoves::of(&shop.book);
    let dates = |item| -> Vec<(NaiveDate, RecordId)> {
        index.by_item[&item]
            .iter()
            .map(|(m, _)| (m.date, m.id))
            .collect()
    };
    let pens = dates(pen);
    assert_eq!(pens.len(), 3);
    assert!(pens.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(dates(ink).len(), 1);

    // A move being written goes in its place.
    let pending = StockMove {
        id: shop.id(),
        date: day("2026-04-03"),
        kind: MoveKind::Transfer,
        lines: vec![
            kura_core::inventory::MoveLine {
                item: pen,
                location: None,
                quantity: d("-1"),
                unit_cost: None,
            },
            kura_core::inventory::MoveLine {
                item: pen,
                location: None,
                quantity: d("1"),
                unit_cost: None,
            },
        ],
        document: None,
        stocktake: None,
        reverses: None,
        entry: None,
        note: String::new(),
    };
    let mut index = StockMoves::of(&shop.book);
    index.add(&pending);
    let order: Vec<(NaiveDate, usize)> = index.by_item[&pen]
        .iter()
        .map(|(m, line)| (m.date, *line))
        .collect();
    assert_eq!(
        order,
        vec![
            (day("2026-04-01"), 0),
            (day("2026-04-03"), 0),
            (day("2026-04-03"), 0),
            (day("2026-04-03"), 1),
            (day("2026-04-09"), 0),
        ]
    );
    assert_eq!(index.by_item[&pen][2].0.id, pending.id);
}

// ---- the property: on hand is the sum of the moves, whatever happens ----

const ITEMS: usize = 3; // two goods and a service
const DAYS: u32 = 20;

fn start() -> NaiveDate {
    day("2026-04-01")
}

fn date_of(day: u32) -> NaiveDate {
    start() + Duration::days(day as i64)
}

#[derive(Clone, Debug)]
enum Op {
    Receive {
        day: u32,
        at: usize,
        lines: Vec<(usize, u8)>,
    },
    Deliver {
        day: u32,
        at: usize,
        lines: Vec<(usize, u8)>,
    },
    Invoice {
        day: u32,
        at: usize,
        lines: Vec<(usize, u8)>,
    },
    InvoiceDelivery {
        pick: usize,
    },
    Return {
        pick: usize,
        day: u32,
        quantity: u8,
    },
    Cancel {
        pick: usize,
    },
    Adjust {
        day: u32,
        at: usize,
        item: usize,
        quantity: i8,
    },
    Transfer {
        day: u32,
        to_shelf: bool,
        item: usize,
        quantity: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let lines = || proptest::collection::vec((0..ITEMS, 1u8..6), 1..3);
    prop_oneof![
        3 => (0..DAYS, 0..2usize, lines()).prop_map(|(day, at, lines)| Op::Receive { day, at, lines }),
        3 => (0..DAYS, 0..2usize, lines()).prop_map(|(day, at, lines)| Op::Deliver { day, at, lines }),
        2 => (0..DAYS, 0..2usize, lines()).prop_map(|(day, at, lines)| Op::Invoice { day, at, lines }),
        1 => any::<usize>().prop_map(|pick| Op::InvoiceDelivery { pick }),
        1 => (any::<usize>(), 0..DAYS, 1u8..4).prop_map(|(pick, day, quantity)| Op::Return { pick, day, quantity }),
        2 => any::<usize>().prop_map(|pick| Op::Cancel { pick }),
        2 => (0..DAYS, 0..2usize, 0..ITEMS, -4i8..5).prop_map(|(day, at, item, quantity)| Op::Adjust { day, at, item, quantity }),
        1 => (0..DAYS, any::<bool>(), 0..ITEMS, 1u8..5).prop_map(|(day, to_shelf, item, quantity)| Op::Transfer { day, to_shelf, item, quantity }),
    ]
}

/// Quantity changes as (item, location, quantity), by index into the world's
/// items and locations.
type Changes = Vec<(usize, usize, i64)>;

/// What the test expects: every quantity change of a goods item, kept plainly.
#[derive(Clone, Default)]
struct Model {
    /// (date, item, location, quantity)
    changes: Vec<(NaiveDate, usize, usize, i64)>,
}

impl Model {
    fn on_hand(&self, item: usize, at: Option<usize>, date: NaiveDate) -> i64 {
        self.changes
            .iter()
            .filter(|(d, i, l, _)| *d <= date && *i == item && at.is_none_or(|a| a == *l))
            .map(|c| c.3)
            .sum()
    }

    /// Whether adding `changes` on `date` leaves some item below zero at the
    /// end of that day or of any later day with changes.
    fn goes_negative(&self, date: NaiveDate, changes: &[(usize, usize, i64)]) -> bool {
        let mut days: Vec<NaiveDate> = self
            .changes
            .iter()
            .map(|c| c.0)
            .filter(|d| *d >= date)
            .collect();
        days.push(date);
        changes.iter().any(|&(item, at, _)| {
            let added: i64 = changes
                .iter()
                .filter(|c| c.0 == item && c.1 == at)
                .map(|c| c.2)
                .sum();
            added < 0
                && days
                    .iter()
                    .any(|&d| self.on_hand(item, Some(at), d) + added < 0)
        })
    }
}

/// The shop under test, with what the test remembers of it.
struct World {
    shop: Shop,
    items: Vec<RecordId>,
    shelves: [Option<RecordId>; 2],
    model: Model,
    allow_negative: bool,
    /// Issued documents that may be cancelled, with the changes their moves made.
    issued: Vec<(RecordId, NaiveDate, Changes)>,
    deliveries: Vec<RecordId>,
    invoices: Vec<RecordId>,
}

impl World {
    fn new(allow_negative: bool) -> World {
        let mut shop = Shop::new();
        shop.set_stock(
            ValuationMethod::MovingAverage,
            StockPosting::Periodic,
            allow_negative,
        );
        let items = vec![
            shop.add_item("A", true),
            shop.add_item("B", true),
            shop.add_item("SVC", false),
        ];
        let shelves = [None, Some(shop.add_location("倉庫"))];
        World {
            shop,
            items,
            shelves,
            model: Model::default(),
            allow_negative,
            issued: Vec::new(),
            deliveries: Vec::new(),
            invoices: Vec::new(),
        }
    }

    fn tracked(&self, item: usize) -> bool {
        item < 2
    }

    /// Commits the outcome of a command that should change stock by `changes`
    /// on `date` (or be refused for negative stock). Returns whether it was
    /// committed.
    fn expect<E: std::fmt::Debug>(
        &mut self,
        date: NaiveDate,
        changes: Changes,
        outcome: Result<ChangeSet, E>,
        insufficient: impl Fn(&E) -> bool,
    ) -> Result<bool, TestCaseError> {
        let refuse = !self.allow_negative && self.model.goes_negative(date, &changes);
        match outcome {
            Ok(set) => {
                prop_assert!(!refuse, "should have been refused: {changes:?} on {date}");
                let mut moved = Vec::new();
                for mv in moves_in(&set) {
                    prop_assert_eq!(mv.date, date);
                    moved.extend(mv.lines.iter().map(|l| self.key(l)));
                }
                prop_assert_eq!(&sorted(moved), &sorted(changes.clone()));
                self.shop.apply(&set);
                self.model
                    .changes
                    .extend(changes.into_iter().map(|(i, l, q)| (date, i, l, q)));
                Ok(true)
            }
            Err(e) if insufficient(&e) => {
                prop_assert!(
                    refuse,
                    "refused for stock it has: {e:?}, {changes:?} on {date}"
                );
                Ok(false)
            }
            Err(e) => Err(TestCaseError::fail(format!("unexpected refusal {e:?}"))),
        }
    }

    fn key(&self, line: &kura_core::inventory::MoveLine) -> (usize, usize, i64) {
        let item = self.items.iter().position(|&i| i == line.item).unwrap();
        let at = self
            .shelves
            .iter()
            .position(|&s| s == line.location)
            .unwrap();
        (item, at, line.quantity.to_i64().unwrap())
    }

    fn document(
        &mut self,
        kind: DocumentKind,
        day: u32,
        at: usize,
        lines: &[(usize, u8)],
    ) -> Document {
        let (partner, price, code) = usual_terms(kind);
        let lines = lines
            .iter()
            .map(|&(item, q)| item_line(self.items[item], &q.to_string(), price, code))
            .collect();
        let mut doc = self
            .shop
            .draft(kind, partner, &date_of(day).to_string(), lines);
        doc.location = self.shelves[at];
        doc
    }

    fn issue(&mut self, doc: Document, sign: i64) -> Result<(), TestCaseError> {
        let at = self
            .shelves
            .iter()
            .position(|&s| s == doc.location)
            .unwrap();
        let changes: Changes = doc
            .lines
            .iter()
            .map(|l| {
                (
                    self.items.iter().position(|&i| Some(i) == l.item).unwrap(),
                    l.quantity,
                )
            })
            .filter(|(item, _)| self.tracked(*item))
            .map(|(item, q)| (item, at, sign * q.to_i64().unwrap()))
            .collect();
        let outcome = self.shop.try_issue(doc.clone());
        if self.expect(doc.date, changes.clone(), outcome, short_for_trade)? {
            self.issued.push((doc.id, doc.date, changes));
            match doc.kind {
                Delivery => self.deliveries.push(doc.id),
                Invoice => self.invoices.push(doc.id),
                _ => {}
            }
        }
        Ok(())
    }

    fn run(&mut self, op: Op) -> Result<(), TestCaseError> {
        match op {
            Op::Receive { day, at, lines } => {
                let doc = self.document(GoodsReceipt, day, at, &lines);
                self.issue(doc, 1)
            }
            Op::Deliver { day, at, lines } => {
                let doc = self.document(Delivery, day, at, &lines);
                self.issue(doc, -1)
            }
            Op::Invoice { day, at, lines } => {
                let doc = self.document(Invoice, day, at, &lines);
                self.issue(doc, -1)
            }
            Op::InvoiceDelivery { pick } => {
                let Some(&note) = pick_from(&self.deliveries, pick) else {
                    return Ok(());
                };
                let from = self.shop.doc(note);
                let id = self.shop.id();
                let Ok(invoice) = copy_forward(&self.shop.book, &[note], Invoice, id, from.date)
                else {
                    return Ok(());
                };
                let set = self
                    .shop
                    .try_issue(invoice.clone())
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                prop_assert!(
                    moves_in(&set).is_empty(),
                    "an invoice of a delivery note moved stock"
                );
                self.shop.apply(&set);
                self.invoices.push(invoice.id);
                self.issued.push((invoice.id, invoice.date, Vec::new()));
                Ok(())
            }
            Op::Return {
                pick,
                day,
                quantity,
            } => {
                let Some(&invoice) = pick_from(&self.invoices, pick) else {
                    return Ok(());
                };
                let date = date_of(day).max(self.shop.doc(invoice).date);
                let id = self.shop.id();
                let mut credit = copy_forward(&self.shop.book, &[invoice], CreditNote, id, date)
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                credit.lines.truncate(1);
                let q = Decimal::from(quantity).min(credit.lines[0].quantity);
                credit.lines[0].quantity = q;
                let at = (day % 2) as usize;
                credit.returns_stock = true;
                credit.location = self.shelves[at];
                let item = self
                    .items
                    .iter()
                    .position(|&i| Some(i) == credit.lines[0].item)
                    .unwrap();
                let changes = if self.tracked(item) {
                    vec![(item, at, q.to_i64().unwrap())]
                } else {
                    vec![]
                };
                match self.shop.try_issue(credit.clone()) {
                    // Earlier credit notes may have used up the invoice.
                    Err(TradeError::CreditExceedsInvoice { .. }) => Ok(()),
                    // Goods coming back are never short.
                    outcome => {
                        if self.expect(date, changes.clone(), outcome, |_| false)? {
                            self.issued.push((credit.id, date, changes));
                        }
                        Ok(())
                    }
                }
            }
            Op::Cancel { pick } => {
                if self.issued.is_empty() {
                    return Ok(());
                }
                let (doc, date, changes) = self.issued[pick % self.issued.len()].clone();
                let reverse: Changes = changes.iter().map(|&(i, l, q)| (i, l, -q)).collect();
                match cancel(&mut self.shop, doc) {
                    // Made into an invoice or credited: cancel that first.
                    Err(TradeError::HasFollowers) => Ok(()),
                    outcome => {
                        if self.expect(date, reverse, outcome, short_for_trade)? {
                            self.issued.retain(|(d, _, _)| *d != doc);
                            self.deliveries.retain(|d| *d != doc);
                            self.invoices.retain(|d| *d != doc);
                        }
                        Ok(())
                    }
                }
            }
            Op::Adjust {
                day,
                at,
                item,
                quantity,
            } => {
                let date = date_of(day);
                let q = Decimal::from(quantity);
                let lines = vec![(self.items[item], self.shelves[at], q, None)];
                let outcome = adjust(&mut self.shop, &date.to_string(), lines);
                match outcome {
                    Err(InventoryError::ZeroQuantity { .. }) => prop_assert_eq!(quantity, 0),
                    Err(InventoryError::NotTracked) => prop_assert!(!self.tracked(item)),
                    outcome => {
                        self.expect(date, vec![(item, at, quantity as i64)], outcome, short)?;
                    }
                }
                Ok(())
            }
            Op::Transfer {
                day,
                to_shelf,
                item,
                quantity,
            } => {
                let date = date_of(day);
                let (from, to) = if to_shelf { (0, 1) } else { (1, 0) };
                let q = Decimal::from(quantity);
                let outcome = transfer(
                    &mut self.shop,
                    &date.to_string(),
                    self.shelves[from],
                    self.shelves[to],
                    vec![(self.items[item], q)],
                );
                if let Err(InventoryError::NotTracked) = outcome {
                    prop_assert!(!self.tracked(item));
                    return Ok(());
                }
                let q = quantity as i64;
                self.expect(date, vec![(item, from, -q), (item, to, q)], outcome, short)?;
                Ok(())
            }
        }
    }

    /// On hand per item, per location and in all, at every day and around
    /// them: as the model says, as the moves add up, never below zero unless
    /// allowed.
    fn check(&self) -> Result<(), TestCaseError> {
        let book = &self.shop.book;
        for day in [
            start() - Duration::days(1),
            date_of(DAYS / 2),
            date_of(DAYS + 1),
        ]
        .into_iter()
        .chain((0..DAYS).step_by(3).map(date_of))
        {
            let by_location = on_hand_by_location(book, day);
            for (n, &item) in self.items.iter().enumerate() {
                let mut total = Decimal::ZERO;
                for (s, &shelf) in self.shelves.iter().enumerate() {
                    let here = on_hand(book, item, Some(shelf), day);
                    let summed: Decimal = book
                        .stock_moves()
                        .filter(|m| m.date <= day)
                        .flat_map(|m| &m.lines)
                        .filter(|l| l.item == item && l.location == shelf)
                        .map(|l| l.quantity)
                        .sum();
                    prop_assert_eq!(here, summed);
                    prop_assert_eq!(here, Decimal::from(self.model.on_hand(n, Some(s), day)));
                    prop_assert_eq!(
                        by_location.get(&(item, shelf)).copied().unwrap_or_default(),
                        here
                    );
                    prop_assert!(
                        self.allow_negative || here >= Decimal::ZERO,
                        "negative stock"
                    );
                    total += here;
                }
                prop_assert_eq!(on_hand(book, item, None, day), total);
            }
        }
        let index = StockMoves::of(book);
        let lines: usize = book.stock_moves().map(|m| m.lines.len()).sum();
        prop_assert_eq!(index.by_item.values().map(Vec::len).sum::<usize>(), lines);
        for list in index.by_item.values() {
            prop_assert!(list
                .windows(2)
                .all(|w| (w[0].0.date, w[0].0.id, w[0].1) < (w[1].0.date, w[1].0.id, w[1].1)));
        }
        // Every reverse move mirrors its original, and nothing is reversed twice.
        let mut reversed: Vec<RecordId> = book.stock_moves().filter_map(|m| m.reverses).collect();
        for mv in book.stock_moves().filter(|m| m.reverses.is_some()) {
            let original = book.stock_move(mv.reverses.unwrap()).unwrap();
            let back: Vec<Decimal> = original.lines.iter().map(|l| -l.quantity).collect();
            prop_assert_eq!(
                mv.lines.iter().map(|l| l.quantity).collect::<Vec<_>>(),
                back
            );
            prop_assert!(
                book.document(mv.document.unwrap()).unwrap().status == DocumentStatus::Cancelled
            );
        }
        let count = reversed.len();
        reversed.sort();
        reversed.dedup();
        prop_assert_eq!(reversed.len(), count);
        Ok(())
    }
}

fn pick_from<T>(list: &[T], pick: usize) -> Option<&T> {
    (!list.is_empty()).then(|| &list[pick % list.len()])
}

fn sorted(mut changes: Changes) -> Changes {
    changes.sort();
    changes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever documents, cancellations, adjustments and transfers happen, in
    /// whatever date order, on hand is the sum of the moves and what a plain
    /// model of them says, and stock goes below zero only where allowed.
    #[test]
    fn on_hand_is_the_sum_of_the_moves(ops in proptest::collection::vec(op(), 1..40), allow_negative: bool) {
        let mut world = World::new(allow_negative);
        for op in ops {
            world.run(op)?;
            world.check()?;
        }
    }
}
