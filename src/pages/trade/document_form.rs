//! The document form: a new quote, order, delivery note, invoice, credit note,
//! purchase order, goods receipt or bill — on its own, copied forward from
//! earlier documents (`?from=`), gathered from a month's delivery notes
//! (`?closing=`, 締め請求) or re-issuing a cancelled one (`?reissue=`) — and a
//! draft being edited. Made for the keyboard like the entry grid: Tab moves
//! through the cells, Enter goes to the next line (and adds one after the
//! last), Ctrl+S (⌘S) saves the draft. The totals below the grid are the core's
//! `document_totals` of what is on screen, so they are what issuing will post.

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::inventory::{on_hand, Item};
use kura_core::ledger::{AccountRole, AccountType, TaxCode};
use kura_core::locale::{format_money, format_number};
use kura_core::money::{
    parse_amount, parse_quantity, parse_unit_price, round, AmountError, Currency, Rounding,
};
use kura_core::reports::Period;
use kura_core::trade::{
    code_fits_side, consolidated_invoice, copy_forward, delete_document_draft, issue_document,
    reissue_draft, save_document_draft, totals_now, Document, DocumentKind, DocumentLine,
    DocumentStatus, DocumentTotals, InvoiceForm, LineRef, PriceBasis, StatedTax, TradeError,
    TradeSide, WithholdingRule,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;
use web_sys::KeyboardEvent;

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{
    account_label, focus_later, is_enter, line_row_class, number_cell, partner_options,
    quantity_text, read_cell, tax_from, tax_value, use_toasts, DateInput, FormField, LinesHead,
    TotalsTable,
};
use crate::i18n::{amount_error, store_error, trade_error, use_i18n, Messages};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, from_plain, plain, BookScreen};

/// Why the form cannot open.
enum StartError {
    UnknownKind,
    Trade(TradeError),
}

/// The draft the new-document form opens with, from the URL's query.
fn start(
    book: &Book,
    query: &ParamsMap,
    id: RecordId,
    day: NaiveDate,
) -> Result<Document, StartError> {
    let id_of = |name: &str| query.get(name).and_then(|s| s.parse::<RecordId>().ok());
    if let Some(original) = id_of("reissue") {
        return reissue_draft(book, original, id, day).map_err(StartError::Trade);
    }
    let kind: DocumentKind = query
        .get("kind")
        .and_then(|k| from_plain(&k))
        .ok_or(StartError::UnknownKind)?;
    let partner = id_of("partner");
    let closing = query
        .get("closing")
        .and_then(|s| s.parse::<NaiveDate>().ok());
    let from: Vec<RecordId> = query
        .get("from")
        .map(|s| s.split(',').filter_map(|id| id.parse().ok()).collect())
        .unwrap_or_default();
    match (partner, closing) {
        (Some(partner), Some(closing)) => {
            consolidated_invoice(book, partner, closing, id).map_err(StartError::Trade)
        }
        _ if !from.is_empty() => {
            copy_forward(book, &from, kind, id, day).map_err(StartError::Trade)
        }
        // With no partner yet the draft names itself; the form shows none chosen.
        _ => Ok(blank(book, kind, partner.unwrap_or(id), id, day)),
    }
}

/// A new document on its own, priced as its partner usually is.
fn blank(
    book: &Book,
    kind: DocumentKind,
    partner: RecordId,
    id: RecordId,
    day: NaiveDate,
) -> Document {
    let mut doc = Document::draft(id, kind, partner, day);
    if let Some(p) = book.partner(partner) {
        doc.price_basis = p.price_basis;
    }
    doc
}

/// `/books/<id>/documents/new?kind=…`.
#[component]
pub fn NewDocumentPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let query = use_query_map();
    let started = query.with_untracked(|q| {
        open.book
            .with_untracked(|b| start(b, q, platform::new_id(), today()))
    });
    match started {
        Ok(doc) => view! {
            <div class="kura-page kura-page--wide">
                <h1>{move || (i18n.t().doc_new_title)(doc.kind)}</h1>
                <DocumentForm initial=doc.clone() />
            </div>
        }
        .into_any(),
        Err(error) => {
            let message = move || {
                let locale = i18n.locale();
                match &error {
                    StartError::UnknownKind => i18n.t().doc_unknown_kind.to_string(),
                    StartError::Trade(e) => {
                        trade_error(e, locale, open.book.with_untracked(|b| b.currency()))
                    }
                }
            };
            view! {
                <div class="kura-page">
                    <p class="kura-error" role="alert" data-testid="doc-start-error">{message}</p>
                    <a href=BookScreen::Documents(TradeSide::Sales).path(open.id)>{move || i18n.t().doc_back}</a>
                </div>
            }
            .into_any()
        }
    }
}

/// `/books/<id>/documents/<doc>/edit`: drafts only.
#[component]
pub fn EditDocumentPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("doc");
    // Rebuilt only when the draft appears or stops being one, so typing is not
    // reset by other writes.
    let draft = Memo::new(move |_| {
        id.get().and_then(|id| {
            open.book
                .with(|b| b.document(id).filter(|d| d.is_draft()).map(|d| d.id))
        })
    });
    move || {
        match draft.get() {
        Some(id) => {
            let doc = open
                .book
                .with_untracked(|b| b.document(id).cloned())
                .expect("the draft exists");
            view! {
                <div class="kura-page kura-page--wide">
                    <h1>{move || (i18n.t().doc_edit_title)(doc.kind)}</h1>
                    <DocumentForm initial=doc.clone() />
                </div>
            }
            .into_any()
        }
        None => view! {
            <div class="kura-page">
                <p class="kura-error" role="alert" data-testid="doc-not-draft">{move || i18n.t().doc_not_draft}</p>
                {move || id.get().map(|id| view! {
                    <a href=BookScreen::Document(id).path(open.id)>{move || i18n.t().doc_open_document}</a>
                })}
            </div>
        }
        .into_any(),
    }
    }
}

/// The tax codes a side's lines may use.
fn side_codes(side: TradeSide) -> Vec<TaxCode> {
    TaxCode::ALL
        .into_iter()
        .filter(|c| code_fits_side(*c, side))
        .collect()
}

/// The purchase code that fits the supplier: a supplier who is not a registered
/// issuer gives no qualified invoice, so its purchases take the unregistered
/// codes (only partly creditable), and the reverse.
fn code_for_supplier(code: TaxCode, registered: bool) -> TaxCode {
    use TaxCode::*;
    match (code, registered) {
        (Purchase10Unregistered, true) => Purchase10,
        (Purchase8ReducedUnregistered, true) => Purchase8Reduced,
        (Purchase10, false) => Purchase10Unregistered,
        (Purchase8Reduced, false) => Purchase8ReducedUnregistered,
        (code, _) => code,
    }
}

/// The code a new line starts with.
fn default_code(side: TradeSide, registered: bool) -> TaxCode {
    match side {
        TradeSide::Sales => TaxCode::Sales10,
        TradeSide::Purchase => code_for_supplier(TaxCode::Purchase10, registered),
    }
}

/// Whether the partner is a registered issuer on the document's date (today
/// while it has none; an unknown partner counts as registered, so nothing is
/// proposed before a supplier is chosen).
fn is_registered(book: &Book, partner: Option<RecordId>, on: Option<NaiveDate>) -> bool {
    partner
        .and_then(|p| book.partner(p))
        .is_none_or(|p| p.is_registered_on(on.unwrap_or_else(today)))
}

/// One line of the grid as typed. Every cell is a signal; the line is `Copy`.
#[derive(Clone, Copy)]
struct Line {
    key: usize,
    description: RwSignal<String>,
    quantity: RwSignal<String>,
    unit: RwSignal<String>,
    unit_price: RwSignal<String>,
    discount: RwSignal<String>,
    tax: RwSignal<String>,
    /// An account id, or blank for the Sales/Purchases role's account.
    account: RwSignal<String>,
    /// Kept from the document the line was copied from.
    source: Option<LineRef>,
    /// The item the line sells or buys (kept when the cells are typed over).
    item: RwSignal<Option<RecordId>>,
    /// Whether withholding applies to the line (a fee), when the document withholds.
    withheld: RwSignal<bool>,
    /// Its supply date as the date field gives it (`YYYY-MM-DD`), blank for
    /// the document's date.
    supply_date: RwSignal<String>,
}

/// Which amount cell could not be read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell {
    Quantity,
    Price,
    Discount,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.description.with(|d| d.trim().is_empty())
            && self.unit_price.with(|p| p.trim().is_empty())
    }

    /// The line as the core takes it (reads the cells reactively). A cell that is
    /// not a number counts as zero; the first such cell is returned too.
    fn read(
        &self,
        currency: Currency,
        fallback: TaxCode,
    ) -> (DocumentLine, Option<(Cell, AmountError)>) {
        let mut problem = None;
        let mut cell =
            |which: Cell, text: String, parse: &dyn Fn(&str) -> Result<Decimal, AmountError>| {
                read_cell(&text, parse).unwrap_or_else(|e| {
                    problem.get_or_insert((which, e));
                    Decimal::ZERO
                })
            };
        let price = |s: &str| parse_unit_price(s, currency);
        let money = |s: &str| parse_amount(s, currency);
        let quantity = cell(Cell::Quantity, self.quantity.get(), &parse_quantity);
        let unit_price = cell(Cell::Price, self.unit_price.get(), &price);
        let discount = cell(Cell::Discount, self.discount.get(), &money);
        let line = DocumentLine {
            description: self.description.get().trim().to_string(),
            quantity,
            unit: self.unit.get().trim().to_string(),
            unit_price,
            discount,
            tax_code: tax_from(&self.tax.get()).unwrap_or(fallback),
            account: self.account.get().parse().ok(),
            item: self.item.get(),
            source: self.source,
            withheld: self.withheld.get(),
            // The date field gives an ISO date or nothing (a date it cannot
            // read is blank): blank is the document's date.
            supply_date: NaiveDate::parse_from_str(self.supply_date.get().trim(), "%Y-%m-%d").ok(),
        };
        (line, problem)
    }
}

/// The fields above the grid.
#[derive(Clone, Copy)]
struct Header {
    partner: RwSignal<Option<RecordId>>,
    date: RwSignal<Option<NaiveDate>>,
    due: RwSignal<Option<NaiveDate>>,
    subject: RwSignal<String>,
    basis: RwSignal<PriceBasis>,
    form: RwSignal<InvoiceForm>,
    withholding: RwSignal<bool>,
    /// The formula when the document withholds (報酬・料金, or a 司法書士's fee).
    withholding_rule: RwSignal<WithholdingRule>,
    credit_for: RwSignal<Option<RecordId>>,
    /// 対象取引期間 of a credit note made without an invoice.
    supply_from: RwSignal<Option<NaiveDate>>,
    supply_to: RwSignal<Option<NaiveDate>>,
    reference: RwSignal<String>,
    notes: RwSignal<String>,
    location: RwSignal<Option<RecordId>>,
    returns_stock: RwSignal<bool>,
    /// A bill's tax per (code, rate) as its supplier's invoice states it, as
    /// typed (blank: the computed tax).
    stated: RwSignal<Vec<(TaxCode, Decimal, String)>>,
}

/// The stated taxes typed (blank ones left out), each read or why it cannot be.
fn stated_taxes(
    typed: &[(TaxCode, Decimal, String)],
    currency: Currency,
) -> Vec<Result<StatedTax, AmountError>> {
    typed
        .iter()
        .filter(|(_, _, text)| !text.trim().is_empty())
        .map(|(tax_code, rate, text)| {
            parse_amount(text, currency).map(|tax| StatedTax {
                tax_code: *tax_code,
                rate: *rate,
                tax,
            })
        })
        .collect()
}

impl Header {
    fn new(doc: &Document, book: &Book) -> Header {
        Header {
            partner: RwSignal::new(book.partner(doc.partner).map(|p| p.id)),
            date: RwSignal::new(Some(doc.date)),
            due: RwSignal::new(doc.due_date),
            subject: RwSignal::new(doc.subject.clone()),
            basis: RwSignal::new(doc.price_basis),
            form: RwSignal::new(doc.form),
            withholding: RwSignal::new(doc.withholding.withholds()),
            withholding_rule: RwSignal::new(match doc.withholding {
                WithholdingRule::None => WithholdingRule::IncomeTax,
                rule => rule,
            }),
            credit_for: RwSignal::new(doc.credit_for),
            supply_from: RwSignal::new(doc.supply_period.map(|p| p.from)),
            supply_to: RwSignal::new(doc.supply_period.map(|p| p.to)),
            reference: RwSignal::new(doc.partner_reference.clone()),
            notes: RwSignal::new(doc.notes.clone()),
            location: RwSignal::new(doc.location),
            returns_stock: RwSignal::new(doc.returns_stock),
            stated: RwSignal::new(
                doc.stated_tax
                    .iter()
                    .map(|s| (s.tax_code, s.rate, s.tax.normalize().to_string()))
                    .collect(),
            ),
        }
    }

    /// The document on screen (reads the fields reactively); what the form does
    /// not show (its number, what it consolidates or replaces) comes from `base`.
    fn document(
        &self,
        base: &Document,
        lines: Vec<DocumentLine>,
        stated_tax: Vec<StatedTax>,
    ) -> Document {
        Document {
            stated_tax,
            partner: self.partner.get().unwrap_or(base.partner),
            date: self.date.get().unwrap_or(base.date),
            due_date: self.due.get(),
            subject: self.subject.get().trim().to_string(),
            price_basis: self.basis.get(),
            form: self.form.get(),
            withholding: if self.withholding.get() {
                self.withholding_rule.get()
            } else {
                WithholdingRule::None
            },
            credit_for: self.credit_for.get(),
            // Only without an invoice; a period whose end comes first is no period.
            supply_period: match (
                self.credit_for.get(),
                self.supply_from.get(),
                self.supply_to.get(),
            ) {
                (None, Some(from), Some(to)) => Period::new(from, to).ok(),
                _ => None,
            },
            partner_reference: self.reference.get().trim().to_string(),
            notes: self.notes.get(),
            location: self.location.get(),
            returns_stock: self.returns_stock.get(),
            lines,
            ..base.clone()
        }
    }
}

/// Why the form could not save: the message, and the screen line it is about.
#[derive(Clone, Debug, PartialEq)]
struct FormError {
    line: Option<usize>,
    message: String,
}

/// What the buttons do.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    SaveDraft,
    Issue,
}

/// The lines' cells from a document's lines (at least one line).
fn lines_of(
    doc: &Document,
    currency: Currency,
    new_line: impl Fn() -> Line,
    fallback: TaxCode,
) -> Vec<Line> {
    let mut lines: Vec<Line> = doc
        .lines
        .iter()
        .map(|l| {
            let line = Line {
                source: l.source,
                ..new_line()
            };
            line.item.set(l.item);
            line.withheld.set(l.withheld);
            line.supply_date.set(
                l.supply_date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            );
            line.description.set(l.description.clone());
            line.quantity.set(number_cell(
                l.quantity.normalize(),
                l.quantity.normalize().scale(),
            ));
            line.unit.set(l.unit.clone());
            line.unit_price
                .set(number_cell(l.unit_price, currency.minor_units()));
            line.discount
                .set(number_cell(l.discount, currency.minor_units()));
            line.tax.set(tax_value(l.tax_code));
            line.account
                .set(l.account.map(|a| a.to_string()).unwrap_or_default());
            line
        })
        .collect();
    if lines.is_empty() {
        let line = new_line();
        line.tax.set(tax_value(fallback));
        lines.push(line);
    }
    lines
}

/// Renumbers a core error's line (counted among the lines sent) as the screen line.
fn on_screen(error: TradeError, kept: &[usize]) -> (Option<usize>, TradeError) {
    match error {
        TradeError::Line { line, problem } => {
            let screen = kept.get(line.wrapping_sub(1)).copied().unwrap_or(line);
            (
                Some(screen),
                TradeError::Line {
                    line: screen,
                    problem,
                },
            )
        }
        other => (None, other),
    }
}

fn cell_name(cell: Cell, t: &Messages) -> &'static str {
    match cell {
        Cell::Quantity => t.doc_line_quantity,
        Cell::Price => t.doc_line_price,
        Cell::Discount => t.doc_line_discount,
    }
}

/// The form, filled with `initial` (a new draft or a saved one).
#[component]
fn DocumentForm(initial: Document) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let kind = initial.kind;
    let side = kind.side();
    let id = initial.id;
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));
    let header = open.book.with_untracked(|b| Header::new(&initial, b));
    let fallback = Memo::new(move |_| {
        let (partner, on) = (header.partner.get(), header.date.get());
        open.book
            .with(|b| default_code(side, is_registered(b, partner, on)))
    });
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
                description: RwSignal::new(String::new()),
                quantity: RwSignal::new("1".to_string()),
                unit: RwSignal::new(String::new()),
                unit_price: RwSignal::new(String::new()),
                discount: RwSignal::new(String::new()),
                tax: RwSignal::new(tax_value(fallback.get_untracked())),
                account: RwSignal::new(String::new()),
                source: None,
                item: RwSignal::new(None),
                withheld: RwSignal::new(true),
                supply_date: RwSignal::new(String::new()),
            })
        })
    };
    let lines = RwSignal::new(lines_of(
        &initial,
        currency.get_untracked(),
        new_line,
        fallback.get_untracked(),
    ));
    // The item column shows once the book has items (a freelancer's never does).
    let with_items = open.book.with_untracked(|b| b.items().any(|i| !i.archived))
        || lines.with_untracked(|l| l.iter().any(|x| x.item.get_untracked().is_some()));
    let first_cell = move |n: usize| {
        if with_items {
            format!("doc-line-item-{n}")
        } else {
            format!("doc-line-description-{n}")
        }
    };
    // A date per line shows once asked for, or when a line has one (copied
    // from a delivery note, or a credit note's sale).
    let dates = RwSignal::new(initial.lines.iter().any(|l| l.supply_date.is_some()));
    let base = StoredValue::new(initial);
    let error = RwSignal::new(None::<FormError>);
    let date_error = RwSignal::new(None::<String>);
    let due_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let current = move || {
        let (cur, code) = (currency.get(), fallback.get());
        let read: Vec<DocumentLine> =
            lines.with(|ls| ls.iter().map(|l| l.read(cur, code).0).collect());
        // As typed so far: a figure that cannot be read yet does not count.
        let stated = header
            .stated
            .with(|s| stated_taxes(s, cur).into_iter().flatten().collect());
        base.with_value(|b| header.document(b, read, stated))
    };
    // The totals without the supplier's figures: what each stated field
    // proposes (a bill's only).
    let computed = Memo::new(move |_| {
        let doc = Document {
            stated_tax: Vec::new(),
            ..current()
        };
        open.book
            .with(|b| totals_now(b, &doc))
            .unwrap_or_else(|_| DocumentTotals::none(&doc))
    });
    // The totals as typed, and why they cannot be (a line or a total beyond
    // the largest amount): then no figures, and the reason below the grid.
    let live = Memo::new(move |_| {
        let doc = current();
        match open.book.with(|b| totals_now(b, &doc)) {
            Ok(totals) => (totals, None),
            Err(e) => (DocumentTotals::none(&doc), Some(e)),
        }
    });
    let totals = Memo::new(move |_| live.with(|(totals, _)| totals.clone()));
    let totals_problem = move || {
        live.with(|(_, e)| e.clone())
            .map(|e| trade_error(&e, i18n.locale(), currency.get()))
    };
    propose_due_dates(header, kind, open);
    let short = Memo::new(move |_| {
        let doc = current();
        open.book.with(|b| shortages(b, &doc))
    });

    let add_line = move || {
        let line = new_line();
        lines.update(|l| l.push(line));
        let n = lines.with_untracked(Vec::len);
        focus_later(first_cell(n));
    };
    // Enter goes to the next line's first cell, adding a line after the last.
    let on_enter = Callback::new(move |number: usize| {
        if number == lines.with_untracked(Vec::len) {
            add_line();
        } else {
            focus_later(first_cell(number + 1));
        }
    });

    // The document to send: the non-blank lines, or why a cell cannot be read.
    let read_form = move || -> Result<(Document, Vec<usize>), FormError> {
        untrack(|| {
            let (cur, code) = (currency.get(), fallback.get());
            let mut kept = Vec::new();
            let mut read = Vec::new();
            for (i, line) in lines.get().iter().enumerate() {
                if line.is_blank() {
                    continue;
                }
                let (doc_line, problem) = line.read(cur, code);
                if let Some((cell, e)) = problem {
                    let locale = i18n.locale.get();
                    return Err(FormError {
                        line: Some(i + 1),
                        message: format!(
                            "{} {}: {}",
                            (t().line_number)(i + 1),
                            cell_name(cell, t()),
                            amount_error(&e, locale)
                        ),
                    });
                }
                kept.push(i + 1);
                read.push(doc_line);
            }
            let stated = header
                .stated
                .with(|s| stated_taxes(s, cur))
                .into_iter()
                .collect::<Result<Vec<StatedTax>, AmountError>>()
                .map_err(|e| FormError {
                    line: None,
                    message: format!(
                        "{}: {}",
                        t().doc_stated_tax_heading,
                        amount_error(&e, i18n.locale.get())
                    ),
                })?;
            Ok((base.with_value(|b| header.document(b, read, stated)), kept))
        })
    };

    let submit = Callback::new(move |action: Action| {
        if busy.get_untracked() {
            return;
        }
        if header.date.get_untracked().is_none() {
            date_error.set(Some(i18n.t().date_invalid.to_string()));
            return;
        }
        let locale = i18n.locale.get_untracked();
        let cur = currency.get_untracked();
        if header.partner.get_untracked().is_none() {
            let message = trade_error(&TradeError::PartnerNotFound, locale, cur);
            return error.set(Some(FormError {
                line: None,
                message,
            }));
        }
        let (doc, kept) = match read_form() {
            Ok(read) => read,
            Err(e) => return error.set(Some(e)),
        };
        let existed = open.book.with_untracked(|b| b.document(id).is_some());
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match action {
                Action::SaveDraft => open.write(|b, ctx| save_document_draft(b, doc, ctx)).await,
                Action::Issue => {
                    open.write(|b, ctx| issue_document(b, doc, &mut platform::new_id, ctx))
                        .await
                }
            };
            // Issuing from the edit page turns the draft into a document that page
            // does not edit, which removes this form: its signals may be gone.
            busy.try_set(false);
            match result {
                Ok(()) => {
                    error.try_set(None);
                    let t = i18n.t();
                    let (message, target) = match action {
                        Action::Issue => {
                            (t.doc_issued, Some(BookScreen::Document(id).path(open.id)))
                        }
                        Action::SaveDraft if !existed => (
                            t.doc_draft_saved,
                            Some(format!("{}/edit", BookScreen::Document(id).path(open.id))),
                        ),
                        Action::SaveDraft => (t.doc_draft_saved, None),
                    };
                    toasts.success(message.to_string());
                    if let Some(target) = target {
                        let options = NavigateOptions {
                            replace: action == Action::SaveDraft,
                            ..NavigateOptions::default()
                        };
                        navigate(&target, options);
                    }
                }
                Err(WriteError::Invalid(e)) => {
                    let (line, e) = on_screen(e, &kept);
                    error.try_set(Some(FormError {
                        line,
                        message: trade_error(&e, locale, cur),
                    }));
                }
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    });
    let navigate_after_delete = use_navigate();
    let remove_draft = move |_| {
        let navigate = navigate_after_delete.clone();
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let cur = currency.get_untracked();
            match open.write(|b, ctx| delete_document_draft(b, id, ctx)).await {
                Ok(()) => {
                    toasts.success(i18n.t().doc_draft_deleted.to_string());
                    navigate(
                        &BookScreen::Documents(side).path(open.id),
                        NavigateOptions::default(),
                    );
                }
                Err(WriteError::Invalid(e)) => {
                    error.try_set(Some(FormError {
                        line: None,
                        message: trade_error(&e, locale, cur),
                    }));
                }
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            submit.run(Action::SaveDraft);
        }
    };
    let saved = Memo::new(move |_| open.book.with(|b| b.document(id).is_some()));

    view! {
        <form class="kura-entry kura-doc-form" on:submit=|ev| ev.prevent_default() on:keydown=on_keydown novalidate>
            <HeaderFields header kind date_error due_error fallback lines />
            <div class="kura-table-wrap">
                <table class="kura-table kura-lines kura-doc-lines" aria-label=move || t().doc_lines_label>
                    <LinesHead removable=true items=with_items />
                    <tbody>
                        {move || {
                            lines.get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, line)| view! {
                                    <LineRow line number=i + 1 side lines error totals currency on_enter header with_items dates />
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <div class="kura-entry__foot">
                <button type="button" class="kura-button" data-testid="doc-add-line" on:click=move |_| add_line()>
                    {move || t().add_line}
                </button>
                <label class="kura-check kura-doc-form__line-dates">
                    <input type="checkbox" data-testid="doc-line-dates" prop:checked=move || dates.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            dates.set(on);
                            // Hidden dates would still count: turning them off clears them.
                            if !on {
                                lines.with_untracked(|ls| ls.iter().for_each(|l| l.supply_date.set(String::new())));
                            }
                        } />
                    {move || t().doc_line_dates}
                </label>
            </div>
            <TotalsTable totals currency />
            {(kind == DocumentKind::Bill).then(|| view! { <StatedTaxFields header computed currency /> })}
            <p class="kura-error" role="status" data-testid="doc-totals-error" hidden=move || totals_problem().is_none()>
                {totals_problem}
            </p>
            <StockWarning short />
            <p class="kura-error" role="alert" data-testid="doc-error" hidden=move || error.with(Option::is_none)>
                {move || error.get().map(|e| e.message)}
            </p>
            <p class="kura-muted kura-entry__hint">{move || t().doc_keyboard_hint}</p>
            <div class="kura-entry__actions">
                {move || saved.get().then(|| {
                    let remove_draft = remove_draft.clone();
                    view! {
                    <button type="button" class="kura-button kura-button--danger" data-testid="doc-delete-draft"
                        on:click=remove_draft>
                        {move || t().delete_draft}
                    </button>
                    }
                })}
                <button type="button" class="kura-button" data-testid="doc-save-draft" disabled=move || busy.get()
                    on:click=move |_| submit.run(Action::SaveDraft)>
                    {move || t().save_draft}
                </button>
                <button type="button" class="kura-button kura-button--primary" data-testid="doc-issue"
                    disabled=move || busy.get() on:click=move |_| submit.run(Action::Issue)>
                    {move || t().doc_issue}
                </button>
            </div>
        </form>
    }
}

/// A bill's tax per rate as the supplier's invoice states it (積上げ): one
/// optional field per taxed (code, rate) group of the lines, the computed tax
/// as its placeholder. A figure typed for a group the lines no longer have
/// stays on screen until cleared (the core refuses it, naming it).
#[component]
fn StatedTaxFields(
    header: Header,
    computed: Memo<DocumentTotals>,
    currency: Memo<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let percent = |rate: Decimal| format!("{}%", format_number(rate * Decimal::ONE_HUNDRED, 0));
    let fields = move || {
        let locale = i18n.locale();
        let cur = currency.get();
        let mut groups: Vec<(TaxCode, Decimal, Option<Decimal>)> = computed.with(|c| {
            c.by_code
                .iter()
                .filter(|g| !g.rate.is_zero())
                .map(|g| (g.tax_code, g.rate, Some(g.tax)))
                .collect()
        });
        // Read once, not tracked: typing re-renders nothing (and keeps focus).
        let typed = header.stated.get_untracked();
        for (code, rate, text) in &typed {
            if !text.trim().is_empty() && !groups.iter().any(|g| g.0 == *code && g.1 == *rate) {
                groups.push((*code, *rate, None));
            }
        }
        groups
            .into_iter()
            .enumerate()
            .map(|(i, (code, rate, tax))| {
                let n = i + 1;
                let id = format!("doc-stated-tax-{n}");
                let rate_label = (t().doc_rate_label)(&percent(rate), code.is_reduced());
                let label = (t().doc_stated_tax_label)(&rate_label);
                let value = typed
                    .iter()
                    .find(|(c, r, _)| *c == code && *r == rate)
                    .map(|(_, _, text)| text.clone())
                    .unwrap_or_default();
                let placeholder = tax
                    .map(|tax| format_money(tax, cur, locale))
                    .unwrap_or_default();
                let on_input = move |ev: leptos::ev::Event| {
                    let text = event_target_value(&ev);
                    header.stated.update(|s| {
                        match s.iter_mut().find(|(c, r, _)| *c == code && *r == rate) {
                            Some(entry) => entry.2 = text,
                            None => s.push((code, rate, text)),
                        }
                    });
                };
                view! {
                    <div class="kura-field">
                        <label class="kura-field__label" for=id.clone()>{label}</label>
                        <input id=id.clone() type="text" inputmode="decimal" autocomplete="off"
                            class="kura-input--amount" data-testid=id placeholder=placeholder
                            prop:value=value on:input=on_input />
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="kura-doc-form__stated-tax" data-testid="doc-stated-tax">
            <legend>{move || t().doc_stated_tax_heading}</legend>
            <p class="kura-muted">{move || t().doc_stated_tax_hint}</p>
            <div class="kura-doc-form__stated-tax-fields">{fields}</div>
        </fieldset>
    }
}

/// Invoices and bills fall due by the partner's terms: the due date follows
/// the partner and the date until the user types another.
fn propose_due_dates(header: Header, kind: DocumentKind, open: OpenBook) {
    if !matches!(kind, DocumentKind::Invoice | DocumentKind::Bill) {
        return;
    }
    let proposed = StoredValue::new(None::<NaiveDate>);
    Effect::new(move || {
        let (Some(partner), Some(day)) = (header.partner.get(), header.date.get()) else {
            return;
        };
        let by_terms = open
            .book
            .with_untracked(|b| b.partner(partner).map(|p| p.payment_terms.due_date(day)));
        let shown = header.due.get_untracked();
        if shown.is_none() || shown == proposed.get_value() {
            proposed.set_value(by_terms);
            header.due.set(by_terms);
        }
    });
}

/// Partner, dates, subject, price basis and the kind's own fields.
#[component]
fn HeaderFields(
    header: Header,
    kind: DocumentKind,
    date_error: RwSignal<Option<String>>,
    due_error: RwSignal<Option<String>>,
    fallback: Memo<TaxCode>,
    lines: RwSignal<Vec<Line>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let side = kind.side();
    let partner_value = Signal::derive(move || {
        header
            .partner
            .get()
            .map(|p| p.to_string())
            .unwrap_or_default()
    });
    // Choosing a partner proposes its price basis and, for a supplier, the
    // purchase codes that match whether it is a registered issuer.
    let on_partner = move |ev: leptos::ev::Event| {
        let picked: Option<RecordId> = event_target_value(&ev).parse().ok();
        header.partner.set(picked);
        let Some(partner) =
            picked.and_then(|p| open.book.with_untracked(|b| b.partner(p).cloned()))
        else {
            return;
        };
        header.basis.set(partner.price_basis);
        if side == TradeSide::Purchase {
            for line in lines.get_untracked() {
                if let Some(code) = tax_from(&line.tax.get_untracked()) {
                    line.tax.set(tax_value(code_for_supplier(
                        code,
                        partner.is_registered_on(header.date.get_untracked().unwrap_or_else(today)),
                    )));
                }
            }
        }
    };
    let partner_label = move || match side {
        TradeSide::Sales => t().doc_customer,
        TradeSide::Purchase => t().doc_supplier,
    };
    let unregistered_hint = move || {
        (side == TradeSide::Purchase && fallback.get().is_unregistered())
            .then(|| t().doc_unregistered_hint)
    };
    let due_label = if kind == DocumentKind::Quote {
        |t: &Messages| t.doc_valid_until
    } else {
        |t: &Messages| t.doc_due
    };
    let has_due = matches!(
        kind,
        DocumentKind::Quote | DocumentKind::Invoice | DocumentKind::Bill
    );
    let basis_value = Signal::derive(move || plain(&header.basis.get()));
    let form_value = Signal::derive(move || plain(&header.form.get()));
    view! {
            <div class="kura-entry__head kura-doc-form__head">
                <FormField label=Signal::derive(move || partner_label().to_string()) id="doc-partner"
                    hint=Signal::derive(move || unregistered_hint().map(str::to_string))>
                    <select id="doc-partner" data-testid="doc-partner" on:change=on_partner>
                        {partner_options(side, |t| t.doc_choose_partner, partner_value)}
                    </select>
                    <a class="kura-doc-form__partners-link" href=BookScreen::Partners.path(open.id)
                        data-testid="doc-new-partner">{move || t().doc_manage_partners}</a>
                </FormField>
                <FormField label=Signal::derive(move || t().doc_date.to_string()) id="doc-date" error=date_error>
                    <DateInput id="doc-date" value=header.date error=date_error />
                </FormField>
                {has_due.then(|| view! {
                    <FormField label=Signal::derive(move || due_label(i18n.t()).to_string()) id="doc-due" error=due_error>
                        <DateInput id="doc-due" value=header.due error=due_error />
                    </FormField>
                })}
                <FormField label=Signal::derive(move || t().doc_subject.to_string()) id="doc-subject">
                    <input id="doc-subject" type="text" autocomplete="off" data-testid="doc-subject" bind:value=header.subject />
                </FormField>
                <FormField label=Signal::derive(move || t().doc_price_basis.to_string()) id="doc-basis">
                    <select id="doc-basis" data-testid="doc-basis"
                        on:change=move |ev| if let Some(b) = from_plain(&event_target_value(&ev)) { header.basis.set(b) }>
                        {[PriceBasis::TaxExclusive, PriceBasis::TaxInclusive].into_iter().map(|b| {
                            let value = plain(&b);
                            let is = value.clone();
                            view! {
                                <option value=value selected=move || basis_value.get() == is>
                                    {move || match b {
                                        PriceBasis::TaxExclusive => i18n.t().doc_basis_exclusive,
                                        PriceBasis::TaxInclusive => i18n.t().doc_basis_inclusive,
                                    }}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </FormField>
                {(kind == DocumentKind::Invoice).then(|| view! {
                    <FormField label=Signal::derive(move || t().doc_form.to_string()) id="doc-invoice-form">
                        <select id="doc-invoice-form" data-testid="doc-invoice-form"
                            on:change=move |ev| if let Some(f) = from_plain(&event_target_value(&ev)) { header.form.set(f) }>
                            {[InvoiceForm::Qualified, InvoiceForm::Simplified].into_iter().map(|f| {
                                let value = plain(&f);
                                let is = value.clone();
                                view! {
                                    <option value=value selected=move || form_value.get() == is>
                                        {move || match f {
                                            InvoiceForm::Qualified => i18n.t().doc_form_qualified,
                                            InvoiceForm::Simplified => i18n.t().doc_form_simplified,
                                        }}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                    </FormField>
                    <label class="kura-check kura-doc-form__withholding">
                        <input type="checkbox" data-testid="doc-withholding" bind:checked=header.withholding />
                        {move || t().doc_withholding_check}
                    </label>
                    <Show when=move || header.withholding.get()>
                        <FormField label=Signal::derive(move || t().doc_withholding_rule.to_string()) id="doc-withholding-rule">
                            <select id="doc-withholding-rule" data-testid="doc-withholding-rule"
                                on:change=move |ev| header.withholding_rule.set(
                                    if event_target_value(&ev) == "scrivener" { WithholdingRule::ScrivenerFee } else { WithholdingRule::IncomeTax })>
                                <option value="fee" selected=move || header.withholding_rule.get() == WithholdingRule::IncomeTax>
                                    {move || (t().doc_withholding_rule_name)(WithholdingRule::IncomeTax)}
                                </option>
                                <option value="scrivener" selected=move || header.withholding_rule.get() == WithholdingRule::ScrivenerFee>
                                    {move || (t().doc_withholding_rule_name)(WithholdingRule::ScrivenerFee)}
                                </option>
                            </select>
                        </FormField>
                    </Show>
                })}
                {(kind == DocumentKind::CreditNote).then(|| view! {
                    <CreditFor header />
                    <label class="kura-check kura-doc-form__returns">
                        <input type="checkbox" data-testid="doc-returns-stock" bind:checked=header.returns_stock />
                        {move || t().sr_doc_returns_stock}
                    </label>
                })}
                <LocationField header kind />
                {(kind == DocumentKind::Bill).then(|| view! {
                    <FormField label=Signal::derive(move || t().doc_partner_reference.to_string()) id="doc-reference">
                        <input id="doc-reference" type="text" autocomplete="off" data-testid="doc-reference"
                            bind:value=header.reference />
                    </FormField>
                })}
                <div class="kura-doc-form__wide">
    <FormField label=Signal::derive(move || t().doc_notes.to_string()) id="doc-notes">
                    <textarea id="doc-notes" rows="2" data-testid="doc-notes" bind:value=header.notes></textarea>
                </FormField>
                </div>
            </div>
        }
}

/// A credit note's invoice: the partner's issued invoices.
#[component]
fn CreditFor(header: Header) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let supply_from_error = RwSignal::new(None::<String>);
    let supply_to_error = RwSignal::new(None::<String>);
    let options = move || {
        let partner = header.partner.get();
        let chosen = header.credit_for.get();
        open.book.with(|b| {
            b.documents()
                .filter(|d| {
                    d.kind == DocumentKind::Invoice
                        && d.status == DocumentStatus::Issued
                        && Some(d.partner) == partner
                })
                .map(|d| {
                    let value = d.id.to_string();
                    let label = d.number.clone().unwrap_or_default();
                    let selected = chosen == Some(d.id);
                    view! { <option value=value selected=selected>{label}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <FormField label=Signal::derive(move || t().doc_credit_for.to_string()) id="doc-credit-for">
            <select id="doc-credit-for" data-testid="doc-credit-for"
                on:change=move |ev| header.credit_for.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || header.credit_for.with(Option::is_none)>{move || t().doc_choose_invoice}</option>
                {options}
            </select>
        </FormField>
        <Show when=move || header.credit_for.with(Option::is_none)>
            <div class="kura-doc-form__supply-period">
                <FormField label=Signal::derive(move || t().doc_supply_from.to_string()) id="doc-supply-from"
                    error=Signal::derive(move || supply_from_error.get())
                    hint=Signal::derive(move || Some(t().doc_supply_period_hint.to_string()))>
                    <DateInput id="doc-supply-from" value=header.supply_from error=supply_from_error />
                </FormField>
                <FormField label=Signal::derive(move || t().doc_supply_to.to_string()) id="doc-supply-to"
                    error=Signal::derive(move || supply_to_error.get())>
                    <DateInput id="doc-supply-to" value=header.supply_to error=supply_to_error />
                </FormField>
            </div>
        </Show>
    }
}

/// The accounts a side's lines may post to (revenue for sales, expenses for
/// purchases), and the role account a blank choice posts to.
fn line_accounts(
    book: &Book,
    side: TradeSide,
    locale: kura_core::locale::Locale,
) -> (Option<String>, Vec<(String, String)>) {
    let (kind, role) = match side {
        TradeSide::Sales => (AccountType::Revenue, AccountRole::Sales),
        TradeSide::Purchase => (AccountType::Expense, AccountRole::Purchases),
    };
    let accounts = book.accounts();
    let default = accounts
        .iter()
        .find(|a| a.role == Some(role))
        .map(|a| a.name(locale).to_string());
    let choices = accounts
        .iter()
        .filter(|a| a.kind == kind && !a.archived)
        .map(|a| (a.id.to_string(), account_label(a, locale)))
        .collect();
    (default, choices)
}

/// One line of the grid.
#[component]
fn LineRow(
    line: Line,
    number: usize,
    side: TradeSide,
    lines: RwSignal<Vec<Line>>,
    error: RwSignal<Option<FormError>>,
    totals: Memo<kura_core::trade::DocumentTotals>,
    currency: Memo<Currency>,
    on_enter: Callback<usize>,
    header: Header,
    with_items: bool,
    /// Whether the lines show their supply date.
    dates: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
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
    // Runs on blur, which the browser also fires when the form is removed (after
    // saving navigates away): by then the signals may be gone, so try them.
    let tidy = move |cell: RwSignal<String>, quantity: bool| {
        let (Some(cur), Some(text)) = (currency.try_get_untracked(), cell.try_get_untracked())
        else {
            return;
        };
        let parsed = if quantity {
            parse_quantity(&text).map(|q| number_cell(q.normalize(), q.normalize().scale()))
        } else {
            parse_amount(&text, cur).map(|a| number_cell(a, cur.minor_units()))
        };
        if let Ok(shown) = parsed {
            cell.try_set(shown);
        }
    };
    let remove = move |_| {
        lines.update(|l| {
            if l.len() > 1 {
                l.retain(|x| x.key != line.key);
            }
        });
    };
    let tax_value_now = Signal::derive(move || line.tax.get());
    let codes = side_codes(side)
        .into_iter()
        .map(|c| {
            let value = tax_value(c);
            let is = value.clone();
            view! { <option value=value selected=move || tax_value_now.get() == is>{move || (i18n.t().tax_code_name)(c)}</option> }
        })
        .collect_view();
    let accounts = move || {
        let (default, choices) = open.book.with(|b| line_accounts(b, side, i18n.locale()));
        let chosen = line.account.get();
        let blank = (t().doc_account_default)(default.as_deref().unwrap_or_default());
        let options = choices
            .into_iter()
            .map(|(value, name)| {
                let selected = value == chosen;
                view! { <option value=value selected=selected>{name}</option> }
            })
            .collect_view();
        view! {
            <option value="" selected=chosen.is_empty()>{blank}</option>
            {options}
        }
    };
    let amount = move || {
        totals
            .with(|t| t.line_amounts.get(number - 1).copied())
            .and_then(|a| {
                (!line.is_blank()).then(|| format_money(a, currency.get(), i18n.locale()))
            })
    };
    let reduced = move || {
        tax_from(&line.tax.get())
            .is_some_and(|c| c.is_reduced())
            .then_some("※")
    };
    let text_cell = move |cell: RwSignal<String>,
                          name: &'static str,
                          what: fn(&Messages) -> &'static str| {
        view! {
            <input type="text" autocomplete="off"
                id=format!("doc-line-{name}-{number}") data-testid=format!("doc-line-{name}-{number}")
                aria-label=move || label(what(i18n.t()))
                bind:value=cell on:keydown=on_key />
        }
    };
    let number_input = move |cell: RwSignal<String>,
                             name: &'static str,
                             what: fn(&Messages) -> &'static str,
                             quantity: bool| {
        view! {
            <input type="text" inputmode="decimal" autocomplete="off" class="kura-input--amount"
                id=format!("doc-line-{name}-{number}") data-testid=format!("doc-line-{name}-{number}")
                aria-label=move || label(what(i18n.t()))
                bind:value=cell on:keydown=on_key on:blur=move |_| tidy(cell, quantity) />
        }
    };
    view! {
        <tr class=row_class data-testid=format!("doc-line-{number}")>
            <td class="kura-lines__no">{number}</td>
            {with_items.then(|| view! { <td class="kura-doc-lines__item">{item_picker(line, number, side, header, currency, on_key)}</td> })}
            <td class="kura-doc-lines__description">{text_cell(line.description, "description", |t| t.doc_line_description)}</td>
            <td class="kura-doc-lines__quantity">{number_input(line.quantity, "quantity", |t| t.doc_line_quantity, true)}</td>
            <td class="kura-doc-lines__unit">{text_cell(line.unit, "unit", |t| t.doc_line_unit)}</td>
            <td class="kura-lines__amount">{number_input(line.unit_price, "price", |t| t.doc_line_price, false)}</td>
            <td class="kura-lines__amount">{number_input(line.discount, "discount", |t| t.doc_line_discount, false)}</td>
            <td class="kura-lines__tax">
                <select id=format!("doc-line-tax-{number}") data-testid=format!("doc-line-tax-{number}")
                    class="kura-input--tax" aria-label=move || label(i18n.t().line_tax)
                    on:change=move |ev| line.tax.set(event_target_value(&ev))>
                    {codes}
                </select>
                <Show when=move || dates.get()>
                    <input type="date" class="kura-input kura-input--date kura-doc-lines__supply-date"
                        id=format!("doc-line-supply-{number}") data-testid=format!("doc-line-supply-{number}")
                        aria-label=move || label(i18n.t().doc_line_supply_date)
                        title=move || i18n.t().doc_line_supply_date
                        bind:value=line.supply_date />
                </Show>
                <Show when=move || header.withholding.get()>
                    <label class="kura-check kura-doc-lines__withheld">
                        <input type="checkbox" data-testid=format!("doc-line-withheld-{number}")
                            aria-label=move || label(i18n.t().doc_line_withheld)
                            bind:checked=line.withheld />
                        {move || i18n.t().doc_line_withheld}
                    </label>
                </Show>
            </td>
            <td class="kura-doc-lines__account">
                <select id=format!("doc-line-account-{number}") data-testid=format!("doc-line-account-{number}")
                    aria-label=move || label(i18n.t().doc_line_account)
                    on:change=move |ev| line.account.set(event_target_value(&ev))>
                    {accounts}
                </select>
            </td>
            <td class="kura-num kura-doc-lines__amount" data-testid=format!("doc-line-amount-{number}")>
                {amount}
                <span class="kura-doc__reduced" data-testid=format!("doc-line-reduced-{number}")>{reduced}</span>
            </td>
            <td class="kura-lines__remove">
                <button type="button" class="kura-button kura-button--icon" tabindex="-1"
                    data-testid=format!("doc-remove-line-{number}")
                    aria-label=move || label(i18n.t().remove_line) on:click=remove>
                    "×"
                </button>
            </td>
        </tr>
    }
}

/// A line's item: choosing one fills the line's description, unit, price and
/// tax code from it (all still editable); the line keeps the item. Enter goes
/// to the next line, as from every cell.
fn item_picker(
    line: Line,
    number: usize,
    side: TradeSide,
    header: Header,
    currency: Memo<Currency>,
    on_key: impl Fn(KeyboardEvent) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let options = move || {
        let chosen = line.item.get();
        let mut items: Vec<(RecordId, String, String)> = open.book.with(|b| {
            b.items()
                .filter(|i| !i.archived || Some(i.id) == chosen)
                .map(|i| (i.id, i.code.clone(), format!("{} {}", i.code, i.name)))
                .collect()
        });
        items.sort_by(|a, b| a.1.cmp(&b.1));
        let options = items
            .into_iter()
            .map(|(id, _, label)| {
                view! { <option value=id.to_string() selected=chosen == Some(id)>{label}</option> }
            })
            .collect_view();
        view! {
            <option value="" selected=chosen.is_none()>{i18n.t().sr_doc_no_item}</option>
            {options}
        }
    };
    let pick = move |ev: leptos::ev::Event| {
        let picked: Option<RecordId> = event_target_value(&ev).parse().ok();
        line.item.set(picked);
        let Some(item) = picked.and_then(|id| open.book.with_untracked(|b| b.item(id).cloned()))
        else {
            return;
        };
        let on = header.date.get_untracked().unwrap_or_else(today);
        let registered = open
            .book
            .with_untracked(|b| is_registered(b, header.partner.get_untracked(), Some(on)));
        let price = ItemPrice {
            side,
            registered,
            basis: header.basis.get_untracked(),
            on,
            currency: currency.get_untracked(),
        };
        fill_from_item(line, &item, price);
    };
    view! {
        <select id=format!("doc-line-item-{number}") data-testid=format!("doc-line-item-{number}")
            aria-label=move || format!("{} {}", (i18n.t().line_number)(number), i18n.t().sr_doc_item)
            on:change=pick on:keydown=on_key>
            {options}
        </select>
    }
}

/// What decides the price and tax code an item brings to a line.
#[derive(Clone, Copy)]
struct ItemPrice {
    side: TradeSide,
    /// Whether the supplier is a registered issuer (purchases).
    registered: bool,
    basis: PriceBasis,
    /// The document's date (the tax rate in force).
    on: NaiveDate,
    currency: Currency,
}

/// Fills a line from an item: its name, unit, the sale price (sales) or the
/// standard cost (purchases), and its tax code or the purchase counterpart.
fn fill_from_item(line: Line, item: &Item, price: ItemPrice) {
    let (net, code) = match price.side {
        TradeSide::Sales => (item.sale_price, item.tax_code),
        TradeSide::Purchase => (
            item.purchase_cost,
            code_for_supplier(item.tax_code.purchase_counterpart(), price.registered),
        ),
    };
    // Item prices are tax-exclusive; a tax-inclusive document shows them with
    // the tax, rounded half up to the currency like a price list would be.
    let unit_price = match price.basis {
        PriceBasis::TaxExclusive => net,
        PriceBasis::TaxInclusive => round(
            net * (Decimal::ONE + code.rate_on(price.on)),
            price.currency,
            Rounding::HalfUp,
        ),
    };
    line.description.set(item.name.clone());
    line.unit.set(item.unit.clone());
    line.unit_price
        .set(number_cell(unit_price, price.currency.minor_units()));
    line.tax.set(tax_value(code));
}

/// Where a document's goods leave from or arrive at, for the kinds that move
/// stock, once the book has locations.
#[component]
fn LocationField(header: Header, kind: DocumentKind) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let moves_stock = matches!(
        kind,
        DocumentKind::Delivery
            | DocumentKind::Invoice
            | DocumentKind::GoodsReceipt
            | DocumentKind::Bill
            | DocumentKind::CreditNote
    );
    let chosen = header.location.get_untracked();
    let mut locations: Vec<(RecordId, String)> = open.book.with_untracked(|b| {
        b.locations()
            .filter(|l| !l.archived || Some(l.id) == chosen)
            .map(|l| (l.id, l.name.clone()))
            .collect()
    });
    locations.sort_by(|a, b| a.1.cmp(&b.1));
    (moves_stock && !locations.is_empty()).then(|| {
        let options = locations
            .into_iter()
            .map(|(id, name)| {
                view! { <option value=id.to_string() selected=move || header.location.get() == Some(id)>{name}</option> }
            })
            .collect_view();
        view! {
            <FormField label=Signal::derive(move || i18n.t().sr_doc_location.to_string()) id="doc-location">
                <select id="doc-location" data-testid="doc-location"
                    on:change=move |ev| header.location.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || header.location.with(Option::is_none)>{move || i18n.t().inv_main_location}</option>
                    {options}
                </select>
            </FormField>
        }
    })
}

/// A tracked item a document would take more of than is on hand.
#[derive(Clone, Debug, PartialEq)]
struct Shortage {
    code: String,
    on_hand: Decimal,
    taken: Decimal,
}

/// The items a delivery note, or an invoice that delivers at issue, takes
/// more of than its location holds at the end of its date (the moves issuing
/// would make, per the core's rules: an invoice's lines copied from a delivery
/// note, or a consolidated invoice, take nothing).
fn shortages(book: &Book, doc: &Document) -> Vec<Shortage> {
    let delivers = match doc.kind {
        DocumentKind::Delivery => true,
        DocumentKind::Invoice => doc.consolidates.is_empty(),
        _ => false,
    };
    if !delivers {
        return Vec::new();
    }
    let mut taken: Vec<(RecordId, Decimal)> = Vec::new();
    for line in &doc.lines {
        let delivered = line
            .source
            .and_then(|s| book.document(s.document))
            .is_some_and(|d| d.kind == DocumentKind::Delivery);
        let Some(item) = line.item.filter(|_| !delivered) else {
            continue;
        };
        match taken.iter_mut().find(|(i, _)| *i == item) {
            Some((_, q)) => *q += line.quantity,
            None => taken.push((item, line.quantity)),
        }
    }
    taken
        .into_iter()
        .filter_map(|(id, taken)| {
            let item = book.item(id).filter(|i| i.tracked)?;
            let have = on_hand(book, id, Some(doc.location), doc.date);
            (taken > have).then(|| Shortage {
                code: item.code.clone(),
                on_hand: have,
                taken,
            })
        })
        .collect()
}

/// Warns, before issuing, of lines that take more than is on hand; says
/// whether the book lets stock go below zero or will refuse the issue.
#[component]
fn StockWarning(short: Memo<Vec<Shortage>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let allowed = Memo::new(move |_| open.book.with(|b| b.inventory_settings().allow_negative));
    let items = move || {
        let t = i18n.t();
        short
            .get()
            .into_iter()
            .map(|s| {
                let text =
                    (t.sr_doc_short)(&s.code, &quantity_text(s.on_hand), &quantity_text(s.taken));
                view! { <li data-testid="doc-stock-short">{text}</li> }
            })
            .collect_view()
    };
    view! {
        <div class="kura-report__warning kura-doc-form__stock" role="note" data-testid="doc-stock-warning"
            hidden=move || short.with(Vec::is_empty)>
            <ul>{items}</ul>
            <p>
                {move || if allowed.get() { i18n.t().sr_doc_negative_allowed } else { i18n.t().sr_doc_negative_refused }}
            </p>
        </div>
    }
}
