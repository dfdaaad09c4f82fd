//! `/books/<id>/items`, `items/new`, `items/<item>` and `items/<item>/edit`:
//! the items (品目) with their stock on hand and value today, searchable by
//! code, name, kana reading and JAN; the item form; and an item's page with
//! its stock per location and its movement history with running balances.
//!
//! Quantities and values come from the core's stock reports (moves summed and
//! valued there, never counted here); the core validates the form
//! (`save_item`: the JAN check digit, a unique code) and its refusal is shown
//! next to the field it concerns.

use std::collections::{HashMap, HashSet};

use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::inventory::{
    below_reorder_point, save_item, search_items, standard_unit_cost, Item, ItemError, ItemInput,
    MoveKind,
};
use kura_core::ledger::{BusinessClass, TaxCode, TaxKind};
use kura_core::locale::{format_date, format_number};
use kura_core::money::limits::Magnitude;
use kura_core::reports::{item_history, stock_on_hand, ItemHistoryRow};
use kura_core::trade::TradeSide;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use rust_decimal::Decimal;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    location_name, move_kind_text, number_text, partner_options, quantity_text, tax_from,
    tax_value, use_toasts, BusinessClassSelect, Column, DataTable, FormField, InventoryTab,
    InventoryTabs, Money, TextField,
};
use crate::i18n::{item_error, store_error, use_i18n, Messages};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, BookScreen};

// ---- the list ----------------------------------------------------------------

/// An item with its stock today.
#[derive(Clone, Debug, PartialEq)]
struct ItemRow {
    item: Item,
    on_hand: Decimal,
    unit_cost: Decimal,
    value: Decimal,
    reorder: bool,
}

/// Today's stock per item (on hand, unit cost, value) and the items to reorder.
#[derive(Clone, Debug, Default, PartialEq)]
struct StockToday {
    figures: HashMap<RecordId, (Decimal, Decimal, Decimal)>,
    reorder: HashSet<RecordId>,
}

impl StockToday {
    fn of(book: &Book) -> StockToday {
        let day = today();
        // An item that never moved holds nothing, at its standard cost as the
        // book carries stock (with its purchase tax in a tax-inclusive book).
        let mut figures: HashMap<RecordId, (Decimal, Decimal, Decimal)> = book
            .items()
            .map(|i| {
                let cost = standard_unit_cost(book, i, day);
                (i.id, (Decimal::ZERO, cost, Decimal::ZERO))
            })
            .collect();
        figures.extend(
            stock_on_hand(book, day)
                .rows
                .into_iter()
                .map(|r| (r.item, (r.total, r.unit_cost, r.value))),
        );
        StockToday {
            figures,
            reorder: below_reorder_point(book, day)
                .into_iter()
                .map(|l| l.item)
                .collect(),
        }
    }

    fn row(&self, item: &Item) -> ItemRow {
        // `of` gave every item of the book figures: the typed cost is a fallback.
        let (on_hand, unit_cost, value) = self.figures.get(&item.id).copied().unwrap_or((
            Decimal::ZERO,
            item.purchase_cost,
            Decimal::ZERO,
        ));
        ItemRow {
            item: item.clone(),
            on_hand,
            unit_cost,
            value,
            reorder: self.reorder.contains(&item.id),
        }
    }
}

#[component]
pub fn ItemsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let query = RwSignal::new(String::new());
    let archived = RwSignal::new(false);
    // Valued once per book version, not on every keystroke of the search.
    let stock = Memo::new(move |_| open.book.with(StockToday::of));
    let has_items = Memo::new(move |_| open.book.with(|b| b.items().next().is_some()));
    let rows = Signal::derive(move || {
        let (q, all) = (query.get(), archived.get());
        stock.with(|s| {
            open.book.with(|b| {
                search_items(b, &q, all)
                    .into_iter()
                    .map(|i| s.row(i))
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <div class="kura-page kura-page--wide kura-items" data-testid="items-page">
            <InventoryTabs current=InventoryTab::Items />
            <div class="kura-page__head">
                <h1>{move || t().itm_title}</h1>
                <a class="kura-button kura-button--primary" data-testid="new-item"
                    href=BookScreen::NewItem.path(open.id)>
                    {move || t().itm_new}
                </a>
            </div>
            <Show
                when=move || has_items.get()
                fallback=move || view! { <p class="kura-card kura-items__empty" data-testid="items-empty">{move || t().itm_empty}</p> }
            >
                <p class="kura-muted">{move || t().itm_intro}</p>
                <div class="kura-search" role="search">
                    <FormField label=Signal::derive(move || t().itm_search.to_string()) id="item-search">
                        <input id="item-search" type="search" autocomplete="off" data-testid="item-search"
                            bind:value=query />
                    </FormField>
                    <label class="kura-check">
                        <input type="checkbox" data-testid="items-show-archived" bind:checked=archived />
                        {move || t().itm_show_archived}
                    </label>
                </div>
                <Show
                    when=move || !rows.with(Vec::is_empty)
                    fallback=move || view! { <p class="kura-muted" data-testid="no-items">{move || t().itm_none}</p> }
                >
                    <ItemTable rows />
                </Show>
            </Show>
        </div>
    }
}

#[component]
fn ItemTable(rows: Signal<Vec<ItemRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let book = open.id;
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let columns = vec![
        Column::text(
            move || t().itm_col_code.to_string(),
            |r: &ItemRow| view! { <span class="kura-code">{r.item.code.clone()}</span> },
        )
        .sortable_by(|a: &ItemRow, b: &ItemRow| a.item.code.cmp(&b.item.code)),
        Column::text(
            move || t().itm_col_name.to_string(),
            move |r: &ItemRow| {
                let i = &r.item;
                let (archived, reorder) = (i.archived, r.reorder);
                view! {
                    <a href=BookScreen::Item(i.id).path(book) data-testid="item-link">{i.name.clone()}</a>
                    <span class="kura-partner__reading">{i.reading.clone()}</span>
                    {reorder.then(|| view! {
                        " "<span class="kura-badge kura-badge--overdue" data-testid="item-reorder">{move || t().itm_reorder_badge}</span>
                    })}
                    {archived.then(|| view! {
                        " "<span class="kura-badge kura-badge--muted">{move || t().archived}</span>
                    })}
                }
            },
        )
        .sortable_by(|a: &ItemRow, b: &ItemRow| a.item.reading.cmp(&b.item.reading)),
        Column::text(
            move || t().itm_col_unit.to_string(),
            |r: &ItemRow| r.item.unit.clone(),
        ),
        Column::numeric(
            move || t().itm_col_on_hand.to_string(),
            move |r: &ItemRow| {
                let on_hand = r.on_hand;
                if r.item.tracked {
                    view! { <span data-testid="item-on-hand">{quantity_text(on_hand)}</span> }.into_any()
                } else {
                    view! { <span class="kura-badge kura-badge--muted" data-testid="item-service">{move || t().itm_service_badge}</span> }.into_any()
                }
            },
        )
        .sortable_by_key(|r: &ItemRow| r.on_hand),
        Column::numeric(
            move || t().itm_col_unit_cost.to_string(),
            move |r: &ItemRow| r.item.tracked.then(|| view! { <Money amount=r.unit_cost currency /> }),
        ),
        Column::numeric(
            move || t().itm_col_value.to_string(),
            move |r: &ItemRow| r.item.tracked.then(|| view! { <span data-testid="item-value"><Money amount=r.value currency /></span> }),
        )
        .sortable_by_key(|r: &ItemRow| r.value),
    ];
    view! {
        <DataTable
            rows
            columns
            row_key=|r: &ItemRow| r.item.id.to_string()
            row_test_id="item-row"
            label=Signal::derive(move || t().itm_title.to_string())
        />
    }
}

// ---- the form ----------------------------------------------------------------

/// The field a refusal belongs next to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Code,
    Name,
    Prices,
    Kind,
    Reorder,
    Supplier,
    Barcode,
    Form,
}

fn field_of(error: &ItemError) -> Field {
    match error {
        ItemError::BlankCode | ItemError::DuplicateCode(_) => Field::Code,
        ItemError::BlankName | ItemError::NameTooLong { .. } => Field::Name,
        ItemError::BadPrice => Field::Prices,
        ItemError::StockOnHand => Field::Kind,
        ItemError::BadQuantity => Field::Reorder,
        ItemError::TooLarge(limit) if limit.what == Magnitude::Quantity => Field::Reorder,
        ItemError::TooLarge(_) => Field::Prices,
        ItemError::NotASupplier => Field::Supplier,
        ItemError::JanFormat | ItemError::JanCheckDigit => Field::Barcode,
        ItemError::NotFound | ItemError::BlankLocationName | ItemError::DuplicateLocation => {
            Field::Form
        }
    }
}

/// The tax codes an item may have: its sales code (the purchase one follows).
fn sales_codes() -> impl Iterator<Item = TaxCode> {
    TaxCode::ALL.into_iter().filter(|c| {
        matches!(
            c.kind(),
            TaxKind::TaxableSale | TaxKind::ExemptSale | TaxKind::ExportSale | TaxKind::NotTaxable
        )
    })
}

/// The form's state: one signal per field, as typed.
#[derive(Clone, Copy)]
struct ItemForm {
    code: RwSignal<String>,
    name: RwSignal<String>,
    reading: RwSignal<String>,
    unit: RwSignal<String>,
    sale_price: RwSignal<String>,
    purchase_cost: RwSignal<String>,
    tax: RwSignal<String>,
    tracked: RwSignal<bool>,
    reorder_point: RwSignal<String>,
    reorder_quantity: RwSignal<String>,
    supplier: RwSignal<String>,
    barcode: RwSignal<String>,
    archived: RwSignal<bool>,
    business_class: RwSignal<Option<BusinessClass>>,
}

impl ItemForm {
    /// The item's values, or a new item's defaults: goods taxed at 10%.
    fn new(item: Option<&Item>, decimals: u32) -> Self {
        let text = |s: String| RwSignal::new(s);
        let price = |p: Decimal| text(format_number(p, decimals));
        let quantity = |q: Option<Decimal>| text(q.map(quantity_text).unwrap_or_default());
        match item {
            Some(i) => ItemForm {
                code: text(i.code.clone()),
                name: text(i.name.clone()),
                reading: text(i.reading.clone()),
                unit: text(i.unit.clone()),
                sale_price: price(i.sale_price),
                purchase_cost: price(i.purchase_cost),
                tax: text(tax_value(i.tax_code)),
                tracked: RwSignal::new(i.tracked),
                reorder_point: quantity(i.reorder_point),
                reorder_quantity: quantity(i.reorder_quantity),
                supplier: text(
                    i.preferred_supplier
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                ),
                barcode: text(
                    i.barcode
                        .as_ref()
                        .map(|b| b.as_str().to_string())
                        .unwrap_or_default(),
                ),
                archived: RwSignal::new(i.archived),
                business_class: RwSignal::new(i.business_class),
            },
            None => ItemForm {
                code: text(String::new()),
                name: text(String::new()),
                reading: text(String::new()),
                unit: text(String::new()),
                sale_price: text(String::new()),
                purchase_cost: text(String::new()),
                tax: text(tax_value(TaxCode::Sales10)),
                tracked: RwSignal::new(true),
                reorder_point: text(String::new()),
                reorder_quantity: text(String::new()),
                supplier: text(String::new()),
                barcode: text(String::new()),
                archived: RwSignal::new(false),
                business_class: RwSignal::new(None),
            },
        }
    }

    fn input(&self) -> ItemInput {
        let text = |s: RwSignal<String>| s.get_untracked();
        ItemInput {
            code: text(self.code),
            name: text(self.name),
            reading: text(self.reading),
            unit: text(self.unit),
            sale_price: text(self.sale_price),
            purchase_cost: text(self.purchase_cost),
            tax_code: tax_from(&text(self.tax)),
            tracked: self.tracked.get_untracked(),
            reorder_point: text(self.reorder_point),
            reorder_quantity: text(self.reorder_quantity),
            preferred_supplier: text(self.supplier).parse().ok(),
            barcode: text(self.barcode),
            archived: self.archived.get_untracked(),
            business_class: self.business_class.get_untracked(),
        }
    }
}

#[component]
pub fn NewItemPage() -> impl IntoView {
    view! {
        <div class="kura-page kura-items" data-testid="item-form-page">
            <InventoryTabs current=InventoryTab::Items />
            <ItemFormView item=None />
        </div>
    }
}

#[component]
pub fn EditItemPage() -> impl IntoView {
    let item = use_item();
    view! {
        <div class="kura-page kura-items" data-testid="item-form-page">
            <InventoryTabs current=InventoryTab::Items />
            {move || match item.get() {
                None => not_found().into_any(),
                Some(i) => view! { <ItemFormView item=Some(i) /> }.into_any(),
            }}
        </div>
    }
}

/// The item named in the route (`:item`), as the book holds it now.
fn use_item() -> Memo<Option<Item>> {
    let open = use_open_book();
    let id = routes::use_id_param("item");
    Memo::new(move |_| {
        let id = id.get()?;
        open.book.with(|b| b.item(id).cloned())
    })
}

fn not_found() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    view! {
        <p class="kura-muted" data-testid="item-missing">{move || i18n.t().itm_not_found}</p>
        <p><a href=BookScreen::Items.path(open.id)>{move || i18n.t().itm_back}</a></p>
    }
}

/// Adds an item (`None`) or edits one; after the write commits, the item's page.
#[component]
fn ItemFormView(item: Option<Item>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let open = use_open_book();
    let navigate = use_navigate();
    let decimals = open.book.with_untracked(|b| b.currency()).minor_units();
    let form = ItemForm::new(item.as_ref(), decimals);
    let editing = item.as_ref().map(|i| i.id);
    let back = match editing {
        Some(id) => BookScreen::Item(id).path(open.id),
        None => BookScreen::Items.path(open.id),
    };
    // Kept as the error, not its sentence, so it follows a change of language.
    let error = RwSignal::new(None::<WriteError<ItemError>>);
    let saving = RwSignal::new(false);
    let error_at = move |field: Field| {
        Signal::derive(move || {
            let locale = i18n.locale();
            error.with(|e| match e {
                Some(WriteError::Invalid(e)) if field_of(e) == field => Some(item_error(e, locale)),
                Some(WriteError::Store(e)) if field == Field::Form => Some(store_error(e, locale)),
                _ => None,
            })
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.input();
        let id = editing.unwrap_or_else(platform::new_id);
        let navigate = navigate.clone();
        saving.set(true);
        spawn_local(async move {
            let result = open
                .write(|book, ctx| save_item(book, id, input, ctx))
                .await;
            saving.set(false);
            match result {
                Ok(()) => {
                    toasts.success(i18n.t().itm_saved.to_string());
                    navigate(&BookScreen::Item(id).path(open.id), Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let title = move || {
        if editing.is_some() {
            t().itm_edit_title
        } else {
            t().itm_new_title
        }
    };
    view! {
        <p class="kura-no-print"><a href=back.clone()>{move || t().itm_back}</a></p>
        <h1>{title}</h1>
        <form class="kura-form kura-item-form" on:submit=submit novalidate>
            <p class="kura-error" role="alert" data-testid="item-error" hidden=move || error_at(Field::Form).with(Option::is_none)>
                {move || error_at(Field::Form).get()}
            </p>
            <fieldset class="kura-partner-form__group">
                <legend>{move || t().itm_section_basic}</legend>
                <div class="kura-partner-form__row">
                    <TextField label=|t| t.itm_code id="item-code" value=form.code error=error_at(Field::Code)
                        hint=Signal::derive(move || Some(t().itm_code_hint.to_string())) />
                    <TextField label=|t| t.itm_unit id="item-unit" value=form.unit
                        hint=Signal::derive(move || Some(t().itm_unit_hint.to_string())) />
                </div>
                <TextField label=|t| t.itm_name id="item-name" value=form.name error=error_at(Field::Name) />
                <TextField label=|t| t.itm_reading id="item-reading" value=form.reading
                    hint=Signal::derive(move || Some(t().itm_reading_hint.to_string())) />
                <KindField form error=error_at(Field::Kind) />
                <TextField label=|t| t.itm_barcode id="item-barcode" value=form.barcode error=error_at(Field::Barcode)
                    hint=Signal::derive(move || Some(t().itm_barcode_hint.to_string())) />
            </fieldset>
            <PriceFields form error=error_at(Field::Prices) />
            <StockFields form reorder_error=error_at(Field::Reorder) supplier_error=error_at(Field::Supplier) />
            <label class="kura-check">
                <input type="checkbox" data-testid="item-archived" bind:checked=form.archived />
                {move || t().itm_archived_label}
            </label>
            <div class="kura-form__actions">
                <a class="kura-button" href=back>{move || t().cancel}</a>
                <button type="submit" class="kura-button kura-button--primary" data-testid="save-item"
                    disabled=move || saving.get()>
                    {move || t().save}
                </button>
            </div>
        </form>
    }
}

/// Goods (stock tracked) or a service.
#[component]
fn KindField(form: ItemForm, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <FormField label=Signal::derive(move || t().itm_kind.to_string()) id="item-kind" error>
            <select id="item-kind" data-testid="item-kind"
                aria-describedby=crate::components::described_by("item-kind")
                on:change=move |ev| form.tracked.set(event_target_value(&ev) == "goods")>
                <option value="goods" selected=move || form.tracked.get()>{move || t().itm_kind_goods}</option>
                <option value="service" selected=move || !form.tracked.get()>{move || t().itm_kind_service}</option>
            </select>
        </FormField>
    }
}

/// Sale price, standard cost and the sales tax code; one error for both prices
/// (the core says only that one is not an amount), under the pair.
#[component]
fn PriceFields(form: ItemForm, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let codes = sales_codes()
        .map(|c| {
            let value = tax_value(c);
            let is = value.clone();
            view! { <option value=value selected=move || form.tax.get() == is>{move || (t().tax_code_name)(c)}</option> }
        })
        .collect_view();
    view! {
        <fieldset class="kura-partner-form__group">
            <legend>{move || t().itm_section_prices}</legend>
            <div class="kura-partner-form__row kura-item-form__prices">
                <TextField label=|t| t.itm_sale_price id="item-sale-price" value=form.sale_price error />
                <TextField label=|t| t.itm_purchase_cost id="item-purchase-cost" value=form.purchase_cost error
                    hint=Signal::derive(move || Some(t().itm_purchase_cost_hint.to_string())) />
            </div>
            <FormField label=Signal::derive(move || t().itm_tax_code.to_string()) id="item-tax"
                hint=Signal::derive(move || Some(t().itm_tax_code_hint.to_string()))>
                <select id="item-tax" data-testid="item-tax"
                    aria-describedby=crate::components::described_by("item-tax")
                    on:change=move |ev| form.tax.set(event_target_value(&ev))>
                    {codes}
                </select>
            </FormField>
            <FormField label=Signal::derive(move || t().account_business_class.to_string()) id="item-class"
                hint=Signal::derive(move || Some(t().itm_business_class_hint.to_string()))>
                <BusinessClassSelect id="item-class" value=form.business_class
                    unset=Signal::derive(move || t().class_from_partner_or_account) />
            </FormField>
        </fieldset>
    }
}

/// Reorder point and quantity, and the preferred supplier; hidden for a service.
#[component]
fn StockFields(
    form: ItemForm,
    reorder_error: Signal<Option<String>>,
    supplier_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <fieldset class="kura-partner-form__group" hidden=move || !form.tracked.get()>
            <legend>{move || t().itm_section_stock}</legend>
            <div class="kura-partner-form__row">
                <TextField label=|t| t.itm_reorder_point id="item-reorder-point" value=form.reorder_point
                    error=reorder_error hint=Signal::derive(move || Some(t().itm_reorder_point_hint.to_string())) />
                <TextField label=|t| t.itm_reorder_quantity id="item-reorder-quantity" value=form.reorder_quantity
                    error=reorder_error />
            </div>
            <FormField label=Signal::derive(move || t().itm_supplier.to_string()) id="item-supplier" error=supplier_error>
                <select id="item-supplier" data-testid="item-supplier"
                    aria-describedby=crate::components::described_by("item-supplier")
                    on:change=move |ev| form.supplier.set(event_target_value(&ev))>
                    {partner_options(TradeSide::Purchase, |t| t.itm_supplier_none, form.supplier.into())}
                </select>
            </FormField>
        </fieldset>
    }
}

// ---- one item ----------------------------------------------------------------

#[component]
pub fn ItemPage() -> impl IntoView {
    let item = use_item();
    view! {
        <div class="kura-page kura-page--wide kura-items" data-testid="item-page">
            <InventoryTabs current=InventoryTab::Items />
            {move || match item.get() {
                None => not_found().into_any(),
                Some(i) => view! { <ItemView item=i /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ItemView(item: Item) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let book = open.id;
    let id = item.id;
    let adjust = item.tracked.then(|| {
        view! {
            <a class="kura-button" data-testid="adjust-item"
                href=routes::new_stock_move(book, None, Some(id))>{move || t().itm_adjust}</a>
        }
    });
    view! {
        <p class="kura-no-print"><a href=BookScreen::Items.path(book)>{move || t().itm_back}</a></p>
        <div class="kura-page__head">
            <h1 data-testid="item-title">
                {item.name.clone()}" "
                <span class="kura-partner__reading">{item.code.clone()}</span>
            </h1>
            <p class="kura-partner__actions kura-no-print">
                {adjust}
                <a class="kura-button" data-testid="edit-item" href=format!("{}/edit", BookScreen::Item(id).path(book))>
                    {move || t().edit}
                </a>
            </p>
        </div>
        <ItemFacts item=item.clone() />
        {if item.tracked {
            view! { <StockCard item=id /> <HistoryCard item=id /> }.into_any()
        } else {
            view! { <p class="kura-muted" data-testid="item-service-note">{move || t().itm_service_note}</p> }.into_any()
        }}
    }
}

#[component]
fn ItemFacts(item: Item) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let currency = open.book.with_untracked(|b| b.currency());
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let i = &item;
        let money = |d: Decimal| kura_core::locale::format_money(d, currency, locale);
        let quantity = |q: Option<Decimal>| q.map(quantity_text).unwrap_or_default();
        let kind = if i.tracked {
            t.itm_kind_goods
        } else {
            t.itm_kind_service
        };
        let facts = [
            (t.itm_code, i.code.clone()),
            (t.itm_reading, i.reading.clone()),
            (t.itm_unit, i.unit.clone()),
            (t.itm_kind, kind.to_string()),
            (t.itm_sale_price, money(i.sale_price)),
            (t.itm_purchase_cost, money(i.purchase_cost)),
            (t.itm_tax_code, (t.tax_code_name)(i.tax_code).to_string()),
            (
                t.account_business_class,
                i.business_class
                    .map(|c| (t.rep_business_class_name)(c.number()))
                    .unwrap_or_default(),
            ),
            (t.itm_reorder_point, quantity(i.reorder_point)),
            (t.itm_reorder_quantity, quantity(i.reorder_quantity)),
            (
                t.itm_barcode,
                i.barcode
                    .as_ref()
                    .map(|b| b.as_str().to_string())
                    .unwrap_or_default(),
            ),
        ];
        let rows = facts
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
            .collect_view();
        let supplier = i.preferred_supplier.and_then(|s| {
            let name = open
                .book
                .with_untracked(|b| b.partner(s).map(|p| p.name.clone()))?;
            Some(view! {
                <dt>{t.itm_supplier}</dt>
                <dd><a href=BookScreen::Partner(s).path(open.id)>{name}</a></dd>
            })
        });
        let archived = i.archived.then(|| {
            view! { <dt>{t.archived}</dt><dd><span class="kura-badge kura-badge--muted">{t.archived}</span></dd> }
        });
        view! {
            <section class="kura-card" aria-labelledby="item-details">
                <h2 id="item-details">{t.itm_details}</h2>
                <dl class="kura-facts" data-testid="item-facts">{rows}{supplier}{archived}</dl>
            </section>
        }
    }
}

/// The item's stock today per location, its unit cost and value.
#[component]
fn StockCard(item: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    // (location, quantity) rows, then total, unit cost and value.
    let stock = Memo::new(move |_| {
        open.book.with(|b| {
            let day = today();
            let report = stock_on_hand(b, day);
            let row = report.rows.into_iter().find(|r| r.item == item);
            let cost = b
                .item(item)
                .map_or(Decimal::ZERO, |i| standard_unit_cost(b, i, day));
            let quantities = report
                .locations
                .into_iter()
                .enumerate()
                .map(|(n, l)| (l, row.as_ref().map_or(Decimal::ZERO, |r| r.quantities[n])))
                .collect::<Vec<_>>();
            let (total, unit_cost, value) = row.map_or((Decimal::ZERO, cost, Decimal::ZERO), |r| {
                (r.total, r.unit_cost, r.value)
            });
            (quantities, total, unit_cost, value)
        })
    });
    let body = move || {
        let (quantities, total, _, _) = stock.get();
        let rows = quantities
            .into_iter()
            .map(|(location, q)| {
                let name = open
                    .book
                    .with_untracked(|b| location_name(b, location, i18n.t()));
                view! {
                    <tr data-testid="item-location-row">
                        <th scope="row">{name}</th>
                        <td class="kura-num">{quantity_text(q)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {rows}
            <tr class="kura-item__total">
                <th scope="row">{t().itm_stock_total}</th>
                <td class="kura-num" data-testid="item-on-hand-total">{quantity_text(total)}</td>
            </tr>
        }
    };
    view! {
        <section class="kura-card" aria-labelledby="item-stock">
            <h2 id="item-stock">{move || t().itm_stock_heading}</h2>
            <div class="kura-item__stock">
                <table class="kura-table kura-item__locations">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().itm_col_location}</th>
                            <th scope="col" class="kura-table__header--numeric">{move || t().itm_col_on_hand}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
                <dl class="kura-facts kura-item__value">
                    <dt>{move || t().itm_col_unit_cost}</dt>
                    <dd class="kura-item__amount"><Money amount=Signal::derive(move || stock.get().2) currency /></dd>
                    <dt>{move || t().itm_col_value}</dt>
                    <dd class="kura-item__amount" data-testid="item-value-total"><Money amount=Signal::derive(move || stock.get().3) currency /></dd>
                </dl>
            </div>
        </section>
    }
}

/// The item's moves with running balances, optionally in one location.
#[component]
fn HistoryCard(item: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    // "" is every location, "main" the implicit one, else a location's id.
    let filter = RwSignal::new(String::new());
    let locations = Memo::new(move |_| {
        open.book.with(|b| {
            let mut list: Vec<(RecordId, String)> = b
                .locations()
                .filter(|l| !l.archived)
                .map(|l| (l.id, l.name.clone()))
                .collect();
            list.sort_by(|a, b| a.1.cmp(&b.1));
            list
        })
    });
    let rows = Signal::derive(move || {
        let location = match filter.get().as_str() {
            "" => None,
            "main" => Some(None),
            id => Some(id.parse().ok()),
        };
        open.book.with(|b| item_history(b, item, location).rows)
    });
    let options = move || {
        locations
            .get()
            .into_iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
            .collect_view()
    };
    view! {
        <section class="kura-card" aria-labelledby="item-history">
            <h2 id="item-history">{move || t().itm_history}</h2>
            <Show when=move || !locations.with(Vec::is_empty)>
                <div class="kura-search">
                    <FormField label=Signal::derive(move || t().itm_location_filter.to_string()) id="item-history-location">
                        <select id="item-history-location" data-testid="item-history-location"
                            on:change=move |ev| filter.set(event_target_value(&ev))>
                            <option value="">{move || t().itm_all_locations}</option>
                            <option value="main">{move || t().inv_main_location}</option>
                            {options}
                        </select>
                    </FormField>
                </div>
            </Show>
            <Show
                when=move || !rows.with(Vec::is_empty)
                fallback=move || view! { <p class="kura-muted" data-testid="item-no-history">{move || t().itm_no_history}</p> }
            >
                <HistoryTable rows />
                <p class="kura-muted">{move || t().itm_balance_note}</p>
            </Show>
        </section>
    }
}

#[component]
fn HistoryTable(rows: Signal<Vec<ItemHistoryRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let book = open.id;
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let quantity_column = |header: fn(&Messages) -> &'static str, incoming: bool| {
        Column::numeric(
            move || header(i18n.t()).to_string(),
            move |r: &ItemHistoryRow| {
                let shown = (r.quantity.is_sign_positive() == incoming && !r.quantity.is_zero())
                    .then(|| quantity_text(r.quantity.abs()));
                view! { <span data-testid=if incoming { "history-in" } else { "history-out" }>{shown}</span> }
            },
        )
    };
    let columns = vec![
        Column::text(
            move || t().itm_col_date.to_string(),
            move |r: &ItemHistoryRow| {
                let date = r.date;
                view! { <span class="kura-item__date">{move || format_date(date, i18n.locale())}</span> }
            },
        ),
        Column::text(
            move || t().itm_col_kind.to_string(),
            move |r: &ItemHistoryRow| {
                let (kind, reversal) = (r.kind, r.reverses.is_some());
                view! {
                    <span data-testid="history-kind">{move || move_kind_text(kind, t())}</span>
                    {reversal.then(|| view! { " "<span class="kura-badge kura-badge--muted">{move || t().itm_reversal}</span> })}
                }
            },
        ),
        Column::text(
            move || t().itm_col_document.to_string(),
            move |r: &ItemHistoryRow| source_link(book, r),
        ),
        Column::text(
            move || t().itm_col_location.to_string(),
            move |r: &ItemHistoryRow| {
                let location = r.location;
                move || {
                    open.book
                        .with_untracked(|b| location_name(b, location, t()))
                }
            },
        ),
        quantity_column(|t| t.itm_col_in, true),
        quantity_column(|t| t.itm_col_out, false),
        Column::numeric(
            move || t().itm_col_balance.to_string(),
            |r: &ItemHistoryRow| view! { <span data-testid="history-balance">{quantity_text(r.balance)}</span> },
        ),
        Column::numeric(
            move || t().itm_col_value_change.to_string(),
            move |r: &ItemHistoryRow| view! { <Money amount=r.value currency /> },
        ),
        Column::numeric(
            move || t().itm_col_value_balance.to_string(),
            move |r: &ItemHistoryRow| view! { <Money amount=r.value_balance currency /> },
        ),
    ];
    view! {
        <DataTable
            rows
            columns
            row_key=|r: &ItemHistoryRow| format!("{}-{:?}-{}", r.move_id, r.location, r.quantity)
            row_test_id="history-row"
            label=Signal::derive(move || t().itm_history.to_string())
        />
    }
}

/// The document or stocktake that made a move, as a link.
fn source_link(book: RecordId, row: &ItemHistoryRow) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    if let Some(doc) = row.document {
        let number = open
            .book
            .with_untracked(|b| b.document(doc).map(|d| number_text(d, i18n.t())));
        return number
            .map(|n| view! { <a href=BookScreen::Document(doc).path(book) data-testid="history-document">{n}</a> })
            .into_any();
    }
    row.stocktake
        .map(|s| {
            view! {
                <a href=BookScreen::Stocktake(s).path(book)>
                    {move || (i18n.t().inv_move_kind_name)(MoveKind::Stocktake)}
                </a>
            }
        })
        .into_any()
}
