//! The open documents of a partner or of everyone, with what is still to pay and a link to settle each.

use crate::app::use_open_book;
use crate::components::{partner_name, Column, DataTable, Money};
use crate::i18n::use_i18n;
use chrono::NaiveDate;
use kura_core::locale::format_date;
use kura_core::reports::OpenItem;
use kura_core::trade::{PaymentDirection, TradeSide};
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::routes::{self, BookScreen};

/// Open items with their amounts, overdue ones marked, each with a link to
/// settle it. Shared with the receivables page.
#[component]
pub fn OpenItemsTable(items: Signal<Vec<OpenItem>>, show_partner: bool) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let book = open.id;
    let mut columns = vec![Column::text(
        move || t().pt_col_number.to_string(),
        move |item: &OpenItem| {
            let kind = item.kind;
            view! {
                <a href=BookScreen::Document(item.document).path(book) data-testid="open-item-number">{item.number.clone()}</a>
                " "<span class="kura-muted">{move || (t().doc_kind_name)(kind)}</span>
            }
        },
    )];
    if show_partner {
        columns.push(
            Column::text(
                move || t().rep_partner.to_string(),
                move |item: &OpenItem| {
                    let name = open.book.with_untracked(|b| partner_name(b, item.partner));
                    view! { <a href=BookScreen::Partner(item.partner).path(book)>{name}</a> }
                },
            )
            .sortable_by_key(|item: &OpenItem| item.partner),
        );
    }
    columns.extend([
        date_column(move || t().pt_col_date.to_string(), |item| item.date),
        date_column(move || t().pt_col_due.to_string(), |item| item.due_date),
        Column::numeric(
            move || t().pt_col_total.to_string(),
            move |item: &OpenItem| view! { <Money amount=item.total currency /> },
        ),
        Column::numeric(
            move || t().pt_col_open.to_string(),
            move |item: &OpenItem| view! { <span data-testid="open-item-open"><Money amount=item.open currency /></span> },
        )
        .sortable_by_key(|item: &OpenItem| item.open),
        Column::text(
            move || t().pt_col_overdue.to_string(),
            move |item: &OpenItem| {
                let days = item.days_overdue;
                let owed_back = item.open < Decimal::ZERO && item.kind.side() == TradeSide::Sales;
                view! {
                    {(days > 0 && !owed_back).then(|| view! {
                        <span class="kura-badge kura-badge--overdue" data-testid="overdue">{move || (t().pt_overdue_days)(days)}</span>
                    })}
                    {owed_back.then(|| view! {
                        <span class="kura-badge" data-testid="to-refund">{move || t().pt_to_refund}</span>
                    })}
                }
            },
        )
        .sortable_by_key(|item: &OpenItem| item.days_overdue),
        Column::text(
            move || t().actions_column.to_string(),
            move |item: &OpenItem| {
                let side = item.kind.side();
                // A customer's credit is paid back; anything else is settled.
                let refund = item.open < Decimal::ZERO && side == TradeSide::Sales;
                let label = move || match side {
                    _ if refund => t().doc_record_refund,
                    TradeSide::Sales => t().pt_receive,
                    TradeSide::Purchase => t().pt_pay,
                };
                let href = if refund {
                    routes::new_payment(book, item.partner, PaymentDirection::Refunded, Some(item.document))
                } else {
                    routes::new_payment(book, item.partner, PaymentDirection::settling(side), Some(item.document))
                };
                view! {
                    <a class="kura-button" data-testid="settle-item" href=href>{label}</a>
                }
            },
        ),
    ]);
    view! {
        <DataTable
            rows=items
            columns
            row_key=|item: &OpenItem| item.document.to_string()
            row_test_id="open-item"
            label=Signal::derive(move || t().pt_open_items.to_string())
        />
    }
}

fn date_column(
    header: impl Fn() -> String + Send + Sync + 'static,
    date: fn(&OpenItem) -> NaiveDate,
) -> Column<OpenItem> {
    let i18n = use_i18n();
    Column::text(header, move |item: &OpenItem| {
        let d = date(item);
        move || format_date(d, i18n.locale())
    })
    .sortable_by_key(date)
}
