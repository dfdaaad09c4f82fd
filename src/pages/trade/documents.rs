//! `/books/<id>/sales` and `/books/<id>/purchases`: the documents of one side
//! (quotes to invoices, purchase orders to bills) with their filters, the
//! buttons that start a new one, and the monthly consolidated invoice (締め請求).
//! Also the small helpers the document form and view share.

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, format_money};
use kura_core::trade::{consolidated_invoice, Document, DocumentKind, DocumentStatus, TradeSide};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;

use crate::app::use_open_book;
use crate::components::{
    kind_label, open_amounts, open_of, partner_name, partner_options, status_badge, status_text,
    totals_of, Column, DataTable, DateInput, Dialog, DialogActions, FormField,
};
use crate::i18n::{trade_error, use_i18n};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, from_plain, plain, BookScreen};

/// The kinds a user starts on their own from a side's list (a credit note is
/// made from its invoice).
fn starting_kinds(side: TradeSide) -> &'static [DocumentKind] {
    use DocumentKind::*;
    match side {
        TradeSide::Sales => &[Quote, SalesOrder, Delivery, Invoice],
        TradeSide::Purchase => &[PurchaseOrder, GoodsReceipt, Bill],
    }
}

fn side_kinds(side: TradeSide) -> impl Iterator<Item = DocumentKind> {
    DocumentKind::ALL
        .into_iter()
        .filter(move |k| k.side() == side)
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq)]
struct DocRow {
    id: RecordId,
    kind: DocumentKind,
    number: Option<String>,
    date: NaiveDate,
    partner: String,
    subject: String,
    total: Decimal,
    status: DocumentStatus,
    open: Option<Decimal>,
}

/// What the filters above the list ask for.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filter {
    kind: Option<DocumentKind>,
    status: Option<DocumentStatus>,
    partner: Option<RecordId>,
    text: String,
}

impl Filter {
    fn keeps(&self, doc: &Document, partner: &str) -> bool {
        let words = self.text.trim().to_lowercase();
        let text_matches = words.is_empty()
            || [
                doc.number.as_deref().unwrap_or_default(),
                doc.subject.as_str(),
                partner,
                doc.notes.as_str(),
                doc.partner_reference.as_str(),
            ]
            .into_iter()
            .chain(doc.lines.iter().map(|l| l.description.as_str()))
            .any(|s| s.to_lowercase().contains(&words));
        self.kind.is_none_or(|k| k == doc.kind)
            && self.status.is_none_or(|s| s == doc.status)
            && self.partner.is_none_or(|p| p == doc.partner)
            && text_matches
    }
}

/// The side's documents the filter keeps, newest first.
fn rows(book: &Book, side: TradeSide, filter: &Filter) -> Vec<DocRow> {
    let open = open_amounts(book, side);
    let mut rows: Vec<DocRow> = book
        .documents()
        .filter(|d| d.kind.side() == side)
        .filter_map(|d| {
            let partner = partner_name(book, d.partner);
            filter.keeps(d, &partner).then(|| DocRow {
                id: d.id,
                kind: d.kind,
                number: d.number.clone(),
                date: d.date,
                partner,
                subject: d.subject.clone(),
                total: totals_of(book, d).gross,
                status: d.status,
                open: open_of(d, &open),
            })
        })
        .collect();
    rows.sort_by(|a, b| (b.date, &b.number).cmp(&(a.date, &a.number)));
    rows
}

/// The side a list shows, from its path.
fn side_of_path(path: &str) -> TradeSide {
    if path.trim_end_matches('/').ends_with("/purchases") {
        TradeSide::Purchase
    } else {
        TradeSide::Sales
    }
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let location = use_location();
    let side = Memo::new(move |_| side_of_path(&location.pathname.get()));
    move || {
        let side = side.get();
        view! { <DocumentList side /> }
    }
}

#[component]
fn DocumentList(side: TradeSide) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let filter = RwSignal::new(Filter::default());
    let list = Signal::derive(move || filter.with(|f| open.book.with(|b| rows(b, side, f))));
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let money = move |amount: Decimal| format_money(amount, currency.get(), i18n.locale());
    let columns = vec![
        Column::text(
            move || t().doc_kind.to_string(),
            move |r: &DocRow| {
                let kind = r.kind;
                move || kind_label(kind, i18n.t())
            },
        )
        .sortable_by_key(|r: &DocRow| r.kind),
        Column::text(
            move || t().doc_number.to_string(),
            move |r: &DocRow| {
                let number = r.number.clone();
                view! {
                    <span data-testid="doc-number">
                        {move || number.clone().unwrap_or_else(|| i18n.t().doc_draft.to_string())}
                    </span>
                }
            },
        )
        .sortable_by(|a: &DocRow, b: &DocRow| a.number.cmp(&b.number)),
        Column::text(
            move || t().doc_date.to_string(),
            move |r: &DocRow| {
                let date = r.date;
                move || format_date(date, i18n.locale())
            },
        )
        .sortable_by_key(|r: &DocRow| r.date),
        Column::text(
            move || t().doc_partner.to_string(),
            |r: &DocRow| r.partner.clone(),
        )
        .sortable_by(|a: &DocRow, b: &DocRow| a.partner.cmp(&b.partner)),
        Column::text(
            move || t().doc_subject.to_string(),
            |r: &DocRow| r.subject.clone(),
        ),
        Column::numeric(
            move || t().doc_total.to_string(),
            move |r: &DocRow| {
                let total = r.total;
                view! { <span data-testid="doc-total">{move || money(total)}</span> }
            },
        )
        .sortable_by_key(|r: &DocRow| r.total),
        Column::text(
            move || t().doc_status.to_string(),
            |r: &DocRow| status_badge(r.status),
        ),
        Column::numeric(
            move || t().doc_open.to_string(),
            move |r: &DocRow| {
                let due = r.open;
                view! { <span data-testid="doc-open">{move || due.map(money)}</span> }
            },
        )
        .sortable_by_key(|r: &DocRow| r.open),
    ];
    let activate = Callback::new(move |r: DocRow| {
        navigate(
            &BookScreen::Document(r.id).path(open.id),
            NavigateOptions::default(),
        );
    });
    let consolidating = RwSignal::new(false);
    let title = move || match side {
        TradeSide::Sales => t().doc_sales_title,
        TradeSide::Purchase => t().doc_purchases_title,
    };
    let new_buttons = starting_kinds(side)
        .iter()
        .map(|&kind| {
            view! {
                <a class="kura-button" href=routes::new_document(open.id, kind, &[])
                    data-testid=format!("new-{}", plain(&kind))>
                    {move || (i18n.t().doc_new)(kind)}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="kura-page kura-page--wide">
            <div class="kura-page__head">
                <h1>{title}</h1>
                <div class="kura-row-actions">
                    {new_buttons}
                    {(side == TradeSide::Sales).then(|| view! {
                        <button type="button" class="kura-button" data-testid="consolidate"
                            on:click=move |_| consolidating.set(true)>
                            {move || t().doc_consolidate}
                        </button>
                    })}
                </div>
            </div>
            <FilterBar side filter />
            <DataTable
                rows=list
                columns
                row_key=|r: &DocRow| r.id.to_string()
                row_test_id="doc-row"
                on_activate=activate
                label=Signal::derive(move || title().to_string())
            />
            {(side == TradeSide::Sales).then(|| view! { <ConsolidateDialog open=consolidating /> })}
        </div>
    }
}

/// Kind, status, partner and words.
#[component]
fn FilterBar(side: TradeSide, filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let kind = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    Effect::new(move || {
        filter.set(Filter {
            kind: from_plain(&kind.get()),
            status: from_plain(&status.get()),
            partner: partner.get().parse().ok(),
            text: text.get(),
        });
    });
    let kinds = side_kinds(side)
        .map(|k| view! { <option value=plain(&k)>{move || kind_label(k, i18n.t())}</option> })
        .collect_view();
    let statuses = [
        DocumentStatus::Draft,
        DocumentStatus::Issued,
        DocumentStatus::Cancelled,
    ]
    .into_iter()
    .map(|s| view! { <option value=plain(&s)>{move || status_text(s, i18n.t())}</option> })
    .collect_view();
    view! {
        <div class="kura-search" role="search" aria-label=move || t().doc_filter_label>
            <FormField label=Signal::derive(move || t().doc_kind.to_string()) id="doc-filter-kind">
                <select id="doc-filter-kind" data-testid="doc-filter-kind"
                    on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">{move || t().doc_all}</option>
                    {kinds}
                </select>
            </FormField>
            <FormField label=Signal::derive(move || t().doc_status.to_string()) id="doc-filter-status">
                <select id="doc-filter-status" data-testid="doc-filter-status"
                    on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">{move || t().doc_all}</option>
                    {statuses}
                </select>
            </FormField>
            <FormField label=Signal::derive(move || t().doc_partner.to_string()) id="doc-filter-partner">
                <select id="doc-filter-partner" data-testid="doc-filter-partner"
                    on:change=move |ev| partner.set(event_target_value(&ev))>
                    {partner_options(side, |t| t.doc_all, partner.into())}
                </select>
            </FormField>
            <FormField label=Signal::derive(move || t().doc_filter_text.to_string()) id="doc-filter-text">
                <input id="doc-filter-text" type="search" autocomplete="off" data-testid="doc-filter-text"
                    bind:value=text />
            </FormField>
        </div>
    }
}

/// 締め請求: choose the customer and the closing date; the draft invoice opens
/// in the form (nothing is written until it is saved or issued).
#[component]
fn ConsolidateDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let book = use_open_book();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let partner = RwSignal::new(String::new());
    let closing = RwSignal::new(Some(today()));
    let closing_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let (Ok(customer), Some(day)) = (
            partner.get_untracked().parse::<RecordId>(),
            closing.get_untracked(),
        ) else {
            error.set(Some(i18n.t().doc_consolidate_choose.to_string()));
            return;
        };
        // Checked here so that "nothing to invoice" is said in the dialog.
        let checked = book.book.with_untracked(|b| {
            consolidated_invoice(b, customer, day, platform::new_id())
                .map_err(|e| trade_error(&e, locale, b.currency()))
        });
        match checked {
            Ok(_) => {
                open.set(false);
                navigate(
                    &routes::consolidated_invoice(book.id, customer, day),
                    NavigateOptions::default(),
                );
            }
            Err(message) => error.set(Some(message)),
        }
    };
    view! {
        <Dialog open title=Signal::derive(move || t().doc_consolidate.to_string()) test_id="consolidate-dialog">
            <form class="kura-form" on:submit=confirm novalidate>
                <p>{move || t().doc_consolidate_intro}</p>
                <FormField label=Signal::derive(move || t().doc_customer.to_string()) id="consolidate-partner">
                    <select id="consolidate-partner" data-testid="consolidate-partner"
                        on:change=move |ev| partner.set(event_target_value(&ev))>
                        {partner_options(TradeSide::Sales, |t| t.doc_choose_partner, partner.into())}
                    </select>
                </FormField>
                <FormField label=Signal::derive(move || t().doc_closing_date.to_string()) id="consolidate-date"
                    error=closing_error>
                    <DateInput id="consolidate-date" value=closing error=closing_error />
                </FormField>
                <p class="kura-error" role="alert" data-testid="consolidate-error" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <DialogActions open label=Signal::derive(move || t().doc_consolidate_make) test_id="confirm-consolidate" />
            </form>
        </Dialog>
    }
}
