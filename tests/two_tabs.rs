//! Two writers on one book, in headless Chromium, through the app's write path
//! (`OpenBook`): a set made from a book that lacks a commit the store holds is
//! made again from the fresh book, never written stale; two open books issuing
//! invoices at once give distinct, gap-free numbers, with the browser's Web
//! Locks and without them (the revision check alone).
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::str::FromStr;

use chrono::NaiveDate;
use kura::app::{OpenBook, WriteError};
use kura::storage::IdbStore;
use kura_core::book::{create_book, Book, Record, SettingsInput, WriteCtx};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::ledger::TaxCode;
use kura_core::store::Store;
use kura_core::sync::{Change, ChangeSet, HlcClock};
use kura_core::trade::{issue_document, Document, DocumentKind, DocumentLine, TradeError};
use leptos::prelude::WithUntracked;
use rust_decimal::Decimal;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static COUNTER: Cell<u64> = const { Cell::new(0) };
}

/// An id no other test uses.
fn unique_id() -> RecordId {
    let n = COUNTER.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let random = (js_sys::Math::random() * 1e12) as u128;
    RecordId::from_parts(js_sys::Date::now() as u64 + n, random * 1_000 + n as u128)
}

/// The customer every invoice is made out to.
fn customer() -> RecordId {
    RecordId::from_parts(1_700_000_000_000, 11)
}

/// A stored book with one customer, written straight into the store (at
/// revision 1: the customer's commit), as another tab would have left it.
async fn new_book() -> RecordId {
    let book_id = unique_id();
    let mut clock = HlcClock::new(DeviceId(unique_id()));
    let mut ctx = || WriteCtx {
        set_id: unique_id(),
        stamp: clock.tick(js_sys::Date::now() as u64),
    };
    let input = SettingsInput {
        name: "二つのタブ商店".into(),
        ..SettingsInput::default()
    };
    let first = create_book(input, book_id, &mut unique_id, ctx()).expect("a new book");
    let store = IdbStore::create(book_id, &first)
        .await
        .expect("the book db");
    let partner = serde_json::from_value(serde_json::json!({
        "id": customer(), "name": "山田商事", "is_customer": true, "is_supplier": false,
    }))
    .expect("a partner");
    let c = ctx();
    let set = ChangeSet {
        id: c.set_id,
        stamp: c.stamp,
        changes: vec![Change::Put {
            record: Record::Partner(partner),
        }],
        link: None,
    };
    store.commit(&set).await.expect("the customer");
    book_id
}

/// An invoice draft of ¥10,000 + 10% to the customer.
fn invoice_draft() -> Document {
    let line = DocumentLine {
        description: "作業".into(),
        quantity: Decimal::ONE,
        unit: String::new(),
        unit_price: Decimal::from(10_000),
        discount: Decimal::ZERO,
        tax_code: TaxCode::Sales10,
        account: None,
        item: None,
        source: None,
        withheld: true,
        supply_date: None,
    };
    Document {
        lines: vec![line],
        ..Document::draft(
            unique_id(),
            DocumentKind::Invoice,
            customer(),
            NaiveDate::from_str("2026-06-30").unwrap(),
        )
    }
}

/// Issues an invoice through the app's write path; returns the draft's id.
async fn issue(open: OpenBook) -> Result<RecordId, WriteError<TradeError>> {
    let draft = invoice_draft();
    let id = draft.id;
    open.write(|book, ctx| issue_document(book, draft, &mut unique_id, ctx))
        .await?;
    Ok(id)
}

/// The invoice numbers in a book, sorted.
fn numbers(book: &Book) -> Vec<String> {
    let mut numbers: Vec<String> = book.documents().filter_map(|d| d.number.clone()).collect();
    numbers.sort();
    numbers
}

/// The book as the store holds it (what a reload would show).
async fn stored(book_id: RecordId) -> Book {
    let store = IdbStore::open(book_id).await.expect("the book opens");
    store.load_book().await.expect("the book loads").book
}

#[wasm_bindgen_test]
async fn a_set_made_from_a_stale_book_is_made_again_from_the_fresh_one() {
    let book_id = new_book().await;
    let (open, _) = OpenBook::open(book_id).await.expect("the book opens");

    // Another writer issues an invoice behind this tab's back: straight into
    // the store, no message on the tab channel.
    let store = IdbStore::open(book_id).await.unwrap();
    let behind = store.load_book().await.unwrap().book;
    let mut clock = HlcClock::new(kura::platform::device_id());
    clock.observe(&behind.latest_stamp().unwrap());
    let ctx = kura::platform::write_ctx(&mut clock);
    let first = invoice_draft();
    let first_id = first.id;
    let set = issue_document(&behind, first, &mut unique_id, ctx).expect("issued behind");
    store.commit(&set).await.unwrap();
    assert!(
        open.book.with_untracked(|b| b.document(first_id).is_none()),
        "this tab has not folded it in"
    );

    // This tab issues: the set it commits is made from a book that holds the
    // other invoice, so it takes the next number.
    let made_from = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::clone(&made_from);
    let second = invoice_draft();
    let second_id = second.id;
    open.write(move |book, ctx| {
        seen.borrow_mut().push(book.document(first_id).is_some());
        issue_document(book, second, &mut unique_id, ctx)
    })
    .await
    .expect("issued");
    assert_eq!(
        *made_from.borrow(),
        vec![true],
        "made once, from the fresh book"
    );

    let number = |book: &Book, id| book.document(id).and_then(|d| d.number.clone());
    let book = stored(book_id).await;
    assert_eq!(number(&book, first_id).as_deref(), Some("INV-2026-0001"));
    assert_eq!(number(&book, second_id).as_deref(), Some("INV-2026-0002"));
    assert_eq!(
        open.book.with_untracked(|b| b.change_set_count()),
        book.change_set_count(),
        "the tab holds everything stored"
    );
}

/// Ten invoices issued at once, five in each of two open books of one book
/// (two tabs, as far as the store is concerned), alternating.
async fn issue_ten_at_once() -> (RecordId, Vec<String>) {
    let book_id = new_book().await;
    let (a, _) = OpenBook::open(book_id).await.unwrap();
    let (b, _) = OpenBook::open(book_id).await.unwrap();
    let writes = js_sys::Array::new();
    for i in 0..10 {
        let open = if i % 2 == 0 { a } else { b };
        writes.push(&wasm_bindgen_futures::future_to_promise(async move {
            issue(open)
                .await
                .map(|_| JsValue::UNDEFINED)
                .map_err(|e| JsValue::from_str(&format!("{e:?}")))
        }));
    }
    JsFuture::from(js_sys::Promise::all(&writes))
        .await
        .expect("every invoice issued");
    let numbers = numbers(&stored(book_id).await);
    for open in [a, b] {
        assert_eq!(
            open.book.with_untracked(self::numbers),
            numbers,
            "each open book holds every number"
        );
    }
    (book_id, numbers)
}

fn one_to_ten() -> Vec<String> {
    (1..=10).map(|n| format!("INV-2026-{n:04}")).collect()
}

#[wasm_bindgen_test]
async fn two_open_books_issuing_at_once_give_distinct_gap_free_numbers() {
    let navigator = web_sys::window().unwrap().navigator();
    assert!(
        js_sys::Reflect::get(&navigator, &"locks".into())
            .unwrap()
            .is_object(),
        "this browser has Web Locks, so the writes take turns"
    );
    let (_, numbers) = issue_ten_at_once().await;
    assert_eq!(numbers, one_to_ten());
}

#[wasm_bindgen_test]
async fn without_web_locks_the_revision_check_alone_keeps_numbers_distinct() {
    let navigator: JsValue = web_sys::window().unwrap().navigator().into();
    let hidden = js_sys::Object::new();
    js_sys::Reflect::set(&hidden, &"value".into(), &JsValue::UNDEFINED).unwrap();
    js_sys::Reflect::set(&hidden, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(
        navigator.unchecked_ref::<js_sys::Object>(),
        &"locks".into(),
        &hidden,
    );
    let (_, numbers) = issue_ten_at_once().await;
    js_sys::Reflect::delete_property(navigator.unchecked_ref::<js_sys::Object>(), &"locks".into())
        .unwrap();
    assert_eq!(numbers, one_to_ten());
}
