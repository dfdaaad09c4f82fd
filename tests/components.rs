//! The shared components in a real browser (headless Chromium): each test
//! mounts one component into a fresh `<div>`, drives it through the DOM the way
//! a user would (typing, clicking, keys), and checks what the user would see.

#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use chrono::NaiveDate;
use kura::components::{
    amount_error_message, use_toasts, AmountInput, Column, DataTable, DateInput, Dialog, FormField,
    Money, ToastRegion, Toasts,
};
use kura::i18n::I18n;
use kura_core::locale::Locale;
use kura_core::money::{AmountError, Currency};
use leptos::prelude::*;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Document, Element, Event, EventInit, HtmlDialogElement, HtmlElement, HtmlInputElement,
    KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

// ---- Helpers ---------------------------------------------------------------

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts `view` (in English, with toasts) into a new `<div>` on the page.
/// Keep the returned handle alive for the test: dropping it unmounts.
fn mount<N: IntoView + 'static>(view: impl FnOnce() -> N + 'static) -> (Element, impl Sized) {
    let container = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone().unchecked_into(), move || {
        provide_context(I18n {
            locale: RwSignal::new(Locale::En),
        });
        kura::components::provide_toasts();
        view()
    });
    (container, handle)
}

/// Lets effects and the browser's queued events run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits (up to a second) for `done`, for events the browser queues as tasks.
async fn eventually(done: impl Fn() -> bool) -> bool {
    for _ in 0..100 {
        if done() {
            return true;
        }
        settle().await;
    }
    done()
}

fn find<T: JsCast>(root: &Element, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &Element, selector: &str) -> String {
    find::<Element>(root, selector)
        .text_content()
        .unwrap_or_default()
}

fn dispatch(target: &Element, event: &Event) {
    target.dispatch_event(event).unwrap();
}

fn plain_event(name: &str) -> Event {
    let init = EventInit::new();
    init.set_bubbles(true);
    Event::new_with_event_init_dict(name, &init).unwrap()
}

fn key(name: &str) -> Event {
    let init = KeyboardEventInit::new();
    init.set_key(name);
    init.set_bubbles(true);
    init.set_cancelable(true);
    KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .unwrap()
        .into()
}

/// Types `value` into `input` and leaves the field, as a user would.
fn type_and_leave(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    dispatch(input, &plain_event("input"));
    dispatch(input, &plain_event("blur"));
}

// ---- DataTable ---------------------------------------------------------------

#[derive(Clone)]
struct Entry {
    id: usize,
    amount: i64,
}

fn entries(n: usize) -> Vec<Entry> {
    (0..n)
        .map(|id| Entry {
            id,
            amount: (n - id) as i64, // the reverse of the id order
        })
        .collect()
}

fn entry_table(rows: Vec<Entry>, activated: RwSignal<Option<usize>>) -> impl IntoView {
    let columns = vec![
        Column::text("No.", |e: &Entry| e.id.to_string()),
        Column::numeric("Amount", |e: &Entry| e.amount.to_string()).sortable_by_key(|e| e.amount),
    ];
    view! {
        <DataTable
            rows=rows
            columns
            row_key=|e: &Entry| e.id.to_string()
            label="Entries"
            on_activate=move |e: Entry| activated.set(Some(e.id))
            row_test_id="entry-row"
        />
    }
}

fn first_id(root: &Element) -> String {
    text(root, "tbody tr:first-child td:first-child")
}

#[wasm_bindgen_test]
async fn table_of_ten_thousand_rows_renders_one_page() {
    let activated = RwSignal::new(None);
    let (root, _handle) = mount(move || entry_table(entries(10_000), activated));
    settle().await;

    assert_eq!(count(&root, "tbody tr"), 100);
    assert_eq!(count(&root, "tbody tr[data-testid=entry-row]"), 100);
    assert_eq!(text(&root, ".kura-pager__range"), "1–100 of 10,000");
    assert_eq!(first_id(&root), "0");
    let amount_cell: Element = find(&root, "tbody tr:first-child td:nth-child(2)");
    assert!(amount_cell
        .class_list()
        .contains("kura-table__cell--numeric"));
}

#[wasm_bindgen_test]
async fn sortable_header_toggles_order_and_aria_sort() {
    let activated = RwSignal::new(None);
    let (root, _handle) = mount(move || entry_table(entries(10_000), activated));
    settle().await;
    let header: Element = find(&root, "thead th:nth-child(2)");
    let sort_button: HtmlElement = find(&header, "button");
    assert!(!header.has_attribute("aria-sort"));
    assert_eq!(
        count(&root, "thead th:first-child button"),
        0,
        "not sortable"
    );

    sort_button.click();
    settle().await;
    assert_eq!(
        header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    assert_eq!(first_id(&root), "9999");
    assert!(sort_button.text_content().unwrap().contains("(ascending)"));

    sort_button.click();
    settle().await;
    assert_eq!(
        header.get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    assert_eq!(first_id(&root), "0");
}

#[wasm_bindgen_test]
async fn pager_moves_between_pages() {
    let activated = RwSignal::new(None);
    let (root, _handle) = mount(move || entry_table(entries(10_000), activated));
    settle().await;
    let previous: HtmlElement = find(&root, ".kura-pager__previous");
    let next: HtmlElement = find(&root, ".kura-pager__next");
    assert!(previous.has_attribute("disabled"));

    next.click();
    settle().await;
    assert_eq!(text(&root, ".kura-pager__range"), "101–200 of 10,000");
    assert_eq!(first_id(&root), "100");
    assert_eq!(count(&root, "tbody tr"), 100);
    assert!(!previous.has_attribute("disabled"));

    previous.click();
    settle().await;
    assert_eq!(first_id(&root), "0");
}

#[wasm_bindgen_test]
async fn rows_are_keyboard_navigable_and_activate_on_enter() {
    let activated = RwSignal::new(None);
    let (root, _handle) = mount(move || entry_table(entries(250), activated));
    settle().await;
    let rows = root.query_selector_all("tbody tr").unwrap();
    let row = |i: u32| rows.item(i).unwrap().unchecked_into::<HtmlElement>();
    assert_eq!(row(0).get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(row(1).get_attribute("tabindex").as_deref(), Some("-1"));

    row(0).focus().unwrap();
    dispatch(&row(0), &key("ArrowDown"));
    settle().await;
    assert_eq!(document().active_element(), Some(row(1).into()));
    assert_eq!(row(1).get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(row(0).get_attribute("tabindex").as_deref(), Some("-1"));

    dispatch(&row(1), &key("End"));
    settle().await;
    assert_eq!(document().active_element(), Some(row(99).into()));

    dispatch(&row(99), &key("Home"));
    dispatch(&row(0), &key("Enter"));
    settle().await;
    assert_eq!(document().active_element(), Some(row(0).into()));
    assert_eq!(activated.get_untracked(), Some(0));
}

#[wasm_bindgen_test]
async fn empty_table_says_so() {
    let activated = RwSignal::new(None);
    let (root, _handle) = mount(move || entry_table(Vec::new(), activated));
    settle().await;
    assert_eq!(text(&root, "tbody td"), "Nothing to show.");
    assert_eq!(count(&root, ".kura-pager"), 0);
}

// ---- FormField and AmountInput --------------------------------------------------

fn amount_field(
    value: RwSignal<Option<Decimal>>,
    error: RwSignal<Option<AmountError>>,
) -> impl IntoView {
    view! {
        <FormField label="Amount" id="amount" hint="Tax included" error=amount_error_message(error)>
            <AmountInput id="amount" value error currency=Currency::JPY required=true />
        </FormField>
    }
}

#[wasm_bindgen_test]
async fn amount_input_accepts_full_width_digits_and_reformats() {
    let value = RwSignal::new(None);
    let error = RwSignal::new(None);
    let (root, _handle) = mount(move || amount_field(value, error));
    settle().await;
    let input: HtmlInputElement = find(&root, "input#amount");
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("decimal"));
    assert_eq!(text(&root, "label[for=amount]"), "Amount");
    assert_eq!(text(&root, ".kura-field__hint"), "Tax included");

    type_and_leave(&input, "１，２３４");
    settle().await;
    assert_eq!(value.get_untracked(), Some(Decimal::from(1234)));
    assert_eq!(error.get_untracked(), None);
    assert_eq!(input.value(), "1,234");
    assert!(find::<Element>(&root, ".kura-field__error").has_attribute("hidden"));

    input.set_value("500");
    dispatch(&input, &plain_event("input"));
    dispatch(&input, &key("Enter"));
    settle().await;
    assert_eq!(value.get_untracked(), Some(Decimal::from(500)));
}

#[wasm_bindgen_test]
async fn amount_input_rejects_letters_with_an_inline_error() {
    let value = RwSignal::new(Some(Decimal::from(7)));
    let error = RwSignal::new(None);
    let (root, _handle) = mount(move || amount_field(value, error));
    settle().await;
    let input: HtmlInputElement = find(&root, "input#amount");
    assert_eq!(input.value(), "7");

    type_and_leave(&input, "12a");
    settle().await;
    assert_eq!(value.get_untracked(), None);
    let message: Element = find(&root, ".kura-field__error");
    assert!(!message.has_attribute("hidden"));
    assert_eq!(message.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(message.id(), "amount-error");
    assert_eq!(
        message.text_content().unwrap(),
        "“12a” is not an amount. Use digits."
    );
    assert_eq!(input.value(), "12a", "the text to fix stays");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("amount-error"));
    assert_eq!(count(&root, ".kura-field.kura-field--invalid"), 1);

    type_and_leave(&input, "");
    settle().await;
    assert_eq!(message.text_content().unwrap(), "Enter an amount.");
}

// ---- DateInput -------------------------------------------------------------------

#[wasm_bindgen_test]
async fn date_input_reads_dates_and_checks_the_range() {
    let value = RwSignal::new(None);
    let error = RwSignal::new(None);
    let min = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let max = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let (root, _handle) = mount(move || {
        view! {
            <FormField label="Date" id="date" error=error>
                <DateInput id="date" value error min=min max=max />
            </FormField>
        }
    });
    settle().await;
    let input: HtmlInputElement = find(&root, "input#date");
    assert_eq!(input.type_(), "date");
    assert_eq!(input.min(), "2026-01-01");

    input.set_value("2026-04-01");
    dispatch(&input, &plain_event("change"));
    settle().await;
    assert_eq!(value.get_untracked(), NaiveDate::from_ymd_opt(2026, 4, 1));
    assert_eq!(error.get_untracked(), None);

    input.set_value("2027-04-01");
    dispatch(&input, &plain_event("change"));
    settle().await;
    assert_eq!(value.get_untracked(), None);
    assert_eq!(
        text(&root, ".kura-field__error"),
        "This date is outside the allowed range."
    );
    assert_eq!(input.value(), "2027-04-01", "the text to fix stays");
}

// ---- Dialog ----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn dialog_opens_with_the_signal_and_closes_with_its_button() {
    let open = RwSignal::new(false);
    let (root, _handle) = mount(move || {
        view! {
            <Dialog open title="Rename book" test_id="rename-dialog">
                <input id="dialog-name" type="text" />
            </Dialog>
        }
    });
    settle().await;
    let dialog: HtmlDialogElement = find(&root, "dialog[data-testid=rename-dialog]");
    assert!(!dialog.has_attribute("open"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(text(&root, &format!("#{title_id}")), "Rename book");

    open.set(true);
    settle().await;
    assert!(dialog.has_attribute("open"));
    let name: Element = find(&root, "#dialog-name");
    assert_eq!(document().active_element(), Some(name), "focus moves in");

    find::<HtmlElement>(&dialog, ".kura-dialog__close").click();
    assert!(eventually(|| !dialog.has_attribute("open")).await);
    assert!(!open.get_untracked());

    // Escape closes the element itself; the signal follows its `close` event.
    open.set(true);
    settle().await;
    dialog.close();
    assert!(eventually(|| !open.get_untracked()).await);
}

// ---- Toasts ----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn toasts_show_successes_and_errors_until_dismissed() {
    let slot: Rc<Cell<Option<Toasts>>> = Rc::default();
    let (root, _handle) = mount({
        let slot = Rc::clone(&slot);
        move || {
            slot.set(Some(use_toasts()));
            view! { <ToastRegion /> }
        }
    });
    let toasts = slot.get().unwrap();
    toasts.success("Saved");
    toasts.error("Disk full");
    settle().await;

    let region: Element = find(&root, "[role=status]");
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(region.text_content().unwrap().contains("Saved"));
    let alert: Element = find(&region, "[role=alert]");
    assert!(alert.text_content().unwrap().contains("Disk full"));

    find::<HtmlElement>(&alert, ".kura-toast__close").click();
    settle().await;
    assert_eq!(count(&region, "[role=alert]"), 0);
    assert_eq!(count(&region, ".kura-toast"), 1);
}

// ---- Money -----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn money_marks_negative_amounts() {
    let (root, _handle) = mount(|| {
        view! {
            <Money amount=Decimal::from(1_234_567) currency=Currency::JPY />
            <Money amount=Decimal::from(-500) currency=Currency::JPY />
        }
    });
    settle().await;
    let amounts = root.query_selector_all(".kura-money").unwrap();
    let first = amounts.item(0).unwrap().unchecked_into::<Element>();
    let second = amounts.item(1).unwrap().unchecked_into::<Element>();
    assert_eq!(first.text_content().unwrap(), "¥1,234,567");
    assert!(!first.class_list().contains("kura-money--negative"));
    assert_eq!(second.text_content().unwrap(), "-¥500");
    assert!(second.class_list().contains("kura-money--negative"));
}
