//! Stock valuation against textbook examples worked by hand (in the comments),
//! the stock closing entry, perpetual posting, and the blue return's cost of
//! sales in both posting modes.

mod trade_common;

use kura_core::book::{save_entry, set_closed_through, Record, TaxAccounting};
use kura_core::inventory::{
    count_sheet, post_stock_closing, stock_closing, stock_move_entry, value_stock,
    AdjustmentReason, InventoryError, InventoryPolicy, InventorySettings, MoveCost, MoveKind,
    MoveLine, StockMove, StockMoves, StockPosting, StockValuation, ValuationMethod,
};
use kura_core::ledger::{EntryHeader, EntryOrigin, EntryStatus, Posting, TaxCode};
use kura_core::reports::{blue_return, profit_and_loss, valuation_report, Period};
use kura_core::sync::{Change, ChangeSet};
use kura_core::trade::{BusinessProfile, DocumentKind};
use rust_decimal::Decimal;
use trade_common::{d, day, fixed, item_line, Shop, BOOK, SATO, SUZUKI, YAMADA};

use kura_core::ids::RecordId;
use ValuationMethod::{Fifo, LastPurchaseCost, MovingAverage};

const RECEIPT: MoveKind = MoveKind::Receipt;
const DELIVERY: MoveKind = MoveKind::Delivery;

/// The book's stock policies: (from, method, posting), in date order.
fn set_policies(shop: &mut Shop, policies: &[(&str, ValuationMethod, StockPosting)]) {
    let policies = policies
        .iter()
        .map(|&(from, method, posting)| InventoryPolicy {
            from: day(from),
            method,
            posting,
        })
        .collect();
    shop.put(Record::InventorySettings(InventorySettings {
        book_id: fixed(BOOK),
        policies,
        allow_negative: true,
    }));
}

/// A one-line move of `item` (`cost` on incoming lines that carry one),
/// optionally reversing another; not yet in the book.
fn one_line(
    shop: &mut Shop,
    date: &str,
    kind: MoveKind,
    item: RecordId,
    quantity: &str,
    cost: Option<&str>,
) -> StockMove {
    StockMove {
        id: shop.id(),
        date: day(date),
        kind,
        lines: vec![MoveLine {
            item,
            location: None,
            quantity: d(quantity),
            unit_cost: cost.map(d),
        }],
        document: None,
        stocktake: None,
        reverses: None,
        entry: None,
        note: String::new(),
    }
}

/// Puts a one-line move straight into the book; returns its id.
fn put(
    shop: &mut Shop,
    date: &str,
    kind: MoveKind,
    item: RecordId,
    quantity: &str,
    cost: Option<&str>,
) -> RecordId {
    let mv = one_line(shop, date, kind, item, quantity, cost);
    let id = mv.id;
    shop.put(Record::StockMove(mv));
    id
}

/// Puts the reverse of a move (as cancelling its document does: same date,
/// lines negated in their order).
fn put_reversal(shop: &mut Shop, original: RecordId) -> RecordId {
    let original = shop.book.stock_move(original).unwrap().clone();
    let id = shop.id();
    let lines = original
        .lines
        .iter()
        .map(|l| MoveLine {
            quantity: -l.quantity,
            ..l.clone()
        })
        .collect();
    shop.put(Record::StockMove(StockMove {
        id,
        reverses: Some(original.id),
        lines,
        ..original
    }));
    id
}

/// Puts a move and, in a perpetual book, the entry it posts: one change set.
fn post(shop: &mut Shop, mut mv: StockMove) -> RecordId {
    let entry_id = shop.id();
    let entry = stock_move_entry(&shop.book, &mv, entry_id).unwrap();
    mv.entry = entry.as_ref().map(|_| entry_id);
    let id = mv.id;
    let records = std::iter::once(Record::StockMove(mv)).chain(entry.map(Record::JournalEntry));
    let ctx = shop.ctx();
    shop.apply(&ChangeSet {
        id: ctx.set_id,
        stamp: ctx.stamp,
        changes: records.map(|record| Change::Put { record }).collect(),
        link: None,
    });
    id
}

fn valued(shop: &Shop, date: &str, method: Option<ValuationMethod>) -> StockValuation {
    value_stock(&shop.book, &StockMoves::of(&shop.book), day(date), method)
}

/// (quantity, value, unit cost) of an item.
fn held(valuation: &StockValuation, item: RecordId) -> (Decimal, Decimal, Decimal) {
    let v = &valuation.items[&item];
    (v.quantity, v.value, v.unit_cost)
}

/// (value, adjustment) of a one-line move.
fn cost(valuation: &StockValuation, mv: RecordId) -> (Decimal, Decimal) {
    let MoveCost { value, adjustment } = valuation.moves[&(mv, 0)].clone();
    (value, adjustment)
}

fn amounts(pairs: &[(&str, &str)]) -> Vec<(Decimal, Decimal)> {
    pairs.iter().map(|&(a, b)| (d(a), d(b))).collect()
}

/// Buy 10 at 100 and 10 at 120, sell 15: the classic three-method example.
#[test]
fn each_method_values_the_textbook_example() {
    let mut shop = Shop::new();
    let item = shop.add_item("A-1", true);
    let first = put(&mut shop, "2026-01-10", RECEIPT, item, "10", Some("100"));
    let second = put(&mut shop, "2026-01-20", RECEIPT, item, "10", Some("120"));
    let sale = put(&mut shop, "2026-01-25", DELIVERY, item, "-15", None);
    let costs = |v: &StockValuation| vec![cost(v, first), cost(v, second), cost(v, sale)];

    // FIFO: the sale takes 10 × 100 + 5 × 120 = 1,600; 5 × 120 = 600 remain.
    let fifo = valued(&shop, "2026-12-31", Some(Fifo));
    let expected = amounts(&[("1000", "0"), ("1200", "0"), ("-1600", "0")]);
    assert_eq!(costs(&fifo), expected);
    assert_eq!(held(&fifo, item), (d("5"), d("600"), d("120")));

    // Moving average: (1,000 + 1,200) / 20 = 110; the sale 15 × 110 = 1,650;
    // 5 × 110 = 550 remain.
    let average = valued(&shop, "2026-12-31", Some(MovingAverage));
    let expected = amounts(&[("1000", "0"), ("1200", "0"), ("-1650", "0")]);
    assert_eq!(costs(&average), expected);
    assert_eq!(held(&average, item), (d("5"), d("550"), d("110")));

    // Last purchase cost: the second receipt revalues the 10 held from 100 to
    // 120 (+200, an adjustment): it moves 20 × 120 − 1,000 = 1,400. The sale
    // leaves at 120: 1,800. 5 × 120 = 600 remain; cost of sales is
    // purchases − closing = 2,200 − 600 = 1,600.
    let last = valued(&shop, "2026-12-31", Some(LastPurchaseCost));
    let expected = amounts(&[("1000", "0"), ("1400", "200"), ("-1800", "0")]);
    assert_eq!(costs(&last), expected);
    assert_eq!(held(&last, item), (d("5"), d("600"), d("120")));
    assert_eq!(last.total, d("600"));

    // Before the sale, by the book's own method (last purchase cost, the
    // default): 20 × 120.
    let before = valued(&shop, "2026-01-24", None);
    assert_eq!(held(&before, item), (d("20"), d("2400"), d("120")));
    assert!(!before.moves.contains_key(&(sale, 0)));
}

/// Moving average with rounding, a sales return and a moment at zero stock.
#[test]
fn moving_average_handles_a_return_and_empties_without_residue() {
    let mut shop = Shop::new();
    let item = shop.add_item("B-1", true);
    set_policies(
        &mut shop,
        &[("2026-01-01", MovingAverage, StockPosting::Periodic)],
    );
    // 3 × 100 = 300.
    put(&mut shop, "2026-02-01", RECEIPT, item, "3", Some("100"));
    // + 1 × 101: 401 for 4, average 100.25.
    put(&mut shop, "2026-02-02", RECEIPT, item, "1", Some("101"));
    // 2 × 100.25 = 200.5, rounded half up: 201. Left: 2 for 200.
    let sale = put(&mut shop, "2026-02-03", DELIVERY, item, "-2", None);
    // A return of 1 at the current unit cost 100.25 → 100. Left: 3 for 300,
    // average 100.
    let back = put(
        &mut shop,
        "2026-02-04",
        MoveKind::SalesReturn,
        item,
        "1",
        None,
    );
    // Selling all 3 takes exactly the 300 left (not 3 × 100.25): zero stock.
    let out = put(&mut shop, "2026-02-05", DELIVERY, item, "-3", None);
    // 2 × 110 = 220, average 110.
    put(&mut shop, "2026-02-06", RECEIPT, item, "2", Some("110"));

    let at_zero = valued(&shop, "2026-02-05", None);
    assert_eq!(held(&at_zero, item).0, d("0"));
    assert_eq!(held(&at_zero, item).1, d("0"));

    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(cost(&v, sale), (d("-201"), d("0")));
    assert_eq!(cost(&v, back), (d("100"), d("0")));
    assert_eq!(cost(&v, out), (d("-300"), d("0")));
    assert_eq!(held(&v, item), (d("2"), d("220"), d("110")));
    // Purchases 621 − closing 220 = 401 = 201 − 100 + 300, the sales' cost.
}

/// Stock sold before any was bought leaves at the standard cost (100, as it
/// is in a tax-exclusive book); the receipt that fills it corrects the
/// difference to its own cost.
#[test]
fn negative_stock_is_costed_provisionally_and_corrected_by_the_receipt() {
    for method in [MovingAverage, Fifo, LastPurchaseCost] {
        let mut shop = Shop::with(TaxAccounting::Exclusive);
        let item = shop.add_item("C-1", true);
        // 3 out at the standard cost: −300; on hand −3.
        let sale = put(&mut shop, "2026-03-01", DELIVERY, item, "-3", None);
        let short = valued(&shop, "2026-03-02", Some(method));
        assert_eq!(
            held(&short, item),
            (d("-3"), d("-300"), d("100")),
            "{method:?}"
        );
        // 5 in at 120: 3 fill the shortfall, taking back their −300, and 2
        // are stock at 240: the line moves 540, which is 600 of goods and
        // −60 = −(120 − 100) × 3 of cost the sale should have had.
        let receipt = put(&mut shop, "2026-03-10", RECEIPT, item, "5", Some("120"));
        let v = valued(&shop, "2026-12-31", Some(method));
        assert_eq!(cost(&v, sale), (d("-300"), d("0")), "{method:?}");
        assert_eq!(cost(&v, receipt), (d("540"), d("-60")), "{method:?}");
        assert_eq!(held(&v, item), (d("2"), d("240"), d("120")), "{method:?}");
    }

    // Filled in part: 5 short at 100 (−500), 2 arrive at 120: they take back
    // 2/5 of −500 = 200, so the line moves 200 (adjustment 200 − 240 = −40),
    // and 3 remain short at −300.
    let mut shop = Shop::with(TaxAccounting::Exclusive);
    let item = shop.add_item("C-2", true);
    put(&mut shop, "2026-03-01", DELIVERY, item, "-5", None);
    let receipt = put(&mut shop, "2026-03-10", RECEIPT, item, "2", Some("120"));
    let v = valued(&shop, "2026-12-31", Some(MovingAverage));
    assert_eq!(cost(&v, receipt), (d("200"), d("-40")));
    assert_eq!(held(&v, item), (d("-3"), d("-300"), d("100")));
    let report = valuation_report(&shop.book, day("2026-12-31"), Some(MovingAverage));
    assert_eq!(report.negative_items, 1);
    assert_eq!(report.total_value, d("-300"));
}

/// Moving average until June, FIFO from July: the stock held converts into
/// one layer at the average.
#[test]
fn a_method_change_converts_the_stock_held_from_its_date() {
    let mut shop = Shop::new();
    let item = shop.add_item("D-1", true);
    set_policies(
        &mut shop,
        &[
            ("2026-01-01", MovingAverage, StockPosting::Periodic),
            ("2026-07-01", Fifo, StockPosting::Periodic),
        ],
    );
    // 10 × 100 + 10 × 130 = 2,300 for 20: average 115.
    put(&mut shop, "2026-02-01", RECEIPT, item, "10", Some("100"));
    put(&mut shop, "2026-02-02", RECEIPT, item, "10", Some("130"));
    // 10 × 115 = 1,150 out; 10 for 1,150 left.
    let march = put(&mut shop, "2026-03-01", DELIVERY, item, "-10", None);
    // From July: one layer of 10 at 115; then 10 at 140 behind it.
    put(&mut shop, "2026-07-10", RECEIPT, item, "10", Some("140"));
    // 15 out: 10 × 115 + 5 × 140 = 1,850; 5 × 140 = 700 left.
    let august = put(&mut shop, "2026-08-01", DELIVERY, item, "-15", None);
    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(cost(&v, march), (d("-1150"), d("0")));
    assert_eq!(cost(&v, august), (d("-1850"), d("0")));
    assert_eq!(held(&v, item), (d("5"), d("700"), d("140")));
    // Had it been FIFO all along, March would have taken the 100s (1,000).
    let fifo = valued(&shop, "2026-12-31", Some(Fifo));
    assert_eq!(cost(&fifo, march), (d("-1000"), d("0")));
    let report = valuation_report(&shop.book, day("2026-12-31"), None);
    assert_eq!(report.method, Fifo);
}

/// A change to the last purchase cost revalues the stock held at that date;
/// the first move after it carries the revaluation as its adjustment.
#[test]
fn a_change_to_the_last_purchase_cost_revalues_the_stock() {
    let mut shop = Shop::new();
    let item = shop.add_item("D-2", true);
    set_policies(
        &mut shop,
        &[
            ("2026-01-01", MovingAverage, StockPosting::Periodic),
            ("2026-07-01", LastPurchaseCost, StockPosting::Periodic),
        ],
    );
    // 20 for 2,300 (average 115); the last purchase cost is 130.
    put(&mut shop, "2026-02-01", RECEIPT, item, "10", Some("100"));
    put(&mut shop, "2026-02-02", RECEIPT, item, "10", Some("130"));
    assert_eq!(held(&valued(&shop, "2026-06-30", None), item).1, d("2300"));
    // From July 1st: 20 × 130 = 2,600.
    assert_eq!(held(&valued(&shop, "2026-07-01", None), item).1, d("2600"));
    // 5 out in August at 130 (−650), after the +300 revaluation: −350.
    let sale = put(&mut shop, "2026-08-01", DELIVERY, item, "-5", None);
    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(cost(&v, sale), (d("-350"), d("300")));
    assert_eq!(held(&v, item), (d("15"), d("1950"), d("130")));
}

/// A cancelled document's reverse move undoes exactly what the original did,
/// in its place (dated the document's date).
#[test]
fn a_reversal_undoes_exactly_the_original_value() {
    let mut shop = Shop::new();
    let item = shop.add_item("E-1", true);
    set_policies(
        &mut shop,
        &[("2026-01-01", MovingAverage, StockPosting::Periodic)],
    );
    put(&mut shop, "2026-01-10", RECEIPT, item, "10", Some("100"));
    let second = put(&mut shop, "2026-01-20", RECEIPT, item, "10", Some("120"));
    let sale = put(&mut shop, "2026-01-25", DELIVERY, item, "-5", None);
    // While the second receipt stands: average 110, the sale 550.
    assert_eq!(cost(&valued(&shop, "2026-12-31", None), sale).0, d("-550"));
    // The goods receipt is cancelled: −1,200 exactly, dated 1/20, so the
    // average is 100 again before the sale, which now costs 500.
    let undo = put_reversal(&mut shop, second);
    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(cost(&v, undo), (d("-1200"), d("0")));
    assert_eq!(cost(&v, sale).0, d("-500"));
    assert_eq!(held(&v, item), (d("5"), d("500"), d("100")));

    // FIFO: a cancelled delivery puts back what it took (10 × 100), ahead of
    // the 10 at 120, so the next sale of 10 costs 1,000 again.
    let mut shop = Shop::new();
    let item = shop.add_item("E-2", true);
    set_policies(&mut shop, &[("2026-01-01", Fifo, StockPosting::Periodic)]);
    put(&mut shop, "2026-01-10", RECEIPT, item, "10", Some("100"));
    put(&mut shop, "2026-01-20", RECEIPT, item, "10", Some("120"));
    let sale = put(&mut shop, "2026-01-25", DELIVERY, item, "-10", None);
    let undo = put_reversal(&mut shop, sale);
    let again = put(&mut shop, "2026-02-01", DELIVERY, item, "-10", None);
    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(cost(&v, undo), (d("1000"), d("0")));
    assert_eq!(cost(&v, again), (d("-1000"), d("0")));
    assert_eq!(held(&v, item), (d("10"), d("1200"), d("120")));
}

/// Transfers move no value; items that are services are not valued.
#[test]
fn transfers_and_services_change_no_value() {
    let mut shop = Shop::new();
    let item = shop.add_item("F-1", true);
    let service = shop.add_item("S-1", false);
    let shelf = shop.add_location("倉庫");
    put(&mut shop, "2026-01-10", RECEIPT, item, "10", Some("100"));
    put(&mut shop, "2026-01-10", RECEIPT, service, "10", Some("100"));
    let transfer = shop.put_move(
        "2026-01-11",
        MoveKind::Transfer,
        &[(item, None, "-4", None), (item, Some(shelf), "4", None)],
    );
    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(cost(&v, transfer), (d("0"), d("0")));
    assert_eq!(v.moves[&(transfer, 1)].value, d("0"));
    assert_eq!(held(&v, item), (d("10"), d("1000"), d("100")));
    assert!(!v.items.contains_key(&service));
    assert_eq!(v.total, d("1000"));
}

fn entry_lines(shop: &Shop, id: RecordId) -> Vec<(String, Decimal)> {
    let entry = shop.book.entry(id).unwrap();
    shop.lines(entry)
        .into_iter()
        .map(|(code, amount, _, _)| (code, amount))
        .collect()
}

fn closing_entry_at(shop: &mut Shop, date: &str) -> Result<RecordId, InventoryError> {
    let id = shop.id();
    let ctx = shop.ctx();
    let set = post_stock_closing(&shop.book, day(date), id, ctx)?;
    shop.apply(&set);
    Ok(id)
}

/// 10 at 100 held from December 2025 (closed into 商品 then); 10 at 120 bought
/// and 15 sold in 2026; FIFO, periodic.
fn periodic_shop() -> (Shop, RecordId) {
    let mut shop = Shop::new();
    let item = shop.add_item("G-1", true);
    set_policies(&mut shop, &[("2025-01-01", Fifo, StockPosting::Periodic)]);
    put(&mut shop, "2025-12-01", RECEIPT, item, "10", Some("100"));
    // 2025's year end: 期首 0, 期末 1,000, 商品 1,000.
    closing_entry_at(&mut shop, "2025-12-31").unwrap();
    put(&mut shop, "2026-01-20", RECEIPT, item, "10", Some("120"));
    put(&mut shop, "2026-02-10", DELIVERY, item, "-15", None);
    (shop, item)
}

#[test]
fn the_year_end_closing_puts_opening_and_closing_stock_on_their_accounts() {
    let (mut shop, _) = periodic_shop();
    // O = 1,000 (商品 as 2026 opens), P = Q = 0, Y = 5 × 120 = 600:
    // Dr 期首 1,000 / Cr 期末 600 / Cr 商品 400.
    let closing = stock_closing(&shop.book, day("2026-12-31"), &[]).unwrap();
    assert_eq!(
        (closing.to_opening, closing.to_closing, closing.valued_stock),
        (d("1000"), d("600"), d("600"))
    );
    assert_eq!(closing.ledger_stock, d("1000"));
    let id = closing_entry_at(&mut shop, "2026-12-31").unwrap();
    assert_eq!(
        entry_lines(&shop, id),
        vec![
            ("500".into(), d("1000")),
            ("520".into(), d("-600")),
            ("130".into(), d("-400")),
        ]
    );
    assert_eq!(shop.book.entry(id).unwrap().origin(), EntryOrigin::Stock);
    let year = Period::new(day("2026-01-01"), day("2026-12-31")).unwrap();
    assert_eq!(year_balance(&shop, "500", year), d("1000"));
    assert_eq!(year_balance(&shop, "520", year), d("-600"));
    assert_eq!(shop.balance("130"), d("600"));
    // Posting again moves nothing.
    assert_eq!(
        closing_entry_at(&mut shop, "2026-12-31"),
        Err(InventoryError::NothingToPost)
    );
}

#[test]
fn month_end_closings_then_the_year_end_leave_the_same_balances() {
    let (mut shop, _) = periodic_shop();
    // January 31st: 20 held, 1,000 + 1,200 = 2,200. O − P = 1,000; Y − Q =
    // 2,200: Dr 期首 1,000 / Dr 商品 1,200 / Cr 期末 2,200.
    let january = closing_entry_at(&mut shop, "2026-01-31").unwrap();
    assert_eq!(
        entry_lines(&shop, january),
        vec![
            ("500".into(), d("1000")),
            ("130".into(), d("1200")),
            ("520".into(), d("-2200")),
        ]
    );
    assert_eq!(shop.balance("130"), d("2200"));
    // Year end: P = 1,000, Q = 2,200, Y = 600: nothing more on 期首,
    // Dr 期末 1,600 / Cr 商品 1,600.
    let december = closing_entry_at(&mut shop, "2026-12-31").unwrap();
    assert_eq!(
        entry_lines(&shop, december),
        vec![("520".into(), d("1600")), ("130".into(), d("-1600"))]
    );
    let year = Period::new(day("2026-01-01"), day("2026-12-31")).unwrap();
    assert_eq!(year_balance(&shop, "500", year), d("1000"));
    assert_eq!(year_balance(&shop, "520", year), d("-600"));
    assert_eq!(shop.balance("130"), d("600"));
}

#[test]
fn a_closed_period_refuses_the_stock_closing() {
    let (mut shop, _) = periodic_shop();
    let ctx = shop.ctx();
    let set = set_closed_through(&shop.book, Some(day("2026-12-31")), ctx).unwrap();
    shop.apply(&set);
    assert_eq!(
        closing_entry_at(&mut shop, "2026-12-31"),
        Err(InventoryError::PeriodClosed(day("2026-12-31")))
    );
}

/// The posted balance of an account over a period.
fn year_balance(shop: &Shop, code: &str, year: Period) -> Decimal {
    let account = shop.account(code);
    shop.book
        .entries_between(year.from, year.to)
        .filter(|e| e.is_posted())
        .flat_map(|e| e.lines())
        .filter(|p| p.account == account)
        .map(|p| p.amount)
        .sum()
}

/// In a perpetual book every move posts, so 商品 is always the valued stock
/// and 売上原価 the opposite of the stock's change.
#[test]
fn perpetual_entries_keep_the_inventory_account_at_the_valued_stock() {
    let mut shop = Shop::new();
    let item = shop.add_item("H-1", true);
    set_policies(
        &mut shop,
        &[("2026-01-01", MovingAverage, StockPosting::Perpetual)],
    );
    let opening = MoveKind::Adjustment {
        reason: AdjustmentReason::Opening,
    };
    let steps: Vec<(&str, MoveKind, &str, Option<&str>, &str)> = vec![
        // 10 × 100 = 1,000 in: Dr 商品 1,000 / Cr 売上原価 1,000.
        ("2026-01-05", opening, "10", Some("100"), "1000"),
        // 10 × 120: 2,200 for 20, average 110.
        ("2026-01-20", RECEIPT, "10", Some("120"), "2200"),
        // 15 × 110 = 1,650 out: Dr 売上原価 / Cr 商品; 550 left.
        ("2026-02-10", DELIVERY, "-15", None, "550"),
        // 1 back at 110: 660 for 6.
        ("2026-02-15", MoveKind::SalesReturn, "1", None, "660"),
        // 8 out: the 6 take their 660, 2 short at 110 (−220): −220.
        ("2026-03-01", DELIVERY, "-8", None, "-220"),
        // 5 in at 130: 2 fill (+220), 3 held at 390: 390.
        ("2026-03-10", RECEIPT, "5", Some("130"), "390"),
    ];
    for (date, kind, quantity, unit_cost, stock) in steps {
        let mv = one_line(&mut shop, date, kind, item, quantity, unit_cost);
        let id = post(&mut shop, mv);
        let entry = shop.book.stock_move(id).unwrap().entry.unwrap();
        assert_eq!(shop.book.entry(entry).unwrap().origin(), EntryOrigin::Stock);
        assert_eq!(shop.balance("130"), d(stock), "after the move of {date}");
        assert_eq!(valued(&shop, date, None).total, d(stock), "{date}");
        assert_eq!(shop.balance("530"), -d(stock), "{date}");
    }
    // The delivery's entry: Dr 売上原価 1,650 / Cr 商品 1,650, not taxable.
    let delivery = shop
        .book
        .stock_moves()
        .find(|m| m.kind == DELIVERY && m.date == day("2026-02-10"))
        .unwrap();
    let entry = shop.book.entry(delivery.entry.unwrap()).unwrap();
    assert_eq!(
        shop.lines(entry),
        vec![
            (
                "530".into(),
                d("1650"),
                Some(kura_core::ledger::TaxCode::NotTaxable),
                None
            ),
            (
                "130".into(),
                d("-1650"),
                Some(kura_core::ledger::TaxCode::NotTaxable),
                None
            ),
        ]
    );
    assert!(entry.description().contains("出庫"));
    // Nothing to correct at the year end.
    let closing = stock_closing(&shop.book, day("2026-12-31"), &[]).unwrap();
    assert_eq!(closing.to_cost_of_sales, d("0"));
    // A transfer posts nothing.
    let shelf = shop.add_location("倉庫");
    let mut transfer = one_line(
        &mut shop,
        "2026-04-01",
        MoveKind::Transfer,
        item,
        "-1",
        None,
    );
    transfer.lines.push(MoveLine {
        location: Some(shelf),
        quantity: d("1"),
        ..transfer.lines[0].clone()
    });
    let entry_id = shop.id();
    assert_eq!(stock_move_entry(&shop.book, &transfer, entry_id), Ok(None));
}

/// A purchase of `amount` on account (仕入高 / 買掛金).
fn purchase(shop: &mut Shop, date: &str, amount: &str) {
    let header = EntryHeader {
        id: shop.id(),
        date: day(date),
        description: "仕入".into(),
        partner: None,
        status: EntryStatus::Posted,
        corrects: None,
    };
    let line = |account, amount| Posting {
        account,
        amount,
        tax_code: None,
        memo: String::new(),
        tax_part: None,
        business_class: None,
        supply_date: None,
    };
    let lines = vec![
        line(shop.account("510"), d(amount)),
        line(shop.account("210"), -d(amount)),
    ];
    let ctx = shop.ctx();
    let set: ChangeSet = save_entry(&shop.book, header, lines, ctx).unwrap();
    shop.apply(&set);
}

/// One year of trade, the same moves in a periodic and a perpetual book:
/// 10 at 100 held from 2025, 10 at 120 bought and 15 sold in 2026 (FIFO).
fn year_of_trade(posting: StockPosting) -> Shop {
    let mut shop = Shop::new();
    let item = shop.add_item("J-1", true);
    set_policies(&mut shop, &[("2025-01-01", Fifo, posting)]);
    let moves = [
        ("2025-12-01", RECEIPT, "10", Some("100")),
        ("2026-01-20", RECEIPT, "10", Some("120")),
        ("2026-02-10", DELIVERY, "-15", None),
    ];
    for (date, kind, quantity, unit_cost) in moves {
        if let Some(unit_cost) = unit_cost {
            purchase(&mut shop, date, &(d(quantity) * d(unit_cost)).to_string());
        }
        let mv = one_line(&mut shop, date, kind, item, quantity, unit_cost);
        post(&mut shop, mv);
    }
    if posting == StockPosting::Periodic {
        closing_entry_at(&mut shop, "2025-12-31").unwrap();
        closing_entry_at(&mut shop, "2026-12-31").unwrap();
    } else {
        assert_eq!(
            closing_entry_at(&mut shop, "2026-12-31"),
            Err(InventoryError::NothingToPost)
        );
    }
    shop
}

#[test]
fn the_blue_return_cost_of_sales_is_the_same_in_both_modes() {
    for posting in [StockPosting::Periodic, StockPosting::Perpetual] {
        let shop = year_of_trade(posting);
        let statement = blue_return(&shop.book, day("2026-01-01"));
        let pl = &statement.profit_and_loss;
        // ② 1,000 + ③ 1,200 − ⑤ 5 × 120 = 600 → ⑥ 1,600 (10 × 100 + 5 × 120).
        let figures = (
            pl.opening_inventory,
            pl.purchases,
            pl.closing_inventory,
            pl.cost_of_sales,
        );
        let expected = (d("1000"), d("1200"), d("600"), d("1600"));
        assert_eq!(figures, expected, "{posting:?}");
        // The P&L agrees: its expenses are the cost of sales, nothing else.
        let year = Period::new(day("2026-01-01"), day("2026-12-31")).unwrap();
        let statement_pl = profit_and_loss(&shop.book, year);
        assert_eq!(statement_pl.total_expenses, d("1600"), "{posting:?}");
        assert_eq!(pl.net, statement_pl.net_income, "{posting:?}");
        // ⑤ is shown once: its line is the closing stock.
        let closing_lines: Vec<_> = pl
            .lines
            .iter()
            .filter(|l| l.line == kura_core::ledger::StatementLine::ClosingInventory)
            .collect();
        assert_eq!(closing_lines.len(), 1, "{posting:?}");
        assert_eq!(closing_lines[0].amount, d("600"), "{posting:?}");
        // The balance sheet holds the same stock.
        let stock = statement
            .balance_sheet
            .assets
            .iter()
            .find(|l| l.line == kura_core::ledger::StatementLine::Inventory)
            .unwrap();
        assert_eq!(stock.closing, d("600"), "{posting:?}");
    }
}

// ---- Stock in tax-inclusive books (税込経理) and the transitional credit ----

/// A book with one policy from 2026 and negative stock refused.
fn book_with(accounting: TaxAccounting, method: ValuationMethod, posting: StockPosting) -> Shop {
    let mut shop = Shop::with(accounting);
    shop.set_stock(method, posting, false);
    shop
}

/// Issues a bill of `quantity` of `item` at `net` each (tax-exclusive prices,
/// 10%) from `supplier`; returns its stock move's unit cost.
fn bill(shop: &mut Shop, supplier: u128, date: &str, item: RecordId, quantity: &str) -> Decimal {
    let lines = vec![item_line(item, quantity, "1000", TaxCode::Purchase10)];
    let doc = shop.draft(DocumentKind::Bill, supplier, date, lines);
    let doc = shop.issue(doc);
    let mv = shop
        .book
        .stock_moves()
        .find(|m| m.document == Some(doc.id))
        .expect("the bill's receipt");
    mv.lines[0].unit_cost.expect("a receipt's cost")
}

/// Issues a delivery note of `quantity` of `item` to 山田商事; returns its move.
fn deliver(shop: &mut Shop, date: &str, item: RecordId, quantity: &str) -> RecordId {
    let lines = vec![item_line(item, quantity, "1500", TaxCode::Sales10)];
    let doc = shop.draft(DocumentKind::Delivery, YAMADA, date, lines);
    let doc = shop.issue(doc);
    shop.book
        .stock_moves()
        .find(|m| m.document == Some(doc.id))
        .expect("the delivery's move")
        .id
}

/// The blue return's ② opening stock, ③ purchases, ⑤ closing stock and ⑥
/// cost of sales for 2026.
fn cost_of_sales_2026(shop: &Shop) -> (Decimal, Decimal, Decimal, Decimal) {
    let pl = blue_return(&shop.book, day("2026-01-01")).profit_and_loss;
    (
        pl.opening_inventory,
        pl.purchases,
        pl.closing_inventory,
        pl.cost_of_sales,
    )
}

/// Issue 17, item 8. Buy 10 at ¥1,000 + 10% from a registered supplier, sell
/// 4, in a tax-inclusive book: the bill books 仕入高 ¥11,000 (the tax with
/// it), so the stock must carry it too. Unit cost 1,000 × 1.10 = 1,100; the
/// 4 sold cost 4 × 1,100 = 4,400; 6 × 1,100 = 6,600 remain. (Valued net,
/// 6,000 would remain and the cost of sales would be 11,000 − 6,000 = 5,000,
/// overstated by the ¥600 of tax on the closing stock.) One purchase price,
/// so every method gives the same figures; both posting modes post them.
#[test]
fn a_tax_inclusive_book_carries_the_purchase_tax_in_its_stock() {
    for method in [MovingAverage, Fifo, LastPurchaseCost] {
        for posting in [StockPosting::Periodic, StockPosting::Perpetual] {
            let case = format!("{method:?} {posting:?}");
            let mut shop = book_with(TaxAccounting::Inclusive, method, posting);
            let item = shop.add_item("TAX-1", true);
            assert_eq!(bill(&mut shop, SATO, "2026-04-01", item, "10"), d("1100"));
            let sale = deliver(&mut shop, "2026-04-10", item, "4");
            let v = valued(&shop, "2026-12-31", None);
            assert_eq!(cost(&v, sale), (d("-4400"), d("0")), "{case}");
            assert_eq!(held(&v, item), (d("6"), d("6600"), d("1100")), "{case}");
            // 仕入高 holds the bill's gross: 10 × 1,000 + 1,000 tax.
            assert_eq!(shop.balance("510"), d("11000"), "{case}");
            if posting == StockPosting::Periodic {
                // Dr 商品 6,600 / Cr 期末商品棚卸高 6,600.
                let id = closing_entry_at(&mut shop, "2026-12-31").unwrap();
                let expected = vec![("130".into(), d("6600")), ("520".into(), d("-6600"))];
                assert_eq!(entry_lines(&shop, id), expected, "{case}");
            } else {
                // The receipt posted Dr 商品 11,000, the delivery Cr 商品
                // 4,400: 商品 is the valued stock, nothing to close.
                assert_eq!(
                    closing_entry_at(&mut shop, "2026-12-31"),
                    Err(InventoryError::NothingToPost),
                    "{case}"
                );
            }
            assert_eq!(shop.balance("130"), d("6600"), "{case}");
            // ② 0 + ③ 11,000 − ⑤ 6,600 = ⑥ 4,400: the 4 sold, tax included.
            let expected = (d("0"), d("11000"), d("6600"), d("4400"));
            assert_eq!(cost_of_sales_2026(&shop), expected, "{case}");
        }
    }
}

/// A tax-inclusive book books an unregistered supplier's bill at its gross
/// (the tax not credited included), so its stock carries the whole tax too:
/// 1,000 × 1.10 = 1,100 a unit, whatever share of the tax is credited.
#[test]
fn a_tax_inclusive_book_carries_an_unregistered_suppliers_whole_tax() {
    let mut shop = book_with(
        TaxAccounting::Inclusive,
        LastPurchaseCost,
        StockPosting::Periodic,
    );
    let item = shop.add_item("TAX-2", true);
    assert_eq!(bill(&mut shop, SUZUKI, "2026-04-01", item, "10"), d("1100"));
    assert_eq!(shop.balance("510"), d("11000"));
    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(held(&v, item), (d("10"), d("11000"), d("1100")));
}

/// 税抜経理 and the transitional credit: the tax of a purchase from a supplier
/// who is not a registered issuer is credited only in part (80% to
/// 2026-09-30, then 70%); the rest is not 仮払消費税 but part of what the goods
/// cost, and the bill books it on 仕入高. So the stock carries it too.
#[test]
fn a_tax_exclusive_book_carries_the_tax_an_unregistered_purchase_cannot_credit() {
    let mut shop = book_with(TaxAccounting::Exclusive, Fifo, StockPosting::Periodic);
    let item = shop.add_item("TAX-3", true);
    // A registered supplier: all of the tax is credited; the stock is net.
    assert_eq!(bill(&mut shop, SATO, "2026-03-01", item, "10"), d("1000"));
    let sold = deliver(&mut shop, "2026-03-05", item, "10");
    // 鈴木商店 is not registered. 10 × 1,000 = 10,000 net; tax 10% = 1,000;
    // 80% creditable = 800 on 仮払消費税; 200 stays on 仕入高 and in the
    // stock: 10,200 / 10 = 1,020 a unit.
    assert_eq!(bill(&mut shop, SUZUKI, "2026-04-01", item, "10"), d("1020"));
    let tax_so_far = shop.balance("160");
    // 1,000 from 佐藤物産 + 800 from 鈴木商店.
    assert_eq!(tax_so_far, d("1800"));
    // 仕入高: 10,000 + 10,000 + 200.
    assert_eq!(shop.balance("510"), d("20200"));
    // 4 sold at 1,020 = 4,080; 6 × 1,020 = 6,120 remain.
    let sale = deliver(&mut shop, "2026-04-10", item, "4");
    let v = valued(&shop, "2026-09-30", None);
    assert_eq!(cost(&v, sold), (d("-10000"), d("0")));
    assert_eq!(cost(&v, sale), (d("-4080"), d("0")));
    assert_eq!(held(&v, item), (d("6"), d("6120"), d("1020")));
    // From 2026-10-01, 70%: tax 1,000, 700 credited, 300 into the stock:
    // 10,300 / 10 = 1,030 a unit.
    assert_eq!(bill(&mut shop, SUZUKI, "2026-10-15", item, "10"), d("1030"));
    assert_eq!(shop.balance("160") - tax_so_far, d("700"));
    // FIFO at the year end: 6 × 1,020 + 10 × 1,030 = 6,120 + 10,300 = 16,420.
    let v = valued(&shop, "2026-12-31", None);
    assert_eq!(held(&v, item).1, d("16420"));
    // ③ 10,000 + 10,200 + 10,300 = 30,500; ⑤ 16,420; ⑥ 30,500 − 16,420 =
    // 14,080 = the 10,000 and 4,080 sold.
    closing_entry_at(&mut shop, "2026-12-31").unwrap();
    let expected = (d("0"), d("30500"), d("16420"), d("14080"));
    assert_eq!(cost_of_sales_2026(&shop), expected);
}

/// Under the small-purchase relief (少額特例) an unregistered supplier's small
/// bill is creditable in full, so its stock is net, as the bill books it.
#[test]
fn a_small_purchase_under_the_relief_is_stocked_net() {
    let mut shop = book_with(TaxAccounting::Exclusive, Fifo, StockPosting::Periodic);
    let mut profile: BusinessProfile =
        serde_json::from_value(serde_json::json!({ "book_id": fixed(BOOK) })).unwrap();
    profile.small_purchase_relief = true;
    shop.put(Record::BusinessProfile(profile));
    let item = shop.add_item("TAX-4", true);
    // 5 × 1,000 + 500 tax = 5,500, under ¥10,000: all 500 credited.
    assert_eq!(bill(&mut shop, SUZUKI, "2026-04-01", item, "5"), d("1000"));
    assert_eq!(shop.balance("160"), d("500"));
}

/// The standard cost (tax-exclusive, as typed on the item) values stock that
/// arrives or leaves without a cost of its own; a tax-inclusive book adds its
/// purchase tax at the move's date, as a purchase would carry it.
#[test]
fn the_standard_cost_follows_the_books_tax_accounting() {
    // The item's standard cost is 100, sold at the standard rate (10%).
    for (accounting, unit) in [
        (TaxAccounting::Inclusive, "110"),
        (TaxAccounting::Exclusive, "100"),
    ] {
        let mut shop = book_with(accounting, MovingAverage, StockPosting::Periodic);
        let item = shop.add_item("STD-1", true);
        let idle = shop.add_item("STD-2", true);
        // 2 found without a cost: 2 × 110 = 220 (inclusive), 2 × 100 = 200.
        let found = MoveKind::Adjustment {
            reason: AdjustmentReason::Found,
        };
        let arrived = put(&mut shop, "2026-02-01", found, item, "2", None);
        let v = valued(&shop, "2026-12-31", None);
        assert_eq!(cost(&v, arrived).0, d("2") * d(unit), "{accounting:?}");
        assert_eq!(held(&v, item).2, d(unit), "{accounting:?}");
        // An item never moved shows its standard cost on the count sheet.
        let sheet = count_sheet(&shop.book, None, day("2026-12-31"));
        let row = sheet.iter().find(|r| r.item == idle).unwrap();
        assert_eq!(row.unit_cost, d(unit), "{accounting:?}");
    }
    // Stock sold before any was bought leaves at the standard cost with its
    // tax: 3 × 110 = 330 in a tax-inclusive book.
    let mut shop = Shop::new();
    let item = shop.add_item("STD-3", true);
    let sale = put(&mut shop, "2026-03-01", DELIVERY, item, "-3", None);
    let v = valued(&shop, "2026-12-31", Some(Fifo));
    assert_eq!(cost(&v, sale), (d("-330"), d("0")));
}
