//! Documents on paper: `/books/<id>/documents/<doc>/print` (quote, order,
//! delivery note, invoice and its simplified form, the consolidated invoice,
//! credit note, purchase order) and `/books/<id>/payments/<payment>/print` (the
//! receipt, 領収書, for a payment received).
//!
//! The screen shows the A4 sheet as a preview; the browser's print (or save as
//! PDF) prints the sheet alone: `@media print` in `style/main.css` hides the app
//! around it, repeats the lines' header on every page, never splits a line and
//! keeps the totals together. The layout follows the language: Japanese
//! conventions (御中/様, 下記の通りご請求申し上げます, the issuer and seal on the
//! right) in Japanese, an international invoice (Bill to, Tax summary) in English.
//! Everything a qualified invoice needs is on it: the issuer's registration
//! number, the date, reduced-rate lines marked ※, net and tax per rate, and the
//! recipient (which a simplified invoice may omit).

use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::ledger::TaxRules;
use kura_core::locale::{format_date, format_money, format_number, Locale};
use kura_core::money::Currency;
use kura_core::trade::{
    book_totals, paper_title, BankDetails, BusinessProfile, CodeTotal, Document, DocumentKind,
    DocumentStatus, DocumentTotals, InvoiceForm, PaperTitle, Partner, Payment, PaymentDirection,
    PaymentStatus, TradeError, TradeSide,
};
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::app::use_open_book;
use crate::components::{lang_class, meta, PrintBar, StoredImage};
use crate::i18n::{messages, trade_error, use_i18n, Messages};
use crate::routes::{self, BookScreen};

// ---- images from the book ----------------------------------------------------

// ---- what a sheet shows, read from the book --------------------------------------

/// Who issues the paper: the book's name and its profile.
#[derive(Clone, Debug, PartialEq)]
struct Issuer {
    name: String,
    profile: Option<BusinessProfile>,
}

fn issuer(book: &Book) -> Issuer {
    Issuer {
        name: book.settings().map(|s| s.name.clone()).unwrap_or_default(),
        profile: book.business_profile().cloned(),
    }
}

/// Everything a printed document shows, read from the book once.
#[derive(Clone, Debug, PartialEq)]
struct Sheet {
    doc: Document,
    partner: Option<Partner>,
    issuer: Issuer,
    currency: Currency,
    totals: DocumentTotals,
    /// A consolidated invoice's delivery notes, by date and number, with their totals.
    deliveries: Vec<(Document, Decimal)>,
    /// A credit note's invoice.
    credited: Option<Document>,
}

fn sheet(book: &Book, id: RecordId) -> Option<Sheet> {
    let doc = book.document(id)?.clone();
    // The figures as issued (a draft's as issuing it now would give them).
    let mut deliveries: Vec<(Document, Decimal)> = doc
        .consolidates
        .iter()
        .filter_map(|d| book.document(*d))
        .map(|d| (d.clone(), book_totals(book, d).gross))
        .collect();
    deliveries.sort_by(|(a, _), (b, _)| (a.date, &a.number).cmp(&(b.date, &b.number)));
    Some(Sheet {
        totals: book_totals(book, &doc).into_owned(),
        partner: book.partner(doc.partner).cloned(),
        credited: doc.credit_for.and_then(|c| book.document(c)).cloned(),
        doc,
        issuer: issuer(book),
        currency: TaxRules::for_book(book).currency,
        deliveries,
    })
}

/// A receipt: the payment, whom it is from, who received it.
#[derive(Clone, Debug, PartialEq)]
struct ReceiptSheet {
    payment: Payment,
    partner: Option<Partner>,
    issuer: Issuer,
    currency: Currency,
    /// The documents it settled: number, date and amount.
    settled: Vec<(String, String, Decimal)>,
}

fn receipt_sheet(book: &Book, id: RecordId, locale: Locale) -> Option<ReceiptSheet> {
    let payment = book.payment(id)?.clone();
    let settled = payment
        .allocations
        .iter()
        .filter_map(|a| {
            let doc = book.document(a.document)?;
            let number = doc.number.clone().unwrap_or_default();
            Some((number, format_date(doc.date, locale), a.amount))
        })
        .collect();
    Some(ReceiptSheet {
        partner: book.partner(payment.partner).cloned(),
        issuer: issuer(book),
        currency: TaxRules::for_book(book).currency,
        payment,
        settled,
    })
}

// ---- the pages ----------------------------------------------------------------

#[component]
pub fn DocumentPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("doc");
    let sheet = Memo::new(move |_| id.get().and_then(|id| open.book.with(|b| sheet(b, id))));
    let back = Signal::derive(move || {
        id.get().map_or_else(
            || BookScreen::Documents(TradeSide::Sales).path(open.id),
            |doc| BookScreen::Document(doc).path(open.id),
        )
    });
    let paper = move || {
        let locale = i18n.locale();
        match sheet.get() {
            Some(sheet) => document_paper(&sheet, locale).into_any(),
            None => missing(&TradeError::DocumentNotFound, locale).into_any(),
        }
    };
    view! {
        <div class="kura-page kura-print">
            <PrintBar back back_label=Signal::derive(move || i18n.t().prn_back_document.to_string()) />
            {paper}
        </div>
    }
}

#[component]
pub fn ReceiptPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("payment");
    let sheet = Memo::new(move |_| {
        let locale = i18n.locale();
        id.get()
            .and_then(|id| open.book.with(|b| receipt_sheet(b, id, locale)))
    });
    // Back to the customer's page, where the receipt is printed from.
    let back =
        Signal::derive(
            move || match sheet.with(|s| s.as_ref().map(|s| s.payment.partner)) {
                Some(partner) => BookScreen::Partner(partner).path(open.id),
                None => BookScreen::Receivables.path(open.id),
            },
        );
    let paper = move || {
        let locale = i18n.locale();
        match sheet.get() {
            Some(sheet) if sheet.payment.direction == PaymentDirection::Received => {
                receipt_paper(&sheet, locale).into_any()
            }
            Some(_) => view! { <p class="kura-error" role="alert">{messages(locale).prn_receipt_only_received}</p> }
                .into_any(),
            None => missing(&TradeError::PaymentNotFound, locale).into_any(),
        }
    };
    view! {
        <div class="kura-page kura-print">
            <PrintBar back back_label=Signal::derive(move || i18n.t().prn_back_payment.to_string()) />
            {paper}
        </div>
    }
}

fn missing(error: &TradeError, locale: Locale) -> impl IntoView {
    let text = trade_error(error, locale, Currency::JPY);
    view! { <p class="kura-error" role="alert" data-testid="print-missing">{text}</p> }
}

// ---- the sheet's parts ---------------------------------------------------------

fn money(amount: Decimal, currency: Currency, locale: Locale) -> String {
    format_money(amount, currency, locale)
}

/// A quantity or unit price as written: its own decimals, at least the currency's for prices.
fn plain(number: Decimal, min_decimals: u32) -> String {
    format_number(number, number.normalize().scale().max(min_decimals))
}

/// `10%`, `8%`.
fn percent(rate: Decimal) -> String {
    format!("{}%", (rate * Decimal::ONE_HUNDRED).normalize())
}

/// The paper's title by the core's rule (`trade::paper_title`: no 「適格」 for
/// a business without a registration number).
fn title(sheet: &Sheet, t: &Messages) -> &'static str {
    match paper_title(&sheet.doc, sheet.issuer.profile.as_ref()) {
        PaperTitle::Consolidated => t.prn_title_consolidated,
        PaperTitle::Simplified { qualified: true } => t.prn_title_simplified,
        PaperTitle::Simplified { qualified: false } => t.prn_title_simplified_unregistered,
        PaperTitle::CreditNote { qualified: true } => (t.prn_title)(DocumentKind::CreditNote),
        PaperTitle::CreditNote { qualified: false } => t.prn_title_credit_unregistered,
        PaperTitle::Kind(kind) => (t.prn_title)(kind),
    }
}

fn document_meta(sheet: &Sheet, locale: Locale) -> Vec<(&'static str, String)> {
    let t = messages(locale);
    let doc = &sheet.doc;
    let mut rows = Vec::new();
    if let Some(number) = &doc.number {
        rows.push((t.prn_number, number.clone()));
    }
    rows.push(((t.prn_date_label)(doc.kind), format_date(doc.date, locale)));
    let due_label = (t.prn_due_label)(doc.kind);
    if let (Some(due), false) = (doc.due_date, due_label.is_empty()) {
        rows.push((due_label, format_date(due, locale)));
    }
    if let Some(invoice) = &sheet.credited {
        let number = invoice.number.clone().unwrap_or_default();
        rows.push((t.prn_credited_invoice, number));
        rows.push((t.prn_credited_date, format_date(invoice.date, locale)));
    } else if let Some(period) = doc.supply_period {
        let span = format!(
            "{} – {}",
            format_date(period.from, locale),
            format_date(period.to, locale)
        );
        rows.push((t.prn_supply_period, span));
    }
    rows
}

/// Draft and cancelled sheets say so across the top.
fn stamp(status: DocumentStatus, t: &Messages) -> impl IntoView {
    let text = match status {
        DocumentStatus::Draft => Some(t.prn_draft),
        DocumentStatus::Cancelled => Some(t.prn_cancelled),
        DocumentStatus::Issued => None,
    };
    text.map(|text| view! { <p class="kura-paper__stamp" data-testid="paper-stamp">{text}</p> })
}

/// The recipient: name with 御中 or 様, and address.
fn recipient(partner: Option<&Partner>, to_label: &'static str, t: &Messages) -> impl IntoView {
    let name = partner.map(|p| (t.prn_recipient)(&p.name, p.honorific));
    let postal = partner
        .filter(|p| !p.postal_code.is_empty())
        .map(|p| (t.prn_postal)(&p.postal_code));
    let address = partner.map(|p| p.address.clone()).unwrap_or_default();
    view! {
        <div class="kura-paper__recipient" data-testid="paper-recipient">
            {(!to_label.is_empty()).then(|| view! { <p class="kura-paper__label">{to_label}</p> })}
            <p class="kura-paper__recipient-name">{name}</p>
            {postal.map(|p| view! { <p>{p}</p> })}
            {(!address.is_empty()).then(|| view! { <p class="kura-paper__address">{address}</p> })}
        </div>
    }
}

/// The issuer: logo, name, address, contact, registration number, and the seal
/// over the name.
fn issuer_block(issuer: &Issuer, show_registration: bool, t: &Messages) -> impl IntoView {
    let profile = issuer.profile.clone();
    let p = profile.as_ref();
    let text = |f: fn(&BusinessProfile) -> &String| p.map(f).filter(|s| !s.is_empty()).cloned();
    let postal = text(|p| &p.postal_code).map(|c| (t.prn_postal)(&c));
    let address = text(|p| &p.address);
    let phone = text(|p| &p.phone).map(|c| (t.prn_phone)(&c));
    let email = text(|p| &p.email);
    let registration = p
        .and_then(|p| p.registration_number.as_ref())
        .filter(|_| show_registration)
        .map(|n| (t.prn_registration)(n.as_str()));
    let logo = p.and_then(|p| p.logo);
    let seal = p.and_then(|p| p.seal);
    view! {
        <div class="kura-paper__issuer" data-testid="paper-issuer">
            {logo.map(|id| view! { <StoredImage id class="kura-paper__logo" alt=t.bp_logo /> })}
            <div class="kura-paper__issuer-name-row">
                <p class="kura-paper__issuer-name">{issuer.name.clone()}</p>
                {seal.map(|id| view! { <StoredImage id class="kura-paper__seal" alt=t.bp_seal /> })}
            </div>
            {postal.map(|v| view! { <p>{v}</p> })}
            {address.map(|v| view! { <p class="kura-paper__address">{v}</p> })}
            {phone.map(|v| view! { <p>{v}</p> })}
            {email.map(|v| view! { <p>{v}</p> })}
            {registration.map(|v| view! { <p class="kura-paper__registration" data-testid="paper-registration">{v}</p> })}
        </div>
    }
}

/// The amount the reader looks for first, in a box.
fn amount_box(label: &'static str, amount: String, note: &'static str) -> impl IntoView {
    view! {
        <div class="kura-paper__amount" data-testid="paper-amount">
            <span class="kura-paper__amount-label">{label}</span>
            <span class="kura-paper__amount-value">{amount}</span>
            <span class="kura-paper__amount-note">{note}</span>
        </div>
    }
}

/// A consolidated invoice's delivery notes (合計請求書), before its lines.
fn deliveries_table(sheet: &Sheet, locale: Locale) -> impl IntoView {
    let t = messages(locale);
    let rows = sheet
        .deliveries
        .iter()
        .map(|(doc, gross)| {
            view! {
                <tr data-testid="paper-delivery">
                    <td>{format_date(doc.date, locale)}</td>
                    <td>{doc.number.clone().unwrap_or_default()}</td>
                    <td class="kura-num">{money(*gross, sheet.currency, locale)}</td>
                </tr>
            }
        })
        .collect_view();
    (!sheet.deliveries.is_empty()).then(|| {
        view! {
            <h2 class="kura-paper__heading">{t.prn_deliveries}</h2>
            <table class="kura-paper__table kura-paper__deliveries">
                <thead>
                    <tr>
                        <th scope="col">{t.prn_col_date}</th>
                        <th scope="col">{t.prn_col_number}</th>
                        <th scope="col" class="kura-num">{t.prn_col_amount_with_tax}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    })
}

/// The lines: header repeated on every printed page, no line split.
fn lines_table(sheet: &Sheet, locale: Locale) -> impl IntoView {
    let t = messages(locale);
    let (doc, currency) = (&sheet.doc, sheet.currency);
    // A qualified invoice states the date of each supply (取引年月日): when a
    // line's is not the document's, every line shows its own.
    let dated = doc
        .lines
        .iter()
        .any(|l| l.supplied_on(doc.date) != doc.date);
    let rows = doc
        .lines
        .iter()
        .zip(&sheet.totals.line_amounts)
        .enumerate()
        .map(|(i, (line, amount))| {
            let reduced = line.tax_code.is_reduced();
            let supplied = line.supplied_on(doc.date);
            let rate = line.tax_code.rate_on(supplied);
            let rate_text = if rate.is_zero() {
                (t.tax_code_name)(line.tax_code).to_string()
            } else {
                percent(rate)
            };
            let discount = (!line.discount.is_zero()).then(|| {
                let text = (t.prn_discount)(&money(line.discount, currency, locale));
                view! { <span class="kura-paper__discount">{text}</span> }
            });
            view! {
                <tr data-testid="paper-line">
                    <td class="kura-num kura-paper__no">{i + 1}</td>
                    {dated.then(|| view! {
                        <td class="kura-paper__date" data-testid="paper-line-date">{format_date(supplied, locale)}</td>
                    })}
                    <td class="kura-paper__description">
                        <span data-testid="paper-line-description">{line.description.clone()}</span>
                        {reduced.then(|| view! { <span class="kura-paper__reduced">{t.prn_reduced_mark}</span> })}
                        {discount}
                    </td>
                    <td class="kura-num">{plain(line.quantity, 0)}</td>
                    <td>{line.unit.clone()}</td>
                    <td class="kura-num">{plain(line.unit_price, currency.minor_units())}</td>
                    <td class="kura-num">{money(*amount, currency, locale)}</td>
                    <td class="kura-num">{rate_text}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="kura-paper__basis">{(t.prn_price_basis)(doc.price_basis)}</p>
        <table class="kura-paper__table kura-paper__lines" data-testid="paper-lines">
            <thead>
                <tr>
                    <th scope="col" class="kura-num kura-paper__no">{t.prn_col_no}</th>
                    {dated.then(|| view! { <th scope="col">{t.prn_col_supply_date}</th> })}
                    <th scope="col">{t.prn_col_description}</th>
                    <th scope="col" class="kura-num">{t.prn_col_quantity}</th>
                    <th scope="col">{t.prn_col_unit}</th>
                    <th scope="col" class="kura-num">{t.prn_col_unit_price}</th>
                    <th scope="col" class="kura-num">{t.prn_col_amount}</th>
                    <th scope="col" class="kura-num">{t.prn_col_rate}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The label of a tax code's row in the tax summary: `10%対象`, `8%対象(軽減税率)`.
fn rate_label(code: &CodeTotal, t: &Messages) -> String {
    if code.rate.is_zero() {
        (t.tax_code_name)(code.tax_code).to_string()
    } else {
        (t.prn_rate_class)(&percent(code.rate), code.tax_code.is_reduced())
    }
}

/// Net and tax per rate (the qualified-invoice summary).
fn tax_table(sheet: &Sheet, locale: Locale) -> impl IntoView {
    let t = messages(locale);
    let currency = sheet.currency;
    let rows = sheet
        .totals
        .by_code
        .iter()
        .map(|code| {
            view! {
                <tr data-testid="paper-tax-row">
                    <th scope="row">{rate_label(code, t)}</th>
                    <td class="kura-num">{money(code.net, currency, locale)}</td>
                    <td class="kura-num">{money(code.tax, currency, locale)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="kura-paper__table kura-paper__tax" data-testid="paper-tax">
            <caption>{t.prn_tax_summary}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.prn_col_rate_class}</th>
                    <th scope="col" class="kura-num">{t.prn_col_net}</th>
                    <th scope="col" class="kura-num">{t.prn_col_tax}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Subtotal, tax, total; for a fee with withholding, the tax withheld and the
/// amount due net of it.
fn totals_table(sheet: &Sheet, locale: Locale) -> impl IntoView {
    let t = messages(locale);
    let (totals, currency) = (&sheet.totals, sheet.currency);
    let row = |label: &'static str, amount: Decimal, class: &'static str, id: &'static str| {
        view! {
            <tr class=class data-testid=id>
                <th scope="row">{label}</th>
                <td class="kura-num">{money(amount, currency, locale)}</td>
            </tr>
        }
    };
    let withholding = (!totals.withholding.is_zero()).then(|| {
        view! {
            {row(t.prn_withholding, -totals.withholding, "", "paper-withholding")}
            {row((t.prn_amount_label)(sheet.doc.kind), totals.amount_due, "kura-paper__grand", "paper-due")}
        }
    });
    let total_class = if withholding.is_some() {
        ""
    } else {
        "kura-paper__grand"
    };
    view! {
        <table class="kura-paper__table kura-paper__totals" data-testid="paper-totals">
            <tbody>
                {row(t.prn_subtotal, totals.net, "", "paper-net")}
                {row(t.prn_tax, totals.tax, "", "paper-tax-total")}
                {row(t.prn_total, totals.gross, total_class, "paper-gross")}
                {withholding}
            </tbody>
        </table>
    }
}

fn bank_text(bank: &BankDetails, t: &Messages) -> String {
    [
        bank.bank_name.as_str(),
        bank.branch_name.as_str(),
        (t.bp_account_kind_name)(bank.account_kind),
        bank.account_number.as_str(),
        bank.holder.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// The foot: totals and tax per rate side by side, the ※ legend, the bank
/// account, notes. Kept together on one page.
fn foot(sheet: &Sheet, locale: Locale) -> impl IntoView {
    let t = messages(locale);
    let doc = &sheet.doc;
    let profile = sheet.issuer.profile.as_ref();
    let reduced = doc.lines.iter().any(|l| l.tax_code.is_reduced());
    let invoice = doc.kind == DocumentKind::Invoice;
    let bank = profile
        .filter(|p| invoice && !p.bank.bank_name.is_empty())
        .map(|p| bank_text(&p.bank, t));
    let profile_note = profile
        .filter(|_| invoice)
        .map(|p| p.invoice_note.clone())
        .filter(|n| !n.is_empty());
    let notes: Vec<String> = [Some(doc.notes.clone()), profile_note]
        .into_iter()
        .flatten()
        .filter(|n| !n.trim().is_empty())
        .collect();
    view! {
        <div class="kura-paper__foot">
            <div class="kura-paper__sums">
                {tax_table(sheet, locale)}
                {totals_table(sheet, locale)}
            </div>
            {reduced.then(|| view! { <p class="kura-paper__legend" data-testid="paper-reduced-legend">{t.prn_reduced_legend}</p> })}
            {bank.map(|b| view! {
                <div class="kura-paper__box" data-testid="paper-bank">
                    <p class="kura-paper__label">{t.prn_bank}</p>
                    <p>{b}</p>
                </div>
            })}
            {(!notes.is_empty()).then(|| view! {
                <div class="kura-paper__box" data-testid="paper-notes">
                    <p class="kura-paper__label">{t.prn_notes}</p>
                    {notes.into_iter().map(|n| view! { <p class="kura-paper__address">{n}</p> }).collect_view()}
                </div>
            })}
        </div>
    }
}

fn document_paper(sheet: &Sheet, locale: Locale) -> impl IntoView {
    let t = messages(locale);
    let doc = &sheet.doc;
    let simplified = doc.kind == DocumentKind::Invoice && doc.form == InvoiceForm::Simplified;
    let sales = doc.kind.side() == TradeSide::Sales;
    let lead = (t.prn_lead)(doc.kind);
    let subject = (!doc.subject.is_empty()).then(|| (t.prn_subject)(&doc.subject));
    let due = money(sheet.totals.amount_due, sheet.currency, locale);
    view! {
        <article class=lang_class(locale) lang=locale.tag() data-testid="paper">
            {stamp(doc.status, t)}
            <header class="kura-paper__head">
                <h1 class="kura-paper__title" data-testid="paper-title">{title(sheet, t)}</h1>
                {meta(document_meta(sheet, locale))}
            </header>
            <div class="kura-paper__parties">
                {(!simplified).then(|| recipient(sheet.partner.as_ref(), (t.prn_to)(doc.kind), t))}
                {issuer_block(&sheet.issuer, sales, t)}
            </div>
            {subject.map(|s| view! { <p class="kura-paper__subject">{s}</p> })}
            {(!lead.is_empty()).then(|| view! { <p class="kura-paper__lead">{lead}</p> })}
            {amount_box((t.prn_amount_label)(doc.kind), due, t.prn_tax_included)}
            {deliveries_table(sheet, locale)}
            {lines_table(sheet, locale)}
            {foot(sheet, locale)}
        </article>
    }
}

fn receipt_paper(sheet: &ReceiptSheet, locale: Locale) -> impl IntoView {
    let t = messages(locale);
    let payment = &sheet.payment;
    let currency = sheet.currency;
    // What the customer paid: the money received and the bank fee they
    // deducted (ours to bear); the income tax withheld is theirs to pay over.
    let received = payment.amount + payment.fee;
    let numbers: Vec<&str> = sheet.settled.iter().map(|(n, _, _)| n.as_str()).collect();
    let purpose = if payment.memo.trim().is_empty() {
        (t.prn_receipt_purpose)(&numbers.join(", "))
    } else {
        payment.memo.trim().to_string()
    };
    let rows = sheet
        .settled
        .iter()
        .map(|(number, date, amount)| {
            view! {
                <tr>
                    <th scope="row">{(t.prn_receipt_settles)(number, date)}</th>
                    <td class="kura-num">{money(*amount, currency, locale)}</td>
                </tr>
            }
        })
        .collect_view();
    let withholding = (!payment.withholding.is_zero()).then(|| {
        view! {
            <tr data-testid="paper-withholding">
                <th scope="row">{t.prn_withholding}</th>
                <td class="kura-num">{money(-payment.withholding, currency, locale)}</td>
            </tr>
        }
    });
    let cancelled = payment.status == PaymentStatus::Cancelled;
    view! {
        <article class=format!("{} kura-paper--receipt", lang_class(locale)) lang=locale.tag() data-testid="paper">
            {cancelled.then(|| view! { <p class="kura-paper__stamp" data-testid="paper-stamp">{t.prn_cancelled}</p> })}
            <header class="kura-paper__head">
                <h1 class="kura-paper__title" data-testid="paper-title">{t.prn_receipt_title}</h1>
                {meta(vec![(t.prn_receipt_date, format_date(payment.date, locale))])}
            </header>
            <div class="kura-paper__parties">
                {recipient(sheet.partner.as_ref(), t.prn_receipt_from, t)}
                {issuer_block(&sheet.issuer, true, t)}
            </div>
            {amount_box(t.prn_receipt_amount, money(received, currency, locale), t.prn_tax_included)}
            <p class="kura-paper__purpose" data-testid="paper-purpose">{(t.prn_receipt_for)(&purpose)}</p>
            <p class="kura-paper__lead">{t.prn_receipt_received}</p>
            <div class="kura-paper__foot">
                <table class="kura-paper__table kura-paper__totals kura-paper__breakdown">
                    <caption>{t.prn_receipt_breakdown}</caption>
                    <tbody>
                        {rows}
                        {withholding}
                        <tr class="kura-paper__grand">
                            <th scope="row">{t.prn_receipt_amount}</th>
                            <td class="kura-num">{money(received, currency, locale)}</td>
                        </tr>
                    </tbody>
                </table>
            </div>
        </article>
    }
}
