//! Stocktake (棚卸) as a shop does it: the count sheet lists what the moves
//! say is on the shelf, the counted quantities give the variances in quantity
//! and value, and posting makes one move of the differences with its entry —
//! in a periodic book the stock closing entry, in a perpetual one the
//! variance's value. A posted count never changes; what was not counted is
//! left alone.

mod trade_common;

use kura_core::book::TaxAccounting;
use kura_core::ids::RecordId;
use kura_core::inventory::{
    count_sheet, on_hand, post_stocktake, save_stocktake, stocktake_variances, CountLine,
    InventoryError, MoveKind, StockPosting, Stocktake, StocktakeStatus, ValuationMethod,
};
use kura_core::ledger::TaxCode;
use kura_core::sync::ChangeSet;
use kura_core::trade::DocumentKind;
use rust_decimal::Decimal;
use trade_common::{d, day, ids_after, item_line, moves_in, Shop, SATO};

const DATE: &str = "2026-04-30";

/// A shop with 5 pens bought at ¥100 and 3 inks at ¥80, in the main
/// location, valued by moving average and posted as `posting`. Its books are
/// tax-exclusive (税抜経理), so the stock is at those net costs (a
/// tax-inclusive book would carry them with their tax: `valuation.rs`).
fn stocked(posting: StockPosting) -> (Shop, RecordId, RecordId) {
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    shop.set_stock(ValuationMethod::MovingAverage, posting, false);
    let pen = shop.add_item("PEN", true);
    let ink = shop.add_item("INK", true);
    let lines = vec![
        item_line(pen, "5", "100", TaxCode::Purchase10),
        item_line(ink, "3", "80", TaxCode::Purchase10),
    ];
    let receipt = shop.draft(DocumentKind::GoodsReceipt, SATO, "2026-04-01", lines);
    shop.issue(receipt);
    (shop, pen, ink)
}

fn count(shop: &mut Shop, location: Option<RecordId>, counts: &[(RecordId, &str)]) -> Stocktake {
    Stocktake {
        id: shop.id(),
        date: day(DATE),
        location,
        counts: counts
            .iter()
            .map(|&(item, counted)| CountLine {
                item,
                counted: d(counted),
            })
            .collect(),
        status: StocktakeStatus::Counting,
        stock_move: None,
        entry: None,
        note: String::new(),
    }
}

fn save(shop: &mut Shop, stocktake: Stocktake) -> Result<ChangeSet, InventoryError> {
    let ctx = shop.ctx();
    save_stocktake(&shop.book, stocktake, ctx)
}

fn post(shop: &mut Shop, id: RecordId) -> Result<ChangeSet, InventoryError> {
    let first = shop.id();
    let ctx = shop.ctx();
    post_stocktake(&shop.book, id, &mut ids_after(first), ctx)
}

/// Saves a count of the main location and posts it; returns the stocktake
/// as posted.
fn count_and_post(shop: &mut Shop, counts: &[(RecordId, &str)]) -> Stocktake {
    let stocktake = count(shop, None, counts);
    let set = save(shop, stocktake.clone()).unwrap();
    shop.apply(&set);
    let set = post(shop, stocktake.id).unwrap();
    shop.apply(&set);
    shop.book.stocktake(stocktake.id).unwrap().clone()
}

#[test]
fn the_count_sheet_lists_tracked_live_items_with_what_the_moves_say() {
    let (mut shop, pen, ink) = stocked(StockPosting::Periodic);
    shop.add_item("SERVICE", false);
    let old = shop.add_item("OLD", true);
    let mut archived = shop.book.item(old).unwrap().clone();
    archived.archived = true;
    shop.put(kura_core::book::Record::Item(archived));
    let sheet = count_sheet(&shop.book, None, day(DATE));
    let rows: Vec<(RecordId, Decimal, Decimal)> = sheet
        .iter()
        .map(|v| (v.item, v.expected, v.unit_cost))
        .collect();
    // In code order: INK before PEN.
    assert_eq!(rows, vec![(ink, d("3"), d("80")), (pen, d("5"), d("100"))]);
    assert!(sheet
        .iter()
        .all(|v| v.counted.is_none() && v.difference.is_zero()));
    // Before the goods came in, and at another location, nothing is expected.
    let before = count_sheet(&shop.book, None, day("2026-03-31"));
    assert!(before.iter().all(|v| v.expected.is_zero()));
    let car = shop.add_location("車");
    let at_car = count_sheet(&shop.book, Some(car), day(DATE));
    assert_eq!(at_car.len(), 2);
    assert!(at_car.iter().all(|v| v.expected.is_zero()));
}

#[test]
fn counting_four_where_five_are_expected_shows_a_variance_of_one_in_value() {
    let (mut shop, pen, ink) = stocked(StockPosting::Periodic);
    let stocktake = count(&mut shop, None, &[(pen, "4")]);
    let rows = stocktake_variances(&shop.book, &stocktake);
    let pen_row = rows.iter().find(|v| v.item == pen).unwrap();
    assert_eq!(pen_row.expected, d("5"));
    assert_eq!(pen_row.counted, Some(d("4")));
    assert_eq!(pen_row.difference, d("-1"));
    assert_eq!(pen_row.unit_cost, d("100"));
    assert_eq!(pen_row.value, d("-100"));
    let ink_row = rows.iter().find(|v| v.item == ink).unwrap();
    assert_eq!(ink_row.counted, None);
    assert_eq!((ink_row.difference, ink_row.value), (d("0"), d("0")));
}

#[test]
fn posting_in_a_periodic_book_moves_the_variance_and_posts_the_stock_closing() {
    let (mut shop, pen, ink) = stocked(StockPosting::Periodic);
    let stocktake = count(&mut shop, None, &[(pen, "4")]);
    let set = save(&mut shop, stocktake.clone()).unwrap();
    shop.apply(&set);
    let set = post(&mut shop, stocktake.id).unwrap();
    let moves = moves_in(&set);
    assert_eq!(moves.len(), 1, "one move, in the same change set");
    let mv = &moves[0];
    assert_eq!(mv.kind, MoveKind::Stocktake);
    assert_eq!(mv.stocktake, Some(stocktake.id));
    assert_eq!(mv.date, day(DATE));
    assert_eq!(mv.lines.len(), 1, "the uncounted ink is left alone");
    assert_eq!((mv.lines[0].item, mv.lines[0].quantity), (pen, d("-1")));
    assert_eq!(mv.entry, None, "a periodic book posts no entry per move");
    shop.apply(&set);

    let posted = shop.book.stocktake(stocktake.id).unwrap();
    assert_eq!(posted.status, StocktakeStatus::Posted);
    assert_eq!(posted.stock_move, Some(mv.id));
    let entry = shop.book.entry(posted.entry.unwrap()).unwrap();
    assert!(entry.is_posted());
    // 4 pens at ¥100 and 3 inks at ¥80: ¥640 on 商品, from 期末商品棚卸高.
    assert_eq!(shop.balance("130"), d("640"));
    assert_eq!(shop.balance("520"), d("-640"));
    assert_eq!(on_hand(&shop.book, pen, None, day(DATE)), d("4"));
    assert_eq!(on_hand(&shop.book, ink, None, day(DATE)), d("3"));

    // The variances as posted: what was expected before the count's move.
    let rows = stocktake_variances(&shop.book, posted);
    let pen_row = rows.iter().find(|v| v.item == pen).unwrap();
    assert_eq!(
        (pen_row.expected, pen_row.difference, pen_row.value),
        (d("5"), d("-1"), d("-100"))
    );
}

#[test]
fn posting_in_a_perpetual_book_posts_the_variances_value() {
    let (mut shop, pen, ink) = stocked(StockPosting::Perpetual);
    // The receipt brought ¥740 onto 商品.
    assert_eq!(shop.balance("130"), d("740"));
    let posted = count_and_post(&mut shop, &[(pen, "4"), (ink, "3")]);
    let mv = shop.book.stock_move(posted.stock_move.unwrap()).unwrap();
    assert_eq!(mv.lines.len(), 1, "the ink matched: no line for it");
    assert_eq!(mv.lines[0].quantity, d("-1"));
    assert_eq!(mv.entry, posted.entry);
    let entry = shop.book.entry(posted.entry.unwrap()).unwrap();
    let mut rows = shop.lines(entry);
    rows.sort();
    let amounts: Vec<(String, Decimal)> = rows.into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        amounts,
        vec![
            ("130".to_string(), d("-100")),
            ("530".to_string(), d("100"))
        ]
    );
    assert_eq!(shop.balance("130"), d("640"));
}

#[test]
fn a_count_that_matches_posts_no_move() {
    let (mut shop, pen, ink) = stocked(StockPosting::Perpetual);
    let before = shop.book.stock_moves().count();
    let posted = count_and_post(&mut shop, &[(pen, "5"), (ink, "3")]);
    assert_eq!(posted.status, StocktakeStatus::Posted);
    assert_eq!((posted.stock_move, posted.entry), (None, None));
    assert_eq!(shop.book.stock_moves().count(), before);
}

#[test]
fn a_posted_stocktake_cannot_change() {
    let (mut shop, pen, _) = stocked(StockPosting::Periodic);
    let posted = count_and_post(&mut shop, &[(pen, "4")]);
    let mut edited = posted.clone();
    edited.counts[0].counted = d("5");
    edited.status = StocktakeStatus::Counting;
    assert_eq!(save(&mut shop, edited), Err(InventoryError::AlreadyPosted));
    assert_eq!(
        post(&mut shop, posted.id),
        Err(InventoryError::AlreadyPosted)
    );
    assert_eq!(shop.book.stocktake(posted.id), Some(&posted));
}

#[test]
fn a_count_is_checked_as_it_is_saved() {
    let (mut shop, pen, _) = stocked(StockPosting::Periodic);
    let service = shop.add_item("SERVICE", false);
    let unknown = shop.id();
    let negative = count(&mut shop, None, &[(pen, "-1")]);
    assert_eq!(
        save(&mut shop, negative),
        Err(InventoryError::NegativeCount)
    );
    let of_nothing = count(&mut shop, None, &[(unknown, "1")]);
    assert_eq!(
        save(&mut shop, of_nothing),
        Err(InventoryError::ItemNotFound)
    );
    let of_service = count(&mut shop, None, &[(service, "1")]);
    assert_eq!(save(&mut shop, of_service), Err(InventoryError::NotTracked));
    let nowhere = count(&mut shop, Some(unknown), &[(pen, "1")]);
    assert_eq!(
        save(&mut shop, nowhere),
        Err(InventoryError::LocationNotFound)
    );
    assert_eq!(
        post(&mut shop, unknown),
        Err(InventoryError::StocktakeNotFound)
    );

    // Saved as typed, over several sessions: the latest version counts, and
    // saving never marks it posted.
    let mut stocktake = count(&mut shop, None, &[(pen, "2")]);
    stocktake.status = StocktakeStatus::Posted;
    let set = save(&mut shop, stocktake.clone()).unwrap();
    shop.apply(&set);
    assert_eq!(
        shop.book.stocktake(stocktake.id).unwrap().status,
        StocktakeStatus::Counting
    );
    stocktake.counts[0].counted = d("4");
    let set = save(&mut shop, stocktake.clone()).unwrap();
    shop.apply(&set);
    let saved = shop.book.stocktake(stocktake.id).unwrap();
    assert_eq!(saved.counts[0].counted, d("4"));
    assert_eq!(shop.book.stock_moves().count(), 1, "saving moves nothing");
}

#[test]
fn a_count_at_one_location_leaves_the_others_alone() {
    let (mut shop, pen, _) = stocked(StockPosting::Periodic);
    let car = shop.add_location("車");
    let mut in_car = shop.draft(
        DocumentKind::GoodsReceipt,
        SATO,
        "2026-04-02",
        vec![item_line(pen, "2", "100", TaxCode::Purchase10)],
    );
    in_car.location = Some(car);
    shop.issue(in_car);
    let stocktake = count(&mut shop, Some(car), &[(pen, "3")]);
    let set = save(&mut shop, stocktake.clone()).unwrap();
    shop.apply(&set);
    let set = post(&mut shop, stocktake.id).unwrap();
    let mv = &moves_in(&set)[0];
    assert_eq!(mv.lines[0].location, Some(car));
    assert_eq!(
        mv.lines[0].quantity,
        d("1"),
        "one more in the car than recorded"
    );
    shop.apply(&set);
    assert_eq!(on_hand(&shop.book, pen, Some(Some(car)), day(DATE)), d("3"));
    assert_eq!(on_hand(&shop.book, pen, Some(None), day(DATE)), d("5"));
}
