//! Every address in the app, typed. A link is made from a [`BookScreen`] (or one
//! of the functions below for a form opened with a query); no other module
//! spells a `/books/…` URL (`tests/e2e/arrows.test.mjs` checks). The router in
//! `app.rs` matches the same paths, and the e2e tests open every screen through
//! them.
//!
//! The screens' own parameters are read back here too ([`use_id_param`]), so a
//! page never parses a path segment by hand.

use chrono::NaiveDate;
use kura_core::book::{Book, RecordKey, RecordKind};
use kura_core::ids::RecordId;
use kura_core::reports::Period;
use kura_core::trade::{DocumentKind, PaymentDirection, TradeSide};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::platform;

/// The book list, the app's first screen.
pub const BOOK_LIST: &str = "/";
/// The form that makes a new book.
pub const NEW_BOOK: &str = "/new";

/// A screen of an open book: the paths under `/books/<id>/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookScreen {
    /// The book's own address; it opens the dashboard.
    Home,
    Dashboard,
    Settings,
    Profile,
    Data,
    Sync,
    Bank,
    Csv,
    Accountant,
    EBookkeeping,
    Accounts,
    Journal,
    NewEntry,
    QuickEntry,
    Entry(RecordId),
    CorrectEntry(RecordId),
    Closing,
    Partners,
    Partner(RecordId),
    /// The sales or the purchase documents.
    Documents(TradeSide),
    Document(RecordId),
    EditDocument(RecordId),
    PrintDocument(RecordId),
    PrintReceipt(RecordId),
    Receivables,
    /// A tab of the receivables page, by its slug; its inputs are the query.
    ReceivablesTab(&'static str),
    Items,
    NewItem,
    Item(RecordId),
    EditItem(RecordId),
    InventorySettings,
    Stock,
    /// The stock move form ([`new_stock_move`] for one of its tabs or an item).
    NewStockMove,
    /// A tab of the stock reports, by its slug; its inputs are the query.
    StockTab(&'static str),
    Stocktakes,
    Stocktake(RecordId),
    CountSheet(RecordId),
    Reports,
    /// A report over its default period ([`report`] for another).
    Report(Report),
}

impl BookScreen {
    /// The screen's path in `book`.
    pub fn path(self, book: RecordId) -> String {
        let tail = match self {
            BookScreen::Home => return format!("/books/{book}"),
            BookScreen::Dashboard => "dashboard".to_string(),
            BookScreen::Settings => "settings".to_string(),
            BookScreen::Profile => "profile".to_string(),
            BookScreen::Data => "data".to_string(),
            BookScreen::Sync => "sync".to_string(),
            BookScreen::Bank => "bank".to_string(),
            BookScreen::Csv => "csv".to_string(),
            BookScreen::Accountant => "accountant".to_string(),
            BookScreen::EBookkeeping => "e-bookkeeping".to_string(),
            BookScreen::Accounts => "accounts".to_string(),
            BookScreen::Journal => "journal".to_string(),
            BookScreen::NewEntry => "journal/new".to_string(),
            BookScreen::QuickEntry => "journal/quick".to_string(),
            BookScreen::Entry(entry) => format!("journal/{entry}"),
            BookScreen::CorrectEntry(entry) => format!("journal/{entry}/correct"),
            BookScreen::Closing => "closing".to_string(),
            BookScreen::Partners => "partners".to_string(),
            BookScreen::Partner(partner) => format!("partners/{partner}"),
            BookScreen::Documents(TradeSide::Sales) => "sales".to_string(),
            BookScreen::Documents(TradeSide::Purchase) => "purchases".to_string(),
            BookScreen::Document(doc) => format!("documents/{doc}"),
            BookScreen::EditDocument(doc) => format!("documents/{doc}/edit"),
            BookScreen::PrintDocument(doc) => format!("documents/{doc}/print"),
            BookScreen::PrintReceipt(payment) => format!("payments/{payment}/print"),
            BookScreen::Receivables => "receivables".to_string(),
            BookScreen::ReceivablesTab(tab) => format!("receivables/{tab}"),
            BookScreen::Items => "items".to_string(),
            BookScreen::NewItem => "items/new".to_string(),
            BookScreen::Item(item) => format!("items/{item}"),
            BookScreen::EditItem(item) => format!("items/{item}/edit"),
            BookScreen::InventorySettings => "inventory/settings".to_string(),
            BookScreen::Stock => "stock".to_string(),
            BookScreen::NewStockMove => "stock/moves/new".to_string(),
            BookScreen::StockTab(tab) => format!("stock/{tab}"),
            BookScreen::Stocktakes => "stocktakes".to_string(),
            BookScreen::Stocktake(stocktake) => format!("stocktakes/{stocktake}"),
            BookScreen::CountSheet(stocktake) => format!("stocktakes/{stocktake}/print"),
            BookScreen::Reports => "reports".to_string(),
            BookScreen::Report(report) => format!("reports/{}", report.slug()),
        };
        format!("/books/{book}/{tail}")
    }
}

/// The reports, each a tab of the reports page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    TrialBalance,
    Journal,
    Ledger,
    ProfitAndLoss,
    BalanceSheet,
    Monthly,
    Tax,
    BlueReturn,
    History,
}

impl Report {
    pub const ALL: [Report; 9] = [
        Report::TrialBalance,
        Report::Journal,
        Report::Ledger,
        Report::ProfitAndLoss,
        Report::BalanceSheet,
        Report::Monthly,
        Report::Tax,
        Report::BlueReturn,
        Report::History,
    ];

    /// Its path segment (also its CSV file name's start).
    pub fn slug(self) -> &'static str {
        match self {
            Report::TrialBalance => "trial-balance",
            Report::Journal => "journal",
            Report::Ledger => "general-ledger",
            Report::ProfitAndLoss => "profit-and-loss",
            Report::BalanceSheet => "balance-sheet",
            Report::Monthly => "monthly-profit-and-loss",
            Report::Tax => "consumption-tax",
            Report::BlueReturn => "blue-return",
            Report::History => "change-history",
        }
    }

    /// The report a path segment names; the trial balance for any other.
    pub fn from_slug(slug: &str) -> Report {
        Report::ALL
            .into_iter()
            .find(|r| r.slug() == slug)
            .unwrap_or(Report::TrialBalance)
    }
}

/// A report over a period (and, for the general ledger, an account).
pub fn report(book: RecordId, report: Report, period: Period, account: Option<RecordId>) -> String {
    let mut url = with_query(
        BookScreen::Report(report).path(book),
        &[
            ("from", period.from.to_string()),
            ("to", period.to.to_string()),
        ],
    );
    if let Some(account) = account {
        url = with_query(url, &[("account", account.to_string())]);
    }
    url
}

/// The general ledger of `account` over a period: where a figure drills to.
pub fn ledger(book: RecordId, account: RecordId, period: Period) -> String {
    report(book, Report::Ledger, period, Some(account))
}

/// The form for a new document of `kind` made from `from` (none: on its own).
pub fn new_document(book: RecordId, kind: DocumentKind, from: &[RecordId]) -> String {
    let mut query = vec![("kind", plain(&kind))];
    if !from.is_empty() {
        let from: Vec<String> = from.iter().map(RecordId::to_string).collect();
        query.push(("from", from.join(",")));
    }
    with_query(new_document_path(book), &query)
}

/// The form for a new document of `kind` to `partner`.
pub fn new_document_for(book: RecordId, kind: DocumentKind, partner: RecordId) -> String {
    with_query(
        new_document_path(book),
        &[("kind", plain(&kind)), ("partner", partner.to_string())],
    )
}

/// The consolidated invoice's form (締め請求): it gathers the partner's
/// delivery notes up to `closing`.
pub fn consolidated_invoice(book: RecordId, partner: RecordId, closing: NaiveDate) -> String {
    with_query(
        new_document_path(book),
        &[
            ("kind", plain(&DocumentKind::Invoice)),
            ("partner", partner.to_string()),
            ("closing", closing.to_string()),
        ],
    )
}

/// The form with a new draft copying a cancelled document.
pub fn reissue_document(book: RecordId, doc: RecordId) -> String {
    with_query(new_document_path(book), &[("reissue", doc.to_string())])
}

fn new_document_path(book: RecordId) -> String {
    format!("/books/{book}/documents/new")
}

/// The payment form for a partner in a direction (and a document to settle).
pub fn new_payment(
    book: RecordId,
    partner: RecordId,
    direction: PaymentDirection,
    document: Option<RecordId>,
) -> String {
    let mut query = vec![
        ("partner", partner.to_string()),
        ("direction", direction_value(direction).to_string()),
    ];
    if let Some(doc) = document {
        query.push(("document", doc.to_string()));
    }
    with_query(format!("/books/{book}/payments/new"), &query)
}

/// A payment direction as the payment form's query names it.
pub fn direction_value(direction: PaymentDirection) -> &'static str {
    match direction {
        PaymentDirection::Received => "received",
        PaymentDirection::Paid => "paid",
        PaymentDirection::Refunded => "refunded",
    }
}

/// The direction a query value names.
pub fn direction_from(value: &str) -> Option<PaymentDirection> {
    [
        PaymentDirection::Received,
        PaymentDirection::Paid,
        PaymentDirection::Refunded,
    ]
    .into_iter()
    .find(|d| direction_value(*d) == value)
}

/// The stock move form: `kind` its tab's query value (none: the adjustment),
/// `item` the item to move (none: chosen on the form).
pub fn new_stock_move(book: RecordId, kind: Option<&str>, item: Option<RecordId>) -> String {
    let mut query = Vec::new();
    if let Some(kind) = kind {
        query.push(("kind", kind.to_string()));
    }
    if let Some(item) = item {
        query.push(("item", item.to_string()));
    }
    with_query(BookScreen::NewStockMove.path(book), &query)
}

/// A customer's or supplier's statement (the receivables page's tab).
pub fn partner_statement(book: RecordId, partner: RecordId) -> String {
    with_query(
        BookScreen::ReceivablesTab("statement").path(book),
        &[("partner", partner.to_string())],
    )
}

/// `url` with `pairs` added to its query, each value encoded.
pub fn with_query(mut url: String, pairs: &[(&str, String)]) -> String {
    for (key, value) in pairs {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(key);
        url.push('=');
        url.push_str(&String::from(js_sys::encode_uri_component(value)));
    }
    url
}

/// A value's storage name (`sales_order`), as used in URLs and select values.
pub fn plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The value a storage name stands for.
pub fn from_plain<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

/// The record id in the route's `:name` segment (`None` when it is not one).
pub fn use_id_param(name: &'static str) -> Memo<Option<RecordId>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .with(|p| p.get(name))
            .and_then(|s| s.parse::<RecordId>().ok())
    })
}

/// The change history of one entry and of the entries that undo it, since
/// the book was created: where the entry view's history is printed from.
pub fn entry_history(book: &Book, book_id: RecordId, entry: RecordId) -> String {
    let today = platform::today();
    let created = book
        .settings()
        .map(|s| RecordKey {
            kind: RecordKind::BookSettings,
            id: s.book_id,
        })
        .and_then(|key| book.history(&key).first().map(|v| v.stamp.0.wall_ms))
        .map_or(today, |ms| platform::local_time(ms).date());
    let period = Period {
        from: created.min(today),
        to: today,
    };
    with_query(
        report(book_id, Report::History, period, None),
        &[("q", entry.to_string())],
    )
}
