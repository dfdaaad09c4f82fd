//! Stocktakes (棚卸): the list and the form that starts one, a count with its
//! JAN scan field and live variances, and the printed count sheet.
//!
//! A count is made for the keyboard and for a keyboard-wedge barcode scanner
//! (which types the digits and Enter): Enter in the scan field counts the item
//! with that JAN code — adds 1, or, with "each scan adds 1" off, moves to its
//! counted cell to type the number — and the focus stays where the next scan
//! lands. The variances on screen are the core's `stocktake_variances` of what
//! is typed, so they are what posting will post. Saving and posting are each
//! one change set; a posted stocktake is shown read-only.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::inventory::{
    count_sheet, post_stocktake, save_stocktake, stocktake_variances, value_stock, CountLine,
    InventoryError, Item, ItemError, Jan, StockMoves, Stocktake, StocktakeStatus, Variance,
};
use kura_core::locale::{format_date, format_money, format_number, Locale};
use kura_core::money::{parse_quantity, AmountError, Currency};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::KeyboardEvent;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    focus_later, has_locations, is_enter, item_label, lang_class, location_name, meta,
    quantity_text, read_cell, use_toasts, Column, DataTable, DateInput, Dialog, DialogActions,
    FormField, InventoryTab, InventoryTabs, LocationSelect, PrintBar,
};
use crate::i18n::{
    amount_error, inventory_error, item_error, messages, store_error, use_i18n, Messages,
};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, BookScreen};

// ---- shared with the stock moves form -----------------------------------------

/// A variance as a number that cannot be misread: `+2`, `-1`.
fn signed_quantity(quantity: Decimal) -> String {
    if quantity > Decimal::ZERO {
        format!("+{}", quantity_text(quantity))
    } else {
        quantity_text(quantity)
    }
}

/// The class of a number cell, marking negatives in the danger colour.
fn signed_class(value: Decimal) -> &'static str {
    if value < Decimal::ZERO {
        "kura-num kura-money--negative"
    } else {
        "kura-num"
    }
}

fn status_badge(status: StocktakeStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (class, text): (_, fn(&Messages) -> &'static str) = match status {
        StocktakeStatus::Counting => ("kura-badge kura-badge--draft", |t| t.stk_status_counting),
        StocktakeStatus::Posted => ("kura-badge kura-badge--posted", |t| t.stk_status_posted),
    };
    view! { <span class=class data-testid="stocktake-status">{move || text(i18n.t())}</span> }
}

// ---- the list -----------------------------------------------------------------

/// One row of the list of stocktakes.
#[derive(Clone, Debug, PartialEq)]
struct StocktakeRow {
    id: RecordId,
    date: NaiveDate,
    location: String,
    status: StocktakeStatus,
    counted: usize,
    value: Decimal,
}

/// Every stocktake, newest first, with its variance value. A posted count's
/// value is what its move was given: one replay of the book's moves serves
/// them all (valuing each count on its own took a replay per row).
fn stocktake_rows(book: &Book, t: &Messages) -> Vec<StocktakeRow> {
    let moves = StockMoves::of(book);
    let valued = value_stock(book, &moves, NaiveDate::MAX, None);
    let move_value = |id: RecordId| -> Decimal {
        let lines = book.stock_move(id).map_or(0, |m| m.lines.len());
        (0..lines)
            .filter_map(|n| valued.moves.get(&(id, n)))
            .map(|cost| cost.value)
            .sum()
    };
    let mut rows: Vec<StocktakeRow> = book
        .stocktakes()
        .map(|s| StocktakeRow {
            id: s.id,
            date: s.date,
            location: location_name(book, s.location, t),
            status: s.status,
            counted: s.counts.len(),
            value: match (s.status, s.stock_move) {
                (StocktakeStatus::Posted, Some(id)) => move_value(id),
                (StocktakeStatus::Posted, None) => Decimal::ZERO,
                (StocktakeStatus::Counting, _) => {
                    stocktake_variances(book, s).iter().map(|v| v.value).sum()
                }
            },
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse((r.date, r.id)));
    rows
}

#[component]
pub fn StocktakesPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let rows = Signal::derive(move || open.book.with(|b| stocktake_rows(b, i18n.t())));
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let columns = vec![
        Column::text(
            move || t().stk_date.to_string(),
            move |r: &StocktakeRow| {
                let date = r.date;
                move || format_date(date, i18n.locale())
            },
        )
        .sortable_by_key(|r: &StocktakeRow| r.date),
        Column::text(
            move || t().stk_location.to_string(),
            |r: &StocktakeRow| r.location.clone(),
        )
        .sortable_by(|a: &StocktakeRow, b: &StocktakeRow| a.location.cmp(&b.location)),
        Column::text(
            move || t().stk_col_status.to_string(),
            |r: &StocktakeRow| status_badge(r.status),
        ),
        Column::numeric(
            move || t().stk_col_counted_items.to_string(),
            |r: &StocktakeRow| format_number(Decimal::from(r.counted), 0),
        )
        .sortable_by_key(|r: &StocktakeRow| r.counted),
        Column::numeric(
            move || t().stk_col_value.to_string(),
            move |r: &StocktakeRow| {
                let value = r.value;
                view! {
                    <span class=signed_class(value) data-testid="stocktake-value">
                        {move || format_money(value, currency.get(), i18n.locale())}
                    </span>
                }
            },
        )
        .sortable_by_key(|r: &StocktakeRow| r.value),
    ];
    let activate = Callback::new(move |r: StocktakeRow| {
        navigate(
            &BookScreen::Stocktake(r.id).path(open.id),
            NavigateOptions::default(),
        );
    });
    view! {
        <div class="kura-page kura-page--wide">
            <InventoryTabs current=InventoryTab::Stocktakes />
            <h1>{move || t().stk_title}</h1>
            <NewStocktake />
            <DataTable rows columns row_key=|r: &StocktakeRow| r.id.to_string()
                label=Signal::derive(move || t().stk_list_label.to_string())
                on_activate=activate row_test_id="stocktake-row" />
        </div>
    }
}

/// The form that starts a count: its date and, in a book with locations, where.
#[component]
fn NewStocktake() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let date = RwSignal::new(Some(today()));
    let date_error = RwSignal::new(None::<String>);
    let location = RwSignal::new(None::<RecordId>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let located = Memo::new(move |_| open.book.with(has_locations));
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(day) = date.get_untracked() else {
            date_error.set(Some(t().date_invalid.to_string()));
            return;
        };
        let stocktake = Stocktake {
            id: platform::new_id(),
            date: day,
            location: location.get_untracked(),
            counts: Vec::new(),
            status: StocktakeStatus::Counting,
            stock_move: None,
            entry: None,
            note: String::new(),
        };
        let id = stocktake.id;
        let locale = i18n.locale.get_untracked();
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            let result = open.write(|b, ctx| save_stocktake(b, stocktake, ctx)).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    toasts.success(messages(locale).stk_started.to_string());
                    navigate(
                        &BookScreen::Stocktake(id).path(open.id),
                        NavigateOptions::default(),
                    );
                }
                Err(WriteError::Invalid(e)) => {
                    error.try_set(Some(inventory_error(&e, locale)));
                }
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };
    view! {
        <form class="kura-card kura-stocktake__new" on:submit=start novalidate>
            <h2>{move || t().stk_new_heading}</h2>
            <p class="kura-muted kura-stocktake__hint">{move || t().stk_date_hint}</p>
            <div class="kura-entry__head">
                <FormField label=Signal::derive(move || t().stk_date.to_string()) id="stocktake-date" error=date_error>
                    <DateInput id="stocktake-date" value=date error=date_error />
                </FormField>
                {move || located.get().then(|| view! {
                    <FormField label=Signal::derive(move || i18n.t().stk_location.to_string()) id="stocktake-location">
                        <LocationSelect id="stocktake-location" value=location test_id="stocktake-location" />
                    </FormField>
                })}
                <button type="submit" class="kura-button kura-button--primary" data-testid="stocktake-start"
                    disabled=move || busy.get()>
                    {move || t().stk_start}
                </button>
            </div>
            <p class="kura-error" role="alert" data-testid="stocktake-new-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </form>
    }
}

// ---- a count --------------------------------------------------------------------

#[component]
pub fn StocktakePage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("stocktake");
    // Rebuilt only when another stocktake opens or this one is posted, so what
    // is being typed is not reset by other writes.
    let shown = Memo::new(move |_| {
        id.get().and_then(|id| {
            open.book
                .with(|b| b.stocktake(id).map(|s| (s.id, s.status)))
        })
    });
    let body = move || match shown.get() {
        Some((id, status)) => {
            view! { <CountSheet id posted=status == StocktakeStatus::Posted /> }.into_any()
        }
        None => {
            let text = move || inventory_error(&InventoryError::StocktakeNotFound, i18n.locale());
            view! { <p class="kura-error" role="alert" data-testid="stocktake-missing">{text}</p> }
                .into_any()
        }
    };
    view! {
        <div class="kura-page kura-page--wide">
            <InventoryTabs current=InventoryTab::Stocktakes />
            {body}
        </div>
    }
}

/// The counts as typed, by item (blank cells are not there).
type Typed = BTreeMap<RecordId, String>;

/// The typed counts that read as quantities, and the first item whose cell does not.
fn read_counts(typed: &Typed) -> (Vec<CountLine>, Option<(RecordId, AmountError)>) {
    let mut problem = None;
    let counts = typed
        .iter()
        .filter_map(|(item, text)| match parse_quantity(text) {
            Ok(counted) => Some(CountLine {
                item: *item,
                counted,
            }),
            Err(AmountError::Empty) => None,
            Err(e) => {
                problem.get_or_insert((*item, e));
                None
            }
        })
        .collect();
    (counts, problem)
}

fn typed_of(stocktake: &Stocktake) -> Typed {
    stocktake
        .counts
        .iter()
        .map(|c| (c.item, quantity_text(c.counted)))
        .collect()
}

fn count_map(counts: &[CountLine]) -> BTreeMap<RecordId, Decimal> {
    counts.iter().map(|c| (c.item, c.counted)).collect()
}

/// Why a scanned code counts nothing.
enum ScanMiss {
    /// Not a JAN code at all (wrong length, check digit).
    Jan(ItemError),
    /// A JAN code no item on the sheet has.
    Unknown(String),
    /// A service's code: services have no stock.
    Service,
}

/// The item on the sheet a scanned code names.
fn scanned_item(
    book: &Book,
    text: &str,
    on_sheet: &HashMap<RecordId, Variance>,
) -> Result<RecordId, ScanMiss> {
    let jan = Jan::parse(text).map_err(ScanMiss::Jan)?;
    let mut named = book.items().filter(|i| i.barcode.as_ref() == Some(&jan));
    let Some(item) = named.find(|i| on_sheet.contains_key(&i.id) || !i.tracked) else {
        return Err(ScanMiss::Unknown(jan.as_str().to_string()));
    };
    if item.tracked {
        Ok(item.id)
    } else {
        Err(ScanMiss::Service)
    }
}

fn scan_miss_text(miss: &ScanMiss, typed: &str, locale: Locale) -> String {
    match miss {
        ScanMiss::Jan(e) => format!("{}: {}", typed.trim(), item_error(e, locale)),
        ScanMiss::Unknown(code) => (messages(locale).stk_scan_unknown)(code),
        ScanMiss::Service => inventory_error(&InventoryError::NotTracked, locale),
    }
}

/// What the last scan did, shown under the scan field.
#[derive(Clone, Debug, PartialEq)]
enum ScanNote {
    Counted(String),
    Missed(String),
}

/// Brings a counted row into view without jumping when it is already visible
/// (`block: "nearest"`; web-sys's options type is not among the enabled features).
fn scroll_to_row(cell_id: String) {
    request_animation_frame(move || {
        let Some(row) = document()
            .get_element_by_id(&cell_id)
            .and_then(|cell| cell.closest("tr").ok().flatten())
        else {
            return;
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
        let scroll = js_sys::Reflect::get(&row, &"scrollIntoView".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(scroll) = scroll {
            let _ = scroll.call1(&JsValue::from(row), &options);
        }
    });
}

fn count_cell_id(item: RecordId) -> String {
    format!("stocktake-count-{item}")
}

const SCAN_ID: &str = "stocktake-scan";

/// What the count's parts share.
#[derive(Clone, Copy)]
struct Count {
    id: RecordId,
    posted: bool,
    saved: Memo<Option<Stocktake>>,
    typed: RwSignal<Typed>,
    variances: Memo<Vec<Variance>>,
    by_item: Memo<HashMap<RecordId, Variance>>,
    scanned: RwSignal<Option<RecordId>>,
    currency: Memo<Currency>,
}

/// A stocktake: its head, the scan field while counting, the sheet, its actions.
#[component]
fn CountSheet(id: RecordId, posted: bool) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let saved = Memo::new(move |_| open.book.with(|b| b.stocktake(id).cloned()));
    let typed =
        RwSignal::new(saved.with_untracked(|s| s.as_ref().map(typed_of).unwrap_or_default()));
    let draft = Memo::new(move |_| {
        let counts = typed.with(|m| read_counts(m).0);
        saved.get().map(|s| Stocktake { counts, ..s })
    });
    let variances = Memo::new(move |_| {
        draft.with(|d| {
            d.as_ref()
                .map(|d| open.book.with(|b| stocktake_variances(b, d)))
                .unwrap_or_default()
        })
    });
    let count = Count {
        id,
        posted,
        saved,
        typed,
        variances,
        by_item: Memo::new(move |_| {
            variances.with(|v| v.iter().map(|v| (v.item, v.clone())).collect())
        }),
        scanned: RwSignal::new(None),
        currency: Memo::new(move |_| open.book.with(|b| b.currency())),
    };
    let title = move || {
        saved.with(|s| {
            s.as_ref().map(|s| {
                let where_ = open.book.with(|b| location_name(b, s.location, t()));
                (t().stk_page_title)(&format_date(s.date, i18n.locale()), &where_)
            })
        })
    };
    let print_path = format!("{}/print", BookScreen::Stocktake(id).path(open.id));
    view! {
        <div class="kura-page__head">
            <h1 data-testid="stocktake-title">{title}</h1>
            <div class="kura-stocktake__links">
                {status_badge(if posted { StocktakeStatus::Posted } else { StocktakeStatus::Counting })}
                <a class="kura-button" href=print_path data-testid="stocktake-print">{move || t().stk_print}</a>
                <a href=BookScreen::Stocktakes.path(open.id) data-testid="stocktake-back">{move || t().stk_back}</a>
            </div>
        </div>
        {if posted { view! { <PostedNote count /> }.into_any() } else { view! { <Counting count /> }.into_any() }}
    }
}

/// A posted stocktake: what it posted, and the sheet as counted.
#[component]
fn PostedNote(count: Count) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let entry =
        move || {
            count.saved.with(|s| s.as_ref().and_then(|s| s.entry)).map(|entry| {
            view! {
                <a href=BookScreen::Entry(entry).path(open.id) data-testid="stocktake-entry">
                    {move || i18n.t().stk_open_entry}
                </a>
            }
        })
        };
    view! {
        <p class="kura-card kura-stocktake__posted" data-testid="stocktake-posted">
            {move || i18n.t().stk_posted_note} " " {entry}
        </p>
        <SheetTable count />
    }
}

/// A count in progress: the scan field, the sheet, save and post.
#[component]
fn Counting(count: Count) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let t = move || i18n.t();
    let scan = RwSignal::new(String::new());
    let adds_one = RwSignal::new(true);
    let note = RwSignal::new(None::<ScanNote>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let Count { typed, by_item, .. } = count;
    focus_later(SCAN_ID.to_string());
    let dirty = Memo::new(move |_| {
        let now = typed.with(|m| count_map(&read_counts(m).0));
        count
            .saved
            .with(|s| s.as_ref().is_some_and(|s| count_map(&s.counts) != now))
    });

    let on_scan = move |ev: KeyboardEvent| {
        if !is_enter(&ev) {
            return;
        }
        ev.prevent_default();
        let text = scan.get_untracked();
        scan.set(String::new());
        if text.trim().is_empty() {
            return;
        }
        let locale = i18n.locale.get_untracked();
        let found = by_item
            .with_untracked(|sheet| open.book.with_untracked(|b| scanned_item(b, &text, sheet)));
        let item = match found {
            Ok(item) => item,
            Err(miss) => {
                return note.set(Some(ScanNote::Missed(scan_miss_text(&miss, &text, locale))))
            }
        };
        count.scanned.set(Some(item));
        scroll_to_row(count_cell_id(item));
        if !adds_one.get_untracked() {
            note.set(None);
            return focus_later(count_cell_id(item));
        }
        let now = typed.with_untracked(|m| {
            let before = m.get(&item).map(String::as_str).unwrap_or_default();
            read_cell(before, parse_quantity).unwrap_or_default()
        }) + Decimal::ONE;
        typed.update(|m| {
            m.insert(item, quantity_text(now));
        });
        let name = open
            .book
            .with_untracked(|b| b.item(item).map(|i| i.name.clone()))
            .unwrap_or_default();
        note.set(Some(ScanNote::Counted(
            (messages(locale).stk_scan_counted)(&name, &quantity_text(now)),
        )));
    };

    // Saves what is typed; true once committed.
    let save = move || async move {
        let locale = i18n.locale.get_untracked();
        let (counts, problem) = typed.with_untracked(read_counts);
        if let Some((item, e)) = problem {
            let name = open
                .book
                .with_untracked(|b| b.item(item).map(item_label))
                .unwrap_or_default();
            error.set(Some(format!("{name}: {}", amount_error(&e, locale))));
            focus_later(count_cell_id(item));
            return false;
        }
        let Some(stocktake) = count
            .saved
            .get_untracked()
            .map(|s| Stocktake { counts, ..s })
        else {
            return false;
        };
        busy.set(true);
        let result = open.write(|b, ctx| save_stocktake(b, stocktake, ctx)).await;
        busy.try_set(false);
        match result {
            Ok(()) => {
                error.try_set(None);
                toasts.success(messages(locale).stk_saved.to_string());
                true
            }
            Err(WriteError::Invalid(e)) => {
                error.try_set(Some(inventory_error(&e, locale)));
                false
            }
            Err(WriteError::Store(e)) => {
                toasts.error(store_error(&e, locale));
                false
            }
        }
    };
    let save_now = move || {
        if !busy.get_untracked() {
            spawn_local(async move {
                save().await;
            });
        }
    };
    // Posting posts what is saved: unsaved counts are saved first (their own
    // action, said as such), then the dialog shows the total to confirm.
    let ask_post = move |_| {
        if busy.get_untracked() {
            return;
        }
        spawn_local(async move {
            if !dirty.get_untracked() || save().await {
                confirming.try_set(true);
            }
        });
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            save_now();
        }
    };
    let note_view = move || {
        note.get().map(|n| match n {
            ScanNote::Counted(text) => {
                view! { <p class="kura-stocktake__note" data-testid="scan-note">{text}</p> }
                    .into_any()
            }
            ScanNote::Missed(text) => {
                view! { <p class="kura-error" data-testid="scan-error">{text}</p> }.into_any()
            }
        })
    };
    view! {
        <div class="kura-stocktake" on:keydown=on_keydown>
            <div class="kura-card kura-stocktake__scan">
                <FormField label=Signal::derive(move || t().stk_scan_label.to_string()) id="stocktake-scan"
                    hint=Signal::derive(move || Some(t().stk_scan_hint.to_string()))>
                    <input id=SCAN_ID type="text" inputmode="numeric" autocomplete="off"
                        class="kura-stocktake__scan-input" data-testid="stocktake-scan"
                        aria-describedby="stocktake-scan-hint stocktake-scan-status"
                        bind:value=scan on:keydown=on_scan />
                </FormField>
                <label class="kura-check">
                    <input type="checkbox" data-testid="scan-adds-one" bind:checked=adds_one />
                    {move || t().stk_scan_adds}
                </label>
                <div id="stocktake-scan-status" class="kura-stocktake__status" role="status" aria-live="polite">
                    {note_view}
                </div>
            </div>
            <SheetTable count />
            <p class="kura-error" role="alert" data-testid="stocktake-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <p class="kura-muted kura-entry__hint">{move || t().stk_keyboard_hint}</p>
            <div class="kura-entry__actions">
                <span class="kura-muted" data-testid="stocktake-dirty" hidden=move || !dirty.get()>
                    {move || t().stk_unsaved}
                </span>
                <button type="button" class="kura-button" data-testid="stocktake-save"
                    disabled=move || busy.get() on:click=move |_| save_now()>
                    {move || t().stk_save}
                </button>
                <button type="button" class="kura-button kura-button--primary" data-testid="stocktake-post"
                    disabled=move || busy.get() on:click=ask_post>
                    {move || t().stk_post}
                </button>
            </div>
            <PostDialog count open=confirming />
        </div>
    }
}

/// The confirmation before posting: the total variance value, what stays as it is.
#[component]
fn PostDialog(count: Count, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let book = use_open_book();
    let toasts = use_toasts();
    let t = move || i18n.t();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let total = move || {
        let value: Decimal = count.variances.with(|v| v.iter().map(|v| v.value).sum());
        format_money(value, count.currency.get(), i18n.locale())
    };
    let uncounted = move || {
        count
            .variances
            .with(|v| v.iter().filter(|v| v.counted.is_none()).count())
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let locale = i18n.locale.get_untracked();
        let id = count.id;
        busy.set(true);
        spawn_local(async move {
            let result = book
                .write(|b, ctx| post_stocktake(b, id, &mut platform::new_id, ctx))
                .await;
            // Posting replaces the counting form (and this dialog) with the posted view.
            busy.try_set(false);
            match result {
                Ok(()) => {
                    open.try_set(false);
                    toasts.success(messages(locale).stk_posted.to_string());
                }
                Err(WriteError::Invalid(e)) => {
                    error.try_set(Some(inventory_error(&e, locale)));
                }
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };
    view! {
        <Dialog open title=Signal::derive(move || t().stk_post_title.to_string()) test_id="stocktake-post-dialog">
            <form class="kura-form" on:submit=confirm novalidate>
                <p data-testid="stocktake-post-total">{move || (t().stk_post_confirm)(&total())}</p>
                <p hidden=move || uncounted() == 0>{move || (t().stk_post_uncounted)(uncounted())}</p>
                <p class="kura-error" role="alert" data-testid="stocktake-post-error" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <DialogActions open label=Signal::derive(move || t().stk_post) test_id="confirm-stocktake-post"
                    disabled=Signal::derive(move || busy.get()) />
            </form>
        </Dialog>
    }
}

/// The count sheet: one row per tracked item in code order, with the totals.
#[component]
fn SheetTable(count: Count) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let order = Memo::new(move |_| {
        count
            .variances
            .with(|v| v.iter().map(|v| v.item).collect::<Vec<_>>())
    });
    let total = Memo::new(move |_| {
        count
            .variances
            .with(|v| v.iter().map(|v| v.value).sum::<Decimal>())
    });
    let counted = move || {
        count.variances.with(|v| {
            let n = v.iter().filter(|v| v.counted.is_some()).count();
            (t().stk_counted_of)(n, v.len())
        })
    };
    let empty = move || {
        order.with(Vec::is_empty).then(|| {
            view! {
                <tr>
                    <td class="kura-table__empty" colspan="7">
                        {move || t().stk_no_items} " "
                        <a href=BookScreen::Items.path(open.id)>{move || t().inv_tab_items}</a>
                    </td>
                </tr>
            }
        })
    };
    view! {
        <div class="kura-table-wrap kura-stocktake__sheet">
            <table class="kura-table kura-lines kura-stocktake__table" aria-label=move || t().stk_sheet_label>
                <thead>
                    <tr>
                        <th scope="col">{move || t().stk_col_code}</th>
                        <th scope="col">{move || t().stk_col_name}</th>
                        <th scope="col">{move || t().stk_col_unit}</th>
                        <th scope="col" class="kura-table__header--numeric">{move || t().stk_col_expected}</th>
                        <th scope="col" class="kura-table__header--numeric">{move || t().stk_col_counted}</th>
                        <th scope="col" class="kura-table__header--numeric">{move || t().stk_col_difference}</th>
                        <th scope="col" class="kura-table__header--numeric">{move || t().stk_col_value}</th>
                    </tr>
                </thead>
                <tbody>
                    {empty}
                    <For each=move || order.get() key=|item| *item
                        children=move |item| view! { <SheetRow item count /> } />
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row" colspan="4">{move || t().stk_total}</th>
                        <td colspan="2" class="kura-num kura-muted" data-testid="stocktake-counted">{counted}</td>
                        <td class=move || signed_class(total.get()) data-testid="stocktake-total">
                            {move || format_money(total.get(), count.currency.get(), i18n.locale())}
                        </td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// One item of the sheet. Its counted cell is an input while counting.
#[component]
fn SheetRow(item: RecordId, count: Count) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let variance = Memo::new(move |_| count.by_item.with(|m| m.get(&item).cloned()));
    let info = Memo::new(move |_| open.book.with(|b| b.item(item).cloned()));
    let text = move |f: fn(&Item) -> String| info.with(|i| i.as_ref().map(f).unwrap_or_default());
    let typed = Signal::derive(move || {
        count
            .typed
            .with(|m| m.get(&item).cloned().unwrap_or_default())
    });
    let invalid = move || typed.with(|text| read_cell(text, parse_quantity).is_err());
    let row_class = move || {
        if count.scanned.get() == Some(item) {
            "kura-lines__row kura-stocktake__row--scanned"
        } else {
            "kura-lines__row"
        }
    };
    let expected = move || variance.with(|v| v.as_ref().map(|v| quantity_text(v.expected)));
    // A row not counted shows no variance: posting leaves it as it is.
    let counted = Memo::new(move |_| {
        variance.with(|v| {
            v.as_ref()
                .filter(|v| v.counted.is_some())
                .map(|v| (v.difference, v.value))
        })
    });
    let difference = move || counted.get().map(|(d, _)| d).unwrap_or_default();
    let value = move || counted.get().map(|(_, v)| v).unwrap_or_default();
    let cell = move || {
        if count.posted {
            view! { <span data-testid="stocktake-counted-text">{typed}</span> }.into_any()
        } else {
            let on_key = move |ev: KeyboardEvent| {
                if is_enter(&ev) {
                    ev.prevent_default();
                    focus_later(SCAN_ID.to_string());
                }
            };
            let on_input = move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                count.typed.update(|m| {
                    if value.trim().is_empty() {
                        m.remove(&item);
                    } else {
                        m.insert(item, value);
                    }
                });
            };
            view! {
                <input type="text" inputmode="decimal" autocomplete="off" class="kura-input--amount"
                    id=count_cell_id(item) data-testid="stocktake-count"
                    aria-label=move || (i18n.t().stk_count_label)(&text(|i| i.name.clone()))
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    prop:value=typed on:input=on_input on:keydown=on_key />
            }
            .into_any()
        }
    };
    view! {
        <tr class=row_class data-testid="stocktake-row" data-code=move || text(|i| i.code.clone())>
            <td class="kura-stocktake__code">{move || text(|i| i.code.clone())}</td>
            <td>{move || text(|i| i.name.clone())}</td>
            <td>{move || text(|i| i.unit.clone())}</td>
            <td class="kura-num" data-testid="stocktake-expected">{expected}</td>
            <td class="kura-lines__amount kura-num">{cell}</td>
            <td class=move || signed_class(difference()) data-testid="stocktake-difference">
                {move || counted.get().map(|(d, _)| signed_quantity(d))}
            </td>
            <td class=move || signed_class(value()) data-testid="stocktake-variance">
                {move || counted.get().map(|(_, v)| format_money(v, count.currency.get(), i18n.locale()))}
            </td>
        </tr>
    }
}

// ---- the printed count sheet -------------------------------------------------------

/// What the printed sheet shows, read from the book once.
#[derive(Clone, Debug, PartialEq)]
struct PrintSheet {
    date: NaiveDate,
    location: Option<RecordId>,
    /// Code, name, unit, expected quantity, in code order.
    rows: Vec<(String, String, String, Decimal)>,
}

fn print_sheet(book: &Book, id: RecordId) -> Option<PrintSheet> {
    let stocktake = book.stocktake(id)?;
    let rows = count_sheet(book, stocktake.location, stocktake.date)
        .into_iter()
        .filter_map(|v| {
            let item = book.item(v.item)?;
            Some((
                item.code.clone(),
                item.name.clone(),
                item.unit.clone(),
                v.expected,
            ))
        })
        .collect();
    Some(PrintSheet {
        date: stocktake.date,
        location: stocktake.location,
        rows,
    })
}

#[component]
pub fn CountSheetPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("stocktake");
    let sheet = Memo::new(move |_| {
        id.get()
            .and_then(|id| open.book.with(|b| print_sheet(b, id)))
    });
    let show_expected = RwSignal::new(false);
    let back = Signal::derive(move || {
        id.get().map_or_else(
            || BookScreen::Stocktakes.path(open.id),
            |id| BookScreen::Stocktake(id).path(open.id),
        )
    });
    let paper = move || {
        let locale = i18n.locale();
        match sheet.get() {
            Some(sheet) => {
                let place = open
                    .book
                    .with(|b| location_name(b, sheet.location, messages(locale)));
                count_paper(&sheet, &place, show_expected.get(), locale).into_any()
            }
            None => {
                let text = inventory_error(&InventoryError::StocktakeNotFound, locale);
                view! { <p class="kura-error" role="alert" data-testid="print-missing">{text}</p> }
                    .into_any()
            }
        }
    };
    view! {
        <div class="kura-page kura-print">
            <div class="kura-no-print kura-count-print__tabs">
                <InventoryTabs current=InventoryTab::Stocktakes />
            </div>
            <PrintBar back back_label=Signal::derive(move || i18n.t().stk_print_back.to_string()) />
            <div class="kura-no-print kura-count-print__option">
                <label class="kura-check">
                    <input type="checkbox" data-testid="print-expected" bind:checked=show_expected />
                    {move || i18n.t().stk_print_expected}
                </label>
            </div>
            {paper}
        </div>
    }
}

/// The A4 count sheet: a box to write each count in; the expected quantity
/// only when asked (a blind count is the default, so the counter is not led).
fn count_paper(
    sheet: &PrintSheet,
    place: &str,
    show_expected: bool,
    locale: Locale,
) -> impl IntoView {
    let t = messages(locale);
    let rows = sheet
        .rows
        .iter()
        .enumerate()
        .map(|(i, (code, name, unit, expected))| {
            view! {
                <tr data-testid="paper-line">
                    <td class="kura-num kura-paper__no">{i + 1}</td>
                    <td>{code.clone()}</td>
                    <td>{name.clone()}</td>
                    <td>{unit.clone()}</td>
                    {show_expected.then(|| view! { <td class="kura-num">{quantity_text(*expected)}</td> })}
                    <td class="kura-count-paper__box"></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class=format!("{} kura-count-paper", lang_class(locale)) lang=locale.tag() data-testid="paper">
            <header class="kura-paper__head">
                <h1 class="kura-paper__title" data-testid="paper-title">{t.stk_print_title}</h1>
                {meta(vec![(t.stk_date, format_date(sheet.date, locale)), (t.stk_location, place.to_string())])}
            </header>
            <table class="kura-paper__table kura-count-paper__table" data-testid="paper-lines">
                <thead>
                    <tr>
                        <th scope="col" class="kura-num kura-paper__no">{t.prn_col_no}</th>
                        <th scope="col">{t.stk_col_code}</th>
                        <th scope="col">{t.stk_col_name}</th>
                        <th scope="col">{t.stk_col_unit}</th>
                        {show_expected.then(|| view! { <th scope="col" class="kura-num">{t.stk_col_expected}</th> })}
                        <th scope="col" class="kura-count-paper__box-head">{t.stk_col_counted}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="kura-count-paper__signs">
                <p>{t.stk_print_counted_by}</p>
                <p>{t.stk_print_checked_by}</p>
            </div>
        </article>
    }
}
