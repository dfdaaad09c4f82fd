//! How the book's things are named on screen: an account with its code, a
//! partner, a document's kind, number and status, a quantity, a location, a
//! stock move's kind, a record's kind in the change history. One function
//! each, so every screen names a thing the same way.

use crate::i18n::{use_i18n, Messages};
use crate::routes::plain;
use kura_core::book::{Book, Record, RecordKind};
use kura_core::ids::RecordId;
use kura_core::inventory::{Item, MoveKind};
use kura_core::ledger::Account;
use kura_core::locale::{format_number, Locale};
use kura_core::trade::{Document, DocumentKind, DocumentStatus};
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

/// `111 現金`: how an account is shown in the picker and on screen.
pub fn account_label(account: &Account, locale: Locale) -> String {
    format!("{} {}", account.code, account.name(locale))
}

/// A quantity as typed, with separators: `1,250`, `2.5` (no trailing zeros).
pub fn quantity_text(quantity: Decimal) -> String {
    let q = quantity.normalize();
    format_number(q, q.scale())
}

/// A location's name; `None` is the book's implicit one (本店 / Main).
pub fn location_name(book: &Book, location: Option<RecordId>, t: &Messages) -> String {
    location
        .and_then(|id| book.location(id))
        .map_or_else(|| t.inv_main_location.to_string(), |l| l.name.clone())
}

/// A move's kind as shown: an adjustment with its reason.
pub fn move_kind_text(kind: MoveKind, t: &Messages) -> String {
    match kind {
        MoveKind::Adjustment { reason } => {
            (t.itm_kind_with_reason)((t.inv_move_kind_name)(kind), (t.inv_reason_name)(reason))
        }
        other => (t.inv_move_kind_name)(other).to_string(),
    }
}

pub fn partner_name(book: &Book, id: RecordId) -> String {
    book.partner(id).map(|p| p.name.clone()).unwrap_or_default()
}

/// A kind's name standing alone (a title, a cell): capitalised, since English
/// names are lower-case for use inside sentences.
pub fn kind_label(kind: DocumentKind, t: &Messages) -> String {
    let name = (t.doc_kind_name)(kind);
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `INV-2026-0001`, or 下書き for a draft.
pub fn number_text(doc: &Document, t: &Messages) -> String {
    doc.number
        .clone()
        .unwrap_or_else(|| t.doc_draft.to_string())
}

pub fn status_text(status: DocumentStatus, t: &Messages) -> &'static str {
    match status {
        DocumentStatus::Draft => t.doc_status_draft,
        DocumentStatus::Issued => t.doc_status_issued,
        DocumentStatus::Cancelled => t.doc_status_cancelled,
    }
}

pub fn status_badge(status: DocumentStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = match status {
        DocumentStatus::Draft => "kura-badge kura-badge--draft",
        DocumentStatus::Issued => "kura-badge kura-badge--posted",
        DocumentStatus::Cancelled => "kura-badge kura-badge--muted",
    };
    view! {
        <span class=class data-testid=format!("doc-status-{}", plain(&status))>
            {move || status_text(status, i18n.t())}
        </span>
    }
}

/// What kind of record a change is to.
pub fn record_label(kind: RecordKind, t: &'static Messages) -> &'static str {
    match kind {
        RecordKind::JournalEntry => t.rep_record_entry,
        RecordKind::Account => t.rep_record_account,
        RecordKind::BookSettings => t.rep_record_settings,
        RecordKind::PeriodLock => t.rep_record_lock,
        RecordKind::PrivateUseRule => t.rep_record_rule,
        RecordKind::Attachment => t.rep_record_attachment,
        RecordKind::Partner => t.rep_record_partner,
        RecordKind::Document => t.rep_record_document,
        RecordKind::Payment => t.rep_record_payment,
        RecordKind::DeviceSeries => t.rep_record_series,
        RecordKind::BusinessProfile => t.rep_record_profile,
        RecordKind::Item => t.rep_record_item,
        RecordKind::Location => t.rep_record_location,
        RecordKind::StockMove => t.rep_record_stock_move,
        RecordKind::Stocktake => t.rep_record_stocktake,
        RecordKind::InventorySettings => t.rep_record_inventory_settings,
        RecordKind::StatementProfile => t.rep_record_statement_profile,
        RecordKind::BankRule => t.rep_record_bank_rule,
        RecordKind::StatementImport => t.rep_record_statement_import,
        RecordKind::ExportMapping => t.rep_record_export_mapping,
    }
}

/// A record as the table names it: its kind and its name (or number, code,
/// description), else the start of its id.
pub fn record_text(record: &Record, t: &'static Messages) -> String {
    let fields = kura_core::sync::fields_of(record);
    let name = ["name", "number", "code", "description"]
        .iter()
        .find_map(|f| {
            fields
                .get(*f)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .map(str::to_string)
        .unwrap_or_else(|| record.key().id.to_string()[..8].to_string());
    format!("{} {name}", record_label(record.key().kind, t))
}

/// `4901234567894`'s item: what a select or a picker shows.
pub fn item_label(item: &Item) -> String {
    format!("{} {}", item.code, item.name)
}

/// `10%`, `8%`.
/// A tax rate as a percentage: `10%`.
pub fn rate_percent(rate: Decimal) -> String {
    format!("{}%", format_number(rate * Decimal::ONE_HUNDRED, 0))
}
