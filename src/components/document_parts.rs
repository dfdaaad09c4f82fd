//! What the document screens share: a document's figures and what is still open on it, the partners of a side as options, the lines' header and the totals table.

use crate::app::use_open_book;
use crate::components::rate_percent;
use crate::i18n::{use_i18n, Messages};
use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::locale::format_money;
use kura_core::money::Currency;
use kura_core::reports::open_items;
use kura_core::trade::{
    book_totals, Document, DocumentKind, DocumentStatus, DocumentTotals, TradeSide,
};
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The totals below a document's lines: per rate (net, tax, gross; reduced rate
/// marked ※), the document's totals, and for a fee the withholding and the
/// amount due. Shared by the form (live) and the view.
#[component]
pub fn TotalsTable(
    #[prop(into)] totals: Signal<DocumentTotals>,
    #[prop(into)] currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let money = move |amount: Decimal| format_money(amount, currency.get(), i18n.locale());
    let by_rate = move || {
        totals.with(|totals| {
            totals
                .by_code
                .iter()
                .map(|c| {
                    let label = if c.rate.is_zero() {
                        (t().tax_code_name)(c.tax_code).to_string()
                    } else {
                        (t().doc_rate_label)(&rate_percent(c.rate), c.tax_code.is_reduced())
                    };
                    view! {
                        <tr data-testid="doc-rate-row">
                            <th scope="row">{label}</th>
                            <td class="kura-num" data-testid="doc-rate-net">{money(c.net)}</td>
                            <td class="kura-num" data-testid="doc-rate-tax">{money(c.tax)}</td>
                            <td class="kura-num" data-testid="doc-rate-gross">{money(c.gross)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let withholding = move || {
        let (held, due) = totals.with(|t| (t.withholding, t.amount_due));
        (!held.is_zero()).then(|| {
            view! {
                <tr class="kura-doc-totals__withholding">
                    <th scope="row" colspan="3">{move || t().doc_withholding_line}</th>
                    <td class="kura-num" data-testid="doc-withholding">{money(-held)}</td>
                </tr>
                <tr class="kura-doc-totals__due">
                    <th scope="row" colspan="3">{move || t().doc_amount_due}</th>
                    <td class="kura-num" data-testid="doc-amount-due">{money(due)}</td>
                </tr>
            }
        })
    };
    let any_reduced = move || totals.with(|t| t.by_code.iter().any(|c| c.tax_code.is_reduced()));
    view! {
        <div class="kura-doc-totals">
            <table class="kura-table kura-doc-totals__table" aria-label=move || t().doc_totals_label>
                <thead>
                    <tr>
                        <th scope="col">{move || t().doc_rate}</th>
                        <th scope="col" class="kura-table__header--numeric">{move || t().doc_net}</th>
                        <th scope="col" class="kura-table__header--numeric">{move || t().doc_tax}</th>
                        <th scope="col" class="kura-table__header--numeric">{move || t().doc_gross}</th>
                    </tr>
                </thead>
                <tbody>
                    {by_rate}
                    <tr class="kura-doc-totals__sum">
                        <th scope="row">{move || t().doc_total}</th>
                        <td class="kura-num" data-testid="doc-net">{move || money(totals.with(|t| t.net))}</td>
                        <td class="kura-num" data-testid="doc-tax">{move || money(totals.with(|t| t.tax))}</td>
                        <td class="kura-num" data-testid="doc-gross">{move || money(totals.with(|t| t.gross))}</td>
                    </tr>
                    {withholding}
                </tbody>
            </table>
            <p class="kura-muted kura-doc-totals__note" hidden=move || !any_reduced()>{move || t().doc_reduced_note}</p>
        </div>
    }
}

/// The head of a document's line table, on its page and in its form (which has
/// a last column for the remove buttons).
#[component]
pub fn LinesHead(
    removable: bool,
    /// The form's item column.
    #[prop(optional)]
    items: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <thead>
            <tr>
                <th scope="col" class="kura-lines__no">"#"</th>
                {items.then(|| view! { <th scope="col">{move || t().sr_doc_item}</th> })}
                <th scope="col">{move || t().doc_line_description}</th>
                <th scope="col" class="kura-table__header--numeric">{move || t().doc_line_quantity}</th>
                <th scope="col">{move || t().doc_line_unit}</th>
                <th scope="col" class="kura-table__header--numeric">{move || t().doc_line_price}</th>
                <th scope="col" class="kura-table__header--numeric">{move || t().doc_line_discount}</th>
                <th scope="col">{move || t().line_tax}</th>
                <th scope="col">{move || t().doc_line_account}</th>
                <th scope="col" class="kura-table__header--numeric">{move || t().doc_line_amount}</th>
                {removable.then(|| view! {
                    <th scope="col"><span class="kura-visually-hidden">{move || t().remove_line}</span></th>
                })}
            </tr>
        </thead>
    }
}

/// A document's figures: as issued, or as issuing it now would make them.
pub fn totals_of(book: &Book, doc: &Document) -> DocumentTotals {
    book_totals(book, doc).into_owned()
}

/// What is still open on each issued invoice, credit note or bill of a side,
/// counting every payment recorded so far (also those dated ahead).
pub fn open_amounts(book: &Book, side: TradeSide) -> HashMap<RecordId, Decimal> {
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
    open_items(book, side, far)
        .into_iter()
        .map(|item| (item.document, item.open))
        .collect()
}

/// The amount still open on a document, for the kinds that are settled by
/// payments (a credit note's negative: the customer's credit, to refund).
pub fn open_of(doc: &Document, open: &HashMap<RecordId, Decimal>) -> Option<Decimal> {
    let settled_kind = matches!(
        doc.kind,
        DocumentKind::Invoice | DocumentKind::Bill | DocumentKind::CreditNote
    );
    (settled_kind && doc.status == DocumentStatus::Issued)
        .then(|| open.get(&doc.id).copied().unwrap_or_default())
}

/// The partners of a side (customers or suppliers), live ones, by reading.
pub fn side_partners(book: &Book, side: TradeSide) -> Vec<(RecordId, String)> {
    let mut partners: Vec<_> = book
        .partners()
        .filter(|p| !p.archived)
        .filter(|p| match side {
            TradeSide::Sales => p.is_customer,
            TradeSide::Purchase => p.is_supplier,
        })
        .map(|p| (p.reading.clone(), p.id, p.name.clone()))
        .collect();
    partners.sort();
    partners
        .into_iter()
        .map(|(_, id, name)| (id, name))
        .collect()
}

/// The partner options of a select, after a first blank option.
pub fn partner_options(
    side: TradeSide,
    blank: fn(&Messages) -> &'static str,
    selected: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    move || {
        let partners = open.book.with(|b| side_partners(b, side));
        let options = partners
            .into_iter()
            .map(|(id, name)| {
                let value = id.to_string();
                let is = value.clone();
                view! { <option value=value selected=move || selected.get() == is>{name}</option> }
            })
            .collect_view();
        view! {
            <option value="" selected=move || selected.with(String::is_empty)>{move || blank(i18n.t())}</option>
            {options}
        }
    }
}
