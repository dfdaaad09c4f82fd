//! `/books/<id>/documents/<doc>`: one document as data (header, lines, totals
//! per rate, withholding, amount due), the chain it belongs to, what can be done
//! with it next, and its change history.

use kura_core::book::{Book, Record, RecordKey, RecordKind};
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, format_money, format_number, Locale};
use kura_core::money::Currency;
use kura_core::trade::{
    cancel_document, document_chain, issue_document, ChainLink, ChainRelation, Document,
    DocumentKind, DocumentStatus, InvoiceForm, PaymentDirection, PriceBasis, TradeSide,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    account_label, kind_label, number_text, open_amounts, open_of, partner_name, rate_percent,
    status_badge, status_text, totals_of, use_toasts, version_list, Dialog, DialogActions,
    LinesHead, TotalsTable,
};
use crate::i18n::{store_error, trade_error, use_i18n, Messages};
use crate::platform;
use crate::routes::{self, plain, BookScreen};

#[component]
pub fn DocumentPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("doc");
    let exists = Memo::new(move |_| {
        id.get()
            .filter(|id| open.book.with(|b| b.document(*id).is_some()))
    });
    move || match exists.get() {
        None => view! {
            <div class="kura-page">
                <p class="kura-error" role="alert">{move || i18n.t().doc_not_found}</p>
            </div>
        }
        .into_any(),
        Some(id) => view! { <DocumentView id /> }.into_any(),
    }
}

#[component]
fn DocumentView(id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let doc = Memo::new(move |_| open.book.with(|b| b.document(id).cloned()));
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let totals = Signal::derive(move || {
        doc.with(|d| d.as_ref().map(|d| open.book.with(|b| totals_of(b, d))))
            .unwrap_or_else(|| open.book.with(|b| totals_of(b, &placeholder(id))))
    });
    let title = move || {
        doc.with(|d| {
            d.as_ref()
                .map(|d| format!("{} {}", kind_label(d.kind, t()), number_text(d, t())))
        })
    };
    let side = doc.with_untracked(|d| d.as_ref().map(|d| d.kind.side()));
    let book_id = open.id;
    view! {
        <div class="kura-page kura-page--wide">
            <div class="kura-page__head">
                <h1 data-testid="doc-title">{title}</h1>
                <Actions id doc />
            </div>
            <section class="kura-card kura-doc">
                <Header doc />
                <LinesTable doc currency />
                <TotalsTable totals currency />
                <StatedTaxNote doc currency />
                <Entries doc />
            </section>
            <Chain id />
            <History id />
            <p>
                <a href=BookScreen::Documents(side.unwrap_or(TradeSide::Sales)).path(book_id)>{move || t().doc_back}</a>
            </p>
        </div>
    }
}

/// A bill's tax per rate taken from its supplier's invoice (積上げ), where
/// given: the totals above already show it.
#[component]
fn StatedTaxNote(
    doc: Memo<Option<Document>>,
    #[prop(into)] currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        doc.with(|d| {
            d.iter()
                .filter(|d| d.kind == DocumentKind::Bill)
                .flat_map(|d| d.stated_tax.iter())
                .map(|s| {
                    let rate = (t.doc_rate_label)(&rate_percent(s.rate), s.tax_code.is_reduced());
                    let text = (t.doc_stated_tax_shown)(&rate, &format_money(s.tax, cur, locale));
                    view! { <li data-testid="doc-stated-tax-row">{text}</li> }
                })
                .collect_view()
        })
    };
    view! { <ul class="kura-muted kura-doc__stated-tax" data-testid="doc-stated-tax">{rows}</ul> }
}

/// An empty document, for the moment a deleted one is still on screen.
fn placeholder(id: RecordId) -> Document {
    Document::draft(id, DocumentKind::Invoice, id, chrono::NaiveDate::MIN)
}

#[component]
fn Header(doc: Memo<Option<Document>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        doc.get().map(|d| {
            let partner = open.book.with(|b| partner_name(b, d.partner));
            let partner_link = BookScreen::Partner(d.partner).path(open.id);
            let basis = match d.price_basis {
                PriceBasis::TaxExclusive => t.doc_basis_exclusive,
                PriceBasis::TaxInclusive => t.doc_basis_inclusive,
            };
            let due_label = if d.kind == DocumentKind::Quote { t.doc_valid_until } else { t.doc_due };
            let form = (d.kind == DocumentKind::Invoice).then(|| {
                let form = match d.form {
                    InvoiceForm::Qualified => t.doc_form_qualified,
                    InvoiceForm::Simplified => t.doc_form_simplified,
                };
                view! { <dt>{t.doc_form}</dt> <dd>{form}</dd> }
            });
            let optional = |label: &'static str, value: String, test_id: &'static str| {
                (!value.is_empty()).then(|| view! { <dt>{label}</dt> <dd data-testid=test_id>{value}</dd> })
            };
            let location = d
                .location
                .and_then(|l| open.book.with(|b| b.location(l).map(|l| l.name.clone())))
                .unwrap_or_default();
            let returns = d.returns_stock.then(|| {
                view! { <dt>{t.sr_doc_returns_label}</dt> <dd data-testid="doc-returns-stock">{t.sr_doc_returns_value}</dd> }
            });
            view! {
                <dl class="kura-facts kura-doc__facts">
                    <dt>{t.doc_kind}</dt>
                    <dd data-testid="doc-kind">{kind_label(d.kind, t)}</dd>
                    <dt>{t.doc_number}</dt>
                    <dd data-testid="doc-number">{number_text(&d, t)}</dd>
                    <dt>{t.doc_status}</dt>
                    <dd>{status_badge(d.status)}</dd>
                    <dt>{t.doc_partner}</dt>
                    <dd data-testid="doc-partner"><a href=partner_link>{partner}</a></dd>
                    <dt>{t.doc_date}</dt>
                    <dd data-testid="doc-date">{format_date(d.date, locale)}</dd>
                    {d.due_date.map(|due| view! { <dt>{due_label}</dt> <dd data-testid="doc-due">{format_date(due, locale)}</dd> })}
                    {optional(t.doc_subject, d.subject.clone(), "doc-subject")}
                    <dt>{t.doc_price_basis}</dt>
                    <dd>{basis}</dd>
                    {form}
                    {d.withholding.withholds().then(|| view! { <dt>{t.doc_withholding}</dt> <dd>{(t.doc_withholding_rule_name)(d.withholding)}</dd> })}
                    {optional(t.doc_partner_reference, d.partner_reference.clone(), "doc-reference")}
                    {optional(t.sr_doc_location, location, "doc-location")}
                    {returns}
                    {d.supply_period.map(|p| view! {
                        <dt>{t.prn_supply_period}</dt>
                        <dd data-testid="doc-supply-period">{format!("{} – {}", format_date(p.from, locale), format_date(p.to, locale))}</dd>
                    })}
                    {optional(t.doc_notes, d.notes.clone(), "doc-notes")}
                </dl>
            }
        })
    }
}

/// The lines as issued, each with its amount; reduced-rate lines marked ※.
#[component]
fn LinesTable(
    doc: Memo<Option<Document>>,
    #[prop(into)] currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let rows = move || {
        let locale = i18n.locale();
        let cur = currency.get();
        let money = |amount: Decimal| format_money(amount, cur, locale);
        doc.get().map(|d| {
            let amounts = open.book.with(|b| totals_of(b, &d).line_amounts);
            d.lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let account = l.account.and_then(|a| {
                        open.book.with(|b| b.account(a).map(|a| account_label(a, locale)))
                    });
                    let mark = l.tax_code.is_reduced().then_some("※");
                    let supplied = l.supply_date.filter(|on| *on != d.date);
                    let discount = (!l.discount.is_zero()).then(|| money(l.discount));
                    let item = l.item.and_then(|i| open.book.with(|b| b.item(i).map(|i| i.code.clone())));
                    view! {
                        <tr data-testid="doc-line">
                            <td class="kura-lines__no">{i + 1}</td>
                            <td data-testid="doc-line-description">
                                {item.map(|code| view! { <span class="kura-doc__item-code" data-testid="doc-line-item">{code}</span> })}
                                {l.description.clone()}
                                <span class="kura-doc__reduced" data-testid="doc-line-reduced">{mark}</span>
                            </td>
                            <td class="kura-num">{format_number(l.quantity.normalize(), l.quantity.normalize().scale())}</td>
                            <td>{l.unit.clone()}</td>
                            <td class="kura-num">{money(l.unit_price)}</td>
                            <td class="kura-num">{discount}</td>
                            <td>
                                {(t().tax_code_name)(l.tax_code)}
                                {supplied.map(|on| view! {
                                    <span class="kura-muted kura-doc__supply-date" data-testid="doc-line-supply-date">
                                        {format!("{} {}", t().doc_line_supply_date, format_date(on, locale))}
                                    </span>
                                })}
                            </td>
                            <td>{account}</td>
                            <td class="kura-num" data-testid="doc-line-amount">{amounts.get(i).copied().map(money)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="kura-table-wrap">
            <table class="kura-table kura-lines kura-doc__lines" aria-label=move || t().doc_lines_label>
                <LinesHead removable=false />
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The entry issuing posted, and its reversal if the document was cancelled.
#[component]
fn Entries(doc: Memo<Option<Document>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    move || {
        let t = i18n.t();
        doc.get().map(|d| {
            let link = |label: &'static str, entry: RecordId, test_id: &'static str| {
                view! {
                    <p>
                        {label} ": "
                        <a href=BookScreen::Entry(entry).path(open.id) data-testid=test_id>{t.doc_open_entry}</a>
                    </p>
                }
            };
            view! {
                <div class="kura-entry__links">
                    {d.entry.map(|e| link(t.doc_posted_entry, e, "doc-entry-link"))}
                    {d.reversal.map(|e| link(t.doc_reversal_entry, e, "doc-reversal-link"))}
                </div>
            }
        })
    }
}

/// What can be done with the document in its state.
#[component]
fn Actions(id: RecordId, doc: Memo<Option<Document>>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let navigate = use_navigate();
    let cancelling = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let issue = move |_| {
        let Some(d) = doc.get_untracked() else { return };
        busy.set(true);
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let currency = open.book.with_untracked(|b| b.currency());
            match open
                .write(|b, ctx| issue_document(b, d, &mut platform::new_id, ctx))
                .await
            {
                Ok(()) => toasts.success(i18n.t().doc_issued.to_string()),
                Err(WriteError::Invalid(e)) => toasts.error(trade_error(&e, locale, currency)),
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
            busy.set(false);
        });
    };
    let buttons = move || {
        let t = i18n.t();
        let d = doc.get()?;
        let book_id = open.id;
        let open_amount = open
            .book
            .with(|b| open_of(&d, &open_amounts(b, d.kind.side())));
        let navigate = navigate.clone();
        let view = match d.status {
            DocumentStatus::Draft => view! {
                <a class="kura-button" href=format!("{}/edit", BookScreen::Document(id).path(book_id)) data-testid="doc-edit">{t.doc_edit}</a>
                <button type="button" class="kura-button kura-button--primary" data-testid="doc-issue"
                    disabled=move || busy.get() on:click=issue>
                    {t.doc_issue}
                </button>
            }
            .into_any(),
            DocumentStatus::Issued => {
                let next = d
                    .kind
                    .next_kinds()
                    .iter()
                    .map(|&kind| {
                        view! {
                            <a class="kura-button" href=routes::new_document(book_id, kind, &[id])
                                data-testid=format!("doc-create-{}", plain(&kind))>
                                {(t.doc_create)(kind)}
                            </a>
                        }
                    })
                    .collect_view();
                let owed = open_amount.unwrap_or_default();
                let pay = (owed > Decimal::ZERO).then(|| {
                    let href = routes::new_payment(book_id, d.partner, PaymentDirection::settling(d.kind.side()), Some(d.id));
                    view! {
                        <a class="kura-button kura-button--primary" href=href data-testid="doc-record-payment">
                            {match d.kind.side() {
                                TradeSide::Sales => t.doc_record_receipt,
                                TradeSide::Purchase => t.doc_record_payment,
                            }}
                        </a>
                    }
                });
                // The customer's credit (a credit note paid for already) is paid back.
                let refund = (owed < Decimal::ZERO && d.kind.side() == TradeSide::Sales).then(|| {
                    let href = routes::new_payment(book_id, d.partner, PaymentDirection::Refunded, Some(d.id));
                    view! {
                        <a class="kura-button kura-button--primary" href=href data-testid="doc-record-refund">
                            {t.doc_record_refund}
                        </a>
                    }
                });
                view! {
                    {next}
                    {pay}
                    {refund}
                    <button type="button" class="kura-button kura-button--danger" data-testid="doc-cancel"
                        on:click=move |_| cancelling.set(true)>
                        {t.doc_cancel}
                    </button>
                }
                .into_any()
            }
            DocumentStatus::Cancelled => view! {
                <button type="button" class="kura-button" data-testid="doc-reissue"
                    on:click=move |_| navigate(&routes::reissue_document(book_id, id), NavigateOptions::default())>
                    {t.doc_reissue}
                </button>
            }
            .into_any(),
        };
        let print = (d.status != DocumentStatus::Draft).then(|| {
            view! {
                <a class="kura-button" href=format!("{}/print", BookScreen::Document(id).path(book_id)) data-testid="doc-print">
                    {t.doc_print}
                </a>
            }
        });
        Some(view! { {view} {print} })
    };
    view! {
        <div class="kura-row-actions">{buttons}</div>
        <CancelDialog id open=cancelling />
    }
}

/// Confirms and cancels an issued document (its entry is reversed; both stay).
#[component]
fn CancelDialog(id: RecordId, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let book = use_open_book();
    let t = move || i18n.t();
    let error = RwSignal::new(None::<String>);
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let currency = book.book.with_untracked(|b| b.currency());
            match book
                .write(|b, ctx| cancel_document(b, id, &mut platform::new_id, ctx))
                .await
            {
                Ok(()) => {
                    error.set(None);
                    open.set(false);
                    toasts.success(i18n.t().doc_cancelled.to_string());
                }
                Err(WriteError::Invalid(e)) => error.set(Some(trade_error(&e, locale, currency))),
                Err(WriteError::Store(e)) => error.set(Some(store_error(&e, locale))),
            }
        });
    };
    view! {
        <Dialog open title=Signal::derive(move || t().doc_cancel_title.to_string()) test_id="doc-cancel-dialog">
            <form class="kura-form" on:submit=confirm novalidate>
                <p>{move || t().doc_cancel_intro}</p>
                <p class="kura-error" role="alert" data-testid="doc-cancel-error" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <DialogActions open label=Signal::derive(move || t().doc_cancel) test_id="confirm-doc-cancel" danger=true />
            </form>
        </Dialog>
    }
}

fn relation_text(relation: ChainRelation, t: &Messages) -> &'static str {
    match relation {
        ChainRelation::Earlier => t.doc_chain_earlier,
        ChainRelation::This => t.doc_chain_this,
        ChainRelation::Later => t.doc_chain_later,
    }
}

/// Where a link of the chain opens: a document's view, a payment's entry.
fn chain_href(book: &Book, book_id: RecordId, link: &ChainLink) -> Option<String> {
    match link.kind {
        Some(_) => Some(BookScreen::Document(link.id).path(book_id)),
        None => book
            .payment(link.id)
            .map(|p| BookScreen::Entry(p.entry).path(book_id)),
    }
}

/// Earlier documents → this one → later documents and payments.
#[component]
fn Chain(id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let items = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        open.book.with(|book| {
            let currency = book.currency();
            document_chain(book, id)
                .into_iter()
                .map(|link| {
                    let what = match (link.kind, book.payment(link.id).map(|p| p.direction)) {
                        (Some(kind), _) => kind_label(kind, t),
                        (None, Some(PaymentDirection::Paid)) => t.doc_payment_paid.to_string(),
                        (None, Some(PaymentDirection::Refunded)) => t.doc_payment_refunded.to_string(),
                        (None, Some(PaymentDirection::Received) | None) => t.doc_payment_received.to_string(),
                    };
                    let class = if link.relation == ChainRelation::This {
                        "kura-doc-chain__item kura-doc-chain__item--this"
                    } else {
                        "kura-doc-chain__item"
                    };
                    let href = chain_href(book, open.id, &link);
                    let label = format!("{what} {}", link.number.clone().unwrap_or_default());
                    let status = link.kind.map(|_| status_text(link.status, t));
                    view! {
                        <li class=class data-testid="doc-chain-item">
                            <span class="kura-doc-chain__relation">{relation_text(link.relation, t)}</span>
                            {match href.filter(|_| link.relation != ChainRelation::This) {
                                Some(href) => view! { <a href=href data-testid="doc-chain-link">{label}</a> }.into_any(),
                                None => view! { <strong>{label}</strong> }.into_any(),
                            }}
                            <span>{format_date(link.date, locale)}</span>
                            <span class="kura-num">{format_money(link.amount, currency, locale)}</span>
                            <span class="kura-muted">{status}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="kura-card" aria-labelledby="doc-chain-heading">
            <h2 id="doc-chain-heading">{move || t().doc_chain_heading}</h2>
            <ol class="kura-doc-chain" data-testid="doc-chain">{items}</ol>
        </section>
    }
}

/// Every version of the document, newest first: when, and what changed.
#[component]
fn History(id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let key = RecordKey {
        kind: RecordKind::Document,
        id,
    };
    let items = version_list(
        key,
        |r| match r {
            Record::Document(d) => Some(d),
            _ => None,
        },
        describe_change,
    );
    view! {
        <section class="kura-card" aria-labelledby="doc-history-heading">
            <h2 id="doc-history-heading">{move || t().history_heading}</h2>
            <ol class="kura-history" data-testid="doc-history">{items}</ol>
        </section>
    }
}

/// What one version changed compared with the one before it.
fn describe_change(
    before: Option<&Document>,
    after: Option<&Document>,
    locale: Locale,
    book: &Book,
) -> String {
    let t = crate::i18n::messages(locale);
    let summary = |d: &Document| {
        let number = d
            .number
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        format!(
            "{}{number} / {}",
            status_text(d.status, t),
            format_money(totals_of(book, d).gross, book.currency(), locale)
        )
    };
    match (before, after) {
        (_, None) => t.history_deleted.to_string(),
        (None, Some(d)) => format!("{}: {}", t.history_created, summary(d)),
        (Some(b), Some(a)) => {
            let fields: Vec<&str> = [
                (b.status != a.status, t.doc_status),
                (b.number != a.number, t.doc_number),
                (b.date != a.date, t.doc_date),
                (b.due_date != a.due_date, t.doc_due),
                (b.partner != a.partner, t.doc_partner),
                (b.subject != a.subject, t.doc_subject),
                (b.lines != a.lines, t.field_lines),
                (b.notes != a.notes, t.doc_notes),
            ]
            .into_iter()
            .filter_map(|(changed, name)| changed.then_some(name))
            .collect();
            if fields.is_empty() {
                t.history_unchanged.to_string()
            } else {
                format!("{} — {}", (t.history_changed)(&fields), summary(a))
            }
        }
    }
}
