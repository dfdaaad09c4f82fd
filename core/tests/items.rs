//! Items and locations as a shop keeper enters them (JAN codes, validation,
//! unique codes, kana search), the valuation policy in force at a date and how
//! it may change, and reordering: items at or below their reorder point
//! counting what is still on order, and the purchase-order drafts that refill
//! them, one per supplier.

mod trade_common;

use kura_core::book::{set_closed_through, Record};
use kura_core::inventory::{
    below_reorder_point, reorder_drafts, save_inventory_settings, save_item, save_location,
    search_items, InventoryError, InventoryPolicy, InventorySettings, Item, ItemError, ItemInput,
    Jan, LocationInput, MoveKind, ReorderLine, StockPosting, ValuationMethod, MAX_ITEM_NAME_CHARS,
};
use kura_core::ledger::TaxCode;
use kura_core::trade::{copy_forward, DocumentKind, DocumentStatus, PriceBasis, TradeError};
use rust_decimal::Decimal;
use trade_common::{d, day, fixed, goods, ids_after, Shop, SATO, SUZUKI, YAMADA};

// ---- JAN ----

#[test]
fn a_real_jan_code_is_accepted_as_typed_or_scanned() {
    // 4901777018884: the body 490177701888 weighted 3, 1, 3… from the right:
    // 8·3 + 8·1 + 8·3 + 1·1 + 0·3 + 7·1 + 7·3 + 7·1 + 1·3 + 0·1 + 9·3 + 4·1
    // = 24 + 8 + 24 + 1 + 0 + 7 + 21 + 7 + 3 + 0 + 27 + 4 = 126; 130 − 126 = 4,
    // the last digit.
    let jan = Jan::parse("4901777018884").unwrap();
    assert_eq!(jan.as_str(), "4901777018884");
    for typed in [
        "４９０１７７７０１８８８４",
        " 49-0177-7018884 ",
        "４９０１７７７　０１８８８４",
        "4901777－018884",
    ] {
        assert_eq!(Jan::parse(typed), Ok(jan.clone()), "{typed}");
    }
    // EAN-8: 9638507 weighted 3, 1… from the right: 7·3 + 0 + 5·3 + 8 + 3·3 +
    // 6 + 9·3 = 86; 90 − 86 = 4.
    assert_eq!(Jan::parse("9638-5074").unwrap().as_str(), "96385074");
    // A body whose weighted sum is a multiple of ten has the check digit 0:
    // 0000000 → 0.
    assert!(Jan::parse("00000000").is_ok());
}

#[test]
fn a_wrong_jan_code_is_refused_with_the_reason() {
    assert_eq!(Jan::parse("4901777018885"), Err(ItemError::JanCheckDigit));
    assert_eq!(Jan::parse("96385075"), Err(ItemError::JanCheckDigit));
    for typed in [
        "",
        "490177701888",
        "49017770188840",
        "4901777O18884",
        "1234567",
    ] {
        assert_eq!(Jan::parse(typed), Err(ItemError::JanFormat), "{typed:?}");
    }
    // Only a valid code can come out of storage or an import.
    assert!(serde_json::from_str::<Jan>("\"4901777018885\"").is_err());
    let jan: Jan = serde_json::from_str("\"4901777018884\"").unwrap();
    assert_eq!(serde_json::to_string(&jan).unwrap(), "\"4901777018884\"");
}

// ---- items ----

fn saved(shop: &Shop, id: kura_core::ids::RecordId) -> Item {
    shop.book.item(id).expect("the item").clone()
}

fn try_save(shop: &mut Shop, input: ItemInput) -> Result<kura_core::ids::RecordId, ItemError> {
    let id = shop.id();
    try_save_as(shop, id, input)
}

fn try_save_as(
    shop: &mut Shop,
    id: kura_core::ids::RecordId,
    input: ItemInput,
) -> Result<kura_core::ids::RecordId, ItemError> {
    let ctx = shop.ctx();
    let set = save_item(&shop.book, id, input, ctx)?;
    shop.apply(&set);
    Ok(id)
}

#[test]
fn an_item_is_saved_as_typed_with_full_width_numbers() {
    let mut shop = Shop::new();
    let id = shop.save_goods(ItemInput {
        code: " A-001 ".into(),
        name: " 赤いペン ".into(),
        reading: "あかいぺん".into(),
        unit: "本".into(),
        sale_price: "１，２００".into(),
        purchase_cost: "800".into(),
        reorder_point: "１０".into(),
        reorder_quantity: "".into(),
        preferred_supplier: Some(fixed(SATO)),
        barcode: "４９０１７７７０１８８８４".into(),
        ..goods("", "", "")
    });
    let item = saved(&shop, id);
    assert_eq!(item.code, "A-001");
    assert_eq!(item.name, "赤いペン");
    assert_eq!(item.unit, "本");
    assert_eq!(item.sale_price, d("1200"));
    assert_eq!(item.purchase_cost, d("800"));
    assert_eq!(
        item.tax_code,
        TaxCode::Sales10,
        "the standard rate by default"
    );
    assert!(item.tracked);
    assert_eq!(item.reorder_point, Some(d("10")));
    assert_eq!(item.reorder_quantity, None, "blank is no reorder quantity");
    assert_eq!(item.preferred_supplier, Some(fixed(SATO)));
    assert_eq!(
        item.barcode.as_ref().map(Jan::as_str),
        Some("4901777018884")
    );

    // A service with no cost typed and a reduced rate.
    let id = shop.save_goods(ItemInput {
        code: "S-1".into(),
        name: "配送料".into(),
        tax_code: Some(TaxCode::Sales8Reduced),
        tracked: false,
        ..ItemInput::default()
    });
    let service = saved(&shop, id);
    assert_eq!(service.purchase_cost, Decimal::ZERO);
    assert_eq!(service.tax_code, TaxCode::Sales8Reduced);
    assert!(service.barcode.is_none());
}

#[test]
fn a_bad_item_is_refused_field_by_field_and_nothing_is_saved() {
    let mut shop = Shop::new();
    let cases: Vec<(ItemInput, ItemError)> = vec![
        (goods("  ", "ペン", "100"), ItemError::BlankCode),
        (goods("P-1", " ", "100"), ItemError::BlankName),
        (
            goods("P-1", &"あ".repeat(MAX_ITEM_NAME_CHARS + 1), "100"),
            ItemError::NameTooLong {
                max: MAX_ITEM_NAME_CHARS,
            },
        ),
        (goods("P-1", "ペン", "-100"), ItemError::BadPrice),
        (goods("P-1", "ペン", "百円"), ItemError::BadPrice),
        (goods("P-1", "ペン", "10.5"), ItemError::BadPrice),
        (
            ItemInput {
                sale_price: "-1".into(),
                ..goods("P-1", "ペン", "100")
            },
            ItemError::BadPrice,
        ),
        (
            ItemInput {
                reorder_point: "-1".into(),
                ..goods("P-1", "ペン", "100")
            },
            ItemError::BadQuantity,
        ),
        (
            ItemInput {
                reorder_quantity: "many".into(),
                ..goods("P-1", "ペン", "100")
            },
            ItemError::BadQuantity,
        ),
        (
            ItemInput {
                barcode: "4901777018885".into(),
                ..goods("P-1", "ペン", "100")
            },
            ItemError::JanCheckDigit,
        ),
        (
            ItemInput {
                barcode: "12345".into(),
                ..goods("P-1", "ペン", "100")
            },
            ItemError::JanFormat,
        ),
        (
            ItemInput {
                preferred_supplier: Some(fixed(YAMADA)),
                ..goods("P-1", "ペン", "100")
            },
            ItemError::NotASupplier,
        ),
        (
            ItemInput {
                preferred_supplier: Some(fixed(999)),
                ..goods("P-1", "ペン", "100")
            },
            ItemError::NotASupplier,
        ),
    ];
    for (input, error) in cases {
        assert_eq!(try_save(&mut shop, input.clone()), Err(error), "{input:?}");
    }
    assert_eq!(shop.book.items().count(), 0);
    // A decimal quantity is fine (kg, m).
    let id = try_save(
        &mut shop,
        ItemInput {
            reorder_point: "2.5".into(),
            ..goods("P-1", "ペン", "100")
        },
    )
    .unwrap();
    assert_eq!(saved(&shop, id).reorder_point, Some(d("2.5")));
}

#[test]
fn an_item_code_is_unique_among_items_in_use() {
    let mut shop = Shop::new();
    let pen = shop.save_goods(goods("A-001", "赤いペン", "80"));
    assert_eq!(
        try_save(&mut shop, goods("a-001", "青いペン", "80")),
        Err(ItemError::DuplicateCode("a-001".into())),
        "case does not make a code different"
    );
    assert_eq!(
        try_save(&mut shop, goods("Ａ－００１", "青いペン", "80")),
        Err(ItemError::DuplicateCode("Ａ－００１".into())),
        "nor does full width"
    );
    // The item itself may be saved again with its code.
    try_save_as(&mut shop, pen, goods("A-001", "赤いペン（太）", "85")).unwrap();
    assert_eq!(saved(&shop, pen).name, "赤いペン（太）");

    // Archived, its code is free for a new item…
    let archived = ItemInput {
        archived: true,
        ..goods("A-001", "赤いペン（太）", "85")
    };
    try_save_as(&mut shop, pen, archived).unwrap();
    let new_pen = try_save(&mut shop, goods("A-001", "新しい赤ペン", "90")).unwrap();
    assert_ne!(new_pen, pen);
    // …and bringing the old one back would make two.
    assert_eq!(
        try_save_as(&mut shop, pen, goods("A-001", "赤いペン（太）", "85")),
        Err(ItemError::DuplicateCode("A-001".into()))
    );
}

#[test]
fn goods_with_stock_cannot_become_a_service() {
    let mut shop = Shop::new();
    let pen = shop.save_goods(goods("A-001", "赤いペン", "80"));
    shop.put_move(
        "2026-04-01",
        MoveKind::Receipt,
        &[(pen, None, "5", Some("80"))],
    );
    let service = ItemInput {
        tracked: false,
        ..goods("A-001", "赤いペン", "80")
    };
    assert_eq!(
        try_save_as(&mut shop, pen, service.clone()),
        Err(ItemError::StockOnHand)
    );
    assert!(saved(&shop, pen).tracked);
    // Any other change is fine while stock is held.
    try_save_as(&mut shop, pen, goods("A-001", "赤いペン", "85")).unwrap();
    // Once the stock is gone (here, a later date: all dates count), it may.
    let warehouse = shop.add_location("倉庫");
    shop.put_move(
        "2026-05-01",
        MoveKind::Transfer,
        &[(pen, None, "-5", None), (pen, Some(warehouse), "5", None)],
    );
    assert_eq!(
        try_save_as(&mut shop, pen, service.clone()),
        Err(ItemError::StockOnHand),
        "stock moved to another location is still stock"
    );
    shop.put_move(
        "2026-12-31",
        MoveKind::Delivery,
        &[(pen, Some(warehouse), "-5", None)],
    );
    try_save_as(&mut shop, pen, service).unwrap();
    assert!(!saved(&shop, pen).tracked);
}

#[test]
fn a_location_needs_a_name_of_its_own() {
    let mut shop = Shop::new();
    let try_location = |shop: &mut Shop, id, name: &str| {
        let ctx = shop.ctx();
        let input = LocationInput {
            name: name.into(),
            archived: false,
        };
        save_location(&shop.book, id, input, ctx).map(|set| shop.apply(&set))
    };
    let warehouse = shop.id();
    try_location(&mut shop, warehouse, " 第一倉庫 ").unwrap();
    assert_eq!(shop.book.location(warehouse).unwrap().name, "第一倉庫");
    let new = shop.id();
    assert_eq!(
        try_location(&mut shop, new, "　"),
        Err(ItemError::BlankLocationName)
    );
    assert_eq!(
        try_location(&mut shop, new, "第一倉庫"),
        Err(ItemError::DuplicateLocation)
    );
    assert_eq!(shop.book.locations().count(), 1);
    // Renaming itself is fine, and so is another name.
    try_location(&mut shop, warehouse, "第１倉庫").unwrap();
    try_location(&mut shop, new, "店舗").unwrap();
    assert_eq!(shop.book.locations().count(), 2);
    assert_eq!(
        try_location(&mut shop, new, "第1倉庫"),
        Err(ItemError::DuplicateLocation),
        "full-width and half-width digits read the same"
    );
}

#[test]
fn items_are_found_by_code_name_reading_or_barcode_whatever_the_kana() {
    let mut shop = Shop::new();
    let red = shop.save_goods(ItemInput {
        reading: "あかいぺん".into(),
        barcode: "4901777018884".into(),
        ..goods("B-002", "赤いペン", "80")
    });
    let blue = shop.save_goods(ItemInput {
        reading: "アオイペン".into(),
        ..goods("B-001", "青いペン", "80")
    });
    let old = shop.save_goods(ItemInput {
        reading: "ふるいぺん".into(),
        archived: true,
        ..goods("A-000", "古いペン", "80")
    });
    let notebook = shop.save_goods(goods("C-001", "ノート", "120"));
    let codes = |found: Vec<&Item>| found.iter().map(|i| i.id).collect::<Vec<_>>();

    // Half-width kana, as a scanner or an old system types them.
    assert_eq!(codes(search_items(&shop.book, "ｱｶｲﾍﾟﾝ", false)), [red]);
    assert_eq!(codes(search_items(&shop.book, "あおい", false)), [blue]);
    assert_eq!(codes(search_items(&shop.book, "ﾍﾟﾝ", false)), [blue, red]);
    assert_eq!(
        codes(search_items(&shop.book, "ペン", true)),
        [old, blue, red]
    );
    assert_eq!(codes(search_items(&shop.book, "ｂ－００２", false)), [red]);
    assert_eq!(codes(search_items(&shop.book, "018884", false)), [red]);
    assert_eq!(codes(search_items(&shop.book, "ノート", false)), [notebook]);
    assert_eq!(
        codes(search_items(&shop.book, " ", false)),
        [blue, red, notebook],
        "an empty search lists every item in use, in code order"
    );
    assert!(search_items(&shop.book, "消しゴム", true).is_empty());
}

// ---- valuation policy ----

fn policy(from: &str, method: ValuationMethod, posting: StockPosting) -> InventoryPolicy {
    InventoryPolicy {
        from: day(from),
        method,
        posting,
    }
}

#[test]
fn the_policy_in_force_is_the_last_one_started() {
    let settings = InventorySettings::defaults(fixed(1));
    let default = settings.policy_at(day("2026-06-30"));
    assert_eq!(default.method, ValuationMethod::LastPurchaseCost);
    assert_eq!(default.posting, StockPosting::Periodic);

    let fifo = policy("2026-01-01", ValuationMethod::Fifo, StockPosting::Periodic);
    let average = policy(
        "2026-07-01",
        ValuationMethod::MovingAverage,
        StockPosting::Perpetual,
    );
    let settings = InventorySettings {
        policies: vec![fifo, average],
        ..settings
    };
    assert_eq!(
        settings.policy_at(day("2025-12-31")),
        fifo,
        "the first reaches back"
    );
    assert_eq!(settings.policy_at(day("2026-01-01")), fifo);
    assert_eq!(settings.policy_at(day("2026-06-30")), fifo);
    assert_eq!(settings.policy_at(day("2026-07-01")), average);
    assert_eq!(settings.policy_at(day("2030-01-01")), average);
}

fn save_settings(
    shop: &mut Shop,
    allow_negative: bool,
    change: Option<InventoryPolicy>,
) -> Result<(), InventoryError> {
    let ctx = shop.ctx();
    let set = save_inventory_settings(&shop.book, allow_negative, change, ctx)?;
    shop.apply(&set);
    Ok(())
}

#[test]
fn a_method_changes_only_forward_and_never_inside_closed_books() {
    let mut shop = Shop::new();
    let fifo = policy("2026-04-01", ValuationMethod::Fifo, StockPosting::Periodic);
    save_settings(&mut shop, false, Some(fifo)).unwrap();
    let settings = shop.book.inventory_settings().into_owned();
    assert_eq!(
        settings.book_id,
        fixed(1),
        "one record per book, its id the book's"
    );
    assert_eq!(settings.policies, [fifo]);

    for earlier in ["2026-04-01", "2026-03-01"] {
        let change = policy(
            earlier,
            ValuationMethod::MovingAverage,
            StockPosting::Periodic,
        );
        assert_eq!(
            save_settings(&mut shop, false, Some(change)),
            Err(InventoryError::PolicyOrder),
            "{earlier}"
        );
    }
    let average = policy(
        "2026-10-01",
        ValuationMethod::MovingAverage,
        StockPosting::Perpetual,
    );
    save_settings(&mut shop, true, Some(average)).unwrap();
    let settings = shop.book.inventory_settings().into_owned();
    assert_eq!(settings.policies, [fifo, average]);
    assert!(settings.allow_negative);

    // Allowing negative stock alone leaves the policies as they are.
    save_settings(&mut shop, false, None).unwrap();
    let settings = shop.book.inventory_settings().into_owned();
    assert_eq!(settings.policies, [fifo, average]);
    assert!(!settings.allow_negative);

    let ctx = shop.ctx();
    let close = set_closed_through(&shop.book, Some(day("2026-12-31")), ctx).unwrap();
    shop.apply(&close);
    let change = policy("2026-12-31", ValuationMethod::Fifo, StockPosting::Periodic);
    assert_eq!(
        save_settings(&mut shop, false, Some(change)),
        Err(InventoryError::PeriodClosed(day("2026-12-31")))
    );
    let change = policy("2027-01-01", ValuationMethod::Fifo, StockPosting::Periodic);
    save_settings(&mut shop, false, Some(change)).unwrap();
    assert_eq!(shop.book.inventory_settings().policies.len(), 3);
}

#[test]
fn a_first_method_set_after_moves_keeps_the_defaults_for_them() {
    let mut shop = Shop::new();
    let pen = shop.save_goods(goods("A-001", "赤いペン", "80"));
    shop.put_move(
        "2026-02-10",
        MoveKind::Receipt,
        &[(pen, None, "5", Some("80"))],
    );
    let fifo = policy("2026-04-01", ValuationMethod::Fifo, StockPosting::Perpetual);
    save_settings(&mut shop, false, Some(fifo)).unwrap();
    let settings = shop.book.inventory_settings().into_owned();
    let defaults = policy(
        "2026-02-10",
        ValuationMethod::LastPurchaseCost,
        StockPosting::Periodic,
    );
    assert_eq!(settings.policies, [defaults, fifo]);
    assert_eq!(settings.policy_at(day("2026-03-31")), defaults);
}

// ---- reordering ----

/// A shop with pens (reorder at 10, order 20, from 佐藤物産), notebooks
/// (reorder at 5, no reorder quantity, from 鈴木商店), erasers (reorder at 3,
/// no supplier), and items never reordered: a service, an archived item and
/// one without a reorder point.
struct Stationer {
    shop: Shop,
    pen: kura_core::ids::RecordId,
    notebook: kura_core::ids::RecordId,
    eraser: kura_core::ids::RecordId,
}

fn stationer() -> Stationer {
    let mut shop = Shop::new();
    let pen = shop.save_goods(ItemInput {
        unit: "本".into(),
        reorder_point: "10".into(),
        reorder_quantity: "20".into(),
        preferred_supplier: Some(fixed(SATO)),
        ..goods("A-001", "赤いペン", "80")
    });
    let notebook = shop.save_goods(ItemInput {
        unit: "冊".into(),
        tax_code: Some(TaxCode::Sales8Reduced),
        reorder_point: "5".into(),
        preferred_supplier: Some(fixed(SUZUKI)),
        ..goods("B-001", "ノート", "120")
    });
    let eraser = shop.save_goods(ItemInput {
        reorder_point: "3".into(),
        ..goods("C-001", "消しゴム", "50")
    });
    shop.save_goods(ItemInput {
        tracked: false,
        reorder_point: "3".into(),
        ..goods("S-001", "名入れ", "0")
    });
    shop.save_goods(ItemInput {
        archived: true,
        reorder_point: "3".into(),
        ..goods("Z-001", "旧ペン", "70")
    });
    shop.save_goods(goods("D-001", "定規", "150"));
    shop.put_move(
        "2026-04-01",
        MoveKind::Receipt,
        &[
            (pen, None, "12", Some("80")),
            (notebook, None, "2", Some("120")),
            (eraser, None, "3", Some("50")),
        ],
    );
    Stationer {
        shop,
        pen,
        notebook,
        eraser,
    }
}

fn reorder_line(
    item: kura_core::ids::RecordId,
    on_hand: &str,
    on_order: &str,
    point: &str,
    suggested: &str,
    supplier: Option<u128>,
) -> ReorderLine {
    ReorderLine {
        item,
        on_hand: d(on_hand),
        on_order: d(on_order),
        reorder_point: d(point),
        suggested: d(suggested),
        supplier: supplier.map(fixed),
    }
}

#[test]
fn items_at_or_below_their_reorder_point_are_listed_with_what_to_order() {
    let Stationer {
        mut shop,
        pen,
        notebook,
        eraser,
    } = stationer();
    // Pens: 12 > 10. Notebooks: 2 ≤ 5, 3 to reach the point. Erasers: 3, at
    // the point: still one to order.
    assert_eq!(
        below_reorder_point(&shop.book, day("2026-04-01")),
        [
            reorder_line(notebook, "2", "0", "5", "3", Some(SUZUKI)),
            reorder_line(eraser, "3", "0", "3", "1", None),
        ]
    );
    assert!(
        below_reorder_point(&shop.book, day("2026-03-31"))
            .iter()
            .all(|l| l.on_hand.is_zero()),
        "before the receipt nothing was on hand"
    );
    shop.put_move("2026-04-10", MoveKind::Delivery, &[(pen, None, "-5", None)]);
    let lines = below_reorder_point(&shop.book, day("2026-04-10"));
    assert_eq!(
        lines[0],
        reorder_line(pen, "7", "0", "10", "20", Some(SATO)),
        "the reorder quantity is ordered, in code order"
    );
    assert_eq!(lines.len(), 3);
}

#[test]
fn what_is_still_on_order_counts_until_it_is_received() {
    let Stationer { mut shop, pen, .. } = stationer();
    shop.put_move("2026-04-10", MoveKind::Delivery, &[(pen, None, "-5", None)]);
    // An issued purchase order for 10 pens (and a line that is no item).
    let mut line = trade_common::line("赤いペン", "10", "80", TaxCode::Purchase10);
    line.item = Some(pen);
    let shipping = trade_common::line("送料", "1", "500", TaxCode::Purchase10);
    let order = shop.draft(
        DocumentKind::PurchaseOrder,
        SATO,
        "2026-04-11",
        vec![line, shipping],
    );
    let order = shop.issue(order);
    let pens = |shop: &Shop, date: &str| {
        below_reorder_point(&shop.book, day(date))
            .into_iter()
            .find(|l| l.item == pen)
    };
    assert!(
        pens(&shop, "2026-04-11").is_none(),
        "7 on hand + 10 on order > 10"
    );
    assert_eq!(
        pens(&shop, "2026-04-10"),
        Some(reorder_line(pen, "7", "0", "10", "20", Some(SATO))),
        "not ordered yet on the 10th"
    );

    // 4 arrive: a goods receipt copied from the order, for part of it.
    let receipt_id = shop.id();
    let mut receipt = copy_forward(
        &shop.book,
        &[order.id],
        DocumentKind::GoodsReceipt,
        receipt_id,
        day("2026-04-15"),
    )
    .unwrap();
    receipt.lines.retain(|l| l.item == Some(pen));
    receipt.lines[0].quantity = d("4");
    // A draft receipt has brought nothing in yet.
    let ctx = shop.ctx();
    let set = kura_core::trade::save_document_draft(&shop.book, receipt.clone(), ctx).unwrap();
    shop.apply(&set);
    let lines = below_reorder_point(&shop.book, day("2026-04-15"));
    assert!(lines.iter().all(|l| l.item != pen));
    shop.issue(receipt);

    // 11 on hand, 6 still to come. A delivery of 8 leaves 3 + 6 = 9 ≤ 10.
    shop.put_move("2026-04-20", MoveKind::Delivery, &[(pen, None, "-8", None)]);
    assert_eq!(
        pens(&shop, "2026-04-20"),
        Some(reorder_line(pen, "3", "6", "10", "20", Some(SATO)))
    );

    // Cancelling the order (after the receipt, which must go first, taking
    // its 4 back out: so the book must allow negative stock) leaves nothing
    // on order.
    save_settings(&mut shop, true, None).unwrap();
    let cancel = |shop: &mut Shop, id| {
        let first = shop.id();
        let ctx = shop.ctx();
        let set =
            kura_core::trade::cancel_document(&shop.book, id, &mut ids_after(first), ctx).unwrap();
        shop.apply(&set);
    };
    cancel(&mut shop, receipt_id);
    cancel(&mut shop, order.id);
    assert_eq!(
        pens(&shop, "2026-04-20"),
        Some(reorder_line(pen, "-1", "0", "10", "20", Some(SATO))),
        "the cancelled receipt took its 4 back out"
    );
}

#[test]
fn reordering_drafts_one_purchase_order_per_supplier_in_one_change_set() {
    let Stationer {
        mut shop,
        pen,
        notebook,
        eraser,
    } = stationer();
    let glue = shop.save_goods(ItemInput {
        unit: "個".into(),
        reorder_point: "2".into(),
        reorder_quantity: "6".into(),
        preferred_supplier: Some(fixed(SATO)),
        ..goods("A-002", "のり", "95")
    });
    shop.put_move("2026-04-10", MoveKind::Delivery, &[(pen, None, "-5", None)]);
    let lines = below_reorder_point(&shop.book, day("2026-04-10"));
    let items: Vec<_> = lines.iter().map(|l| l.item).collect();
    assert_eq!(items, [pen, glue, notebook, eraser]);

    let first = shop.id();
    let mut ids = ids_after(first);
    let ctx = shop.ctx();
    let set = reorder_drafts(&shop.book, &lines, day("2026-04-11"), &mut ids, ctx).unwrap();
    assert_eq!(set.id, ctx.set_id);
    assert_eq!(set.changes.len(), 2, "two suppliers; erasers have none");
    shop.apply(&set);

    let orders: Vec<_> = shop
        .book
        .documents()
        .filter(|d| d.kind == DocumentKind::PurchaseOrder)
        .cloned()
        .collect();
    assert_eq!(orders.len(), 2);
    let sato = orders.iter().find(|o| o.partner == fixed(SATO)).unwrap();
    let suzuki = orders.iter().find(|o| o.partner == fixed(SUZUKI)).unwrap();
    for order in [sato, suzuki] {
        assert_eq!(order.status, DocumentStatus::Draft);
        assert_eq!(order.date, day("2026-04-11"));
        assert_eq!(order.price_basis, PriceBasis::TaxExclusive);
        assert!(order.number.is_none());
    }
    let summary = |order: &kura_core::trade::Document| {
        order
            .lines
            .iter()
            .map(|l| {
                (
                    l.item,
                    l.description.clone(),
                    l.unit.clone(),
                    l.quantity,
                    l.unit_price,
                    l.tax_code,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        summary(sato),
        [
            (
                Some(pen),
                "赤いペン".into(),
                "本".into(),
                d("20"),
                d("80"),
                TaxCode::Purchase10
            ),
            (
                Some(glue),
                "のり".into(),
                "個".into(),
                d("6"),
                d("95"),
                TaxCode::Purchase10
            ),
        ]
    );
    assert_eq!(
        summary(suzuki),
        [(
            Some(notebook),
            "ノート".into(),
            "冊".into(),
            d("3"),
            d("120"),
            TaxCode::Purchase8Reduced
        )]
    );
}

#[test]
fn reordering_is_refused_whole_when_a_draft_would_be_invalid() {
    let Stationer {
        mut shop, eraser, ..
    } = stationer();
    let lines = below_reorder_point(&shop.book, day("2026-04-01"));
    let first = shop.id();
    let ctx = shop.ctx();
    let only_eraser: Vec<ReorderLine> =
        lines.iter().filter(|l| l.item == eraser).cloned().collect();
    assert_eq!(
        reorder_drafts(
            &shop.book,
            &only_eraser,
            day("2026-04-01"),
            &mut ids_after(first),
            ctx
        )
        .map(|s| s.changes.len()),
        Err(TradeError::NoLines),
        "nothing to order from anyone"
    );
    // 鈴木商店 stops being a supplier after the list was made.
    let mut suzuki = shop.book.partner(fixed(SUZUKI)).unwrap().clone();
    suzuki.is_supplier = false;
    suzuki.is_customer = true;
    shop.put(Record::Partner(suzuki));
    let ctx = shop.ctx();
    assert_eq!(
        reorder_drafts(
            &shop.book,
            &lines,
            day("2026-04-01"),
            &mut ids_after(first),
            ctx
        )
        .map(|s| s.changes.len()),
        Err(TradeError::NotASupplier)
    );
}

// ---- storage ----

/// Every inventory record, with its optional fields empty and filled, reads
/// back from its stored JSON as it was written (a `null` an optional amount
/// could not read back once made a saved book unreadable).
#[test]
fn inventory_records_read_back_as_stored() {
    use kura_core::inventory::{
        CountLine, Location, MoveLine, StockMove, Stocktake, StocktakeStatus,
    };
    let mut shop = Shop::new();
    let pen = shop.add_item("P-1", true);
    let bare = Item {
        reorder_point: None,
        reorder_quantity: None,
        preferred_supplier: None,
        barcode: None,
        ..saved(&shop, pen)
    };
    let full = Item {
        reorder_point: Some(d("5")),
        reorder_quantity: Some(d("12.5")),
        preferred_supplier: Some(fixed(SATO)),
        barcode: Some(Jan::parse("4901777018884").unwrap()),
        ..bare.clone()
    };
    let line = |unit_cost| MoveLine {
        item: bare.id,
        location: Some(fixed(77)),
        quantity: d("-3"),
        unit_cost,
    };
    let records = [
        Record::Item(bare.clone()),
        Record::Item(full),
        Record::Location(Location {
            id: fixed(77),
            name: "倉庫".into(),
            archived: false,
        }),
        Record::StockMove(StockMove {
            id: fixed(78),
            date: day("2026-03-01"),
            kind: MoveKind::Receipt,
            lines: vec![line(None), line(Some(d("99.5")))],
            document: None,
            stocktake: None,
            reverses: Some(fixed(79)),
            entry: None,
            note: String::new(),
        }),
        Record::Stocktake(Stocktake {
            id: fixed(80),
            date: day("2026-03-31"),
            location: None,
            counts: vec![CountLine {
                item: bare.id,
                counted: d("4"),
            }],
            status: StocktakeStatus::Counting,
            stock_move: None,
            entry: None,
            note: String::new(),
        }),
        Record::InventorySettings(InventorySettings {
            book_id: fixed(81),
            policies: vec![policy(
                "2026-01-01",
                ValuationMethod::Fifo,
                StockPosting::Perpetual,
            )],
            allow_negative: true,
        }),
    ];
    for record in records {
        let json = serde_json::to_string(&record).unwrap();
        let back: Record = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(back, record, "{json}");
    }
}
