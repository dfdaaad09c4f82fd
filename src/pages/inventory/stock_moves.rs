//! Stock moves by hand (`/books/<id>/stock/moves/new?kind=adjustment|transfer`,
//! optionally `&item=<id>` to start with that item): an adjustment with its
//! reason (damage, loss, sample, found, own use, opening stock), or a transfer
//! between two locations. A grid for the keyboard like the other forms: Tab
//! through the cells, Enter in a line's last cell goes to the next line (adding
//! one after the last), Ctrl+S (⌘S) records. One change set; the core refuses
//! what cannot be (a service, no quantity, too little stock) and nothing is written.

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::inventory::{
    record_adjustment, record_transfer, search_items, AdjustmentInput, AdjustmentReason,
    InventoryError, TransferInput,
};
use kura_core::locale::Locale;
use kura_core::money::{parse_quantity, parse_unit_price, AmountError, Currency};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;
use web_sys::KeyboardEvent;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    focus_later, has_locations, is_enter, item_label, line_row_class, read_cell, use_toasts,
    DateInput, FormField, InventoryTab, InventoryTabs, LocationSelect,
};
use crate::i18n::{amount_error, inventory_error, messages, store_error, use_i18n, Messages};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, BookScreen};

/// Which move the form records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MoveForm {
    Adjustment,
    Transfer,
}

impl MoveForm {
    fn from_query(kind: Option<String>) -> MoveForm {
        match kind.as_deref() {
            Some("transfer") => MoveForm::Transfer,
            _ => MoveForm::Adjustment,
        }
    }

    fn query(self) -> &'static str {
        match self {
            MoveForm::Adjustment => "adjustment",
            MoveForm::Transfer => "transfer",
        }
    }

    fn title(self, t: &Messages) -> &'static str {
        match self {
            MoveForm::Adjustment => t.mv_title_adjustment,
            MoveForm::Transfer => t.mv_title_transfer,
        }
    }
}

const REASONS: [AdjustmentReason; 6] = [
    AdjustmentReason::Damage,
    AdjustmentReason::Loss,
    AdjustmentReason::Sample,
    AdjustmentReason::Found,
    AdjustmentReason::OwnUse,
    AdjustmentReason::Opening,
];

/// Reasons that bring stock in at a known cost (the unit cost column counts).
fn takes_cost(reason: AdjustmentReason) -> bool {
    matches!(reason, AdjustmentReason::Found | AdjustmentReason::Opening)
}

/// The tracked item a typed text names: its code (alone or followed by its
/// name), or the only item the search finds.
fn resolve_item(book: &Book, text: &str) -> Option<RecordId> {
    let text = text.trim();
    let first = text.split_whitespace().next()?;
    let tracked = || book.items().filter(|i| i.tracked);
    let by_code = |code: &str| {
        tracked()
            .find(|i| i.code == code && !i.archived)
            .map(|i| i.id)
    };
    if let Some(id) = by_code(text).or_else(|| by_code(first)) {
        return Some(id);
    }
    let mut found = search_items(book, text, false)
        .into_iter()
        .filter(|i| i.tracked);
    match (found.next(), found.next()) {
        (Some(item), None) => Some(item.id),
        _ => None,
    }
}

#[component]
pub fn NewStockMovePage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let query = use_query_map();
    let form = Memo::new(move |_| MoveForm::from_query(query.with(|q| q.get("kind"))));
    let item = query.with_untracked(|q| q.get("item").and_then(|s| s.parse::<RecordId>().ok()));
    let tabs = [MoveForm::Adjustment, MoveForm::Transfer]
        .into_iter()
        .map(|kind| {
            view! {
                <a class="kura-report__tab" href=routes::new_stock_move(open.id, Some(kind.query()), None)
                    aria-current=move || (form.get() == kind).then_some("page")
                    data-testid=format!("move-kind-{}", kind.query())>
                    {move || kind.title(i18n.t())}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="kura-page kura-page--wide">
            <InventoryTabs current=InventoryTab::Moves />
            <h1>{move || form.get().title(i18n.t())}</h1>
            <nav class="kura-report__tabs kura-move__kinds" aria-label=move || i18n.t().mv_kinds>{tabs}</nav>
            {move || {
                let kind = form.get();
                view! { <MoveFormView kind item /> }
            }}
        </div>
    }
}

/// One line of the grid as typed. Every cell is a signal; the line is `Copy`.
#[derive(Clone, Copy)]
struct Line {
    key: usize,
    item: RwSignal<String>,
    location: RwSignal<Option<RecordId>>,
    quantity: RwSignal<String>,
    cost: RwSignal<String>,
}

/// A line as read: item, location, quantity, unit cost.
type ReadLine = (RecordId, Option<RecordId>, Decimal, Option<Decimal>);

/// Why the form could not record: the message, and the screen line it is about.
#[derive(Clone, Debug, PartialEq)]
struct FormError {
    line: Option<usize>,
    message: String,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.item.with(|s| s.trim().is_empty()) && self.quantity.with(|s| s.trim().is_empty())
    }

    /// The line for the core, or why it cannot be read (`n` is its screen number).
    fn read(
        &self,
        book: &Book,
        n: usize,
        (currency, cost): (Currency, bool),
        locale: Locale,
    ) -> Result<ReadLine, FormError> {
        let t = messages(locale);
        let problem = |message: String| FormError {
            line: Some(n),
            message: format!("{}: {message}", (t.line_number)(n)),
        };
        let item = resolve_item(book, &self.item.get_untracked())
            .ok_or_else(|| problem(inventory_error(&InventoryError::ItemNotFound, locale)))?;
        let amount = |e: AmountError| problem(amount_error(&e, locale));
        let quantity = read_cell(&self.quantity.get_untracked(), parse_quantity).map_err(amount)?;
        let typed_cost = self.cost.get_untracked();
        let unit_cost = match (cost, typed_cost.trim().is_empty()) {
            (true, false) => Some(parse_unit_price(&typed_cost, currency).map_err(amount)?),
            _ => None,
        };
        Ok((item, self.location.get_untracked(), quantity, unit_cost))
    }
}

/// The header fields of either form.
#[derive(Clone, Copy)]
struct Head {
    date: RwSignal<Option<NaiveDate>>,
    reason: RwSignal<AdjustmentReason>,
    from: RwSignal<Option<RecordId>>,
    to: RwSignal<Option<RecordId>>,
    note: RwSignal<String>,
}

/// Renumbers a core error's line (counted among the lines sent) as the screen line.
fn on_screen(error: InventoryError, kept: &[usize]) -> (Option<usize>, InventoryError) {
    match error {
        InventoryError::ZeroQuantity { line } => {
            let screen = kept.get(line.wrapping_sub(1)).copied().unwrap_or(line);
            (Some(screen), InventoryError::ZeroQuantity { line: screen })
        }
        // An adjustment's move lines are the lines sent (a transfer's cannot be
        // beyond the limits: its quantities were read within them).
        InventoryError::TooLarge { line, error } => {
            let screen = kept.get(line.wrapping_sub(1)).copied().unwrap_or(line);
            (
                Some(screen),
                InventoryError::TooLarge {
                    line: screen,
                    error,
                },
            )
        }
        other => (None, other),
    }
}

/// After recording: the item's page when the move was of one item, else the stock.
fn after_path(book: RecordId, lines: &[ReadLine]) -> String {
    match lines.split_first() {
        Some((first, rest)) if rest.iter().all(|l| l.0 == first.0) => {
            BookScreen::Item(first.0).path(book)
        }
        _ => BookScreen::Stock.path(book),
    }
}

/// The form of one kind of move.
#[component]
fn MoveFormView(kind: MoveForm, item: Option<RecordId>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));
    let located = Memo::new(move |_| open.book.with(has_locations));
    let head = Head {
        date: RwSignal::new(Some(today())),
        reason: RwSignal::new(AdjustmentReason::Damage),
        from: RwSignal::new(None),
        to: RwSignal::new(
            open.book
                .with_untracked(|b| crate::components::live_locations(b).first().map(|l| l.id)),
        ),
        note: RwSignal::new(String::new()),
    };
    let date_error = RwSignal::new(None::<String>);
    let next_key = StoredValue::new(0usize);
    // A line's signals belong to the form, not to the grid's render (which is
    // rebuilt, and its signals disposed, whenever a line is added or removed).
    let form_owner = StoredValue::new(Owner::current().expect("the form has an owner"));
    let new_line = move || {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        form_owner.with_value(|owner| {
            owner.with(|| Line {
                key,
                item: RwSignal::new(String::new()),
                location: RwSignal::new(None),
                quantity: RwSignal::new(String::new()),
                cost: RwSignal::new(String::new()),
            })
        })
    };
    let first = new_line();
    if let Some(label) =
        item.and_then(|id| open.book.with_untracked(|b| b.item(id).map(item_label)))
    {
        first.item.set(label);
    }
    let lines = RwSignal::new(vec![first]);
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let costs = Memo::new(move |_| kind == MoveForm::Adjustment && takes_cost(head.reason.get()));

    let add_line = move || {
        let line = new_line();
        lines.update(|l| l.push(line));
        focus_later(format!("move-item-{}", lines.with_untracked(Vec::len)));
    };
    let on_enter = Callback::new(move |number: usize| {
        if number == lines.with_untracked(Vec::len) {
            add_line();
        } else {
            focus_later(format!("move-item-{}", number + 1));
        }
    });

    let read = move || -> Result<(Vec<ReadLine>, Vec<usize>), FormError> {
        let read_as = (currency.get_untracked(), costs.get_untracked());
        let locale = i18n.locale.get_untracked();
        open.book.with_untracked(|book| {
            let mut kept = Vec::new();
            let mut read = Vec::new();
            for (i, line) in lines.get_untracked().iter().enumerate() {
                if line.is_blank() {
                    continue;
                }
                read.push(line.read(book, i + 1, read_as, locale)?);
                kept.push(i + 1);
            }
            Ok((read, kept))
        })
    };

    let submit = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        let locale = i18n.locale.get_untracked();
        let Some(date) = head.date.get_untracked() else {
            date_error.set(Some(t().date_invalid.to_string()));
            return;
        };
        let (read, kept) = match read() {
            Ok(read) => read,
            Err(e) => return error.set(Some(e)),
        };
        let note = head.note.get_untracked();
        let target = after_path(open.id, &read);
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match kind {
                MoveForm::Adjustment => {
                    let input = AdjustmentInput {
                        date,
                        reason: head.reason.get_untracked(),
                        lines: read,
                        note,
                    };
                    open.write(|b, ctx| record_adjustment(b, input, &mut platform::new_id, ctx))
                        .await
                }
                MoveForm::Transfer => {
                    let input = TransferInput {
                        date,
                        from: head.from.get_untracked(),
                        to: head.to.get_untracked(),
                        lines: read.into_iter().map(|(item, _, q, _)| (item, q)).collect(),
                        note,
                    };
                    open.write(|b, ctx| record_transfer(b, input, platform::new_id(), ctx))
                        .await
                }
            };
            busy.try_set(false);
            match result {
                Ok(()) => {
                    toasts.success(messages(locale).mv_saved.to_string());
                    navigate(&target, NavigateOptions::default());
                }
                Err(WriteError::Invalid(e)) => {
                    let (line, e) = on_screen(e, &kept);
                    error.try_set(Some(FormError {
                        line,
                        message: inventory_error(&e, locale),
                    }));
                }
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    });
    let on_keydown = move |ev: KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            submit.run(());
        }
    };
    if kind == MoveForm::Transfer && !located.get_untracked() {
        return view! {
            <p class="kura-card" data-testid="move-no-locations">
                {move || t().mv_no_locations} " "
                <a href=BookScreen::InventorySettings.path(open.id)>{move || t().inv_tab_settings}</a>
            </p>
        }
        .into_any();
    }
    let show_location = Memo::new(move |_| kind == MoveForm::Adjustment && located.get());
    view! {
        <form class="kura-entry kura-move" on:submit=|ev| ev.prevent_default() on:keydown=on_keydown novalidate>
            <ItemList />
            <HeadFields kind head date_error />
            <div class="kura-table-wrap">
                <table class="kura-table kura-lines kura-move__lines" aria-label=move || t().mv_lines_label>
                    <thead>
                        <tr>
                            <th scope="col" class="kura-lines__no">"#"</th>
                            <th scope="col">{move || t().mv_col_item}</th>
                            {move || show_location.get().then(|| view! { <th scope="col">{move || i18n.t().mv_col_location}</th> })}
                            <th scope="col" class="kura-table__header--numeric">
                                {move || if kind == MoveForm::Adjustment { t().mv_col_signed_quantity } else { t().mv_col_quantity }}
                            </th>
                            {(kind == MoveForm::Adjustment).then(|| view! {
                                <th scope="col" class="kura-table__header--numeric">{move || i18n.t().mv_col_cost}</th>
                            })}
                            <th scope="col"><span class="kura-visually-hidden">{move || t().remove_line}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            lines.get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, line)| view! {
                                    <LineRow line number=i + 1 kind lines error show_location costs on_enter />
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <div class="kura-entry__foot">
                <button type="button" class="kura-button" data-testid="move-add-line" on:click=move |_| add_line()>
                    {move || t().add_line}
                </button>
            </div>
            {(kind == MoveForm::Adjustment).then(|| view! { <p class="kura-muted kura-entry__hint">{move || i18n.t().mv_cost_hint}</p> })}
            <p class="kura-error" role="alert" data-testid="move-error" hidden=move || error.with(Option::is_none)>
                {move || error.get().map(|e| e.message)}
            </p>
            <p class="kura-muted kura-entry__hint">{move || t().mv_keyboard_hint}</p>
            <div class="kura-entry__actions">
                <button type="button" class="kura-button kura-button--primary" data-testid="move-record"
                    disabled=move || busy.get() on:click=move |_| submit.run(())>
                    {move || t().mv_record}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// The picker's options: every live tracked item, by code and name, with its
/// reading and barcode for the browser to match on.
#[component]
fn ItemList() -> impl IntoView {
    let open = use_open_book();
    let options = move || {
        open.book.with(|book| {
            let mut items: Vec<_> = book.items().filter(|i| i.tracked && !i.archived).collect();
            items.sort_by(|a, b| a.code.cmp(&b.code));
            items
                .into_iter()
                .map(|i| {
                    let jan = i.barcode.as_ref().map(|j| j.as_str()).unwrap_or_default();
                    let hint = format!("{} {jan}", i.reading);
                    view! { <option value=item_label(i) label=hint.trim().to_string()></option> }
                })
                .collect_view()
        })
    };
    view! { <datalist id="kura-item-list">{options}</datalist> }
}

/// Date, then the reason (adjustment) or where from and to (transfer), and a note.
#[component]
fn HeadFields(kind: MoveForm, head: Head, date_error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let reasons = move || {
        let chosen = head.reason.get();
        REASONS
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                view! { <option value=i.to_string() selected=chosen == r>{(i18n.t().inv_reason_name)(r)}</option> }
            })
            .collect_view()
    };
    let on_reason = move |ev: leptos::ev::Event| {
        if let Some(r) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| REASONS.get(i))
        {
            head.reason.set(*r);
        }
    };
    let specific = match kind {
        MoveForm::Adjustment => view! {
            <FormField label=Signal::derive(move || t().mv_reason.to_string()) id="move-reason">
                <select id="move-reason" data-testid="move-reason" on:change=on_reason>{reasons}</select>
            </FormField>
        }
        .into_any(),
        MoveForm::Transfer => view! {
            <FormField label=Signal::derive(move || t().mv_from.to_string()) id="move-from">
                <LocationSelect id="move-from" value=head.from test_id="move-from" />
            </FormField>
            <FormField label=Signal::derive(move || t().mv_to.to_string()) id="move-to">
                <LocationSelect id="move-to" value=head.to test_id="move-to" />
            </FormField>
        }
        .into_any(),
    };
    view! {
        <div class="kura-entry__head">
            <FormField label=Signal::derive(move || t().mv_date.to_string()) id="move-date" error=date_error>
                <DateInput id="move-date" value=head.date error=date_error />
            </FormField>
            {specific}
            <FormField label=Signal::derive(move || t().mv_note.to_string()) id="move-note">
                <input id="move-note" type="text" autocomplete="off" data-testid="move-note" bind:value=head.note />
            </FormField>
        </div>
    }
}

/// One line of the grid.
#[component]
fn LineRow(
    line: Line,
    number: usize,
    kind: MoveForm,
    lines: RwSignal<Vec<Line>>,
    error: RwSignal<Option<FormError>>,
    show_location: Memo<bool>,
    costs: Memo<bool>,
    on_enter: Callback<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let invalid = move || error.with(|e| e.as_ref().and_then(|e| e.line) == Some(number));
    let row_class = move || line_row_class(invalid());
    let label = move |what: &'static str| format!("{} {}", (t().line_number)(number), what);
    let on_key = move |ev: KeyboardEvent| {
        if is_enter(&ev) {
            ev.prevent_default();
            on_enter.run(number);
        }
    };
    let remove = move |_| {
        lines.update(|l| {
            if l.len() > 1 {
                l.retain(|x| x.key != line.key);
            }
        });
    };
    view! {
        <tr class=row_class data-testid=format!("move-line-{number}")>
            <td class="kura-lines__no">{number}</td>
            <td class="kura-lines__account">
                <input type="text" list="kura-item-list" autocomplete="off"
                    id=format!("move-item-{number}") data-testid=format!("move-item-{number}")
                    aria-label=move || label(t().mv_col_item) title=move || t().mv_item_hint
                    placeholder=move || t().mv_item_hint
                    bind:value=line.item />
            </td>
            {move || show_location.get().then(|| view! {
                <td class="kura-move__location">
                    <LocationSelect id=format!("move-location-{number}") value=line.location
                        test_id=format!("move-location-{number}")
                        aria_label=Signal::derive(move || label(i18n.t().mv_col_location)) />
                </td>
            })}
            <td class="kura-lines__amount">
                <input type="text" inputmode="decimal" autocomplete="off" class="kura-input--amount"
                    id=format!("move-quantity-{number}") data-testid=format!("move-quantity-{number}")
                    aria-label=move || label(i18n.t().mv_col_quantity)
                    bind:value=line.quantity on:keydown=on_key />
            </td>
            {(kind == MoveForm::Adjustment).then(|| view! {
                <td class="kura-lines__amount">
                    <input type="text" inputmode="decimal" autocomplete="off" class="kura-input--amount"
                        id=format!("move-cost-{number}") data-testid=format!("move-cost-{number}")
                        aria-label=move || label(i18n.t().mv_col_cost)
                        disabled=move || !costs.get()
                        bind:value=line.cost on:keydown=on_key />
                </td>
            })}
            <td class="kura-lines__remove">
                <button type="button" class="kura-button kura-button--icon" tabindex="-1"
                    data-testid=format!("move-remove-line-{number}")
                    aria-label=move || label(t().remove_line) on:click=remove>
                    "×"
                </button>
            </td>
        </tr>
    }
}
