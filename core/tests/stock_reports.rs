//! The stock reports a shop keeper reads: what is on hand where at a date,
//! an item's movement history with its running balance, and the stock ledger
//! (商品有高帳) with its opening and closing stock, as CSV too.
//!
//! Every unit costs ¥100 (¥200 for notebooks), so each valuation method gives
//! the same values and the figures can be checked by hand.

mod trade_common;

use kura_core::book::Record;
use kura_core::ids::RecordId;
use kura_core::inventory::{Location, MoveKind};
use kura_core::ledger::TaxCode;
use kura_core::locale::Locale;
use kura_core::reports::csv::stock_ledger_csv;
use kura_core::reports::{
    item_history, record_summary, stock_ledger, stock_on_hand, ItemHistoryRow, StockLedgerItem,
    StockOnHandRow,
};
use kura_core::trade::DocumentKind;
use rust_decimal::Decimal;
use trade_common::{d, day, goods, item_line, Shop, YAMADA};

/// A shop with two locations besides the main one (倉庫, 店舗) and an archived
/// one (旧倉庫, empty):
/// - 04-01 receipt: 10 pens at ¥100 (main), 5 notebooks at ¥200 (倉庫);
/// - 04-05 transfer: 4 pens from main to 店舗;
/// - 04-10 delivery note DN-2026-0001: 3 pens from 店舗 to 山田商事;
/// - 05-01 receipt: 5 pens at ¥100 (main).
///
/// A service and an item never moved are in the book too.
struct Stock {
    shop: Shop,
    pen: RecordId,
    notebook: RecordId,
    warehouse: RecordId,
    front: RecordId,
    delivery: RecordId,
}

fn stock() -> Stock {
    let mut shop = Shop::new();
    let pen = shop.save_goods(goods("A-001", "赤いペン", "100"));
    let notebook = shop.save_goods(goods("B-001", "ノート", "200"));
    shop.save_goods(goods("C-001", "定規", "150"));
    shop.save_goods(kura_core::inventory::ItemInput {
        tracked: false,
        ..goods("S-001", "名入れ", "0")
    });
    let front = shop.add_location("店舗");
    let warehouse = shop.add_location("倉庫");
    let old = shop.id();
    shop.put(Record::Location(Location {
        id: old,
        name: "旧倉庫".into(),
        archived: true,
    }));
    shop.put_move(
        "2026-04-01",
        MoveKind::Receipt,
        &[
            (pen, None, "10", Some("100")),
            (notebook, Some(warehouse), "5", Some("200")),
        ],
    );
    shop.put_move(
        "2026-04-05",
        MoveKind::Transfer,
        &[(pen, None, "-4", None), (pen, Some(front), "4", None)],
    );
    let mut note = shop.draft(
        DocumentKind::Delivery,
        YAMADA,
        "2026-04-10",
        vec![item_line(pen, "3", "150", TaxCode::Sales10)],
    );
    note.location = Some(front);
    let delivery = shop.issue(note).id;
    shop.put_move(
        "2026-05-01",
        MoveKind::Receipt,
        &[(pen, None, "5", Some("100"))],
    );
    Stock {
        shop,
        pen,
        notebook,
        warehouse,
        front,
        delivery,
    }
}

fn on_hand_row(
    item: RecordId,
    quantities: [&str; 3],
    unit_cost: &str,
    value: &str,
) -> StockOnHandRow {
    let quantities: Vec<Decimal> = quantities.into_iter().map(d).collect();
    StockOnHandRow {
        item,
        total: quantities.iter().sum(),
        quantities,
        unit_cost: d(unit_cost),
        value: d(value),
    }
}

#[test]
fn stock_on_hand_is_shown_per_location_at_any_date() {
    let Stock {
        shop,
        pen,
        notebook,
        warehouse,
        front,
        ..
    } = stock();
    let at = |date: &str| stock_on_hand(&shop.book, day(date));

    let report = at("2026-04-01");
    // The main location first, then the others by name (倉 before 店); the
    // archived, empty 旧倉庫 is no column.
    assert_eq!(report.locations, [None, Some(warehouse), Some(front)]);
    assert_eq!(
        report.rows,
        [
            on_hand_row(pen, ["10", "0", "0"], "100", "1000"),
            on_hand_row(notebook, ["0", "5", "0"], "200", "1000"),
        ],
        "tracked items that moved, in code order"
    );
    assert_eq!(
        at("2026-04-05").rows[0],
        on_hand_row(pen, ["6", "0", "4"], "100", "1000")
    );
    assert_eq!(
        at("2026-04-10").rows[0],
        on_hand_row(pen, ["6", "0", "1"], "100", "700")
    );
    assert_eq!(
        at("2026-05-31").rows[0],
        on_hand_row(pen, ["11", "0", "1"], "100", "1200")
    );
    // Before anything arrived the items are listed with nothing on hand.
    let before = at("2026-03-31");
    assert!(before
        .rows
        .iter()
        .all(|r| r.total.is_zero() && r.value.is_zero()));
    assert_eq!(before.rows.len(), 2);
}

/// A history row as the test reads it: kind, date, location, and the
/// quantity, balance, value and value balance.
type Row = (MoveKind, chrono::NaiveDate, Option<RecordId>, [Decimal; 4]);

fn history_row(
    kind: MoveKind,
    date: &str,
    location: Option<RecordId>,
    [quantity, balance, value, value_balance]: [&str; 4],
) -> Row {
    let figures = [d(quantity), d(balance), d(value), d(value_balance)];
    (kind, day(date), location, figures)
}

fn summary(rows: &[ItemHistoryRow]) -> Vec<Row> {
    rows.iter()
        .map(|r| {
            let figures = [r.quantity, r.balance, r.value, r.value_balance];
            (r.kind, r.date, r.location, figures)
        })
        .collect()
}

#[test]
fn an_items_history_keeps_a_running_balance() {
    let Stock {
        shop,
        pen,
        front,
        delivery,
        ..
    } = stock();
    let history = item_history(&shop.book, pen, None);
    assert_eq!(history.item, pen);
    use MoveKind::{Delivery, Receipt, Transfer};
    assert_eq!(
        summary(&history.rows),
        [
            history_row(Receipt, "2026-04-01", None, ["10", "10", "1000", "1000"]),
            history_row(Transfer, "2026-04-05", None, ["-4", "6", "0", "1000"]),
            history_row(
                Transfer,
                "2026-04-05",
                Some(front),
                ["4", "10", "0", "1000"]
            ),
            history_row(
                Delivery,
                "2026-04-10",
                Some(front),
                ["-3", "7", "-300", "700"]
            ),
            history_row(Receipt, "2026-05-01", None, ["5", "12", "500", "1200"]),
        ]
    );
    assert_eq!(
        history.rows[3].document,
        Some(delivery),
        "the delivery note made it"
    );
    assert!(history.rows[0].document.is_none());

    // In one location the quantity is that location's; the value stays the
    // item's whole stock.
    let at_front = item_history(&shop.book, pen, Some(Some(front)));
    assert_eq!(
        summary(&at_front.rows),
        [
            history_row(Transfer, "2026-04-05", Some(front), ["4", "4", "0", "1000"]),
            history_row(
                Delivery,
                "2026-04-10",
                Some(front),
                ["-3", "1", "-300", "700"]
            ),
        ]
    );
    let main: Vec<Decimal> = item_history(&shop.book, pen, Some(None))
        .rows
        .iter()
        .map(|r| r.balance)
        .collect();
    assert_eq!(main, [d("10"), d("6"), d("11")]);

    let never = shop.book.items().find(|i| i.code == "C-001").unwrap().id;
    assert!(item_history(&shop.book, never, None).rows.is_empty());
}

#[test]
fn the_stock_ledger_carries_each_item_from_opening_to_closing() {
    let Stock {
        shop,
        pen,
        notebook,
        ..
    } = stock();
    let april = stock_ledger(&shop.book, day("2026-04-02"), day("2026-04-30"));
    assert_eq!(
        (april.from, april.to),
        (day("2026-04-02"), day("2026-04-30"))
    );
    let ends = |i: &StockLedgerItem| {
        (
            i.item,
            i.opening_quantity,
            i.opening_value,
            i.rows.len(),
            i.closing_quantity,
            i.closing_value,
        )
    };
    assert_eq!(
        april.items.iter().map(ends).collect::<Vec<_>>(),
        [
            (pen, d("10"), d("1000"), 3, d("7"), d("700")),
            (notebook, d("5"), d("1000"), 0, d("5"), d("1000")),
        ],
        "items with an opening stock or moves; the one never moved is left out"
    );
    let balances: Vec<_> = april.items[0]
        .rows
        .iter()
        .map(|r| (r.balance, r.value_balance))
        .collect();
    assert_eq!(
        balances,
        [
            (d("6"), d("1000")),
            (d("10"), d("1000")),
            (d("7"), d("700"))
        ],
        "running on from the opening stock"
    );

    let may = stock_ledger(&shop.book, day("2026-05-01"), day("2026-05-31"));
    assert_eq!(
        may.items.iter().map(ends).collect::<Vec<_>>(),
        [
            (pen, d("7"), d("700"), 1, d("12"), d("1200")),
            (notebook, d("5"), d("1000"), 0, d("5"), d("1000")),
        ]
    );
    let march = stock_ledger(&shop.book, day("2026-03-01"), day("2026-03-31"));
    assert!(march.items.is_empty(), "nothing held, nothing moved");
    // The first day counts in the period, not in the opening.
    let first = stock_ledger(&shop.book, day("2026-04-01"), day("2026-04-01"));
    assert_eq!(
        first.items.iter().map(ends).collect::<Vec<_>>(),
        [
            (pen, d("0"), d("0"), 1, d("10"), d("1000")),
            (notebook, d("0"), d("0"), 1, d("5"), d("1000")),
        ]
    );
}

#[test]
fn the_stock_ledger_exports_as_csv() {
    let Stock { shop, .. } = stock();
    let april = stock_ledger(&shop.book, day("2026-04-02"), day("2026-04-30"));
    let kind_name = |kind: MoveKind| {
        match kind {
            MoveKind::Receipt => "入庫",
            MoveKind::Delivery => "出庫",
            MoveKind::Transfer => "移動",
            MoveKind::SalesReturn => "返品",
            MoveKind::Adjustment { .. } => "調整",
            MoveKind::Stocktake => "棚卸",
        }
        .to_string()
    };
    let headers = [
        "コード",
        "品名",
        "日付",
        "区分",
        "伝票",
        "場所",
        "入庫",
        "出庫",
        "在庫数",
        "金額",
        "在庫金額",
    ];
    let text = stock_ledger_csv(
        &april,
        &shop.book,
        kind_name,
        "本店",
        &headers,
        ["前月繰越", "次月繰越"],
    );
    let expected = [
        "\u{feff}コード,品名,日付,区分,伝票,場所,入庫,出庫,在庫数,金額,在庫金額",
        "A-001,赤いペン,2026-04-02,前月繰越,,,,,10,,1000",
        "A-001,赤いペン,2026-04-05,移動,,本店,,4,6,0,1000",
        "A-001,赤いペン,2026-04-05,移動,,店舗,4,,10,0,1000",
        "A-001,赤いペン,2026-04-10,出庫,DN-2026-0001,店舗,,3,7,-300,700",
        "A-001,赤いペン,2026-04-30,次月繰越,,,4,7,7,,700",
        "B-001,ノート,2026-04-02,前月繰越,,,,,5,,1000",
        "B-001,ノート,2026-04-30,次月繰越,,,0,0,5,,1000",
        "",
    ]
    .join("\r\n");
    assert_eq!(text, expected);
}

#[test]
fn the_change_history_names_a_move_by_its_document_items_and_quantities() {
    let Stock { shop, delivery, .. } = stock();
    let made = shop
        .book
        .stock_moves()
        .find(|m| m.document == Some(delivery))
        .expect("the delivery note's move")
        .clone();
    let summary = |record: Record| record_summary(&shop.book, &record, Locale::Ja);
    assert_eq!(
        summary(Record::StockMove(made)),
        "2026/04/10 DN-2026-0001 A-001 -3"
    );
    let transfer = shop
        .book
        .stock_moves()
        .find(|m| m.kind == MoveKind::Transfer)
        .unwrap()
        .clone();
    assert_eq!(
        summary(Record::StockMove(transfer)),
        "2026/04/05 A-001 -4, A-001 4"
    );
    let pen = shop
        .book
        .items()
        .find(|i| i.code == "A-001")
        .unwrap()
        .clone();
    assert_eq!(summary(Record::Item(pen)), "A-001 赤いペン");
}
