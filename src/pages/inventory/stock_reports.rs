//! `/books/<id>/stock/<tab>`: the stock reports. What is on hand where at a
//! date, the valuation at a date by the book's method or another to compare
//! (with the stock closing entry that brings the books to it), the items to
//! reorder with the purchase-order drafts that refill them, and the stock
//! ledger (商品有高帳) of a period with its CSV.
//!
//! Every figure comes from `kura_core::reports` and `kura_core::inventory`;
//! this page only renders it. The tab, the dates and the method live in the
//! URL, so a dashboard card can link straight to the items to reorder.

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::inventory::{
    below_reorder_point, post_stock_closing, reorder_drafts, stock_closing, stock_closing_entry,
    InventoryError, ReorderLine, StockClosing, StockPosting, ValuationMethod,
};
use kura_core::locale::{format_date, Locale};
use kura_core::money::Currency;
use kura_core::reports::csv::stock_ledger_csv;
use kura_core::reports::{
    stock_ledger, stock_on_hand, valuation_report, ItemHistoryRow, Period, StockLedgerItem,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    kind_label, location_name, move_kind_text, partner_name, quantity_text, tab_links,
    use_replace_url, use_toasts, use_url_tab, FormField, InventoryTab, InventoryTabs, Money,
    UrlDateField, UrlTab,
};
use crate::i18n::{inventory_error, messages, store_error, trade_error, use_i18n, Messages};
use crate::platform;
use crate::platform::today;
use crate::routes::{from_plain, plain, BookScreen};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    OnHand,
    Valuation,
    Reorder,
    Ledger,
}

impl UrlTab for Tab {
    const ALL: &'static [Tab] = &[Tab::OnHand, Tab::Valuation, Tab::Reorder, Tab::Ledger];

    fn slug(self) -> &'static str {
        match self {
            Tab::OnHand => "on-hand",
            Tab::Valuation => "valuation",
            Tab::Reorder => "reorder",
            Tab::Ledger => "ledger",
        }
    }

    fn title(self, t: &Messages) -> &'static str {
        match self {
            Tab::OnHand => t.sr_tab_on_hand,
            Tab::Valuation => t.sr_tab_valuation,
            Tab::Reorder => t.sr_tab_reorder,
            Tab::Ledger => t.sr_tab_ledger,
        }
    }
}

fn parse_date(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text?, "%Y-%m-%d").ok()
}

/// What the URL's query says, with defaults.
#[derive(Clone, Debug, PartialEq)]
struct View {
    /// The date of the on-hand, valuation and reorder tabs.
    date: NaiveDate,
    /// A method to compare on the valuation tab; `None`: the book's.
    method: Option<ValuationMethod>,
    /// The stock ledger's period.
    from: NaiveDate,
    to: NaiveDate,
}

impl View {
    /// A period whose start is not after its end.
    fn ordered(&self) -> bool {
        self.from <= self.to
    }

    fn url(&self, book: RecordId, tab: Tab) -> String {
        let mut url = format!(
            "{}?date={}&from={}&to={}",
            BookScreen::StockTab(tab.slug()).path(book),
            self.date,
            self.from,
            self.to
        );
        if let Some(m) = self.method {
            url.push_str(&format!("&method={}", plain(&m)));
        }
        url
    }
}

/// An item's code and name (blank for an item no longer in the book).
fn item_code_name(book: &Book, item: RecordId) -> (String, String) {
    book.item(item)
        .map(|i| (i.code.clone(), i.name.clone()))
        .unwrap_or_default()
}

#[component]
pub fn StockReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let query = use_query_map();
    let replace_url = use_replace_url();
    let tab = use_url_tab::<Tab>();
    let state = Memo::new(move |_| {
        let q = |name: &str| query.with(|q| q.get(name));
        let year = open.book.with(|b| Period::book_fiscal_year(b, today()));
        View {
            date: parse_date(q("date")).unwrap_or_else(today),
            method: q("method").and_then(|m| from_plain(&m)),
            from: parse_date(q("from")).unwrap_or(year.from),
            to: parse_date(q("to")).unwrap_or_else(today),
        }
    });
    let go =
        Callback::new(move |view: View| replace_url.run(view.url(open.id, tab.get_untracked())));
    let tabs = tab_links(
        tab,
        move |tb| state.get().url(open.id, tb),
        move |tb| tb.title(i18n.t()),
        "stock-tab-",
    );
    let body = move || match tab.get() {
        Tab::OnHand => view! { <OnHandView state go /> }.into_any(),
        Tab::Valuation => view! { <ValuationView state go /> }.into_any(),
        Tab::Reorder => view! { <ReorderView state go /> }.into_any(),
        Tab::Ledger => view! { <LedgerView state go /> }.into_any(),
    };
    view! {
        <div class="kura-page kura-page--wide kura-report kura-stock" data-testid="stock-reports-page">
            <InventoryTabs current=InventoryTab::Stock />
            <h1 class="kura-no-print">{move || t().sr_title}</h1>
            <nav class="kura-report__tabs kura-report__tabs--sub kura-no-print" aria-label=move || t().sr_tabs>{tabs}</nav>
            {body}
        </div>
    }
}

#[component]
fn AsOfField(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    view! {
        <UrlDateField id="stock-date" label=|t| t.sr_as_of state go
            pick=|v| v.date put=|v, date| View { date, ..v } valid=|_| true />
    }
}

/// The head cells every item table starts with.
fn item_cells(book: &Book, book_id: RecordId, item: RecordId) -> impl IntoView {
    let (code, name) = item_code_name(book, item);
    view! {
        <td><a href=BookScreen::Item(item).path(book_id) data-testid="stock-item-code">{code}</a></td>
        <td>{name}</td>
    }
}

fn num_cell(quantity: Decimal, test_id: &'static str) -> impl IntoView {
    let class = if quantity.is_sign_negative() && !quantity.is_zero() {
        "kura-num kura-money--negative"
    } else {
        "kura-num"
    };
    view! { <td class=class data-testid=test_id>{quantity_text(quantity)}</td> }
}

fn money_cell(amount: Decimal, currency: Currency, test_id: &'static str) -> impl IntoView {
    view! { <td class="kura-num" data-testid=test_id><Money amount currency /></td> }
}

/// A numeric column's header.
fn num_head(text: &'static str) -> impl IntoView {
    view! { <th scope="col" class="kura-table__cell--numeric">{text}</th> }
}

#[component]
fn OnHandView(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let date = state.get().date;
        open.book.with(|b| stock_on_hand(b, date))
    });
    let table = move || {
        let t = i18n.t();
        let r = report.get();
        if r.rows.is_empty() {
            return view! { <p class="kura-muted" data-testid="stock-empty">{t.sr_no_stock}</p> }
                .into_any();
        }
        // One location is the total itself: its column would repeat it.
        let by_location = r.locations.len() > 1;
        open.book.with(|b| {
            let currency = b.currency();
            let location_heads = by_location.then(|| {
                r.locations
                    .iter()
                    .map(|&l| view! { <th scope="col" class="kura-table__cell--numeric">{location_name(b, l, t)}</th> })
                    .collect_view()
            });
            let rows = r
                .rows
                .iter()
                .map(|row| {
                    let per_location = by_location.then(|| {
                        row.quantities
                            .iter()
                            .map(|&q| num_cell(q, "stock-location-quantity"))
                            .collect_view()
                    });
                    view! {
                        <tr data-testid="stock-row">
                            {item_cells(b, open.id, row.item)}
                            {per_location}
                            {num_cell(row.total, "stock-quantity")}
                            {money_cell(row.unit_cost, currency, "stock-unit-cost")}
                            {money_cell(row.value, currency, "stock-value")}
                        </tr>
                    }
                })
                .collect_view();
            let total: Decimal = r.rows.iter().map(|row| row.value).sum();
            let span = if by_location { r.locations.len() + 4 } else { 4 };
            view! {
                <div class="kura-table-wrap">
                    <table class="kura-table" data-testid="stock-table">
                        <thead>
                            <tr>
                                <th scope="col">{t.sr_code}</th>
                                <th scope="col">{t.sr_item}</th>
                                {location_heads}
                                {num_head(t.sr_on_hand)}
                                {num_head(t.sr_unit_cost)}
                                {num_head(t.sr_value)}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row" colspan=span.to_string()>{t.rep_total}</th>
                                {money_cell(total, currency, "stock-total-value")}
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <AsOfField state go />
        </div>
        {table}
    }
}

/// The method chooser: the book's own (named) or one to compare.
#[component]
fn MethodSelect(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let book_method = Memo::new(move |_| {
        let date = state.get().date;
        open.book
            .with(|b| b.inventory_settings().policy_at(date).method)
    });
    let options = move || {
        let t = i18n.t();
        let chosen = state.get().method;
        [
            ValuationMethod::LastPurchaseCost,
            ValuationMethod::MovingAverage,
            ValuationMethod::Fifo,
        ]
        .into_iter()
        .map(|m| {
            view! {
                <option value=plain(&m) selected=chosen == Some(m)>{(t.inv_method_name)(m)}</option>
            }
        })
        .collect_view()
    };
    view! {
        <FormField label=Signal::derive(move || i18n.t().sr_method.to_string()) id="stock-method">
            <select id="stock-method" data-testid="stock-method"
                on:change=move |ev| go.run(View { method: from_plain(&event_target_value(&ev)), ..state.get_untracked() })>
                <option value="" selected=move || state.get().method.is_none()>
                    {move || (i18n.t().sr_method_book)((i18n.t().inv_method_name)(book_method.get()))}
                </option>
                {options}
            </select>
        </FormField>
    }
}

#[component]
fn ValuationView(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let v = state.get();
        open.book.with(|b| valuation_report(b, v.date, v.method))
    });
    let table = move || {
        let t = i18n.t();
        let r = report.get();
        let warning = (r.negative_items > 0).then(|| {
            view! {
                <p class="kura-report__warning" role="note" data-testid="valuation-negative">
                    {(t.sr_negative_warning)(r.negative_items)}
                </p>
            }
        });
        if r.rows.is_empty() {
            return view! { <p class="kura-muted" data-testid="valuation-empty">{t.sr_no_stock}</p> }
                .into_any();
        }
        open.book.with(|b| {
            let currency = b.currency();
            let rows = r
                .rows
                .iter()
                .map(|row| {
                    view! {
                        <tr data-testid="valuation-row">
                            {item_cells(b, open.id, row.item)}
                            {num_cell(row.quantity, "valuation-quantity")}
                            {money_cell(row.unit_cost, currency, "valuation-unit-cost")}
                            {money_cell(row.value, currency, "valuation-value")}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                {warning}
                <div class="kura-table-wrap">
                    <table class="kura-table" data-testid="valuation-table">
                        <thead>
                            <tr>
                                <th scope="col">{t.sr_code}</th>
                                <th scope="col">{t.sr_item}</th>
                                {num_head(t.sr_on_hand)}
                                {num_head(t.sr_unit_cost)}
                                {num_head(t.sr_value)}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row" colspan="4">{t.rep_total}</th>
                                {money_cell(r.total_value, currency, "valuation-total")}
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <AsOfField state go />
            <MethodSelect state go />
        </div>
        {table}
        <ClosingCard state />
    }
}

/// The stock closing entry at the date: its figures, and posting it.
#[component]
fn ClosingCard(state: Memo<View>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let date = Memo::new(move |_| state.get().date);
    // The figures, and why posting them would be refused (nothing to post, a
    // closed period): the entry is made here only to ask the core.
    let preview = Memo::new(move |_| {
        let date = date.get();
        open.book.with(|b| {
            let posting = b.inventory_settings().policy_at(date).posting;
            let closing = stock_closing(b, date, &[])?;
            let refused = stock_closing_entry(b, &closing, platform::new_id()).err();
            Ok::<_, InventoryError>((closing, posting, refused))
        })
    });
    let posted = RwSignal::new(None::<RecordId>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // A new date is a new closing: what was posted or refused was another's.
    Effect::new(move || {
        date.track();
        posted.set(None);
        error.set(None);
    });
    let post = move |_| {
        let day = date.get_untracked();
        let entry_id = platform::new_id();
        busy.set(true);
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            match open
                .write(|b, ctx| post_stock_closing(b, day, entry_id, ctx))
                .await
            {
                Ok(()) => {
                    error.set(None);
                    posted.set(Some(entry_id));
                    toasts.success(i18n.t().sr_closing_posted.to_string());
                }
                Err(WriteError::Invalid(e)) => error.set(Some(inventory_error(&e, locale))),
                Err(WriteError::Store(e)) => error.set(Some(store_error(&e, locale))),
            }
            busy.set(false);
        });
    };
    let figures = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        match preview.get() {
            Ok((c, posting, refused)) => {
                let currency = open.book.with(|b| b.currency());
                let refused = refused.map(|e| {
                    view! { <p class="kura-muted" data-testid="stock-closing-refused">{inventory_error(&e, locale)}</p> }
                });
                view! { {closing_figures(&c, posting, currency, t)} {refused} }.into_any()
            }
            Err(e) => {
                view! { <p class="kura-error" role="alert">{inventory_error(&e, locale)}</p> }
                    .into_any()
            }
        }
    };
    let t = move || i18n.t();
    view! {
        <section class="kura-card kura-stock__closing kura-no-print" aria-labelledby="stock-closing-heading"
            data-testid="stock-closing">
            <h2 id="stock-closing-heading">{move || t().sr_closing_heading}</h2>
            <p class="kura-muted">{move || t().sr_closing_intro}</p>
            <p class="kura-muted" hidden=move || state.get().method.is_none()>{move || t().sr_closing_other_method}</p>
            {figures}
            <p class="kura-error" role="alert" data-testid="stock-closing-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <p class="kura-stock__actions">
                <button type="button" class="kura-button kura-button--primary" data-testid="stock-closing-post"
                    disabled=move || busy.get() || preview.with(|p| !matches!(p, Ok((_, _, None)))) on:click=post>
                    {move || t().sr_closing_post}
                </button>
                {move || posted.get().map(|entry| view! {
                    <a href=BookScreen::Entry(entry).path(open.id) data-testid="stock-closing-entry">{t().sr_open_entry}</a>
                })}
            </p>
        </section>
    }
}

/// The closing entry's figures as a list of label and amount: in a periodic
/// book 期首 (debit), 期末 (credit) and 商品 (the difference, debit); in a
/// perpetual one 商品 against 売上原価.
fn closing_figures(
    c: &StockClosing,
    posting: StockPosting,
    currency: Currency,
    t: &'static Messages,
) -> impl IntoView {
    let row = |label: &'static str, amount: Decimal, test_id: &'static str| {
        view! {
            <dt>{label}</dt>
            <dd class="kura-num" data-testid=test_id><Money amount currency /></dd>
        }
    };
    let lines = match posting {
        StockPosting::Periodic => view! {
            {row(t.sr_closing_opening, c.to_opening, "closing-opening")}
            {row(t.sr_closing_closing, c.to_closing, "closing-closing")}
            {row(t.sr_closing_inventory, c.to_closing - c.to_opening, "closing-inventory")}
        }
        .into_any(),
        StockPosting::Perpetual => view! {
            {row(t.sr_closing_inventory, c.to_cost_of_sales, "closing-inventory")}
            {row(t.sr_closing_cost, c.to_cost_of_sales, "closing-cost")}
        }
        .into_any(),
    };
    view! {
        <dl class="kura-facts kura-stock__figures">
            {row(t.sr_closing_valued, c.valued_stock, "closing-valued")}
            {row(t.sr_closing_ledger, c.ledger_stock, "closing-ledger")}
            {lines}
        </dl>
    }
}

#[component]
fn ReorderView(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let lines = Memo::new(move |_| {
        let date = state.get().date;
        open.book.with(|b| below_reorder_point(b, date))
    });
    let made = RwSignal::new(Vec::<RecordId>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let draft = move |_| {
        let wanted = lines.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let currency = open.book.with_untracked(|b| b.currency());
            let mut ids = Vec::new();
            let mut next_id = || {
                let id = platform::new_id();
                ids.push(id);
                id
            };
            let result = open
                .write(|b, ctx| reorder_drafts(b, &wanted, today(), &mut next_id, ctx))
                .await;
            match result {
                Ok(()) => {
                    error.set(None);
                    // Only the ids the drafts took (the core may not use them all).
                    let saved: Vec<RecordId> = open.book.with_untracked(|b| {
                        ids.into_iter()
                            .filter(|id| b.document(*id).is_some())
                            .collect()
                    });
                    toasts.success((i18n.t().sr_drafts_made)(saved.len()));
                    made.set(saved);
                }
                Err(WriteError::Invalid(e)) => error.set(Some(trade_error(&e, locale, currency))),
                Err(WriteError::Store(e)) => error.set(Some(store_error(&e, locale))),
            }
            busy.set(false);
        });
    };
    let t = move || i18n.t();
    let unsupplied = move || lines.with(|l| l.iter().filter(|l| l.supplier.is_none()).count());
    let can_draft = move || lines.with(|l| l.iter().any(|l| l.supplier.is_some()));
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <AsOfField state go />
            <span class="kura-report__actions">
                <button type="button" class="kura-button kura-button--primary" data-testid="reorder-draft"
                    disabled=move || busy.get() || !can_draft() on:click=draft>
                    {move || t().sr_draft_orders}
                </button>
            </span>
        </div>
        {move || {
            let l = lines.get();
            if l.is_empty() {
                view! { <p class="kura-muted" data-testid="reorder-empty">{t().sr_no_reorder}</p> }.into_any()
            } else {
                reorder_table(&l).into_any()
            }
        }}
        <p class="kura-report__warning" role="note" data-testid="reorder-unsupplied" hidden=move || unsupplied() == 0>
            {move || (t().sr_unsupplied_note)(unsupplied())}
        </p>
        <p class="kura-error" role="alert" data-testid="reorder-error" hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
        <DraftsMade made />
    }
}

fn reorder_table(lines: &[ReorderLine]) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = i18n.t();
    let rows = open.book.with(|b| {
        lines
            .iter()
            .map(|l| {
                let supplier = match l.supplier {
                    Some(p) => view! { <td data-testid="reorder-supplier">{partner_name(b, p)}</td> }.into_any(),
                    None => view! {
                        <td data-testid="reorder-supplier">
                            <span class="kura-badge kura-badge--overdue" data-testid="reorder-no-supplier">{t.sr_no_supplier}</span>
                        </td>
                    }
                    .into_any(),
                };
                view! {
                    <tr data-testid="reorder-row">
                        {item_cells(b, open.id, l.item)}
                        {num_cell(l.on_hand, "reorder-on-hand")}
                        {num_cell(l.on_order, "reorder-on-order")}
                        {num_cell(l.reorder_point, "reorder-point")}
                        {num_cell(l.suggested, "reorder-suggested")}
                        {supplier}
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        <div class="kura-table-wrap">
            <table class="kura-table" data-testid="reorder-table">
                <thead>
                    <tr>
                        <th scope="col">{t.sr_code}</th>
                        <th scope="col">{t.sr_item}</th>
                        {num_head(t.sr_on_hand)}
                        {num_head(t.sr_on_order)}
                        {num_head(t.sr_reorder_point)}
                        {num_head(t.sr_suggested)}
                        <th scope="col">{t.sr_supplier}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The purchase-order drafts the button just made, each linked.
#[component]
fn DraftsMade(made: RwSignal<Vec<RecordId>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let items = move || {
        let t = i18n.t();
        open.book.with(|b| {
            made.get()
                .into_iter()
                .filter_map(|id| b.document(id))
                .map(|d| {
                    view! {
                        <li data-testid="reorder-draft-made">
                            <a href=BookScreen::Document(d.id).path(open.id)>
                                {format!("{} {}", kind_label(d.kind, t), partner_name(b, d.partner))}
                            </a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="kura-card" hidden=move || made.with(Vec::is_empty) data-testid="reorder-drafts">
            <h2>{move || i18n.t().sr_drafts_heading}</h2>
            <ul>{items}</ul>
        </section>
    }
}

#[component]
fn LedgerView(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let ledger = Memo::new(move |_| {
        let v = state.get();
        open.book.with(|b| stock_ledger(b, v.from, v.to))
    });
    let download = move |_| {
        let locale = i18n.locale.get_untracked();
        let (name, text) =
            ledger.with_untracked(|l| open.book.with_untracked(|b| ledger_csv(b, l, locale)));
        platform::download_text(&name, &text, "text/csv;charset=utf-8");
    };
    let t = move || i18n.t();
    let items = move || {
        let l = ledger.get();
        if l.items.is_empty() {
            return view! { <p class="kura-muted" data-testid="ledger-empty">{t().sr_no_moves}</p> }
                .into_any();
        }
        l.items
            .into_iter()
            .map(|item| view! { <LedgerItem item from=l.from to=l.to /> })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <UrlDateField id="ledger-from" label=|t| t.rep_from state go
                pick=|v| v.from put=|v, from| View { from, ..v } valid=View::ordered />
            <UrlDateField id="ledger-to" label=|t| t.rep_to state go
                pick=|v| v.to put=|v, to| View { to, ..v } valid=View::ordered />
            <span class="kura-report__actions">
                <button type="button" class="kura-button" data-testid="ledger-csv" on:click=download
                    disabled=move || ledger.with(|l| l.items.is_empty())>{move || t().rep_csv}</button>
            </span>
        </div>
        {items}
    }
}

/// The stock ledger as CSV: its file name and text.
fn ledger_csv(
    book: &Book,
    ledger: &kura_core::reports::StockLedger,
    locale: Locale,
) -> (String, String) {
    let t = messages(locale);
    let headers = [
        t.sr_code,
        t.sr_item,
        t.rep_date,
        t.sr_kind,
        t.sr_reference,
        t.sr_location,
        t.sr_in,
        t.sr_out,
        t.rep_balance,
        t.sr_value_change,
        t.sr_value_balance,
    ];
    let text = stock_ledger_csv(
        ledger,
        book,
        |kind| move_kind_text(kind, t),
        t.inv_main_location,
        &headers,
        [t.rep_opening, t.rep_closing],
    );
    (
        format!("{}_{}_{}.csv", t.sr_tab_ledger, ledger.from, ledger.to),
        text,
    )
}

/// What a move line was, a reversal marked: `出荷(取消)`.
fn kind_text(row: &ItemHistoryRow, t: &Messages) -> String {
    let name = move_kind_text(row.kind, t);
    if row.reverses.is_some() {
        format!("{name}{}", t.sr_reversal)
    } else {
        name
    }
}

/// The document or stocktake a move line came from, linked.
fn reference(book: &Book, book_id: RecordId, row: &ItemHistoryRow, locale: Locale) -> AnyView {
    if let Some(doc) = row.document.and_then(|d| book.document(d)) {
        let number = doc.number.clone().unwrap_or_default();
        return view! { <a href=BookScreen::Document(doc.id).path(book_id)>{number}</a> }
            .into_any();
    }
    match row.stocktake.and_then(|s| book.stocktake(s)) {
        Some(s) => view! {
            <a href=BookScreen::Stocktake(s.id).path(book_id)>{format_date(s.date, locale)}</a>
        }
        .into_any(),
        None => ().into_any(),
    }
}

/// One item's part of the stock ledger: brought forward, each move, carried forward.
#[component]
fn LedgerItem(item: StockLedgerItem, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        open.book.with(|b| {
            let currency = b.currency();
            let (code, name) = item_code_name(b, item.item);
            let with_locations = b.locations().next().is_some();
            let location_cell = move |l: Option<RecordId>| {
                with_locations.then(|| view! { <td>{location_name(b, l, t)}</td> })
            };
            let blank_location = with_locations.then(|| view! { <td></td> });
            let rows = item
                .rows
                .iter()
                .map(|row| {
                    let (inward, outward) = if row.quantity.is_sign_negative() {
                        (None, Some(-row.quantity))
                    } else {
                        (Some(row.quantity), None)
                    };
                    view! {
                        <tr data-testid="ledger-row">
                            <td>{format_date(row.date, locale)}</td>
                            <td>{kind_text(row, t)}</td>
                            <td>{reference(b, open.id, row, locale)}</td>
                            {location_cell(row.location)}
                            <td class="kura-num" data-testid="ledger-in">{inward.map(quantity_text)}</td>
                            <td class="kura-num" data-testid="ledger-out">{outward.map(quantity_text)}</td>
                            {num_cell(row.balance, "ledger-balance")}
                            {money_cell(row.value, currency, "ledger-value")}
                            {money_cell(row.value_balance, currency, "ledger-value-balance")}
                        </tr>
                    }
                })
                .collect_view();
            let span = if with_locations { "3" } else { "2" };
            let total_in: Decimal = item.rows.iter().map(|r| r.quantity.max(Decimal::ZERO)).sum();
            let total_out: Decimal = item.rows.iter().map(|r| (-r.quantity).max(Decimal::ZERO)).sum();
            view! {
                <section class="kura-stock__ledger-item" data-testid="ledger-item">
                    <h2 class="kura-stock__ledger-title">
                        <a href=BookScreen::Item(item.item).path(open.id)>{code}</a>" "{name}
                    </h2>
                    <div class="kura-table-wrap">
                        <table class="kura-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t.rep_date}</th>
                                    <th scope="col">{t.sr_kind}</th>
                                    <th scope="col">{t.sr_reference}</th>
                                    {with_locations.then(|| view! { <th scope="col">{t.sr_location}</th> })}
                                    {num_head(t.sr_in)}
                                    {num_head(t.sr_out)}
                                    {num_head(t.rep_balance)}
                                    {num_head(t.sr_value_change)}
                                    {num_head(t.sr_value_balance)}
                                </tr>
                            </thead>
                            <tbody>
                                <tr>
                                    <td>{format_date(from, locale)}</td>
                                    <th scope="row" colspan="2">{t.rep_opening}</th>
                                    {blank_location.clone()}
                                    <td></td>
                                    <td></td>
                                    {num_cell(item.opening_quantity, "ledger-opening-quantity")}
                                    <td></td>
                                    {money_cell(item.opening_value, currency, "ledger-opening-value")}
                                </tr>
                                {rows}
                            </tbody>
                            <tfoot>
                                <tr>
                                    <td>{format_date(to, locale)}</td>
                                    <th scope="row" colspan=span>{t.rep_closing}</th>
                                    {num_cell(total_in, "ledger-total-in")}
                                    {num_cell(total_out, "ledger-total-out")}
                                    {num_cell(item.closing_quantity, "ledger-closing-quantity")}
                                    <td></td>
                                    {money_cell(item.closing_value, currency, "ledger-closing-value")}
                                </tr>
                            </tfoot>
                        </table>
                    </div>
                </section>
            }
        })
    }
}
